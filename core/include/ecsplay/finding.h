// ecsplay/finding.h — what ecsplay says about an input: a list of findings.
//
// Errors are values in ecsplay (DESIGN.md, "Conventions"): a loader or a rule never throws and
// never aborts on bad input; it appends a Finding and carries on, so a user sees every problem at
// once, as ECS's console does for a task definition.
//
//   path      where: "containerDefinitions[1].memoryReservation" ("" = the whole input)
//   code      a stable, CamelCase identifier tests and tools can match ("FargateCpuMemory")
//   severity  Error: ECS would refuse it (RegisterTaskDefinition or the launch would fail).
//             Warning: ECS accepts it but it will not behave as written, or the AWS CLI refuses it.
//             Info: a note on what ECS does with it (a conversion, a default, a requirement).
//   message   ECS's own wording where it is known, else a sentence naming the allowed values.
#pragma once

#include <string>
#include <vector>

namespace ecsplay {

enum class Severity { Error, Warning, Info };

struct Finding {
  std::string path;
  std::string code;
  Severity severity = Severity::Error;
  std::string message;
};

using Findings = std::vector<Finding>;

const char* severityName(Severity severity);  // "error", "warning", "info"
bool hasErrors(const Findings& findings);
size_t countSeverity(const Findings& findings, Severity severity);

// Appends "a.b", "a[3]" path segments; an empty base gives just the member.
std::string joinPath(const std::string& base, const std::string& member);
std::string indexPath(const std::string& base, size_t index);

// The first `maxBytes` bytes of s, cut back to a whole UTF-8 character, with "..." when cut:
// messages quote user text, and a message must stay valid UTF-8.
std::string clip(const std::string& s, size_t maxBytes);

}  // namespace ecsplay
