// Capacity providers: FARGATE and FARGATE_SPOT, Auto Scaling group providers with managed scaling
// (tasks that do not fit wait in PROVISIONING while instances launch), strategies (base, then
// weight), the CapacityProviderReservation metric, and Spot interruptions. The research behind the
// numbers and texts is docs/research/capacity.md; ecsplay's own choices are marked "ecsplay:".
#include <algorithm>
#include <cmath>

#include "ecsplay/instance_types.h"
#include "sim/state.h"

namespace ecsplay {
namespace {

// Managed scaling: the metric every minute; a scale-out waits for 1 datapoint above target, a
// scale-in for 15 below (ECS-FACTS.md; docs/research/capacity.md §3.4).
constexpr SimTime kScalingPeriod = 60000;
constexpr int kScaleInDatapoints = 15;
constexpr SimTime kSpotInstanceNotice = 120000;  // EC2 Spot: two minutes from notice to termination

}  // namespace

void Engine::State::addBuiltInCapacityProviders() {
  for (const char* name : {"FARGATE", "FARGATE_SPOT"}) {
    CapacityProviderRec cp;
    cp.name = name;
    cp.arn = arn(std::string("capacity-provider/") + name);
    capacityProviders.push_back(cp);
  }
}

int Engine::State::findCapacityProvider(const std::string& ref) const {
  std::string name = ref.rfind("arn:", 0) == 0 ? lastPart(ref) : ref;
  for (size_t p = 0; p < capacityProviders.size(); ++p) {
    if (capacityProviders[p].name == name && capacityProviders[p].status == "ACTIVE") return static_cast<int>(p);
  }
  return -1;
}

Json Engine::State::capacityProviderJson(int p) const {
  const CapacityProviderRec& cp = capacityProviders[static_cast<size_t>(p)];
  Json out = {{"capacityProviderArn", cp.arn}, {"name", cp.name}, {"status", cp.status}};
  if (cp.asg >= 0) {
    out["autoScalingGroupProvider"] = {
        {"autoScalingGroupArn", asgs[static_cast<size_t>(cp.asg)].arn},
        {"managedScaling",
         {{"status", cp.managedScaling ? "ENABLED" : "DISABLED"},
          {"targetCapacity", cp.targetCapacity},
          {"minimumScalingStepSize", cp.minimumScalingStepSize},
          {"maximumScalingStepSize", cp.maximumScalingStepSize},
          {"instanceWarmupPeriod", cp.instanceWarmupPeriod}}},
        {"managedTerminationProtection", cp.managedTerminationProtection},
        {"managedDraining", cp.managedDraining}};
    out["updateStatus"] = "UPDATE_COMPLETE";
  }
  out["tags"] = Json::array();
  return out;
}

ApiReply Engine::State::createAutoScalingGroup(const Json& input) {
  std::string name = input.value("autoScalingGroupName", std::string());
  if (name.empty()) return fail("ValidationError", "An Auto Scaling group needs an autoScalingGroupName.");
  for (const AsgRec& a : asgs) {
    if (a.name == name) return fail("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name " + clip(name, 80) + " already exists");
  }
  AsgRec a;
  a.name = name;
  a.arn = "arn:aws:autoscaling:" + config.region + ":" + config.accountId + ":autoScalingGroup:" + newId().substr(0, 8) + "-" +
          newId().substr(0, 4) + ":autoScalingGroupName/" + name;
  a.cluster = input.value("cluster", std::string("default"));
  a.instanceType = input.value("instanceType", std::string("m5.large"));
  if (!findInstanceType(a.instanceType)) return fail("ValidationError", "Unknown instance type '" + clip(a.instanceType, 40) + "'.");
  for (const Json& z : input.value("availabilityZones", Json::array())) {
    if (z.is_string()) a.zones.push_back(z.get<std::string>());
  }
  if (a.zones.empty()) a.zones = {config.region + "a", config.region + "b", config.region + "c"};
  a.minSize = input.value("minSize", 0);
  a.maxSize = input.value("maxSize", 10);
  int desired = input.value("desiredCapacity", a.minSize);
  if (a.minSize < 0 || a.maxSize < a.minSize || desired < a.minSize || desired > a.maxSize || a.maxSize > 10000) {
    return fail("ValidationError", "Desired capacity:" + std::to_string(desired) + " must be between the specified min size:" +
                                       std::to_string(a.minSize) + " and max size:" + std::to_string(a.maxSize));
  }
  if (auto it = input.find("launchTime"); it != input.end() && it->is_number_integer()) a.launchTime = it->get<SimTime>();
  if (clusterByName(a.cluster) < 0) return fail("ValidationError", "The Auto Scaling group's cluster " + clip(a.cluster, 80) + " does not exist.");
  asgs.push_back(a);
  int index = static_cast<int>(asgs.size()) - 1;
  record("AutoScalingGroupCreated", {{"autoScalingGroup", name}, {"instanceType", a.instanceType}, {"desiredCapacity", desired}});
  // The group's first instances are there at once (a scenario starts with them running, long past
  // their warm-up).
  for (int k = 0; k < desired; ++k) {
    launchAsgInstance(index);
    if (!asgs[static_cast<size_t>(index)].instances.empty()) instances[static_cast<size_t>(asgs[static_cast<size_t>(index)].instances.back())].registeredAt = -86400000;
  }
  ApiReply r;
  r.output = {{"autoScalingGroupARN", a.arn}};
  return r;
}

void Engine::State::launchAsgInstance(int index) {
  AsgRec& a = asgs[static_cast<size_t>(index)];
  std::string zone = a.zones[static_cast<size_t>(a.launchedCount++) % a.zones.size()];
  std::string provider;
  for (const CapacityProviderRec& cp : capacityProviders) {
    if (cp.asg == index && cp.status == "ACTIVE") provider = cp.name;
  }
  Json in = {{"cluster", a.cluster}, {"instanceType", a.instanceType}, {"availabilityZone", zone}};
  ApiReply r = registerInstance(in);
  if (!r.ok()) return;
  int i = static_cast<int>(instances.size()) - 1;
  instances[static_cast<size_t>(i)].capacityProviderName = provider;
  a.instances.push_back(i);
  int c = instances[static_cast<size_t>(i)].cluster;
  placeWaitingTasks(c);
}

ApiReply Engine::State::createCapacityProvider(const Json& input) {
  std::string name = input.value("name", std::string());
  std::string lower = name;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower.rfind("aws", 0) == 0 || lower.rfind("ecs", 0) == 0 || lower.rfind("fargate", 0) == 0) {
    // "The name can't be prefixed with "aws", "ecs", or "fargate"." (API ref: CreateCapacityProvider)
    return fail("InvalidParameterException", "The capacity provider name cannot start with 'aws', 'ecs' or 'fargate'.");
  }
  for (const CapacityProviderRec& cp : capacityProviders) {
    if (cp.name == name) return fail("InvalidParameterException", "The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.");
  }
  const Json& asgp = input.contains("autoScalingGroupProvider") ? input["autoScalingGroupProvider"] : Json::object();
  std::string asgRef = asgp.value("autoScalingGroupArn", std::string());
  int asg = -1;
  for (size_t a = 0; a < asgs.size(); ++a) {
    if (asgs[a].arn == asgRef || asgs[a].name == asgRef || asgs[a].name == lastPart(asgRef)) asg = static_cast<int>(a);
  }
  if (asg < 0) {
    return fail("InvalidParameterException", "The specified Auto Scaling group " + clip(asgRef, 120) +
                                                 " does not exist (ecsplay knows the scenario's autoScalingGroups).");
  }
  for (const CapacityProviderRec& cp : capacityProviders) {
    if (cp.asg == asg && cp.status == "ACTIVE") {
      return fail("ClientException", "The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.");
    }
  }
  CapacityProviderRec cp;
  cp.name = name;
  cp.arn = arn("capacity-provider/" + name);
  cp.asg = asg;
  const Json& ms = asgp.contains("managedScaling") ? asgp["managedScaling"] : Json::object();
  cp.managedScaling = ms.value("status", std::string("DISABLED")) == "ENABLED";
  cp.targetCapacity = ms.value("targetCapacity", 100);
  cp.minimumScalingStepSize = ms.value("minimumScalingStepSize", 1);
  cp.maximumScalingStepSize = ms.value("maximumScalingStepSize", 10000);
  cp.instanceWarmupPeriod = ms.value("instanceWarmupPeriod", 300);
  if (cp.targetCapacity < 1 || cp.targetCapacity > 100) {
    return fail("InvalidParameterException", "The managed scaling target capacity must be greater than 0 and less than or equal to 100.");
  }
  if (cp.minimumScalingStepSize < 1 || cp.maximumScalingStepSize > 10000 || cp.minimumScalingStepSize > cp.maximumScalingStepSize) {
    return fail("InvalidParameterException", "The managed scaling step sizes must be between 1 and 10000, the minimum no larger than the maximum.");
  }
  if (cp.instanceWarmupPeriod < 0 || cp.instanceWarmupPeriod > 10000) {
    return fail("InvalidParameterException", "The managed scaling instance warmup period must be between 0 and 10000 seconds.");
  }
  cp.managedTerminationProtection = asgp.value("managedTerminationProtection", std::string("DISABLED"));
  cp.managedDraining = asgp.value("managedDraining", std::string("ENABLED"));
  if (cp.managedTerminationProtection == "ENABLED" && !cp.managedScaling) {
    return fail("InvalidParameterException", "The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled.");
  }
  capacityProviders.push_back(cp);
  int p = static_cast<int>(capacityProviders.size()) - 1;
  // The group's instances belong to the provider from now on.
  for (int i : asgs[static_cast<size_t>(asg)].instances) instances[static_cast<size_t>(i)].capacityProviderName = name;
  record("CapacityProviderCreated", {{"capacityProvider", name}, {"autoScalingGroup", asgs[static_cast<size_t>(asg)].name},
                                     {"managedScaling", cp.managedScaling ? "ENABLED" : "DISABLED"}});
  ApiReply r;
  r.output = {{"capacityProvider", capacityProviderJson(p)}};
  return r;
}

