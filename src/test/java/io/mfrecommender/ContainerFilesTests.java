package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile, docker-compose.yml and the Prometheus configuration, checked statically (no
 * Docker engine runs here; {@code DockerImageIT} builds and runs the image where one does), and
 * the entrypoint's sizing run against a fake cgroup.
 */
class ContainerFilesTests {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(Path.of(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void theImageIsMultiStageLayeredNonRootAndChecksReadiness() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        assertThat(lines.stream().filter(l -> l.startsWith("ARG BUILD_IMAGE=") || l.startsWith("ARG RUNTIME_IMAGE=")))
                .hasSize(2)
                .allMatch(l -> l.contains("jammy"), "a glibc base (ND4J's natives need it)");
        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")))
                .containsExactly("FROM ${BUILD_IMAGE} AS build", "FROM ${RUNTIME_IMAGE}");
        assertThat(lines).contains("ARG JAR_FROM=build");
        String text = String.join("\n", lines);
        assertThat(text.indexOf("dependency:go-offline"))
                .as("dependencies cached before the sources are copied")
                .isLessThan(text.indexOf("COPY src src"));
        assertThat(text).contains("extract --layers");
        // Layers from least to most often changed, each its own COPY.
        int previous = -1;
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            int at = text.indexOf("COPY --from=build /layers/" + layer + "/");
            assertThat(at).as(layer).isGreaterThan(previous);
            previous = at;
        }
        assertThat(lines).anyMatch(l -> l.equals("USER app"));
        assertThat(text)
                .containsPattern(
                        "HEALTHCHECK [^\\n]*\\n\\s*CMD curl -fsS http://localhost:8080/actuator/health/readiness");
        assertThat(text)
                .contains("VOLUME [\"/app/data\", \"/app/models\"]")
                .contains("ENTRYPOINT [\"/app/entrypoint.sh\"]");
    }

