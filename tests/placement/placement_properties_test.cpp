// Invariants of placement over random clusters and random request sequences (fixed seeds,
// ecsplay::Random only; STYLE.md "Tests": invariants over random clusters, as nomad's
// reconcile_cluster_prop_test): no instance is ever over-committed, distinctInstance never stacks a
// group, spread over zones stays even, binpack uses the fewest instances, the same seed places the
// same, and Placer::release() gives back exactly what the task took.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/placer.h"
#include "placement/placement_fixtures.h"
#include "placement/random_requests.h"

using namespace ecsplay;
using namespace ecsplay::test;

namespace {

void record(std::vector<PlacedTask>& placed, const PlacementResult& r, const CompiledRequest& c) {
  for (size_t k = 0; k < r.placements.size(); ++k) {
    placed.push_back({r.placements[k], c.request.needs, c.request.group,
                      k < r.hostPorts.size() ? r.hostPorts[k] : HostPorts{}});
  }
}

// Checks every instance against what the placed tasks took from it.
void expectNotOverCommitted(const std::vector<PlacementInstance>& before, const std::vector<PlacementInstance>& now,
                            const std::vector<PlacedTask>& placed) {
  std::vector<int> cpu(now.size()), memory(now.size()), gpus(now.size()), enis(now.size());
  std::vector<std::map<std::string, int>> groups(now.size());
  for (const PlacedTask& t : placed) {
    size_t i = static_cast<size_t>(t.instance);
    cpu[i] += t.needs.cpu;
    memory[i] += t.needs.memoryMiB;
    gpus[i] += t.needs.gpus;
    enis[i] += t.needs.needsEni ? 1 : 0;
    ++groups[i][t.group];
    // The ports a task was given: its static ones, then dynamic ones from the ephemeral range.
    ASSERT_EQ(t.ports.tcp.size(), t.needs.tcpPorts.size() + static_cast<size_t>(t.needs.dynamicTcpPorts));
    ASSERT_EQ(t.ports.udp.size(), t.needs.udpPorts.size() + static_cast<size_t>(t.needs.dynamicUdpPorts));
    for (size_t k = 0; k < t.needs.tcpPorts.size(); ++k) ASSERT_EQ(t.ports.tcp[k], t.needs.tcpPorts[k]);
    for (size_t k = t.needs.tcpPorts.size(); k < t.ports.tcp.size(); ++k) {
      ASSERT_GE(t.ports.tcp[k], kDynamicPortFirst);
      ASSERT_LE(t.ports.tcp[k], kDynamicPortLast);
    }
    for (int p : t.ports.tcp) ASSERT_TRUE(std::binary_search(now[i].tcpPortsInUse.begin(), now[i].tcpPortsInUse.end(), p));
    for (int p : t.ports.udp) ASSERT_TRUE(std::binary_search(now[i].udpPortsInUse.begin(), now[i].udpPortsInUse.end(), p));
  }
  for (size_t i = 0; i < now.size(); ++i) {
    SCOPED_TRACE("instance " + std::to_string(i));
    const PlacementInstance& in = now[i];
    ASSERT_GE(in.remainingCpu, 0);
    ASSERT_GE(in.remainingMemoryMiB, 0);
    ASSERT_GE(in.remainingGpus, 0);
    ASSERT_LE(in.enisInUse, in.eniLimit);
    ASSERT_TRUE(std::adjacent_find(in.tcpPortsInUse.begin(), in.tcpPortsInUse.end(),
                                   [](int a, int b) { return a >= b; }) == in.tcpPortsInUse.end())
        << "TCP ports sorted, none twice";
    ASSERT_TRUE(std::adjacent_find(in.udpPortsInUse.begin(), in.udpPortsInUse.end(),
                                   [](int a, int b) { return a >= b; }) == in.udpPortsInUse.end())
        << "UDP ports sorted, none twice";
    // The bookkeeping adds up: what remains is what was there minus what the tasks took.
    ASSERT_EQ(in.remainingCpu, before[i].remainingCpu - cpu[i]);
    ASSERT_EQ(in.remainingMemoryMiB, before[i].remainingMemoryMiB - memory[i]);
    ASSERT_EQ(in.remainingGpus, before[i].remainingGpus - gpus[i]);
    ASSERT_EQ(in.enisInUse, before[i].enisInUse + enis[i]);
    for (const auto& [group, count] : groups[i]) {
      auto was = before[i].tasksByGroup.find(group);
      ASSERT_EQ(in.tasksByGroup.at(group), (was == before[i].tasksByGroup.end() ? 0 : was->second) + count);
    }
    // Nothing placed on an instance that could not take tasks.
    if (before[i].status != "ACTIVE" || !before[i].agentConnected) {
      ASSERT_EQ(cpu[i] + memory[i] + enis[i], 0);
    }
  }
}

}  // namespace

