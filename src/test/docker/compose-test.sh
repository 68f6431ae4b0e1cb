#!/usr/bin/env bash
# Runs `docker compose` for real, as a user does, against the image built from the project's
# Dockerfile: up, healthy, the README's curl examples, a keyed training job and a posted rating;
# restart, down and up again with nothing lost; down -v. CI runs it after `./mvnw verify`
# (.ci/run), from the jar that build made.
#
# Where no Docker engine runs it installs Debian's docker.io and docker-compose and starts dockerd
# (as root); where none can start it says so in one line and exits 0. Where no registry image can
# be pulled it makes the runtime base image from Debian's packages (debootstrap, then docker
# import), cached by name for the next run. Traffic goes to 127.0.0.1 and the project's own
# containers only. Container logs are printed when a step fails.
#   usage: src/test/docker/compose-test.sh          (needs target/mf-recommender.jar)
# -E: the failure traps below fire for a step that fails inside a function too (compose, wait_healthy…);
# without it a failing `compose up` exited silently, with no container logs.
set -Eeuo pipefail
cd "$(dirname "$0")/../../.."

PROJECT=mf-compose-test
IMAGE=mf-recommender:latest
BASE_IMAGE=mf-recommender-base:bookworm
OFFICIAL_RUNTIME=eclipse-temurin:17-jre-jammy
export RECOMMENDER_API_KEY=compose-test-key-0123456789
PORT=8080
START=$(date +%s)

say() { echo "compose-test: $*"; }
skip() { say "skipped: $*"; exit 0; }
fail() { say "FAILED: $*"; exit 1; }

[ -f target/mf-recommender.jar ] || fail "target/mf-recommender.jar is missing: ./mvnw -DskipTests package first"

# --- A Docker engine -------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
    say "installing Debian's docker.io and docker-compose"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose >/dev/null) \
      || skip "Docker could not be installed here"
  fi
  if ! docker info >/dev/null 2>&1; then
    say "starting dockerd"
    (dockerd >/tmp/compose-test-dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || skip "no Docker engine can start here (see /tmp/compose-test-dockerd.log)"
  fi
fi
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
else
  # Compose 1.x applies the file's deploy limits only in compatibility mode.
  COMPOSE=(docker-compose --compatibility)
fi
say "engine $(docker version --format '{{.Server.Version}}'), ${COMPOSE[*]} $("${COMPOSE[@]}" version --short 2>/dev/null || true)"

# --- Images from Debian's packages where no registry serves the official ones ------------------
# debian_image NAME PACKAGES: debootstrap, then docker import, once per machine (kept by name).
debian_image() {
  local name=$1 packages=$2
  if docker image inspect "$name" >/dev/null 2>&1; then
    say "using $name, made earlier from Debian's packages"
    return
  fi
  say "making $name from Debian's packages ($packages; debootstrap, about 2 minutes)"
  command -v debootstrap >/dev/null 2>&1 \
    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null)
  local mirror rootfs
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  rootfs=$(mktemp -d /var/tmp/mf-image-XXXXXX)
  debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
    >/tmp/compose-test-debootstrap.log 2>&1 || fail "debootstrap failed (see /tmp/compose-test-debootstrap.log)"
  tar -C "$rootfs" -c . | docker import - "$name" >/dev/null
  rm -rf "$rootfs"
}
pullable() { docker image inspect "$1" >/dev/null 2>&1 || timeout 60 docker pull -q "$1" >/dev/null 2>&1; }

runtime="$OFFICIAL_RUNTIME"
if ! pullable "$runtime"; then
  runtime="$BASE_IMAGE"
  debian_image "$BASE_IMAGE" openjdk-17-jre-headless,curl
fi
overrides=(-f docker-compose.yml -f src/test/docker/compose.ci.yml)
replica_overrides=()
if ! pullable prom/prometheus:v3.1.0; then
  debian_image mf-prometheus:bookworm prometheus
  overrides+=(-f src/test/docker/compose.prometheus.yml)
fi

