#!/usr/bin/env bash
# Slow-client test: CLIENTS connections send the headers of POST /predictions with
# Content-Length: 200, then a byte a second for HOLD seconds, while wrk drives the mixed
# recommendations/predict load and a probe polls liveness and readiness. Every probe must answer
# and the p99 of both the load and the probes must stay within LIMIT_MS. Loopback only; bounded:
# it stops by itself after HOLD seconds.
#   usage: bench/slow-clients.sh [clients=50] [hold=15] [limit_ms=200]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), curl, wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS="${1:-50}"
HOLD="${2:-15}"
LIMIT_MS="${3:-200}"
PORT="${PORT:-18097}"
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
source bench/server.lib.sh
start_server
write_mixed_lua "$WORK/mixed.lua"

slow_client() {
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 0
  printf 'POST /predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n' >&3
  for _ in $(seq 1 "$HOLD"); do printf 'x' >&3 2>/dev/null || break; sleep 1; done
  exec 3>&-
}
SLOW=()
for _ in $(seq 1 "$CLIENTS"); do slow_client & SLOW+=($!); done
sleep 1

probe() { # one line per probe: milliseconds and status
  local end=$((SECONDS + HOLD - 2))
  while [ "$SECONDS" -lt "$end" ]; do
    for path in /actuator/health/liveness /actuator/health/readiness; do
      curl -s -o /dev/null -m 5 -w '%{time_total} %{http_code}\n' "http://127.0.0.1:$PORT$path" || echo "5 000"
    done
    sleep 0.1
  done > "$WORK/probes"
}
probe &
PROBE=$!
wrk -t1 -c4 -d"$((HOLD - 2))s" --latency -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" > "$WORK/wrk" 2>&1
wait "$PROBE" || true
for c in "${SLOW[@]}"; do wait "$c" 2>/dev/null || true; done

p99_ms() { sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }'; }
probes=$(wc -l < "$WORK/probes")
failed=$(awk '$2 != 200' "$WORK/probes" | wc -l)
probe_p99=$(awk '{ print $1 }' "$WORK/probes" | p99_ms)
load_p99=$(awk '/ 99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$WORK/wrk")
rate=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk")
errors=$(awk '/Non-2xx|Socket errors/' "$WORK/wrk")
echo "$CLIENTS slow clients for ${HOLD} s: probes $probes, failed $failed, p99 ${probe_p99} ms; load $rate requests/s, p99 ${load_p99} ms ${errors}"
awk -v a="$probe_p99" -v b="$load_p99" -v l="$LIMIT_MS" -v f="$failed" 'BEGIN { exit !(f == 0 && a <= l && b <= l) }' \
  || { echo "FAILED: a probe failed or a p99 is over ${LIMIT_MS} ms" >&2; exit 1; }
echo "passed"
