// ecsplay/placer.h — the fast placement engine.
//
// Placer holds its own view of the cluster's container instances and indexes over it, kept up to
// date as it places tasks (and as the caller tells it of tasks that stop), so that a placement
// costs about a microsecond on 10,000 instances instead of a scan of all of them:
//   - per resource (cpu, memory) and per group (tasks of the group on an instance) an ordered tree
//     of (key, instance) that also knows the most CPU, memory, ENIs and GPUs free in each subtree
//     (resource_tree.h), optionally one per value of a spread attribute (by Availability Zone);
//   - per spread attribute and group, the group's task count per attribute value;
//   - memberOf results per expression, for expressions that do not depend on tasks.
// It chooses exactly what placeReference() chooses (tests compare them on random clusters); chains
// of strategies it has no index for are evaluated by the same scan as the reference.
//
// The caller owns the real cluster: Placer never touches it. After place(), apply the decisions
// to the cluster (the engine does), and call release() when a placed task stops.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ecsplay/placement.h"

namespace ecsplay {

class Placer {
 public:
  explicit Placer(std::vector<PlacementInstance> instances);
  // A copy keeps the indexes and caches (the engine copies its placer after each checkpoint).
  Placer(const Placer& other);
  Placer& operator=(const Placer&) = delete;
  ~Placer();

  // Places request.count tasks, one after another, as placeReference() would.
  PlacementResult place(const CompiledRequest& request, Random& random);

  // A task placed earlier stopped: its resources, host ports (as place() reported them), ENI and
  // group count return.
  void release(int instance, const TaskNeeds& needs, const std::string& group, const HostPorts& ports);

  // The explanation of where the request's next task would go (see explainPlacement), computed
  // with the placer's caches: what the playground shows for "why is my task not placed?".
  PlacementExplanation explain(const CompiledRequest& request, Random random);

  const std::vector<PlacementInstance>& instances() const { return inst_; }

  // The cluster changed outside placement. Each drops the indexes, rebuilt at the next place():
  // instances join and change state far less often than tasks are placed.
  int addInstance(PlacementInstance instance);                     // returns its index
  void setInstanceState(int instance, const std::string& status, bool agentConnected);
  void setInstanceAttribute(int instance, const std::string& name, const std::string& value);

 private:
  struct KeyIndex;
  struct FieldValues;
  struct Plan;

  FieldValues& fieldValues(const std::string& field);
  KeyIndex& keyIndex(const std::string& bucketField, const std::string& keyName);
  std::vector<int64_t>& spreadCounts(const std::string& field, const std::string& group);
  const std::vector<char>& memberOfCache(const QueryExpression& e);
  const std::vector<char>& staticCache(const TaskNeeds& needs);
  Plan plan(const CompiledRequest& r);
  bool passes(int i, const CompiledRequest& r, const Plan& p) const;
  int64_t key(int i, const KeyIndex& ix) const;
  // The first entry at or after (key, instance) of the plan's index in bucket b (see choose()).
  struct FirstEntry {
    int64_t key;
    int instance;
  };
  FirstEntry firstIn(const Plan& p, size_t bucket, int64_t key, int instance) const;
  HostPorts commit(int i, const CompiledRequest& r, const Plan& p);
  void reindex(int i);
  std::vector<int> applyTail(std::vector<int> tied, const CompiledRequest& r, size_t from, Random& random);
  int choose(const CompiledRequest& r, const Plan& p, Random& random);
  void invalidate();
  void noteGroup(int i, const std::string& group, int delta);
  static void noteMember(std::vector<std::pair<int, int64_t>>& list, int i, int delta);

  std::vector<PlacementInstance> inst_;
  std::vector<std::unique_ptr<KeyIndex>> indexes_;
  std::map<std::string, std::unique_ptr<FieldValues>> fields_;  // spread field -> value ids
  struct Counter {
    std::string field, group;
    FieldValues* values;
    std::vector<int64_t> count;  // tasks of the group per value id
    uint64_t lastUsed = 0;
  };
  std::vector<std::unique_ptr<Counter>> counters_;
  // Group indexes and counters are caches, one per task group: a cluster of many services would
  // have every placement update all of them. The least recently used go beyond these many (they
  // are rebuilt, identically, when needed again).
  static constexpr size_t kMaxGroupIndexes = 16, kMaxCounters = 32;
  uint64_t useClock_ = 0;
  // Per task group, the instances holding its tasks and how many, in instance order: rebuilding a
  // group's index or counter visits these instead of every instance.
  std::map<std::string, std::vector<std::pair<int, int64_t>>> members_;
  std::map<std::string, std::vector<char>> memberOf_;  // expression -> 1 when the instance matches
  std::map<std::string, std::vector<char>> static_;    // status, OS, architecture, attributes -> 1 when they pass
  std::vector<std::pair<int64_t, int>> levels_;        // choose()'s scratch: (group count, bucket)
};

}  // namespace ecsplay
