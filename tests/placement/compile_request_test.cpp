// compileRequest: what RunTask refuses before placing anything (InvalidParameterException): the
// count, the number of strategies and constraints, their types and fields, and memberOf
// expressions (API ref RunTaskRequest, PlacementStrategy, PlacementConstraint; research §4.3, §5.4).
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

struct Refusal {
  const char* situation;
  std::function<void(PlacementRequest&)> edit;
  std::string says;     // a part of the message
  bool exact = false;   // the message is exactly `says` (ECS's own text is known)
};

// RunTask as the engine runs it: compile, and place only a request that compiles.
PlacementResult runTask(std::vector<PlacementInstance>& instances, const PlacementRequest& r, uint64_t seed = 1) {
  CompiledRequest c;
  if (auto error = compileRequest(r, c)) {
    PlacementResult refused;
    refused.error = error;
    return refused;
  }
  Random random(seed);
  return placeReference(instances, c, random);
}

void expectRefused(const Refusal& c) {
  SCOPED_TRACE(c.situation);
  PlacementRequest r = request(task(), 1);
  c.edit(r);
  CompiledRequest out;
  std::optional<ApiError> error = compileRequest(r, out);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type, "InvalidParameterException");
  if (c.exact) EXPECT_EQ(error->message, c.says);
  else EXPECT_NE(error->message.find(c.says), std::string::npos) << error->message;

  std::vector<PlacementInstance> cluster = {node(0), node(1)};
  const std::vector<PlacementInstance> before = cluster;
  PlacementResult result = runTask(cluster, r);
  EXPECT_TRUE(result.placements.empty());
  EXPECT_TRUE(result.failures.empty());
  for (size_t i = 0; i < cluster.size(); ++i) {
    EXPECT_EQ(cluster[i].remainingCpu, before[i].remainingCpu);
    EXPECT_EQ(cluster[i].remainingMemoryMiB, before[i].remainingMemoryMiB);
    EXPECT_EQ(cluster[i].tcpPortsInUse, before[i].tcpPortsInUse);
    EXPECT_TRUE(cluster[i].tasksByGroup.empty());
  }
}

void expectAccepted(const char* situation, const std::function<void(PlacementRequest&)>& edit) {
  SCOPED_TRACE(situation);
  PlacementRequest r = request(task(), 1);
  edit(r);
  CompiledRequest out;
  std::optional<ApiError> error = compileRequest(r, out);
  EXPECT_FALSE(error.has_value()) << error->message;
}

std::vector<PlacementStrategyItem> strategies(size_t n) {
  return std::vector<PlacementStrategyItem>(n, PlacementStrategyItem{"binpack", "memory"});
}

std::vector<PlacementConstraintItem> constraints(size_t n) {
  return std::vector<PlacementConstraintItem>(n, PlacementConstraintItem{"memberOf", "attribute:ecs.os-type == linux"});
}

}  // namespace

TEST(CompileRequest, RunTaskCountIsOneToTen) {
  // API ref RunTaskRequest.count: "You can specify up to 10 tasks for each call."
  const Refusal refused[] = {
      {"count 0", [](PlacementRequest& r) { r.count = 0; }, "count must be between 1 and 10"},
      {"count 11", [](PlacementRequest& r) { r.count = 11; }, "count must be between 1 and 10"},
      {"count -1", [](PlacementRequest& r) { r.count = -1; }, "count"},
      {"count -1 beyond ECS's limits", [](PlacementRequest& r) { r.count = -1, r.beyondEcsLimits = true; }, "negative"},
  };
  for (const Refusal& c : refused) expectRefused(c);
  expectAccepted("count 1", [](PlacementRequest& r) { r.count = 1; });
  expectAccepted("count 10", [](PlacementRequest& r) { r.count = 10; });
  expectAccepted("count 11 beyond ECS's limits", [](PlacementRequest& r) { r.count = 11, r.beyondEcsLimits = true; });
  expectAccepted("count 5000 beyond ECS's limits", [](PlacementRequest& r) { r.count = 5000, r.beyondEcsLimits = true; });
}

TEST(CompileRequest, BeyondEcsLimitsPlacesMoreThanTenTasksInOneCall) {
  std::vector<PlacementInstance> cluster = {node(0, 16384, 65536), node(1, 16384, 65536)};
  PlacementRequest r = request(task(256, 512), 40);
  r.beyondEcsLimits = true;
  PlacementResult result = placeBoth(cluster, r);
  EXPECT_EQ(result.placements.size(), 40u);
  EXPECT_EQ(result.unplaced, 0);
}

TEST(CompileRequest, CountZeroBeyondEcsLimitsPlacesNothing) {
  std::vector<PlacementInstance> cluster = {node(0), node(1)};
  PlacementRequest r = request(task(), 0);
  r.beyondEcsLimits = true;
  PlacementResult result = placeBoth(cluster, r);
  EXPECT_TRUE(result.placements.empty());
  EXPECT_EQ(result.unplaced, 0);
  EXPECT_TRUE(result.failures.empty());
  EXPECT_FALSE(result.error.has_value());
}

