#!/usr/bin/env bash
# The service's item index against hnswlib on the same vectors (#35): for each size, the jar writes
# a synthetic catalogue's item vectors and 1,000 users' vectors once (target/index-benchmark-N/*.npy),
# hnswlib (Debian's python3-hnswlib) builds its graphs over them and writes the exact top 10 of each
# query, then the jar builds its index with the same links (32), beam (100) and threads (2); both
# print their build times and, per search width, median and p99 top-10 latency and recall@10.
#   usage: bench/index-vs-hnswlib.sh [SIZE ...]      (default 200000 1000000)
# Needs /usr/bin/python3 with hnswlib and numpy (apt-get install python3-hnswlib).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/mf-recommender.jar}
THREADS=${THREADS:-2}
WIDTHS=${WIDTHS:-10,20,40,80,160,320}
/usr/bin/python3 -c 'import hnswlib, numpy' 2>/dev/null \
  || { echo "hnswlib is missing: apt-get install python3-hnswlib" >&2; exit 2; }
J="java --add-modules jdk.incubator.vector -Xmx${HEAP:-8g} -jar $JAR"
for size in "${@:-200000 1000000}"; do
  for n in $size; do
    dir="target/index-benchmark-$n"
    echo "# $n items × 64 factors, M 32, beam 100, $THREADS threads ($(date -u +%F), $(git rev-parse --short HEAD))"
    $J benchmark index --directory "$dir" --write true --items "$n" --factors 64 --queries 1000 --seed 7 \
      2>/dev/null | grep -v '^$'
    /usr/bin/python3 bench/hnswlib_side.py "$dir" --threads "$THREADS" --m 32 --ef-construction 100 --widths "$WIDTHS"
    $J benchmark index --directory "$dir" --threads "$THREADS" --max-connections 32 --beam-width 100 \
      --widths "$WIDTHS" 2>/dev/null | grep -E '^service'
  done
done
