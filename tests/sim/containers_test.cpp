// Containers inside a task: dependsOn conditions, health checks and the task's healthStatus,
// restart policies, the order containers stop in (ECS-FACTS.md, task lifecycle; lifecycle.md).
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

class Containers : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    w.instance("m5.xlarge", "us-east-1a", "i-0aaa");
  }
  std::string run(const std::string& family) { return w.run(R"({"cluster": "demo", "taskDefinition": ")" + family + R"("})"); }
  static ContainerBehaviour exits(int code, SimTime after) {
    ContainerBehaviour b;
    b.runsForever = false;
    b.exitCode = code;
    b.exitAfter = after;
    return b;
  }
  World w;
};

const char* kInit = R"({"family": "initapp", "containerDefinitions": [
  {"name": "migrate", "image": "busybox", "memory": 64, "essential": false},
  {"name": "app", "image": "nginx", "memory": 256,
   "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}]}]})";

TEST_F(Containers, AContainerWaitsForItsSuccessDependencyToExitZero) {
  w.taskDefinition(kInit);
  w.engine.setBehaviour("initapp/migrate", exits(0, 40000));
  std::string id = run("initapp");
  w.step("30s");
  EXPECT_EQ(w.task(id)["lastStatus"], "PENDING");  // app waits on migrate
  EXPECT_EQ(w.container(id, "app")["lastStatus"], "PENDING");
  w.step("2m");
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
  EXPECT_EQ(w.container(id, "migrate")["exitCode"], 0);
  SimTime migrateStopped = w.whenLogged("ContainerStateChange", id, "migrate", "to", "STOPPED");
  SimTime appStarted = w.whenLogged("ContainerStateChange", id, "app", "to", "RUNNING");
  EXPECT_GT(appStarted, migrateStopped);
}

TEST_F(Containers, AFailedSuccessDependencyStopsTheDependentContainerWith143AndTheTaskFailsToStart) {
  w.taskDefinition(kInit);
  w.engine.setBehaviour("initapp/migrate", exits(2, 20000));
  std::string id = run("initapp");
  w.step("5m");
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  Json app = w.container(id, "app");
  EXPECT_EQ(app["exitCode"], 143);
  EXPECT_EQ(app["reason"],
            "CannotStartContainerError: dependency graph: failed to resolve container ordering dependency "
            "[migrate(busybox) (STOPPED->RUNNING) - Exit: 2] for target [app(nginx) (PULLED->RUNNING)] as dependency did not "
            "exit successfully.");
}

TEST_F(Containers, ACompleteDependencyAcceptsAnyExitCode) {
  w.taskDefinition(R"({"family": "c", "containerDefinitions": [
    {"name": "init", "image": "busybox", "memory": 64, "essential": false},
    {"name": "app", "image": "nginx", "memory": 256, "dependsOn": [{"containerName": "init", "condition": "COMPLETE"}]}]})");
  w.engine.setBehaviour("c/init", exits(9, 5000));
  std::string id = run("c");
  w.step("2m");
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
}

TEST_F(Containers, AStartDependencyOnlyNeedsTheOtherContainerRunning) {
  w.taskDefinition(R"({"family": "s", "containerDefinitions": [
    {"name": "envoy", "image": "envoy", "memory": 64},
    {"name": "app", "image": "nginx", "memory": 256, "dependsOn": [{"containerName": "envoy", "condition": "START"}]}]})");
  ContainerBehaviour slow;
  slow.startTime = 20000;
  w.engine.setBehaviour("s/envoy", slow);
  std::string id = run("s");
  w.step("2m");
  SimTime envoy = w.whenLogged("ContainerStateChange", id, "envoy", "to", "RUNNING");
  SimTime app = w.whenLogged("ContainerStateChange", id, "app", "to", "RUNNING");
  ASSERT_GE(envoy, 0);
  EXPECT_GT(app, envoy);
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
}

