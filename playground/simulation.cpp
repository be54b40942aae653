#include "simulation.h"

#include <algorithm>
#include <map>
#include <cmath>
#include <cstdio>

#include "ecsplay/scenario.h"
#include "scenario_gallery.h"

namespace ecsplay::playground {
namespace {

std::string str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The part of an ARN after its last '/': a task's id, a cluster's name.
std::string lastPart(const std::string& arn) {
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

// An integer resource ("CPU", "MEMORY") of a DescribeContainerInstances resource list.
int resource(const Json& instance, const char* list, const char* name) {
  auto it = instance.find(list);
  if (it == instance.end() || !it->is_array()) return 0;
  for (const Json& r : *it) {
    if (str(r, "name") == name && r.contains("integerValue") && r["integerValue"].is_number_integer()) {
      return r["integerValue"].get<int>();
    }
  }
  return 0;
}

std::string attribute(const Json& instance, const char* name) {
  auto it = instance.find("attributes");
  if (it == instance.end() || !it->is_array()) return "";
  for (const Json& a : *it) {
    if (str(a, "name") == name) return str(a, "value");
  }
  return "";
}

bool parseTime(const std::string& text, SimTime& out) {
  if (text.empty()) return false;
  bool digits = text.size() <= 15 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    out = std::stoll(text);
    return true;
  }
  return parseDuration(text, out);
}

}  // namespace

bool parseSimRequest(const std::string& request, SimCommand& c, std::string& error) {
  size_t space = request.find(' ');
  std::string verb = request.substr(0, space);
  std::string arg = space == std::string::npos ? std::string() : request.substr(space + 1);
  using K = SimCommand::Kind;
  c = SimCommand{};
  c.text = arg;
  if (verb == "load" || verb == "text" || verb == "select" || verb == "container" || verb == "stop" ||
      verb == "terminate") {
    bool needsArg = verb != "select" && verb != "stop";
    if (needsArg && arg.empty()) {
      error = "'" + verb + "' needs an argument";
      return false;
    }
    c.kind = verb == "load"        ? K::Load
             : verb == "text"      ? K::LoadText
             : verb == "select"    ? K::SelectTask
             : verb == "container" ? K::SelectContainer
             : verb == "stop"      ? K::StopTask
                                   : K::TerminateInstance;
    return true;
  }
  if (verb == "close" || verb == "restart" || verb == "pause" || verb == "next") {
    c.kind = verb == "close" ? K::Close : verb == "restart" ? K::Restart : verb == "pause" ? K::Pause : K::NextEvent;
    c.text.clear();
    return true;
  }
  if (verb == "play" || verb == "speed") {
    c.kind = verb == "play" ? K::Play : K::SetSpeed;
    SimTime n = 0;
    if (arg.empty() && verb == "play") return true;
    bool digits = !arg.empty() && arg.size() <= 6 && std::all_of(arg.begin(), arg.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!digits || (n = std::stoll(arg)) < 1) {
      error = "'" + verb + "' takes a speed in simulated seconds per second, e.g. " + verb + " 60";
      return false;
    }
    c.speed = static_cast<int>(n);
    return true;
  }
  if (verb == "seek") {
    c.kind = K::Seek;
    if (!parseTime(arg, c.time)) {
      error = "'seek' takes milliseconds or a duration such as 4m30s, not '" + arg.substr(0, 40) + "'";
      return false;
    }
    return true;
  }
  error = "unknown request '" + request.substr(0, 40) +
          "': load, text, close, restart, play, pause, speed, seek, next, select, container, stop or terminate";
  return false;
}

std::string formatClock(SimTime t) {
  if (t < 0) t = 0;
  char buf[40];
  long long h = t / 3600000, m = t / 60000 % 60, s = t / 1000 % 60, ms = t % 1000;
  if (ms) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld.%03lld", h, m, s, ms);
  else std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, s);
  return buf;
}

const std::vector<int>& Simulation::speeds() {
  static const std::vector<int> s = {1, 10, 60, 300};
  return s;
}

Simulation::Simulation() = default;
Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

SimTime Simulation::now() const { return engine_ ? engine_->now() : 0; }
SimTime Simulation::frontier() const { return engine_ ? engine_->frontier() : 0; }
SimTime Simulation::end() const { return std::max(frontier(), until_); }

void Simulation::setMessage(const std::string& text, bool error) {
  message_ = text;
  messageError_ = error;
}