# The postgres profile's PostgreSQL and nginx, with the official images' contracts.
if ! pullable postgres:17; then
  debian_image mf-postgres-base:bookworm postgresql,curl
  docker build -q -t mf-postgres:bookworm src/test/docker/postgres >/dev/null
  replica_overrides=(-f src/test/docker/compose.postgres.yml)
fi
if ! pullable nginx:1.27; then
  debian_image mf-nginx-base:bookworm nginx-light,curl
  docker build -q -t mf-nginx:bookworm src/test/docker/nginx >/dev/null
  replica_overrides=(-f src/test/docker/compose.postgres.yml)
fi

# --- The image: the Dockerfile's runtime stage over the jar the host built ---------------------
say "building $IMAGE on $runtime"
# The classic builder runs every stage: the build stage too runs on the runtime base (it only
# unpacks the jar's layers there).
docker build -q --build-arg BUILD_IMAGE="$runtime" --build-arg RUNTIME_IMAGE="$runtime" --build-arg JAR_FROM=prebuilt \
  -t "$IMAGE" . >/dev/null
say "image size $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}')"

compose() { "${COMPOSE[@]}" -p "$PROJECT" "${overrides[@]}" "$@"; }
on_failure() {
  say "a step failed; the service's logs:"
  compose --profile monitoring logs --no-color --tail=200 || true
  compose --profile monitoring down -v --remove-orphans >/dev/null 2>&1 || true
}
trap on_failure ERR

http() { curl -s -o /tmp/compose-test-body -w '%{http_code}' "$@"; }
expect() { # expect STATUS METHOD PATH [curl args...]
  local want=$1 method=$2 path=$3
  shift 3
  local got
  got=$(http -X "$method" "http://127.0.0.1:$PORT$path" "$@")
  [ "$got" = "$want" ] || { say "$method $path: $got, expected $want: $(head -c 400 /tmp/compose-test-body)"; false; }
}
json() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" /tmp/compose-test-body | head -1; }

await_success() { # JOB: waits up to 5 minutes for it to finish, which must be SUCCEEDED (its view stays in the body)
  for _ in $(seq 1 150); do
    expect 200 GET "/training-jobs/$1"
    grep -q '"status":"\(QUEUED\|RUNNING\)"' /tmp/compose-test-body || break
    sleep 2
  done
  grep -q '"status":"SUCCEEDED"' /tmp/compose-test-body || { say "job $1: $(head -c 400 /tmp/compose-test-body)"; false; }
}

await_ready() { # up to 4 minutes for readiness through $PORT (the balancer: a replica's)
  for _ in $(seq 1 120); do
    [ "$(http "http://127.0.0.1:$PORT/actuator/health/readiness")" = 200 ] && return 0
    sleep 2
  done
  say "not ready through port $PORT within 4 minutes"
  false
}

wait_healthy() {
  local container
  container=$(compose ps -q recommender)
  for _ in $(seq 1 120); do
    case "$(docker inspect -f '{{.State.Health.Status}}' "$container")" in
      healthy) return 0 ;;
      unhealthy) say "the health check says unhealthy"; false ;;
    esac
    sleep 2
  done
  say "not healthy within 4 minutes"
  false
}

state() { # the active version, the job's status and the posted rating, as one line
  expect 200 GET /models
  local active
  active=$(json active)
  expect 200 GET "/training-jobs/$job"
  local status
  status=$(json status)
  expect 200 GET /users/990001/ratings
  grep -q '"movie":1074638' /tmp/compose-test-body || { say "the posted rating is gone"; false; }
  echo "$active $status"
}

compose --profile monitoring down -v --remove-orphans >/dev/null 2>&1 || true
say "docker compose --profile monitoring up -d"
compose --profile monitoring up -d --no-build
wait_healthy
say "healthy after $(( $(date +%s) - START )) s"

# The README's three examples.
expect 200 GET '/users/1/recommendations?limit=5'
expect 200 GET '/predict?user=1&movie=1074638'
expect 200 GET '/movies/1074638/similar?limit=5'

# A keyed training job, and a posted rating.
expect 401 POST /training-jobs -H 'Content-Type: application/json' -d '{}'
expect 202 POST /training-jobs -H "X-API-Key: $RECOMMENDER_API_KEY" -H 'Content-Type: application/json' \
  -d '{"activation":"always","parameters":{"factors":8,"epochs":3},"ranker":false}'
