// Every finding code the core can emit has a test (DESIGN.md, conventions: "every ECS rule ... has a
// test that would fail without it"). The codes are read from the core's sources, so a new rule
// without a test fails here: write a case for it in the suite of its area.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

using namespace ecsplay;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> filesIn(const std::string& dir, const std::vector<std::string>& extensions) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    for (const std::string& ext : extensions) {
      if (it->path().extension() == ext) out.push_back(it->path().string());
    }
  }
  return out;
}

bool isCode(const std::string& s) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// The string literal that ends at `close` (the index of its closing quote).
std::string literalEndingAt(const std::string& text, size_t close) {
  size_t open = text.rfind('"', close - 1);
  return open == std::string::npos ? std::string() : text.substr(open + 1, close - open - 1);
}

// The finding codes in one source file. A code is written as
//   {path, "Code", Severity::...}            (a Finding)
//   error(out, path, "Code", message)        (launch_types.cpp)
//   refuse(field, "Code", message)           (storage.cpp)
//   cond ? "CodeA" : "CodeB"                 (two codes for one finding)
std::set<std::string> codesIn(const std::string& text) {
  std::set<std::string> out;
  for (size_t at = text.find("Severity::"); at != std::string::npos; at = text.find("Severity::", at + 1)) {
    size_t i = at;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n')) --i;
    if (i < 2 || text[i - 1] != ',' || text[i - 2] != '"') continue;
    std::string literal = literalEndingAt(text, i - 2);
    if (isCode(literal)) out.insert(literal);
  }
  for (const char* call : {"error(out,", "refuse("}) {
    for (size_t at = text.find(call); at != std::string::npos; at = text.find(call, at + 1)) {
      size_t end = text.find(';', at);
      // The first literal of the call that starts with a capital and is followed by a comma.
      for (size_t q = text.find('"', at); q != std::string::npos && q < end;) {
        size_t close = text.find('"', q + 1);
        if (close == std::string::npos) break;
        std::string literal = text.substr(q + 1, close - q - 1);
        if (isCode(literal) && close + 1 < text.size() && text[close + 1] == ',') {
          out.insert(literal);
          break;
        }
        q = text.find('"', close + 1);
      }
    }
  }
  for (size_t at = text.find("? \""); at != std::string::npos; at = text.find("? \"", at + 1)) {
    size_t close = text.find('"', at + 3);
    size_t colon = text.find(" : \"", close);
    if (close == std::string::npos || colon != close + 1) continue;
    size_t close2 = text.find('"', colon + 4);
    std::string a = text.substr(at + 3, close - at - 3), b = text.substr(colon + 4, close2 - colon - 4);
    if (isCode(a) && isCode(b)) {
      out.insert(a);
      out.insert(b);
    }
  }
  return out;
}

std::set<std::string> coreCodes() {
  std::set<std::string> codes;
  for (const char* dir : {"core/src/validate", "core/src/model"}) {
    for (const std::string& file : filesIn(test::sourceFile(dir), {".cpp"})) {
      std::set<std::string> more = codesIn(test::readFile(file));
      codes.insert(more.begin(), more.end());
    }
  }
  return codes;
}

}  // namespace

TEST(RuleCoverage, ReadsTheCodesFromTheCoresSources) {
  std::set<std::string> codes = coreCodes();
  // A sample of each way codes are written, so a change of style cannot empty the list unnoticed.
  for (const char* code : {"FargateCpuMemory", "HostPortMustMatch", "FargateCpuRequired", "EfsNotOnWindows", "MalformedJson",
                           "InputRefused", "InvalidLength", "UnknownParameter", "NotAnObject", "OutputOnlyField"}) {
    EXPECT_EQ(codes.count(code), 1u) << code;
  }
  EXPECT_GE(codes.size(), 100u);
  RecordProperty("codes", static_cast<int>(codes.size()));
  for (const char* notACode : {"ClientException", "RegisterTaskDefinitionRequest", "TaskDefinition", "AppPorts"}) {
    EXPECT_EQ(codes.count(notACode), 0u) << notACode;
  }
}

TEST(RuleCoverage, EveryFindingCodeInTheCoreHasATest) {
  std::string tests;
  for (const char* dir : {"tests/model", "tests/validate", "tests/playground"}) {
    for (const std::string& file : filesIn(test::sourceFile(dir), {".cpp"})) {
      if (file.find("rule_coverage_test.cpp") != std::string::npos) continue;
      tests += test::readFile(file);
    }
  }
  for (const std::string& code : coreCodes()) {
    EXPECT_NE(tests.find("\"" + code + "\""), std::string::npos) << code << " has no test";
  }
}
