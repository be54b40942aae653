// The engine's ECS API: clusters, container instances, RunTask's checks and failures, ListTasks
// filters, and the errors ECS gives for bad input.
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

class Api : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    w.taskDefinition(kWeb);
  }
  World w;
};

TEST_F(Api, AnUnknownOperationIsRefusedByName) {
  ApiReply r = w.call("LaunchRockets", "{}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "UnknownOperationException");
}

TEST_F(Api, AnOperationEcsplayDoesNotModelSaysNotSimulated) {
  ApiReply r = w.call("ExecuteCommand", R"({"cluster": "demo", "task": "t", "command": "sh", "interactive": true})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "NotSimulated");
  EXPECT_NE(r.error->message.find("not simulated"), std::string::npos);
}

TEST_F(Api, InputOfTheWrongShapeIsAnInvalidParameter) {
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web", "count": "three"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "InvalidParameterException");
  EXPECT_NE(r.error->message.find("count"), std::string::npos);
}

TEST_F(Api, RunTaskInAnUnknownClusterIsClusterNotFound) {
  ApiReply r = w.call("RunTask", R"({"cluster": "nope", "taskDefinition": "web"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "ClusterNotFoundException");
  EXPECT_EQ(r.error->message, "Cluster not found.");
}

TEST_F(Api, RunTaskWithoutInstancesSaysSo) {
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "No Container Instances were found in your cluster.");
}

TEST_F(Api, RunTaskOfAnInactiveDefinitionIsRefused) {
  w.instance();
  ASSERT_TRUE(w.call("DeregisterTaskDefinition", R"({"taskDefinition": "web:1"})").ok());
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web:1"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "TaskDefinition is inactive");
}

TEST_F(Api, RunTaskOfAnAwsvpcDefinitionNeedsANetworkConfiguration) {
  w.instance();
  w.taskDefinition(R"({"family": "v", "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "x", "memory": 64}]})");
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "v"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
}

TEST_F(Api, FargateTakesNoPlacementConstraints) {
  w.taskDefinition(R"({"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256",
    "memory": "512", "containerDefinitions": [{"name": "app", "image": "nginx"}]})");
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "f", "launchType": "FARGATE",
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}},
    "placementConstraints": [{"type": "distinctInstance"}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "Placement constraints are not supported with FARGATE launch type.");
}

TEST_F(Api, RunTaskReportsTasksThatDoNotFitAsFailures) {
  w.instance("t3.micro");  // 2048 CPU units
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web", "count": 10})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["tasks"].size(), 1u);  // 512 MiB each on ~900 MiB
  EXPECT_EQ(r.output["failures"].size(), 9u);
  EXPECT_EQ(r.output["failures"][0]["reason"], "RESOURCE:MEMORY");
}

TEST_F(Api, OverridesChangeWhatTheTaskReserves) {
  w.instance();
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web",
    "overrides": {"containerOverrides": [{"name": "app", "cpu": 1024, "memory": 2048}]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["tasks"][0]["cpu"], "1024");
  EXPECT_EQ(r.output["tasks"][0]["memory"], "2048");
  ApiReply bad = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web",
    "overrides": {"containerOverrides": [{"name": "ghost", "cpu": 1}]}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error->message.find("ghost"), std::string::npos);
}

TEST_F(Api, ListTasksFiltersByFamilyStartedByAndDesiredStatus) {
  w.instance();
  w.taskDefinition(R"({"family": "other", "containerDefinitions": [{"name": "a", "image": "x", "memory": 64}]})");
  std::string a = w.run(R"({"cluster": "demo", "taskDefinition": "web", "startedBy": "ci"})");
  std::string b = w.run(R"({"cluster": "demo", "taskDefinition": "other"})");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", b}}).ok());
  auto list = [&](const std::string& input) {
    std::vector<std::string> ids;
    Json arns = w.call("ListTasks", input).output["taskArns"];
    for (const Json& arn : arns) ids.push_back(arn.get<std::string>().substr(arn.get<std::string>().rfind('/') + 1));
    return ids;
  };
  EXPECT_EQ(list(R"({"cluster": "demo"})"), std::vector<std::string>{a});
  EXPECT_EQ(list(R"({"cluster": "demo", "desiredStatus": "STOPPED"})"), std::vector<std::string>{b});
  EXPECT_EQ(list(R"({"cluster": "demo", "family": "other"})"), std::vector<std::string>{});
  EXPECT_EQ(list(R"({"cluster": "demo", "startedBy": "ci"})"), std::vector<std::string>{a});
  EXPECT_FALSE(w.call("ListTasks", R"({"cluster": "demo", "startedBy": "ci", "family": "web"})").ok());
}

