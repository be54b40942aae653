// REPLICA services (ECS-FACTS.md, "Services"): desiredCount kept, spread over zones, stopped tasks
// replaced, scaling in and out with events in ECS's words, deletion through DRAINING, the API's
// refusals; what is not simulated yet says so.
#include <set>

#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

class Services : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    w.instance("m5.large", "us-east-1a");
    w.instance("m5.large", "us-east-1b");
    w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 512, "memory": 512}]})");
  }
  ApiReply create(int desired, const std::string& extra = "") {
    return w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": )" +
                                       std::to_string(desired) + extra + "}");
  }
  Json service() {
    ApiReply r = w.call("DescribeServices", R"({"cluster": "demo", "services": ["web"]})");
    EXPECT_TRUE(r.ok());
    return r.ok() && !r.output["services"].empty() ? r.output["services"][0] : Json();
  }
  std::vector<std::string> events() {
    std::vector<std::string> out;
    Json s = service();
    for (const Json& e : s["events"]) out.push_back(e["message"].get<std::string>());
    return out;  // newest first
  }
  std::vector<Json> serviceTasks(const std::string& desired = "RUNNING") {
    std::vector<Json> out;
    Json st = w.engine.stateJson();
    for (const Json& t : st["tasks"]) {
      if (t.value("group", "") == "service:web" && t["desiredStatus"] == desired) out.push_back(t);
    }
    return out;
  }
  World w;
};

TEST_F(Services, AReplicaServiceStartsDesiredCountTasksSpreadOverZonesThenIsSteady) {
  ApiReply r = create(4);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.output["service"]["status"], "ACTIVE");
  EXPECT_EQ(r.output["service"]["runningCount"], 0) << "the reply comes before the scheduler acts";
  EXPECT_EQ(r.output["service"]["deployments"][0]["rolloutState"], "IN_PROGRESS");
  w.step("1m");
  Json s = service();
  EXPECT_EQ(s["runningCount"], 4);
  EXPECT_EQ(s["deployments"][0]["status"], "PRIMARY");
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
  std::map<std::string, int> zones;
  for (const Json& t : serviceTasks()) {
    ++zones[t["availabilityZone"].get<std::string>()];
    EXPECT_EQ(t["startedBy"], s["deployments"][0]["id"]);
  }
  EXPECT_EQ(zones["us-east-1a"], 2);
  EXPECT_EQ(zones["us-east-1b"], 2);
  std::vector<std::string> ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0], "(service web) has reached a steady state.");
  EXPECT_EQ(ev[1].rfind("(service web) has started 4 tasks: (task ", 0), 0u);
}

TEST_F(Services, AStoppedTaskIsReplaced) {
  ASSERT_TRUE(create(2).ok());
  w.step("1m");
  std::string victim = serviceTasks()[0]["taskArn"].get<std::string>();
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", victim}}).ok());
  w.step("2m");
  std::vector<Json> running = serviceTasks();
  ASSERT_EQ(running.size(), 2u);
  for (const Json& t : running) EXPECT_NE(t["taskArn"], victim);
  EXPECT_EQ(service()["runningCount"], 2);
  EXPECT_EQ(events()[0], "(service web) has reached a steady state.");
}

TEST_F(Services, ScalingOutBeyondCapacitySaysWhyAndScalingInStopsTheSurplusKeepingZonesBalanced) {
  ASSERT_TRUE(create(2).ok());
  w.step("1m");
  // Two m5.large: 8 tasks of 512 CPU units fit; 10 do not.
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 10})").ok());
  w.step("2m");
  EXPECT_EQ(service()["runningCount"], 8);
  bool unable = false;
  for (const std::string& e : events()) {
    unable = unable || (e.find("was unable to place a task because no container instance met all of its requirements. The closest "
                               "matching (container-instance ") != std::string::npos &&
                        e.find(") has insufficient CPU units available. For more information, see the Troubleshooting section of "
                               "the Amazon ECS Developer Guide.") != std::string::npos);
  }
  EXPECT_TRUE(unable);
  EXPECT_TRUE(w.engine.stateJson()["failures"].empty()) << "a service's placement failures are events, not RunTask failures";
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 4})").ok());
  w.step("3m");
  std::vector<Json> left = serviceTasks();
  ASSERT_EQ(left.size(), 4u);
  int a = 0;
  for (const Json& t : left) a += t["availabilityZone"] == "us-east-1a";
  EXPECT_EQ(a, 2) << "scale-in keeps the zones balanced";
  std::vector<Json> stopped = serviceTasks("STOPPED");
  ASSERT_FALSE(stopped.empty());
  EXPECT_EQ(stopped[0]["stopCode"], "ServiceSchedulerInitiated");
  EXPECT_EQ(stopped[0]["stoppedReason"].get<std::string>().rfind("Scaling activity initiated by (deployment ecs-svc/", 0), 0u);
  bool stoppedEvent = false;
  for (const std::string& e : events()) stoppedEvent = stoppedEvent || e.rfind("(service web) has stopped 4 running tasks: (task ", 0) == 0;
  EXPECT_TRUE(stoppedEvent);
}

