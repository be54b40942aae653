// The service scheduler, first part: REPLICA services that keep desiredCount tasks running (spread
// over Availability Zones and instances by default), replace tasks that stop, scale up and down,
// report what they do as service events with ECS's texts, and are deleted through DRAINING.
// Deployments of a new task definition, health-based replacement, launch throttling and DAEMON
// services are not simulated yet and say so. ECS-FACTS.md, "Services"; docs/research/placement.md
// §3 for the placement event texts.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "sim/state.h"

namespace ecsplay {
namespace {

// The scheduler tries again to place what it could not, this often (ecsplay's figure).
constexpr SimTime kPlacementRetry = 30000;
constexpr size_t kEventsKept = 100;  // "the 100 latest" (API ref: Service.events)

// The deployment bounds: desiredCount x maximumPercent rounded down, x minimumHealthyPercent
// rounded up (ECS-FACTS.md), in 64 bits (both inputs may be near INT32_MAX), capped to an int.
int maxTasksOf(const ServiceRec& s) {
  return static_cast<int>(std::min<int64_t>(INT32_MAX, int64_t(s.desiredCount) * s.maximumPercent / 100));
}
int minHealthyOf(const ServiceRec& s) {
  return static_cast<int>(std::min<int64_t>(INT32_MAX, (int64_t(s.desiredCount) * s.minimumHealthyPercent + 99) / 100));
}

// "(service web) was unable to place a task because no container instance met all of its
// requirements. The closest matching (container-instance ID) has insufficient CPU units
// available. For more information, see the Troubleshooting section of the Amazon ECS Developer
// Guide." (placement.md §3.2)
std::string unableToPlace(const std::string& service, const std::string& reason, const std::string& instanceArn) {
  std::string head = "(service " + service + ") was unable to place a task because no container instance met all of its requirements. ";
  std::string tail = " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";
  if (instanceArn.empty()) return head + "Reason: " + reason + tail;
  std::string closest = "The closest matching (container-instance " + lastPart(instanceArn) + ") ";
  std::string what = reason == "RESOURCE:CPU"      ? "has insufficient CPU units available."
                     : reason == "RESOURCE:MEMORY" ? "has insufficient memory available."
                     : reason == "RESOURCE:PORTS"  ? "is already using a port required by your task."
                     : reason == "ATTRIBUTE"       ? "is missing an attribute required by your task."
                                                   : "encountered error \"" + reason + "\".";
  return head + closest + what + tail;
}

}  // namespace

// The Amazon ECS service quota "Tasks per service" (not adjustable): 5,000 (Dev guide: service
// quotas). ECS's own error text for it is not documented; this is ecsplay's.
constexpr int kMaxTasksPerService = 5000;
static std::string tooManyTasks(int desired) {
  return "desiredCount " + std::to_string(desired) + " is above the Amazon ECS quota of 5000 tasks per service.";
}

std::string Engine::State::newDeploymentId() {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%019llu", static_cast<unsigned long long>(random.next() % 10000000000000000000ULL));
  return std::string("ecs-svc/") + digits;
}

// A task counts toward minimumHealthyPercent once HEALTHY, or 40 s after RUNNING when no essential
// container has a health check (API ref: DeploymentConfiguration).
constexpr SimTime kHealthyWithoutCheck = 40000;
bool Engine::State::countsAsHealthy(const TaskRec& t) const {
  if (t.phase != Phase::Running || t.desiredStatus != "RUNNING") return false;
  bool checked = false;
  for (const ContainerRec& c : t.containers) checked = checked || (c.essential && c.hasHealthCheck);
  // Behind a load balancer: once its target is healthy (and HEALTHY if checked), without the 40 s
  // wait (API ref: DeploymentConfiguration).
  if (t.service >= 0 && services[static_cast<size_t>(t.service)].targetGroup >= 0) {
    return t.target == TargetState::Healthy && (!checked || t.health == Health::Healthy);
  }
  if (checked) return t.health == Health::Healthy;
  return t.startedAt && now - *t.startedAt >= kHealthyWithoutCheck;
}

int Engine::State::findService(int cluster, const std::string& ref) const {
  std::string name = lastPart(ref);
  for (size_t k = services.size(); k-- > 0;) {  // the newest of that name
    const ServiceRec& s = services[k];
    if (s.cluster == cluster && s.name == name && (ref.rfind("arn:", 0) != 0 || s.arn == ref)) return static_cast<int>(k);
  }
  return -1;
}

void Engine::State::serviceEvent(int index, const std::string& message) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  std::string id = newId();
  id = id.substr(0, 8) + "-" + id.substr(8, 4) + "-" + id.substr(12, 4) + "-" + id.substr(16, 4) + "-" + id.substr(20, 12);
  s.events.insert(s.events.begin(), ServiceEventRec{id, wallMs(now), message});
  if (s.events.size() > kEventsKept) s.events.pop_back();
  record("ServiceEvent", objectOf("service", s.name, "message", message));
}

// "(service web) has started 2 tasks: (task A) (task B)." / "has stopped 2 running tasks: ...".
void Engine::State::tasksEvent(int index, const char* verb, const std::vector<std::string>& taskIds) {
  std::string ids;
  for (const std::string& id : taskIds) ids += " (task " + id + ")";
  serviceEvent(index, "(service " + services[static_cast<size_t>(index)].name + ") has " + verb + " " + std::to_string(taskIds.size()) +
                          (std::string(verb) == "stopped" ? " running tasks:" : " tasks:") + ids + ".");
}

void Engine::State::completeDeployment(int index) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  s.deployments.resize(1);
  DeploymentRec& primary = s.deployments.front();
  primary.rolloutState = "COMPLETED";
  primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
  primary.updatedAtMs = wallMs(now);
  serviceEvent(index, "(service " + s.name + ") (deployment " + primary.id + ") deployment completed.");
  s.steady = false;
}

void Engine::State::reachSteadyState(int index) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  s.steady = true;
  DeploymentRec& primary = s.deployments.front();
  if (primary.rolloutState == "IN_PROGRESS") {
    primary.rolloutState = "COMPLETED";
    primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
    primary.updatedAtMs = wallMs(now);
  }
  serviceEvent(index, "(service " + s.name + ") has reached a steady state.");
}

