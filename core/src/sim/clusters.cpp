// Clusters and container instances (see ecsplay/engine.h).
#include <algorithm>
#include <cstdio>

#include "ecsplay/instance_types.h"
#include "sim/state.h"

namespace ecsplay {

int Engine::State::clusterByName(const std::string& ref) const {
  std::string name = ref.rfind("arn:", 0) == 0 ? lastPart(ref) : ref;
  for (size_t c = 0; c < clusters.size(); ++c) {
    if (clusters[c].name == name && clusters[c].status != "INACTIVE") return static_cast<int>(c);
  }
  return -1;
}

int Engine::State::findCluster(const Json& input, const char* key, std::optional<ApiError>& error) {
  std::string ref = "default";
  auto it = input.find(key);
  if (it != input.end() && it->is_string() && !it->get<std::string>().empty()) ref = it->get<std::string>();
  int c = clusterByName(ref);
  if (c < 0) error = ApiError{"ClusterNotFoundException", "Cluster not found."};
  return c;
}

Json Engine::State::clusterJson(int c) const {
  const ClusterRec& cl = clusters[static_cast<size_t>(c)];
  int registered = 0, running = 0, pending = 0;
  for (int i : cl.instances) {
    const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(instances[static_cast<size_t>(i)].placerIndex)];
    registered += in.status == "ACTIVE" || in.status == "DRAINING";
  }
  for (const TaskRec& t : tasks) {
    if (t.cluster != c) continue;
    // "tasks in the cluster that are in the RUNNING (PENDING) state" (API ref: Cluster).
    running += t.phase == Phase::Running;
    pending += t.phase == Phase::Pending;
  }
  int activeServices = 0;
  for (const ServiceRec& s : services) activeServices += s.cluster == c && s.status == "ACTIVE";
  Json providers = Json::array(), strategy = strategyJson(cl.defaultStrategy);
  for (const std::string& p : cl.capacityProviders) providers.push_back(p);
  return {{"clusterArn", cl.arn},
          {"clusterName", cl.name},
          {"status", cl.status},
          {"registeredContainerInstancesCount", registered},
          {"runningTasksCount", running},
          {"pendingTasksCount", pending},
          {"activeServicesCount", activeServices},
          {"statistics", Json::array()},
          {"tags", Json::array()},
          {"settings", Json::array({{{"name", "containerInsights"}, {"value", "disabled"}}})},
          {"capacityProviders", providers},
          {"defaultCapacityProviderStrategy", strategy}};
}

ApiReply Engine::State::createCluster(const Json& input) {
  std::string name = input.value("clusterName", std::string("default"));
  bool valid = !name.empty() && name.size() <= 255;
  for (char ch : name) valid = valid && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_');
  if (!valid) {
    return fail("InvalidParameterException",
                "Cluster name can only contain letters, numbers, hyphens and underscores, up to 255 characters.");
  }
  int c = clusterByName(name);
  bool providers = input.contains("capacityProviders") || input.contains("defaultCapacityProviderStrategy");
  if (c < 0 && providers) {
    // Checked before the cluster exists: a refused strategy creates nothing.
    if (auto e = setClusterCapacityProviders(-1, input.value("capacityProviders", Json::array()),
                                             input.value("defaultCapacityProviderStrategy", Json::array()))) {
      return fail(e->type.c_str(), e->message);
    }
  }
  if (c < 0) {
    ClusterRec cl;
    cl.name = name;
    cl.arn = arn("cluster/" + name);
    cl.placer = CowPtr<Placer>(std::make_shared<Placer>(std::vector<PlacementInstance>{}));
    clusters.push_back(std::move(cl));
    c = static_cast<int>(clusters.size()) - 1;
    record("ClusterCreated", {{"cluster", name}});
    if (providers) {
      setClusterCapacityProviders(c, input.value("capacityProviders", Json::array()),
                                  input.value("defaultCapacityProviderStrategy", Json::array()));
    }
  }
  ApiReply r;
  r.output = {{"cluster", clusterJson(c)}};
  return r;
}

