// Helpers for the rule tests: small definitions ECS accepts, an "edit and judge" form for case
// tables, assertions that say which rule fired where, and the fixed-seed generator the fuzz-style
// tests use.
//
// A rule case is a definition that breaks exactly one rule. `expectRule` checks that the finding
// has the right code, path and severity, that its message carries ECS's own words, and, for an
// error, that no other error fired: the case would pass without the rule only if something else
// were wrong with the definition, which this last check rules out.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ecsplay/api_model.h"
#include "ecsplay/validate.h"
#include "test_support.h"

namespace ecsplay::test {

// Parses JSON written in a test. A typo in a test's JSON is a failure of that test, not a crash.
inline Json json(std::string_view text) {
  JsonLimits limits;
  limits.maxBytes = 64 * 1024 * 1024;
  JsonParseResult r = parseJsonText(text, limits);
  if (!r.ok) {
    ADD_FAILURE() << "the test's own JSON does not parse: " << r.error << "\n" << text;
    return Json::object();
  }
  return r.value;
}

inline std::string text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// Is `s` well-formed UTF-8 (no stray continuation bytes, no cut characters)?
inline bool isValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

// The same values whatever the key order (ordered_json's == compares the order too).
inline bool sameContent(const Json& a, const Json& b) {
  return nlohmann::json::parse(text(a), nullptr, false) == nlohmann::json::parse(text(b), nullptr, false);
}

// The smallest definition ECS registers for EC2: bridge mode by default, one container with a
// hard memory limit (needed when the task sets no memory).
inline Json ec2Definition() {
  return json(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256}]})");
}

// The smallest Fargate definition: awsvpc and the smallest Fargate size, 256 CPU units with 512 MiB.
inline Json fargateDefinition() {
  return json(R"({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
                  "cpu": "256", "memory": "512",
                  "containerDefinitions": [{"name": "app", "image": "nginx", "essential": true}]})");
}

// An awsvpc definition that names no launch type (judged for EC2).
inline Json awsvpcDefinition() {
  return json(R"({"family": "web", "networkMode": "awsvpc",
                  "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256}]})");
}

// A Windows definition for EC2 instances (the default network mode, no task size).
inline Json windowsDefinition() {
  return json(R"({"family": "iis", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
                  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis",
                                            "cpu": 512, "memory": 1024}]})");
}

using Edit = std::function<void(Json&)>;

inline Json edited(Json definition, const Edit& edit) {
  edit(definition);
  return definition;
}

// The first (or i-th) container of a definition being edited.
inline Json& container(Json& td, size_t i = 0) { return td["containerDefinitions"][i]; }

inline Validation judge(const Json& td, const ValidationOptions& options = {}) {
  return validateTaskDefinition(td, options);
}

inline Validation judgeFor(const Json& td, LaunchType type) {
  ValidationOptions options;
  options.launchType = type;
  return validateTaskDefinition(td, options);
}

