#!/usr/bin/env bash
# Implicit-only ranking on MovieLens 100K u1..u5, stars dropped: each split's ratings are turned into
# events (every rating a `view`; with PLAYS=1 the ratings of 4 and 5 stars a `play` too) and into a
# skeleton of the same (user, movie) pairs whose every rating is 5, so that every held-out pair is
# relevant and no star reaches the ranker. Then, on the same files and held-out pairs, NDCG@10 of
#   events   the served ranker trained on the events (`--events`, `--ranker-interactions events`),
#   ials     the same search with every pair counted once (`--ranker-interactions all`): a tuned iALS,
#   ease     EASE (lambda EASE_LAMBDA, default 500) on the same binary matrix,
#   popular  the most-popular list;
# and the means. The events' half-life is HALF_LIFE_DAYS (default 30, the service's; 0 for none);
# with views only and no half-life, events and ials count every pair once and must agree.
#   usage: [PLAYS=1] [HALF_LIFE_DAYS=0] bench/implicit-splits.sh [train options...]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), jq, and ../shared/data/ml-100k.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/mf-recommender.jar
DATA="${ML100K:-../shared/data/ml-100k}"
EASE_LAMBDA="${EASE_LAMBDA:-500}"
PLAYS="${PLAYS:-0}"
HALF_LIFE_DAYS="${HALF_LIFE_DAYS:-30}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 2; }
[ -d "$DATA" ] || { echo "skipping: MovieLens 100K is absent ($DATA)" >&2; exit 0; }
J="java --add-modules jdk.incubator.vector -jar $JAR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '%-10s %8s %8s %8s %8s %8s\n' split events ials ease popular events-s
for n in 1 2 3 4 5; do
  for part in base test; do
    awk -v OFS='\t' '{ print $1, $2, 5, $4 }' "$DATA/u$n.$part" > "$WORK/u$n.$part"
  done
  awk -v plays="$PLAYS" -v OFS=',' '{ print $1, $2, "view", $4; if (plays == 1 && $3 >= 4) print $1, $2, "play", $4 }' \
    "$DATA/u$n.base" > "$WORK/u$n.events"
  events=$($J train --ratings "$WORK/u$n.base" --test "$WORK/u$n.test" --events "$WORK/u$n.events" \
    --ranker-interactions events --event-half-life-days "$HALF_LIFE_DAYS" --ranking-k 10 "$@" 2>/dev/null | tail -1)
  ials=$($J train --ratings "$WORK/u$n.base" --test "$WORK/u$n.test" --ranker-interactions all \
    --ranking-k 10 "$@" 2>/dev/null | tail -1)
  ease=$($J benchmark ease --ratings "$WORK/u$n.base" --test "$WORK/u$n.test" --lambda "$EASE_LAMBDA" 2>/dev/null \
    | tail -1 | jq -r .ndcgAtK)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "u$n" "$(jq -r .ndcgAtK <<< "$events")" "$(jq -r .ndcgAtK <<< "$ials")" \
    "$ease" "$(jq -r .popular.ndcgAtK <<< "$events")" "$(jq -r '.ranker.trainSeconds // 0' <<< "$events")"
done | awk -F'\t' '{ printf "%-10s %8.4f %8.4f %8.4f %8.4f %8.1f\n", $1, $2, $3, $4, $5, $6
                      n++; for (c = 2; c <= 6; c++) s[c] += $c }
                END { printf "%-10s", "mean u1-5"; for (c = 2; c <= 6; c++) printf (c == 6 ? " %8.1f" : " %8.4f"), s[c] / n; print "" }'
