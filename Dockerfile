# Debian/Ubuntu (glibc) images only: the ND4J and OpenBLAS natives do not run on musl (Alpine).
#
# The base images are build arguments, the official Temurin images by default. JAR_FROM=build (the
# default) builds the jar from the sources in the first stage; JAR_FROM=prebuilt takes the one the
# host built (target/mf-recommender.jar), for machines that can pull no JDK image and reach no
# Maven repository from a container (CI here: src/test/docker/compose-test.sh). Either way the
# runtime stage is the same.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy

FROM ${BUILD_IMAGE} AS build
# build: Maven builds the jar here; prebuilt: the jar the host built is used as it is (then
# BUILD_IMAGE needs only a Java runtime, for the extraction).
ARG JAR_FROM=build
WORKDIR /src
# Dependencies first, in their own cached layer: a code change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN [ "$JAR_FROM" = prebuilt ] || ./mvnw -B -ntp -q dependency:go-offline
COPY src src
# pom.xml makes the pattern match something where no jar was built.
COPY pom.xml target/mf-recommender.ja[r] /prebuilt/
# The layered jar, extracted: dependencies (~160 MB) and the application (~2 MB) become separate
# image layers, so a code change ships only the application layer.
RUN if [ "$JAR_FROM" = prebuilt ]; then \
        test -f /prebuilt/mf-recommender.jar \
            || { echo "JAR_FROM=prebuilt needs target/mf-recommender.jar (./mvnw -DskipTests package)" >&2; exit 1; }; \
        mkdir -p target && cp /prebuilt/mf-recommender.jar target/; \
    else \
        ./mvnw -B -ntp -q -DskipTests package; \
    fi \
    && java -Djarmode=tools -jar target/mf-recommender.jar extract --layers --destination /layers

FROM ${RUNTIME_IMAGE}
# curl for the health check; an image that has it already needs no package index.
RUN (command -v curl >/dev/null \
        || (apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*)) \
    && groupadd --system app && useradd --system --gid app --home-dir /app app
WORKDIR /app
COPY --from=build /layers/dependencies/ /app/
COPY --from=build /layers/spring-boot-loader/ /app/
COPY --from=build /layers/snapshot-dependencies/ /app/
COPY --from=build /layers/application/ /app/
COPY config /app/config
COPY src/main/docker/entrypoint.sh /app/entrypoint.sh
# Data (downloads and the rating journal), model versions and the native cache: writable by the app user.
RUN chmod 755 /app/entrypoint.sh \
    && mkdir -p /app/data /app/models /app/.javacpp && chown -R app:app /app/data /app/models /app/.javacpp
USER app

VOLUME ["/app/data", "/app/models"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
# Threads and off-heap caps come from the container's limits (see the script).
ENTRYPOINT ["/app/entrypoint.sh"]