ApiReply Engine::State::describeCapacityProviders(const Json& input) {
  Json list = Json::array(), failures = Json::array();
  if (auto it = input.find("capacityProviders"); it != input.end() && it->is_array() && !it->empty()) {
    for (const Json& ref : *it) {
      std::string r = ref.is_string() ? ref.get<std::string>() : std::string();
      int p = findCapacityProvider(r);
      if (p >= 0) list.push_back(capacityProviderJson(p));
      else failures.push_back({{"arn", r.rfind("arn:", 0) == 0 ? r : arn("capacity-provider/" + r)}, {"reason", "MISSING"}});
    }
  } else {
    for (size_t p = 0; p < capacityProviders.size(); ++p) {
      if (capacityProviders[p].status == "ACTIVE") list.push_back(capacityProviderJson(static_cast<int>(p)));
    }
  }
  ApiReply r;
  r.output = {{"capacityProviders", list}, {"failures", failures}};
  return r;
}

// c < 0: only checks (for CreateCluster, before the cluster exists).
std::optional<ApiError> Engine::State::setClusterCapacityProviders(int c, const Json& providers, const Json& strategy) {
  std::vector<std::string> names;
  bool fargate = false, asg = false;
  for (const Json& p : providers) {
    std::string ref = p.is_string() ? p.get<std::string>() : std::string();
    int k = findCapacityProvider(ref);
    if (k < 0) return ApiError{"InvalidParameterException", "The specified capacity provider " + clip(ref, 80) + " does not exist."};
    const CapacityProviderRec& cp = capacityProviders[static_cast<size_t>(k)];
    for (size_t other = 0; other < clusters.size(); ++other) {
      if (static_cast<int>(other) == c || cp.asg < 0 || !cp.managedScaling) continue;
      const std::vector<std::string>& on = clusters[other].capacityProviders;
      if (std::find(on.begin(), on.end(), cp.name) != on.end()) {
        // With managed scaling a provider serves one cluster (capacity.md §3.1).
        return ApiError{"InvalidParameterException", "The capacity provider " + cp.name + " is already associated with another cluster."};
      }
    }
    if (std::find(names.begin(), names.end(), cp.name) == names.end()) names.push_back(cp.name);
    fargate = fargate || cp.asg < 0;
    asg = asg || cp.asg >= 0;
  }
  if (fargate && asg) {
    return ApiError{"InvalidParameterException", "A cluster's capacity providers are Auto Scaling group providers or Fargate providers, not both."};
  }
  std::vector<StrategyItem> items;
  int bases = 0, positive = 0;
  for (const Json& s : strategy) {
    StrategyItem item{s.value("capacityProvider", std::string()), s.value("base", 0), s.value("weight", 0)};
    if (std::find(names.begin(), names.end(), item.capacityProvider) == names.end()) {
      return ApiError{"InvalidParameterException", "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again."};
    }
    bases += item.base > 0;
    positive += item.weight > 0;
    items.push_back(item);
  }
  if (bases > 1) return ApiError{"InvalidParameterException", "Only one capacity provider in a capacity provider strategy can have a base defined."};
  if (!items.empty() && positive == 0) {
    return ApiError{"InvalidParameterException", "There are no capacity providers with a weight value greater than zero defined in the default capacity provider strategy. At least one capacity provider must have a weight value greater than zero specified. Update the cluster's default capacity provider strategy or specify a valid capacity provider strategy and try again."};
  }
  if (c < 0) return std::nullopt;  // only checking
  // A provider that tasks still use cannot leave the cluster (real: ResourceInUseException).
  for (const std::string& old : clusters[static_cast<size_t>(c)].capacityProviders) {
    if (std::find(names.begin(), names.end(), old) != names.end()) continue;
    for (const TaskRec& t : tasks) {
      if (t.cluster == c && t.capacityProviderName == old && t.phase != Phase::Stopped) {
        return ApiError{"ResourceInUseException", "The specified capacity provider is in use and cannot be removed."};
      }
    }
  }
  ClusterRec& cl = clusters[static_cast<size_t>(c)];
  cl.capacityProviders = names;
  cl.defaultStrategy = items;
  Json logged = Json::array();
  for (const std::string& n : names) logged.push_back(n);
  record("ClusterCapacityProviders", {{"cluster", cl.name}, {"capacityProviders", logged}});
  // Managed scaling starts looking at the cluster every minute.
  for (const std::string& n : names) {
    int k = findCapacityProvider(n);
    CapacityProviderRec& cp = capacityProviders[static_cast<size_t>(k)];
    if (cp.managedScaling && !cp.ticking) {
      cp.ticking = true;
      schedule(now + kScalingPeriod, EventKind::ScalingTick, static_cast<uint64_t>(k), 0);
    }
  }
  return std::nullopt;
}

