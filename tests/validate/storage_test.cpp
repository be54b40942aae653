// Volumes and mount points (storage.cpp; ECS-FACTS.md, storage; API ref: Volume, MountPoint,
// EFSVolumeConfiguration, DockerVolumeConfiguration; research notes, item 10).
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::AcceptedCase;
using test::container;
using test::edited;
using test::RuleCase;

namespace {

// An EC2 definition with these volumes, the first one mounted at /data.
Json withVolumes(const char* volumes, const Json& base = test::ec2Definition()) {
  Json td = base;
  td["volumes"] = test::json(volumes);
  if (!td["volumes"].empty() && td["volumes"][0].contains("name")) {
    container(td)["mountPoints"] = {{{"sourceVolume", td["volumes"][0]["name"]}, {"containerPath", "/data"}}};
  }
  return td;
}

Json efs(const char* config, const Json& base = test::ec2Definition()) {
  return withVolumes((std::string(R"([{"name": "data", "efsVolumeConfiguration": )") + config + "}]").c_str(), base);
}

Json windowsTask() { return test::windowsDefinition(); }

Json fargateTask() {
  return edited(test::fargateDefinition(), [](Json& td) { container(td).erase("portMappings"); });
}

Json withRequires(Json td, const char* type) {
  td["requiresCompatibilities"] = {type};
  return td;
}

}  // namespace

TEST(Volumes, AreNamedUniquelyAndOfOneKind) {
  const RuleCase cases[] = {
      {"no name", withVolumes(R"([{"host": {}}])"), "MissingVolumeName", "volumes[0].name", Severity::Error,
       "A volume needs a name"},
      {"a space in the name", withVolumes(R"([{"name": "my data"}])"), "InvalidVolumeName", "volumes[0].name",
       Severity::Error, "Volume name \"my data\" is not valid"},
      {"a name twice", withVolumes(R"([{"name": "data"}, {"name": "data"}])"), "DuplicateVolumeName", "volumes[1].name",
       Severity::Error, "Volume names must be unique within a task definition: \"data\" is used twice."},
      {"host and EFS", withVolumes(R"([{"name": "data", "host": {}, "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}])"),
       "AmbiguousVolumeType", "volumes[0]", Severity::Error, "A volume is one kind of storage"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"two volumes", withVolumes(R"([{"name": "data"}, {"name": "logs", "host": {"sourcePath": "/var/log"}}])"),
                        "DuplicateVolumeName"});
}

TEST(MountPoints, NameAVolumeAndAPath) {
  auto mounts = [](const char* mountPoints, const char* volumes = R"([{"name": "data"}])") {
    Json td = test::ec2Definition();
    td["volumes"] = test::json(volumes);
    container(td)["mountPoints"] = test::json(mountPoints);
    return td;
  };
  const RuleCase cases[] = {
      {"an unknown volume", mounts(R"([{"sourceVolume": "logs", "containerPath": "/logs"}])"), "UnknownSourceVolume",
       "containerDefinitions[0].mountPoints[0].sourceVolume", Severity::Error,
       "Unknown volume 'logs'. (The task definition's volumes: data.)"},
      {"no volumes at all", mounts(R"([{"sourceVolume": "logs", "containerPath": "/logs"}])", "[]"), "UnknownSourceVolume",
       "containerDefinitions[0].mountPoints[0].sourceVolume", Severity::Error, "Unknown volume 'logs'. (The task definition has no volumes.)"},
      {"no sourceVolume", mounts(R"([{"containerPath": "/data"}])"), "MissingSourceVolume",
       "containerDefinitions[0].mountPoints[0].sourceVolume", Severity::Error, "A mount point needs sourceVolume"},
      {"no containerPath", mounts(R"([{"sourceVolume": "data"}])"), "MissingContainerPath",
       "containerDefinitions[0].mountPoints[0].containerPath", Severity::Error, "A mount point needs containerPath"},
      {"one path twice", mounts(R"([{"sourceVolume": "data", "containerPath": "/d"}, {"sourceVolume": "data", "containerPath": "/d"}])"),
       "DuplicateContainerPath", "containerDefinitions[0].mountPoints[1].containerPath", Severity::Error,
       "Two mount points of container 'app' use containerPath \"/d\"."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"one volume at two paths",
                        mounts(R"([{"sourceVolume": "data", "containerPath": "/a"}, {"sourceVolume": "data", "containerPath": "/b", "readOnly": true}])"),
                        "DuplicateContainerPath"});
}

