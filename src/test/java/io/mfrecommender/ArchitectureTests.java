package io.mfrecommender;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The layering the code keeps: ND4J inside the numeric packages; the model and data layers know
 * nothing of HTTP; the version lifecycle knows nothing of its callers; posted ratings do not go
 * through the job queue; controllers go through services, never into stores. The classes are
 * imported once, without resolving the rest of the classpath (see {@code archunit.properties}).
 */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mfrecommender");

    @Test
    void nd4jIsUsedOnlyInModelTrainingLinalgAndBenchmarks() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.mfrecommender.model..",
                        "io.mfrecommender.training..",
                        "io.mfrecommender.linalg..",
                        "io.mfrecommender.benchmark..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.nd4j..")
                .check(CLASSES);
    }

    @Test
    void luceneIsUsedOnlyInTheIndex() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.mfrecommender.index..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.lucene..")
                .check(CLASSES);
    }

    @Test
    void pickleIsReadOnlyByTheStateDictReader() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.mfrecommender.pytorch..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("net.razorvine..")
                .check(CLASSES);
    }

    @Test
    void theStateDictReaderKnowsTensorsNotModels() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.pytorch..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mfrecommender.model..",
                        "io.mfrecommender.data..",
                        "io.mfrecommender.versions..",
                        "org.springframework..")
                .check(CLASSES);
    }

    @Test
    void theIndexKnowsArraysNotModels() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.index..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mfrecommender.model..",
                        "io.mfrecommender.versions..",
                        "io.mfrecommender.recommendation..",
                        "org.springframework..")
                .check(CLASSES);
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
                .check(CLASSES);
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
                .check(CLASSES);
    }

    @Test
    void theModelAndTrainingKnowNothingOfHttp() {
        noClasses()
                .that()
                .resideInAnyPackage("io.mfrecommender.model..", "io.mfrecommender.training..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mfrecommender.api..",
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void postedRatingsDoNotGoThroughTheJobQueue() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.ratings..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mfrecommender.jobs..")
                .check(CLASSES);
    }

    /** Its wiring reads the whole configuration tree, {@code recommender.jobs.holdout} among it. */
    @Test
    void theVersionLifecycleKnowsNothingOfItsCallers() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.versions..")
                .and()
                .haveSimpleNameNotEndingWith("Configuration")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mfrecommender.jobs..",
                        "io.mfrecommender.ratings..",
                        "io.mfrecommender.cli..",
                        "io.mfrecommender.recommendation..",
                        "io.mfrecommender.prediction..")
                .check(CLASSES);
    }

    @Test
    void controllersGoThroughServicesNeverIntoStores() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Store")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("RatingJournal")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("JobRecords")
                .check(CLASSES);
    }
}
