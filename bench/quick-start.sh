#!/usr/bin/env bash
# The quick start (./mvnw spring-boot:run) against java -jar: both train the embedded model from
# scratch, ROUNDS times each, alternating; prints the rating model's training time and the time to
# ready from each log. Issue #12 asks the first to be within 1.5x of the second.
#   bench/quick-start.sh [ROUNDS]   (default 3; needs target/mf-recommender.jar: ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # $1 = label, rest = command
  local label=$1; shift
  local dir="$work/$label-$RANDOM" log
  mkdir -p "$dir"; log="$dir/log"
  local args="--server.port=0 --recommender.models.startup-mode=train --recommender.models.directory=$dir/models --recommender.data.directory=$dir/data"
  if [ "$label" = spring-boot-run ]; then
    ./mvnw -q -o spring-boot:run -Dspring-boot.run.arguments="$args" >"$log" 2>&1 &
  else
    java --add-modules jdk.incubator.vector -jar target/mf-recommender.jar $args >"$log" 2>&1 &
  fi
  local pid=$!
  for _ in $(seq 600); do
    grep -q "Startup phase activate" "$log" && break
    sleep 0.5
  done
  pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  local train ready
  train=$(grep -o "rating model [0-9.]* s" "$log" | grep -o "[0-9.]*" || echo "?")
  ready=$(grep -o "ready [0-9.]* s after" "$log" | grep -o "[0-9.]*" || echo "?")
  printf "%-16s rating model %6s s   model bootstrap to ready %6s s\n" "$label" "$train" "$ready"
}

for _ in $(seq "$rounds"); do
  run spring-boot-run
  run java-jar
done
