// A plain timing harness for the placement workloads, built natively and for WebAssembly (run in
// Node), so scripts/bench.sh can compare the two builds on the same work (Google Benchmark is not
// available to Emscripten). Prints one line per workload: name, instances, milliseconds (the best
// of several runs), placements per second.
#include <chrono>
#include <cstdio>
#include <memory>

#include "bench/placement_workloads.h"

using namespace ecsplay;

namespace {

double millisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int instances = argc > 1 ? std::atoi(argv[1]) : 10000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (instances < 1 || instances > 200000 || runs < 1 || runs > 100) {
    std::fprintf(stderr, "usage: placement_timing [INSTANCES 1-200000] [RUNS 1-100]\n");
    return 2;
  }
  std::vector<PlacementInstance> cluster = bench::benchCluster(instances);
  for (bench::Workload w : {bench::Workload::Binpack, bench::Workload::SpreadAzBinpack, bench::Workload::MemberOf}) {
    double best = 1e300;
    long placed = 0;
    for (int r = 0; r < runs; ++r) {
      auto placer = std::make_unique<Placer>(cluster);
      auto start = std::chrono::steady_clock::now();
      placed = bench::placeAll(*placer, w, 7);
      best = std::min(best, millisSince(start));
    }
    std::printf("%-18s %7d instances %9.1f ms %12.0f placements/s (%ld placed)\n", bench::workloadName(w), instances,
                best, placed / (best / 1000.0), placed);
  }
  Placer placer(cluster);
  CompiledRequest compiled;
  if (compileRequest(bench::benchRequest(bench::Workload::SpreadAzBinpack), compiled)) return 1;
  Random random(3);
  for (int k = 0; k < instances / 2; ++k) placer.place(compiled, random);
  double best = 1e300;
  for (int r = 0; r < runs * 4; ++r) {
    auto start = std::chrono::steady_clock::now();
    PlacementExplanation e = placer.explain(compiled, random);
    best = std::min(best, millisSince(start));
    if (e.rows.size() != static_cast<size_t>(instances)) return 1;
  }
  std::printf("%-18s %7d instances %9.2f ms\n", "explain", instances, best);
  return 0;
}
