// The simulation screen's state: one scenario running on the Engine, the learner's hold on time
// (play at a speed, pause, step to the next event, seek anywhere from 0 to the furthest time
// simulated), the cluster at the current time as table rows, the event log up to now in words,
// the selected task, and what the last action answered.
//
// Panels read it; they change it only by pushing SimCommands. Everything that changes the world
// (StopTask, TerminateInstance) goes to the engine as a command, so it is journaled: seeking back
// past it and forward again replays it, and an action taken in the past starts a new future.
// No ImGui here: tests drive it directly. Time is simulated milliseconds (SimTime).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ecsplay/engine.h"

namespace ecsplay::playground {

struct SimCommand {
  enum class Kind {
    Load,               // text: a shipped scenario's id ("task-lifecycle"), file name or name
    LoadText,           // text: a whole scenario document (JSON)
    Close,              // back to the gallery
    Restart,            // the current scenario again from time 0, without the actions taken
    Play,               // speed (simulated seconds per real second) when > 0
    Pause,
    SetSpeed,           // speed
    Seek,               // time
    NextEvent,          // to the time of the next entry of the event log
    SelectTask,         // text: a task id, short id, ARN or "#N" (the N-th row) ("" clears the selection)
    SelectContainer,    // text: a container of the selected task
    StopTask,           // text: as SelectTask ("" for the selected task)
    TerminateInstance,  // text: an ec2InstanceId
  };
  Kind kind = Kind::Pause;
  std::string text;
  SimTime time = 0;
  int speed = 0;
};

// "load task-lifecycle", "text {...}", "close", "restart", "play [SPEED]", "pause", "speed N",
// "seek MS", "seek 4m30s", "next", "select TASK", "container NAME", "stop [TASK]",
// "terminate INSTANCE": the browser hook's small language. False, with the reason, for anything else.
bool parseSimRequest(const std::string& request, SimCommand& out, std::string& error);

// "0:01:30" (H:MM:SS); "0:03:01.500" when the time is not on a whole second.
std::string formatClock(SimTime t);

struct SimContainerRow {
  std::string name, image, lastStatus, healthStatus, reason;
  std::optional<int> exitCode;
  std::optional<int> restartCount;  // restarts in place under a restartPolicy
};

struct SimTaskRow {
  std::string arn, id, shortId;  // id: the last part of the ARN; shortId: its first 8 characters
  std::string cluster;           // the cluster's name
  std::string definition;        // "web:1"
  std::string lastStatus, desiredStatus, healthStatus;
  std::string launchType, capacityProvider, zone;
  std::string instanceId;        // the EC2 instance it runs on ("" on Fargate)
  std::string where;             // "i-0a1b2c3d4e5f60001", "FARGATE", "FARGATE_SPOT", "waiting for capacity"
  std::string stopCode, stoppedReason, startedBy, group;
  std::string target;            // its load balancer target: "initial", "healthy", "unhealthy", "draining", or ""
  std::vector<SimContainerRow> containers;
};

struct SimInstanceRow {
  std::string arn, ec2InstanceId, cluster, instanceType, zone, status, capacityProvider;
  bool agentConnected = true;
  int cpuRegistered = 0, cpuRemaining = 0, memoryRegistered = 0, memoryRemaining = 0;
  std::vector<std::string> tasks;  // short ids of the tasks on it that are not STOPPED
};

// A service at the current time, from DescribeServices' form.
struct SimServiceRow {
  std::string name, status, scheduling;
  int desired = 0, running = 0, pending = 0;
  std::string deployments;  // "web:2 IN_PROGRESS 2/4  <-  web:1 4 running"
  std::string latestEvent;  // the newest service event
  std::string targets;      // behind a load balancer: "web-tg: 2 healthy, 1 initial", else ""
};

struct SimLogLine {
  SimTime time = 0;
  std::string type;    // the LogEntry's type: "TaskStateChange", "Note", ...
  std::string text;    // Engine::describe
  std::string task;    // the task it is about (full id), or ""
  std::string toStatus;  // a TaskStateChange's new lastStatus, or ""
  std::string toHealth;  // a task's or container's new healthStatus, or ""
  bool note = false;   // the scenario's narration
  bool error = false;  // a failed call or fault, tasks not placed
};

class Simulation {
 public:
  // Speeds the time controls offer, in simulated seconds per real second.
  static const std::vector<int>& speeds();
  static constexpr SimTime kDefaultEnd = 30 * 60000;       // when a scenario sets no "until"
  static constexpr SimTime kMaxTime = 24LL * 3600000;      // playing and seeking stop here
  static constexpr size_t kMaxTextBytes = 4 * 1024 * 1024; // a scenario given as text

