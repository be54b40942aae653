// Load balancers behind services, modelled simply (ECS-FACTS.md, "Task lifecycle" and "Services"):
// a target group with its own health check; ECS registers a service task as a target while the
// task is ACTIVATING and deregisters it while DEACTIVATING, which lasts the group's deregistration
// delay. The load balancer checks every target each interval (Elastic Load Balancing guide, "Health
// checks for your target groups"): a newly registered target is healthy after one passing check; a
// target is unhealthy after unhealthyThresholdCount failures in a row, and healthy again after
// healthyThresholdCount passes. The scheduler replaces a task whose target is unhealthy as it
// replaces one whose container health check failed (services.cpp, replaceUnhealthy).
#include <cctype>

#include "sim/state.h"

namespace ecsplay {

const char* targetStateName(TargetState s) {
  switch (s) {
    case TargetState::None: return "unused";
    case TargetState::Initial: return "initial";
    case TargetState::Healthy: return "healthy";
    case TargetState::Unhealthy: return "unhealthy";
    case TargetState::Draining: return "draining";
  }
  return "unused";
}

namespace {

// An integer field within [lo, hi], or the default when absent; false (with `why`) otherwise.
bool intField(const Json& input, const char* key, int lo, int hi, int& out, std::string& why) {
  auto it = input.find(key);
  if (it == input.end()) return true;
  if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
    why = std::string(key) + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ".";
    return false;
  }
  out = static_cast<int>(it->get<int64_t>());
  return true;
}

}  // namespace

int Engine::State::findTargetGroup(const std::string& ref) const {
  for (size_t k = 0; k < targetGroups.size(); ++k) {
    if (targetGroups[k].arn == ref || targetGroups[k].name == ref) return static_cast<int>(k);
  }
  return -1;
}

// {targetGroupName, healthCheckIntervalSeconds (5-300, default 30), healthCheckTimeoutSeconds
// (2-120, default 5, less than the interval), healthyThresholdCount (2-10, default 5),
// unhealthyThresholdCount (2-10, default 2), healthCheckPath, deregistrationDelaySeconds (0-3600,
// default 300)}: the defaults and ranges of Elastic Load Balancing's CreateTargetGroup (HTTP).
ApiReply Engine::State::createTargetGroup(const Json& input) {
  if (!input.is_object()) return fail("ValidationError", "A target group is an object with a targetGroupName.");
  TargetGroupRec g;
  auto name = input.find("targetGroupName");
  if (name == input.end() || !name->is_string()) return fail("ValidationError", "A target group needs a targetGroupName (a string).");
  g.name = name->get<std::string>();
  bool valid = !g.name.empty() && g.name.size() <= 32 && g.name.front() != '-' && g.name.back() != '-';
  for (char ch : g.name) valid = valid && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-');
  if (!valid) {
    return fail("ValidationError", "Target group name '" + clip(g.name, 40) +
                                       "' can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and "
                                       "must not begin or end with a hyphen");
  }
  if (findTargetGroup(g.name) >= 0) return fail("DuplicateTargetGroupName", "A target group with the same name '" + g.name + "' exists");
  std::string why;
  if (!intField(input, "healthCheckIntervalSeconds", 5, 300, g.intervalSeconds, why) ||
      !intField(input, "healthCheckTimeoutSeconds", 2, 120, g.timeoutSeconds, why) ||
      !intField(input, "healthyThresholdCount", 2, 10, g.healthyThreshold, why) ||
      !intField(input, "unhealthyThresholdCount", 2, 10, g.unhealthyThreshold, why) ||
      !intField(input, "deregistrationDelaySeconds", 0, 3600, g.deregistrationDelaySeconds, why)) {
    return fail("ValidationError", why);
  }
  if (g.timeoutSeconds >= g.intervalSeconds) return fail("ValidationError", "Health check timeout must be smaller than the interval");
  if (auto p = input.find("healthCheckPath"); p != input.end()) {
    if (!p->is_string() || p->get<std::string>().empty() || p->get<std::string>()[0] != '/' || p->get<std::string>().size() > 1024) {
      return fail("ValidationError", "healthCheckPath must be a path starting with '/', up to 1024 characters.");
    }
    g.healthCheckPath = p->get<std::string>();
  }
  for (auto it = input.begin(); it != input.end(); ++it) {
    static const char* const known[] = {"targetGroupName", "healthCheckIntervalSeconds", "healthCheckTimeoutSeconds", "healthyThresholdCount",
                                        "unhealthyThresholdCount", "healthCheckPath", "deregistrationDelaySeconds"};
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) return fail("ValidationError", "Unknown target group field '" + clip(it.key(), 40) + "'.");
  }
  char suffix[17];
  std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(random.next()));
  g.arn = "arn:aws:elasticloadbalancing:" + config.region + ":" + config.accountId + ":targetgroup/" + g.name + "/" + suffix;
  targetGroups.push_back(g);
  record("TargetGroupCreated", {{"targetGroup", g.name},
                                {"healthCheckIntervalSeconds", g.intervalSeconds},
                                {"healthyThresholdCount", g.healthyThreshold},
                                {"unhealthyThresholdCount", g.unhealthyThreshold},
                                {"deregistrationDelaySeconds", g.deregistrationDelaySeconds}});
  ApiReply r;
  r.output = {{"TargetGroups", Json::array({{{"TargetGroupArn", g.arn}, {"TargetGroupName", g.name}}})}};
  return r;
}