// The ECS notes' "blue/green" without a new task definition: double the tasks, then halve them.
// Scale-in keeps zones and instances balanced (Dev guide); among equals ecsplay stops the oldest,
// so every original task is replaced.
TEST_F(Services, DoublingThenHalvingTheTasksReplacesEveryOriginalTask) {
  ASSERT_TRUE(create(2).ok());
  w.step("1m");
  std::set<std::string> originals;
  for (const Json& t : serviceTasks()) originals.insert(t["taskArn"].get<std::string>());
  ASSERT_EQ(originals.size(), 2u);
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 4})").ok());
  w.step("2m");
  ASSERT_EQ(service()["runningCount"], 4);
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 2})").ok());
  w.step("3m");
  std::vector<Json> left = serviceTasks();
  ASSERT_EQ(left.size(), 2u);
  for (const Json& t : left) EXPECT_EQ(originals.count(t["taskArn"].get<std::string>()), 0u) << "an original task survived the halving";
  EXPECT_NE(left[0]["availabilityZone"], left[1]["availabilityZone"]) << "zones stay balanced";
}

TEST_F(Services, ADesiredCountAboveTheTasksPerServiceQuotaIsRefusedAndNothingChanges) {
  ApiReply r = create(5001);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "InvalidParameterException");
  EXPECT_EQ(r.error->message, "desiredCount 5001 is above the Amazon ECS quota of 5000 tasks per service.");
  EXPECT_TRUE(w.call("ListServices", R"({"cluster": "demo"})").output["serviceArns"].empty());
  ASSERT_TRUE(create(2).ok());
  r = w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 2147483647})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(service()["desiredCount"], 2) << "state unchanged";
  EXPECT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 5000})").ok()) << "the quota itself is allowed";
}

TEST_F(Services, DeleteNeedsZeroOrForceThenDrainsToInactive) {
  ASSERT_TRUE(create(2).ok());
  w.step("1m");
  ApiReply r = w.call("DeleteService", R"({"cluster": "demo", "service": "web"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "The service cannot be stopped while it is scaled above 0.");
  EXPECT_EQ(w.call("DescribeClusters", R"({"clusters": ["demo"]})").output["clusters"][0]["activeServicesCount"], 1);
  EXPECT_EQ(w.call("DeleteCluster", R"({"cluster": "demo"})").error->type, "ClusterContainsServicesException");
  r = w.call("DeleteService", R"({"cluster": "demo", "service": "web", "force": true})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["service"]["status"], "DRAINING");
  w.step("2m");
  EXPECT_EQ(service()["status"], "INACTIVE");
  EXPECT_TRUE(serviceTasks().empty());
  EXPECT_EQ(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 1})").error->type, "ServiceNotActiveException");
  EXPECT_TRUE(w.call("ListServices", R"({"cluster": "demo"})").output["serviceArns"].empty());
  EXPECT_TRUE(create(1).ok()) << "the name is free again once INACTIVE";
}

TEST_F(Services, TheApiRefusesWhatEcsRefuses) {
  ASSERT_TRUE(create(1).ok());
  ApiReply r = create(1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "Creation of service was not idempotent.");
  EXPECT_EQ(w.call("UpdateService", R"({"cluster": "demo", "service": "ghost", "desiredCount": 1})").error->type, "ServiceNotFoundException");
  EXPECT_FALSE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": -1})").ok());
  EXPECT_FALSE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "x", "taskDefinition": "nope", "desiredCount": 1})").ok());
  EXPECT_EQ(w.call("CreateService", R"({"cluster": "ghost", "serviceName": "x", "taskDefinition": "web", "desiredCount": 1})").error->type,
            "ClusterNotFoundException");
  ApiReply d = w.call("DescribeServices", R"({"cluster": "demo", "services": ["nope"]})");
  EXPECT_EQ(d.output["failures"][0]["reason"], "MISSING");
}

