#!/usr/bin/env bash
# HTTP load benchmark: starts the jar on the embedded data, warms it up, then runs a mixed
# recommendations/predict load with wrk and prints wrk's latency distribution.
#   usage: [SERVER_ARGS="--recommender.training.factors=128"] bench/http-load.sh [seconds=30] [connections=32]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package) and wrk (apt-get install wrk).
# Only loopback traffic; the server is stopped at the end. wrk prints a "Non-2xx or 3xx
# responses" line only when there were any.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30}"
CONNECTIONS="${2:-32}"
PORT="${PORT:-18080}"
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
java --add-modules jdk.incubator.vector -Xmx2g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
  --recommender.models.directory="$WORK/models" --logging.level.root=WARN ${SERVER_ARGS:-} > "$WORK/server.log" 2>&1 &
PID=$!

for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# Valid ids only: users and movies that occur in the embedded ratings.
RATINGS=src/main/resources/datasets/movietweetings-100k/ratings.dat
USERS=$(awk -F'::' 'NR % 97 == 0 {print $1}' "$RATINGS" | sort -un | awk 'NR <= 500' | paste -sd, -)
MOVIES=$(awk -F'::' 'NR % 89 == 0 {print $2+0}' "$RATINGS" | sort -un | awk 'NR <= 500' | paste -sd, -)
cat > "$WORK/mixed.lua" <<LUA
local users = {$USERS}
local movies = {$MOVIES}
math.randomseed(42)
request = function()
  local u = users[math.random(#users)]
  if math.random() < 0.5 then
    return wrk.format("GET", "/users/" .. u .. "/recommendations?limit=10")
  end
  return wrk.format("GET", "/predict?user=" .. u .. "&movie=" .. movies[math.random(#movies)])
end
LUA

echo "warm-up (10 s)"
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" > /dev/null
echo "measured run (${DURATION} s, ${CONNECTIONS} connections, 50% recommendations / 50% predict)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT"
curl -s "http://127.0.0.1:$PORT/actuator/health/readiness" | grep -o '"version":"[^"]*"' || true
