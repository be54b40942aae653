// Task-level cpu and memory strings (units.h): what RegisterTaskDefinition converts and what it
// refuses. The API takes "1024" or "1 vCPU" for cpu and "2048" or "2 GB" for memory, units
// case-insensitive, decimals allowed when they give whole CPU units or MiB (ECS-FACTS.md,
// resources and validation; research notes, item 14).
#include <gtest/gtest.h>

#include "ecsplay/units.h"

using namespace ecsplay;

namespace {

struct Converts {
  const char* text;
  int64_t value;
  bool fromUnit;
};

struct Refuses {
  const char* text;
  const char* why;
};

}  // namespace

TEST(CpuUnits, ReadsPlainIntegersAsCpuUnits) {
  const Converts cases[] = {{"1024", 1024, false}, {"256", 256, false}, {" 512 ", 512, false},
                            {"0", 0, false},       {"196608", 196608, false}, {"1024.0", 1024, false}};
  for (const Converts& c : cases) {
    SCOPED_TRACE(c.text);
    UnitValue v = parseCpuUnits(c.text);
    ASSERT_TRUE(v.value.has_value()) << v.error;
    EXPECT_EQ(*v.value, c.value);
    EXPECT_EQ(v.convertedFromUnit, c.fromUnit);
    EXPECT_TRUE(v.error.empty());
  }
}

TEST(CpuUnits, ConvertsVcpusAtOneThousandTwentyFourUnitsEach) {
  const Converts cases[] = {{"1 vCPU", 1024, true},     {"1vcpu", 1024, true},   {"1 VCPU", 1024, true},
                            {".25 vCPU", 256, true},    {"0.25 vcpu", 256, true}, {".5 vCPU", 512, true},
                            {"0.125 vCPU", 128, true},  {"2 vCPU", 2048, true},  {"16 vCPU", 16384, true},
                            {"  4   vCpu  ", 4096, true}, {"1.5 vCPU", 1536, true}};
  for (const Converts& c : cases) {
    SCOPED_TRACE(c.text);
    UnitValue v = parseCpuUnits(c.text);
    ASSERT_TRUE(v.value.has_value()) << v.error;
    EXPECT_EQ(*v.value, c.value);
    EXPECT_EQ(v.convertedFromUnit, c.fromUnit);
  }
}

TEST(CpuUnits, RefusesWhatIsNotAWholeNumberOfCpuUnits) {
  // 0.1 vCPU would be 102.4 CPU units: ECS has no fractional units.
  const Refuses cases[] = {{"0.1 vCPU", "102.4"}, {"1024.5", "whole number"}, {"0.0001 vCPU", "whole number"}};
  for (const Refuses& c : cases) {
    SCOPED_TRACE(c.text);
    UnitValue v = parseCpuUnits(c.text);
    EXPECT_FALSE(v.value.has_value());
    EXPECT_NE(v.error.find(c.why), std::string::npos) << v.error;
  }
}

TEST(CpuUnits, RefusesOtherUnitsSignsAndGarbageNamingTheAcceptedForms) {
  const char* const cases[] = {"512 MiB", "1 GB",  "1 cpu", "-1",      "+1",         "abc",   "",     "   ",
                               "1e3",     "1,024", "0x400", "..5",     "1.2.3",      "vCPU",  "1 vCPU x",
                               "1 v CPU", "½",     "1\n2",  "1024\x01", "\xff\xfe", "NaN", "Infinity"};
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    UnitValue v = parseCpuUnits(text);
    EXPECT_FALSE(v.value.has_value()) << *v.value;
    EXPECT_NE(v.error.find("1024"), std::string::npos) << v.error;
    EXPECT_NE(v.error.find("vCPU"), std::string::npos) << v.error;
  }
}

TEST(CpuUnits, RefusesHugeNumbersWithoutOverflow) {
  EXPECT_FALSE(parseCpuUnits("9999999999").value.has_value());  // ten integer digits
  EXPECT_FALSE(parseCpuUnits("99999999999999999999999999999").value.has_value());
  EXPECT_FALSE(parseCpuUnits("99999999999999999999999999999 vCPU").value.has_value());
  EXPECT_FALSE(parseCpuUnits("1.0000001 vCPU").value.has_value());  // finer than a millionth
  // Nine digits still read exactly, even scaled by 1024.
  EXPECT_EQ(parseCpuUnits("999999999").value, std::optional<int64_t>(999999999));
  EXPECT_EQ(parseCpuUnits("999999999 vCPU").value, std::optional<int64_t>(999999999LL * 1024));
}