job=$(json id)
await_success "$job"
expect 201 POST /users/990001/ratings -H "X-API-Key: $RECOMMENDER_API_KEY" -H 'Content-Type: application/json' \
  -d '{"movie":1074638,"rating":8}'
before=$(state)
say "job $job succeeded; active version and job: $before"

# The monitoring profile: Prometheus scrapes the service and knows the version it serves.
active=${before%% *}
for _ in $(seq 1 45); do
  curl -s 'http://127.0.0.1:9090/api/v1/query?query=recommender_model_active' >/tmp/compose-test-prometheus || true
  grep -q "\"version\":\"$active\"" /tmp/compose-test-prometheus && break
  sleep 2
done
grep -q "\"version\":\"$active\"" /tmp/compose-test-prometheus \
  || { say "Prometheus does not report $active: $(head -c 400 /tmp/compose-test-prometheus)"; false; }
say "Prometheus reports recommender_model_active for $active"
compose --profile monitoring stop prometheus
compose --profile monitoring rm -f prometheus

say "docker compose restart"
compose restart
wait_healthy
[ "$(state)" = "$before" ] || { say "after restart: $(state), before: $before"; false; }

say "docker compose down, then up"
compose down
compose up -d --no-build
wait_healthy
[ "$(state)" = "$before" ] || { say "after down and up: $(state), before: $before"; false; }

# The limits the compose file sets (4 GB, 2 CPUs) reach the JVM, BLAS and ND4J through the
# entrypoint; the root filesystem is read-only.
container=$(compose ps -q recommender)
cmdline=$(docker exec "$container" sh -c 'tr "\0" " " < /proc/1/cmdline')
case "$cmdline" in
  *-Dorg.bytedeco.javacpp.maxbytes=1073741824*) ;;
  *) say "the 4 GB limit did not reach ND4J's cap: $cmdline"; false ;;
esac
docker exec "$container" sh -c 'touch /app/written 2>/dev/null' && { say "the root filesystem is writable"; false; }
[ "$(docker exec "$container" id -u)" != 0 ] || { say "the service runs as root"; false; }
docker exec "$container" sh -c 'command -v javac || command -v mvn || command -v gcc' && { say "build tools in the image"; false; }
say "limits reach the entrypoint; read-only root filesystem, not root, no build tools"

# SIGTERM: a running job is recorded as cancelled, within the grace period.
expect 202 POST /training-jobs -H "X-API-Key: $RECOMMENDER_API_KEY" -H 'Content-Type: application/json' \
  -d '{"activation":"never","parameters":{"factors":64,"epochs":300},"ranker":false}'
long_job=$(json id)
for _ in $(seq 1 60); do
  expect 200 GET "/training-jobs/$long_job"
  grep -q '"status":"RUNNING"' /tmp/compose-test-body && break
  sleep 1
done
stop_started=$(date +%s)
compose stop recommender
stopped_in=$(( $(date +%s) - stop_started ))
[ "$stopped_in" -lt 40 ] || { say "stopping took $stopped_in s, the grace period is 40 s"; false; }
compose up -d --no-build
wait_healthy
expect 200 GET "/training-jobs/$long_job"
grep -q '"status":"CANCELLED"' /tmp/compose-test-body || { say "after SIGTERM: $(head -c 400 /tmp/compose-test-body)"; false; }
say "SIGTERM stopped it in $stopped_in s with the running job recorded as cancelled"

say "docker compose down -v"
compose down -v
if docker volume ls -q | grep -q "^${PROJECT}_"; then
  say "volumes left behind: $(docker volume ls -q | grep "^${PROJECT}_" | tr '\n' ' ')"
  false
fi

