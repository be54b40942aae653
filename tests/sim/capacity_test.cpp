// Capacity providers (docs/research/capacity.md): strategies split by base then weight, Fargate
// Spot interruptions and capacity, Auto Scaling group providers with and without managed
// scaling, CapacityProviderReservation, scale-out and scale-in, EC2 Spot interruptions.
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

const char* kFargateWorker = R"({"family": "worker", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
  "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "w", "image": "worker:1", "essential": true}]})";
const char* kNet = R"("networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}})";

// 1 vCPU, 3 GiB: two fit on an m5.large (2 vCPU).
const char* kCrunch = R"({"family": "crunch", "requiresCompatibilities": ["EC2"], "cpu": "1024", "memory": "3072",
  "containerDefinitions": [{"name": "c", "image": "crunch:1", "essential": true}]})";

class FargateWorld : public World {
 public:
  FargateWorld() {
    call("CreateCluster", R"({"clusterName": "demo", "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
      "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 2, "weight": 1},
                                          {"capacityProvider": "FARGATE_SPOT", "weight": 3}]})");
    taskDefinition(kFargateWorker);
  }
  // How many of RunTask's tasks went to each provider.
  std::map<std::string, int> split(const std::string& input) {
    ApiReply r = call("RunTask", input);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
    std::map<std::string, int> out;
    if (r.ok()) {
      for (const Json& t : r.output["tasks"]) ++out[t.value("capacityProviderName", std::string("(none)"))];
    }
    return out;
  }
};

TEST(CapacityStrategy, BaseFirstThenTheRestByWeight) {
  FargateWorld w;
  auto s = w.split(std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 10, )") + kNet + "}");
  // 2 base on FARGATE, then 8 split 1:3.
  EXPECT_EQ(s["FARGATE"], 4);
  EXPECT_EQ(s["FARGATE_SPOT"], 6);
  s = w.split(std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 1, )") + kNet + "}");
  EXPECT_EQ(s["FARGATE"], 1) << "fewer tasks than the base: all on the base provider";
  EXPECT_EQ(s.count("FARGATE_SPOT"), 0u);
  s = w.split(std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 10, "capacityProviderStrategy": [
    {"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 4}], )") + kNet + "}");
  EXPECT_EQ(s["FARGATE"], 3);
  EXPECT_EQ(s["FARGATE_SPOT"], 7);
}

TEST(CapacityStrategy, TasksOnFargateProvidersAreFargateTasksThatNameTheirProvider) {
  FargateWorld w;
  ApiReply r = w.call("RunTask", std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 3, )") + kNet + "}");
  ASSERT_TRUE(r.ok());
  for (const Json& t : r.output["tasks"]) {
    EXPECT_EQ(t["launchType"], "FARGATE");
    EXPECT_TRUE(t.contains("capacityProviderName"));
  }
}

TEST(CapacityStrategy, ALaunchTypeBypassesTheDefaultStrategy) {
  FargateWorld w;
  auto s = w.split(std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 2, "launchType": "FARGATE", )") + kNet + "}");
  EXPECT_EQ(s["(none)"], 2);
}

