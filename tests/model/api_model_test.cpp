// The API shape table (api_model.h) and the SDK-style check. The table is generated from botocore's
// ECS model; the first tests compare it with ../shared/data/botocore-ecs/service-2.json shape by
// shape, so a stale or hand-edited table fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ecsplay/api_model.h"
#include "test_support.h"
#include "validate/cases.h"

using namespace ecsplay;
using test::expectSurvives;
using test::list;
using test::withCode;

namespace {

const Json& botocoreModel() {
  static const Json model = [] {
    JsonLimits limits;
    limits.maxBytes = 16 * 1024 * 1024;
    JsonParseResult r = parseJsonText(test::readFile(test::sharedData("botocore-ecs/service-2.json")), limits);
    return r.ok ? r.value : Json();
  }();
  return model;
}

const Json* member(const Json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

std::string kindName(ApiKind k) {
  switch (k) {
    case ApiKind::Structure: return "structure";
    case ApiKind::List: return "list";
    case ApiKind::Map: return "map";
    case ApiKind::String: return "string";
    case ApiKind::Integer: return "integer";
    case ApiKind::Long: return "long";
    case ApiKind::Double: return "double";
    case ApiKind::Boolean: return "boolean";
    case ApiKind::Timestamp: return "timestamp";
  }
  return "?";
}

std::string shapeRef(const Json& ref) {
  const Json* s = member(ref, "shape");
  return s && s->is_string() ? s->get<std::string>() : std::string();
}

Findings check(const Json& value, const char* shape, const ShapeCheckOptions& options = {}) {
  Findings out;
  const ApiShape* s = findShape(shape);
  EXPECT_NE(s, nullptr) << shape;
  if (s) checkShape(value, *s, "", out, options);
  return out;
}



std::vector<std::string> keysOf(const Json& o) {
  std::vector<std::string> keys;
  for (auto it = o.begin(); it != o.end(); ++it) keys.push_back(it.key());
  return keys;
}

}  // namespace

TEST(ApiModel, HasEveryBotocoreShapeInNameOrder) {
  const Json* shapes = member(botocoreModel(), "shapes");
  ASSERT_TRUE(shapes && shapes->is_object()) << "service-2.json did not load";
  std::vector<std::string> names = keysOf(*shapes);
  std::sort(names.begin(), names.end());
  ASSERT_EQ(shapeCount(), static_cast<int>(names.size()));
  for (int i = 0; i < shapeCount(); ++i) {
    EXPECT_EQ(shapeAt(i).name, names[static_cast<size_t>(i)]);
    const ApiShape* found = findShape(names[static_cast<size_t>(i)]);
    EXPECT_EQ(found, &shapeAt(i)) << names[static_cast<size_t>(i)];
  }
  EXPECT_EQ(findShape("NoSuchShape"), nullptr);
  EXPECT_EQ(findShape(""), nullptr);
}

TEST(ApiModel, EveryShapeMatchesBotocore) {
  const Json* shapes = member(botocoreModel(), "shapes");
  ASSERT_TRUE(shapes && shapes->is_object());
  for (auto it = shapes->begin(); it != shapes->end(); ++it) {
    const std::string& name = it.key();
    const Json& model = it.value();
    SCOPED_TRACE(name);
    const ApiShape* shape = findShape(name);
    ASSERT_NE(shape, nullptr);
    const Json* type = member(model, "type");
    ASSERT_TRUE(type && type->is_string());
    EXPECT_EQ(kindName(shape->kind), type->get<std::string>());

    // Members, in the model's order, with their shapes and required flags.
    const Json* members = member(model, "members");
    std::vector<std::string> required;
    if (const Json* r = member(model, "required")) {
      for (const Json& n : *r) required.push_back(n.get<std::string>());
    }
    if (members) {
      ASSERT_EQ(shape->memberCount, static_cast<int>(members->size()));
      int i = 0;
      for (auto m = members->begin(); m != members->end(); ++m, ++i) {
        const ApiMember& am = memberAt(*shape, i);
        EXPECT_EQ(am.name, m.key());
        EXPECT_EQ(shapeAt(am.shape).name, shapeRef(m.value())) << m.key();
        bool isRequired = std::find(required.begin(), required.end(), m.key()) != required.end();
        EXPECT_EQ(am.required, isRequired) << m.key();
        EXPECT_EQ(findMember(*shape, m.key()), &am);
      }
      EXPECT_EQ(findMember(*shape, "noSuchMember"), nullptr);
    } else {
      EXPECT_EQ(shape->memberCount, 0);
    }

    // Lists and maps.
    if (const Json* m = member(model, "member")) {
      ASSERT_GE(shape->listMember, 0);
      EXPECT_EQ(shapeAt(shape->listMember).name, shapeRef(*m));
    } else {
      EXPECT_EQ(shape->listMember, -1);
    }
    if (const Json* k = member(model, "key")) {
      ASSERT_GE(shape->mapKey, 0);
      EXPECT_EQ(shapeAt(shape->mapKey).name, shapeRef(*k));
    } else {
      EXPECT_EQ(shape->mapKey, -1);
    }
    if (const Json* v = member(model, "value")) {
      ASSERT_GE(shape->mapValue, 0);
      EXPECT_EQ(shapeAt(shape->mapValue).name, shapeRef(*v));
    } else {
      EXPECT_EQ(shape->mapValue, -1);
    }

    // Enum values, in order.
    std::vector<std::string> expectedEnum, actualEnum;
    if (const Json* e = member(model, "enum")) {
      for (const Json& v : *e) expectedEnum.push_back(v.get<std::string>());
    }
    for (int i = 0; i < shape->enumCount; ++i) actualEnum.push_back(std::string(enumValueAt(*shape, i)));
    EXPECT_EQ(actualEnum, expectedEnum);
    for (const std::string& v : expectedEnum) EXPECT_TRUE(isEnumValue(*shape, v)) << v;
    if (!expectedEnum.empty()) {
      EXPECT_FALSE(isEnumValue(*shape, "not-" + expectedEnum[0]));
    }

    // Bounds and flags.
    const Json* min = member(model, "min");
    const Json* max = member(model, "max");
    EXPECT_EQ(shape->hasMin, min != nullptr);
    EXPECT_EQ(shape->hasMax, max != nullptr);
    if (min) {
      EXPECT_EQ(shape->min, static_cast<long long>(min->get<double>()));
    }
    if (max) {
      EXPECT_EQ(shape->max, static_cast<long long>(max->get<double>()));
    }
    const Json* box = member(model, "box");
    EXPECT_EQ(shape->boxed, box && box->is_boolean() && box->get<bool>());
    const Json* exception = member(model, "exception");
    EXPECT_EQ(shape->exception, exception && exception->is_boolean() && exception->get<bool>());
  }
}

TEST(ApiModel, EveryOperationMatchesBotocore) {
  const Json* operations = member(botocoreModel(), "operations");
  ASSERT_TRUE(operations && operations->is_object());
  ASSERT_EQ(operationCount(), static_cast<int>(operations->size()));
  EXPECT_EQ(operationCount(), 77);
  for (auto it = operations->begin(); it != operations->end(); ++it) {
    SCOPED_TRACE(it.key());
    const ApiOperation* op = findOperation(it.key());
    ASSERT_NE(op, nullptr);
    const Json* input = member(it.value(), "input");
    const Json* output = member(it.value(), "output");
    if (input) {
      ASSERT_GE(op->input, 0);
      EXPECT_EQ(shapeAt(op->input).name, shapeRef(*input));
    } else {
      EXPECT_EQ(op->input, -1);
    }
    if (output) {
      ASSERT_GE(op->output, 0);
      EXPECT_EQ(shapeAt(op->output).name, shapeRef(*output));
    } else {
      EXPECT_EQ(op->output, -1);
    }
  }
  EXPECT_EQ(findOperation("LaunchRocket"), nullptr);
  for (int i = 1; i < operationCount(); ++i) {
    EXPECT_LT(std::string(operationAt(i - 1).name), std::string(operationAt(i).name));
  }
}

TEST(ShapeCheck, AcceptsAWellFormedRegisterTaskDefinitionInput) {
  Findings f = check(test::json(R"({"family": "web", "networkMode": "awsvpc", "cpu": "256",
      "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 256, "essential": true,
        "portMappings": [{"containerPort": 80, "protocol": "tcp"}], "dockerLabels": {"a": "b"}}],
      "tags": [{"key": "team", "value": "web"}]})"),
                     "RegisterTaskDefinitionRequest");
  EXPECT_TRUE(f.empty()) << list(f);
}