void Engine::State::queueReconcile(int index) {
  if (index < 0) return;
  ServiceRec& s = services[static_cast<size_t>(index)];
  // Now, even when a later retry is queued (that one then finds nothing to do).
  if ((s.reconcileQueued && s.reconcileAt <= now) || s.status == "INACTIVE") return;
  s.reconcileQueued = true;
  s.reconcileAt = now;
  schedule(now, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);
}

ApiReply Engine::State::createService(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  std::string name = input.value("serviceName", std::string());
  bool valid = !name.empty() && name.size() <= 255;
  for (char ch : name) valid = valid && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_');
  if (!valid) return fail("InvalidParameterException", "Service name can only contain letters, numbers, hyphens and underscores, up to 255 characters.");
  int existing = findService(c, name);
  if (existing >= 0 && services[static_cast<size_t>(existing)].status != "INACTIVE") {
    return fail("InvalidParameterException", "Creation of service was not idempotent.");
  }
  bool daemon = input.value("schedulingStrategy", std::string("REPLICA")) == "DAEMON";
  if (daemon) {
    // DAEMON: one task on each instance; no desiredCount, strategy, Fargate (API ref: CreateService).
    if (input.contains("desiredCount")) return fail("InvalidParameterException", "The daemon scheduling strategy does not support a desired count for services.");
    if (input.contains("placementStrategy")) return fail("InvalidParameterException", "The daemon scheduling strategy does not support placement strategies.");
    if (input.value("launchType", std::string()) == "FARGATE" || input.contains("capacityProviderStrategy")) {
      return fail("InvalidParameterException", "The daemon scheduling strategy runs on container instances: it does not support FARGATE or capacity provider strategies.");
    }
  }
  for (const char* key : {"serviceRegistries", "vpcLatticeConfigurations", "volumeConfigurations"}) {
    if (input.contains(key) && input[key].is_array() && !input[key].empty()) {
      return fail("NotSimulated", std::string(key) + " on a service are not simulated by ecsplay yet.");
    }
  }
  if (input.contains("serviceConnectConfiguration")) return fail("NotSimulated", "Service Connect is not simulated by ecsplay yet.");
  if (input.contains("deploymentController") && input["deploymentController"].value("type", std::string("ECS")) != "ECS") {
    return fail("NotSimulated", "Only the ECS deployment controller is simulated (not CODE_DEPLOY or EXTERNAL).");
  }
  std::string ref = input.value("taskDefinition", std::string());
  if (ref.empty()) return fail("InvalidParameterException", "A service with the ECS deployment controller needs a taskDefinition.");
  const RegisteredTaskDefinition* td = activeTaskDefinition(ref, error);
  if (!td) return fail(error->type.c_str(), error->message);
  if (!daemon && !input.contains("desiredCount")) return fail("InvalidParameterException", "A REPLICA service needs a desiredCount.");
  int desired = input.value("desiredCount", 0);
  if (desired < 0) return fail("InvalidParameterException", "desiredCount cannot be negative.");
  if (desired > kMaxTasksPerService) return fail("InvalidParameterException", tooManyTasks(desired));
  std::vector<StrategyItem> strategy;
  Json capacityInput = input;
  if (daemon) capacityInput["launchType"] = "EC2";  // a daemon never takes the cluster's default strategy
  if (auto e = resolveStrategy(c, capacityInput, strategy)) return fail(e->type.c_str(), e->message);
  std::string launchType = strategy.empty() ? capacityInput.value("launchType", std::string("EC2")) : std::string();
  bool awsvpc = td->definition.effectiveNetworkMode() == NetworkMode::Awsvpc;
  if (awsvpc && !input.contains("networkConfiguration")) {
    return fail("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
  if (!awsvpc && input.contains("networkConfiguration")) {
    return fail("InvalidParameterException", "Network Configuration is not valid for the given networkMode of this task definition.");
  }
  if (!launchType.empty()) {
    auto type = launchTypeFromName(launchType);
    if (!type || std::find(td->compatibilities.begin(), td->compatibilities.end(), *type) == td->compatibilities.end()) {
      return fail("InvalidParameterException", "Task definition does not support launch_type " + launchType + ".");
    }
  }
  {
    // Placement constraints and strategies are checked now, as ECS checks them (not at each launch).
    PlacementRequest probe;
    for (const Json& j : input.value("placementConstraints", Json::array())) {
      probe.constraints.push_back({j.value("type", std::string()), j.value("expression", std::string())});
    }
    for (const Json& j : input.value("placementStrategy", Json::array())) {
      probe.strategies.push_back({j.value("type", std::string()), j.value("field", std::string())});
    }
    if (probe.strategies.empty()) probe.strategies = defaultServiceStrategies();
    CompiledRequest compiled;
    if (auto e = compileRequest(probe, compiled)) return fail(e->type.c_str(), e->message);
  }
  ServiceRec s;
  if (auto e = bindLoadBalancers(input, *td, s)) return fail(e->type.c_str(), e->message);
  s.name = name;
  s.arn = arn("service/" + clusters[static_cast<size_t>(c)].name + "/" + name);
  s.cluster = c;
  s.desiredCount = desired;
  s.daemon = daemon;
  s.launchType = launchType;
  s.strategy = strategy;
  s.placementConstraints = input.value("placementConstraints", Json::array());
  s.placementStrategy = input.value("placementStrategy", Json::array());
  if (input.contains("networkConfiguration")) s.networkConfiguration = input["networkConfiguration"];
  const Json dc = input.value("deploymentConfiguration", Json::object());
  // Defaults: REPLICA 200 / 100, DAEMON 100 / 0 (ECS-FACTS.md, "Services").
  s.maximumPercent = dc.value("maximumPercent", daemon ? 100 : 200);
  s.minimumHealthyPercent = dc.value("minimumHealthyPercent", daemon ? 0 : 100);
  if (s.minimumHealthyPercent < 0 || s.minimumHealthyPercent > 100 || s.maximumPercent < 100) {
    return fail("InvalidParameterException", "deploymentConfiguration: minimumHealthyPercent is 0 to 100 and maximumPercent at least 100 for a REPLICA service.");
  }
  if (dc.contains("deploymentCircuitBreaker")) {
    s.circuitBreakerEnable = dc["deploymentCircuitBreaker"].value("enable", false);
    s.circuitBreakerRollback = dc["deploymentCircuitBreaker"].value("rollback", false);
  }
  s.healthCheckGracePeriodSeconds = input.value("healthCheckGracePeriodSeconds", 0);
  s.enableExecuteCommand = input.value("enableExecuteCommand", false);
  s.platformVersion = input.value("platformVersion", std::string());
  s.createdAtMs = wallMs(now);
  DeploymentRec d;
  d.id = newDeploymentId();
  d.taskDefinition = snapshot(*td);
  d.createdAtMs = d.updatedAtMs = wallMs(now);
  d.rolloutStateReason = "ECS deployment " + d.id + " in progress.";
  s.deployments.push_back(d);
  services.push_back(s);
  int index = static_cast<int>(services.size()) - 1;
  record("ServiceCreated", {{"service", name}, {"cluster", clusters[static_cast<size_t>(c)].name}, {"desiredCount", desired}});
  queueReconcile(index);
  ApiReply r;
  r.output = {{"service", serviceJson(index)}};
  return r;
}

ApiReply Engine::State::updateService(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  int k = findService(c, input.value("service", std::string()));
  if (k < 0) return fail("ServiceNotFoundException", "Service not found.");
  if (services[static_cast<size_t>(k)].status != "ACTIVE") return fail("ServiceNotActiveException", "Service was not ACTIVE.");
  ServiceRec& s = services[static_cast<size_t>(k)];
  // A new task definition, or forceNewDeployment, starts a deployment (the rolling update).
  const RegisteredTaskDefinition* newTd = nullptr;
  if (input.contains("taskDefinition") && input["taskDefinition"].is_string()) {
    newTd = activeTaskDefinition(input["taskDefinition"].get<std::string>(), error);
    if (!newTd) return fail(error->type.c_str(), error->message);
    if (newTd->arn == s.deployments.front().taskDefinition->arn) newTd = nullptr;  // unchanged
  }
  for (const char* key : {"capacityProviderStrategy", "networkConfiguration", "placementConstraints", "placementStrategy", "loadBalancers",
                          "serviceRegistries", "serviceConnectConfiguration", "platformVersion"}) {
    if (input.contains(key)) return fail("NotSimulated", std::string("Changing ") + key + " on a service is not simulated by ecsplay yet.");
  }
  if (newTd || input.value("forceNewDeployment", false)) {
    DeploymentRec d;
    d.id = newDeploymentId();
    d.taskDefinition = newTd ? snapshot(*newTd) : s.deployments.front().taskDefinition;
    d.createdAtMs = d.updatedAtMs = wallMs(now);
    d.rolloutStateReason = "ECS deployment " + d.id + " in progress.";
    for (DeploymentRec& old : s.deployments) {
      old.status = "ACTIVE";
      old.updatedAtMs = wallMs(now);
    }
    s.deployments.insert(s.deployments.begin(), d);
    s.steady = false;
    s.failedStarts = 0;  // a new deployment resets the throttling
    s.nextLaunchAt = 0;
    record("DeploymentStarted", {{"service", s.name}, {"deployment", d.id}, {"taskDefinition", d.taskDefinition->arn}});
  }
  if (input.contains("desiredCount") && s.daemon) {
    return fail("InvalidParameterException", "The daemon scheduling strategy does not support a desired count for services.");
  }
  if (input.contains("desiredCount")) {
    int desired = input.value("desiredCount", 0);
    if (desired < 0) return fail("InvalidParameterException", "desiredCount cannot be negative.");
    if (desired > kMaxTasksPerService) return fail("InvalidParameterException", tooManyTasks(desired));
    s.desiredCount = desired;
    s.steady = false;
  }
  if (input.contains("deploymentConfiguration")) {
    const Json& dc = input["deploymentConfiguration"];
    int maxP = dc.value("maximumPercent", s.maximumPercent), minP = dc.value("minimumHealthyPercent", s.minimumHealthyPercent);
    if (minP < 0 || minP > 100 || maxP < 100) {
      return fail("InvalidParameterException", "deploymentConfiguration: minimumHealthyPercent is 0 to 100 and maximumPercent at least 100 for a REPLICA service.");
    }
    s.maximumPercent = maxP;
    s.minimumHealthyPercent = minP;
    if (dc.contains("deploymentCircuitBreaker")) {
      s.circuitBreakerEnable = dc["deploymentCircuitBreaker"].value("enable", false);
      s.circuitBreakerRollback = dc["deploymentCircuitBreaker"].value("rollback", false);
    }
  }
  if (input.contains("healthCheckGracePeriodSeconds")) s.healthCheckGracePeriodSeconds = input.value("healthCheckGracePeriodSeconds", 0);
  if (input.contains("enableExecuteCommand")) s.enableExecuteCommand = input.value("enableExecuteCommand", false);
  record("ServiceUpdated", {{"service", s.name}, {"desiredCount", s.desiredCount}});
  queueReconcile(k);
  ApiReply r;
  r.output = {{"service", serviceJson(k)}};
  return r;
}

ApiReply Engine::State::deleteService(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  int k = findService(c, input.value("service", std::string()));
  if (k < 0) return fail("ServiceNotFoundException", "Service not found.");
  ServiceRec& s = services[static_cast<size_t>(k)];
  if (s.status != "ACTIVE") return fail("ServiceNotActiveException", "Service was not ACTIVE.");
  // A REPLICA service must be scaled to 0 first, unless forced (API ref: DeleteService).
  if (!s.daemon && s.desiredCount > 0 && !input.value("force", false)) {
    return fail("InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
  }
  s.desiredCount = 0;
  s.status = "DRAINING";
  s.steady = false;
  record("ServiceDeleted", {{"service", s.name}});
  queueReconcile(k);
  ApiReply r;
  r.output = {{"service", serviceJson(k)}};
  return r;
}

// Launch throttling (ECS-FACTS.md, "Services"; Dev guide: service throttle logic): tasks that stop
// before RUNNING make the scheduler wait longer and longer between launches, up to 27 minutes
// (the notes' figure); it never gives up. ecsplay's back-off: 5 s, doubling, from the second such
// task in a row; the event once the third fails. A task that reaches RUNNING, or a new deployment,
// resets it.
constexpr SimTime kThrottleFirst = 5000, kThrottleMax = 27 * 60000;
constexpr int kThrottleEventAfter = 3;

// The deployment circuit breaker (ECS-FACTS.md, "Services"): a deployment in progress fails after
// ceil(0.5 x desiredCount) failed tasks, at least 3 and at most 200: tasks that never reach RUNNING
// and tasks stopped for failed health checks. A FAILED deployment launches nothing; with rollback,
// a new deployment of the last COMPLETED one's task definition takes over.
void Engine::State::deploymentFailure(int index, const std::string& deploymentId, bool healthCheck) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  DeploymentRec* d = nullptr;
  for (DeploymentRec& candidate : s.deployments) {
    if (candidate.id == deploymentId) d = &candidate;
  }
  if (!d) return;
  ++d->failedTasks;
  if (!s.circuitBreakerEnable || d != &s.deployments.front() || d->rolloutState != "IN_PROGRESS") return;
  int threshold = std::min(200, std::max(3, (s.desiredCount + 1) / 2));
  if (d->failedTasks < threshold) return;
  std::string why = healthCheck ? "tasks failed health checks." : "tasks failed to start.";
  d->rolloutState = "FAILED";
  d->rolloutStateReason = "ECS deployment circuit breaker: " + why;
  d->updatedAtMs = wallMs(now);
  std::string failedId = d->id;
  serviceEvent(index, "(service " + s.name + ") (deployment " + failedId + ") deployment failed: " + why);
  if (!s.circuitBreakerRollback) return;
  const DeploymentRec* target = nullptr;
  for (size_t k = 1; k < s.deployments.size() && !target; ++k) {
    if (s.deployments[k].rolloutState == "COMPLETED") target = &s.deployments[k];
  }
  if (!target) return;  // nothing to go back to
  DeploymentRec back;
  back.id = newDeploymentId();
  back.taskDefinition = target->taskDefinition;
  back.createdAtMs = back.updatedAtMs = wallMs(now);
  back.rolloutStateReason = "ECS deployment " + back.id + " in progress.";
  std::string targetId = target->id;
  for (DeploymentRec& old : s.deployments) old.status = "ACTIVE";
  s.deployments.insert(s.deployments.begin(), back);
  s.failedStarts = 0;
  s.nextLaunchAt = 0;
  s.steady = false;
  // ecsplay's wording: ECS's rollback event text is not documented.
  serviceEvent(index, "(service " + s.name + ") (deployment " + failedId + ") is rolling back to (deployment " + targetId + ").");
  record("DeploymentStarted", {{"service", s.name}, {"deployment", back.id}, {"taskDefinition", back.taskDefinition->arn}});
  queueReconcile(index);
}

void Engine::State::serviceTaskStarted(int task) {
  ServiceRec& s = services[static_cast<size_t>(tasks[static_cast<size_t>(task)].service)];
  s.failedStarts = 0;
  s.nextLaunchAt = 0;
}

void Engine::State::serviceTaskFailedToStart(int task) {
  const TaskRec& t = tasks[static_cast<size_t>(task)];
  int index = t.service;
  ServiceRec& s = services[static_cast<size_t>(index)];
  deploymentFailure(index, t.deploymentId, false);
  ++s.failedStarts;
  if (s.failedStarts >= 2) {
    SimTime delay = kThrottleFirst;
    for (int k = 2; k < s.failedStarts && delay < kThrottleMax; ++k) delay *= 2;
    s.nextLaunchAt = now + std::min(delay, kThrottleMax);
  }
  if (s.failedStarts == kThrottleEventAfter) serviceEvent(index, "(service " + s.name + ") is unable to consistently start tasks successfully.");
}

void Engine::State::onServiceTaskStopped(int task) {
  const TaskRec& t = tasks[static_cast<size_t>(task)];
  if (t.service < 0) return;
  // Stopping before it ever ran (and not by the scheduler's own choice): a failed start, counted
  // now, before its replacement is launched.
  if (!t.startedAt && t.stopCode != "ServiceSchedulerInitiated") serviceTaskFailedToStart(task);
  services[static_cast<size_t>(t.service)].steady = false;
  queueReconcile(t.service);
}

// Stops `count` of the candidate tasks: those not healthy first, then from the zone with the most
// of the service's tasks, on the instance with the most, the oldest first (ecsplay's reading of
// "the way ECS picks"; ECS keeps zones balanced).
void Engine::State::stopForService(int index, std::vector<int> candidates, int count) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  const std::string deployment = s.deployments.front().id;
  std::map<std::string, int> perZone;
  std::map<int, int> perInstance;
  for (int k : s.taskIndexes) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    if (t.desiredStatus != "RUNNING") continue;
    ++perZone[t.availabilityZone];
    ++perInstance[t.instance];
  }
  // Stopped first: unhealthy tasks, then those in the zone with the most of the service's tasks,
  // on the instance with the most. ECS documents the zone and instance balance only; among equals
  // ecsplay stops the oldest, which is what makes the notes' "double, then halve" manoeuvre
  // replace every task.
  struct Candidate {
    int k;
    bool unhealthy;
    int* zone;
    int* instance;
    int64_t createdAt;
    auto rank() const { return std::make_tuple(unhealthy, *zone, *instance, -createdAt, -k); }
  };
  std::vector<Candidate> list;
  list.reserve(candidates.size());
  for (int k : candidates) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    list.push_back({k, !countsAsHealthy(t), &perZone[t.availabilityZone], &perInstance[t.instance], t.createdAt});
  }
  std::vector<std::string> stopped;
  while (count-- > 0 && !list.empty()) {
    auto pick = std::max_element(list.begin(), list.end(), [](const Candidate& a, const Candidate& b) { return a.rank() < b.rank(); });
    Candidate c = *pick;
    list.erase(pick);
    --*c.zone;
    --*c.instance;
    stopped.push_back(tasks[static_cast<size_t>(c.k)].id);
    stopTask(c.k, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + deployment + ")");
  }
  if (stopped.empty()) return;
  tasksEvent(index, "stopped", stopped);
  services[static_cast<size_t>(index)].steady = false;
}

