// ecsplay/placement.h — task placement on EC2 container instances.
//
// Placement decides which container instance each new task lands on (ECS-FACTS.md, "Capacity and
// placement"; Dev guide: task placement). It is a pipeline, run for one task at a time on a view
// that already holds the request's earlier tasks:
//
//   1. filters, in order; an instance that fails one is out, with that filter's reason:
//        status     ACTIVE (others are not considered at all)
//        agent      the agent is connected                                  AGENT
//        attributes the task's OS family (ecs.os-family), CPU architecture (ecs.cpu-architecture)
//                   and requiresAttributes                                  ATTRIBUTE
//        cpu, memory, gpu                                                   RESOURCE:CPU / MEMORY / GPU
//        ports      static host ports free (TCP, UDP), dynamic ones left    RESOURCE:PORTS / PORTS_UDP
//        eni        an ENI free for an awsvpc task                          RESOURCE:ENI
//        distinctInstance  no task of the group on the instance  "DistinctInstance placement constraint unsatisfied."
//        memberOf          the cluster query language expression "MemberOf placement constraint unsatisfied."
//   2. strategies, in order, each breaking the ties of the one before (at most 5):
//        binpack(cpu|memory)  the instance with the least of that resource remaining
//        spread(instanceId|host|attribute:NAME)  the instance (or attribute value) with the fewest
//                             tasks of the request's group
//        random               a random pick: one draw of the engine's generator gives a start
//                             among all instances; the first tied instance from there on
//                             (cyclically) is taken. One draw per task, whatever the candidates.
//      Ties after the last strategy go to the earliest-registered instance (ECS does not document
//      its own tie-break).
//   3. the chosen instance's resources, ports, ENIs and group count are taken, and the next task
//      of the request is placed.
//
// Defaults: RunTask uses random (Dev guide 2023: scheduling); a REPLICA service spreads over
// Availability Zones, then over instances (defaultServiceStrategies()).
//
// Two implementations choose the same instances: Placer (placer.h), indexed and fast, and
// placeReference() below, a plain scan kept as the definition of what placement does; tests
// compare them on random clusters.
//
// Not simulated: Fargate placement (AWS places Fargate tasks: spread over AZs), the LOCATION
// reason (subnets), ENI trunking's per-type numbers beyond the table, port ranges
// (containerPortRange), ECS Anywhere specifics.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ecsplay/finding.h"
#include "ecsplay/query_language.h"
#include "ecsplay/random.h"
#include "ecsplay/registry.h"
#include "ecsplay/task_definition.h"

namespace ecsplay {

// Host ports a Linux container instance registers as reserved: 22, 2375, 2376, 51678, 51679 (the
// agent's ECS_RESERVED_PORTS; real DescribeContainerInstances replies). The API reference also
// names 51680, which the agent reserves only when it exposes Prometheus metrics.
const std::vector<int>& reservedHostPorts();
// The ephemeral range bridge-mode dynamic host ports come from (Linux): 49153-65535.
constexpr int kDynamicPortFirst = 49153;
constexpr int kDynamicPortLast = 65535;

// What one task of a definition takes from a container instance.
struct TaskNeeds {
  int cpu = 0;        // task-level cpu when set, else the containers' cpu summed
  int memoryMiB = 0;  // task-level memory when set, else each container's memoryReservation or memory
  int gpus = 0;
  std::vector<int> tcpPorts, udpPorts;  // static host ports (bridge hostPort, host mode containerPort)
  int dynamicTcpPorts = 0, dynamicUdpPorts = 0;  // bridge mappings with hostPort 0 or none
  bool needsEni = false;                       // awsvpc: one ENI per task
  std::string osFamily;                        // runtimePlatform.operatingSystemFamily ("LINUX", ...); "" = any
  std::string cpuArchitecture;                 // "x86_64" or "arm64" (runtimePlatform); "" = any
  std::vector<std::string> requiredAttributes; // the definition's requiresAttributes
  std::string family;
};

bool operator==(const TaskNeeds& a, const TaskNeeds& b);
inline bool operator!=(const TaskNeeds& a, const TaskNeeds& b) { return !(a == b); }

TaskNeeds taskNeeds(const TaskDefinition& td, const std::vector<std::string>& requiresAttributes);
TaskNeeds taskNeeds(const RegisteredTaskDefinition& td);

// A container instance as placement sees it. A capability attribute has an empty value.
// Attributes are kept ordered by (name length, name) for fast lookups; use setAttribute().
struct PlacementInstance {
  std::string containerInstanceArn;
  std::string ec2InstanceId;
  std::string status = "ACTIVE";  // ACTIVE | DRAINING | REGISTERING | DEREGISTERING | ... (API ref)
  bool agentConnected = true;
  std::string agentVersion = "1.89.2";
  int64_t registeredAtMs = 0;
  int registeredCpu = 0, registeredMemoryMiB = 0, registeredGpus = 0;
  int remainingCpu = 0, remainingMemoryMiB = 0, remainingGpus = 0;
  std::vector<int> tcpPortsInUse, udpPortsInUse;  // sorted; the reserved ports included
  int dynamicTcpInUse = 0, dynamicUdpInUse = 0;  // how many of those were assigned dynamically
  int eniLimit = 0, enisInUse = 0;
  std::vector<std::pair<std::string, std::string>> attributes;  // ordered by (length, name)
  int runningTasksCount = 0, pendingTasksCount = 0;
  std::map<std::string, int> tasksByGroup;  // task group -> tasks not yet stopped

