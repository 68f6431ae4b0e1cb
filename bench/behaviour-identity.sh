#!/usr/bin/env bash
# Behaviour identity of a build, for refactorings that must not change results: `benchmark lists`
# on the MovieLens 100K splits u1..u5 and the factor tables of `train --ratings u1.base --test
# u1.test` saved with --output. Writes OUT/lists-uN.txt (its table: NDCG, shares, neighbourhoods, cosines) and
# OUT/factors.sha256 (the checksums of every table file of the saved version). Run it for two
# builds and diff the two directories:
#   usage: bench/behaviour-identity.sh JAR OUT
#   e.g.   bench/behaviour-identity.sh /tmp/old.jar /tmp/old && bench/behaviour-identity.sh \
#            target/mf-recommender.jar /tmp/new && diff -r /tmp/old /tmp/new && echo identical
# Needs jq and ../shared/data/ml-100k (read from beside the project, never copied in).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { sed -n 2,10p "$0" >&2; exit 2; }
JAR=$1 OUT=$2
DATA="${ML100K:-../shared/data/ml-100k}"
[ -d "$DATA" ] || { echo "skipping: $DATA is absent" >&2; exit 0; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 2; }
J="java --add-modules jdk.incubator.vector -jar $JAR"
mkdir -p "$OUT"
# fields that measure time differ between any two runs; everything else must match
strip='walk(if type == "object" then with_entries(select(.key | test("Seconds$|PerEpoch$|Millis$|Ms$|nsPer|^seconds$|^timestamp$|modelDirectory") | not)) else . end)'
for n in 1 2 3 4 5; do
  $J benchmark lists --ratings "$DATA/u$n.base" --test "$DATA/u$n.test" 2>/dev/null > "$OUT/lists-u$n.txt"
done
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
$J train --ratings "$DATA/u1.base" --test "$DATA/u1.test" --output "$models" 2>/dev/null | tail -1 \
  | jq -S "$strip | del(.modelVersion)" > "$OUT/train-u1.json"
version=$(cat "$models/ACTIVE")
(cd "$models/$version" && find . -type f ! -name 'manifest.json' ! -path './index*' -print0 \
  | sort -z | xargs -0 sha256sum) > "$OUT/factors.sha256"
echo "$OUT: lists-u1..u5.txt, train-u1.json, factors.sha256 ($(wc -l < "$OUT/factors.sha256") files)"
