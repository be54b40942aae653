// The placement workloads the benchmarks time, natively (Google Benchmark, placement_bench.cpp)
// and in Node on the wasm build (placement_bench_wasm.cpp):
//
//   binpack            binpack(memory)                                  RunTask-sized requests of 10
//   spread-az-binpack  spread(attribute:ecs.availability-zone), binpack(memory)
//   memberOf           memberOf(attribute:ecs.instance-type =~ m5.*), RunTask's default (random)
//   explain            one explanation of the next placement (the "why not placed?" table)
//
// Each places 10 tasks per instance (100,000 tasks onto 10,000 instances), as requests of 10,
// the RunTask maximum; sizes above 5,000 instances are beyond ECS's per-cluster limit and say so.
#pragma once

#include <string>
#include <vector>

#include "ecsplay/placer.h"
#include "placement/cluster_gen.h"

namespace ecsplay::bench {

enum class Workload { Binpack, SpreadAzBinpack, MemberOf };

inline const char* workloadName(Workload w) {
  switch (w) {
    case Workload::Binpack: return "binpack";
    case Workload::SpreadAzBinpack: return "spread-az-binpack";
    case Workload::MemberOf: return "memberOf";
  }
  return "";
}

inline PlacementRequest benchRequest(Workload w) {
  PlacementRequest r;
  r.needs = test::smallTask("bench");
  r.needs.cpu = 128;
  r.needs.memoryMiB = 256;
  r.count = 10;
  switch (w) {
    case Workload::Binpack: r.strategies = {{"binpack", "memory"}}; break;
    case Workload::SpreadAzBinpack:
      r.strategies = {{"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}};
      break;
    case Workload::MemberOf: r.constraints = {{"memberOf", "attribute:ecs.instance-type =~ m5.*"}}; break;
  }
  return r;
}

inline std::vector<PlacementInstance> benchCluster(int instances) {
  test::ClusterShape shape;
  shape.instances = instances;
  shape.zones = 3;
  return test::makeCluster(shape, 42);
}

// Places 10 tasks per instance with a fresh placer; returns how many were placed.
inline long placeAll(Placer& placer, Workload w, uint64_t seed) {
  CompiledRequest compiled;
  if (compileRequest(benchRequest(w), compiled)) return -1;
  Random random(seed);
  long placed = 0;
  long requests = static_cast<long>(placer.instances().size());  // 10 tasks each
  for (long k = 0; k < requests; ++k) placed += static_cast<long>(placer.place(compiled, random).placements.size());
  return placed;
}

}  // namespace ecsplay::bench
