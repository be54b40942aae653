// The placement explainer ("why is my task not placed?"): every row's reason and sentence with its
// numbers, the strategies' ranks, the chosen instance being exactly where the next task would go,
// explainPlacement and Placer::explain agreeing, and the failure when no instance passes.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/placer.h"
#include "placement/placement_fixtures.h"
#include "placement/random_requests.h"

using namespace ecsplay;
using namespace ecsplay::test;

namespace {

// Both explainers on the same cluster, which must agree row for row.
PlacementExplanation explainBoth(const std::vector<PlacementInstance>& cluster, const CompiledRequest& r,
                                 uint64_t seed = 1) {
  PlacementExplanation reference = explainPlacement(cluster, r, Random(seed));
  Placer placer(cluster);
  PlacementExplanation fast = placer.explain(r, Random(seed));
  EXPECT_EQ(reference.chosen, fast.chosen);
  EXPECT_EQ(reference.rejectedBy, fast.rejectedBy);
  EXPECT_EQ(reference.rows.size(), fast.rows.size());
  for (size_t i = 0; i < reference.rows.size() && i < fast.rows.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(reference.rows[i].instance, fast.rows[i].instance);
    EXPECT_EQ(reference.rows[i].reason, fast.rows[i].reason);
    EXPECT_EQ(reference.rows[i].conflictingPort, fast.rows[i].conflictingPort);
    EXPECT_EQ(reference.rows[i].scores, fast.rows[i].scores);
    EXPECT_EQ(reference.rows[i].rank, fast.rows[i].rank);
    EXPECT_EQ(reference.rows[i].chosen, fast.rows[i].chosen);
  }
  EXPECT_EQ(reference.failure.has_value(), fast.failure.has_value());
  if (reference.failure && fast.failure) {
    EXPECT_EQ(reference.failure->instance, fast.failure->instance);
    EXPECT_EQ(reference.failure->reason, fast.failure->reason);
  }
  return reference;
}

}  // namespace

