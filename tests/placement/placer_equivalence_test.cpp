// The fast Placer chooses exactly what the plain reference scan chooses, on random clusters,
// random requests and every shape of strategy chain (STYLE.md: compare with a trivially correct
// reference on random input).
#include <gtest/gtest.h>

#include "ecsplay/placer.h"
#include "placement/cluster_gen.h"
#include "placement/placement_fixtures.h"

using namespace ecsplay;

namespace {

const std::vector<std::vector<PlacementStrategyItem>>& chains() {
  static const std::vector<std::vector<PlacementStrategyItem>> all = {
      {{"random", ""}},
      {{"binpack", "memory"}},
      {{"binpack", "cpu"}},
      {{"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}},
      {{"spread", "attribute:ecs.availability-zone"}, {"spread", "instanceId"}},
      {{"spread", "instanceId"}},
      {{"spread", "host"}, {"binpack", "cpu"}},
      {{"spread", "attribute:stack"}},
      {{"binpack", "memory"}, {"spread", "attribute:ecs.availability-zone"}},
      {{"spread", "attribute:ecs.availability-zone"}, {"random", ""}},
      {{"binpack", "cpu"}, {"random", ""}, {"binpack", "memory"}},
      {{"spread", "attribute:ecs.instance-type"}, {"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}},
  };
  return all;
}

PlacementRequest randomRequest(Random& rng, const std::vector<PlacementStrategyItem>& chain) {
  PlacementRequest r;
  r.needs.family = rng.below(2) ? "web" : "api";
  r.needs.cpu = static_cast<int>(rng.below(5)) * 256;
  r.needs.memoryMiB = 128 + static_cast<int>(rng.below(16)) * 256;
  if (rng.below(4) == 0) r.needs.tcpPorts = {8000 + static_cast<int>(rng.below(3))};
  if (rng.below(4) == 0) r.needs.dynamicTcpPorts = 1;
  if (rng.below(5) == 0) r.needs.needsEni = true;
  if (rng.below(6) == 0) r.needs.requiredAttributes = {"ecs.capability.task-eni"};
  r.count = 1 + static_cast<int>(rng.below(10));
  r.group = "family:" + r.needs.family;
  r.strategies = chain;
  switch (rng.below(6)) {
    case 0: r.constraints = {{"distinctInstance", ""}}; break;
    case 1: r.constraints = {{"memberOf", "attribute:stack == prod"}}; break;
    case 2: r.constraints = {{"memberOf", "attribute:ecs.instance-type =~ m5.* or runningTasksCount < 2"}}; break;
    case 3: r.constraints = {{"memberOf", "not(task:group == family:api)"}}; break;
    default: break;
  }
  return r;
}

}  // namespace

TEST(PlacerEquivalence, ChoosesWhatTheReferenceChoosesOnRandomClusters) {
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::ClusterShape shape;
    shape.instances = 5 + static_cast<int>(seed * 7 % 60);
    shape.zones = 1 + static_cast<int>(seed % 4);
    shape.someUnavailable = seed % 3 == 0;
    std::vector<PlacementInstance> reference = test::makeCluster(shape, seed);
    Placer placer(reference);
    Random rngRef(seed * 1000), rngFast(seed * 1000), requests(seed);
    for (int req = 0; req < 60; ++req) {
      const auto& chain = chains()[requests.below(chains().size())];
      PlacementRequest request = randomRequest(requests, chain);
      CompiledRequest compiled;
      ASSERT_FALSE(compileRequest(request, compiled).has_value());
      PlacementResult a = placeReference(reference, compiled, rngRef);
      PlacementResult b = placer.place(compiled, rngFast);
      ASSERT_EQ(a.placements, b.placements) << "request " << req << ", strategy " << chain.front().type << "("
                                            << chain.front().field << ")";
      ASSERT_EQ(a.unplaced, b.unplaced);
      ASSERT_EQ(a.failures.size(), b.failures.size());
      if (!a.failures.empty()) {
        ASSERT_EQ(a.failures[0].arn, b.failures[0].arn);
        ASSERT_EQ(a.failures[0].reason, b.failures[0].reason);
      }
      ASSERT_EQ(a.error.has_value(), b.error.has_value());
      ASSERT_EQ(rngRef.next(), rngFast.next()) << "the two consumed different random numbers";
    }
    for (size_t i = 0; i < reference.size(); ++i) {
      ASSERT_EQ(reference[i].remainingMemoryMiB, placer.instances()[i].remainingMemoryMiB);
      ASSERT_EQ(reference[i].tcpPortsInUse, placer.instances()[i].tcpPortsInUse);
    }
  }
}

// More task groups than the Placer caches indexes and counters for (a cluster of many services):
// on a large cluster each group holds few instances, and the Placer looks at a group's members
// instead of indexing it; that too chooses exactly what the reference chooses.
TEST(PlacerEquivalence, StaysEqualWithManySmallTaskGroupsOnALargeCluster) {
  test::ClusterShape shape;
  shape.instances = 240;
  shape.zones = 3;
  std::vector<PlacementInstance> reference = test::makeCluster(shape, 78);
  Placer placer(reference);
  Random rngRef(6), rngFast(6), requests(10);
  for (int req = 0; req < 600; ++req) {
    const auto& chain = chains()[4 + requests.below(2)];  // spread(zone), spread(instanceId) / spread(instanceId)
    PlacementRequest request = randomRequest(requests, chain);
    request.group = "service:svc" + std::to_string(requests.below(40));
    request.count = 1 + static_cast<int>(requests.below(10));
    CompiledRequest compiled;
    ASSERT_FALSE(compileRequest(request, compiled).has_value());
    PlacementResult a = placeReference(reference, compiled, rngRef);
    PlacementResult b = placer.place(compiled, rngFast);
    ASSERT_EQ(a.placements, b.placements) << "request " << req << " group " << request.group;
    ASSERT_EQ(a.unplaced, b.unplaced);
    if (req % 7 == 0 && !a.placements.empty()) {  // a task stops: its group shrinks again
      test::PlacedTask stopped{a.placements.front(), compiled.request.needs, request.group, a.hostPorts.front()};
      test::releaseByHand(reference[static_cast<size_t>(stopped.instance)], stopped);
      placer.release(stopped.instance, stopped.needs, stopped.group, b.hostPorts.front());
    }
  }
  for (size_t i = 0; i < reference.size(); ++i) ASSERT_EQ(reference[i].remainingCpu, placer.instances()[i].remainingCpu);
}

// A copy of a placer (the engine copies it after each checkpoint) keeps its indexes and caches,
// and from then on places exactly as the original does.
TEST(PlacerEquivalence, ACopyPlacesAsTheOriginal) {
  test::ClusterShape shape;
  shape.instances = 120;
  shape.zones = 3;
  Placer original(test::makeCluster(shape, 79));
  Random requests(11), rng(12);
  auto next = [&]() {
    const auto& chain = chains()[requests.below(chains().size())];
    PlacementRequest request = randomRequest(requests, chain);
    request.group = "service:svc" + std::to_string(requests.below(12));
    CompiledRequest compiled;
    EXPECT_FALSE(compileRequest(request, compiled).has_value());
    return compiled;
  };
  for (int req = 0; req < 80; ++req) original.place(next(), rng);  // warm every cache
  Placer copy(original);
  Random rngCopy = rng;
  for (int req = 0; req < 120; ++req) {
    CompiledRequest compiled = next();
    PlacementResult a = original.place(compiled, rng);
    PlacementResult b = copy.place(compiled, rngCopy);
    ASSERT_EQ(a.placements, b.placements) << "request " << req;
    ASSERT_EQ(a.unplaced, b.unplaced);
  }
}

// The same on a small cluster, where groups soon hold many of its instances: evicted indexes are
// rebuilt and choose exactly what the reference chooses.
TEST(PlacerEquivalence, StaysEqualWithMoreTaskGroupsThanItCaches) {
  test::ClusterShape shape;
  shape.instances = 40;
  std::vector<PlacementInstance> reference = test::makeCluster(shape, 77);
  Placer placer(reference);
  Random rngRef(5), rngFast(5), requests(9);
  for (int req = 0; req < 400; ++req) {
    const auto& chain = chains()[4 + requests.below(2)];  // spread(zone), spread(instanceId) / spread(instanceId)
    PlacementRequest request = randomRequest(requests, chain);
    request.group = "service:svc" + std::to_string(requests.below(60));
    request.count = 1 + static_cast<int>(requests.below(3));
    CompiledRequest compiled;
    ASSERT_FALSE(compileRequest(request, compiled).has_value());
    PlacementResult a = placeReference(reference, compiled, rngRef);
    PlacementResult b = placer.place(compiled, rngFast);
    ASSERT_EQ(a.placements, b.placements) << "request " << req << " group " << request.group;
    ASSERT_EQ(a.unplaced, b.unplaced);
  }
}

TEST(PlacerEquivalence, StaysEqualWhenInstancesJoinDrainAndChangeAttributes) {
  // The engine tells the Placer of cluster changes; its indexes must follow (they are rebuilt).
  test::ClusterShape shape;
  shape.instances = 12;
  std::vector<PlacementInstance> reference = test::makeCluster(shape, 5);
  Placer placer(reference);
  Random rngRef(9), rngFast(9), ops(10);
  for (int step = 0; step < 80; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    switch (ops.below(6)) {
      case 0: {
        Random gen(static_cast<uint64_t>(step));
        PlacementInstance in = test::makeInstance(static_cast<int>(reference.size()), shape, gen);
        reference.push_back(in);
        ASSERT_EQ(placer.addInstance(in), static_cast<int>(reference.size()) - 1);
        break;
      }
      case 1: {
        int i = static_cast<int>(ops.below(reference.size()));
        std::string status = reference[static_cast<size_t>(i)].status == "ACTIVE" ? "DRAINING" : "ACTIVE";
        bool agent = ops.below(4) != 0;
        reference[static_cast<size_t>(i)].status = status;
        reference[static_cast<size_t>(i)].agentConnected = agent;
        placer.setInstanceState(i, status, agent);
        break;
      }
      case 2: {
        int i = static_cast<int>(ops.below(reference.size()));
        std::string value = ops.below(2) ? "dev" : "prod";
        reference[static_cast<size_t>(i)].setAttribute("stack", value);
        placer.setInstanceAttribute(i, "stack", value);
        break;
      }
      default: {
        const auto& chain = chains()[ops.below(chains().size())];
        PlacementRequest request = randomRequest(ops, chain);
        CompiledRequest compiled;
        ASSERT_FALSE(compileRequest(request, compiled).has_value());
        PlacementResult a = placeReference(reference, compiled, rngRef);
        PlacementResult b = placer.place(compiled, rngFast);
        ASSERT_EQ(a.placements, b.placements);
        ASSERT_EQ(a.error.has_value(), b.error.has_value());
      }
    }
  }
}
