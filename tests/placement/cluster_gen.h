// Random clusters and requests for the placement tests and benchmarks (fixed seeds).
#pragma once

#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/random.h"

namespace ecsplay::test {

struct ClusterShape {
  int instances = 100;
  int zones = 3;
  bool mixedTypes = true;     // several sizes; else all alike
  bool someUnavailable = false;  // a few draining or disconnected instances
  bool customAttributes = true;  // "stack" = prod/dev and friends
};

inline std::string zoneName(int z) { return std::string("us-east-1") + static_cast<char>('a' + z % 6); }

// One container instance; `i` picks its size and zone deterministically from `rng`.
inline PlacementInstance makeInstance(int i, const ClusterShape& shape, Random& rng) {
  struct Type {
    const char* name;
    int cpu, memory, enis;
  };
  static const Type types[] = {{"m5.large", 2048, 7680, 2},    {"m5.xlarge", 4096, 15576, 3},
                               {"c5.large", 2048, 3704, 2},    {"r5.large", 2048, 15600, 2},
                               {"m5.2xlarge", 8192, 31369, 3}, {"t3.medium", 2048, 3840, 2}};
  const Type& t = shape.mixedTypes ? types[rng.below(6)] : types[0];
  PlacementInstance in;
  char arn[96];
  std::snprintf(arn, sizeof arn, "arn:aws:ecs:us-east-1:123456789012:container-instance/demo/%032x", i + 1);
  in.containerInstanceArn = arn;
  char id[32];
  std::snprintf(id, sizeof id, "i-%017x", i + 1);
  in.ec2InstanceId = id;
  in.registeredCpu = in.remainingCpu = t.cpu;
  in.registeredMemoryMiB = in.remainingMemoryMiB = t.memory;
  in.eniLimit = t.enis;
  in.registeredAtMs = 1767225600000LL + i * 1000LL;
  in.tcpPortsInUse = reservedHostPorts();
  in.setAttribute("ecs.instance-type", t.name);
  in.setAttribute("ecs.availability-zone", zoneName(static_cast<int>(rng.below(static_cast<uint64_t>(shape.zones)))));
  in.setAttribute("ecs.os-type", "linux");
  in.setAttribute("ecs.os-family", "LINUX");
  in.setAttribute("ecs.cpu-architecture", "x86_64");
  in.setAttribute("ecs.ami-id", "ami-0abcdef1234567890");
  in.setAttribute("com.amazonaws.ecs.capability.logging-driver.awslogs", "");
  in.setAttribute("com.amazonaws.ecs.capability.docker-remote-api.1.19", "");
  in.setAttribute("ecs.capability.task-eni", "");
  if (shape.customAttributes) in.setAttribute("stack", rng.below(3) == 0 ? "dev" : "prod");
  if (shape.someUnavailable) {
    uint64_t r = rng.below(20);
    if (r == 0) in.status = "DRAINING";
    if (r == 1) in.agentConnected = false;
  }
  return in;
}

inline std::vector<PlacementInstance> makeCluster(const ClusterShape& shape, uint64_t seed) {
  Random rng(seed);
  std::vector<PlacementInstance> out;
  out.reserve(static_cast<size_t>(shape.instances));
  for (int i = 0; i < shape.instances; ++i) out.push_back(makeInstance(i, shape, rng));
  return out;
}

inline TaskNeeds smallTask(const std::string& family = "web") {
  TaskNeeds n;
  n.family = family;
  n.cpu = 256;
  n.memoryMiB = 512;
  n.requiredAttributes = {"com.amazonaws.ecs.capability.logging-driver.awslogs",
                          "com.amazonaws.ecs.capability.docker-remote-api.1.19"};
  return n;
}

}  // namespace ecsplay::test
