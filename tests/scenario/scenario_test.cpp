// Loading scenarios: every problem named by entry and field, nothing runs when there is one; a
// good scenario sets up the account and schedules its timeline.
#include <gtest/gtest.h>

#include "ecsplay/scenario.h"
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

LoadedScenario load(const std::string& text, ScenarioOptions options = {}) { return loadScenario(parse(text), options); }

// The error at `path`, or "" when there is none.
std::string errorAt(const LoadedScenario& s, const std::string& path) {
  for (const ScenarioError& e : s.errors) {
    if (e.path == path) return e.message;
  }
  return "";
}

std::string allErrors(const LoadedScenario& s) {
  std::string out;
  for (const ScenarioError& e : s.errors) out += formatScenarioError(e) + "\n";
  return out;
}

const char* kGood = R"({"ecsplay": 1, "name": "demo", "seed": 3, "until": "10m",
  "clusters": [{"clusterName": "demo"}],
  "containerInstances": [{"cluster": "demo", "instanceType": "m5.large", "availabilityZone": "us-east-1b", "count": 3}],
  "taskDefinitions": [{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256}]}],
  "containerBehaviour": {"web/app": {"exitCode": 2, "exitAfter": "2m"}},
  "images": {"nginx": {"pullTime": "30s"}},
  "timeline": [{"at": "1m", "call": "RunTask", "input": {"cluster": "demo", "taskDefinition": "web"}},
               {"at": "1m", "note": "hello"}]})";

TEST(Scenario, AGoodScenarioSetsUpTheAccountAndSchedulesItsTimeline) {
  LoadedScenario s = load(kGood);
  ASSERT_TRUE(s.ok()) << allErrors(s);
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(*s.until, 600000);
  Json state = s.engine->stateJson();
  EXPECT_EQ(state["containerInstances"].size(), 3u);
  EXPECT_EQ(state["containerInstances"][0]["attributes"].dump().find("us-east-1b") != std::string::npos, true);
  EXPECT_TRUE(state["tasks"].empty());  // nothing runs before stepping
  s.engine->step(600000);
  state = s.engine->stateJson();
  ASSERT_EQ(state["tasks"].size(), 1u);
  EXPECT_EQ(state["tasks"][0]["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(state["tasks"][0]["containers"][0]["exitCode"], 2);
  // The image table's pull time: pulled 30 s after PENDING.
  EXPECT_NEAR(state["tasks"][0]["pullStoppedAt"].get<double>() - state["tasks"][0]["pullStartedAt"].get<double>(), 30.0, 0.001);
}

TEST(Scenario, TheSeedOptionReplacesTheScenarioSeed) {
  LoadedScenario a = load(kGood), b = load(kGood, ScenarioOptions{uint64_t(99)});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b.seed, 99u);
  a.engine->step(600000);
  b.engine->step(600000);
  EXPECT_NE(a.engine->stateJson()["tasks"][0]["taskArn"], b.engine->stateJson()["tasks"][0]["taskArn"]);
}

TEST(Scenario, ItMustSayWhichVersionOfTheFormatItIs) {
  EXPECT_NE(errorAt(load("{}"), "ecsplay"), "");
  EXPECT_NE(errorAt(load(R"({"ecsplay": 2})"), "ecsplay"), "");
  EXPECT_NE(errorAt(load("[1, 2]"), ""), "");
}

TEST(Scenario, AnUnknownKeyIsNamedWithWhatTheEntryTakes) {
  LoadedScenario s = load(R"({"ecsplay": 1, "clustres": []})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "clustres").find("takes ecsplay, name"), std::string::npos) << allErrors(s);
}

TEST(Scenario, ApiInputsAreCheckedAgainstTheEcsShapes) {
  LoadedScenario s = load(R"({"ecsplay": 1, "clusters": [{"clusterName": "a"}],
    "timeline": [{"at": "1m", "call": "RunTask", "input": {"cluster": "a", "taskDefinition": "web", "count": "two"}}]})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "timeline[0].input.count"), "") << allErrors(s);
}

