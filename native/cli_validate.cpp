// ecsplay validate FILE [--launch-type EC2|FARGATE|EXTERNAL] [--platform-version V] [--json]
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.h"
#include "ecsplay/validate.h"

namespace ecsplay::cli {
namespace {

std::string list(const std::vector<LaunchType>& types) {
  std::string s;
  for (LaunchType t : types) s += (s.empty() ? "" : ", ") + std::string(launchTypeName(t));
  return s.empty() ? "none" : s;
}

int usageError(const std::string& message) {
  std::fprintf(stderr, "ecsplay validate: %s\nusage: ecsplay validate FILE [--launch-type EC2|FARGATE|EXTERNAL] "
                       "[--platform-version V] [--json]\n", message.c_str());
  return 2;
}

}  // namespace

int validate(int argc, char** argv) {
  const char* path = nullptr;
  bool json = false;
  ValidationOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--launch-type" || arg == "--platform-version") {
      if (i + 1 >= argc) return usageError(arg + " needs a value");
      std::string value = argv[++i];
      if (arg == "--platform-version") {
        options.platformVersion = value;
        continue;
      }
      std::optional<LaunchType> t = launchTypeFromName(value);
      if (!t || *t == LaunchType::MANAGED_INSTANCES) {
        return usageError("--launch-type is EC2, FARGATE or EXTERNAL, not '" + value + "'");
      }
      options.launchType = t;
    } else if (arg.size() > 1 && arg[0] == '-' ) {
      return usageError("unknown option " + arg);
    } else if (path) {
      return usageError("one FILE at a time");
    } else {
      path = argv[i];
    }
  }
  if (!path) return usageError("missing FILE");

  std::string text, error;
  if (!readInput(path, options.jsonLimits.maxBytes, text, error)) {
    std::fprintf(stderr, "ecsplay validate: %s\n", error.c_str());
    return 2;
  }
  if (text.size() > options.jsonLimits.maxBytes) {
    std::fprintf(stderr, "ecsplay validate: %s is larger than %s; ecsplay reads at most that much JSON (a registered "
                 "task definition is at most 64 KiB)\n", path, describeSize(options.jsonLimits.maxBytes).c_str());
    return 2;
  }
  Validation v = validateTaskDefinitionText(text, options);
  if (json) {
    std::printf("%s\n", validationToJson(v).dump(2, ' ', false, Json::error_handler_t::replace).c_str());
  } else if (!v.jsonOk) {
    std::fprintf(stderr, "%s: %s\n", path, v.jsonError.c_str());
  } else {
    size_t errors = countSeverity(v.findings, Severity::Error);
    size_t warnings = countSeverity(v.findings, Severity::Warning);
    size_t notes = countSeverity(v.findings, Severity::Info);
    std::string family = v.definition.family.empty() ? "" : " \"" + v.definition.family + "\"";
    std::printf("%s: task definition%s is %s, %s (%zu error%s, %zu warning%s, %zu note%s)\n", path, family.c_str(),
                v.valid() ? "VALID" : "INVALID", judgementText(v).c_str(), errors, errors == 1 ? "" : "s", warnings,
                warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s");
    for (const Finding& f : v.findings) {
      const char* label = f.severity == Severity::Error ? "error" : f.severity == Severity::Warning ? "warning" : "note";
      std::printf("  %-7s %s [%s]\n          %s\n", label, f.path.empty() ? "(definition)" : f.path.c_str(),
                  f.code.c_str(), f.message.c_str());
    }
    std::printf("compatibilities: %s\n", list(v.compatibilities).c_str());
  }
  if (!v.jsonOk) return 2;
  return v.valid() ? 0 : 1;
}

}  // namespace ecsplay::cli