std::string Simulation::load(const std::string& text, const std::string& id, const std::string& label) {
  JsonParseResult parsed = parseJsonText(text, {kMaxTextBytes, 64});
  LoadedScenario scenario;
  std::vector<std::string> errors;
  if (!parsed.ok) {
    errors.push_back(parsed.error);
  } else {
    scenario = loadScenario(parsed.value);
    for (const ScenarioError& e : scenario.errors) errors.push_back(formatScenarioError(e));
    if (!scenario.ok() && errors.empty()) errors.push_back("the scenario did not load");
  }
  if (!scenario.ok()) {
    // A document that does not load leaves nothing running: the screen shows why.
    engine_.reset();
    playing_ = false;
    loadErrors_ = errors;
    loadError_ = (parsed.ok ? label + " has " + std::to_string(errors.size()) + " error" + (errors.size() == 1 ? "" : "s") +
                                  "; nothing runs until it is fixed."
                            : label + " is not JSON: " + parsed.error);
    id_.clear();
    name_.clear();
    description_.clear();
    text_.clear();
    selectedTask_.clear();
    selectedContainer_.clear();
    setMessage("", false);
    refresh();
    return loadError_;
  }
  engine_ = std::move(scenario.engine);
  id_ = id;
  name_ = scenario.name.empty() ? (id.empty() ? std::string("Your scenario") : id) : scenario.name;
  description_ = scenario.description;
  text_ = text;
  until_ = scenario.until ? std::min(*scenario.until, kMaxTime) : kDefaultEnd;
  loadError_.clear();
  loadErrors_.clear();
  playing_ = false;
  stopAtUntil_ = true;
  carryMs_ = 0;
  selectedTask_.clear();
  selectedContainer_.clear();
  setMessage("", false);
  noteTimes_.clear();
  const Json& doc = parsed.value;
  if (doc.contains("timeline") && doc["timeline"].is_array()) {
    for (const Json& entry : doc["timeline"]) {
      if (!entry.is_object() || !entry.contains("note") || !entry.contains("at")) continue;
      SimTime at = 0;
      const Json& a = entry["at"];
      if ((a.is_number_integer() && (at = a.get<SimTime>()) >= 0) || (a.is_string() && parseDuration(a.get<std::string>(), at))) {
        noteTimes_.push_back(at);
      }
    }
  }
  log_.clear();
  engine_->step(0);  // what the scenario sets up at time 0 (clusters, instances) is there at once
  refresh();
  return "";
}

std::string Simulation::apply(const SimCommand& c) {
  std::string refusal = applyCommand(c);
  // The screen shows a refusal where it shows what actions answered (a failed load has its own place).
  if (!refusal.empty() && loaded()) setMessage(refusal, true);
  return refusal;
}