TEST(Explainer, EveryRowSaysWhyWithTheNumbers) {
  const struct {
    const char* situation;
    std::function<void(PlacementInstance&)> instance;
    std::function<void(PlacementRequest&)> request;
    PlacementReason reason;
    int conflictingPort;
    const char* says;
  } cases[] = {
      {"CPU", [](PlacementInstance& i) { i.remainingCpu = 256; }, [](PlacementRequest& r) { r.needs.cpu = 512; },
       PlacementReason::Cpu, -1, "needs 512 CPU units, 256 remaining"},
      {"memory", [](PlacementInstance& i) { i.remainingMemoryMiB = 512; },
       [](PlacementRequest& r) { r.needs.memoryMiB = 1024; }, PlacementReason::Memory, -1,
       "needs 1024 MiB, 512 remaining"},
      {"GPUs", [](PlacementInstance& i) { i.registeredGpus = 4, i.remainingGpus = 1; },
       [](PlacementRequest& r) { r.needs.gpus = 2; }, PlacementReason::Gpu, -1, "needs 2 GPUs, 1 remaining"},
      {"a TCP host port", [](PlacementInstance& i) { i.tcpPortsInUse.insert(i.tcpPortsInUse.begin() + 1, 80); },
       [](PlacementRequest& r) { r.needs.tcpPorts = {80}; }, PlacementReason::Ports, 80, "TCP host port 80 is in use"},
      {"the second of two TCP host ports",
       [](PlacementInstance& i) { i.tcpPortsInUse.insert(i.tcpPortsInUse.begin() + 1, 443); },
       [](PlacementRequest& r) { r.needs.tcpPorts = {80, 443}; }, PlacementReason::Ports, 443,
       "TCP host port 443 is in use"},
      {"a reserved TCP port", nullptr, [](PlacementRequest& r) { r.needs.tcpPorts = {22}; }, PlacementReason::Ports, 22,
       "TCP host port 22 is in use"},
      {"a UDP host port", [](PlacementInstance& i) { i.udpPortsInUse = {53}; },
       [](PlacementRequest& r) { r.needs.udpPorts = {53}; }, PlacementReason::PortsUdp, 53, "UDP host port 53 is in use"},
      {"the 100-port quota",
       [](PlacementInstance& i) {
         i.tcpPortsInUse.clear();
         for (int p = 1000; p < 1100; ++p) i.tcpPortsInUse.push_back(p);
       },
       [](PlacementRequest& r) { r.needs.tcpPorts = {8080}; }, PlacementReason::Ports, 0,
       "the 100 reserved host ports per instance are taken"},
      {"the dynamic TCP range",
       [](PlacementInstance& i) {
         for (int p = kDynamicPortFirst; p <= kDynamicPortLast; ++p) i.tcpPortsInUse.push_back(p);
         std::sort(i.tcpPortsInUse.begin(), i.tcpPortsInUse.end());
         i.tcpPortsInUse.erase(std::unique(i.tcpPortsInUse.begin(), i.tcpPortsInUse.end()), i.tcpPortsInUse.end());
       },
       [](PlacementRequest& r) { r.needs.dynamicTcpPorts = 1; }, PlacementReason::Ports, -1,
       "no free dynamic TCP host ports"},
      {"the dynamic UDP range",
       [](PlacementInstance& i) {
         for (int p = kDynamicPortFirst; p <= kDynamicPortLast; ++p) i.udpPortsInUse.push_back(p);
       },
       [](PlacementRequest& r) { r.needs.dynamicUdpPorts = 1; }, PlacementReason::PortsUdp, -1,
       "no free dynamic UDP host ports"},
      {"ENIs", [](PlacementInstance& i) { i.enisInUse = 2, i.eniLimit = 2; },
       [](PlacementRequest& r) { r.needs.needsEni = true; }, PlacementReason::Eni, -1, "needs an ENI, 2 of 2 in use"},
      {"DRAINING", [](PlacementInstance& i) { i.status = "DRAINING"; }, nullptr, PlacementReason::Status, -1,
       "status DRAINING: only ACTIVE instances take new tasks"},
      {"a disconnected agent", [](PlacementInstance& i) { i.agentConnected = false; }, nullptr, PlacementReason::Agent,
       -1, "the agent is disconnected"},
      {"the OS family", nullptr, [](PlacementRequest& r) { r.needs.osFamily = "WINDOWS_SERVER_2019_FULL"; },
       PlacementReason::Attribute, -1, "the task needs ecs.os-family WINDOWS_SERVER_2019_FULL, the instance has LINUX"},
      {"the CPU architecture", nullptr, [](PlacementRequest& r) { r.needs.cpuArchitecture = "arm64"; },
       PlacementReason::Attribute, -1, "the task needs ecs.cpu-architecture arm64, the instance has x86_64"},
      {"a required attribute", nullptr,
       [](PlacementRequest& r) { r.needs.requiredAttributes = {"ecs.capability.task-eni", "ecs.capability.efs"}; },
       PlacementReason::Attribute, -1, "missing the attribute ecs.capability.efs"},
      {"distinctInstance", [](PlacementInstance& i) { i.tasksByGroup["family:web"] = 1; },
       [](PlacementRequest& r) { r.constraints = {{"distinctInstance", ""}}; }, PlacementReason::DistinctInstance, -1,
       "already runs a task of family:web"},
      {"memberOf", nullptr, [](PlacementRequest& r) { r.constraints = {{"memberOf", "attribute:stack == prod"}}; },
       PlacementReason::MemberOf, -1, "does not match the memberOf expression"},
      {"a candidate", nullptr, nullptr, PlacementReason::None, -1, "chosen"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.situation);
    std::vector<PlacementInstance> cluster = {node(0)};
    if (c.instance) c.instance(cluster[0]);
    PlacementRequest r = request(task());
    if (c.request) c.request(r);
    CompiledRequest cr = compiled(r);
    PlacementExplanation e = explainBoth(cluster, cr);
    ASSERT_EQ(e.rows.size(), 1u);
    const InstanceVerdict& v = e.rows[0];
    EXPECT_EQ(v.instance, 0);
    EXPECT_EQ(v.reason, c.reason);
    EXPECT_EQ(v.conflictingPort, c.conflictingPort);
    EXPECT_EQ(describeVerdict(cluster[0], cr, v), c.says);
    EXPECT_EQ(e.rejectedBy[static_cast<size_t>(c.reason)], 1);
    if (c.reason == PlacementReason::None) {
      EXPECT_EQ(e.chosen, 0);
      EXPECT_TRUE(v.chosen);
      EXPECT_EQ(v.rank, 1);
    } else {
      EXPECT_EQ(e.chosen, -1);
      EXPECT_FALSE(v.chosen);
      EXPECT_EQ(v.rank, 0) << "a rejected instance has no rank";
    }
  }
}

