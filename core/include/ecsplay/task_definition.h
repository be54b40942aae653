// ecsplay/task_definition.h — the task definition, as RegisterTaskDefinition takes it.
//
// A task definition is the blueprint of a task: its family, up to 10 container definitions, the
// task-level cpu and memory, the network mode, volumes, placement constraints, the runtime
// platform, ephemeral storage and an App Mesh proxy configuration (API ref:
// RegisterTaskDefinitionRequest, ContainerDefinition).
//
// parseTaskDefinition reads the JSON a user pastes (RegisterTaskDefinition input, or a
// DescribeTaskDefinition reply, which it unwraps) into:
//   - `source`: the JSON itself, every field kept and written back unchanged, so a real task
//     definition round-trips (fields the simulator does not use included);
//   - typed fields for what ecsplay's rules and simulator read. A field of the wrong type is
//     reported by the shape check (api_model.h) and left unset here, so rules never see garbage.
// The registered form (what DescribeTaskDefinition returns) is built by registeredForm().
//
// Not simulated: fields are kept but not acted on for logging, secrets, repository credentials,
// Linux parameters, ulimits, FireLens, restart policies and S3 Files volumes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecsplay/finding.h"
#include "ecsplay/json_input.h"

namespace ecsplay {

enum class LaunchType { EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES };
const char* launchTypeName(LaunchType t);  // "EC2", "FARGATE", ...
std::optional<LaunchType> launchTypeFromName(std::string_view name);

enum class NetworkMode { Bridge, Host, Awsvpc, None };
const char* networkModeName(NetworkMode m);  // "bridge", "host", "awsvpc", "none"

struct PortMapping {
  std::optional<int> containerPort;
  std::optional<int> hostPort;
  std::string protocol = "tcp";             // tcp | udp
  std::optional<std::string> name;          // needed by Service Connect
  std::optional<std::string> appProtocol;   // http | http2 | grpc
  std::optional<std::string> containerPortRange;  // "8000-8010"
};

struct HealthCheck {
  std::vector<std::string> command;  // ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]
  std::optional<int> interval;       // seconds, 5..300, default 30
  std::optional<int> timeout;        // seconds, 2..60, default 5
  std::optional<int> retries;        // 1..10, default 3
  std::optional<int> startPeriod;    // seconds, 0..300, default off
  int intervalSeconds() const { return interval.value_or(30); }
  int timeoutSeconds() const { return timeout.value_or(5); }
  int retryCount() const { return retries.value_or(3); }
  int startPeriodSeconds() const { return startPeriod.value_or(0); }
};

struct ContainerDependency {
  std::string containerName;
  std::string condition;  // START | COMPLETE | SUCCESS | HEALTHY
};

// restartPolicy: ECS restarts the container in place when it exits, unless the exit code is
// ignored or the container ran less than restartAttemptPeriod (60..1800 s, default 300).
struct ContainerRestartPolicy {
  bool enabled = false;
  std::vector<int> ignoredExitCodes;
  std::optional<int> restartAttemptPeriod;  // seconds
  int attemptPeriodSeconds() const { return restartAttemptPeriod.value_or(300); }
};

struct MountPoint {
  std::string sourceVolume;
  std::string containerPath;
  bool readOnly = false;
};

struct VolumeFrom {
  std::string sourceContainer;
  bool readOnly = false;
};

struct ContainerDefinition {
  std::string name;
  std::string image;
  int cpu = 0;                               // CPU units; 0 = no reservation
  std::optional<int> memory;                 // MiB, hard limit
  std::optional<int> memoryReservation;      // MiB, soft limit
  bool essential = true;
  std::vector<PortMapping> portMappings;
  std::optional<HealthCheck> healthCheck;
  std::vector<ContainerDependency> dependsOn;
  std::vector<MountPoint> mountPoints;
  std::vector<VolumeFrom> volumesFrom;
  std::vector<std::string> links;
  std::optional<int> startTimeout;  // seconds
  std::optional<int> stopTimeout;   // seconds
  std::optional<ContainerRestartPolicy> restartPolicy;
  std::vector<std::pair<std::string, std::string>> environment;  // environment[] name/value, in order
  int gpus = 0;                     // resourceRequirements type GPU
  bool hasInferenceAcceleratorRequirement = false;
  std::optional<std::string> hostname;
  std::optional<std::string> user;
  bool privileged = false;
  bool hasLinuxParameters = false;
  std::vector<std::string> linuxParameterFields;  // the linuxParameters keys that are set
  std::vector<std::string> setFields;             // every key set on this container, in input order
  std::vector<std::string> capabilitiesAdd;      // linuxParameters.capabilities.add
  std::optional<std::string> logDriver;
  std::map<std::string, std::string> logOptions;  // logConfiguration.options
  std::vector<std::string> secretSources;         // secrets[].valueFrom
  std::optional<std::string> firelensType;        // firelensConfiguration.type (fluentbit | fluentd)
  // The memory ECS reserves on the instance for this container: memoryReservation if set, else memory.
  std::optional<int> reservedMemory() const { return memoryReservation ? memoryReservation : memory; }
};

enum class VolumeKind { Bind, Docker, Efs, FsxWindows, S3Files, Ebs };
const char* volumeKindName(VolumeKind k);  // "bind mount", "Docker volume", "EFS", ...

struct Volume {
  std::string name;
  VolumeKind kind = VolumeKind::Bind;
  std::optional<std::string> hostSourcePath;  // bind mount with host.sourcePath
  // Docker volumes
  std::optional<std::string> dockerScope;     // task | shared
  std::optional<bool> dockerAutoprovision;
  std::optional<std::string> dockerDriver;
  // EFS
  std::optional<std::string> efsFileSystemId;
  std::optional<std::string> efsRootDirectory;
  std::optional<std::string> efsTransitEncryption;  // ENABLED | DISABLED
  std::optional<int> efsTransitEncryptionPort;
  std::optional<std::string> efsAccessPointId;
  std::optional<std::string> efsIam;                // ENABLED | DISABLED
  int configuredKinds = 0;  // how many of host / docker / efs / fsx / s3files / configuredAtLaunch are set
};

struct PlacementConstraintDef {
  std::string type;        // memberOf
  std::string expression;  // cluster query language
};

struct ProxyConfiguration {
  std::string type = "APPMESH";
  std::string containerName;
  std::vector<std::pair<std::string, std::string>> properties;
};

struct TaskDefinition {
  Json source;  // the input as given (output-only fields removed), for round-trips