TEST(VolumesFrom, NamesAnotherContainer) {
  Json td = test::json(R"({"family": "web", "containerDefinitions": [
      {"name": "app", "image": "nginx", "memory": 256, "volumesFrom": [{"sourceContainer": "data"}]},
      {"name": "data", "image": "busybox", "memory": 64, "essential": false}]})");
  test::expectAccepted({"another container", td, "UnknownSourceContainer"});
  const RuleCase cases[] = {
      {"an unknown container", edited(td, [](Json& d) { container(d)["volumesFrom"][0]["sourceContainer"] = "cache"; }),
       "UnknownSourceContainer", "containerDefinitions[0].volumesFrom[0].sourceContainer", Severity::Error,
       "Invalid 'volumesFrom' setting. Unknown container: 'cache'."},
      {"itself", edited(td, [](Json& d) { container(d)["volumesFrom"][0]["sourceContainer"] = "app"; }),
       "UnknownSourceContainer", "containerDefinitions[0].volumesFrom[0].sourceContainer", Severity::Error,
       "Unknown container: 'app'."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
}

TEST(EfsVolumes, NeedTransitEncryptionForIamAccessPointsAndAPort) {
  const RuleCase cases[] = {
      {"IAM without encryption", efs(R"({"fileSystemId": "fs-1", "authorizationConfig": {"iam": "ENABLED"}})"),
       "EfsIamNeedsTransitEncryption", "volumes[0].efsVolumeConfiguration.transitEncryption", Severity::Error,
       "EFS IAM authorization requires TransitEncryption to be enabled."},
      {"an access point without encryption", efs(R"({"fileSystemId": "fs-1", "authorizationConfig": {"accessPointId": "fsap-1"}})"),
       "EfsAccessPointNeedsTransitEncryption", "volumes[0].efsVolumeConfiguration.transitEncryption", Severity::Error,
       "EFS access points require TransitEncryption to be enabled."},
      {"an access point with a root directory",
       efs(R"({"fileSystemId": "fs-1", "rootDirectory": "/srv", "transitEncryption": "ENABLED", "authorizationConfig": {"accessPointId": "fsap-1"}})"),
       "EfsRootDirectoryWithAccessPoint", "volumes[0].efsVolumeConfiguration.rootDirectory", Severity::Error,
       "When using an EFS access point, the root directory must either be set to \"/\" or be omitted."},
      {"a port with encryption disabled", efs(R"({"fileSystemId": "fs-1", "transitEncryption": "DISABLED", "transitEncryptionPort": 2049})"),
       "EfsPortWithoutEncryption", "volumes[0].efsVolumeConfiguration.transitEncryptionPort", Severity::Error,
       "TransitEncryptionPort requires that TransitEncryption is enabled."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  const AcceptedCase accepted[] = {
      {"all encrypted",
       efs(R"({"fileSystemId": "fs-1", "rootDirectory": "/", "transitEncryption": "ENABLED", "transitEncryptionPort": 2049,
               "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}})"),
       "EfsIamNeedsTransitEncryption"},
      {"IAM disabled", efs(R"({"fileSystemId": "fs-1", "authorizationConfig": {"iam": "DISABLED"}})"),
       "EfsIamNeedsTransitEncryption"},
      {"plain", efs(R"({"fileSystemId": "fs-1", "rootDirectory": "/srv"})"), "EfsRootDirectoryWithAccessPoint"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(DockerVolumes, TaskScopeAndAutoprovision) {
  // ECS refuses autoprovision false with scope task, and registers true, which fails at run time
  // (research notes, item 10: the opposite of the guide's wording).
  test::expectRule({"task scope, autoprovision false",
                    withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"scope": "task", "autoprovision": false}}])"),
                    "AutoprovisionWithTaskScope", "volumes[0].dockerVolumeConfiguration.autoprovision", Severity::Error,
                    "When 'scope' parameter is 'task', 'autoprovision' must either not be specified or set to 'True'."});
  test::expectRule({"default scope, autoprovision true",
                    withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"autoprovision": true}}])"),
                    "AutoprovisionWithTaskScope", "volumes[0].dockerVolumeConfiguration.autoprovision", Severity::Warning,
                    "autoprovision only applies to shared volumes"});
  test::expectAccepted({"shared scope, autoprovision true",
                        withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true, "driver": "local"}}])"),
                        "AutoprovisionWithTaskScope"});
  test::expectRule({"an empty driver", withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"driver": ""}}])"),
                    "EmptyDockerDriver", "volumes[0].dockerVolumeConfiguration.driver", Severity::Error,
                    "volume.dockerVolumeConfiguration.driver should not be null or empty."});
}