ApiReply Engine::State::deleteCluster(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  // Services first: ecsplay's order where ECS does not document one.
  for (const ServiceRec& s : services) {
    if (s.cluster == c && s.status != "INACTIVE") {
      return fail("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
    }
  }
  ClusterRec& cl = clusters[static_cast<size_t>(c)];
  for (int i : cl.instances) {
    const std::string& st = cl.placer->instances()[static_cast<size_t>(instances[static_cast<size_t>(i)].placerIndex)].status;
    if (st == "ACTIVE" || st == "DRAINING") {
      return fail("ClusterContainsContainerInstancesException",
                  "The Cluster cannot be deleted while Container Instances are active or draining.");
    }
  }
  for (const TaskRec& t : tasks) {
    if (t.cluster == c && t.phase != Phase::Stopped) {
      return fail("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
    }
  }
  cl.status = "INACTIVE";
  record("ClusterDeleted", {{"cluster", cl.name}});
  ApiReply r;
  r.output = {{"cluster", clusterJson(c)}};
  return r;
}

ApiReply Engine::State::describeClusters(const Json& input) {
  Json list = Json::array(), failures = Json::array();
  std::vector<std::string> refs;
  if (auto it = input.find("clusters"); it != input.end() && it->is_array() && !it->empty()) {
    for (const Json& v : *it) refs.push_back(v.is_string() ? v.get<std::string>() : std::string());
  } else {
    refs.push_back("default");
  }
  for (const std::string& ref : refs) {
    int c = clusterByName(ref);
    if (c < 0) {
      failures.push_back({{"arn", ref.rfind("arn:", 0) == 0 ? ref : arn("cluster/" + ref)}, {"reason", "MISSING"}});
    } else {
      list.push_back(clusterJson(c));
    }
  }
  ApiReply r;
  r.output = {{"clusters", list}, {"failures", failures}};
  return r;
}

ApiReply Engine::State::listClusters(const Json& input) {
  Json arns = Json::array();
  for (const ClusterRec& c : clusters) {
    if (c.status == "ACTIVE") arns.push_back(c.arn);
  }
  ApiReply r;
  r.output = Json::object();
  if (auto e = paginate(arns, input, "clusterArns", r.output)) return fail(e->type.c_str(), e->message);
  return r;
}

ApiReply Engine::State::registerInstance(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  // The instance identity document carries what EC2 says about the instance; the scenario form
  // gives instanceType and availabilityZone directly.
  Json doc = Json::object();
  if (auto it = input.find("instanceIdentityDocument"); it != input.end() && it->is_string()) {
    JsonParseResult parsed = parseJsonText(it->get<std::string>());
    if (!parsed.ok || !parsed.value.is_object()) return fail("InvalidParameterException", "instanceIdentityDocument is not a JSON object.");
    doc = parsed.value;
  }
  auto field = [&](const char* key, const char* docKey) {
    if (input.contains(key) && input[key].is_string()) return input[key].get<std::string>();
    if (doc.contains(docKey) && doc[docKey].is_string()) return doc[docKey].get<std::string>();
    return std::string();
  };
  // The scenario's form is DescribeContainerInstances': the type and zone may also come as the
  // ecs.instance-type and ecs.availability-zone attributes.
  auto attributeValue = [&](const char* name) {
    if (auto it = input.find("attributes"); it != input.end() && it->is_array()) {
      for (const Json& a : *it) {
        if (a.is_object() && a.value("name", std::string()) == name && a.contains("value") && a["value"].is_string()) {
          return a["value"].get<std::string>();
        }
      }
    }
    return std::string();
  };
  std::string type = field("instanceType", "instanceType");
  if (type.empty()) type = attributeValue("ecs.instance-type");
  std::string zone = field("availabilityZone", "availabilityZone");
  if (zone.empty()) zone = attributeValue("ecs.availability-zone");
  std::string ec2Id = field("ec2InstanceId", "instanceId");
  const InstanceType* t = findInstanceType(type);
  if (!t) {
    std::string known;
    for (const InstanceType& k : instanceTypes()) known += (known.empty() ? "" : ", ") + std::string(k.name);
    return fail("InvalidParameterException", (type.empty() ? std::string("No instance type given") : "Unknown instance type '" + clip(type, 40) + "'") +
                                                 "; ecsplay knows " + known + ".");
  }
  if (zone.empty()) zone = config.region + "a";
  if (ec2Id.empty()) ec2Id = "i-0" + newId().substr(0, 16);
  for (const InstanceRec& other : instances) {
    if (other.ec2InstanceId == ec2Id && clusters[static_cast<size_t>(other.cluster)].placer->instances()[static_cast<size_t>(other.placerIndex)].status != "INACTIVE") {
      return fail("InvalidParameterException", "EC2 instance " + clip(ec2Id, 40) + " is already registered as a container instance.");
    }
  }
  InstanceRec rec;
  rec.cluster = c;
  rec.ec2InstanceId = ec2Id;
  rec.instanceType = type;
  rec.availabilityZone = zone;
  rec.registeredAtMs = wallMs(now);
  rec.registeredAt = now;
  rec.arn = arn("container-instance/" + clusters[static_cast<size_t>(c)].name + "/" + newId());
  PlacementInstance in = launchInstance(*t, rec.arn, ec2Id, zone, rec.registeredAtMs);
  if (auto it = input.find("attributes"); it != input.end() && it->is_array()) {
    for (const Json& a : *it) {
      if (a.is_object() && a.contains("name") && a["name"].is_string()) {
        std::string name = a["name"].get<std::string>();
        if (name == "ecs.instance-type" || name == "ecs.availability-zone") continue;  // read above
        in.setAttribute(name, a.value("value", std::string()));
      }
    }
  }
  // registeredResources, when given, replace the type's CPU and memory (what the agent reports).
  if (auto it = input.find("registeredResources"); it != input.end() && it->is_array()) {
    for (const Json& r : *it) {
      if (!r.is_object() || !r.contains("integerValue") || !r["integerValue"].is_number_integer()) continue;
      int64_t v = r["integerValue"].get<int64_t>();
      if (v < 0 || v > 10000000) return fail("InvalidParameterException", "registeredResources values must be between 0 and 10000000.");
      std::string name = r.value("name", std::string());
      if (name == "CPU") in.registeredCpu = in.remainingCpu = static_cast<int>(v);
      if (name == "MEMORY") in.registeredMemoryMiB = in.remainingMemoryMiB = static_cast<int>(v);
      if (name == "GPU") in.registeredGpus = in.remainingGpus = static_cast<int>(v);
    }
  }
  if (auto it = input.find("status"); it != input.end() && it->is_string()) {
    std::string status = it->get<std::string>();
    if (status != "ACTIVE" && status != "DRAINING") {
      return fail("InvalidParameterException", "A container instance starts ACTIVE or DRAINING, not " + clip(status, 20) + ".");
    }
    in.status = status;
  }
  if (auto it = input.find("agentConnected"); it != input.end() && it->is_boolean()) in.agentConnected = it->get<bool>();
  ClusterRec& cl = clusters[static_cast<size_t>(c)];
  rec.placerIndex = cl.placer.mut().addInstance(std::move(in));
  instances.push_back(rec);
  cl.instances.push_back(static_cast<int>(instances.size()) - 1);
  record("InstanceRegistered", {{"cluster", cl.name}, {"ec2InstanceId", ec2Id}, {"instanceType", type}, {"availabilityZone", zone}});
  servicesNotice(c);
  ApiReply r;
  r.output = {{"containerInstance", instanceJson(static_cast<int>(instances.size()) - 1)}};
  return r;
}

int Engine::State::findInstance(int cluster, const std::string& ref) const {
  for (int i : clusters[static_cast<size_t>(cluster)].instances) {
    const InstanceRec& in = instances[static_cast<size_t>(i)];
    if (in.arn == ref || lastPart(in.arn) == ref || in.ec2InstanceId == ref) return i;
  }
  return -1;
}

Json Engine::State::instanceJson(int i) const {
  const InstanceRec& rec = instances[static_cast<size_t>(i)];
  const PlacementInstance& in = clusters[static_cast<size_t>(rec.cluster)].placer->instances()[static_cast<size_t>(rec.placerIndex)];
  auto integer = [](const char* name, int v) {
    return Json{{"name", name}, {"type", "INTEGER"}, {"doubleValue", 0.0}, {"longValue", 0}, {"integerValue", v}};
  };
  auto ports = [](const char* name, const std::vector<int>& list) {
    Json set = Json::array();
    for (int p : list) set.push_back(std::to_string(p));
    return Json{{"name", name}, {"type", "STRINGSET"}, {"doubleValue", 0.0}, {"longValue", 0}, {"integerValue", 0},
                {"stringSetValue", set}};
  };
  // remainingResources lists the reserved (static) ports; dynamically assigned ones, from the
  // ephemeral range, are not shown (a static host port inside that range is not shown either).
  std::vector<int> staticTcp;
  for (int p : in.tcpPortsInUse) {
    if (p < kDynamicPortFirst) staticTcp.push_back(p);
  }
  Json attrs = Json::array();
  for (const auto& [name, value] : in.attributes) {
    Json a = {{"name", name}};
    if (!value.empty()) a["value"] = value;
    attrs.push_back(a);
  }
  Json out = {{"containerInstanceArn", rec.arn}, {"ec2InstanceId", rec.ec2InstanceId}};
  if (!rec.capacityProviderName.empty()) out["capacityProviderName"] = rec.capacityProviderName;
  Json rest = {{"version", rec.version},
          {"versionInfo", {{"agentVersion", in.agentVersion}, {"agentHash", "ecsplay"}, {"dockerVersion", "DockerVersion: 25.0.8"}}},
          {"remainingResources", Json::array({integer("CPU", in.remainingCpu), integer("MEMORY", in.remainingMemoryMiB),
                                              ports("PORTS", staticTcp), ports("PORTS_UDP", in.udpPortsInUse)})},
          {"registeredResources", Json::array({integer("CPU", in.registeredCpu), integer("MEMORY", in.registeredMemoryMiB),
                                               ports("PORTS", reservedHostPorts()), ports("PORTS_UDP", {})})},
          {"status", in.status},
          {"agentConnected", in.agentConnected},
          {"runningTasksCount", rec.runningTasks},
          {"pendingTasksCount", rec.pendingTasks},
          {"attributes", attrs},
          {"registeredAt", seconds(rec.registeredAtMs)},
          {"attachments", Json::array()},
          {"tags", Json::array()}};
  for (auto it = rest.begin(); it != rest.end(); ++it) out[it.key()] = it.value();
  return out;
}

ApiReply Engine::State::describeContainerInstances(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  Json list = Json::array(), failures = Json::array();
  if (auto it = input.find("containerInstances"); it != input.end() && it->is_array()) {
    for (const Json& ref : *it) {
      std::string r = ref.is_string() ? ref.get<std::string>() : std::string();
      int i = findInstance(c, r);
      if (i < 0) failures.push_back({{"arn", r}, {"reason", "MISSING"}});
      else list.push_back(instanceJson(i));
    }
  }
  ApiReply reply;
  reply.output = {{"containerInstances", list}, {"failures", failures}};
  return reply;
}

ApiReply Engine::State::listContainerInstances(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  std::string status = input.value("status", std::string());
  Json arns = Json::array();
  const ClusterRec& cl = clusters[static_cast<size_t>(c)];
  for (int i : cl.instances) {
    const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(instances[static_cast<size_t>(i)].placerIndex)];
    if (in.status == "INACTIVE" || (!status.empty() && in.status != status)) continue;
    arns.push_back(instances[static_cast<size_t>(i)].arn);
  }
  ApiReply r;
  r.output = Json::object();
  if (auto e = paginate(arns, input, "containerInstanceArns", r.output)) return fail(e->type.c_str(), e->message);
  return r;
}

ApiReply Engine::State::updateContainerInstancesState(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  std::string status = input.value("status", std::string());
  if (status != "ACTIVE" && status != "DRAINING") {
    return fail("InvalidParameterException", "Container instance status must be ACTIVE or DRAINING.");
  }
  Json list = Json::array(), failures = Json::array();
  ClusterRec& cl = clusters[static_cast<size_t>(c)];
  for (const Json& ref : input.value("containerInstances", Json::array())) {
    int i = findInstance(c, ref.is_string() ? ref.get<std::string>() : std::string());
    if (i < 0) {
      failures.push_back({{"arn", ref}, {"reason", "MISSING"}});
      continue;
    }
    InstanceRec& rec = instances[static_cast<size_t>(i)];
    const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(rec.placerIndex)];
    if (in.status != status) {
      cl.placer.mut().setInstanceState(rec.placerIndex, status, in.agentConnected);
      ++rec.version;
      // Draining moves service tasks off and leaves standalone tasks alone (ECS-FACTS.md):
      // standalone tasks keep running; services are not simulated yet.
      record("InstanceStateChange", {{"ec2InstanceId", rec.ec2InstanceId}, {"status", status}});
      servicesNotice(c);
    }
    list.push_back(instanceJson(i));
  }
  ApiReply r;
  r.output = {{"containerInstances", list}, {"failures", failures}};
  return r;
}

