#!/usr/bin/env bash
# Crash test: kill -9 the service while a training job evaluates, saves and activates a version,
# then restart it in startup-mode load and check that it serves the last good version: the one
# named in ACTIVE, whole, with no unfinished directory left. Repeats ROUNDS times; each kill lands
# a random 0-1.5 s after evaluation starts, so rounds cut the job during evaluation, during the
# save (staging directory, fsync, rename), during activation and after it.
#   usage: bench/crash-during-save.sh [rounds=5]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), curl, jq. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
PORT="${PORT:-18095}"
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
source bench/server.lib.sh
trap '[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT"

start() { # $1: startup mode
  java --add-modules jdk.incubator.vector -Xmx2g -jar "$JAR" --server.port="$PORT" \
    --recommender.models.directory="$WORK/models" --recommender.models.startup-mode="$1" \
    --logging.level.root=WARN >> "$WORK/server.log" 2>&1 &
  PID=$!
  await_ready
}

start load-or-train
QUICK='{"parameters":{"factors":16,"epochs":15},"rankerParameters":{"factors":8,"epochs":2,"unobservedWeights":[0.1]},"activation":"always"}'
for round in $(seq 1 "$ROUNDS"); do
  JOB=$(curl -fs -X POST "$URL/training-jobs" -H 'Content-Type: application/json' -d "$QUICK" | jq -r .id)
  while :; do
    PHASE=$(curl -fs "$URL/training-jobs/$JOB" | jq -r .progress.phase)
    case "$PHASE" in evaluating|saving|activating|done) break ;; esac
    sleep 0.01
  done
  DELAY=$((RANDOM % 1500))
  BEFORE=$(cat "$WORK/models/ACTIVE")
  sleep "$(printf '%d.%03d' $((DELAY / 1000)) $((DELAY % 1000)))"
  kill -9 "$PID"; wait "$PID" 2>/dev/null || true
  ACTIVE=$(cat "$WORK/models/ACTIVE")
  LEFT=$(find "$WORK/models" -maxdepth 1 -name '.staging-*' | wc -l)
  start load
  SERVED=$(curl -fs "$URL/actuator/health/readiness" | jq -r .components.model.details.version)
  STATUS=$(curl -fs "$URL/training-jobs/$JOB" | jq -r .status)
  [ "$SERVED" = "$ACTIVE" ] || { echo "round $round: serving $SERVED but ACTIVE names $ACTIVE" >&2; exit 1; }
  [ -z "$(find "$WORK/models" -maxdepth 1 -name '.staging-*')" ] || { echo "round $round: staging left after restart" >&2; exit 1; }
  curl -fs "$URL/users/1/recommendations?limit=1" >/dev/null || { echo "round $round: no recommendations" >&2; exit 1; }
  VERSIONS=$(find "$WORK/models" -maxdepth 1 -mindepth 1 -type d ! -name jobs ! -name '.*' | wc -l)
  echo "round $round: killed $DELAY ms after '$PHASE'; job $JOB is $STATUS; ACTIVE $( [ "$ACTIVE" = "$BEFORE" ] && echo unchanged || echo "moved to the job's version"); unfinished save directories at the kill: $LEFT, after restart: 0; $VERSIONS versions on disk; serving $SERVED"
done
echo "passed: $ROUNDS kills, every restart served the last good version"
