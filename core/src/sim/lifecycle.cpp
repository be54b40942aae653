// The task and container state machines (see ecsplay/engine.h for the lifecycle and its sources).
//
// A task moves PROVISIONING -> PENDING (images pulled in parallel) -> ACTIVATING (every container
// started, or finished as a dependency) -> RUNNING; stopping: DEACTIVATING -> STOPPING (SIGTERM in
// reverse dependency order, SIGKILL after each container's stopTimeout) -> DEPROVISIONING ->
// STOPPED. Containers: PENDING (pulling, waiting for dependencies, starting) -> RUNNING -> STOPPED.
#include <algorithm>

#include "sim/state.h"

namespace ecsplay {
namespace {

// How long ECS takes between steps (ecsplay's figures; a scenario sets the image pull and
// container start times). Provisioning attaches an ENI for awsvpc tasks and finds Fargate capacity.
constexpr SimTime kActivation = 1000, kDeactivation = 1000, kDeprovisionEni = 3000, kDeprovision = 1000;

int64_t pack(size_t container, uint16_t run, int64_t extra = 0) {
  return static_cast<int64_t>(container) | static_cast<int64_t>(run) << 16 | extra << 32;
}
size_t containerOf(int64_t value) { return static_cast<size_t>(value & 0xffff); }
uint16_t runOf(int64_t value) { return static_cast<uint16_t>(value >> 16 & 0xffff); }
int64_t extraOf(int64_t value) { return value >> 32; }

// "nginx" -> "docker.io/library/nginx:latest", "me/app:1" -> "docker.io/me/app:1": the reference
// containerd resolves (Docker Hub's defaults for short names).
std::string fullImageReference(const std::string& image) {
  std::string ref = image;
  size_t slash = ref.find('/');
  std::string first = slash == std::string::npos ? "" : ref.substr(0, slash);
  bool hasRegistry = !first.empty() && (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost");
  if (slash == std::string::npos) ref = "docker.io/library/" + ref;
  else if (!hasRegistry) ref = "docker.io/" + ref;
  size_t lastSlash = ref.rfind('/');
  if (ref.find('@') == std::string::npos && ref.find(':', lastSlash) == std::string::npos) ref += ":latest";
  return ref;
}

// "nginx:1.25" -> "nginx": the repository Docker names in its errors.
std::string repositoryOf(const std::string& image) {
  std::string repo = image.substr(0, image.find('@'));
  size_t lastSlash = repo.rfind('/');
  size_t colon = repo.find(':', lastSlash == std::string::npos ? 0 : lastSlash);
  return colon == std::string::npos ? repo : repo.substr(0, colon);
}

}  // namespace

const char* phaseStatus(Phase p) {
  switch (p) {
    case Phase::Provisioning: return "PROVISIONING";
    case Phase::Pending: return "PENDING";
    case Phase::Activating: return "ACTIVATING";
    case Phase::Running: return "RUNNING";
    case Phase::Deactivating: return "DEACTIVATING";
    case Phase::Stopping: return "STOPPING";
    case Phase::Deprovisioning: return "DEPROVISIONING";
    case Phase::Stopped: return "STOPPED";
  }
  return "";
}

const char* healthName(Health h) {
  return h == Health::Healthy ? "HEALTHY" : h == Health::Unhealthy ? "UNHEALTHY" : "UNKNOWN";
}

void Engine::State::schedule(SimTime at, EventKind kind, uint64_t subject, uint32_t generation, int64_t value) {
  SimEvent e;
  e.time = at;
  e.kind = static_cast<uint32_t>(kind);
  e.subject = subject;
  e.generation = generation;
  e.value = value;
  queue.push(e);
}

void Engine::State::startLifecycle(int index, SimTime provisioning) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  schedule(now + provisioning, EventKind::TaskStep, static_cast<uint64_t>(index), t.generation,
           static_cast<int64_t>(Phase::Pending));
}

void Engine::State::setPhase(int index, Phase to) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.phase == to) return;
  if (t.instance >= 0) {
    InstanceRec& in = instances[static_cast<size_t>(t.instance)];
    in.pendingTasks += (to == Phase::Pending) - (t.phase == Phase::Pending);
  }
  record("TaskStateChange", objectOf("task", t.id, "from", phaseStatus(t.phase), "to", phaseStatus(to)));
  t.phase = to;
  ++t.version;
  if (t.service >= 0 && to == Phase::Running) serviceTaskStarted(index);
  if (to == Phase::Stopped && t.instance >= 0 && !services.empty()) {  // a draining instance may be empty now
    const InstanceRec& rec = instances[static_cast<size_t>(t.instance)];
    const ClusterRec& cl = clusters[static_cast<size_t>(rec.cluster)];
    if (cl.placer->instances()[static_cast<size_t>(rec.placerIndex)].status == "DRAINING") servicesNotice(t.cluster);
  }
  if (t.service >= 0 && (to == Phase::Running || to == Phase::Stopped)) queueReconcile(t.service);  // steady yet?
  // A task without a health check counts as healthy 40 s after RUNNING: look again then.
  if (t.service >= 0 && to == Phase::Running) schedule(now + 40000, EventKind::ServiceReconcile, static_cast<uint64_t>(t.service), 0);
}