TEST(PlacementProperties, NoInstanceIsEverOverCommitted) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::vector<PlacementInstance> start = richCluster(10 + static_cast<int>(seed * 3 % 25), 3, seed);
    std::vector<PlacementInstance> reference = start;
    Placer placer(start);
    Random rngRef(seed), rngFast(seed), requests(seed * 31);
    std::vector<PlacedTask> placed;
    for (int step = 0; step < 80; ++step) {
      SCOPED_TRACE("request " + std::to_string(step));
      CompiledRequest r = compiled(randomRequest(requests, strategyChains()[requests.below(strategyChains().size())]));
      PlacementResult a = placeReference(reference, r, rngRef);
      PlacementResult b = placer.place(r, rngFast);
      ASSERT_TRUE(sameResult(a, b));
      ASSERT_EQ(a.placements.size() + static_cast<size_t>(a.unplaced), static_cast<size_t>(r.request.count));
      ASSERT_EQ(a.failures.size(), static_cast<size_t>(a.unplaced)) << "one failure per unplaced task";
      record(placed, a, r);
      expectNotOverCommitted(start, reference, placed);
      expectNotOverCommitted(start, placer.instances(), placed);
    }
  }
}

TEST(PlacementProperties, DistinctInstanceNeverPutsTwoTasksOfAGroupOnOneInstance) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<PlacementInstance> reference = richCluster(25, 3, seed);
    for (PlacementInstance& in : reference) in.tasksByGroup.clear();
    Placer placer(reference);
    Random rngRef(seed), rngFast(seed), requests(seed * 7);
    const char* groups[] = {"service:web", "service:api", "family:batch"};
    for (int step = 0; step < 40; ++step) {
      PlacementRequest pr = randomRequest(requests, strategyChains()[requests.below(strategyChains().size())]);
      pr.group = groups[requests.below(3)];
      pr.constraints.push_back({"distinctInstance", ""});
      CompiledRequest r = compiled(pr);
      PlacementResult a = placeReference(reference, r, rngRef);
      PlacementResult b = placer.place(r, rngFast);
      ASSERT_TRUE(sameResult(a, b));
      std::vector<int> within = a.placements;
      std::sort(within.begin(), within.end());
      ASSERT_TRUE(std::adjacent_find(within.begin(), within.end()) == within.end()) << "within one request";
      for (const PlacementInstance& in : reference) {
        for (const auto& [group, count] : in.tasksByGroup) ASSERT_LE(count, 1) << group << " on " << in.containerInstanceArn;
      }
    }
  }
}

TEST(PlacementProperties, SpreadAcrossZonesKeepsTheGroupWithinOneTaskPerZone) {
  for (int zones = 2; zones <= 5; ++zones) {
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      SCOPED_TRACE(std::to_string(zones) + " zones, seed " + std::to_string(seed));
      Random rng(seed * 100 + static_cast<uint64_t>(zones));
      // Zones of uneven sizes (1 to 4 instances), each with room for the whole test.
      std::vector<PlacementInstance> cluster;
      for (int z = 0; z < zones; ++z) {
        int size = 1 + static_cast<int>(rng.below(4));
        for (int k = 0; k < size; ++k) {
          cluster.push_back(node(static_cast<int>(cluster.size()), 65536, 262144, zoneName(z)));
          if (rng.below(3) == 0) cluster.back().tasksByGroup["service:other"] = 1 + static_cast<int>(rng.below(5));
        }
      }
      // Tails that break the zone level's ties differently.
      const std::vector<std::vector<PlacementStrategyItem>> chains = {
          {{"spread", "attribute:ecs.availability-zone"}},
          defaultServiceStrategies(),
          {{"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}},
          {{"spread", "attribute:ecs.availability-zone"}, {"random", ""}}};
      for (const auto& chain : chains) {
        std::vector<PlacementInstance> reference = cluster;
        Placer placer(cluster);
        Random rngRef(seed), rngFast(seed);
        int placedSoFar = 0;
        while (placedSoFar < 60) {
          PlacementRequest pr = request(task(static_cast<int>(rng.below(3)) * 256, 256 + static_cast<int>(rng.below(4)) * 256),
                                        1 + static_cast<int>(rng.below(10)), chain);
          pr.group = "service:web";
          CompiledRequest r = compiled(pr);
          PlacementResult a = placeReference(reference, r, rngRef);
          PlacementResult b = placer.place(r, rngFast);
          ASSERT_TRUE(sameResult(a, b));
          ASSERT_EQ(a.unplaced, 0);
          placedSoFar += static_cast<int>(a.placements.size());
          std::map<std::string, int> perZone;
          for (int z = 0; z < zones; ++z) perZone[zoneName(z)] = 0;
          for (const PlacementInstance& in : reference) {
            auto g = in.tasksByGroup.find("service:web");
            if (g != in.tasksByGroup.end()) perZone[*in.attribute("ecs.availability-zone")] += g->second;
          }
          int lo = placedSoFar, hi = 0;
          for (const auto& [zone, count] : perZone) lo = std::min(lo, count), hi = std::max(hi, count);
          ASSERT_LE(hi - lo, 1) << chain.size() << " strategies, after " << placedSoFar << " tasks";
        }
      }
    }
  }
}

TEST(PlacementProperties, SpreadOverInstancesKeepsTheGroupWithinOneTaskPerInstance) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Random rng(seed);
    std::vector<PlacementInstance> reference;
    for (int i = 0; i < 3 + static_cast<int>(seed); ++i) reference.push_back(node(i, 65536, 262144));
    Placer placer(reference);
    Random rngRef(seed), rngFast(seed);
    for (int step = 0; step < 12; ++step) {
      CompiledRequest r = compiled(request(task(), 1 + static_cast<int>(rng.below(10)), {{"spread", "instanceId"}}));
      ASSERT_TRUE(sameResult(placeReference(reference, r, rngRef), placer.place(r, rngFast)));
      int lo = 1 << 30, hi = 0;
      for (const PlacementInstance& in : reference) {
        auto g = in.tasksByGroup.find("family:web");
        int count = g == in.tasksByGroup.end() ? 0 : g->second;
        lo = std::min(lo, count), hi = std::max(hi, count);
      }
      ASSERT_LE(hi - lo, 1);
    }
  }
}

