// Placement strategies (ECS-FACTS.md, "Capacity and placement"; research/placement.md §5): binpack,
// spread over instances, zones and custom attributes, random, chains where each strategy breaks
// the previous one's ties, the defaults, and the tasks of one request seeing each other.
// Every case runs through both placeReference and the fast Placer (placeBoth), which must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/placer.h"
#include "placement/placement_fixtures.h"

using namespace ecsplay;
using namespace ecsplay::test;

namespace {

const PlacementStrategyItem kBinpackCpu{"binpack", "cpu"}, kBinpackMemory{"binpack", "memory"},
    kSpreadInstance{"spread", "instanceId"}, kSpreadHost{"spread", "host"},
    kSpreadZone{"spread", "attribute:ecs.availability-zone"}, kRandom{"random", ""};

std::vector<int> placements(std::vector<PlacementInstance> cluster, const PlacementRequest& r, uint64_t seed = 1) {
  return placeBoth(cluster, r, seed).placements;
}

}  // namespace

TEST(Binpack, PrefersTheInstanceWithTheLeastRemainingMemory) {
  std::vector<PlacementInstance> cluster = {node(0, 1024, 4096), node(1, 4096, 2048), node(2, 2048, 3072)};
  EXPECT_EQ(placements(cluster, request(task(256, 512), 1, {kBinpackMemory})), std::vector<int>{1});
}

TEST(Binpack, PrefersTheInstanceWithTheLeastRemainingCpu) {
  std::vector<PlacementInstance> cluster = {node(0, 4096, 1024), node(1, 1024, 4096), node(2, 2048, 3072)};
  EXPECT_EQ(placements(cluster, request(task(256, 512), 1, {kBinpackCpu})), std::vector<int>{1});
}

TEST(Binpack, TakesTheLeastRemainingThatStillFitsTheTask) {
  // API ref: "the instance with the least amount of remaining memory but still enough to run the task".
  std::vector<PlacementInstance> cluster = {node(0, 2048, 4096), node(1, 2048, 256), node(2, 2048, 1024)};
  EXPECT_EQ(placements(cluster, request(task(256, 512), 1, {kBinpackMemory})), std::vector<int>{2});
}

TEST(Binpack, TiesGoToTheEarliestRegisteredInstance) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 8192), node(1), node(2), node(3)};
  EXPECT_EQ(placements(cluster, request(task(256, 512), 1, {kBinpackMemory})), std::vector<int>{1})
      << "1, 2, 3 tie at 4096 MiB";
  EXPECT_EQ(placements(cluster, request(task(256, 512), 1, {kBinpackCpu})), std::vector<int>{0})
      << "all tie at 2048 CPU";
}

TEST(Binpack, FillsAnInstanceBeforeStartingTheNext) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
  EXPECT_EQ(placements(cluster, request(task(1024, 512), 5, {kBinpackCpu})), (std::vector<int>{0, 0, 1, 1, 2}));
  EXPECT_EQ(placements(cluster, request(task(256, 2048), 5, {kBinpackMemory})), (std::vector<int>{0, 0, 1, 1, 2}));
}

TEST(SpreadInstanceId, PutsEachTaskOnTheInstanceWithFewestTasksOfTheGroup) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
  EXPECT_EQ(placements(cluster, request(task(), 6, {kSpreadInstance})), (std::vector<int>{0, 1, 2, 0, 1, 2}));
}

TEST(SpreadInstanceId, CountsOnlyTheTasksOfTheRequestsGroup) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
  cluster[0].tasksByGroup["family:api"] = 5;
  cluster[1].tasksByGroup["family:web"] = 1;
  cluster[2].tasksByGroup["family:web"] = 2;
  EXPECT_EQ(placements(cluster, request(task(), 3, {kSpreadInstance})), (std::vector<int>{0, 0, 1}));

  PlacementRequest service = request(task(), 1, {kSpreadInstance});
  service.group = "service:web";  // the standalone tasks of family web are another group
  cluster[0].tasksByGroup["service:web"] = 1;
  EXPECT_EQ(placements(cluster, service), std::vector<int>{1});
}