// CreateService's loadBalancers: [{targetGroupArn, containerName, containerPort}] (API ref:
// LoadBalancer). The container must be in the task definition and map that port.
std::optional<ApiError> Engine::State::bindLoadBalancers(const Json& input, const RegisteredTaskDefinition& td, ServiceRec& s) const {
  auto it = input.find("loadBalancers");
  if (it == input.end() || (it->is_array() && it->empty())) return std::nullopt;
  if (!it->is_array()) return ApiError{"InvalidParameterException", "loadBalancers must be a list."};
  if (it->size() > 1) {
    return ApiError{"NotSimulated", "More than one load balancer target group on a service is not simulated by ecsplay yet."};
  }
  const Json& lb = (*it)[0];
  if (!lb.is_object()) return ApiError{"InvalidParameterException", "loadBalancers[0] must be an object."};
  if (lb.contains("loadBalancerName") && !lb.contains("targetGroupArn")) {
    return ApiError{"NotSimulated", "Classic Load Balancers (loadBalancerName) are not simulated by ecsplay; use a targetGroupArn."};
  }
  std::string ref = lb.contains("targetGroupArn") && lb["targetGroupArn"].is_string() ? lb["targetGroupArn"].get<std::string>() : "";
  if (ref.empty()) return ApiError{"InvalidParameterException", "loadBalancers[0] needs a targetGroupArn."};
  int g = findTargetGroup(ref);
  if (g < 0) {
    return ApiError{"InvalidParameterException", "The target group " + clip(ref, 200) + " does not exist (define it in the scenario's targetGroups)."};
  }
  std::string container = lb.contains("containerName") && lb["containerName"].is_string() ? lb["containerName"].get<std::string>() : "";
  if (container.empty()) return ApiError{"InvalidParameterException", "loadBalancers[0] needs a containerName."};
  if (!lb.contains("containerPort") || !lb["containerPort"].is_number_integer()) {
    return ApiError{"InvalidParameterException", "loadBalancers[0] needs a containerPort (an integer)."};
  }
  int64_t port = lb["containerPort"].get<int64_t>();
  const ContainerDefinition* cd = nullptr;
  for (const ContainerDefinition& c : td.definition.containerDefinitions) {
    if (c.name == container) cd = &c;
  }
  if (!cd) {
    return ApiError{"InvalidParameterException", "The container " + clip(container, 255) + " does not exist in the task definition."};
  }
  bool mapped = false;
  for (const PortMapping& m : cd->portMappings) mapped = mapped || (m.containerPort && *m.containerPort == port);
  if (!mapped) {
    return ApiError{"InvalidParameterException",
                    "The container " + clip(container, 255) + " did not have a container port " + std::to_string(port) + " defined."};
  }
  s.loadBalancers = Json::array({{{"targetGroupArn", targetGroups[static_cast<size_t>(g)].arn}, {"containerName", container}, {"containerPort", port}}});
  s.targetGroup = g;
  s.lbContainerName = container;
  s.lbContainerPort = static_cast<int>(port);
  return std::nullopt;
}

void Engine::State::registerTarget(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.service < 0 || services[static_cast<size_t>(t.service)].targetGroup < 0) return;
  ServiceRec& s = services[static_cast<size_t>(t.service)];
  const TargetGroupRec& g = targetGroups[static_cast<size_t>(s.targetGroup)];
  t.target = TargetState::Initial;
  t.targetStreak = 0;
  record("TargetRegistered", {{"task", t.id}, {"targetGroup", g.name}});
  ++s.targetsRegistered;
  queueReconcile(t.service);  // says it in an event
  schedule(now + static_cast<SimTime>(g.intervalSeconds) * 1000, EventKind::TargetHealthCheck, static_cast<uint64_t>(index), t.generation);
}