std::string Simulation::applyCommand(const SimCommand& c) {
  using K = SimCommand::Kind;
  switch (c.kind) {
    case K::Load: {
      const GalleryScenario* s = findShippedScenario(c.text);
      if (!s) {
        std::string names;
        for (const GalleryScenario& g : shippedScenarios()) names += (names.empty() ? "" : ", ") + g.id;
        return "No scenario named '" + c.text.substr(0, 60) + "'. The scenarios: " + names + ".";
      }
      return load(s->json, s->id, s->file);
    }
    case K::LoadText:
      if (c.text.size() > kMaxTextBytes) {
        return "Not loaded: the scenario is " + describeSize(c.text.size()) + "; the playground takes up to " +
               describeSize(kMaxTextBytes) + ".";
      }
      return load(c.text, "", "The scenario");
    case K::Close:
      engine_.reset();
      playing_ = false;
      id_.clear();
      name_.clear();
      description_.clear();
      text_.clear();
      loadError_.clear();
      loadErrors_.clear();
      selectedTask_.clear();
      selectedContainer_.clear();
      setMessage("", false);
      refresh();
      return "";
    default:
      break;
  }
  if (!engine_) return "No scenario is loaded: pick one first.";
  switch (c.kind) {
    case K::Restart: {
      std::string text = text_, id = id_;
      return load(text, id, id.empty() ? "The scenario" : id + ".json");
    }
    case K::Play:
      if (c.speed > 0) speed_ = std::min(c.speed, 3600);
      if (now() >= kMaxTime) return "The playground simulates up to " + formatClock(kMaxTime) + ".";
      // Playing from the scenario's end on goes past it; from before, it stops there.
      stopAtUntil_ = now() < until_;
      playing_ = true;
      carryMs_ = 0;
      return "";
    case K::Pause:
      playing_ = false;
      return "";
    case K::SetSpeed:
      if (c.speed < 1) return "The speed is at least 1 simulated second per second.";
      speed_ = std::min(c.speed, 3600);
      return "";
    case K::Seek: {
      SimTime t = std::clamp<SimTime>(c.time, 0, std::max(end(), now()));
      engine_->seek(t);
      refresh();
      return "";
    }
    case K::NextEvent: {
      // The engine tells no future, so look ahead in growing strides; the first new log entry's
      // time is where to stop, and seeking back there restores exactly that moment.
      playing_ = false;
      SimTime start = now();
      size_t before = engine_->log().size();
      SimTime limit = std::min(start < end() ? end() : start + 10 * 60000, kMaxTime);
      SimTime stride = 1000;
      std::optional<SimTime> found;
      while (!found) {
        SimTime t = std::min(now() + stride, limit);
        engine_->step(t);
        LogView log = engine_->log();
        if (log.size() > before) found = log[before].time;
        if (t >= limit) break;
        stride = std::min<SimTime>(stride * 2, 3600000);
      }
      if (found) {
        if (*found < now()) engine_->seek(*found);
        setMessage("", false);
      } else {
        setMessage("Nothing happens between " + formatClock(start) + " and " + formatClock(limit) + ".", false);
      }
      refresh();
      return "";
    }
    case K::SelectTask: {
      if (c.text.empty()) {
        selectedTask_.clear();
        selectedContainer_.clear();
        refreshRuntime();
        return "";
      }
      const SimTaskRow* t = findTask(c.text);
      if (!t) return "No task '" + c.text.substr(0, 80) + "' at " + formatClock(now()) + ".";
      if (t->arn != selectedTask_) selectedContainer_ = t->containers.empty() ? "" : t->containers[0].name;
      selectedTask_ = t->arn;
      refreshRuntime();
      return "";
    }
    case K::SelectContainer: {
      const SimTaskRow* t = selectedTask();
      if (!t) return "Select a task first.";
      for (const SimContainerRow& k : t->containers) {
        if (k.name == c.text) {
          selectedContainer_ = k.name;
          refreshRuntime();
          return "";
        }
      }
      return "Task " + t->shortId + " has no container named '" + c.text.substr(0, 60) + "'.";
    }
    case K::StopTask: {
      const SimTaskRow* t = c.text.empty() ? selectedTask() : findTask(c.text);
      std::string who = c.text.empty() ? std::string("the selected task") : c.text.substr(0, 80);
      if (!t) return "No task " + who + " at " + formatClock(now()) + ".";
      bool past = now() < frontier();
      Json input = {{"cluster", t->cluster}, {"task", t->arn}, {"reason", "Stopped from the playground"}};
      ApiReply r = engine_->call("StopTask", input);
      if (r.ok()) {
        setMessage("StopTask " + t->shortId + " at " + formatClock(now()) + ": desiredStatus is now STOPPED." +
                       (past ? " You changed the past: what was simulated after this moment is gone." : ""),
                   false);
      } else {
        setMessage("StopTask " + t->shortId + ": " + r.error->type + ": " + r.error->message, true);
      }
      refresh();
      return r.ok() ? "" : message_;
    }
    case K::TerminateInstance: {
      bool past = now() < frontier();
      ApiReply r = engine_->fault("TerminateInstance", Json{{"ec2InstanceId", c.text}});
      if (r.ok()) {
        setMessage("TerminateInstance " + c.text + " at " + formatClock(now()) + ": EC2 ends the instance; its tasks stop." +
                       (past ? " You changed the past: what was simulated after this moment is gone." : ""),
                   false);
      } else {
        setMessage("TerminateInstance " + c.text.substr(0, 80) + ": " + r.error->type + ": " + r.error->message, true);
      }
      refresh();
      return r.ok() ? "" : message_;
    }
    default:
      return "";
  }
}

