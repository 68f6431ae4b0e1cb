#!/usr/bin/env bash
# The API document checked from outside, as a client's tools see it: starts the packaged jar on the
# embedded data (a throwaway models directory, a test key), lints the served /v3/api-docs with
# Spectral's `oas` ruleset and Redocly's `recommended` (pinned versions from the npm registry; any
# error fails), then drives the README's flow with bench/contract-check.py, which checks every
# response against the same document. Warnings that remain: info-contact and info-license (the
# project names neither a contact nor a licence of its own, and the document does not invent one).
#   usage: src/test/api/api-check.sh        (after ./mvnw package; .ci/run calls it)
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=target/mf-recommender.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
WORK=$(mktemp -d)
PORT=18731
KEY=api-check-key-0123456789
java -jar "$JAR" --server.port=$PORT --recommender.models.directory="$WORK/models" \
  --recommender.data.directory="$WORK/data" --recommender.security.api-key=$KEY \
  --logging.level.root=WARN > "$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/v3/api-docs" -o "$WORK/openapi.json" && break
  sleep 1
done
[ -s "$WORK/openapi.json" ] || { echo "the service did not serve /v3/api-docs:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }

if npm view @stoplight/spectral-cli@6.16.3 version >/dev/null 2>&1; then
  echo 'extends: ["spectral:oas"]' > "$WORK/.spectral.yaml"
  (cd "$WORK" && npx -y @stoplight/spectral-cli@6.16.3 lint openapi.json --fail-severity error)
  (cd "$WORK" && npx -y @redocly/cli@2.77.0 lint openapi.json --extends recommended)
else
  echo "the npm registry does not answer: Spectral and Redocly lint skipped"
fi

if python3 -c 'import jsonschema, referencing' 2>/dev/null \
  || (apt-get install -y -qq python3-jsonschema >/dev/null 2>&1 && python3 -c 'import jsonschema, referencing'); then
  bench/contract-check.py "http://127.0.0.1:$PORT" "$KEY"
else
  echo "python3-jsonschema is missing and could not be installed: the live contract check is skipped"
fi
