// Task-level registration rules (task_level.cpp) and the unit conversions read with them: family,
// container count, size, cpu and memory bounds, placement constraints, App Mesh proxy, Elastic
// Inference, ephemeral storage, tags (ECS-FACTS.md; research notes, items 13, 14, 16).
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::AcceptedCase;
using test::container;
using test::ec2Definition;
using test::edited;
using test::RuleCase;

namespace {

Json ec2With(const test::Edit& edit) { return edited(ec2Definition(), edit); }

Json containers(int n) {
  Json list = Json::array();
  for (int i = 0; i < n; ++i) {
    list.push_back({{"name", "c" + std::to_string(i)}, {"image", "busybox"}, {"memory", 64}});
  }
  return list;
}

Json constraints(int n) {
  Json list = Json::array();
  for (int i = 0; i < n; ++i) list.push_back({{"type", "memberOf"}, {"expression", "attribute:n == " + std::to_string(i)}});
  return list;
}

Json meshDefinition() {
  return test::json(R"({"family": "mesh", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
      "containerDefinitions": [{"name": "app", "image": "app"}, {"name": "envoy", "image": "envoy"}],
      "proxyConfiguration": {"type": "APPMESH", "containerName": "envoy", "properties": [
        {"name": "IgnoredUID", "value": "1337"}, {"name": "ProxyIngressPort", "value": "15000"},
        {"name": "ProxyEgressPort", "value": "15001"}, {"name": "AppPorts", "value": "8080"},
        {"name": "EgressIgnoredIPs", "value": "169.254.170.2,169.254.169.254"}]}})");
}

Json meshWithout(const std::string& property) {
  Json td = meshDefinition();
  Json& props = td["proxyConfiguration"]["properties"];
  for (size_t i = 0; i < props.size(); ++i) {
    if (props[i]["name"] == property) {
      props.erase(i);
      break;
    }
  }
  return td;
}

Json withCommandOfBytes(size_t bytes) {
  return ec2With([bytes](Json& td) { container(td)["command"] = {std::string(bytes, 'x')}; });
}

}  // namespace