// Which task definition each of the service's RUNNING-desired tasks runs, over time.
std::map<std::string, int> revisions(World& w) {
  std::map<std::string, int> out;
  Json st = w.engine.stateJson();
  for (const Json& t : st["tasks"]) {
    if (t.value("group", "") != "service:web" || t["desiredStatus"] != "RUNNING") continue;
    std::string arn = t["taskDefinitionArn"].get<std::string>();
    ++out[arn.substr(arn.rfind('/') + 1)];
  }
  return out;
}

TEST_F(Services, ARollingUpdateWithRoomToSpareStartsAllNewTasksThenStopsTheOldOnes) {
  w.instance("m5.large", "us-east-1a");
  w.instance("m5.large", "us-east-1b");  // room for 16 tasks
  ASSERT_TRUE(create(4).ok());
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:2", "cpu": 512, "memory": 512}]})");
  w.step("1m");
  ApiReply r = w.call("UpdateService", R"({"cluster": "demo", "service": "web", "taskDefinition": "web:2"})");
  ASSERT_TRUE(r.ok()) << r.error->message;
  ASSERT_EQ(r.output["service"]["deployments"].size(), 2u);
  EXPECT_EQ(r.output["service"]["deployments"][0]["status"], "PRIMARY");
  EXPECT_EQ(r.output["service"]["deployments"][1]["status"], "ACTIVE");
  w.step("1m30s");  // maximumPercent 200: all four new ones at once; the old ones still run
  EXPECT_EQ(revisions(w), (std::map<std::string, int>{{"web:1", 4}, {"web:2", 4}}));
  w.step("2m");  // the new ones count as healthy 40 s after RUNNING: the old ones go
  EXPECT_EQ(revisions(w), (std::map<std::string, int>{{"web:2", 4}}));
  w.step("3m");
  Json s = service();
  ASSERT_EQ(s["deployments"].size(), 1u);
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(s["taskDefinition"].get<std::string>().substr(s["taskDefinition"].get<std::string>().rfind('/') + 1), "web:2");
  std::vector<std::string> ev = events();
  EXPECT_EQ(ev[0], "(service web) has reached a steady state.");
  EXPECT_EQ(ev[1], "(service web) (deployment " + s["deployments"][0]["id"].get<std::string>() + ") deployment completed.");
}

TEST_F(Services, ARollingUpdateAtMaximumPercent100StopsFirstWithinMinimumHealthyPercent) {
  ASSERT_TRUE(create(4, R"(, "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 50})").ok());
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:2", "cpu": 512, "memory": 512}]})");
  w.step("1m");
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "taskDefinition": "web:2"})").ok());
  // maximumPercent 100: never more than 4 tasks meant to run at once.
  int maxSeen = 0;
  for (SimTime t = 60000; t <= 240000; t += 1000) {
    w.engine.step(t);
    std::map<std::string, int> r = revisions(w);
    maxSeen = std::max(maxSeen, r["web:1"] + r["web:2"]);
  }
  EXPECT_LE(maxSeen, 4);
  EXPECT_EQ(revisions(w), (std::map<std::string, int>{{"web:2", 4}}));
  EXPECT_EQ(service()["deployments"][0]["rolloutState"], "COMPLETED");
}

TEST_F(Services, AnUnhealthyTaskIsLeftAloneDuringTheGracePeriodThenReplaced) {
  w.taskDefinition(R"({"family": "hc", "containerDefinitions": [{"name": "app", "image": "hc:1", "cpu": 256, "memory": 256,
    "healthCheck": {"command": ["CMD-SHELL", "exit 1"], "interval": 5, "retries": 1}}]})");
  ContainerBehaviour b;
  b.healthFailsFrom = 120000;
  w.engine.setBehaviour("hc/app", b);
  ApiReply r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "hc", "taskDefinition": "hc", "desiredCount": 1,
    "healthCheckGracePeriodSeconds": 300})");
  ASSERT_TRUE(r.ok()) << r.error->message;
  auto total = [&] {
    int n = 0;
    Json st = w.engine.stateJson();
    for (const Json& t : st["tasks"]) n += t.value("group", "") == "service:hc";
    return n;
  };
  w.step("4m");
  EXPECT_EQ(total(), 1) << "inside the 300 s grace period an UNHEALTHY task is left alone";
  w.step("5m30s");  // the grace period ended at about 5m08s
  EXPECT_GE(total(), 2) << "then a replacement starts";
}

