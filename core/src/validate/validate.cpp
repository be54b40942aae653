// The validation pipeline (see ecsplay/validate.h).
#include "ecsplay/validate.h"

#include <algorithm>
#include <set>

#include "validate/rules.h"

namespace ecsplay {
namespace {

// In the order ECS lists compatibilities (a Java HashSet: EXTERNAL, EC2, then FARGATE and
// MANAGED_INSTANCES, which share a bucket; ["EC2", "FARGATE", "MANAGED_INSTANCES"] is the more
// frequent of their two orders in 2026 replies).
const LaunchType kJudgeable[] = {LaunchType::EXTERNAL, LaunchType::EC2, LaunchType::FARGATE,
                                 LaunchType::MANAGED_INSTANCES};

bool contains(const std::vector<LaunchType>& v, LaunchType t) { return std::find(v.begin(), v.end(), t) != v.end(); }

void appendUnique(Findings& out, std::set<std::pair<std::string, std::string>>& seen, const Findings& more) {
  for (const Finding& f : more) {
    if (seen.insert({f.path, f.code}).second) out.push_back(f);
  }
}

}  // namespace

Validation validateTaskDefinition(const Json& input, const ValidationOptions& options) {
  Validation v;
  v.jsonOk = true;
  ParsedTaskDefinition parsed = parseTaskDefinition(input);
  v.definition = std::move(parsed.definition);
  v.findings = std::move(parsed.findings);
  const TaskDefinition& td = v.definition;
  if (!input.is_object()) return v;

  rules::taskLevel(td, v.findings);
  rules::containers(td, v.findings);
  rules::ports(td, v.findings);
  rules::healthAndDependencies(td, v.findings);
  rules::storage(td, v.findings);

  std::set<std::pair<std::string, std::string>> seen;
  for (const Finding& f : v.findings) seen.insert({f.path, f.code});

  // compatibilities: every launch type whose rules the definition passes, listed as ECS lists
  // them: a bridge definition registers as ["EXTERNAL", "EC2"] (AWS CLI examples,
  // register-task-definition), a Fargate-sized awsvpc one as ["EC2", "FARGATE",
  // "MANAGED_INSTANCES"] (2026 DescribeTaskDefinition replies; ["EC2", "FARGATE"] before Managed
  // Instances arrived in 2025).
  // requiresCompatibilities only decides which launch types' rules are fatal.
  // Registration judges the definition for every launch type it requires (FARGATE beside EC2
  // is binding); running it judges it for the launch type asked for.
  v.registeredFor = td.requiresCompatibilities;
  if (v.registeredFor.empty()) v.registeredFor = {LaunchType::EC2};
  v.runOn = options.launchType;
  v.judgedFor = v.registeredFor;
  if (options.launchType && !contains(v.judgedFor, *options.launchType)) v.judgedFor.push_back(*options.launchType);
  for (LaunchType t : kJudgeable) {
    Findings scratch;
    checkLaunchType(td, t, options, scratch);
    if (!hasErrors(scratch)) v.compatibilities.push_back(t);
    if (contains(v.judgedFor, t)) {
      appendUnique(v.findings, seen, scratch);
      if (hasErrors(scratch) && options.launchType == t && !td.requires(t)) {
        v.findings.push_back({"", "IncompatibleLaunchType", Severity::Error,
                              std::string("Task definition does not support launch_type ") + launchTypeName(t) +
                                  ". (RunTask refuses it for the reasons listed.)"});
      }
    }
  }

  v.requiresAttributes = requiresAttributes(td);
  RegistrationInfo info;
  info.compatibilities = v.compatibilities;
  info.requiresAttributes = v.requiresAttributes;
  v.registered = registeredForm(td, info);

  std::stable_sort(v.findings.begin(), v.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
  return v;
}

Validation validateTaskDefinitionText(std::string_view text, const ValidationOptions& options) {
  JsonParseResult parsed = parseJsonText(text, options.jsonLimits);
  if (!parsed.ok) {
    Validation v;
    v.jsonError = parsed.error;
    v.errorLine = parsed.line;
    v.errorColumn = parsed.column;
    v.findings.push_back({"", parsed.line ? "MalformedJson" : "InputRefused", Severity::Error, parsed.error});
    return v;
  }
  return validateTaskDefinition(parsed.value, options);
}

std::string judgementText(const Validation& v) {
  std::string s = "registered for ";
  for (size_t i = 0; i < v.registeredFor.size(); ++i) s += (i ? ", " : "") + std::string(launchTypeName(v.registeredFor[i]));
  if (v.runOn) s += std::string(" and run on ") + launchTypeName(*v.runOn);
  return s;
}

Json validationToJson(const Validation& v) {
  Json out = Json::object();
  out["valid"] = v.valid();
  Json findings = Json::array();
  for (const Finding& f : v.findings) {
    findings.push_back({{"path", f.path}, {"code", f.code}, {"severity", severityName(f.severity)}, {"message", f.message}});
  }
  out["findings"] = findings;
  if (v.jsonOk) {
    out["taskDefinition"] = v.registered;
  } else {
    out["taskDefinition"] = nullptr;
  }
  return out;
}

}  // namespace ecsplay
