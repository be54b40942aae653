// Fargate task sizes (fargate_sizes.h; ECS-FACTS.md, resources and validation): a definition that
// requires FARGATE takes one of these cpu/memory pairs, else "No Fargate configuration exists for
// given values: 512 CPU, 2048 memory." The table below is written from ECS-FACTS.md, not from the
// code, so a wrong row in the code fails here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecsplay/fargate_sizes.h"
#include "validate/cases.h"

using namespace ecsplay;
using test::RuleCase;

namespace {

struct Row {
  int cpu;
  std::vector<int> memoryMiB;
  bool windows;
  bool needsPlatform140;
};

std::vector<int> range(int fromGb, int toGb, int stepGb) {
  std::vector<int> out;
  for (int gb = fromGb; gb <= toGb; gb += stepGb) out.push_back(gb * 1024);
  return out;
}

// ECS-FACTS.md's table, row by row.
const std::vector<Row>& ecsFactsTable() {
  static const std::vector<Row> rows = {
      {256, {512, 1024, 2048}, false, false},   {512, range(1, 4, 1), false, false},
      {1024, range(2, 8, 1), true, false},      {2048, range(4, 16, 1), true, false},
      {4096, range(8, 30, 1), true, false},     {8192, range(16, 60, 4), false, true},
      {16384, range(32, 120, 8), false, true},
  };
  return rows;
}

Json fargateSized(int64_t cpu, int64_t memory) {
  Json td = test::fargateDefinition();
  td["cpu"] = std::to_string(cpu);
  td["memory"] = std::to_string(memory);
  return td;
}

Json windowsFargate(int64_t cpu, int64_t memory) {
  Json td = fargateSized(cpu, memory);
  td["runtimePlatform"] = {{"operatingSystemFamily", "WINDOWS_SERVER_2022_CORE"}, {"cpuArchitecture", "X86_64"}};
  return td;
}

std::string noConfiguration(int64_t cpu, int64_t memory) {
  return "No Fargate configuration exists for given values: " + std::to_string(cpu) + " CPU, " + std::to_string(memory) +
         " memory. See the Amazon ECS documentation for the valid values.";
}

}  // namespace

TEST(FargateSizes, TableMatchesEcsFacts) {
  const std::vector<FargateCpuRow>& rows = fargateSizes();
  ASSERT_EQ(rows.size(), ecsFactsTable().size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& expected = ecsFactsTable()[i];
    SCOPED_TRACE(expected.cpu);
    EXPECT_EQ(rows[i].cpuUnits, expected.cpu);
    EXPECT_EQ(rows[i].memoryChoicesMiB(), expected.memoryMiB);
    EXPECT_EQ(rows[i].windows, expected.windows);
    EXPECT_EQ(rows[i].needsPlatform140, expected.needsPlatform140);
    EXPECT_EQ(fargateRow(expected.cpu), &rows[i]);
  }
  for (int64_t cpu : {0, 128, 384, 1023, 3072, 32768, -256}) EXPECT_EQ(fargateRow(cpu), nullptr) << cpu;
}

TEST(FargateSizes, DescribesEachRowsMemoryChoices) {
  EXPECT_EQ(fargateRow(256)->memoryText(), "512 MiB, 1 GB or 2 GB");
  EXPECT_EQ(fargateRow(1024)->memoryText(), "2 GB to 8 GB in 1 GB steps");
  EXPECT_EQ(fargateRow(8192)->memoryText(), "16 GB to 60 GB in 4 GB steps");
  EXPECT_EQ(fargateRow(16384)->memoryText(), "32 GB to 120 GB in 8 GB steps");
}

TEST(FargateSizes, AcceptsEveryPairInTheTable) {
  for (const Row& row : ecsFactsTable()) {
    for (int memory : row.memoryMiB) {
      SCOPED_TRACE(std::to_string(row.cpu) + " CPU, " + std::to_string(memory) + " MiB");
      EXPECT_TRUE(isFargateMemory(*fargateRow(row.cpu), memory));
      Validation v = test::judge(fargateSized(row.cpu, memory));
      EXPECT_TRUE(test::acceptedWithout(v, "FargateCpuMemory"));
      EXPECT_EQ(test::launchTypeNames(v.compatibilities).back(), "MANAGED_INSTANCES");
      EXPECT_EQ(test::launchTypeNames(v.compatibilities)[1], "FARGATE");
    }
  }
}

TEST(FargateSizes, RefusesMemoryOutsideTheCpuRow) {
  // Each row's neighbours: below the minimum, above the maximum, and between two steps.
  for (const Row& row : ecsFactsTable()) {
    int low = row.memoryMiB.front(), high = row.memoryMiB.back();
    int step = row.memoryMiB.size() > 1 ? row.memoryMiB[1] - row.memoryMiB[0] : 1024;
    std::vector<int> neighbours = {low - 512, high + step, high + 1024, low + 512, low + 1, high - 1};
    if (row.cpu == 256) neighbours = {256, 1536, 3072, 513, 2047};  // 1536 sits between 1 GB and 2 GB
    for (int memory : neighbours) {
      SCOPED_TRACE(std::to_string(row.cpu) + " CPU, " + std::to_string(memory) + " MiB");
      EXPECT_FALSE(isFargateMemory(*fargateRow(row.cpu), memory));
      Validation v = test::judge(fargateSized(row.cpu, memory));
      EXPECT_TRUE(test::reports(v, "FargateCpuMemory", "memory", Severity::Error, noConfiguration(row.cpu, memory)));
      EXPECT_FALSE(v.valid());
    }
  }
}