TEST(ShapeCheck, RefusesAnUnknownParameterListingTheKnownOnes) {
  Findings f = check(test::json(R"({"family": "web", "containerDefinitions": [{"name": "app", "foo": 1}],
                                    "familly": "x"})"),
                     "RegisterTaskDefinitionRequest");
  const Finding* top = withCode(f, "UnknownParameter", "familly");
  ASSERT_NE(top, nullptr) << list(f);
  EXPECT_EQ(top->severity, Severity::Error);
  EXPECT_EQ(top->message.rfind("Unknown parameter in input: \"familly\", must be one of: family, taskRoleArn, "
                               "executionRoleArn, networkMode, containerDefinitions,",
                               0),
            0u)
      << top->message;
  const Finding* inner = withCode(f, "UnknownParameter", "containerDefinitions[0].foo");
  ASSERT_NE(inner, nullptr) << list(f);
  EXPECT_EQ(inner->message.rfind("Unknown parameter in containerDefinitions[0]: \"foo\", must be one of: name, image,", 0),
            0u)
      << inner->message;
  EXPECT_EQ(f.size(), 2u) << list(f);
}

TEST(ShapeCheck, RefusesAValueOfTheWrongType) {
  struct Case {
    const char* json;
    const char* path;
    const char* message;
  };
  const Case cases[] = {
      {R"({"family": "web", "containerDefinitions": [], "cpu": 1024})", "cpu",
       "Invalid type for parameter cpu: got integer 1024, expected a string."},
      {R"({"family": "web", "containerDefinitions": [{"memory": "256"}]})", "containerDefinitions[0].memory",
       "Invalid type for parameter containerDefinitions[0].memory: got string \"256\", expected an integer."},
      {R"({"family": "web", "containerDefinitions": [{"memory": 256.5}]})", "containerDefinitions[0].memory",
       "got number 256.5, expected an integer."},
      {R"({"family": "web", "containerDefinitions": [{"essential": "true"}]})", "containerDefinitions[0].essential",
       "expected true or false."},
      {R"({"family": "web", "containerDefinitions": {}})", "containerDefinitions", "got object {...}, expected an array."},
      {R"({"family": ["web"], "containerDefinitions": []})", "family", "got array [...], expected a string."},
      {R"({"family": "web", "containerDefinitions": [7]})", "containerDefinitions[0]", "expected an object."},
      {R"({"family": "web", "containerDefinitions": [{"dockerLabels": []}]})", "containerDefinitions[0].dockerLabels",
       "expected an object of string keys."},
      {R"({"family": "web", "containerDefinitions": [{"dockerLabels": {"a": 1}}]})",
       "containerDefinitions[0].dockerLabels.a", "expected a string."},
      {R"({"family": "web", "containerDefinitions": [{"portMappings": [null]}]})",
       "containerDefinitions[0].portMappings[0]", "got null, expected an object."},
      {R"({"family": "web", "containerDefinitions": [{"dockerLabels": {"a": null}}]})",
       "containerDefinitions[0].dockerLabels.a", "got null, expected a string."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    Findings f = check(test::json(c.json), "RegisterTaskDefinitionRequest");
    const Finding* found = withCode(f, "InvalidType", c.path);
    ASSERT_NE(found, nullptr) << list(f);
    EXPECT_EQ(found->severity, Severity::Error);
    EXPECT_NE(found->message.find(c.message), std::string::npos) << found->message;
  }
  Findings whole = check(test::json("[]"), "RegisterTaskDefinitionRequest");
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].message, "Invalid type for parameter input: got array [...], expected an object.");
}