# --- The postgres profile, as docs/operations.md tells users to run replicas ---------------------
replicas_started=$(date +%s)
say "RATINGS_STORE=postgres docker compose --profile postgres up"
overrides+=("${replica_overrides[@]}")
trap 'on_failure_replicas' ERR
on_failure_replicas() {
  say "a step failed; the services' logs:"
  compose --profile postgres logs --no-color --tail=120 || true
  compose --profile postgres down -v --remove-orphans >/dev/null 2>&1 || true
}
# Anonymous volumes are named by 64 hex digits; the profile's named volumes are kept by down on purpose.
anonymous() { docker volume ls -qf dangling=true | grep -cE '^[0-9a-f]{64}$' || true; }
anonymous_before=$(anonymous)
RATINGS_STORE=postgres compose --profile postgres up -d --no-build
wait_healthy
PORT=8081
await_ready
replicas=$(compose --profile postgres ps -q replica)
[ "$(echo "$replicas" | wc -l)" = 2 ] || { say "expected two replicas: $replicas"; false; }
say "the profile is healthy after $(( $(date +%s) - replicas_started )) s"

# A rating posted through the balancer is served personalised by every replica within 1 s.
expect 201 POST /users/990002/ratings -H "X-API-Key: $RECOMMENDER_API_KEY" -H 'Content-Type: application/json' \
  -d '{"movie":1074638,"rating":9}'
posted=$(date +%s%N)
for replica in $replicas; do
  for _ in $(seq 1 20); do
    docker exec "$replica" curl -s 'http://localhost:8080/users/990002/recommendations?limit=3' \
      | grep -q '"strategy":"folded-in"' && break
    sleep 0.05
  done
  seen_ms=$(( ($(date +%s%N) - posted) / 1000000 ))
  [ "$seen_ms" -le 1000 ] || { say "replica $replica served the posted user personalised only after $seen_ms ms"; false; }
done
say "a rating posted through the balancer is personalised on both replicas within $seen_ms ms"

# A job and an experiment started through the balancer reach the recommender service.
expect 202 POST /training-jobs -H "X-API-Key: $RECOMMENDER_API_KEY" -H 'Content-Type: application/json' \
  -d '{"activation":"never","parameters":{"factors":8,"epochs":3},"ranker":false}'
replica_job=$(json id)
await_success "$replica_job"
candidate=$(json modelVersion)
expect 200 GET /models
active=$(json active)
expect 201 POST /experiments -H "X-API-Key: $RECOMMENDER_API_KEY" -H 'Content-Type: application/json' \
  -d "{\"name\":\"compose-replicas\",\"variants\":[{\"name\":\"A\",\"version\":\"$active\",\"share\":50},{\"name\":\"B\",\"version\":\"$candidate\",\"share\":50}]}"
say "job $replica_job and experiment compose-replicas started through the balancer"

# PostgreSQL stopped for 10 s: reads through the balancer keep answering, writes are 503 with
# Retry-After, and accepted again within 5 s of its return.
compose --profile postgres stop postgres
outage_until=$(( $(date +%s) + 10 ))
reads=0
failed=0
while [ "$(date +%s)" -lt "$outage_until" ]; do
  code=$(http "http://127.0.0.1:$PORT/users/1/recommendations?limit=5")
  reads=$((reads + 1))
  [ "$code" = 200 ] || { failed=$((failed + 1)); say "a read during the outage: $code $(head -c 200 /tmp/compose-test-body)"; }
  sleep 0.1
done
write_code=$(curl -s -o /tmp/compose-test-body -D /tmp/compose-test-headers -w '%{http_code}' -X POST \
  "http://127.0.0.1:$PORT/users/990003/ratings" -H "X-API-Key: $RECOMMENDER_API_KEY" \
  -H 'Content-Type: application/json' -d '{"movie":1074638,"rating":7}')
[ "$write_code" = 503 ] && grep -qi '^retry-after:' /tmp/compose-test-headers \
  || { say "a write during the outage: $write_code $(cat /tmp/compose-test-headers | head -c 300)"; false; }
[ "$failed" = 0 ] || { say "$failed of $reads reads failed during the outage"; false; }
for replica in $replicas; do
  docker exec "$replica" curl -s -H "X-API-Key: $RECOMMENDER_API_KEY" http://localhost:8080/actuator/health \
    > /tmp/compose-test-body
  grep -q 'the ratings database cannot be reached' /tmp/compose-test-body \
    || { say "replica $replica's health during the outage: $(head -c 400 /tmp/compose-test-body)"; false; }
