#!/usr/bin/env bash
# One client floods while another reads (#34): the calm client's latency idle and during the flood,
# with request rates on (recommender.security.limits.per-credential=RATE for the flood's key; the
# calm key has its own rate, far above what it sends) and off, on the embedded data, reads closed.
# The flood is wrk -t1 -c64 with its key; the calm client is wrk -t1 -c1 --latency with its own. Prints each run's 50th and 99th percentile and the flood's
# share of 429s; compare the medians of the rounds.
#   usage: bench/limits-flood.sh [JAR=target/mf-recommender.jar] [rounds=3] [RATE=100]
# Needs wrk. Only loopback traffic; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${1:-target/mf-recommender.jar}"
ROUNDS="${2:-3}"
RATE="${3:-100}"
PORT=18311
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
. bench/server.lib.sh

FLOOD=flood-key-0123456789abcdef
CALM=calm-key-0123456789abcdef
digest() { printf '%s' "$1" | sha256sum | awk '{print "sha256:" $1}'; }
PATH_UNDER_TEST="/users/42/recommendations?limit=10"

calm() { # label
  wrk -t1 -c1 -d8s --latency -H "X-API-Key: $CALM" "http://127.0.0.1:$PORT$PATH_UNDER_TEST" \
    | awk -v label="$1" '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2}
        END {printf "%s: calm p50 %s p99 %s (%s requests/s)\n", label, p50, p99, rps}'
}

measure() { # limits label
  start_server --recommender.security.open-reads=false \
    "--recommender.security.keys[0].id=flood" "--recommender.security.keys[0].scopes=read" \
    "--recommender.security.keys[0].digest=$(digest $FLOOD)" \
    "--recommender.security.keys[1].id=calm" "--recommender.security.keys[1].scopes=read" \
    "--recommender.security.keys[1].digest=$(digest $CALM)" "--recommender.security.keys[1].rate=1000000" \
    "--recommender.security.limits.per-credential=$1" "--recommender.security.limits.pause=${PAUSE:-1s}"
  wrk -t1 -c8 -d15s -H "X-API-Key: $CALM" "http://127.0.0.1:$PORT$PATH_UNDER_TEST" > /dev/null # warm-up
  for round in $(seq 1 "$ROUNDS"); do
    calm "$2 round $round idle"
    wrk -t1 -c64 -d12s -H "X-API-Key: $FLOOD" "http://127.0.0.1:$PORT$PATH_UNDER_TEST" > "$WORK/flood.txt" &
    flood=$!
    sleep 2
    calm "$2 round $round flood"
    wait $flood
    awk -v label="$2 round $round" '/requests in/ {n=$1} /Non-2xx/ {bad=$5}
        END {printf "%s: flood %d requests, %d refused (429)\n", label, n, bad}' "$WORK/flood.txt"
  done
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
}

measure "$RATE" "limits on ($RATE/s for the flood's key, 1 s pause)"
PAUSE=0s measure "$RATE" "limits on ($RATE/s for the flood's key, no pause)"
measure 0 "limits off"