TEST(BindMounts, SourcePathIsNotBlank) {
  test::expectRule({"blank", withVolumes(R"([{"name": "v", "host": {"sourcePath": ""}}])"), "EmptySourcePath",
                    "volumes[0].host.sourcePath", Severity::Error, "host.sourcePath should not be blank."});
  test::expectAccepted({"a path", withVolumes(R"([{"name": "v", "host": {"sourcePath": "/srv"}}])"), "EmptySourcePath"});
}

TEST(EbsVolumes, OnePerTaskAndMounted) {
  Json two = withVolumes(R"([{"name": "a", "configuredAtLaunch": true}, {"name": "b", "configuredAtLaunch": true}])");
  container(two)["mountPoints"].push_back({{"sourceVolume", "b"}, {"containerPath", "/b"}});
  test::expectRule({"two EBS volumes", two, "TooManyEbsVolumes", "volumes", Severity::Error,
                    "Each task definition revision may only have one volume configured at launch."});
  Json unmounted = withVolumes(R"([{"name": "a", "configuredAtLaunch": true}])");
  container(unmounted).erase("mountPoints");
  test::expectRule({"not mounted", unmounted, "UnmountedEbsVolume", "volumes", Severity::Error,
                    "Volumes [a] are not referenced by any of the containers"});
  test::expectAccepted({"one, mounted", withVolumes(R"([{"name": "a", "configuredAtLaunch": true}])"), "TooManyEbsVolumes"});
  test::expectAccepted({"configuredAtLaunch false", withVolumes(R"([{"name": "a", "configuredAtLaunch": false}])"),
                        "UnmountedEbsVolume"});
}

TEST(StorageByLaunchType, FargateTakesNoDockerVolumesOrHostPaths) {
  test::expectRule({"a Docker volume", withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"scope": "shared", "driver": "local"}}])", fargateTask()),
                    "FargateUnsupportedParameter", "volumes[0].dockerVolumeConfiguration", Severity::Error,
                    "Fargate compatible task definitions do not support dockerVolumeConfiguration"});
  test::expectRule({"a host path", withVolumes(R"([{"name": "v", "host": {"sourcePath": "/srv"}}])", fargateTask()),
                    "FargateUnsupportedParameter", "volumes[0].host.sourcePath", Severity::Error,
                    "Fargate compatible task definitions do not support sourcePath"});
  test::expectAccepted({"a task-scoped bind mount", withVolumes(R"([{"name": "v"}])", fargateTask()), "FargateUnsupportedParameter"});
  test::expectAccepted({"an empty host", withVolumes(R"([{"name": "v", "host": {}}])", fargateTask()), "FargateUnsupportedParameter"});
  test::expectAccepted({"EBS", withVolumes(R"([{"name": "v", "configuredAtLaunch": true}])", fargateTask()), "FargateUnsupportedParameter"});
  test::expectAccepted({"EFS", efs(R"({"fileSystemId": "fs-1"})", fargateTask()), "FargateUnsupportedParameter"});
}

