// A small simulated account for the engine's tests: a cluster, instances, task definitions, and
// readers over the event log.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "ecsplay/engine.h"
#include "ecsplay/json_input.h"

namespace ecsplay::test {

inline Json parse(const std::string& text) {
  JsonParseResult r = parseJsonText(text);
  EXPECT_TRUE(r.ok) << "test JSON does not parse: " << text;
  return r.value;
}

class World {
 public:
  explicit World(uint64_t seed = 1) : engine(config(seed)) {}

  static EngineConfig config(uint64_t seed) {
    EngineConfig c;
    c.seed = seed;
    return c;
  }

  ApiReply call(const std::string& op, const char* input) { return engine.call(op, parse(input)); }
  ApiReply call(const std::string& op, const std::string& input) { return engine.call(op, parse(input)); }
  ApiReply call(const std::string& op, const Json& input) { return engine.call(op, input); }

  void cluster(const std::string& name = "demo") {
    ApiReply r = engine.call("CreateCluster", Json{{"clusterName", name}});
    ASSERT_TRUE(r.ok()) << r.error->message;
  }
  std::string instance(const std::string& type = "m5.large", const std::string& zone = "us-east-1a", const std::string& id = "",
                       const std::string& cluster = "demo") {
    Json in = {{"cluster", cluster}, {"instanceType", type}, {"availabilityZone", zone}};
    if (!id.empty()) in["ec2InstanceId"] = id;
    ApiReply r = engine.registerInstance(in);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
    return r.ok() ? r.output["containerInstance"]["ec2InstanceId"].get<std::string>() : "";
  }
  void taskDefinition(const std::string& json) {
    ApiReply r = call("RegisterTaskDefinition", json);
    ASSERT_TRUE(r.ok()) << r.error->message;
  }
  // RunTask; returns the first task's id ("" when none was started).
  std::string run(const std::string& input) {
    ApiReply r = call("RunTask", input);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->type + ": " + r.error->message : "");
    if (!r.ok() || r.output["tasks"].empty()) return "";
    std::string arn = r.output["tasks"][0]["taskArn"].get<std::string>();
    return arn.substr(arn.rfind('/') + 1);
  }
  Json task(const std::string& id, const std::string& cluster = "demo") {
    ApiReply r = engine.call("DescribeTasks", Json{{"cluster", cluster}, {"tasks", Json::array({id})}});
    EXPECT_TRUE(r.ok());
    if (!r.ok() || r.output["tasks"].empty()) return Json();
    return r.output["tasks"][0];
  }
  Json container(const std::string& id, const std::string& name) {
    Json t = task(id);
    for (const Json& c : t["containers"]) {
      if (c["name"] == name) return c;
    }
    return Json();
  }
  void step(const std::string& duration) {
    SimTime t = 0;
    ASSERT_TRUE(parseDuration(duration, t));
    engine.step(t);
  }
  // The lastStatus values the task went through, from the log.
  std::vector<std::string> states(const std::string& id) const {
    std::vector<std::string> out = {"PROVISIONING"};
    for (const LogEntry& e : engine.log()) {
      if (e.type == "TaskStateChange" && e.detail.value("task", "") == id) out.push_back(e.detail["to"].get<std::string>());
    }
    return out;
  }
  // When the task's lastStatus became `status` (-1: never).
  SimTime when(const std::string& id, const std::string& status) const {
    for (const LogEntry& e : engine.log()) {
      if (e.type == "TaskStateChange" && e.detail.value("task", "") == id && e.detail["to"] == status) return e.time;
    }
    return -1;
  }
  // When a log entry of this type about this task (and container) happened, with `key` == `value`.
  SimTime whenLogged(const std::string& type, const std::string& id, const std::string& container, const std::string& key,
                     const Json& value) const {
    for (const LogEntry& e : engine.log()) {
      if (e.type != type || e.detail.value("task", "") != id) continue;
      if (!container.empty() && e.detail.value("container", "") != container) continue;
      if (e.detail.contains(key) && e.detail[key] == value) return e.time;
    }
    return -1;
  }
  size_t count(const std::string& type) const {
    size_t n = 0;
    for (const LogEntry& e : engine.log()) n += e.type == type;
    return n;
  }
  std::string logText() const {
    std::string out;
    for (const LogEntry& e : engine.log()) out += engine.logLine(e) + "\n";
    return out;
  }

  Engine engine;
};

// A bridge-mode web task: one essential container, 256 CPU units, 512 MiB.
inline const char* kWeb = R"({"family": "web", "containerDefinitions": [
  {"name": "app", "image": "nginx:1.25", "cpu": 256, "memory": 512, "essential": true}]})";

}  // namespace ecsplay::test