TEST(Explainer, CandidatesAreRankedByTheirScoresAndTiesShareARank) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 1024), node(1, 2048, 2048), node(2, 2048, 1024),
                                            node(3, 2048, 4096), node(4, 2048, 1024)};
  cluster[4].remainingCpu = 0;
  CompiledRequest r = compiled(request(task(256, 512), 1, {{"binpack", "memory"}}));
  PlacementExplanation e = explainBoth(cluster, r);
  const int expectedRank[] = {1, 3, 1, 4, 0};
  const int64_t expectedScore[] = {1024, 2048, 1024, 4096, 0};
  for (size_t i = 0; i < cluster.size(); ++i) {
    SCOPED_TRACE("instance " + std::to_string(i));
    EXPECT_EQ(e.rows[i].rank, expectedRank[i]);
    EXPECT_EQ(e.rows[i].scores[0], expectedScore[i]);
  }
  EXPECT_EQ(e.chosen, 0) << "0 and 2 tie: the earliest registered";
  EXPECT_EQ(describeVerdict(cluster[0], r, e.rows[0]), "chosen");
  EXPECT_EQ(describeVerdict(cluster[2], r, e.rows[2]), "a candidate, tied with the chosen one (the earliest registered wins)");
  EXPECT_EQ(describeVerdict(cluster[1], r, e.rows[1]), "a candidate, ranked 3 by the strategies");
  EXPECT_EQ(describeVerdict(cluster[3], r, e.rows[3]), "a candidate, ranked 4 by the strategies");
  EXPECT_EQ(describeVerdict(cluster[4], r, e.rows[4]), "needs 256 CPU units, 0 remaining");
  EXPECT_EQ(e.rejectedBy[static_cast<size_t>(PlacementReason::None)], 4);
  EXPECT_EQ(e.rejectedBy[static_cast<size_t>(PlacementReason::Cpu)], 1);
  EXPECT_FALSE(e.failure.has_value());
}

TEST(Explainer, ScoresFollowEveryStrategyOfTheChain) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 2048, "us-east-1a"), node(1, 2048, 2048, "us-east-1b"),
                                            node(2, 1024, 4096, "us-east-1b")};
  cluster[0].tasksByGroup["family:web"] = 2;
  cluster[1].tasksByGroup["family:web"] = 1;
  CompiledRequest r = compiled(request(task(), 1,
                                       {{"spread", "attribute:ecs.availability-zone"},
                                        {"spread", "instanceId"},
                                        {"binpack", "memory"},
                                        {"binpack", "cpu"},
                                        {"random", ""}}));
  PlacementExplanation e = explainBoth(cluster, r);
  using Scores = std::array<int64_t, 5>;
  EXPECT_EQ(e.rows[0].scores, (Scores{2, 2, 2048, 2048, 0}));
  EXPECT_EQ(e.rows[1].scores, (Scores{1, 1, 2048, 2048, 0}));
  EXPECT_EQ(e.rows[2].scores, (Scores{1, 0, 4096, 1024, 0}));
  EXPECT_EQ(e.rows[0].rank, 3);
  EXPECT_EQ(e.rows[1].rank, 2);
  EXPECT_EQ(e.rows[2].rank, 1);
  EXPECT_EQ(e.chosen, 2);
}

TEST(Explainer, WithRandomTheOtherCandidatesAreToldTheRandomPickWentElsewhere) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
  CompiledRequest r = compiled(request(task(), 1, {{"random", ""}}));
  PlacementExplanation e = explainBoth(cluster, r, 5);
  ASSERT_GE(e.chosen, 0);
  for (size_t i = 0; i < cluster.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(e.rows[i].rank, 1) << "random scores nothing: all tie";
    if (static_cast<int>(i) == e.chosen) EXPECT_EQ(describeVerdict(cluster[i], r, e.rows[i]), "chosen");
    else EXPECT_EQ(describeVerdict(cluster[i], r, e.rows[i]), "a candidate; the random pick went to another");
  }
}