const char* kHealthyDep = R"({"family": "h", "containerDefinitions": [
  {"name": "db", "image": "postgres", "memory": 256,
   "healthCheck": {"command": ["CMD-SHELL", "pg_isready"], "interval": 10, "retries": 2}},
  {"name": "app", "image": "nginx", "memory": 256, "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}]}]})";

TEST_F(Containers, AHealthyDependencyWaitsForTheFirstPassingCheck) {
  w.taskDefinition(kHealthyDep);
  std::string id = run("h");
  w.step("5m");
  SimTime dbRunning = w.whenLogged("ContainerStateChange", id, "db", "to", "RUNNING");
  SimTime dbHealthy = w.whenLogged("ContainerHealthChange", id, "db", "to", "HEALTHY");
  SimTime appRunning = w.whenLogged("ContainerStateChange", id, "app", "to", "RUNNING");
  EXPECT_EQ(dbHealthy - dbRunning, 10000);  // the first check runs one interval after the start
  EXPECT_GT(appRunning, dbHealthy);
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
}

TEST_F(Containers, AnUnhealthyDependencyKeepsTheTaskPendingUntilItsStartTimeout) {
  std::string td = kHealthyDep;
  td.replace(td.find(R"("memory": 256,)"), 14, R"("memory": 256, "startTimeout": 120,)");
  w.taskDefinition(td);
  ContainerBehaviour sick;
  sick.healthFailsAfter = 0;
  w.engine.setBehaviour("h/db", sick);
  std::string id = run("h");
  w.step("1m");
  EXPECT_EQ(w.task(id)["lastStatus"], "PENDING");
  w.step("5m");
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  EXPECT_NE(w.container(id, "app")["reason"].get<std::string>().find("has timed out."), std::string::npos);
}

TEST_F(Containers, HealthBecomesUnhealthyAfterRetriesConsecutiveFailures) {
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256,
    "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 30, "retries": 3}}]})");
  ContainerBehaviour b;
  b.healthFailsFrom = 5 * 60000;
  w.engine.setBehaviour("web/app", b);
  std::string id = run("web");
  w.step("4m");
  EXPECT_EQ(w.task(id)["healthStatus"], "HEALTHY");
  EXPECT_EQ(w.container(id, "app")["healthStatus"], "HEALTHY");
  w.step("20m");
  SimTime unhealthy = w.whenLogged("ContainerHealthChange", id, "app", "to", "UNHEALTHY");
  // Checks every 30 s from the start at 7 s: failures at 5m7s, 5m37s, 6m7s -> UNHEALTHY at the third.
  EXPECT_EQ(unhealthy, 6 * 60000 + 7000);
  EXPECT_EQ(w.task(id)["healthStatus"], "UNHEALTHY");
  // A standalone task carries on regardless of its health (Dev guide: health checks).
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
}

TEST_F(Containers, AHealthCheckThatPassesAgainIsOneChangeNotAnEntryPerCheck) {
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256,
    "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5}}]})");
  std::string id = run("web");
  w.step("1h");
  EXPECT_EQ(w.count("ContainerHealthChange"), 1u);
  EXPECT_GT(w.engine.eventsProcessed(), 700u);  // the checks did run
}

TEST_F(Containers, FailuresInTheStartPeriodDoNotCount) {
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "java", "memory": 256,
    "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 10, "retries": 1, "startPeriod": 60}}]})");
  ContainerBehaviour b;
  b.healthFailsFrom = 0;
  b.healthFailsUntil = 50000;  // warming up for 50 s
  w.engine.setBehaviour("web/app", b);
  std::string id = run("web");
  w.step("5m");
  EXPECT_EQ(w.whenLogged("ContainerHealthChange", id, "app", "to", "UNHEALTHY"), -1);
  EXPECT_EQ(w.task(id)["healthStatus"], "HEALTHY");
}

