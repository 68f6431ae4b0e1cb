#!/usr/bin/env bash
# Ranking quality across the standard MovieLens 100K splits u1..u5 (and, with EMBEDDED=1, three
# random 90/10 splits of the embedded MovieTweetings data; with CLUSTERED=1, three seeded sets with
# clustered tastes): for each split, NDCG@10 and P@10 of what the recommendations endpoint serves,
# the cold-start list and the rating model's own order, the test RMSE, catalog coverage, the
# ranker's training time, similar movies' co-rating lift, and EASE (lambda EASE_LAMBDA, default 500)
# measured in the same run on the same held-out ratings; then the means. Extra arguments go to
# `train`.
#   usage: bench/ranking-splits.sh [train options...]     e.g. bench/ranking-splits.sh --ranker-factors 128
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), jq, and ../shared/data/ml-100k
# (MovieLens may not be redistributed, so it is read from beside the project, never copied in).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/mf-recommender.jar
DATA="${ML100K:-../shared/data/ml-100k}"
EASE_LAMBDA="${EASE_LAMBDA:-500}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 2; }
J="java --add-modules jdk.incubator.vector -jar $JAR"
run() { $J train "$@" --ranking-k 10 2>/dev/null | tail -1; }
fields='.ndcgAtK, .precisionAtK, .popular.ndcgAtK, .byPredictedRating.ndcgAtK, .rmse, .catalogCoverage, (.ranker.trainSeconds // 0), (.similarCoRating.ranker // .similarCoRating.ratingModel), (.similarCoRating.rankerLift // .similarCoRating.ratingModelLift // 0)'
printf '%-10s %8s %8s %8s %8s %8s %8s %7s %8s %8s %8s\n' split ndcg@10 p@10 popular byRating rmse coverage rank-s similar lift ease
{
  if [ -d "$DATA" ]; then
    for n in 1 2 3 4 5; do
      ease=$($J benchmark ease --ratings "$DATA/u$n.base" --test "$DATA/u$n.test" --lambda "$EASE_LAMBDA" 2>/dev/null | tail -1 | jq -r .ndcgAtK)
      run --ratings "$DATA/u$n.base" --test "$DATA/u$n.test" "$@" | jq -r --arg s "u$n" --arg e "$ease" "[\$s, $fields, \$e] | @tsv"
    done
  else
    echo "skipping MovieLens 100K: $DATA is absent" >&2
  fi
  # The embedded data and the clustered sets: train's seeded 90/10 split, and EASE on the same
  # held-out ratings (split by the seed train reports).
  seeded() {
    local label=$1 ratings=$2 seed=$3; shift 3
    summary=$(run --ratings "$ratings" --seed "$seed" "$@")
    ease=$($J benchmark ease --ratings "$ratings" --seed "$(jq -r .seed <<< "$summary")" --lambda "$EASE_LAMBDA" 2>/dev/null | tail -1 | jq -r .ndcgAtK)
    jq -r --arg s "$label" --arg e "$ease" "[\$s, $fields, \$e] | @tsv" <<< "$summary"
  }
  if [ "${EMBEDDED:-0}" = 1 ]; then
    for seed in 42 1 2; do seeded "mt-$seed" embedded "$seed" "$@"; done
  fi
  if [ "${CLUSTERED:-0}" = 1 ]; then
    for seed in 1 2 3; do seeded "cl-$seed" "clustered:$seed" 42 "$@"; done
  fi
} | awk -F'\t' '{ printf "%-10s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %7.1f %8.4f %8.3f %8.4f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
                   if ($1 ~ /^u/) { n++; for (c = 2; c <= 11; c++) s[c] += $c } }
             END { if (n) { printf "%-10s", "mean u1-5"; for (c = 2; c <= 11; c++) printf (c == 8 ? " %7.1f" : c == 10 ? " %8.3f" : " %8.4f"), s[c] / n; print "" } }'