TEST(PlacementProperties, BinpackOnIdenticalTasksUsesTheFewestInstances) {
  Random rng(2024);
  for (int round = 0; round < 24; ++round) {
    int cpu = 256 * static_cast<int>(rng.below(5));           // 0..1024
    int memory = 256 * (1 + static_cast<int>(rng.below(8)));   // 256..2048
    int perInstance = std::min(cpu == 0 ? 1 << 30 : 2048 / cpu, 4096 / memory);
    int total = 1 + static_cast<int>(rng.below(40));
    PlacementStrategyItem binpack{"binpack", rng.below(2) ? "cpu" : "memory"};
    SCOPED_TRACE("tasks of " + std::to_string(cpu) + " CPU / " + std::to_string(memory) + " MiB, " +
                 std::to_string(total) + " of them, binpack(" + binpack.field + ")");
    std::vector<PlacementInstance> reference;
    for (int i = 0; i < 50; ++i) reference.push_back(node(i, 2048, 4096));
    Placer placer(reference);
    Random rngRef(round), rngFast(round);
    for (int left = total; left > 0;) {
      int count = std::min(left, 1 + static_cast<int>(rng.below(10)));
      CompiledRequest r = compiled(request(task(cpu, memory), count, {binpack}));
      PlacementResult a = placeReference(reference, r, rngRef);
      ASSERT_TRUE(sameResult(a, placer.place(r, rngFast)));
      ASSERT_EQ(a.unplaced, 0);
      left -= count;
    }
    int used = 0;
    for (const PlacementInstance& in : reference) used += in.tasksByGroup.empty() ? 0 : 1;
    EXPECT_EQ(used, (total + perInstance - 1) / perInstance);
  }
}

TEST(PlacementProperties, TheSameSeedGivesTheSamePlacements) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    auto run = [seed](bool fast) {
      std::vector<PlacementInstance> cluster = richCluster(30, 3, seed);
      Placer placer(cluster);
      Random rng(seed), requests(seed + 1000);
      std::vector<std::vector<int>> out;
      for (int step = 0; step < 40; ++step) {
        CompiledRequest r = compiled(randomRequest(requests, strategyChains()[requests.below(strategyChains().size())]));
        out.push_back(fast ? placer.place(r, rng).placements : placeReference(cluster, r, rng).placements);
      }
      return out;
    };
    std::vector<std::vector<int>> first = run(false);
    EXPECT_EQ(first, run(false));
    EXPECT_EQ(first, run(true));
    EXPECT_EQ(run(true), run(true));
  }
}

namespace {


void expectSameView(const std::vector<PlacementInstance>& a, const std::vector<PlacementInstance>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("instance " + std::to_string(i));
    ASSERT_EQ(a[i].remainingCpu, b[i].remainingCpu);
    ASSERT_EQ(a[i].remainingMemoryMiB, b[i].remainingMemoryMiB);
    ASSERT_EQ(a[i].remainingGpus, b[i].remainingGpus);
    ASSERT_EQ(a[i].tcpPortsInUse, b[i].tcpPortsInUse);
    ASSERT_EQ(a[i].udpPortsInUse, b[i].udpPortsInUse);
    ASSERT_EQ(a[i].enisInUse, b[i].enisInUse);
    ASSERT_EQ(a[i].tasksByGroup, b[i].tasksByGroup);
    ASSERT_EQ(a[i].runningTasksCount, b[i].runningTasksCount);
    ASSERT_EQ(a[i].dynamicTcpInUse, b[i].dynamicTcpInUse);
  }
}

}  // namespace

