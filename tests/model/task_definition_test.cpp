// Reading a task definition (task_definition.h) and writing its registered form, the
// DescribeTaskDefinition shape: cpu and memory converted, the defaults ECS fills in, the model's
// member order, and a round trip that keeps every field the author wrote.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ecsplay/api_model.h"
#include "ecsplay/task_definition.h"
#include "validate/cases.h"

using namespace ecsplay;
using test::expectSurvives;
using test::list;
using test::withCode;
using test::json;

namespace {

std::vector<std::string> keysOf(const Json& o) {
  std::vector<std::string> keys;
  for (auto it = o.begin(); it != o.end(); ++it) keys.push_back(it.key());
  return keys;
}



// A definition that sets a field of every kind ecsplay reads.
const char* const kEveryField = R"({
  "family": "shop",
  "taskRoleArn": "arn:aws:iam::123456789012:role/shop",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["EC2", "FARGATE"],
  "cpu": "1 vCPU",
  "memory": "3 GB",
  "pidMode": "task",
  "ipcMode": "task",
  "ephemeralStorage": {"sizeInGiB": 30},
  "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
  "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
  "proxyConfiguration": {"type": "APPMESH", "containerName": "envoy",
                         "properties": [{"name": "AppPorts", "value": "8080"}, {"name": "IgnoredUID", "value": "1337"}]},
  "inferenceAccelerators": [{"deviceName": "d", "deviceType": "eia2.medium"}],
  "volumes": [
    {"name": "bind", "host": {"sourcePath": "/srv"}},
    {"name": "docker", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true, "driver": "local"}},
    {"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "/",
      "transitEncryption": "ENABLED", "transitEncryptionPort": 2049,
      "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}}},
    {"name": "fsx", "fsxWindowsFileServerVolumeConfiguration": {"fileSystemId": "fs-2", "rootDirectory": "share",
      "authorizationConfig": {"credentialsParameter": "arn", "domain": "corp"}}},
    {"name": "ebs", "configuredAtLaunch": true},
    {"name": "scratch"}
  ],
  "containerDefinitions": [
    {"name": "app", "image": "example/app:1", "cpu": 512, "memory": 1024, "memoryReservation": 512,
     "essential": true,
     "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "udp", "name": "web", "appProtocol": "http"},
                      {"containerPortRange": "9000-9010"}],
     "healthCheck": {"command": ["CMD", "true"], "interval": 10},
     "dependsOn": [{"containerName": "envoy", "condition": "HEALTHY"}],
     "mountPoints": [{"sourceVolume": "efs", "containerPath": "/data", "readOnly": true}],
     "volumesFrom": [{"sourceContainer": "envoy", "readOnly": true}],
     "links": ["envoy:proxy"],
     "startTimeout": 60, "stopTimeout": 90,
     "resourceRequirements": [{"type": "GPU", "value": "2"}, {"type": "InferenceAccelerator", "value": "d"}],
     "hostname": "app", "user": "1000", "privileged": true,
     "linuxParameters": {"initProcessEnabled": true, "capabilities": {"add": ["SYS_PTRACE", "NET_ADMIN"]}, "tmpfs": null},
     "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/shop", "awslogs-stream-prefix": "app"}},
     "ulimits": null},
    {"name": "envoy", "image": "envoyproxy/envoy", "essential": false,
     "healthCheck": {"command": ["CMD-SHELL", "curl localhost"]}}
  ]
})";


Json registered(const Json& input, RegistrationInfo info = {}) {
  return registeredForm(parseTaskDefinition(input).definition, info);
}

}  // namespace

