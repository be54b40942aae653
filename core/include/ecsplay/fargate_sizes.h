// ecsplay/fargate_sizes.h — the task sizes Fargate accepts (ECS-FACTS.md, "Resources and validation";
// Dev guide: Fargate task sizes; API ref: RegisterTaskDefinitionRequest).
//
// A task definition that requires FARGATE (even beside EC2) must set task-level cpu AND memory to
// one of these pairs:
//
//   CPU units  vCPU  memory                        OS              note
//   256        .25   512 MiB, 1 GB, 2 GB           Linux
//   512        .5    1-4 GB in 1 GB steps          Linux
//   1024       1     2-8 GB in 1 GB steps          Linux, Windows
//   2048       2     4-16 GB in 1 GB steps         Linux, Windows
//   4096       4     8-30 GB in 1 GB steps         Linux, Windows
//   8192       8     16-60 GB in 4 GB steps        Linux           platform version >= 1.4.0
//   16384      16    32-120 GB in 8 GB steps       Linux           platform version >= 1.4.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ecsplay {

struct FargateCpuRow {
  int cpuUnits;
  int minMiB, maxMiB, stepMiB;  // memory choices: min, min+step, ..., max
  bool windows;                 // also offered for Windows containers
  bool needsPlatform140;        // Linux platform version 1.4.0 or later
  std::vector<int> memoryChoicesMiB() const;
  std::string memoryText() const;  // "2 GB to 8 GB in 1 GB steps"
};

const std::vector<FargateCpuRow>& fargateSizes();
const FargateCpuRow* fargateRow(int64_t cpuUnits);  // nullptr when Fargate has no such cpu size
bool isFargateMemory(const FargateCpuRow& row, int64_t memoryMiB);

}  // namespace ecsplay