TEST(SpreadHost, SpreadsExactlyAsInstanceIdDoes) {
  // Dev guide: "host, which has the same effect" as instanceId.
  std::vector<PlacementInstance> cluster;
  for (int i = 0; i < 6; ++i) {
    cluster.push_back(node(i));
    cluster.back().tasksByGroup["family:web"] = (i * 7) % 4;
  }
  EXPECT_EQ(placements(cluster, request(task(), 9, {kSpreadHost})),
            placements(cluster, request(task(), 9, {kSpreadInstance})));
}

TEST(SpreadZone, EvensOutTheGroupsTasksAcrossZones) {
  // Two instances in us-east-1a (one already running a task of the group), one in 1b, one in 1c.
  std::vector<PlacementInstance> cluster = {node(0, 2048, 4096, "us-east-1a"), node(1, 2048, 4096, "us-east-1a"),
                                            node(2, 2048, 4096, "us-east-1b"), node(3, 2048, 4096, "us-east-1c")};
  cluster[0].tasksByGroup["family:web"] = 1;
  // 1b and 1c first (0 tasks each), then the three zones are tied and the earliest instance wins.
  EXPECT_EQ(placements(cluster, request(task(), 6, {kSpreadZone})), (std::vector<int>{2, 3, 0, 2, 3, 0}));
}

TEST(SpreadZone, CountsTheGroupsTasksEvenOnInstancesThatCannotTakeThisOne) {
  // "Service tasks are spread based on the tasks from that service": a DRAINING instance's tasks
  // still run in its zone.
  std::vector<PlacementInstance> cluster = {node(0, 2048, 4096, "us-east-1a"), node(1, 2048, 4096, "us-east-1a"),
                                            node(2, 2048, 4096, "us-east-1b")};
  cluster[0].status = "DRAINING";
  cluster[0].tasksByGroup["family:web"] = 3;
  cluster[2].tasksByGroup["family:web"] = 1;
  EXPECT_EQ(placements(cluster, request(task(), 3, {kSpreadZone})), (std::vector<int>{2, 2, 1}));
}

TEST(SpreadAttribute, SpreadsOverTheValuesOfACustomAttribute) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
  cluster[0].setAttribute("stack", "prod");
  cluster[1].setAttribute("stack", "prod");
  cluster[2].setAttribute("stack", "dev");
  EXPECT_EQ(placements(cluster, request(task(), 4, {{"spread", "attribute:stack"}})), (std::vector<int>{0, 2, 0, 2}));
}

TEST(SpreadAttribute, InstancesLackingTheAttributeShareTheEmptyValue) {
  // research §5.2 (unconfirmed): a missing attribute is one more value, "", so such instances stay
  // placeable and are spread over as one group.
  auto withoutZone = [](int n) {
    PlacementInstance in = node(n);
    in.attributes.erase(std::remove_if(in.attributes.begin(), in.attributes.end(),
                                       [](const auto& a) { return a.first == "ecs.availability-zone"; }),
                        in.attributes.end());
    return in;
  };
  std::vector<PlacementInstance> two = {node(0), withoutZone(1)};
  two[0].tasksByGroup["family:web"] = 1;
  EXPECT_EQ(placements(two, request(task(), 1, {kSpreadZone})), std::vector<int>{1})
      << "the value \"\" has no task of the group yet";

  std::vector<PlacementInstance> three = {node(0), withoutZone(1), withoutZone(2)};
  three[0].tasksByGroup["family:web"] = 1;
  three[1].tasksByGroup["family:web"] = 1;
  EXPECT_EQ(placements(three, request(task(), 1, {kSpreadZone})), std::vector<int>{0})
      << "us-east-1a and \"\" both have one task: a tie, so the earliest instance; instance 2 alone "
         "would have had none";
}