TEST(TaskDefinitionParse, ReadsTaskLevelFields) {
  ParsedTaskDefinition p = parseTaskDefinition(json(kEveryField));
  const TaskDefinition& td = p.definition;
  EXPECT_EQ(td.family, "shop");
  EXPECT_EQ(td.taskRoleArn, std::optional<std::string>("arn:aws:iam::123456789012:role/shop"));
  EXPECT_EQ(td.executionRoleArn, std::optional<std::string>("arn:aws:iam::123456789012:role/ecsTaskExecutionRole"));
  EXPECT_EQ(td.networkMode, std::optional<NetworkMode>(NetworkMode::Awsvpc));
  EXPECT_EQ(td.requiresCompatibilities, (std::vector<LaunchType>{LaunchType::EC2, LaunchType::FARGATE}));
  EXPECT_TRUE(td.requires(LaunchType::FARGATE));
  EXPECT_FALSE(td.requires(LaunchType::EXTERNAL));
  EXPECT_EQ(td.cpu, std::optional<std::string>("1 vCPU"));
  EXPECT_EQ(td.memory, std::optional<std::string>("3 GB"));
  EXPECT_EQ(td.cpuUnits, std::optional<int64_t>(1024));
  EXPECT_EQ(td.memoryMiB, std::optional<int64_t>(3072));
  EXPECT_EQ(td.pidMode, std::optional<std::string>("task"));
  EXPECT_EQ(td.ipcMode, std::optional<std::string>("task"));
  EXPECT_EQ(td.ephemeralStorageGiB, std::optional<int>(30));
  EXPECT_EQ(td.operatingSystemFamily, std::optional<std::string>("LINUX"));
  EXPECT_EQ(td.cpuArchitecture, std::optional<std::string>("ARM64"));
  EXPECT_FALSE(td.isWindows());
  ASSERT_EQ(td.placementConstraints.size(), 1u);
  EXPECT_EQ(td.placementConstraints[0].type, "memberOf");
  EXPECT_EQ(td.placementConstraints[0].expression, "attribute:ecs.instance-type =~ t3.*");
  ASSERT_TRUE(td.proxyConfiguration.has_value());
  EXPECT_EQ(td.proxyConfiguration->containerName, "envoy");
  EXPECT_EQ(td.proxyConfiguration->properties.size(), 2u);
  EXPECT_EQ(td.proxyConfiguration->properties[1], (std::pair<std::string, std::string>("IgnoredUID", "1337")));
  EXPECT_EQ(td.inferenceAcceleratorCount, 1u);
  // Only the unit conversions are noted: the definition is well formed.
  EXPECT_NE(withCode(p.findings, "CpuConverted", "cpu"), nullptr) << list(p.findings);
  EXPECT_NE(withCode(p.findings, "MemoryConverted", "memory"), nullptr) << list(p.findings);
  EXPECT_FALSE(hasErrors(p.findings)) << list(p.findings);
}

TEST(TaskDefinitionParse, ReadsVolumesOfEveryKind) {
  const TaskDefinition td = parseTaskDefinition(json(kEveryField)).definition;
  ASSERT_EQ(td.volumes.size(), 6u);
  EXPECT_EQ(td.volumes[0].kind, VolumeKind::Bind);
  EXPECT_EQ(td.volumes[0].hostSourcePath, std::optional<std::string>("/srv"));
  EXPECT_EQ(td.volumes[1].kind, VolumeKind::Docker);
  EXPECT_EQ(td.volumes[1].dockerScope, std::optional<std::string>("shared"));
  EXPECT_EQ(td.volumes[1].dockerAutoprovision, std::optional<bool>(true));
  EXPECT_EQ(td.volumes[1].dockerDriver, std::optional<std::string>("local"));
  const Volume& efs = td.volumes[2];
  EXPECT_EQ(efs.kind, VolumeKind::Efs);
  EXPECT_EQ(efs.efsFileSystemId, std::optional<std::string>("fs-1"));
  EXPECT_EQ(efs.efsRootDirectory, std::optional<std::string>("/"));
  EXPECT_EQ(efs.efsTransitEncryption, std::optional<std::string>("ENABLED"));
  EXPECT_EQ(efs.efsTransitEncryptionPort, std::optional<int>(2049));
  EXPECT_EQ(efs.efsAccessPointId, std::optional<std::string>("fsap-1"));
  EXPECT_EQ(efs.efsIam, std::optional<std::string>("ENABLED"));
  EXPECT_EQ(td.volumes[3].kind, VolumeKind::FsxWindows);
  EXPECT_EQ(td.volumes[4].kind, VolumeKind::Ebs);
  EXPECT_EQ(td.volumes[5].kind, VolumeKind::Bind);  // a name alone: a task-scoped bind mount
  EXPECT_FALSE(td.volumes[5].hostSourcePath.has_value());
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(td.volumes[i].configuredKinds, 1) << i;
  EXPECT_EQ(td.volumes[5].configuredKinds, 0);
  EXPECT_EQ(td.volume("efs"), &td.volumes[2]);
  EXPECT_EQ(td.volume("nope"), nullptr);
  EXPECT_STREQ(volumeKindName(VolumeKind::Efs), "EFS volume");
}