TEST(CompileRequest, AtMostFiveStrategiesAndTenConstraints) {
  // API ref RunTaskRequest: "a maximum of 5 strategy rules" and "up to 10 constraints for each
  // task (including constraints in the task definition and those specified at runtime)".
  expectRefused({"6 strategies", [](PlacementRequest& r) { r.strategies = strategies(6); }, "5"});
  expectRefused({"11 constraints", [](PlacementRequest& r) { r.constraints = constraints(11); }, "10"});
  expectRefused({"6 strategies beyond ECS's limits (only the count is lifted)",
                 [](PlacementRequest& r) { r.strategies = strategies(6), r.beyondEcsLimits = true; }, "5"});
  expectAccepted("5 strategies", [](PlacementRequest& r) { r.strategies = strategies(5); });
  expectAccepted("10 constraints", [](PlacementRequest& r) { r.constraints = constraints(10); });
  expectAccepted("no strategy and no constraint", [](PlacementRequest& r) { r.strategies.clear(); });
}

TEST(CompileRequest, StrategyTypesAndTheirFields) {
  auto strategy = [](const char* type, const char* field) {
    return [type, field](PlacementRequest& r) { r.strategies = {{type, field}}; };
  };
  const Refusal refused[] = {
      {"an unknown strategy type", strategy("roundrobin", ""), "Unknown placement strategy type 'roundrobin'"},
      {"binpack without a field", strategy("binpack", ""), "binpack"},
      {"binpack on disk", strategy("binpack", "disk"), "binpack"},
      {"binpack on instanceId", strategy("binpack", "instanceId"), "binpack"},
      {"spread without a field", strategy("spread", ""), "spread"},
      {"spread on an attribute without a name", strategy("spread", "attribute:"), "spread"},
      {"spread on a bare attribute name", strategy("spread", "ecs.availability-zone"), "spread"},
      {"spread on cpu", strategy("spread", "cpu"), "spread"},
      {"random with a field", strategy("random", "cpu"), "random"},
      {"a valid strategy after an invalid one",
       [](PlacementRequest& r) { r.strategies = {{"spread", "instanceId"}, {"binpack", "gpu"}}; }, "binpack"},
  };
  for (const Refusal& c : refused) expectRefused(c);
  for (auto [type, field] : std::vector<std::pair<const char*, const char*>>{{"binpack", "cpu"},
                                                                            {"binpack", "memory"},
                                                                            {"spread", "instanceId"},
                                                                            {"spread", "host"},
                                                                            {"spread", "attribute:ecs.availability-zone"},
                                                                            {"spread", "attribute:stack"},
                                                                            {"random", ""}}) {
    expectAccepted((std::string(type) + "(" + field + ")").c_str(), strategy(type, field));
  }
}

TEST(CompileRequest, ConstraintTypesAndTheirExpressions) {
  auto constraint = [](const char* type, const char* expression) {
    return [type, expression](PlacementRequest& r) { r.constraints = {{type, expression}}; };
  };
  const Refusal refused[] = {
      {"an unknown constraint type", constraint("sameZone", ""), "Unknown placement constraint type 'sameZone'"},
      // Real: CreateService with expression "" on distinctInstance (hashicorp/terraform#11471).
      {"distinctInstance with an expression", constraint("distinctInstance", "attribute:stack == prod"),
       "distinctInstance expression should not be specified.", true},
      {"memberOf without an expression", constraint("memberOf", ""), "memberOf"},
      {"memberOf with a malformed expression", constraint("memberOf", "attribute:stack prod"),
       "Invalid expression at position 17: expected an operator after 'attribute:stack'"},
      {"memberOf with an unknown subject", constraint("memberOf", "zone == us-east-1a"),
       "Invalid expression at position 1: unknown subject 'zone'"},
      {"a malformed expression after a valid one",
       [](PlacementRequest& r) { r.constraints = {{"distinctInstance", ""}, {"memberOf", "task:group > a"}}; },
       "Invalid expression at position 12"},
  };
  for (const Refusal& c : refused) expectRefused(c);
  expectAccepted("distinctInstance", constraint("distinctInstance", ""));
  expectAccepted("memberOf", constraint("memberOf", "attribute:ecs.instance-type =~ t2.*"));
}

TEST(CompileRequest, CompiledFormHoldsTheParsedConstraintsAndTheDefaults) {
  PlacementRequest r = request(task(), 3, {});
  r.constraints = {{"memberOf", "attribute:stack == prod"},
                   {"distinctInstance", ""},
                   {"memberOf", "task:group != family:db"}};
  CompiledRequest c = compiled(r);
  EXPECT_TRUE(c.distinctInstance);
  ASSERT_EQ(c.memberOf.size(), 2u);
  EXPECT_EQ(c.memberOf[0].text(), "attribute:stack == prod");
  EXPECT_EQ(c.memberOf[1].text(), "task:group != family:db");
  EXPECT_EQ(c.request.count, 3);
  EXPECT_EQ(c.request.group, "family:web");
  ASSERT_EQ(c.request.strategies.size(), 1u);
  EXPECT_EQ(c.request.strategies[0].type, "random");

  PlacementRequest named = request(task(), 1);
  named.group = "service:web";
  EXPECT_EQ(compiled(named).request.group, "service:web") << "a given group is kept";
}

TEST(CompileRequest, ARefusalLeavesNothingOfAnEarlierCompilationBehind) {
  PlacementRequest good = request(task(), 1);
  good.constraints = {{"distinctInstance", ""}, {"memberOf", "attribute:stack == prod"}};
  CompiledRequest out;
  ASSERT_FALSE(compileRequest(good, out).has_value());
  PlacementRequest bad = request(task(), 1);
  bad.constraints = {{"memberOf", "attribute:stack =="}};
  ASSERT_TRUE(compileRequest(bad, out).has_value());
  EXPECT_FALSE(out.distinctInstance);
  EXPECT_TRUE(out.memberOf.empty());
}
