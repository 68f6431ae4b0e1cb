# syntax=docker/dockerfile:1
# Debian/Ubuntu (glibc) images only: the ND4J and OpenBLAS natives do not run on musl (Alpine).

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app && useradd --system --gid app --home-dir /app app
WORKDIR /app
COPY --from=build /src/target/mf-recommender.jar /app/mf-recommender.jar
COPY config /app/config
RUN mkdir -p /app/data /app/models /app/.javacpp && chown -R app:app /app
USER app

# OpenBLAS and ND4J start one thread per core unless told otherwise; pin them to the container's
# share. The Vector API module (ENTRYPOINT) speeds up training and top-N scoring. JavaCPP unpacks the natives (~400 MB) into its cache once; keep it inside /app, and cap
# the off-heap memory ND4J may allocate so the container is not OOM-killed.
ENV OMP_NUM_THREADS=2 \
    OPENBLAS_NUM_THREADS=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dorg.bytedeco.javacpp.cachedir=/app/.javacpp -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G"

VOLUME ["/app/data", "/app/models"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/app/mf-recommender.jar"]