// Starts `count` tasks of the primary deployment through RunTask's placement; what cannot be
// placed is said once as an event and retried every 30 s.
void Engine::State::launchForService(int index, int count) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  const DeploymentRec& d = s.deployments.front();
  Json in = {{"cluster", clusters[static_cast<size_t>(s.cluster)].arn}, {"taskDefinition", d.taskDefinition->arn}};
  if (!s.strategy.empty()) {
    in["capacityProviderStrategy"] = strategyJson(s.strategy);
  } else {
    in["launchType"] = s.launchType;
  }
  if (s.launchType != "FARGATE") {
    if (!s.placementConstraints.empty()) in["placementConstraints"] = s.placementConstraints;
    Json strategies = s.placementStrategy;
    if (strategies.empty() && s.strategy.empty()) {
      // The service default: spread over zones, then over instances (placement.h).
      for (const PlacementStrategyItem& it : defaultServiceStrategies()) strategies.push_back({{"type", it.type}, {"field", it.field}});
    }
    if (!strategies.empty()) in["placementStrategy"] = strategies;
  }
  if (!s.networkConfiguration.is_null()) in["networkConfiguration"] = s.networkConfiguration;
  in["group"] = "service:" + s.name;
  in["startedBy"] = d.id;
  if (s.enableExecuteCommand) in["enableExecuteCommand"] = true;
  std::vector<std::string> started;
  std::string placementMessage;
  launchingFor = index;
  while (count > 0) {
    in["count"] = std::min(count, 10);
    ApiReply r = runTask(in);
    if (!r.ok()) {
      placementMessage = unableToPlace(s.name, r.error->message, "");
      break;
    }
    for (const Json& t : r.output["tasks"]) started.push_back(lastPart(t["taskArn"].get<std::string>()));
    count -= static_cast<int>(r.output["tasks"].size());
    if (!r.output["failures"].empty()) {
      const Json& f = r.output["failures"][0];
      placementMessage = unableToPlace(s.name, f.value("reason", std::string()), f.value("arn", std::string()));
      break;
    }
    if (r.output["tasks"].empty()) break;
  }
  launchingFor = -1;
  ServiceRec& after = services[static_cast<size_t>(index)];
  if (!started.empty()) {
    tasksEvent(index, "started", started);
    after.lastPlacementMessage.clear();
  }
  if (!placementMessage.empty()) {
    // The same message is held back while it repeats (Dev guide: service event messages).
    if (placementMessage != after.lastPlacementMessage) serviceEvent(index, placementMessage);
    after.lastPlacementMessage = placementMessage;
    after.reconcileQueued = true;
    after.reconcileAt = now + kPlacementRetry;
    schedule(now + kPlacementRetry, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);
  }
  after.steady = false;
}

