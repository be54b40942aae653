// ecsplay/engine.h — the simulation engine: the one owner of a simulated ECS account.
//
// The Engine holds every cluster, container instance, task definition and task, the clock, the
// event queue and the one seeded random generator, and changes them only through commands: ECS API
// calls (call()), faults (fault()) and the passing of time (step()). Every change that matters is
// appended to the event log, which is byte-identical for the same scenario and seed natively and
// in the browser (DESIGN.md, determinism).
//
// Task lifecycle (ECS-FACTS.md, "Task lifecycle"; Dev guide: task lifecycle):
//   PROVISIONING  placed; ECS sets up what the task needs (an ENI for awsvpc)
//   PENDING       the agent pulls the images (pullTime per container)
//   ACTIVATING    containers started (startTime), load balancer / discovery registration
//   RUNNING
//   DEACTIVATING  desiredStatus STOPPED: deregistration
//   STOPPING      SIGTERM to the containers; SIGKILL (exit 137) after stopTimeout (default 30 s)
//   DEPROVISIONING  the ENI is detached (awsvpc)
//   STOPPED       resources returned to the instance; the task stays describable for an hour
// An essential container that exits stops the task (EssentialContainerExited, "Essential container
// in task exited"); StopTask gives UserInitiated ("Task stopped by user" unless a reason is given);
// a failed image pull gives TaskFailedToStart; an instance that dies takes its tasks with it
// ("Host EC2 (instance i-...) terminated.").
//
// Containers: dependsOn (START, COMPLETE, SUCCESS, HEALTHY), health checks (interval, timeout,
// retries, startPeriod) and the task's healthStatus, restart policies, what ECS injects (runtime.cpp).
// Capacity: launch types and capacity provider strategies (FARGATE, FARGATE_SPOT, Auto Scaling
// group providers with managed scaling; capacity.cpp), scheduled tasks (rate(), cron()).
// Time: step() forward, seek() back and forth through checkpoints and a journal of commands.
//
// Not simulated yet (later issues): services and their scheduler, Service Connect, ECS Exec.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecsplay/event_queue.h"
#include "ecsplay/json_input.h"
#include "ecsplay/placer.h"
#include "ecsplay/random.h"
#include "ecsplay/registry.h"