void Engine::State::taskStep(int index, Phase to) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  switch (to) {
    case Phase::Pending:
      if (t.awsvpc) t.connectivityAt = now;  // the ENI is attached
      setPhase(index, Phase::Pending);
      t.pullStartedAt = now;
      for (size_t k = 0; k < t.containers.size(); ++k) {
        ContainerRec& c = t.containers[k];
        auto image = images.find(c.image);
        SimTime pull = c.behaviour.pullTime ? *c.behaviour.pullTime : image != images.end() ? image->second.pullTime : ImageBehaviour{}.pullTime;
        schedule(now + pull, EventKind::ImagePulled, static_cast<uint64_t>(index), t.generation, pack(k, c.run));
      }
      break;
    case Phase::Activating:
      setPhase(index, Phase::Activating);
      registerTarget(index);  // a service's load balancer target
      schedule(now + kActivation, EventKind::TaskStep, static_cast<uint64_t>(index), t.generation,
               static_cast<int64_t>(Phase::Running));
      break;
    case Phase::Running:
      t.startedAt = now;
      setPhase(index, Phase::Running);
      break;
    case Phase::Stopping: {
      targetDeregistered(index);  // the deregistration delay is over
      setPhase(index, Phase::Stopping);
      signalStoppable(index);
      bool alive = false;
      for (const ContainerRec& c : tasks[static_cast<size_t>(index)].containers) alive = alive || c.alive();
      if (!alive) taskStep(index, Phase::Deprovisioning);
      break;
    }
    case Phase::Deprovisioning:
      t.executionStoppedAt = now;
      setPhase(index, Phase::Deprovisioning);
      schedule(now + (t.awsvpc ? kDeprovisionEni : kDeprovision), EventKind::TaskStep, static_cast<uint64_t>(index), t.generation,
               static_cast<int64_t>(Phase::Stopped));
      break;
    case Phase::Stopped:
      t.stoppedAt = now;
      if (!t.executionStoppedAt) t.executionStoppedAt = now;
      for (ContainerRec& c : t.containers) c.phase = ContainerPhase::Stopped;
      setPhase(index, Phase::Stopped);
      releaseResources(index);
      break;
    case Phase::Provisioning:
    case Phase::Deactivating: break;
  }
}

void Engine::State::imagePulled(int index, int k) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  ContainerRec& c = t.containers[static_cast<size_t>(k)];
  if (c.phase != ContainerPhase::Pulling) return;
  auto image = images.find(c.image);
  if (c.behaviour.imagePullFails || (image != images.end() && image->second.pullFails)) {
    // Fargate reports containerd's error as the task's reason; on EC2 the Docker daemon's error is
    // the container's reason and the essential container's stop is the task's (lifecycle.md §4).
    std::string ref = fullImageReference(c.image);
    std::string reason = t.launchType == "FARGATE"
                             ? "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref " + ref +
                                   ": " + ref + ": not found"
                             : "CannotPullContainerError: Error response from daemon: pull access denied for " + repositoryOf(c.image) +
                                   ", repository does not exist or may require 'docker login'";
    c.reason = reason;
    c.phase = ContainerPhase::Stopped;
    record("ContainerStateChange", {{"task", t.id}, {"container", c.name}, {"to", "STOPPED"}, {"reason", reason}});
    if (t.launchType == "FARGATE") stopTask(index, "TaskFailedToStart", reason);
    else if (c.essential) stopTask(index, "TaskFailedToStart", "Essential container in task exited");
    else {
      bool pulling = false;
      for (const ContainerRec& other : t.containers) pulling = pulling || other.phase == ContainerPhase::Pulling;
      if (!pulling) {
        t.pullStoppedAt = now;
        startReadyContainers(index);
      }
    }
    return;
  }
  c.phase = ContainerPhase::Waiting;
  for (const ContainerRec& other : t.containers) {
    if (other.phase == ContainerPhase::Pulling) return;
  }
  t.pullStoppedAt = now;
  startReadyContainers(index);
}

