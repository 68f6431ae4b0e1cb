package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** How the build is put together: the quick start starts the JVM as java -jar does, and Spark stays in its own project. */
class BuildConfigurationTests {

    @Test
    void springBootRunKeepsTheOptimizingCompilerAndTheVectorModule() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        String plugin = "//*[local-name()='plugin'][*[local-name()='artifactId']='spring-boot-maven-plugin']"
                + "/*[local-name()='configuration']/";
        // Its default, true, adds -XX:TieredStopAtLevel=1: C1 only, ~40x slower training.
        assertThat(xpath.evaluate(plugin + "*[local-name()='optimizedLaunch']", pom))
                .isEqualTo("false");
        // And exits on OutOfMemoryError instead of hanging, as every documented way to run it does.
        assertThat(xpath.evaluate(plugin + "*[local-name()='jvmArguments']", pom))
                .isEqualTo("-XX:+ExitOnOutOfMemoryError ${vector.module}");
    }

    /**
     * The service's jar gains nothing of Spark, Hadoop or Scala: they belong to the spark-trainer
     * project alone. Checked on the runtime class path the build resolved (the packaged jar's
     * libraries), where a transitive arrival would show too.
     */
    @Test
    void sparkHadoopAndScalaStayOutOfTheService() {
        String classPath = System.getProperty("java.class.path");
        assertThat(classPath.split(File.pathSeparator))
                .noneMatch(entry -> entry.contains("/org/apache/spark/")
                        || entry.contains("/org/apache/hadoop/")
                        || entry.contains("/org/scala-lang/"));
        assertThat(Path.of("spark-trainer", "pom.xml")).exists();
    }
}
