// The AWS CLI's ECS waiters (ECS-FACTS.md, "Services"; botocore's waiters-2.json): the same
// definitions, polled in simulated time, with botocore's success, failure and timeout rules and
// its messages.
#include "ecsplay/scenario.h"
#include "ecsplay/waiters.h"
#include "sim/sim_fixtures.h"
#include "test_support.h"

namespace ecsplay::test {
namespace {

TEST(Waiters, TheDefinitionsAreBotocoresOwn) {
  JsonParseResult real = parseJsonText(readFile(sharedData("botocore-ecs/waiters-2.json")));
  ASSERT_TRUE(real.ok) << real.error;
  Json ours = ecsWaitersJson();
  ASSERT_TRUE(ours.is_object());
  EXPECT_EQ(ours["version"], real.value["version"]);
  for (auto it = ours["waiters"].begin(); it != ours["waiters"].end(); ++it) {
    ASSERT_TRUE(real.value["waiters"].contains(it.key())) << it.key();
    EXPECT_EQ(*it, real.value["waiters"][it.key()]) << it.key() << " differs from waiters-2.json";
  }
  for (const char* name : {"ServicesStable", "ServicesInactive", "TasksRunning", "TasksStopped"}) {
    const WaiterDefinition* w = findWaiter(name);
    ASSERT_NE(w, nullptr) << name;
    EXPECT_EQ(findWaiter(w->command), w) << "the CLI's name, " << w->command;
    for (const WaiterAcceptor& a : w->acceptors) {
      EXPECT_TRUE(jmespath::compile(a.argument).ok()) << a.argument;
      EXPECT_EQ(a.expression.text(), a.argument);
    }
  }
  EXPECT_EQ(findWaiter("services-stable")->delaySeconds, 15);
  EXPECT_EQ(findWaiter("tasks-running")->maxAttempts, 100);
}

class WaiterRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    w.instance("m5.large", "us-east-1a");
    w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 512, "memory": 512}]})");
  }
  // The waiter's outcome, from the log: its entry, or null.
  const LogEntry* outcomeEntry() {
    for (const LogEntry& e : w.engine.log()) {
      if (e.type == "WaiterSucceeded" || e.type == "WaiterFailed") return &e;
    }
    return nullptr;
  }
  std::pair<std::string, Json> outcome() {
    const LogEntry* e = outcomeEntry();
    return e ? std::make_pair(std::string(e->type), e->detail) : std::make_pair(std::string(), Json());
  }
  SimTime outcomeAt() {
    const LogEntry* e = outcomeEntry();
    return e ? e->time : -1;
  }
  World w;
};

TEST_F(WaiterRuns, ServicesStableSucceedsAtTheFirstPollAfterTheServiceSettles) {
  ASSERT_TRUE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2})").ok());
  w.engine.scheduleWait(0, "services-stable", parse(R"({"cluster": "demo", "services": ["web"]})"));
  w.step("5m");
  auto [type, detail] = outcome();
  EXPECT_EQ(type, "WaiterSucceeded");
  EXPECT_EQ(detail["attempts"], 2) << "at 0 s nothing runs yet; at 15 s both tasks do";
  EXPECT_EQ(outcomeAt(), 15000);
}

TEST_F(WaiterRuns, ServicesStableFailsAtOnceForAMissingService) {
  w.engine.scheduleWait(1000, "services-stable", parse(R"({"cluster": "demo", "services": ["nope"]})"));
  w.step("1m");
  auto [type, detail] = outcome();
  EXPECT_EQ(type, "WaiterFailed");
  EXPECT_EQ(detail["reason"],
            "Waiter ServicesStable failed: Waiter encountered a terminal failure state: For expression \"failures[].reason\" we matched "
            "expected path: \"MISSING\" at least once");
  EXPECT_EQ(detail["attempts"], 1);
}