namespace {

// The agent's name for a container in its dependency errors: "name(image) (KNOWN->DESIRED)" and
// " - Exit: N" when it has exited (amazon-ecs-agent, Container.String()).
std::string agentName(const ContainerRec& c, bool taskWantsRunning) {
  const char* known = c.phase == ContainerPhase::Running ? "RUNNING"
                      : c.phase == ContainerPhase::Stopped ? "STOPPED"
                      : c.phase == ContainerPhase::Starting ? "CREATED"
                      : c.phase == ContainerPhase::Waiting ? "PULLED" : "NONE";
  std::string s = c.name + "(" + c.image + ") (" + known + "->" + (taskWantsRunning ? "RUNNING" : "STOPPED") + ")";
  if (c.exitCode) s += " - Exit: " + std::to_string(*c.exitCode);
  return s;
}

}  // namespace

int Engine::State::dependenciesMet(const TaskRec& t, size_t k, std::string& why) const {
  const TaskDefinition& td = t.definition->definition;
  const ContainerDefinition& def = td.containerDefinitions[static_cast<size_t>(t.containers[k].definition)];
  int result = 1;
  for (const ContainerDependency& d : def.dependsOn) {
    const ContainerRec* dep = nullptr;
    for (const ContainerRec& c : t.containers) {
      if (c.name == d.containerName) dep = &c;
    }
    if (!dep) continue;  // registration refuses unknown names
    // When each condition holds (amazon-ecs-agent dependencygraph): START once the dependency runs
    // (or ran and exited), COMPLETE once it exited, SUCCESS once it exited 0, HEALTHY once its
    // container health check reports HEALTHY.
    bool exited = dep->phase == ContainerPhase::Stopped;
    bool ran = exited && dep->exitCode.has_value();
    bool met = d.condition == "START"      ? dep->phase == ContainerPhase::Running || ran
               : d.condition == "COMPLETE" ? ran
               : d.condition == "SUCCESS"  ? ran && *dep->exitCode == 0
               : d.condition == "HEALTHY"  ? dep->hasHealthCheck && dep->health == Health::Healthy
                                           : true;
    if (met) continue;
    std::string names = "[" + agentName(*dep, t.desiredStatus == "RUNNING") + "] for target [" +
                        agentName(t.containers[k], t.desiredStatus == "RUNNING") + "]";
    if (exited && !ran) {
      why = "dependency graph: failed to resolve container ordering dependency " + names + " because dependency will never start";
      return -1;
    }
    if (d.condition == "SUCCESS" && ran) {
      why = "dependency graph: failed to resolve container ordering dependency " + names + " as dependency did not exit successfully.";
      return -1;
    }
    if (exited && d.condition == "HEALTHY") {
      why = "dependency graph: failed to resolve container ordering dependency " + names + " because dependency will never start";
      return -1;
    }
    // The dependency's own startTimeout, counted from its start, bounds the wait for COMPLETE,
    // SUCCESS and HEALTHY (agent: hasDependencyTimedOut); 0 or unset waits for ever.
    const ContainerDefinition& depDef = td.containerDefinitions[static_cast<size_t>(dep->definition)];
    if (d.condition != "START" && depDef.startTimeout && *depDef.startTimeout > 0 && dep->phase == ContainerPhase::Running &&
        now - dep->startedAt >= static_cast<SimTime>(*depDef.startTimeout) * 1000) {
      why = "dependency graph: container ordering dependency " + names + " has timed out.";
      return -1;
    }
    result = 0;
  }
  return result;
}

