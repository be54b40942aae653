// REPLICA services (ECS-FACTS.md, "Services"): desiredCount kept, spread over zones, stopped tasks
// replaced, scaling in and out with events in ECS's words, deletion through DRAINING, the API's
// refusals; what is not simulated yet says so.
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

TEST_F(Services, DeploymentsAndDaemonServicesAreNotSimulatedYetAndSaySo) {
  ASSERT_TRUE(create(1).ok());
  w.taskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:2", "cpu": 512, "memory": 512}]})");
  ApiReply r = w.call("UpdateService", R"({"cluster": "demo", "service": "web", "taskDefinition": "web:2"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "NotSimulated");
  r = w.call("CreateService", R"({"cluster": "demo", "serviceName": "agent", "taskDefinition": "web", "schedulingStrategy": "DAEMON"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "NotSimulated");
}

}  // namespace
}  // namespace ecsplay::test
