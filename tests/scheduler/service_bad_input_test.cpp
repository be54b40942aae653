// Bad input to the service API: every field of CreateService and UpdateService with wrong types,
// out-of-range numbers, unknown names; each refused with an error that names what is wrong, and
// nothing created or changed (issue: "the API's own error types and messages, state unchanged").
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

class ServiceBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    w.instance("m5.large", "us-east-1a");
    w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 256, "memory": 512,
                         "portMappings": [{"containerPort": 80}]}]})");
    w.engine.createTargetGroup(parse(R"({"targetGroupName": "tg"})"));
  }
  World w;
};

TEST_F(ServiceBadInput, CreateServiceRefusesEachBadFieldAndCreatesNothing) {
  const char* base = R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1)";
  // field fragment -> a word the error must contain
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("desiredCount": -1)", "desiredCount"},
      {R"("desiredCount": "two")", "desiredCount"},
      {R"("desiredCount": 1e12)", "desiredCount"},
      {R"("desiredCount": 9999999999)", "desiredCount"},
      {R"("cluster": "nope")", "not found"},
      {R"("cluster": 7)", "cluster"},
      {R"("taskDefinition": "nope:1")", "task definition"},
      {R"("taskDefinition": ["web"])", "taskDefinition"},
      {R"("serviceName": "bad name!")", "Service name"},
      {R"("serviceName": "")", "Service name"},
      {R"("launchType": "SUBMARINE")", "launchType"},
      {R"("schedulingStrategy": "SOMETIMES")", "schedulingStrategy"},
      {R"("deploymentConfiguration": {"maximumPercent": 50})", "maximumPercent"},
      {R"("deploymentConfiguration": {"minimumHealthyPercent": 101})", "minimumHealthyPercent"},
      {R"("deploymentConfiguration": {"minimumHealthyPercent": -5})", "minimumHealthyPercent"},
      {R"("deploymentConfiguration": {"maximumPercent": "200"})", "maximumPercent"},
      {R"("deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": "yes", "rollback": true}})", "enable"},
      {R"("deploymentConfiguration": 5)", "deploymentConfiguration"},
      {R"("healthCheckGracePeriodSeconds": "soon")", "healthCheckGracePeriodSeconds"},
      {R"("placementStrategy": [{"type": "pack", "field": "memory"}])", "pack"},
      {R"("placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~"}])", "expression"},
      {R"("capacityProviderStrategy": [{"capacityProvider": "nope", "weight": 1}])", "capacity provider"},
      {R"("loadBalancers": [{"targetGroupArn": "tg", "containerName": "app", "containerPort": 81}])", "container port 81"},
      {R"("loadBalancers": "tg")", "loadBalancers"},
      {R"("enableExecuteCommand": "true")", "enableExecuteCommand"},
      {R"("networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}})", "Network Configuration is not valid"},
  };
  for (const auto& [fragment, word] : cases) {
    std::string input = std::string(base) + ", " + fragment + "}";
    // A later key replaces an earlier one: parse keeps the last.
    ApiReply r = w.call("CreateService", input);
    ASSERT_FALSE(r.ok()) << input;
    EXPECT_FALSE(r.error->type.empty());
    EXPECT_NE(r.error->message.find(word), std::string::npos) << input << "\n  -> " << r.error->type << ": " << r.error->message;
  }
  EXPECT_TRUE(w.call("ListServices", R"({"cluster": "demo"})").output["serviceArns"].empty()) << "nothing was created";
  w.step("1m");
  EXPECT_TRUE(w.engine.stateJson()["tasks"].empty());
}

TEST_F(ServiceBadInput, UpdateServiceRefusesBadFieldsAndChangesNothing) {
  ASSERT_TRUE(w.call("CreateService", R"({"cluster": "demo", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1})").ok());
  w.step("1m");
  Json before = w.call("DescribeServices", R"({"cluster": "demo", "services": ["web"]})").output["services"][0];
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("desiredCount": -3)", "desiredCount"},
      {R"("desiredCount": 5001)", "5000"},
      {R"("taskDefinition": "web:99")", "task definition"},
      {R"("deploymentConfiguration": {"maximumPercent": 99})", "maximumPercent"},
      {R"("forceNewDeployment": "please")", "forceNewDeployment"},
      {R"("service": "nope")", "not found"},
      {R"("cluster": "nope")", "not found"},
  };
  for (const auto& [fragment, word] : cases) {
    std::string input = R"({"cluster": "demo", "service": "web", )" + fragment + "}";
    ApiReply r = w.call("UpdateService", input);
    ASSERT_FALSE(r.ok()) << input;
    EXPECT_NE(r.error->message.find(word), std::string::npos) << input << "\n  -> " << r.error->type << ": " << r.error->message;
  }
  Json after = w.call("DescribeServices", R"({"cluster": "demo", "services": ["web"]})").output["services"][0];
  EXPECT_EQ(after, before) << "state unchanged";
  // A deleted service: ServiceNotActiveException.
  ASSERT_TRUE(w.call("DeleteService", R"({"cluster": "demo", "service": "web", "force": true})").ok());
  w.step("3m");
  ApiReply r = w.call("UpdateService", R"({"cluster": "demo", "service": "web", "desiredCount": 2})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "ServiceNotActiveException");
}

}  // namespace
}  // namespace ecsplay::test
