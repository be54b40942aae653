// The placement lab: the state behind the playground's Placement screen.
//
// A small cluster of container instances, the RunTask request being drafted (count, group,
// strategies, constraints) for the task definition in the editor, the explanation of where its
// next task would go, and the placements made so far. Panels read it; they change it only by
// pushing LabCommands. No ImGui here: tests drive it directly.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ecsplay/placer.h"
#include "ecsplay/validate.h"

namespace ecsplay::playground {

struct LabCommand {
  enum class Kind {
    ResetCluster,     // the demo cluster, no tasks
    AddInstances,     // text = instance type, zone, count
    SetStatus,        // index, text = ACTIVE | DRAINING
    SetAgent,         // index, flag = connected
    SetAttribute,     // index, text = name, value (empty name: nothing)
    SetRequest,       // request (strategies, constraints, count, group)
    RunTask,          // place the request's tasks
    StopAllTasks,     // every placed task stops
  };
  Kind kind = Kind::ResetCluster;
  int index = 0;
  int count = 1;
  bool flag = false;
  std::string text, zone, value;
  PlacementRequest request;
};

struct PlacedTask {
  int instance;
  TaskNeeds needs;
  std::string group;
  HostPorts ports;
};

class PlacementLab {
 public:
  PlacementLab();

  // The task definition to place: the editor's, when ECS would accept it.
  void setTaskDefinition(const Validation& validation);
  std::string apply(const LabCommand& command);  // "" or why it was refused

  const std::vector<PlacementInstance>& instances() const { return placer_->instances(); }
  const PlacementRequest& request() const { return request_; }
  bool hasTask() const { return hasTask_; }
  const std::string& taskSummary() const { return taskSummary_; }
  const std::string& requestError() const { return requestError_; }  // the draft's InvalidParameterException
  const CompiledRequest* compiled() const { return compiledOk_ ? &compiled_ : nullptr; }
  const std::optional<PlacementExplanation>& explanation() const { return explanation_; }
  const std::string& lastReply() const { return lastReply_; }   // the last RunTask, as JSON
  const std::vector<PlacedTask>& placed() const { return placed_; }
  int tasksOn(int instance) const;
  // {"instances": [{"ec2InstanceId", "status", "remainingCpu", "remainingMemory", "tasks", "verdict"}],
  //  "chosen", "failure", "requestError", "lastReply"}: for the browser test hook.
  std::string stateJson() const;
  static const std::vector<std::string>& zones();

 private:
  void rebuild(std::vector<PlacementInstance> instances);
  void recompile();
  void explain();

  std::unique_ptr<Placer> placer_;
  std::vector<PlacedTask> placed_;
  PlacementRequest request_;
  CompiledRequest compiled_;
  bool compiledOk_ = false;
  bool hasTask_ = false;
  TaskNeeds needs_;
  std::string taskSummary_;
  std::string requestError_;
  std::optional<PlacementExplanation> explanation_;
  std::string lastReply_;
  Random random_{20261125};
  int nextInstance_ = 0;
};

}  // namespace ecsplay::playground
