// Container instances as the agent registers them (see launchInstance in ecsplay/placement.h).
#include "ecsplay/instance_types.h"
#include "ecsplay/placement.h"

namespace ecsplay {

PlacementInstance launchInstance(const InstanceType& type, const std::string& containerInstanceArn,
                                 const std::string& ec2InstanceId, const std::string& availabilityZone,
                                 int64_t registeredAtMs) {
  PlacementInstance in;
  in.containerInstanceArn = containerInstanceArn;
  in.ec2InstanceId = ec2InstanceId;
  in.registeredAtMs = registeredAtMs;
  in.registeredCpu = in.remainingCpu = type.registeredCpu();
  in.registeredMemoryMiB = in.remainingMemoryMiB = type.registeredMemoryMiB;
  in.registeredGpus = in.remainingGpus = type.gpus;
  in.tcpPortsInUse = reservedHostPorts();
  in.eniLimit = type.maxEnis - 1;
  in.setAttribute("ecs.instance-type", type.name);
  in.setAttribute("ecs.availability-zone", availabilityZone);
  in.setAttribute("ecs.ami-id", "ami-0c5bb1b7d2c3c0e5a");
  in.setAttribute("ecs.os-type", "linux");
  in.setAttribute("ecs.os-family", "LINUX");
  in.setAttribute("ecs.cpu-architecture", type.architecture);
  in.setAttribute("ecs.vpc-id", "vpc-0a1b2c3d4e5f60718");
  in.setAttribute("ecs.subnet-id", "subnet-" + availabilityZone.substr(availabilityZone.size() - 1) + "1b2c3d4e5f607182");
  static const char* const legacy[] = {
      "privileged-container", "task-iam-role", "task-iam-role-network-host", "ecr-auth",
      "logging-driver.json-file", "logging-driver.syslog", "logging-driver.awslogs", "logging-driver.fluentd",
      "logging-driver.none", "logging-driver.awsfirelens"};
  for (const char* c : legacy) in.setAttribute(std::string("com.amazonaws.ecs.capability.") + c, "");
  for (int v = 17; v <= 32; ++v) {
    in.setAttribute("com.amazonaws.ecs.capability.docker-remote-api.1." + std::to_string(v), "");
  }
  static const char* const modern[] = {
      "execution-role-ecr-pull", "execution-role-awslogs", "container-health-check", "container-ordering",
      "task-eni", "secrets.ssm.environment-variables", "secrets.asm.environment-variables", "efs", "efsAuth",
      "firelens.fluentbit", "firelens.fluentd", "pid-ipc-namespace-sharing", "env-files.s3", "task-cpu-mem-limit",
      "private-registry-authentication.secretsmanager", "docker-plugin.local", "aws-appmesh",
      "container-restart-policy", "network.container-port-range", "execute-command", "service-connect-v1",
      "storage.ebs-task-volume-attach"};
  for (const char* c : modern) in.setAttribute(std::string("ecs.capability.") + c, "");
  return in;
}

}  // namespace ecsplay
