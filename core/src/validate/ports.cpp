// Port mapping rules (API ref: PortMapping; ECS-FACTS.md, capacity and placement).
#include <cctype>
#include <map>
#include <set>

#include "validate/rules.h"

namespace ecsplay::rules {
namespace {

// Host ports the ECS agent reserves on every EC2 container instance (API ref: PortMapping).
bool isReservedHostPort(int port) { return port == 22 || port == 2375 || port == 2376 || (port >= 51678 && port <= 51680); }

struct Range {
  int first = 0, last = 0;
  std::string protocol;
  bool isRange = false;
};

// "8000-8010" -> {8000, 8010}; false when malformed.
bool parseRange(const std::string& s, Range& r) {
  size_t dash = s.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= s.size() || s.size() > 11) return false;
  int parts[2] = {0, 0};
  std::string pieces[2] = {s.substr(0, dash), s.substr(dash + 1)};
  for (int k = 0; k < 2; ++k) {
    if (pieces[k].empty() || pieces[k].size() > 5) return false;
    for (char c : pieces[k]) {
      if (c < '0' || c > '9') return false;
      parts[k] = parts[k] * 10 + (c - '0');
    }
  }
  r.first = parts[0];
  r.last = parts[1];
  return true;
}

std::string upper(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool isValidPortName(const std::string& s) {
  // Service Connect port names: lowercase letters, numbers, underscores and hyphens, up to 64
  // characters, not starting with a hyphen (API ref: PortMapping.name).
  if (s.empty() || s.size() > 64 || s[0] == '-') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace

void ports(const TaskDefinition& td, Findings& out) {
  NetworkMode mode = td.effectiveNetworkMode();
  const char* modeName = networkModeName(mode);
  std::map<std::string, std::string> portNames;                 // name -> path of first use
  std::map<std::pair<int, std::string>, std::string> hostPorts;  // (static host port, protocol) -> path
  for (size_t i = 0; i < td.containerDefinitions.size(); ++i) {
    const ContainerDefinition& c = td.containerDefinitions[i];
    std::string cpath = containerPath(i);
    if (!c.portMappings.empty() && mode == NetworkMode::None) {
      out.push_back({joinPath(cpath, "portMappings"), "PortMappingsWithNoneMode", Severity::Error,
                     "Port mappings are not supported when networkMode=none: the task's containers have no external "
                     "connectivity."});
      continue;
    }
    std::vector<std::pair<Range, std::string>> containerRanges;  // for overlap checks within a container
    size_t rangeCount = 0;
    for (const PortMapping& pm : c.portMappings) rangeCount += pm.containerPortRange.has_value();
    // "You can specify a maximum of 100 port ranges per container." (API ref: PortMapping)
    if (rangeCount > 100) {
      out.push_back({joinPath(cpath, "portMappings"), "TooManyPortRanges", Severity::Error,
                     "Invalid 'containerPortRange' setting for container '" + c.name + "'. (It has " +
                         std::to_string(rangeCount) + " port ranges; a container can have at most 100.)"});
    }
    for (size_t p = 0; p < c.portMappings.size(); ++p) {
      const PortMapping& pm = c.portMappings[p];
      std::string path = indexPath(joinPath(cpath, "portMappings"), p);

      if (pm.containerPortRange) {
        // containerPortRange (API ref: PortMapping): bridge or awsvpc only; no containerPort or
        // hostPort beside it; ports 1-65535, the first lower than the last.
        Range r;
        if (!parseRange(*pm.containerPortRange, r) || r.first < 1 || r.last > 65535 || r.first >= r.last) {
          out.push_back({joinPath(path, "containerPortRange"), "InvalidContainerPortRange", Severity::Error,
                         "Invalid 'containerPortRange' setting for container '" + c.name + "'. (\"" +
                             clip(*pm.containerPortRange, 20) +
                             "\": write \"first-last\" with ports from 1 to 65535, the first lower than the last, "
                             "for example \"8000-8010\".)"});
        } else {
          for (const auto& [other, otherPath] : containerRanges) {
            if (r.first <= other.last && other.first <= r.last && other.protocol == pm.protocol) {
              out.push_back({joinPath(path, "containerPortRange"), "OverlappingPortRanges", Severity::Error,
                             "containerPortRange " + *pm.containerPortRange + " overlaps the port mapping at " +
                                 otherPath + ": a port can be in only one port mapping per container."});
              break;
            }
          }
          r.protocol = pm.protocol;
          r.isRange = true;
          containerRanges.push_back({r, path});
        }
        if (mode != NetworkMode::Bridge && mode != NetworkMode::Awsvpc) {
          out.push_back({joinPath(path, "containerPortRange"), "PortRangeNetworkMode", Severity::Error,
                         std::string("containerPortRange needs the bridge or awsvpc network mode; this task uses ") +
                             modeName + "."});
        }
        if (pm.containerPort || pm.hostPort) {
          out.push_back({joinPath(path, pm.containerPort ? "containerPort" : "hostPort"), "PortAndPortRange",
                         Severity::Error,
                         "Invalid port mapping for container '" + c.name +
                             "', cannot specify both single port and port range. (ECS assigns the host ports of a "
                             "containerPortRange itself.)"});
        }
      } else if (!pm.containerPort) {
        out.push_back({joinPath(path, "containerPort"), "MissingContainerPort", Severity::Error,
                       "Invalid 'containerPort' setting for container '" + c.name +
                           "'. (A port mapping needs a containerPort, or a containerPortRange.)"});
      } else {
        int cp = *pm.containerPort;
        if (cp < 1 || cp > 65535) {
          out.push_back({joinPath(path, "containerPort"), "InvalidContainerPort", Severity::Error,
                         "Invalid 'containerPort' setting for container '" + c.name + "'. (" + std::to_string(cp) +
                             " is not a port: use 1 to 65535.)"});
        } else {
          for (const auto& [other, otherPath] : containerRanges) {
            if (other.isRange && cp >= other.first && cp <= other.last && other.protocol == pm.protocol) {
              out.push_back({joinPath(path, "containerPort"), "OverlappingPortRanges", Severity::Error,
                             "containerPort " + std::to_string(cp) + " is inside the range of the port mapping at " +
                                 otherPath + ": a port can be in only one port mapping per container."});
              break;
            }
          }
          containerRanges.push_back({{cp, cp, pm.protocol, false}, path});
        }
      }

      // awsvpc and host share one network namespace with the ENI or the host: "the hostPort can
      // either be left blank or set to the same value as the containerPort" (API ref: PortMapping).
      if (pm.hostPort && pm.containerPort && (mode == NetworkMode::Awsvpc || mode == NetworkMode::Host) &&
          *pm.hostPort != *pm.containerPort) {
        out.push_back({joinPath(path, "hostPort"), "HostPortMustMatch", Severity::Error,
                       std::string("When networkMode=") + modeName +
                           ", the host ports and container ports in port mappings must match. (hostPort " +
                           std::to_string(*pm.hostPort) + ", containerPort " + std::to_string(*pm.containerPort) +
                           ": leave hostPort out or set it to the containerPort.)"});
      }
      if (pm.hostPort && (*pm.hostPort < 0 || *pm.hostPort > 65535)) {
        out.push_back({joinPath(path, "hostPort"), "InvalidHostPort", Severity::Error,
                       "Invalid 'hostPort' setting for container '" + c.name + "'. (" + std::to_string(*pm.hostPort) +
                           " is not a port: use 0 for a dynamic port in bridge mode, or 1 to 65535.)"});
      }

      // The static host port a task takes on its instance: hostPort in bridge mode (0 or absent =
      // dynamic, from the ephemeral range), the containerPort in host mode.
      int staticHostPort = 0;
      if (mode == NetworkMode::Bridge && pm.hostPort) staticHostPort = *pm.hostPort;
      if (mode == NetworkMode::Host) staticHostPort = pm.hostPort.value_or(pm.containerPort.value_or(0));
      if (staticHostPort > 0 && staticHostPort <= 65535) {
        if (isReservedHostPort(staticHostPort)) {
          out.push_back({joinPath(path, "hostPort"), "ReservedHostPort", Severity::Warning,
                         "Host port " + std::to_string(staticHostPort) +
                             " is reserved by ECS on every EC2 container instance (22, 2375, 2376, 51678-51680): "
                             "a task that needs it cannot be placed."});
        }
        auto key = std::make_pair(staticHostPort, pm.protocol);
        auto [it, inserted] = hostPorts.emplace(key, path);
        if (!inserted) {
          out.push_back({joinPath(path, "hostPort"), "DuplicateHostPort", Severity::Error,
                         upper(pm.protocol) + " host port '" + std::to_string(staticHostPort) +
                             "' is mapped multiple times in task. (Also at " + it->second + ".)"});
        }
      }
      if ((mode == NetworkMode::Awsvpc) && pm.containerPort) {
        // In awsvpc every container shares the task's ENI: two mappings of one port collide.
        auto key = std::make_pair(*pm.containerPort, pm.protocol);
        auto [it, inserted] = hostPorts.emplace(key, path);
        if (!inserted) {
          out.push_back({joinPath(path, "containerPort"), "DuplicateContainerPort", Severity::Error,
                         upper(pm.protocol) + " container port '" + std::to_string(*pm.containerPort) +
                             "' is used multiple times in task when networkMode=awsvpc. (Also at " + it->second +
                             "; the containers of an awsvpc task share one network interface.)"});
        }
      }

      if (pm.name) {
        if (!isValidPortName(*pm.name)) {
          out.push_back({joinPath(path, "name"), "InvalidPortName", Severity::Error,
                         "Port name \"" + clip(*pm.name, 70) +
                             "\" is not valid: up to 64 lowercase letters, numbers, underscores and hyphens, not "
                             "starting with a hyphen."});
        } else {
          auto [it, inserted] = portNames.emplace(*pm.name, path);
          if (!inserted) {
            out.push_back({joinPath(path, "name"), "DuplicatePortName", Severity::Error,
                           std::string("When networkMode=") + modeName + ", port mapping name is already used. (\"" +
                               *pm.name + "\" is also the name at " + it->second + ".)"});
          }
        }
      }
      if (pm.appProtocol && !pm.name) {
        out.push_back({joinPath(path, "appProtocol"), "AppProtocolWithoutName", Severity::Warning,
                       "appProtocol is only used by Service Connect, which refers to a port mapping by its name; "
                       "give this port mapping a name."});
      }
    }
  }
}

}  // namespace ecsplay::rules
