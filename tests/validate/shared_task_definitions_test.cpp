// AWS's own sample task definitions (../shared/data/task-definitions/aws-containers-task-definitions,
// 14 files): each loads, is judged as ECS judges it today for the launch types it names, keeps
// every field through registration, and registers again to the same form.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "validate/cases.h"

using namespace ecsplay;
using test::expectSurvives;
using test::list;
using test::withCode;
namespace fs = std::filesystem;

namespace {

struct Verdict {
  bool valid;
  std::vector<std::string> errors;  // the error codes, in order
  std::string path;                 // of the first error
  std::vector<std::string> compatibilities;
  const char* reason;
};

using Names = std::vector<std::string>;

// Keyed by the path under aws-containers-task-definitions/.
const std::map<std::string, Verdict>& verdicts() {
  static const std::map<std::string, Verdict> table = {
      {"consul/ConsulClient.json",
       {true, {}, "", {"EXTERNAL", "EC2"},
        "host mode on EC2, no port mappings, memory 256 above its reservation of 64"}},
      {"consul/ConsulServer.json",
       {true, {}, "", {"EXTERNAL", "EC2"}, "the same as the client, with -server"}},
      {"gunicorn/gunicorn_ec2.json",
       {true, {}, "", {"EC2", "MANAGED_INSTANCES"},
        "awsvpc with matching ports on EC2; not FARGATE: awslogs without an execution role"}},
      {"jetty/jetty_ec2.json", {true, {}, "", {"EC2", "MANAGED_INSTANCES"}, "awsvpc, matching ports, 512 MiB in 1024"}},
      {"wildfly/wildfly_ec2.json",
       {true, {}, "", {"EC2", "MANAGED_INSTANCES"}, "container cpu and memory equal to the task's are accepted"}},
      {"nginx/nginx_ec2.json", {true, {}, "", {"EXTERNAL", "EC2"}, "bridge mode, requiresCompatibilities EC2"}},
      {"kibana/kibana_ec2.json",
       {false, {"HostPortMustMatch"}, "containerDefinitions[0].portMappings[0].hostPort", {"EC2", "MANAGED_INSTANCES"},
        "awsvpc with hostPort 80 for containerPort 5601"}},
      {"tomcat/tomcat_ec2.json",
       {false, {"HostPortMustMatch"}, "containerDefinitions[0].portMappings[0].hostPort", {"EC2", "MANAGED_INSTANCES"},
        "awsvpc with hostPort 80 for containerPort 8080"}},
      // Every Fargate sample sends awslogs without executionRoleArn, which ECS refuses today
      // ("Fargate requires task definition to have execution role ARN to support log driver awslogs.").
      {"gunicorn/gunicorn_fargate.json",
       {false, {"FargateAwslogsNeedsExecutionRole"}, "containerDefinitions[0].logConfiguration.logDriver",
        {"EC2", "MANAGED_INSTANCES"}, "awslogs without an execution role"}},
      {"jetty/jetty_fargate.json",
       {false, {"FargateAwslogsNeedsExecutionRole"}, "containerDefinitions[0].logConfiguration.logDriver",
        {"EC2", "MANAGED_INSTANCES"}, "awslogs without an execution role"}},
      {"kibana/kibana_fargate.json",
       {false, {"FargateAwslogsNeedsExecutionRole"}, "containerDefinitions[0].logConfiguration.logDriver",
        {"EC2", "MANAGED_INSTANCES"}, "awslogs without an execution role"}},
      {"nginx/nginx_fargate.json",
       {false, {"FargateAwslogsNeedsExecutionRole"}, "containerDefinitions[0].logConfiguration.logDriver",
        {"EC2", "MANAGED_INSTANCES"}, "awslogs without an execution role"}},
      {"tomcat/tomcat_fargate.json",
       {false, {"FargateAwslogsNeedsExecutionRole"}, "containerDefinitions[0].logConfiguration.logDriver",
        {"EC2", "MANAGED_INSTANCES"}, "awslogs without an execution role"}},
      {"wildfly/wildfly_fargate.json",
       {false, {"FargateAwslogsNeedsExecutionRole"}, "containerDefinitions[0].logConfiguration.logDriver",
        {"EC2", "MANAGED_INSTANCES"}, "awslogs without an execution role (and \"ulimits\": null, read as not set)"}},
  };
  return table;
}

std::string root() { return test::sharedData("task-definitions/aws-containers-task-definitions"); }

// Every *.json under the samples directory, as paths relative to it, sorted.
std::vector<std::string> sampleFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root(), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") {
      out.push_back(fs::relative(it->path(), root()).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Json load(const std::string& relative) {
  JsonParseResult r = parseJsonText(test::readFile(root() + "/" + relative));
  EXPECT_TRUE(r.ok) << relative << ": " << r.error;
  return r.value;
}


}  // namespace

TEST(SharedTaskDefinitions, AllFourteenAreThereAndInTheTable) {
  std::vector<std::string> files = sampleFiles();
  ASSERT_EQ(files.size(), 14u) << "the samples directory changed: " << testing::PrintToString(files);
  for (const std::string& f : files) EXPECT_EQ(verdicts().count(f), 1u) << f << " has no verdict in the table";
  EXPECT_EQ(verdicts().size(), 14u);
}

TEST(SharedTaskDefinitions, AreJudgedAsEcsJudgesThem) {
  for (const std::string& file : sampleFiles()) {
    SCOPED_TRACE(file);
    auto found = verdicts().find(file);
    ASSERT_NE(found, verdicts().end());
    const Verdict& expected = found->second;
    SCOPED_TRACE(expected.reason);
    Validation v = validateTaskDefinitionText(test::readFile(root() + "/" + file));
    ASSERT_TRUE(v.jsonOk) << v.jsonError;
    EXPECT_EQ(v.valid(), expected.valid) << test::describe(v);
    std::vector<std::string> errors;
    for (const Finding& f : v.findings) {
      if (f.severity == Severity::Error) errors.push_back(f.code);
    }
    EXPECT_EQ(errors, expected.errors) << test::describe(v);
    if (!expected.errors.empty() && !v.findings.empty()) {
      EXPECT_EQ(v.findings[0].path, expected.path);
    }
    EXPECT_EQ(test::launchTypeNames(v.compatibilities), expected.compatibilities);
    // No warnings either: these are plain, working definitions.
    EXPECT_EQ(countSeverity(v.findings, Severity::Warning), 0u) << test::describe(v);
  }
}

TEST(SharedTaskDefinitions, FargateSamplesFailOnlyOnFargatesAwslogsRule) {
  // Only the Fargate rule fails: the same definitions run on EC2 (compatibilities lists EC2), and
  // with an execution role added ECS registers them for FARGATE.
  for (const std::string& file : sampleFiles()) {
    if (file.find("_fargate") == std::string::npos) continue;
    SCOPED_TRACE(file);
    Json td = load(file);
    Validation v = test::judge(td);
    ASSERT_FALSE(v.valid());
    EXPECT_NE(std::find(v.compatibilities.begin(), v.compatibilities.end(), LaunchType::EC2), v.compatibilities.end());
    const Finding* f = test::findingAt(v, "FargateAwslogsNeedsExecutionRole", "containerDefinitions[0].logConfiguration.logDriver");
    ASSERT_NE(f, nullptr) << test::describe(v);
    EXPECT_EQ(f->message, "Fargate requires task definition to have execution role ARN to support log driver awslogs.");

    td["executionRoleArn"] = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
    Validation fixed = test::judge(td);
    EXPECT_TRUE(fixed.valid()) << test::describe(fixed);
    EXPECT_EQ(test::launchTypeNames(fixed.compatibilities), (Names{"EC2", "FARGATE", "MANAGED_INSTANCES"}));
  }
}

TEST(SharedTaskDefinitions, KeepEveryFieldThroughRegistration) {
  for (const std::string& file : sampleFiles()) {
    SCOPED_TRACE(file);
    Json input = load(file);
    Validation v = test::judge(input);
    expectSurvives(input, v.registered, "");
    EXPECT_EQ(v.registered["family"], input["family"]);
    EXPECT_EQ(v.registered["revision"], Json(1));
    EXPECT_EQ(v.registered["status"], Json("ACTIVE"));
  }
}

TEST(SharedTaskDefinitions, RegisterAgainToTheSameForm) {
  for (const std::string& file : sampleFiles()) {
    SCOPED_TRACE(file);
    Validation once = test::judge(load(file));
    Validation twice = test::judge(once.registered);
    EXPECT_EQ(test::text(twice.registered), test::text(once.registered));
    // Feeding the registered form back only adds the notes on ECS's own fields.
    for (const Finding& f : twice.findings) {
      if (f.code == "OutputOnlyField") continue;
      bool before = false;
      for (const Finding& g : once.findings) before = before || (g.code == f.code && g.path == f.path);
      EXPECT_TRUE(before) << "new on the second pass: " << f.path << " [" << f.code << "] " << f.message;
    }
  }
}