void Simulation::advance(double realSeconds) {
  if (!engine_ || !playing_) return;
  // A long frame (a hidden browser tab) moves time as if 1/10 s had passed, not minutes.
  realSeconds = std::clamp(realSeconds, 0.0, 0.1);
  carryMs_ += realSeconds * speed_ * 1000.0;
  SimTime whole = static_cast<SimTime>(std::floor(carryMs_));
  carryMs_ -= static_cast<double>(whole);
  SimTime target = now() + whole;
  if (stopAtUntil_ && now() < until_ && target >= until_) {
    target = until_;
    playing_ = false;
    stopAtUntil_ = false;
    setMessage("The scenario's end (" + formatClock(until_) + "). Press Play to keep going.", false);
  }
  if (target >= kMaxTime) {
    target = kMaxTime;
    playing_ = false;
  }
  if (target == now()) return;
  engine_->step(target);
  refresh();
}

void Simulation::refresh() {
  tasks_.clear();
  instances_.clear();
  services_.clear();
  hasTargetGroups_ = false;
  clusters_.clear();
  failures_ = 0;
  if (!engine_) {
    log_.clear();
    runtime_ = ApiReply{};
    return;
  }
  Json state = engine_->stateJson();
  for (const Json& c : state.value("clusters", Json::array())) clusters_.push_back(str(c, "clusterName"));
  if (state.contains("failures") && state["failures"].is_array()) failures_ = static_cast<int>(state["failures"].size());
  std::vector<std::pair<std::string, size_t>> byArn;  // container instance ARN -> row
  for (const Json& in : state.value("containerInstances", Json::array())) {
    SimInstanceRow row;
    row.arn = str(in, "containerInstanceArn");
    row.ec2InstanceId = str(in, "ec2InstanceId");
    std::string arn = row.arn;
    size_t slash = arn.find('/');
    row.cluster = slash == std::string::npos ? "" : arn.substr(slash + 1, arn.rfind('/') - slash - 1);
    row.instanceType = attribute(in, "ecs.instance-type");
    row.zone = attribute(in, "ecs.availability-zone");
    row.status = str(in, "status");
    row.capacityProvider = str(in, "capacityProviderName");
    row.agentConnected = !in.contains("agentConnected") || in["agentConnected"] == true;
    row.cpuRegistered = resource(in, "registeredResources", "CPU");
    row.cpuRemaining = resource(in, "remainingResources", "CPU");
    row.memoryRegistered = resource(in, "registeredResources", "MEMORY");
    row.memoryRemaining = resource(in, "remainingResources", "MEMORY");
    byArn.emplace_back(row.arn, instances_.size());
    instances_.push_back(std::move(row));
  }
  for (const Json& t : state.value("tasks", Json::array())) {
    SimTaskRow row;
    row.arn = str(t, "taskArn");
    row.id = lastPart(row.arn);
    row.shortId = row.id.substr(0, 8);
    row.cluster = lastPart(str(t, "clusterArn"));
    row.definition = lastPart(str(t, "taskDefinitionArn"));
    row.lastStatus = str(t, "lastStatus");
    row.desiredStatus = str(t, "desiredStatus");
    row.healthStatus = str(t, "healthStatus");
    row.launchType = str(t, "launchType");
    row.capacityProvider = str(t, "capacityProviderName");
    row.zone = str(t, "availabilityZone");
    row.stopCode = str(t, "stopCode");
    row.stoppedReason = str(t, "stoppedReason");
    row.startedBy = str(t, "startedBy");
    row.group = str(t, "group");
    std::string instanceArn = str(t, "containerInstanceArn");
    for (const auto& [arn, index] : byArn) {
      if (arn != instanceArn) continue;
      SimInstanceRow& in = instances_[index];
      row.instanceId = in.ec2InstanceId;
      if (row.lastStatus != "STOPPED") in.tasks.push_back(row.shortId);
      // DescribeContainerInstances has capacityProviderName; until the engine fills it in, the
      // instance's tasks say which provider placed them there.
      if (in.capacityProvider.empty()) in.capacityProvider = row.capacityProvider;
    }
    if (!row.instanceId.empty()) row.where = row.instanceId;
    else if (row.launchType == "FARGATE") row.where = row.capacityProvider.empty() ? "FARGATE" : row.capacityProvider;
    else if (row.lastStatus == "PROVISIONING") row.where = "waiting for capacity";
    else row.where = row.launchType.empty() ? "-" : row.launchType;
    for (const Json& k : t.value("containers", Json::array())) {
      SimContainerRow c;
      c.name = str(k, "name");
      c.image = str(k, "image");
      c.lastStatus = str(k, "lastStatus");
      c.healthStatus = str(k, "healthStatus");
      c.reason = str(k, "reason");
      if (k.contains("exitCode") && k["exitCode"].is_number_integer()) c.exitCode = k["exitCode"].get<int>();
      if (k.contains("restartCount") && k["restartCount"].is_number_integer()) c.restartCount = k["restartCount"].get<int>();
      row.containers.push_back(std::move(c));
    }
    tasks_.push_back(std::move(row));
  }
  // Target groups: each task's target state, and per service a count by state.
  std::map<std::string, std::string> targetOf;                          // task id -> state
  struct Targets {
    std::string group;
    std::map<std::string, int> byState;
  };
  std::map<std::string, Targets> byService;  // a service (one target group each) -> its targets
  for (const Json& g : state.value("targetGroups", Json::array())) {
    hasTargetGroups_ = true;
    for (const Json& t : g.value("targets", Json::array())) {
      targetOf[str(t, "task")] = str(t, "state");
      Targets& targets = byService[str(t, "service")];
      targets.group = str(g, "targetGroupName");
      ++targets.byState[str(t, "state")];
    }
  }
  for (SimTaskRow& row : tasks_) {
    auto it = targetOf.find(row.id);
    if (it != targetOf.end()) row.target = it->second;
  }
  for (const Json& s : state.value("services", Json::array())) {
    SimServiceRow row;
    row.name = str(s, "serviceName");
    row.status = str(s, "status");
    row.scheduling = str(s, "schedulingStrategy");
    auto number = [&](const char* key) { return s.contains(key) && s[key].is_number_integer() ? s[key].get<int>() : 0; };
    row.desired = number("desiredCount");
    row.running = number("runningCount");
    row.pending = number("pendingCount");
    for (const Json& d : s.value("deployments", Json::array())) {
      int running = d.contains("runningCount") && d["runningCount"].is_number_integer() ? d["runningCount"].get<int>() : 0;
      int desired = d.contains("desiredCount") && d["desiredCount"].is_number_integer() ? d["desiredCount"].get<int>() : 0;
      // The PRIMARY first, then the older ones being replaced: "web:2 IN_PROGRESS 2/4 <- web:1 4 running".
      if (row.deployments.empty()) {
        row.deployments = lastPart(str(d, "taskDefinition")) + " " + str(d, "rolloutState") + " " + std::to_string(running) + "/" +
                          std::to_string(desired);
      } else {
        std::string state = str(d, "rolloutState") == "FAILED" ? " FAILED" : "";
        row.deployments += "  <-  " + lastPart(str(d, "taskDefinition")) + state + " " + std::to_string(running) + " running";
      }
    }
    const Json events = s.value("events", Json::array());
    if (!events.empty()) row.latestEvent = str(events[0], "message");
    if (auto it = byService.find(row.name); it != byService.end()) {
      std::string text;
      for (const char* st : {"healthy", "unhealthy", "initial", "draining"}) {
        auto c = it->second.byState.find(st);
        if (c != it->second.byState.end()) text += (text.empty() ? "" : ", ") + std::to_string(c->second) + " " + st;
      }
      row.targets = it->second.group + ": " + text;
    }
    services_.push_back(std::move(row));
  }
  refreshLog();
  refreshRuntime();
}