void Engine::State::startReadyContainers(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.desiredStatus != "RUNNING") return;
  if (t.pullStoppedAt) {
    for (size_t k = 0; k < t.containers.size(); ++k) {
      ContainerRec& c = t.containers[k];
      if (c.phase != ContainerPhase::Waiting) continue;
      std::string why;
      int met = dependenciesMet(t, k, why);
      if (met == 1) {
        c.phase = ContainerPhase::Starting;
        ++c.run;
        schedule(now + c.behaviour.startTime, EventKind::ContainerStarted, static_cast<uint64_t>(index), t.generation, pack(k, c.run));
      } else if (met < 0) {
        // The container can never start: the agent stops it with exit code 143 and the reason
        // CannotStartContainerError; an essential one takes the task down, which never ran
        // (amazon-ecs-agent task_manager handleTerminalDependencyError, PR #3218).
        c.phase = ContainerPhase::Stopped;
        c.exitCode = 143;
        c.reason = "CannotStartContainerError: " + why;
        record("ContainerStateChange",
               {{"task", t.id}, {"container", c.name}, {"to", "STOPPED"}, {"exitCode", 143}, {"reason", c.reason}});
        if (c.essential) {
          stopTask(index, "TaskFailedToStart", "Essential container in task exited");
          return;
        }
      }
    }
  }
  if (t.phase != Phase::Pending) return;
  for (const ContainerRec& c : t.containers) {
    if (c.phase != ContainerPhase::Running && c.phase != ContainerPhase::Stopped) return;
  }
  taskStep(index, Phase::Activating);
}

void Engine::State::containerStarted(int index, int k) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  ContainerRec& c = t.containers[static_cast<size_t>(k)];
  c.phase = ContainerPhase::Running;
  c.startedAt = now;
  c.exitCode.reset();
  c.health = Health::Unknown;
  record("ContainerStateChange", objectOf("task", t.id, "container", c.name, "to", "RUNNING"));
  const ContainerBehaviour& b = c.behaviour;
  if (!b.runsForever || b.crashLoop) {
    int code = b.crashLoop && b.exitCode == 0 ? 1 : b.exitCode;
    schedule(now + b.exitAfter, EventKind::ContainerExit, static_cast<uint64_t>(index), t.generation, pack(static_cast<size_t>(k), c.run, code + 1));
  }
  if (c.hasHealthCheck) armHealthCheck(index, k);
  const ContainerDefinition& def = t.definition->definition.containerDefinitions[static_cast<size_t>(c.definition)];
  if (def.startTimeout && *def.startTimeout > 0) {
    schedule(now + static_cast<SimTime>(*def.startTimeout) * 1000, EventKind::StartTimeout, static_cast<uint64_t>(index), t.generation,
             pack(static_cast<size_t>(k), c.run));
  }
  if (c.restartCount > 0 && t.phase != Phase::Pending) {
    updateTaskHealth(index);
    return;
  }
  startReadyContainers(index);
}

void Engine::State::containerExited(int index, int k, int exitCode, const std::string& reason) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  ContainerRec& c = t.containers[static_cast<size_t>(k)];
  if (!c.alive()) return;
  bool wasRunning = c.phase == ContainerPhase::Running;
  c.phase = ContainerPhase::Stopped;
  disarmHealthCheck(c);
  if (wasRunning) c.exitCode = exitCode;
  if (!reason.empty()) c.reason = reason;
  Json detail = objectOf("task", t.id, "container", c.name, "to", "STOPPED");
  if (wasRunning) detail["exitCode"] = exitCode;
  if (!reason.empty()) detail["reason"] = reason;
  record("ContainerStateChange", std::move(detail));
  if (t.desiredStatus == "RUNNING") {
    const ContainerDefinition& def = t.definition->definition.containerDefinitions[static_cast<size_t>(c.definition)];
    // restartPolicy: restarted in place unless the exit code is ignored or it ran less than
    // restartAttemptPeriod (API ref: ContainerRestartPolicy).
    if (def.restartPolicy && def.restartPolicy->enabled && wasRunning &&
        std::find(def.restartPolicy->ignoredExitCodes.begin(), def.restartPolicy->ignoredExitCodes.end(), exitCode) ==
            def.restartPolicy->ignoredExitCodes.end() &&
        now - c.startedAt >= static_cast<SimTime>(def.restartPolicy->attemptPeriodSeconds()) * 1000) {
      ++c.restartCount;
      c.phase = ContainerPhase::Starting;
      ++c.run;
      record("ContainerRestarting", {{"task", t.id}, {"container", c.name}, {"restartCount", c.restartCount}});
      schedule(now + c.behaviour.startTime, EventKind::ContainerStarted, static_cast<uint64_t>(index), t.generation, pack(static_cast<size_t>(k), c.run));
      updateTaskHealth(index);
      return;
    }
    if (c.essential) {
      // An essential container stopping stops the task (ECS-FACTS.md, task lifecycle).
      stopTask(index, "EssentialContainerExited", "Essential container in task exited");
      return;
    }
    startReadyContainers(index);  // COMPLETE and SUCCESS dependencies on it are now decided
    updateTaskHealth(index);
    return;
  }
  if (t.phase == Phase::Stopping) {
    signalStoppable(index);
    for (const ContainerRec& other : t.containers) {
      if (other.alive()) return;
    }
    taskStep(index, Phase::Deprovisioning);
  }
}