TEST(TaskDefinitionParse, ReadsContainerFields) {
  const TaskDefinition td = parseTaskDefinition(json(kEveryField)).definition;
  ASSERT_EQ(td.containerDefinitions.size(), 2u);
  const ContainerDefinition& c = td.containerDefinitions[0];
  EXPECT_EQ(c.name, "app");
  EXPECT_EQ(c.image, "example/app:1");
  EXPECT_EQ(c.cpu, 512);
  EXPECT_EQ(c.memory, std::optional<int>(1024));
  EXPECT_EQ(c.memoryReservation, std::optional<int>(512));
  EXPECT_EQ(c.reservedMemory(), std::optional<int>(512));
  EXPECT_TRUE(c.essential);
  ASSERT_EQ(c.portMappings.size(), 2u);
  EXPECT_EQ(c.portMappings[0].containerPort, std::optional<int>(8080));
  EXPECT_EQ(c.portMappings[0].hostPort, std::optional<int>(8080));
  EXPECT_EQ(c.portMappings[0].protocol, "udp");
  EXPECT_EQ(c.portMappings[0].name, std::optional<std::string>("web"));
  EXPECT_EQ(c.portMappings[0].appProtocol, std::optional<std::string>("http"));
  EXPECT_EQ(c.portMappings[1].containerPortRange, std::optional<std::string>("9000-9010"));
  EXPECT_EQ(c.portMappings[1].protocol, "tcp");  // the default
  ASSERT_TRUE(c.healthCheck.has_value());
  EXPECT_EQ(c.healthCheck->command, (std::vector<std::string>{"CMD", "true"}));
  EXPECT_EQ(c.healthCheck->intervalSeconds(), 10);
  EXPECT_EQ(c.healthCheck->timeoutSeconds(), 5);   // API ref: HealthCheck defaults
  EXPECT_EQ(c.healthCheck->retryCount(), 3);
  EXPECT_EQ(c.healthCheck->startPeriodSeconds(), 0);
  ASSERT_EQ(c.dependsOn.size(), 1u);
  EXPECT_EQ(c.dependsOn[0].containerName, "envoy");
  EXPECT_EQ(c.dependsOn[0].condition, "HEALTHY");
  ASSERT_EQ(c.mountPoints.size(), 1u);
  EXPECT_EQ(c.mountPoints[0].sourceVolume, "efs");
  EXPECT_EQ(c.mountPoints[0].containerPath, "/data");
  EXPECT_TRUE(c.mountPoints[0].readOnly);
  ASSERT_EQ(c.volumesFrom.size(), 1u);
  EXPECT_EQ(c.volumesFrom[0].sourceContainer, "envoy");
  EXPECT_EQ(c.links, (std::vector<std::string>{"envoy:proxy"}));
  EXPECT_EQ(c.startTimeout, std::optional<int>(60));
  EXPECT_EQ(c.stopTimeout, std::optional<int>(90));
  EXPECT_EQ(c.gpus, 2);
  EXPECT_TRUE(c.hasInferenceAcceleratorRequirement);
  EXPECT_EQ(c.hostname, std::optional<std::string>("app"));
  EXPECT_EQ(c.user, std::optional<std::string>("1000"));
  EXPECT_TRUE(c.privileged);
  EXPECT_TRUE(c.hasLinuxParameters);
  EXPECT_EQ(c.linuxParameterFields, (std::vector<std::string>{"initProcessEnabled", "capabilities"}));  // null left out
  EXPECT_EQ(c.capabilitiesAdd, (std::vector<std::string>{"SYS_PTRACE", "NET_ADMIN"}));
  EXPECT_EQ(c.logDriver, std::optional<std::string>("awslogs"));
  EXPECT_EQ(c.logOptions.at("awslogs-group"), "/ecs/shop");
  // setFields: every key set, in input order, nulls left out.
  ASSERT_FALSE(c.setFields.empty());
  EXPECT_EQ(c.setFields.front(), "name");
  EXPECT_EQ(c.setFields.back(), "logConfiguration");
  EXPECT_EQ(std::count(c.setFields.begin(), c.setFields.end(), "ulimits"), 0);

  const ContainerDefinition& envoy = td.containerDefinitions[1];
  EXPECT_FALSE(envoy.essential);
  EXPECT_EQ(envoy.cpu, 0);
  EXPECT_FALSE(envoy.memory.has_value());
  EXPECT_FALSE(envoy.reservedMemory().has_value());
  EXPECT_EQ(td.container("envoy"), &td.containerDefinitions[1]);
  EXPECT_EQ(td.container("nope"), nullptr);
}