TEST(RandomStrategy, TheSameSeedGivesTheSamePlacements) {
  std::vector<PlacementInstance> cluster;
  for (int i = 0; i < 20; ++i) cluster.push_back(node(i));
  for (uint64_t seed : {1u, 7u, 42u}) {
    SCOPED_TRACE(seed);
    EXPECT_EQ(placements(cluster, request(task(), 10, {kRandom}), seed),
              placements(cluster, request(task(), 10, {kRandom}), seed));
  }
}

TEST(RandomStrategy, DifferentSeedsGiveDifferentPlacements) {
  std::vector<PlacementInstance> cluster;
  for (int i = 0; i < 20; ++i) cluster.push_back(node(i));
  std::set<std::vector<int>> seen;
  for (uint64_t seed = 1; seed <= 10; ++seed) seen.insert(placements(cluster, request(task(), 10, {kRandom}), seed));
  EXPECT_GE(seen.size(), 9u) << "10 seeds, 10 tasks over 20 instances";
}

TEST(RandomStrategy, OneDrawGivesAStartAndTheFirstPassingInstanceFromThereIsTaken) {
  // placement.h: one draw of the generator among all instances, then the first candidate from
  // there on, cyclically.
  std::vector<PlacementInstance> cluster;
  for (int i = 0; i < 8; ++i) cluster.push_back(node(i));
  for (int full : {2, 3, 6, 7}) cluster[static_cast<size_t>(full)].remainingCpu = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE(seed);
    Random draw(seed);
    int start = static_cast<int>(draw.below(8));
    int expected = start;
    while (cluster[static_cast<size_t>(expected)].remainingCpu == 0) expected = (expected + 1) % 8;
    EXPECT_EQ(placements(cluster, request(task(), 1, {kRandom}), seed), std::vector<int>{expected});
  }
}

TEST(RandomStrategy, EveryCandidateIsPickedAboutEquallyOften) {
  std::vector<PlacementInstance> cluster = {node(0), node(1), node(2), node(3)};
  std::vector<int> picked(4, 0);
  CompiledRequest r = compiled(request(task(), 1, {kRandom}));
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    std::vector<PlacementInstance> copy = cluster;
    Random random(seed);
    PlacementResult result = placeReference(copy, r, random);
    ASSERT_EQ(result.placements.size(), 1u);
    ++picked[static_cast<size_t>(result.placements[0])];
  }
  for (int count : picked) EXPECT_GT(count, 60) << "400 draws over 4 instances";
}

TEST(StrategyChain, EachStrategyBreaksThePreviousOnesTies) {
  {
    SCOPED_TRACE("binpack(memory) tie between 0 and 1, spread(instanceId) picks the one without the group");
    std::vector<PlacementInstance> cluster = {node(0, 2048, 2048), node(1, 2048, 2048), node(2, 2048, 4096)};
    cluster[0].tasksByGroup["family:web"] = 1;
    EXPECT_EQ(placements(cluster, request(task(), 1, {kBinpackMemory})), std::vector<int>{0});
    EXPECT_EQ(placements(cluster, request(task(), 1, {kBinpackMemory, kSpreadInstance})), std::vector<int>{1});
  }
  {
    SCOPED_TRACE("binpack(cpu) tie, binpack(memory) decides");
    std::vector<PlacementInstance> cluster = {node(0, 1024, 4096), node(1, 1024, 2048), node(2, 2048, 1024)};
    EXPECT_EQ(placements(cluster, request(task(), 1, {kBinpackCpu, kBinpackMemory})), std::vector<int>{1});
  }
  {
    SCOPED_TRACE("spread(zone) picks us-east-1b, binpack(memory) picks within it");
    std::vector<PlacementInstance> cluster = {node(0, 2048, 1024, "us-east-1a"), node(1, 2048, 4096, "us-east-1b"),
                                              node(2, 2048, 2048, "us-east-1b")};
    cluster[0].tasksByGroup["family:web"] = 1;
    EXPECT_EQ(placements(cluster, request(task(), 1, {kSpreadZone, kBinpackMemory})), std::vector<int>{2});
    EXPECT_EQ(placements(cluster, request(task(), 1, {kBinpackMemory, kSpreadZone})), std::vector<int>{0})
        << "in the other order binpack decides alone";
  }
  {
    SCOPED_TRACE("a later strategy never overrides an earlier one's choice");
    std::vector<PlacementInstance> cluster = {node(0, 2048, 1024), node(1, 2048, 2048)};
    cluster[0].tasksByGroup["family:web"] = 4;
    EXPECT_EQ(placements(cluster, request(task(), 1, {kBinpackMemory, kSpreadInstance})), std::vector<int>{0});
  }
}

