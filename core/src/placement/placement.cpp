// The placement pipeline's building blocks and the reference implementation (see
// ecsplay/placement.h).
#include "ecsplay/placement.h"

#include "placement/filters.h"

#include <algorithm>
#include <cstdio>

namespace ecsplay {

const std::vector<int>& reservedHostPorts() {
  static const std::vector<int> ports = {22, 2375, 2376, 51678, 51679};
  return ports;
}

// --- Needs --------------------------------------------------------------------------------------

TaskNeeds taskNeeds(const TaskDefinition& td, const std::vector<std::string>& requiresAttributes) {
  TaskNeeds n;
  n.family = td.family;
  int containerCpu = 0, containerMemory = 0;
  NetworkMode mode = td.effectiveNetworkMode();
  for (const ContainerDefinition& c : td.containerDefinitions) {
    containerCpu += c.cpu > 0 ? c.cpu : 0;
    if (auto m = c.reservedMemory(); m && *m > 0) containerMemory += *m;
    n.gpus += c.gpus;
    for (const PortMapping& p : c.portMappings) {
      if (p.containerPortRange) continue;  // not simulated
      bool udp = p.protocol == "udp";
      if (mode == NetworkMode::Bridge) {
        if (p.hostPort && *p.hostPort > 0) (udp ? n.udpPorts : n.tcpPorts).push_back(*p.hostPort);
        else ++(udp ? n.dynamicUdpPorts : n.dynamicTcpPorts);
      } else if (mode == NetworkMode::Host && p.containerPort) {
        (udp ? n.udpPorts : n.tcpPorts).push_back(p.hostPort.value_or(*p.containerPort));
      }
      // awsvpc: ports live on the task's own ENI, not the instance's.
    }
  }
  // ECS reserves the task-level values when they are set (ECS-FACTS.md: task cpu is a hard limit
  // for the whole task), else what the containers ask for.
  n.cpu = td.cpuUnits ? static_cast<int>(*td.cpuUnits) : containerCpu;
  n.memoryMiB = td.memoryMiB ? static_cast<int>(*td.memoryMiB) : containerMemory;
  n.needsEni = mode == NetworkMode::Awsvpc;
  if (td.operatingSystemFamily) n.osFamily = *td.operatingSystemFamily;
  if (td.cpuArchitecture) n.cpuArchitecture = *td.cpuArchitecture == "ARM64" ? "arm64" : "x86_64";
  n.requiredAttributes = requiresAttributes;
  std::sort(n.tcpPorts.begin(), n.tcpPorts.end());
  std::sort(n.udpPorts.begin(), n.udpPorts.end());
  return n;
}

bool operator==(const TaskNeeds& a, const TaskNeeds& b) {
  return a.cpu == b.cpu && a.memoryMiB == b.memoryMiB && a.gpus == b.gpus && a.tcpPorts == b.tcpPorts &&
         a.udpPorts == b.udpPorts && a.dynamicTcpPorts == b.dynamicTcpPorts && a.dynamicUdpPorts == b.dynamicUdpPorts &&
         a.needsEni == b.needsEni && a.osFamily == b.osFamily && a.cpuArchitecture == b.cpuArchitecture &&
         a.requiredAttributes == b.requiredAttributes && a.family == b.family;
}

TaskNeeds taskNeeds(const RegisteredTaskDefinition& td) { return taskNeeds(td.definition, td.requiresAttributes); }

// --- Instances ----------------------------------------------------------------------------------

namespace {

// Attribute names share long prefixes ("com.amazonaws.ecs.capability."): ordering by length first
// settles most comparisons without reading the bytes.
bool shorterOrLess(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

}  // namespace

const std::string* PlacementInstance::attribute(std::string_view name) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const std::pair<std::string, std::string>& a, std::string_view n) {
                               return shorterOrLess(a.first, n);
                             });
  if (it == attributes.end() || it->first != name) return nullptr;
  return &it->second;
}

void PlacementInstance::setAttribute(const std::string& name, const std::string& value) {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const std::pair<std::string, std::string>& a, const std::string& n) {
                               return shorterOrLess(a.first, n);
                             });
  if (it != attributes.end() && it->first == name) it->second = value;
  else attributes.insert(it, {name, value});
}

std::optional<std::string> InstanceSubjects::value(std::string_view subject) const {
  if (subject.rfind("attribute:", 0) == 0) {
    const std::string* v = i_.attribute(subject.substr(10));
    if (!v) return std::nullopt;
    return *v;
  }
  if (subject == "agentConnected") return std::string(i_.agentConnected ? "true" : "false");
  if (subject == "agentVersion") return i_.agentVersion;
  if (subject == "ec2InstanceId") return i_.ec2InstanceId;
  if (subject == "runningTasksCount") return std::to_string(i_.runningTasksCount);
  if (subject == "registeredAt") {
    // ISO 8601, UTC, from epoch milliseconds (civil-from-days, integer arithmetic only).
    int64_t secs = i_.registeredAtMs / 1000;
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
      rem += 86400;
      --days;
    }
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem % 3600 / 60), static_cast<long long>(rem % 60));
    return std::string(buf);
  }
  return std::nullopt;
}