TEST(TaskDefinitionParse, DefaultsToBridgeAndEc2Semantics) {
  const TaskDefinition td = parseTaskDefinition(test::ec2Definition()).definition;
  EXPECT_FALSE(td.networkMode.has_value());
  EXPECT_EQ(td.effectiveNetworkMode(), NetworkMode::Bridge);
  EXPECT_TRUE(td.requiresCompatibilities.empty());
  EXPECT_FALSE(td.cpu.has_value());
  EXPECT_TRUE(td.containerDefinitions[0].essential);
  EXPECT_EQ(td.containerDefinitions[0].portMappings.size(), 0u);
}

TEST(TaskDefinitionParse, KnowsWindowsByItsOperatingSystemFamily) {
  EXPECT_TRUE(parseTaskDefinition(test::windowsDefinition()).definition.isWindows());
  Json linux = test::edited(test::windowsDefinition(), [](Json& td) { td["runtimePlatform"]["operatingSystemFamily"] = "LINUX"; });
  EXPECT_FALSE(parseTaskDefinition(linux).definition.isWindows());
}

TEST(TaskDefinitionParse, LeavesFieldsOfTheWrongTypeUnset) {
  ParsedTaskDefinition p = parseTaskDefinition(json(R"({"family": 7, "networkMode": ["awsvpc"], "cpu": 1024,
      "containerDefinitions": [{"name": "app", "memory": "256", "essential": "no", "cpu": 1.5,
                                "portMappings": [{"containerPort": "80"}, 5], "links": [1, "db"]}, "junk"]})"));
  const TaskDefinition& td = p.definition;
  EXPECT_EQ(td.family, "");
  EXPECT_FALSE(td.networkMode.has_value());
  EXPECT_FALSE(td.cpu.has_value());
  ASSERT_EQ(td.containerDefinitions.size(), 1u);  // "junk" is not a container
  const ContainerDefinition& c = td.containerDefinitions[0];
  EXPECT_FALSE(c.memory.has_value());
  EXPECT_TRUE(c.essential);
  EXPECT_EQ(c.cpu, 0);
  ASSERT_EQ(c.portMappings.size(), 1u);
  EXPECT_FALSE(c.portMappings[0].containerPort.has_value());
  EXPECT_EQ(c.links, (std::vector<std::string>{"db"}));
  for (const char* path : {"family", "networkMode", "cpu", "containerDefinitions[0].memory", "containerDefinitions[0].essential",
                           "containerDefinitions[0].cpu", "containerDefinitions[0].portMappings[0].containerPort",
                           "containerDefinitions[0].portMappings[1]", "containerDefinitions[0].links[0]",
                           "containerDefinitions[1]"}) {
    EXPECT_NE(withCode(p.findings, "InvalidType", path), nullptr) << path << "\n" << list(p.findings);
  }
}