TEST(Scenario, AnUnknownOperationOrFaultIsNamed) {
  LoadedScenario s = load(R"({"ecsplay": 1, "timeline": [{"at": "1m", "call": "RunTasks"},
    {"at": "2m", "fault": "Meteor", "ec2InstanceId": "i-1"}, {"at": "3m"}]})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "timeline[0].call").find("RunTasks"), std::string::npos);
  EXPECT_NE(errorAt(s, "timeline[1].fault").find("TerminateInstance"), std::string::npos);
  EXPECT_NE(errorAt(s, "timeline[2]"), "");
}

TEST(Scenario, BadDurationsAreNamed) {
  LoadedScenario s = load(R"({"ecsplay": 1, "until": "forever", "timeline": [{"at": -5, "note": "x"}],
    "containerBehaviour": {"web/app": {"exitAfter": "1 minute"}}})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "until"), "");
  EXPECT_NE(errorAt(s, "timeline[0].at"), "");
  EXPECT_NE(errorAt(s, "containerBehaviour.web/app.exitAfter"), "") << allErrors(s);
}

TEST(Scenario, BehaviourKeysAndFieldsAreChecked) {
  LoadedScenario s = load(R"({"ecsplay": 1, "containerBehaviour": {"web": {}, "web/app": {"exitCode": 300, "colour": "red"}}})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "containerBehaviour.web"), "");
  EXPECT_NE(errorAt(s, "containerBehaviour.web/app.exitCode"), "");
  EXPECT_NE(errorAt(s, "containerBehaviour.web/app.colour"), "") << allErrors(s);
}

TEST(Scenario, WhatEcsRefusesAtSetUpIsAnErrorOfThatEntry) {
  LoadedScenario s = load(R"({"ecsplay": 1, "clusters": [{"clusterName": "demo"}],
    "containerInstances": [{"cluster": "demo", "instanceType": "x9.huge"}, {"cluster": "elsewhere", "instanceType": "m5.large"}],
    "taskDefinitions": [{"family": "bad", "containerDefinitions": []}]})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "containerInstances[0]").find("x9.huge"), std::string::npos) << allErrors(s);
  EXPECT_NE(errorAt(s, "containerInstances[1]").find("elsewhere"), std::string::npos);
  EXPECT_NE(errorAt(s, "taskDefinitions[0]"), "");
}

TEST(Scenario, WrongTypesAreNamedNotCrashed) {
  LoadedScenario s = load(R"({"ecsplay": 1, "seed": "seven", "region": 5, "clusters": {"a": 1},
    "containerInstances": [7, {"count": 1e9}], "images": [], "timeline": "soon"})");
  ASSERT_FALSE(s.ok());
  for (const char* path : {"seed", "region", "clusters", "containerInstances[0]", "containerInstances[1].count", "images", "timeline"}) {
    EXPECT_NE(errorAt(s, path), "") << path << "\n" << allErrors(s);
  }
}

TEST(Scenario, WhatIsNotSimulatedYetSaysSo) {
  LoadedScenario s = load(R"({"ecsplay": 1, "clusters": [{"clusterName": "demo"}],
    "taskDefinitions": [{"family": "agent", "containerDefinitions": [{"name": "a", "image": "agent", "memory": 64}]}],
    "services": [{"cluster": "demo", "serviceName": "agent", "taskDefinition": "agent", "desiredCount": 1,
                  "serviceConnectConfiguration": {"enabled": true}}]})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(errorAt(s, "services[0]").find("not simulated"), std::string::npos) << allErrors(s);
}

