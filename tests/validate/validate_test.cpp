// The validation pipeline (validate.h): JSON text, which launch types a definition is judged for,
// the compatibilities ECS computes at registration, the order of findings, and the JSON verdict.
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::container;
using test::edited;

namespace {

std::vector<std::string> names(const std::vector<LaunchType>& types) { return test::launchTypeNames(types); }
using Names = std::vector<std::string>;

}  // namespace

TEST(Validate, AcceptsAMinimalEc2Definition) {
  Validation v = validateTaskDefinitionText(R"({"family":"web","containerDefinitions":[{"name":"app","image":"nginx","memory":256}]})");
  EXPECT_TRUE(v.valid()) << test::describe(v);
  EXPECT_TRUE(v.jsonOk);
  EXPECT_TRUE(v.findings.empty()) << test::describe(v);
  EXPECT_EQ(v.definition.family, "web");
  EXPECT_EQ(v.registered["taskDefinitionArn"], Json("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"));
}

TEST(Validate, ReportsMalformedJsonWithItsPosition) {
  Validation v = validateTaskDefinitionText("{\"family\": \"x\",\n  \"containerDefinitions\": [}");
  EXPECT_FALSE(v.jsonOk);
  EXPECT_FALSE(v.valid());
  EXPECT_EQ(v.errorLine, 2u);
  EXPECT_GT(v.errorColumn, 0u);
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].code, "MalformedJson");
  EXPECT_EQ(v.findings[0].path, "");
  EXPECT_EQ(v.findings[0].message, v.jsonError);
  EXPECT_EQ(v.jsonError.rfind("Malformed JSON at line 2, column ", 0), 0u) << v.jsonError;
  EXPECT_TRUE(v.registered.is_null());
}

TEST(Validate, RefusesInputAboveItsLimits) {
  ValidationOptions options;
  options.jsonLimits.maxBytes = 64;
  Validation big = validateTaskDefinitionText(std::string(65, ' '), options);
  ASSERT_EQ(big.findings.size(), 1u);
  EXPECT_EQ(big.findings[0].code, "InputRefused");
  EXPECT_EQ(big.errorLine, 0u);
  Validation deep = validateTaskDefinitionText(std::string(70, '[') + std::string(70, ']'));
  ASSERT_EQ(deep.findings.size(), 1u);
  EXPECT_EQ(deep.findings[0].code, "InputRefused");
  Validation empty = validateTaskDefinitionText("  ");
  ASSERT_EQ(empty.findings.size(), 1u);
  EXPECT_EQ(empty.findings[0].code, "InputRefused");
  EXPECT_EQ(empty.findings[0].message, "The input is empty: expected a JSON object.");
}

TEST(Validate, RefusesJsonThatIsNotAnObject) {
  Validation v = validateTaskDefinitionText("[{\"family\": \"web\"}]");
  EXPECT_TRUE(v.jsonOk);
  EXPECT_FALSE(v.valid());
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].code, "NotAnObject");
  EXPECT_TRUE(v.judgedFor.empty());
  EXPECT_TRUE(v.compatibilities.empty());
}

