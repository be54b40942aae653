// Bad input never crashes (DESIGN.md, conventions): validateTaskDefinitionText returns findings
// for whatever it is given. Hostile sizes and depths, every field set to every JSON type, random
// bytes, and thousands of mutations of AWS's own task definitions, all from a fixed seed
// (splitmix64, bounded by hand: DESIGN.md, determinism). Each result must also be coherent: the
// verdict agrees with the findings, errors come first, every finding has a code and a message,
// and the JSON verdict can be written.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "ecsplay/api_model.h"
#include "ecsplay/registry.h"
#include "validate/cases.h"

using namespace ecsplay;

namespace {

// What every validation must satisfy, however bad its input.
::testing::AssertionResult coherent(const Validation& v) {
  if (v.valid() != (v.jsonOk && !hasErrors(v.findings))) return ::testing::AssertionFailure() << "valid() disagrees";
  if (!v.jsonOk && v.findings.empty()) return ::testing::AssertionFailure() << "not JSON, yet no finding";
  for (size_t i = 0; i < v.findings.size(); ++i) {
    const Finding& f = v.findings[i];
    if (f.code.empty() || f.code[0] < 'A' || f.code[0] > 'Z') return ::testing::AssertionFailure() << "bad code '" << f.code << "'";
    if (f.message.empty()) return ::testing::AssertionFailure() << f.code << " has no message";
    if (!test::isValidUtf8(f.message)) {
      return ::testing::AssertionFailure() << f.code << " is not UTF-8: " << f.message;
    }
    int s = static_cast<int>(f.severity);
    if (s < 0 || s > 2) return ::testing::AssertionFailure() << f.code << " has severity " << s;
    if (i > 0 && static_cast<int>(v.findings[i - 1].severity) > s) {
      return ::testing::AssertionFailure() << "not sorted at " << i << ":\n" << test::describe(v);
    }
  }
  if (v.jsonOk && v.definition.source.is_object() && !v.registered.is_null()) {
    if (!v.registered.is_object() || !v.registered.contains("taskDefinitionArn")) {
      return ::testing::AssertionFailure() << "registered form without an ARN";
    }
  }
  std::string out = validationToJson(v).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (out.empty()) return ::testing::AssertionFailure() << "empty JSON verdict";
  return ::testing::AssertionSuccess();
}

// Validates `text` and checks the result; returns it for more checks.
Validation judgeText(const std::string& text) {
  Validation v = validateTaskDefinitionText(text);
  EXPECT_TRUE(coherent(v)) << text.substr(0, 300);
  return v;
}

// `base` with `pointer`'s value replaced by the raw JSON token `token`, as text.
std::string withToken(Json base, const Json::json_pointer& pointer, const std::string& token) {
  const std::string marker = "@@ECSPLAY-TOKEN@@";
  base[pointer] = marker;
  std::string text = test::text(base);
  size_t at = text.find("\"" + marker + "\"");
  return at == std::string::npos ? text : text.replace(at, marker.size() + 2, token);
}

// Every JSON type and the awkward numbers, as raw tokens: some are not JSON at all.
const std::vector<std::string>& tokens() {
  static const std::vector<std::string> all = {
      "null", "true", "false", "1", "-1", "0", "1.5", "1e400", "-1e400", "NaN", "\"s\"", "\"\"", "[]", "{}", "[null]",
      "[1]", "[{}]", "[[]]", "{\"a\": 1}", "2147483648", "-2147483649", "18446744073709551615", "18446744073709551616",
      "99999999999999999999999999", "1e308", "-0", "\"\\u0000\"", "\"caf\\u00e9\"", "\"aws:x\""};
  return all;
}

bool isJsonToken(const std::string& token) { return parseJsonText(token).ok; }

// A definition with every top-level member RegisterTaskDefinition has worth setting.
Json fullDefinition() {
  return test::json(R"({"family": "web", "taskRoleArn": "arn:aws:iam::1:role/t", "executionRoleArn": "arn:aws:iam::1:role/e",
      "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
      "pidMode": "task", "ephemeralStorage": {"sizeInGiB": 21},
      "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"},
      "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED"}}],
      "tags": [{"key": "team", "value": "web"}],
      "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 128, "memory": 256, "memoryReservation": 128,
        "essential": true, "portMappings": [{"containerPort": 80, "name": "http", "appProtocol": "http"}],
        "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 30},
        "dependsOn": [{"containerName": "side", "condition": "START"}],
        "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g", "awslogs-stream-prefix": "p"}},
        "stopTimeout": 30},
       {"name": "side", "image": "busybox", "essential": false, "memory": 64}]})");
}

