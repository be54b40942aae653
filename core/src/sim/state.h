// The engine's state (internal to core/src/sim). See ecsplay/engine.h.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ecsplay/engine.h"
#include "ecsplay/schedule.h"
#include "ecsplay/waiters.h"

namespace ecsplay {

// Helpers of the API handlers.
struct StrategyItem;
Json strategyJson(const std::vector<StrategyItem>& items);  // capacityProviderStrategy as the API writes it
inline ApiReply fail(const char* type, std::string message) {
  ApiReply r;
  r.error = ApiError{type, std::move(message)};
  return r;
}
inline std::string lastPart(const std::string& s) {  // an ARN's resource id
  size_t slash = s.rfind('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}
// Timestamps in replies are epoch seconds, the AWS clients' JSON form.
inline Json seconds(int64_t wallMs) { return static_cast<double>(wallMs) / 1000.0; }

// A JSON object from key, value, key, value...: what {{"task", id}, ...} builds, without the
// initializer list's temporary copies (a log entry is built for every state change).
inline void addFields(Json::object_t&) {}
template <typename V, typename... Rest>
void addFields(Json::object_t& o, const char* key, V&& value, Rest&&... rest) {
  o.emplace_back(key, std::forward<V>(value));
  addFields(o, std::forward<Rest>(rest)...);
}
template <typename... Args>
Json objectOf(Args&&... args) {
  Json out(Json::value_t::object);
  Json::object_t& o = out.get_ref<Json::object_t&>();
  o.reserve(sizeof...(Args) / 2);
  addFields(o, std::forward<Args>(args)...);
  return out;
}

// Copy-on-write pieces of the state, so a checkpoint (a copy of the State, for seeking back in
// time) shares what has not changed since: a copy is cheap, and the first change after it copies
// just the changed record. Reads through operator[] / ->, writes through mut().
template <class T>
std::shared_ptr<T> cloneForWrite(const T& x) { return std::make_shared<T>(x); }
// (Placer: its copy constructor keeps its indexes and caches.)

template <class T>
class CowPtr {
 public:
  CowPtr() = default;
  explicit CowPtr(std::shared_ptr<T> p) : p_(std::move(p)) {}
  const T* operator->() const { return p_.get(); }
  const T& operator*() const { return *p_; }
  T& mut() {
    if (p_.use_count() > 1) p_ = cloneForWrite(*p_);
    return *p_;
  }

 private:
  std::shared_ptr<T> p_;
};

template <class T>
class CowVector {
 public:
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const T& operator[](size_t i) const { return *items_[i]; }
  const T& back() const { return *items_.back(); }
  T& mut(size_t i) {
    std::shared_ptr<T>& p = items_[i];
    if (p.use_count() > 1) p = std::make_shared<T>(*p);
    return *p;
  }
  void push_back(T v) { items_.push_back(std::make_shared<T>(std::move(v))); }
  class const_iterator {
   public:
    explicit const_iterator(typename std::vector<std::shared_ptr<T>>::const_iterator it) : it_(it) {}
    const T& operator*() const { return **it_; }
    const_iterator& operator++() {
      ++it_;
      return *this;
    }
    bool operator!=(const const_iterator& o) const { return it_ != o.it_; }

   private:
    typename std::vector<std::shared_ptr<T>>::const_iterator it_;
  };
  const_iterator begin() const { return const_iterator(items_.begin()); }
  const_iterator end() const { return const_iterator(items_.end()); }

 private:
  std::vector<std::shared_ptr<T>> items_;
};

enum class EventKind : uint32_t {
  TaskStep = 1,     // the task moves to the phase in value (provisioned, activated, deactivated, ...)
  ImagePulled,      // value: container
  ContainerStarted, // value: container | run << 16
  ContainerExit,    // value: container | run << 16 | (exit code + 1) << 32 (a SIGTERM exit carries sigtermExitCode)
  HealthCheck,      // subject: a health slot, generation: its stamp
  StopTimeout,      // value: container (SIGKILL after stopTimeout)
  StartTimeout,     // value: container (dependencies not resolved in startTimeout)
  TimelineCall,
  TimelineFault,
  TimelineNote,
  ScalingTick,         // subject: a capacity provider (managed scaling, every minute)
  InstanceLaunched,    // subject: an Auto Scaling group; the instance registers
  ProvisioningTimeout, // subject: a task waiting in PROVISIONING for capacity
  SpotTermination,     // subject: an instance whose EC2 Spot interruption notice has run out
  ScheduleFire,        // subject: a scheduled task's schedule
  ServiceReconcile,    // subject: a service; the scheduler looks at it again
  TargetHealthCheck,   // subject: a task registered in its service's target group
  TimelineWait,        // subject: a timeline entry (name: the waiter, input: its operation's)
  WaiterPoll,          // subject: a running waiter
};

// A scheduled task: an EventBridge rule (startedBy "events-rule/NAME") or an EventBridge
// Scheduler schedule ("chronos-schedule/NAME") whose target is RunTask.
struct ScheduleRec {
  std::string name, kind;  // kind: "rule" or "scheduler"
  ScheduleExpression expression;
  Json target;             // RunTask's input
  int64_t startMs = 0;     // wall time it was created (rate() counts from it)
  int fired = 0;
};

// The steps a task goes through, in order.
enum class Phase : int { Provisioning, Pending, Activating, Running, Deactivating, Stopping, Deprovisioning, Stopped };
const char* phaseStatus(Phase p);  // lastStatus: "PROVISIONING", ...

enum class ContainerPhase : uint8_t { Pulling, Waiting, Starting, Running, Stopped };
enum class Health : uint8_t { Unknown, Healthy, Unhealthy };
const char* healthName(Health h);  // "UNKNOWN", "HEALTHY", "UNHEALTHY"

struct StrategyItem {
  std::string capacityProvider;
  int base = 0, weight = 0;
};

// A service (core/src/scheduler): REPLICA for now. Its events newest first, at most 100.
struct ServiceEventRec {
  std::string id;
  int64_t createdAtMs = 0;
  std::string message;
};
struct DeploymentRec {
  std::string id;  // "ecs-svc/" and 19 digits: the tasks' startedBy
  std::string status = "PRIMARY";
  const RegisteredTaskDefinition* taskDefinition = nullptr;
  int64_t createdAtMs = 0, updatedAtMs = 0;
  std::string rolloutState = "IN_PROGRESS", rolloutStateReason = "ECS deployment ecs-svc/ in progress.";
  int failedTasks = 0;
};
// An Elastic Load Balancing target group (ecsplay's own command: ECS knows it by ARN). The load
// balancer checks each registered target every interval: a new target is healthy after one pass,
// unhealthy after unhealthyThreshold failures in a row; an unhealthy one healthy again after
// healthyThreshold passes. A deregistered target drains for the deregistration delay (ELB guide).
struct TargetGroupRec {
  std::string name, arn;
  int intervalSeconds = 30, timeoutSeconds = 5, healthyThreshold = 5, unhealthyThreshold = 2;
  int deregistrationDelaySeconds = 300;
  std::string healthCheckPath = "/";
};

// A service task's target: not registered, registered and not yet checked (initial), healthy,
// unhealthy, or draining (deregistering while the task is DEACTIVATING).
enum class TargetState : uint8_t { None, Initial, Healthy, Unhealthy, Draining };
const char* targetStateName(TargetState s);  // "unused", "initial", "healthy", "unhealthy", "draining"

struct ServiceRec {
  std::string name, arn;
  int cluster = -1;
  std::string status = "ACTIVE";  // ACTIVE, DRAINING (deleted, tasks stopping), INACTIVE
  int desiredCount = 0;
  bool daemon = false;     // schedulingStrategy DAEMON: one task per eligible instance
  std::string launchType;  // "" with a capacity provider strategy
  std::vector<StrategyItem> strategy;
  Json placementConstraints = Json::array(), placementStrategy = Json::array(), networkConfiguration;
  int maximumPercent = 200, minimumHealthyPercent = 100;
  bool circuitBreakerEnable = false, circuitBreakerRollback = false;
  int healthCheckGracePeriodSeconds = 0;
  bool enableExecuteCommand = false;
  std::string platformVersion;
  int64_t createdAtMs = 0;
  std::vector<DeploymentRec> deployments;  // PRIMARY first
  std::vector<ServiceEventRec> events;     // newest first
  bool steady = false;                     // "has reached a steady state" said since the last change
  bool reconcileQueued = false;
  SimTime reconcileAt = -1;                // when the queued look is due
  std::string lastPlacementMessage;        // held back while it repeats
  std::vector<int> taskIndexes;            // its tasks (those STOPPED pruned as the scheduler looks)
  int failedStarts = 0;                    // tasks in a row that stopped before RUNNING (throttling)
  SimTime nextLaunchAt = 0;                // throttled: no launch before this
  Json loadBalancers = Json::array();      // as given
  int targetGroup = -1;                    // its target group (one: ecsplay models one per service)
  std::string lbContainerName;
  int lbContainerPort = 0;
  int targetsRegistered = 0, targetsDraining = 0, targetsDeregistered = 0;  // not yet said in an event
};


struct ClusterRec {
  std::string name, arn;
  std::string status = "ACTIVE";
  CowPtr<Placer> placer;  // the cluster's EC2 container instances, as placement sees them
  std::vector<int> instances;      // engine instance indexes, in placer order
  std::vector<std::string> capacityProviders;  // associated (PutClusterCapacityProviders)
  std::vector<StrategyItem> defaultStrategy;
};

// An Auto Scaling group, as the scenario describes it (ECS knows it only by ARN): the instances it
// launches register with the cluster after launchTime.
struct AsgRec {
  std::string name, arn, cluster, instanceType;
  std::vector<std::string> zones;
  int minSize = 0, maxSize = 0;
  SimTime launchTime = 90000;
  int launching = 0;
  int launchedCount = 0;       // for zones round-robin
  std::vector<int> instances;  // engine instance indexes it launched (or registered at the start)
};

struct CapacityProviderRec {
  std::string name, arn;
  std::string status = "ACTIVE";
  int asg = -1;  // -1: FARGATE or FARGATE_SPOT
  bool managedScaling = false;
  int targetCapacity = 100, minimumScalingStepSize = 1, maximumScalingStepSize = 10000, instanceWarmupPeriod = 300;
  std::string managedTerminationProtection = "DISABLED", managedDraining = "ENABLED";
  bool ticking = false;         // a ScalingTick is queued
  int belowTarget = 0;          // consecutive minutes below target (scale-in after 15)
  std::optional<int> lastMetric;  // CapacityProviderReservation, logged when it changes
};

struct InstanceRec {
  int cluster = -1;
  int placerIndex = -1;
  std::string arn, ec2InstanceId, instanceType, availabilityZone;
  int64_t registeredAtMs = 0;
  int version = 1;
  int runningTasks = 0, pendingTasks = 0;  // desiredStatus RUNNING; lastStatus PENDING
  std::string capacityProviderName;        // the Auto Scaling group provider that launched it
  SimTime registeredAt = 0;
};

struct ContainerRec {
  int definition = 0;  // index in the task definition's containerDefinitions
  std::string name, image;
  bool essential = true;
  ContainerPhase phase = ContainerPhase::Pulling;
  std::optional<int> exitCode;
  std::string reason;
  ContainerBehaviour behaviour;
  SimTime stopTimeout = 30000;
  SimTime startedAt = -1;  // of the current run
  uint16_t run = 0;        // incremented at every start (restarts), so a stale run's events are skipped
  int restartCount = 0;
  bool sigtermSent = false;
  // health check
  bool hasHealthCheck = false;
  int healthSlot = -1;  // in State::healthSlots, once the container has started
  Health health = Health::Unknown;
  const char* lastStatus() const {
    return phase == ContainerPhase::Running ? "RUNNING" : phase == ContainerPhase::Stopped ? "STOPPED" : "PENDING";
  }
  bool alive() const { return phase == ContainerPhase::Starting || phase == ContainerPhase::Running; }
};

// One container's health check, in a small dense array: the 24-hour benchmark day is 28.8 million
// checks, and a check that changes nothing touches only its slot (not the task, the container or
// the task definition, which would be three cache misses). The task is looked at when the health
// changes. `stamp` is bumped whenever the check is (re)armed or disarmed: older events are stale.
struct HealthSlot {
  int32_t task = -1;
  uint16_t container = 0;
  uint16_t run = 0;              // the container's run it checks
  uint32_t taskGeneration = 0;   // the task's generation when armed
  uint32_t stamp = 0;
  int32_t intervalMs = 30000, startPeriodMs = 0, retries = 3;
  int32_t failures = 0;          // consecutive failed checks that count
  Health health = Health::Unknown;
  SimTime startedAt = 0;
  SimTime failsFrom = -1, failsUntil = INT64_MAX, failsAfter = -1;  // from the container's behaviour
};

struct TaskRec {
  std::string arn, id;
  int cluster = -1;
  int instance = -1;  // engine instance index; -1 on Fargate
  const RegisteredTaskDefinition* definition = nullptr;  // a snapshot in History (never freed)
  std::string launchType = "EC2";
  std::string capacityProviderName;
  std::string group, startedBy;
  std::string availabilityZone;
  Phase phase = Phase::Provisioning;
  std::string_view desiredStatus = "RUNNING";  // static text: "RUNNING" or "STOPPED"
  Health health = Health::Unknown;
  uint32_t generation = 0;  // bumped when the task starts stopping: its start-up events are stale
  int64_t createdAt = 0;
  std::optional<int64_t> pullStartedAt, pullStoppedAt, startedAt, connectivityAt, stoppingAt, executionStoppedAt,
      stoppedAt;
  std::string stopCode, stoppedReason;
  std::vector<ContainerRec> containers;
  TaskNeeds needs;
  HostPorts ports;
  bool awsvpc = false;
  bool enableExecuteCommand = false;
  Json overrides;  // RunTask's, as given
  int service = -1;          // the service that started it
  std::string deploymentId;  // and its deployment (also its startedBy)
  bool placed = false;  // holds resources on its instance
  bool waitingForCapacity = false;  // PROVISIONING until managed scaling brings an instance
  std::string capacityReason;       // the last placement failure while waiting
  Json placementInput;              // RunTask's placementConstraints/Strategy, to place it later
  TargetState target = TargetState::None;  // in its service's target group
  uint8_t targetStreak = 0;                // checks in a row that disagree with its state
  int version = 1;
  const char* lastStatus() const { return phaseStatus(phase); }
};

struct TimelineEntry {
  std::string name;  // operation or fault
  Json input;
};

// A command given to the engine from outside (a view, a test, the CLI): replayed at its time when
// the engine seeks back to before it.
struct JournalEntry {
  enum Kind { Call, RegisterInstance, Fault, Schedule, AutoScalingGroup, ScheduledTask, TargetGroup } kind = Call;  // Schedule: input {at, kind, input}
  SimTime at = 0;
  std::string name;
  Json input;
};

// What the engine keeps across seeks, outside the State that checkpoints copy: the log (append-only,
// cut back on a seek), the scenario's timeline, the journal of outside commands, the snapshots of
// task definitions that tasks point to, and the checkpoints.
// Tasks wait in PROVISIONING "between 10 and 30 minutes" (docs/research/capacity.md §3.5): each
// task draws its own wait in that range from the engine's generator. At most 500 per cluster.
constexpr SimTime kProvisioningWaitMin = 10 * 60000, kProvisioningWaitMax = 30 * 60000;
constexpr int kProvisioningLimit = 500;

// A checkpoint every 750,000 events (replaying them takes about 35 ms here) or every 32,768 log
// entries (busy stretches, where events change things and are slower to replay: 19 ms at worst in
// the 1,000-service deployment; half as many copy-on-write copies as at 16,384), so a seek costs
// at most about that plus copying a checkpoint.
constexpr size_t kCheckpointEvents = 750000;
constexpr size_t kCheckpointLogEntries = 32768;

struct Engine::History {
  // Everything logged up to the frontier; the entries up to State::logged are the log at the
  // clock. A replay after seeking back logs the same entries again (determinism), which only
  // moves State::logged on; a command in the past cuts the rest off.
  std::vector<LogEntry> log;
  std::vector<Json> failures;  // RunTask's failures[], as returned, for the final state (State::failed of them)
  std::vector<TimelineEntry> timeline;
  std::vector<JournalEntry> journal;  // in time order
  std::map<std::string, std::unique_ptr<RegisteredTaskDefinition>> definitions;  // by ARN
  struct Checkpoint {
    std::unique_ptr<State> state;
  };
  std::vector<Checkpoint> checkpoints;  // in time order
  size_t checkpointedAt = 0;            // events processed at the last checkpoint
  size_t checkpointedLog = 0;           // log entries then (State::logged)
  SimTime frontier = 0;                 // the furthest time simulated
  bool inStep = false;                  // commands from the timeline are not journaled
};

struct Engine::State {
  EngineConfig config;
  Random random;
  EventQueue queue;
  SimTime now = 0;
  size_t processed = 0;
  size_t journalNext = 0;  // the first journal entry not yet carried out
  size_t logged = 0;       // History::log entries at this time
  size_t failed = 0;       // History::failures at this time
  History* history = nullptr;
  TaskDefinitionRegistry registry;
  std::vector<ClusterRec> clusters;
  std::vector<InstanceRec> instances;
  CowVector<TaskRec> tasks;
  std::vector<HealthSlot> healthSlots;
  CowPtr<std::map<std::string, int>> taskById{std::make_shared<std::map<std::string, int>>()};
  std::map<std::string, ContainerBehaviour> behaviours;  // "family/container" or "family:rev/container"
  std::map<std::string, ImageBehaviour> images;          // by image name as written in the definition
  int fargateSpread = 0, fargateSpotSpread = 0;
  bool fargateSpotAvailable = true;
  // Why ECS or EC2 itself terminates an instance ("scale-in", "Spot interruption"); empty for the
  // TerminateInstance fault. A scale-in lowers the group's desired capacity: no replacement.
  std::string terminationCause;
  std::vector<AsgRec> asgs;
  std::vector<CapacityProviderRec> capacityProviders;  // FARGATE and FARGATE_SPOT first
  std::vector<ScheduleRec> schedules;
  std::vector<ServiceRec> services;
  std::vector<TargetGroupRec> targetGroups;
  struct WaiterRec {
    const WaiterDefinition* definition = nullptr;
    Json input;
    int attempts = 0;
    SimTime startedAt = 0;
    std::string lastRetry;  // the explanation of the last retry acceptor that matched
  };
  std::vector<WaiterRec> waiters;
  void startWaiter(const std::string& name, const Json& input);
  void pollWaiter(int waiter);
  int launchingFor = -1;  // the service runTask is launching tasks for (its failures become service events)

  explicit State(const EngineConfig& c) : config(c), random(c.seed), registry(c.region, c.accountId) { addBuiltInCapacityProviders(); }

  int64_t wallMs(SimTime t) const { return config.epochMs + t; }
  std::string arn(const std::string& resource) const {
    return "arn:aws:ecs:" + config.region + ":" + config.accountId + ":" + resource;
  }
  std::string newId();  // 32 hexadecimal characters from the engine's generator
  void addFailure(Json failure);  // to History::failures, as record() to the log
  // A task definition by family, family:revision or ARN that RunTask/CreateService may use; null
  // with ECS's error when there is none or it is not ACTIVE.
  const RegisteredTaskDefinition* activeTaskDefinition(const std::string& ref, std::optional<ApiError>& error) const;
  // List* pagination: maxResults (1-100, default 100) of `all` from nextToken on, into
  // output[key] and output["nextToken"] when more remain; an error for a bad token or size.
  static std::optional<ApiError> paginate(const Json& all, const Json& input, const char* key, Json& output);
  const RegisteredTaskDefinition* snapshot(const RegisteredTaskDefinition& td);  // for a task to point at
  void record(const char* type, Json detail);
  void schedule(SimTime at, EventKind kind, uint64_t subject, uint32_t generation, int64_t value = 0);
  void onEvent(const SimEvent& e);

  ApiReply call(std::string_view operation, const Json& input, bool logged = true);  // engine.cpp: not journaled
  ApiReply faultCommand(std::string_view name, const Json& input);  // fault(), failures logged

  // clusters.cpp
  int findCluster(const Json& input, const char* key, std::optional<ApiError>& error);  // "cluster" name or ARN
  int clusterByName(const std::string& nameOrArn) const;
  ApiReply createCluster(const Json& input);
  ApiReply deleteCluster(const Json& input);
  ApiReply describeClusters(const Json& input);
  ApiReply listClusters(const Json& input);
  ApiReply registerInstance(const Json& input);
  ApiReply describeContainerInstances(const Json& input);
  ApiReply listContainerInstances(const Json& input);
  ApiReply updateContainerInstancesState(const Json& input);
  ApiReply deregisterContainerInstance(const Json& input);
  int findInstance(int cluster, const std::string& ref) const;
  Json clusterJson(int c) const;
  Json instanceJson(int i) const;
  ApiReply fault(std::string_view name, const Json& input);

  // capacity.cpp: capacity providers, Auto Scaling groups, managed scaling, Fargate Spot
  void addBuiltInCapacityProviders();
  int findCapacityProvider(const std::string& nameOrArn) const;
  ApiReply createCapacityProvider(const Json& input);
  ApiReply describeCapacityProviders(const Json& input);
  ApiReply putClusterCapacityProviders(const Json& input);
  ApiReply createAutoScalingGroup(const Json& input);  // ecsplay's own command (not an ECS call)
  ApiReply createTargetGroup(const Json& input);       // ecsplay's own command (ELB, not ECS)
  // Load balancers (scheduler/load_balancers.cpp).
  std::optional<ApiError> bindLoadBalancers(const Json& input, const RegisteredTaskDefinition& td, ServiceRec& s) const;
  void registerTarget(int task);     // ACTIVATING: the task joins its service's target group
  SimTime deregisterTarget(int task);  // stopping: draining starts; returns how long it lasts
  void targetDeregistered(int task); // the deregistration delay is over
  void targetHealthCheck(int task);
  bool targetUnhealthy(const TaskRec& t) const;
  void flushTargetEvents(int service);
  int findTargetGroup(const std::string& ref) const;
  std::optional<ApiError> setClusterCapacityProviders(int c, const Json& providers, const Json& strategy);
  // The strategy a RunTask uses (its own, else the cluster's default when no launch type is given);
  // empty with no error: the launch type path.
  std::optional<ApiError> resolveStrategy(int c, const Json& input, std::vector<StrategyItem>& out) const;
  static std::vector<int> splitByStrategy(const std::vector<StrategyItem>& items, int count);
  void launchAsgInstance(int asg);
  void scalingTick(int provider);
  void placeWaitingTasks(int cluster);
  int instancesNeededFor(const CapacityProviderRec& cp, const std::vector<int>& waiting) const;
  // Why a task of the provider's group does not fit, in RunTask's words (RESOURCE:CPU, ...).
  std::string capacityReason(const CapacityProviderRec& cp, const TaskNeeds& needs, bool awsvpc, const std::string& placerReason) const;
  ApiReply capacityFault(std::string_view name, const Json& input);
  // scheduler/services.cpp: services
  int findService(int cluster, const std::string& nameOrArn) const;
  ApiReply createService(const Json& input);
  ApiReply updateService(const Json& input);
  ApiReply deleteService(const Json& input);
  ApiReply describeServices(const Json& input);
  ApiReply listServices(const Json& input);
  Json serviceJson(int service) const;
  void queueReconcile(int service);
  void reconcile(int service);
  void serviceEvent(int service, const std::string& message);
  void tasksEvent(int service, const char* verb, const std::vector<std::string>& taskIds);  // "has started N tasks: ..."
  void completeDeployment(int service);  // the old deployments are gone: "deployment completed."
  void reachSteadyState(int service);
  void onServiceTaskStopped(int task);
  bool countsAsHealthy(const TaskRec& t) const;  // toward minimumHealthyPercent
  bool replaceUnhealthy(int service, const std::vector<int>& active);
  void stopUnhealthy(int service, int task);  // a failed container or ELB health check
  bool isUnhealthy(const TaskRec& t) const { return t.phase == Phase::Running && (t.health == Health::Unhealthy || targetUnhealthy(t)); }
  void reconcileDaemon(int service);
  bool moveOffDraining(int service, const std::vector<int>& active);
  void servicesNotice(int cluster);  // instances changed: the cluster's services look again
  void serviceTaskStarted(int task);
  void serviceTaskFailedToStart(int task);
  void deploymentFailure(int service, const std::string& deploymentId, bool healthCheck);  // the circuit breaker
  std::string newDeploymentId();
  void launchForService(int service, int count);
  void stopForService(int service, std::vector<int> candidates, int count);
  // schedule.cpp's users: scheduled tasks (tasks.cpp)
  ApiReply createScheduledTask(const Json& input);
  void fireSchedule(int schedule);
  Json capacityProviderJson(int p) const;

  // tasks.cpp: the task API
  ApiReply runTask(const Json& input);
  ApiReply stopTaskCall(const Json& input);
  ApiReply describeTasks(const Json& input);
  ApiReply listTasks(const Json& input);
  int findTask(int cluster, const std::string& ref) const;
  Json taskJson(const TaskRec& t) const;
  Json containerRuntime(const TaskRec& t, const ContainerRec& c) const;  // runtime.cpp
  ContainerBehaviour behaviourFor(const RegisteredTaskDefinition& td, const ContainerDefinition& container) const;

  // lifecycle.cpp: the task and container state machines
  void startLifecycle(int task, SimTime provisioning);
  void setPhase(int task, Phase to);
  void taskStep(int task, Phase to);
  void imagePulled(int task, int container);
  void startReadyContainers(int task);
  void containerStarted(int task, int container);
  void containerExited(int task, int container, int exitCode, const std::string& reason);
  void armHealthCheck(int task, int container);
  void disarmHealthCheck(ContainerRec& c);
  void healthCheck(uint32_t slot, uint32_t stamp);
  void stopTask(int task, const std::string& code, const std::string& reason);
  void hostGone(int task, const std::string& code, const std::string& reason);
  void signalStoppable(int task);
  void releaseResources(int task);
  void updateTaskHealth(int task);
  // Whether container k's dependencies let it start: 1 yes, 0 not yet, -1 never (with why).
  int dependenciesMet(const TaskRec& t, size_t k, std::string& why) const;
};

}  // namespace ecsplay