TEST(JudgedFor, IsRequiresCompatibilitiesOrEc2PlusTheLaunchTypeAskedFor) {
  struct Case {
    const char* situation;
    Json requires;  // null: not set
    std::optional<LaunchType> runOn;
    Names registeredFor, judgedFor;
    const char* text;
  };
  const Case cases[] = {
      {"nothing required", Json(), std::nullopt, {"EC2"}, {"EC2"}, "registered for EC2"},
      {"FARGATE required", test::json(R"(["FARGATE"])"), std::nullopt, {"FARGATE"}, {"FARGATE"}, "registered for FARGATE"},
      {"EC2 and FARGATE", test::json(R"(["EC2", "FARGATE"])"), std::nullopt, {"EC2", "FARGATE"}, {"EC2", "FARGATE"},
       "registered for EC2, FARGATE"},
      {"run on FARGATE", Json(), LaunchType::FARGATE, {"EC2"}, {"EC2", "FARGATE"}, "registered for EC2 and run on FARGATE"},
      {"FARGATE required, run on EC2", test::json(R"(["FARGATE"])"), LaunchType::EC2, {"FARGATE"}, {"FARGATE", "EC2"},
       "registered for FARGATE and run on EC2"},
      {"run on what is required", test::json(R"(["EC2"])"), LaunchType::EC2, {"EC2"}, {"EC2"}, "registered for EC2 and run on EC2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.situation);
    Json td = test::fargateDefinition();
    if (c.requires.is_null()) td.erase("requiresCompatibilities"); else td["requiresCompatibilities"] = c.requires;
    ValidationOptions options;
    options.launchType = c.runOn;
    Validation v = test::judge(td, options);
    EXPECT_EQ(names(v.registeredFor), c.registeredFor);
    EXPECT_EQ(names(v.judgedFor), c.judgedFor);
    EXPECT_EQ(v.runOn, c.runOn);
    EXPECT_EQ(judgementText(v), c.text);
  }
}

TEST(Compatibilities, AreEveryLaunchTypeTheDefinitionPassesInEcsOrder) {
  // Real replies: bridge -> ["EXTERNAL", "EC2"] (AWS CLI examples); an awsvpc definition with a
  // Fargate size -> ["EC2", "FARGATE", "MANAGED_INSTANCES"], the more frequent of the two 2026
  // orders (docs/research/requires-attributes.md, section 6). requiresCompatibilities does not
  // change the list.
  struct Case {
    const char* situation;
    Json definition;
    Names compatibilities;
  };
  const Case cases[] = {
      {"bridge", test::ec2Definition(), {"EXTERNAL", "EC2"}},
      {"bridge, EC2 required", edited(test::ec2Definition(), [](Json& td) { td["requiresCompatibilities"] = {"EC2"}; }),
       {"EXTERNAL", "EC2"}},
      {"none", edited(test::ec2Definition(), [](Json& td) { td["networkMode"] = "none"; }), {"EXTERNAL", "EC2"}},
      {"Fargate-sized awsvpc", test::fargateDefinition(), {"EC2", "FARGATE", "MANAGED_INSTANCES"}},
      {"Fargate-sized awsvpc, nothing required",
       edited(test::fargateDefinition(), [](Json& td) { td.erase("requiresCompatibilities"); }),
       {"EC2", "FARGATE", "MANAGED_INSTANCES"}},
      {"awsvpc without a task size", test::awsvpcDefinition(), {"EC2", "MANAGED_INSTANCES"}},
      {"awsvpc with a size Fargate lacks",
       edited(test::awsvpcDefinition(), [](Json& td) {
         td["cpu"] = "512";
         td["memory"] = "512";
       }),
       {"EC2", "MANAGED_INSTANCES"}},
      {"ephemeral storage: Fargate only",
       edited(test::fargateDefinition(), [](Json& td) { td["ephemeralStorage"] = {{"sizeInGiB", 30}}; }), {"FARGATE"}},
      {"Windows on instances", test::windowsDefinition(), {"EXTERNAL", "EC2"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.situation);
    Validation v = test::judge(c.definition);
    EXPECT_EQ(names(v.compatibilities), c.compatibilities) << test::describe(v);
    EXPECT_EQ(v.registered["compatibilities"], Json(c.compatibilities));
  }
}

// Real reply (docs/research/requires-attributes.md, 4.7, 2026-04): a host-mode definition with a
// privileged container and pidMode/ipcMode host registers as ["EXTERNAL", "EC2"], without
// MANAGED_INSTANCES; docs/validation-rules.md and commit 7a20f0d also say MANAGED_INSTANCES is
// listed only for awsvpc definitions ("["EXTERNAL","EC2"] for bridge/host/none"). validate.cpp
// lists MANAGED_INSTANCES for every host-mode definition (the consul samples included).
TEST(Compatibilities, HostModeRegistersForExternalAndEc2) {
  Json td = test::json(R"({"family": "cortex", "networkMode": "host", "pidMode": "host", "ipcMode": "host",
      "requiresCompatibilities": ["EC2"],
      "containerDefinitions": [{"name": "agent", "image": "distributions.example.com/agent:8", "memory": 2048,
                                "privileged": true, "readonlyRootFilesystem": false,
                                "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN"]}}}]})");
  Validation v = test::judge(td);
  EXPECT_TRUE(v.valid()) << test::describe(v);
  EXPECT_EQ(names(v.compatibilities), (Names{"EXTERNAL", "EC2"}));
}

