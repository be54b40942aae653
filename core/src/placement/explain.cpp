// The placement explainer (see ecsplay/placement.h, "The explainer").
#include <algorithm>
#include <map>
#include <unordered_map>

#include "ecsplay/placement.h"
#include "placement/explain_detail.h"
#include "placement/filters.h"

namespace ecsplay {

namespace detail {

// Ranks the candidates by their scores (ties share a rank) and makes the choice as
// placeReference makes it (strategies in order, random drawing once).
void rankAndChoose(PlacementExplanation& out, const std::vector<int>& candidates,
                   const std::vector<PlacementStrategyItem>& strategies, size_t instanceCount, Random& random) {
  if (candidates.empty()) return;
  // Sort compact (scores, instance) records: the instance breaks ties, so the order is stable.
  // Only the strategies before the first random one rank: random picks one of the best, and
  // nothing after it can change that pick.
  size_t k = std::min(strategies.size(), out.rows.front().scores.size());
  for (size_t s = 0; s < k; ++s) {
    if (strategies[s].type == "random") {
      k = s;
      break;
    }
  }
  struct Keyed {
    std::array<int64_t, 5> scores;
    int instance;
  };
  std::vector<Keyed> order;
  order.reserve(candidates.size());
  for (int i : candidates) order.push_back({out.rows[static_cast<size_t>(i)].scores, i});
  auto sameScores = [k](const Keyed& a, const Keyed& b) {
    for (size_t s = 0; s < k; ++s) {
      if (a.scores[s] != b.scores[s]) return false;
    }
    return true;
  };
  std::sort(order.begin(), order.end(), [k](const Keyed& a, const Keyed& b) {
    for (size_t s = 0; s < k; ++s) {
      if (a.scores[s] != b.scores[s]) return a.scores[s] < b.scores[s];
    }
    return a.instance < b.instance;
  });
  int rank = 0;
  for (size_t j = 0; j < order.size(); ++j) {
    if (j == 0 || !sameScores(order[j], order[j - 1])) rank = static_cast<int>(j) + 1;
    out.rows[static_cast<size_t>(order[j].instance)].rank = rank;
  }
  std::vector<int> tied = candidates;
  for (size_t s = 0; s < strategies.size(); ++s) {
    if (strategies[s].type == "random") {
      tied = {filters::randomPick(tied, random.below(instanceCount))};
      continue;
    }
    int64_t best = out.rows[static_cast<size_t>(tied.front())].scores[s];
    for (int i : tied) best = std::min(best, out.rows[static_cast<size_t>(i)].scores[s]);
    std::vector<int> next;
    for (int i : tied) {
      if (out.rows[static_cast<size_t>(i)].scores[s] == best) next.push_back(i);
    }
    tied.swap(next);
  }
  out.chosen = tied.front();
  out.rows[static_cast<size_t>(out.chosen)].chosen = true;
}

}  // namespace detail

PlacementExplanation explainPlacement(const std::vector<PlacementInstance>& instances, const CompiledRequest& request,
                                      Random random) {
  PlacementExplanation out;
  out.rejectedBy.assign(static_cast<size_t>(PlacementReason::MemberOf) + 1, 0);
  out.rows.resize(instances.size());
  const auto& strategies = request.request.strategies;
  const std::string& group = request.request.group;

  // Spread counts per value, once per strategy (not per instance). Lookups only: the map's order
  // decides nothing.
  std::vector<std::unordered_map<std::string_view, int64_t>> spreadCounts(strategies.size());
  for (size_t s = 0; s < strategies.size(); ++s) {
    if (strategies[s].type != "spread") continue;
    for (const PlacementInstance& in : instances) {
      spreadCounts[s][filters::spreadValueView(in, strategies[s].field)] += filters::groupTasks(in, group);
    }
  }

  std::vector<int> candidates;
  for (size_t i = 0; i < instances.size(); ++i) {
    InstanceVerdict& v = out.rows[i];
    v.instance = static_cast<int>(i);
    v.reason = firstFailingFilter(instances[i], request);
    ++out.rejectedBy[static_cast<size_t>(v.reason)];
    const TaskNeeds& n = request.request.needs;
    if (v.reason == PlacementReason::Ports) v.conflictingPort = filters::portConflict(instances[i].tcpPortsInUse, instances[i].dynamicTcpInUse, n.tcpPorts);
    if (v.reason == PlacementReason::PortsUdp) v.conflictingPort = filters::portConflict(instances[i].udpPortsInUse, instances[i].dynamicUdpInUse, n.udpPorts);
    if (v.reason != PlacementReason::None) continue;
    candidates.push_back(static_cast<int>(i));
    for (size_t s = 0; s < strategies.size() && s < v.scores.size(); ++s) {
      const PlacementStrategyItem& st = strategies[s];
      if (st.type == "binpack") {
        v.scores[s] = st.field == "cpu" ? instances[i].remainingCpu : instances[i].remainingMemoryMiB;
      } else if (st.type == "spread") {
        v.scores[s] = spreadCounts[s][filters::spreadValueView(instances[i], st.field)];
      }
    }
  }
  detail::rankAndChoose(out, candidates, strategies, instances.size(), random);
  if (candidates.empty() && !instances.empty()) out.failure = closestFailure(instances, request);
  return out;
}

std::string describeVerdict(const PlacementInstance& in, const CompiledRequest& request, const InstanceVerdict& v) {
  const TaskNeeds& n = request.request.needs;
  auto need = [](int want, int have, const char* unit) {
    return "needs " + std::to_string(want) + " " + unit + ", " + std::to_string(have) + " remaining";
  };
  switch (v.reason) {
    case PlacementReason::None: {
      if (v.chosen) return "chosen";
      bool random = false;
      for (const PlacementStrategyItem& s : request.request.strategies) random = random || s.type == "random";
      if (v.rank == 1) {
        return random ? "a candidate; the random pick went to another" : "a candidate, tied with the chosen one (the earliest registered wins)";
      }
      return "a candidate, ranked " + std::to_string(v.rank) + " by the strategies";
    }
    case PlacementReason::Status: return "status " + in.status + ": only ACTIVE instances take new tasks";
    case PlacementReason::Agent: return "the agent is disconnected";
    case PlacementReason::Attribute: {
      if (!n.osFamily.empty()) {
        const std::string* f = in.attribute("ecs.os-family");
        std::string have = f ? *f : "LINUX";
        if (have != n.osFamily) return "the task needs ecs.os-family " + n.osFamily + ", the instance has " + have;
      }
      if (!n.cpuArchitecture.empty()) {
        const std::string* a = in.attribute("ecs.cpu-architecture");
        std::string have = a ? *a : "x86_64";
        if (have != n.cpuArchitecture) return "the task needs ecs.cpu-architecture " + n.cpuArchitecture + ", the instance has " + have;
      }
      for (const std::string& a : n.requiredAttributes) {
        if (!in.attribute(a)) return "missing the attribute " + a;
      }
      return "missing a required attribute";
    }
    case PlacementReason::Cpu: return need(n.cpu, in.remainingCpu, "CPU units");
    case PlacementReason::Memory: return need(n.memoryMiB, in.remainingMemoryMiB, "MiB");
    case PlacementReason::Gpu: return need(n.gpus, in.remainingGpus, "GPUs");
    case PlacementReason::Ports:
    case PlacementReason::PortsUdp: {
      const char* proto = v.reason == PlacementReason::Ports ? "TCP" : "UDP";
      if (v.conflictingPort > 0) return std::string(proto) + " host port " + std::to_string(v.conflictingPort) + " is in use";
      if (v.conflictingPort == 0) return "the 100 reserved host ports per instance are taken";
      return std::string("no free dynamic ") + proto + " host ports";
    }
    case PlacementReason::Eni:
      return "needs an ENI, " + std::to_string(in.enisInUse) + " of " + std::to_string(in.eniLimit) + " in use";
    case PlacementReason::DistinctInstance: return "already runs a task of " + request.request.group;
    case PlacementReason::MemberOf: return "does not match the memberOf expression";
  }
  return "";
}

}  // namespace ecsplay