// Every JSON pointer in `value` (the root excluded), depth first.
void pointers(const Json& value, const Json::json_pointer& at, std::vector<Json::json_pointer>& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      Json::json_pointer child = at / it.key();
      out.push_back(child);
      pointers(*it, child, out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      Json::json_pointer child = at / i;
      out.push_back(child);
      pointers(value[i], child, out);
    }
  }
}

std::vector<std::string> sampleTexts() {
  std::vector<std::string> out;
  std::string root = test::sharedData("task-definitions/aws-containers-task-definitions");
  std::vector<std::string> files;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) out.push_back(test::readFile(f));
  return out;
}

// A value to put somewhere, drawn from `rng`: any JSON type, ECS's edge values, ECS's own words.
Json randomValue(test::SplitMix64& rng) {
  static const std::vector<Json> fixed = test::everyJsonType();
  static const char* const words[] = {"awsvpc", "bridge", "host", "none", "FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES",
                                      "awslogs", "json-file", "HEALTHY", "SUCCESS", "COMPLETE", "START", "CMD", "CMD-SHELL",
                                      "1 vCPU", ".25 vcpu", "0.1 vCPU", "2 GB", "512 MiB", "8000-8010", "9-1", "app",
                                      "side", "data", "aws:x", "WINDOWS_SERVER_2022_CORE", "ARM64", "tcp", "udp", "ENABLED",
                                      "DISABLED", "task", "shared", "x y", "\xc3\xa9t\xc3\xa9", ""};
  switch (rng.below(6)) {
    case 0: return fixed[rng.below(fixed.size())];
    case 1: return words[rng.below(sizeof words / sizeof words[0])];
    case 2: {
      static const int64_t edges[] = {0, 1, -1, 2, 5, 6, 21, 120, 121, 128, 255, 256, 300, 301, 512, 1024, 2048, 4096, 8192,
                                      16384, 65535, 65536, 196608, 2147483647, -2147483647 - 1, INT64_MAX, INT64_MIN};
      return edges[rng.below(sizeof edges / sizeof edges[0])];
    }
    case 3: return static_cast<int64_t>(rng.next() % 200000) - 1000;
    case 4: return std::string(rng.below(3) == 0 ? 70000 : rng.below(300), static_cast<char>('a' + rng.below(26)));
    default: {
      Json o = Json::object();
      o["name"] = words[rng.below(sizeof words / sizeof words[0])];
      o["containerPort"] = static_cast<int64_t>(rng.below(70000));
      return o;
    }
  }
}

// Applies one random change at a random place in `doc`.
void mutate(Json& doc, test::SplitMix64& rng) {
  std::vector<Json::json_pointer> all;
  pointers(doc, Json::json_pointer(), all);
  if (all.empty()) return;
  const Json::json_pointer& at = all[rng.below(all.size())];
  Json::json_pointer parent = at.parent_pointer();
  Json& container = doc[parent];
  switch (rng.below(5)) {
    case 0:  // delete
      if (container.is_object()) {
        container.erase(at.back());
      } else if (container.is_array() && !container.empty()) {
        container.erase(container.size() - 1);
      }
      break;
    case 1:  // duplicate an array element (two containers, two port mappings...)
      if (container.is_array() && !container.empty()) container.push_back(container[rng.below(container.size())]);
      break;
    case 2: {  // set a member the API defines, with a random value
      static const std::vector<std::string> members = [] {
        std::vector<std::string> m;
        for (const char* shape : {"RegisterTaskDefinitionRequest", "ContainerDefinition", "PortMapping", "HealthCheck", "Volume"}) {
          const ApiShape& s = *findShape(shape);
          for (int i = 0; i < s.memberCount; ++i) m.push_back(memberAt(s, i).name);
        }
        return m;
      }();
      if (doc[at].is_object()) doc[at][members[rng.below(members.size())]] = randomValue(rng);
      else doc[at] = randomValue(rng);
      break;
    }
    default:  // replace
      doc[at] = randomValue(rng);
      break;
  }
}

}  // namespace

