// ecsplay/units.h — task-level `cpu` and `memory` strings as RegisterTaskDefinition reads them.
//
// The API takes both as strings (API ref: RegisterTaskDefinitionRequest) and converts them at
// registration; the registered definition holds plain numbers as strings:
//   cpu:    "1024" (CPU units)  or  "1 vCPU", "1vcpu", ".25 vCPU" (vCPUs x 1024)  ->  "1024", "256"
//   memory: "2048" (MiB)        or  "2 GB", "2gb", "0.5 GB" (GB x 1024)          ->  "2048", "512"
// Units are case-insensitive; spaces around the number and unit are allowed. The arithmetic is
// exact (decimal fixed point, no floating point): a value that is not a whole number of CPU units
// or MiB ("0.1 vCPU" = 102.4 units) is refused, as is any other unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ecsplay {

struct UnitValue {
  std::optional<int64_t> value;  // CPU units or MiB
  bool convertedFromUnit = false;  // "1 vCPU" / "2 GB" rather than a plain number
  std::string error;               // when !value: why, naming the accepted forms
};

[[nodiscard]] UnitValue parseCpuUnits(std::string_view text);
[[nodiscard]] UnitValue parseMemoryMiB(std::string_view text);

// "1024 CPU units (1 vCPU)", "256 CPU units (.25 vCPU)"
std::string describeCpu(int64_t units);
// "2048 MiB (2 GB)", "512 MiB"
std::string describeMemory(int64_t mib);
// ".25", "1", "0.5" (a CPU-unit count in vCPUs, or MiB in GB: value / 1024 without trailing zeros)
std::string fractionOf1024(int64_t value);

}  // namespace ecsplay