void Engine::State::armHealthCheck(int index, int k) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  ContainerRec& c = t.containers[static_cast<size_t>(k)];
  if (c.healthSlot < 0) {
    c.healthSlot = static_cast<int>(healthSlots.size());
    healthSlots.emplace_back();
  }
  HealthSlot& h = healthSlots[static_cast<size_t>(c.healthSlot)];
  const HealthCheck& hc = *t.definition->definition.containerDefinitions[static_cast<size_t>(c.definition)].healthCheck;
  const ContainerBehaviour& b = c.behaviour;
  uint32_t stamp = h.stamp + 1;
  h = HealthSlot{};
  h.stamp = stamp;
  h.task = index;
  h.container = static_cast<uint16_t>(k);
  h.run = c.run;
  h.taskGeneration = t.generation;
  h.intervalMs = static_cast<int32_t>(hc.intervalSeconds() * 1000);
  h.startPeriodMs = static_cast<int32_t>(hc.startPeriodSeconds() * 1000);
  h.retries = static_cast<int32_t>(hc.retryCount());
  h.health = c.health;
  h.startedAt = c.startedAt;
  if (b.healthFailsFrom) h.failsFrom = *b.healthFailsFrom;
  if (b.healthFailsUntil) h.failsUntil = *b.healthFailsUntil;
  if (b.healthFailsAfter) h.failsAfter = *b.healthFailsAfter;
  schedule(now + h.intervalMs, EventKind::HealthCheck, static_cast<uint64_t>(c.healthSlot), h.stamp);
}

void Engine::State::disarmHealthCheck(ContainerRec& c) {
  if (c.healthSlot >= 0) ++healthSlots[static_cast<size_t>(c.healthSlot)].stamp;
}

void Engine::State::healthCheck(uint32_t slot, uint32_t stamp) {
  if (slot >= healthSlots.size()) return;
  HealthSlot& h = healthSlots[slot];
  if (h.stamp != stamp) return;  // disarmed or re-armed since
  bool fails = (h.failsFrom >= 0 && now >= h.failsFrom && now < h.failsUntil) ||
               (h.failsAfter >= 0 && now - h.startedAt >= h.failsAfter);
  Health before = h.health;
  if (!fails) {
    h.failures = 0;
    h.health = Health::Healthy;
  } else if (now - h.startedAt >= h.startPeriodMs) {
    // In the start period a failure does not count (API ref: HealthCheck).
    if (++h.failures >= h.retries) h.health = Health::Unhealthy;
  }
  schedule(now + h.intervalMs, EventKind::HealthCheck, slot, h.stamp);
  if (h.health == before) return;
  // The health changed: now look at the task, which must still be running this container's run.
  TaskRec& t = tasks.mut(static_cast<size_t>(h.task));
  ContainerRec& c = t.containers[h.container];
  if (t.generation != h.taskGeneration || c.run != h.run || c.phase != ContainerPhase::Running || t.phase == Phase::Stopped) {
    ++h.stamp;  // a check nothing disarmed: it ends here
    return;
  }
  c.health = h.health;
  int index = h.task;
  record("ContainerHealthChange", {{"task", t.id}, {"container", c.name}, {"from", healthName(before)}, {"to", healthName(c.health)}});
  updateTaskHealth(index);
  startReadyContainers(index);  // HEALTHY dependencies on it are now decided
}

