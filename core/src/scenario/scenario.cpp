// Loading a scenario (see ecsplay/scenario.h and docs/scenario-format.md).
#include "ecsplay/scenario.h"

#include <cctype>
#include <cstring>
#include <initializer_list>

#include "ecsplay/api_model.h"
#include "ecsplay/finding.h"
#include "ecsplay/schedule.h"
#include "ecsplay/waiters.h"

namespace ecsplay {
namespace {

const char* const kFaults[] = {"TerminateInstance", "StopInstance", "AgentDisconnect", "AgentReconnect", "SpotInstanceInterruption",
                               "FargateSpotInterruption", "FargateSpotCapacity"};

const char* typeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_float: return "a decimal number";
    default: return "a number";
  }
}

class Checker {
 public:
  explicit Checker(std::vector<ScenarioError>& errors) : errors_(errors) {}

  void error(const std::string& path, const std::string& message) {
    if (errors_.size() < 200) errors_.push_back({path, message});
  }

  bool object(const Json& v, const std::string& path) {
    if (v.is_object()) return true;
    error(path, std::string("must be an object, not ") + typeName(v) + ".");
    return false;
  }
  bool array(const Json& v, const std::string& path) {
    if (v.is_array()) return true;
    error(path, std::string("must be an array, not ") + typeName(v) + ".");
    return false;
  }
  bool string(const Json& v, const std::string& path) {
    if (v.is_string()) return true;
    error(path, std::string("must be a string, not ") + typeName(v) + ".");
    return false;
  }
  bool boolean(const Json& v, const std::string& path) {
    if (v.is_boolean()) return true;
    error(path, std::string("must be true or false, not ") + typeName(v) + ".");
    return false;
  }
  // An integer in [low, high].
  std::optional<int64_t> integer(const Json& v, const std::string& path, int64_t low, int64_t high) {
    bool fits = v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(high));
    if (fits) {
      int64_t n = v.get<int64_t>();
      if (n >= low && n <= high) return n;
    }
    error(path, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
                    (v.is_number() ? "." : std::string(", not ") + typeName(v) + "."));
    return std::nullopt;
  }
  // "90s", "5m", "1h30m" or a number of milliseconds.
  std::optional<SimTime> duration(const Json& v, const std::string& path) {
    SimTime t = 0;
    if (v.is_string() && parseDuration(v.get<std::string>(), t) && t <= kMaxTime) return t;
    if (v.is_number_integer() && !v.is_number_unsigned() ? v.get<int64_t>() >= 0 && v.get<int64_t>() <= kMaxTime
                                                          : v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(kMaxTime)) {
      return v.get<int64_t>();
    }
    error(path, "must be a duration such as \"90s\", \"5m\", \"1h30m\", \"250ms\" or a number of milliseconds, up to 400 days" +
                    (v.is_string() ? std::string("; got \"") + clip(v.get<std::string>(), 40) + "\"." : std::string(".")));
    return std::nullopt;
  }
  // Every key of `v` must be one of `known`.
  void keys(const Json& v, const std::string& path, std::initializer_list<const char*> known) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      bool found = false;
      for (const char* k : known) found = found || it.key() == k;
      if (found) continue;
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      error(joinPath(path, it.key()), "unknown key \"" + clip(it.key(), 60) + "\"; " + (path.empty() ? "a scenario" : path) +
                                          " takes " + list + ".");
    }
  }
  // `v` against the ECS API's input shape of `operation`.
  void apiInput(const Json& v, const char* operation, const std::string& path) {
    const ApiOperation* op = findOperation(operation);
    if (!op || op->input < 0 || !object(v, path)) return;
    Findings shape;
    checkShape(v, shapeAt(op->input), path, shape);
    for (const Finding& f : shape) {
      if (f.severity == Severity::Error) error(f.path, f.message);
    }
  }

  static constexpr SimTime kMaxTime = 400LL * 24 * 3600 * 1000;

 private:
  std::vector<ScenarioError>& errors_;
};