inline std::vector<const Finding*> findingsWithCode(const Validation& v, const std::string& code) {
  std::vector<const Finding*> out;
  for (const Finding& f : v.findings) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

inline const Finding* findingAt(const Validation& v, const std::string& code, const std::string& path) {
  for (const Finding& f : v.findings) {
    if (f.code == code && f.path == path) return &f;
  }
  return nullptr;
}

// The message of the finding `code` at `path`; a failure (not a crash) when there is none.
inline std::string messageOf(const Validation& v, const std::string& code, const std::string& path) {
  const Finding* f = findingAt(v, code, path);
  if (!f) {
    ADD_FAILURE() << "no " << code << " at \"" << path << "\":\n" << describe(v);
    return std::string();
  }
  return f->message;
}

inline std::set<std::string> errorCodes(const Validation& v) {
  std::set<std::string> out;
  for (const Finding& f : v.findings) {
    if (f.severity == Severity::Error) out.insert(f.code);
  }
  return out;
}

inline std::vector<std::string> launchTypeNames(const std::vector<LaunchType>& types) {
  std::vector<std::string> out;
  for (LaunchType t : types) out.push_back(launchTypeName(t));
  return out;
}

// `v` holds `code` at `path` with `severity`, its message containing `fragment`; an error is
// the only kind of error in `v`.
inline ::testing::AssertionResult reports(const Validation& v, const std::string& code, const std::string& path,
                                          Severity severity, const std::string& fragment) {
  const Finding* f = findingAt(v, code, path);
  if (!f) {
    return ::testing::AssertionFailure() << "no " << code << " at \"" << path << "\"; the findings are:\n"
                                         << describe(v);
  }
  if (f->severity != severity) {
    return ::testing::AssertionFailure() << code << " at \"" << path << "\" is " << severityName(f->severity)
                                         << ", expected " << severityName(severity) << "\n"
                                         << describe(v);
  }
  if (f->message.find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure() << code << " says \"" << f->message << "\", which lacks \"" << fragment
                                         << "\"";
  }
  if (severity == Severity::Error) {
    for (const Finding& other : v.findings) {
      if (other.severity == Severity::Error && other.code != code) {
        return ::testing::AssertionFailure() << "another error fired beside " << code << ":\n" << describe(v);
      }
    }
  } else if (hasErrors(v.findings)) {
    return ::testing::AssertionFailure() << "the definition should be accepted with this " << severityName(severity)
                                         << ", but it has errors:\n"
                                         << describe(v);
  }
  return ::testing::AssertionSuccess();
}

// ECS registers the definition and ecsplay says nothing about `code`.
inline ::testing::AssertionResult acceptedWithout(const Validation& v, const std::string& code) {
  if (!v.valid()) return ::testing::AssertionFailure() << "refused:\n" << describe(v);
  if (!findingsWithCode(v, code).empty()) {
    return ::testing::AssertionFailure() << "accepted, but with " << code << ":\n" << describe(v);
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult lacks(const Validation& v, const std::string& code) {
  if (!findingsWithCode(v, code).empty()) {
    return ::testing::AssertionFailure() << "unexpected " << code << ":\n" << describe(v);
  }
  return ::testing::AssertionSuccess();
}

// One row of a rule table: a definition that breaks one rule, and what ecsplay must say.
struct RuleCase {
  const char* situation;
  Json definition;
  std::string code;
  std::string path;
  Severity severity;
  std::string message;  // a part of the message: ECS's own words where they are known
  ValidationOptions options = {};
};

inline void expectRule(const RuleCase& c) {
  SCOPED_TRACE(c.situation);
  Validation v = judge(c.definition, c.options);
  EXPECT_TRUE(reports(v, c.code, c.path, c.severity, c.message));
  if (c.severity == Severity::Error) {
    EXPECT_FALSE(v.valid());
  }
}

// One row of an "accepted" table: the near miss of a rule case that ECS registers.
struct AcceptedCase {
  const char* situation;
  Json definition;
  std::string code;  // the rule that must stay silent
  ValidationOptions options = {};
};

inline void expectAccepted(const AcceptedCase& c) {
  SCOPED_TRACE(c.situation);
  EXPECT_TRUE(acceptedWithout(judge(c.definition, c.options), c.code));
}

inline ValidationOptions forLaunchType(LaunchType t) {
  ValidationOptions o;
  o.launchType = t;
  return o;
}

inline ValidationOptions onPlatform(const std::string& version) {
  ValidationOptions o;
  o.platformVersion = version;
  return o;
}

// splitmix64 (Steele, Lea, Flood 2014): the fuzz-style tests' only source of randomness. Bounded
// numbers are taken by hand, never with std::uniform_int_distribution, whose sequence differs
// between standard libraries (DESIGN.md, determinism).
struct SplitMix64 {
  uint64_t state;
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }  // bias is harmless here
  bool chance(unsigned percent) { return below(100) < percent; }
};

// An instance of an API shape with every member set, from the generated table: strings take the
// first enum value (or "x", long enough for a minimum length), numbers 1 or the minimum, lists
// and maps one element. Used to read and write every field ECS defines.
inline Json exampleOf(const ApiShape& shape, int depth = 0) {
  if (depth > 12) return Json();
  switch (shape.kind) {
    case ApiKind::Structure: {
      Json out = Json::object();
      for (int i = 0; i < shape.memberCount; ++i) {
        const ApiMember& m = memberAt(shape, i);
        out[m.name] = exampleOf(shapeAt(m.shape), depth + 1);
      }
      return out;
    }
    case ApiKind::List: {
      Json out = Json::array();
      out.push_back(exampleOf(shapeAt(shape.listMember), depth + 1));
      return out;
    }
    case ApiKind::Map: {
      Json out = Json::object();
      out["key"] = exampleOf(shapeAt(shape.mapValue), depth + 1);
      return out;
    }
    case ApiKind::String:
      if (shape.enumCount > 0) return std::string(enumValueAt(shape, 0));
      return std::string(shape.hasMin && shape.min > 1 ? static_cast<size_t>(shape.min) : 1, 'x');
    case ApiKind::Integer:
    case ApiKind::Long:
      return shape.hasMin && shape.min > 1 ? shape.min : 1;
    case ApiKind::Double:
      return 1.5;
    case ApiKind::Boolean:
      return true;
    case ApiKind::Timestamp:
      return 1700000000;
  }
  return Json();
}

// Every value of every JSON type the hostile-input tests put into a field.
inline std::vector<Json> everyJsonType() {
  return {json("null"), json("true"),  json("1"),  json("-1"), json("1.5"),    json("1e300"), json("\"s\""),
          json("[]"),   json("{}"),    json("[null]"), json("[1]"), json("[{}]"), json("\"\""), json("false"),
          json("18446744073709551615"), json("-9223372036854775808")};
}

// `input` survives in `registered`: every non-null member with its value, recursively.
inline void expectSurvives(const Json& input, const Json& registered, const std::string& path) {
  if (input.is_object()) {
    ASSERT_TRUE(registered.is_object()) << path;
    for (auto it = input.begin(); it != input.end(); ++it) {
      if (it->is_null()) continue;
      auto r = registered.find(it.key());
      ASSERT_NE(r, registered.end()) << "lost: " << joinPath(path, it.key());
      expectSurvives(*it, *r, joinPath(path, it.key()));
    }
  } else if (input.is_array()) {
    ASSERT_TRUE(registered.is_array()) << path;
    ASSERT_EQ(input.size(), registered.size()) << path;
    for (size_t i = 0; i < input.size(); ++i) expectSurvives(input[i], registered[i], indexPath(path, i));
  } else {
    EXPECT_EQ(input, registered) << "changed: " << path;
  }
}

// The finding with this code at this path in a plain list of findings.
inline const Finding* withCode(const Findings& findings, const std::string& code, const std::string& path) {
  for (const Finding& f : findings) {
    if (f.code == code && f.path == path) return &f;
  }
  return nullptr;
}

// Every finding, one per line, for failure messages.
inline std::string list(const Findings& findings) {
  std::string s;
  for (const Finding& f : findings) {
    s += std::string(severityName(f.severity)) + " " + f.path + " [" + f.code + "] " + f.message + "\n";
  }
  return s;
}

}  // namespace ecsplay::test