TEST(TaskDefinitionParse, RefusesInputThatIsNotAnObject) {
  for (const char* text : {"[]", "1", "\"web\"", "null", "true"}) {
    SCOPED_TRACE(text);
    ParsedTaskDefinition p = parseTaskDefinition(json(text));
    ASSERT_EQ(p.findings.size(), 1u) << list(p.findings);
    EXPECT_EQ(p.findings[0].code, "NotAnObject");
    EXPECT_EQ(p.findings[0].path, "");
    EXPECT_EQ(p.findings[0].severity, Severity::Error);
    EXPECT_NE(p.findings[0].message.find(std::string("got ") + jsonTypeName(json(text))), std::string::npos)
        << p.findings[0].message;
    EXPECT_TRUE(p.definition.source.is_object());
  }
}

TEST(TaskDefinitionParse, NotesUnitConversionsAndRefusesUnreadableSizes) {
  ParsedTaskDefinition converted = parseTaskDefinition(json(R"({"family": "web", "containerDefinitions": [],
                                                                 "cpu": ".25 vCPU", "memory": "0.5 GB"})"));
  const Finding* cpu = withCode(converted.findings, "CpuConverted", "cpu");
  ASSERT_NE(cpu, nullptr) << list(converted.findings);
  EXPECT_EQ(cpu->severity, Severity::Info);
  EXPECT_EQ(cpu->message, "cpu \".25 vCPU\" is registered as \"256\" (256 CPU units (.25 vCPU)).");
  const Finding* memory = withCode(converted.findings, "MemoryConverted", "memory");
  ASSERT_NE(memory, nullptr) << list(converted.findings);
  EXPECT_EQ(memory->message, "memory \"0.5 GB\" is registered as \"512\" (512 MiB (0.5 GB)).");

  ParsedTaskDefinition plain = parseTaskDefinition(json(R"({"family": "web", "containerDefinitions": [],
                                                             "cpu": "256", "memory": "512"})"));
  EXPECT_EQ(withCode(plain.findings, "CpuConverted", "cpu"), nullptr);
  EXPECT_EQ(withCode(plain.findings, "MemoryConverted", "memory"), nullptr);

  ParsedTaskDefinition bad = parseTaskDefinition(json(R"({"family": "web", "containerDefinitions": [],
                                                           "cpu": "0.1 vCPU", "memory": "512 MiB"})"));
  const Finding* badCpu = withCode(bad.findings, "InvalidCpuValue", "cpu");
  ASSERT_NE(badCpu, nullptr) << list(bad.findings);
  EXPECT_EQ(badCpu->severity, Severity::Error);
  const Finding* badMemory = withCode(bad.findings, "InvalidMemoryValue", "memory");
  ASSERT_NE(badMemory, nullptr) << list(bad.findings);
  EXPECT_NE(badMemory->message.find("\"512 MiB\" uses the unit \"mib\""), std::string::npos) << badMemory->message;
  EXPECT_FALSE(bad.definition.cpuUnits.has_value());
  EXPECT_FALSE(bad.definition.memoryMiB.has_value());
}