  std::string family;
  std::optional<std::string> taskRoleArn;
  std::optional<std::string> executionRoleArn;
  std::optional<NetworkMode> networkMode;  // absent: bridge on Linux EC2, "default" (NAT) on Windows
  std::vector<ContainerDefinition> containerDefinitions;
  std::vector<Volume> volumes;
  std::vector<PlacementConstraintDef> placementConstraints;
  std::vector<LaunchType> requiresCompatibilities;
  std::optional<std::string> cpu;     // as written
  std::optional<std::string> memory;  // as written
  std::optional<int64_t> cpuUnits;    // converted (valid when cpu parsed)
  std::optional<int64_t> memoryMiB;   // converted
  std::optional<std::string> pidMode;
  std::optional<std::string> ipcMode;
  std::optional<ProxyConfiguration> proxyConfiguration;
  size_t inferenceAcceleratorCount = 0;
  std::optional<int> ephemeralStorageGiB;
  std::optional<std::string> operatingSystemFamily;  // runtimePlatform
  std::optional<std::string> cpuArchitecture;        // runtimePlatform

  bool isWindows() const;  // runtimePlatform names a WINDOWS_SERVER_* family
  NetworkMode effectiveNetworkMode() const { return networkMode.value_or(NetworkMode::Bridge); }
  bool requires(LaunchType t) const;
  const ContainerDefinition* container(const std::string& name) const;
  const Volume* volume(const std::string& name) const;
};

struct ParsedTaskDefinition {
  TaskDefinition definition;
  Findings findings;  // shape findings (types, unknown fields) and cpu/memory conversion errors
};

// Reads a task definition from JSON (an object). Never fails outright: a non-object or a broken
// field gives findings, and the typed fields hold whatever could be read.
[[nodiscard]] ParsedTaskDefinition parseTaskDefinition(const Json& input);

// The fields of a DescribeTaskDefinition reply that RegisterTaskDefinition does not take.
bool isOutputOnlyTaskDefinitionField(std::string_view key);

struct RegistrationInfo {
  std::string region = "us-east-1";
  std::string accountId = "123456789012";
  int revision = 1;
  std::string status = "ACTIVE";
  std::vector<LaunchType> compatibilities;
  std::vector<std::string> requiresAttributes;
  std::optional<int64_t> registeredAtMs;  // epoch milliseconds
  std::optional<int64_t> deregisteredAtMs;
  std::optional<int64_t> deleteRequestedAtMs;
};

// The definition as DescribeTaskDefinition returns it after registration: cpu and memory
// converted, defaults ECS fills in (container cpu 0, essential true, empty lists, port protocol
// and host port), taskDefinitionArn, revision, status, compatibilities and requiresAttributes.
Json registeredForm(const TaskDefinition& td, const RegistrationInfo& info);

std::string taskDefinitionArn(const std::string& region, const std::string& account, const std::string& family,
                              int revision);

}  // namespace ecsplay
