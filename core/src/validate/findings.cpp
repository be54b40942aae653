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

std::string clip(const std::string& s, size_t maxBytes) {
  if (s.size() <= maxBytes) return s;
  size_t n = maxBytes;
  // Back up over UTF-8 continuation bytes (10xxxxxx) to the start of a character.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "...";
}

}  // namespace ecsplay
