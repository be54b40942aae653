#include "ecsplay/fargate_sizes.h"

namespace ecsplay {

const std::vector<FargateCpuRow>& fargateSizes() {
  // 256 CPU units: 512 MiB, 1 GB, 2 GB is not one step size; 512 + k*512 up to 2048 would admit
  // 1536, which Fargate refuses, so that row lists its three values through isFargateMemory.
  static const std::vector<FargateCpuRow> rows = {
      {256, 512, 2048, 512, false, false},       {512, 1024, 4096, 1024, false, false},
      {1024, 2048, 8192, 1024, true, false},     {2048, 4096, 16384, 1024, true, false},
      {4096, 8192, 30720, 1024, true, false},    {8192, 16384, 61440, 4096, false, true},
      {16384, 32768, 122880, 8192, false, true},
  };
  return rows;
}

std::vector<int> FargateCpuRow::memoryChoicesMiB() const {
  if (cpuUnits == 256) return {512, 1024, 2048};
  std::vector<int> out;
  for (int m = minMiB; m <= maxMiB; m += stepMiB) out.push_back(m);
  return out;
}

std::string FargateCpuRow::memoryText() const {
  if (cpuUnits == 256) return "512 MiB, 1 GB or 2 GB";
  return std::to_string(minMiB / 1024) + " GB to " + std::to_string(maxMiB / 1024) + " GB in " +
         std::to_string(stepMiB / 1024) + " GB steps";
}

const FargateCpuRow* fargateRow(int64_t cpuUnits) {
  for (const FargateCpuRow& row : fargateSizes()) {
    if (row.cpuUnits == cpuUnits) return &row;
  }
  return nullptr;
}

bool isFargateMemory(const FargateCpuRow& row, int64_t memoryMiB) {
  if (row.cpuUnits == 256) return memoryMiB == 512 || memoryMiB == 1024 || memoryMiB == 2048;
  return memoryMiB >= row.minMiB && memoryMiB <= row.maxMiB && (memoryMiB - row.minMiB) % row.stepMiB == 0;
}

}  // namespace ecsplay
