// ecsplay/scenario.h — a whole simulated run in one JSON document (docs/scenario-format.md).
//
//   {"ecsplay": 1, "seed": 7, "region": "us-east-1", "until": "30m",
//    "clusters": [CreateCluster inputs], "containerInstances": [DescribeContainerInstances-like],
//    "taskDefinitions": [RegisterTaskDefinition inputs], "images": {"nginx:1.25": {"pullTime": "20s"}},
//    "containerBehaviour": {"web/app": {"exitCode": 3, "exitAfter": "60s"}},
//    "timeline": [{"at": "90s", "call": "RunTask", "input": {...}},
//                 {"at": "5m", "fault": "TerminateInstance", "ec2InstanceId": "i-0a1"},
//                 {"at": "6m", "note": "text shown in the timeline"}]}
//
// loadScenario checks the whole document first — unknown keys, wrong types, API inputs against the
// ECS API's shapes, durations, behaviour fields — and reports every problem with the entry and
// field it is in ("timeline[2].input.count: ..."). Only a scenario without errors gets an Engine,
// set up at time 0 with the timeline scheduled; nothing runs until the caller steps it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ecsplay/engine.h"
#include "ecsplay/json_input.h"

namespace ecsplay {

struct ScenarioError {
  std::string path;     // "containerInstances[1].instanceType", "" for the whole document
  std::string message;
};

struct ScenarioOptions {
  std::optional<uint64_t> seed;  // replaces the scenario's seed
};

struct LoadedScenario {
  std::unique_ptr<Engine> engine;  // null when there are errors
  std::vector<ScenarioError> errors;
  std::string name, description;
  std::optional<SimTime> until;    // the scenario's own "until"
  uint64_t seed = 1;
  bool ok() const { return engine != nullptr; }
};

LoadedScenario loadScenario(const Json& scenario, const ScenarioOptions& options = {});

// "timeline[2].at: ..." — an error as one line.
std::string formatScenarioError(const ScenarioError& e);

}  // namespace ecsplay
