// The fast placement engine (see ecsplay/placer.h).
#include "ecsplay/placer.h"

#include <algorithm>
#include <climits>

#include "placement/explain_detail.h"
#include "placement/filters.h"
#include "placement/resource_tree.h"

namespace ecsplay {

// The values a spread field takes, interned: the hot path compares integers, not strings.
struct Placer::FieldValues {
  std::vector<int> idOf;            // per instance
  std::vector<std::string> names;   // per value id, sorted, so id order is value order
};

// An ordered tree of (key, instance) per value of a bucket field (one tree when unbucketed).
struct Placer::KeyIndex {
  std::string bucketField;  // "" or "attribute:NAME"
  std::string keyName;      // "cpu" | "memory" | "group:GROUP"
  enum Kind { Cpu, Memory, Group, Zero } kind = Cpu;  // Zero: every instance under key 0, in instance order
  std::string group;
  FieldValues* values = nullptr;  // when bucketed
  std::vector<ResourceTree> buckets;
  std::vector<int64_t> current;  // the key each instance is filed under
  uint64_t lastUsed = 0;
  int bucketOf(int i) const { return values ? values->idOf[static_cast<size_t>(i)] : 0; }
};

// What one place() call works with, looked up once instead of per task.
struct Placer::Plan {
  const std::vector<char>* staticOk = nullptr;
  std::vector<const std::vector<char>*> memberOf;  // null: evaluate (the expression depends on tasks)
  size_t at = 0;                                   // the first strategy after the indexed prefix
  KeyIndex* index = nullptr;
  // A group on few instances: no index of its own; the Zero index (every instance, by capacity)
  // stands for the instances without its tasks, and its members are looked at one by one.
  bool sparse = false;
  std::vector<std::pair<int, int64_t>>* members = nullptr;  // the request's group's (also when not sparse)
  std::vector<int64_t>* bucketCounts = nullptr;    // the bucket field's counter for the group
  int64_t lowest = LLONG_MIN;
  Capacity need;
  std::vector<Counter*> groupCounters;             // every counter of the request's group
  bool randomFirst = false;
  bool scanAll = false;                            // no index for this chain: scan every instance
};

namespace {

Capacity freeCapacity(const PlacementInstance& in) {
  return {in.remainingCpu, in.remainingMemoryMiB, in.eniLimit - in.enisInUse, in.remainingGpus};
}

}  // namespace

Placer::Placer(std::vector<PlacementInstance> instances) : inst_(std::move(instances)) {
  for (size_t i = 0; i < inst_.size(); ++i) {
    for (const auto& [group, n] : inst_[i].tasksByGroup) noteGroup(static_cast<int>(i), group, n);
  }
}

void Placer::noteGroup(int i, const std::string& group, int delta) {
  if (delta != 0) noteMember(members_[group], i, delta);
}

void Placer::noteMember(std::vector<std::pair<int, int64_t>>& list, int i, int delta) {
  auto it = std::lower_bound(list.begin(), list.end(), std::make_pair(i, INT64_MIN));
  if (it == list.end() || it->first != i) it = list.insert(it, {i, 0});
  it->second += delta;
  if (it->second <= 0) list.erase(it);
}
Placer::~Placer() = default;

Placer::Placer(const Placer& o)
    : inst_(o.inst_), useClock_(o.useClock_), members_(o.members_), memberOf_(o.memberOf_), static_(o.static_) {
  // The copies of the interned spread values, and the indexes and counters pointed at the copies.
  std::vector<std::pair<const FieldValues*, FieldValues*>> remap;
  for (const auto& [field, values] : o.fields_) {
    auto copy = std::make_unique<FieldValues>(*values);
    remap.emplace_back(values.get(), copy.get());
    fields_.emplace(field, std::move(copy));
  }
  auto mapped = [&](const FieldValues* v) -> FieldValues* {
    for (const auto& [from, to] : remap) {
      if (from == v) return to;
    }
    return nullptr;
  };
  for (const auto& ix : o.indexes_) {
    if (ix->kind == KeyIndex::Group) continue;  // per-group caches: rebuilt when needed again
    auto copy = std::make_unique<KeyIndex>(*ix);
    if (copy->values) copy->values = mapped(ix->values);
    indexes_.push_back(std::move(copy));
  }
  for (const auto& c : o.counters_) {
    auto copy = std::make_unique<Counter>(*c);
    copy->values = mapped(c->values);
    counters_.push_back(std::move(copy));
  }
}

void Placer::invalidate() {
  indexes_.clear();
  counters_.clear();
  fields_.clear();
  memberOf_.clear();
  static_.clear();
}

int Placer::addInstance(PlacementInstance instance) {
  inst_.push_back(std::move(instance));
  for (const auto& [group, n] : inst_.back().tasksByGroup) noteGroup(static_cast<int>(inst_.size()) - 1, group, n);
  invalidate();
  return static_cast<int>(inst_.size()) - 1;
}

void Placer::setInstanceState(int i, const std::string& status, bool agentConnected) {
  if (i < 0 || i >= static_cast<int>(inst_.size())) return;
  inst_[static_cast<size_t>(i)].status = status;
  inst_[static_cast<size_t>(i)].agentConnected = agentConnected;
  invalidate();
}

void Placer::setInstanceAttribute(int i, const std::string& name, const std::string& value) {
  if (i < 0 || i >= static_cast<int>(inst_.size())) return;
  inst_[static_cast<size_t>(i)].setAttribute(name, value);
  invalidate();
}

Placer::FieldValues& Placer::fieldValues(const std::string& field) {
  auto it = fields_.find(field);
  if (it != fields_.end()) return *it->second;
  auto fv = std::make_unique<FieldValues>();
  std::vector<std::string> raw(inst_.size());
  for (size_t i = 0; i < inst_.size(); ++i) raw[i] = filters::spreadValue(inst_[i], field);
  fv->names = raw;
  std::sort(fv->names.begin(), fv->names.end());
  fv->names.erase(std::unique(fv->names.begin(), fv->names.end()), fv->names.end());
  fv->idOf.resize(inst_.size());
  for (size_t i = 0; i < inst_.size(); ++i) {
    fv->idOf[i] = static_cast<int>(std::lower_bound(fv->names.begin(), fv->names.end(), raw[i]) - fv->names.begin());
  }
  return *fields_.emplace(field, std::move(fv)).first->second;
}

int64_t Placer::key(int i, const KeyIndex& ix) const {
  const PlacementInstance& in = inst_[static_cast<size_t>(i)];
  switch (ix.kind) {
    case KeyIndex::Cpu: return in.remainingCpu;
    case KeyIndex::Memory: return in.remainingMemoryMiB;
    case KeyIndex::Group: return filters::groupTasks(in, ix.group);
    case KeyIndex::Zero: return 0;
  }
  return 0;
}

Placer::KeyIndex& Placer::keyIndex(const std::string& bucketField, const std::string& keyName) {
  for (auto& ix : indexes_) {
    if (ix->bucketField == bucketField && ix->keyName == keyName) {
      ix->lastUsed = ++useClock_;
      return *ix;
    }
  }
  // A new group index: first make room by dropping the least recently used group index.
  size_t groups = 0;
  for (const auto& other : indexes_) groups += other->kind == KeyIndex::Group;
  if (keyName.rfind("group:", 0) == 0 && groups >= kMaxGroupIndexes) {
    auto victim = indexes_.end();
    for (auto it = indexes_.begin(); it != indexes_.end(); ++it) {
      if ((*it)->kind == KeyIndex::Group && (victim == indexes_.end() || (*it)->lastUsed < (*victim)->lastUsed)) victim = it;
    }
    if (victim != indexes_.end()) indexes_.erase(victim);
  }
  auto ix = std::make_unique<KeyIndex>();
  ix->lastUsed = ++useClock_;
  ix->bucketField = bucketField;
  ix->keyName = keyName;
  if (keyName == "cpu") {
    ix->kind = KeyIndex::Cpu;
  } else if (keyName == "memory") {
    ix->kind = KeyIndex::Memory;
  } else if (keyName == "zero") {
    ix->kind = KeyIndex::Zero;
  } else {
    ix->kind = KeyIndex::Group;
    ix->group = keyName.substr(6);  // "group:" + group
  }
  if (!bucketField.empty()) ix->values = &fieldValues(bucketField);
  ix->buckets.resize(ix->values ? ix->values->names.size() : 1);
  ix->current.resize(inst_.size());
  std::vector<std::vector<ResourceTree::Item>> items(ix->buckets.size());
  if (ix->kind == KeyIndex::Group) {
    // Most instances hold none of the group's tasks: key 0 for all, then the members' counts.
    auto m = members_.find(ix->group);
    static const std::vector<std::pair<int, int64_t>> none;
    const auto& list = m == members_.end() ? none : m->second;
    for (const auto& [i, n] : list) ix->current[static_cast<size_t>(i)] = n;
    for (int i = 0; i < static_cast<int>(inst_.size()); ++i) {
      int64_t k = ix->current[static_cast<size_t>(i)];
      if (k == 0) items[static_cast<size_t>(ix->bucketOf(i))].push_back({0, i, freeCapacity(inst_[static_cast<size_t>(i)])});
    }
    std::vector<ResourceTree::Item> held;
    for (const auto& [i, n] : list) held.push_back({n, i, freeCapacity(inst_[static_cast<size_t>(i)])});
    std::stable_sort(held.begin(), held.end(), [](const ResourceTree::Item& x, const ResourceTree::Item& y) { return x.key < y.key; });
    for (const ResourceTree::Item& item : held) items[static_cast<size_t>(ix->bucketOf(item.instance))].push_back(item);
  } else {
    for (int i = 0; i < static_cast<int>(inst_.size()); ++i) {
      int64_t k = key(i, *ix);
      ix->current[static_cast<size_t>(i)] = k;
      items[static_cast<size_t>(ix->bucketOf(i))].push_back({k, i, freeCapacity(inst_[static_cast<size_t>(i)])});
    }
    for (auto& bucket : items) {
      // Instances come in order already: a stable sort by key gives (key, instance) order.
      std::stable_sort(bucket.begin(), bucket.end(), [](const ResourceTree::Item& x, const ResourceTree::Item& y) { return x.key < y.key; });
    }
  }
  for (size_t b = 0; b < items.size(); ++b) ix->buckets[b].build(items[b]);
  indexes_.push_back(std::move(ix));
  return *indexes_.back();
}

std::vector<int64_t>& Placer::spreadCounts(const std::string& field, const std::string& group) {
  for (auto& c : counters_) {
    if (c->field == field && c->group == group) {
      c->lastUsed = ++useClock_;
      return c->count;
    }
  }
  if (counters_.size() >= kMaxCounters) {  // drop the least recently used
    auto victim = counters_.begin();
    for (auto it = counters_.begin(); it != counters_.end(); ++it) {
      if ((*it)->lastUsed < (*victim)->lastUsed) victim = it;
    }
    counters_.erase(victim);
  }
  auto c = std::make_unique<Counter>();
  c->lastUsed = ++useClock_;
  c->field = field;
  c->group = group;
  c->values = &fieldValues(field);
  c->count.assign(c->values->names.size(), 0);
  auto m = members_.find(group);
  if (m != members_.end()) {
    for (const auto& [i, n] : m->second) c->count[static_cast<size_t>(c->values->idOf[static_cast<size_t>(i)])] += n;
  }
  counters_.push_back(std::move(c));
  return counters_.back()->count;
}

const std::vector<char>& Placer::memberOfCache(const QueryExpression& e) {
  auto it = memberOf_.find(e.text());
  if (it != memberOf_.end()) return it->second;
  std::vector<char> results(inst_.size());
  for (size_t i = 0; i < inst_.size(); ++i) results[i] = e.matches(InstanceSubjects(inst_[i])) ? 1 : 0;
  return memberOf_.emplace(e.text(), std::move(results)).first->second;
}

// The filters that do not change as tasks are placed: status, OS family, architecture, attributes.
const std::vector<char>& Placer::staticCache(const TaskNeeds& n) {
  std::string signature = n.osFamily + "|" + n.cpuArchitecture;
  for (const std::string& a : n.requiredAttributes) signature += "|" + a;
  auto it = static_.find(signature);
  if (it != static_.end()) return it->second;
  CompiledRequest probe;  // only the static needs: no resources, ports, ENIs or constraints
  probe.request.needs.osFamily = n.osFamily;
  probe.request.needs.cpuArchitecture = n.cpuArchitecture;
  probe.request.needs.requiredAttributes = n.requiredAttributes;
  std::vector<char> ok(inst_.size());
  for (size_t i = 0; i < inst_.size(); ++i) ok[i] = firstFailingFilter(inst_[i], probe) == PlacementReason::None;
  return static_.emplace(signature, std::move(ok)).first->second;
}

bool Placer::passes(int i, const CompiledRequest& r, const Plan& p) const {
  if (!(*p.staticOk)[static_cast<size_t>(i)]) return false;
  const PlacementInstance& in = inst_[static_cast<size_t>(i)];
  const TaskNeeds& n = r.request.needs;
  if (in.remainingCpu < n.cpu || in.remainingMemoryMiB < n.memoryMiB || in.remainingGpus < n.gpus) return false;
  if (!filters::portsFit(in.tcpPortsInUse, in.dynamicTcpInUse, n.tcpPorts, n.dynamicTcpPorts)) return false;
  if (!filters::portsFit(in.udpPortsInUse, in.dynamicUdpInUse, n.udpPorts, n.dynamicUdpPorts)) return false;
  if (n.needsEni && in.enisInUse >= in.eniLimit) return false;
  if (r.distinctInstance && filters::groupTasks(in, r.request.group) > 0) return false;
  for (size_t k = 0; k < r.memberOf.size(); ++k) {
    bool match = p.memberOf[k] ? (*p.memberOf[k])[static_cast<size_t>(i)] != 0 : r.memberOf[k].matches(InstanceSubjects(in));
    if (!match) return false;
  }
  return true;
}

// Instance i's resources (and perhaps its key) changed: file it again in every index.
void Placer::reindex(int i) {
  Capacity free = freeCapacity(inst_[static_cast<size_t>(i)]);
  for (auto& ix : indexes_) {
    int64_t now = key(i, *ix);
    int64_t& was = ix->current[static_cast<size_t>(i)];
    ix->buckets[static_cast<size_t>(ix->bucketOf(i))].update(was, i, now, free);
    was = now;
  }
}

HostPorts Placer::commit(int i, const CompiledRequest& r, const Plan& p) {
  HostPorts taken = takeResources(inst_[static_cast<size_t>(i)], r);
  noteMember(*p.members, i, 1);
  for (Counter* c : p.groupCounters) ++c->count[static_cast<size_t>(c->values->idOf[static_cast<size_t>(i)])];
  reindex(i);
  return taken;
}

void Placer::release(int i, const TaskNeeds& needs, const std::string& group, const HostPorts& ports) {
  if (i < 0 || i >= static_cast<int>(inst_.size())) return;
  PlacementInstance& in = inst_[static_cast<size_t>(i)];
  in.remainingCpu += needs.cpu;
  in.remainingMemoryMiB += needs.memoryMiB;
  in.remainingGpus += needs.gpus;
  auto drop = [](std::vector<int>& inUse, const std::vector<int>& ports) {
    for (int p : ports) {
      auto it = std::lower_bound(inUse.begin(), inUse.end(), p);
      if (it != inUse.end() && *it == p) inUse.erase(it);
    }
  };
  drop(in.tcpPortsInUse, ports.tcp);
  drop(in.udpPortsInUse, ports.udp);
  // The ports beyond the task's static ones were assigned dynamically.
  in.dynamicTcpInUse -= std::max(0, static_cast<int>(ports.tcp.size()) - static_cast<int>(needs.tcpPorts.size()));
  in.dynamicUdpInUse -= std::max(0, static_cast<int>(ports.udp.size()) - static_cast<int>(needs.udpPorts.size()));
  if (in.runningTasksCount > 0) --in.runningTasksCount;
  if (needs.needsEni && in.enisInUse > 0) --in.enisInUse;
  auto g = in.tasksByGroup.find(group);
  if (g != in.tasksByGroup.end() && g->second > 0) {
    if (--g->second == 0) in.tasksByGroup.erase(g);
    noteGroup(i, group, -1);
    for (auto& c : counters_) {
      if (c->group == group) --c->count[static_cast<size_t>(c->values->idOf[static_cast<size_t>(i)])];
    }
  }
  reindex(i);
}

// The strategies from `from` on, as the reference applies them, over the tied instances.
std::vector<int> Placer::applyTail(std::vector<int> tied, const CompiledRequest& r, size_t from, Random& random) {
  const auto& strategies = r.request.strategies;
  const std::string& group = r.request.group;
  for (size_t s = from; s < strategies.size(); ++s) {
    const PlacementStrategyItem& st = strategies[s];
    if (st.type == "random") {
      uint64_t start = random.below(inst_.size());
      if (tied.empty()) continue;
      tied = {filters::randomPick(tied, start)};
      continue;
    }
    if (tied.size() <= 1) continue;
    std::vector<int64_t> score(tied.size());
    const std::vector<int64_t>* counts = nullptr;
    const FieldValues* values = nullptr;
    if (st.type == "spread" && st.field != "instanceId" && st.field != "host") {
      counts = &spreadCounts(st.field, group);
      values = &fieldValues(st.field);
    }
    for (size_t k = 0; k < tied.size(); ++k) {
      const PlacementInstance& in = inst_[static_cast<size_t>(tied[k])];
      if (st.type == "binpack") score[k] = st.field == "cpu" ? in.remainingCpu : in.remainingMemoryMiB;
      else if (counts) score[k] = (*counts)[static_cast<size_t>(values->idOf[static_cast<size_t>(tied[k])])];
      else score[k] = filters::groupTasks(in, group);
    }
    int64_t best = *std::min_element(score.begin(), score.end());
    std::vector<int> next;
    for (size_t k = 0; k < tied.size(); ++k) {
      if (score[k] == best) next.push_back(tied[k]);
    }
    tied.swap(next);
  }
  return tied;
}

Placer::Plan Placer::plan(const CompiledRequest& r) {
  Plan p;
  const auto& strategies = r.request.strategies;
  p.staticOk = &staticCache(r.request.needs);
  p.memberOf.assign(r.memberOf.size(), nullptr);
  for (size_t k = 0; k < r.memberOf.size(); ++k) {
    if (!r.memberOf[k].dependsOnTasks()) p.memberOf[k] = &memberOfCache(r.memberOf[k]);
  }
  const TaskNeeds& n = r.request.needs;
  p.need = {n.cpu, n.memoryMiB, n.needsEni ? 1 : 0, n.gpus};
  // Every counter of spread strategies in the chain exists before placing, so commit() sees them.
  for (const PlacementStrategyItem& s : strategies) {
    if (s.type == "spread" && s.field != "instanceId" && s.field != "host") spreadCounts(s.field, r.request.group);
  }
  p.randomFirst = strategies.front().type == "random";
  // Indexed prefix: an optional spread over an attribute (the bucket), then an optional
  // per-instance key (binpack's remaining resource, or the group's tasks for spread(instanceId)).
  std::string bucketField, keyName;
  if (!p.randomFirst) {
    if (strategies[p.at].type == "spread" && strategies[p.at].field.rfind("attribute:", 0) == 0) {
      bucketField = strategies[p.at++].field;
    }
    if (p.at < strategies.size() && strategies[p.at].type == "binpack") {
      keyName = strategies[p.at].field;
      p.lowest = keyName == "cpu" ? n.cpu : n.memoryMiB;
      ++p.at;
    } else if (p.at < strategies.size() && strategies[p.at].type == "spread" &&
               (strategies[p.at].field == "instanceId" || strategies[p.at].field == "host")) {
      keyName = "group:" + r.request.group;
      ++p.at;
    }
    if (keyName.empty()) {
      p.scanAll = true;
      p.at = bucketField.empty() ? 0 : p.at - 1;
    } else {
      auto m = keyName.rfind("group:", 0) == 0 ? members_.find(r.request.group) : members_.end();
      size_t held = m == members_.end() ? 0 : m->second.size();
      if (keyName.rfind("group:", 0) == 0 && held * 8 <= inst_.size()) {
        // Rebuilding a group's index (when its cache entry went) costs a pass over every
        // instance; for a group on at most an eighth of them, its members are looked at instead.
        p.sparse = true;
        p.members = &members_[r.request.group];
        p.index = &keyIndex(bucketField, "zero");
      } else {
        p.index = &keyIndex(bucketField, keyName);
      }
      if (!bucketField.empty()) p.bucketCounts = &spreadCounts(bucketField, r.request.group);
    }
  }
  for (auto& c : counters_) {
    if (c->group == r.request.group) p.groupCounters.push_back(c.get());
  }
  if (!p.members) p.members = &members_[r.request.group];
  return p;
}

Placer::FirstEntry Placer::firstIn(const Plan& p, size_t b, int64_t key, int instance) const {
  const KeyIndex& ix = *p.index;
  const ResourceTree& tree = ix.buckets[b];
  if (!p.sparse) {
    ResourceTree::Entry e = tree.firstFrom(key, instance, p.need);
    return {e.key, e.instance};
  }
  const std::vector<std::pair<int, int64_t>>& members = *p.members;
  auto isMember = [&](int i) {
    auto it = std::lower_bound(members.begin(), members.end(), std::make_pair(i, INT64_MIN));
    return it != members.end() && it->first == i;
  };
  if (key <= 0) {  // the instances without the group's tasks: key 0
    for (auto e = tree.firstFrom(0, key < 0 ? INT_MIN : instance, p.need); e.instance >= 0; e = tree.firstFrom(0, e.instance + 1, p.need)) {
      if (!isMember(e.instance)) return {0, e.instance};
    }
    key = 1;
    instance = INT_MIN;
  }
  FirstEntry best{0, -1};
  for (const auto& [i, n] : members) {
    if (ix.bucketOf(i) != static_cast<int>(b) || n < key || (n == key && i < instance)) continue;
    if (!freeCapacity(inst_[static_cast<size_t>(i)]).covers(p.need)) continue;
    if (best.instance < 0 || n < best.key || (n == best.key && i < best.instance)) best = {n, i};
  }
  return best;
}

int Placer::choose(const CompiledRequest& r, const Plan& p, Random& random) {
  const int n = static_cast<int>(inst_.size());
  std::vector<int> tied;
  auto finish = [&](size_t from) {
    tied = applyTail(std::move(tied), r, from, random);
    return tied.empty() ? -1 : tied.front();
  };

  // random first (RunTask's default): a random start, then the first instance that passes.
  if (p.randomFirst) {
    int start = static_cast<int>(random.below(static_cast<uint64_t>(n)));
    for (int k = 0; k < n; ++k) {
      int i = (start + k) % n;
      if (passes(i, r, p)) {
        tied = {i};
        break;
      }
    }
    return finish(1);
  }
  if (p.scanAll) {
    for (int i = 0; i < n; ++i) {
      if (passes(i, r, p)) tied.push_back(i);
    }
    return finish(p.at);
  }

  KeyIndex& ix = *p.index;
  // The buckets to look in, fewest tasks of the group first; buckets with equal counts are tied.
  std::vector<std::pair<int64_t, int>>& levels = levels_;
  levels.clear();
  for (size_t b = 0; b < ix.buckets.size(); ++b) {
    if (ix.buckets[b].empty()) continue;
    levels.push_back({p.bucketCounts ? (*p.bucketCounts)[b] : 0, static_cast<int>(b)});
  }
  std::sort(levels.begin(), levels.end());
  const bool nothingAfter = p.at == r.request.strategies.size();
  for (size_t l = 0; l < levels.size();) {
    size_t end = l;
    while (end < levels.size() && levels[end].first == levels[l].first) ++end;
    // The first passing entry of each bucket in (key, instance) order; the smallest of them has
    // the best key and, among equals, the earliest instance.
    int64_t best = LLONG_MAX;
    int first = INT_MAX;
    for (size_t v = l; v < end; ++v) {
      size_t b = static_cast<size_t>(levels[v].second);
      for (auto e = firstIn(p, b, p.lowest, INT_MIN);
           e.instance >= 0 && (e.key < best || (e.key == best && e.instance < first));
           e = firstIn(p, b, e.key, e.instance + 1)) {
        if (passes(e.instance, r, p)) {
          best = e.key;
          first = e.instance;
          break;
        }
      }
    }
    if (best != LLONG_MAX) {
      if (nothingAfter) return first;
      // Strategies follow: every passing instance tied at `best`.
      for (size_t v = l; v < end; ++v) {
        size_t b = static_cast<size_t>(levels[v].second);
        for (auto e = firstIn(p, b, best, INT_MIN); e.instance >= 0 && e.key == best; e = firstIn(p, b, e.key, e.instance + 1)) {
          if (passes(e.instance, r, p)) tied.push_back(e.instance);
        }
      }
      std::sort(tied.begin(), tied.end());
      return finish(p.at);
    }
    l = end;
  }
  return finish(p.at);  // nothing passes; the tail's random strategies still draw
}

PlacementExplanation Placer::explain(const CompiledRequest& r, Random random) {
  PlacementExplanation out;
  out.rejectedBy.assign(static_cast<size_t>(PlacementReason::MemberOf) + 1, 0);
  out.rows.resize(inst_.size());
  Plan p = plan(r);
  const auto& strategies = r.request.strategies;
  const std::string& group = r.request.group;
  std::vector<const std::vector<int64_t>*> counts(strategies.size(), nullptr);
  std::vector<const FieldValues*> values(strategies.size(), nullptr);
  for (size_t s = 0; s < strategies.size(); ++s) {
    const PlacementStrategyItem& st = strategies[s];
    if (st.type == "spread" && st.field != "instanceId" && st.field != "host") {
      counts[s] = &spreadCounts(st.field, group);
      values[s] = &fieldValues(st.field);
    }
  }
  std::vector<int> candidates;
  for (size_t i = 0; i < inst_.size(); ++i) {
    const PlacementInstance& in = inst_[i];
    InstanceVerdict& v = out.rows[i];
    v.instance = static_cast<int>(i);
    bool staticOk = (*p.staticOk)[i] != 0;
    v.reason = filters::check(
        in, r,
        [&](size_t k) { return p.memberOf[k] ? (*p.memberOf[k])[i] != 0 : r.memberOf[k].matches(InstanceSubjects(in)); },
        staticOk);
    ++out.rejectedBy[static_cast<size_t>(v.reason)];
    const TaskNeeds& n = r.request.needs;
    if (v.reason == PlacementReason::Ports) v.conflictingPort = filters::portConflict(in.tcpPortsInUse, in.dynamicTcpInUse, n.tcpPorts);
    if (v.reason == PlacementReason::PortsUdp) v.conflictingPort = filters::portConflict(in.udpPortsInUse, in.dynamicUdpInUse, n.udpPorts);
    if (v.reason != PlacementReason::None) continue;
    candidates.push_back(static_cast<int>(i));
    for (size_t s = 0; s < strategies.size() && s < v.scores.size(); ++s) {
      const PlacementStrategyItem& st = strategies[s];
      if (st.type == "binpack") v.scores[s] = st.field == "cpu" ? in.remainingCpu : in.remainingMemoryMiB;
      else if (counts[s]) v.scores[s] = (*counts[s])[static_cast<size_t>(values[s]->idOf[i])];
      else if (st.type == "spread") v.scores[s] = filters::groupTasks(in, group);
    }
  }
  detail::rankAndChoose(out, candidates, strategies, inst_.size(), random);
  if (candidates.empty() && !inst_.empty()) out.failure = closestFailure(inst_, r);
  return out;
}

PlacementResult Placer::place(const CompiledRequest& r, Random& random) {
  PlacementResult result;
  if (auto error = noInstancesError(inst_)) {
    result.error = error;
    return result;
  }
  Plan p = plan(r);
  for (int task = 0; task < r.request.count; ++task) {
    int chosen = choose(r, p, random);
    if (chosen < 0) {
      result.unplaced = r.request.count - task;
      break;
    }
    result.hostPorts.push_back(commit(chosen, r, p));
    result.placements.push_back(chosen);
  }
  if (result.unplaced > 0) result.failures.assign(static_cast<size_t>(result.unplaced), closestFailure(inst_, r));
  return result;
}

}  // namespace ecsplay