void Simulation::refreshLog() {
  LogView view = engine_->log();
  // The log up to now is a prefix of every longer one (seeking restores it exactly; a command in
  // the past appends after now), so only what is new needs words. A changed last line means it
  // is not: then all of it is rebuilt.
  size_t keep = std::min(log_.size(), view.size());
  if (keep > 0) {
    const SimLogLine& last = log_[keep - 1];
    const LogEntry& e = view[keep - 1];
    if (last.time != e.time || last.type != e.type || last.text != engine_->describe(e)) keep = 0;
  }
  log_.resize(keep);
  for (size_t i = keep; i < view.size(); ++i) {
    const LogEntry& e = view[i];
    SimLogLine line;
    line.time = e.time;
    line.type = e.type;
    line.text = engine_->describe(e);
    line.task = str(e.detail, "task");
    line.note = e.type == "Note";
    if (e.type == "TaskStateChange") line.toStatus = str(e.detail, "to");
    if (e.type == "TaskHealthChange" || e.type == "ContainerHealthChange") line.toHealth = str(e.detail, "to");
    line.error = e.detail.is_object() && e.detail.contains("error");
    line.error = line.error || e.type == "PlacementFailed";
    log_.push_back(std::move(line));
  }
}

void Simulation::refreshRuntime() {
  runtime_ = ApiReply{};
  const SimTaskRow* t = selectedTask();
  if (!engine_ || !t || selectedContainer_.empty()) return;
  runtime_ = engine_->containerRuntime(t->cluster, t->arn, selectedContainer_);
}