TEST(Scenario, InstancesMayGiveTypeAndZoneAsAttributesAndTheirOwnResources) {
  LoadedScenario s = load(R"({"ecsplay": 1, "clusters": [{"clusterName": "demo"}],
    "containerInstances": [{"cluster": "demo", "ec2InstanceId": "i-0a1", "status": "DRAINING",
      "attributes": [{"name": "ecs.instance-type", "value": "c5.large"}, {"name": "ecs.availability-zone", "value": "us-east-1c"},
                     {"name": "stack", "value": "prod"}],
      "registeredResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 1024}]}]})");
  ASSERT_TRUE(s.ok()) << allErrors(s);
  Json ci = s.engine->stateJson()["containerInstances"][0];
  EXPECT_EQ(ci["status"], "DRAINING");
  EXPECT_EQ(ci["registeredResources"][0]["integerValue"], 1024);
  std::string attrs = ci["attributes"].dump();
  EXPECT_NE(attrs.find("\"c5.large\""), std::string::npos);
  EXPECT_NE(attrs.find("\"us-east-1c\""), std::string::npos);
  EXPECT_NE(attrs.find("\"prod\""), std::string::npos);
}

TEST(Scenario, ATimelineCallThatEcsRefusesIsLoggedNotFatal) {
  LoadedScenario s = load(R"({"ecsplay": 1, "timeline": [{"at": "1m", "call": "RunTask", "input": {"cluster": "ghost", "taskDefinition": "x"}}]})");
  ASSERT_TRUE(s.ok()) << allErrors(s);
  s.engine->step(120000);
  bool found = false;
  for (const LogEntry& e : s.engine->log()) {
    found = found || (e.type == "ApiCall" && e.detail.value("error", "").find("ClusterNotFoundException") != std::string::npos);
  }
  EXPECT_TRUE(found);
}

TEST(Scenario, TimelineReferencesNameWhatTheRunCreatedOtherAtSignsAreText) {
  LoadedScenario s = load(R"({"ecsplay": 1, "clusters": [{"clusterName": "demo"}],
    "containerInstances": [{"cluster": "demo", "instanceType": "m5.large"}],
    "taskDefinitions": [{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256}]}],
    "timeline": [{"at": "10s", "call": "RunTask", "input": {"cluster": "demo", "taskDefinition": "web"}},
                 {"at": "1m", "call": "StopTask", "input": {"cluster": "demo", "task": "@task:1", "reason": "@oncall asked"}},
                 {"at": "2m", "call": "StopTask", "input": {"cluster": "demo", "task": "@task:7"}},
                 {"at": "2m", "call": "StopTask", "input": {"cluster": "demo", "task": "@task:x"}}]})");
  ASSERT_TRUE(s.ok()) << allErrors(s);
  s.engine->step(180000);
  Json st = s.engine->stateJson();
  EXPECT_EQ(st["tasks"][0]["stoppedReason"], "@oncall asked");
  std::vector<std::string> errors;
  for (const LogEntry& e : s.engine->log()) {
    if (e.type == "ApiCall" && e.detail.contains("error")) errors.push_back(e.detail["error"].get<std::string>());
  }
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("@task:7 names nothing yet: the run has created 1 task(s)."), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("is not a reference ecsplay knows"), std::string::npos) << errors[1];
}

TEST(Scenario, CapacitySchedulesAndGroupsAreChecked) {
  LoadedScenario s = load(R"j({"ecsplay": 1, "clusters": [{"clusterName": "demo"}],
    "autoScalingGroups": [{"autoScalingGroupName": "g", "cluster": "demo", "instanceType": "m5.large", "maxSize": "ten"}],
    "capacityProviders": [{"name": "cp", "autoScalingGroupProvider": {"autoScalingGroupArn": 5}}],
    "schedules": [{"name": "s", "scheduleExpression": "rate(1 minutes)", "target": {"cluster": "demo"}}],
    "timeline": [{"at": "1m", "fault": "FargateSpotCapacity"}]})j");
  ASSERT_FALSE(s.ok());
  for (const char* path : {"autoScalingGroups[0].maxSize", "capacityProviders[0].autoScalingGroupProvider.autoScalingGroupArn",
                           "schedules[0].scheduleExpression", "schedules[0].target.taskDefinition", "timeline[0].available"}) {
    EXPECT_NE(errorAt(s, path), "") << path << "\n" << allErrors(s);
  }
}

}  // namespace
}  // namespace ecsplay::test
