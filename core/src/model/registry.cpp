// Registered task definitions (see ecsplay/registry.h).
#include "ecsplay/registry.h"

#include <algorithm>

namespace ecsplay {

bool parseTaskDefinitionReference(std::string_view reference, std::string& family, std::optional<int>& revision) {
  std::string_view ref = reference;
  if (ref.rfind("arn:", 0) == 0) {
    size_t slash = ref.find(":task-definition/");
    if (slash == std::string_view::npos) return false;
    ref = ref.substr(slash + 17);
  }
  size_t colon = ref.rfind(':');
  std::string_view name = colon == std::string_view::npos ? ref : ref.substr(0, colon);
  revision.reset();
  if (colon != std::string_view::npos) {
    std::string_view digits = ref.substr(colon + 1);
    if (digits.empty() || digits.size() > 9) return false;
    int n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    revision = n;
  }
  if (name.empty() || name.size() > 255) return false;
  family = std::string(name);
  return true;
}

TaskDefinitionRegistry::TaskDefinitionRegistry(std::string region, std::string accountId)
    : region_(std::move(region)), accountId_(std::move(accountId)) {}

RegisterResult TaskDefinitionRegistry::registerTaskDefinition(const Json& input, int64_t nowMs,
                                                              const ValidationOptions& options) {
  RegisterResult result;
  Validation v = validateTaskDefinition(input, options);
  result.findings = v.findings;
  for (const Finding& f : v.findings) {
    if (f.severity == Severity::Error) {
      // ECS answers with one message: the first rule that fails.
      result.error = ApiError{"ClientException", f.message};
      return result;
    }
  }
  Family& family = families_[v.definition.family];
  int revision = ++family.lastRevision;
  RegisteredTaskDefinition& td = family.revisions[revision];
  td.definition = std::move(v.definition);
  td.revision = revision;
  td.status = "ACTIVE";
  td.compatibilities = std::move(v.compatibilities);
  td.requiresAttributes = std::move(v.requiresAttributes);
  td.registeredAtMs = nowMs;
  td.arn = taskDefinitionArn(region_, accountId_, td.definition.family, revision);
  result.registered = &td;
  return result;
}

RegisteredTaskDefinition* TaskDefinitionRegistry::resolve(std::string_view reference, bool needRevision,
                                                          std::string* why) {
  std::string family;
  std::optional<int> revision;
  if (!parseTaskDefinitionReference(reference, family, revision)) {
    if (why) *why = "not a task definition reference (family, family:revision or ARN)";
    return nullptr;
  }
  auto it = families_.find(family);
  if (it == families_.end()) return nullptr;
  if (revision) {
    auto r = it->second.revisions.find(*revision);
    return r == it->second.revisions.end() ? nullptr : &r->second;
  }
  if (needRevision) {
    if (why) *why = "a revision is needed";
    return nullptr;
  }
  for (auto r = it->second.revisions.rbegin(); r != it->second.revisions.rend(); ++r) {
    if (r->second.status == "ACTIVE") return &r->second;
  }
  return nullptr;
}

const RegisteredTaskDefinition* TaskDefinitionRegistry::find(std::string_view reference) const {
  return const_cast<TaskDefinitionRegistry*>(this)->resolve(reference, false, nullptr);
}

const RegisteredTaskDefinition* TaskDefinitionRegistry::describe(std::string_view reference, ApiError& error) const {
  const RegisteredTaskDefinition* td = find(reference);
  if (!td) error = {"ClientException", "Unable to describe task definition."};
  return td;
}

const RegisteredTaskDefinition* TaskDefinitionRegistry::deregister(std::string_view reference, int64_t nowMs,
                                                                   ApiError& error) {
  std::string why;
  RegisteredTaskDefinition* td = resolve(reference, true, &why);
  if (!td) {
    error = {"ClientException", why == "a revision is needed"
                                    ? "Invalid revision number. Number: " + std::string(reference) +
                                          " (deregistering needs family:revision or the full ARN)."
                                    : "The specified task definition does not exist."};
    return nullptr;
  }
  if (td->status == "ACTIVE") {
    td->status = "INACTIVE";
    td->deregisteredAtMs = nowMs;
  }
  return td;
}

DeleteResult TaskDefinitionRegistry::deleteTaskDefinitions(const std::vector<std::string>& references, int64_t nowMs,
                                                           std::optional<ApiError>& error) {
  DeleteResult result;
  if (references.empty() || references.size() > 10) {
    error = ApiError{"InvalidParameterException",
                     "DeleteTaskDefinitions takes 1 to 10 task definitions per call; got " +
                         std::to_string(references.size()) + "."};
    return result;
  }
  for (const std::string& ref : references) {
    std::string why;
    RegisteredTaskDefinition* td = resolve(ref, true, &why);
    if (!td) {
      result.failures.push_back({ref, why == "a revision is needed" ? "The task definition revision is missing."
                                                                   : "The specified task definition does not exist."});
      continue;
    }
    if (td->status == "ACTIVE") {
      result.failures.push_back({td->arn, "The specified task definition is still in ACTIVE status. Please "
                                          "deregister the target and try again."});
      continue;
    }
    if (td->status == "INACTIVE") {
      td->status = "DELETE_IN_PROGRESS";
      td->deleteRequestedAtMs = nowMs;
    }
    result.deleted.push_back(*td);
    purge(families_[td->definition.family], td->revision);  // td is gone if nothing used it
  }
  return result;
}

void TaskDefinitionRegistry::purge(Family& family, int revision) {
  auto it = family.revisions.find(revision);
  if (it != family.revisions.end() && it->second.status == "DELETE_IN_PROGRESS" && it->second.users == 0) {
    family.revisions.erase(it);  // the family and its revision counter stay
  }
}

void TaskDefinitionRegistry::retain(const RegisteredTaskDefinition& td) {
  auto f = families_.find(td.definition.family);
  if (f == families_.end()) return;
  auto r = f->second.revisions.find(td.revision);
  if (r != f->second.revisions.end()) ++r->second.users;
}

void TaskDefinitionRegistry::release(const RegisteredTaskDefinition& td) {
  auto f = families_.find(td.definition.family);
  if (f == families_.end()) return;
  auto r = f->second.revisions.find(td.revision);
  if (r == f->second.revisions.end()) return;
  if (r->second.users > 0) --r->second.users;
  purge(f->second, td.revision);
}

std::vector<std::string> TaskDefinitionRegistry::list(std::string_view familyPrefix, std::string_view status,
                                                      bool descending) const {
  std::vector<std::string> out;
  for (const auto& [name, family] : families_) {
    if (name.compare(0, familyPrefix.size(), familyPrefix) != 0) continue;
    for (const auto& [rev, td] : family.revisions) {
      if (status.empty() || td.status == status) out.push_back(td.arn);
    }
  }
  if (descending) std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::string> TaskDefinitionRegistry::families(std::string_view familyPrefix, FamilyStatus status) const {
  std::vector<std::string> out;
  for (const auto& [name, family] : families_) {
    if (name.compare(0, familyPrefix.size(), familyPrefix) != 0 || family.revisions.empty()) continue;
    bool active = false;
    for (const auto& [rev, td] : family.revisions) active = active || td.status == "ACTIVE";
    if (status == FamilyStatus::All || (status == FamilyStatus::Active) == active) out.push_back(name);
  }
  return out;
}

Json TaskDefinitionRegistry::describeJson(const RegisteredTaskDefinition& td) const {
  RegistrationInfo info;
  info.region = region_;
  info.accountId = accountId_;
  info.revision = td.revision;
  info.status = td.status;
  info.compatibilities = td.compatibilities;
  info.requiresAttributes = td.requiresAttributes;
  info.registeredAtMs = td.registeredAtMs;
  info.deregisteredAtMs = td.deregisteredAtMs;
  info.deleteRequestedAtMs = td.deleteRequestedAtMs;
  return registeredForm(td.definition, info);
}

}  // namespace ecsplay
