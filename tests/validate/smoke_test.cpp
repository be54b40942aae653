// End to end, the way a front end uses the core: text in, a verdict, a registration, the
// DescribeTaskDefinition reply out. The rule suites beside this file test each step on its own.
#include <gtest/gtest.h>

#include "ecsplay/registry.h"
#include "validate/cases.h"

using namespace ecsplay;

TEST(Smoke, FromPastedTextToADescribedRevision) {
  const char* text = R"({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
      "cpu": ".25 vCPU", "memory": "0.5 GB",
      "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}]})";
  Validation v = validateTaskDefinitionText(text);
  ASSERT_TRUE(v.valid()) << test::describe(v);

  JsonParseResult parsed = parseJsonText(text);
  ASSERT_TRUE(parsed.ok);
  TaskDefinitionRegistry registry;
  RegisterResult result = registry.registerTaskDefinition(parsed.value, 1718971200000);
  ASSERT_NE(result.registered, nullptr);
  Json described = registry.describeJson(*result.registered);
  EXPECT_EQ(described["taskDefinitionArn"], Json("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"));
  EXPECT_EQ(described["cpu"], Json("256"));
  EXPECT_EQ(described["memory"], Json("512"));
  EXPECT_EQ(described["containerDefinitions"][0]["portMappings"][0]["hostPort"], Json(80));
  EXPECT_EQ(described["registeredAt"], Json(1718971200.0));

  // Everything but the registration time is what validation showed.
  Json shown = v.registered;
  described.erase("registeredAt");
  EXPECT_EQ(test::text(described), test::text(shown));
}

TEST(Smoke, ARefusedDefinitionSaysWhyInOneMessage) {
  const char* text = R"({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
      "cpu": "1 vCPU", "memory": "1 GB", "containerDefinitions": [{"name": "app", "image": "nginx"}]})";
  Validation v = validateTaskDefinitionText(text);
  EXPECT_FALSE(v.valid());
  TaskDefinitionRegistry registry;
  RegisterResult result = registry.registerTaskDefinition(parseJsonText(text).value, 0);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->type, "ClientException");
  EXPECT_EQ(result.error->message.rfind("No Fargate configuration exists for given values: 1024 CPU, 1024 memory.", 0), 0u)
      << result.error->message;
}
