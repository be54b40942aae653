// The official JMESPath compliance suite (../shared/data/jmespath-compliance, from
// jmespath/jmespath.test): every case of every file. A case with "result" must give exactly that
// JSON (numbers by value, object key order ignored); a case with "error" must fail, at compile or
// search time, with that error type. benchmarks.json's "parse" cases have no result: they must
// compile and search without error. Searching must never change the document searched.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ecsplay/jmespath.h"
#include "ecsplay/json_input.h"
#include "test_support.h"

using namespace ecsplay;

namespace {

const char* const kSuiteDir = "jmespath-compliance";
constexpr size_t kSuiteCases = 908;  // jmespath.test's cases, benchmarks.json included

std::vector<std::string> suiteFiles() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(test::sharedData(kSuiteDir), ec)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Equality as the suite means it: the same JSON, 1 == 1.0, objects whatever their key order
// (nlohmann::json keeps objects sorted, so converting both sides makes key order irrelevant).
bool sameJson(const Json& a, const Json& b) { return nlohmann::json(a) == nlohmann::json(b); }

struct FileOutcome {
  size_t cases = 0;
  size_t passed = 0;
  std::vector<std::string> failures;  // "functions.json case 3.12 `abs(foo)`: ..."
};

FileOutcome runFile(const std::string& name) {
  FileOutcome outcome;
  const std::string file = name + ".json";
  JsonParseResult suite = parseJsonText(test::readFile(test::sharedData(std::string(kSuiteDir) + "/" + file)));
  if (!suite.ok || !suite.value.is_array()) {
    outcome.failures.push_back(file + ": cannot read the file: " + suite.error);
    return outcome;
  }
  const bool benchmarks = name == "benchmarks";
  for (size_t g = 0; g < suite.value.size(); ++g) {
    const Json& group = suite.value[g];
    const Json& given = group["given"];
    const Json& cases = group["cases"];
    for (size_t c = 0; c < cases.size(); ++c) {
      ++outcome.cases;
      const Json& kase = cases[c];
      const std::string expression = kase["expression"].get<std::string>();
      std::ostringstream where;
      where << file << " case " << g << "." << c << " `" << expression << "`: ";

      const Json before = given;
      jmespath::SearchResult r = jmespath::search(expression, given);
      std::string problem;
      if (!sameJson(before, given)) {
        problem = "the search changed the document";
      } else if (auto expected = kase.find("error"); expected != kase.end()) {
        if (r.ok) {
          problem = "expected a " + expected->get<std::string>() + " error, got " + r.value.dump();
        } else if (jmespath::errorTypeName(r.error.type) != expected->get<std::string>()) {
          problem = "expected a " + expected->get<std::string>() + " error, got: " + r.error.message;
        } else if (r.error.message.find("at column ") == std::string::npos) {
          problem = "the error message does not say where: " + r.error.message;
        }
      } else if (!r.ok) {
        problem = "unexpected error: " + r.error.message;
      } else if (auto result = kase.find("result"); result != kase.end()) {
        if (!sameJson(r.value, *result)) problem = "expected " + result->dump() + ", got " + r.value.dump();
      } else if (!benchmarks) {
        problem = "the case has neither result nor error";
      }
      if (problem.empty()) {
        ++outcome.passed;
      } else {
        outcome.failures.push_back(where.str() + problem);
      }
    }
  }
  return outcome;
}

class JmesPathComplianceFile : public ::testing::TestWithParam<std::string> {};

TEST_P(JmesPathComplianceFile, PassesEveryCase) {
  FileOutcome outcome = runFile(GetParam());
  EXPECT_GT(outcome.cases, 0u);
  for (const std::string& f : outcome.failures) ADD_FAILURE() << f;
  EXPECT_EQ(outcome.passed, outcome.cases);
}

INSTANTIATE_TEST_SUITE_P(JmesPathCompliance, JmesPathComplianceFile, ::testing::ValuesIn(suiteFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The suite is all there (a missing directory would otherwise instantiate no test at all), and
// every one of its cases passes.
TEST(JmesPathCompliance, EveryCaseOfTheSuitePasses) {
  std::vector<std::string> files = suiteFiles();
  ASSERT_EQ(files.size(), 16u) << "expected the 16 files of jmespath.test in " << test::sharedData(kSuiteDir);
  size_t cases = 0, passed = 0;
  for (const std::string& name : files) {
    FileOutcome outcome = runFile(name);
    cases += outcome.cases;
    passed += outcome.passed;
  }
  std::cout << "[ jmespath ] compliance: " << passed << "/" << cases << " cases passed\n";
  EXPECT_EQ(cases, kSuiteCases);
  EXPECT_EQ(passed, cases);
}

}  // namespace
