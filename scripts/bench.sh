#!/usr/bin/env bash
# Runs the benchmarks: Google Benchmark natively (every workload and size), then the same timing
# harness natively and as WebAssembly in Node, and prints the wasm/native ratio.
#   scripts/bench.sh [INSTANCES]     (default 10000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
n=${1:-10000}
scripts/setup-deps.sh
scripts/build.sh native web
echo "== Google Benchmark (native)"
build/native/tests/bench/ecsplay_bench --benchmark_min_time=0.2 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
echo "== the same harness, native and wasm (best of 5 runs)"
native=$(build/native/tests/bench/placement_timing "$n" 5)
wasm=$(node build/web/tests/bench/placement_timing.js "$n" 5)
echo "native:"; echo "$native"
echo "wasm (Node $(node --version)):"; echo "$wasm"
paste <(echo "$native" | awk '{print $1, $4}') <(echo "$wasm" | awk '{print $4}') |
  awk '{printf "%-18s wasm/native %.2fx\n", $1, $3 / $2}'