TEST(HostileInput, TenMegabytesAreRefusedAtOnce) {
  std::string big(10 * 1000 * 1000, ' ');
  big[0] = '{';
  auto start = std::chrono::steady_clock::now();
  Validation v = judgeText(big);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].code, "InputRefused");
  EXPECT_NE(v.findings[0].message.find("The input is 10.0 MB; ecsplay reads at most 1 MiB"), std::string::npos)
      << v.findings[0].message;
  EXPECT_LT(ms, 1000);
  // A 10 MB JSON string inside a field is refused the same way.
  std::string field = R"({"family": ")" + std::string(10 * 1000 * 1000, 'a') + R"(", "containerDefinitions": []})";
  Validation inField = judgeText(field);
  ASSERT_EQ(inField.findings.size(), 1u);
  EXPECT_EQ(inField.findings[0].code, "InputRefused");
}

TEST(HostileInput, AHundredThousandOpenBrackets) {
  for (const std::string& text : {std::string(100000, '['), "{\"a\":" + std::string(100000, '[')}) {
    Validation v = judgeText(text);
    ASSERT_EQ(v.findings.size(), 1u);
    EXPECT_EQ(v.findings[0].code, "InputRefused");
  }
  // "{{" is a syntax error before it is deep.
  Validation braces = judgeText(std::string(100000, '{'));
  ASSERT_EQ(braces.findings.size(), 1u);
  EXPECT_EQ(braces.findings[0].code, "MalformedJson");
  EXPECT_EQ(braces.errorColumn, 2u);
}

TEST(HostileInput, NestingJustUnderAndOverTheLimit) {
  // Depth 63 is read and judged; depth 65 is refused. Both inside a field the API knows (a map of
  // strings) and at the top level.
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += "{\"a\":";
    s += "1";
    for (int i = 0; i < depth; ++i) s += "}";
    return s;
  };
  // containerDefinitions[0].dockerLabels adds three levels.
  auto inLabels = [&nested](int depth) {
    return R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256, "dockerLabels": )" +
           nested(depth - 3) + "}]}";
  };
  Validation deep = judgeText(inLabels(63));
  EXPECT_TRUE(deep.jsonOk);
  EXPECT_NE(test::findingAt(deep, "InvalidType", "containerDefinitions[0].dockerLabels.a"), nullptr) << test::describe(deep);
  Validation top = judgeText(nested(63));
  EXPECT_TRUE(top.jsonOk);
  EXPECT_NE(test::findingAt(top, "UnknownParameter", "a"), nullptr);
  for (const std::string& text : {inLabels(65), nested(65)}) {
    Validation v = judgeText(text);
    EXPECT_FALSE(v.jsonOk);
    ASSERT_FALSE(v.findings.empty());
    EXPECT_EQ(v.findings[0].code, "InputRefused");
  }
}