ApiReply Engine::State::putClusterCapacityProviders(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  if (auto e = setClusterCapacityProviders(c, input.value("capacityProviders", Json::array()),
                                           input.value("defaultCapacityProviderStrategy", Json::array()))) {
    return fail(e->type.c_str(), e->message);
  }
  ApiReply r;
  r.output = {{"cluster", clusterJson(c)}};
  return r;
}

std::optional<ApiError> Engine::State::resolveStrategy(int c, const Json& input, std::vector<StrategyItem>& out) const {
  out.clear();
  bool hasLaunchType = input.contains("launchType");
  const Json* given = input.contains("capacityProviderStrategy") ? &input["capacityProviderStrategy"] : nullptr;
  if (given && hasLaunchType) {
    return ApiError{"InvalidParameterException", "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."};
  }
  const ClusterRec& cl = clusters[static_cast<size_t>(c)];
  if (!given) {
    // No strategy and no launch type: the cluster's default strategy, else the EC2 launch type.
    if (!hasLaunchType) out = cl.defaultStrategy;
    return std::nullopt;
  }
  if (given->size() > 20) return ApiError{"InvalidParameterException", "A capacity provider strategy can contain a maximum of 20 capacity providers."};
  int bases = 0, positive = 0;
  for (const Json& s : *given) {
    StrategyItem item{s.value("capacityProvider", std::string()), s.value("base", 0), s.value("weight", 0)};
    if (std::find(cl.capacityProviders.begin(), cl.capacityProviders.end(), item.capacityProvider) == cl.capacityProviders.end()) {
      return ApiError{"InvalidParameterException", "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again."};
    }
    bases += item.base > 0;
    positive += item.weight > 0;
    out.push_back(item);
  }
  if (bases > 1) return ApiError{"InvalidParameterException", "Only one capacity provider in a capacity provider strategy can have a base defined."};
  if (positive == 0) {
    // "any RunTask or CreateService actions using the capacity provider strategy will fail"
    // (Dev guide: capacity providers); the wording is ecsplay's.
    return ApiError{"InvalidParameterException", "At least one capacity provider in the capacity provider strategy must have a weight value greater than zero."};
  }
  return std::nullopt;
}

