#!/usr/bin/env bash
# Durability test of posted ratings and events: CLIENTS clients (2 by default) post in a loop, each
# post to a new user, and note every one the service acknowledged (201); odd clients post a rating,
# even ones (with KIND=both, the default) a batch of two events; the service is killed with -9 at a
# random moment; after a restart every acknowledged rating must be listed by GET /users/{id}/ratings
# with its value, every acknowledged event by GET /users/{id}/events with its type, and a user erased
# before the kill (with ratings and events) must have left no trace. Repeats ROUNDS times on the
# same journal, so later rounds replay lines torn by earlier kills.
#   usage: [CLIENTS=8] [KIND=ratings|both] bench/kill-while-posting.sh [rounds=5]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), curl, jq. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
CLIENT_COUNT="${CLIENTS:-2}"
KIND="${KIND:-both}"
PORT="${PORT:-18096}"
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
source bench/server.lib.sh
CLIENTS=()
trap 'for c in "${CLIENTS[@]}"; do kill "$c" 2>/dev/null || true; done; [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT"
KEY=bench-kill-key-0123456789
MOVIES=(816711 1457767 1288558 1588173 2023587 2184339 1682180 1428538 2387433 1922777)

start() {
  java --add-modules jdk.incubator.vector -Xmx2g -jar "$JAR" --server.port="$PORT" \
    --recommender.models.directory="$WORK/models" --recommender.data.directory="$WORK/data" \
    --recommender.security.api-key="$KEY" --logging.level.root=WARN >> "$WORK/server.log" 2>&1 &
  PID=$!
  await_ready
}

client() { # $1: client number, $2: round; appends "user movie rating" or "user movie type" per acknowledged post
  local n=0 user movie rating type
  while true; do
    n=$((n + 1))
    user=$((9000000 + $2 * 1000000 + $1 * 10000 + n))
    movie=${MOVIES[$((RANDOM % ${#MOVIES[@]}))]}
    if [ "$KIND" = both ] && [ $(($1 % 2)) = 0 ]; then
      type=${TYPES[$((RANDOM % ${#TYPES[@]}))]}
      if [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
          -d "[{\"movie\":$movie,\"type\":\"$type\"},{\"movie\":$movie,\"type\":\"view\"}]" \
          "$URL/users/$user/events")" = 201 ]; then
        echo "$user $movie $type" >> "$WORK/events-$1"
      fi
    else
      rating=$((RANDOM % 11))
      if [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
          -d "[{\"movie\":$movie,\"rating\":$rating}]" "$URL/users/$user/ratings")" = 201 ]; then
        echo "$user $movie $rating" >> "$WORK/acked-$1"
      fi
    fi
  done
}
TYPES=(play list purchase not-interested view)

start
total=0
totalEvents=0
for round in $(seq 1 "$ROUNDS"); do
  # A user who posts, then is erased: after the kill and restart they must stay unknown.
  erased=$((8000000 + round))
  curl -fs -o /dev/null -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -d '{"movie":816711,"rating":9}' "$URL/users/$erased/ratings"
  curl -fs -o /dev/null -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -d '{"movie":816711,"type":"play"}' "$URL/users/$erased/events"
  curl -fs -o /dev/null -X DELETE -H "X-API-Key: $KEY" "$URL/users/$erased"
  rm -f "$WORK"/acked-* "$WORK"/events-*
  CLIENTS=()
  for c in $(seq 1 "$CLIENT_COUNT"); do
    client "$c" "$round" & CLIENTS+=($!)
  done
  sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 1 + 2 * rand() }')"
  kill -9 "$PID"; wait "$PID" 2>/dev/null || true
  for c in "${CLIENTS[@]}"; do kill "$c" 2>/dev/null || true; wait "$c" 2>/dev/null || true; done
  CLIENTS=()
  acked=$(cat "$WORK"/acked-* 2>/dev/null | wc -l)
  ackedEvents=$(cat "$WORK"/events-* 2>/dev/null | wc -l)
  start
  lost=0
  while read -r user movie rating; do
    got=$(curl -fs "$URL/users/$user/ratings" | jq -r --argjson m "$movie" '.ratings[] | select(.movie == $m) | .rating')
    if [ -z "$got" ] || ! awk -v a="$got" -v b="$rating" 'BEGIN { exit !(a == b) }'; then
      echo "LOST: user $user movie $movie rating $rating (listed: '${got}')" >&2
      lost=$((lost + 1))
    fi
  done < <(cat "$WORK"/acked-* 2>/dev/null)
  while read -r user movie type; do
    got=$(curl -fs "$URL/users/$user/events" \
      | jq -r --argjson m "$movie" --arg t "$type" '[.events[] | select(.movie == $m and .type == $t)] | length')
    if [ "$got" != 1 ]; then
      echo "LOST: user $user movie $movie event $type (listed: '${got}')" >&2
      lost=$((lost + 1))
    fi
  done < <(cat "$WORK"/events-* 2>/dev/null)
  trace=$(curl -s -o /dev/null -w '%{http_code}' "$URL/users/$erased/ratings")
  eventTrace=$(curl -s -o /dev/null -w '%{http_code}' "$URL/users/$erased/events")
  strategy=$(curl -fs "$URL/users/$erased/recommendations" | jq -r .strategy)
  skipped=$(grep -c "unreadable lines" "$WORK/server.log" || true)
  echo "round $round ($CLIENT_COUNT clients): $acked ratings and $ackedEvents event posts acknowledged, $lost lost;" \
    "erased user: ratings $trace, events $eventTrace, recommendations $strategy;" \
    "journal $(wc -l < "$WORK/data/posted-ratings.journal") lines, torn-line warnings so far $skipped"
  [ "$lost" = 0 ] && [ "$trace" = 404 ] && [ "$eventTrace" = 404 ] && [ "$strategy" = popular ] \
    || { echo "FAILED" >&2; exit 1; }
  total=$((total + acked))
  totalEvents=$((totalEvents + ackedEvents))
done
echo "all $ROUNDS rounds passed: $total acknowledged ratings and $totalEvents event posts survived kill -9"
