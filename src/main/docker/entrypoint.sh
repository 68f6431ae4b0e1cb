#!/usr/bin/env bash
# Container entrypoint: sizes the JVM, OpenBLAS and ND4J's off-heap memory from the container's
# cgroup limits (not the host's), then runs the service. Anything already set in the environment
# wins. CGROUP_ROOT is for tests.
set -euo pipefail
cgroup="${CGROUP_ROOT:-/sys/fs/cgroup}"

# CPUs: cgroup v2 cpu.max "quota period" (or "max"), or v1 cpu.cfs_quota_us (-1: none) over
# cpu.cfs_period_us, else the CPUs this process may run on.
cpus=$(nproc 2>/dev/null || echo 1)
quota=max
period=0
if [ -r "$cgroup/cpu.max" ]; then
  read -r quota period < "$cgroup/cpu.max" || true
elif [ -r "$cgroup/cpu/cpu.cfs_quota_us" ] && [ -r "$cgroup/cpu/cpu.cfs_period_us" ]; then
  quota=$(cat "$cgroup/cpu/cpu.cfs_quota_us")
  period=$(cat "$cgroup/cpu/cpu.cfs_period_us")
  [ "$quota" -gt 0 ] 2>/dev/null || quota=max
fi
if [ "${quota:-max}" != max ] && [ "${period:-0}" -gt 0 ]; then
  cpus=$(( (quota + period - 1) / period ))
fi
[ "$cpus" -ge 1 ] || cpus=1
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$cpus}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$cpus}"

# Memory: half for the heap (the JVM reads the limit itself), and caps for what JavaCPP may take
# off-heap so that heap + native stay inside the limit: a quarter for ND4J's arrays, and the whole
# process at 90% of the limit.
# cgroup v2 memory.max ("max": none), or v1 memory.limit_in_bytes (a number near 2^63: none).
memory_options=""
limit=max
if [ -r "$cgroup/memory.max" ]; then
  limit=$(cat "$cgroup/memory.max")
elif [ -r "$cgroup/memory/memory.limit_in_bytes" ]; then
  limit=$(cat "$cgroup/memory/memory.limit_in_bytes")
  [ "${#limit}" -lt 19 ] || limit=max
fi
if [ "$limit" != max ] && [ "$limit" -gt 0 ] 2>/dev/null; then
  memory_options="-Dorg.bytedeco.javacpp.maxbytes=$((limit / 4)) -Dorg.bytedeco.javacpp.maxphysicalbytes=$((limit / 10 * 9))"
fi

# Out of heap, the process exits (status 3) and the orchestrator restarts it; HEAP_DUMP_DIR (a
# writable volume) adds a heap dump there first.
dump_options=""
if [ -n "${HEAP_DUMP_DIR:-}" ]; then
  dump_options="-XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=$HEAP_DUMP_DIR"
fi

# The native libraries (~400 MB) are unpacked once into a writable cache inside /app.
# shellcheck disable=SC2086
exec java --add-modules jdk.incubator.vector -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError $dump_options \
  -Dorg.bytedeco.javacpp.cachedir="${JAVACPP_CACHE:-/app/.javacpp}" $memory_options ${JAVA_OPTS:-} \
  -jar /app/mf-recommender.jar "$@"