// Base first, on the one provider that has one; then each next task to the provider furthest
// below its share of the weight (the smallest placed/weight), ties to the earlier in the list.
// ecsplay: ECS does not document the rounding (capacity.md §1.2).
std::vector<int> Engine::State::splitByStrategy(const std::vector<StrategyItem>& items, int count) {
  std::vector<int> out(items.size(), 0);
  int left = count;
  for (size_t k = 0; k < items.size() && left > 0; ++k) {
    int n = std::min(left, items[k].base);
    out[k] += n;
    left -= n;
  }
  std::vector<int> weighted(items.size(), 0);
  while (left > 0) {
    int best = -1;
    for (size_t k = 0; k < items.size(); ++k) {
      if (items[k].weight <= 0) continue;
      if (best < 0 || int64_t(weighted[k]) * items[static_cast<size_t>(best)].weight <
                          int64_t(weighted[static_cast<size_t>(best)]) * items[k].weight) {
        best = static_cast<int>(k);
      }
    }
    if (best < 0) break;
    ++weighted[static_cast<size_t>(best)];
    ++out[static_cast<size_t>(best)];
    --left;
  }
  return out;
}

// How many more instances of the group's type the waiting tasks need: first fit, largest first,
// on CPU, memory and (for awsvpc) ENIs (capacity.md §3.3).
int Engine::State::instancesNeededFor(const CapacityProviderRec& cp, const std::vector<int>& waiting) const {
  const InstanceType* type = findInstanceType(asgs[static_cast<size_t>(cp.asg)].instanceType);
  if (!type || waiting.empty()) return 0;
  PlacementInstance empty = ecsplay::launchInstance(*type, "arn:aws:ecs:" + config.region + ":" + config.accountId + ":container-instance/x/y", "i-0", config.region + "a", 0);
  struct Need {
    int cpu, memory, enis;
  };
  std::vector<Need> needs;
  for (int k : waiting) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    if (t.needs.cpu > empty.registeredCpu || t.needs.memoryMiB > empty.registeredMemoryMiB) continue;  // never fits
    needs.push_back({t.needs.cpu, t.needs.memoryMiB, t.awsvpc ? 1 : 0});
  }
  std::sort(needs.begin(), needs.end(), [](const Need& a, const Need& b) { return a.memory != b.memory ? a.memory > b.memory : a.cpu > b.cpu; });
  std::vector<Need> bins;  // remaining capacity per new instance
  for (const Need& n : needs) {
    bool placed = false;
    for (Need& b : bins) {
      if (b.cpu >= n.cpu && b.memory >= n.memory && b.enis >= n.enis) {
        b.cpu -= n.cpu, b.memory -= n.memory, b.enis -= n.enis;
        placed = true;
        break;
      }
    }
    if (!placed) bins.push_back({empty.registeredCpu - n.cpu, empty.registeredMemoryMiB - n.memory, empty.eniLimit - n.enis});
  }
  return static_cast<int>(bins.size());
}

