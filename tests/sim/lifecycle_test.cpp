// The task lifecycle (ECS-FACTS.md, "Task lifecycle"): states in order, stop codes and reasons,
// SIGTERM/SIGKILL, essential containers, image pulls, lost hosts.
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

class Lifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    w.cluster();
    host = w.instance("m5.large", "us-east-1a", "i-0aaa");
  }
  World w;
  std::string host;
};

TEST_F(Lifecycle, ANewTaskGoesThroughProvisioningPendingActivatingToRunning) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  EXPECT_EQ(w.task(id)["lastStatus"], "PROVISIONING");
  EXPECT_EQ(w.task(id)["desiredStatus"], "RUNNING");
  w.step("1m");
  EXPECT_EQ(w.states(id), (std::vector<std::string>{"PROVISIONING", "PENDING", "ACTIVATING", "RUNNING"}));
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "RUNNING");
  EXPECT_EQ(t["containers"][0]["lastStatus"], "RUNNING");
  EXPECT_TRUE(t.contains("startedAt"));
  EXPECT_TRUE(t.contains("pullStartedAt"));
  EXPECT_LT(t["pullStartedAt"].get<double>(), t["pullStoppedAt"].get<double>());
  EXPECT_LE(t["pullStoppedAt"].get<double>(), t["startedAt"].get<double>());
}

TEST_F(Lifecycle, ImagePullTimeComesFromTheScenarioImageTable) {
  w.taskDefinition(kWeb);
  w.engine.setImage("nginx:1.25", ImageBehaviour{60000, false});
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("5m");
  SimTime pending = w.when(id, "PENDING"), activating = w.when(id, "ACTIVATING");
  ASSERT_GE(pending, 0);
  EXPECT_GE(activating - pending, 60000);
  EXPECT_LT(activating - pending, 70000);
}

TEST_F(Lifecycle, ContainerStartTimeDelaysRunning) {
  w.taskDefinition(kWeb);
  ContainerBehaviour slow;
  slow.startTime = 45000;
  w.engine.setBehaviour("web/app", slow);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("5m");
  Json t = w.task(id);
  EXPECT_GE(t["startedAt"].get<double>() - t["pullStoppedAt"].get<double>(), 45.0);
}

TEST_F(Lifecycle, StopTaskWalksDeactivatingStoppingDeprovisioningToStoppedAsUserInitiated) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ApiReply r = w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output["task"]["desiredStatus"], "STOPPED");
  EXPECT_EQ(r.output["task"]["stopCode"], "UserInitiated");
  EXPECT_EQ(r.output["task"]["stoppedReason"], "Task stopped by user");
  w.step("2m");
  EXPECT_EQ(w.states(id), (std::vector<std::string>{"PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING",
                                                    "STOPPING", "DEPROVISIONING", "STOPPED"}));
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["containers"][0]["exitCode"], 0);  // handled SIGTERM
  EXPECT_TRUE(t.contains("stoppedAt") && t.contains("stoppingAt") && t.contains("executionStoppedAt"));
}

TEST_F(Lifecycle, StopTaskKeepsTheReasonGiven) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}, {"reason", "rotating keys"}}).ok());
  EXPECT_EQ(w.task(id)["stoppedReason"], "rotating keys");
}

TEST_F(Lifecycle, AContainerThatIgnoresSigtermIsKilledWith137AfterStopTimeout) {
  w.taskDefinition(R"({"family": "stubborn", "containerDefinitions": [
    {"name": "app", "image": "busybox", "memory": 128, "stopTimeout": 20}]})");
  ContainerBehaviour b;
  b.sigtermExitAfter.reset();  // ignores SIGTERM, as PID 1 without a handler does
  w.engine.setBehaviour("stubborn/app", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "stubborn"})");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  w.step("3m");
  EXPECT_EQ(w.container(id, "app")["exitCode"], 137);
  SimTime stopping = w.when(id, "STOPPING"), deprovisioning = w.when(id, "DEPROVISIONING");
  EXPECT_EQ(deprovisioning - stopping, 20000);  // stopTimeout
}