TEST(HostileInput, EveryTopLevelFieldTakesEveryJsonType) {
  std::vector<std::string> fields;
  const ApiShape& request = *findShape("RegisterTaskDefinitionRequest");
  for (int i = 0; i < request.memberCount; ++i) fields.push_back(memberAt(request, i).name);
  for (const char* extra : {"taskDefinition", "taskDefinitionArn", "revision", "status", "compatibilities",
                            "requiresAttributes", "registeredAt", "unknownField"}) {
    fields.push_back(extra);
  }
  for (const Json& base : {test::ec2Definition(), fullDefinition()}) {
    for (const std::string& field : fields) {
      for (const std::string& token : tokens()) {
        SCOPED_TRACE(field + " = " + token);
        std::string text = withToken(base, Json::json_pointer("/" + field), token);
        Validation v = judgeText(text);
        EXPECT_EQ(v.jsonOk, isJsonToken(token));
        if (!v.jsonOk) {
          EXPECT_EQ(v.findings[0].code, "MalformedJson");
          continue;
        }
        // A value of the wrong type is named at its path.
        const ApiMember* m = findMember(request, field);
        Json value = parseJsonText(token).value;
        if (m && !value.is_null()) {
          ApiKind kind = shapeAt(m->shape).kind;
          bool typeOk = (kind == ApiKind::String && value.is_string()) || (kind == ApiKind::List && value.is_array()) ||
                        (kind == ApiKind::Structure && value.is_object()) || (kind == ApiKind::Boolean && value.is_boolean());
          if (!typeOk) {
            bool named = false;
            for (const Finding& f : v.findings) named = named || f.path == field;
            EXPECT_TRUE(named) << test::describe(v);
          }
        }
      }
    }
  }
}

TEST(HostileInput, EveryContainerFieldTakesEveryJsonType) {
  const ApiShape& shape = *findShape("ContainerDefinition");
  for (const Json& base : {test::ec2Definition(), fullDefinition()}) {
    for (int i = 0; i < shape.memberCount; ++i) {
      std::string field = memberAt(shape, i).name;
      for (const std::string& token : tokens()) {
        SCOPED_TRACE(field + " = " + token);
        Validation v = judgeText(withToken(base, Json::json_pointer("/containerDefinitions/0/" + field), token));
        EXPECT_EQ(v.jsonOk, isJsonToken(token));
      }
    }
  }
}

TEST(HostileInput, EveryNestedFieldTakesEveryJsonType) {
  // Every place in a definition with every member the API defines (generated from the model).
  Json everything = test::exampleOf(*findShape("RegisterTaskDefinitionRequest"));
  std::vector<Json::json_pointer> all;
  pointers(everything, Json::json_pointer(), all);
  ASSERT_GT(all.size(), 200u);
  const std::vector<Json> values = test::everyJsonType();
  size_t runs = 0;
  for (const Json::json_pointer& at : all) {
    for (const Json& value : values) {
      Json doc = everything;
      doc[at] = value;
      Validation v = test::judge(doc);
      EXPECT_TRUE(coherent(v)) << at.to_string() << " = " << test::text(value);
      ++runs;
    }
  }
  EXPECT_EQ(runs, all.size() * values.size());
}

TEST(HostileInput, RandomBytes) {
  test::SplitMix64 rng(20261125);
  for (int i = 0; i < 3000; ++i) {
    std::string text(rng.below(400), '\0');
    for (char& c : text) c = static_cast<char>(rng.next() & 0xff);
    if (rng.chance(50) && !text.empty()) text[0] = '{';
    Validation v = judgeText(text);
    EXPECT_FALSE(v.findings.empty());
  }
}

TEST(HostileInput, RandomJsonTokenSoup) {
  // Bytes rarely get past the first character; JSON's own tokens get into the parser and, when
  // they happen to form an object, into the rules.
  static const char* const pieces[] = {"{", "}", "[", "]", ",", ":", "\"family\"", "\"containerDefinitions\"", "\"name\"",
                                       "\"image\"", "\"memory\"", "\"cpu\"", "\"networkMode\"", "\"awsvpc\"",
                                       "\"portMappings\"", "\"containerPort\"", "\"hostPort\"", "1", "-1", "65536", "1.5",
                                       "true", "null", "\"\\u00e9\"", "\"x\"", " ", "\n", "1e400", "\"\\ud800\""};
  test::SplitMix64 rng(7);
  size_t objects = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string text = "{";
    size_t n = rng.below(60);
    for (size_t k = 0; k < n; ++k) text += pieces[rng.below(sizeof pieces / sizeof pieces[0])];
    if (rng.chance(70)) text += "}";
    Validation v = judgeText(text);
    EXPECT_FALSE(v.findings.empty()) << text;
    objects += v.jsonOk;
  }
  EXPECT_GT(objects, 10u);  // some soups were JSON: the rules ran on them
}