// Unhealthy tasks (an essential container's health check failed, after the grace period), as
// the ECS notes describe (ECS-FACTS.md, "Services"): with room under maximumPercent, a replacement
// starts first; once it is HEALTHY the unhealthy task stops; if it is UNHEALTHY too, one of the two
// stops. Without room, unhealthy tasks stop one at a time, at random, each replaced before the
// next. True when it acted (or is waiting to), so the plain scaling does not undo it.
bool Engine::State::replaceUnhealthy(int index, const std::vector<int>& active) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  SimTime grace = static_cast<SimTime>(s.healthCheckGracePeriodSeconds) * 1000;
  std::vector<int> unhealthy;
  int healthy = 0, starting = 0;
  SimTime graceEnds = -1;
  for (int k : active) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    if (isUnhealthy(t)) {
      SimTime since = t.startedAt ? *t.startedAt : now;
      if (now - since >= grace) unhealthy.push_back(k);
      else if (graceEnds < 0 || since + grace < graceEnds) graceEnds = since + grace;
    } else if (countsAsHealthy(t)) {
      ++healthy;
    } else {
      ++starting;
    }
  }
  if (graceEnds >= 0) schedule(graceEnds, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);  // look again then
  if (unhealthy.empty()) return false;
  int have = static_cast<int>(active.size());
  int maxTasks = maxTasksOf(s);
  auto stopOne = [&](std::vector<int>& from) {
    size_t pick = static_cast<size_t>(random.below(from.size()));  // "at random"
    int k = from[pick];
    from.erase(from.begin() + static_cast<std::ptrdiff_t>(pick));
    stopUnhealthy(index, k);
  };
  if (maxTasks > s.desiredCount) {
    // Replacements first, as many as there are unhealthy tasks and room.
    int wanted = std::min(static_cast<int>(unhealthy.size()), maxTasks - s.desiredCount);
    int replacements = have - s.desiredCount;
    if (wanted > replacements) launchForService(index, wanted - replacements);
    // Every settled task beyond desiredCount lets an unhealthy one go.
    int settled = healthy + static_cast<int>(unhealthy.size());
    int stops = std::min(static_cast<int>(unhealthy.size()), settled - s.desiredCount);
    for (int n = 0; n < stops; ++n) stopOne(unhealthy);
    return true;
  }
  // No room: one at a time. A stopped one's replacement first (a stopping task no longer counts
  // toward maximumPercent), then the next once the replacement has settled.
  if (have < s.desiredCount) return false;
  if (starting > 0) return true;
  stopOne(unhealthy);
  return true;  // the look its stop queued starts the replacement
}

