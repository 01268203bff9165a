#!/bin/sh
# Builds the libFuzzer targets with clang, ASan and UBSan (in BUILD, default /tmp/build-fuzz) and
# runs each for SECONDS (default 600) at the lowest priority, all five at once. New inputs go to
# BUILD/found-<target>; with MERGE=1 the ones that add coverage are merged into
# tests/fuzz/corpus/<target>. Crashes are written as BUILD/crash-* and the run stops.
# Usage: tests/fuzz/run.sh [SECONDS]          (needs clang and libclang-rt-14-dev)
set -e
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-600}
build=${BUILD:-/tmp/build-fuzz}
mkdir -p "$build"
CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEDICT_FUZZ=ON -DEDICT_SANITIZE=ON -DEDICT_BENCH=OFF >/dev/null
nice -n 19 cmake --build "$build" -j1 --target edict_fuzz_compile edict_fuzz_case_json edict_fuzz_artifact edict_fuzz_service edict_fuzz_chains
cd "$build"
for t in compile case_json artifact service chains; do
  mkdir -p "found-$t"
  nice -n 19 "./tests/fuzz/edict_fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "found-$t" "$src/tests/fuzz/corpus/$t" >"fuzz-$t.log" 2>&1 &
done
wait
for t in compile case_json artifact service chains; do
  echo "== $t"; grep -E "stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|crash-" "fuzz-$t.log" || true
  if [ "${MERGE:-0}" = 1 ]; then
    "./tests/fuzz/edict_fuzz_$t" -set_cover_merge=1 "$src/tests/fuzz/corpus/$t" "found-$t" >/dev/null 2>&1
  fi
done