done
compose --profile postgres start postgres
returned=$(date +%s%N)
for _ in $(seq 1 60); do
  code=$(http -X POST "http://127.0.0.1:$PORT/users/990003/ratings" -H "X-API-Key: $RECOMMENDER_API_KEY" \
    -H 'Content-Type: application/json' -d '{"movie":1074638,"rating":7}')
  [ "$code" = 201 ] && break
  sleep 0.25
done
back_ms=$(( ($(date +%s%N) - returned) / 1000000 ))
# The bound: the pool's back-off between connection attempts grows to 5 s while the database is away
# (HikariCP's), plus the database's own start after `start` returns; measured 0.3-4.2 s.
[ "$code" = 201 ] && [ "$back_ms" -le 10000 ] || { say "writes after PostgreSQL returned: $code after $back_ms ms"; false; }
say "PostgreSQL stopped 10 s: $reads reads through the balancer, 0 failed; both replicas' health said so; a write 503 with Retry-After; writes back $back_ms ms after it returned"

# down, then up without RATINGS_STORE: the owner follows the store its models volume records.
compose --profile postgres down
compose --profile postgres up -d --no-build
wait_healthy
await_ready
for port in 8080 8081; do
  got=$(http "http://127.0.0.1:$port/users/990002/ratings")
  [ "$got" = 200 ] && grep -q '"movie":1074638' /tmp/compose-test-body \
    || { say "after up without RATINGS_STORE, port $port does not have the posted rating: $got $(head -c 300 /tmp/compose-test-body)"; false; }
done
say "down and up without RATINGS_STORE: the owner and the replicas still share PostgreSQL's ratings"

# down leaves no anonymous volume behind.
compose --profile postgres down
anonymous_after=$(anonymous)
[ "$anonymous_after" -le "$anonymous_before" ] \
  || { say "down left $((anonymous_after - anonymous_before)) anonymous volumes"; false; }
compose --profile postgres down -v
PORT=8080
trap on_failure ERR
say "the postgres profile passed in $(( $(date +%s) - replicas_started )) s; down left no anonymous volume"

# A 1 GB, 1-CPU container: the heap takes half, ND4J a quarter, BLAS one thread.
small=$(docker run -d -m 1g --cpus 1 --read-only --tmpfs /tmp -v mf-compose-test-natives:/app/.javacpp "$IMAGE")
sleep 3
small_cmdline=$(docker exec "$small" sh -c 'tr "\0" " " < /proc/1/cmdline')
small_threads=$(docker exec "$small" sh -c 'tr "\0" "\n" < /proc/1/environ | grep ^OMP_NUM_THREADS=')
small_heap=$(docker exec "$small" java -XX:MaxRAMPercentage=50 -XX:+PrintFlagsFinal -version 2>/dev/null \
  | awk '$2 == "MaxHeapSize" {print $4}')
docker rm -f "$small" >/dev/null
docker volume rm mf-compose-test-natives >/dev/null
case "$small_cmdline" in
  *-Dorg.bytedeco.javacpp.maxbytes=268435456*-Dorg.bytedeco.javacpp.maxphysicalbytes=966367638*) ;;
  *) say "1 GB limit: $small_cmdline"; false ;;
esac
[ "$small_threads" = OMP_NUM_THREADS=1 ] || { say "1 CPU: $small_threads"; false; }
[ "$small_heap" = 536870912 ] || { say "1 GB limit: a heap of $small_heap bytes"; false; }
say "a 1 GB, 1-CPU container: heap 512 MB, ND4J at most 256 MB, the process 90%, 1 BLAS thread"

# DockerImageIT, on this image (Testcontainers without its helper images, which no registry serves here).
TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true \
  ./mvnw -B -ntp -q -o failsafe:integration-test failsafe:verify -Dit.test=DockerImageIT -Dmf.docker.image="$IMAGE"
say "DockerImageIT passed on $IMAGE"
trap - ERR
say "passed in $(( $(date +%s) - START )) s"
