// Standalone tasks: RunTask, the task lifecycle, StopTask, DescribeTasks, ListTasks
// (see ecsplay/engine.h).
#include <algorithm>
#include <cctype>

#include "ecsplay/units.h"

#include "sim/state.h"

namespace ecsplay {
namespace {

// Provisioning: ecsplay's figures for setting up what the task needs before its images are
// pulled: on EC2 little, an ENI for awsvpc, Fargate capacity for Fargate.
constexpr SimTime kProvisionEc2 = 1000, kProvisionEni = 5000, kProvisionFargate = 15000;

// RunTask's overrides applied to a copy of the definition, for what the task reserves
// (API ref: TaskOverride, ContainerOverride).
std::optional<ApiError> applyOverrides(const Json& overrides, TaskDefinition& td) {
  if (!overrides.is_object()) return std::nullopt;
  if (auto it = overrides.find("cpu"); it != overrides.end() && it->is_string()) {
    UnitValue v = parseCpuUnits(it->get<std::string>());
    if (!v.value) return ApiError{"ClientException", "overrides.cpu: " + v.error};
    td.cpuUnits = *v.value;
  }
  if (auto it = overrides.find("memory"); it != overrides.end() && it->is_string()) {
    UnitValue v = parseMemoryMiB(it->get<std::string>());
    if (!v.value) return ApiError{"ClientException", "overrides.memory: " + v.error};
    td.memoryMiB = *v.value;
  }
  if (auto it = overrides.find("containerOverrides"); it != overrides.end() && it->is_array()) {
    for (const Json& o : *it) {
      if (!o.is_object()) continue;
      std::string name = o.value("name", std::string());
      ContainerDefinition* c = nullptr;
      for (ContainerDefinition& cd : td.containerDefinitions) {
        if (cd.name == name) c = &cd;
      }
      if (!c) return ApiError{"InvalidParameterException", "Override for container named " + clip(name, 60) + " is not a container in the TaskDefinition."};
      if (auto v = o.find("cpu"); v != o.end() && v->is_number_integer()) c->cpu = v->get<int>();
      if (auto v = o.find("memory"); v != o.end() && v->is_number_integer()) c->memory = v->get<int>();
      if (auto v = o.find("memoryReservation"); v != o.end() && v->is_number_integer()) c->memoryReservation = v->get<int>();
      if (auto v = o.find("environment"); v != o.end() && v->is_array()) {
        for (const Json& kv : *v) {
          if (!kv.is_object()) continue;
          std::string key = kv.value("name", std::string());
          bool replaced = false;
          for (auto& [k, val] : c->environment) {
            if (k == key) val = kv.value("value", std::string()), replaced = true;
          }
          if (!replaced) c->environment.emplace_back(key, kv.value("value", std::string()));
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

ContainerBehaviour Engine::State::behaviourFor(const RegisteredTaskDefinition& td, const ContainerDefinition& container) const {
  std::string family = td.definition.family;
  auto it = behaviours.find(family + ":" + std::to_string(td.revision) + "/" + container.name);
  if (it == behaviours.end()) it = behaviours.find(family + "/" + container.name);
  return it == behaviours.end() ? ContainerBehaviour{} : it->second;
}

const RegisteredTaskDefinition* Engine::State::activeTaskDefinition(const std::string& ref, std::optional<ApiError>& error) const {
  const RegisteredTaskDefinition* td = registry.find(ref);
  if (!td) {
    std::string family;
    std::optional<int> revision;
    if (parseTaskDefinitionReference(ref, family, revision) && revision) td = registry.find(family + ":" + std::to_string(*revision));
  }
  if (!td) error = ApiError{"ClientException", "Unable to find task definition '" + clip(ref, 80) + "'."};
  else if (td->status != "ACTIVE") error = ApiError{"ClientException", "TaskDefinition is inactive"};
  return error ? nullptr : td;
}

Json strategyJson(const std::vector<StrategyItem>& items) {
  Json out = Json::array();
  for (const StrategyItem& it : items) out.push_back({{"capacityProvider", it.capacityProvider}, {"weight", it.weight}, {"base", it.base}});
  return out;
}

int Engine::State::findTask(int cluster, const std::string& ref) const {
  size_t slash = ref.rfind('/');
  auto it = taskById->find(slash == std::string::npos ? ref : ref.substr(slash + 1));
  if (it == taskById->end()) return -1;
  const TaskRec& t = tasks[static_cast<size_t>(it->second)];
  if (t.cluster != cluster || (slash != std::string::npos && t.arn != ref)) return -1;
  return it->second;
}

ApiReply Engine::State::runTask(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  const RegisteredTaskDefinition* td = activeTaskDefinition(input.value("taskDefinition", std::string()), error);
  if (!td) return fail(error->type.c_str(), error->message);

  // Capacity: a capacity provider strategy (given, or the cluster's default when no launch type is
  // given), else the launch type (EC2 when none).
  std::vector<StrategyItem> strategy;
  if (auto e = resolveStrategy(c, input, strategy)) return fail(e->type.c_str(), e->message);
  struct Group {
    std::string provider, launchType;
    int count = 0;
  };
  std::vector<Group> groups;
  int count = input.value("count", 1);
  if (strategy.empty()) {
    groups.push_back({"", input.value("launchType", std::string("EC2")), count});
  } else {
    std::vector<int> split = splitByStrategy(strategy, count);
    for (size_t k = 0; k < strategy.size(); ++k) {
      if (split[k] == 0) continue;
      int p = findCapacityProvider(strategy[k].capacityProvider);
      bool fargate = p >= 0 && capacityProviders[static_cast<size_t>(p)].asg < 0;
      groups.push_back({strategy[k].capacityProvider, fargate ? "FARGATE" : "EC2", split[k]});
    }
  }
  bool awsvpc = td->definition.effectiveNetworkMode() == NetworkMode::Awsvpc;
  for (const Group& g : groups) {
    auto type = launchTypeFromName(g.launchType);
    if (!type || std::find(td->compatibilities.begin(), td->compatibilities.end(), *type) == td->compatibilities.end()) {
      return fail("InvalidParameterException", "Task definition does not support launch_type " + g.launchType + ".");
    }
    if (g.launchType == "FARGATE" && (input.contains("placementConstraints") || input.contains("placementStrategy"))) {
      return fail("InvalidParameterException", input.contains("placementConstraints")
                                                   ? "Placement constraints are not supported with FARGATE launch type."
                                                   : "Placement strategies are not supported with FARGATE launch type.");
    }
  }
  if (awsvpc && !input.contains("networkConfiguration")) {
    return fail("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
  if (!awsvpc && input.contains("networkConfiguration")) {
    return fail("InvalidParameterException", "Network Configuration is not valid for the given networkMode of this task definition.");
  }

  // The definition with the overrides applied (a copy only when there are overrides: a service
  // launching thousands of tasks has none).
  Json overrides = input.value("overrides", Json::object());
  std::optional<TaskDefinition> overridden;
  if (!overrides.empty()) {
    overridden = td->definition;
    if (auto e = applyOverrides(overrides, *overridden)) return fail(e->type.c_str(), e->message);
  }
  const TaskDefinition& effective = overridden ? *overridden : td->definition;

  PlacementRequest base;
  base.needs = taskNeeds(effective, td->requiresAttributes);
  base.group = input.value("group", std::string());
  for (const PlacementConstraintDef& d : td->definition.placementConstraints) base.constraints.push_back({d.type, d.expression});
  for (const Json& j : input.value("placementConstraints", Json::array())) {
    base.constraints.push_back({j.value("type", std::string()), j.value("expression", std::string())});
  }
  for (const Json& j : input.value("placementStrategy", Json::array())) {
    base.strategies.push_back({j.value("type", std::string()), j.value("field", std::string())});
  }
  {
    CompiledRequest check;
    base.count = count;
    if (auto e = compileRequest(base, check)) return fail(e->type.c_str(), e->message);
  }
  int provisioning = -1;  // the cluster's tasks waiting for capacity, counted when it matters

  ClusterRec& cl = clusters[static_cast<size_t>(c)];
  Json tasksOut = Json::array(), failures = Json::array();
  std::string group;
  // A service's launches report failures as service events (the scheduler's), not RunTask's.
  auto addFailures = [&](const std::vector<PlacementFailure>& list) {
    for (const PlacementFailure& f : list) {
      failures.push_back({{"arn", f.arn}, {"reason", f.reason}});
      if (launchingFor < 0) addFailure({{"arn", f.arn}, {"reason", f.reason}});
    }
    if (!list.empty() && launchingFor < 0) record("PlacementFailed", {{"count", list.size()}, {"reason", list[0].reason}});
  };
  // One task: created, on an instance (index in the cluster's placer), on Fargate (-1), or waiting
  // for capacity (-2).
  auto create = [&](const Group& g, int placerIndex, const HostPorts& ports, const std::string& reason) {
    TaskRec t;
    t.id = newId();
    t.arn = arn("task/" + cl.name + "/" + t.id);
    t.cluster = c;
    t.definition = snapshot(*td);
    t.launchType = g.launchType;
    t.capacityProviderName = g.provider;
    t.group = group;
    t.startedBy = input.value("startedBy", std::string());
    t.enableExecuteCommand = input.value("enableExecuteCommand", false);
    t.overrides = overrides;
    t.needs = base.needs;
    t.awsvpc = awsvpc;
    t.createdAt = now;
    t.placed = true;
    if (launchingFor >= 0) {
      t.service = launchingFor;
      t.deploymentId = services[static_cast<size_t>(launchingFor)].deployments.front().id;
    }
    if (placerIndex >= 0) {
      t.instance = cl.instances[static_cast<size_t>(placerIndex)];
      t.ports = ports;
      InstanceRec& in = instances[static_cast<size_t>(t.instance)];
      t.availabilityZone = in.availabilityZone;
      ++in.runningTasks;
    } else if (placerIndex == -1) {
      // Fargate spreads tasks over the Availability Zones, independently for FARGATE and
      // FARGATE_SPOT (ECS-FACTS.md).
      int& spread = g.provider == "FARGATE_SPOT" ? fargateSpotSpread : fargateSpread;
      t.availabilityZone = config.region + static_cast<char>('a' + spread++ % 3);
    } else {
      t.waitingForCapacity = true;
      t.capacityReason = reason;
      t.placementInput = Json::object();
      if (input.contains("placementConstraints")) t.placementInput["placementConstraints"] = input["placementConstraints"];
      if (input.contains("placementStrategy")) t.placementInput["placementStrategy"] = input["placementStrategy"];
    }
    for (size_t d = 0; d < effective.containerDefinitions.size(); ++d) {
      const ContainerDefinition& cd = effective.containerDefinitions[d];
      ContainerRec cr;
      cr.definition = static_cast<int>(d);
      cr.name = cd.name;
      cr.image = cd.image;
      cr.essential = cd.essential;
      cr.behaviour = behaviourFor(*td, cd);
      cr.stopTimeout = static_cast<SimTime>(cd.stopTimeout ? *cd.stopTimeout : 30) * 1000;
      cr.hasHealthCheck = cd.healthCheck.has_value();
      t.containers.push_back(cr);
    }
    registry.retain(*td);
    int index = static_cast<int>(tasks.size());
    taskById.mut()[t.id] = index;
    if (launchingFor >= 0) services[static_cast<size_t>(launchingFor)].taskIndexes.push_back(index);
    tasks.push_back(std::move(t));
    const TaskRec& added = tasks.back();
    Json detail = objectOf("task", added.id, "taskDefinition",
                           added.definition->definition.family + ":" + std::to_string(added.definition->revision), "launchType", g.launchType);
    if (!g.provider.empty()) detail["capacityProvider"] = g.provider;
    detail["containerInstance"] = added.instance >= 0 ? instances[static_cast<size_t>(added.instance)].ec2InstanceId
                                  : placerIndex == -1 ? std::string("FARGATE")
                                                      : std::string();
    detail["availabilityZone"] = added.availabilityZone;
    if (placerIndex == -2) detail["waitingForCapacity"] = reason;
    record("TaskCreated", std::move(detail));
    if (placerIndex == -2) {
      SimTime wait = kProvisioningWaitMin + static_cast<SimTime>(random.below(static_cast<uint64_t>(kProvisioningWaitMax - kProvisioningWaitMin) + 1));
      schedule(now + wait, EventKind::ProvisioningTimeout, static_cast<uint64_t>(index), added.generation);
    } else {
      startLifecycle(index, g.launchType == "FARGATE" ? kProvisionFargate : awsvpc ? kProvisionEni : kProvisionEc2);
    }
    // A service's own launch needs only the ids (the whole DescribeTasks form is costly at scale).
    tasksOut.push_back(launchingFor >= 0 ? Json{{"taskArn", added.arn}} : taskJson(added));
  };

  for (const Group& g : groups) {
    PlacementRequest request = base;
    request.count = g.count;
    CompiledRequest compiled;
    int p = g.provider.empty() ? -1 : findCapacityProvider(g.provider);
    const CapacityProviderRec* cp = p >= 0 ? &capacityProviders[static_cast<size_t>(p)] : nullptr;
    if (cp && cp->asg >= 0) {
      // Only the group's instances (ecsplay says so with a memberOf on their ids).
      std::string members;
      for (int i : asgs[static_cast<size_t>(cp->asg)].instances) {
        members += (members.empty() ? "'" : ", '") + instances[static_cast<size_t>(i)].ec2InstanceId + "'";
      }
      if (!members.empty()) request.constraints.push_back({"memberOf", "ec2InstanceId in [" + members + "]"});
    }
    if (auto e = compileRequest(request, compiled)) return fail(e->type.c_str(), e->message);
    group = compiled.request.group;
    if (g.launchType == "FARGATE") {
      if (g.provider == "FARGATE_SPOT" && !fargateSpotAvailable) {
        for (int k = 0; k < g.count; ++k) {
          failures.push_back({{"arn", ""}, {"reason", "Capacity is unavailable at this time. Please try again later or in a different availability zone"}});
          addFailure(failures.back());
        }
        record("PlacementFailed", {{"count", g.count}, {"reason", "Capacity is unavailable at this time. Please try again later or in a different availability zone"}});
        continue;
      }
      for (int k = 0; k < g.count; ++k) create(g, -1, HostPorts{}, "");
      continue;
    }
    bool empty = cp && cp->asg >= 0 && asgs[static_cast<size_t>(cp->asg)].instances.empty();
    PlacementResult placement;
    if (!empty) {
      placement = cl.placer.mut().place(compiled, random);
      if (placement.error && !(cp && cp->managedScaling)) return fail(placement.error->type.c_str(), placement.error->message);
    }
    for (size_t k = 0; k < placement.placements.size(); ++k) create(g, placement.placements[k], placement.hostPorts[k], "");
    int unplaced = g.count - static_cast<int>(placement.placements.size());
    if (unplaced <= 0) continue;
    if (cp && cp->managedScaling) {
      // Managed scaling: what does not fit waits in PROVISIONING for the instances it will launch.
      std::string reason = capacityReason(*cp, base.needs, awsvpc, placement.failures.empty() ? std::string("RESOURCE:CPU") : placement.failures[0].reason);
      for (int k = 0; k < unplaced; ++k) {
        if (provisioning < 0) {
          provisioning = 0;
          for (const TaskRec& t : tasks) provisioning += t.cluster == c && t.waitingForCapacity;
        }
        if (provisioning >= kProvisioningLimit) {
          // ecsplay's wording, after the service event "the tasks provisioning capacity limit was exceeded".
          failures.push_back({{"arn", ""}, {"reason", "The tasks provisioning capacity limit (500 per cluster) was exceeded"}});
          addFailure(failures.back());
          continue;
        }
        ++provisioning;
        create(g, -2, HostPorts{}, reason);
      }
    } else if (empty) {
      std::vector<PlacementFailure> list(static_cast<size_t>(unplaced), PlacementFailure{-1, "", "EMPTY CAPACITY PROVIDER"});
      addFailures(list);
    } else {
      if (cp && cp->asg >= 0) {
        for (PlacementFailure& f : placement.failures) f.reason = capacityReason(*cp, base.needs, awsvpc, f.reason);
      }
      addFailures(placement.failures);
    }
  }
  ApiReply r;
  r.output = {{"tasks", tasksOut}, {"failures", failures}};
  return r;
}

// Scheduled tasks: {name, scheduleExpression, kind: "rule" (default) | "scheduler", target: RunTask
// input}. The first firing is the expression's first time after now (rate(): now + the rate).
ApiReply Engine::State::createScheduledTask(const Json& input) {
  std::string name = input.value("name", std::string());
  bool validName = !name.empty() && name.size() <= 64;
  for (char ch : name) validName = validName && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.');
  if (!validName) return fail("ValidationException", "A schedule name is 1 to 64 letters, numbers, '.', '-' or '_'.");
  for (const ScheduleRec& other : schedules) {
    if (other.name == name) return fail("ResourceAlreadyExistsException", "Rule " + name + " already exists.");
  }
  std::string kind = input.value("kind", std::string("rule"));
  if (kind != "rule" && kind != "scheduler") return fail("ValidationException", "kind is \"rule\" (an EventBridge rule) or \"scheduler\" (EventBridge Scheduler).");
  std::string why;
  auto expression = ScheduleExpression::parse(input.value("scheduleExpression", std::string()), why);
  if (!expression) return fail("ValidationException", why);
  ScheduleRec rec{name, kind, *expression, input.value("target", Json::object()), wallMs(now), 0};
  schedules.push_back(rec);
  int index = static_cast<int>(schedules.size()) - 1;
  record("ScheduleCreated", {{"schedule", name}, {"scheduleExpression", expression->text()}});
  if (auto next = expression->next(wallMs(now), wallMs(now))) {
    schedule(*next - config.epochMs, EventKind::ScheduleFire, static_cast<uint64_t>(index), 0);
  }
  ApiReply r;
  r.output = {{"name", name}, {"scheduleExpression", expression->text()}};
  return r;
}

void Engine::State::fireSchedule(int index) {
  ScheduleRec& rec = schedules[static_cast<size_t>(index)];
  ++rec.fired;
  Json input = rec.target.is_object() ? rec.target : Json::object();
  // EventBridge starts the task as "events-rule/RULE", cut to 36 characters (real CloudTrail);
  // EventBridge Scheduler as "chronos-schedule/NAME" (capacity.md §4.3).
  std::string startedBy = (rec.kind == "scheduler" ? "chronos-schedule/" : "events-rule/") + rec.name;
  input["startedBy"] = startedBy.substr(0, 36);
  record("ScheduleFired", {{"schedule", rec.name}, {"scheduleExpression", rec.expression.text()}});
  call("RunTask", input);
  ScheduleRec& again = schedules[static_cast<size_t>(index)];
  if (auto next = again.expression.next(wallMs(now), again.startMs)) {
    schedule(*next - config.epochMs, EventKind::ScheduleFire, static_cast<uint64_t>(index), 0);
  }
}

Json Engine::State::taskJson(const TaskRec& t) const {
  const std::string& clusterName = clusters[static_cast<size_t>(t.cluster)].name;
  Json containers = Json::array();
  for (const ContainerRec& c : t.containers) {
    Json j = {{"containerArn", arn("container/" + clusterName + "/" + t.id + "/" + c.name)},
              {"taskArn", t.arn},
              {"name", c.name},
              {"image", c.image},
              {"lastStatus", c.lastStatus()}};
    if (c.exitCode) j["exitCode"] = *c.exitCode;
    if (!c.reason.empty()) j["reason"] = c.reason;
    if (t.instance >= 0 && !t.ports.tcp.empty() && c.definition == 0) {
      Json bindings = Json::array();
      for (int p : t.ports.tcp) bindings.push_back({{"bindIP", "0.0.0.0"}, {"hostPort", p}, {"protocol", "tcp"}});
      j["networkBindings"] = bindings;
    }
    j["healthStatus"] = healthName(c.health);
    const ContainerDefinition& def = t.definition->definition.containerDefinitions[static_cast<size_t>(c.definition)];
    j["cpu"] = std::to_string(def.cpu);
    if (def.memory) j["memory"] = std::to_string(*def.memory);
    if (def.memoryReservation) j["memoryReservation"] = std::to_string(*def.memoryReservation);
    if (c.restartCount) j["restartCount"] = c.restartCount;
    containers.push_back(j);
  }
  const TaskDefinition& td = t.definition->definition;
  Json out = {{"attachments", Json::array()},
              {"availabilityZone", t.availabilityZone}};
  if (!t.capacityProviderName.empty()) out["capacityProviderName"] = t.capacityProviderName;
  out["clusterArn"] = clusters[static_cast<size_t>(t.cluster)].arn;
  if (t.connectivityAt) {
    out["connectivity"] = "CONNECTED";
    out["connectivityAt"] = seconds(wallMs(*t.connectivityAt));
  }
  if (t.instance >= 0) out["containerInstanceArn"] = instances[static_cast<size_t>(t.instance)].arn;
  out["containers"] = containers;
  out["cpu"] = std::to_string(t.needs.cpu);
  out["createdAt"] = seconds(wallMs(t.createdAt));
  out["desiredStatus"] = t.desiredStatus;
  out["enableExecuteCommand"] = t.enableExecuteCommand;
  if (t.executionStoppedAt) out["executionStoppedAt"] = seconds(wallMs(*t.executionStoppedAt));
  if (!t.group.empty()) out["group"] = t.group;
  out["healthStatus"] = healthName(t.health);
  out["lastStatus"] = t.lastStatus();
  out["launchType"] = t.launchType;
  out["memory"] = std::to_string(t.needs.memoryMiB);
  Json overrides = t.overrides.is_object() ? t.overrides : Json::object();
  if (!overrides.contains("containerOverrides")) overrides["containerOverrides"] = Json::array();
  out["overrides"] = overrides;
  if (t.launchType == "FARGATE") out["platformVersion"] = "1.4.0";
  if (td.isWindows()) out["platformFamily"] = "Windows";
  if (t.pullStartedAt) out["pullStartedAt"] = seconds(wallMs(*t.pullStartedAt));
  if (t.pullStoppedAt) out["pullStoppedAt"] = seconds(wallMs(*t.pullStoppedAt));
  if (t.startedAt) out["startedAt"] = seconds(wallMs(*t.startedAt));
  if (!t.startedBy.empty()) out["startedBy"] = t.startedBy;
  if (!t.stopCode.empty()) out["stopCode"] = t.stopCode;
  if (t.stoppedAt) out["stoppedAt"] = seconds(wallMs(*t.stoppedAt));
  if (!t.stoppedReason.empty()) out["stoppedReason"] = t.stoppedReason;
  if (t.stoppingAt) out["stoppingAt"] = seconds(wallMs(*t.stoppingAt));
  out["tags"] = Json::array();
  out["taskArn"] = t.arn;
  out["taskDefinitionArn"] = t.definition->arn;
  out["version"] = t.version;
  return out;
}

ApiReply Engine::State::stopTaskCall(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  int k = findTask(c, input.value("task", std::string()));
  if (k < 0) return fail("InvalidParameterException", "The referenced task was not found.");
  std::string reason = input.value("reason", std::string());
  stopTask(k, "UserInitiated", reason.empty() ? "Task stopped by user" : reason);
  ApiReply r;
  r.output = {{"task", taskJson(tasks[static_cast<size_t>(k)])}};
  return r;
}

namespace {
// Stopped tasks stay describable for at least an hour (API ref: DescribeTasks).
bool expired(const TaskRec& t, SimTime now) { return t.stoppedAt && now - *t.stoppedAt > 3600000; }
}  // namespace

ApiReply Engine::State::describeTasks(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  Json list = Json::array(), failures = Json::array();
  for (const Json& ref : input.value("tasks", Json::array())) {
    std::string r = ref.is_string() ? ref.get<std::string>() : std::string();
    int k = findTask(c, r);
    if (k >= 0 && !expired(tasks[static_cast<size_t>(k)], now)) {
      list.push_back(taskJson(tasks[static_cast<size_t>(k)]));
    } else {
      failures.push_back({{"arn", r.rfind("arn:", 0) == 0 ? r : arn("task/" + clusters[static_cast<size_t>(c)].name + "/" + r)},
                          {"reason", "MISSING"}});
    }
  }
  ApiReply reply;
  reply.output = {{"tasks", list}, {"failures", failures}};
  return reply;
}

ApiReply Engine::State::listTasks(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  std::string desired = input.value("desiredStatus", std::string("RUNNING"));
  std::string family = input.value("family", std::string());
  std::string startedBy = input.value("startedBy", std::string());
  std::string launchType = input.value("launchType", std::string());
  std::string serviceName = input.value("serviceName", std::string());
  std::string instanceRef = input.value("containerInstance", std::string());
  int instance = -2;
  if (!instanceRef.empty()) {
    instance = findInstance(c, instanceRef);
    if (instance < 0) return fail("InvalidParameterException", "The referenced container instance was not found.");
  }
  if (!startedBy.empty() && (!family.empty() || !serviceName.empty() || !launchType.empty() || !instanceRef.empty())) {
    // "When you specify startedBy as the filter, it must be the only filter that you use."
    // (API ref: ListTasksRequest)
    return fail("InvalidParameterException", "startedBy must be the only filter of ListTasks when it is given.");
  }
  Json arns = Json::array();
  for (const TaskRec& t : tasks) {
    if (t.cluster != c || t.desiredStatus != desired || expired(t, now)) continue;
    if (!family.empty() && t.definition->definition.family != family) continue;
    if (!startedBy.empty() && t.startedBy != startedBy) continue;
    if (!launchType.empty() && t.launchType != launchType) continue;
    if (!serviceName.empty() && t.group != "service:" + serviceName) continue;
    if (instance != -2 && t.instance != instance) continue;
    arns.push_back(t.arn);
  }
  ApiReply r;
  r.output = Json::object();
  if (auto e = paginate(arns, input, "taskArns", r.output)) return fail(e->type.c_str(), e->message);
  return r;
}

}  // namespace ecsplay
