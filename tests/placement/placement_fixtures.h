// Small hand-made clusters and requests for the placement tests, and a runner that places with
// both implementations (placeReference and the fast Placer) and checks that they agree, so every
// hand-written case also checks the Placer.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/placer.h"
#include "ecsplay/random.h"

namespace ecsplay::test {

inline std::string instanceArn(int n) {
  return "arn:aws:ecs:us-east-1:123456789012:container-instance/demo/" + std::to_string(1000 + n);
}

// A Linux x86_64 instance, registered n seconds after the first one, with the default reserved
// ports, 2 ENI slots and the capability attributes the test tasks ask for.
inline PlacementInstance node(int n, int cpu = 2048, int memoryMiB = 4096, const std::string& zone = "us-east-1a") {
  PlacementInstance in;
  in.containerInstanceArn = instanceArn(n);
  in.ec2InstanceId = "i-0000000000000" + std::to_string(1000 + n);
  in.registeredAtMs = 1767225600000LL + n * 1000LL;
  in.registeredCpu = in.remainingCpu = cpu;
  in.registeredMemoryMiB = in.remainingMemoryMiB = memoryMiB;
  in.eniLimit = 2;
  in.tcpPortsInUse = reservedHostPorts();
  in.setAttribute("ecs.instance-type", "m5.large");
  in.setAttribute("ecs.availability-zone", zone);
  in.setAttribute("ecs.os-type", "linux");
  in.setAttribute("ecs.os-family", "LINUX");
  in.setAttribute("ecs.cpu-architecture", "x86_64");
  in.setAttribute("ecs.capability.task-eni", "");
  in.setAttribute("com.amazonaws.ecs.capability.logging-driver.awslogs", "");
  return in;
}

inline TaskNeeds task(int cpu = 256, int memoryMiB = 512, const std::string& family = "web") {
  TaskNeeds n;
  n.family = family;
  n.cpu = cpu;
  n.memoryMiB = memoryMiB;
  return n;
}

inline PlacementRequest request(const TaskNeeds& needs, int count = 1,
                                std::vector<PlacementStrategyItem> strategies = {{"binpack", "memory"}}) {
  PlacementRequest r;
  r.needs = needs;
  r.count = count;
  r.strategies = std::move(strategies);
  return r;
}

// Compiles a request the test expects to be valid.
inline CompiledRequest compiled(const PlacementRequest& r) {
  CompiledRequest c;
  if (auto error = compileRequest(r, c)) ADD_FAILURE() << "the test's request is refused: " << error->message;
  return c;
}

// The first filter the instance fails, as RunTask's reason text ("" when it passes).
inline std::string reasonFor(const PlacementInstance& in, const CompiledRequest& r) {
  return placementReasonCode(firstFailingFilter(in, r));
}

inline std::string describe(const PlacementResult& r) {
  std::string s = "placed on [";
  for (size_t k = 0; k < r.placements.size(); ++k) s += (k ? "," : "") + std::to_string(r.placements[k]);
  s += "], unplaced " + std::to_string(r.unplaced);
  for (const PlacementFailure& f : r.failures) s += ", failure {" + f.arn + ", " + f.reason + "}";
  if (r.error) s += ", error " + r.error->type + ": " + r.error->message;
  return s;
}

inline ::testing::AssertionResult sameResult(const PlacementResult& a, const PlacementResult& b) {
  bool same = a.placements == b.placements && a.unplaced == b.unplaced && a.failures.size() == b.failures.size() &&
              a.error.has_value() == b.error.has_value();
  for (size_t k = 0; same && k < a.failures.size(); ++k) {
    same = a.failures[k].arn == b.failures[k].arn && a.failures[k].reason == b.failures[k].reason &&
           a.failures[k].instance == b.failures[k].instance;
  }
  if (same && a.error) same = a.error->type == b.error->type && a.error->message == b.error->message;
  same = same && a.hostPorts.size() == b.hostPorts.size();
  for (size_t k = 0; same && k < a.hostPorts.size(); ++k) {
    same = a.hostPorts[k].tcp == b.hostPorts[k].tcp && a.hostPorts[k].udp == b.hostPorts[k].udp;
  }
  if (same) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "placeReference: " << describe(a) << "\nPlacer:         " << describe(b);
}

// Places with placeReference on `instances` (which then hold the placed tasks) and with a Placer
// over a copy, from the same seed; the two must choose the same instances and report the same
// failures. Returns the reference's result.
inline PlacementResult placeBoth(std::vector<PlacementInstance>& instances, const CompiledRequest& r,
                                 uint64_t seed = 1) {
  Placer placer(instances);
  Random forReference(seed), forPlacer(seed);
  PlacementResult reference = placeReference(instances, r, forReference);
  PlacementResult fast = placer.place(r, forPlacer);
  EXPECT_TRUE(sameResult(reference, fast)) << "the Placer disagrees with placeReference";
  return reference;
}

inline PlacementResult placeBoth(std::vector<PlacementInstance>& instances, const PlacementRequest& r,
                                 uint64_t seed = 1) {
  return placeBoth(instances, compiled(r), seed);
}

// A task that was placed: where, what it took, and its ports.
struct PlacedTask {
  int instance;
  TaskNeeds needs;
  std::string group;
  HostPorts ports;
};

// What a stopped task gives back, done by hand on the reference's view (the reference has no
// release of its own).
inline void releaseByHand(PlacementInstance& in, const PlacedTask& t) {
  in.remainingCpu += t.needs.cpu;
  in.remainingMemoryMiB += t.needs.memoryMiB;
  in.remainingGpus += t.needs.gpus;
  for (int p : t.ports.tcp) in.tcpPortsInUse.erase(std::find(in.tcpPortsInUse.begin(), in.tcpPortsInUse.end(), p));
  for (int p : t.ports.udp) in.udpPortsInUse.erase(std::find(in.udpPortsInUse.begin(), in.udpPortsInUse.end(), p));
  in.dynamicTcpInUse -= static_cast<int>(t.ports.tcp.size() - t.needs.tcpPorts.size());
  in.dynamicUdpInUse -= static_cast<int>(t.ports.udp.size() - t.needs.udpPorts.size());
  if (t.needs.needsEni) --in.enisInUse;
  if (--in.tasksByGroup[t.group] == 0) in.tasksByGroup.erase(t.group);
  --in.runningTasksCount;  // a placed task counts as running (desiredStatus RUNNING)
}

}  // namespace ecsplay::test