TEST(CapacityStrategy, ECSRefusesALaunchTypeWithAStrategyAndUnassociatedProviders) {
  FargateWorld w;
  ApiReply r = w.call("RunTask", std::string(R"({"cluster": "demo", "taskDefinition": "worker", "launchType": "FARGATE",
    "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}], )") + kNet + "}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
  w.call("CreateCluster", R"({"clusterName": "plain"})");
  r = w.call("RunTask", std::string(R"({"cluster": "plain", "taskDefinition": "worker",
    "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}], )") + kNet + "}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message.rfind("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster.", 0), 0u);
  r = w.call("RunTask", std::string(R"({"cluster": "demo", "taskDefinition": "worker", "capacityProviderStrategy": [
    {"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 1}], )") + kNet + "}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "Only one capacity provider in a capacity provider strategy can have a base defined.");
  r = w.call("PutClusterCapacityProviders", R"({"cluster": "demo", "capacityProviders": ["FARGATE"],
    "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 0}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message.rfind("There are no capacity providers with a weight value greater than zero", 0), 0u);
}

TEST(CapacityStrategy, AProviderInUseCannotLeaveTheCluster) {
  FargateWorld w;
  ASSERT_TRUE(w.call("RunTask", std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 1,
    "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}], )") + kNet + "}").ok());
  ApiReply r = w.call("PutClusterCapacityProviders", R"({"cluster": "demo", "capacityProviders": ["FARGATE"],
    "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "ResourceInUseException");
  EXPECT_EQ(r.error->message, "The specified capacity provider is in use and cannot be removed.");
  ASSERT_TRUE(w.engine.fault("FargateSpotInterruption", Json{{"cluster", "demo"}}).ok());
  w.step("5m");
  EXPECT_TRUE(w.call("PutClusterCapacityProviders", R"({"cluster": "demo", "capacityProviders": ["FARGATE"],
    "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]})").ok()) << "once its tasks are gone";
}

TEST(FargateSpot, AnInterruptionStopsTheTaskWithSpotInterruptionAndSigterm) {
  FargateWorld w;
  ApiReply r = w.call("RunTask", std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 1,
    "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}], )") + kNet + "}");
  ASSERT_TRUE(r.ok());
  std::string id = r.output["tasks"][0]["taskArn"].get<std::string>();
  id = id.substr(id.rfind('/') + 1);
  w.step("2m");
  ASSERT_EQ(w.task(id)["lastStatus"], "RUNNING");
  ASSERT_TRUE(w.engine.fault("FargateSpotInterruption", Json{{"task", id}}).ok());
  Json t = w.task(id);
  EXPECT_EQ(t["desiredStatus"], "STOPPED") << "the warning sets desiredStatus at once";
  EXPECT_EQ(t["stopCode"], "SpotInterruption");
  EXPECT_EQ(t["stoppedReason"], "Your Spot Task was interrupted.");
  w.step("4m");
  t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(w.container(id, "w")["exitCode"], 0) << "SIGTERM, handled";
  EXPECT_FALSE(w.engine.fault("FargateSpotInterruption", Json{{"task", id}}).ok()) << "nothing left to interrupt";
}

TEST(FargateSpot, WithoutSpotCapacityRunTaskFailsWithEcsReason) {
  FargateWorld w;
  ASSERT_TRUE(w.engine.fault("FargateSpotCapacity", Json{{"available", false}}).ok());
  ApiReply r = w.call("RunTask", std::string(R"({"cluster": "demo", "taskDefinition": "worker", "count": 4, )") + kNet + "}");
  ASSERT_TRUE(r.ok());
  // Base 2 + 2 by weight: one more on FARGATE, one on FARGATE_SPOT, which fails.
  EXPECT_EQ(r.output["tasks"].size(), 3u);
  ASSERT_EQ(r.output["failures"].size(), 1u);
  EXPECT_EQ(r.output["failures"][0]["reason"], "Capacity is unavailable at this time. Please try again later or in a different availability zone");
}

// An Auto Scaling group of m5.large and its provider on cluster "jobs".
class AsgWorld : public World {
 public:
  explicit AsgWorld(bool managed, int desired = 1, int maxSize = 10, int minSize = 0) {
    cluster("jobs");
    Json asg = {{"autoScalingGroupName", "jobs-asg"}, {"cluster", "jobs"}, {"instanceType", "m5.large"}, {"minSize", minSize},
                {"maxSize", maxSize}, {"desiredCapacity", desired}, {"launchTime", 120000}};
    ApiReply r = engine.createAutoScalingGroup(asg);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
    Json cp = {{"name", "jobs-cp"},
               {"autoScalingGroupProvider",
                {{"autoScalingGroupArn", "jobs-asg"},
                 {"managedScaling", {{"status", managed ? "ENABLED" : "DISABLED"}, {"instanceWarmupPeriod", 60}}}}}};
    r = call("CreateCapacityProvider", cp);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
    r = call("PutClusterCapacityProviders", R"({"cluster": "jobs", "capacityProviders": ["jobs-cp"],
      "defaultCapacityProviderStrategy": [{"capacityProvider": "jobs-cp", "weight": 1}]})");
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
    taskDefinition(kCrunch);
  }
  ApiReply runCrunch(int count) { return call("RunTask", Json{{"cluster", "jobs"}, {"taskDefinition", "crunch"}, {"count", count}}); }
  int countTasks(const std::string& lastStatus) {
    int n = 0;
    Json st = engine.stateJson();
    for (const Json& t : st["tasks"]) n += t["lastStatus"] == lastStatus;
    return n;
  }
  int activeInstances() {
    int n = 0;
    Json st = engine.stateJson();
    for (const Json& i : st["containerInstances"]) n += i["status"] == "ACTIVE";
    return n;
  }
  std::vector<int> metrics() {
    std::vector<int> out;
    for (const LogEntry& e : engine.log()) {
      if (e.type == "CapacityProviderReservation") out.push_back(e.detail["value"].get<int>());
    }
    return out;
  }
};

TEST(ManagedScaling, TasksThatDoNotFitWaitInProvisioningAndGetInstances) {
  AsgWorld w(true);
  ApiReply r = w.runCrunch(6);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.output["failures"].empty());
  ASSERT_EQ(r.output["tasks"].size(), 6u);
  int provisioning = 0;
  for (const Json& t : r.output["tasks"]) provisioning += t["lastStatus"] == "PROVISIONING" && !t.contains("containerInstanceArn");
  EXPECT_EQ(provisioning, 4) << "two fit the one instance; four wait";
  std::string waiting = r.output["tasks"][5]["taskArn"].get<std::string>();
  ApiReply runtime = w.engine.containerRuntime("jobs", waiting, "c");
  ASSERT_FALSE(runtime.ok()) << "a task waiting for capacity has no containers yet";
  EXPECT_EQ(runtime.error->message, "The task is waiting for capacity: its containers do not exist yet.");
  w.step("1m");  // the metric: 1 busy + 2 needed over 1 running
  EXPECT_EQ(w.metrics().back(), 300);
  w.step("3m30s");  // launched 2 minutes after the scale-out
  EXPECT_EQ(w.activeInstances(), 3);
  EXPECT_EQ(w.countTasks("RUNNING"), 6);
  Json st = w.engine.stateJson();
  for (const Json& i : st["containerInstances"]) EXPECT_EQ(i["capacityProviderName"], "jobs-cp");
  EXPECT_EQ(w.metrics().back(), 100);
}

TEST(ManagedScaling, AnEmptyGroupReportsTwoHundredAndStillScalesOut) {
  AsgWorld w(true, 0);
  ApiReply r = w.runCrunch(1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["tasks"][0]["lastStatus"], "PROVISIONING");
  w.step("1m");
  EXPECT_EQ(w.metrics().back(), 200) << "M > 0 and N = 0";
  w.step("4m");
  EXPECT_EQ(w.countTasks("RUNNING"), 1);
}

TEST(ManagedScaling, WithoutItTasksThatDoNotFitFailAtOnce) {
  AsgWorld w(false);
  ApiReply r = w.runCrunch(3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["tasks"].size(), 2u);
  ASSERT_EQ(r.output["failures"].size(), 1u);
  EXPECT_EQ(r.output["failures"][0]["reason"], "RESOURCE:CPU");
  AsgWorld empty(false, 0);
  r = empty.runCrunch(1);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.output["failures"].size(), 1u);
  EXPECT_EQ(r.output["failures"][0]["reason"], "EMPTY CAPACITY PROVIDER");
}

TEST(ManagedScaling, TasksStopAfterWaitingTenToThirtyMinutesWhenTheGroupIsFull) {
  AsgWorld w(true, 1, 1);  // maxSize 1: no scale-out possible
  ApiReply r = w.runCrunch(3);
  ASSERT_TRUE(r.ok());
  std::string waiting;
  for (const Json& t : r.output["tasks"]) {
    if (t["lastStatus"] == "PROVISIONING" && !t.contains("containerInstanceArn")) waiting = t["taskArn"].get<std::string>();
  }
  ASSERT_FALSE(waiting.empty());
  std::string id = waiting.substr(waiting.rfind('/') + 1);
  w.step("9m59s");
  EXPECT_EQ(w.task(id, "jobs")["lastStatus"], "PROVISIONING");
  w.step("31m");
  Json t = w.task(id, "jobs");
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  EXPECT_EQ(t["stoppedReason"], "TaskFailedToStart: RESOURCE:CPU");
}

TEST(ManagedScaling, EmptyInstancesAreScaledInAfterFifteenMinutesBelowTargetNotBelowMinSize) {
  AsgWorld w(true, 4, 10, 1);
  w.step("14m");
  EXPECT_EQ(w.activeInstances(), 4) << "fewer than 15 datapoints below target";
  EXPECT_EQ(w.metrics().back(), 96) << "100 minus the 4 empty instances";
  w.step("40m");
  EXPECT_EQ(w.activeInstances(), 1) << "down to the group's minimum";
}

TEST(ManagedScaling, DescribeCapacityProvidersListsTheBuiltInsAndTheGroupProvider) {
  AsgWorld w(true);
  ApiReply r = w.call("DescribeCapacityProviders", Json::object());
  ASSERT_TRUE(r.ok());
  std::vector<std::string> names;
  for (const Json& p : r.output["capacityProviders"]) names.push_back(p["name"].get<std::string>());
  EXPECT_EQ(names, (std::vector<std::string>{"FARGATE", "FARGATE_SPOT", "jobs-cp"}));
  const Json& cp = r.output["capacityProviders"][2];
  EXPECT_EQ(cp["autoScalingGroupProvider"]["managedScaling"]["status"], "ENABLED");
  EXPECT_EQ(cp["autoScalingGroupProvider"]["managedScaling"]["targetCapacity"], 100);
  EXPECT_EQ(cp["autoScalingGroupProvider"]["managedScaling"]["maximumScalingStepSize"], 10000);
}

TEST(ManagedScaling, ProviderNamesAndClusterMixesEcsRefuses) {
  AsgWorld w(true);
  ApiReply r = w.call("CreateCapacityProvider", R"({"name": "fargate-extra", "autoScalingGroupProvider": {"autoScalingGroupArn": "jobs-asg"}})");
  EXPECT_FALSE(r.ok());
  r = w.call("PutClusterCapacityProviders", R"({"cluster": "jobs", "capacityProviders": ["jobs-cp", "FARGATE"], "defaultCapacityProviderStrategy": []})");
  EXPECT_FALSE(r.ok()) << "Auto Scaling group providers and Fargate providers do not mix";
}

TEST(SpotInstances, TheNoticeDrainsTheInstanceAndTwoMinutesLaterItIsGoneAndReplaced) {
  AsgWorld w(false, 1);
  ApiReply r = w.runCrunch(1);
  ASSERT_TRUE(r.ok());
  std::string id = r.output["tasks"][0]["taskArn"].get<std::string>();
  id = id.substr(id.rfind('/') + 1);
  w.step("1m");
  std::string ec2 = w.engine.stateJson()["containerInstances"][0]["ec2InstanceId"].get<std::string>();
  ASSERT_TRUE(w.engine.fault("SpotInstanceInterruption", Json{{"ec2InstanceId", ec2}}).ok());
  EXPECT_EQ(w.engine.stateJson()["containerInstances"][0]["status"], "DRAINING");
  EXPECT_EQ(w.task(id, "jobs")["lastStatus"], "RUNNING") << "a standalone task is left alone by draining";
  w.step("3m1s");
  Json t = w.task(id, "jobs");
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stoppedReason"], "Host EC2 (instance " + ec2 + ") terminated.");
  w.step("6m");
  EXPECT_EQ(w.activeInstances(), 1) << "the group launched a replacement";
}

}  // namespace
}  // namespace ecsplay::test
