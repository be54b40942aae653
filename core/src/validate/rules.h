// The rule sets validate.cpp runs, one file each. Each appends findings and never fails.
#pragma once

#include <string>
#include <vector>

#include "ecsplay/finding.h"
#include "ecsplay/task_definition.h"
#include "ecsplay/validate.h"

namespace ecsplay::rules {

// Registration rules that hold whatever the launch type.
void taskLevel(const TaskDefinition& td, Findings& out);              // task_level.cpp
void containers(const TaskDefinition& td, Findings& out);             // containers.cpp
void ports(const TaskDefinition& td, Findings& out);                  // ports.cpp
void healthAndDependencies(const TaskDefinition& td, Findings& out);  // health_and_dependencies.cpp
void storage(const TaskDefinition& td, Findings& out);                // storage.cpp

// Launch-type rules (launch_types.cpp, storage.cpp): findings for what cannot run there.
void storageFor(const TaskDefinition& td, LaunchType type, const ValidationOptions& options, Findings& out);

// Helpers shared by the rule files.
std::string containerPath(size_t index);                       // "containerDefinitions[2]"
std::string containerLabel(const ContainerDefinition& c);      // "container 'web'"
bool isValidName(const std::string& s, size_t maxLength);      // letters, digits, '-', '_'
// Is `version` ("1.4.0", "1.3.0", "LATEST") at least 1.<minor>.<patch>? LATEST counts as new enough.
bool platformAtLeast(const std::string& version, int major, int minor, int patch);

}  // namespace ecsplay::rules
