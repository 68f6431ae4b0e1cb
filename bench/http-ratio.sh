#!/usr/bin/env bash
# Recommendations against the cheapest read, a catalogue lookup (GET /movies/{id}), on one warm
# server (#35): the work a list costs beyond what every request costs (the model, the rules, a
# longer body). Both are drawn from the embedded data's users and movies; after 40 s of mixed
# warm-up, alternating 8 s wrk runs of each; prints every round and the median ratio.
#   usage: JAR=target/mf-recommender.jar bench/http-ratio.sh [rounds=5] [connections=16]
# Needs wrk (apt-get install wrk). Only loopback traffic; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/mf-recommender.jar}
PORT=${PORT:-18311}
ROUNDS=${1:-5}
CONNECTIONS=${2:-16}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
. bench/server.lib.sh
start_server
write_mixed_lua "$WORK/mixed.lua"
# One script per endpoint, with the mixed script's ids.
sed -e 's|if math.random() < 0.5 then|if true then|' "$WORK/mixed.lua" > "$WORK/lists.lua"
sed -e 's|if math.random() < 0.5 then|if false then|' \
    -e 's|"/predict?user=" .. u .. "&movie=" .. movies\[math.random(#movies)\]|"/movies/" .. movies[math.random(#movies)]|' \
    "$WORK/mixed.lua" > "$WORK/lookups.lua"
grep -q '"/movies/"' "$WORK/lookups.lua" || { echo "could not write the lookup script" >&2; exit 1; }
rate() { wrk -t2 -c"$CONNECTIONS" -d"$1" -s "$2" "http://127.0.0.1:$PORT" | awk '/Requests\/sec/ {r=$2} /Non-2xx/ {bad=$5} END {print r + 0, bad + 0}'; }
rate 20s "$WORK/mixed.lua" > /dev/null
rate 20s "$WORK/lookups.lua" > /dev/null
echo "# $(basename "$JAR"), $CONNECTIONS connections, $(date -u +%F), $(git rev-parse --short HEAD)"
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  read -r lists bad_lists < <(rate 8s "$WORK/lists.lua")
  read -r lookups bad_lookups < <(rate 8s "$WORK/lookups.lua")
  ratio=$(awk -v a="$lists" -v b="$lookups" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$ratio")
  echo "round $round: recommendations $lists requests/s (non-2xx $bad_lists), lookups $lookups (non-2xx $bad_lookups): $ratio"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {printf "median ratio %.3f (%s to %s)\n", v[int((NR+1)/2)], v[1], v[NR]}'