TEST(PlacerRelease, AfterReleasingPlacementsEqualACorrectReferenceThatNeverPlacedThem) {
  // The Placer places B (kept) then A (released again); the reference only ever places B. From
  // then on both must place every request identically: release() must restore the resources,
  // the ports, the ENIs, the group counts and every index and counter built over them.
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::vector<PlacementInstance> start = richCluster(15 + static_cast<int>(seed * 4 % 20), 3, seed, false);
    std::vector<PlacementInstance> reference = start;
    Placer placer(start);
    Random requests(seed * 13);
    auto next = [&] {
      return compiled(randomRequest(requests, strategyChains()[requests.below(strategyChains().size())]));
    };
    // B: placed by both.
    for (int k = 0; k < 6; ++k) {
      CompiledRequest r = next();
      Random a(seed + static_cast<uint64_t>(k)), b(seed + static_cast<uint64_t>(k));
      ASSERT_TRUE(sameResult(placeReference(reference, r, a), placer.place(r, b)));
    }
    // A: placed by the Placer only, then released in a scrambled order.
    std::vector<PlacedTask> released;
    Random onlyPlacer(seed * 99);
    for (int k = 0; k < 8; ++k) {
      CompiledRequest r = next();
      record(released, placer.place(r, onlyPlacer), r);
    }
    Random shuffle(seed);
    for (size_t k = released.size(); k > 1; --k) std::swap(released[k - 1], released[shuffle.below(k)]);
    for (const PlacedTask& t : released) placer.release(t.instance, t.needs, t.group, t.ports);
    expectSameView(placer.instances(), reference);
    // From here on both must agree.
    Random rngRef(seed * 5), rngFast(seed * 5);
    for (int k = 0; k < 30; ++k) {
      SCOPED_TRACE("request " + std::to_string(k) + " after the release");
      CompiledRequest r = next();
      ASSERT_TRUE(sameResult(placeReference(reference, r, rngRef), placer.place(r, rngFast)));
    }
  }
}

TEST(PlacerRelease, InterleavedPlacementsAndReleasesAgreeWithTheReference) {
  // Tasks stop while others are placed: the Placer's release() against the same release done by
  // hand on the reference, with explain() checked along the way.
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<PlacementInstance> reference = richCluster(20 + static_cast<int>(seed % 3) * 10, 2 + static_cast<int>(seed % 3), seed);
    Placer placer(reference);
    Random rngRef(seed), rngFast(seed), ops(seed * 17);
    std::vector<PlacedTask> running;
    for (int step = 0; step < 120; ++step) {
      SCOPED_TRACE("step " + std::to_string(step));
      if (!running.empty() && ops.below(3) == 0) {
        size_t k = ops.below(running.size());
        PlacedTask t = running[k];
        running.erase(running.begin() + static_cast<long>(k));
        releaseByHand(reference[static_cast<size_t>(t.instance)], t);
        placer.release(t.instance, t.needs, t.group, t.ports);
        continue;
      }
      CompiledRequest r = compiled(randomRequest(ops, strategyChains()[ops.below(strategyChains().size())]));
      PlacementExplanation slow = explainPlacement(reference, r, rngRef);
      PlacementExplanation fast = placer.explain(r, rngFast);
      ASSERT_EQ(slow.chosen, fast.chosen);
      PlacementResult a = placeReference(reference, r, rngRef);
      PlacementResult b = placer.place(r, rngFast);
      ASSERT_TRUE(sameResult(a, b));
      record(running, a, r);
    }
    expectSameView(placer.instances(), reference);
  }
}

TEST(PlacerRelease, ReleasingEverythingRestoresTheStartingView) {
  std::vector<PlacementInstance> start = richCluster(20, 3, 42, false);
  Placer placer(start);
  Random rng(42), requests(43);
  std::vector<PlacedTask> placed;
  for (int k = 0; k < 30; ++k) {
    CompiledRequest r = compiled(randomRequest(requests, strategyChains()[requests.below(strategyChains().size())]));
    record(placed, placer.place(r, rng), r);
  }
  ASSERT_GT(placed.size(), 50u);
  for (const PlacedTask& t : placed) placer.release(t.instance, t.needs, t.group, t.ports);
  expectSameView(placer.instances(), start);
}