TEST_F(Services, TasksThatNeverRunAreRetriedSlowerAndSlowerUntilANewDeployment) {
  w.taskDefinition(R"({"family": "typo", "containerDefinitions": [{"name": "app", "image": "nginx:latesst", "cpu": 256, "memory": 256}]})");
  ImageBehaviour broken;
  broken.pullFails = true;
  w.engine.setImage("nginx:latesst", broken);
  ASSERT_TRUE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "typo", "taskDefinition": "typo", "desiredCount": 1})").ok());
  w.step("20m");
  std::vector<SimTime> launches;
  bool throttled = false;
  for (const LogEntry& e : w.engine.log()) {
    if (e.type == "TaskCreated") launches.push_back(e.time);
    throttled = throttled || (e.type == "ServiceEvent" && e.detail["message"] == "(service typo) is unable to consistently start tasks successfully.");
  }
  EXPECT_TRUE(throttled);
  ASSERT_GE(launches.size(), 6u);
  for (size_t k = 3; k + 1 < launches.size(); ++k) {
    EXPECT_GT(launches[k + 1] - launches[k], launches[k] - launches[k - 1]) << "the wait grows, launch " << k;
  }
  EXPECT_LT(launches.size(), 15u) << "not a launch every few seconds";
  // A new task definition resets the back-off: the next launch comes at once.
  w.taskDefinition(R"({"family": "typo", "containerDefinitions": [{"name": "app", "image": "nginx:latest", "cpu": 256, "memory": 256}]})");
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "typo", "taskDefinition": "typo:2"})").ok());
  w.step("20m10s");
  int fixed = 0;
  Json st = w.engine.stateJson();
  for (const Json& t : st["tasks"]) fixed += t["taskDefinitionArn"].get<std::string>().find("typo:2") != std::string::npos && t["lastStatus"] == "RUNNING";
  EXPECT_EQ(fixed, 1);
}

TEST_F(Services, TheCircuitBreakerThresholdIsHalfTheDesiredCountAtLeastThreeAndAFailedDeploymentLaunchesNothing) {
  w.taskDefinition(R"({"family": "typo", "containerDefinitions": [{"name": "app", "image": "nginx:latesst", "cpu": 128, "memory": 128}]})");
  ImageBehaviour broken;
  broken.pullFails = true;
  w.engine.setImage("nginx:latesst", broken);
  ASSERT_TRUE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "typo", "taskDefinition": "typo", "desiredCount": 10,
    "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": false}}})").ok());
  w.step("10m");
  ApiReply r = w.call("DescribeServices", R"({"cluster": "demo", "services": ["typo"]})");
  const Json& d = r.output["services"][0]["deployments"][0];
  EXPECT_EQ(d["rolloutState"], "FAILED");
  EXPECT_EQ(d["failedTasks"], 10) << "ceil(0.5 x 10) = 5 failures fail it; the first ten were already under way";
  size_t created = 0;
  for (const LogEntry& e : w.engine.log()) created += e.type == "TaskCreated";
  EXPECT_EQ(created, 10u) << "a FAILED deployment launches nothing more";
}

// A FAILED deployment (no rollback) launches nothing and stops no old task: not even one whose
// health check fails later, which nothing could replace (review finding: it used to be stopped).
TEST_F(Services, AfterAFailedDeploymentWithoutRollbackTheOldTasksKeepServingEvenUnhealthy) {
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 256, "memory": 256,
                       "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 10, "retries": 2}}]})");
  ContainerBehaviour sick;
  sick.healthFailsFrom = 8 * 60000;
  w.engine.setBehaviour("web:2/app", sick);
  ASSERT_TRUE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web:2", "desiredCount": 2,
    "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": false}}})").ok());
  w.step("2m");
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:latesst", "cpu": 256, "memory": 256}]})");
  ImageBehaviour broken;
  broken.pullFails = true;
  w.engine.setImage("nginx:latesst", broken);
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "taskDefinition": "web:3"})").ok());
  w.step("7m");
  ASSERT_EQ(service()["deployments"][0]["rolloutState"], "FAILED");
  w.step("12m");  // the old (web:2) tasks are UNHEALTHY from minute 8
  int oldRunning = 0;
  for (const Json& t : serviceTasks()) oldRunning += t["taskDefinitionArn"].get<std::string>().find("web:2") != std::string::npos;
  EXPECT_EQ(oldRunning, 2) << "nothing would replace them";
}