TEST(StrategyChain, RandomPicksAmongTheTiesOfTheStrategiesBeforeIt) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 4096, "us-east-1a"), node(1, 2048, 4096, "us-east-1a"),
                                            node(2, 2048, 4096, "us-east-1b"), node(3, 2048, 4096, "us-east-1b"),
                                            node(4, 2048, 4096, "us-east-1c")};
  cluster[4].tasksByGroup["family:web"] = 1;
  cluster[0].tasksByGroup["family:web"] = 1;
  std::set<int> chosen;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    std::vector<int> p = placements(cluster, request(task(), 1, {kSpreadZone, kRandom}), seed);
    ASSERT_EQ(p.size(), 1u);
    chosen.insert(p[0]);
  }
  EXPECT_EQ(chosen, (std::set<int>{2, 3})) << "us-east-1b is the only zone without a task of the group";
}

TEST(StrategyChain, AfterRandomNothingIsLeftToBreak) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 1024), node(1, 2048, 2048), node(2, 2048, 3072),
                                            node(3, 2048, 4096)};
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE(seed);
    EXPECT_EQ(placements(cluster, request(task(), 3, {kRandom, kBinpackMemory}), seed),
              placements(cluster, request(task(), 3, {kRandom}), seed));
  }
}

TEST(DefaultStrategies, RunTaskIsRandomAndAServiceSpreadsOverZonesThenInstances) {
  // Dev guide 2023 (Scheduling): RunTask random; services spread on attribute:ecs.availability-zone;
  // console-made services carry the explicit pair (research §5.3).
  std::vector<PlacementStrategyItem> runTask = defaultRunTaskStrategies();
  ASSERT_EQ(runTask.size(), 1u);
  EXPECT_EQ(runTask[0].type, "random");
  EXPECT_EQ(runTask[0].field, "");
  std::vector<PlacementStrategyItem> service = defaultServiceStrategies();
  ASSERT_EQ(service.size(), 2u);
  EXPECT_EQ(service[0].type, "spread");
  EXPECT_EQ(service[0].field, "attribute:ecs.availability-zone");
  EXPECT_EQ(service[1].type, "spread");
  EXPECT_EQ(service[1].field, "instanceId");
}

TEST(DefaultStrategies, ARequestWithoutStrategiesIsPlacedAtRandom) {
  PlacementRequest r = request(task(), 5, {});
  CompiledRequest c = compiled(r);
  ASSERT_EQ(c.request.strategies.size(), 1u);
  EXPECT_EQ(c.request.strategies[0].type, "random");
  EXPECT_EQ(c.request.group, "family:web") << "a standalone task's group defaults to family:FAMILY";
  std::vector<PlacementInstance> cluster;
  for (int i = 0; i < 10; ++i) cluster.push_back(node(i));
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    EXPECT_EQ(placements(cluster, r, seed), placements(cluster, request(task(), 5, {kRandom}), seed));
  }
}

TEST(DefaultStrategies, AServiceSpreadsOverZonesFirstThenOverTheZonesInstances) {
  std::vector<PlacementInstance> cluster = {node(0, 2048, 4096, "us-east-1a"), node(1, 2048, 4096, "us-east-1a"),
                                            node(2, 2048, 4096, "us-east-1b"), node(3, 2048, 4096, "us-east-1c")};
  cluster[0].tasksByGroup["service:web"] = 1;
  PlacementRequest r = request(task(), 6, defaultServiceStrategies());
  r.group = "service:web";
  // 1b, 1c; then the zones tie and instance 1 has no task yet; 1b, 1c; then instance 0.
  EXPECT_EQ(placements(cluster, r), (std::vector<int>{2, 3, 1, 2, 3, 0}));
}

