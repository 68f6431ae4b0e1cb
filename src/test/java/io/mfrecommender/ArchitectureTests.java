package io.mfrecommender;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void theVersionLifecycleKnowsNothingOfItsCallers() {
        noClasses()
                .that()
                .resideInAPackage("io.mfrecommender.versions..")
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

    /**
     * The packages from the bottom up (docs/development.md): each may use only those before it in
     * this list, so the graph is a DAG in this order. Packages on one line do not use each other.
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("api", "text", "linalg", "pytorch"),
            List.of("index"),
            List.of("data"),
            List.of("model"),
            List.of("evaluation"),
            List.of("training"),
            List.of("versions"),
            List.of("ratings"),
            List.of("recommendation"),
            List.of("prediction"),
            List.of("experiments", "jobs", "catalogue", "access", "events"),
            List.of("benchmark"),
            List.of("cli"),
            List.of("system"));

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.mfrecommender.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Every package in the order above, wiring included: no exemption by class name. */
    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        List<String> below = new ArrayList<>();
        for (List<String> layer : LAYERS) {
            for (String name : layer) {
                List<String> allowed = new ArrayList<>(below);
                allowed.add(name);
                noClasses()
                        .that()
                        .resideInAPackage("io.mfrecommender." + name + "..")
                        .should()
                        .dependOnClassesThat(resideInAPackage("io.mfrecommender.(*)..")
                                .and(DescribedPredicate.not(resideInAnyPackage(allowed.stream()
                                        .map(p -> "io.mfrecommender." + p + "..")
                                        .toArray(String[]::new)))))
                        .as(name + " uses only " + allowed)
                        .check(CLASSES);
            }
            below.addAll(layer);
        }
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
