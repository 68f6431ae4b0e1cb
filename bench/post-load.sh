#!/usr/bin/env bash
# Posting throughput: starts the jar on the embedded data with an API key and a fresh rating
# journal, then posts one rating per request (or BATCH ratings) to random new users with wrk, once
# over one connection and once over four. Each accepted post is forced to disk (the journal) or
# committed (STORE=postgres: a throwaway PostgreSQL cluster on this machine) before the answer.
# KIND=events posts events instead ({"movie", "type"}, the types drawn from view, play, list,
# purchase and not-interested), folded into the ranker the same way.
#   usage: [BATCH=100] [STORE=journal|postgres] [KIND=ratings|events] bench/post-load.sh [seconds=10]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), wrk (apt-get install wrk), and
# for postgres the server binaries (apt-get install postgresql; run as root or as a user who can
# start them).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
BATCH="${BATCH:-1}"
STORE="${STORE:-journal}"
KIND="${KIND:-ratings}"
case "$KIND" in ratings|events) ;; *) echo "KIND must be ratings or events" >&2; exit 2 ;; esac
PORT="${PORT:-18080}"
JAR="${JAR:-target/mf-recommender.jar}"
KEY=bench-post-load-key-0123456789
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

. bench/server.lib.sh
STORE_ARGS=()
if [ "$STORE" = postgres ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 2; }
  PG_PORT=$((PORT + 1))
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
  mkdir -p "$WORK/pg" && chmod 777 "$WORK" && chown "$( [ "$(id -u)" = 0 ] && echo postgres || id -un)" "$WORK/pg"
  as_pg "$PG_BIN/initdb -D $WORK/pg -A trust -U postgres" > "$WORK/initdb.log"
  as_pg "$PG_BIN/pg_ctl -D $WORK/pg -o '-p $PG_PORT -k $WORK' -l $WORK/pg.log -w start" > /dev/null
  trap 'as_pg "$PG_BIN/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true; [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"' EXIT
  STORE_ARGS=(--recommender.ratings.store=postgres
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --spring.datasource.username=postgres)
fi
start_server --recommender.security.api-key="$KEY" --recommender.data.directory="$WORK/data" "${STORE_ARGS[@]}"
movies=$(awk -F'::' 'NR % 89 == 0 {print $2+0}' src/main/resources/datasets/movietweetings-100k/ratings.dat \
  | sort -un | awk 'NR <= 500' | paste -sd, -)
cat > "$WORK/post.lua" <<LUA
local movies = {$movies}
local batch = $BATCH
local kind = "$KIND"
local types = {"view", "play", "list", "purchase", "not-interested"}
math.randomseed(7)
request = function()
  local user = 900000000 + math.random(1000000)
  local items = {}
  local used = {}
  while #items < batch do
    local m = movies[math.random(#movies)]
    if not used[m] then
      used[m] = true
      if kind == "events" then
        items[#items + 1] = '{"movie":' .. m .. ',"type":"' .. types[math.random(#types)] .. '"}'
      else
        items[#items + 1] = '{"movie":' .. m .. ',"rating":' .. math.random(0, 10) .. '}'
      end
    end
  end
  local body = batch == 1 and items[1] or ('[' .. table.concat(items, ',') .. ']')
  return wrk.format("POST", "/users/" .. user .. "/" .. kind,
    {["Content-Type"] = "application/json", ["X-API-Key"] = "$KEY"}, body)
end
LUA
for connections in 1 4; do
  echo "posting ${BATCH} ${KIND%s}(s) per request to the ${STORE}, ${connections} connection(s), ${DURATION} s"
  wrk -t1 -c"$connections" -d"${DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT" \
    | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
done
