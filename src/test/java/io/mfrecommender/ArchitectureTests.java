package io.mfrecommender;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ND4J stays inside the model, training and linalg packages; the API never sees it. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mfrecommender");

    @Test
    void nd4jIsUsedOnlyInModelTrainingAndLinalg() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.mfrecommender.model..", "io.mfrecommender.training..", "io.mfrecommender.linalg..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.nd4j..")
                .check(classes);
    }

    @Test
    void dataLayerDoesNotDependOnTheWebOrTheModel() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mfrecommender.model..", "io.mfrecommender.training..", "org.springframework.web..")
                .check(classes);
    }

    @Test
    void kernelsDependOnNothingElseInTheProject() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.linalg..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mfrecommender.data..",
                        "io.mfrecommender.model..",
                        "io.mfrecommender.training..",
                        "io.mfrecommender.recommendation..",
                        "org.springframework..")
                .check(classes);
    }
}
