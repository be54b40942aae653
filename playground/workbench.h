// The task definition workbench: the state behind the first playground screen.
//
// It holds the editor's text and the launch type to judge for, and keeps the validation of that
// text (core/validate) up to date. Panels read it through const references and change it only by
// pushing Commands, which App applies between frames.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ecsplay/registry.h"
#include "ecsplay/validate.h"

namespace ecsplay::playground {

// The editor refuses text above this size with a message, so a 10 MB paste cannot slow every
// frame down. A registered task definition is at most 64 KiB; pretty-printed JSON needs more.
constexpr size_t kEditorLimitBytes = 1024 * 1024;

struct Command {
  enum class Kind {
    SetText,        // text
    SetLaunchType,  // launchType (nullopt: judge for requiresCompatibilities)
    LoadExample,    // index
    SetTaskSize,    // cpu, memory: rewrite the definition's task-level cpu and memory
    Register,       // RegisterTaskDefinition with the editor's text
    Deregister,     // DeregisterTaskDefinition of text (an ARN)
    Delete,         // DeleteTaskDefinitions of text (an ARN)
  };
  Kind kind = Kind::SetText;
  std::string text;
  std::optional<LaunchType> launchType;
  int index = 0;
  int cpu = 0, memory = 0;
  bool fromEditor = false;  // SetText typed in the editor itself (it already shows the text)
};

class Workbench {
 public:
  Workbench();

  // Applies one command. Returns an error sentence when it refused the command (e.g. text over
  // the editor's limit), else "".
  std::string apply(const Command& command);

  const std::string& text() const { return text_; }
  const Validation& validation() const { return validation_; }
  std::optional<LaunchType> launchType() const { return launchType_; }
  int exampleIndex() const { return example_; }
  // Bumped whenever the text changes from outside the editor (example, task size, JS hook), so
  // the editor knows to reload its buffer.
  int textVersion() const { return textVersion_; }
  // The registered form, pretty-printed (cached).
  const std::string& registeredText() const { return registeredText_; }
  // {"valid", "findings", "taskDefinition", "launchType", "jsonError"}: for the browser test hook.
  std::string stateJson() const;

  // The session's task definition registry: what Register / Deregister / Delete act on.
  const TaskDefinitionRegistry& registry() const { return registry_; }
  // What the last registry call answered: "Registered web:3." or ECS's error.
  const std::string& registryMessage() const { return registryMessage_; }
  bool registryMessageIsError() const { return registryError_; }

 private:
  void revalidate();

  std::string text_;
  std::optional<LaunchType> launchType_;
  int example_ = -1;
  int textVersion_ = 0;
  Validation validation_;
  std::string registeredText_;
  TaskDefinitionRegistry registry_;
  int64_t clockMs_ = 1767225600000;  // the session's clock: 2026-01-01T00:00:00Z, one second per call
  std::string registryMessage_;
  bool registryError_ = false;
};

}  // namespace ecsplay::playground
