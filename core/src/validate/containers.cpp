// Container definition registration rules: names, images, essential, memory and cpu, links.
#include <algorithm>
#include <set>

#include "ecsplay/units.h"
#include "validate/rules.h"

namespace ecsplay::rules {

void containers(const TaskDefinition& td, Findings& out) {
  std::set<std::string> seen;
  bool anyEssential = false;
  int64_t cpuTotal = 0;
  int64_t reservedMemoryTotal = 0;
  for (size_t i = 0; i < td.containerDefinitions.size(); ++i) {
    const ContainerDefinition& c = td.containerDefinitions[i];
    std::string path = containerPath(i);

    // name and image are needed by ECS even though the API model leaves them optional.
    if (c.name.empty()) {
      out.push_back({joinPath(path, "name"), "MissingContainerName", Severity::Error,
                     "Container.name should not be null or empty."});
    } else if (!isValidName(c.name, 255)) {
      out.push_back({joinPath(path, "name"), "InvalidContainerName", Severity::Error,
                     "Container.name contains invalid characters. (\"" + clip(c.name, 60) +
                         "\": up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are "
                         "allowed.)"});
    } else if (!seen.insert(c.name).second) {
      out.push_back({joinPath(path, "name"), "DuplicateContainerName", Severity::Error,
                     "Container names must be unique within a task definition. (\"" + c.name + "\" is used twice.)"});
    }
    if (c.image.empty()) {
      out.push_back({joinPath(path, "image"), "MissingImage", Severity::Error,
                     "Container.image should not be null or empty."});
    } else {
      // The limit applies to the name before an "@sha256:" digest (API ref: ContainerDefinition.image).
      std::string name = c.image.substr(0, c.image.find('@'));
      if (name.size() > 255) {
        out.push_back({joinPath(path, "image"), "ImageTooLong", Severity::Error,
                       "Container.image should be 255 characters or less"});
      }
      for (unsigned char ch : c.image) {
        if (ch <= ' ' || ch == 0x7f) {
          out.push_back({joinPath(path, "image"), "InvalidImage", Severity::Error,
                         "Container.image contains invalid characters. (Spaces and control characters are not "
                         "allowed in an image name.)"});
          break;
        }
      }
    }
    anyEssential = anyEssential || c.essential;

    // Container memory (ECS-FACTS.md, resources): if both the hard limit `memory` and the soft
    // limit `memoryReservation` are set, memory must be the higher. E.g. memory 256 +
    // memoryReservation 512 is refused; 512 + 256 reserves 256 MiB on the instance. The API
    // reference says "greater than", but ECS accepts equal values and its message says "greater
    // than or equal to" (research: awsdocs PR 242; a live RegisterTaskDefinition, 2026).
    if (c.memory && c.memoryReservation && *c.memory < *c.memoryReservation) {
      out.push_back({joinPath(path, "memoryReservation"), "MemoryReservationAboveMemory", Severity::Error,
                     "Invalid setting for container '" + c.name + "'. 'memory' must be greater than or equal to "
                     "'memoryReservation'. (memory " + std::to_string(*c.memory) + " MiB is the hard limit, "
                     "memoryReservation " + std::to_string(*c.memoryReservation) + " MiB the soft limit.)"});
    }
    // Without task-level memory every container must say how much memory it needs (API ref:
    // ContainerDefinition.memoryReservation: "a non-zero integer for one or both").
    if (!td.memory && !c.memory && !c.memoryReservation) {
      out.push_back({path, "ContainerMemoryMissing", Severity::Error,
                     "Invalid setting for container '" + c.name +
                         "'. At least one of 'memory' or 'memoryReservation' must be specified. (The task sets no "
                         "task-level memory.)"});
    }
    const std::pair<const char*, std::optional<int>> memoryFields[] = {{"memory", c.memory},
                                                                       {"memoryReservation", c.memoryReservation}};
    for (const auto& [field, v] : memoryFields) {
      if (!v) continue;
      if (*v <= 0) {
        out.push_back({joinPath(path, field), "ContainerMemoryNotPositive", Severity::Error,
                       std::string("Invalid setting for ") + containerLabel(c) + ": " + field +
                           " must be a positive number of MiB."});
      } else if (*v < 6) {
        // Docker 20.10+ reserves at least 6 MiB per container, Docker 19.03 and earlier 4 MiB
        // (API ref: ContainerDefinition.memory). ECS registers it; Docker refuses it at start.
        out.push_back({joinPath(path, field), "ContainerMemoryBelowDockerMinimum", Severity::Warning,
                       std::string(field) + " is " + std::to_string(*v) +
                           " MiB: ECS registers it, but the Docker daemon reserves at least 6 MiB for a container "
                           "(4 MiB before Docker 20.10), so the container fails to start (CannotCreateContainerError: "
                           "Minimum memory reservation allowed is 6MB)."});
      }
    }
    if (c.cpu < 0) {
      out.push_back({joinPath(path, "cpu"), "ContainerCpuNegative", Severity::Error,
                     "Invalid setting for " + containerLabel(c) + ": cpu must be zero or a positive number of CPU units."});
    }

    // Container cpu and memory must fit inside the task's (ECS-FACTS.md: "must not total more
    // than them; equal is accepted"). Three checks: each container's hard memory limit against
    // the task's memory; the sum of reservations (memoryReservation, else memory) against it; the
    // sum of container cpu against the task's cpu. E.g. a 1024 MiB task takes containers of 512 +
    // 512 MiB, not 768 + 512.
    if (td.memoryMiB && c.memory && *c.memory > *td.memoryMiB) {
      out.push_back({joinPath(path, "memory"), "ContainerMemoryAboveTask", Severity::Error,
                     "The 'memory' setting for container '" + c.name + "' is greater than for the task. (" +
                         std::to_string(*c.memory) + " MiB against the task's " + std::to_string(*td.memoryMiB) +
                         " MiB.)"});
    }
    cpuTotal += c.cpu > 0 ? c.cpu : 0;
    if (auto r = c.reservedMemory(); r && *r > 0) reservedMemoryTotal += *r;

    // links: bridge mode only, and they name containers of this task (API ref:
    // ContainerDefinition.links: "only supported if the network mode of a task definition is bridge").
    NetworkMode mode = td.effectiveNetworkMode();
    if (!c.links.empty() && mode == NetworkMode::Awsvpc) {
      out.push_back({joinPath(path, "links"), "NotWithAwsvpc", Severity::Error,
                     "Links are not supported when networkMode=awsvpc."});
    } else if (!c.links.empty() && mode != NetworkMode::Bridge) {
      out.push_back({joinPath(path, "links"), "LinksNeedBridge", Severity::Warning,
                     std::string("links only work in the bridge network mode; this task uses ") + networkModeName(mode) +
                         ", so Docker ignores them."});
    }
    for (size_t l = 0; l < c.links.size(); ++l) {
      std::string target = c.links[l].substr(0, c.links[l].find(':'));  // "name:alias"
      if (!td.container(target) || target == c.name) {
        out.push_back({indexPath(joinPath(path, "links"), l), "UnknownLinkedContainer", Severity::Error,
                       "links entry \"" + c.links[l] + "\" does not name another container of this task definition."});
      }
    }
    // In awsvpc the task's ENI owns the network stack: these container settings are refused
    // (API ref: ContainerDefinition; messages from live RegisterTaskDefinition calls).
    if (mode == NetworkMode::Awsvpc) {
      const std::pair<const char*, const char*> awsvpcRefuses[] = {
          {"hostname", "hostname is not supported on container when networkMode=awsvpc."},
          {"extraHosts", "Extra hosts are not supported on container when networkMode=awsvpc."},
          {"dnsServers", "DNS servers are not supported on container when networkMode=awsvpc."},
          {"dnsSearchDomains", "DNS search domains are not supported on container when networkMode=awsvpc."},
          {"disableNetworking", "Disable Networking is not supported on container when networkMode=awsvpc."},
      };
      for (const auto& [field, message] : awsvpcRefuses) {
        if (std::find(c.setFields.begin(), c.setFields.end(), field) != c.setFields.end()) {
          out.push_back({joinPath(path, field), "NotWithAwsvpc", Severity::Error, message});
        }
      }
    }
    // The awslogs driver needs a log group (research: a live RegisterTaskDefinition, 2026).
    if (c.logDriver == std::optional<std::string>("awslogs") && !c.logOptions.count("awslogs-group")) {
      out.push_back({joinPath(path, "logConfiguration.options"), "AwslogsNeedsGroup", Severity::Error,
                     "Log driver awslogs requires options: awslogs-group"});
    }
  }

  if (!td.containerDefinitions.empty() && !anyEssential) {
    out.push_back({"containerDefinitions", "NoEssentialContainer", Severity::Error,
                   "Task definition doesn't have any essential container. (Every container sets \"essential\": false; "
                   "a task needs at least one essential container, and stops when one of them stops.)"});
  }
  if (td.cpuUnits && cpuTotal > *td.cpuUnits) {
    out.push_back({"cpu", "ContainersCpuAboveTask", Severity::Error,
                   "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'. (The "
                   "containers reserve " + std::to_string(cpuTotal) + " CPU units; the task has " +
                       describeCpu(*td.cpuUnits) + ".)"});
  }
  if (td.memoryMiB && reservedMemoryTotal > *td.memoryMiB) {
    out.push_back({"memory", "ContainersMemoryAboveTask", Severity::Error,
                   "The sum of all container 'memoryReservation' values cannot be greater than the value of the task "
                   "'memory'. (The containers reserve " + std::to_string(reservedMemoryTotal) +
                       " MiB, counting memory where no reservation is set; the task has " +
                       describeMemory(*td.memoryMiB) + ".)"});
  }
}

}  // namespace ecsplay::rules