TEST(MemoryMiB, ReadsPlainIntegersAsMiB) {
  const Converts cases[] = {{"2048", 2048, false}, {"512", 512, false}, {" 30720 ", 30720, false}};
  for (const Converts& c : cases) {
    SCOPED_TRACE(c.text);
    UnitValue v = parseMemoryMiB(c.text);
    ASSERT_TRUE(v.value.has_value()) << v.error;
    EXPECT_EQ(*v.value, c.value);
    EXPECT_FALSE(v.convertedFromUnit);
  }
}

TEST(MemoryMiB, ConvertsGbAtOneThousandTwentyFourMiBEach) {
  const Converts cases[] = {{"2 GB", 2048, true},  {"2gb", 2048, true},   {"2GB", 2048, true},  {"1 Gb", 1024, true},
                            {"0.5 GB", 512, true}, {".5gb", 512, true},   {"30 GB", 30720, true},
                            {"120 GB", 122880, true}, {"0.25 GB", 256, true}, {"1.5 GB", 1536, true}};
  for (const Converts& c : cases) {
    SCOPED_TRACE(c.text);
    UnitValue v = parseMemoryMiB(c.text);
    ASSERT_TRUE(v.value.has_value()) << v.error;
    EXPECT_EQ(*v.value, c.value);
    EXPECT_TRUE(v.convertedFromUnit);
  }
}

TEST(MemoryMiB, RefusesOtherUnitsFractionsAndGarbage) {
  const char* const cases[] = {"512 MiB", "512 MB", "2 GiB", "2 G", "1 vCPU", "0.1 GB", "-1",
                               "abc",     "",       "1e3",   "2 GB GB", "9999999999", "2048.5"};
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    UnitValue v = parseMemoryMiB(text);
    EXPECT_FALSE(v.value.has_value());
    EXPECT_NE(v.error.find("2048"), std::string::npos) << v.error;
    EXPECT_NE(v.error.find("GB"), std::string::npos) << v.error;
  }
}

TEST(MemoryMiB, SaysWhichUnitItDoesNotAccept) {
  UnitValue v = parseMemoryMiB("512 MiB");
  EXPECT_NE(v.error.find("\"mib\""), std::string::npos) << v.error;
  EXPECT_NE(v.error.find("memory"), std::string::npos) << v.error;
}

TEST(DescribeUnits, WritesCpuUnitsWithTheirVcpus) {
  EXPECT_EQ(describeCpu(1024), "1024 CPU units (1 vCPU)");
  EXPECT_EQ(describeCpu(256), "256 CPU units (.25 vCPU)");
  EXPECT_EQ(describeCpu(512), "512 CPU units (.5 vCPU)");
  EXPECT_EQ(describeCpu(128), "128 CPU units (.125 vCPU)");
  EXPECT_EQ(describeCpu(1536), "1536 CPU units (1.5 vCPU)");
  EXPECT_EQ(describeCpu(16384), "16384 CPU units (16 vCPU)");
}

TEST(DescribeUnits, WritesMemoryInGbWhenItIsAQuarterGbMultiple) {
  EXPECT_EQ(describeMemory(2048), "2048 MiB (2 GB)");
  EXPECT_EQ(describeMemory(512), "512 MiB (0.5 GB)");
  EXPECT_EQ(describeMemory(768), "768 MiB (0.75 GB)");
  EXPECT_EQ(describeMemory(122880), "122880 MiB (120 GB)");
  EXPECT_EQ(describeMemory(1000), "1000 MiB");
  EXPECT_EQ(describeMemory(300), "300 MiB");
}

TEST(DescribeUnits, FractionOf1024IsExactWithoutTrailingZeros) {
  EXPECT_EQ(fractionOf1024(0), "0");
  EXPECT_EQ(fractionOf1024(256), ".25");
  EXPECT_EQ(fractionOf1024(512), ".5");
  EXPECT_EQ(fractionOf1024(1024), "1");
  EXPECT_EQ(fractionOf1024(1536), "1.5");
  EXPECT_EQ(fractionOf1024(2560), "2.5");
  EXPECT_EQ(fractionOf1024(1), ".0009765625");  // 1/1024 has exactly ten decimals
  EXPECT_EQ(fractionOf1024(1025), "1.0009765625");
}
