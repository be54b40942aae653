// requiresAttributes: the container instance attributes ECS derives from a task definition at
// registration (output only). Placement uses only container instances that have all of them (the
// ATTRIBUTE failure reason).
//
// No AWS document gives the whole mapping; this table is reconstructed from about 28 real
// DescribeTaskDefinition replies (2019-2026), the API reference's "requires Docker Remote API
// version" notes and the ECS agent's capability names (docs/research/requires-attributes.md).
// Rows marked "(agent name)" are unconfirmed by a real reply.
//
// Order: ECS returns the set in Java HashSet iteration order. Each element hashes as
// 59 * name.hashCode() + 3524 (a Lombok-style hash of {name, value = null}); HashMap spreads the
// hash (h ^ h >>> 16) and masks it to 16 buckets (32 above 12 elements); a bucket keeps insertion
// order. This reproduces every 2019-2026 reply the research checked. E.g. an awsvpc Fargate
// definition with awslogs, an execution role and a private ECR image lists:
//   logging-driver.awslogs, execution-role-awslogs, ecr-auth, docker-remote-api.1.19,
//   execution-role-ecr-pull, docker-remote-api.1.18, task-eni
#include <algorithm>
#include <cstdint>

#include "ecsplay/validate.h"

namespace ecsplay {
namespace {

const char* const kLegacy = "com.amazonaws.ecs.capability.";
const char* const kModern = "ecs.capability.";

// The insertion order used for elements that share a bucket, from the pairs seen in replies
// (1.18 < task-eni < 1.29; ecr-auth < 1.19 < firelens.fluentbit; 1.24 < execution-role-awslogs;
// pid-ipc < 1.17 < 1.28; 1.25 < container-health-check; awsfirelens < task-iam-role; asm < efs).
const char* const kInsertionOrder[] = {
    "com.amazonaws.ecs.capability.logging-driver.awslogs", "com.amazonaws.ecs.capability.docker-remote-api.1.24",
    "ecs.capability.execution-role-awslogs",               "ecs.capability.efsAuth",
    "com.amazonaws.ecs.capability.ecr-auth",               "com.amazonaws.ecs.capability.docker-remote-api.1.19",
    "ecs.capability.firelens.fluentbit",                   "com.amazonaws.ecs.capability.privileged-container",
    "ecs.capability.secrets.asm.environment-variables",    "ecs.capability.efs",
    "ecs.capability.pid-ipc-namespace-sharing",            "com.amazonaws.ecs.capability.docker-remote-api.1.17",
    "com.amazonaws.ecs.capability.docker-remote-api.1.28", "com.amazonaws.ecs.capability.docker-remote-api.1.21",
    "com.amazonaws.ecs.capability.docker-remote-api.1.30", "com.amazonaws.ecs.capability.logging-driver.awsfirelens",
    "com.amazonaws.ecs.capability.task-iam-role",          "com.amazonaws.ecs.capability.docker-remote-api.1.25",
    "ecs.capability.container-health-check",               "ecs.capability.container-ordering",
    "ecs.capability.execution-role-ecr-pull",              "ecs.capability.secrets.ssm.environment-variables",
    "com.amazonaws.ecs.capability.docker-remote-api.1.18", "ecs.capability.task-eni",
    "com.amazonaws.ecs.capability.docker-remote-api.1.29",
};

uint32_t javaStringHash(const std::string& s) {
  uint32_t h = 0;
  for (unsigned char c : s) h = 31u * h + c;  // ASCII names: one UTF-16 unit per byte
  return h;
}

uint32_t bucketOf(const std::string& name, uint32_t tableSize) {
  uint32_t h = 59u * javaStringHash(name) + 3524u;
  h ^= h >> 16;
  return h & (tableSize - 1);
}

int insertionRank(const std::string& name) {
  for (size_t i = 0; i < sizeof kInsertionOrder / sizeof kInsertionOrder[0]; ++i) {
    if (name == kInsertionOrder[i]) return static_cast<int>(i);
  }
  return 1000;  // names outside the observed set come after, alphabetically
}

bool isPrivateEcr(const std::string& image) {
  // <account>.dkr.ecr.<region>.amazonaws.com/... (public.ecr.aws and Docker Hub add nothing)
  return image.find(".dkr.ecr.") != std::string::npos && image.find(".amazonaws.com") != std::string::npos;
}

}  // namespace

std::vector<std::string> requiresAttributes(const TaskDefinition& td) {
  std::vector<std::string> names;
  auto add = [&names](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  auto docker = [&add](const char* version) { add(std::string(kLegacy) + "docker-remote-api." + version); };

  bool anyAwslogs = false, anyPrivateEcr = false;
  for (const ContainerDefinition& c : td.containerDefinitions) {
    if (c.logDriver) {
      add(std::string(kLegacy) + "logging-driver." + *c.logDriver);
      anyAwslogs = anyAwslogs || *c.logDriver == "awslogs";
      if (!c.logOptions.empty()) docker("1.19");  // LogConfiguration.options (API ref)
      if (c.logOptions.count("mode") || c.logOptions.count("max-buffer-size")) docker("1.28");
      if (c.logOptions.count("awslogs-create-group")) docker("1.29");
      if (c.logOptions.count("awslogs-datetime-format")) docker("1.30");
    }
    if (isPrivateEcr(c.image)) anyPrivateEcr = true;
    if (c.image.find("@sha256:") != std::string::npos) docker("1.21");
    if (c.memoryReservation) docker("1.21");
    if (c.healthCheck) {
      add(std::string(kModern) + "container-health-check");
      docker(c.healthCheck->startPeriod ? "1.29" : "1.24");
    }
    if (!c.dependsOn.empty() || c.startTimeout || c.stopTimeout) add(std::string(kModern) + "container-ordering");
    if (c.privileged) add(std::string(kLegacy) + "privileged-container");
    if (c.user) docker("1.17");
    for (const std::string& f : c.setFields) {
      if (f == "ulimits") docker("1.18");  // even "ulimits": [] (a real bridge-mode reply)
      if (f == "hostname") docker("1.17");
    }
    if (std::find(c.linuxParameterFields.begin(), c.linuxParameterFields.end(), "initProcessEnabled") !=
        c.linuxParameterFields.end()) {
      docker("1.25");
    }
    for (const std::string& valueFrom : c.secretSources) {
      add(std::string(kModern) + (valueFrom.rfind("arn:aws:secretsmanager:", 0) == 0
                                      ? "secrets.asm.environment-variables"
                                      : "secrets.ssm.environment-variables"));
    }
    if (c.firelensType) add(std::string(kModern) + "firelens." + *c.firelensType);
  }
  if (anyPrivateEcr) {
    add(std::string(kLegacy) + "ecr-auth");
    if (td.executionRoleArn) add(std::string(kModern) + "execution-role-ecr-pull");
  }
  if (anyAwslogs && td.executionRoleArn) add(std::string(kModern) + "execution-role-awslogs");
  if (td.taskRoleArn) add(std::string(kLegacy) + "task-iam-role");
  if (td.effectiveNetworkMode() == NetworkMode::Awsvpc) {
    add(std::string(kModern) + "task-eni");
    docker("1.18");
  }
  if (td.pidMode || td.ipcMode) add(std::string(kModern) + "pid-ipc-namespace-sharing");
  for (const Volume& v : td.volumes) {
    if (v.kind != VolumeKind::Efs) continue;
    add(std::string(kModern) + "efs");
    docker("1.25");
    if (v.efsTransitEncryption == std::optional<std::string>("ENABLED") || v.efsAccessPointId || v.efsIam) {
      add(std::string(kModern) + "efsAuth");
    }
  }

  // Java HashSet order (see the top of this file).
  uint32_t tableSize = names.size() > 12 ? 32 : 16;
  std::sort(names.begin(), names.end(), [tableSize](const std::string& a, const std::string& b) {
    uint32_t ba = bucketOf(a, tableSize), bb = bucketOf(b, tableSize);
    if (ba != bb) return ba < bb;
    int ra = insertionRank(a), rb = insertionRank(b);
    if (ra != rb) return ra < rb;
    return a < b;
  });
  return names;
}

}  // namespace ecsplay
