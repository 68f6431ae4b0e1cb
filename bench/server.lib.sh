# Shared by the HTTP benchmarks (sourced, not run): start the jar on the embedded data in a
# temporary models directory, and write wrk's mixed recommendations/predict script.
#   needs PORT and JAR; sets WORK and PID; stops the server and removes WORK on exit (scripts that
#   kill -9 set their own trap after sourcing).

WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"' EXIT

start_server() { # extra server arguments
  java --add-modules jdk.incubator.vector -Xmx2g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
    --recommender.models.directory="$WORK/models" --logging.level.root=WARN "$@" > "$WORK/server.log" 2>&1 &
  PID=$!
  await_ready
}

# Waits until the server $PID on $PORT is ready; exits with its log's tail if it dies or takes over 2 minutes.
await_ready() {
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { echo "the service exited; log:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "not ready in time; log:" >&2; tail -20 "$WORK/server.log" >&2; exit 1
}

# Half recommendations, half predictions, for valid ids only: users and movies of the embedded ratings.
write_mixed_lua() { # output file
  local ratings=src/main/resources/datasets/movietweetings-100k/ratings.dat users movies
  users=$(awk -F'::' 'NR % 97 == 0 {print $1}' "$ratings" | sort -un | awk 'NR <= 500' | paste -sd, -)
  movies=$(awk -F'::' 'NR % 89 == 0 {print $2+0}' "$ratings" | sort -un | awk 'NR <= 500' | paste -sd, -)
  cat > "$1" <<LUA
local users = {$users}
local movies = {$movies}
math.randomseed(42)
request = function()
  local u = users[math.random(#users)]
  if math.random() < 0.5 then
    return wrk.format("GET", "/users/" .. u .. "/recommendations?limit=10")
  end
  return wrk.format("GET", "/predict?user=" .. u .. "&movie=" .. movies[math.random(#movies)])
end
LUA
}