void Engine::State::stopUnhealthy(int index, int k) {
  const ServiceRec& s = services[static_cast<size_t>(index)];
  std::string id = tasks[static_cast<size_t>(k)].id;
  std::string deployment = tasks[static_cast<size_t>(k)].deploymentId;
  std::string reason;
  if (tasks[static_cast<size_t>(k)].health == Health::Unhealthy) {
    serviceEvent(index, "(service " + s.name + ") (task " + id + ") failed container health checks.");
    reason = "Task failed container health checks";
  } else {  // its target: the event "is unhealthy in (target-group ...)" came when it turned
    reason = "Task failed ELB health checks in (target-group " + targetGroups[static_cast<size_t>(s.targetGroup)].arn + ")";
  }
  deploymentFailure(index, deployment, true);
  stopTask(k, "ServiceSchedulerInitiated", reason);
  tasksEvent(index, "stopped", {id});
  services[static_cast<size_t>(index)].steady = false;
}

// Service tasks on a DRAINING instance move off (ECS-FACTS.md; Dev guide: container instance
// draining): PENDING ones stop at once; RUNNING ones are replaced within maximumPercent and stopped
// while the healthy tasks stay at or above minimumHealthyPercent. True when it acted.
bool Engine::State::moveOffDraining(int index, const std::vector<int>& active) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  const ClusterRec& cl = clusters[static_cast<size_t>(s.cluster)];
  std::vector<int> draining, pendingThere;
  int healthy = 0;
  for (int k : active) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    healthy += countsAsHealthy(t);
    if (t.instance < 0) continue;
    const InstanceRec& rec = instances[static_cast<size_t>(t.instance)];
    if (cl.placer->instances()[static_cast<size_t>(rec.placerIndex)].status != "DRAINING") continue;
    (t.phase == Phase::Running ? draining : pendingThere).push_back(k);
  }
  if (draining.empty() && pendingThere.empty()) return false;
  if (!pendingThere.empty()) stopForService(index, pendingThere, static_cast<int>(pendingThere.size()));
  int have = static_cast<int>(active.size()) - static_cast<int>(pendingThere.size());
  int maxTasks = maxTasksOf(s);
  int minHealthy = minHealthyOf(s);
  int drainingHealthy = 0;
  for (int k : draining) drainingHealthy += countsAsHealthy(tasks[static_cast<size_t>(k)]);
  // Replacements first, as far as maximumPercent allows.
  int replacements = have - s.desiredCount;  // already started beyond desiredCount
  int wanted = std::min(static_cast<int>(draining.size()), maxTasks - s.desiredCount);
  if (wanted > replacements) {
    launchForService(index, wanted - replacements);
    have += wanted - replacements;
  }
  // Then stop draining tasks while enough healthy ones remain elsewhere and the count stays at
  // least desiredCount, or within the minimum when there is no room for replacements.
  int healthyElsewhere = healthy - drainingHealthy;
  int stop = 0;
  for (int k = 0; k < static_cast<int>(draining.size()); ++k) {
    bool countOk = have - stop - 1 >= s.desiredCount || healthyElsewhere + (drainingHealthy - stop - 1) >= minHealthy;
    if (!countOk) break;
    if (healthyElsewhere + (drainingHealthy - stop - 1) < minHealthy) break;
    ++stop;
  }
  if (stop > 0) stopForService(index, draining, stop);
  return true;
}