  Simulation();
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  std::string apply(const SimCommand& command);  // "" or why it was refused
  // The frame's real time passing: when playing, the clock moves speed x seconds. Stops at the
  // scenario's end (once; play again to go on) and at kMaxTime.
  void advance(double realSeconds);

  bool loaded() const { return engine_ != nullptr; }
  const std::string& scenarioId() const { return id_; }  // "" for a scenario given as text
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  // The last load that failed: a summary line and every error ("timeline[2].at: ..."); empty after a good load.
  const std::string& loadError() const { return loadError_; }
  const std::vector<std::string>& loadErrors() const { return loadErrors_; }

  SimTime now() const;
  SimTime frontier() const;
  SimTime until() const { return until_; }  // the scenario's own end, or kDefaultEnd
  SimTime end() const;                       // the time slider's end: max(frontier, until)
  bool playing() const { return playing_; }
  int speed() const { return speed_; }

  const std::vector<SimTaskRow>& tasks() const { return tasks_; }
  const std::vector<SimInstanceRow>& instances() const { return instances_; }
  const std::vector<SimServiceRow>& services() const { return services_; }
  bool hasTargetGroups() const { return hasTargetGroups_; }
  const std::vector<std::string>& clusters() const { return clusters_; }
  int failureCount() const { return failures_; }  // RunTask failures so far
  const std::vector<SimLogLine>& log() const { return log_; }  // up to now, oldest first
  // The scenario's narration: the last Note at or before now (null before the first).
  const SimLogLine* latestNote() const;
  // When the scenario's timeline narrates ("note" entries), reached or not: marks on the time slider.
  const std::vector<SimTime>& noteTimes() const { return noteTimes_; }

  const std::string& selectedTaskArn() const { return selectedTask_; }
  const SimTaskRow* selectedTask() const;  // null when none is selected or it does not exist at this time
  const std::string& selectedContainer() const { return selectedContainer_; }
  // Engine::containerRuntime for the selected container: environment and CPU, or an error.
  const ApiReply& runtime() const { return runtime_; }

  // What the last action (StopTask, TerminateInstance) or a step answered, in words.
  const std::string& message() const { return message_; }
  bool messageIsError() const { return messageError_; }

  // {"loaded", "scenario", "name", "now", "nowText", "frontier", "end", "until", "playing", "speed",
  //  "loadError", "loadErrors", "tasks", "instances", "services", "log", "latestNote", "selectedTask",
  //  "selectedContainer", "runtime", "message", "messageIsError"}: for the browser test hook.
  std::string stateJson() const;

  const Engine* engine() const { return engine_.get(); }

 private:
  std::string applyCommand(const SimCommand& command);
  std::string load(const std::string& text, const std::string& id, const std::string& label);
  void refresh();  // rebuilds the rows and the log from the engine after any change
  void refreshLog();
  void refreshRuntime();
  void setMessage(const std::string& text, bool error);
  const SimTaskRow* findTask(const std::string& key) const;

  std::unique_ptr<Engine> engine_;
  std::string id_, name_, description_, text_;
  std::string loadError_;
  std::vector<std::string> loadErrors_;
  SimTime until_ = kDefaultEnd;
  bool playing_ = false;
  bool stopAtUntil_ = true;  // the next play stops at the scenario's end
  int speed_ = 10;
  double carryMs_ = 0;       // the fraction of a millisecond real time has not yet paid for

  std::vector<SimTaskRow> tasks_;
  std::vector<SimInstanceRow> instances_;
  std::vector<SimServiceRow> services_;
  bool hasTargetGroups_ = false;
  std::vector<std::string> clusters_;
  int failures_ = 0;
  std::vector<SimLogLine> log_;
  std::vector<SimTime> noteTimes_;
  std::string selectedTask_, selectedContainer_;
  ApiReply runtime_;
  std::string message_;
  bool messageError_ = false;
};

}  // namespace ecsplay::playground
