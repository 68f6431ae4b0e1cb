package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The quick start's ./mvnw spring-boot:run must start the JVM as java -jar does. */
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
        assertThat(xpath.evaluate(plugin + "*[local-name()='jvmArguments']", pom))
                .isEqualTo("${vector.module}");
    }
}