void Engine::State::updateTaskHealth(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  // Over the essential containers that have a health check: UNHEALTHY > UNKNOWN > HEALTHY; none:
  // UNKNOWN (API ref: HealthCheck).
  bool any = false, unknown = false, unhealthy = false;
  for (const ContainerRec& c : t.containers) {
    if (!c.essential || !c.hasHealthCheck) continue;
    any = true;
    unhealthy = unhealthy || c.health == Health::Unhealthy;
    unknown = unknown || c.health == Health::Unknown;
  }
  Health h = !any ? Health::Unknown : unhealthy ? Health::Unhealthy : unknown ? Health::Unknown : Health::Healthy;
  if (h == t.health) return;
  record("TaskHealthChange", {{"task", t.id}, {"from", healthName(t.health)}, {"to", healthName(h)}});
  t.health = h;
  ++t.version;
  if (t.service >= 0) queueReconcile(t.service);
}

void Engine::State::stopTask(int index, const std::string& code, const std::string& reason) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.desiredStatus == "STOPPED") return;  // the first reason stands
  t.desiredStatus = "STOPPED";
  t.stoppingAt = now;
  t.stopCode = code;
  t.stoppedReason = reason;
  ++t.version;
  ++t.generation;  // the task's queued start-up steps and checks no longer apply
  t.waitingForCapacity = false;
  for (ContainerRec& c : t.containers) disarmHealthCheck(c);
  if (t.instance >= 0) --instances[static_cast<size_t>(t.instance)].runningTasks;
  Json detail = objectOf("task", t.id, "stoppedReason", reason);
  if (!code.empty()) detail["stopCode"] = code;
  record("TaskStopping", std::move(detail));
  onServiceTaskStopped(index);  // its service starts a replacement
  switch (t.phase) {
    case Phase::Activating:
    case Phase::Running: {
      setPhase(index, Phase::Deactivating);
      // Behind a load balancer, DEACTIVATING lasts the target group's deregistration delay.
      SimTime draining = std::max(kDeactivation, deregisterTarget(index));
      schedule(now + draining, EventKind::TaskStep, static_cast<uint64_t>(index), tasks[static_cast<size_t>(index)].generation,
               static_cast<int64_t>(Phase::Stopping));
      break;
    }
    case Phase::Pending: {
      bool alive = false;
      for (const ContainerRec& c : t.containers) alive = alive || c.alive();
      taskStep(index, alive ? Phase::Stopping : Phase::Deprovisioning);
      break;
    }
    case Phase::Provisioning: taskStep(index, Phase::Deprovisioning); break;
    default: break;
  }
}

void Engine::State::signalStoppable(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  const TaskDefinition& td = t.definition->definition;
  for (size_t k = 0; k < t.containers.size(); ++k) {
    ContainerRec& c = t.containers[k];
    if (!c.alive() || c.sigtermSent) continue;
    // Containers stop in the reverse order of their dependencies: not while one that depends on
    // it still runs (Dev guide: container dependency).
    bool needed = false;
    for (const ContainerRec& other : t.containers) {
      if (&other == &c || !other.alive()) continue;
      for (const ContainerDependency& d : td.containerDefinitions[static_cast<size_t>(other.definition)].dependsOn) {
        needed = needed || d.containerName == c.name;
      }
    }
    if (needed) continue;
    c.sigtermSent = true;
    if (c.phase == ContainerPhase::Starting) {
      c.phase = ContainerPhase::Stopped;  // never got to run
      continue;
    }
    // SIGTERM: a container that handles it exits on its own; one that does not is killed
    // (SIGKILL, exit code 137) when its stopTimeout runs out.
    if (c.behaviour.sigtermExitAfter) {
      schedule(now + *c.behaviour.sigtermExitAfter, EventKind::ContainerExit, static_cast<uint64_t>(index), t.generation,
               pack(k, c.run, c.behaviour.sigtermExitCode + 1));
    }
    schedule(now + c.stopTimeout, EventKind::StopTimeout, static_cast<uint64_t>(index), t.generation, pack(k, c.run));
  }
}

