// Services behind a load balancer target group (ECS-FACTS.md, "Task lifecycle", "Services"; ELB
// guide, "Health checks for your target groups"): tasks registered while ACTIVATING, healthy after
// one passing check, replaced when their target fails unhealthyThresholdCount checks in a row (after
// the grace period), drained for the deregistration delay while DEACTIVATING; ECS's refusals.
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

class LoadBalancers : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    w.instance("m5.large", "us-east-1a");
    w.instance("m5.large", "us-east-1b");
    w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 256, "memory": 512,
                         "portMappings": [{"containerPort": 80, "hostPort": 0}]}]})");
  }
  ApiReply targetGroup(const std::string& extra = "") {
    return w.engine.createTargetGroup(parse(R"({"targetGroupName": "web-tg")" + extra + "}"));
  }
  ApiReply create(int desired, const std::string& extra = "") {
    return w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": )" +
                                       std::to_string(desired) +
                                       R"(, "loadBalancers": [{"targetGroupArn": "web-tg", "containerName": "app", "containerPort": 80}])" +
                                       extra + "}");
  }
  Json service() {
    ApiReply r = w.call("DescribeServices", R"({"cluster": "demo", "services": ["web"]})");
    return r.ok() && !r.output["services"].empty() ? r.output["services"][0] : Json();
  }
  bool hasEvent(const std::string& prefix, const std::string& containing = "") {
    Json s = service();
    for (const Json& e : s["events"]) {
      std::string m = e["message"].get<std::string>();
      if (m.rfind(prefix, 0) == 0 && m.find(containing) != std::string::npos) return true;
    }
    return false;
  }
  std::vector<Json> tasks(const std::string& desired) {
    std::vector<Json> out;
    Json st = w.engine.stateJson();
    for (const Json& t : st["tasks"]) {
      if (t["desiredStatus"] == desired) out.push_back(t);
    }
    return out;
  }
  std::map<std::string, int> targetStates() {
    std::map<std::string, int> out;
    Json st = w.engine.stateJson();
    for (const Json& t : st["targetGroups"][0]["targets"]) ++out[t["state"].get<std::string>()];
    return out;
  }
  World w;
};