TEST(RequestTasks, EachTaskSeesTheResourcesTheEarlierOnesTook) {
  {
    SCOPED_TRACE("a static host port: binpack would stack them, the port cannot");
    std::vector<PlacementInstance> cluster = {node(0), node(1)};
    TaskNeeds web = task();
    web.tcpPorts = {80};
    EXPECT_EQ(placements(cluster, request(web, 2, {kBinpackMemory})), (std::vector<int>{0, 1}));
  }
  {
    SCOPED_TRACE("ENIs: two slots per instance");
    std::vector<PlacementInstance> cluster = {node(0), node(1)};
    TaskNeeds awsvpc = task();
    awsvpc.needsEni = true;
    EXPECT_EQ(placements(cluster, request(awsvpc, 4, {kBinpackMemory})), (std::vector<int>{0, 0, 1, 1}));
  }
  {
    SCOPED_TRACE("distinctInstance within one request");
    std::vector<PlacementInstance> cluster = {node(0), node(1), node(2)};
    PlacementRequest r = request(task(), 3, {kBinpackMemory});
    r.constraints = {{"distinctInstance", ""}};
    EXPECT_EQ(placements(cluster, r), (std::vector<int>{0, 1, 2}));
  }
  {
    SCOPED_TRACE("a memberOf on task:group is evaluated again for every task");
    std::vector<PlacementInstance> cluster = {node(0), node(1)};
    PlacementRequest r = request(task(), 2, {kBinpackMemory});
    r.constraints = {{"memberOf", "not(task:group == family:web)"}};
    EXPECT_EQ(placements(cluster, r), (std::vector<int>{0, 1}));
  }
}

TEST(RequestTasks, LaterRequestsSeeTheEarlierRequestsTasks) {
  std::vector<PlacementInstance> reference = {node(0), node(1), node(2)};
  Placer placer(reference);
  Random a(1), b(1);
  CompiledRequest spread = compiled(request(task(), 1, {kSpreadInstance}));
  for (int k = 0; k < 6; ++k) {
    PlacementResult ref = placeReference(reference, spread, a);
    PlacementResult fast = placer.place(spread, b);
    ASSERT_TRUE(sameResult(ref, fast));
    EXPECT_EQ(ref.placements, std::vector<int>{k % 3});
  }
  EXPECT_EQ(reference[1].tasksByGroup.at("family:web"), 2);
  EXPECT_EQ(reference[1].remainingMemoryMiB, 4096 - 2 * 512);
}

// runningTasksCount is "the number of tasks on the container instance that have a desired status
// (desiredStatus) of RUNNING" (API ref ContainerInstance; research §10.1): a task placed a moment
// ago (desiredStatus RUNNING) counts, so a later `runningTasksCount == 0` no longer selects its
// instance.
TEST(RequestTasks, APlacedTaskCountsInRunningTasksCount) {
  std::vector<PlacementInstance> reference = {node(0), node(1)};
  Placer placer(reference);
  Random a(1), b(1);
  PlacementRequest r = request(task(), 1, {kBinpackMemory});
  r.constraints = {{"memberOf", "runningTasksCount == 0"}};
  CompiledRequest emptyOnly = compiled(r);
  EXPECT_EQ(placeReference(reference, emptyOnly, a).placements, std::vector<int>{0});
  EXPECT_EQ(placer.place(emptyOnly, b).placements, std::vector<int>{0});
  EXPECT_EQ(placeReference(reference, emptyOnly, a).placements, std::vector<int>{1});
  EXPECT_EQ(placer.place(emptyOnly, b).placements, std::vector<int>{1});
}