TEST_F(Containers, WithoutAStartPeriodEarlyFailuresCount) {
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "java", "memory": 256,
    "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 10, "retries": 1}}]})");
  ContainerBehaviour b;
  b.healthFailsFrom = 0;
  b.healthFailsUntil = 50000;
  w.engine.setBehaviour("web/app", b);
  std::string id = run("web");
  w.step("5m");
  EXPECT_GE(w.whenLogged("ContainerHealthChange", id, "app", "to", "UNHEALTHY"), 0);
  EXPECT_EQ(w.task(id)["healthStatus"], "HEALTHY");  // recovered after the warm-up
}

TEST_F(Containers, TaskHealthIgnoresNonEssentialContainersAndThoseWithoutChecks) {
  w.taskDefinition(R"({"family": "mix", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 256, "healthCheck": {"command": ["CMD-SHELL", "true"]}},
    {"name": "plain", "image": "busybox", "memory": 64},
    {"name": "agent", "image": "datadog", "memory": 64, "essential": false,
     "healthCheck": {"command": ["CMD-SHELL", "false"]}}]})");
  ContainerBehaviour sick;
  sick.healthFailsAfter = 0;
  w.engine.setBehaviour("mix/agent", sick);
  std::string id = run("mix");
  w.step("10m");
  EXPECT_EQ(w.container(id, "agent")["healthStatus"], "UNHEALTHY");
  EXPECT_EQ(w.container(id, "plain")["healthStatus"], "UNKNOWN");
  EXPECT_EQ(w.task(id)["healthStatus"], "HEALTHY");
}

TEST_F(Containers, ATaskWithoutHealthChecksIsUnknown) {
  w.taskDefinition(kWeb);
  std::string id = run("web");
  w.step("10m");
  EXPECT_EQ(w.task(id)["healthStatus"], "UNKNOWN");
}

const char* kRestart = R"({"family": "r", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256,
  "restartPolicy": {"enabled": true, "ignoredExitCodes": [0], "restartAttemptPeriod": 60}}]})";

TEST_F(Containers, ARestartPolicyRestartsAContainerThatRanLongEnough) {
  w.taskDefinition(kRestart);
  ContainerBehaviour b;
  b.crashLoop = true;
  b.exitCode = 1;
  b.exitAfter = 90000;
  w.engine.setBehaviour("r/app", b);
  std::string id = run("r");
  w.step("10m");
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
  EXPECT_GE(w.container(id, "app")["restartCount"].get<int>(), 5);
}

TEST_F(Containers, ARestartPolicyDoesNotRestartAContainerThatDiedTooSoon) {
  w.taskDefinition(kRestart);
  ContainerBehaviour b;
  b.crashLoop = true;
  b.exitCode = 1;
  b.exitAfter = 20000;  // < restartAttemptPeriod 60 s
  w.engine.setBehaviour("r/app", b);
  std::string id = run("r");
  w.step("10m");
  EXPECT_EQ(w.task(id)["lastStatus"], "STOPPED");
  EXPECT_EQ(w.task(id)["stopCode"], "EssentialContainerExited");
}

TEST_F(Containers, ARestartPolicyIgnoresTheListedExitCodes) {
  w.taskDefinition(kRestart);
  w.engine.setBehaviour("r/app", exits(0, 120000));
  std::string id = run("r");
  w.step("10m");
  EXPECT_EQ(w.task(id)["lastStatus"], "STOPPED");
}

TEST_F(Containers, ContainersStopInReverseDependencyOrder) {
  w.taskDefinition(R"({"family": "mesh", "containerDefinitions": [
    {"name": "envoy", "image": "envoy", "memory": 64},
    {"name": "app", "image": "nginx", "memory": 256, "dependsOn": [{"containerName": "envoy", "condition": "START"}]}]})");
  ContainerBehaviour slowStop;
  slowStop.sigtermExitAfter = 8000;
  w.engine.setBehaviour("mesh/app", slowStop);
  std::string id = run("mesh");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  w.step("3m");
  SimTime app = w.whenLogged("ContainerStateChange", id, "app", "to", "STOPPED");
  SimTime envoy = w.whenLogged("ContainerStateChange", id, "envoy", "to", "STOPPED");
  EXPECT_GT(envoy, app);  // envoy is signalled only once app has stopped
  EXPECT_EQ(envoy - app, 500);
}