TEST_F(Lifecycle, StopTimeoutDefaultsToThirtySeconds) {
  w.taskDefinition(kWeb);
  ContainerBehaviour b;
  b.sigtermExitAfter.reset();
  w.engine.setBehaviour("web/app", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  w.step("3m");
  EXPECT_EQ(w.when(id, "DEPROVISIONING") - w.when(id, "STOPPING"), 30000);
}

TEST_F(Lifecycle, AnEssentialContainerThatExitsStopsTheTask) {
  w.taskDefinition(R"({"family": "batch", "containerDefinitions": [
    {"name": "job", "image": "busybox", "memory": 128}]})");
  ContainerBehaviour b;
  b.runsForever = false;
  b.exitCode = 3;
  b.exitAfter = 60000;
  w.engine.setBehaviour("batch/job", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "batch"})");
  w.step("5m");
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(t["stoppedReason"], "Essential container in task exited");
  EXPECT_EQ(t["containers"][0]["exitCode"], 3);
}

TEST_F(Lifecycle, AnEssentialContainerThatExitsZeroStillStopsTheTask) {
  w.taskDefinition(R"({"family": "batch", "containerDefinitions": [
    {"name": "job", "image": "busybox", "memory": 128}]})");
  ContainerBehaviour b;
  b.runsForever = false;
  b.exitAfter = 10000;
  w.engine.setBehaviour("batch/job", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "batch"})");
  w.step("5m");
  EXPECT_EQ(w.task(id)["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(w.container(id, "job")["exitCode"], 0);
}

TEST_F(Lifecycle, ANonEssentialContainerThatExitsLeavesTheTaskRunning) {
  w.taskDefinition(R"({"family": "pair", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 128},
    {"name": "helper", "image": "busybox", "memory": 64, "essential": false}]})");
  ContainerBehaviour b;
  b.runsForever = false;
  b.exitCode = 1;
  b.exitAfter = 30000;
  w.engine.setBehaviour("pair/helper", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "pair"})");
  w.step("10m");
  EXPECT_EQ(w.task(id)["lastStatus"], "RUNNING");
  EXPECT_EQ(w.container(id, "helper")["lastStatus"], "STOPPED");
  EXPECT_EQ(w.container(id, "helper")["exitCode"], 1);
}

TEST_F(Lifecycle, AnImageThatCannotBePulledFailsTheTaskToStartOnEc2) {
  w.taskDefinition(kWeb);
  w.engine.setImage("nginx:1.25", ImageBehaviour{5000, true});
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("5m");
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  EXPECT_EQ(t["stoppedReason"], "Essential container in task exited");
  EXPECT_EQ(t["containers"][0]["reason"],
            "CannotPullContainerError: Error response from daemon: pull access denied for nginx, repository does not exist or "
            "may require 'docker login'");
  EXPECT_FALSE(t["containers"][0].contains("exitCode"));
  EXPECT_FALSE(t.contains("startedAt"));
}

TEST_F(Lifecycle, AnImageThatCannotBePulledOnFargateNamesTheReferenceInTheStoppedReason) {
  w.taskDefinition(R"({"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256",
    "memory": "512", "containerDefinitions": [{"name": "app", "image": "nginx:latesst"}]})");
  ContainerBehaviour b;
  b.imagePullFails = true;
  w.engine.setBehaviour("f/app", b);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "f", "launchType": "FARGATE",
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}})");
  w.step("5m");
  Json t = w.task(id);
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  EXPECT_EQ(t["stoppedReason"],
            "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
            "docker.io/library/nginx:latesst: docker.io/library/nginx:latesst: not found");
}