TEST(StorageByLaunchType, EfsNeedsLinuxAnInstanceInAwsAndFargate140) {
  test::expectRule({"EFS on external instances", efs(R"({"fileSystemId": "fs-1"})", withRequires(test::ec2Definition(), "EXTERNAL")),
                    "EfsNotOnExternal", "volumes[0].efsVolumeConfiguration", Severity::Error,
                    "EFS volumes are not supported on external instances (ECS Anywhere)."});
  test::expectRule({"EFS on Windows", efs(R"({"fileSystemId": "fs-1"})", windowsTask()), "EfsNotOnWindows",
                    "volumes[0].efsVolumeConfiguration", Severity::Error, "EFS volumes are supported for Linux tasks only"});
  RuleCase old = {"EFS on Fargate 1.3.0", efs(R"({"fileSystemId": "fs-1"})", fargateTask()), "EfsNeedsPlatform140",
                  "volumes[0].efsVolumeConfiguration", Severity::Error,
                  "EFS volumes on Fargate need platform version 1.4.0 or later; the task would run on 1.3.0.",
                  test::onPlatform("1.3.0")};
  test::expectRule(old);
  test::expectAccepted({"EFS on Fargate 1.4.0", efs(R"({"fileSystemId": "fs-1"})", fargateTask()), "EfsNeedsPlatform140",
                        test::onPlatform("1.4.0")});
}

TEST(StorageByLaunchType, EbsIsForEc2AndLinuxOnFargate) {
  test::expectRule({"EBS on external instances",
                    withVolumes(R"([{"name": "v", "configuredAtLaunch": true}])", withRequires(test::ec2Definition(), "EXTERNAL")),
                    "EbsNotOnExternal", "volumes[0].configuredAtLaunch", Severity::Error,
                    "EBS volumes are not supported on external instances (ECS Anywhere)"});
  Json windowsFargate = edited(fargateTask(), [](Json& td) {
    td["cpu"] = "1024";
    td["memory"] = "2048";
    td["runtimePlatform"] = {{"operatingSystemFamily", "WINDOWS_SERVER_2022_CORE"}};
  });
  test::expectRule({"EBS on Windows Fargate", withVolumes(R"([{"name": "v", "configuredAtLaunch": true}])", windowsFargate),
                    "EbsNotOnWindows", "volumes[0].configuredAtLaunch", Severity::Error,
                    "EBS volumes attach to Linux tasks on Fargate; Windows tasks get them on EC2 only."});
  test::expectAccepted({"EBS on Windows EC2", withVolumes(R"([{"name": "v", "configuredAtLaunch": true}])", windowsTask()),
                        "EbsNotOnWindows"});
}

TEST(StorageByLaunchType, WindowsUsesTheLocalDockerDriverAndFsx) {
  test::expectRule({"another driver on Windows",
                    withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"scope": "shared", "driver": "rexray/ebs"}}])", windowsTask()),
                    "DockerDriverOnWindows", "volumes[0].dockerVolumeConfiguration.driver", Severity::Error,
                    "Windows containers support only the local Docker volume driver."});
  test::expectAccepted({"local on Windows",
                        withVolumes(R"([{"name": "v", "dockerVolumeConfiguration": {"scope": "shared", "driver": "local"}}])", windowsTask()),
                        "DockerDriverOnWindows"});
  const char* fsx = R"([{"name": "v", "fsxWindowsFileServerVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "share",
                        "authorizationConfig": {"credentialsParameter": "arn:aws:ssm:x", "domain": "corp"}}}])";
  test::expectRule({"FSx on Linux", withVolumes(fsx), "FsxNeedsWindows", "volumes[0].fsxWindowsFileServerVolumeConfiguration",
                    Severity::Error, "FSx for Windows File Server volumes are for Windows tasks"});
  test::expectAccepted({"FSx on Windows", withVolumes(fsx, windowsTask()), "FsxNeedsWindows"});
}
