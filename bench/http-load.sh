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
JAR="${JAR:-target/mf-recommender.jar}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

. bench/server.lib.sh
start_server ${SERVER_ARGS:-}
write_mixed_lua "$WORK/mixed.lua"

echo "warm-up (10 s)"
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" > /dev/null
echo "measured run (${DURATION} s, ${CONNECTIONS} connections, 50% recommendations / 50% predict)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT"
curl -s "http://127.0.0.1:$PORT/actuator/health/readiness" | grep -o '"version":"[^"]*"' || true