namespace ecsplay {

struct EngineConfig {
  uint64_t seed = 1;
  std::string region = "us-east-1";
  std::string accountId = "123456789012";
  int64_t epochMs = 1767225600000;  // simulated time 0 as wall time (2026-01-01T00:00:00Z), for timestamps
};

// How a container behaves in the scenario (DESIGN.md, "Behaviour"; docs/scenario-format.md).
struct ContainerBehaviour {
  bool runsForever = true;
  int exitCode = 0;
  SimTime exitAfter = 0;            // after it started, when !runsForever (or crashLoop)
  bool crashLoop = false;           // exits with exitCode (1 if unset) exitAfter after every start
  bool imagePullFails = false;
  std::optional<SimTime> pullTime;  // the image's pull time (images[...].pullTime, else 5 s)
  SimTime startTime = 1000;         // from created to started
  std::optional<SimTime> sigtermExitAfter = SimTime(500);  // nullopt: ignores SIGTERM ("never")
  int sigtermExitCode = 0;
  std::optional<SimTime> healthFailsFrom;   // scenario time from which its health check fails
  std::optional<SimTime> healthFailsUntil;  // ... and until which
  std::optional<SimTime> healthFailsAfter;  // time after each start from which it fails
  // Its load balancer target health check (when a service registers it in a target group):
  std::optional<SimTime> targetHealthFailsFrom, targetHealthFailsUntil, targetHealthFailsAfter;
  int cpuPercent = 0;                       // of the container's (or task's) CPU, for metrics
};

// An image as the scenario describes it: how long it takes to pull, or that it cannot be pulled.
struct ImageBehaviour {
  SimTime pullTime = 5000;
  bool pullFails = false;
};

// The answer to an API call: the output, or an AWS-shaped error.
struct ApiReply {
  Json output;
  std::optional<ApiError> error;
  bool ok() const { return !error.has_value(); }
};

struct LogEntry {
  SimTime time;
  std::string_view type;  // "TaskStateChange", "ContainerStateChange", "ApiCall", "Fault", ... (static text)
  Json detail;       // the rest, keys in a fixed order
};

// The log as it stands at the engine's clock: a view that stays valid until the next command,
// step or seek.
class LogView {
 public:
  LogView(const LogEntry* begin, size_t size) : begin_(begin), size_(size) {}
  const LogEntry* begin() const { return begin_; }
  const LogEntry* end() const { return begin_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const LogEntry& operator[](size_t i) const { return begin_[i]; }
  const LogEntry& back() const { return begin_[size_ - 1]; }

 private:
  const LogEntry* begin_;
  size_t size_;
};

class Engine {
 public:
  explicit Engine(const EngineConfig& config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- Commands ---------------------------------------------------------------------------------
  // An ECS API call by its operation name ("RunTask") with its input shape. Operations not
  // simulated answer an error saying so. A call is logged and journaled (replayed after seeking
  // back), except reads (Describe*, List*), which change nothing and leave no trace.
  ApiReply call(std::string_view operation, const Json& input);
  // A container instance joining a cluster: instanceType and availabilityZone, optional
  // ec2InstanceId and attributes [{name, value}] (the scenario's and RegisterContainerInstance's form).
  ApiReply registerInstance(const Json& input);
  // An Auto Scaling group (ECS knows it by ARN only): {autoScalingGroupName, cluster, instanceType,
  // availabilityZones, minSize, maxSize, desiredCapacity, launchTime (ms)}. Its desiredCapacity
  // instances register at once; later ones (managed scaling, replacements) after launchTime.
  ApiReply createAutoScalingGroup(const Json& input);
  // A scheduled task: {name, scheduleExpression: "rate(...)" | "cron(...)", kind: "rule" (an
  // EventBridge rule, the default) | "scheduler" (EventBridge Scheduler), target: RunTask input}.
  ApiReply createScheduledTask(const Json& input);
  // An Elastic Load Balancing target group a service can register its tasks in: {targetGroupName,
  // healthCheckIntervalSeconds, healthCheckTimeoutSeconds, healthyThresholdCount,
  // unhealthyThresholdCount, healthCheckPath, deregistrationDelaySeconds} (ELB's defaults).
  ApiReply createTargetGroup(const Json& input);
  // "TerminateInstance" / "StopInstance" (ec2InstanceId), "AgentDisconnect" / "AgentReconnect",
  // "SpotInstanceInterruption" (ec2InstanceId: DRAINING now, terminated 2 minutes later),
  // "FargateSpotInterruption" (task, or every FARGATE_SPOT task [of cluster]),
  // "FargateSpotCapacity" (available: false makes FARGATE_SPOT RunTasks fail for capacity).
  ApiReply fault(std::string_view name, const Json& input);
  // Behaviour of containers of a family ("web/app") or a revision ("web:2/app").
  void setBehaviour(const std::string& key, const ContainerBehaviour& behaviour);
  void setImage(const std::string& image, const ImageBehaviour& behaviour);
  // Runs the events up to `until` (inclusive) and sets the clock there.
  void step(SimTime until);
  // Moves the clock to `t`, back as well as forward: back means restoring the latest checkpoint at
  // or before `t` and replaying from there (the commands given since included), so the state and
  // the log are exactly what they were at `t`. A command given after seeking back starts a new
  // future: the journal and checkpoints after it are dropped.
  void seek(SimTime t);
  // The furthest time simulated so far (a time slider's end).
  SimTime frontier() const;
  size_t checkpointCount() const;
  // Schedules `call(operation, input)` at `at` (a scenario timeline entry).
  void scheduleCall(SimTime at, const std::string& operation, const Json& input);
  void scheduleFault(SimTime at, const std::string& name, const Json& input);
  void scheduleNote(SimTime at, const std::string& text);
  // An AWS CLI waiter ("services-stable", "tasks-running", ...; ecsplay/waiters.h) started at `at`
  // with its operation's input: it polls in simulated time and logs WaiterSucceeded or WaiterFailed.
  void scheduleWait(SimTime at, const std::string& waiter, const Json& input);  // a line of the scenario's own in the log

  // --- Reading ----------------------------------------------------------------------------------
  SimTime now() const;
  LogView log() const;
  std::string logLine(const LogEntry& e) const;  // one JSON line: {"t":90000,"type":...}
  // The entry in words: "task 3f2a1b2c PENDING -> RUNNING" (the time is not included).
  std::string describe(const LogEntry& e) const;
  // {"clusters", "containerInstances", "tasks", "services", "failures"}: the state in the shapes
  // of DescribeClusters, DescribeContainerInstances, DescribeTasks and DescribeServices, and every
  // RunTask failure so far.
  Json stateJson() const;
  size_t eventsProcessed() const;
  // What a container of a task sees: {"environment": [{name, value}] (its own plus what ECS
  // injects), "cpu": {cpuShares, taskCgroupCpuPeriod/Quota | taskCgroupCpuShares | cpuPercent},
  // memoryLimitMiB, memoryReservationMiB}; an error when there is no such task or container.
  ApiReply containerRuntime(const std::string& cluster, const std::string& task, const std::string& container) const;

  struct State;
  struct History;

 private:
  void replayJournalUpTo(SimTime until);
  void checkpoint();
  void beginCommand();  // before a command is journaled: drops the future when the clock is in the past
  void scheduleEntry(SimTime at, int kind, const std::string& name, const Json& input);
  std::unique_ptr<History> h_;
  std::unique_ptr<State> s_;
};

}  // namespace ecsplay