SimTime Engine::State::deregisterTarget(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.target == TargetState::None || t.target == TargetState::Draining) return 0;
  ServiceRec& s = services[static_cast<size_t>(t.service)];
  const TargetGroupRec& g = targetGroups[static_cast<size_t>(s.targetGroup)];
  record("TargetHealthChange", {{"task", t.id}, {"targetGroup", g.name}, {"from", targetStateName(t.target)}, {"to", "draining"}});
  t.target = TargetState::Draining;
  ++s.targetsDraining;
  queueReconcile(t.service);
  return static_cast<SimTime>(g.deregistrationDelaySeconds) * 1000;
}

void Engine::State::targetDeregistered(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.target == TargetState::None) return;
  bool draining = t.target == TargetState::Draining;
  t.target = TargetState::None;
  if (!draining) return;  // the host went: nothing is said
  ServiceRec& s = services[static_cast<size_t>(t.service)];
  record("TargetDeregistered", {{"task", t.id}, {"targetGroup", targetGroups[static_cast<size_t>(s.targetGroup)].name}});
  ++s.targetsDeregistered;
  queueReconcile(t.service);
}

bool Engine::State::targetUnhealthy(const TaskRec& t) const { return t.target == TargetState::Unhealthy; }

void Engine::State::targetHealthCheck(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.target == TargetState::None || t.target == TargetState::Draining || t.service < 0) return;
  const ServiceRec& s = services[static_cast<size_t>(t.service)];
  const TargetGroupRec& g = targetGroups[static_cast<size_t>(s.targetGroup)];
  // The target answers when its container runs and its behaviour does not make it fail now.
  bool pass = false;
  for (const ContainerRec& c : t.containers) {
    if (c.name != s.lbContainerName) continue;
    const ContainerBehaviour& b = c.behaviour;
    bool fails = (b.targetHealthFailsFrom && now >= *b.targetHealthFailsFrom && (!b.targetHealthFailsUntil || now < *b.targetHealthFailsUntil)) ||
                 (b.targetHealthFailsAfter && now - c.startedAt >= *b.targetHealthFailsAfter);
    pass = c.phase == ContainerPhase::Running && !fails;
  }
  TargetState before = t.target, after = before;
  switch (before) {
    case TargetState::Initial:  // a new target: one pass makes it healthy
      if (pass) {
        after = TargetState::Healthy;
      } else if (++t.targetStreak >= g.unhealthyThreshold) {
        after = TargetState::Unhealthy;
      }
      break;
    case TargetState::Healthy:
      t.targetStreak = pass ? 0 : t.targetStreak + 1;
      if (t.targetStreak >= g.unhealthyThreshold) after = TargetState::Unhealthy;
      break;
    case TargetState::Unhealthy:
      t.targetStreak = pass ? t.targetStreak + 1 : 0;
      if (t.targetStreak >= g.healthyThreshold) after = TargetState::Healthy;
      break;
    default: break;
  }
  schedule(now + static_cast<SimTime>(g.intervalSeconds) * 1000, EventKind::TargetHealthCheck, static_cast<uint64_t>(index), t.generation);
  if (after == before) return;
  t.target = after;
  t.targetStreak = 0;
  ++t.version;
  record("TargetHealthChange", {{"task", t.id}, {"targetGroup", g.name}, {"from", targetStateName(before)}, {"to", targetStateName(after)}});
  if (after == TargetState::Unhealthy) {
    int port = s.lbContainerPort;
    if (t.instance >= 0 && !t.ports.tcp.empty()) port = t.ports.tcp.front();  // the host port the target listens on
    serviceEvent(t.service, "(service " + s.name + ") (task " + t.id + ") (port " + std::to_string(port) + ") is unhealthy in (target-group " +
                                g.arn + ") due to (reason Health checks failed).");
  }
  queueReconcile(t.service);
}

// Registration, draining and deregistration are said in batches, as ECS does ("registered 2
// targets"): what happened since the scheduler last looked.
void Engine::State::flushTargetEvents(int index) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  if (s.targetGroup < 0) return;
  const std::string& tg = targetGroups[static_cast<size_t>(s.targetGroup)].arn;
  if (s.targetsDraining > 0) serviceEvent(index, "(service " + s.name + ") has begun draining connections on " + std::to_string(s.targetsDraining) + " tasks.");
  if (s.targetsDeregistered > 0) {
    serviceEvent(index, "(service " + s.name + ") deregistered " + std::to_string(s.targetsDeregistered) + " targets in (target-group " + tg + ")");
  }
  if (s.targetsRegistered > 0) {
    serviceEvent(index, "(service " + s.name + ") registered " + std::to_string(s.targetsRegistered) + " targets in (target-group " + tg + ")");
  }
  ServiceRec& after = services[static_cast<size_t>(index)];
  after.targetsRegistered = after.targetsDraining = after.targetsDeregistered = 0;
}

}  // namespace ecsplay
