// Golden tests: every scenario shipped in playground/scenarios/ runs, and ends the way ECS would
// end it. Each file has its own test; a file without one fails EveryShippedScenarioHasAGoldenTest.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ecsplay/scenario.h"
#include "test_support.h"

namespace ecsplay::test {
namespace {

const std::set<std::string>& checkedScenarios() {
  static const std::set<std::string> names = {
      "task-lifecycle.json",  "essential-containers.json", "image-pull-failure.json", "graceful-shutdown.json",
      "container-dependencies.json", "health-checks.json", "fargate-spot.json", "cluster-auto-scaling.json",
      "scheduled-tasks.json", "restart-policy.json", "instance-failures.json",
      "service-basics.json", "rolling-deployment.json", "unhealthy-task-replaced.json",
      "launch-throttling.json", "circuit-breaker-rollback.json",
      "daemon-and-draining.json", "blue-green-by-doubling.json", "load-balancer-health.json"};
  return names;
}

std::vector<std::string> shippedScenarios() {
  std::vector<std::string> out;
  std::string dir = sourceFile("playground/scenarios");
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) out.push_back(name);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A shipped scenario, loaded; fails the test when it does not load.
struct Shipped {
  LoadedScenario s;
  explicit Shipped(const std::string& file) {
    JsonParseResult parsed = parseJsonText(readFile(sourceFile("playground/scenarios/" + file)));
    EXPECT_TRUE(parsed.ok) << file << ": " << parsed.error;
    s = loadScenario(parsed.value);
    for (const ScenarioError& e : s.errors) ADD_FAILURE() << file << ": " << formatScenarioError(e);
  }
  bool ok() const { return s.ok(); }
  Engine& engine() { return *s.engine; }
  void runToEnd() { s.engine->step(s.until ? *s.until : 30 * 60000); }
  Json state() { return s.engine->stateJson(); }
  // The tasks of a family, in the order they were started.
  std::vector<Json> tasks(const std::string& family) {
    std::vector<Json> out;
    Json st = state();
    for (const Json& t : st["tasks"]) {
      std::string arn = t["taskDefinitionArn"].get<std::string>();
      if (arn.substr(arn.rfind('/') + 1, family.size() + 1) == family + ":") out.push_back(t);
    }
    return out;
  }
  // The states a task went through, in order, from the event log.
  std::vector<std::string> journey(const std::string& taskArn) {
    std::vector<std::string> out;
    std::string id = taskArn.substr(taskArn.rfind('/') + 1);
    for (const LogEntry& e : s.engine->log()) {
      if (e.type != "TaskStateChange" || e.detail.value("task", "") != id) continue;
      if (out.empty()) out.push_back(e.detail["from"].get<std::string>());
      out.push_back(e.detail["to"].get<std::string>());
    }
    return out;
  }
};

const Json& container(const Json& task, const std::string& name) {
  for (const Json& c : task["containers"]) {
    if (c["name"] == name) return c;
  }
  static const Json none;
  ADD_FAILURE() << "no container " << name << " in " << task.dump();
  return none;
}

TEST(ShippedScenarios, EveryShippedScenarioHasAGoldenTest) {
  std::vector<std::string> files = shippedScenarios();
  ASSERT_FALSE(files.empty());
  for (const std::string& f : files) EXPECT_TRUE(checkedScenarios().count(f)) << f << " has no golden test here";
  for (const std::string& f : checkedScenarios()) EXPECT_TRUE(std::count(files.begin(), files.end(), f)) << f << " is gone";
}

TEST(ShippedScenarios, EveryShippedScenarioLoadsAndRuns) {
  for (const std::string& f : shippedScenarios()) {
    Shipped sc(f);
    if (!sc.ok()) continue;
    EXPECT_FALSE(sc.s.name.empty()) << f;
    EXPECT_FALSE(sc.s.description.empty()) << f;
    sc.runToEnd();
    // Every call of the timeline is one ECS accepts (what it shows is in its outcome, not a typo).
    for (const LogEntry& e : sc.engine().log()) {
      EXPECT_FALSE(e.type == "ApiCall" && e.detail.contains("error")) << f << " at " << e.time << ": " << e.detail.dump();
      EXPECT_FALSE(e.type == "Fault" && e.detail.contains("error")) << f << " at " << e.time << ": " << e.detail.dump();
    }
  }
}

TEST(ShippedScenarios, TaskLifecycleWalksEveryStateUpAndDown) {
  Shipped sc("task-lifecycle.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<Json> web = sc.tasks("web");
  ASSERT_EQ(web.size(), 1u);
  EXPECT_EQ(sc.journey(web[0]["taskArn"]),
            (std::vector<std::string>{"PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING",
                                      "DEPROVISIONING", "STOPPED"}));
  EXPECT_EQ(web[0]["stopCode"], "UserInitiated");
  EXPECT_EQ(web[0]["desiredStatus"], "STOPPED");
  EXPECT_EQ(container(web[0], "app")["exitCode"], 0);
}

TEST(ShippedScenarios, EssentialContainersOnlyAnEssentialExitStopsTheTask) {
  Shipped sc("essential-containers.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<Json> shop = sc.tasks("shop"), report = sc.tasks("report");
  ASSERT_EQ(shop.size(), 1u);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(shop[0]["lastStatus"], "RUNNING");
  EXPECT_EQ(container(shop[0], "logs")["lastStatus"], "STOPPED");
  EXPECT_EQ(container(shop[0], "logs")["exitCode"], 1);
  EXPECT_EQ(report[0]["lastStatus"], "STOPPED");
  EXPECT_EQ(report[0]["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(report[0]["stoppedReason"], "Essential container in task exited");
  EXPECT_EQ(container(report[0], "app")["exitCode"], 3);
  EXPECT_EQ(container(report[0], "logs")["exitCode"], 0);  // stopped with SIGTERM, handled
}

TEST(ShippedScenarios, ImagePullFailureFailsToStartOnEc2AndOnFargate) {
  Shipped sc("image-pull-failure.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<Json> typo = sc.tasks("typo");
  ASSERT_EQ(typo.size(), 2u);
  for (const Json& t : typo) {
    EXPECT_EQ(t["lastStatus"], "STOPPED");
    EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
    EXPECT_FALSE(t.contains("startedAt")) << "a task whose image never pulled never started";
    EXPECT_EQ(container(t, "web")["reason"].get<std::string>().rfind("CannotPullContainerError: ", 0), 0u);
    if (t["launchType"] == "EC2") {
      EXPECT_EQ(t["stoppedReason"], "Essential container in task exited");
    } else {
      EXPECT_EQ(t["launchType"], "FARGATE");
      EXPECT_NE(t["stoppedReason"].get<std::string>().find("nginx:latesst: not found"), std::string::npos);
    }
  }
}

TEST(ShippedScenarios, GracefulShutdownSigtermThenSigkillAfterStopTimeout) {
  Shipped sc("graceful-shutdown.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<Json> api = sc.tasks("api"), worker = sc.tasks("worker");
  ASSERT_EQ(api.size(), 1u);
  ASSERT_EQ(worker.size(), 1u);
  EXPECT_EQ(container(api[0], "api")["exitCode"], 0);
  EXPECT_EQ(container(worker[0], "worker")["exitCode"], 137);
  // The worker held on for its whole stopTimeout (20 s) after the stop.
  double workerStopping = worker[0]["stoppingAt"].get<double>(), workerStopped = worker[0]["executionStoppedAt"].get<double>();
  double apiStopping = api[0]["stoppingAt"].get<double>(), apiStopped = api[0]["executionStoppedAt"].get<double>();
  EXPECT_GE(workerStopped - workerStopping, 20.0);
  EXPECT_LT(apiStopped - apiStopping, 5.0);
}

TEST(ShippedScenarios, ContainerDependenciesWaitForSuccessAndHealthyOrFail) {
  Shipped sc("container-dependencies.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<Json> app = sc.tasks("app"), broken = sc.tasks("app-broken");
  ASSERT_EQ(app.size(), 1u);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(app[0]["lastStatus"], "RUNNING");
  EXPECT_EQ(container(app[0], "migrate")["exitCode"], 0);
  EXPECT_EQ(container(app[0], "redis")["healthStatus"], "HEALTHY");
  EXPECT_EQ(broken[0]["lastStatus"], "STOPPED");
  EXPECT_EQ(broken[0]["stopCode"], "TaskFailedToStart");
  EXPECT_EQ(container(broken[0], "app")["exitCode"], 143);
  EXPECT_EQ(container(broken[0], "app")["reason"].get<std::string>().rfind(
                "CannotStartContainerError: dependency graph: failed to resolve container ordering dependency", 0),
            0u);
  // The app started only after the migration exited and Redis was healthy.
  std::string id = app[0]["taskArn"].get<std::string>();
  id = id.substr(id.rfind('/') + 1);
  SimTime appAt = -1, migrateAt = -1, redisAt = -1;
  for (const LogEntry& e : sc.engine().log()) {
    if (e.detail.value("task", "") != id) continue;
    std::string c = e.detail.value("container", "");
    if (e.type == "ContainerStateChange" && c == "app" && e.detail["to"] == "RUNNING") appAt = e.time;
    if (e.type == "ContainerStateChange" && c == "migrate" && e.detail["to"] == "STOPPED") migrateAt = e.time;
    if (e.type == "ContainerHealthChange" && c == "redis" && redisAt < 0) redisAt = e.time;
  }
  ASSERT_GE(appAt, 0);
  ASSERT_GE(migrateAt, 0);
  ASSERT_GE(redisAt, 0);
  EXPECT_GE(appAt, migrateAt);
  EXPECT_GE(appAt, redisAt);
}

TEST(ShippedScenarios, HealthChecksUnhealthyAfterRetriesHealthyAgainStartPeriodForgives) {
  Shipped sc("health-checks.json");
  ASSERT_TRUE(sc.ok());
  sc.engine().step(8 * 60000 + 30000);  // 3 failed checks after minute 5
  std::vector<Json> api = sc.tasks("api"), jvm = sc.tasks("jvm");
  ASSERT_EQ(api.size(), 1u);
  ASSERT_EQ(jvm.size(), 1u);
  EXPECT_EQ(api[0]["healthStatus"], "UNHEALTHY");
  EXPECT_EQ(api[0]["lastStatus"], "RUNNING") << "a standalone task keeps running when unhealthy";
  EXPECT_EQ(jvm[0]["healthStatus"], "HEALTHY") << "failures inside the startPeriod do not count";
  sc.runToEnd();
  api = sc.tasks("api");
  EXPECT_EQ(api[0]["healthStatus"], "HEALTHY");
  // UNHEALTHY came after exactly `retries` failures: not before minute 5 + 2 intervals.
  for (const LogEntry& e : sc.engine().log()) {
    if (e.type == "TaskHealthChange" && e.detail["to"] == "UNHEALTHY") {
      EXPECT_GE(e.time, 5 * 60000 + 60000);
    }
  }
}

TEST(ShippedScenarios, FargateSpotBaseWeightInterruptionAndNoCapacity) {
  Shipped sc("fargate-spot.json");
  ASSERT_TRUE(sc.ok());
  sc.engine().step(4 * 60000);
  std::vector<Json> workers = sc.tasks("worker");
  ASSERT_EQ(workers.size(), 8u);
  int onDemand = 0, spot = 0;
  for (const Json& t : workers) {
    onDemand += t["capacityProviderName"] == "FARGATE";
    spot += t["capacityProviderName"] == "FARGATE_SPOT";
    EXPECT_EQ(t["lastStatus"], "RUNNING");
  }
  EXPECT_EQ(onDemand, 4);  // base 2, then 6 split 1:3 (ties to the earlier provider)
  EXPECT_EQ(spot, 4);
  sc.runToEnd();
  for (const Json& t : sc.tasks("worker")) {
    if (t["capacityProviderName"] == "FARGATE_SPOT") {
      EXPECT_EQ(t["lastStatus"], "STOPPED");
      EXPECT_EQ(t["stopCode"], "SpotInterruption");
      EXPECT_EQ(t["stoppedReason"], "Your Spot Task was interrupted.");
      EXPECT_EQ(container(t, "worker")["exitCode"], 137) << "ignores SIGTERM: killed after its stopTimeout";
    } else {
      EXPECT_EQ(t["lastStatus"], "RUNNING") << "on-demand Fargate is not interrupted";
    }
  }
  Json failures = sc.state()["failures"];
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0]["reason"], "Capacity is unavailable at this time. Please try again later or in a different availability zone");
}

TEST(ShippedScenarios, ClusterAutoScalingProvisioningScaleOutScaleIn) {
  Shipped sc("cluster-auto-scaling.json");
  ASSERT_TRUE(sc.ok());
  sc.engine().step(90000);
  int provisioning = 0;
  for (const Json& t : sc.tasks("crunch")) provisioning += t["lastStatus"] == "PROVISIONING";
  EXPECT_EQ(provisioning, 10) << "two fit the first instance; ten wait for managed scaling";
  sc.engine().step(5 * 60000);
  int running = 0;
  for (const Json& t : sc.tasks("crunch")) running += t["lastStatus"] == "RUNNING";
  EXPECT_EQ(running, 13) << "twelve on the scaling provider, one on the fixed one";
  EXPECT_EQ(sc.state()["failures"].size(), 1u) << "the fixed provider's second task failed at once";
  EXPECT_EQ(sc.state()["failures"][0]["reason"], "RESOURCE:MEMORY");
  bool scaledOut = false, scaledIn = false;
  int peak = 0;
  for (const LogEntry& e : sc.engine().log()) {
    scaledOut = scaledOut || e.type == "ScaleOut";
    if (e.type == "CapacityProviderReservation") peak = std::max(peak, e.detail["value"].get<int>());
  }
  EXPECT_TRUE(scaledOut);
  EXPECT_EQ(peak, 600) << "6 instances needed, 1 running";
  sc.runToEnd();
  int active = 0;
  Json st = sc.state();
  for (const Json& i : st["containerInstances"]) active += i["status"] == "ACTIVE";
  for (const LogEntry& e : sc.engine().log()) scaledIn = scaledIn || e.type == "ScaleIn";
  EXPECT_TRUE(scaledIn);
  EXPECT_EQ(active, 2) << "back to each group's minimum size once the work is done";
}

TEST(ShippedScenarios, ScheduledTasksRateAndCronStartTasksAsTheRule) {
  Shipped sc("scheduled-tasks.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<SimTime> reports, cleanups;
  for (const LogEntry& e : sc.engine().log()) {
    if (e.type != "ScheduleFired") continue;
    (e.detail["schedule"] == "cleanup" ? cleanups : reports).push_back(e.time);
  }
  EXPECT_EQ(reports, (std::vector<SimTime>{600000, 1200000, 1800000, 2400000, 3000000, 3600000}));
  EXPECT_EQ(cleanups, (std::vector<SimTime>{900000, 1800000, 2700000, 3600000}));
  for (const Json& t : sc.tasks("report")) {
    EXPECT_EQ(t["startedBy"], "events-rule/nightly-report-generatio");
    EXPECT_EQ(t["group"], "family:report");
  }
  for (const Json& t : sc.tasks("cleanup")) EXPECT_EQ(t["startedBy"], "events-rule/cleanup");
}

TEST(ShippedScenarios, RestartPolicyRestartsInPlaceWhereWithoutItTheTaskStops) {
  Shipped sc("restart-policy.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<Json> plain = sc.tasks("flaky"), restarting = sc.tasks("flaky-restarting");
  ASSERT_EQ(plain.size(), 1u);
  ASSERT_EQ(restarting.size(), 1u);
  EXPECT_EQ(plain[0]["lastStatus"], "STOPPED");
  EXPECT_EQ(plain[0]["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(restarting[0]["lastStatus"], "RUNNING");
  EXPECT_EQ(container(restarting[0], "worker")["restartCount"], 4);  // crashes at 2m17s, 4m18s, 6m19s, 8m20s
}

TEST(ShippedScenarios, InstanceFailuresDrainingLeavesStandaloneTasksATerminatedHostTakesItsTasks) {
  Shipped sc("instance-failures.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  Json st = sc.state();
  std::map<std::string, std::string> statusById;
  for (const Json& i : st["containerInstances"]) statusById[i["ec2InstanceId"].get<std::string>()] = i["status"].get<std::string>();
  EXPECT_EQ(statusById["i-0aaa000000000001"], "DRAINING");
  EXPECT_EQ(statusById["i-0ccc000000000003"], "INACTIVE");
  int running = 0, terminated = 0;
  for (const Json& t : sc.tasks("web")) {
    if (t["lastStatus"] == "RUNNING") ++running;
    if (t.value("stopCode", "") == "TerminationNotice") {
      ++terminated;
      EXPECT_EQ(t["stoppedReason"], "Host EC2 (instance i-0ccc000000000003) terminated.");
    }
  }
  EXPECT_EQ(running, 4) << "the draining and the disconnected instances keep their standalone tasks";
  EXPECT_EQ(terminated, 2);
  ASSERT_EQ(st["failures"].size(), 1u);
  EXPECT_EQ(st["failures"][0]["reason"], "AGENT");
}

TEST(ShippedScenarios, ServiceBasicsKeepsDesiredCountReplacesScalesAndSaysWhy) {
  Shipped sc("service-basics.json");
  ASSERT_TRUE(sc.ok());
  auto service = [&] {
    Json st = sc.state();
    return st["services"][0];
  };
  auto running = [&] {
    int n = 0;
    for (const Json& t : sc.tasks("web")) n += t["lastStatus"] == "RUNNING";
    return n;
  };
  sc.engine().step(60000);
  EXPECT_EQ(service()["runningCount"], 4);
  EXPECT_EQ(service()["events"][0]["message"], "(service web) has reached a steady state.");
  sc.engine().step(3 * 60000);  // the host died at 2m; its task was replaced
  EXPECT_EQ(running(), 4);
  int terminated = 0;
  for (const Json& t : sc.tasks("web")) terminated += t.value("stopCode", "") == "TerminationNotice";
  EXPECT_EQ(terminated, 1);
  sc.engine().step(5 * 60000);  // scaled to 10: 8 fit
  EXPECT_EQ(running(), 8);
  EXPECT_EQ(service()["desiredCount"], 10);
  bool unable = false;
  Json svc = service();
  for (const Json& e : svc["events"]) {
    unable = unable || e["message"].get<std::string>().find("has insufficient CPU units available.") != std::string::npos;
  }
  EXPECT_TRUE(unable);
  sc.runToEnd();  // back to 4, two per zone
  EXPECT_EQ(running(), 4);
  std::map<std::string, int> zones;
  for (const Json& t : sc.tasks("web")) {
    if (t["lastStatus"] == "RUNNING") ++zones[t["availabilityZone"].get<std::string>()];
  }
  EXPECT_EQ(zones["us-east-1a"], 2);
  EXPECT_EQ(zones["us-east-1b"], 2);
  EXPECT_EQ(service()["events"][0]["message"], "(service web) has reached a steady state.");
}

TEST(ShippedScenarios, RollingDeploymentStartsNewBeforeStoppingOldOrSwapsWithinTheMinimum) {
  Shipped sc("rolling-deployment.json");
  ASSERT_TRUE(sc.ok());
  auto meant = [&](const std::string& family) {  // revision -> tasks meant to run
    std::map<std::string, int> out;
    for (const Json& t : sc.tasks(family)) {
      if (t["desiredStatus"] != "RUNNING") continue;
      std::string arn = t["taskDefinitionArn"].get<std::string>();
      ++out[arn.substr(arn.rfind('/') + 1)];
    }
    return out;
  };
  sc.engine().step(2 * 60000 + 30000);
  EXPECT_EQ(meant("web"), (std::map<std::string, int>{{"web:1", 4}, {"web:2", 4}})) << "maximumPercent 200: new ones first";
  EXPECT_EQ(meant("api"), (std::map<std::string, int>{{"api:1", 2}, {"api:2", 2}})) << "maximumPercent 100: two swapped at a time";
  sc.runToEnd();
  EXPECT_EQ(meant("web"), (std::map<std::string, int>{{"web:2", 4}}));
  EXPECT_EQ(meant("api"), (std::map<std::string, int>{{"api:2", 4}}));
  Json st = sc.state();
  for (const Json& svc : st["services"]) {
    ASSERT_EQ(svc["deployments"].size(), 1u) << svc["serviceName"];
    EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED");
    EXPECT_EQ(svc["events"][0]["message"], "(service " + svc["serviceName"].get<std::string>() + ") has reached a steady state.");
    EXPECT_NE(svc["events"][1]["message"].get<std::string>().find("deployment completed."), std::string::npos);
  }
  // The services-stable waiter started with the updates succeeds at its first poll after both
  // deployments completed (one deployment each, runningCount == desiredCount).
  SimTime lastCompleted = -1, waiterDone = -1;
  for (const LogEntry& e : sc.engine().log()) {
    if (e.type == "ServiceEvent" && e.detail["message"].get<std::string>().find("deployment completed.") != std::string::npos) lastCompleted = e.time;
    if (e.type == "WaiterSucceeded" && e.detail["waiter"] == "services-stable") waiterDone = e.time;
  }
  ASSERT_GE(lastCompleted, 0);
  EXPECT_GE(waiterDone, lastCompleted);
  EXPECT_LT(waiterDone, lastCompleted + 15000) << "the next 15 s poll";
  EXPECT_EQ((waiterDone - 2 * 60000) % 15000, 0);
}

TEST(ShippedScenarios, UnhealthyTasksReplacementFirstWithRoomOneAtATimeWithout) {
  Shipped sc("unhealthy-task-replaced.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  // The events of each service, oldest first.
  std::map<std::string, std::vector<std::pair<SimTime, std::string>>> events;
  for (const LogEntry& e : sc.engine().log()) {
    if (e.type == "ServiceEvent") events[e.detail["service"].get<std::string>()].push_back({e.time, e.detail["message"].get<std::string>()});
  }
  auto firstIndex = [](const std::vector<std::pair<SimTime, std::string>>& list, const std::string& needle, size_t from = 0) {
    for (size_t k = from; k < list.size(); ++k) {
      if (list[k].second.find(needle) != std::string::npos) return static_cast<int>(k);
    }
    return -1;
  };
  // web (room to spare): replacements start before any unhealthy task stops.
  const auto& web = events["web"];
  int started = firstIndex(web, "has started 2 tasks", 1), failed = firstIndex(web, "failed container health checks.");
  ASSERT_GE(started, 0);
  ASSERT_GE(failed, 0);
  EXPECT_LT(started, failed);
  EXPECT_LT(web[static_cast<size_t>(started)].first, web[static_cast<size_t>(failed)].first) << "the replacement had to be HEALTHY first";
  // api (no room): each unhealthy task stops before its replacement starts, one at a time.
  const auto& api = events["api"];
  int stops = 0;
  for (size_t k = 0; k < api.size(); ++k) {
    if (api[k].second.find("failed container health checks.") == std::string::npos) continue;
    ++stops;
    ASSERT_LT(k + 2, api.size());
    EXPECT_NE(api[k + 1].second.find("has stopped 1 running tasks"), std::string::npos);
    EXPECT_NE(api[k + 2].second.find("has started 1 tasks"), std::string::npos);
  }
  EXPECT_GE(stops, 3);
  Json st = sc.state();
  for (const Json& svc : st["services"]) {
    EXPECT_EQ(svc["runningCount"], 2);
    EXPECT_EQ(svc["events"][0]["message"], "(service " + svc["serviceName"].get<std::string>() + ") has reached a steady state.");
  }
  for (const Json& t : sc.tasks("api")) {
    if (t["lastStatus"] == "STOPPED") {
      EXPECT_EQ(t["stopCode"], "ServiceSchedulerInitiated");
      EXPECT_EQ(t["stoppedReason"], "Task failed container health checks");
    }
  }
}

TEST(ShippedScenarios, LaunchThrottlingWaitsLongerEachTimeAndANewDeploymentResetsIt) {
  Shipped sc("launch-throttling.json");
  ASSERT_TRUE(sc.ok());
  sc.runToEnd();
  std::vector<SimTime> failedLaunches;
  SimTime throttledAt = -1, fixedAt = -1, steadyAfterFix = -1;
  for (const LogEntry& e : sc.engine().log()) {
    if (e.type == "TaskCreated" && e.detail["taskDefinition"] == "web:1") failedLaunches.push_back(e.time);
    if (e.type == "TaskCreated" && e.detail["taskDefinition"] == "web:2") fixedAt = e.time;
    if (e.type == "ServiceEvent" && e.detail["message"] == "(service web) is unable to consistently start tasks successfully.") throttledAt = e.time;
    if (e.type == "ServiceEvent" && e.detail["message"] == "(service web) has reached a steady state." && fixedAt >= 0) steadyAfterFix = e.time;
  }
  EXPECT_GE(throttledAt, 0);
  ASSERT_GE(failedLaunches.size(), 6u);
  SimTime lastGap = failedLaunches.back() - failedLaunches[failedLaunches.size() - 2];
  EXPECT_GT(lastGap, 5 * 60000) << "by minute 20 the scheduler waits minutes between attempts";
  EXPECT_EQ(fixedAt, 20 * 60000) << "the new deployment launches at once";
  EXPECT_GT(steadyAfterFix, fixedAt);
  for (const Json& t : sc.tasks("web")) {
    if (t["taskDefinitionArn"].get<std::string>().find("web:1") != std::string::npos) {
      EXPECT_EQ(t["lastStatus"], "STOPPED");
    }
  }
}

TEST(ShippedScenarios, CircuitBreakerFailsTheDeploymentAndRollsBackWhileOldTasksServe) {
  Shipped sc("circuit-breaker-rollback.json");
  ASSERT_TRUE(sc.ok());
  sc.engine().step(2 * 60000 + 30000);
  Json st = sc.state();
  const Json& svc = st["services"][0];
  ASSERT_EQ(svc["deployments"].size(), 3u);  // the rollback (PRIMARY), the failed one, the original
  EXPECT_EQ(svc["deployments"][1]["rolloutState"], "FAILED");
  EXPECT_EQ(svc["deployments"][1]["rolloutStateReason"], "ECS deployment circuit breaker: tasks failed to start.");
  EXPECT_GE(svc["deployments"][1]["failedTasks"].get<int>(), 3);
  std::string primaryTd = svc["deployments"][0]["taskDefinition"].get<std::string>();
  EXPECT_EQ(primaryTd.substr(primaryTd.rfind('/') + 1), "web:1") << "the rollback runs the last COMPLETED task definition";
  int oldRunning = 0;
  for (const Json& t : sc.tasks("web")) {
    if (t.value("startedBy", "") == svc["deployments"][2]["id"] && t["lastStatus"] == "RUNNING") ++oldRunning;
  }
  EXPECT_EQ(oldRunning, 4) << "the original tasks kept serving through the failed deployment";
  sc.runToEnd();
  st = sc.state();
  const Json& end = st["services"][0];
  ASSERT_EQ(end["deployments"].size(), 1u);
  EXPECT_EQ(end["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(end["runningCount"], 4);
  EXPECT_EQ(end["events"][0]["message"], "(service web) has reached a steady state.");
}

TEST(ShippedScenarios, DaemonFollowsInstancesAndDrainingMovesServiceTasksReplacementsFirst) {
  Shipped sc("daemon-and-draining.json");
  ASSERT_TRUE(sc.ok());
  auto meant = [&](const std::string& family) {  // instance id suffix -> tasks meant to run
    std::map<std::string, int> out;
    Json st = sc.state();
    std::map<std::string, std::string> ec2;
    for (const Json& i : st["containerInstances"]) ec2[i["containerInstanceArn"].get<std::string>()] = i["ec2InstanceId"].get<std::string>();
    for (const Json& t : st["tasks"]) {
      std::string arn = t["taskDefinitionArn"].get<std::string>();
      if (arn.substr(arn.rfind('/') + 1, family.size() + 1) != family + ":" || t["desiredStatus"] != "RUNNING") continue;
      ++out[ec2[t.value("containerInstanceArn", "")]];
    }
    return out;
  };
  sc.engine().step(2 * 60000 + 10000);
  EXPECT_EQ(meant("agent").size(), 3u) << "the daemon followed the new instance";
  sc.engine().step(3 * 60000 + 10000);
  std::map<std::string, int> web = meant("web");
  EXPECT_EQ(web["i-0aaa000000000001"], 2) << "replacements first: the draining instance keeps its tasks for now";
  int total = 0;
  for (const auto& [k, n] : web) total += n;
  EXPECT_EQ(total, 6);
  sc.engine().step(5 * 60000);
  web = meant("web");
  EXPECT_EQ(web.count("i-0aaa000000000001"), 0u) << "moved off the draining instance";
  EXPECT_EQ(meant("agent").count("i-0aaa000000000001"), 0u) << "the daemon task left last";
  sc.runToEnd();
  web = meant("web");
  EXPECT_EQ(web["i-0ccc000000000003"], 4);
  EXPECT_EQ(meant("agent"), (std::map<std::string, int>{{"i-0ccc000000000003", 1}}));
}

TEST(ShippedScenarios, BlueGreenByDoublingReplacesEveryOriginalTask) {
  Shipped sc("blue-green-by-doubling.json");
  ASSERT_TRUE(sc.ok());
  auto running = [&] {
    std::vector<std::string> ids;
    for (const Json& t : sc.tasks("web")) {
      if (t["lastStatus"] == "RUNNING" && t["desiredStatus"] == "RUNNING") ids.push_back(t["taskArn"].get<std::string>());
    }
    return ids;
  };
  sc.engine().step(90000);
  std::vector<std::string> originals = running();
  ASSERT_EQ(originals.size(), 3u);
  sc.engine().step(3 * 60000);  // doubled at 2m
  EXPECT_EQ(running().size(), 6u);
  sc.runToEnd();  // halved at 4m
  std::vector<std::string> left = running();
  ASSERT_EQ(left.size(), 3u);
  for (const std::string& id : left) EXPECT_EQ(std::count(originals.begin(), originals.end(), id), 0) << id << " is an original task";
  std::set<std::string> zones;
  for (const Json& t : sc.tasks("web")) {
    if (t["desiredStatus"] == "RUNNING") zones.insert(t["availabilityZone"].get<std::string>());
  }
  EXPECT_EQ(zones.size(), 3u) << "one task per zone after the halving";
  Json st = sc.state();
  const Json& events = st["services"][0]["events"];
  EXPECT_EQ(events[0]["message"], "(service web) has reached a steady state.");
  EXPECT_EQ(events[1]["message"].get<std::string>().rfind("(service web) has stopped 3 running tasks: (task ", 0), 0u);
}

TEST(ShippedScenarios, LoadBalancerHealthFailsTheDeploymentWhichRollsBackWhileOldTasksServe) {
  Shipped sc("load-balancer-health.json");
  ASSERT_TRUE(sc.ok());
  auto service = [&] {
    Json st = sc.state();
    return st["services"][0];
  };
  auto targets = [&](const std::string& state) {
    int n = 0;
    Json st = sc.state();
    for (const Json& t : st["targetGroups"][0]["targets"]) n += t["state"] == state;
    return n;
  };
  auto hasEvent = [&](const std::string& part) {
    Json s = service();
    for (const Json& e : s["events"]) {
      if (e["message"].get<std::string>().find(part) != std::string::npos) return true;
    }
    return false;
  };
  // Registered while ACTIVATING, RUNNING at 8 s, healthy after the first check (10 s later).
  sc.engine().step(12000);
  EXPECT_EQ(service()["runningCount"], 3);
  EXPECT_EQ(targets("initial"), 3);
  EXPECT_EQ(service()["deployments"][0]["rolloutState"], "IN_PROGRESS");
  sc.engine().step(60000);
  EXPECT_EQ(targets("healthy"), 3);
  EXPECT_EQ(service()["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_TRUE(hasEvent("registered 3 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/"));
  // Revision 2: two failed checks (10 s apart) after registration make each target unhealthy.
  sc.engine().step(3 * 60000 + 30000);
  EXPECT_TRUE(hasEvent(") is unhealthy in (target-group arn:aws:elasticloadbalancing:"));
  EXPECT_TRUE(hasEvent(") deployment failed: tasks failed health checks."));
  EXPECT_TRUE(hasEvent(") is rolling back to (deployment "));
  int elbStops = 0, web2 = 0;
  for (const Json& t : sc.tasks("web")) {
    if (t["taskDefinitionArn"].get<std::string>().find("web:2") == std::string::npos) continue;
    ++web2;
    elbStops += t.value("stoppedReason", "").rfind("Task failed ELB health checks in (target-group arn:", 0) == 0;
    EXPECT_EQ(t["lastStatus"], "DEACTIVATING") << "draining for the 60 s deregistration delay";
  }
  EXPECT_EQ(web2, 3);
  EXPECT_EQ(elbStops, 3) << "the circuit breaker's threshold: 3 failed tasks";
  EXPECT_TRUE(hasEvent("has begun draining connections on 3 tasks."));
  sc.runToEnd();
  Json s = service();
  ASSERT_EQ(s["deployments"].size(), 1u);
  EXPECT_NE(s["deployments"][0]["taskDefinition"].get<std::string>().find("web:1"), std::string::npos);
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(s["runningCount"], 3);
  EXPECT_EQ(targets("healthy"), 3);
  EXPECT_TRUE(hasEvent("deregistered 3 targets in (target-group "));
  EXPECT_EQ(s["events"][0]["message"], "(service web) has reached a steady state.");
  for (const Json& t : sc.tasks("web")) {
    if (t["taskDefinitionArn"].get<std::string>().find("web:2") != std::string::npos) {
      EXPECT_EQ(t["lastStatus"], "STOPPED");
    }
  }
}

}  // namespace
}  // namespace ecsplay::test
