// ecsplay/instance_types.h — the EC2 instance types ecsplay knows, as ECS sees them.
//
// For each type: vCPUs (ECS registers vCPUs x 1024 CPU units), nominal memory, the memory the
// agent registers (the kernel's MemTotal, below the nominal size: real values where known, else an
// estimate of 95.4% for 8 GiB and up, 90.5% below), the maximum ENIs (awsvpc tasks without trunking
// = ENIs - 1, the primary), ENIs with trunking (0 = not supported), the CPU architecture and GPUs.
// Sources: docs/research/placement.md §7 (EC2's ENI table via amazon-vpc-cni-k8s, the Dev guide's
// ENI trunking table, real DescribeContainerInstances replies: c5.large 3705 MiB, m6i.large 7817).
#pragma once

#include <string_view>
#include <vector>

namespace ecsplay {

struct InstanceType {
  const char* name;
  int vcpus;
  int memoryMiB;            // nominal
  int registeredMemoryMiB;  // what ECS registers
  int maxEnis;              // awsvpc tasks without trunking: maxEnis - 1
  int trunkedTasks;         // awsvpc tasks with ENI trunking; 0 = not supported
  const char* architecture; // "x86_64" or "arm64"
  int gpus;
  int registeredCpu() const { return vcpus * 1024; }
};

const std::vector<InstanceType>& instanceTypes();
const InstanceType* findInstanceType(std::string_view name);

}  // namespace ecsplay