// Instances changed (joined, drained, lost): the cluster's services look again.
void Engine::State::servicesNotice(int cluster) {
  for (size_t k = 0; k < services.size(); ++k) {
    if (services[k].cluster == cluster && services[k].status != "INACTIVE") queueReconcile(static_cast<int>(k));
  }
}

// DAEMON: exactly one task on each ACTIVE instance that meets the service's constraints; a new
// deployment replaces them instance by instance (minimumHealthyPercent 0: the old one stops first);
// on a DRAINING instance the daemon task stops once the instance's other tasks have gone.
void Engine::State::reconcileDaemon(int index) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  const ClusterRec& cl = clusters[static_cast<size_t>(s.cluster)];
  const DeploymentRec& d = s.deployments.front();
  // The instances a daemon task belongs on: ACTIVE, agent connected, and meeting the constraints
  // (the constraints are checked by placement itself when the task is launched).
  std::vector<int> eligible;
  for (int i : cl.instances) {
    const InstanceRec& rec = instances[static_cast<size_t>(i)];
    const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(rec.placerIndex)];
    if (in.status == "ACTIVE" && in.agentConnected) eligible.push_back(i);
  }
  std::map<int, std::vector<int>> onInstance;  // instance -> the service's tasks meant to run there
  for (int k : s.taskIndexes) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    if (t.desiredStatus == "RUNNING") onInstance[t.instance].push_back(k);
  }
  std::vector<int> toStop;
  for (auto& [instance, list] : onInstance) {
    bool keep = s.status == "ACTIVE" && std::find(eligible.begin(), eligible.end(), instance) != eligible.end();
    if (!keep && s.status == "ACTIVE" && instance >= 0) {
      // DRAINING: wait until the instance's other tasks have stopped.
      const InstanceRec& rec = instances[static_cast<size_t>(instance)];
      const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(rec.placerIndex)];
      bool others = false;
      for (const TaskRec& t : tasks) others = others || (t.instance == instance && t.service != index && t.phase != Phase::Stopped);
      if (in.status == "DRAINING" && others) keep = true;
    }
    for (int k : list) {
      bool old = tasks[static_cast<size_t>(k)].deploymentId != d.id;
      if (!keep || old || list.size() > 1) toStop.push_back(k);
    }
    if (keep && list.size() > 1) {
      // Two on one instance: keep the newest deployment's.
      toStop.erase(std::remove(toStop.begin(), toStop.end(), list.back()), toStop.end());
    }
  }
  if (!toStop.empty()) stopForService(index, toStop, static_cast<int>(toStop.size()));
  if (s.status == "DRAINING") {
    bool anyLeft = false;
    for (int k : s.taskIndexes) anyLeft = anyLeft || tasks[static_cast<size_t>(k)].phase != Phase::Stopped;
    if (!anyLeft) {
      s.status = "INACTIVE";
      s.deployments.front().status = "INACTIVE";
      record("ServiceInactive", {{"service", s.name}});
    }
    return;
  }
  s.desiredCount = static_cast<int>(eligible.size());
  // Launch on each eligible instance without a task of the service (one RunTask per instance).
  std::vector<std::string> started;
  std::string placementMessage;
  for (int i : eligible) {
    bool has = false, stopping = false;  // a task of the deployment there; an old one still on its way out
    for (int k : services[static_cast<size_t>(index)].taskIndexes) {
      const TaskRec& t = tasks[static_cast<size_t>(k)];
      has = has || (t.instance == i && t.desiredStatus == "RUNNING" && t.deploymentId == d.id);
      stopping = stopping || (t.instance == i && t.desiredStatus == "RUNNING");
    }
    if (has || stopping || d.rolloutState == "FAILED" || now < s.nextLaunchAt) continue;
    Json constraints = s.placementConstraints.is_array() ? s.placementConstraints : Json::array();
    constraints.push_back({{"type", "memberOf"}, {"expression", "ec2InstanceId == '" + instances[static_cast<size_t>(i)].ec2InstanceId + "'"}});
    Json in = {{"cluster", cl.arn}, {"taskDefinition", d.taskDefinition->arn}, {"launchType", "EC2"}, {"count", 1},
               {"placementConstraints", constraints}, {"group", "service:" + s.name}, {"startedBy", d.id}};
    if (!s.networkConfiguration.is_null()) in["networkConfiguration"] = s.networkConfiguration;
    launchingFor = index;
    ApiReply r = runTask(in);
    launchingFor = -1;
    if (r.ok() && !r.output["tasks"].empty()) {
      started.push_back(lastPart(r.output["tasks"][0]["taskArn"].get<std::string>()));
    } else if (r.ok() && !r.output["failures"].empty()) {
      const Json& f = r.output["failures"][0];
      if (f.value("reason", std::string()).find("MemberOf") != std::string::npos) continue;  // the service's constraints exclude it
      placementMessage = unableToPlace(s.name, f.value("reason", std::string()), f.value("arn", std::string()));
    }
  }
  ServiceRec& after = services[static_cast<size_t>(index)];
  if (!started.empty()) {
    tasksEvent(index, "started", started);
    after.steady = false;
  }
  if (!placementMessage.empty() && placementMessage != after.lastPlacementMessage) serviceEvent(index, placementMessage);
  after.lastPlacementMessage = placementMessage;
  if (now < after.nextLaunchAt) schedule(after.nextLaunchAt, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);
  // Done when every eligible instance runs a healthy task of the primary deployment and no other.
  int good = 0, others = 0;
  for (int k : after.taskIndexes) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    if (t.phase == Phase::Stopped) continue;
    if (t.deploymentId == after.deployments.front().id && countsAsHealthy(t)) ++good;
    else if (t.deploymentId != after.deployments.front().id) ++others;
  }
  bool allRunning = true;
  for (int k : after.taskIndexes) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    allRunning = allRunning && !(t.desiredStatus == "RUNNING" && t.phase != Phase::Running);
  }
  if (after.deployments.size() > 1 && others == 0 && good >= after.desiredCount) completeDeployment(index);
  if (!after.steady && after.deployments.size() == 1 && allRunning && started.empty() && toStop.empty()) reachSteadyState(index);
  // A task without a health check counts as healthy 40 s after RUNNING; setPhase looks again then.
}

