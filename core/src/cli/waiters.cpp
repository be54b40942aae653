// The ECS waiters (see ecsplay/waiters.h): their definitions and verdicts, and the engine polling
// one in simulated time (State::startWaiter / pollWaiter).
#include "ecsplay/waiters.h"

#include "sim/state.h"

namespace ecsplay {
namespace {

// botocore's definitions of the four waiters the AWS CLI has for ECS services and tasks, as in
// waiters-2.json (the Daemon* waiters there are for an API this model does not have).
constexpr const char* kWaitersJson = R"json({
  "version": 2,
  "waiters": {
    "ServicesInactive": {"delay": 15, "maxAttempts": 40, "operation": "DescribeServices", "acceptors": [
      {"matcher": "pathAny", "argument": "failures[].reason", "state": "failure", "expected": "MISSING"},
      {"matcher": "pathAny", "argument": "services[].status", "state": "success", "expected": "INACTIVE"}]},
    "ServicesStable": {"delay": 15, "maxAttempts": 40, "operation": "DescribeServices", "acceptors": [
      {"matcher": "pathAny", "argument": "failures[].reason", "state": "failure", "expected": "MISSING"},
      {"matcher": "pathAny", "argument": "services[].status", "state": "failure", "expected": "DRAINING"},
      {"matcher": "pathAny", "argument": "services[].status", "state": "failure", "expected": "INACTIVE"},
      {"matcher": "path", "argument": "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
       "state": "success", "expected": true}]},
    "TasksRunning": {"delay": 6, "maxAttempts": 100, "operation": "DescribeTasks", "acceptors": [
      {"matcher": "pathAny", "argument": "tasks[].lastStatus", "state": "failure", "expected": "STOPPED"},
      {"matcher": "pathAny", "argument": "failures[].reason", "state": "failure", "expected": "MISSING"},
      {"matcher": "pathAll", "argument": "tasks[].lastStatus", "state": "success", "expected": "RUNNING"}]},
    "TasksStopped": {"delay": 6, "maxAttempts": 100, "operation": "DescribeTasks", "acceptors": [
      {"matcher": "pathAll", "argument": "tasks[].lastStatus", "state": "success", "expected": "STOPPED"}]}
  }
})json";

// "ServicesStable" -> "services-stable"
std::string commandName(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '-';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// The expected value as botocore's messages print it (Python's str(): True, not true).
std::string text(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>() ? "True" : "False";
  return j.dump();
}

}  // namespace

Json ecsWaitersJson() { return Json::parse(kWaitersJson, nullptr, false); }

const std::vector<WaiterDefinition>& ecsWaiters() {
  static const std::vector<WaiterDefinition> all = [] {
    std::vector<WaiterDefinition> out;
    Json doc = ecsWaitersJson();
    for (auto it = doc["waiters"].begin(); it != doc["waiters"].end(); ++it) {
      WaiterDefinition w;
      w.name = it.key();
      w.command = commandName(w.name);
      w.operation = (*it)["operation"].get<std::string>();
      w.delaySeconds = (*it)["delay"].get<int>();
      w.maxAttempts = (*it)["maxAttempts"].get<int>();
      for (const Json& a : (*it)["acceptors"]) {
        WaiterAcceptor acc;
        acc.matcher = a["matcher"].get<std::string>();
        acc.argument = a["argument"].get<std::string>();
        acc.state = a["state"].get<std::string>();
        acc.expected = a["expected"];
        if (acc.matcher != "error") {
          jmespath::CompileResult c = jmespath::compile(acc.argument);
          acc.compiled = c.ok();  // botocore's expressions compile (tested)
          if (c.ok()) acc.expression = *c.expression;
        }
        w.acceptors.push_back(acc);
      }
      out.push_back(w);
    }
    return out;
  }();
  return all;
}

const WaiterDefinition* findWaiter(std::string_view name) {
  for (const WaiterDefinition& w : ecsWaiters()) {
    if (name == w.name || name == w.command) return &w;
  }
  return nullptr;
}

