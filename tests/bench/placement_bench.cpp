// Placement throughput and explainer latency (tests/bench/placement_workloads.h lists the
// workloads). Run: build/native/tests/bench/ecsplay_bench  (or scripts/bench.sh)
#include <benchmark/benchmark.h>

#include <memory>

#include "bench/placement_workloads.h"

using namespace ecsplay;

static void placement(benchmark::State& state, bench::Workload w) {
  int n = static_cast<int>(state.range(0));
  std::vector<PlacementInstance> cluster = bench::benchCluster(n);
  long placed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto placer = std::make_unique<Placer>(cluster);  // copying the cluster is not placement
    state.ResumeTiming();
    placed = bench::placeAll(*placer, w, 7);
    benchmark::DoNotOptimize(placed);
    state.PauseTiming();
    placer.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n) * 10);
  state.counters["placed"] = static_cast<double>(placed);
  state.SetLabel(n > 5000 ? "beyond ECS limits (5,000 instances per cluster)" : "");
}

static void explain(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  std::vector<PlacementInstance> cluster = bench::benchCluster(n);
  // Half full first, so the table has every kind of row.
  Placer placer(cluster);
  CompiledRequest compiled;
  if (compileRequest(bench::benchRequest(bench::Workload::SpreadAzBinpack), compiled)) state.SkipWithError("bad request");
  Random random(3);
  for (int k = 0; k < n / 2; ++k) placer.place(compiled, random);
  for (auto _ : state) {
    PlacementExplanation e = placer.explain(compiled, random);
    benchmark::DoNotOptimize(e.chosen);
  }
  state.SetLabel(n > 5000 ? "beyond ECS limits" : "");
}

BENCHMARK_CAPTURE(placement, binpack, bench::Workload::Binpack)
    ->Arg(100)->Arg(1000)->Arg(5000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(placement, spread_az_binpack, bench::Workload::SpreadAzBinpack)
    ->Arg(100)->Arg(1000)->Arg(5000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(placement, member_of, bench::Workload::MemberOf)
    ->Arg(100)->Arg(1000)->Arg(5000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(explain)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
