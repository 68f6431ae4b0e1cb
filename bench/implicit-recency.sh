#!/usr/bin/env bash
# Recency on implicit data: MovieLens 100K (u.data) with stars dropped, each user's last 10% of
# interactions by time held out (at least one; ties broken by movie id), the rest turned into events
# (every rating a `view`; with PLAYS=1 the ratings of 4 and 5 stars a `play` too). NDCG@10 of the
# ranker trained on the events with each half-life in HALF_LIVES (days; 0 = none), every held-out
# interaction relevant, the most-popular list and EASE beside it on the same files.
#   usage: [PLAYS=1] [HALF_LIVES="0 1 7 30 180"] bench/implicit-recency.sh [train options...]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), jq, and ../shared/data/ml-100k.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/mf-recommender.jar
DATA="${ML100K:-../shared/data/ml-100k}"
PLAYS="${PLAYS:-0}"
HALF_LIVES="${HALF_LIVES:-0 1 7 30 180}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 2; }
[ -f "$DATA/u.data" ] || { echo "skipping: MovieLens 100K is absent ($DATA)" >&2; exit 0; }
J="java --add-modules jdk.incubator.vector -jar $JAR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Per user, by time then movie: the last ceil(10%) interactions are held out.
sort -k1,1n -k4,4n -k2,2n "$DATA/u.data" | awk -v OFS='\t' -v base="$WORK/base" -v test="$WORK/test" \
  -v events="$WORK/events" -v plays="$PLAYS" '
  function flush(   n, held, i) {
    n = count; held = int((n + 9) / 10)
    for (i = 1; i <= n; i++) {
      split(rows[i], f, "\t")
      if (i > n - held) { print f[1], f[2], 5, f[4] > test }
      else {
        print f[1], f[2], 5, f[4] > base
        print f[1] "," f[2] ",view," f[4] > events
        if (plays == 1 && f[3] >= 4) print f[1] "," f[2] ",play," f[4] > events
      }
    }
    count = 0
  }
  { if ($1 != user && count > 0) flush(); user = $1; rows[++count] = $0 }
  END { flush() }'
echo "held out $(wc -l < "$WORK/test") of $(wc -l < "$DATA/u.data") interactions (each user's latest 10%)"
ease=$($J benchmark ease --ratings "$WORK/base" --test "$WORK/test" 2>/dev/null | tail -1 | jq -r .ndcgAtK)
printf '%-16s %8s %8s %8s\n' half-life ndcg@10 popular ease
for days in $HALF_LIVES; do
  summary=$($J train --ratings "$WORK/base" --test "$WORK/test" --events "$WORK/events" --ranker-interactions events \
    --event-half-life-days "$days" --ranking-k 10 "$@" 2>/dev/null | tail -1)
  printf '%-16s %8.4f %8.4f %8.4f\n' "$days days" "$(jq -r .ndcgAtK <<< "$summary")" \
    "$(jq -r .popular.ndcgAtK <<< "$summary")" "$ease"
done
