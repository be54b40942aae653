// Volumes and mount points (ECS-FACTS.md, storage; API ref: Volume, MountPoint, VolumeFrom,
// EFSVolumeConfiguration, DockerVolumeConfiguration).
//
//   type            launch types     OS
//   EBS             EC2, Fargate     Linux            one per task, configured at launch
//   EFS             EC2, Fargate     Linux            Fargate platform >= 1.4.0; not on external instances
//   Docker volumes  EC2 (+external)  Linux, Windows   not on Fargate
//   bind mounts     EC2, Fargate     Linux, Windows   host.sourcePath only on EC2/external
#include <set>

#include "validate/rules.h"

namespace ecsplay::rules {

void storage(const TaskDefinition& td, Findings& out) {
  std::set<std::string> names;
  int ebsCount = 0;
  for (size_t i = 0; i < td.volumes.size(); ++i) {
    const Volume& v = td.volumes[i];
    std::string path = indexPath("volumes", i);
    if (v.name.empty()) {
      out.push_back({joinPath(path, "name"), "MissingVolumeName", Severity::Error,
                     "A volume needs a name: mount points refer to it by that name."});
    } else if (!isValidName(v.name, 255)) {
      out.push_back({joinPath(path, "name"), "InvalidVolumeName", Severity::Error,
                     "Volume name \"" + clip(v.name, 60) +
                         "\" is not valid: up to 255 letters (uppercase and lowercase), numbers, underscores, and "
                         "hyphens are allowed."});
    } else if (!names.insert(v.name).second) {
      out.push_back({joinPath(path, "name"), "DuplicateVolumeName", Severity::Error,
                     "Volume names must be unique within a task definition: \"" + v.name + "\" is used twice."});
    }
    if (v.configuredKinds > 1) {
      out.push_back({path, "AmbiguousVolumeType", Severity::Error,
                     "A volume is one kind of storage: set only one of host, dockerVolumeConfiguration, "
                     "efsVolumeConfiguration, fsxWindowsFileServerVolumeConfiguration, s3filesVolumeConfiguration or "
                     "configuredAtLaunch."});
    }
    if (v.kind == VolumeKind::Ebs) ++ebsCount;

    if (v.kind == VolumeKind::Efs) {
      // EFS (API ref: EFSVolumeConfiguration, EFSAuthorizationConfig): IAM authorization and
      // access points need transit encryption; with an access point the root directory must be
      // omitted or "/" (the access point sets it); a transit encryption port needs encryption on.
      std::string epath = joinPath(path, "efsVolumeConfiguration");
      bool encrypted = v.efsTransitEncryption == std::optional<std::string>("ENABLED");
      if (v.efsIam == std::optional<std::string>("ENABLED") && !encrypted) {
        out.push_back({joinPath(epath, "transitEncryption"), "EfsIamNeedsTransitEncryption", Severity::Error,
                       "EFS IAM authorization requires TransitEncryption to be enabled."});
      }
      if (v.efsAccessPointId && !encrypted) {
        out.push_back({joinPath(epath, "transitEncryption"), "EfsAccessPointNeedsTransitEncryption", Severity::Error,
                       "EFS access points require TransitEncryption to be enabled. (authorizationConfig.accessPointId "
                       "is set.)"});
      }
      if (v.efsAccessPointId && v.efsRootDirectory && *v.efsRootDirectory != "/") {
        out.push_back({joinPath(epath, "rootDirectory"), "EfsRootDirectoryWithAccessPoint", Severity::Error,
                       "When using an EFS access point, the root directory must either be set to \"/\" or be omitted."});
      }
      if (v.efsTransitEncryptionPort && !encrypted) {
        out.push_back({joinPath(epath, "transitEncryptionPort"), "EfsPortWithoutEncryption", Severity::Error,
                       "TransitEncryptionPort requires that TransitEncryption is enabled."});
      }
    }
    if (v.kind == VolumeKind::Docker) {
      // autoprovision is for shared-scope volumes (API ref: DockerVolumeConfiguration). ECS in
      // fact refuses false with task scope and accepts true, which then fails at run time
      // (research: terraform-provider-aws PR 5907 and issue 34428, aws-cdk issue 26697).
      bool taskScope = v.dockerScope.value_or("task") == "task";
      std::string apath = joinPath(path, "dockerVolumeConfiguration.autoprovision");
      if (taskScope && v.dockerAutoprovision == std::optional<bool>(false)) {
        out.push_back({apath, "AutoprovisionWithTaskScope", Severity::Error,
                       "When 'scope' parameter is 'task', 'autoprovision' must either not be specified or set to 'True'."});
      } else if (taskScope && v.dockerAutoprovision == std::optional<bool>(true)) {
        out.push_back({apath, "AutoprovisionWithTaskScope", Severity::Warning,
                       "autoprovision only applies to shared volumes: ECS registers it with scope task, but the task "
                       "fails to start. Leave it out, or set scope to shared."});
      }
      if (v.dockerDriver && v.dockerDriver->empty()) {
        out.push_back({joinPath(path, "dockerVolumeConfiguration.driver"), "EmptyDockerDriver", Severity::Error,
                       "volume.dockerVolumeConfiguration.driver should not be null or empty."});
      }
    }
    if (v.kind == VolumeKind::Bind && v.hostSourcePath && v.hostSourcePath->empty()) {
      out.push_back({joinPath(path, "host.sourcePath"), "EmptySourcePath", Severity::Error,
                     "host.sourcePath should not be blank."});
    }
  }
  // "You can attach at most one Amazon EBS volume to each Amazon ECS task" (ECS-FACTS.md, storage).
  if (ebsCount > 1) {
    out.push_back({"volumes", "TooManyEbsVolumes", Severity::Error,
                   "Each task definition revision may only have one volume configured at launch. (This one has " +
                       std::to_string(ebsCount) + "; ECS attaches at most one EBS volume to a task.)"});
  }
  // A volume configured at launch must be mounted by some container.
  for (const Volume& v : td.volumes) {
    if (v.kind != VolumeKind::Ebs || v.name.empty()) continue;
    bool mounted = false;
    for (const ContainerDefinition& c : td.containerDefinitions) {
      for (const MountPoint& mp : c.mountPoints) mounted = mounted || mp.sourceVolume == v.name;
    }
    if (!mounted) {
      out.push_back({"volumes", "UnmountedEbsVolume", Severity::Error,
                     "Volumes [" + v.name + "] are not referenced by any of the containers"});
    }
  }

  for (size_t i = 0; i < td.containerDefinitions.size(); ++i) {
    const ContainerDefinition& c = td.containerDefinitions[i];
    std::string path = containerPath(i);
    std::set<std::string> containerPaths;
    for (size_t m = 0; m < c.mountPoints.size(); ++m) {
      const MountPoint& mp = c.mountPoints[m];
      std::string mpath = indexPath(joinPath(path, "mountPoints"), m);
      if (mp.sourceVolume.empty()) {
        out.push_back({joinPath(mpath, "sourceVolume"), "MissingSourceVolume", Severity::Error,
                       "A mount point needs sourceVolume: the name of a volume in the task definition's volumes."});
      } else if (!td.volume(mp.sourceVolume)) {
        std::string known;
        for (const Volume& v : td.volumes) known += (known.empty() ? "" : ", ") + v.name;
        out.push_back({joinPath(mpath, "sourceVolume"), "UnknownSourceVolume", Severity::Error,
                       "Unknown volume '" + mp.sourceVolume + "'. (" +
                           (known.empty() ? std::string("The task definition has no volumes.")
                                          : "The task definition's volumes: " + known + ".") +
                           ")"});
      }
      if (mp.containerPath.empty()) {
        out.push_back({joinPath(mpath, "containerPath"), "MissingContainerPath", Severity::Error,
                       "A mount point needs containerPath: where the volume appears inside the container."});
      } else if (!containerPaths.insert(mp.containerPath).second) {
        out.push_back({joinPath(mpath, "containerPath"), "DuplicateContainerPath", Severity::Error,
                       "Two mount points of " + containerLabel(c) + " use containerPath \"" + mp.containerPath + "\"."});
      }
    }
    for (size_t f = 0; f < c.volumesFrom.size(); ++f) {
      const VolumeFrom& vf = c.volumesFrom[f];
      if (vf.sourceContainer.empty()) continue;  // reported by the shape check when absent
      if (vf.sourceContainer == c.name || !td.container(vf.sourceContainer)) {
        out.push_back({joinPath(indexPath(joinPath(path, "volumesFrom"), f), "sourceContainer"),
                       "UnknownSourceContainer", Severity::Error,
                       "Invalid 'volumesFrom' setting. Unknown container: '" + vf.sourceContainer + "'."});
      }
    }
  }
}

void storageFor(const TaskDefinition& td, LaunchType type, const ValidationOptions& options, Findings& out) {
  bool windows = td.isWindows();
  for (size_t i = 0; i < td.volumes.size(); ++i) {
    const Volume& v = td.volumes[i];
    std::string path = indexPath("volumes", i);
    auto refuse = [&](const std::string& field, const char* code, const std::string& why) {
      out.push_back({field.empty() ? path : joinPath(path, field), code, Severity::Error, why});
    };
    switch (v.kind) {
      case VolumeKind::Ebs:
        if (type == LaunchType::EXTERNAL) refuse("configuredAtLaunch", "EbsNotOnExternal", "EBS volumes are not supported on external instances (ECS Anywhere); they attach on EC2 and Fargate.");
        // ECS-FACTS.md lists EBS for Linux; today's storage table adds Windows on EC2.
        if (windows && type == LaunchType::FARGATE) refuse("configuredAtLaunch", "EbsNotOnWindows", "EBS volumes attach to Linux tasks on Fargate; Windows tasks get them on EC2 only.");
        break;
      case VolumeKind::Efs:
        if (type == LaunchType::EXTERNAL) refuse("efsVolumeConfiguration", "EfsNotOnExternal", "EFS volumes are not supported on external instances (ECS Anywhere).");
        if (windows) refuse("efsVolumeConfiguration", "EfsNotOnWindows", "EFS volumes are supported for Linux tasks only; use an FSx for Windows File Server volume for Windows.");
        if (type == LaunchType::FARGATE && options.platformVersion && !platformAtLeast(*options.platformVersion, 1, 4, 0)) {
          refuse("efsVolumeConfiguration", "EfsNeedsPlatform140", "EFS volumes on Fargate need platform version 1.4.0 or later; the task would run on " + *options.platformVersion + ".");
        }
        break;
      case VolumeKind::Docker:
        if (type == LaunchType::FARGATE) refuse("dockerVolumeConfiguration", "FargateUnsupportedParameter", "Fargate compatible task definitions do not support dockerVolumeConfiguration (use a bind mount, a volume with only a name, or EFS or EBS)");
        if (windows && v.dockerDriver && *v.dockerDriver != "local") refuse("dockerVolumeConfiguration.driver", "DockerDriverOnWindows", "Windows containers support only the local Docker volume driver.");
        break;
      case VolumeKind::Bind:
        if (type == LaunchType::FARGATE && v.hostSourcePath) refuse("host.sourcePath", "FargateUnsupportedParameter", "Fargate compatible task definitions do not support sourcePath (a bind mount on Fargate is an empty, task-scoped volume: leave out host)");
        break;
      case VolumeKind::FsxWindows:
        if (!windows || type == LaunchType::EXTERNAL) refuse("fsxWindowsFileServerVolumeConfiguration", "FsxNeedsWindows", "FSx for Windows File Server volumes are for Windows tasks on EC2 or Fargate; set runtimePlatform.operatingSystemFamily to a Windows family.");
        break;
      case VolumeKind::S3Files:
        break;
    }
  }
}

}  // namespace ecsplay::rules
