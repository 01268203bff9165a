#!/bin/bash
# Alternating runs of two or more builds of the peer benchmark, for a before/after of a VM change:
# each round runs every binary once, in turn, so a machine that slows down slows them all alike.
# Prints each run's VM, tuned LuaJIT and C++ times and the VM's ratios to both, then per binary
# the ratios sorted (their medians are the figures to compare; docs/performance.md).
#
#   bench/alternate.sh ROUNDS CASES BENCH_BINARY...
#
# CASES: the bench target's cases (build/release/bench/fujian-cases.jsonl). Each BENCH_BINARY is an
# edict_bench with its Lua peers (edict_bench_lua54.so, edict_bench_luajit.so) beside it; run from
# the repository's top (the policy and the Lua script are read from here).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 ROUNDS CASES BENCH_BINARY..." >&2
  exit 2
fi
rounds=$1 cases=$2
shift 2
declare -A to_cpp to_luajit
for ((r = 1; r <= rounds; ++r)); do
  for bin in "$@"; do
    dir=$(dirname "$bin")
    out=$("$bin" --cases "$cases" --policy policies/fujian/2020-14 --script bench/fujian.lua \
      --lua54 "$dir/edict_bench_lua54.so" --luajit "$dir/edict_bench_luajit.so" \
      --benchmark_filter='fujian/(edict_vm|luajit_tuned|cpp_handwritten)$' --benchmark_min_time=0.3 \
      --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true --peers-only 2>&1)
    vm=$(awk '/^Edict VM \(/ {print $(NF-1)}' <<<"$out")
    lj=$(awk '/^LuaJIT tuned/ {print $(NF-1)}' <<<"$out")
    cpp=$(awk '/^hand-written C\+\+/ {print $(NF-1)}' <<<"$out")
    if [ -z "$vm" ] || [ -z "$lj" ] || [ -z "$cpp" ]; then
      echo "$bin: no summary in its output:" >&2
      echo "$out" | tail -5 >&2
      exit 1
    fi
    q_cpp=$(awk -v a="$vm" -v b="$cpp" 'BEGIN {printf "%.3f", a / b}')
    q_lj=$(awk -v a="$vm" -v b="$lj" 'BEGIN {printf "%.3f", a / b}')
    to_cpp[$bin]="${to_cpp[$bin]:-} $q_cpp"
    to_luajit[$bin]="${to_luajit[$bin]:-} $q_lj"
    echo "$(date -u +%H:%M:%S) $bin  VM $vm ns  tuned LuaJIT $lj ns  C++ $cpp ns  VM/C++ $q_cpp  VM/LuaJIT $q_lj"
  done
done
for bin in "$@"; do
  echo "$bin  VM/C++ sorted:$(tr ' ' '\n' <<<"${to_cpp[$bin]}" | sort -n | tr '\n' ' ')  VM/LuaJIT sorted:$(tr ' ' '\n' <<<"${to_luajit[$bin]}" | sort -n | tr '\n' ' ')"
done
