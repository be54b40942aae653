// The engine's commands, clock and log (see ecsplay/engine.h).
#include "ecsplay/engine.h"

#include <algorithm>
#include <cstdio>

#include "ecsplay/api_model.h"
#include "sim/state.h"

namespace ecsplay {

std::string Engine::State::newId() {
  char buf[40];
  // Two statements: the order function arguments are evaluated in is unspecified (GCC and clang
  // differ), and the id must be the same natively and in the browser.
  unsigned long long high = random.next();
  unsigned long long low = random.next();
  std::snprintf(buf, sizeof buf, "%016llx%016llx", high, low);
  return buf;
}

void Engine::State::record(const char* type, Json detail) {
  std::vector<LogEntry>& log = history->log;
  if (logged < log.size()) {
    ++logged;  // a replay: the entry is there already
    return;
  }
  log.push_back({now, type, std::move(detail)});
  logged = log.size();
}

std::optional<ApiError> Engine::State::paginate(const Json& all, const Json& input, const char* key, Json& output) {
  int64_t max = 100;
  if (auto it = input.find("maxResults"); it != input.end() && it->is_number_integer()) {
    max = it->get<int64_t>();
    if (max < 1 || max > 100) return ApiError{"InvalidParameterException", "maxResults must be between 1 and 100."};
  }
  size_t from = 0;
  if (auto it = input.find("nextToken"); it != input.end() && it->is_string() && !it->get<std::string>().empty()) {
    // ecsplay's tokens: "ecsplay-" and the offset in hexadecimal (opaque to callers, as ECS's are).
    const std::string& token = it->get_ref<const std::string&>();
    bool ok = token.rfind("ecsplay-", 0) == 0 && token.size() > 8 && token.size() <= 24;
    for (size_t i = 8; ok && i < token.size(); ++i) {
      char c = token[i];
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      from = from * 16 + static_cast<size_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    if (!ok || from > all.size()) return ApiError{"InvalidParameterException", "Invalid nextToken."};
  }
  Json page = Json::array();
  size_t end = std::min(all.size(), from + static_cast<size_t>(max));
  for (size_t i = from; i < end; ++i) page.push_back(all[i]);
  output[key] = page;
  if (end < all.size()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "ecsplay-%zx", end);
    output["nextToken"] = buf;
  }
  return std::nullopt;
}

void Engine::State::addFailure(Json failure) {
  std::vector<Json>& all = history->failures;
  if (failed < all.size()) {
    ++failed;
    return;
  }
  all.push_back(std::move(failure));
  failed = all.size();
}

const RegisteredTaskDefinition* Engine::State::snapshot(const RegisteredTaskDefinition& td) {
  std::unique_ptr<RegisteredTaskDefinition>& kept = history->definitions[td.arn];
  if (!kept) kept = std::make_unique<RegisteredTaskDefinition>(td);
  return kept.get();
}

Engine::Engine(const EngineConfig& config) : h_(std::make_unique<History>()), s_(std::make_unique<State>(config)) {
  s_->history = h_.get();
}
Engine::~Engine() = default;

SimTime Engine::now() const { return s_->now; }
SimTime Engine::frontier() const { return std::max(h_->frontier, s_->now); }
size_t Engine::checkpointCount() const { return h_->checkpoints.size(); }
LogView Engine::log() const { return LogView(h_->log.data(), s_->logged); }
size_t Engine::eventsProcessed() const { return s_->processed; }

std::string Engine::logLine(const LogEntry& e) const {
  Json line = Json::object();
  line["t"] = e.time;
  line["type"] = std::string(e.type);
  for (auto it = e.detail.begin(); it != e.detail.end(); ++it) line[it.key()] = it.value();
  return line.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void Engine::setBehaviour(const std::string& key, const ContainerBehaviour& behaviour) { s_->behaviours[key] = behaviour; }
void Engine::setImage(const std::string& image, const ImageBehaviour& behaviour) { s_->images[image] = behaviour; }

ApiReply Engine::call(std::string_view operation, const Json& input) {
  // A read (Describe*, List*) from outside changes nothing: it is neither journaled nor logged, so
  // a view may read at any point of the time slider without changing the future.
  bool read = operation.rfind("Describe", 0) == 0 || operation.rfind("List", 0) == 0;
  if (!h_->inStep && read) return s_->call(operation, input, false);
  if (!h_->inStep) {
    beginCommand();
    h_->journal.push_back({JournalEntry::Call, s_->now, std::string(operation), input});
    s_->journalNext = h_->journal.size();
  }
  return s_->call(operation, input);
}

ApiReply Engine::State::call(std::string_view operation, const Json& input, bool logged) {
  State& s = *this;
  ApiReply reply;
  const ApiOperation* op = findOperation(operation);
  if (!op) {
    reply.error = ApiError{"UnknownOperationException", "Unknown operation " + clip(std::string(operation), 60) + "."};
    return reply;
  }
  // The input is checked as the SDKs check it; the first problem is the error.
  Json in = input.is_null() ? Json::object() : input;
  if (op->input >= 0) {
    Findings shape;
    checkShape(in, shapeAt(op->input), "", shape);
    for (const Finding& f : shape) {
      if (f.severity == Severity::Error) {
        reply.error = ApiError{"InvalidParameterException", f.message};
        break;
      }
    }
  }
  if (!reply.error) {
    using Handler = ApiReply (State::*)(const Json&);
    static const std::pair<const char*, Handler> handlers[] = {
        {"CreateCluster", &State::createCluster},
        {"DeleteCluster", &State::deleteCluster},
        {"DescribeClusters", &State::describeClusters},
        {"ListClusters", &State::listClusters},
        {"DescribeContainerInstances", &State::describeContainerInstances},
        {"ListContainerInstances", &State::listContainerInstances},
        {"UpdateContainerInstancesState", &State::updateContainerInstancesState},
        {"DeregisterContainerInstance", &State::deregisterContainerInstance},
        {"RunTask", &State::runTask},
        {"StopTask", &State::stopTaskCall},
        {"DescribeTasks", &State::describeTasks},
        {"ListTasks", &State::listTasks},
        {"CreateService", &State::createService},
        {"UpdateService", &State::updateService},
        {"DeleteService", &State::deleteService},
        {"DescribeServices", &State::describeServices},
        {"ListServices", &State::listServices},
        {"CreateCapacityProvider", &State::createCapacityProvider},
        {"DescribeCapacityProviders", &State::describeCapacityProviders},
        {"PutClusterCapacityProviders", &State::putClusterCapacityProviders},
    };
    bool handled = false;
    for (const auto& [name, handler] : handlers) {
      if (operation == name) {
        reply = (s.*handler)(in);
        handled = true;
        break;
      }
    }
    if (!handled && operation == "RegisterContainerInstance") {
      reply = s.registerInstance(in);
      handled = true;
    }
    if (!handled && operation == "RegisterTaskDefinition") {
      RegisterResult r = s.registry.registerTaskDefinition(in, s.wallMs(s.now));
      if (r.error) reply.error = r.error;
      else reply.output = {{"taskDefinition", s.registry.describeJson(*r.registered)}};
      handled = true;
    }
    if (!handled && operation == "DescribeTaskDefinition") {
      ApiError e;
      std::string ref = in.value("taskDefinition", std::string());
      const RegisteredTaskDefinition* td = s.registry.describe(ref, e);
      if (!td) reply.error = e;
      else reply.output = {{"taskDefinition", s.registry.describeJson(*td)}};
      handled = true;
    }
    if (!handled && operation == "DeregisterTaskDefinition") {
      ApiError e;
      const RegisteredTaskDefinition* td = s.registry.deregister(in.value("taskDefinition", std::string()), s.wallMs(s.now), e);
      if (!td) reply.error = e;
      else reply.output = {{"taskDefinition", s.registry.describeJson(*td)}};
      handled = true;
    }
    if (!handled && operation == "ListTaskDefinitions") {
      Json arns = Json::array();
      for (const std::string& a : s.registry.list(in.value("familyPrefix", std::string()), in.value("status", std::string("ACTIVE")),
                                                  in.value("sort", std::string("ASC")) == "DESC")) {
        arns.push_back(a);
      }
      reply.output = {{"taskDefinitionArns", arns}};
      handled = true;
    }
    if (!handled && operation == "ListTaskDefinitionFamilies") {
      std::string status = in.value("status", std::string("ACTIVE"));
      FamilyStatus fs = status == "ALL" ? FamilyStatus::All : status == "INACTIVE" ? FamilyStatus::Inactive : FamilyStatus::Active;
      Json families = Json::array();
      for (const std::string& f : s.registry.families(in.value("familyPrefix", std::string()), fs)) families.push_back(f);
      reply.output = {{"families", families}};
      handled = true;
    }
    if (!handled) {
      reply.error = ApiError{"NotSimulated", std::string(operation) + " is not simulated by ecsplay yet."};
    }
  }
  if (!logged) return reply;
  Json detail = {{"operation", std::string(operation)}};
  if (reply.error) detail["error"] = reply.error->type + ": " + reply.error->message;
  s.record("ApiCall", detail);
  return reply;
}

ApiReply Engine::registerInstance(const Json& input) {
  if (!h_->inStep) {
    beginCommand();
    h_->journal.push_back({JournalEntry::RegisterInstance, s_->now, "", input});
    s_->journalNext = h_->journal.size();
  }
  return s_->registerInstance(input);
}

ApiReply Engine::createAutoScalingGroup(const Json& input) {
  if (!h_->inStep) {
    beginCommand();
    h_->journal.push_back({JournalEntry::AutoScalingGroup, s_->now, "", input});
    s_->journalNext = h_->journal.size();
  }
  return s_->createAutoScalingGroup(input);
}

ApiReply Engine::createTargetGroup(const Json& input) {
  if (!h_->inStep) {
    beginCommand();
    h_->journal.push_back({JournalEntry::TargetGroup, s_->now, "", input});
    s_->journalNext = h_->journal.size();
  }
  return s_->createTargetGroup(input);
}

ApiReply Engine::createScheduledTask(const Json& input) {
  if (!h_->inStep) {
    beginCommand();
    h_->journal.push_back({JournalEntry::ScheduledTask, s_->now, "", input});
    s_->journalNext = h_->journal.size();
  }
  return s_->createScheduledTask(input);
}

ApiReply Engine::fault(std::string_view name, const Json& input) {
  if (!h_->inStep) {
    beginCommand();
    h_->journal.push_back({JournalEntry::Fault, s_->now, std::string(name), input});
    s_->journalNext = h_->journal.size();
  }
  return s_->faultCommand(name, input);
}

ApiReply Engine::State::faultCommand(std::string_view name, const Json& input) {
  ApiReply r = fault(name, input);
  if (!r.ok()) {
    record("Fault", {{"fault", std::string(name)}, {"ec2InstanceId", input.value("ec2InstanceId", std::string())}, {"error", r.error->message}});
  }
  return r;
}

// A timeline entry: straight into the queue before the run starts; once it has (a checkpoint
// exists), through the journal, so a replay after seeking back schedules it again at the same point.
void Engine::scheduleEntry(SimTime at, int kind, const std::string& name, const Json& input) {
  if (!h_->inStep && !h_->checkpoints.empty()) {
    beginCommand();
    h_->journal.push_back({JournalEntry::Schedule, s_->now, name, Json{{"at", at}, {"kind", kind}, {"input", input}}});
    s_->journalNext = h_->journal.size();
  }
  h_->timeline.push_back({name, input});
  s_->schedule(at, static_cast<EventKind>(kind), h_->timeline.size() - 1, 0);
}

void Engine::scheduleCall(SimTime at, const std::string& operation, const Json& input) {
  scheduleEntry(at, static_cast<int>(EventKind::TimelineCall), operation, input);
}

void Engine::scheduleFault(SimTime at, const std::string& name, const Json& input) {
  scheduleEntry(at, static_cast<int>(EventKind::TimelineFault), name, input);
}

void Engine::scheduleWait(SimTime at, const std::string& waiter, const Json& input) {
  scheduleEntry(at, static_cast<int>(EventKind::TimelineWait), waiter, input);
}

void Engine::scheduleNote(SimTime at, const std::string& text) {
  scheduleEntry(at, static_cast<int>(EventKind::TimelineNote), "", Json(text));
}

void Engine::beginCommand() {
  State& s = *s_;
  History& h = *h_;
  if (s.now >= h.frontier && s.journalNext == h.journal.size()) return;
  // A command in the past: what had happened after it no longer does.
  h.journal.resize(s.journalNext);
  h.log.resize(s.logged);
  h.failures.resize(s.failed);
  while (!h.checkpoints.empty() && h.checkpoints.back().state->now > s.now) h.checkpoints.pop_back();
  h.frontier = s.now;
}

void Engine::checkpoint() {
  History& h = *h_;
  h.checkpointedAt = s_->processed;
  h.checkpointedLog = s_->logged;
  if (!h.checkpoints.empty() && h.checkpoints.back().state->processed >= s_->processed) return;  // have it
  History::Checkpoint cp;
  cp.state = std::make_unique<State>(*s_);
  h.checkpoints.push_back(std::move(cp));
}

void Engine::seek(SimTime t) {
  if (t < 0) t = 0;
  History& h = *h_;
  size_t k = 0;
  while (k + 1 < h.checkpoints.size() && h.checkpoints[k + 1].state->now <= t) ++k;
  // Forward: step, unless a checkpoint on the way gets there sooner (the time slider moving ahead
  // over time already simulated).
  if (t >= s_->now && (h.checkpoints.empty() || h.checkpoints[k].state->processed <= s_->processed)) {
    step(t);
    return;
  }
  if (h.checkpoints.empty()) return;  // nothing has run: the clock cannot be before now
  const History::Checkpoint& cp = h.checkpoints[k];
  *s_ = *cp.state;
  s_->history = h_.get();
  h.checkpointedAt = s_->processed;
  h.checkpointedLog = s_->logged;
  step(t);
}

namespace {

// Timeline inputs may name what the run created, since its ids are not known in advance:
// "@task:N" is the ARN of the N-th task created (1-based), "@instance:N" the N-th container
// instance registered. False, with the reason, when a reference names nothing (yet).
bool resolveReferences(const Engine::State& s, Json& v, std::string& error) {
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    bool task = text.rfind("@task:", 0) == 0, instance = text.rfind("@instance:", 0) == 0;
    if (!task && !instance) return true;  // "@oncall" in a reason is just text
    std::string digits = text.substr(task ? 6 : instance ? 10 : text.size());
    size_t n = 0;
    bool ok = !digits.empty() && digits.size() <= 9;
    for (char c : digits) {
      ok = ok && c >= '0' && c <= '9';
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    if (!ok || n == 0) {
      error = "\"" + clip(text, 40) + "\" is not a reference ecsplay knows (\"@task:N\" or \"@instance:N\", counting from 1).";
      return false;
    }
    if (task && n <= s.tasks.size()) v = s.tasks[n - 1].arn;
    else if (instance && n <= s.instances.size()) v = s.instances[n - 1].arn;
    else {
      error = clip(text, 40) + " names nothing yet: the run has created " + std::to_string(task ? s.tasks.size() : s.instances.size()) +
              (task ? " task(s)." : " container instance(s).");
      return false;
    }
    return true;
  }
  if (v.is_object() || v.is_array()) {
    for (Json& child : v) {
      if (!resolveReferences(s, child, error)) return false;
    }
  }
  return true;
}

}  // namespace

void Engine::step(SimTime until) {
  State& s = *s_;
  History& h = *h_;
  if (h.checkpoints.empty()) checkpoint();  // the state before anything ran
  h.inStep = true;
  for (;;) {
    // Queue events up to the next journaled command, then the command: a command given at time T
    // was given after every event up to T had run.
    bool commandDue = s.journalNext < h.journal.size() && h.journal[s.journalNext].at <= until;
    SimTime limit = commandDue ? h.journal[s.journalNext].at : until;
    while (!s.queue.empty() && s.queue.nextTime() <= limit) {
      if (s.processed - h.checkpointedAt >= kCheckpointEvents || s.logged - h.checkpointedLog >= kCheckpointLogEntries) checkpoint();
      SimEvent e = s.queue.pop();
      s.now = e.time;
      ++s.processed;
      if (e.kind == static_cast<uint32_t>(EventKind::HealthCheck)) {
        // The hot path (most events of a long run), dispatched first: in WebAssembly the longer
        // way through onEvent cost 20 % of the health-check day.
        s.healthCheck(static_cast<uint32_t>(e.subject), e.generation);
      } else if (e.kind == static_cast<uint32_t>(EventKind::TimelineCall)) {
        const TimelineEntry& t = h.timeline[static_cast<size_t>(e.subject)];
        Json input = t.input;
        std::string error;
        if (resolveReferences(s, input, error)) s.call(t.name, input);
        else s.record("ApiCall", {{"operation", t.name}, {"error", "InvalidParameterException: " + error}});
      } else if (e.kind == static_cast<uint32_t>(EventKind::TimelineFault)) {
        const TimelineEntry& t = h.timeline[static_cast<size_t>(e.subject)];
        s.faultCommand(t.name, t.input);
      } else if (e.kind == static_cast<uint32_t>(EventKind::TimelineWait)) {
        const TimelineEntry& t = h.timeline[static_cast<size_t>(e.subject)];
        Json input = t.input;
        std::string error;
        if (resolveReferences(s, input, error)) s.startWaiter(t.name, input);
        else s.record("WaiterFailed", {{"waiter", t.name}, {"attempts", 0}, {"reason", "InvalidParameterException: " + error}});
      } else if (e.kind == static_cast<uint32_t>(EventKind::TimelineNote)) {
        s.record("Note", {{"text", h.timeline[static_cast<size_t>(e.subject)].input}});
      } else {
        s.onEvent(e);
      }
    }
    if (!commandDue) break;
    JournalEntry j = h.journal[s.journalNext++];
    if (j.at > s.now) s.now = j.at;
    switch (j.kind) {
      case JournalEntry::Call: s.call(j.name, j.input); break;
      case JournalEntry::RegisterInstance: s.registerInstance(j.input); break;
      case JournalEntry::AutoScalingGroup: s.createAutoScalingGroup(j.input); break;
      case JournalEntry::ScheduledTask: s.createScheduledTask(j.input); break;
      case JournalEntry::TargetGroup: s.createTargetGroup(j.input); break;
      case JournalEntry::Fault: s.faultCommand(j.name, j.input); break;
      case JournalEntry::Schedule:
        h.timeline.push_back({j.name, j.input["input"]});
        s.schedule(j.input["at"].get<SimTime>(), static_cast<EventKind>(j.input["kind"].get<int>()), h.timeline.size() - 1, 0);
        break;
    }
  }
  h.inStep = false;
  if (until > s.now) s.now = until;
  if (s.now > h.frontier) h.frontier = s.now;
}

ApiReply Engine::containerRuntime(const std::string& cluster, const std::string& task, const std::string& container) const {
  const State& s = *s_;
  ApiReply r;
  int c = s.clusterByName(cluster.empty() ? "default" : cluster);
  int k = c < 0 ? -1 : s.findTask(c, task);
  if (k < 0) {
    r.error = ApiError{"InvalidParameterException", "The referenced task was not found."};
    return r;
  }
  const TaskRec& t = s.tasks[static_cast<size_t>(k)];
  if (t.waitingForCapacity) {
    // PROVISIONING without capacity: "the task and its containers do not exist yet" (ECS-FACTS.md).
    r.error = ApiError{"InvalidParameterException", "The task is waiting for capacity: its containers do not exist yet."};
    return r;
  }
  for (const ContainerRec& rec : t.containers) {
    if (rec.name == container) {
      r.output = s.containerRuntime(t, rec);
      return r;
    }
  }
  r.error = ApiError{"InvalidParameterException", "The task has no container named " + clip(container, 60) + "."};
  return r;
}

Json Engine::stateJson() const {
  const State& s = *s_;
  Json clusters = Json::array(), instances = Json::array(), tasks = Json::array();
  for (size_t c = 0; c < s.clusters.size(); ++c) clusters.push_back(s.clusterJson(static_cast<int>(c)));
  for (size_t i = 0; i < s.instances.size(); ++i) instances.push_back(s.instanceJson(static_cast<int>(i)));
  for (const TaskRec& t : s.tasks) {
    // Stopped tasks stay describable for at least an hour, as in DescribeTasks.
    if (t.stoppedAt && s.now - *t.stoppedAt > 3600000) continue;
    tasks.push_back(s.taskJson(t));
  }
  Json failures = Json::array(), services = Json::array();
  for (size_t k = 0; k < s.failed; ++k) failures.push_back(h_->failures[k]);
  for (size_t k = 0; k < s.services.size(); ++k) services.push_back(s.serviceJson(static_cast<int>(k)));
  // Target groups with their targets' health (what ELB's DescribeTargetHealth tells).
  Json groups = Json::array();
  for (size_t g = 0; g < s.targetGroups.size(); ++g) {
    const TargetGroupRec& tg = s.targetGroups[g];
    Json targets = Json::array();
    for (const ServiceRec& svc : s.services) {
      if (svc.targetGroup != static_cast<int>(g)) continue;
      for (int k : svc.taskIndexes) {
        const TaskRec& t = s.tasks[static_cast<size_t>(k)];
        if (t.target != TargetState::None) targets.push_back({{"task", t.id}, {"service", svc.name}, {"state", targetStateName(t.target)}});
      }
    }
    groups.push_back({{"targetGroupName", tg.name},
                      {"targetGroupArn", tg.arn},
                      {"healthCheckIntervalSeconds", tg.intervalSeconds},
                      {"healthyThresholdCount", tg.healthyThreshold},
                      {"unhealthyThresholdCount", tg.unhealthyThreshold},
                      {"deregistrationDelaySeconds", tg.deregistrationDelaySeconds},
                      {"targets", targets}});
  }
  return {{"clusters", clusters}, {"containerInstances", instances}, {"tasks", tasks}, {"services", services},
          {"failures", failures}, {"targetGroups", groups}};
}

}  // namespace ecsplay