TEST(ShapeCheck, RefusesAMissingRequiredParameter) {
  Findings f = check(Json::object(), "RegisterTaskDefinitionRequest");
  const Finding* family = withCode(f, "MissingRequiredParameter", "family");
  ASSERT_NE(family, nullptr) << list(f);
  EXPECT_EQ(family->message, "Missing required parameter in input: \"family\"");
  EXPECT_NE(withCode(f, "MissingRequiredParameter", "containerDefinitions"), nullptr) << list(f);
  EXPECT_EQ(f.size(), 2u) << list(f);

  Findings nested = check(test::json(R"({"family": "web", "containerDefinitions": [
      {"dependsOn": [{"containerName": "db"}], "healthCheck": {"interval": 30}}]})"),
                          "RegisterTaskDefinitionRequest");
  const Finding* condition = withCode(nested, "MissingRequiredParameter", "containerDefinitions[0].dependsOn[0].condition");
  ASSERT_NE(condition, nullptr) << list(nested);
  EXPECT_EQ(condition->message, "Missing required parameter in containerDefinitions[0].dependsOn[0]: \"condition\"");
  EXPECT_NE(withCode(nested, "MissingRequiredParameter", "containerDefinitions[0].healthCheck.command"), nullptr)
      << list(nested);
}

TEST(ShapeCheck, RefusesAStringOutsideItsEnum) {
  Findings f = check(test::json(R"({"family": "web", "containerDefinitions": [], "networkMode": "nat",
                                    "requiresCompatibilities": ["FARGATE", "LAMBDA"]})"),
                     "RegisterTaskDefinitionRequest");
  const Finding* mode = withCode(f, "InvalidEnumValue", "networkMode");
  ASSERT_NE(mode, nullptr) << list(f);
  EXPECT_EQ(mode->message, "Invalid value \"nat\" for networkMode; valid values: bridge, host, awsvpc, none.");
  const Finding* compat = withCode(f, "InvalidEnumValue", "requiresCompatibilities[1]");
  ASSERT_NE(compat, nullptr) << list(f);
  EXPECT_NE(compat->message.find("valid values: EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES."), std::string::npos)
      << compat->message;
  EXPECT_EQ(f.size(), 2u) << list(f);
}

