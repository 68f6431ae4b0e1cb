#!/usr/bin/env bash
# The Spark job against the service's own trainers on the same synthetic ratings (MovieLens-like,
# seed 7, split 90/10 by a hash of user and movie), in one run: wall seconds, held-out RMSE and
# NDCG@10 of each. Spark runs local[2], the service on 2 threads.
#   usage: [SPARK_MASTER=local[1]] [SPARK_ONLY=1] bench/spark-vs-service.sh [N ...]   (default: 1000000)
# Needs: jq, target/mf-recommender.jar (./mvnw -DskipTests package), spark-trainer compiled
# ((cd spark-trainer && ../mvnw -DskipTests package)), and about 8 GB of heap for 10M ratings.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/mf-recommender.jar
MASTER="${SPARK_MASTER:-local[2]}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
[ -d spark-trainer/target/classes ] || { echo "build first: (cd spark-trainer && ../mvnw -DskipTests package)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && unzip -q -o "$OLDPWD/$JAR" 'BOOT-INF/lib/*' 'BOOT-INF/classes/*')
SERVICE_CP="$WORK/BOOT-INF/classes:$WORK/BOOT-INF/lib/*"
(cd spark-trainer && ../mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/spark.cp" -Dmdep.includeScope=test) >/dev/null
OPENS=$(sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' spark-trainer/pom.xml)
for n in "${@:-1000000}"; do
  java -cp "$SERVICE_CP" bench/WriteSynthetic.java "$n" "$WORK/all.dat"
  awk -F'::' -v base="$WORK/base.dat" -v test="$WORK/test.dat" \
    '{ if (($1 * 7919 + $2) % 10 == 0) print > test; else print > base }' "$WORK/all.dat"
  echo "== $n synthetic ratings: $(wc -l < "$WORK/base.dat") to train on, $(wc -l < "$WORK/test.dat") held out"
  rm -rf "$WORK/spark-models"
  start=$(date +%s.%N)
  line=$(java -Xmx8g $OPENS -Dlog4j2.configurationFile=spark-trainer/src/test/resources/log4j2.properties \
    -cp "spark-trainer/target/classes:$(cat "$WORK/spark.cp")" io.mfrecommender.spark.SparkTrainer \
    --master "$MASTER" --ratings "$WORK/base.dat" --test "$WORK/test.dat" --output "$WORK/spark-models" 2>/dev/null | tail -1)
  echo "spark-trainer ($MASTER, k 32, 10 iterations): $(echo "$start" | awk -v end="$(date +%s.%N)" '{printf "%.1f s", end - $1}'); $(echo "$line" | grep -o 'heldOutRmse=[0-9.]*\|heldOutNdcgAtK=[0-9.]*' | tr '\n' ' ')"
  [ -n "${SPARK_ONLY:-}" ] && continue
  start=$(date +%s.%N)
  summary=$(java --add-modules jdk.incubator.vector -Xmx8g -jar "$JAR" train --ratings "$WORK/base.dat" \
    --test "$WORK/test.dat" --threads 2 --ranking-k 10 2>/dev/null | tail -1)
  echo "service train (sgd + ials ranker, defaults, 2 threads): $(echo "$start" | awk -v end="$(date +%s.%N)" '{printf "%.1f s", end - $1}'); $(echo "$summary" | jq -r '"rmse=\(.rmse) ndcgAtK=\(.ndcgAtK); the most-popular list: ndcgAtK=\(.popular.ndcgAtK)"')"
done