std::optional<ContainerBehaviour> readBehaviour(const Json& b, const std::string& path, Checker& check) {
  if (!check.object(b, path)) return std::nullopt;
  check.keys(b, path, {"runsForever", "exitCode", "exitAfter", "crashLoop", "healthFailsFrom", "healthFailsUntil", "healthFailsAfter",
                       "targetHealthFailsFrom", "targetHealthFailsUntil", "targetHealthFailsAfter", "imagePullFails", "sigtermExitAfter", "sigtermExitCode", "pullTime", "startTime", "cpuPercent"});
  ContainerBehaviour out;
  bool exits = false;
  for (auto it = b.begin(); it != b.end(); ++it) {
    const std::string& k = it.key();
    std::string p = joinPath(path, k);
    const Json& v = *it;
    if (k == "runsForever") {
      if (check.boolean(v, p)) out.runsForever = v.get<bool>();
    } else if (k == "exitCode") {
      if (auto n = check.integer(v, p, 0, 255)) out.exitCode = static_cast<int>(*n), exits = true;
    } else if (k == "exitAfter") {
      if (auto d = check.duration(v, p)) out.exitAfter = *d, exits = true;
    } else if (k == "crashLoop") {
      if (check.boolean(v, p)) out.crashLoop = v.get<bool>();
    } else if (k == "healthFailsFrom") {
      out.healthFailsFrom = check.duration(v, p);
    } else if (k == "healthFailsUntil") {
      out.healthFailsUntil = check.duration(v, p);
    } else if (k == "healthFailsAfter") {
      out.healthFailsAfter = check.duration(v, p);
    } else if (k == "targetHealthFailsFrom") {
      out.targetHealthFailsFrom = check.duration(v, p);
    } else if (k == "targetHealthFailsUntil") {
      out.targetHealthFailsUntil = check.duration(v, p);
    } else if (k == "targetHealthFailsAfter") {
      out.targetHealthFailsAfter = check.duration(v, p);
    } else if (k == "imagePullFails") {
      if (check.boolean(v, p)) out.imagePullFails = v.get<bool>();
    } else if (k == "sigtermExitAfter") {
      if (v.is_string() && v.get<std::string>() == "never") out.sigtermExitAfter.reset();
      else if (auto d = check.duration(v, p)) out.sigtermExitAfter = *d;
    } else if (k == "sigtermExitCode") {
      if (auto n = check.integer(v, p, 0, 255)) out.sigtermExitCode = static_cast<int>(*n);
    } else if (k == "pullTime") {
      out.pullTime = check.duration(v, p);
    } else if (k == "startTime") {
      if (auto d = check.duration(v, p)) out.startTime = *d;
    } else if (k == "cpuPercent") {
      if (auto n = check.integer(v, p, 0, 100)) out.cpuPercent = static_cast<int>(*n);
    }
  }
  // Giving an exit code or time says the container exits, unless runsForever says otherwise.
  if (exits && !b.contains("runsForever")) out.runsForever = false;
  if (out.healthFailsUntil && !out.healthFailsFrom) check.error(joinPath(path, "healthFailsUntil"), "needs healthFailsFrom.");
  if (out.healthFailsFrom && out.healthFailsUntil && *out.healthFailsUntil <= *out.healthFailsFrom) {
    check.error(joinPath(path, "healthFailsUntil"), "must be later than healthFailsFrom.");
  }
  if (out.targetHealthFailsUntil && !out.targetHealthFailsFrom) check.error(joinPath(path, "targetHealthFailsUntil"), "needs targetHealthFailsFrom.");
  if (out.targetHealthFailsFrom && out.targetHealthFailsUntil && *out.targetHealthFailsUntil <= *out.targetHealthFailsFrom) {
    check.error(joinPath(path, "targetHealthFailsUntil"), "must be later than targetHealthFailsFrom.");
  }
  return out;
}