TEST(ShapeCheck, RefusesAnIntegerAbove32Bits) {
  // AWS "integer" shapes are 32-bit: 2^31 - 1 is the largest container memory the API takes.
  Findings ok = check(test::json(R"({"family": "web", "containerDefinitions": [{"memory": 2147483647, "cpu": -2147483648}]})"),
                      "RegisterTaskDefinitionRequest");
  EXPECT_TRUE(ok.empty()) << list(ok);
  for (const char* value : {"2147483648", "-2147483649", "18446744073709551615", "9223372036854775807"}) {
    SCOPED_TRACE(value);
    Findings f = check(test::json(std::string(R"({"family": "web", "containerDefinitions": [{"memory": )") + value + "}]}"),
                       "RegisterTaskDefinitionRequest");
    const Finding* range = withCode(f, "InvalidRange", "containerDefinitions[0].memory");
    ASSERT_NE(range, nullptr) << list(f);
    EXPECT_EQ(range->severity, Severity::Error);
    EXPECT_NE(range->message.find("does not fit in a 32-bit integer"), std::string::npos) << range->message;
  }
}

TEST(ShapeCheck, RefusesValuesOutsideTheModelsBounds) {
  // CapacityProviderStrategyItem.base is 0-100,000 and weight 0-1,000 (API ref).
  Findings f = check(test::json(R"({"capacityProvider": "cp", "base": 100001, "weight": -1})"), "CapacityProviderStrategyItem");
  const Finding* base = withCode(f, "InvalidRange", "base");
  ASSERT_NE(base, nullptr) << list(f);
  EXPECT_EQ(base->message, "Invalid value for parameter base: value 100001, valid maximum 100000.");
  const Finding* weight = withCode(f, "InvalidRange", "weight");
  ASSERT_NE(weight, nullptr) << list(f);
  EXPECT_EQ(weight->message, "Invalid value for parameter weight: value -1, valid minimum 0.");
  EXPECT_TRUE(check(test::json(R"({"capacityProvider": "cp", "base": 100000, "weight": 0})"), "CapacityProviderStrategyItem")
                  .empty());

  // Tags: at most 50, keys 1-128 characters.
  Json tags = Json::array();
  for (int i = 0; i < 51; ++i) tags.push_back({{"key", "k" + std::to_string(i)}, {"value", "v"}});
  Json td = test::json(R"({"family": "web", "containerDefinitions": []})");
  td["tags"] = tags;
  Findings many = check(td, "RegisterTaskDefinitionRequest");
  const Finding* count = withCode(many, "InvalidLength", "tags");
  ASSERT_NE(count, nullptr) << list(many);
  EXPECT_EQ(count->message, "Invalid length for parameter tags: length 51, valid maximum 50.");
  td["tags"].erase(50);
  EXPECT_TRUE(check(td, "RegisterTaskDefinitionRequest").empty());
  td["tags"][0]["key"] = "";
  EXPECT_NE(withCode(check(td, "RegisterTaskDefinitionRequest"), "InvalidLength", "tags[0].key"), nullptr);
  td["tags"][0]["key"] = std::string(129, 'k');
  Findings tooLong = check(td, "RegisterTaskDefinitionRequest");
  const Finding* longKey = withCode(tooLong, "InvalidLength", "tags[0].key");
  ASSERT_NE(longKey, nullptr);
  EXPECT_EQ(longKey->message, "Invalid length for parameter tags[0].key: length 129, valid maximum 128.");
  td["tags"][0]["key"] = std::string(128, 'k');
  EXPECT_TRUE(check(td, "RegisterTaskDefinitionRequest").empty());

  // Doubles: DaemonDrainPercent is 0-100.
  Findings d = check(Json(100.5), "DaemonDrainPercent");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "InvalidRange");
  EXPECT_TRUE(check(Json(100), "DaemonDrainPercent").empty());
}

