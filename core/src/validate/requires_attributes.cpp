// requiresAttributes: the container instance attributes ECS derives from a task definition at
// registration. Placement only uses container instances that have every one of them (the
// ATTRIBUTE failure reason). Table from the ECS Developer Guide (container instance attributes)
// and real DescribeTaskDefinition outputs; see docs/ for the sources.
#include <algorithm>

#include "ecsplay/validate.h"

namespace ecsplay {

std::vector<std::string> requiresAttributes(const TaskDefinition& td) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  bool ecrImage = false;
  for (const ContainerDefinition& c : td.containerDefinitions) {
    if (c.logDriver) {
      add("com.amazonaws.ecs.capability.logging-driver." + *c.logDriver);
      if (*c.logDriver == "awslogs") {
        add("com.amazonaws.ecs.capability.docker-remote-api.1.19");
        if (td.executionRoleArn) add("ecs.capability.execution-role-awslogs");
      }
    }
    if (c.image.find(".dkr.ecr.") != std::string::npos) ecrImage = true;
    if (c.memoryReservation) add("com.amazonaws.ecs.capability.docker-remote-api.1.21");
    if (c.healthCheck) {
      add("ecs.capability.container-health-check");
      add("com.amazonaws.ecs.capability.docker-remote-api.1.24");
    }
    if (!c.dependsOn.empty()) add("ecs.capability.container-ordering");
    if (c.gpus > 0) add("ecs.capability.nvidia-driver-version");
  }
  if (ecrImage) {
    add("com.amazonaws.ecs.capability.ecr-auth");
    if (td.executionRoleArn) add("ecs.capability.execution-role-ecr-pull");
  }
  if (td.taskRoleArn) add("com.amazonaws.ecs.capability.task-iam-role");
  if (td.effectiveNetworkMode() == NetworkMode::Awsvpc) {
    add("ecs.capability.task-eni");
    add("com.amazonaws.ecs.capability.docker-remote-api.1.18");
  }
  for (const Volume& v : td.volumes) {
    if (v.kind == VolumeKind::Efs) {
      add("ecs.capability.efsAuth");
      add("ecs.capability.efs");
    }
  }
  return out;
}

}  // namespace ecsplay
