// What each launch type refuses (ECS-FACTS.md; Dev guide: "Amazon ECS task definition differences
// for Fargate", "Windows task definition differences", "External instances"; API ref:
// RegisterTaskDefinitionRequest, ContainerDefinition).
#include "ecsplay/fargate_sizes.h"
#include "ecsplay/units.h"
#include "validate/rules.h"

namespace ecsplay {
namespace {

using rules::containerLabel;
using rules::containerPath;

void error(Findings& out, std::string path, const char* code, std::string message) {
  out.push_back({std::move(path), code, Severity::Error, std::move(message)});
}

std::string fargateCpuChoices(bool windows) {
  std::string s;
  for (const FargateCpuRow& row : fargateSizes()) {
    if (windows && !row.windows) continue;
    s += (s.empty() ? "" : ", ") + std::to_string(row.cpuUnits);
  }
  return s;
}

// Fargate sizes and network mode (ECS-FACTS.md, resources and validation). Examples: cpu "1 vCPU"
// (1024) with memory "3 GB" (3072) is a Fargate size; 1024 with 1536 is not (1 vCPU takes 2-8 GB
// in whole GB); 384 is no Fargate cpu at all.
void fargate(const TaskDefinition& td, const ValidationOptions& options, Findings& out) {
  bool windows = td.isWindows();
  if (!td.cpu) {
    error(out, "cpu", "FargateCpuRequired",
          "Fargate requires that 'cpu' be defined at the task level. (One of " + fargateCpuChoices(windows) +
              " CPU units" + (td.requires(LaunchType::EC2) && td.requires(LaunchType::FARGATE) ? ", even though EC2 is listed too." : ".") + ")");
  }
  if (!td.memory) {
    error(out, "memory", "FargateMemoryRequired",
          "Fargate requires that 'memory' be defined at the task level. (One of the sizes the task's cpu allows: see "
          "the Fargate task sizes.)");
  }
  if (td.cpuUnits) {
    const FargateCpuRow* row = fargateRow(*td.cpuUnits);
    // "No Fargate configuration exists for given values: 512 CPU, 2048 memory. See the Amazon ECS
    // documentation for the valid values." (research: live calls, 2026; older replies stop after
    // "given values.") The memory is printed as ECS prints it, 0 when not set.
    std::string noConfig = "No Fargate configuration exists for given values: " + std::to_string(*td.cpuUnits) +
                           " CPU, " + std::to_string(td.memoryMiB.value_or(0)) +
                           " memory. See the Amazon ECS documentation for the valid values.";
    if (!row) {
      if (td.memoryMiB) {
        error(out, "cpu", "FargateCpuMemory",
              noConfig + " (Fargate has no task size with " + describeCpu(*td.cpuUnits) + "; its cpu values are " +
                  fargateCpuChoices(windows) + " CPU units.)");
      }
    } else if (windows && !row->windows) {
      error(out, "cpu", "FargateCpuMemory",
            noConfig + " (Windows containers on Fargate need at least 1 vCPU: cpu " + fargateCpuChoices(true) + ".)");
    } else {
      if (td.memoryMiB && !isFargateMemory(*row, *td.memoryMiB)) {
        error(out, "memory", "FargateCpuMemory",
              noConfig + " (" + describeCpu(*td.cpuUnits) + " takes " + row->memoryText() + "; " +
                  describeMemory(*td.memoryMiB) + " is not one of them.)");
      }
      if (row->needsPlatform140) {
        if (options.platformVersion && !rules::platformAtLeast(*options.platformVersion, 1, 4, 0)) {
          error(out, "cpu", "FargateSizeNeedsPlatform140",
                describeCpu(*td.cpuUnits) + " on Fargate requires Linux platform version 1.4.0 or later; the task "
                "would run on " + *options.platformVersion + ".");
        } else if (!options.platformVersion) {
          out.push_back({"cpu", "FargateSizeNeedsPlatform140", Severity::Info,
                         describeCpu(*td.cpuUnits) + " on Fargate requires Linux platform version 1.4.0 or later "
                         "(LATEST is)."});
        }
      }
    }
  }
  if (td.effectiveNetworkMode() != NetworkMode::Awsvpc) {
    error(out, "networkMode", "FargateNeedsAwsvpc",
          std::string("Fargate only supports network mode 'awsvpc'. (This task definition uses ") +
              (td.networkMode ? networkModeName(*td.networkMode) : "the default, bridge") +
              ": each Fargate task gets its own network interface.)");
  }
  // Fargate refuses what it cannot do rather than ignoring it (research: live calls, 2026).
  if (!td.placementConstraints.empty()) {
    error(out, "placementConstraints", "FargateUnsupportedParameter",
          "Fargate compatible task definitions do not support constraints (AWS places Fargate tasks itself, spread "
          "across Availability Zones)");
  }
  if (td.ipcMode) {
    error(out, "ipcMode", "FargateUnsupportedParameter", "Fargate compatible task definitions do not support ipcMode");
  }
  if (td.pidMode && *td.pidMode == "host") {
    error(out, "pidMode", "FargateUnsupportedParameter",
          "Tasks using the Fargate launch type do not support pidMode 'host'. The supported value for pidMode is 'task'.");
  }
  if (windows && td.cpuArchitecture == std::optional<std::string>("ARM64")) {
    error(out, "runtimePlatform.cpuArchitecture", "FargateWindowsArm",
          "Windows containers on Fargate run on X86_64 only; ARM64 is for Linux.");
  }

  // Container parameters Fargate refuses (Dev guide: task definition differences for Fargate).
  // hostname, links, extraHosts, dnsServers and disableNetworking are refused by the awsvpc rules
  // (containers.cpp), which is the message Fargate definitions get for them.
  static const char* const kUnsupportedLinux[] = {"devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"};
  for (size_t i = 0; i < td.containerDefinitions.size(); ++i) {
    const ContainerDefinition& c = td.containerDefinitions[i];
    std::string path = containerPath(i);
    for (const std::string& field : c.setFields) {
      if (field == "dockerSecurityOptions") {
        error(out, joinPath(path, field), "FargateUnsupportedParameter",
              "Fargate compatible task definitions do not support dockerSecurityOptions");
      }
    }
    if (c.privileged) {
      error(out, joinPath(path, "privileged"), "FargateUnsupportedParameter",
            "Fargate requires that the 'privileged' setting be 'false' at the container level.");
    }
    for (const std::string& field : c.linuxParameterFields) {
      for (const char* bad : kUnsupportedLinux) {
        if (field == bad) {
          error(out, joinPath(joinPath(path, "linuxParameters"), field), "FargateUnsupportedParameter",
                "Fargate compatible task definitions do not support " + field);
        }
      }
    }
    // Fargate lets a container add one kernel capability: SYS_PTRACE.
    for (const std::string& cap : c.capabilitiesAdd) {
      if (cap != "SYS_PTRACE") {
        error(out, joinPath(path, "linuxParameters.capabilities.add"), "FargateCapability",
              cap + " is not allowed on Fargate. (Fargate only lets containers add SYS_PTRACE.)");
      }
    }
    if (c.gpus > 0) {
      error(out, joinPath(path, "resourceRequirements"), "FargateUnsupportedParameter",
            "Tasks using the Fargate launch type do not support GPU resource requirements.");
    }
    // Fargate's stop timeout is 2 to 120 seconds (ECS-FACTS.md, task lifecycle); 120 itself is accepted.
    if (c.stopTimeout && *c.stopTimeout > 120) {
      error(out, joinPath(path, "stopTimeout"), "FargateStopTimeout",
            "Tasks using the Fargate launch type must have a container stop timeout of less than 120 seconds. (It "
            "is " + std::to_string(*c.stopTimeout) + "; Fargate accepts 2 to 120.)");
    } else if (c.stopTimeout && *c.stopTimeout < 2) {
      error(out, joinPath(path, "stopTimeout"), "FargateStopTimeout",
            "stopTimeout is " + std::to_string(*c.stopTimeout) + " s; on Fargate it must be between 2 and 120 seconds.");
    }
    if (c.logDriver) {
      // Fargate's log drivers (Dev guide: task definition differences for Fargate).
      const std::string& d = *c.logDriver;
      if (d != "awslogs" && d != "splunk" && d != "awsfirelens") {
        error(out, joinPath(path, "logConfiguration.logDriver"), "FargateLogDriver",
              d + " is not a valid log driver. Must be one of [awslogs,splunk,awsfirelens]");
      }
      if (d == "awslogs" && !td.executionRoleArn) {
        error(out, joinPath(path, "logConfiguration.logDriver"), "FargateAwslogsNeedsExecutionRole",
              "Fargate requires task definition to have execution role ARN to support log driver awslogs.");
      }
      if (d == "awslogs" && !c.logOptions.count("awslogs-stream-prefix")) {
        error(out, joinPath(path, "logConfiguration.options"), "FargateAwslogsNeedsStreamPrefix",
              "Fargate requires log configuration options to include awslogs-stream-prefix to support log driver "
              "awslogs.");
      }
    }
  }
}

void windowsOnInstances(const TaskDefinition& td, LaunchType type, Findings& out) {
  // Windows container instances: the default network mode (NAT) or awsvpc (API ref:
  // RegisterTaskDefinitionRequest.networkMode); task-level cpu and memory are ignored.
  if (td.networkMode && *td.networkMode != NetworkMode::Awsvpc) {
    error(out, "networkMode", "WindowsNetworkMode",
          std::string("Windows tasks on ") + launchTypeName(type) + " use the default network mode (leave networkMode out) or "
          "awsvpc; '" + networkModeName(*td.networkMode) + "' is for Linux.");
  }
  if (td.cpu || td.memory) {
    out.push_back({td.cpu ? "cpu" : "memory", "TaskLimitsIgnoredOnWindows", Severity::Warning,
                   "Task-level CPU and memory parameters are ignored for Windows containers: set cpu and memory on "
                   "each container instead."});
  }
  // Container settings the documentation lists as "not supported for Windows containers" (API ref:
  // ContainerDefinition; Dev guide: Windows task definition differences). Whether ECS refuses or
  // ignores them at registration is not documented: ecsplay warns.
  static const char* const kNotOnWindows[] = {"disableNetworking", "dnsServers", "dnsSearchDomains", "extraHosts",
                                              "links", "linuxParameters", "privileged", "readonlyRootFilesystem",
                                              "user", "ulimits"};
  for (size_t i = 0; i < td.containerDefinitions.size(); ++i) {
    const ContainerDefinition& c = td.containerDefinitions[i];
    for (const std::string& field : c.setFields) {
      for (const char* bad : kNotOnWindows) {
        if (field == bad) {
          out.push_back({joinPath(containerPath(i), field), "NotOnWindows", Severity::Warning,
                         "'" + field + "' is not supported for Windows containers (" + containerLabel(c) + ")."});
        }
      }
    }
    if (c.gpus > 0) {
      out.push_back({joinPath(containerPath(i), "resourceRequirements"), "NotOnWindows", Severity::Warning,
                     "GPUs are not supported for Windows containers."});
    }
    // On Windows instances cpu is an absolute limit: 0 (or unset) is passed to Docker as 0, which
    // Windows reads as 1% of one CPU, not the whole host (API ref: ContainerDefinition.cpu).
    if (c.cpu == 0) {
      out.push_back({joinPath(containerPath(i), "cpu"), "WindowsCpuZero", Severity::Warning,
                     containerLabel(c) + " sets no cpu: on a Windows container instance that gives it 1% of one CPU "
                     "(Windows enforces cpu as an absolute limit). Set cpu, e.g. 1024 for one vCPU."});
    }
  }
  const std::pair<bool, const char*> taskLevel[] = {{td.pidMode.has_value(), "pidMode"},
                                                    {td.ipcMode.has_value(), "ipcMode"},
                                                    {td.proxyConfiguration.has_value(), "proxyConfiguration"}};
  for (const auto& [set, field] : taskLevel) {
    if (set) {
      out.push_back({field, "NotOnWindows", Severity::Warning,
                     std::string("'") + field + "' is not supported for Windows tasks."});
    }
  }
}

// ECS Managed Instances (2025): Linux instances that AWS runs. The guide lists awsvpc and host,
// but real replies list MANAGED_INSTANCES only for awsvpc definitions (a host-mode definition of
// 2026 shows ["EXTERNAL", "EC2"]); ecsplay follows the replies. Only what decides
// `compatibilities` is modelled.
void managedInstances(const TaskDefinition& td, Findings& out) {
  NetworkMode mode = td.effectiveNetworkMode();
  if (mode != NetworkMode::Awsvpc) {
    error(out, "networkMode", "ManagedInstancesNetworkMode",
          std::string("ECS Managed Instances run tasks in the awsvpc network mode; this definition uses ") +
              networkModeName(mode) + ".");
  }
  if (td.isWindows()) {
    error(out, "runtimePlatform.operatingSystemFamily", "ManagedInstancesLinuxOnly",
          "ECS Managed Instances run Linux tasks only.");
  }
  if (td.ephemeralStorageGiB) {
    error(out, "ephemeralStorage", "EphemeralStorageFargateOnly",
          "Tasks using the MANAGED_INSTANCES launch type do not support EphemeralStorage.");
  }
  out.push_back({"", "ManagedInstancesNotSimulated", Severity::Info,
                 "ecsplay does not simulate ECS Managed Instances beyond these rules: run the task on EC2 or Fargate "
                 "to watch it."});
}

void onInstances(const TaskDefinition& td, LaunchType type, Findings& out) {
  if (td.isWindows()) windowsOnInstances(td, type, out);
  if (td.ephemeralStorageGiB) {
    error(out, "ephemeralStorage", "EphemeralStorageFargateOnly",
          std::string("Tasks using the ") + launchTypeName(type) +
              " launch type do not support EphemeralStorage. (It sets the size of a Fargate task's storage; on "
              "instances the task uses the instance's Docker storage.)");
  }
  if (type == LaunchType::EXTERNAL) {
    // External instances (ECS Anywhere) run bridge, host or none; no awsvpc.
    if (td.networkMode == std::optional<NetworkMode>(NetworkMode::Awsvpc)) {
      error(out, "networkMode", "ExternalNoAwsvpc",
            "The awsvpc network mode is not supported on external instances (ECS Anywhere): use bridge, host or none.");
    }
  }
}

}  // namespace

void checkLaunchType(const TaskDefinition& td, LaunchType type, const ValidationOptions& options, Findings& out) {
  switch (type) {
    case LaunchType::FARGATE: fargate(td, options, out); break;
    case LaunchType::EC2:
    case LaunchType::EXTERNAL: onInstances(td, type, out); break;
    case LaunchType::MANAGED_INSTANCES: managedInstances(td, out); break;
  }
  rules::storageFor(td, type, options, out);
}

}  // namespace ecsplay
