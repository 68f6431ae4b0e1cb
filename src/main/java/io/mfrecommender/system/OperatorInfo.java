package io.mfrecommender.system;

import io.mfrecommender.access.Credential;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * {@code build} and {@code java} in {@code /actuator/info}, only for a caller with the API key: the
 * exact build and JVM tell an attacker which vulnerabilities to try. Anyone sees the served
 * version's manifest.
 */
@Component
class OperatorInfo implements InfoContributor {

    private final ObjectProvider<BuildProperties> build;

    OperatorInfo(ObjectProvider<BuildProperties> build) {
        this.build = build;
    }

    @Override
    public void contribute(Info.Builder builder) {
        if (!Credential.currentIsAdmin()) {
            return;
        }
        build.ifAvailable(properties -> {
            Map<String, Object> details = new LinkedHashMap<>();
            properties.forEach(entry -> details.put(entry.getKey(), entry.getValue()));
            builder.withDetail("build", details);
        });
        builder.withDetail(
                "java",
                Map.of(
                        "version", System.getProperty("java.version"),
                        "vendor", String.valueOf(System.getProperty("java.vendor")),
                        "vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")));
    }
}