void Engine::State::scalingTick(int p) {
  CapacityProviderRec& cp = capacityProviders[static_cast<size_t>(p)];
  int c = -1;
  for (size_t k = 0; k < clusters.size(); ++k) {
    const std::vector<std::string>& on = clusters[k].capacityProviders;
    if (clusters[k].status == "ACTIVE" && std::find(on.begin(), on.end(), cp.name) != on.end()) c = static_cast<int>(k);
  }
  if (c < 0 || cp.status != "ACTIVE" || !cp.managedScaling) {
    cp.ticking = false;
    return;
  }
  placeWaitingTasks(c);
  AsgRec& a = asgs[static_cast<size_t>(cp.asg)];
  std::vector<int> waiting;
  for (size_t k = 0; k < tasks.size(); ++k) {
    const TaskRec& t = tasks[k];
    if (t.waitingForCapacity && t.capacityProviderName == cp.name) waiting.push_back(static_cast<int>(k));
  }
  // N: the group's instances up and running; M: the instances needed (those running a task plus
  // what the waiting tasks need). CapacityProviderReservation = M / N x 100 (capacity.md §3.2).
  int running = 0, busy = 0;
  std::vector<int> empties;
  bool warming = false;
  for (int i : a.instances) {
    const InstanceRec& rec = instances[static_cast<size_t>(i)];
    const std::string& status = clusters[static_cast<size_t>(rec.cluster)].placer->instances()[static_cast<size_t>(rec.placerIndex)].status;
    if (status == "INACTIVE") continue;
    ++running;
    warming = warming || now - rec.registeredAt < static_cast<SimTime>(cp.instanceWarmupPeriod) * 1000;
    bool hasTask = false;
    for (const TaskRec& t : tasks) hasTask = hasTask || (t.instance == i && t.phase != Phase::Stopped);
    if (hasTask) ++busy;
    else if (status == "ACTIVE") empties.push_back(i);
  }
  int extra = instancesNeededFor(cp, waiting);
  int needed = busy + extra;
  int metric = extra > 0 ? (running == 0 ? 200 : static_cast<int>(int64_t(needed) * 100 / running))
                         : (running == 0 && needed == 0 ? 100 : 100 - static_cast<int>(empties.size()));
  if (!cp.lastMetric || *cp.lastMetric != metric) {
    record("CapacityProviderReservation", {{"capacityProvider", cp.name}, {"value", metric}, {"instancesNeeded", needed}, {"instancesRunning", running}});
    cp.lastMetric = metric;
  }
  // Target tracking: enough instances that the needed ones are targetCapacity percent of them.
  int target = static_cast<int>((int64_t(needed) * 100 + cp.targetCapacity - 1) / cp.targetCapacity);
  int have = running + a.launching;
  if (extra > 0 && target > have && !warming && have < a.maxSize) {
    int step = std::max(cp.minimumScalingStepSize, std::min(cp.maximumScalingStepSize, target - have));
    step = std::min(step, a.maxSize - have);
    record("ScaleOut", {{"capacityProvider", cp.name}, {"autoScalingGroup", a.name}, {"from", have}, {"to", have + step}});
    for (int k = 0; k < step; ++k) {
      ++a.launching;
      schedule(now + a.launchTime, EventKind::InstanceLaunched, static_cast<uint64_t>(cp.asg), 0);
    }
    cp.belowTarget = 0;
  } else if (extra == 0 && metric < cp.targetCapacity && !empties.empty()) {
    if (++cp.belowTarget >= kScaleInDatapoints && running > a.minSize) {
      // Scale in: only empty instances (managed termination protection keeps busy ones), at most
      // half the surplus a minute, and never below the group's minimum (capacity.md §3.4).
      int surplus = std::min(static_cast<int>(empties.size()), running - std::max(a.minSize, target));
      int remove = std::max(1, surplus / 2);
      remove = std::min(remove, running - a.minSize);
      if (surplus > 0 && remove > 0) {
        record("ScaleIn", {{"capacityProvider", cp.name}, {"autoScalingGroup", a.name}, {"from", running}, {"to", running - remove}});
        for (int k = 0; k < remove; ++k) {
          const InstanceRec& rec = instances[static_cast<size_t>(empties[static_cast<size_t>(k)])];
          terminationCause = "scale-in";  // the group does not replace what it scales in
          faultCommand("TerminateInstance", Json{{"ec2InstanceId", rec.ec2InstanceId}});
          terminationCause.clear();
        }
      }
    }
  } else {
    cp.belowTarget = 0;
  }
  schedule(now + kScalingPeriod, EventKind::ScalingTick, static_cast<uint64_t>(p), 0);
}

