// What RunTask reports for tasks it cannot place (research/placement.md §1, §2, §3.3): one failure
// per unplaced task naming the closest matching container instance with ECS's exact reason text,
// partial placements, and "No Container Instances were found in your cluster." when no instance
// can take tasks at all. Both implementations must report the same (placeBoth).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/placer.h"
#include "placement/placement_fixtures.h"

using namespace ecsplay;
using namespace ecsplay::test;

namespace {

const char* const kNoInstances = "No Container Instances were found in your cluster.";

PlacementInstance withoutCpu(int n) {
  PlacementInstance in = node(n);
  in.remainingCpu = 0;
  return in;
}

PlacementInstance withoutMemory(int n) {
  PlacementInstance in = node(n);
  in.remainingMemoryMiB = 0;
  return in;
}

PlacementInstance disconnected(int n) {
  PlacementInstance in = node(n);
  in.agentConnected = false;
  return in;
}

PlacementInstance draining(int n) {
  PlacementInstance in = node(n);
  in.status = "DRAINING";
  return in;
}

PlacementInstance withStack(int n, const char* stack) {
  PlacementInstance in = node(n);
  in.setAttribute("stack", stack);
  return in;
}

void expectOneFailure(const PlacementResult& r, const std::vector<PlacementInstance>& cluster, int instance,
                      const std::string& reason) {
  ASSERT_EQ(r.failures.size(), 1u) << describe(r);
  EXPECT_EQ(r.failures[0].instance, instance);
  EXPECT_EQ(r.failures[0].arn, cluster[static_cast<size_t>(instance)].containerInstanceArn);
  EXPECT_EQ(r.failures[0].reason, reason);
}

}  // namespace

TEST(PlacementFailures, EachReasonHasRunTasksExactText) {
  const struct {
    const char* situation;
    std::function<void(PlacementInstance&)> instance;
    std::function<void(PlacementRequest&)> request;
    const char* reason;
  } cases[] = {
      // Real replies: airflow#22255 (RESOURCE:CPU), amazon-ecs-agent#375 (AGENT), the 2016 ports
      // reply (RESOURCE:PORTS), the 2020/2022 DistinctInstance replies; the rest from the Dev guide.
      {"out of CPU", [](PlacementInstance& i) { i.remainingCpu = 100; }, nullptr, "RESOURCE:CPU"},
      {"out of memory", [](PlacementInstance& i) { i.remainingMemoryMiB = 100; }, nullptr, "RESOURCE:MEMORY"},
      {"no GPU", nullptr, [](PlacementRequest& r) { r.needs.gpus = 1; }, "RESOURCE:GPU"},
      {"TCP port taken", nullptr, [](PlacementRequest& r) { r.needs.tcpPorts = {22}; }, "RESOURCE:PORTS"},
      {"UDP port taken", [](PlacementInstance& i) { i.udpPortsInUse = {53}; },
       [](PlacementRequest& r) { r.needs.udpPorts = {53}; }, "RESOURCE:PORTS_UDP"},
      {"no ENI slot", [](PlacementInstance& i) { i.enisInUse = i.eniLimit; },
       [](PlacementRequest& r) { r.needs.needsEni = true; }, "RESOURCE:ENI"},
      {"agent disconnected", [](PlacementInstance& i) { i.agentConnected = false; }, nullptr, "AGENT"},
      {"a required attribute missing", nullptr,
       [](PlacementRequest& r) { r.needs.requiredAttributes = {"ecs.capability.efs"}; }, "ATTRIBUTE"},
      {"memberOf unsatisfied", nullptr,
       [](PlacementRequest& r) { r.constraints = {{"memberOf", "attribute:ecs.instance-type =~ t2.*"}}; },
       "MemberOf placement constraint unsatisfied."},
      {"distinctInstance unsatisfied", [](PlacementInstance& i) { i.tasksByGroup["family:web"] = 1; },
       [](PlacementRequest& r) { r.constraints = {{"distinctInstance", ""}}; },
       "DistinctInstance placement constraint unsatisfied."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.situation);
    std::vector<PlacementInstance> cluster = {node(0)};
    if (c.instance) c.instance(cluster[0]);
    PlacementRequest r = request(task(256, 512));
    if (c.request) c.request(r);
    PlacementResult result = placeBoth(cluster, r);
    EXPECT_TRUE(result.placements.empty());
    EXPECT_EQ(result.unplaced, 1);
    EXPECT_FALSE(result.error.has_value());
    expectOneFailure(result, cluster, 0, c.reason);
  }
}