TEST_F(Containers, EnvironmentHasWhatEcsInjectsOnEc2) {
  w.taskDefinition(R"({"family": "env", "taskRoleArn": "arn:aws:iam::123456789012:role/app", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 256, "cpu": 512, "environment": [{"name": "MODE", "value": "prod"}]}]})");
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "env",
    "overrides": {"containerOverrides": [{"name": "app", "environment": [{"name": "MODE", "value": "debug"}]}]}})");
  ApiReply r = w.engine.containerRuntime("demo", id, "app");
  ASSERT_TRUE(r.ok());
  std::map<std::string, std::string> env;
  for (const Json& kv : r.output["environment"]) env[kv["name"]] = kv["value"];
  EXPECT_EQ(env["AWS_EXECUTION_ENV"], "AWS_ECS_EC2");
  EXPECT_EQ(env["AWS_REGION"], "us-east-1");
  EXPECT_EQ(env["MODE"], "debug");
  EXPECT_EQ(env["ECS_CONTAINER_METADATA_URI_V4"].rfind("http://169.254.170.2/v4/", 0), 0u);
  EXPECT_EQ(env["ECS_CONTAINER_METADATA_URI"].substr(24), env["ECS_CONTAINER_METADATA_URI_V4"].substr(24));
  EXPECT_EQ(env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"].rfind("/v2/credentials/", 0), 0u);
  EXPECT_EQ(r.output["cpu"]["cpuShares"], 512);
  EXPECT_EQ(r.output["cpu"]["taskCgroupCpuShares"], 512);
}

TEST_F(Containers, OnFargateTheTaskCpuBecomesACfsQuotaAndTheEndpointCarriesTheTaskId) {
  w.taskDefinition(R"({"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256",
    "memory": "512", "containerDefinitions": [{"name": "app", "image": "nginx"}]})");
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "f", "launchType": "FARGATE",
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}})");
  ApiReply r = w.engine.containerRuntime("demo", id, "app");
  ASSERT_TRUE(r.ok());
  std::map<std::string, std::string> env;
  for (const Json& kv : r.output["environment"]) env[kv["name"]] = kv["value"];
  EXPECT_EQ(env["AWS_EXECUTION_ENV"], "AWS_ECS_FARGATE");
  EXPECT_EQ(env["ECS_AGENT_URI"].rfind("http://169.254.170.2/api/" + id + "-", 0), 0u);
  EXPECT_EQ(env.count("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), 0u);  // no task role
  EXPECT_EQ(r.output["cpu"]["cpuShares"], 2);  // cpu 0 becomes the minimum weight
  EXPECT_EQ(r.output["cpu"]["taskCgroupCpuPeriod"], 100000);
  EXPECT_EQ(r.output["cpu"]["taskCgroupCpuQuota"], 25000);
  EXPECT_FALSE(w.engine.containerRuntime("demo", id, "nope").ok());
}

TEST_F(Containers, ARunningContainerUsesItsBehavioursShareOfWhatItReserves) {
  w.taskDefinition(R"({"family": "busy", "containerDefinitions": [{"name": "app", "image": "busy:1", "cpu": 512, "memory": 256}]})");
  ContainerBehaviour b;
  b.cpuPercent = 80;
  w.engine.setBehaviour("busy/app", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "busy"})");
  EXPECT_FALSE(w.engine.containerRuntime("demo", id, "app").output.contains("usage")) << "not started yet";
  w.step("1m");
  ApiReply r = w.engine.containerRuntime("demo", id, "app");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["usage"]["cpuUtilizationPercent"], 80);
  EXPECT_EQ(r.output["usage"]["cpuUnitsUsed"], 409);
}

}  // namespace
}  // namespace ecsplay::test