void Engine::State::reconcile(int index) {
  ServiceRec& s = services[static_cast<size_t>(index)];
  s.reconcileQueued = false;
  flushTargetEvents(index);
  if (s.status == "INACTIVE") return;
  s.taskIndexes.erase(std::remove_if(s.taskIndexes.begin(), s.taskIndexes.end(),
                                     [&](int k) { return tasks[static_cast<size_t>(k)].phase == Phase::Stopped; }),
                      s.taskIndexes.end());
  if (s.daemon) {
    reconcileDaemon(index);
    return;
  }
  const DeploymentRec& d = s.deployments.front();
  std::vector<int> active;  // the service's tasks that are to keep running
  bool allRunning = true, anyLeft = false;
  for (int k : s.taskIndexes) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    if (t.phase == Phase::Stopped) continue;
    anyLeft = true;
    if (t.desiredStatus != "RUNNING") continue;
    active.push_back(k);
    // Behind a load balancer, steady also means every target is healthy.
    allRunning = allRunning && t.phase == Phase::Running && (s.targetGroup < 0 || t.target == TargetState::Healthy);
  }
  int have = static_cast<int>(active.size());
  if (s.deployments.size() > 1 && s.status == "ACTIVE") {
    // A rolling update: new tasks up to maximumPercent of desiredCount (rounded down), old tasks
    // stopped while the healthy ones stay at or above minimumHealthyPercent (rounded up)
    // (ECS-FACTS.md, "Services").
    int maxTasks = maxTasksOf(s);
    int minHealthy = minHealthyOf(s);
    // Unhealthy tasks (past the grace period) stop at once during a deployment; the new
    // deployment's count toward its circuit breaker, and the rollout starts others in their place.
    // Not once the deployment has FAILED: it launches nothing, so the old tasks stay up.
    if (d.rolloutState != "FAILED") {
      SimTime grace = static_cast<SimTime>(s.healthCheckGracePeriodSeconds) * 1000;
      SimTime graceEnds = -1;
      size_t stops = 0;
      for (int k : active) {
        const TaskRec& t = tasks[static_cast<size_t>(k)];
        if (!isUnhealthy(t)) continue;
        SimTime since = t.startedAt ? *t.startedAt : now;
        if (now - since >= grace) {
          stopUnhealthy(index, k);
          ++stops;
        } else if (graceEnds < 0 || since + grace < graceEnds) {
          graceEnds = since + grace;
        }
      }
      if (graceEnds >= 0) schedule(graceEnds, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);  // look again then
      if (stops > 0) {
        queueReconcile(index);  // look again with the stops counted (a rollback may have begun)
        return;
      }
    }
    std::vector<int> fresh, old;
    int healthy = 0;
    for (int k : active) {
      const TaskRec& t = tasks[static_cast<size_t>(k)];
      (t.deploymentId == d.id ? fresh : old).push_back(k);
      healthy += countsAsHealthy(t);
    }
    int freshHealthy = 0;
    for (int k : fresh) freshHealthy += countsAsHealthy(tasks[static_cast<size_t>(k)]);
    // Old tasks go first when the new ones are enough, else as far as the healthy minimum allows;
    // those that are not healthy anyway first.
    int stop = freshHealthy >= s.desiredCount ? static_cast<int>(old.size()) : std::min(static_cast<int>(old.size()), healthy - minHealthy);
    if (d.rolloutState == "FAILED") stop = 0;  // the old tasks keep serving
    if (stop > 0) stopForService(index, old, stop);
    int total = have - std::max(stop, 0);
    int start = std::min(s.desiredCount - static_cast<int>(fresh.size()), maxTasks - total);
    if (d.rolloutState == "FAILED") start = 0;  // a failed deployment launches nothing
    if (start > 0 && now < s.nextLaunchAt) {
      schedule(s.nextLaunchAt, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);  // throttled
    } else if (start > 0) {
      launchForService(index, start);
    }
    // The old deployments are done once none of their tasks is left.
    bool oldLeft = false;
    for (int k : s.taskIndexes) {
      const TaskRec& t = tasks[static_cast<size_t>(k)];
      if (t.phase != Phase::Stopped && t.deploymentId != d.id) oldLeft = true;
    }
    if (!oldLeft && freshHealthy >= s.desiredCount) {
      completeDeployment(index);
      queueReconcile(index);  // and then the steady state
    }
    return;
  }
  if (s.status == "ACTIVE" && replaceUnhealthy(index, active)) return;
  if (s.status == "ACTIVE" && moveOffDraining(index, active)) return;
  if (have > s.desiredCount) {
    stopForService(index, active, have - s.desiredCount);
  } else if (have < s.desiredCount && s.status == "ACTIVE" && d.rolloutState != "FAILED") {
    if (now < s.nextLaunchAt) {  // throttled: look again when the wait is over
      schedule(s.nextLaunchAt, EventKind::ServiceReconcile, static_cast<uint64_t>(index), 0);
      return;
    }
    launchForService(index, s.desiredCount - have);
  } else if (s.status == "DRAINING") {
    if (!anyLeft) {
      s.status = "INACTIVE";
      s.deployments.front().status = "INACTIVE";
      record("ServiceInactive", {{"service", s.name}});
    }
  } else if (!s.steady && allRunning) {
    reachSteadyState(index);
  }
}

