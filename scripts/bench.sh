#!/usr/bin/env bash
# Runs the benchmarks: Google Benchmark natively (every workload and size), then the same timing
# harnesses (placement, the simulation engine's 24-hour day with seeking, the 1,000-service
# deployment) natively and as
# WebAssembly in Node, and prints the wasm/native ratios.
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
echo "== the simulation engine: the 24-hour health-check day, native and wasm (best of 3 runs each)"
run_ms() { sed -n 's/.* run \([0-9]*\) ms.*/\1/p'; }
best_native=""; best_wasm=""
for i in 1 2 3; do
  n=$(build/native/tests/bench/sim_timing 1000 10000 24); echo "native: $n"
  w=$(node build/web/tests/bench/sim_timing.js 1000 10000 24); echo "wasm:   $w"
  nm=$(echo "$n" | run_ms); wm=$(echo "$w" | run_ms)
  if [ -z "$best_native" ] || [ "$nm" -lt "$best_native" ]; then best_native=$nm; fi
  if [ -z "$best_wasm" ] || [ "$wm" -lt "$best_wasm" ]; then best_wasm=$wm; fi
done
awk -v n="$best_native" -v w="$best_wasm" \
  'BEGIN { printf "health-check-day   native %d ms, wasm (Node) %d ms: wasm/native %.2fx\n", n, w, w / n }'
echo "== the service scheduler: 1,000 services redeployed, each run in a fresh process (best of 5)"
deploy_ms() { sed -n 's/.* simulated in \([0-9]*\) ms.*/\1/p'; }
best_native=""; best_wasm=""
for i in 1 2 3 4 5; do
  nm=$(build/native/tests/bench/sim_timing deployment | deploy_ms)
  wm=$(node build/web/tests/bench/sim_timing.js deployment | deploy_ms)
  echo "native ${nm} ms, wasm ${wm} ms"
  if [ -z "$best_native" ] || [ "$nm" -lt "$best_native" ]; then best_native=$nm; fi
  if [ -z "$best_wasm" ] || [ "$wm" -lt "$best_wasm" ]; then best_wasm=$wm; fi
done
awk -v n="$best_native" -v w="$best_wasm" \
  'BEGIN { printf "deployment         native %d ms, wasm (Node) %d ms: wasm/native %.2fx (BM_ServiceDeployment above: the same, warm)\n", n, w, w / n }'