TEST(PlacementFailures, NameTheInstanceThatGotFurthestThroughTheFilters) {
  TaskNeeds withPort = task();
  withPort.tcpPorts = {22};
  PlacementInstance ranDistinct = node(1);
  ranDistinct.tasksByGroup["family:web"] = 1;
  PlacementInstance ranDistinct2 = node(2);
  ranDistinct2.tasksByGroup["family:web"] = 1;
  PlacementInstance noEni = withStack(2, "dev");
  noEni.enisInUse = noEni.eniLimit;
  PlacementInstance missingAttribute = node(0);
  missingAttribute.attributes.clear();
  const struct {
    const char* situation;
    std::vector<PlacementInstance> cluster;
    PlacementRequest request;
    int named;
    const char* reason;
  } cases[] = {
      {"attribute, memory, CPU: memory got furthest", {missingAttribute, withoutMemory(1), withoutCpu(2)},
       [] { PlacementRequest r = request(task()); r.needs.requiredAttributes = {"ecs.capability.task-eni"}; return r; }(),
       1, "RESOURCE:MEMORY"},
      {"a disconnected agent and a lack of CPU: CPU", {disconnected(0), withoutCpu(1)}, request(task()), 1,
       "RESOURCE:CPU"},
      {"CPU, memberOf, ENI: memberOf is the last filter", {withoutCpu(0), withStack(1, "dev"), noEni},
       [] { PlacementRequest r = request(task()); r.needs.needsEni = true;
            r.constraints = {{"memberOf", "attribute:stack == prod"}}; return r; }(),
       1, "MemberOf placement constraint unsatisfied."},
      {"memory, memory, CPU: the earliest of the two equals", {withoutMemory(0), withoutMemory(1), withoutCpu(2)},
       request(task()), 0, "RESOURCE:MEMORY"},
      {"CPU, distinctInstance, distinctInstance", {withoutCpu(0), ranDistinct, ranDistinct2},
       [] { PlacementRequest r = request(task()); r.constraints = {{"distinctInstance", ""}}; return r; }(), 1,
       "DistinctInstance placement constraint unsatisfied."},
      {"two instances stopped at the same port: the earlier one", {node(0), node(1)},
       [&] { PlacementRequest r = request(withPort); r.needs.gpus = 0; return r; }(), 0, "RESOURCE:PORTS"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.situation);
    std::vector<PlacementInstance> cluster = c.cluster;
    PlacementResult r = placeBoth(cluster, c.request);
    EXPECT_TRUE(r.placements.empty());
    expectOneFailure(r, cluster, c.named, c.reason);
    PlacementFailure direct = closestFailure(c.cluster, compiled(c.request));
    EXPECT_EQ(direct.instance, c.named);
    EXPECT_EQ(direct.reason, c.reason);
  }
}

TEST(PlacementFailures, GpuComesBeforePortsInTheRanking) {
  // One instance lacks a GPU (stopped at GPU), the other has GPUs but the port taken (stopped at
  // ports, later in the pipeline): the second is the closest match.
  std::vector<PlacementInstance> cluster = {node(0), node(1)};
  cluster[1].registeredGpus = cluster[1].remainingGpus = 1;
  TaskNeeds needs = task();
  needs.gpus = 1;
  needs.tcpPorts = {22};
  PlacementResult r = placeBoth(cluster, request(needs));
  expectOneFailure(r, cluster, 1, "RESOURCE:PORTS");
}

TEST(PlacementFailures, OneFailurePerTaskThatFoundNoInstance) {
  std::vector<PlacementInstance> cluster = {withoutCpu(0), withoutCpu(1)};
  PlacementResult r = placeBoth(cluster, request(task(), 5));
  EXPECT_TRUE(r.placements.empty());
  EXPECT_EQ(r.unplaced, 5);
  ASSERT_EQ(r.failures.size(), 5u);
  for (const PlacementFailure& f : r.failures) {
    EXPECT_EQ(f.arn, cluster[0].containerInstanceArn);
    EXPECT_EQ(f.reason, "RESOURCE:CPU");
  }
}

TEST(PlacementFailures, APartialPlacementPlacesWhatFitsAndReportsTheRest) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 4096)};
  PlacementResult r = placeBoth(cluster, request(task(1024, 512), 3));
  EXPECT_EQ(r.placements, (std::vector<int>{0, 0}));
  EXPECT_EQ(r.unplaced, 1);
  expectOneFailure(r, cluster, 0, "RESOURCE:CPU");
  EXPECT_EQ(cluster[0].remainingCpu, 0) << "the two placed tasks hold their resources";
}

TEST(PlacementFailures, TheReal2016PortsReplyOnAOneInstanceCluster) {
  // `aws ecs run-task --count 2` with static host port 80 on one instance: one task placed, one
  // failure RESOURCE:PORTS naming the instance (research §1.1, index id 37364109066).
  std::vector<PlacementInstance> cluster = {node(0)};
  TaskNeeds tomcat = task(256, 512, "JavaTomcatDefinition");
  tomcat.tcpPorts = {80};
  PlacementResult r = placeBoth(cluster, request(tomcat, 2, defaultRunTaskStrategies()));
  EXPECT_EQ(r.placements, std::vector<int>{0});
  expectOneFailure(r, cluster, 0, "RESOURCE:PORTS");
}