// Lengths are counted in characters: botocore's parameter validation takes len() of a Python
// str (code points), and the API reference gives Tag keys as "128 Unicode characters in UTF-8".
TEST(ShapeCheck, CountsStringLengthsInCharactersNotBytes) {
  std::string key;
  for (int i = 0; i < 128; ++i) key += "\xc3\xa9";  // "é": 128 characters, 256 bytes
  Json td = test::json(R"({"family": "web", "containerDefinitions": []})");
  td["tags"] = Json::array();
  td["tags"].push_back({{"key", key}, {"value", "v"}});
  Findings f = check(td, "RegisterTaskDefinitionRequest");
  EXPECT_TRUE(f.empty()) << list(f);
  td["tags"][0]["key"] = key + "\xe2\x82\xac";  // one more character, the euro sign (3 bytes)
  Findings over = check(td, "RegisterTaskDefinitionRequest");
  const Finding* length = withCode(over, "InvalidLength", "tags[0].key");
  ASSERT_NE(length, nullptr) << list(over);
  EXPECT_NE(length->message.find("length 129, valid maximum 128"), std::string::npos) << length->message;
}

TEST(ShapeCheck, TreatsNullAsNotSetWithANote) {
  Findings f = check(test::json(R"({"family": "web", "containerDefinitions": [{"name": "app", "ulimits": null}],
                                    "taskRoleArn": null})"),
                     "RegisterTaskDefinitionRequest");
  const Finding* role = withCode(f, "NullValue", "taskRoleArn");
  ASSERT_NE(role, nullptr) << list(f);
  EXPECT_EQ(role->severity, Severity::Info);
  EXPECT_EQ(role->message, "taskRoleArn is null: ECS treats it as not set (the AWS CLI refuses null values).");
  EXPECT_NE(withCode(f, "NullValue", "containerDefinitions[0].ulimits"), nullptr) << list(f);
  EXPECT_EQ(f.size(), 2u) << list(f);

  // A null required member is missing.
  Findings required = check(test::json(R"({"family": null, "containerDefinitions": []})"), "RegisterTaskDefinitionRequest");
  EXPECT_NE(withCode(required, "NullValue", "family"), nullptr) << list(required);
  EXPECT_NE(withCode(required, "MissingRequiredParameter", "family"), nullptr) << list(required);
}

