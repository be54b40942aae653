// The placement filters (ECS-FACTS.md, "Capacity and placement"; research/placement.md §2, §8, §9):
// each filter with a case that fails without it and its boundary, the order in which they are
// applied (the first one failed is the reason reported), and what a task definition asks of an
// instance (taskNeeds).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "ecsplay/instance_types.h"
#include "ecsplay/placement.h"
#include "ecsplay/placer.h"
#include "ecsplay/validate.h"
#include "placement/placement_fixtures.h"
#include "test_support.h"

using namespace ecsplay;
using namespace ecsplay::test;

namespace {

struct FilterCase {
  const char* situation;
  std::function<void(PlacementInstance&)> instance;  // edits node(0): 2048 CPU, 4096 MiB, 2 ENIs
  std::function<void(PlacementRequest&)> request;    // edits a 256 CPU / 512 MiB task, family web
  const char* reason;                                // "" = the instance passes every filter
};

// Judges one instance three ways (the filter function, Placer::explain, and a placement by both
// implementations on a one-instance cluster): all must give the case's reason.
void expectFilter(const FilterCase& c) {
  SCOPED_TRACE(c.situation);
  PlacementInstance in = node(0);
  if (c.instance) c.instance(in);
  PlacementRequest r = request(task());
  if (c.request) c.request(r);
  CompiledRequest cr = compiled(r);
  EXPECT_EQ(reasonFor(in, cr), c.reason);

  std::vector<PlacementInstance> cluster = {in};
  Placer placer(cluster);
  PlacementExplanation e = placer.explain(cr, Random(1));
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_EQ(placementReasonCode(e.rows[0].reason), std::string(c.reason)) << "Placer::explain";

  PlacementResult result = placeBoth(cluster, cr);
  if (in.status != "ACTIVE") {
    EXPECT_TRUE(result.error.has_value()) << "a cluster without an ACTIVE instance has no container instances";
    return;
  }
  if (std::string(c.reason).empty()) {
    EXPECT_EQ(result.placements, std::vector<int>{0});
    EXPECT_TRUE(result.failures.empty());
  } else {
    EXPECT_TRUE(result.placements.empty());
    ASSERT_EQ(result.failures.size(), 1u);
    EXPECT_EQ(result.failures[0].reason, c.reason);
    EXPECT_EQ(result.failures[0].arn, in.containerInstanceArn);
  }
}

std::vector<int> portsFrom(int first, int count) {
  std::vector<int> out;
  for (int p = first; p < first + count; ++p) out.push_back(p);
  return out;
}

// Static ports below the ephemeral range only (no 51678/51679), so the quota cases count exactly.
std::vector<int> staticPortsInUse(int count) {
  std::vector<int> out = {22, 2375, 2376};
  for (int p = 1000; static_cast<int>(out.size()) < count; ++p) out.push_back(p);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> ephemeralRangeExcept(int freePorts) {
  std::vector<int> out;
  for (int p = kDynamicPortFirst; p <= kDynamicPortLast - freePorts; ++p) out.push_back(p);
  return out;
}

}  // namespace

TEST(StatusFilter, OnlyActiveInstancesWithAConnectedAgentTakeTasks) {
  // API ref ContainerInstance: "DRAINING indicates that new tasks aren't placed on the container
  // instance"; agentConnected: "Only instances connected to an agent can accept task placement
  // requests." A non-ACTIVE instance is not considered at all ("NOT ACTIVE", never reported as a
  // RunTask failure: see failures_test.cpp); a disconnected agent is RunTask's AGENT.
  const FilterCase cases[] = {
      {"an ACTIVE instance with its agent connected", nullptr, nullptr, ""},
      {"a DRAINING instance", [](PlacementInstance& i) { i.status = "DRAINING"; }, nullptr, "NOT ACTIVE"},
      {"a REGISTERING instance", [](PlacementInstance& i) { i.status = "REGISTERING"; }, nullptr, "NOT ACTIVE"},
      {"an INACTIVE instance", [](PlacementInstance& i) { i.status = "INACTIVE"; }, nullptr, "NOT ACTIVE"},
      {"a DRAINING instance whose agent is disconnected",
       [](PlacementInstance& i) { i.status = "DRAINING", i.agentConnected = false; }, nullptr, "NOT ACTIVE"},
      {"an ACTIVE instance whose agent is disconnected", [](PlacementInstance& i) { i.agentConnected = false; },
       nullptr, "AGENT"},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(OsFamilyFilter, RuntimePlatformNeedsTheSameEcsOsFamily) {
  auto family = [](const char* f) { return [f](PlacementRequest& r) { r.needs.osFamily = f; }; };
  auto instanceFamily = [](const char* f) { return [f](PlacementInstance& i) { i.setAttribute("ecs.os-family", f); }; };
  const FilterCase cases[] = {
      {"a LINUX task on a LINUX instance", nullptr, family("LINUX"), ""},
      {"a Windows 2019 Full task on a LINUX instance", nullptr, family("WINDOWS_SERVER_2019_FULL"), "ATTRIBUTE"},
      {"a Windows 2019 Full task on a Windows 2019 Full instance", instanceFamily("WINDOWS_SERVER_2019_FULL"),
       family("WINDOWS_SERVER_2019_FULL"), ""},
      {"a Windows 2019 Full task on a Windows 2022 Full instance", instanceFamily("WINDOWS_SERVER_2022_FULL"),
       family("WINDOWS_SERVER_2019_FULL"), "ATTRIBUTE"},
      {"a Windows 2019 Full task on a Windows 2019 Core instance", instanceFamily("WINDOWS_SERVER_2019_CORE"),
       family("WINDOWS_SERVER_2019_FULL"), "ATTRIBUTE"},
      {"a LINUX task on a Windows instance", instanceFamily("WINDOWS_SERVER_2022_CORE"), family("LINUX"), "ATTRIBUTE"},
      {"a task without runtimePlatform on a Windows instance", instanceFamily("WINDOWS_SERVER_2022_CORE"), nullptr, ""},
      {"a LINUX task on an instance from before ecs.os-family (a Linux agent)",
       [](PlacementInstance& i) { i.attributes.erase(std::remove_if(i.attributes.begin(), i.attributes.end(),
                                                                    [](const auto& a) { return a.first == "ecs.os-family"; }),
                                                     i.attributes.end()); },
       family("LINUX"), ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(CpuArchitectureFilter, RuntimePlatformNeedsTheSameEcsCpuArchitecture) {
  auto arch = [](const char* a) { return [a](PlacementRequest& r) { r.needs.cpuArchitecture = a; }; };
  auto instanceArch = [](const char* a) { return [a](PlacementInstance& i) { i.setAttribute("ecs.cpu-architecture", a); }; };
  const FilterCase cases[] = {
      {"an x86_64 task on an x86_64 instance", nullptr, arch("x86_64"), ""},
      {"an arm64 task on an x86_64 instance", nullptr, arch("arm64"), "ATTRIBUTE"},
      {"an arm64 task on an arm64 instance", instanceArch("arm64"), arch("arm64"), ""},
      {"an x86_64 task on an arm64 instance", instanceArch("arm64"), arch("x86_64"), "ATTRIBUTE"},
      {"a task without runtimePlatform on an arm64 instance", instanceArch("arm64"), nullptr, ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(RequiredAttributesFilter, EveryRequiresAttributesEntryMustBeOnTheInstance) {
  auto requires = [](std::vector<std::string> a) { return [a](PlacementRequest& r) { r.needs.requiredAttributes = a; }; };
  const FilterCase cases[] = {
      {"a capability the instance has (an attribute without a value)", nullptr, requires({"ecs.capability.task-eni"}), ""},
      {"a capability the instance lacks", nullptr, requires({"ecs.capability.efs"}), "ATTRIBUTE"},
      {"two capabilities, the second missing", nullptr,
       requires({"com.amazonaws.ecs.capability.logging-driver.awslogs", "ecs.capability.secrets.asm.environment-variables"}),
       "ATTRIBUTE"},
      {"two capabilities, both present", nullptr,
       requires({"com.amazonaws.ecs.capability.logging-driver.awslogs", "ecs.capability.task-eni"}), ""},
      {"a capability whose name only prefixes one the instance has", nullptr, requires({"ecs.capability.task"}),
       "ATTRIBUTE"},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(CpuFilter, ExactlyTheRemainingCpuFitsAndOneUnitMoreDoesNot) {
  auto cpu = [](int units) { return [units](PlacementRequest& r) { r.needs.cpu = units; }; };
  const FilterCase cases[] = {
      {"2048 units on an instance with 2048 remaining", nullptr, cpu(2048), ""},
      {"2049 units on an instance with 2048 remaining", nullptr, cpu(2049), "RESOURCE:CPU"},
      {"1024 units where other tasks left 1023", [](PlacementInstance& i) { i.remainingCpu = 1023; }, cpu(1024),
       "RESOURCE:CPU"},
      {"1023 units where other tasks left 1023", [](PlacementInstance& i) { i.remainingCpu = 1023; }, cpu(1023), ""},
      {"a task reserving no CPU on a full instance", [](PlacementInstance& i) { i.remainingCpu = 0; }, cpu(0), ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(MemoryFilter, ExactlyTheRemainingMemoryFitsAndOneMiBMoreDoesNot) {
  auto memory = [](int mib) { return [mib](PlacementRequest& r) { r.needs.memoryMiB = mib; }; };
  const FilterCase cases[] = {
      {"4096 MiB on an instance with 4096 remaining", nullptr, memory(4096), ""},
      {"4097 MiB on an instance with 4096 remaining", nullptr, memory(4097), "RESOURCE:MEMORY"},
      {"512 MiB where other tasks left 511", [](PlacementInstance& i) { i.remainingMemoryMiB = 511; }, memory(512),
       "RESOURCE:MEMORY"},
      {"511 MiB where other tasks left 511", [](PlacementInstance& i) { i.remainingMemoryMiB = 511; }, memory(511), ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(GpuFilter, ExactlyEnoughGpusFitAndOneShortFails) {
  auto gpus = [](int n) { return [n](PlacementRequest& r) { r.needs.gpus = n; }; };
  auto instanceGpus = [](int n) {
    return [n](PlacementInstance& i) { i.registeredGpus = 4, i.remainingGpus = n; };
  };
  const FilterCase cases[] = {
      {"2 GPUs where 2 are free", instanceGpus(2), gpus(2), ""},
      {"2 GPUs where 1 is free", instanceGpus(1), gpus(2), "RESOURCE:GPU"},
      {"1 GPU on an instance without GPUs", nullptr, gpus(1), "RESOURCE:GPU"},
      {"no GPU on an instance without GPUs", nullptr, gpus(0), ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(HostPortFilter, AStaticHostPortInUseRefusesTheInstance) {
  auto tcp = [](std::vector<int> p) { return [p](PlacementRequest& r) { r.needs.tcpPorts = p; }; };
  auto udp = [](std::vector<int> p) { return [p](PlacementRequest& r) { r.needs.udpPorts = p; }; };
  auto tcpInUse = [](int p) { return [p](PlacementInstance& i) { i.tcpPortsInUse.push_back(p), std::sort(i.tcpPortsInUse.begin(), i.tcpPortsInUse.end()); }; };
  auto udpInUse = [](int p) { return [p](PlacementInstance& i) { i.udpPortsInUse = {p}; }; };
  const FilterCase cases[] = {
      {"TCP 80 on an instance where 80 is free", nullptr, tcp({80}), ""},
      {"TCP 80 on an instance where a task holds 80", tcpInUse(80), tcp({80}), "RESOURCE:PORTS"},
      {"TCP 80 and 443 where a task holds 443", tcpInUse(443), tcp({80, 443}), "RESOURCE:PORTS"},
      {"TCP 8080 where a task holds 80", tcpInUse(80), tcp({8080}), ""},
      {"TCP 22, a port the agent reserves", nullptr, tcp({22}), "RESOURCE:PORTS"},
      {"TCP 2375, a port the agent reserves", nullptr, tcp({2375}), "RESOURCE:PORTS"},
      {"TCP 2376, a port the agent reserves", nullptr, tcp({2376}), "RESOURCE:PORTS"},
      {"TCP 51678, a port the agent reserves", nullptr, tcp({51678}), "RESOURCE:PORTS"},
      {"TCP 51679, a port the agent reserves", nullptr, tcp({51679}), "RESOURCE:PORTS"},
      {"TCP 51680, reserved only with Prometheus metrics on", nullptr, tcp({51680}), ""},
      {"UDP 53 where a task holds UDP 53", udpInUse(53), udp({53}), "RESOURCE:PORTS_UDP"},
      {"UDP 53 where a task holds TCP 53", tcpInUse(53), udp({53}), ""},
      {"TCP 53 where a task holds UDP 53", udpInUse(53), tcp({53}), ""},
      {"UDP 22: the reserved ports are TCP ports", nullptr, udp({22}), ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(HostPortFilter, AnInstanceReservesAtMost100StaticPorts) {
  // API ref PortMapping.hostPort: "A container instance can have up to 100 reserved ports at a
  // time ... Automatically assigned ports aren't included in the 100 reserved ports quota."
  auto inUse = [](int n) { return [n](PlacementInstance& i) { i.tcpPortsInUse = staticPortsInUse(n); }; };
  auto tcp = [](std::vector<int> p, int dynamic = 0) {
    return [p, dynamic](PlacementRequest& r) { r.needs.tcpPorts = p, r.needs.dynamicTcpPorts = dynamic; };
  };
  const FilterCase cases[] = {
      {"one more static port with 99 reserved", inUse(99), tcp({8080}), ""},
      {"one more static port with 100 reserved", inUse(100), tcp({8080}), "RESOURCE:PORTS"},
      {"two more static ports with 98 reserved", inUse(98), tcp({8080, 8081}), ""},
      {"two more static ports with 99 reserved", inUse(99), tcp({8080, 8081}), "RESOURCE:PORTS"},
      {"a dynamic port with 100 static ones reserved", inUse(100), tcp({}, 1), ""},
      {"no port at all with 100 reserved", inUse(100), tcp({}), ""},
      {"one static port with 99 reserved and 5000 dynamic ports in use",
       [](PlacementInstance& i) {
         i.tcpPortsInUse = staticPortsInUse(99);
         for (int p : portsFrom(kDynamicPortFirst, 5000)) i.tcpPortsInUse.push_back(p);
         i.dynamicTcpInUse = 5000;  // assigned dynamically: outside the quota
       },
       tcp({8080}), ""},
      {"UDP ports have their own 100", [](PlacementInstance& i) { i.tcpPortsInUse = staticPortsInUse(100); },
       [](PlacementRequest& r) { r.needs.udpPorts = {53}; }, ""},
      {"the 101st UDP port", [](PlacementInstance& i) { i.udpPortsInUse = portsFrom(1000, 100); },
       [](PlacementRequest& r) { r.needs.udpPorts = {53}; }, "RESOURCE:PORTS_UDP"},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

// The quota "includes the default reserved ports" (API ref PortMapping.hostPort): 22, 2375, 2376,
// 51678 and 51679 are five of the 100, so 95 more static ports fit and the 96th does not.
TEST(HostPortFilter, TheAgentsDefaultReservedPortsCountTowardThe100) {
  auto withStatic = [](int extra) {
    return [extra](PlacementInstance& i) {
      for (int p : portsFrom(1000, extra)) i.tcpPortsInUse.push_back(p);
      std::sort(i.tcpPortsInUse.begin(), i.tcpPortsInUse.end());
    };
  };
  const FilterCase cases[] = {
      {"the 5 default ports and 94 static ones, one more", withStatic(94), [](PlacementRequest& r) { r.needs.tcpPorts = {8080}; }, ""},
      {"the 5 default ports and 95 static ones, one more", withStatic(95), [](PlacementRequest& r) { r.needs.tcpPorts = {8080}; },
       "RESOURCE:PORTS"},
      {"99 static ports and a static one above 49152, one more",
       [](PlacementInstance& i) { i.tcpPortsInUse = staticPortsInUse(99), i.tcpPortsInUse.push_back(50000); },
       [](PlacementRequest& r) { r.needs.tcpPorts = {8080}; }, "RESOURCE:PORTS"},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(DynamicPortFilter, BridgeDynamicPortsComeFromTheEphemeralRange) {
  auto dynamicTcp = [](int n) { return [n](PlacementRequest& r) { r.needs.dynamicTcpPorts = n; }; };
  auto dynamicUdp = [](int n) { return [n](PlacementRequest& r) { r.needs.dynamicUdpPorts = n; }; };
  // The range taken by earlier tasks' dynamic ports.
  auto tcpFree = [](int free) {
    return [free](PlacementInstance& i) {
      i.tcpPortsInUse = ephemeralRangeExcept(free);
      i.dynamicTcpInUse = static_cast<int>(i.tcpPortsInUse.size());
    };
  };
  const FilterCase cases[] = {
      {"one dynamic port on a fresh instance", nullptr, dynamicTcp(1), ""},
      {"one dynamic port with the range 49153-65535 exhausted", tcpFree(0), dynamicTcp(1), "RESOURCE:PORTS"},
      {"one dynamic port with one port of the range left", tcpFree(1), dynamicTcp(1), ""},
      {"two dynamic ports with one port of the range left", tcpFree(1), dynamicTcp(2), "RESOURCE:PORTS"},
      {"a static port below the range with the range exhausted", tcpFree(0),
       [](PlacementRequest& r) { r.needs.tcpPorts = {8080}; }, ""},
      {"a dynamic UDP port with the TCP range exhausted", tcpFree(0), dynamicUdp(1), ""},
      {"a dynamic UDP port with the UDP range exhausted",
       [](PlacementInstance& i) {
         i.udpPortsInUse = ephemeralRangeExcept(0);
         i.dynamicUdpInUse = static_cast<int>(i.udpPortsInUse.size());
       },
       dynamicUdp(1), "RESOURCE:PORTS_UDP"},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(DynamicPortFilter, DynamicPortsAreTakenFromTheBottomOfTheRangeAndNeverTwice) {
  std::vector<PlacementInstance> cluster = {node(0, 4096, 8192)};
  TaskNeeds needs = task(0, 0);
  needs.dynamicTcpPorts = 2;
  PlacementResult r = placeBoth(cluster, request(needs, 3));
  ASSERT_EQ(r.placements, (std::vector<int>{0, 0, 0}));
  std::vector<int> expected = reservedHostPorts();
  for (int p : portsFrom(kDynamicPortFirst, 6)) expected.push_back(p);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(cluster[0].tcpPortsInUse, expected);
  ASSERT_EQ(r.hostPorts.size(), 3u) << "each placed task's networkBindings";
  EXPECT_EQ(r.hostPorts[0].tcp, (std::vector<int>{49153, 49154}));
  EXPECT_EQ(r.hostPorts[1].tcp, (std::vector<int>{49155, 49156}));
  EXPECT_EQ(r.hostPorts[2].tcp, (std::vector<int>{49157, 49158}));
  EXPECT_TRUE(r.hostPorts[0].udp.empty());

  // A static port and a dynamic one: the static first; the dynamic one skips ports in use.
  std::vector<PlacementInstance> busy = {node(0)};
  busy[0].tcpPortsInUse.push_back(49153);
  std::sort(busy[0].tcpPortsInUse.begin(), busy[0].tcpPortsInUse.end());
  busy[0].udpPortsInUse = {49153, 49154};
  TaskNeeds both = task();
  both.tcpPorts = {8080};
  both.dynamicTcpPorts = 1;
  both.dynamicUdpPorts = 1;
  PlacementResult b = placeBoth(busy, request(both));
  ASSERT_EQ(b.hostPorts.size(), 1u);
  EXPECT_EQ(b.hostPorts[0].tcp, (std::vector<int>{8080, 49154}));
  EXPECT_EQ(b.hostPorts[0].udp, std::vector<int>{49155});
}

TEST(EniFilter, AnAwsvpcTaskNeedsAFreeEniSlot) {
  auto awsvpc = [](PlacementRequest& r) { r.needs.needsEni = true; };
  auto inUse = [](int used, int limit) { return [used, limit](PlacementInstance& i) { i.enisInUse = used, i.eniLimit = limit; }; };
  const FilterCase cases[] = {
      {"an awsvpc task with 1 of 2 ENIs in use", inUse(1, 2), awsvpc, ""},
      {"an awsvpc task with 2 of 2 ENIs in use", inUse(2, 2), awsvpc, "RESOURCE:ENI"},
      {"an awsvpc task on an instance with no ENI slot", inUse(0, 0), awsvpc, "RESOURCE:ENI"},
      {"an awsvpc task with 9 of 10 in use (trunking)", inUse(9, 10), awsvpc, ""},
      {"a bridge task with every ENI in use", inUse(2, 2), nullptr, ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(DistinctInstanceFilter, RefusesAnInstanceRunningATaskOfTheSameGroupOnly) {
  auto distinct = [](PlacementRequest& r) { r.constraints = {{"distinctInstance", ""}}; };
  auto runs = [](const char* group, int n) { return [group, n](PlacementInstance& i) { i.tasksByGroup[group] = n; }; };
  const FilterCase cases[] = {
      {"an instance running a task of the group", runs("family:web", 1), distinct,
       "DistinctInstance placement constraint unsatisfied."},
      {"an instance running tasks of another group", runs("family:api", 3), distinct, ""},
      {"an instance whose task of the group stopped (count 0)", runs("family:web", 0), distinct, ""},
      {"without the constraint, an instance running a task of the group", runs("family:web", 1), nullptr, ""},
      {"a service's group against a standalone task of the same family", runs("family:web", 1),
       [](PlacementRequest& r) { r.constraints = {{"distinctInstance", ""}}, r.group = "service:web"; }, ""},
      {"a custom group", runs("batch-7", 1),
       [](PlacementRequest& r) { r.constraints = {{"distinctInstance", ""}}, r.group = "batch-7"; },
       "DistinctInstance placement constraint unsatisfied."},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(MemberOfFilter, RefusesAnInstanceTheExpressionDoesNotSelect) {
  auto memberOf = [](std::vector<std::string> expressions) {
    return [expressions](PlacementRequest& r) {
      for (const std::string& e : expressions) r.constraints.push_back({"memberOf", e});
    };
  };
  auto stack = [](const char* v) { return [v](PlacementInstance& i) { i.setAttribute("stack", v); }; };
  const FilterCase cases[] = {
      {"an instance the expression selects", stack("prod"), memberOf({"attribute:stack == prod"}), ""},
      {"an instance the expression does not select", stack("dev"), memberOf({"attribute:stack == prod"}),
       "MemberOf placement constraint unsatisfied."},
      {"an instance without the attribute", nullptr, memberOf({"attribute:stack == prod"}),
       "MemberOf placement constraint unsatisfied."},
      {"two expressions, both select it", stack("prod"),
       memberOf({"attribute:stack == prod", "attribute:ecs.instance-type =~ m5.*"}), ""},
      {"two expressions, the second does not select it", stack("prod"),
       memberOf({"attribute:stack == prod", "attribute:ecs.instance-type =~ t3.*"}),
       "MemberOf placement constraint unsatisfied."},
      {"an expression on the instance's task groups", [](PlacementInstance& i) { i.tasksByGroup["service:db"] = 1; },
       memberOf({"task:group == service:db"}), ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(FilterOrder, AnInstanceFailingSeveralFiltersReportsTheFirstInPipelineOrder) {
  // The pipeline in placement.h: status, agent, attributes (OS family, architecture, requiresAttributes),
  // CPU, memory, GPU, TCP ports, UDP ports, ENI, distinctInstance, memberOf.
  auto noCpu = [](PlacementInstance& i) { i.remainingCpu = 0; };
  auto noMemory = [](PlacementInstance& i) { i.remainingMemoryMiB = 0; };
  auto port80 = [](PlacementInstance& i) { i.tcpPortsInUse.insert(i.tcpPortsInUse.begin() + 1, 80); };
  auto udp53 = [](PlacementInstance& i) { i.udpPortsInUse = {53}; };
  auto enisFull = [](PlacementInstance& i) { i.enisInUse = i.eniLimit; };
  auto runsWeb = [](PlacementInstance& i) { i.tasksByGroup["family:web"] = 1; };
  auto both = [](std::function<void(PlacementInstance&)> a, std::function<void(PlacementInstance&)> b) {
    return [a, b](PlacementInstance& i) { a(i), b(i); };
  };
  auto everything = [](PlacementRequest& r) {
    r.needs.gpus = 1;
    r.needs.tcpPorts = {80};
    r.needs.udpPorts = {53};
    r.needs.needsEni = true;
    r.constraints = {{"distinctInstance", ""}, {"memberOf", "attribute:stack == prod"}};
  };
  const FilterCase cases[] = {
      {"DRAINING, disconnected and out of CPU",
       both([](PlacementInstance& i) { i.status = "DRAINING", i.agentConnected = false; }, noCpu), everything,
       "NOT ACTIVE"},
      {"disconnected and out of CPU", both([](PlacementInstance& i) { i.agentConnected = false; }, noCpu), everything,
       "AGENT"},
      {"a missing attribute and out of CPU", noCpu,
       [&](PlacementRequest& r) { everything(r), r.needs.requiredAttributes = {"ecs.capability.efs"}; }, "ATTRIBUTE"},
      {"the wrong OS family and out of CPU", noCpu,
       [&](PlacementRequest& r) { everything(r), r.needs.osFamily = "WINDOWS_SERVER_2019_FULL"; }, "ATTRIBUTE"},
      {"out of CPU and memory", both(noCpu, noMemory), everything, "RESOURCE:CPU"},
      {"out of memory and GPUs", noMemory, everything, "RESOURCE:MEMORY"},
      {"out of GPUs and with port 80 taken", port80, everything, "RESOURCE:GPU"},
      {"TCP 80 and UDP 53 taken",
       both(port80, [&](PlacementInstance& i) { i.remainingGpus = i.registeredGpus = 1; udp53(i); }), everything,
       "RESOURCE:PORTS"},
      {"UDP 53 taken and no ENI",
       both(udp53, [&](PlacementInstance& i) { i.remainingGpus = i.registeredGpus = 1; enisFull(i); }), everything,
       "RESOURCE:PORTS_UDP"},
      {"no ENI and a task of the group",
       both(enisFull, [&](PlacementInstance& i) { i.remainingGpus = i.registeredGpus = 1; runsWeb(i); }), everything,
       "RESOURCE:ENI"},
      {"a task of the group and not selected by memberOf",
       both(runsWeb, [](PlacementInstance& i) { i.remainingGpus = i.registeredGpus = 1; }), everything,
       "DistinctInstance placement constraint unsatisfied."},
      {"only not selected by memberOf", [](PlacementInstance& i) { i.remainingGpus = i.registeredGpus = 1; },
       everything, "MemberOf placement constraint unsatisfied."},
      {"passing everything",
       [](PlacementInstance& i) { i.remainingGpus = i.registeredGpus = 1, i.setAttribute("stack", "prod"); },
       everything, ""},
  };
  for (const FilterCase& c : cases) expectFilter(c);
}

TEST(FilterOrder, ReasonsAreNumberedInPipelineOrderWithTheirRunTaskTexts) {
  // closestFailure ranks instances by how far they got: the enum's order is the pipeline's.
  const std::pair<PlacementReason, const char*> order[] = {
      {PlacementReason::None, ""},
      {PlacementReason::Status, "NOT ACTIVE"},
      {PlacementReason::Agent, "AGENT"},
      {PlacementReason::Attribute, "ATTRIBUTE"},
      {PlacementReason::Cpu, "RESOURCE:CPU"},
      {PlacementReason::Memory, "RESOURCE:MEMORY"},
      {PlacementReason::Gpu, "RESOURCE:GPU"},
      {PlacementReason::Ports, "RESOURCE:PORTS"},
      {PlacementReason::PortsUdp, "RESOURCE:PORTS_UDP"},
      {PlacementReason::Eni, "RESOURCE:ENI"},
      {PlacementReason::DistinctInstance, "DistinctInstance placement constraint unsatisfied."},
      {PlacementReason::MemberOf, "MemberOf placement constraint unsatisfied."},
  };
  for (size_t k = 0; k < std::size(order); ++k) {
    SCOPED_TRACE(order[k].second);
    EXPECT_EQ(static_cast<size_t>(order[k].first), k);
    EXPECT_STREQ(placementReasonCode(order[k].first), order[k].second);
  }
}

// --- taskNeeds: what a task definition takes from an instance ------------------------------------

namespace {

struct NeedsOf {
  TaskNeeds needs;
  std::vector<std::string> requiresAttributes;
};

NeedsOf needsOf(const std::string& json) {
  Validation v = validateTaskDefinitionText(json);
  EXPECT_TRUE(v.valid()) << describe(v) << json;
  return {taskNeeds(v.definition, v.requiresAttributes), v.requiresAttributes};
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST(TaskNeeds, TaskLevelCpuAndMemoryWinOverTheContainersSums) {
  TaskNeeds n = needsOf(R"({"family": "web", "cpu": "1024", "memory": "2048", "containerDefinitions": [
      {"name": "a", "image": "nginx", "cpu": 256, "memory": 512},
      {"name": "b", "image": "nginx", "cpu": 128, "memoryReservation": 256}]})").needs;
  EXPECT_EQ(n.cpu, 1024);
  EXPECT_EQ(n.memoryMiB, 2048);
  EXPECT_EQ(n.family, "web");

  TaskNeeds units = needsOf(R"({"family": "web", "cpu": "1 vCPU", "memory": "2 GB", "containerDefinitions": [
      {"name": "a", "image": "nginx", "cpu": 256, "memory": 512}]})").needs;
  EXPECT_EQ(units.cpu, 1024) << "\"1 vCPU\" is 1024 units";
  EXPECT_EQ(units.memoryMiB, 2048) << "\"2 GB\" is 2048 MiB";
}

TEST(TaskNeeds, WithoutTaskLevelValuesTheContainersAddUpMemoryReservationFirst) {
  TaskNeeds n = needsOf(R"({"family": "web", "containerDefinitions": [
      {"name": "a", "image": "nginx", "cpu": 256, "memory": 512, "memoryReservation": 128},
      {"name": "b", "image": "nginx", "cpu": 128, "memory": 300},
      {"name": "c", "image": "nginx", "memoryReservation": 64}]})").needs;
  EXPECT_EQ(n.cpu, 256 + 128) << "a container without cpu reserves none";
  EXPECT_EQ(n.memoryMiB, 128 + 300 + 64) << "memoryReservation when set, else memory";

  TaskNeeds mixed = needsOf(R"({"family": "web", "memory": "1024", "containerDefinitions": [
      {"name": "a", "image": "nginx", "cpu": 256, "memoryReservation": 128}]})").needs;
  EXPECT_EQ(mixed.cpu, 256) << "no task-level cpu: the containers' sum";
  EXPECT_EQ(mixed.memoryMiB, 1024) << "task-level memory set: it wins";
}

TEST(TaskNeeds, BridgeHostPortZeroOrAbsentIsDynamicAndOtherwiseStatic) {
  TaskNeeds n = needsOf(R"({"family": "web", "networkMode": "bridge", "containerDefinitions": [
      {"name": "a", "image": "nginx", "memory": 256, "portMappings": [
          {"containerPort": 80, "hostPort": 8080},
          {"containerPort": 81, "hostPort": 0},
          {"containerPort": 82},
          {"containerPort": 53, "hostPort": 5353, "protocol": "udp"},
          {"containerPort": 54, "protocol": "udp"}]}]})").needs;
  EXPECT_EQ(n.tcpPorts, std::vector<int>{8080});
  EXPECT_EQ(n.dynamicTcpPorts, 2);
  EXPECT_EQ(n.udpPorts, std::vector<int>{5353});
  EXPECT_EQ(n.dynamicUdpPorts, 1);
  EXPECT_FALSE(n.needsEni);
}

TEST(TaskNeeds, ABridgeMappingWithoutHostPortTakesADynamicPort) {
  // A real definition (shared/data nginx_ec2.json): bridge, containerPort 80 without hostPort.
  std::string text = readFile(sharedData("task-definitions/aws-containers-task-definitions/nginx/nginx_ec2.json"));
  NeedsOf n = needsOf(text);
  EXPECT_EQ(n.needs.cpu, 256);
  EXPECT_EQ(n.needs.memoryMiB, 256);
  EXPECT_TRUE(n.needs.tcpPorts.empty());
  EXPECT_EQ(n.needs.dynamicTcpPorts, 1);
  EXPECT_TRUE(has(n.needs.requiredAttributes, "com.amazonaws.ecs.capability.logging-driver.awslogs"))
      << "awslogs needs the instance's logging-driver capability";

  TaskNeeds unset = needsOf(R"({"family": "web", "containerDefinitions": [
      {"name": "a", "image": "nginx", "memory": 256, "portMappings": [{"containerPort": 80}]}]})").needs;
  EXPECT_EQ(unset.dynamicTcpPorts, 1) << "no networkMode on Linux EC2 is bridge";
}

TEST(TaskNeeds, HostModeReservesTheContainerPort) {
  TaskNeeds n = needsOf(R"({"family": "web", "networkMode": "host", "containerDefinitions": [
      {"name": "a", "image": "nginx", "memory": 256, "portMappings": [
          {"containerPort": 80}, {"containerPort": 443, "hostPort": 443}, {"containerPort": 53, "protocol": "udp"}]}]})").needs;
  EXPECT_EQ(n.tcpPorts, (std::vector<int>{80, 443}));
  EXPECT_EQ(n.udpPorts, std::vector<int>{53});
  EXPECT_EQ(n.dynamicTcpPorts, 0);
  EXPECT_FALSE(n.needsEni);

  // A real host-mode definition (ConsulServer.json): no port mappings, memoryReservation 64.
  TaskNeeds consul =
      needsOf(readFile(sharedData("task-definitions/aws-containers-task-definitions/consul/ConsulServer.json"))).needs;
  EXPECT_EQ(consul.cpu, 128);
  EXPECT_EQ(consul.memoryMiB, 64);
  EXPECT_TRUE(consul.tcpPorts.empty());
}

TEST(TaskNeeds, AwsvpcNeedsAnEniAndNoHostPorts) {
  // Shaped like the real tomcat_ec2.json (shared/data), whose hostPort 80 / containerPort 8080 ECS
  // refuses for awsvpc: the port lives on the task's own ENI.
  NeedsOf n = needsOf(R"({"family": "tomcat-webserver", "networkMode": "awsvpc", "containerDefinitions": [
      {"name": "tomcat-webserver", "image": "tomcat", "memory": 2048, "cpu": 1024, "essential": true,
       "portMappings": [{"hostPort": 8080, "containerPort": 8080, "protocol": "tcp"}],
       "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/tomcat", "awslogs-region": "us-east-1"}}}]})");
  EXPECT_TRUE(n.needs.needsEni);
  EXPECT_TRUE(n.needs.tcpPorts.empty());
  EXPECT_EQ(n.needs.dynamicTcpPorts, 0);
  EXPECT_EQ(n.needs.cpu, 1024);
  EXPECT_EQ(n.needs.memoryMiB, 2048);
  EXPECT_TRUE(has(n.needs.requiredAttributes, "ecs.capability.task-eni")) << "awsvpc needs ecs.capability.task-eni";

  // So a second such task fits on an instance already holding port 8080, and an instance without
  // the capability refuses it with ATTRIBUTE (api_failures_messages: the ATTRIBUTE example).
  CompiledRequest r = compiled(request(n.needs));
  PlacementInstance holding8080 = node(0);
  for (const std::string& a : n.requiresAttributes) holding8080.setAttribute(a, "");
  holding8080.tcpPortsInUse.insert(holding8080.tcpPortsInUse.begin() + 3, 8080);
  ASSERT_TRUE(std::is_sorted(holding8080.tcpPortsInUse.begin(), holding8080.tcpPortsInUse.end()));
  EXPECT_EQ(reasonFor(holding8080, r), "");
  PlacementInstance noEniCapability = holding8080;
  noEniCapability.attributes.erase(
      std::remove_if(noEniCapability.attributes.begin(), noEniCapability.attributes.end(),
                     [](const auto& a) { return a.first == "ecs.capability.task-eni"; }),
      noEniCapability.attributes.end());
  EXPECT_EQ(reasonFor(noEniCapability, r), "ATTRIBUTE");
  PlacementInstance enisFull = holding8080;
  enisFull.enisInUse = enisFull.eniLimit;
  EXPECT_EQ(reasonFor(enisFull, r), "RESOURCE:ENI");
}

TEST(TaskNeeds, RuntimePlatformBecomesOsFamilyAndCpuArchitecture) {
  const struct {
    const char* runtimePlatform;
    const char* osFamily;
    const char* cpuArchitecture;
  } cases[] = {
      {R"({"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"})", "LINUX", "arm64"},
      {R"({"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"})", "LINUX", "x86_64"},
      {R"({"cpuArchitecture": "ARM64"})", "", "arm64"},
      {R"({"operatingSystemFamily": "LINUX"})", "LINUX", ""},
      {"{}", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.runtimePlatform);
    TaskNeeds n = needsOf(std::string(R"({"family": "web", "runtimePlatform": )") + c.runtimePlatform +
                          R"(, "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 256}]})")
                      .needs;
    EXPECT_EQ(n.osFamily, c.osFamily);
    EXPECT_EQ(n.cpuArchitecture, c.cpuArchitecture);
  }

  // A Graviton task is refused by an x86_64 instance and taken by an arm64 one.
  TaskNeeds arm = needsOf(R"({"family": "web", "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
                              "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 256}]})")
                      .needs;
  std::vector<PlacementInstance> cluster = {node(0), node(1)};
  cluster[1].setAttribute("ecs.cpu-architecture", "arm64");
  PlacementResult r = placeBoth(cluster, request(arm, 1, {{"binpack", "memory"}}));
  EXPECT_EQ(r.placements, std::vector<int>{1});
}

TEST(TaskNeeds, GpuResourceRequirementsAddUp) {
  TaskNeeds n = needsOf(R"({"family": "ml", "containerDefinitions": [
      {"name": "a", "image": "cuda", "memory": 256, "resourceRequirements": [{"type": "GPU", "value": "2"}]},
      {"name": "b", "image": "cuda", "memory": 256, "resourceRequirements": [{"type": "GPU", "value": "1"}]}]})").needs;
  EXPECT_EQ(n.gpus, 3);
}

TEST(TaskNeeds, ComesTheSameFromParseTaskDefinitionAndFromValidation) {
  std::string text = readFile(sharedData("task-definitions/aws-containers-task-definitions/nginx/nginx_ec2.json"));
  Validation v = validateTaskDefinitionText(text);
  ParsedTaskDefinition parsed = parseTaskDefinition(v.definition.source);
  TaskNeeds a = taskNeeds(v.definition, v.requiresAttributes);
  TaskNeeds b = taskNeeds(parsed.definition, requiresAttributes(parsed.definition));
  EXPECT_EQ(a.cpu, b.cpu);
  EXPECT_EQ(a.memoryMiB, b.memoryMiB);
  EXPECT_EQ(a.dynamicTcpPorts, b.dynamicTcpPorts);
  EXPECT_EQ(a.requiredAttributes, b.requiredAttributes);
  EXPECT_EQ(a.family, "nginx");
}

// --- Real definitions on instances as the agent registers them (launchInstance) ------------------

namespace {

PlacementInstance launched(const char* type, int n = 0) {
  const InstanceType* t = findInstanceType(type);
  EXPECT_NE(t, nullptr) << type;
  return launchInstance(*t, instanceArn(n), "i-0abc" + std::to_string(n), "us-east-1a", 1606607178315LL + n);
}

}  // namespace

TEST(RealInstances, TheRealT3NanoReplyAfterOneBridgeTaskWithHostPort80) {
  // research §10.2: a t3.nano registers 2048 CPU and 459 MiB; after one task with cpu 10, memory
  // 300 and hostPort 80, DescribeContainerInstances shows 2038 CPU, 159 MiB and port 80 reserved.
  std::vector<PlacementInstance> cluster = {launched("t3.nano")};
  EXPECT_EQ(cluster[0].registeredCpu, 2048);
  EXPECT_EQ(cluster[0].registeredMemoryMiB, 459);
  TaskNeeds n = needsOf(R"({"family": "test", "containerDefinitions": [{"name": "web", "image": "nginx", "cpu": 10,
      "memory": 300, "portMappings": [{"containerPort": 80, "hostPort": 80}]}]})").needs;
  PlacementResult r = placeBoth(cluster, request(n));
  ASSERT_EQ(r.placements, std::vector<int>{0});
  EXPECT_EQ(cluster[0].remainingCpu, 2038);
  EXPECT_EQ(cluster[0].remainingMemoryMiB, 159);
  EXPECT_EQ(cluster[0].tcpPortsInUse, (std::vector<int>{22, 80, 2375, 2376, 51678, 51679}));
  ASSERT_EQ(r.hostPorts.size(), 1u);
  EXPECT_EQ(r.hostPorts[0].tcp, std::vector<int>{80});
}

TEST(RealInstances, TheSharedDataDefinitionsFitACurrentInstance) {
  int judged = 0;
  for (const char* file : {"nginx/nginx_ec2.json", "consul/ConsulServer.json", "consul/ConsulClient.json",
                           "gunicorn/gunicorn_ec2.json", "kibana/kibana_ec2.json", "jetty/jetty_ec2.json",
                           "wildfly/wildfly_ec2.json"}) {
    SCOPED_TRACE(file);
    Validation v = validateTaskDefinitionText(readFile(sharedData(std::string("task-definitions/aws-containers-task-definitions/") + file)));
    if (!v.valid()) continue;  // some of the samples are refused at registration; placement never sees them
    TaskNeeds n = taskNeeds(v.definition, v.requiresAttributes);
    EXPECT_EQ(reasonFor(launched("m5.xlarge"), compiled(request(n))), "")
        << "an m5.xlarge as the agent registers it has every capability these need";
    ++judged;
  }
  EXPECT_GE(judged, 4);
}

TEST(RealInstances, AC5LargeTakesTwoAwsvpcTasksWithoutTrunking) {
  // Dev guide (container-instance-eni): a c5.large has 3 ENIs, the primary counts as one, so two
  // awsvpc tasks; the third fails with RESOURCE:ENI (research §7.1, amazon-ecs-agent#2046).
  std::vector<PlacementInstance> cluster = {launched("c5.large")};
  EXPECT_EQ(cluster[0].eniLimit, 2);
  EXPECT_EQ(cluster[0].registeredMemoryMiB, 3705);
  TaskNeeds n = task(256, 512);
  n.needsEni = true;
  n.requiredAttributes = {"ecs.capability.task-eni"};
  PlacementResult r = placeBoth(cluster, request(n, 3));
  EXPECT_EQ(r.placements, (std::vector<int>{0, 0}));
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].reason, "RESOURCE:ENI");
}

TEST(RealInstances, AGravitonTaskGoesToTheArm64Instance) {
  std::vector<PlacementInstance> cluster = {launched("c5.large", 0), launched("c6g.large", 1)};
  EXPECT_EQ(*cluster[1].attribute("ecs.cpu-architecture"), "arm64");
  TaskNeeds arm = needsOf(R"({"family": "web", "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
                              "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 256}]})").needs;
  EXPECT_EQ(placeBoth(cluster, request(arm, 1, defaultRunTaskStrategies())).placements, std::vector<int>{1});
  TaskNeeds x86 = arm;
  x86.cpuArchitecture = "x86_64";
  EXPECT_EQ(placeBoth(cluster, request(x86, 1, defaultRunTaskStrategies())).placements, std::vector<int>{0});
}