ApiReply Engine::State::deregisterContainerInstance(const Json& input) {
  std::optional<ApiError> error;
  int c = findCluster(input, "cluster", error);
  if (c < 0) return fail(error->type.c_str(), error->message);
  int i = findInstance(c, input.value("containerInstance", std::string()));
  if (i < 0) return fail("InvalidParameterException", "The referenced container instance was not found.");
  InstanceRec& rec = instances[static_cast<size_t>(i)];
  bool force = input.value("force", false);
  bool hasTasks = false;
  for (const TaskRec& t : tasks) hasTasks = hasTasks || (t.instance == i && t.phase != Phase::Stopped);
  if (hasTasks && !force) {
    return fail("InvalidParameterException", "Found running tasks on the instance.");
  }
  for (size_t t = 0; t < tasks.size(); ++t) {
    if (tasks[t].instance == i && tasks[t].desiredStatus == "RUNNING") {
      hostGone(static_cast<int>(t), "", "Container instance deregistration forced by user");
    }
  }
  clusters[static_cast<size_t>(c)].placer.mut().setInstanceState(rec.placerIndex, "INACTIVE", false);
  ++rec.version;
  record("InstanceDeregistered", {{"ec2InstanceId", rec.ec2InstanceId}});
  servicesNotice(c);
  ApiReply r;
  r.output = {{"containerInstance", instanceJson(i)}};
  return r;
}