  const std::string* attribute(std::string_view name) const;
  void setAttribute(const std::string& name, const std::string& value);
};

// A container instance of `type` as an up-to-date ECS-optimized Amazon Linux agent registers it:
// CPU and memory, the reserved ports, the ENI limit (max ENIs - 1), the built-in attributes
// (ecs.instance-type, ecs.availability-zone, ecs.ami-id, ecs.os-type, ecs.os-family,
// ecs.cpu-architecture, ecs.vpc-id, ecs.subnet-id) and the agent's capability attributes
// (docs/research/requires-attributes.md §7.2).
struct InstanceType;
PlacementInstance launchInstance(const InstanceType& type, const std::string& containerInstanceArn,
                                 const std::string& ec2InstanceId, const std::string& availabilityZone,
                                 int64_t registeredAtMs);

struct PlacementStrategyItem {
  std::string type;   // binpack | spread | random
  std::string field;  // binpack: cpu | memory; spread: instanceId | host | attribute:NAME
};

struct PlacementConstraintItem {
  std::string type;        // distinctInstance | memberOf
  std::string expression;  // memberOf
};

std::vector<PlacementStrategyItem> defaultRunTaskStrategies();  // random
std::vector<PlacementStrategyItem> defaultServiceStrategies();  // spread(AZ), spread(instanceId)

struct PlacementRequest {
  TaskNeeds needs;
  int count = 1;   // RunTask: 1-10
  std::string group;  // task group: "family:NAME" by default, "service:NAME" for a service's tasks
  std::vector<PlacementConstraintItem> constraints;  // the task definition's and the request's
  std::vector<PlacementStrategyItem> strategies;     // empty: defaultRunTaskStrategies()
  // At normal use ECS's limits hold (RunTask count 1-10). Benchmarks and what-if lessons may
  // lift them explicitly.
  bool beyondEcsLimits = false;
};

// A request checked and compiled: strategies and constraints validated, expressions parsed.
struct CompiledRequest {
  PlacementRequest request;
  std::vector<QueryExpression> memberOf;  // parsed memberOf expressions, in order
  bool distinctInstance = false;
};

// Checks a request as RunTask would (InvalidParameterException, with ECS's text where known).
[[nodiscard]] std::optional<ApiError> compileRequest(const PlacementRequest& request, CompiledRequest& out);

// Why an instance was passed over. The filters in pipeline order; None = it passed. Status: the
// instance is not ACTIVE (DRAINING, ...): ECS does not consider it at all, so it is never the
// "closest matching" instance of a failure.
enum class PlacementReason {
  None, Status, Agent, Attribute, Cpu, Memory, Gpu, Ports, PortsUdp, Eni, DistinctInstance, MemberOf
};
const char* placementReasonCode(PlacementReason r);  // "AGENT", "RESOURCE:CPU", ... ("NOT ACTIVE" for Status)

// One per task that could not be placed, as RunTask reports it: the "closest matching" container
// instance (the one that got furthest through the filters; the earliest registered among equals)
// and the filter it failed. ECS writes no `detail` for placement failures.
struct PlacementFailure {
  int instance = -1;
  std::string arn;     // the container instance's ARN
  std::string reason;  // "RESOURCE:MEMORY", "MemberOf placement constraint unsatisfied.", ...
};

// The host ports a placed task took: its static ones and the dynamic ones assigned to it.
struct HostPorts {
  std::vector<int> tcp, udp;
};

struct PlacementResult {
  std::optional<ApiError> error;  // the request itself is refused: nothing is placed
  std::vector<int> placements;    // instance index of each placed task, in order
  std::vector<HostPorts> hostPorts;  // per placed task (the task's networkBindings); release() takes them back
  int unplaced = 0;               // tasks that found no instance
  std::vector<PlacementFailure> failures;  // as RunTask's failures[]
};

// The reference implementation: for each task, every instance through every filter, the best by
// the strategies. Mutates `instances` as the placed tasks take their resources.
PlacementResult placeReference(std::vector<PlacementInstance>& instances, const CompiledRequest& request,
                               Random& random);

// The failure RunTask reports for a task no instance took: the closest matching instance and the
// filter it failed (-1 / empty when there are no instances).
PlacementFailure closestFailure(const std::vector<PlacementInstance>& instances, const CompiledRequest& request);

// RunTask's answer when no container instance can take tasks at all (none registered, or none
// ACTIVE): InvalidParameterException "No Container Instances were found in your cluster."
std::optional<ApiError> noInstancesError(const std::vector<PlacementInstance>& instances);

// --- The explainer: "why is my task not placed?" ---------------------------------------------------

// One instance's row of the explanation table: where it left the pipeline, the numbers that
// decided it, and, for the instances that passed, the score each strategy gave.
struct InstanceVerdict {
  int instance = -1;
  PlacementReason reason = PlacementReason::None;  // the first filter it failed; None = a candidate
  int conflictingPort = -1;      // RESOURCE:PORTS / PORTS_UDP: the port in use (0: the 100-port quota)
  std::array<int64_t, 5> scores{};  // per strategy (lower is better; at most 5); random scores 0
  int rank = 0;                  // 1 = chosen; candidates tied on every score share a rank
  bool chosen = false;
};

struct PlacementExplanation {
  std::vector<InstanceVerdict> rows;         // one per instance, in registration order
  int chosen = -1;                           // the instance the next task would go to
  std::vector<int> rejectedBy;               // count per PlacementReason
  std::optional<PlacementFailure> failure;   // when no instance passes
};

// Explains where the request's next task would go, without placing it: every instance through
// every filter, and the strategies' scores for those that pass. `random` is copied, not advanced.
PlacementExplanation explainPlacement(const std::vector<PlacementInstance>& instances, const CompiledRequest& request,
                                      Random random);

// A sentence for one row: "needs 512 CPU units, 256 remaining", "port 80 is in use", ...
std::string describeVerdict(const PlacementInstance& instance, const CompiledRequest& request,
                            const InstanceVerdict& verdict);

// --- The building blocks both implementations share ---------------------------------------------

// The first filter `instance` fails for `request` (None when it passes every filter).
PlacementReason firstFailingFilter(const PlacementInstance& instance, const CompiledRequest& request);
// Takes one task's resources on `instance` (ports: the static ones and the lowest free dynamic
// ones) and returns the host ports it took.
HostPorts takeResources(PlacementInstance& instance, const CompiledRequest& request);
// A QuerySubjectSource over a PlacementInstance.
class InstanceSubjects : public QuerySubjectSource {
 public:
  explicit InstanceSubjects(const PlacementInstance& i) : i_(i) {}
  std::optional<std::string> value(std::string_view subject) const override;
  int tasksInGroup(std::string_view group) const override;

 private:
  const PlacementInstance& i_;
};

}  // namespace ecsplay