TEST(TaskDefinitionParse, UnwrapsADescribeTaskDefinitionReply) {
  // `aws ecs describe-task-definition` output pasted as it is: the definition sits inside
  // "taskDefinition", beside its tags, with the fields ECS sets.
  Json reply = json(R"({"taskDefinition": {
      "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8",
      "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 0, "memory": 256, "portMappings": [],
                                "essential": true, "environment": [], "mountPoints": [], "volumesFrom": []}],
      "family": "web", "revision": 8, "volumes": [], "status": "ACTIVE",
      "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
      "placementConstraints": [], "compatibilities": ["EXTERNAL", "EC2"],
      "registeredAt": 1718971200.5, "registeredBy": "arn:aws:sts::123456789012:assumed-role/Admin"},
    "tags": [{"key": "team", "value": "web"}]})");
  ParsedTaskDefinition p = parseTaskDefinition(reply);
  const Finding* unwrapped = withCode(p.findings, "DescribeOutputUnwrapped", "taskDefinition");
  ASSERT_NE(unwrapped, nullptr) << list(p.findings);
  EXPECT_EQ(unwrapped->severity, Severity::Info);
  for (const char* key : {"taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
                          "registeredAt", "registeredBy"}) {
    SCOPED_TRACE(key);
    const Finding* f = withCode(p.findings, "OutputOnlyField", key);
    ASSERT_NE(f, nullptr) << list(p.findings);
    EXPECT_EQ(f->severity, Severity::Warning);
    EXPECT_NE(f->message.find(std::string("Unknown parameter in input: \"") + key + "\""), std::string::npos) << f->message;
    EXPECT_FALSE(p.definition.source.contains(key));
  }
  EXPECT_FALSE(hasErrors(p.findings)) << list(p.findings);
  EXPECT_EQ(p.definition.family, "web");
  EXPECT_EQ(p.definition.source["tags"], json(R"([{"key": "team", "value": "web"}])"));
  EXPECT_FALSE(p.definition.source.contains("taskDefinition"));
}

TEST(TaskDefinitionParse, DropsOutputOnlyFieldsAtTheTopLevelToo) {
  Json input = test::edited(test::ec2Definition(), [](Json& td) {
    td["revision"] = 3;
    td["deregisteredAt"] = 1.5;
    td["deleteRequestedAt"] = 2.5;
  });
  ParsedTaskDefinition p = parseTaskDefinition(input);
  EXPECT_EQ(withCode(p.findings, "DescribeOutputUnwrapped", "taskDefinition"), nullptr);
  for (const char* key : {"revision", "deregisteredAt", "deleteRequestedAt"}) {
    EXPECT_NE(withCode(p.findings, "OutputOnlyField", key), nullptr) << key << "\n" << list(p.findings);
  }
  EXPECT_EQ(p.findings.size(), 3u) << list(p.findings);
}

TEST(TaskDefinitionParse, DoesNotUnwrapAnInputThatHasAFamily) {
  ParsedTaskDefinition p = parseTaskDefinition(test::edited(test::ec2Definition(), [](Json& td) { td["taskDefinition"] = Json::object(); }));
  EXPECT_NE(withCode(p.findings, "UnknownParameter", "taskDefinition"), nullptr) << list(p.findings);
  EXPECT_EQ(p.definition.family, "web");
}

TEST(TaskDefinitionParse, OutputOnlyFieldsAreTheTaskDefinitionMembersRegisterDoesNotTake) {
  // Derived from the model: TaskDefinition's members minus RegisterTaskDefinitionRequest's.
  const ApiShape& out = *findShape("TaskDefinition");
  const ApiShape& in = *findShape("RegisterTaskDefinitionRequest");
  for (int i = 0; i < out.memberCount; ++i) {
    const char* name = memberAt(out, i).name;
    EXPECT_EQ(isOutputOnlyTaskDefinitionField(name), findMember(in, name) == nullptr) << name;
  }
  EXPECT_FALSE(isOutputOnlyTaskDefinitionField("tags"));
  EXPECT_FALSE(isOutputOnlyTaskDefinitionField("family"));
}

TEST(RegisteredForm, ConvertsCpuAndMemoryToNumbersWrittenAsStrings) {
  Json r = registered(json(R"({"family": "web", "cpu": ".25 vCPU", "memory": "0.5 GB",
                               "containerDefinitions": [{"name": "app", "image": "nginx"}]})"));
  EXPECT_EQ(r["cpu"], Json("256"));
  EXPECT_EQ(r["memory"], Json("512"));
  Json plain = registered(json(R"({"family": "web", "cpu": "1024", "memory": "2048", "containerDefinitions": []})"));
  EXPECT_EQ(plain["cpu"], Json("1024"));
  EXPECT_EQ(plain["memory"], Json("2048"));
  // What cannot be read is kept as written (the definition is refused anyway).
  Json bad = registered(json(R"({"family": "web", "cpu": "lots", "containerDefinitions": []})"));
  EXPECT_EQ(bad["cpu"], Json("lots"));
}