TEST(HostileInput, MutationsOfAwsSampleDefinitions) {
  std::vector<Json> samples;
  for (const std::string& text : sampleTexts()) samples.push_back(parseJsonText(text).value);
  ASSERT_EQ(samples.size(), 14u);
  test::SplitMix64 rng(14);
  size_t valid = 0, invalid = 0;
  TaskDefinitionRegistry registry;
  for (int i = 0; i < 4000; ++i) {
    Json doc = samples[rng.below(samples.size())];
    size_t changes = 1 + rng.below(3);
    for (size_t k = 0; k < changes; ++k) mutate(doc, rng);
    Validation fromJson = test::judge(doc);
    ASSERT_TRUE(coherent(fromJson)) << test::text(doc).substr(0, 2000);
    // The text path reads the same definition (when it fits the size limit).
    std::string text = test::text(doc);
    Validation fromText = judgeText(text);
    if (text.size() <= JsonLimits{}.maxBytes) {
      EXPECT_EQ(fromText.valid(), fromJson.valid()) << text.substr(0, 2000);
      EXPECT_EQ(fromText.findings.size(), fromJson.findings.size()) << text.substr(0, 2000);
    }
    // RegisterTaskDefinition agrees with the verdict.
    RegisterResult registered = registry.registerTaskDefinition(doc, i);
    EXPECT_EQ(registered.registered != nullptr, fromJson.valid());
    EXPECT_EQ(registered.error.has_value(), !fromJson.valid());
    // What registers, registers again to the same form.
    if (fromJson.valid()) {
      Validation again = test::judge(fromJson.registered);
      EXPECT_EQ(test::text(again.registered), test::text(fromJson.registered)) << text.substr(0, 2000);
      EXPECT_TRUE(again.valid()) << test::describe(again);
    }
    (fromJson.valid() ? valid : invalid)++;
  }
  // Mutations both break and keep definitions: the rules ran on the whole range.
  EXPECT_GT(valid, 100u);
  EXPECT_GT(invalid, 1000u);
}

// Finding messages quote the user's text cut to a few dozen bytes. A cut inside a multi-byte UTF-8
// character would leave the message invalid UTF-8: a strict JSON writer aborts on it (nlohmann
// with JSON_NOEXCEPTION), and the CLI's and playground's writers would print U+FFFD.
TEST(FindingMessages, AreValidUtf8WhenTheyQuoteCutUserText) {
  std::string accents;
  for (int i = 0; i < 60; ++i) accents += "\xc3\xa9";  // "é", two bytes each
  // "a" + accents is cut at 60 bytes inside an "é"; so is the quoted accents at 40 bytes.
  Json td = test::edited(test::ec2Definition(), [&accents](Json& d) {
    d["family"] = "a" + accents;                        // InvalidFamily: substr(0, 60)
    test::container(d)["name"] = "a" + accents;         // InvalidContainerName: substr(0, 60)
    d["networkMode"] = accents;                         // InvalidEnumValue: describeValue, 40 bytes
    test::container(d)["memoryReservation"] = accents;  // InvalidType: describeValue, 40 bytes
  });
  Validation v = test::judge(td);
  for (const char* code : {"InvalidFamily", "InvalidContainerName", "InvalidEnumValue", "InvalidType"}) {
    const Finding* f = test::findingsWithCode(v, code).empty() ? nullptr : test::findingsWithCode(v, code)[0];
    ASSERT_NE(f, nullptr) << code << "\n" << test::describe(v);
    EXPECT_TRUE(test::isValidUtf8(f->message)) << code << ": " << f->message;
  }
}