void Engine::State::placeWaitingTasks(int c) {
  for (size_t k = 0; k < tasks.size(); ++k) {
    if (!tasks[k].waitingForCapacity || tasks[k].cluster != c) continue;
    const TaskRec& w = tasks[k];
    int p = findCapacityProvider(w.capacityProviderName);
    if (p < 0) continue;
    const AsgRec& a = asgs[static_cast<size_t>(capacityProviders[static_cast<size_t>(p)].asg)];
    std::string members;
    for (int i : a.instances) members += (members.empty() ? "'" : ", '") + instances[static_cast<size_t>(i)].ec2InstanceId + "'";
    if (members.empty()) continue;
    PlacementRequest request;
    request.needs = w.needs;
    request.count = 1;
    request.group = w.group;
    for (const PlacementConstraintDef& d : w.definition->definition.placementConstraints) request.constraints.push_back({d.type, d.expression});
    for (const Json& j : w.placementInput.value("placementConstraints", Json::array())) {
      request.constraints.push_back({j.value("type", std::string()), j.value("expression", std::string())});
    }
    request.constraints.push_back({"memberOf", "ec2InstanceId in [" + members + "]"});
    for (const Json& j : w.placementInput.value("placementStrategy", Json::array())) {
      request.strategies.push_back({j.value("type", std::string()), j.value("field", std::string())});
    }
    CompiledRequest compiled;
    if (compileRequest(request, compiled)) continue;
    ClusterRec& cl = clusters[static_cast<size_t>(c)];
    PlacementResult placement = cl.placer.mut().place(compiled, random);
    if (placement.error || placement.placements.empty()) {
      std::string why = capacityReason(capacityProviders[static_cast<size_t>(p)], w.needs, w.awsvpc,
                                       placement.failures.empty() ? std::string() : placement.failures[0].reason);
      if (why != w.capacityReason) tasks.mut(k).capacityReason = why;
      continue;
    }
    TaskRec& t = tasks.mut(k);
    t.waitingForCapacity = false;
    t.instance = cl.instances[static_cast<size_t>(placement.placements[0])];
    t.ports = placement.hostPorts[0];
    InstanceRec& in = instances[static_cast<size_t>(t.instance)];
    t.availabilityZone = in.availabilityZone;
    ++in.runningTasks;
    ++t.version;
    record("TaskPlaced", {{"task", t.id}, {"containerInstance", in.ec2InstanceId}, {"availabilityZone", t.availabilityZone}});
    startLifecycle(static_cast<int>(k), t.awsvpc ? 5000 : 1000);
  }
}