TEST(RegisteredForm, FillsTheContainerDefaultsEcsAdds) {
  Json r = registered(json(R"({"family": "web", "containerDefinitions": [
      {"name": "app", "image": "nginx", "memory": 256},
      {"name": "side", "image": "busybox", "memory": 64, "essential": false, "cpu": 10, "environment": [{"name": "A", "value": "1"}]}]})"));
  Json app = r["containerDefinitions"][0];
  EXPECT_EQ(app["cpu"], Json(0));
  EXPECT_EQ(app["essential"], Json(true));
  for (const char* list : {"portMappings", "environment", "mountPoints", "volumesFrom"}) {
    EXPECT_EQ(app[list], Json::array()) << list;
  }
  Json side = r["containerDefinitions"][1];
  EXPECT_EQ(side["essential"], Json(false));  // kept as given
  EXPECT_EQ(side["cpu"], Json(10));
  EXPECT_EQ(side["environment"].size(), 1u);
  EXPECT_EQ(r["volumes"], Json::array());
  EXPECT_EQ(r["placementConstraints"], Json::array());
  EXPECT_EQ(r["status"], Json("ACTIVE"));
  EXPECT_EQ(r["revision"], Json(1));
  EXPECT_EQ(r["compatibilities"], Json::array());
  // Omitted when not given, as ECS omits them (research notes, item 9).
  EXPECT_FALSE(r.contains("networkMode"));
  EXPECT_FALSE(r.contains("requiresCompatibilities"));
  EXPECT_FALSE(r.contains("requiresAttributes"));
  EXPECT_FALSE(r.contains("registeredAt"));
}

TEST(RegisteredForm, FillsTheHostPortByNetworkMode) {
  // awsvpc and host share the ENI's or the host's ports: the host port is the container port.
  // Bridge leaves it dynamic: 0.
  struct Case {
    const char* mode;  // nullptr: not set (bridge)
    int hostPort;
  };
  const Case cases[] = {{"awsvpc", 8080}, {"host", 8080}, {"bridge", 0}, {nullptr, 0}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.mode ? c.mode : "(default)");
    Json td = json(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256,
        "portMappings": [{"containerPort": 8080}, {"containerPort": 53, "protocol": "udp", "hostPort": 53},
                         {"containerPortRange": "9000-9010"}]}]})");
    if (c.mode) td["networkMode"] = c.mode;
    Json r = registered(td);
    Json pm = r["containerDefinitions"][0]["portMappings"];
    ASSERT_EQ(pm.size(), 3u);
    EXPECT_EQ(pm[0], json(std::string(R"({"containerPort": 8080, "hostPort": )") + std::to_string(c.hostPort) +
                          R"(, "protocol": "tcp"})"));
    EXPECT_EQ(pm[1], json(R"({"containerPort": 53, "hostPort": 53, "protocol": "udp"})"));
    EXPECT_EQ(pm[2], json(R"({"protocol": "tcp", "containerPortRange": "9000-9010"})"));  // the model's order
  }
}

TEST(RegisteredForm, WritesMembersInTheModelsOrder) {
  Json r = registered(json(kEveryField));
  std::vector<std::string> keys = keysOf(r);
  ASSERT_GE(keys.size(), 3u);
  EXPECT_EQ(keys[0], "taskDefinitionArn");
  EXPECT_EQ(keys[1], "containerDefinitions");
  EXPECT_EQ(keys[2], "family");
  // Every key is a TaskDefinition member, in the member order.
  const ApiShape& shape = *findShape("TaskDefinition");
  int last = -1;
  for (const std::string& k : keys) {
    const ApiMember* m = findMember(shape, k);
    ASSERT_NE(m, nullptr) << k;
    int index = static_cast<int>(m - &memberAt(shape, 0));
    EXPECT_GT(index, last) << k;
    last = index;
  }
  std::vector<std::string> container = keysOf(r["containerDefinitions"][0]);
  EXPECT_EQ(container[0], "name");
  EXPECT_EQ(container[1], "image");
}