int InstanceSubjects::tasksInGroup(std::string_view group) const {
  auto it = i_.tasksByGroup.find(std::string(group));
  return it == i_.tasksByGroup.end() ? 0 : it->second;
}

// --- Requests -----------------------------------------------------------------------------------

std::vector<PlacementStrategyItem> defaultRunTaskStrategies() { return {{"random", ""}}; }
std::vector<PlacementStrategyItem> defaultServiceStrategies() {
  return {{"spread", "attribute:ecs.availability-zone"}, {"spread", "instanceId"}};
}

std::optional<ApiError> compileRequest(const PlacementRequest& request, CompiledRequest& out) {
  auto invalid = [](const std::string& message) { return ApiError{"InvalidParameterException", message}; };
  out = CompiledRequest{};
  out.request = request;
  if (!request.beyondEcsLimits && (request.count < 1 || request.count > 10)) {
    return invalid("count must be between 1 and 10 (RunTask places at most 10 tasks per call); got " +
                   std::to_string(request.count) + ".");
  }
  if (request.count < 0) return invalid("count must not be negative; got " + std::to_string(request.count) + ".");
  if (request.strategies.size() > 5) {
    return invalid("A task can use at most 5 placement strategies; got " + std::to_string(request.strategies.size()) + ".");
  }
  if (request.constraints.size() > 10) {
    return invalid("A task can have at most 10 placement constraints (the task definition's included); got " +
                   std::to_string(request.constraints.size()) + ".");
  }
  for (const PlacementStrategyItem& s : request.strategies) {
    if (s.type == "binpack") {
      if (s.field != "cpu" && s.field != "memory") {
        return invalid("The binpack placement strategy takes the field cpu or memory; got '" + clip(s.field, 60) + "'.");
      }
    } else if (s.type == "spread") {
      bool ok = s.field == "instanceId" || s.field == "host" || (s.field.rfind("attribute:", 0) == 0 && s.field.size() > 10);
      if (!ok) {
        return invalid("The spread placement strategy takes the field instanceId, host or attribute:NAME (for example "
                       "attribute:ecs.availability-zone); got '" + clip(s.field, 60) + "'.");
      }
    } else if (s.type == "random") {
      if (!s.field.empty()) return invalid("The random placement strategy takes no field; got '" + clip(s.field, 60) + "'.");
    } else {
      return invalid("Unknown placement strategy type '" + clip(s.type, 60) + "': use random, spread or binpack.");
    }
  }
  for (const PlacementConstraintItem& c : request.constraints) {
    if (c.type == "distinctInstance") {
      if (!c.expression.empty()) return invalid("distinctInstance expression should not be specified.");
      out.distinctInstance = true;
    } else if (c.type == "memberOf") {
      if (c.expression.empty()) return invalid("A memberOf placement constraint needs an expression.");
      QueryParseResult parsed = parseQueryExpression(c.expression);
      if (!parsed.expression) return invalid(parsed.error);
      out.memberOf.push_back(std::move(*parsed.expression));
    } else {
      return invalid("Unknown placement constraint type '" + clip(c.type, 60) + "': use distinctInstance or memberOf.");
    }
  }
  if (out.request.strategies.empty()) out.request.strategies = defaultRunTaskStrategies();
  if (out.request.group.empty()) out.request.group = "family:" + request.needs.family;
  return std::nullopt;
}

const char* placementReasonCode(PlacementReason r) {
  switch (r) {
    case PlacementReason::None: return "";
    case PlacementReason::Status: return "NOT ACTIVE";
    case PlacementReason::Agent: return "AGENT";
    case PlacementReason::Attribute: return "ATTRIBUTE";
    case PlacementReason::Cpu: return "RESOURCE:CPU";
    case PlacementReason::Memory: return "RESOURCE:MEMORY";
    case PlacementReason::Gpu: return "RESOURCE:GPU";
    case PlacementReason::Ports: return "RESOURCE:PORTS";
    case PlacementReason::PortsUdp: return "RESOURCE:PORTS_UDP";
    case PlacementReason::Eni: return "RESOURCE:ENI";
    case PlacementReason::DistinctInstance: return "DistinctInstance placement constraint unsatisfied.";
    case PlacementReason::MemberOf: return "MemberOf placement constraint unsatisfied.";
  }
  return "";
}

// --- Filters ------------------------------------------------------------------------------------

PlacementReason firstFailingFilter(const PlacementInstance& i, const CompiledRequest& r) {
  InstanceSubjects subjects(i);
  return filters::check(i, r, [&](size_t k) { return r.memberOf[k].matches(subjects); });
}

namespace {

std::vector<int> takePorts(std::vector<int>& inUse, const std::vector<int>& wanted, int dynamic) {
  std::vector<int> taken = wanted;
  for (int p : wanted) inUse.insert(std::lower_bound(inUse.begin(), inUse.end(), p), p);
  for (int p = kDynamicPortFirst; dynamic > 0 && p <= kDynamicPortLast; ++p) {
    auto it = std::lower_bound(inUse.begin(), inUse.end(), p);
    if (it == inUse.end() || *it != p) {
      inUse.insert(it, p);
      taken.push_back(p);
      --dynamic;
    }
  }
  return taken;
}

}  // namespace