TEST_F(Lifecycle, StoppingATaskThatHasNotStartedSkipsDeactivation) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("2s");  // pulling
  ASSERT_EQ(w.task(id)["lastStatus"], "PENDING");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  w.step("1m");
  EXPECT_EQ(w.states(id), (std::vector<std::string>{"PROVISIONING", "PENDING", "DEPROVISIONING", "STOPPED"}));
  EXPECT_FALSE(w.container(id, "app").contains("exitCode"));
}

TEST_F(Lifecycle, TheFirstStopReasonStands) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}, {"reason", "first"}}).ok());
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}, {"reason", "second"}}).ok());
  EXPECT_EQ(w.task(id)["stoppedReason"], "first");
}

TEST_F(Lifecycle, ATerminatedHostTakesItsTasksWithIt) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ApiReply r = w.engine.fault("TerminateInstance", Json{{"ec2InstanceId", host}});
  ASSERT_TRUE(r.ok()) << r.error->message;
  Json t = w.task(id);
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stoppedReason"], "Host EC2 (instance i-0aaa) terminated.");
  EXPECT_EQ(t["stopCode"], "TerminationNotice");
  EXPECT_EQ(r.output["containerInstance"]["status"], "INACTIVE");
  // Its containers went with it: STOPPED in the log too, with no exit code.
  EXPECT_EQ(t["containers"][0]["lastStatus"], "STOPPED");
  EXPECT_FALSE(t["containers"][0].contains("exitCode"));
  EXPECT_GE(w.whenLogged("ContainerStateChange", id, "app", "to", "STOPPED"), 60000);
}

TEST_F(Lifecycle, AStoppedTaskGivesItsResourcesBack) {
  w.taskDefinition(kWeb);
  auto remainingCpu = [&] {
    Json ci = w.call("DescribeContainerInstances", Json{{"cluster", "demo"}, {"containerInstances", {host}}}).output;
    return ci["containerInstances"][0]["remainingResources"][0]["integerValue"].get<int>();
  };
  int before = remainingCpu();
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  EXPECT_EQ(remainingCpu(), before - 256);
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  EXPECT_EQ(remainingCpu(), before - 256);  // held until STOPPED
  w.step("2m");
  EXPECT_EQ(remainingCpu(), before);
}

TEST_F(Lifecycle, StoppedTasksStayDescribableForAnHour) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("1m");
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  w.step("50m");
  EXPECT_EQ(w.task(id)["lastStatus"], "STOPPED");
  w.step("1h10m");
  ApiReply r = w.call("DescribeTasks", Json{{"cluster", "demo"}, {"tasks", {id}}});
  EXPECT_TRUE(r.output["tasks"].empty());
  EXPECT_EQ(r.output["failures"][0]["reason"], "MISSING");
}

TEST_F(Lifecycle, InstanceCountsFollowTheTasks) {
  w.taskDefinition(kWeb);
  std::string id = w.run(R"({"cluster": "demo", "taskDefinition": "web"})");
  w.step("2s");
  auto instance = [&] {
    return w.call("DescribeContainerInstances", Json{{"cluster", "demo"}, {"containerInstances", {host}}}).output["containerInstances"][0];
  };
  EXPECT_EQ(instance()["pendingTasksCount"], 1);
  EXPECT_EQ(instance()["runningTasksCount"], 1);  // desiredStatus RUNNING
  w.step("1m");
  EXPECT_EQ(instance()["pendingTasksCount"], 0);
  Json cluster = w.call("DescribeClusters", Json{{"clusters", {"demo"}}}).output["clusters"][0];
  EXPECT_EQ(cluster["runningTasksCount"], 1);
  EXPECT_EQ(cluster["registeredContainerInstancesCount"], 1);
  ASSERT_TRUE(w.call("StopTask", Json{{"cluster", "demo"}, {"task", id}}).ok());
  EXPECT_EQ(instance()["runningTasksCount"], 0);
}

}  // namespace
}  // namespace ecsplay::test