WaiterVerdict judgeWaiterReply(const WaiterDefinition& waiter, const ApiReply& reply) {
  for (const WaiterAcceptor& a : waiter.acceptors) {
    bool matched = false;
    std::string explanation;
    if (!a.compiled) return {WaiterState::Failure, "The acceptor's expression \"" + a.argument + "\" is not valid JMESPath"};
    if (a.matcher == "error") {
      // botocore: an error code, or true (any error) / false (no error).
      matched = a.expected.is_boolean() ? reply.ok() != a.expected.get<bool>() : !reply.ok() && reply.error->type == text(a.expected);
      explanation = "Matched expected service error code: " + text(a.expected);
    } else if (reply.ok()) {
      jmespath::SearchResult r = jmespath::search(a.expression, reply.output);
      if (!r.ok) continue;
      if (a.matcher == "path") {
        matched = jmespath::equal(r.value, a.expected);
        explanation = "For expression \"" + a.argument + "\" we matched expected path: \"" + text(a.expected) + "\"";
      } else if (a.matcher == "pathAll" || a.matcher == "pathAny") {
        if (!r.value.is_array() || r.value.empty()) continue;
        bool all = true, any = false;
        for (const Json& v : r.value) {
          bool eq = jmespath::equal(v, a.expected);
          all = all && eq;
          any = any || eq;
        }
        matched = a.matcher == "pathAll" ? all : any;
        // botocore's words, its typo ("excepted") included.
        explanation = a.matcher == "pathAll"
                          ? "For expression \"" + a.argument + "\" all members matched excepted path: \"" + text(a.expected) + "\""
                          : "For expression \"" + a.argument + "\" we matched expected path: \"" + text(a.expected) + "\" at least once";
      }
    }
    if (!matched) continue;
    if (a.state == "success") return {WaiterState::Success, explanation};
    if (a.state == "failure") return {WaiterState::Failure, "Waiter encountered a terminal failure state: " + explanation};
    return {WaiterState::Retry, explanation};
  }
  if (!reply.ok()) return {WaiterState::Failure, "An error occurred (" + reply.error->type + "): " + reply.error->message};
  return {WaiterState::Retry, ""};
}

// A waiter in the engine: the first poll at once, then every delay, as the AWS CLI polls (its
// reads are not logged; the outcome is).
void Engine::State::startWaiter(const std::string& name, const Json& input) {
  const WaiterDefinition* def = findWaiter(name);
  if (!def) {
    record("WaiterFailed", {{"waiter", name}, {"attempts", 0}, {"reason", "Unknown waiter " + clip(name, 60) + "."}});
    return;
  }
  waiters.push_back({def, input, 0, now, ""});
  record("WaiterStarted", {{"waiter", def->command}, {"operation", def->operation}, {"delaySeconds", def->delaySeconds}, {"maxAttempts", def->maxAttempts}});
  pollWaiter(static_cast<int>(waiters.size()) - 1);
}

void Engine::State::pollWaiter(int index) {
  WaiterRec& w = waiters[static_cast<size_t>(index)];
  const WaiterDefinition& def = *w.definition;
  ++w.attempts;
  ApiReply reply = call(def.operation, w.input, false);
  WaiterVerdict v = judgeWaiterReply(def, reply);
  WaiterRec& after = waiters[static_cast<size_t>(index)];
  if (v.state == WaiterState::Success) {
    record("WaiterSucceeded", {{"waiter", def.command}, {"attempts", after.attempts}, {"waitedMs", now - after.startedAt}});
    return;
  }
  std::string failure;
  if (v.state == WaiterState::Failure) {
    failure = v.reason;
  } else {
    if (!v.reason.empty()) after.lastRetry = v.reason;
    if (after.attempts >= def.maxAttempts) {
      failure = "Max attempts exceeded";
      if (!after.lastRetry.empty()) failure += ". Previously accepted state: " + after.lastRetry;
    }
  }
  if (!failure.empty()) {
    record("WaiterFailed", {{"waiter", def.command}, {"attempts", after.attempts}, {"reason", "Waiter " + def.name + " failed: " + failure}});
    return;
  }
  schedule(now + static_cast<SimTime>(def.delaySeconds) * 1000, EventKind::WaiterPoll, static_cast<uint64_t>(index), 0);
}

}  // namespace ecsplay