TEST_F(Services, ADaemonRunsOneTaskOnEachActiveInstanceFollowingThemAsTheyComeAndGo) {
  w.taskDefinition(R"({"family": "agent", "containerDefinitions": [{"name": "a", "image": "agent:1", "cpu": 64, "memory": 64}]})");
  ApiReply r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "agent", "taskDefinition": "agent", "schedulingStrategy": "DAEMON"})");
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.output["service"]["schedulingStrategy"], "DAEMON");
  EXPECT_EQ(r.output["service"]["deploymentConfiguration"]["maximumPercent"], 100);
  EXPECT_EQ(r.output["service"]["deploymentConfiguration"]["minimumHealthyPercent"], 0);
  auto perInstance = [&] {
    std::map<std::string, int> out;
    Json st = w.engine.stateJson();
    for (const Json& t : st["tasks"]) {
      if (t.value("group", "") == "service:agent" && t["desiredStatus"] == "RUNNING") ++out[t["containerInstanceArn"].get<std::string>()];
    }
    return out;
  };
  w.step("1m");
  std::map<std::string, int> placed = perInstance();
  EXPECT_EQ(placed.size(), 2u);
  for (const auto& [instance, n] : placed) EXPECT_EQ(n, 1) << instance;
  ApiReply d = w.call("DescribeServices", R"({"cluster": "demo", "services": ["agent"]})");
  EXPECT_EQ(d.output["services"][0]["desiredCount"], 2);
  std::string third = w.instance("m5.large", "us-east-1c");
  w.step("2m");
  EXPECT_EQ(perInstance().size(), 3u) << "a new instance gets its daemon task";
  ASSERT_TRUE(w.call("UpdateContainerInstancesState", Json{{"cluster", "demo"}, {"containerInstances", {third}}, {"status", "DRAINING"}}).ok());
  w.step("3m");
  EXPECT_EQ(perInstance().size(), 2u) << "a draining instance without other tasks loses its daemon task";
  EXPECT_EQ(w.call("DescribeServices", R"({"cluster": "demo", "services": ["agent"]})").output["services"][0]["desiredCount"], 2);
}

TEST_F(Services, DrainingWithoutRoomStopsWithinTheMinimumThenReplaces) {
  std::string third = w.instance("m5.large", "us-east-1c");
  ASSERT_TRUE(create(4, R"(, "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 50})").ok());
  w.step("1m");
  // Drain the instance with the most of web's tasks.
  std::map<std::string, int> per;
  for (const Json& t : serviceTasks()) ++per[t["containerInstanceArn"].get<std::string>()];
  std::string busiest = per.begin()->first;
  for (const auto& [arn, n] : per) if (n > per[busiest]) busiest = arn;
  int there = per[busiest];
  ASSERT_TRUE(w.call("UpdateContainerInstancesState", Json{{"cluster", "demo"}, {"containerInstances", {busiest}}, {"status", "DRAINING"}}).ok());
  int maxMeant = 0;
  for (SimTime t = 60000; t <= 240000; t += 1000) {
    w.engine.step(t);
    maxMeant = std::max(maxMeant, static_cast<int>(serviceTasks().size()));
  }
  EXPECT_LE(maxMeant, 4) << "maximumPercent 100: no replacement before a stop";
  for (const Json& t : serviceTasks()) EXPECT_NE(t["containerInstanceArn"], busiest);
  EXPECT_EQ(serviceTasks().size(), 4u);
  EXPECT_GE(there, 1);
}

TEST_F(Services, ADaemonRefusesADesiredCountStrategiesAndFargate) {
  w.taskDefinition(R"({"family": "agent", "containerDefinitions": [{"name": "a", "image": "agent:1", "cpu": 64, "memory": 64}]})");
  ApiReply r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "agent", "taskDefinition": "agent", "schedulingStrategy": "DAEMON", "desiredCount": 2})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "The daemon scheduling strategy does not support a desired count for services.");
  r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "agent", "taskDefinition": "agent", "schedulingStrategy": "DAEMON",
    "placementStrategy": [{"type": "binpack", "field": "memory"}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "The daemon scheduling strategy does not support placement strategies.");
  r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "agent", "taskDefinition": "agent", "schedulingStrategy": "DAEMON", "launchType": "FARGATE"})");
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace ecsplay::test
