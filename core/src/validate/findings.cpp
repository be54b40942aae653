#include "ecsplay/finding.h"

namespace ecsplay {

const char* severityName(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

bool hasErrors(const Findings& findings) { return countSeverity(findings, Severity::Error) > 0; }

size_t countSeverity(const Findings& findings, Severity severity) {
  size_t n = 0;
  for (const Finding& f : findings) n += f.severity == severity;
  return n;
}

std::string joinPath(const std::string& base, const std::string& member) {
  return base.empty() ? member : base + "." + member;
}

std::string indexPath(const std::string& base, size_t index) { return base + "[" + std::to_string(index) + "]"; }

}  // namespace ecsplay