TEST_F(WaiterRuns, ServicesStableGivesUpAfterFortyPolls) {
  // 2 tasks of 512 CPU units fit an m5.large (2048): 10 never will.
  ASSERT_TRUE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": 10})").ok());
  w.engine.scheduleWait(0, "ServicesStable", parse(R"({"cluster": "demo", "services": ["web"]})"));
  w.step("20m");
  auto [type, detail] = outcome();
  EXPECT_EQ(type, "WaiterFailed");
  EXPECT_EQ(detail["reason"], "Waiter ServicesStable failed: Max attempts exceeded");
  EXPECT_EQ(detail["attempts"], 40);
  EXPECT_EQ(outcomeAt(), 39 * 15000);
}

TEST_F(WaiterRuns, TasksRunningFailsWhenATaskStopsAndTasksStoppedThenSucceeds) {
  w.taskDefinition(R"({"family": "job", "containerDefinitions": [{"name": "app", "image": "busybox", "cpu": 128, "memory": 128}]})");
  w.engine.setBehaviour("job/app", [] {
    ContainerBehaviour b;
    b.runsForever = false;
    b.exitAfter = 2000;
    return b;
  }());
  std::string task = w.run(R"({"cluster": "demo", "taskDefinition": "job"})");
  w.engine.scheduleWait(0, "tasks-running", Json{{"cluster", "demo"}, {"tasks", Json::array({task})}});
  w.engine.scheduleWait(0, "tasks-stopped", Json{{"cluster", "demo"}, {"tasks", Json::array({task})}});
  w.step("2m");
  std::vector<std::pair<std::string, Json>> outcomes;
  for (const LogEntry& e : w.engine.log()) {
    if (e.type == "WaiterSucceeded" || e.type == "WaiterFailed") outcomes.push_back({std::string(e.type), e.detail});
  }
  ASSERT_EQ(outcomes.size(), 2u);
  // tasks-running polls every 6 s: at 0 and 6 s the task is not RUNNING yet (retry); it runs for
  // 2 s between two polls, and the next poll sees it STOPPED.
  EXPECT_EQ(outcomes[0].first, "WaiterFailed");
  EXPECT_EQ(outcomes[0].second["waiter"], "tasks-running");
  EXPECT_EQ(outcomes[0].second["reason"],
            "Waiter TasksRunning failed: Waiter encountered a terminal failure state: For expression \"tasks[].lastStatus\" we matched "
            "expected path: \"STOPPED\" at least once");
  EXPECT_EQ(outcomes[1].first, "WaiterSucceeded");
  EXPECT_EQ(outcomes[1].second["waiter"], "tasks-stopped");
}

TEST(WaiterScenarios, ATimelineWaitNamesAKnownWaiterAndTakesItsOperationsInput) {
  auto load = [](const std::string& timeline) {
    return loadScenario(parse(R"({"ecsplay": 1, "clusters": [{"clusterName": "demo"}], "timeline": [)" + timeline + "]}"));
  };
  LoadedScenario bad = load(R"({"at": "1m", "wait": "service-stable", "input": {"cluster": "demo", "services": ["web"]}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(formatScenarioError(bad.errors[0]),
            "timeline[0].wait: \"service-stable\" is not an ECS waiter of the AWS CLI: services-inactive, services-stable, tasks-running, "
            "tasks-stopped.");
  LoadedScenario wrongInput = load(R"({"at": "1m", "wait": "services-stable", "input": {"cluster": "demo", "services": "web"}})");
  EXPECT_FALSE(wrongInput.ok());
  LoadedScenario good = load(R"({"at": "1m", "wait": "services-stable", "input": {"cluster": "demo", "services": ["web"]}})");
  ASSERT_TRUE(good.ok());
  good.engine->step(120000);
  bool failed = false;
  for (const LogEntry& e : good.engine->log()) failed = failed || (e.type == "WaiterFailed" && e.time == 60000);
  EXPECT_TRUE(failed) << "the service does not exist: MISSING";
}

}  // namespace
}  // namespace ecsplay::test