const SimTaskRow* Simulation::findTask(const std::string& key) const {
  if (key.empty()) return nullptr;
  // "#2": the second row of the tasks table.
  if (key[0] == '#' && key.size() > 1 && key.size() <= 7 &&
      std::all_of(key.begin() + 1, key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    size_t n = static_cast<size_t>(std::stoi(key.substr(1)));
    return n >= 1 && n <= tasks_.size() ? &tasks_[n - 1] : nullptr;
  }
  for (const SimTaskRow& t : tasks_) {
    if (t.arn == key || t.id == key) return &t;
  }
  // A short id (the log's and the table's 8 characters, or more) when it names one task only.
  const SimTaskRow* found = nullptr;
  for (const SimTaskRow& t : tasks_) {
    if (t.id.compare(0, key.size(), key) != 0) continue;
    if (found) return nullptr;
    found = &t;
  }
  return found;
}

const SimTaskRow* Simulation::selectedTask() const {
  if (selectedTask_.empty()) return nullptr;
  for (const SimTaskRow& t : tasks_) {
    if (t.arn == selectedTask_) return &t;
  }
  return nullptr;
}

const SimLogLine* Simulation::latestNote() const {
  for (size_t i = log_.size(); i-- > 0;) {
    if (log_[i].note) return &log_[i];
  }
  return nullptr;
}

std::string Simulation::stateJson() const {
  Json out;
  out["loaded"] = loaded();
  out["scenario"] = id_;
  out["name"] = name_;
  out["now"] = now();
  out["nowText"] = formatClock(now());
  out["frontier"] = frontier();
  out["end"] = end();
  out["until"] = until_;
  out["playing"] = playing_;
  out["speed"] = speed_;
  out["loadError"] = loadError_;
  out["loadErrors"] = loadErrors_;
  Json tasks = Json::array();
  for (const SimTaskRow& t : tasks_) {
    Json containers = Json::array();
    for (const SimContainerRow& c : t.containers) {
      containers.push_back({{"name", c.name},
                            {"lastStatus", c.lastStatus},
                            {"healthStatus", c.healthStatus},
                            {"exitCode", c.exitCode ? Json(*c.exitCode) : Json(nullptr)},
                            {"restartCount", c.restartCount ? Json(*c.restartCount) : Json(nullptr)},
                            {"reason", c.reason}});
    }
    tasks.push_back({{"id", t.id},
                     {"definition", t.definition},
                     {"lastStatus", t.lastStatus},
                     {"desiredStatus", t.desiredStatus},
                     {"healthStatus", t.healthStatus},
                     {"target", t.target},
                     {"where", t.where},
                     {"zone", t.zone},
                     {"stopCode", t.stopCode},
                     {"stoppedReason", t.stoppedReason},
                     {"containers", containers}});
  }
  out["tasks"] = tasks;
  Json instances = Json::array();
  for (const SimInstanceRow& in : instances_) {
    instances.push_back({{"ec2InstanceId", in.ec2InstanceId},
                         {"instanceType", in.instanceType},
                         {"zone", in.zone},
                         {"status", in.status},
                         {"agentConnected", in.agentConnected},
                         {"capacityProvider", in.capacityProvider},
                         {"tasks", in.tasks}});
  }
  out["instances"] = instances;
  Json services = Json::array();
  for (const SimServiceRow& sv : services_) {
    services.push_back({{"name", sv.name},
                        {"status", sv.status},
                        {"desired", sv.desired},
                        {"running", sv.running},
                        {"deployments", sv.deployments},
                        {"targets", sv.targets},
                        {"latestEvent", sv.latestEvent}});
  }
  out["services"] = services;
  Json log = Json::array();
  for (const SimLogLine& l : log_) log.push_back({{"t", l.time}, {"type", l.type}, {"text", l.text}});
  out["log"] = log;
  const SimLogLine* note = latestNote();
  out["latestNote"] = note ? Json(note->text) : Json(nullptr);
  out["selectedTask"] = selectedTask_;
  out["selectedContainer"] = selectedContainer_;
  out["runtime"] = runtime_.error ? Json({{"error", runtime_.error->type + ": " + runtime_.error->message}}) : runtime_.output;
  out["message"] = message_;
  out["messageIsError"] = messageError_;
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ecsplay::playground