TEST(ShapeCheck, AcceptsTimestampsAsNumbersOrStrings) {
  EXPECT_TRUE(check(Json(1700000000.5), "Timestamp").empty());
  EXPECT_TRUE(check(Json("2024-06-21T12:00:00Z"), "Timestamp").empty());
  Findings f = check(Json(true), "Timestamp");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "InvalidType");
}

TEST(ShapeCheck, LeavesTheCallersTopLevelMembersAlone) {
  const char* const ignore[] = {"revision", "status"};
  ShapeCheckOptions options;
  options.ignoreTopLevel = ignore;
  options.ignoreTopLevelCount = 2;
  Json input = test::json(R"({"family": "web", "containerDefinitions": [{"revision": 1}], "revision": 3, "status": "ACTIVE"})");
  Findings f = check(input, "RegisterTaskDefinitionRequest", options);
  ASSERT_EQ(f.size(), 1u) << list(f);
  EXPECT_EQ(f[0].path, "containerDefinitions[0].revision");  // only at the top level
  EXPECT_EQ(check(input, "RegisterTaskDefinitionRequest").size(), 3u);
}

TEST(ShapeCheck, EveryMemberOfEveryTaskDefinitionShapeIsAccepted) {
  // An input with every member ECS defines, generated from the table, passes the check: the
  // checker and the table agree on every type.
  Json everything = test::exampleOf(*findShape("RegisterTaskDefinitionRequest"));
  Findings f = check(everything, "RegisterTaskDefinitionRequest");
  EXPECT_TRUE(f.empty()) << list(f);
}

TEST(OrderLikeShape, WritesMembersInTheModelsOrderThenUnknownKeys) {
  Json td = test::json(R"({"status": "ACTIVE", "zzz": 1, "family": "web", "revision": 3,
      "containerDefinitions": [{"memory": 256, "image": "nginx", "name": "app",
                                "dockerLabels": {"z": "1", "a": "2"}, "extra": true}],
      "taskDefinitionArn": "arn", "aaa": 2})");
  Json ordered = orderLikeShape(td, *findShape("TaskDefinition"));
  EXPECT_EQ(keysOf(ordered),
            (std::vector<std::string>{"taskDefinitionArn", "containerDefinitions", "family", "revision", "status", "zzz", "aaa"}));
  const Json& c = ordered["containerDefinitions"][0];
  EXPECT_EQ(keysOf(c), (std::vector<std::string>{"name", "image", "memory", "dockerLabels", "extra"}));
  EXPECT_EQ(keysOf(c["dockerLabels"]), (std::vector<std::string>{"z", "a"}));  // a map keeps its order
  EXPECT_TRUE(test::sameContent(ordered, td));
}

TEST(OrderLikeShape, LeavesValuesOfAnotherKindAlone) {
  const ApiShape& td = *findShape("TaskDefinition");
  EXPECT_EQ(orderLikeShape(Json("x"), td), Json("x"));
  EXPECT_EQ(orderLikeShape(Json::array({1, 2}), td), Json::array({1, 2}));
  EXPECT_EQ(orderLikeShape(Json(5), *findShape("ContainerDefinitions")), Json(5));
}