TEST_F(LoadBalancers, TasksRegisterAsTargetsAndCountAsHealthyOnlyOnceTheirTargetPassesACheck) {
  ApiReply g = targetGroup();
  ASSERT_TRUE(g.ok()) << g.error->message;
  std::string arn = g.output["TargetGroups"][0]["TargetGroupArn"].get<std::string>();
  EXPECT_EQ(arn.rfind("arn:aws:elasticloadbalancing:us-east-1:", 0), 0u);
  EXPECT_NE(arn.find(":targetgroup/web-tg/"), std::string::npos);
  ApiReply r = create(2);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.output["service"]["loadBalancers"][0]["targetGroupArn"], arn) << "a scenario may name the group; the service holds its ARN";
  w.step("20s");
  EXPECT_EQ(service()["runningCount"], 2);
  EXPECT_TRUE(hasEvent("(service web) registered 2 targets in (target-group " + arn + ")"));
  EXPECT_EQ(targetStates()["initial"], 2);
  EXPECT_EQ(service()["deployments"][0]["rolloutState"], "IN_PROGRESS") << "not healthy before the load balancer says so";
  w.step("1m");  // one interval (30 s) after registration: one pass makes a new target healthy
  EXPECT_EQ(targetStates()["healthy"], 2);
  EXPECT_EQ(service()["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_TRUE(hasEvent("(service web) has reached a steady state."));
}

TEST_F(LoadBalancers, AnUnhealthyTargetIsReplacedAndItsTaskStopsWithTheElbReason) {
  ApiReply g = targetGroup();
  ASSERT_TRUE(g.ok());
  std::string arn = g.output["TargetGroups"][0]["TargetGroupArn"].get<std::string>();
  w.engine.setBehaviour("web/app", [] {
    ContainerBehaviour b;
    b.targetHealthFailsFrom = 2 * 60000;
    b.targetHealthFailsUntil = 2 * 60000 + 1;  // for one check: not enough (2 in a row)
    return b;
  }());
  ASSERT_TRUE(create(2, R"(, "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100})").ok());
  w.step("4m");
  EXPECT_TRUE(tasks("STOPPED").empty()) << "one failed check is below unhealthyThresholdCount (2)";
  // Now the app stops answering the load balancer for good.
  w.engine.setBehaviour("web/app", [] {
    ContainerBehaviour b;
    b.targetHealthFailsFrom = 5 * 60000;
    return b;
  }());
  // Behaviours apply to tasks created after; start fresh ones.
  for (const Json& t : tasks("RUNNING")) ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", t["taskArn"]}}).ok());
  w.step("10m");
  EXPECT_TRUE(hasEvent("(service web) (task ", ") is unhealthy in (target-group " + arn + ") due to (reason Health checks failed)."));
  bool elbStop = false;
  for (const Json& t : tasks("STOPPED")) {
    elbStop = elbStop || (t["stoppedReason"] == "Task failed ELB health checks in (target-group " + arn + ")" &&
                          t["stopCode"] == "ServiceSchedulerInitiated");
  }
  EXPECT_TRUE(elbStop);
  EXPECT_GT(targetStates()["unhealthy"] + targetStates()["initial"] + targetStates()["draining"], 0) << "the replacements fail too";
}

TEST_F(LoadBalancers, TheGracePeriodHoldsBackReplacementAndAnUnhealthyTargetRecoversAfterHealthyThresholdPasses) {
  ASSERT_TRUE(targetGroup(R"(, "healthCheckIntervalSeconds": 10, "healthyThresholdCount": 3)").ok());
  w.engine.setBehaviour("web/app", [] {
    ContainerBehaviour b;
    b.targetHealthFailsFrom = 0;
    b.targetHealthFailsUntil = 2 * 60000;  // a slow start: 2 minutes before it answers
    return b;
  }());
  ASSERT_TRUE(create(1, R"(, "healthCheckGracePeriodSeconds": 600)").ok());
  w.step("90s");
  EXPECT_EQ(targetStates()["unhealthy"], 1);
  w.step("3m");
  EXPECT_EQ(targetStates()["healthy"], 1) << "three passes in a row after it answers";
  EXPECT_TRUE(tasks("STOPPED").empty()) << "within the grace period the scheduler ignores the load balancer";
  size_t healthyTransitions = 0;
  for (const LogEntry& e : w.engine.log()) {
    if (e.type == "TargetHealthChange" && e.detail["to"] == "healthy") ++healthyTransitions;
  }
  EXPECT_EQ(healthyTransitions, 1u);
}

TEST_F(LoadBalancers, ScaleInDrainsTheTargetForTheDeregistrationDelayBeforeTheTaskStops) {
  ASSERT_TRUE(targetGroup(R"(, "deregistrationDelaySeconds": 120)").ok());
  ASSERT_TRUE(create(2).ok());
  w.step("2m");
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 1})").ok());
  w.step("3m");
  std::vector<Json> stopping = tasks("STOPPED");
  ASSERT_EQ(stopping.size(), 1u);
  EXPECT_EQ(stopping[0]["lastStatus"], "DEACTIVATING") << "draining connections for 120 s";
  EXPECT_TRUE(hasEvent("(service web) has begun draining connections on 1 tasks."));
  EXPECT_EQ(targetStates()["draining"], 1);
  w.step("4m30s");
  Json t = w.task(stopping[0]["taskArn"].get<std::string>());
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_TRUE(hasEvent("(service web) deregistered 1 targets in (target-group "));
  SimTime deactivating = w.when(stopping[0]["taskArn"].get<std::string>().substr(stopping[0]["taskArn"].get<std::string>().rfind('/') + 1), "DEACTIVATING");
  SimTime stoppingAt = w.when(stopping[0]["taskArn"].get<std::string>().substr(stopping[0]["taskArn"].get<std::string>().rfind('/') + 1), "STOPPING");
  EXPECT_EQ(stoppingAt - deactivating, 120000);
}

TEST_F(LoadBalancers, ARollingDeploymentMovesOnWhenTheNewTargetsAreHealthyWithoutTheFortySecondWait) {
  ASSERT_TRUE(targetGroup(R"(, "healthCheckIntervalSeconds": 5, "healthCheckTimeoutSeconds": 2)").ok());
  ASSERT_TRUE(create(2).ok());
  w.step("2m");
  std::vector<Json> before = tasks("RUNNING");
  ASSERT_EQ(before.size(), 2u);
  ASSERT_TRUE(w.call("UpdateService", R"({"cluster": "demo", "service": "web", "forceNewDeployment": true})").ok());
  w.step("2m25s");  // new tasks RUNNING at about 2:08, healthy targets 5 s after registering
  for (const Json& t : before) EXPECT_EQ(w.task(t["taskArn"].get<std::string>())["desiredStatus"], "STOPPED");
}