TEST(RegisteredForm, IsADescribeTaskDefinitionShape) {
  RegistrationInfo info;
  info.compatibilities = {LaunchType::EC2, LaunchType::FARGATE};
  info.requiresAttributes = {"ecs.capability.task-eni"};
  info.registeredAtMs = 1718971200500;
  info.deregisteredAtMs = 1718971300000;
  info.deleteRequestedAtMs = 1718971400000;
  Json r = registered(json(kEveryField), info);
  Findings f;
  checkShape(r, *findShape("TaskDefinition"), "", f);
  for (const Finding& finding : f) {
    EXPECT_NE(finding.severity, Severity::Error) << finding.path << " [" << finding.code << "] " << finding.message;
  }
  EXPECT_EQ(r["requiresAttributes"], json(R"([{"name": "ecs.capability.task-eni"}])"));
  EXPECT_EQ(r["compatibilities"], json(R"(["EC2", "FARGATE"])"));
  EXPECT_EQ(r["registeredAt"], Json(1718971200.5));  // epoch seconds, as the AWS clients print them
  EXPECT_EQ(r["deregisteredAt"], Json(1718971300.0));
  EXPECT_EQ(r["deleteRequestedAt"], Json(1718971400.0));
}

TEST(RegisteredForm, NamesTheRevisionInItsArn) {
  RegistrationInfo info;
  info.region = "eu-west-1";
  info.accountId = "111122223333";
  info.revision = 7;
  info.status = "INACTIVE";
  Json r = registered(test::ec2Definition(), info);
  EXPECT_EQ(r["taskDefinitionArn"], Json("arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7"));
  EXPECT_EQ(r["revision"], Json(7));
  EXPECT_EQ(r["status"], Json("INACTIVE"));
  EXPECT_EQ(taskDefinitionArn("us-east-1", "123456789012", "web", 12), "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12");
}

TEST(RegisteredForm, LeavesOutNullsAndTags) {
  Json r = registered(json(R"({"family": "web", "taskRoleArn": null, "tags": [{"key": "a", "value": "b"}],
      "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256, "ulimits": null}]})"));
  EXPECT_FALSE(r.contains("taskRoleArn"));
  EXPECT_FALSE(r.contains("tags"));  // tags come back beside the definition
  EXPECT_FALSE(r["containerDefinitions"][0].contains("ulimits"));
}

TEST(RoundTrip, KeepsEveryFieldTheAuthorWrote) {
  Json input = json(kEveryField);
  Json r = registered(input);
  Json expected = input;
  expected["cpu"] = "1024";  // the only changes: converted sizes
  expected["memory"] = "3072";
  expectSurvives(expected, r, "");
}

TEST(RoundTrip, KeepsEveryMemberTheApiDefines) {
  // Every member of RegisterTaskDefinitionRequest, recursively (generated from the model), except
  // tags, which DescribeTaskDefinition returns beside the definition.
  Json input = test::exampleOf(*findShape("RegisterTaskDefinitionRequest"));
  input.erase("tags");
  Json r = registered(input);
  expectSurvives(input, r, "");
}

TEST(RoundTrip, RegisteringTheRegisteredFormGivesItBack) {
  RegistrationInfo info;
  info.compatibilities = {LaunchType::EC2, LaunchType::FARGATE};
  info.requiresAttributes = {"ecs.capability.task-eni"};
  for (const char* text : {kEveryField, R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx",
                                          "memory": 256, "portMappings": [{"containerPort": 80}]}]})"}) {
    Json once = registered(json(text), info);
    ParsedTaskDefinition again = parseTaskDefinition(once);
    EXPECT_FALSE(hasErrors(again.findings)) << list(again.findings);
    Json twice = registeredForm(again.definition, info);
    EXPECT_EQ(test::text(twice), test::text(once));
  }
}
