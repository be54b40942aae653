// Seeking (engine.h): going back to an earlier time restores exactly the state and log of that
// time, commands given live are replayed, a command in the past starts a new future, and
// checkpoints change nothing but speed.
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

// A busy little account: instances, a web task and a crash-looping batch task with a health
// check, an instance terminated at 6m.
void setUp(World& w) {
  w.cluster();
  for (int i = 0; i < 4; ++i) w.instance("m5.large", i % 2 ? "us-east-1a" : "us-east-1b");
  w.taskDefinition(kWeb);
  w.taskDefinition(R"({"family": "batch", "containerDefinitions": [{"name": "job", "image": "busybox", "memory": 128,
    "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5, "retries": 2}}]})");
  ContainerBehaviour b;
  b.runsForever = false;
  b.crashLoop = true;
  b.exitAfter = 70000;
  b.healthFailsFrom = 200000;
  w.engine.setBehaviour("batch/job", b);
  w.engine.scheduleCall(10000, "RunTask", parse(R"({"cluster": "demo", "taskDefinition": "web", "count": 3})"));
  w.engine.scheduleCall(20000, "RunTask", parse(R"({"cluster": "demo", "taskDefinition": "batch", "count": 2})"));
}

std::string stateText(const Engine& e) { return e.stateJson().dump(); }

// "" when equal, else the first differing line of each (logs are too long to print whole).
std::string firstDifference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  size_t i = 0, line = 1;
  while (i < a.size() && i < b.size() && a[i] == b[i]) line += a[i++] == '\n';
  size_t from = a.rfind('\n', i == 0 ? 0 : i - 1);
  from = from == std::string::npos ? 0 : from + 1;
  return "line " + std::to_string(line) + ":\n  " + a.substr(from, a.find('\n', from) - from) + "\n  " +
         b.substr(from, b.find('\n', from) - from);
}

TEST(Seek, GoingBackGivesExactlyTheStateAndLogOfThatTime) {
  World a(3);
  setUp(a);
  a.step("10m");
  std::string endLog = a.logText(), endState = stateText(a.engine);
  for (SimTime t : {SimTime(0), SimTime(15000), SimTime(20000), SimTime(95000), SimTime(300001), SimTime(599999)}) {
    a.engine.seek(t);
    World fresh(3);
    setUp(fresh);
    fresh.engine.step(t);
    EXPECT_EQ(a.engine.now(), t);
    EXPECT_EQ(firstDifference(a.logText(), fresh.logText()), "") << "log at " << t;
    EXPECT_EQ(firstDifference(stateText(a.engine), stateText(fresh.engine)), "") << "state at " << t;
  }
  a.engine.seek(600000);
  EXPECT_EQ(firstDifference(a.logText(), endLog), "");
  EXPECT_EQ(firstDifference(stateText(a.engine), endState), "");
  EXPECT_EQ(a.engine.frontier(), 600000);
}

TEST(Seek, CommandsGivenLiveAreReplayedAfterGoingBack) {
  auto script = [](World& w, bool seeking) {
    setUp(w);
    w.step("1m");
    w.run(R"({"cluster": "demo", "taskDefinition": "web", "startedBy": "live"})");
    w.step("3m");
    w.engine.fault("TerminateInstance", Json{{"ec2InstanceId", w.engine.stateJson()["containerInstances"][0]["ec2InstanceId"]}});
    w.step("5m");
    if (seeking) {
      w.engine.seek(30000);
      EXPECT_EQ(w.engine.stateJson()["tasks"].size(), 5u) << "at 30s only the scheduled tasks exist, not the live one";
      w.engine.seek(300000);
    }
  };
  World a(8), b(8);
  script(a, true);
  script(b, false);
  EXPECT_EQ(firstDifference(a.logText(), b.logText()), "");
  EXPECT_EQ(firstDifference(stateText(a.engine), stateText(b.engine)), "");
}

TEST(Seek, ACommandInThePastStartsANewFuture) {
  World w(4);
  setUp(w);
  w.step("10m");
  w.engine.seek(120000);
  ApiReply r = w.call("StopTask", Json{{"cluster", "demo"}, {"task", w.engine.stateJson()["tasks"][0]["taskArn"]}, {"reason", "changed my mind"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(w.engine.frontier(), 120000) << "what had been simulated after 2m is gone";
  for (const LogEntry& e : w.engine.log()) EXPECT_LE(e.time, 120000);
  w.engine.seek(300000);
  EXPECT_EQ(w.engine.stateJson()["tasks"][0]["stoppedReason"], "changed my mind");
  // And going back before the command and forward again replays it.
  w.engine.seek(60000);
  EXPECT_EQ(w.engine.stateJson()["tasks"][0]["desiredStatus"], "RUNNING");
  w.engine.seek(300000);
  EXPECT_EQ(w.engine.stateJson()["tasks"][0]["stoppedReason"], "changed my mind");
}

TEST(Seek, ReadsDoNotChangeTheFuture) {
  World w(4);
  setUp(w);
  w.step("10m");
  size_t entries = w.engine.log().size();
  w.engine.seek(60000);
  ApiReply r = w.call("DescribeTasks", Json{{"cluster", "demo"}, {"tasks", Json::array({"@none"})}});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(w.engine.frontier(), 600000);
  w.engine.seek(600000);
  EXPECT_EQ(w.engine.log().size(), entries);
}

// Over a million events: checkpoints are taken, and seeking through them gives what a straight
// run gives.
TEST(Seek, CheckpointsChangeNothingButSpeed) {
  auto setUpMany = [](World& w) {
    w.cluster();
    for (int i = 0; i < 20; ++i) w.instance("m5.2xlarge", i % 2 ? "us-east-1a" : "us-east-1c");
    w.taskDefinition(R"({"family": "api", "containerDefinitions": [{"name": "app", "image": "api:1", "memory": 256, "cpu": 128,
      "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5}}]})");
    ContainerBehaviour b;
    b.healthFailsFrom = 6 * 3600000;
    b.healthFailsUntil = 6 * 3600000 + 60000;
    w.engine.setBehaviour("api/app", b);
    for (int k = 0; k < 20; ++k) w.engine.scheduleCall(1000, "RunTask", parse(R"({"cluster": "demo", "taskDefinition": "api", "count": 10})"));
  };
  World a(9), b(9);
  setUpMany(a);
  setUpMany(b);
  a.engine.step(8 * 3600000);
  EXPECT_GE(a.engine.checkpointCount(), 2u);
  EXPECT_GT(a.engine.eventsProcessed(), 1000000u);
  a.engine.seek(2 * 3600000);  // from the first checkpoint
  b.engine.step(2 * 3600000);
  EXPECT_EQ(firstDifference(a.logText(), b.logText()), "");
  EXPECT_EQ(firstDifference(stateText(a.engine), stateText(b.engine)), "");
  a.engine.seek(6 * 3600000 + 30000);  // inside the failing minute, forward through a checkpoint
  b.engine.step(6 * 3600000 + 30000);
  EXPECT_EQ(firstDifference(a.logText(), b.logText()), "");
  EXPECT_EQ(firstDifference(stateText(a.engine), stateText(b.engine)), "");
  EXPECT_EQ(a.engine.eventsProcessed(), b.engine.eventsProcessed());
  a.engine.seek(7 * 3600000);
  b.engine.step(7 * 3600000);
  EXPECT_EQ(firstDifference(stateText(a.engine), stateText(b.engine)), "");
  EXPECT_EQ(firstDifference(a.logText(), b.logText()), "");
}

}  // namespace
}  // namespace ecsplay::test
