#!/usr/bin/env bash
# Every class of memory a client drives, for a bounded time, against the packaged service with a
# 512 MB heap (loopback only): distinct user ids during an experiment, rounds of 16 concurrent
# maximal uploads, exports of the default version, pickles nested 200,000 deep (bench/MemoryLoad.java).
# Every 30 s the heap is measured after a full GC (jcmd GC.run, then jvm.memory.used); at the end the
# script says whether the process is alive and whether it logged an OutOfMemoryError.
# The million distinct ids take longer than the mixed load: after it, they go on alone until done.
#   usage: bench/memory-load.sh [seconds=300] [heap=512m] [ids=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-300}"
HEAP="${2:-512m}"
IDS="${3:-1000000}"
JAR=target/mf-recommender.jar
PORT=18331
KEY=memory-load-key-0123456789
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package
JAVA_OPTS="-XX:+ExitOnOutOfMemoryError -Xmx$HEAP"
. bench/server.lib.sh
# The library starts with -Xmx2g; the last -Xmx wins.
start_server --recommender.security.api-key="$KEY" --recommender.data.directory="$WORK/data"
echo "service up (pid $PID, heap $HEAP)"

version=$(curl -fs "http://127.0.0.1:$PORT/models" | sed -E 's/.*"active":"([^"]+)".*/\1/')
curl -fs -X POST "http://127.0.0.1:$PORT/experiments" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
  -d "{\"name\":\"load\",\"variants\":[{\"name\":\"A\",\"version\":\"$version\",\"share\":50},{\"name\":\"B\",\"version\":\"$version\",\"share\":50}]}" \
  > /dev/null
echo "experiment 'load' running over $version"

heap_after_gc() {
  jcmd "$PID" GC.run > /dev/null
  curl -fs "http://127.0.0.1:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | sed -E 's/.*"value":([0-9.E+]+).*/\1/' | awk '{printf "%.0f", $1 / 1048576}'
}
echo "heap after full GC before the load: $(heap_after_gc) MB"

(
  while kill -0 "$PID" 2>/dev/null; do
    sleep 30
    kill -0 "$PID" 2>/dev/null && echo "heap after full GC: $(heap_after_gc) MB at $(date +%T)"
  done
) &
SAMPLER=$!
java bench/MemoryLoad.java "http://127.0.0.1:$PORT" "$KEY" "$SECONDS_TO_RUN" "$WORK" 20 "$IDS"
kill "$SAMPLER" 2>/dev/null || true
if kill -0 "$PID" 2>/dev/null; then
  echo "after the load: alive, heap after full GC $(heap_after_gc) MB; remembered users $(curl -fs \
    "http://127.0.0.1:$PORT/actuator/metrics/recommender.experiment.remembered.users" | sed -E 's/.*"value":([0-9.E+]+).*/\1/')"
else
  echo "after the load: the process is gone"
fi
echo "OutOfMemoryError lines in the log: $(grep -c OutOfMemoryError "$WORK/server.log" || true)"