ApiReply Engine::State::fault(std::string_view name, const Json& input) {
  std::string id = input.value("ec2InstanceId", std::string());
  int found = -1;
  for (size_t i = 0; i < instances.size(); ++i) {
    if (instances[i].ec2InstanceId == id) found = static_cast<int>(i);
  }
  if (name != "TerminateInstance" && name != "StopInstance" && name != "AgentDisconnect" && name != "AgentReconnect") {
    return capacityFault(name, input);
  }
  if (found < 0) return fail("InvalidParameterException", "No container instance with ec2InstanceId '" + clip(id, 40) + "'.");
  InstanceRec& rec = instances[static_cast<size_t>(found)];
  ClusterRec& cl = clusters[static_cast<size_t>(rec.cluster)];
  const PlacementInstance& in = cl.placer->instances()[static_cast<size_t>(rec.placerIndex)];
  ApiReply r;
  if (name == "TerminateInstance" || name == "StopInstance") {
    // The host is gone: its tasks stop at once, and the container instance leaves the cluster.
    std::string verb = name == "TerminateInstance" ? "terminated" : "stopped";
    if (terminationCause.empty()) record("Fault", {{"fault", std::string(name)}, {"ec2InstanceId", id}});
    else record("InstanceTerminated", {{"ec2InstanceId", id}, {"cause", terminationCause}});
    for (size_t t = 0; t < tasks.size(); ++t) {
      if (tasks[t].instance == found && tasks[t].phase != Phase::Stopped) {
        hostGone(static_cast<int>(t), "TerminationNotice", "Host EC2 (instance " + id + ") " + verb + ".");
      }
    }
    bool wasActive = in.status != "INACTIVE";
    cl.placer.mut().setInstanceState(rec.placerIndex, name == "TerminateInstance" ? "INACTIVE" : in.status, false);
    ++rec.version;
    if (name == "TerminateInstance") record("InstanceStateChange", {{"ec2InstanceId", id}, {"status", "INACTIVE"}});
    // An Auto Scaling group keeps its desired capacity: it launches a replacement (not after a
    // scale-in, which lowered the desired capacity).
    for (size_t a = 0; a < asgs.size(); ++a) {
      bool member = std::find(asgs[a].instances.begin(), asgs[a].instances.end(), found) != asgs[a].instances.end();
      if (member && wasActive && terminationCause != "scale-in" && name == "TerminateInstance") {
        ++asgs[a].launching;
        schedule(now + asgs[a].launchTime, EventKind::InstanceLaunched, a, 0);
      }
    }
  } else if (name == "AgentDisconnect" || name == "AgentReconnect") {
    record("Fault", {{"fault", std::string(name)}, {"ec2InstanceId", id}});
    cl.placer.mut().setInstanceState(rec.placerIndex, in.status, name == "AgentReconnect");
    ++rec.version;
  } else {
    return fail("InvalidParameterException", "Unknown fault '" + clip(std::string(name), 40) +
                                                 "': TerminateInstance, StopInstance, AgentDisconnect or AgentReconnect.");
  }
  servicesNotice(rec.cluster);
  r.output = {{"containerInstance", instanceJson(found)}};
  return r;
}

}  // namespace ecsplay
