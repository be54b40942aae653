// The event log in words, for the command line's timeline and the playground (see
// Engine::describe). One line per entry; task ids shortened to their first 8 characters, as the
// console does in its lists.
#include "sim/state.h"

namespace ecsplay {
namespace {

std::string text(const Json& detail, const char* key) {
  auto it = detail.find(key);
  if (it == detail.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

std::string shortTask(const Json& detail) { return "task " + text(detail, "task").substr(0, 8); }

}  // namespace

std::string Engine::describe(const LogEntry& e) const {
  const Json& d = e.detail;
  std::string_view type = e.type;
  if (type == "TaskStateChange") return shortTask(d) + " " + text(d, "from") + " -> " + text(d, "to");
  if (type == "TaskCreated") {
    std::string where = text(d, "containerInstance");
    std::string provider = text(d, "capacityProvider");
    std::string s = shortTask(d) + " (" + text(d, "taskDefinition") + ") created";
    if (d.contains("waitingForCapacity")) {
      return s + " by capacity provider " + provider + ", waiting in PROVISIONING for capacity (" + text(d, "waitingForCapacity") + ")";
    }
    if (where == "FARGATE") s += " on " + (provider.empty() ? std::string("Fargate") : provider);
    else s += " on " + where + (provider.empty() ? "" : " (capacity provider " + provider + ")");
    return s + " in " + text(d, "availabilityZone");
  }
  if (type == "TaskStopping") {
    std::string code = text(d, "stopCode");
    return shortTask(d) + " stopping: " + (code.empty() ? "" : code + ": ") + text(d, "stoppedReason");
  }
  if (type == "ContainerStateChange") {
    std::string s = shortTask(d) + " container " + text(d, "container") + " " + text(d, "to");
    if (d.contains("exitCode")) s += " (exit code " + text(d, "exitCode") + ")";
    if (d.contains("reason")) s += ": " + text(d, "reason");
    return s;
  }
  if (type == "ContainerRestarting") return shortTask(d) + " container " + text(d, "container") + " restarting (restart " + text(d, "restartCount") + ")";
  if (type == "ContainerHealthChange") {
    return shortTask(d) + " container " + text(d, "container") + " health " + text(d, "from") + " -> " + text(d, "to");
  }
  if (type == "TaskHealthChange") return shortTask(d) + " health " + text(d, "from") + " -> " + text(d, "to");
  if (type == "TargetGroupCreated") {
    return "target group " + text(d, "targetGroup") + " created: health check every " + text(d, "healthCheckIntervalSeconds") + " s, healthy after " +
           text(d, "healthyThresholdCount") + " passes, unhealthy after " + text(d, "unhealthyThresholdCount") + " failures, deregistration delay " +
           text(d, "deregistrationDelaySeconds") + " s";
  }
  if (type == "WaiterStarted") {
    return "aws ecs wait " + text(d, "waiter") + ": polls " + text(d, "operation") + " every " + text(d, "delaySeconds") + " s, at most " +
           text(d, "maxAttempts") + " times";
  }
  if (type == "WaiterSucceeded") {
    return "aws ecs wait " + text(d, "waiter") + " succeeded after " + text(d, "attempts") + " polls";
  }
  if (type == "WaiterFailed") return "aws ecs wait " + text(d, "waiter") + " failed (exit code 255): " + text(d, "reason");
  if (type == "TargetRegistered") return shortTask(d) + " registered as a target in " + text(d, "targetGroup");
  if (type == "TargetHealthChange") return shortTask(d) + " target in " + text(d, "targetGroup") + " " + text(d, "from") + " -> " + text(d, "to");
  if (type == "TargetDeregistered") return shortTask(d) + " deregistered from " + text(d, "targetGroup");
  if (type == "ApiCall") {
    std::string s = text(d, "operation");
    if (d.contains("error")) s += " failed: " + text(d, "error");
    return s;
  }
  if (type == "PlacementFailed") return text(d, "count") + " task(s) not placed: " + text(d, "reason");
  if (type == "ClusterCreated") return "cluster " + text(d, "cluster") + " created";
  if (type == "ClusterDeleted") return "cluster " + text(d, "cluster") + " deleted";
  if (type == "InstanceRegistered") {
    return "container instance " + text(d, "ec2InstanceId") + " (" + text(d, "instanceType") + ", " + text(d, "availabilityZone") +
           ") joined cluster " + text(d, "cluster");
  }
  if (type == "InstanceStateChange") return "container instance " + text(d, "ec2InstanceId") + " is " + text(d, "status");
  if (type == "InstanceDeregistered") return "container instance " + text(d, "ec2InstanceId") + " deregistered";
  if (type == "TaskPlaced") {
    return shortTask(d) + " placed on " + text(d, "containerInstance") + " in " + text(d, "availabilityZone") + ": capacity arrived";
  }
  if (type == "ClusterCapacityProviders") {
    std::string list;
    for (const Json& p : d.value("capacityProviders", Json::array())) list += (list.empty() ? "" : ", ") + (p.is_string() ? p.get<std::string>() : p.dump());
    return "cluster " + text(d, "cluster") + " capacity providers: " + (list.empty() ? "none" : list);
  }
  if (type == "AutoScalingGroupCreated") {
    return "Auto Scaling group " + text(d, "autoScalingGroup") + " (" + text(d, "instanceType") + ", desired capacity " + text(d, "desiredCapacity") + ")";
  }
  if (type == "CapacityProviderCreated") {
    return "capacity provider " + text(d, "capacityProvider") + " for Auto Scaling group " + text(d, "autoScalingGroup") + ", managed scaling " +
           text(d, "managedScaling");
  }
  if (type == "CapacityProviderReservation") {
    return "CapacityProviderReservation of " + text(d, "capacityProvider") + " = " + text(d, "value") + " (" + text(d, "instancesNeeded") +
           " instance(s) needed, " + text(d, "instancesRunning") + " running)";
  }
  if (type == "ScaleOut") {
    return "managed scaling: " + text(d, "autoScalingGroup") + " scales out from " + text(d, "from") + " to " + text(d, "to") + " instances";
  }
  if (type == "ServiceEvent") return "service event: " + text(d, "message");
  if (type == "ServiceCreated") return "service " + text(d, "service") + " created in cluster " + text(d, "cluster") + ", desiredCount " + text(d, "desiredCount");
  if (type == "ServiceUpdated") return "service " + text(d, "service") + " updated: desiredCount " + text(d, "desiredCount");
  if (type == "ServiceDeleted") return "service " + text(d, "service") + " deleted: DRAINING until its tasks have stopped";
  if (type == "DeploymentStarted") {
    std::string td = text(d, "taskDefinition");
    return "service " + text(d, "service") + ": deployment " + text(d, "deployment") + " of " + td.substr(td.rfind('/') + 1) + " started";
  }
  if (type == "ServiceInactive") return "service " + text(d, "service") + " is INACTIVE";
  if (type == "ScheduleCreated") return "schedule " + text(d, "schedule") + " created: " + text(d, "scheduleExpression");
  if (type == "ScheduleFired") return "schedule " + text(d, "schedule") + " fires (" + text(d, "scheduleExpression") + "): RunTask";
  if (type == "InstanceTerminated") return "EC2 terminates " + text(d, "ec2InstanceId") + " (" + text(d, "cause") + ")";
  if (type == "ScaleIn") {
    return "managed scaling: " + text(d, "autoScalingGroup") + " scales in from " + text(d, "from") + " to " + text(d, "to") + " instances";
  }
  if (type == "Fault") {
    std::string target = d.contains("ec2InstanceId") ? text(d, "ec2InstanceId")
                         : d.contains("available")  ? std::string(d["available"] == true ? "(capacity back)" : "(no capacity)")
                         : d.contains("task") && !text(d, "task").empty() ? text(d, "task")
                                                                          : std::string("every FARGATE_SPOT task");
    std::string s = "fault " + text(d, "fault") + " on " + target;
    if (d.contains("error")) s += " failed: " + text(d, "error");
    return s;
  }
  if (type == "Note") return text(d, "text");
  return std::string(type) + " " + d.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ecsplay
