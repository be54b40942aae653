// Reading a task definition into typed fields, and its registered form (see task_definition.h).
#include "ecsplay/task_definition.h"

#include <cstring>

#include "ecsplay/api_model.h"
#include "ecsplay/units.h"

namespace ecsplay {
namespace {

// Safe readers: a field of the wrong type reads as absent (the shape check reported it).
std::optional<std::string> str(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int> integer(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) {
    auto u = it->get<Json::number_unsigned_t>();
    if (u > 2147483647u) return std::nullopt;
    return static_cast<int>(u);
  }
  auto v = it->get<Json::number_integer_t>();
  if (v < -2147483648LL || v > 2147483647LL) return std::nullopt;
  return static_cast<int>(v);
}

std::optional<bool> boolean(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

const Json* object(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_object()) return nullptr;
  return &*it;
}

const Json* array(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return nullptr;
  return &*it;
}

std::vector<std::string> strings(const Json& o, const char* key) {
  std::vector<std::string> out;
  if (const Json* a = array(o, key)) {
    for (const Json& v : *a) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

PortMapping readPortMapping(const Json& j) {
  PortMapping p;
  p.containerPort = integer(j, "containerPort");
  p.hostPort = integer(j, "hostPort");
  if (auto v = str(j, "protocol")) p.protocol = *v;
  p.name = str(j, "name");
  p.appProtocol = str(j, "appProtocol");
  p.containerPortRange = str(j, "containerPortRange");
  return p;
}

ContainerDefinition readContainer(const Json& j) {
  ContainerDefinition c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_null()) c.setFields.push_back(it.key());
  }
  c.name = str(j, "name").value_or("");
  c.image = str(j, "image").value_or("");
  c.cpu = integer(j, "cpu").value_or(0);
  c.memory = integer(j, "memory");
  c.memoryReservation = integer(j, "memoryReservation");
  c.essential = boolean(j, "essential").value_or(true);
  if (const Json* a = array(j, "portMappings")) {
    for (const Json& p : *a) {
      if (p.is_object()) c.portMappings.push_back(readPortMapping(p));
    }
  }
  if (const Json* h = object(j, "healthCheck")) {
    HealthCheck hc;
    hc.command = strings(*h, "command");
    hc.interval = integer(*h, "interval");
    hc.timeout = integer(*h, "timeout");
    hc.retries = integer(*h, "retries");
    hc.startPeriod = integer(*h, "startPeriod");
    c.healthCheck = hc;
  }
  if (const Json* a = array(j, "dependsOn")) {
    for (const Json& d : *a) {
      if (d.is_object()) c.dependsOn.push_back({str(d, "containerName").value_or(""), str(d, "condition").value_or("")});
    }
  }
  if (const Json* a = array(j, "mountPoints")) {
    for (const Json& m : *a) {
      if (m.is_object()) {
        c.mountPoints.push_back({str(m, "sourceVolume").value_or(""), str(m, "containerPath").value_or(""),
                                 boolean(m, "readOnly").value_or(false)});
      }
    }
  }
  if (const Json* a = array(j, "volumesFrom")) {
    for (const Json& v : *a) {
      if (v.is_object()) c.volumesFrom.push_back({str(v, "sourceContainer").value_or(""), boolean(v, "readOnly").value_or(false)});
    }
  }
  c.links = strings(j, "links");
  c.startTimeout = integer(j, "startTimeout");
  c.stopTimeout = integer(j, "stopTimeout");
  if (const Json* r = object(j, "restartPolicy")) {
    ContainerRestartPolicy rp;
    rp.enabled = boolean(*r, "enabled").value_or(false);
    if (const Json* codes = array(*r, "ignoredExitCodes")) {
      for (const Json& code : *codes) {
        if (code.is_number_integer()) rp.ignoredExitCodes.push_back(static_cast<int>(code.get<Json::number_integer_t>()));
      }
    }
    rp.restartAttemptPeriod = integer(*r, "restartAttemptPeriod");
    c.restartPolicy = rp;
  }
  if (const Json* env = array(j, "environment")) {
    for (const Json& kv : *env) {
      if (kv.is_object()) c.environment.emplace_back(str(kv, "name").value_or(""), str(kv, "value").value_or(""));
    }
  }
  if (const Json* a = array(j, "resourceRequirements")) {
    for (const Json& r : *a) {
      if (!r.is_object()) continue;
      auto type = str(r, "type");
      auto value = str(r, "value");
      if (type == std::optional<std::string>("GPU") && value) {
        int n = 0;
        bool digits = !value->empty() && value->size() <= 4;
        for (char ch : *value) {
          if (ch < '0' || ch > '9') digits = false; else n = n * 10 + (ch - '0');
        }
        if (digits) c.gpus += n;
      } else if (type == std::optional<std::string>("InferenceAccelerator")) {
        c.hasInferenceAcceleratorRequirement = true;
      }
    }
  }
  if (const Json* a = array(j, "secrets")) {
    for (const Json& secret : *a) {
      if (!secret.is_object()) continue;
      if (auto from = str(secret, "valueFrom")) c.secretSources.push_back(*from);
    }
  }
  if (const Json* fl = object(j, "firelensConfiguration")) c.firelensType = str(*fl, "type");
  c.hostname = str(j, "hostname");
  c.user = str(j, "user");
  c.privileged = boolean(j, "privileged").value_or(false);
  if (const Json* lp = object(j, "linuxParameters")) {
    c.hasLinuxParameters = true;
    for (auto it = lp->begin(); it != lp->end(); ++it) {
      if (!it->is_null()) c.linuxParameterFields.push_back(it.key());
    }
    if (const Json* caps = object(*lp, "capabilities")) c.capabilitiesAdd = strings(*caps, "add");
  }
  if (const Json* log = object(j, "logConfiguration")) {
    c.logDriver = str(*log, "logDriver");
    if (const Json* options = object(*log, "options")) {
      for (auto it = options->begin(); it != options->end(); ++it) {
        if (it->is_string()) c.logOptions[it.key()] = it->get<std::string>();
      }
    }
  }
  return c;
}

Volume readVolume(const Json& j) {
  Volume v;
  v.name = str(j, "name").value_or("");
  if (const Json* host = object(j, "host")) {
    v.kind = VolumeKind::Bind;
    v.hostSourcePath = str(*host, "sourcePath");
    ++v.configuredKinds;
  }
  if (const Json* d = object(j, "dockerVolumeConfiguration")) {
    v.kind = VolumeKind::Docker;
    v.dockerScope = str(*d, "scope");
    v.dockerAutoprovision = boolean(*d, "autoprovision");
    v.dockerDriver = str(*d, "driver");
    ++v.configuredKinds;
  }
  if (const Json* e = object(j, "efsVolumeConfiguration")) {
    v.kind = VolumeKind::Efs;
    v.efsFileSystemId = str(*e, "fileSystemId");
    v.efsRootDirectory = str(*e, "rootDirectory");
    v.efsTransitEncryption = str(*e, "transitEncryption");
    v.efsTransitEncryptionPort = integer(*e, "transitEncryptionPort");
    if (const Json* auth = object(*e, "authorizationConfig")) {
      v.efsAccessPointId = str(*auth, "accessPointId");
      v.efsIam = str(*auth, "iam");
    }
    ++v.configuredKinds;
  }
  if (object(j, "fsxWindowsFileServerVolumeConfiguration")) {
    v.kind = VolumeKind::FsxWindows;
    ++v.configuredKinds;
  }
  if (object(j, "s3filesVolumeConfiguration")) {
    v.kind = VolumeKind::S3Files;
    ++v.configuredKinds;
  }
  if (boolean(j, "configuredAtLaunch").value_or(false)) {
    v.kind = VolumeKind::Ebs;
    ++v.configuredKinds;
  }
  return v;
}

const char* const kOutputOnly[] = {"taskDefinitionArn", "revision",          "status",     "requiresAttributes",
                                   "compatibilities",   "registeredAt",      "deregisteredAt",
                                   "deleteRequestedAt", "registeredBy"};

}  // namespace

const char* launchTypeName(LaunchType t) {
  switch (t) {
    case LaunchType::EC2: return "EC2";
    case LaunchType::FARGATE: return "FARGATE";
    case LaunchType::EXTERNAL: return "EXTERNAL";
    case LaunchType::MANAGED_INSTANCES: return "MANAGED_INSTANCES";
  }
  return "EC2";
}

std::optional<LaunchType> launchTypeFromName(std::string_view name) {
  if (name == "EC2") return LaunchType::EC2;
  if (name == "FARGATE") return LaunchType::FARGATE;
  if (name == "EXTERNAL") return LaunchType::EXTERNAL;
  if (name == "MANAGED_INSTANCES") return LaunchType::MANAGED_INSTANCES;
  return std::nullopt;
}

const char* networkModeName(NetworkMode m) {
  switch (m) {
    case NetworkMode::Bridge: return "bridge";
    case NetworkMode::Host: return "host";
    case NetworkMode::Awsvpc: return "awsvpc";
    case NetworkMode::None: return "none";
  }
  return "bridge";
}

const char* volumeKindName(VolumeKind k) {
  switch (k) {
    case VolumeKind::Bind: return "bind mount";
    case VolumeKind::Docker: return "Docker volume";
    case VolumeKind::Efs: return "EFS volume";
    case VolumeKind::FsxWindows: return "FSx for Windows File Server volume";
    case VolumeKind::S3Files: return "S3 Files volume";
    case VolumeKind::Ebs: return "EBS volume";
  }
  return "volume";
}

bool isOutputOnlyTaskDefinitionField(std::string_view key) {
  for (const char* k : kOutputOnly) {
    if (key == k) return true;
  }
  return false;
}

bool TaskDefinition::isWindows() const {
  return operatingSystemFamily && operatingSystemFamily->rfind("WINDOWS", 0) == 0;
}

bool TaskDefinition::requires(LaunchType t) const {
  for (LaunchType r : requiresCompatibilities) {
    if (r == t) return true;
  }
  return false;
}

const ContainerDefinition* TaskDefinition::container(const std::string& name) const {
  for (const ContainerDefinition& c : containerDefinitions) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const Volume* TaskDefinition::volume(const std::string& name) const {
  for (const Volume& v : volumes) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

ParsedTaskDefinition parseTaskDefinition(const Json& input) {
  ParsedTaskDefinition out;
  Findings& findings = out.findings;
  TaskDefinition& td = out.definition;
  if (!input.is_object()) {
    findings.push_back({"", "NotAnObject", Severity::Error,
                        std::string("A task definition is a JSON object ({\"family\": ..., \"containerDefinitions\": [...]}); got ") +
                            jsonTypeName(input) + "."});
    td.source = Json::object();
    return out;
  }

  // A pasted DescribeTaskDefinition reply: {"taskDefinition": {...}, "tags": [...]}.
  const Json* body = &input;
  Json unwrapped;
  auto wrapped = input.find("taskDefinition");
  if (wrapped != input.end() && wrapped->is_object() && input.find("family") == input.end()) {
    findings.push_back({"taskDefinition", "DescribeOutputUnwrapped", Severity::Info,
                        "This looks like a DescribeTaskDefinition reply; ecsplay reads the task definition inside "
                        "\"taskDefinition\" (RegisterTaskDefinition takes its fields at the top level)."});
    unwrapped = *wrapped;
    auto tags = input.find("tags");
    if (tags != input.end() && tags->is_array() && !tags->empty()) unwrapped["tags"] = *tags;
    body = &unwrapped;
  }

  td.source = Json::object();
  for (auto it = body->begin(); it != body->end(); ++it) {
    if (isOutputOnlyTaskDefinitionField(it.key())) {
      findings.push_back({it.key(), "OutputOnlyField", Severity::Warning,
                          "\"" + it.key() + "\" is set by ECS and appears in DescribeTaskDefinition output; "
                          "RegisterTaskDefinition does not take it (the AWS CLI stops with 'Unknown parameter in "
                          "input: \"" + it.key() + "\"'). ecsplay ignores it and sets its own."});
      continue;
    }
    td.source[it.key()] = it.value();
  }

  ShapeCheckOptions options;
  checkShape(td.source, *findShape("RegisterTaskDefinitionRequest"), "", findings, options);

  const Json& j = td.source;
  td.family = str(j, "family").value_or("");
  td.taskRoleArn = str(j, "taskRoleArn");
  td.executionRoleArn = str(j, "executionRoleArn");
  if (auto mode = str(j, "networkMode")) {
    if (*mode == "bridge") td.networkMode = NetworkMode::Bridge;
    else if (*mode == "host") td.networkMode = NetworkMode::Host;
    else if (*mode == "awsvpc") td.networkMode = NetworkMode::Awsvpc;
    else if (*mode == "none") td.networkMode = NetworkMode::None;
  }
  if (const Json* a = array(j, "containerDefinitions")) {
    for (const Json& c : *a) {
      if (c.is_object()) td.containerDefinitions.push_back(readContainer(c));
    }
  }
  if (const Json* a = array(j, "volumes")) {
    for (const Json& v : *a) {
      if (v.is_object()) td.volumes.push_back(readVolume(v));
    }
  }
  if (const Json* a = array(j, "placementConstraints")) {
    for (const Json& p : *a) {
      if (p.is_object()) td.placementConstraints.push_back({str(p, "type").value_or(""), str(p, "expression").value_or("")});
    }
  }
  for (const std::string& name : strings(j, "requiresCompatibilities")) {
    if (auto t = launchTypeFromName(name)) td.requiresCompatibilities.push_back(*t);
  }
  td.cpu = str(j, "cpu");
  td.memory = str(j, "memory");
  if (td.cpu) {
    UnitValue v = parseCpuUnits(*td.cpu);
    if (v.value) {
      td.cpuUnits = v.value;
      if (v.convertedFromUnit) {
        findings.push_back({"cpu", "CpuConverted", Severity::Info,
                            "cpu \"" + *td.cpu + "\" is registered as \"" + std::to_string(*v.value) + "\" (" +
                                describeCpu(*v.value) + ")."});
      }
    } else {
      findings.push_back({"cpu", "InvalidCpuValue", Severity::Error, "Invalid 'cpu' setting for task. (" + v.error + ")"});
    }
  }
  if (td.memory) {
    UnitValue v = parseMemoryMiB(*td.memory);
    if (v.value) {
      td.memoryMiB = v.value;
      if (v.convertedFromUnit) {
        findings.push_back({"memory", "MemoryConverted", Severity::Info,
                            "memory \"" + *td.memory + "\" is registered as \"" + std::to_string(*v.value) + "\" (" +
                                describeMemory(*v.value) + ")."});
      }
    } else {
      findings.push_back({"memory", "InvalidMemoryValue", Severity::Error,
                          "Invalid 'memory' setting for task. (" + v.error + ")"});
    }
  }
  td.pidMode = str(j, "pidMode");
  td.ipcMode = str(j, "ipcMode");
  if (const Json* p = object(j, "proxyConfiguration")) {
    ProxyConfiguration pc;
    pc.type = str(*p, "type").value_or("APPMESH");
    pc.containerName = str(*p, "containerName").value_or("");
    if (const Json* props = array(*p, "properties")) {
      for (const Json& kv : *props) {
        if (kv.is_object()) pc.properties.emplace_back(str(kv, "name").value_or(""), str(kv, "value").value_or(""));
      }
    }
    td.proxyConfiguration = pc;
  }
  if (const Json* a = array(j, "inferenceAccelerators")) td.inferenceAcceleratorCount = a->size();
  if (const Json* e = object(j, "ephemeralStorage")) td.ephemeralStorageGiB = integer(*e, "sizeInGiB");
  if (const Json* rp = object(j, "runtimePlatform")) {
    td.operatingSystemFamily = str(*rp, "operatingSystemFamily");
    td.cpuArchitecture = str(*rp, "cpuArchitecture");
  }
  return out;
}

std::string taskDefinitionArn(const std::string& region, const std::string& account, const std::string& family,
                              int revision) {
  return "arn:aws:ecs:" + region + ":" + account + ":task-definition/" + family + ":" + std::to_string(revision);
}

Json registeredForm(const TaskDefinition& td, const RegistrationInfo& info) {
  Json out = Json::object();
  out["taskDefinitionArn"] = taskDefinitionArn(info.region, info.accountId, td.family, info.revision);
  for (auto it = td.source.begin(); it != td.source.end(); ++it) {
    if (it.key() == "tags" || it->is_null()) continue;  // tags come back beside the definition, not in it
    out[it.key()] = it.value();
  }
  if (td.cpuUnits) out["cpu"] = std::to_string(*td.cpuUnits);
  if (td.memoryMiB) out["memory"] = std::to_string(*td.memoryMiB);

  NetworkMode mode = td.effectiveNetworkMode();
  if (auto containers = out.find("containerDefinitions"); containers != out.end() && containers->is_array()) {
    for (Json& c : *containers) {
      if (!c.is_object()) continue;
      for (auto it = c.begin(); it != c.end();) {
        if (it->is_null()) it = c.erase(it); else ++it;
      }
      if (!c.contains("cpu")) c["cpu"] = 0;
      if (!c.contains("portMappings")) c["portMappings"] = Json::array();
      if (!c.contains("essential")) c["essential"] = true;
      if (!c.contains("environment")) c["environment"] = Json::array();
      if (!c.contains("mountPoints")) c["mountPoints"] = Json::array();
      if (!c.contains("volumesFrom")) c["volumesFrom"] = Json::array();
      // Real replies from 2024 on carry systemControls too, even when the input had none (a
      // reply in docs/research/requires-attributes.md; the AWS CLI's older examples do not).
      if (!c.contains("systemControls")) c["systemControls"] = Json::array();
      if (c["portMappings"].is_array()) {
        for (Json& p : c["portMappings"]) {
          if (!p.is_object()) continue;
          // ECS fills in the protocol, and the host port: equal to the container port where the
          // task shares a network namespace with the host or its ENI (awsvpc, host), else 0
          // (dynamic, bridge mode).
          bool hasRange = p.contains("containerPortRange");
          if (!p.contains("hostPort") && !hasRange && p.contains("containerPort") && p["containerPort"].is_number_integer()) {
            p["hostPort"] = (mode == NetworkMode::Awsvpc || mode == NetworkMode::Host) ? p["containerPort"] : Json(0);
          }
          if (!p.contains("protocol")) p["protocol"] = "tcp";
        }
      }
    }
  }
  out["revision"] = info.revision;
  if (!out.contains("volumes")) out["volumes"] = Json::array();
  out["status"] = info.status;
  if (!info.requiresAttributes.empty()) {
    Json attrs = Json::array();
    for (const std::string& a : info.requiresAttributes) attrs.push_back({{"name", a}});
    out["requiresAttributes"] = attrs;
  }
  if (!out.contains("placementConstraints")) out["placementConstraints"] = Json::array();
  Json compat = Json::array();
  for (LaunchType t : info.compatibilities) compat.push_back(launchTypeName(t));
  out["compatibilities"] = compat;
  if (info.registeredAtMs) out["registeredAt"] = static_cast<double>(*info.registeredAtMs) / 1000.0;
  if (info.deregisteredAtMs) out["deregisteredAt"] = static_cast<double>(*info.deregisteredAtMs) / 1000.0;
  if (info.deleteRequestedAtMs) out["deleteRequestedAt"] = static_cast<double>(*info.deleteRequestedAtMs) / 1000.0;
  // ECS writes its reply in the model's member order (AWS CLI examples: delete-task-definitions).
  return orderLikeShape(out, *findShape("TaskDefinition"));
}

}  // namespace ecsplay
