#!/usr/bin/env bash
# Read latency while a training job runs: starts the jar on the embedded data, measures a mixed
# recommendations/predict load with wrk while idle, then again while a training job (default
# recipe, activation always) trains and activates a new version, and prints both distributions.
#   usage: bench/jobs-latency.sh [seconds=15] [connections=8]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), wrk, curl, jq. Loopback only;
# the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15}"
CONNECTIONS="${2:-8}"
PORT="${PORT:-18090}"
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
for tool in wrk curl jq; do command -v $tool >/dev/null || { echo "$tool is missing: apt-get install $tool" >&2; exit 2; }; done

. bench/server.lib.sh
start_server ${SERVER_ARGS:-}
write_mixed_lua "$WORK/mixed.lua"
# A fixed request rate (wrk2 is not packaged; wrk sends as fast as it can), so the two runs load the
# server alike: -c connections, each waiting for its answer.
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" > /dev/null
echo "== idle (${DURATION} s, ${CONNECTIONS} connections)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" | grep -E "50%|90%|99%|Requests/sec|Non-2xx"
JOB=$(curl -fs -X POST "http://127.0.0.1:$PORT/training-jobs" -H 'Content-Type: application/json' -d '{"activation":"always"}' | jq -r .id)
for _ in $(seq 1 100); do
  [ "$(curl -fs "http://127.0.0.1:$PORT/training-jobs/$JOB" | jq -r .status)" = RUNNING ] && break
  sleep 0.1
done
echo "== during training job $JOB (${DURATION} s, ${CONNECTIONS} connections)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" | grep -E "50%|90%|99%|Requests/sec|Non-2xx"
curl -fs "http://127.0.0.1:$PORT/training-jobs/$JOB" | jq -c '{status, phase: .progress.phase, epochs: (.epochs | length), startedAt}'