bool validBehaviourKey(const std::string& key) {
  // FAMILY/CONTAINER or FAMILY:REV/CONTAINER
  size_t slash = key.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == key.size() || key.find('/', slash + 1) != std::string::npos) return false;
  std::string family = key.substr(0, slash);
  size_t colon = family.find(':');
  if (colon != std::string::npos) {
    std::string rev = family.substr(colon + 1);
    if (rev.empty() || rev.size() > 9) return false;
    for (char c : rev) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    family = family.substr(0, colon);
  }
  return !family.empty();
}

}  // namespace

std::string formatScenarioError(const ScenarioError& e) { return e.path.empty() ? e.message : e.path + ": " + e.message; }

LoadedScenario loadScenario(const Json& doc, const ScenarioOptions& options) {
  LoadedScenario out;
  Checker check(out.errors);
  if (!check.object(doc, "")) return out;
  check.keys(doc, "", {"ecsplay", "name", "description", "seed", "region", "accountId", "until", "clusters", "containerInstances",
                       "autoScalingGroups", "capacityProviders", "taskDefinitions", "targetGroups", "services", "schedules",
                       "containerBehaviour", "images", "timeline"});
  EngineConfig config;
  if (!doc.contains("ecsplay")) {
    check.error("ecsplay", "is missing: a scenario starts with \"ecsplay\": 1 (the format's version).");
  } else if (!(doc["ecsplay"].is_number_integer() && doc["ecsplay"].get<int64_t>() == 1)) {
    check.error("ecsplay", "must be 1: this ecsplay reads version 1 of the scenario format.");
  }
  if (auto it = doc.find("name"); it != doc.end() && check.string(*it, "name")) out.name = it->get<std::string>();
  if (auto it = doc.find("description"); it != doc.end() && check.string(*it, "description")) out.description = it->get<std::string>();
  if (auto it = doc.find("seed"); it != doc.end()) {
    if (it->is_number_unsigned() || (it->is_number_integer() && it->get<int64_t>() >= 0)) config.seed = it->get<uint64_t>();
    else check.error("seed", "must be a whole number of 0 or more.");
  }
  if (options.seed) config.seed = *options.seed;
  out.seed = config.seed;
  if (auto it = doc.find("region"); it != doc.end() && check.string(*it, "region")) {
    std::string r = it->get<std::string>();
    bool ok = r.size() >= 9 && r.size() <= 25;
    size_t dashes = 0;
    for (char c : r) {
      ok = ok && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-');
      dashes += c == '-';
    }
    if (!ok || dashes < 2 || !std::isdigit(static_cast<unsigned char>(r.back()))) {
      check.error("region", "must be an AWS Region code such as \"us-east-1\" or \"eu-west-3\"; got \"" + clip(r, 30) + "\".");
    } else {
      config.region = r;
    }
  }
  if (auto it = doc.find("accountId"); it != doc.end() && check.string(*it, "accountId")) {
    std::string a = it->get<std::string>();
    bool ok = a.size() == 12;
    for (char c : a) ok = ok && std::isdigit(static_cast<unsigned char>(c));
    if (ok) config.accountId = a;
    else check.error("accountId", "must be 12 digits, as AWS account ids are.");
  }
  if (auto it = doc.find("until"); it != doc.end()) out.until = check.duration(*it, "until");

  // Sections that are lists of API inputs.
  auto list = [&](const char* key) -> const Json* {
    auto it = doc.find(key);
    if (it == doc.end() || !check.array(*it, key)) return nullptr;
    if (it->size() > 10000) {
      check.error(key, "has " + std::to_string(it->size()) + " entries; a scenario takes at most 10000.");
      return nullptr;
    }
    return &*it;
  };
  const Json* clusters = list("clusters");
  if (clusters) {
    for (size_t i = 0; i < clusters->size(); ++i) check.apiInput((*clusters)[i], "CreateCluster", indexPath("clusters", i));
  }
  const Json* instances = list("containerInstances");
  if (instances) {
    for (size_t i = 0; i < instances->size(); ++i) {
      const Json& in = (*instances)[i];
      std::string p = indexPath("containerInstances", i);
      if (!check.object(in, p)) continue;
      check.keys(in, p, {"cluster", "ec2InstanceId", "instanceType", "availabilityZone", "status", "agentConnected", "attributes",
                         "registeredResources", "remainingResources", "containerInstanceArn", "attachments", "versionInfo", "count"});
      for (const char* k : {"cluster", "ec2InstanceId", "instanceType", "availabilityZone", "status", "containerInstanceArn"}) {
        if (in.contains(k)) check.string(in[k], joinPath(p, k));
      }
      if (in.contains("agentConnected")) check.boolean(in["agentConnected"], joinPath(p, "agentConnected"));
      if (in.contains("count")) check.integer(in["count"], joinPath(p, "count"), 1, 5000);
      if (in.contains("count") && in.contains("ec2InstanceId")) check.error(joinPath(p, "count"), "cannot be combined with ec2InstanceId: each instance needs its own id.");
      for (const char* k : {"attributes", "registeredResources"}) {
        if (!in.contains(k) || !check.array(in[k], joinPath(p, k))) continue;
        for (size_t a = 0; a < in[k].size(); ++a) {
          const Json& item = in[k][a];
          std::string ap = indexPath(joinPath(p, k), a);
          if (!check.object(item, ap)) continue;
          if (!item.contains("name") || !item["name"].is_string()) check.error(joinPath(ap, "name"), "is missing: each entry has a name.");
        }
      }
    }
  }
  const Json* taskDefinitions = list("taskDefinitions");
  if (taskDefinitions) {
    for (size_t i = 0; i < taskDefinitions->size(); ++i) check.object((*taskDefinitions)[i], indexPath("taskDefinitions", i));
  }
  // Services: CreateService inputs, created at time 0 after the task definitions.
  const Json* services = list("services");
  if (services) {
    for (size_t i = 0; i < services->size(); ++i) check.apiInput((*services)[i], "CreateService", indexPath("services", i));
  }
  // Auto Scaling groups: ECS knows them only by ARN, so the scenario says what they launch.
  const Json* asgs = list("autoScalingGroups");
  std::vector<Json> asgInputs;
  if (asgs) {
    for (size_t i = 0; i < asgs->size(); ++i) {
      const Json& a = (*asgs)[i];
      std::string p = indexPath("autoScalingGroups", i);
      if (!check.object(a, p)) continue;
      check.keys(a, p, {"autoScalingGroupName", "cluster", "instanceType", "availabilityZones", "minSize", "maxSize", "desiredCapacity", "launchTime"});
      Json in = a;
      bool ok = true;
      for (const char* k : {"autoScalingGroupName", "cluster", "instanceType"}) {
        if (!a.contains(k)) {
          check.error(joinPath(p, k), "is missing.");
          ok = false;
        } else {
          ok = check.string(a[k], joinPath(p, k)) && ok;
        }
      }
      for (const char* k : {"minSize", "maxSize", "desiredCapacity"}) {
        if (a.contains(k)) ok = check.integer(a[k], joinPath(p, k), 0, 10000).has_value() && ok;
      }
      if (a.contains("availabilityZones") && check.array(a["availabilityZones"], joinPath(p, "availabilityZones"))) {
        for (size_t z = 0; z < a["availabilityZones"].size(); ++z) ok = check.string(a["availabilityZones"][z], indexPath(joinPath(p, "availabilityZones"), z)) && ok;
      }
      if (a.contains("launchTime")) {
        if (auto d = check.duration(a["launchTime"], joinPath(p, "launchTime"))) in["launchTime"] = *d;
        else ok = false;
      }
      if (ok) asgInputs.push_back(in);
    }
  }
  // Scheduled tasks: EventBridge rules (or Scheduler schedules) whose target is RunTask.
  const Json* schedules = list("schedules");
  if (schedules) {
    for (size_t i = 0; i < schedules->size(); ++i) {
      const Json& e = (*schedules)[i];
      std::string p = indexPath("schedules", i);
      if (!check.object(e, p)) continue;
      check.keys(e, p, {"name", "scheduleExpression", "kind", "target"});
      for (const char* k : {"name", "scheduleExpression", "target"}) {
        if (!e.contains(k)) check.error(joinPath(p, k), "is missing.");
      }
      if (e.contains("name")) check.string(e["name"], joinPath(p, "name"));
      if (e.contains("kind") && check.string(e["kind"], joinPath(p, "kind")) && e["kind"] != "rule" && e["kind"] != "scheduler") {
        check.error(joinPath(p, "kind"), "is \"rule\" (an EventBridge rule, the default) or \"scheduler\" (EventBridge Scheduler).");
      }
      if (e.contains("scheduleExpression") && check.string(e["scheduleExpression"], joinPath(p, "scheduleExpression"))) {
        std::string why;
        if (!ScheduleExpression::parse(e["scheduleExpression"].get<std::string>(), why)) check.error(joinPath(p, "scheduleExpression"), why);
      }
      if (e.contains("target")) check.apiInput(e["target"], "RunTask", joinPath(p, "target"));
    }
  }
  const Json* providers = list("capacityProviders");
  if (providers) {
    for (size_t i = 0; i < providers->size(); ++i) check.apiInput((*providers)[i], "CreateCapacityProvider", indexPath("capacityProviders", i));
  }
  std::vector<std::pair<std::string, ContainerBehaviour>> behaviours;
  if (auto it = doc.find("containerBehaviour"); it != doc.end() && check.object(*it, "containerBehaviour")) {
    for (auto b = it->begin(); b != it->end(); ++b) {
      std::string p = joinPath("containerBehaviour", b.key());
      if (!validBehaviourKey(b.key())) {
        check.error(p, "is not FAMILY/CONTAINER or FAMILY:REVISION/CONTAINER (for example \"web/app\" or \"web:2/app\").");
        continue;
      }
      if (auto behaviour = readBehaviour(*b, p, check)) behaviours.emplace_back(b.key(), *behaviour);
    }
  }
  std::vector<std::pair<std::string, ImageBehaviour>> images;
  if (auto it = doc.find("images"); it != doc.end() && check.object(*it, "images")) {
    for (auto im = it->begin(); im != it->end(); ++im) {
      std::string p = joinPath("images", im.key());
      if (!check.object(*im, p)) continue;
      check.keys(*im, p, {"pullTime", "pullFails"});
      ImageBehaviour ib;
      if (im->contains("pullTime")) {
        if (auto d = check.duration((*im)["pullTime"], joinPath(p, "pullTime"))) ib.pullTime = *d;
      }
      if (im->contains("pullFails") && check.boolean((*im)["pullFails"], joinPath(p, "pullFails"))) ib.pullFails = (*im)["pullFails"].get<bool>();
      images.emplace_back(im.key(), ib);
    }
  }
  struct Entry {
    SimTime at;
    std::string kind, name;
    Json input;
  };
  std::vector<Entry> timeline;
  if (const Json* t = list("timeline")) {
    for (size_t i = 0; i < t->size(); ++i) {
      const Json& e = (*t)[i];
      std::string p = indexPath("timeline", i);
      if (!check.object(e, p)) continue;
      std::optional<SimTime> at;
      if (!e.contains("at")) check.error(joinPath(p, "at"), "is missing: when this happens, such as \"90s\".");
      else at = check.duration(e["at"], joinPath(p, "at"));
      int kinds = e.contains("call") + e.contains("fault") + e.contains("note") + e.contains("wait");
      if (kinds != 1) {
        check.error(p, "needs exactly one of \"call\" (an ECS API operation), \"fault\", \"wait\" (an AWS CLI waiter) or \"note\".");
        continue;
      }
      if (e.contains("wait")) {
        check.keys(e, p, {"at", "wait", "input"});
        if (!check.string(e["wait"], joinPath(p, "wait"))) continue;
        std::string name = e["wait"].get<std::string>();
        const WaiterDefinition* w = findWaiter(name);
        if (!w) {
          std::string names;
          for (const WaiterDefinition& d : ecsWaiters()) names += (names.empty() ? "" : ", ") + d.command;
          check.error(joinPath(p, "wait"), "\"" + clip(name, 60) + "\" is not an ECS waiter of the AWS CLI: " + names + ".");
          continue;
        }
        Json input = e.contains("input") ? e["input"] : Json::object();
        check.apiInput(input, w->operation.c_str(), joinPath(p, "input"));
        if (at) timeline.push_back({*at, "wait", w->command, input});
        continue;
      }
      if (e.contains("call")) {
        check.keys(e, p, {"at", "call", "input"});
        if (!check.string(e["call"], joinPath(p, "call"))) continue;
        std::string op = e["call"].get<std::string>();
        if (!findOperation(op)) {
          check.error(joinPath(p, "call"), "\"" + clip(op, 60) + "\" is not an ECS API operation (operations are named as in the API, such as \"RunTask\").");
          continue;
        }
        Json input = e.contains("input") ? e["input"] : Json::object();
        check.apiInput(input, op.c_str(), joinPath(p, "input"));
        if (at) timeline.push_back({*at, "call", op, input});
      } else if (e.contains("fault")) {
        if (!check.string(e["fault"], joinPath(p, "fault"))) continue;
        std::string name = e["fault"].get<std::string>();
        bool known = false;
        std::string names;
        for (const char* f : kFaults) {
          known = known || name == f;
          names += (names.empty() ? "" : ", ") + std::string(f);
        }
        if (!known) {
          check.error(joinPath(p, "fault"), "\"" + clip(name, 60) + "\" is not a fault ecsplay knows: " + names + ".");
          continue;
        }
        if (name == "FargateSpotInterruption") {
          check.keys(e, p, {"at", "fault", "task", "cluster"});
          for (const char* k : {"task", "cluster"}) {
            if (e.contains(k)) check.string(e[k], joinPath(p, k));
          }
        } else if (name == "FargateSpotCapacity") {
          check.keys(e, p, {"at", "fault", "available"});
          if (!e.contains("available")) check.error(joinPath(p, "available"), "is missing: true or false.");
          else check.boolean(e["available"], joinPath(p, "available"));
        } else {
          check.keys(e, p, {"at", "fault", "ec2InstanceId"});
          if (!e.contains("ec2InstanceId")) check.error(joinPath(p, "ec2InstanceId"), "is missing: the EC2 instance the fault hits.");
          else check.string(e["ec2InstanceId"], joinPath(p, "ec2InstanceId"));
        }
        Json input = e;
        input.erase("at");
        input.erase("fault");
        if (at) timeline.push_back({*at, "fault", name, input});
      } else {
        check.keys(e, p, {"at", "note"});
        if (check.string(e["note"], joinPath(p, "note")) && at) timeline.push_back({*at, "note", "", e["note"]});
      }
    }
  }
  if (!out.errors.empty()) return out;

  // Build the account at time 0; what ECS refuses is an error of the entry that asked for it.
  auto engine = std::make_unique<Engine>(config);
  // Clusters first (without their capacity providers, which need the groups, which need the
  // clusters), then Auto Scaling groups, capacity providers, and the clusters' providers.
  if (clusters) {
    for (size_t i = 0; i < clusters->size(); ++i) {
      Json in = (*clusters)[i];
      in.erase("capacityProviders");
      in.erase("defaultCapacityProviderStrategy");
      ApiReply r = engine->call("CreateCluster", in);
      if (!r.ok()) check.error(indexPath("clusters", i), r.error->message);
    }
  }
  for (size_t i = 0; i < asgInputs.size(); ++i) {
    ApiReply r = engine->createAutoScalingGroup(asgInputs[i]);
    if (!r.ok()) check.error(indexPath("autoScalingGroups", i), r.error->message);
  }
  if (providers) {
    for (size_t i = 0; i < providers->size(); ++i) {
      ApiReply r = engine->call("CreateCapacityProvider", (*providers)[i]);
      if (!r.ok()) check.error(indexPath("capacityProviders", i), r.error->message);
    }
  }
  if (clusters) {
    for (size_t i = 0; i < clusters->size(); ++i) {
      const Json& in = (*clusters)[i];
      if (!in.is_object() || (!in.contains("capacityProviders") && !in.contains("defaultCapacityProviderStrategy"))) continue;
      Json put = {{"cluster", in.value("clusterName", std::string("default"))},
                  {"capacityProviders", in.value("capacityProviders", Json::array())},
                  {"defaultCapacityProviderStrategy", in.value("defaultCapacityProviderStrategy", Json::array())}};
      ApiReply r = engine->call("PutClusterCapacityProviders", put);
      if (!r.ok()) check.error(indexPath("clusters", i), r.error->message);
    }
  }
  if (instances) {
    for (size_t i = 0; i < instances->size(); ++i) {
      Json in = (*instances)[i];
      int64_t count = in.value("count", 1);
      in.erase("count");
      for (int64_t k = 0; k < count; ++k) {
        ApiReply r = engine->registerInstance(in);
        if (!r.ok()) {
          check.error(indexPath("containerInstances", i), r.error->type == "ClusterNotFoundException"
                                                                ? "cluster \"" + clip(in.value("cluster", std::string("default")), 60) +
                                                                      "\" is not in the scenario's clusters."
                                                                : r.error->message);
          break;
        }
      }
    }
  }
  if (taskDefinitions) {
    for (size_t i = 0; i < taskDefinitions->size(); ++i) {
      ApiReply r = engine->call("RegisterTaskDefinition", (*taskDefinitions)[i]);
      if (!r.ok()) check.error(indexPath("taskDefinitions", i), r.error->message);
    }
  }
  if (const Json* groups = list("targetGroups")) {
    for (size_t i = 0; i < groups->size(); ++i) {
      ApiReply r = engine->createTargetGroup((*groups)[i]);
      if (!r.ok()) check.error(indexPath("targetGroups", i), r.error->message);
    }
  }
  if (services) {
    for (size_t i = 0; i < services->size(); ++i) {
      ApiReply r = engine->call("CreateService", (*services)[i]);
      if (!r.ok()) check.error(indexPath("services", i), r.error->message);
    }
  }
  if (schedules) {
    for (size_t i = 0; i < schedules->size(); ++i) {
      ApiReply r = engine->createScheduledTask((*schedules)[i]);
      if (!r.ok()) check.error(indexPath("schedules", i), r.error->message);
    }
  }
  for (const auto& [key, behaviour] : behaviours) engine->setBehaviour(key, behaviour);
  for (const auto& [image, behaviour] : images) engine->setImage(image, behaviour);
  for (const Entry& e : timeline) {
    if (e.kind == "call") engine->scheduleCall(e.at, e.name, e.input);
    else if (e.kind == "fault") engine->scheduleFault(e.at, e.name, e.input);
    else if (e.kind == "wait") engine->scheduleWait(e.at, e.name, e.input);
    else engine->scheduleNote(e.at, e.input.get<std::string>());
  }
  if (out.errors.empty()) out.engine = std::move(engine);
  return out;
}

}  // namespace ecsplay
