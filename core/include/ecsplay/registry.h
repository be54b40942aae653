// ecsplay/registry.h — registered task definitions: families, revisions and their statuses.
//
// RegisterTaskDefinition validates (validate.h) and, when ECS would accept the definition, stores
// it as the family's next revision: `family:revision`, ARN
// arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REV. Revisions only grow, even after
// deregistration and deletion (ECS-FACTS.md, task definitions).
//
// Statuses (API ref: DeregisterTaskDefinition, DeleteTaskDefinitions):
//   ACTIVE              after registration
//   INACTIVE            after DeregisterTaskDefinition: still describable; refused for new tasks and
//                       services; existing ones keep running and can still scale. ECS may take up
//                       to 10 minutes to refuse new tasks; ecsplay refuses at once.
//   DELETE_IN_PROGRESS  after DeleteTaskDefinitions, which needs INACTIVE first; the revision
//                       disappears once nothing uses it: at once when unused, else when the last
//                       task or service lets go of it (release()). ECS deletes in the background;
//                       ecsplay does not model that delay.
//
// References resolve as the API resolves them: "family" (the latest ACTIVE revision),
// "family:rev", or the full ARN.
//
// Not simulated: tags on task definitions beyond storing them; IAM; the 1,000,000-revisions quota.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecsplay/validate.h"

namespace ecsplay {

// An AWS-shaped error: {"__type": type, "message": message} on the wire.
struct ApiError {
  std::string type;  // "ClientException", "InvalidParameterException", ...
  std::string message;
};

struct RegisteredTaskDefinition {
  TaskDefinition definition;
  int revision = 0;
  std::string status = "ACTIVE";  // ACTIVE | INACTIVE | DELETE_IN_PROGRESS
  std::vector<LaunchType> compatibilities;
  std::vector<std::string> requiresAttributes;
  int64_t registeredAtMs = 0;
  std::optional<int64_t> deregisteredAtMs;
  std::optional<int64_t> deleteRequestedAtMs;
  int users = 0;  // tasks and services using this revision (the engine counts them)
  std::string arn;
};

struct RegisterResult {
  const RegisteredTaskDefinition* registered = nullptr;  // set on success
  std::optional<ApiError> error;  // ECS's ClientException: its first error finding
  Findings findings;              // every finding, warnings and notes included
};

struct DeleteResult {
  // The revisions as DeleteTaskDefinitions returns them (status DELETE_IN_PROGRESS), as copies:
  // those that nothing uses are gone from the registry when the call returns.
  std::vector<RegisteredTaskDefinition> deleted;
  std::vector<std::pair<std::string, std::string>> failures;  // (arn or reference, reason)
};

enum class FamilyStatus { Active, Inactive, All };

class TaskDefinitionRegistry {
 public:
  TaskDefinitionRegistry(std::string region = "us-east-1", std::string accountId = "123456789012");

  [[nodiscard]] RegisterResult registerTaskDefinition(const Json& input, int64_t nowMs,
                                                      const ValidationOptions& options = {});

  // DescribeTaskDefinition: any status; "family" alone resolves to the latest ACTIVE revision.
  const RegisteredTaskDefinition* find(std::string_view reference) const;
  // As find(), with ECS's error when nothing matches.
  const RegisteredTaskDefinition* describe(std::string_view reference, ApiError& error) const;

  // DeregisterTaskDefinition: needs a revision (family:rev or ARN).
  const RegisteredTaskDefinition* deregister(std::string_view reference, int64_t nowMs, ApiError& error);

  // DeleteTaskDefinitions: each reference must be an INACTIVE revision; at most 10 per call.
  [[nodiscard]] DeleteResult deleteTaskDefinitions(const std::vector<std::string>& references, int64_t nowMs,
                                                   std::optional<ApiError>& error);

  // ListTaskDefinitions: ARNs, by family then revision (ascending or descending).
  std::vector<std::string> list(std::string_view familyPrefix, std::string_view status = "ACTIVE",
                                bool descending = false) const;
  // ListTaskDefinitionFamilies: ACTIVE = families with an ACTIVE revision; INACTIVE = families
  // whose revisions are all INACTIVE or being deleted; ALL = both. A family whose revisions are
  // all deleted is not listed (its revision counter is kept: re-registering continues it).
  std::vector<std::string> families(std::string_view familyPrefix, FamilyStatus status = FamilyStatus::Active) const;

  // Tasks and services count their use of a revision; a DELETE_IN_PROGRESS revision that nobody
  // uses any more is removed.
  void retain(const RegisteredTaskDefinition& td);
  void release(const RegisteredTaskDefinition& td);

  // The DescribeTaskDefinition form of a revision.
  Json describeJson(const RegisteredTaskDefinition& td) const;

  const std::string& region() const { return region_; }
  const std::string& accountId() const { return accountId_; }

 private:
  struct Family {
    int lastRevision = 0;
    std::map<int, RegisteredTaskDefinition> revisions;
  };
  RegisteredTaskDefinition* resolve(std::string_view reference, bool needRevision, std::string* why);
  void purge(Family& family, int revision);

  std::string region_;
  std::string accountId_;
  std::map<std::string, Family> families_;
};

// "web:3" -> ("web", 3); an ARN "arn:aws:ecs:...:task-definition/web:3" -> ("web", 3);
// "web" -> ("web", nullopt). Returns false when the text cannot be a reference.
bool parseTaskDefinitionReference(std::string_view reference, std::string& family, std::optional<int>& revision);

}  // namespace ecsplay