TEST_F(Api, DescribeTasksReportsUnknownTasksAsMissing) {
  ApiReply r = w.call("DescribeTasks", R"({"cluster": "demo", "tasks": ["0123"]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(r.output["failures"][0]["arn"], "arn:aws:ecs:us-east-1:123456789012:task/demo/0123");
}

TEST_F(Api, DescribeClustersCountsAndReportsMissingClusters) {
  w.instance();
  ApiReply r = w.call("DescribeClusters", R"({"clusters": ["demo", "ghost"]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["clusters"][0]["registeredContainerInstancesCount"], 1);
  EXPECT_EQ(r.output["failures"][0]["reason"], "MISSING");
}

TEST_F(Api, AClusterWithInstancesCannotBeDeleted) {
  std::string id = w.instance();
  ApiReply r = w.call("DeleteCluster", R"({"cluster": "demo"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "ClusterContainsContainerInstancesException");
  ASSERT_TRUE(w.call("DeregisterContainerInstance", Json{{"cluster", "demo"}, {"containerInstance", id}}).ok());
  EXPECT_TRUE(w.call("DeleteCluster", R"({"cluster": "demo"})").ok());
  EXPECT_TRUE(w.call("ListClusters", "{}").output["clusterArns"].empty());
}

TEST_F(Api, DeregisteringAnInstanceWithTasksNeedsForce) {
  std::string host = w.instance();
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  ApiReply r = w.call("DeregisterContainerInstance", Json{{"cluster", "demo"}, {"containerInstance", host}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "Found running tasks on the instance.");
  ASSERT_TRUE(w.call("DeregisterContainerInstance", Json{{"cluster", "demo"}, {"containerInstance", host}, {"force", true}}).ok());
  EXPECT_EQ(w.task(id)["stoppedReason"], "Container instance deregistration forced by user");
}

TEST_F(Api, DrainingLeavesStandaloneTasksRunningAndTakesNoNewOnes) {
  std::string host = w.instance();
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ApiReply r = w.call("UpdateContainerInstancesState", Json{{"cluster", "demo"}, {"containerInstances", {host}}, {"status", "DRAINING"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["containerInstances"][0]["status"], "DRAINING");
  w.step("10m");
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
  // With no ACTIVE instance left, RunTask finds none (placement.md).
  ApiReply again = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web"})");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error->message, "No Container Instances were found in your cluster.");
}

TEST_F(Api, AnInstanceOfAnUnknownTypeIsRefusedNamingTheKnownOnes) {
  ApiReply r = w.engine.registerInstance(Json{{"cluster", "demo"}, {"instanceType", "z9.mega"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->message.find("m5.large"), std::string::npos);
}

TEST_F(Api, AnUnknownFaultIsRefused) {
  std::string host = w.instance();
  EXPECT_FALSE(w.engine.fault("Meteor", Json{{"ec2InstanceId", host}}).ok());
  EXPECT_FALSE(w.engine.fault("TerminateInstance", Json{{"ec2InstanceId", "i-nothere"}}).ok());
}

TEST_F(Api, AnAgentThatDisconnectsTakesNoNewTasks) {
  std::string host = w.instance();
  ASSERT_TRUE(w.engine.fault("AgentDisconnect", Json{{"ec2InstanceId", host}}).ok());
  ApiReply r = w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web"})");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.output["failures"].size(), 1u);
  EXPECT_EQ(r.output["failures"][0]["reason"], "AGENT");
  ASSERT_TRUE(w.engine.fault("AgentReconnect", Json{{"ec2InstanceId", host}}).ok());
  EXPECT_EQ(w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web"})").output["tasks"].size(), 1u);
}

TEST_F(Api, ListTasksReturnsAtMostMaxResultsAndANextTokenForTheRest) {
  for (int k = 0; k < 4; ++k) w.instance("m5.2xlarge");  // 32 web tasks (256 CPU units) each
  for (int k = 0; k < 12; ++k) ASSERT_TRUE(w.call("RunTask", R"({"cluster": "demo", "taskDefinition": "web", "count": 10})").ok());
  ApiReply first = w.call("ListTasks", R"({"cluster": "demo"})");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.output["taskArns"].size(), 100u) << "the default page is 100";
  ASSERT_TRUE(first.output.contains("nextToken"));
  ApiReply rest = w.call("ListTasks", Json{{"cluster", "demo"}, {"nextToken", first.output["nextToken"]}});
  ASSERT_TRUE(rest.ok());
  size_t total = 100 + rest.output["taskArns"].size();
  EXPECT_FALSE(rest.output.contains("nextToken"));
  EXPECT_EQ(total, 120u);
  ApiReply small = w.call("ListTasks", R"({"cluster": "demo", "maxResults": 7})");
  EXPECT_EQ(small.output["taskArns"].size(), 7u);
  EXPECT_FALSE(w.call("ListTasks", R"({"cluster": "demo", "maxResults": 101})").ok());
  EXPECT_FALSE(w.call("ListTasks", R"({"cluster": "demo", "nextToken": "garbage"})").ok());
}

}  // namespace
}  // namespace ecsplay::test