std::string Engine::State::capacityReason(const CapacityProviderRec& cp, const TaskNeeds& needs, bool awsvpc,
                                          const std::string& placerReason) const {
  if (cp.asg < 0) return placerReason;
  const AsgRec& a = asgs[static_cast<size_t>(cp.asg)];
  if (a.instances.empty()) return "EMPTY CAPACITY PROVIDER";
  // The placer also saw the cluster's other instances, refused by the group's memberOf: judge the
  // group's own ACTIVE instances, the one with the most room first.
  const PlacementInstance* best = nullptr;
  for (int i : a.instances) {
    const InstanceRec& rec = instances[static_cast<size_t>(i)];
    const PlacementInstance& in = clusters[static_cast<size_t>(rec.cluster)].placer->instances()[static_cast<size_t>(rec.placerIndex)];
    if (in.status != "ACTIVE") continue;
    if (!best || in.remainingCpu + in.remainingMemoryMiB > best->remainingCpu + best->remainingMemoryMiB) best = &in;
  }
  if (!best) return "NO ACTIVE INSTANCES";
  if (placerReason.find("MemberOf") == std::string::npos) return placerReason;
  if (best->remainingCpu < needs.cpu) return "RESOURCE:CPU";
  if (best->remainingMemoryMiB < needs.memoryMiB) return "RESOURCE:MEMORY";
  if (awsvpc && best->enisInUse >= best->eniLimit) return "RESOURCE:ENI";
  return placerReason;
}