TEST(Family, AllowsLettersDigitsHyphensAndUnderscores) {
  const RuleCase cases[] = {
      {"a space", ec2With([](Json& td) { td["family"] = "my app"; }), "InvalidFamily", "family", Severity::Error,
       "Family contains invalid characters."},
      {"a colon", ec2With([](Json& td) { td["family"] = "web:3"; }), "InvalidFamily", "family", Severity::Error,
       "Family contains invalid characters."},
      {"empty", ec2With([](Json& td) { td["family"] = ""; }), "InvalidFamily", "family", Severity::Error,
       "up to 255 letters"},
      {"256 characters", ec2With([](Json& td) { td["family"] = std::string(256, 'a'); }), "InvalidFamily", "family",
       Severity::Error, "Family contains invalid characters."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  const AcceptedCase accepted[] = {
      {"255 characters", ec2With([](Json& td) { td["family"] = std::string(255, 'a'); }), "InvalidFamily"},
      {"every allowed kind", ec2With([](Json& td) { td["family"] = "Web_app-2"; }), "InvalidFamily"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(ContainerCount, OneToTen) {
  test::expectRule({"no containers", ec2With([](Json& td) { td["containerDefinitions"] = Json::array(); }),
                    "NoContainers", "containerDefinitions", Severity::Error, "Container list cannot be empty"});
  test::expectRule({"eleven containers", ec2With([](Json& td) { td["containerDefinitions"] = containers(11); }),
                    "TooManyContainers", "containerDefinitions", Severity::Error, "Too many containers."});
  test::expectAccepted({"ten containers", ec2With([](Json& td) { td["containerDefinitions"] = containers(10); }),
                        "TooManyContainers"});
}

TEST(TaskDefinitionSize, AtMost64KiB) {
  // The definition as compact JSON: 65,536 bytes are accepted, 65,537 refused.
  size_t overhead = test::text(withCommandOfBytes(0)).size();
  Json exactly = withCommandOfBytes(65536 - overhead);
  ASSERT_EQ(test::text(exactly).size(), 65536u);
  test::expectAccepted({"65536 bytes", exactly, "TaskDefinitionTooLarge"});
  Validation big = test::judge(withCommandOfBytes(65537 - overhead));
  EXPECT_TRUE(test::reports(big, "TaskDefinitionTooLarge", "", Severity::Error,
                            "Actual length: '65537'. Max allowed length is '65536' bytes."));
  EXPECT_EQ(test::messageOf(big, "TaskDefinitionTooLarge", "").rfind("Actual length: '", 0), 0u);
}

TEST(TaskCpu, Is128To196608CpuUnitsOnInstances) {
  // API ref: RegisterTaskDefinitionRequest.cpu: 128 to 196,608 CPU units (0.125 to 192 vCPUs).
  for (const char* cpu : {"127", "64", "196609", "200 vCPU"}) {
    SCOPED_TRACE(cpu);
    test::expectRule({"out of range", ec2With([cpu](Json& td) { td["cpu"] = cpu; }), "TaskCpuOutOfRange", "cpu",
                      Severity::Error, "A task's cpu must be between 128 CPU units (0.125 vCPU) and 196608 CPU units (192 vCPU)."});
  }
  for (const char* cpu : {"128", "196608", ".125 vCPU", "192 vCPU"}) {
    SCOPED_TRACE(cpu);
    test::expectAccepted({"in range", ec2With([cpu](Json& td) { td["cpu"] = cpu; }), "TaskCpuOutOfRange"});
  }
}

TEST(TaskMemory, MustBePositive) {
  test::expectRule({"zero", ec2With([](Json& td) {
                      td["memory"] = "0";
                      container(td).erase("memory");
                    }),
                    "TaskMemoryOutOfRange", "memory",
                    Severity::Error, "A task's memory must be a positive number of MiB."});
  test::expectAccepted({"one MiB above the container", ec2With([](Json& td) { td["memory"] = "257"; }), "TaskMemoryOutOfRange"});
}

TEST(TaskCpuAndMemory, RefuseUnreadableValues) {
  test::expectRule({"0.1 vCPU", ec2With([](Json& td) { td["cpu"] = "0.1 vCPU"; }), "InvalidCpuValue", "cpu",
                    Severity::Error, "\"0.1 vCPU\" is not a whole number of CPU units"});
  test::expectRule({"512 MiB", ec2With([](Json& td) { td["memory"] = "512 MiB"; }), "InvalidMemoryValue", "memory",
                    Severity::Error, "uses the unit \"mib\""});
  test::expectRule({"converted cpu", ec2With([](Json& td) { td["cpu"] = "1 vCPU"; }), "CpuConverted", "cpu",
                    Severity::Info, "cpu \"1 vCPU\" is registered as \"1024\""});
  test::expectRule({"converted memory", ec2With([](Json& td) { td["memory"] = "2gb"; }), "MemoryConverted", "memory",
                    Severity::Info, "memory \"2gb\" is registered as \"2048\""});
}

// ECS's reply to a cpu value it cannot read is "Invalid 'cpu' setting for task." (research notes,
// item 4 and appendix D, HIGH confidence: the ECS troubleshooting page and bug reports);
// docs/validation-rules.md promises ECS's text first, then ecsplay's explanation. The memory
// message is its unconfirmed twin.
TEST(TaskCpuAndMemory, UnreadableValuesGetEcsMessage) {
  Validation v = test::judge(ec2With([](Json& td) {
    td["cpu"] = "lots";
    td["memory"] = "plenty";
  }));
  EXPECT_EQ(test::messageOf(v, "InvalidCpuValue", "cpu").rfind("Invalid 'cpu' setting for task. (", 0), 0u);
  EXPECT_EQ(test::messageOf(v, "InvalidMemoryValue", "memory").rfind("Invalid 'memory' setting for task. (", 0), 0u);
}

TEST(PlacementConstraints, AtMostTenWithExpressionsOfAtMost2000Characters) {
  const RuleCase cases[] = {
      {"eleven", ec2With([](Json& td) { td["placementConstraints"] = constraints(11); }), "TooManyPlacementConstraints",
       "placementConstraints", Severity::Error, "at most 10 are allowed per task"},
      {"memberOf without an expression",
       ec2With([](Json& td) { td["placementConstraints"] = test::json(R"([{"type": "memberOf"}])"); }),
       "MissingConstraintExpression", "placementConstraints[0].expression", Severity::Error,
       "A memberOf placement constraint needs an expression"},
      {"2001 characters",
       ec2With([](Json& td) { td["placementConstraints"] = {{{"type", "memberOf"}, {"expression", std::string(2001, 'a')}}}; }),
       "ConstraintExpressionTooLong", "placementConstraints[0].expression", Severity::Error,
       "The expression is 2001 characters long; a placement constraint expression is at most 2000."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"ten", ec2With([](Json& td) { td["placementConstraints"] = constraints(10); }),
                        "TooManyPlacementConstraints"});
  test::expectAccepted(
      {"2000 characters",
       ec2With([](Json& td) { td["placementConstraints"] = {{{"type", "memberOf"}, {"expression", std::string(2000, 'a')}}}; }),
       "ConstraintExpressionTooLong"});
}

TEST(AppMeshProxy, NeedsItsContainerAwsvpcAndItsPorts) {
  EXPECT_TRUE(test::judge(meshDefinition()).valid()) << test::describe(test::judge(meshDefinition()));
  const RuleCase cases[] = {
      {"an unknown proxy container", edited(meshDefinition(), [](Json& td) { td["proxyConfiguration"]["containerName"] = "sidecar"; }),
       "UnknownProxyContainer", "proxyConfiguration.containerName", Severity::Error, "Proxy container [sidecar] does not exist."},
      {"bridge mode", edited(meshDefinition(), [](Json& td) { td["networkMode"] = "bridge"; }), "ProxyNeedsAwsvpc",
       "proxyConfiguration", Severity::Error, "APPMESH proxy configuration is only supported in networkMode=awsvpc"},
      {"no ProxyIngressPort", meshWithout("ProxyIngressPort"), "ProxyPropertyMissing", "proxyConfiguration.properties",
       Severity::Error, "Ingress port not found"},
      {"no ProxyEgressPort", meshWithout("ProxyEgressPort"), "ProxyPropertyMissing", "proxyConfiguration.properties",
       Severity::Error, "Egress port not found"},
      {"no AppPorts", meshWithout("AppPorts"), "ProxyPropertyMissing", "proxyConfiguration.properties", Severity::Error,
       "needs AppPorts"},
      {"no IgnoredUID or IgnoredGID", meshWithout("IgnoredUID"), "ProxyPropertyMissing", "proxyConfiguration.properties",
       Severity::Error, "needs IgnoredUID or IgnoredGID"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  Json gid = edited(meshWithout("IgnoredUID"), [](Json& td) {
    td["proxyConfiguration"]["properties"].push_back({{"name", "IgnoredGID"}, {"value", "1337"}});
  });
  test::expectAccepted({"IgnoredGID instead of IgnoredUID", gid, "ProxyPropertyMissing"});
}

TEST(ElasticInference, IsRetired) {
  Json td = ec2With([](Json& d) { d["inferenceAccelerators"] = test::json(R"([{"deviceName": "d", "deviceType": "eia2.medium"}])"); });
  test::expectRule({"inferenceAccelerators", td, "UnsupportedField", "inferenceAccelerators", Severity::Error,
                    "Unsupported field 'inferenceAccelerators'."});
  test::expectAccepted({"an empty list", ec2With([](Json& d) { d["inferenceAccelerators"] = Json::array(); }), "UnsupportedField"});
}

TEST(EphemeralStorage, Is21To200GiB) {
  auto sized = [](int gib) {
    return edited(test::fargateDefinition(), [gib](Json& td) { td["ephemeralStorage"] = {{"sizeInGiB", gib}}; });
  };
  test::expectRule({"20 GiB", sized(20), "EphemeralStorageOutOfRange", "ephemeralStorage.sizeInGiB", Severity::Error,
                    "EphemeralStorage size should be at least 21"});
  test::expectRule({"201 GiB", sized(201), "EphemeralStorageOutOfRange", "ephemeralStorage.sizeInGiB", Severity::Error,
                    "EphemeralStorage size should be at most 200"});
  test::expectAccepted({"21 GiB", sized(21), "EphemeralStorageOutOfRange"});
  test::expectAccepted({"200 GiB", sized(200), "EphemeralStorageOutOfRange"});
}

TEST(Tags, AwsPrefixIsReserved) {
  for (const char* key : {"aws:owner", "AWS:owner", "Aws:x"}) {
    SCOPED_TRACE(key);
    Json td = ec2With([key](Json& d) { d["tags"] = {{{"key", "team"}, {"value", "a"}}, {{"key", key}, {"value", "b"}}}; });
    test::expectRule({"reserved", td, "ReservedTagKey", "tags[1].key", Severity::Error, "uses the reserved prefix aws:"});
  }
  test::expectAccepted({"awsome", ec2With([](Json& d) { d["tags"] = {{{"key", "awsome"}, {"value", "b"}}}; }), "ReservedTagKey"});
}