    @Test
    void composeStartsTheServiceWithVolumesAHealthCheckAndOptionalPrometheus() throws IOException {
        Map<String, Object> compose = yaml("docker-compose.yml");
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> service = map(services.get("recommender"));
        assertThat(service.get("build")).isEqualTo(".");
        assertThat((List<String>) service.get("ports")).containsExactly("8080:8080");
        assertThat((List<String>) service.get("volumes"))
                .containsExactly(
                        "recommender-data:/app/data",
                        "recommender-models:/app/models",
                        "recommender-natives:/app/.javacpp");
        assertThat(service.get("read_only")).isEqualTo(true);
        assertThat((List<String>) service.get("tmpfs")).containsExactly("/tmp");
        assertThat(map(compose.get("volumes")))
                .containsOnlyKeys(
                        "recommender-data",
                        "recommender-models",
                        "recommender-natives",
                        "recommender-postgres",
                        "replica-natives");
        assertThat(map(service.get("healthcheck")).get("test").toString()).contains("/actuator/health/readiness");
        // The key from the host's environment, empty (changes refused) when it is not set.
        assertThat(map(service.get("environment")).get("RECOMMENDER_SECURITY_API_KEY"))
                .isEqualTo("${RECOMMENDER_API_KEY:-}");
        // Longer than Spring's 30 s of graceful shutdown, so Docker does not SIGKILL it first.
        assertThat(service.get("stop_grace_period")).isEqualTo("40s");
        assertThat(map(map(map(service.get("deploy")).get("resources")).get("limits")))
                .containsKeys("cpus", "memory");

        // The postgres profile: the database, two read-only replicas on it, one port in front.
        // auto: the store the models volume records (system.RatingsStoreRecord), so an up without the variable keeps
        // it.
        assertThat(map(service.get("environment")).get("RECOMMENDER_RATINGS_STORE"))
                .isEqualTo("${RATINGS_STORE:-auto}");
        Map<String, Object> replica = map(services.get("replica"));
        assertThat((List<String>) replica.get("profiles")).containsExactly("postgres");
        assertThat(map(replica.get("environment")))
                .containsEntry("RECOMMENDER_RATINGS_STORE", "postgres")
                .containsEntry("RECOMMENDER_MODELS_READ_ONLY", "true")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/recommender");
        assertThat((List<String>) replica.get("volumes"))
                .containsExactly("recommender-models:/app/models:ro", "replica-natives:/app/.javacpp");
        // Read-only, and no path the image declares a volume left to an anonymous one.
        assertThat(replica.get("read_only")).isEqualTo(true);
        assertThat((List<String>) replica.get("tmpfs")).containsExactly("/tmp", "/app/data:mode=1777");
        assertThat(map(replica.get("deploy")).get("replicas")).isEqualTo(2);
        assertThat((List<String>) map(services.get("postgres")).get("profiles")).containsExactly("postgres");
        assertThat((List<String>) map(services.get("balancer")).get("ports")).containsExactly("8081:8081");
        // Owner-only changes to the owner; retries only when a replica cannot be reached, none for health.
        assertThat(Files.readString(Path.of("config/nginx-replicas.conf")))
                .contains("server replica:8080;")
                .contains("server recommender:8080;")
                .contains("\"~^[A-Z]+ /training-jobs(/|$)\"                          owner;")
                .contains("\"~^(POST|PUT|PATCH|DELETE) /(models|experiments)(/|$)\"  owner;")
                .contains("proxy_next_upstream error timeout;")
                .doesNotContain("http_503");

        Map<String, Object> prometheus = map(services.get("prometheus"));
        assertThat((List<String>) prometheus.get("profiles")).containsExactly("monitoring");
        assertThat((List<String>) prometheus.get("volumes"))
                .containsExactly("./config/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        Map<String, Object> scrape =
                map(((List<?>) yaml("config/prometheus.yml").get("scrape_configs")).get(0));
        assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(map(((List<?>) scrape.get("static_configs")).get(0))
                        .get("targets")
                        .toString())
                .contains("recommender:8080");
    }

    /** A container limited to 1.5 CPUs and 4 GiB: 2 BLAS threads, ND4J capped at 1 GiB, the process at 90%. */
    @Test
    void theEntrypointSizesThreadsAndOffHeapMemoryFromTheContainerLimits(@TempDir Path dir) throws Exception {
        Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
        Files.writeString(cgroup.resolve("cpu.max"), "150000 100000\n");
        Files.writeString(cgroup.resolve("memory.max"), "4294967296\n");
        assertSizedForFourGigabytesAndTwoCpus(dir, cgroup);
    }

    /** The same limits as cgroup v1 writes them (Docker 20.10 on cgroups v1). */
    @Test
    void theEntrypointReadsCgroupV1Limits(@TempDir Path dir) throws Exception {
        Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
        Files.createDirectories(cgroup.resolve("cpu"));
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("cpu/cpu.cfs_quota_us"), "150000\n");
        Files.writeString(cgroup.resolve("cpu/cpu.cfs_period_us"), "100000\n");
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "4294967296\n");
        assertSizedForFourGigabytesAndTwoCpus(dir, cgroup);
    }

    private static void assertSizedForFourGigabytesAndTwoCpus(Path dir, Path cgroup) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java, "#!/usr/bin/env bash\necho \"OMP=$OMP_NUM_THREADS BLAS=$OPENBLAS_NUM_THREADS\"\necho \"$@\"\n");
        java.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder("bash", "src/main/docker/entrypoint.sh", "--server.port=1")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile());
        builder.environment().put("CGROUP_ROOT", cgroup.toString());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().remove("OMP_NUM_THREADS");
        builder.environment().remove("OPENBLAS_NUM_THREADS");
        Process sized = builder.start();
        assertThat(sized.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out"));
        assertThat(out)
                .contains("OMP=2 BLAS=2")
                .contains("-Dorg.bytedeco.javacpp.maxbytes=1073741824")
                .contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + 4294967296L / 10 * 9)
                .contains("-XX:MaxRAMPercentage=50")
                .contains("-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("HeapDumpOnOutOfMemoryError")
                .contains("--add-modules jdk.incubator.vector")
                .contains("-jar /app/mf-recommender.jar --server.port=1");
    }
}
