// Task-level registration rules: family, container count, cpu/memory, constraints, proxy, tags.
#include <cstdio>

#include "ecsplay/units.h"
#include "validate/rules.h"

namespace ecsplay::rules {

std::string containerPath(size_t index) { return indexPath("containerDefinitions", index); }

std::string containerLabel(const ContainerDefinition& c) {
  return c.name.empty() ? std::string("an unnamed container") : "container '" + c.name + "'";
}

bool isValidName(const std::string& s, size_t maxLength) {
  if (s.empty() || s.size() > maxLength) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool platformAtLeast(const std::string& version, int major, int minor, int patch) {
  if (version == "LATEST") return true;
  int a = 0, b = 0, c = 0;
  if (std::sscanf(version.c_str(), "%d.%d.%d", &a, &b, &c) < 2) return false;
  if (a != major) return a > major;
  if (b != minor) return b > minor;
  return c >= patch;
}

void taskLevel(const TaskDefinition& td, Findings& out) {
  // Family: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are
  // allowed." (API ref: RegisterTaskDefinitionRequest.family; ECS-FACTS.md, task definitions)
  if (td.source.contains("family") && td.source["family"].is_string() && !isValidName(td.family, 255)) {
    out.push_back({"family", "InvalidFamily", Severity::Error,
                   "Family contains invalid characters. (\"" + clip(td.family, 60) +
                       "\": up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.)"});
  }

  // At most 10 containers per task definition, not adjustable (Dev guide: service quotas).
  const Json* defs = nullptr;
  if (auto it = td.source.find("containerDefinitions"); it != td.source.end() && it->is_array()) defs = &*it;
  if (defs && defs->empty()) {
    out.push_back({"containerDefinitions", "NoContainers", Severity::Error,
                   "Container list cannot be empty. (A task definition needs at least one container definition.)"});
  } else if (defs && defs->size() > 10) {
    out.push_back({"containerDefinitions", "TooManyContainers", Severity::Error,
                   "Too many containers. (The task definition has " + std::to_string(defs->size()) +
                       "; ECS allows at most 10 per task definition, a quota that cannot be raised.)"});
  }

  // A registered task definition is at most 64 KiB (Dev guide: service quotas; not adjustable).
  size_t size = td.source.dump(-1, ' ', false, Json::error_handler_t::replace).size();
  if (size > 65536) {
    out.push_back({"", "TaskDefinitionTooLarge", Severity::Error,
                   "Actual length: '" + std::to_string(size) + "'. Max allowed length is '65536' bytes. (A task "
                   "definition is at most 64 KiB.)"});
  }

  // Task cpu: 128 to 196,608 CPU units (0.125 to 192 vCPUs) on EC2 and external instances (API ref:
  // RegisterTaskDefinitionRequest.cpu). The ECS notes give 0.25-10 vCPUs: today's documentation
  // allows more. Fargate's own table (launch_types.cpp) is stricter still.
  if (td.cpuUnits) {
    int64_t cpu = *td.cpuUnits;
    if (cpu < 128 || cpu > 196608) {
      out.push_back({"cpu", "TaskCpuOutOfRange", Severity::Error,
                     "Invalid 'cpu' setting for task: " + describeCpu(cpu) +
                         ". A task's cpu must be between 128 CPU units (0.125 vCPU) and 196608 CPU units (192 vCPU)."});
    }
  }
  if (td.memoryMiB && *td.memoryMiB <= 0) {
    out.push_back({"memory", "TaskMemoryOutOfRange", Severity::Error,
                   "Invalid 'memory' setting for task: " + std::to_string(*td.memoryMiB) +
                       " MiB. A task's memory must be a positive number of MiB."});
  }

  // Placement constraints: at most 10 per task (API ref: RunTaskRequest.placementConstraints);
  // memberOf needs a cluster query language expression of at most 2000 characters (API ref:
  // PlacementConstraint).
  if (td.placementConstraints.size() > 10) {
    out.push_back({"placementConstraints", "TooManyPlacementConstraints", Severity::Error,
                   "The task definition has " + std::to_string(td.placementConstraints.size()) +
                       " placement constraints; at most 10 are allowed per task."});
  }
  for (size_t i = 0; i < td.placementConstraints.size(); ++i) {
    const PlacementConstraintDef& pc = td.placementConstraints[i];
    std::string path = indexPath("placementConstraints", i);
    if (pc.type == "memberOf" && pc.expression.empty()) {
      out.push_back({joinPath(path, "expression"), "MissingConstraintExpression", Severity::Error,
                     "A memberOf placement constraint needs an expression in the cluster query language, "
                     "for example \"attribute:ecs.instance-type =~ t3.*\"."});
    }
    if (pc.expression.size() > 2000) {
      out.push_back({joinPath(path, "expression"), "ConstraintExpressionTooLong", Severity::Error,
                     "The expression is " + std::to_string(pc.expression.size()) +
                         " characters long; a placement constraint expression is at most 2000."});
    }
  }

  // App Mesh proxy configuration: containerName names the Envoy container of this definition
  // (API ref: ProxyConfiguration).
  if (td.proxyConfiguration) {
    const std::string& name = td.proxyConfiguration->containerName;
    if (!name.empty() && !td.container(name)) {
      out.push_back({"proxyConfiguration.containerName", "UnknownProxyContainer", Severity::Error,
                     "Proxy container [" + name + "] does not exist."});
    }
    if (td.effectiveNetworkMode() != NetworkMode::Awsvpc) {
      out.push_back({"proxyConfiguration", "ProxyNeedsAwsvpc", Severity::Error,
                     "APPMESH proxy configuration is only supported in networkMode=awsvpc"});
    }
    // AppPorts, ProxyIngressPort and ProxyEgressPort are required, and IgnoredUID or IgnoredGID
    // (API ref: ProxyConfiguration.properties).
    auto has = [&](const char* key) {
      for (const auto& [k, v] : td.proxyConfiguration->properties) {
        if (k == key && !v.empty()) return true;
      }
      return false;
    };
    if (!has("ProxyIngressPort")) {
      out.push_back({"proxyConfiguration.properties", "ProxyPropertyMissing", Severity::Error, "Ingress port not found"});
    }
    if (!has("ProxyEgressPort")) {
      out.push_back({"proxyConfiguration.properties", "ProxyPropertyMissing", Severity::Error,
                     "Egress port not found (the App Mesh proxy configuration needs ProxyEgressPort)."});
    }
    if (!has("AppPorts")) {
      out.push_back({"proxyConfiguration.properties", "ProxyPropertyMissing", Severity::Error,
                     "The App Mesh proxy configuration needs AppPorts: the ports the application listens on."});
    }
    if (!has("IgnoredUID") && !has("IgnoredGID")) {
      out.push_back({"proxyConfiguration.properties", "ProxyPropertyMissing", Severity::Error,
                     "The App Mesh proxy configuration needs IgnoredUID or IgnoredGID: the proxy's own user or group, "
                     "whose traffic is not redirected."});
    }
  }

  // Elastic Inference is retired: ECS refuses the field (research: cdk-preflight bench, 2026).
  if (td.inferenceAcceleratorCount > 0) {
    out.push_back({"inferenceAccelerators", "UnsupportedField", Severity::Error,
                   "Unsupported field 'inferenceAccelerators'. (Amazon Elastic Inference is no longer offered.)"});
  }

  // Ephemeral storage: 20 GiB by default, settable from 21 to 200 GiB (API ref: EphemeralStorage).
  if (td.ephemeralStorageGiB && *td.ephemeralStorageGiB < 21) {
    out.push_back({"ephemeralStorage.sizeInGiB", "EphemeralStorageOutOfRange", Severity::Error,
                   "EphemeralStorage size should be at least 21 (GiB; Fargate gives 20 GiB when it is not set)."});
  } else if (td.ephemeralStorageGiB && *td.ephemeralStorageGiB > 200) {
    out.push_back({"ephemeralStorage.sizeInGiB", "EphemeralStorageOutOfRange", Severity::Error,
                   "EphemeralStorage size should be at most 200 (GiB)."});
  }

  // Tags: at most 50 (the API shape's bound, checked already); keys starting with "aws:" are
  // reserved for AWS (API ref: Tag).
  if (auto it = td.source.find("tags"); it != td.source.end() && it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& tag = (*it)[i];
      if (!tag.is_object()) continue;
      auto key = tag.find("key");
      if (key != tag.end() && key->is_string()) {
        std::string k = key->get<std::string>();
        std::string prefix = k.substr(0, 4);
        for (char& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (prefix == "aws:") {
          out.push_back({joinPath(indexPath("tags", i), "key"), "ReservedTagKey", Severity::Error,
                         "Tag key \"" + k + "\" uses the reserved prefix aws:, which is for AWS's own use."});
        }
      }
    }
  }
}

}  // namespace ecsplay::rules