TEST(FargateSizes, RefusesTheQuarterVcpuRowsMissingStep) {
  // 256 CPU units take 512 MiB, 1 GB or 2 GB: 1.5 GB, a 512 MiB step from 1 GB, is not offered.
  Validation v = test::judge(fargateSized(256, 1536));
  EXPECT_TRUE(test::reports(v, "FargateCpuMemory", "memory", Severity::Error, noConfiguration(256, 1536)));
  EXPECT_NE(test::messageOf(v, "FargateCpuMemory", "memory").find("512 MiB, 1 GB or 2 GB"), std::string::npos);
}

TEST(FargateSizes, RefusesCpuThatFargateDoesNotOffer) {
  for (int cpu : {128, 384, 768, 3072, 32768}) {
    SCOPED_TRACE(cpu);
    Validation v = test::judge(fargateSized(cpu, 2048));
    EXPECT_NE(test::findingAt(v, "FargateCpuMemory", "cpu"), nullptr) << test::describe(v);
    EXPECT_NE(test::messageOf(v, "FargateCpuMemory", "cpu").find(noConfiguration(cpu, 2048)), std::string::npos);
    EXPECT_FALSE(v.valid());
  }
}

TEST(FargateSizes, ReadsSizesWrittenWithUnits) {
  // "1 vCPU" with "3 GB" is 1024 / 3072, a Fargate size; with "1.5 GB" it is 1024 / 1536, not one.
  Json ok = test::edited(test::fargateDefinition(), [](Json& td) {
    td["cpu"] = "1 vCPU";
    td["memory"] = "3 GB";
  });
  EXPECT_TRUE(test::acceptedWithout(test::judge(ok), "FargateCpuMemory"));
  Json bad = test::edited(ok, [](Json& td) { td["memory"] = "1.5 GB"; });
  EXPECT_TRUE(test::reports(test::judge(bad), "FargateCpuMemory", "memory", Severity::Error, noConfiguration(1024, 1536)));
}

TEST(FargateSizes, WindowsNeedsAtLeastOneVcpu) {
  // Windows containers on Fargate: 1, 2 or 4 vCPU with their Linux memory ranges.
  for (int cpu : {256, 512, 8192, 16384}) {
    SCOPED_TRACE(cpu);
    int memory = ecsFactsTable()[0].cpu == cpu ? 512 : fargateRow(cpu)->minMiB;
    EXPECT_TRUE(test::reports(test::judge(windowsFargate(cpu, memory)), "FargateCpuMemory", "cpu", Severity::Error,
                              noConfiguration(cpu, memory)));
  }
  Validation half = test::judge(windowsFargate(512, 2048));
  EXPECT_NE(test::messageOf(half, "FargateCpuMemory", "cpu").find("at least 1 vCPU"), std::string::npos);
  for (int cpu : {1024, 2048, 4096}) {
    SCOPED_TRACE(cpu);
    EXPECT_TRUE(test::acceptedWithout(test::judge(windowsFargate(cpu, fargateRow(cpu)->minMiB)), "FargateCpuMemory"));
  }
}

TEST(FargateSizes, EightAndSixteenVcpuNeedPlatform140) {
  const RuleCase cases[] = {
      {"8 vCPU on platform 1.3.0", fargateSized(8192, 16384), "FargateSizeNeedsPlatform140", "cpu", Severity::Error,
       "8192 CPU units (8 vCPU) on Fargate requires Linux platform version 1.4.0 or later; the task would run on 1.3.0.",
       test::onPlatform("1.3.0")},
      {"16 vCPU on platform 1.3.0", fargateSized(16384, 32768), "FargateSizeNeedsPlatform140", "cpu", Severity::Error,
       "requires Linux platform version 1.4.0 or later", test::onPlatform("1.3.0")},
      {"8 vCPU, no platform version given: a note", fargateSized(8192, 16384), "FargateSizeNeedsPlatform140", "cpu",
       Severity::Info, "requires Linux platform version 1.4.0 or later (LATEST is)."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  for (const char* version : {"1.4.0", "LATEST", "1.5.0", "2.0.0"}) {
    SCOPED_TRACE(version);
    EXPECT_TRUE(test::acceptedWithout(test::judge(fargateSized(8192, 16384), test::onPlatform(version)),
                                      "FargateSizeNeedsPlatform140"));
  }
  EXPECT_TRUE(test::lacks(test::judge(fargateSized(4096, 8192), test::onPlatform("1.3.0")), "FargateSizeNeedsPlatform140"));
}