TEST(Findings, AreSortedErrorsThenWarningsThenNotesKeepingInputOrder) {
  Json td = test::json(R"({"family": "web", "cpu": "1 vCPU", "containerDefinitions": [
      {"name": "a", "image": "nginx", "memory": 5, "memoryReservation": 6, "taskRoleArn": null},
      {"name": "b", "image": "", "memory": 64, "links": ["a"], "portMappings": [{"containerPort": 80, "hostPort": 22}]}]})");
  Validation v = test::judge(td);
  ASSERT_FALSE(v.findings.empty());
  for (size_t i = 1; i < v.findings.size(); ++i) {
    EXPECT_LE(static_cast<int>(v.findings[i - 1].severity), static_cast<int>(v.findings[i].severity)) << test::describe(v);
  }
  // Errors in the order the rules met them: the shape check, then containers in order.
  std::vector<std::string> errors;
  for (const Finding& f : v.findings) {
    if (f.severity == Severity::Error) errors.push_back(f.code);
  }
  EXPECT_EQ(errors, (std::vector<std::string>{"UnknownParameter", "MemoryReservationAboveMemory", "MissingImage"}));
  EXPECT_NE(test::findingAt(v, "ContainerMemoryBelowDockerMinimum", "containerDefinitions[0].memory"), nullptr);
  EXPECT_NE(test::findingAt(v, "ReservedHostPort", "containerDefinitions[1].portMappings[0].hostPort"), nullptr);
  EXPECT_EQ(v.findings.back().severity, Severity::Info);
}

TEST(Findings, AreNotRepeatedByTheLaunchTypeRules) {
  // A rule that both registration and a launch type would report is listed once.
  Json td = edited(test::fargateDefinition(), [](Json& d) { d["requiresCompatibilities"] = {"FARGATE", "EC2"}; });
  Validation v = test::judgeFor(td, LaunchType::FARGATE);
  std::set<std::pair<std::string, std::string>> seen;
  for (const Finding& f : v.findings) EXPECT_TRUE(seen.insert({f.path, f.code}).second) << f.path << " " << f.code;
}

TEST(ValidationJson, HoldsTheVerdictFindingsAndRegisteredForm) {
  Validation v = test::judge(edited(test::ec2Definition(), [](Json& td) {
    container(td)["memoryReservation"] = 512;
    td["cpu"] = "1 vCPU";
  }));
  ASSERT_GE(v.findings.size(), 2u);
  Json j = validationToJson(v);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["valid"], Json(false));
  ASSERT_TRUE(j["findings"].is_array());
  ASSERT_EQ(j["findings"].size(), v.findings.size());
  Json first = j["findings"][0];
  Json expected = Json::object();
  expected["path"] = "containerDefinitions[0].memoryReservation";
  expected["code"] = "MemoryReservationAboveMemory";
  expected["severity"] = "error";
  expected["message"] = v.findings[0].message;
  EXPECT_EQ(first, expected);
  EXPECT_EQ(j["findings"][1]["severity"], Json("info"));
  EXPECT_EQ(j["taskDefinition"], v.registered);
  EXPECT_EQ(j["taskDefinition"]["cpu"], Json("1024"));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"valid", "findings", "taskDefinition"}));

  Json broken = validationToJson(validateTaskDefinitionText("{"));
  EXPECT_EQ(broken["valid"], Json(false));
  EXPECT_TRUE(broken["taskDefinition"].is_null());
  EXPECT_EQ(broken["findings"][0]["code"], Json("MalformedJson"));
  EXPECT_EQ(broken["findings"][0]["path"], Json(""));
}

TEST(Validate, ReadsADescribeTaskDefinitionReplyAsItsDefinition) {
  Json reply = test::json(R"({"taskDefinition": {"taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:4",
      "family": "web", "revision": 4, "status": "ACTIVE", "compatibilities": ["EXTERNAL", "EC2"],
      "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256}]}})");
  Validation v = test::judge(reply);
  EXPECT_TRUE(v.valid()) << test::describe(v);
  EXPECT_EQ(v.registered["revision"], Json(1));  // ecsplay registers it anew
  EXPECT_EQ(v.findings.size(), 5u) << test::describe(v);  // four output-only fields, the unwrapping note
}
