// ecsplay/waiters.h — the AWS CLI's ECS waiters (`aws ecs wait services-stable`, ...), exactly as
// botocore defines them (../shared/data/botocore-ecs/waiters-2.json; a test keeps the copy here
// equal to it): the operation to poll, the delay between polls, the attempts, and acceptors whose
// arguments are JMESPath expressions. The engine runs them in simulated time (a scenario's
// timeline "wait" entries; see docs/scenario-format.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ecsplay/engine.h"
#include "ecsplay/jmespath.h"

namespace ecsplay {

struct WaiterAcceptor {
  std::string matcher;   // "path", "pathAll", "pathAny", "error"
  std::string argument;  // a JMESPath expression (path matchers) or an error code
  std::string state;     // "success", "failure" or "retry"
  Json expected;
  jmespath::Expression expression;  // argument, compiled
  bool compiled = true;             // false: the argument is not valid JMESPath (the waiter fails)
};

struct WaiterDefinition {
  std::string name;     // botocore's: "ServicesStable"
  std::string command;  // the CLI's: "services-stable"
  std::string operation;
  int delaySeconds = 15, maxAttempts = 40;
  std::vector<WaiterAcceptor> acceptors;
};

// ServicesInactive, ServicesStable, TasksRunning, TasksStopped: the ECS waiters of the CLI.
const std::vector<WaiterDefinition>& ecsWaiters();
// By either name ("services-stable" or "ServicesStable"); nullptr when unknown.
const WaiterDefinition* findWaiter(std::string_view name);
// The definitions as botocore's JSON ({"version": 2, "waiters": {...}}), for the test that
// compares them with waiters-2.json.
Json ecsWaitersJson();

enum class WaiterState { Retry, Success, Failure };
struct WaiterVerdict {
  WaiterState state = WaiterState::Retry;
  std::string reason;  // botocore's explanation, e.g. "For expression \"...\" we matched expected path: \"MISSING\" at least once"
};
// The first acceptor that matches one poll's reply decides (botocore's rules); none: retry. An
// error no acceptor expects is a failure ("An error occurred (Type): message").
WaiterVerdict judgeWaiterReply(const WaiterDefinition& waiter, const ApiReply& reply);

}  // namespace ecsplay
