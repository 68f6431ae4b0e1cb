#!/usr/bin/env bash
# Ranking quality across the standard MovieLens 100K splits u1..u5 (and, with EMBEDDED=1, three
# random 90/10 splits of the embedded MovieTweetings data): for each split, NDCG@10 and P@10 of
# what the recommendations endpoint serves, the cold-start list and the rating model's own order,
# the test RMSE and the ranker's training time, then the means. Extra arguments go to `train`.
#   usage: bench/ranking-splits.sh [train options...]     e.g. bench/ranking-splits.sh --ranker-factors 128
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), jq, and ../shared/data/ml-100k
# (MovieLens may not be redistributed, so it is read from beside the project, never copied in).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/mf-recommender.jar
DATA="${ML100K:-../shared/data/ml-100k}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 2; }
run() { java --add-modules jdk.incubator.vector -jar "$JAR" train "$@" --ranking-k 10 2>/dev/null | tail -1; }
printf '%-10s %8s %8s %8s %8s %8s %8s %7s %9s\n' split ndcg@10 p@10 popular byRating rmse coverage rank-s similar
{
  if [ -d "$DATA" ]; then
    for n in 1 2 3 4 5; do
      run --ratings "$DATA/u$n.base" --test "$DATA/u$n.test" "$@" | jq -r --arg s "u$n" \
        '[$s, .ndcgAtK, .precisionAtK, .popular.ndcgAtK, .byPredictedRating.ndcgAtK, .rmse, .catalogCoverage, (.ranker.trainSeconds // 0), (.similarCoRating.ranker // .similarCoRating.ratingModel)] | @tsv'
    done
  else
    echo "skipping MovieLens 100K: $DATA is absent" >&2
  fi
  if [ "${EMBEDDED:-0}" = 1 ]; then
    for seed in 42 1 2; do
      run --ratings embedded --seed "$seed" "$@" | jq -r --arg s "mt-$seed" \
        '[$s, .ndcgAtK, .precisionAtK, .popular.ndcgAtK, .byPredictedRating.ndcgAtK, .rmse, .catalogCoverage, (.ranker.trainSeconds // 0), (.similarCoRating.ranker // .similarCoRating.ratingModel)] | @tsv'
    done
  fi
} | awk -F'\t' '{ printf "%-10s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %7.1f %9.4f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9
                   if ($1 ~ /^u/) { n++; for (c = 2; c <= 9; c++) s[c] += $c } }
             END { if (n) { printf "%-10s", "mean u1-5"; for (c = 2; c <= 9; c++) printf (c == 8 ? " %7.1f" : " %8.4f"), s[c] / n; print "" } }'