Json Engine::State::serviceJson(int index) const {
  const ServiceRec& s = services[static_cast<size_t>(index)];
  int running = 0, pending = 0;
  std::map<std::string, std::pair<int, int>> perDeployment;  // running, pending
  std::map<std::string, int> keeping;                          // desired RUNNING
  for (int k : s.taskIndexes) {
    const TaskRec& t = tasks[static_cast<size_t>(k)];
    keeping[t.deploymentId] += t.desiredStatus == "RUNNING";
    bool r = t.phase == Phase::Running, p = t.phase == Phase::Pending;
    running += r;
    pending += p;
    perDeployment[t.deploymentId].first += r;
    perDeployment[t.deploymentId].second += p;
  }
  auto seconds = [](int64_t ms) { return static_cast<double>(ms) / 1000.0; };
  Json strategy = strategyJson(s.strategy);
  Json deployments = Json::array();
  for (const DeploymentRec& d : s.deployments) {
    Json j = {{"id", d.id},
              {"status", d.status},
              {"taskDefinition", d.taskDefinition->arn},
              {"desiredCount", &d == &s.deployments.front() ? s.desiredCount : keeping[d.id]},  // an old one: what it keeps
              {"pendingCount", perDeployment[d.id].second},
              {"runningCount", perDeployment[d.id].first},
              {"failedTasks", d.failedTasks},
              {"createdAt", seconds(d.createdAtMs)},
              {"updatedAt", seconds(d.updatedAtMs)}};
    if (!s.strategy.empty()) j["capacityProviderStrategy"] = strategy;
    else j["launchType"] = s.launchType;
    if (!s.networkConfiguration.is_null()) j["networkConfiguration"] = s.networkConfiguration;
    j["rolloutState"] = d.rolloutState;
    j["rolloutStateReason"] = d.rolloutStateReason;
    deployments.push_back(j);
  }
  Json events = Json::array();
  for (const ServiceEventRec& e : s.events) events.push_back({{"id", e.id}, {"createdAt", seconds(e.createdAtMs)}, {"message", e.message}});
  Json out = {{"serviceArn", s.arn},
              {"serviceName", s.name},
              {"clusterArn", clusters[static_cast<size_t>(s.cluster)].arn},
              {"loadBalancers", s.loadBalancers},
              {"serviceRegistries", Json::array()},
              {"status", s.status},
              {"desiredCount", s.desiredCount},
              {"runningCount", running},
              {"pendingCount", pending}};
  if (!s.strategy.empty()) out["capacityProviderStrategy"] = strategy;
  else out["launchType"] = s.launchType;
  if (s.launchType == "FARGATE") out["platformVersion"] = s.platformVersion.empty() ? "LATEST" : s.platformVersion;
  out["taskDefinition"] = s.deployments.front().taskDefinition->arn;
  out["deploymentConfiguration"] = {{"deploymentCircuitBreaker", {{"enable", s.circuitBreakerEnable}, {"rollback", s.circuitBreakerRollback}}},
                                    {"maximumPercent", s.maximumPercent},
                                    {"minimumHealthyPercent", s.minimumHealthyPercent}};
  out["deployments"] = deployments;
  out["events"] = events;
  out["createdAt"] = seconds(s.createdAtMs);
  out["placementConstraints"] = s.placementConstraints;
  out["placementStrategy"] = s.placementStrategy;
  if (!s.networkConfiguration.is_null()) out["networkConfiguration"] = s.networkConfiguration;
  if (s.healthCheckGracePeriodSeconds) out["healthCheckGracePeriodSeconds"] = s.healthCheckGracePeriodSeconds;
  out["schedulingStrategy"] = s.daemon ? "DAEMON" : "REPLICA";
  out["deploymentController"] = {{"type", "ECS"}};
  out["enableECSManagedTags"] = false;
  out["propagateTags"] = "NONE";
  out["enableExecuteCommand"] = s.enableExecuteCommand;
  return out;
}

ApiReply Engine::State::describeServices(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  Json list = Json::array(), failures = Json::array();
  for (const Json& ref : input.value("services", Json::array())) {
    std::string r = ref.is_string() ? ref.get<std::string>() : std::string();
    int k = findService(c, r);
    if (k >= 0) list.push_back(serviceJson(k));
    else failures.push_back({{"arn", r.rfind("arn:", 0) == 0 ? r : arn("service/" + clusters[static_cast<size_t>(c)].name + "/" + r)}, {"reason", "MISSING"}});
  }
  ApiReply reply;
  reply.output = {{"services", list}, {"failures", failures}};
  return reply;
}

ApiReply Engine::State::listServices(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  std::string launchType = input.value("launchType", std::string()), scheduling = input.value("schedulingStrategy", std::string());
  Json arns = Json::array();
  for (const ServiceRec& s : services) {
    if (s.cluster != c || s.status == "INACTIVE") continue;
    if (!launchType.empty() && s.launchType != launchType) continue;
    if (!scheduling.empty() && scheduling != (s.daemon ? "DAEMON" : "REPLICA")) continue;
    arns.push_back(s.arn);
  }
  ApiReply r;
  r.output = Json::object();
  if (auto e = paginate(arns, input, "serviceArns", r.output)) return fail(e->type.c_str(), e->message);
  return r;
}

}  // namespace ecsplay
