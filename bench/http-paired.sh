#!/usr/bin/env bash
# Two builds side by side over HTTP: both servers run at once on the embedded data (each idle while
# the other is measured), are warmed up with the mixed load, then take alternating 8 s runs of
# recommendations only, predict only and liveness, with wrk. The second server of a round measures
# a few percent slower on this machine even when both are the same build, so the whole comparison
# is run twice, each build first once; compare a build with itself (A = B) to see that bias.
# A_ARGS / B_ARGS add server arguments to one build and A_KEY / B_KEY send that build an X-API-Key,
# so one jar can be compared with itself configured two ways (reads open against reads closed
# with a key: bench/http-paired.sh J.jar J.jar with B_ARGS and B_KEY set).
#   usage: bench/http-paired.sh A.jar B.jar [rounds=3] [connections=16]
# Needs wrk (apt-get install wrk). Only loopback traffic; both servers are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
A="${1:?usage: bench/http-paired.sh A.jar B.jar [rounds] [connections]}"
B="${2:?usage: bench/http-paired.sh A.jar B.jar [rounds] [connections]}"
ROUNDS="${3:-3}"
CONNECTIONS="${4:-16}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

. bench/server.lib.sh
write_mixed_lua "$WORK/mixed.lua"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

serve() { # jar port name
  local extra
  extra=$([ "$3" = A ] && echo "${A_ARGS:-}" || echo "${B_ARGS:-}")
  # shellcheck disable=SC2086 # the extra arguments are words
  java --add-modules jdk.incubator.vector -Xmx2g -jar "$1" --server.port="$2" \
    --recommender.models.directory="$WORK/models-$2" --recommender.data.directory="$WORK/data-$2" \
    --logging.level.root=WARN $extra > "$WORK/server-$2.log" 2>&1 &
  PIDS+=($!)
}

compare() { # first-jar first-name second-jar second-name
  serve "$1" 18301 "$2"
  serve "$3" 18302 "$4"
  local -A keys=([18301]="$([ "$2" = A ] && echo "${A_KEY:-}" || echo "${B_KEY:-}")"
                 [18302]="$([ "$4" = A ] && echo "${A_KEY:-}" || echo "${B_KEY:-}")")
  header() { [ -n "${keys[$1]}" ] && echo "X-API-Key: ${keys[$1]}" || echo "X-Bench: none"; }
  for port in 18301 18302; do
    for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.2; done
  done
  for _ in 1 2; do
    for port in 18301 18302; do
      wrk -t2 -c"$CONNECTIONS" -d20s -H "$(header $port)" -s "$WORK/mixed.lua" "http://127.0.0.1:$port" > /dev/null
    done
  done
  for path in "/users/42/recommendations?limit=10" "/predict?user=42&movie=1074638" "/actuator/health/liveness"; do
    for round in $(seq 1 "$ROUNDS"); do
      for port in 18301 18302; do
        name=$([ "$port" = 18301 ] && echo "$2" || echo "$4")
        rate=$(wrk -t2 -c"$CONNECTIONS" -d8s -H "$(header $port)" "http://127.0.0.1:$port$path" \
          | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non-2xx:" $5}' | paste -sd' ')
        echo "$path $name round $round: $rate requests/s"
      done
    done
  done
  kill "${PIDS[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  PIDS=()
}

echo "# $A first"
compare "$A" A "$B" B
echo "# $B first"
compare "$B" B "$A" A