void Engine::State::hostGone(int index, const std::string& code, const std::string& reason) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.phase == Phase::Stopped) return;
  if (t.desiredStatus != "STOPPED") {
    t.desiredStatus = "STOPPED";
    t.stoppingAt = now;
    t.stopCode = code;
    t.stoppedReason = reason;
    if (t.instance >= 0) --instances[static_cast<size_t>(t.instance)].runningTasks;
    Json detail = {{"task", t.id}, {"stoppedReason", reason}};
    if (!code.empty()) detail["stopCode"] = code;
    record("TaskStopping", detail);
    onServiceTaskStopped(index);
  }
  ++t.generation;
  tasks.mut(static_cast<size_t>(index)).target = TargetState::None;  // its target went with it
  // The containers went with the host: STOPPED, with no exit code (nothing reported one).
  for (ContainerRec& c : t.containers) {
    disarmHealthCheck(c);
    if (c.phase == ContainerPhase::Stopped) continue;
    c.phase = ContainerPhase::Stopped;
    record("ContainerStateChange", objectOf("task", t.id, "container", c.name, "to", "STOPPED"));
  }
  taskStep(index, Phase::Stopped);
}

void Engine::State::releaseResources(int index) {
  TaskRec& t = tasks.mut(static_cast<size_t>(index));
  if (t.placed && t.instance >= 0) {
    const InstanceRec& rec = instances[static_cast<size_t>(t.instance)];
    clusters[static_cast<size_t>(t.cluster)].placer.mut().release(rec.placerIndex, t.needs, t.group, t.ports);
  }
  if (t.placed) registry.release(*t.definition);
  t.placed = false;
}

void Engine::State::onEvent(const SimEvent& e) {
  if (e.kind == static_cast<uint32_t>(EventKind::HealthCheck)) {
    healthCheck(static_cast<uint32_t>(e.subject), e.generation);  // subject: a health slot
    return;
  }
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::ScalingTick:
      if (e.subject < capacityProviders.size()) scalingTick(static_cast<int>(e.subject));
      return;
    case EventKind::InstanceLaunched:
      if (e.subject < asgs.size()) {
        --asgs[e.subject].launching;
        launchAsgInstance(static_cast<int>(e.subject));
      }
      return;
    case EventKind::ServiceReconcile:
      if (e.subject < services.size()) reconcile(static_cast<int>(e.subject));
      return;
    case EventKind::WaiterPoll:
      if (e.subject < waiters.size()) pollWaiter(static_cast<int>(e.subject));
      return;
    case EventKind::ScheduleFire:
      if (e.subject < schedules.size()) fireSchedule(static_cast<int>(e.subject));
      return;
    case EventKind::SpotTermination:
      if (e.subject < instances.size()) {
        terminationCause = "Spot interruption";
        faultCommand("TerminateInstance", Json{{"ec2InstanceId", instances[e.subject].ec2InstanceId}});
        terminationCause.clear();
      }
      return;
    default: break;
  }
  if (e.subject >= tasks.size()) return;
  int index = static_cast<int>(e.subject);
  const TaskRec& t = tasks[e.subject];
  if (e.generation != t.generation || t.phase == Phase::Stopped) return;  // stale
  size_t k = containerOf(e.value);
  bool currentRun = k < t.containers.size() && runOf(e.value) == t.containers[k].run;
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::TaskStep: taskStep(index, static_cast<Phase>(e.value)); break;
    case EventKind::ImagePulled:
      if (currentRun) imagePulled(index, static_cast<int>(k));
      break;
    case EventKind::ContainerStarted:
      if (currentRun && t.containers[k].phase == ContainerPhase::Starting) containerStarted(index, static_cast<int>(k));
      break;
    case EventKind::ContainerExit:
      if (currentRun) containerExited(index, static_cast<int>(k), static_cast<int>(extraOf(e.value) - 1), "");
      break;
    case EventKind::TargetHealthCheck: targetHealthCheck(index); break;
    case EventKind::StartTimeout:
      if (currentRun) startReadyContainers(index);  // containers waiting on it may now give up
      break;
    case EventKind::ProvisioningTimeout:
      if (t.waitingForCapacity) {
        std::string why = t.capacityReason.empty() ? "EMPTY CAPACITY PROVIDER" : t.capacityReason;
        stopTask(index, "TaskFailedToStart", "TaskFailedToStart: " + why);
      }
      break;
    case EventKind::StopTimeout:
      if (currentRun && t.containers[k].alive()) containerExited(index, static_cast<int>(k), 137, "");
      break;
    default: break;
  }
}

}  // namespace ecsplay
