# syntax=docker/dockerfile:1
# Debian/Ubuntu (glibc) images only: the ND4J and OpenBLAS natives do not run on musl (Alpine).

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# Dependencies first, in their own cached layer: a code change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
# The layered jar, extracted: dependencies (~160 MB) and the application (~2 MB) become separate
# image layers, so a code change ships only the application layer.
RUN ./mvnw -B -ntp -q -DskipTests package \
    && java -Djarmode=tools -jar target/mf-recommender.jar extract --layers --destination /layers

FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app && useradd --system --gid app --home-dir /app app
WORKDIR /app
COPY --from=build /layers/dependencies/ /app/
COPY --from=build /layers/spring-boot-loader/ /app/
COPY --from=build /layers/snapshot-dependencies/ /app/
COPY --from=build /layers/application/ /app/
COPY config /app/config
COPY --chmod=755 src/main/docker/entrypoint.sh /app/entrypoint.sh
# Data (downloads and the rating journal), model versions and the native cache: writable by the app user.
RUN mkdir -p /app/data /app/models /app/.javacpp && chown -R app:app /app/data /app/models /app/.javacpp
USER app

VOLUME ["/app/data", "/app/models"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
# Threads and off-heap caps come from the container's limits (see the script).
ENTRYPOINT ["/app/entrypoint.sh"]
