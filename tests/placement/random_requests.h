// Random requests over random clusters for the explainer and property tests: every filter has a
// chance to matter (CPU, memory, GPUs, TCP/UDP static and dynamic ports, ENIs, attributes, the
// CPU architecture, distinctInstance, memberOf with and without task-dependent subjects) under
// every shape of strategy chain. Fixed seeds, ecsplay::Random only.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/random.h"
#include "placement/cluster_gen.h"

namespace ecsplay::test {

inline const std::vector<std::vector<PlacementStrategyItem>>& strategyChains() {
  static const std::vector<std::vector<PlacementStrategyItem>> all = {
      {{"random", ""}},
      {{"binpack", "memory"}},
      {{"binpack", "cpu"}},
      {{"spread", "instanceId"}},
      {{"spread", "host"}},
      {{"spread", "attribute:ecs.availability-zone"}},
      {{"spread", "attribute:stack"}},
      {{"spread", "attribute:ecs.availability-zone"}, {"spread", "instanceId"}},
      {{"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}},
      {{"spread", "attribute:ecs.availability-zone"}, {"random", ""}},
      {{"binpack", "memory"}, {"spread", "attribute:ecs.availability-zone"}},
      {{"binpack", "cpu"}, {"binpack", "memory"}},
      {{"binpack", "cpu"}, {"random", ""}, {"binpack", "memory"}},
      {{"random", ""}, {"binpack", "memory"}},
      {{"spread", "instanceId"}, {"random", ""}},
      {{"spread", "attribute:ecs.instance-type"}, {"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}},
      {{"spread", "attribute:stack"},
       {"spread", "attribute:ecs.availability-zone"},
       {"binpack", "cpu"},
       {"spread", "instanceId"},
       {"binpack", "memory"}},
  };
  return all;
}

// A cluster from cluster_gen.h with some GPU instances, some arm64 ones, some instances already
// running tasks of the test groups, and a few already short of ports and ENIs.
inline std::vector<PlacementInstance> richCluster(int instances, int zones, uint64_t seed, bool someUnavailable = true) {
  ClusterShape shape;
  shape.instances = instances;
  shape.zones = zones;
  shape.someUnavailable = someUnavailable;
  std::vector<PlacementInstance> cluster = makeCluster(shape, seed);
  Random rng(seed ^ 0x5eed);
  for (size_t i = 0; i < cluster.size(); ++i) {
    PlacementInstance& in = cluster[i];
    if (rng.below(6) == 0) in.registeredGpus = in.remainingGpus = 1 + static_cast<int>(rng.below(4));
    if (rng.below(8) == 0) in.setAttribute("ecs.cpu-architecture", "arm64");
    if (rng.below(5) == 0) {
      const char* groups[] = {"family:web", "family:api", "service:web"};
      std::string g = groups[rng.below(3)];
      in.tasksByGroup[g] += 1;
      in.remainingCpu -= 256;
      in.remainingMemoryMiB -= 512;
      ++in.runningTasksCount;
    }
    if (rng.below(10) == 0) in.enisInUse = in.eniLimit;
    if (rng.below(10) == 0) {
      in.tcpPortsInUse.push_back(8000);
      std::sort(in.tcpPortsInUse.begin(), in.tcpPortsInUse.end());
    }
  }
  return cluster;
}

inline PlacementRequest randomRequest(Random& rng, const std::vector<PlacementStrategyItem>& chain) {
  PlacementRequest r;
  const char* families[] = {"web", "api", "batch"};
  r.needs.family = families[rng.below(3)];
  r.needs.cpu = static_cast<int>(rng.below(5)) * 256;
  r.needs.memoryMiB = 128 + static_cast<int>(rng.below(16)) * 256;
  if (rng.below(8) == 0) r.needs.gpus = 1 + static_cast<int>(rng.below(2));
  if (rng.below(4) == 0) r.needs.tcpPorts = {8000 + static_cast<int>(rng.below(3))};
  if (rng.below(10) == 0) r.needs.tcpPorts = {80, 443};
  if (rng.below(6) == 0) r.needs.udpPorts = {5000 + static_cast<int>(rng.below(2))};
  if (rng.below(4) == 0) r.needs.dynamicTcpPorts = 1 + static_cast<int>(rng.below(2));
  if (rng.below(8) == 0) r.needs.dynamicUdpPorts = 1;
  if (rng.below(5) == 0) r.needs.needsEni = true;
  if (rng.below(6) == 0) r.needs.requiredAttributes = {"ecs.capability.task-eni"};
  if (rng.below(12) == 0) r.needs.cpuArchitecture = "arm64";
  if (rng.below(12) == 0) r.needs.osFamily = "LINUX";
  r.count = 1 + static_cast<int>(rng.below(10));
  r.group = rng.below(4) == 0 ? "service:web" : "family:" + r.needs.family;
  r.strategies = chain;
  switch (rng.below(9)) {
    case 0: r.constraints = {{"distinctInstance", ""}}; break;
    case 1: r.constraints = {{"memberOf", "attribute:stack == prod"}}; break;
    case 2: r.constraints = {{"memberOf", "attribute:ecs.instance-type =~ m5.* or runningTasksCount < 1"}}; break;
    case 3: r.constraints = {{"memberOf", "not(task:group == family:api)"}}; break;
    case 4:
      r.constraints = {{"distinctInstance", ""}, {"memberOf", "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"}};
      break;
    case 5: r.constraints = {{"memberOf", "attribute:ecs.availability-zone != us-east-1a and agentConnected == true"}}; break;
    default: break;
  }
  return r;
}

}  // namespace ecsplay::test
