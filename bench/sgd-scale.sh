#!/usr/bin/env bash
# The default rating model (sgd with implicit feedback) at growing sizes: trains on synthetic
# MovieLens-shaped ratings (1M and 10M: 6,040 x 3,706; 25M: 162,541 x 59,047) with k = 64 for
# 20 epochs on 2 threads, the rating model only, and prints held-out RMSE, training seconds and
# ns per rating update for each. A run that diverges stops with an error and fails the script.
#   usage: bench/sgd-scale.sh [sizes="1000000 10000000 25000000"] [extra train options...]
# Needs: target/mf-recommender.jar (./mvnw -DskipTests package), jq; about 10 GB of heap for 25M.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${1:-1000000 10000000 25000000}"
shift || true
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
printf '%-10s %-8s %-10s %-10s %s\n' ratings rmse seconds ns/update "train-rmse by epoch (first, last 4)"
for n in $SIZES; do
  out=$(java --add-modules jdk.incubator.vector -Xmx12g -jar "$JAR" train --ratings "synthetic:$n" --factors 64 \
    --epochs 20 --validation-fraction 0 --threads 2 --ranker none --benchmark true "$@" 2>&1) || { echo "$out" | tail -3; exit 1; }
  json=$(echo "$out" | grep '^{')
  epochs=$(echo "$out" | awk '/^epoch/ { print $4 }' | sed -n '1p;17,20p' | paste -sd' ' -)
  printf '%-10s %-8.4f %-10.1f %-10.1f %s\n' "$n" "$(echo "$json" | jq .rmse)" "$(echo "$json" | jq .trainSeconds)" \
    "$(echo "$json" | jq .nsPerRatingUpdate)" "$epochs"
done
