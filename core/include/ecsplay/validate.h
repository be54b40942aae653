// ecsplay/validate.h — what ECS says about a task definition: resource validation.
//
// validateTaskDefinition runs, in order:
//   1. the JSON reader (json_input.h): size, depth and syntax;
//   2. the API shape check (api_model.h): unknown fields, types, enums, required fields;
//   3. ECS's registration rules, the ones RegisterTaskDefinition enforces whatever the launch type
//      (family name, 1-10 containers, cpu/memory units and bounds, container memory versus
//      memoryReservation, container totals versus the task's, ports, health checks, dependsOn,
//      volumes and mount points);
//   4. the rules of each launch type the definition is judged for: the ones in
//      requiresCompatibilities (FARGATE's are registration errors even beside EC2), or the one
//      asked for (`ecsplay validate --launch-type`), as RunTask would judge it.
// It also computes what ECS adds at registration: `compatibilities` (the launch types the
// definition can run on) and `requiresAttributes`, and the registered (normalized) form.
//
// Every rule cites its source in ../shared/ECS-FACTS.md or the ECS documentation, next to its code,
// and has a test in tests/validate/ that fails without it.
//
// Not simulated: IAM (roles are not checked to exist), image names, secrets' ARNs, log driver
// options, App Mesh's proxy properties beyond their presence, MANAGED_INSTANCES rules (the
// launch type is accepted and judged as EC2 is, with a note).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecsplay/finding.h"
#include "ecsplay/task_definition.h"

namespace ecsplay {

struct ValidationOptions {
  // Judge the definition as RunTask would for this launch type. Unset: the launch types in
  // requiresCompatibilities (EC2 when the list is empty).
  std::optional<LaunchType> launchType;
  // The Fargate platform version the task would run on ("1.4.0", "1.3.0", "LATEST"). Unset: the
  // rules that need 1.4.0 give a note instead of an error.
  std::optional<std::string> platformVersion;
  JsonLimits jsonLimits;
};

struct Validation {
  bool jsonOk = false;       // the text was JSON (an object or not)
  std::string jsonError;     // when !jsonOk
  size_t errorLine = 0, errorColumn = 0;
  Findings findings;         // every finding, errors first then in input order
  TaskDefinition definition; // what could be read
  std::vector<LaunchType> judgedFor;        // the launch types the rules ran for (registration + run)
  std::vector<LaunchType> registeredFor;    // requiresCompatibilities, or EC2 when it is empty
  std::optional<LaunchType> runOn;          // ValidationOptions::launchType
  std::vector<LaunchType> compatibilities;  // as ECS computes them at registration
  std::vector<std::string> requiresAttributes;
  Json registered;           // the registered form (revision 1), even when invalid, for display
  bool valid() const { return jsonOk && !hasErrors(findings); }
};

[[nodiscard]] Validation validateTaskDefinitionText(std::string_view text, const ValidationOptions& options = {});
[[nodiscard]] Validation validateTaskDefinition(const Json& input, const ValidationOptions& options = {});

// The launch-type rules on their own (step 4 above), for a parsed definition. Findings are
// appended with Error severity when the definition cannot run on `type`.
void checkLaunchType(const TaskDefinition& td, LaunchType type, const ValidationOptions& options, Findings& out);

// {"valid": bool, "findings": [{"path","code","severity","message"}], "taskDefinition": {...}}
Json validationToJson(const Validation& v);

// What the definition was judged as, in words: "registered for EC2, FARGATE" or "registered for
// EC2 and run on FARGATE".
std::string judgementText(const Validation& v);

}  // namespace ecsplay

namespace ecsplay {
// The container instance attributes a definition needs, as ECS lists them in requiresAttributes
// (placement only considers instances that have them all). See requires_attributes.cpp.
std::vector<std::string> requiresAttributes(const TaskDefinition& td);
}  // namespace ecsplay