ApiReply Engine::State::capacityFault(std::string_view name, const Json& input) {
  ApiReply r;
  if (name == "FargateSpotCapacity") {
    // Whether Fargate Spot has capacity for new tasks (RunTask's failures say when it has not).
    fargateSpotAvailable = input.value("available", true);
    record("Fault", {{"fault", std::string(name)}, {"available", fargateSpotAvailable}});
    r.output = {{"available", fargateSpotAvailable}};
    return r;
  }
  if (name == "FargateSpotInterruption") {
    // The two-minute warning: desiredStatus STOPPED and SIGTERM at once, SIGKILL after the
    // container's stopTimeout (at most 120 s on Fargate) (capacity.md §2).
    std::string ref = input.value("task", std::string());
    std::string clusterRef = input.value("cluster", std::string());
    int interrupted = 0;
    record("Fault", {{"fault", std::string(name)}, {"task", ref}});
    for (size_t k = 0; k < tasks.size(); ++k) {
      const TaskRec& t = tasks[k];
      if (t.capacityProviderName != "FARGATE_SPOT" || t.desiredStatus != "RUNNING") continue;
      if (!ref.empty() && t.arn != ref && t.id != ref) continue;
      if (!clusterRef.empty() && clusters[static_cast<size_t>(t.cluster)].name != clusterRef && clusters[static_cast<size_t>(t.cluster)].arn != clusterRef) continue;
      stopTask(static_cast<int>(k), "SpotInterruption", "Your Spot Task was interrupted.");
      ++interrupted;
    }
    if (!ref.empty() && interrupted == 0) {
      return fail("InvalidParameterException", "No running FARGATE_SPOT task " + clip(ref, 80) + " to interrupt.");
    }
    r.output = {{"interrupted", interrupted}};
    return r;
  }
  if (name == "SpotInstanceInterruption") {
    // EC2 Spot: with ECS_ENABLE_SPOT_INSTANCE_DRAINING the agent sets the instance DRAINING on the
    // notice; two minutes later EC2 takes the instance (capacity.md §3.6).
    std::string id = input.value("ec2InstanceId", std::string());
    for (size_t i = 0; i < instances.size(); ++i) {
      InstanceRec& rec = instances[i];
      if (rec.ec2InstanceId != id) continue;
      ClusterRec& cl = clusters[static_cast<size_t>(rec.cluster)];
      const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(rec.placerIndex)];
      if (in.status == "INACTIVE") break;
      record("Fault", {{"fault", std::string(name)}, {"ec2InstanceId", id}});
      bool connected = in.agentConnected;
      cl.placer.mut().setInstanceState(rec.placerIndex, "DRAINING", connected);
      ++rec.version;
      record("InstanceStateChange", {{"ec2InstanceId", id}, {"status", "DRAINING"}});
      servicesNotice(rec.cluster);
      schedule(now + kSpotInstanceNotice, EventKind::SpotTermination, i, 0);
      r.output = {{"containerInstance", instanceJson(static_cast<int>(i))}};
      return r;
    }
    return fail("InvalidParameterException", "No container instance with ec2InstanceId '" + clip(id, 40) + "'.");
  }
  return fail("InvalidParameterException", "Unknown fault '" + clip(std::string(name), 40) +
                                               "': TerminateInstance, StopInstance, AgentDisconnect, AgentReconnect, "
                                               "SpotInstanceInterruption, FargateSpotInterruption or FargateSpotCapacity.");
}

}  // namespace ecsplay