TEST_F(LoadBalancers, CreateServiceRefusesWhatEcsRefusesAndSaysWhatIsNotSimulated) {
  ASSERT_TRUE(targetGroup().ok());
  auto refuse = [&](const std::string& lbs) {
    ApiReply r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1, "loadBalancers": )" + lbs + "}");
    EXPECT_FALSE(r.ok()) << lbs;
    return r.ok() ? std::string() : r.error->type + ": " + r.error->message;
  };
  EXPECT_EQ(refuse(R"([{"targetGroupArn": "nope", "containerName": "app", "containerPort": 80}])"),
            "InvalidParameterException: The target group nope does not exist (define it in the scenario's targetGroups).");
  EXPECT_EQ(refuse(R"([{"targetGroupArn": "web-tg", "containerName": "db", "containerPort": 80}])"),
            "InvalidParameterException: The container db does not exist in the task definition.");
  EXPECT_EQ(refuse(R"([{"targetGroupArn": "web-tg", "containerName": "app", "containerPort": 8080}])"),
            "InvalidParameterException: The container app did not have a container port 8080 defined.");
  EXPECT_EQ(refuse(R"([{"targetGroupArn": "web-tg", "containerName": "app"}])"),
            "InvalidParameterException: loadBalancers[0] needs a containerPort (an integer).");
  EXPECT_EQ(refuse(R"([{"loadBalancerName": "classic", "containerName": "app", "containerPort": 80}])").rfind("NotSimulated: ", 0), 0u);
  EXPECT_EQ(refuse(R"([{"targetGroupArn": "web-tg", "containerName": "app", "containerPort": 80},
                       {"targetGroupArn": "web-tg", "containerName": "app", "containerPort": 80}])")
                .rfind("NotSimulated: ", 0),
            0u);
  EXPECT_TRUE(w.call("ListServices", R"({"cluster": "demo"})").output["serviceArns"].empty()) << "nothing was created";
}

TEST_F(LoadBalancers, TargetGroupsTakeElbsRangesAndDefaults) {
  auto refuse = [&](const std::string& json) {
    ApiReply r = w.engine.createTargetGroup(parse(json));
    EXPECT_FALSE(r.ok()) << json;
    return r.ok() ? std::string() : r.error->message;
  };
  EXPECT_EQ(refuse(R"({"targetGroupName": "a", "healthCheckIntervalSeconds": 5, "healthCheckTimeoutSeconds": 5})"),
            "Health check timeout must be smaller than the interval");
  EXPECT_EQ(refuse(R"({"targetGroupName": "a", "healthyThresholdCount": 11})"), "healthyThresholdCount must be an integer from 2 to 10.");
  EXPECT_EQ(refuse(R"({"targetGroupName": "a", "unhealthyThresholdCount": "2"})"), "unhealthyThresholdCount must be an integer from 2 to 10.");
  EXPECT_EQ(refuse(R"({"targetGroupName": "a", "deregistrationDelaySeconds": 1e99})"),
            "deregistrationDelaySeconds must be an integer from 0 to 3600.");
  EXPECT_NE(refuse(R"({"targetGroupName": "-bad-"})").find("must not begin or end with a hyphen"), std::string::npos);
  EXPECT_NE(refuse(R"({"targetGroupName": "a", "healtCheckPath": "/"})").find("Unknown target group field 'healtCheckPath'"), std::string::npos);
  EXPECT_NE(refuse(R"([1, 2])").find("targetGroupName"), std::string::npos);
  ASSERT_TRUE(targetGroup().ok());
  EXPECT_EQ(refuse(R"({"targetGroupName": "web-tg"})"), "A target group with the same name 'web-tg' exists");
  Json st = w.engine.stateJson();
  const Json& g = st["targetGroups"][0];
  EXPECT_EQ(g["healthCheckIntervalSeconds"], 30);
  EXPECT_EQ(g["healthyThresholdCount"], 5);
  EXPECT_EQ(g["unhealthyThresholdCount"], 2);
  EXPECT_EQ(g["deregistrationDelaySeconds"], 300);
}

}  // namespace
}  // namespace ecsplay::test