TEST(Explainer, WhenNothingPassesItNamesTheClosestInstance) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
  cluster[0].agentConnected = false;
  cluster[1].remainingMemoryMiB = 100;
  cluster[2].remainingCpu = 100;
  CompiledRequest r = compiled(request(task(256, 512)));
  PlacementExplanation e = explainBoth(cluster, r);
  EXPECT_EQ(e.chosen, -1);
  ASSERT_TRUE(e.failure.has_value());
  EXPECT_EQ(e.failure->instance, 1);
  EXPECT_EQ(e.failure->arn, cluster[1].containerInstanceArn);
  EXPECT_EQ(e.failure->reason, "RESOURCE:MEMORY");
  EXPECT_EQ(e.rows[0].reason, PlacementReason::Agent);
  EXPECT_EQ(e.rows[1].reason, PlacementReason::Memory);
  EXPECT_EQ(e.rows[2].reason, PlacementReason::Cpu);
  EXPECT_EQ(describeVerdict(cluster[1], r, e.rows[1]), "needs 512 MiB, 100 remaining");

  // The same failure placeReference reports.
  Random random(1);
  PlacementResult placed = placeReference(cluster, r, random);
  ASSERT_EQ(placed.failures.size(), 1u);
  EXPECT_EQ(placed.failures[0].arn, e.failure->arn);
  EXPECT_EQ(placed.failures[0].reason, e.failure->reason);
}

TEST(Explainer, AnEmptyClusterHasNoRowsAndNoChoice) {
  std::vector<PlacementInstance> empty;
  PlacementExplanation e = explainBoth(empty, compiled(request(task())));
  EXPECT_TRUE(e.rows.empty());
  EXPECT_EQ(e.chosen, -1);
}

TEST(Explainer, TheChosenInstanceIsWhereTheNextTaskGoesOnRandomClusters) {
  // For every request of a random sequence: both explainers agree row for row, and their choice
  // is exactly what placeReference and the Placer then place, from the same generator state.
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<PlacementInstance> reference = richCluster(12 + static_cast<int>(seed * 5 % 30),
                                                           1 + static_cast<int>(seed % 4), seed);
    Placer placer(reference);
    Random rngRef(seed * 77), rngFast(seed * 77), requests(seed);
    for (int step = 0; step < 40; ++step) {
      SCOPED_TRACE("request " + std::to_string(step));
      const auto& chain = strategyChains()[requests.below(strategyChains().size())];
      PlacementRequest pr = randomRequest(requests, chain);
      pr.count = 1;
      CompiledRequest r = compiled(pr);
      PlacementExplanation slow = explainPlacement(reference, r, rngRef);
      PlacementExplanation fast = placer.explain(r, rngFast);
      ASSERT_EQ(slow.chosen, fast.chosen);
      for (size_t i = 0; i < slow.rows.size(); ++i) {
        ASSERT_EQ(slow.rows[i].reason, fast.rows[i].reason) << "instance " << i;
        ASSERT_EQ(slow.rows[i].scores, fast.rows[i].scores) << "instance " << i;
        ASSERT_EQ(slow.rows[i].rank, fast.rows[i].rank) << "instance " << i;
        ASSERT_EQ(slow.rows[i].conflictingPort, fast.rows[i].conflictingPort) << "instance " << i;
      }
      PlacementResult a = placeReference(reference, r, rngRef);
      PlacementResult b = placer.place(r, rngFast);
      ASSERT_TRUE(sameResult(a, b));
      if (slow.chosen < 0) {
        ASSERT_TRUE(a.placements.empty());
        ASSERT_TRUE(slow.failure.has_value());
        ASSERT_EQ(a.failures.size(), 1u);
        EXPECT_EQ(a.failures[0].arn, slow.failure->arn);
        EXPECT_EQ(a.failures[0].reason, slow.failure->reason);
      } else {
        ASSERT_EQ(a.placements, std::vector<int>{slow.chosen});
      }
    }
  }
}

// placement.h: InstanceVerdict::rank, "1 = chosen; candidates tied on every score share a rank".
TEST(Explainer, TheChosenRowAlwaysHasRankOne) {
  int checked = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<PlacementInstance> cluster = richCluster(20, 3, seed, false);
    Random requests(seed);
    for (const auto& chain : strategyChains()) {
      SCOPED_TRACE(chain.front().type + "(" + chain.front().field + ") + " + std::to_string(chain.size() - 1));
      PlacementRequest pr = randomRequest(requests, chain);
      pr.constraints.clear();
      pr.needs = task(256, 512);
      for (uint64_t draw = 1; draw <= 5; ++draw) {
        PlacementExplanation e = explainPlacement(cluster, compiled(pr), Random(draw));
        if (e.chosen < 0) continue;
        ++checked;
        EXPECT_EQ(e.rows[static_cast<size_t>(e.chosen)].rank, 1);
      }
    }
  }
  EXPECT_GT(checked, 100);
}
