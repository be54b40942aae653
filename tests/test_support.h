// Helpers shared by the test suites.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "ecsplay/validate.h"

namespace ecsplay::test {

inline std::string sharedData(const std::string& relative) { return std::string(ECSPLAY_SHARED_DATA) + "/" + relative; }
inline std::string sourceFile(const std::string& relative) { return std::string(ECSPLAY_SOURCE_DIR) + "/" + relative; }

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Does `v` hold a finding with this code (and, when given, this path and severity)?
inline bool hasFinding(const Validation& v, const std::string& code, const std::string& path = "*",
                       int severity = -1) {
  for (const Finding& f : v.findings) {
    if (f.code != code) continue;
    if (path != "*" && f.path != path) continue;
    if (severity >= 0 && static_cast<int>(f.severity) != severity) continue;
    return true;
  }
  return false;
}

inline const Finding* findingWithCode(const Validation& v, const std::string& code) {
  for (const Finding& f : v.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

// Every finding, one per line, for failure messages.
inline std::string describe(const Validation& v) {
  std::string s;
  for (const Finding& f : v.findings) {
    s += std::string(severityName(f.severity)) + " " + f.path + " [" + f.code + "] " + f.message + "\n";
  }
  return s;
}

}  // namespace ecsplay::test
