// The placement filters in pipeline order, shared by the reference implementation, the fast
// Placer and the explainer, so all three judge an instance the same way.
#pragma once

#include <algorithm>

#include "ecsplay/placement.h"

namespace ecsplay::filters {

inline bool contains(const std::vector<int>& sorted, int v) { return std::binary_search(sorted.begin(), sorted.end(), v); }

// Static ports reserved on the instance (the default ones included): at most 100 at a time (API
// ref: PortMapping.hostPort: "This number includes the default reserved ports. Automatically
// assigned ports aren't included in the 100 reserved ports quota").
inline int reservedCount(const std::vector<int>& inUse, int dynamicInUse) {
  return static_cast<int>(inUse.size()) - dynamicInUse;
}

inline int dynamicFree(const std::vector<int>& inUse) {
  int used = static_cast<int>(inUse.end() - std::lower_bound(inUse.begin(), inUse.end(), kDynamicPortFirst));
  return (kDynamicPortLast - kDynamicPortFirst + 1) - used;
}

// The first of `wanted` already in use, or -1; 0 when the 100-port quota is the problem.
inline int portConflict(const std::vector<int>& inUse, int dynamicInUse, const std::vector<int>& wanted) {
  for (int p : wanted) {
    if (contains(inUse, p)) return p;
  }
  if (!wanted.empty() && reservedCount(inUse, dynamicInUse) + static_cast<int>(wanted.size()) > 100) return 0;
  return -1;
}

inline bool portsFit(const std::vector<int>& inUse, int dynamicInUse, const std::vector<int>& wanted, int dynamic) {
  return portConflict(inUse, dynamicInUse, wanted) < 0 && (dynamic == 0 || dynamicFree(inUse) >= dynamic);
}

// The filters that do not change as tasks are placed: status and agent, OS family, CPU
// architecture, required attributes.
inline PlacementReason checkStatic(const PlacementInstance& i, const TaskNeeds& n) {
  if (i.status != "ACTIVE") return PlacementReason::Status;
  if (!i.agentConnected) return PlacementReason::Agent;
  // runtimePlatform acts as a requirement on ecs.os-family (agent PR 3044); Linux instances report
  // LINUX (an instance without the attribute is taken for one, as agents before it were Linux).
  if (!n.osFamily.empty()) {
    const std::string* family = i.attribute("ecs.os-family");
    if ((family ? *family : std::string("LINUX")) != n.osFamily) return PlacementReason::Attribute;
  }
  if (!n.cpuArchitecture.empty()) {
    const std::string* arch = i.attribute("ecs.cpu-architecture");
    if ((arch ? *arch : std::string("x86_64")) != n.cpuArchitecture) return PlacementReason::Attribute;
  }
  for (const std::string& a : n.requiredAttributes) {
    if (!i.attribute(a)) return PlacementReason::Attribute;
  }
  return PlacementReason::None;
}

// Runs the filters; `memberOf(k)` answers whether the instance matches the request's k-th memberOf
// expression (evaluated or cached by the caller).
// `staticPassed`: the caller already knows the status and attribute filters pass (a cache).
template <class MemberOf>
PlacementReason check(const PlacementInstance& i, const CompiledRequest& r, MemberOf&& memberOf,
                      bool staticPassed = false) {
  const TaskNeeds& n = r.request.needs;
  if (!staticPassed) {
    PlacementReason s = checkStatic(i, n);
    if (s != PlacementReason::None) return s;
  }
  if (i.remainingCpu < n.cpu) return PlacementReason::Cpu;
  if (i.remainingMemoryMiB < n.memoryMiB) return PlacementReason::Memory;
  if (i.remainingGpus < n.gpus) return PlacementReason::Gpu;
  if (!portsFit(i.tcpPortsInUse, i.dynamicTcpInUse, n.tcpPorts, n.dynamicTcpPorts)) return PlacementReason::Ports;
  if (!portsFit(i.udpPortsInUse, i.dynamicUdpInUse, n.udpPorts, n.dynamicUdpPorts)) return PlacementReason::PortsUdp;
  if (n.needsEni && i.enisInUse >= i.eniLimit) return PlacementReason::Eni;
  if (r.distinctInstance) {
    auto it = i.tasksByGroup.find(r.request.group);
    if (it != i.tasksByGroup.end() && it->second > 0) return PlacementReason::DistinctInstance;
  }
  for (size_t k = 0; k < r.memberOf.size(); ++k) {
    if (!memberOf(k)) return PlacementReason::MemberOf;
  }
  return PlacementReason::None;
}

// The value a spread strategy groups instances by ("" when the instance lacks the attribute).
inline std::string_view spreadValueView(const PlacementInstance& i, const std::string& field) {
  if (field == "instanceId" || field == "host") return i.containerInstanceArn;
  const std::string* v = i.attribute(std::string_view(field).substr(10));
  return v ? std::string_view(*v) : std::string_view();
}
inline std::string spreadValue(const PlacementInstance& i, const std::string& field) {
  return std::string(spreadValueView(i, field));
}

// The random strategy's pick among the tied instances (sorted): the first at or after `start`,
// cyclically.
inline int randomPick(const std::vector<int>& tied, uint64_t start) {
  auto it = std::lower_bound(tied.begin(), tied.end(), static_cast<int>(start));
  return it == tied.end() ? tied.front() : *it;
}

inline int groupTasks(const PlacementInstance& i, const std::string& group) {
  auto it = i.tasksByGroup.find(group);
  return it == i.tasksByGroup.end() ? 0 : it->second;
}

}  // namespace ecsplay::filters