HostPorts takeResources(PlacementInstance& i, const CompiledRequest& r) {
  const TaskNeeds& n = r.request.needs;
  i.remainingCpu -= n.cpu;
  i.remainingMemoryMiB -= n.memoryMiB;
  i.remainingGpus -= n.gpus;
  HostPorts taken;
  if (!n.tcpPorts.empty() || n.dynamicTcpPorts) taken.tcp = takePorts(i.tcpPortsInUse, n.tcpPorts, n.dynamicTcpPorts);
  if (!n.udpPorts.empty() || n.dynamicUdpPorts) taken.udp = takePorts(i.udpPortsInUse, n.udpPorts, n.dynamicUdpPorts);
  i.dynamicTcpInUse += static_cast<int>(taken.tcp.size() - n.tcpPorts.size());
  i.dynamicUdpInUse += static_cast<int>(taken.udp.size() - n.udpPorts.size());
  if (n.needsEni) ++i.enisInUse;
  ++i.tasksByGroup[r.request.group];
  // A placed task's desiredStatus is RUNNING: runningTasksCount counts it (API ref:
  // ContainerInstance.runningTasksCount), which memberOf(runningTasksCount ...) reads.
  ++i.runningTasksCount;
  return taken;
}

// --- The reference implementation ---------------------------------------------------------------

PlacementResult placeReference(std::vector<PlacementInstance>& instances, const CompiledRequest& request,
                               Random& random) {
  PlacementResult result;
  if (auto error = noInstancesError(instances)) {
    result.error = error;
    return result;
  }
  const std::vector<PlacementStrategyItem>& strategies = request.request.strategies;
  const std::string& group = request.request.group;
  for (int task = 0; task < request.request.count; ++task) {
    std::vector<int> tied;  // the candidates still tied, in registration order
    for (size_t i = 0; i < instances.size(); ++i) {
      if (firstFailingFilter(instances[i], request) == PlacementReason::None) tied.push_back(static_cast<int>(i));
    }
    for (const PlacementStrategyItem& s : strategies) {
      if (s.type == "random") {
        // One draw per task, whatever the candidates: a random start among all instances, then
        // the first tied instance from there on, cyclically.
        uint64_t start = random.below(instances.size());
        if (tied.empty()) continue;
        tied = {filters::randomPick(tied, start)};
        continue;
      }
      if (tied.size() <= 1) continue;
      std::vector<int64_t> score(tied.size());
      for (size_t k = 0; k < tied.size(); ++k) {
        const PlacementInstance& inst = instances[static_cast<size_t>(tied[k])];
        if (s.type == "binpack") {
          score[k] = s.field == "cpu" ? inst.remainingCpu : inst.remainingMemoryMiB;
        } else {  // spread: the group's tasks on every instance sharing this instance's value
          std::string value = filters::spreadValue(inst, s.field);
          int64_t count = 0;
          for (const PlacementInstance& other : instances) {
            if (filters::spreadValue(other, s.field) != value) continue;
            auto g = other.tasksByGroup.find(group);
            if (g != other.tasksByGroup.end()) count += g->second;
          }
          score[k] = count;
        }
      }
      int64_t best = *std::min_element(score.begin(), score.end());
      std::vector<int> next;
      for (size_t k = 0; k < tied.size(); ++k) {
        if (score[k] == best) next.push_back(tied[k]);
      }
      tied.swap(next);
    }
    if (tied.empty()) {
      result.unplaced = request.request.count - task;
      break;
    }
    result.hostPorts.push_back(takeResources(instances[static_cast<size_t>(tied.front())], request));
    result.placements.push_back(tied.front());
  }
  if (result.unplaced > 0) {
    PlacementFailure f = closestFailure(instances, request);
    result.failures.assign(static_cast<size_t>(result.unplaced), f);
  }
  return result;
}

PlacementFailure closestFailure(const std::vector<PlacementInstance>& instances, const CompiledRequest& request) {
  PlacementFailure best;
  int bestProgress = -1;
  for (size_t i = 0; i < instances.size(); ++i) {
    PlacementReason r = firstFailingFilter(instances[i], request);
    int progress = static_cast<int>(r);  // the reasons are numbered in pipeline order
    if (r != PlacementReason::None && r != PlacementReason::Status && progress > bestProgress) {
      bestProgress = progress;
      best.instance = static_cast<int>(i);
      best.arn = instances[i].containerInstanceArn;
      best.reason = placementReasonCode(r);
    }
  }
  return best;
}

std::optional<ApiError> noInstancesError(const std::vector<PlacementInstance>& instances) {
  for (const PlacementInstance& i : instances) {
    if (i.status == "ACTIVE") return std::nullopt;
  }
  return ApiError{"InvalidParameterException", "No Container Instances were found in your cluster."};
}

}  // namespace ecsplay