TEST(PlacementFailures, TheClosestInstanceIsJudgedAfterTheRequestsEarlierTasks) {
  // Instances 0 and 1 each take one task; 2 is never selected by memberOf. For the third task 0
  // and 1 are out of CPU, which comes before memberOf: 2 is the closest match.
  std::vector<PlacementInstance> cluster = {withStack(0, "prod"), withStack(1, "prod"), withStack(2, "dev")};
  cluster[0].remainingCpu = cluster[1].remainingCpu = 1024;
  PlacementRequest r = request(task(1024, 512), 3);
  r.constraints = {{"memberOf", "attribute:stack == prod"}};
  PlacementResult result = placeBoth(cluster, r);
  EXPECT_EQ(result.placements, (std::vector<int>{0, 1}));
  expectOneFailure(result, cluster, 2, "MemberOf placement constraint unsatisfied.");
}

TEST(PlacementFailures, DistinctInstanceOnAClusterAlreadyRunningTheGroup) {
  // The real 2022 reply: {'tasks': [], 'failures': [{'arn': ..., 'reason': 'DistinctInstance
  // placement constraint unsatisfied.'}]}.
  std::vector<PlacementInstance> cluster = {node(0)};
  cluster[0].tasksByGroup["family:recorder"] = 1;
  PlacementRequest r = request(task(256, 512, "recorder"));
  r.constraints = {{"distinctInstance", ""}};
  PlacementResult result = placeBoth(cluster, r);
  EXPECT_TRUE(result.placements.empty());
  expectOneFailure(result, cluster, 0, "DistinctInstance placement constraint unsatisfied.");
}

TEST(NoContainerInstances, AnEmptyClusterIsRefusedWithEcsMessage) {
  std::vector<PlacementInstance> empty;
  PlacementResult r = placeBoth(empty, request(task()));
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->type, "InvalidParameterException");
  EXPECT_EQ(r.error->message, kNoInstances);
  EXPECT_TRUE(r.placements.empty());
  EXPECT_TRUE(r.failures.empty());

  std::optional<ApiError> direct = noInstancesError(empty);
  ASSERT_TRUE(direct.has_value());
  EXPECT_EQ(direct->message, kNoInstances);
}

TEST(NoContainerInstances, AClusterWithoutAnActiveInstanceIsRefusedTheSameWay) {
  // research §1.4: all DRAINING behaves like none (unconfirmed; DRAINING takes no new tasks).
  const std::vector<std::vector<const char*>> clusters = {
      {"DRAINING"}, {"DRAINING", "DRAINING", "DRAINING"}, {"REGISTERING", "DEREGISTERING", "INACTIVE", "DRAINING"}};
  for (const auto& statuses : clusters) {
    SCOPED_TRACE(std::to_string(statuses.size()) + " instances, first " + statuses[0]);
    std::vector<PlacementInstance> cluster;
    for (const char* s : statuses) {
      cluster.push_back(node(static_cast<int>(cluster.size())));
      cluster.back().status = s;
    }
    const std::vector<PlacementInstance> before = cluster;
    PlacementResult r = placeBoth(cluster, request(task(), 3));
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->type, "InvalidParameterException");
    EXPECT_EQ(r.error->message, kNoInstances);
    EXPECT_TRUE(r.failures.empty());
    EXPECT_EQ(r.unplaced, 0) << "the request is refused as a whole, not task by task";
    EXPECT_EQ(cluster[0].remainingCpu, before[0].remainingCpu);
  }
}

TEST(NoContainerInstances, OneActiveInstanceIsEnoughEvenIfItCannotTakeTheTask) {
  {
    SCOPED_TRACE("DRAINING instances and one ACTIVE instance out of CPU");
    std::vector<PlacementInstance> cluster = {draining(0), withoutCpu(1), draining(2)};
    PlacementResult r = placeBoth(cluster, request(task()));
    EXPECT_FALSE(r.error.has_value());
    expectOneFailure(r, cluster, 1, "RESOURCE:CPU");
  }
  {
    SCOPED_TRACE("an ACTIVE instance with its agent disconnected: AGENT (amazon-ecs-agent#375)");
    std::vector<PlacementInstance> cluster = {disconnected(0)};
    PlacementResult r = placeBoth(cluster, request(task()));
    EXPECT_FALSE(r.error.has_value());
    expectOneFailure(r, cluster, 0, "AGENT");
  }
}

TEST(PlacementFailures, AgentFailuresNameAnActiveInstanceNeverADrainingOne) {
  // AGENT means "an agent that's currently disconnected" (Dev guide, api_failures_messages), and
  // research §3.3 ranks only ACTIVE instances for the closest match: a DRAINING instance registered
  // first is not named, whatever its agent.
  for (bool drainingConnected : {true, false}) {
    SCOPED_TRACE(drainingConnected ? "the DRAINING instance's agent is connected" : "both agents disconnected");
    std::vector<PlacementInstance> cluster = {draining(0), disconnected(1)};
    cluster[0].agentConnected = drainingConnected;
    PlacementResult r = placeBoth(cluster, request(task()));
    EXPECT_FALSE(r.error.has_value());
    expectOneFailure(r, cluster, 1, "AGENT");
  }
}
