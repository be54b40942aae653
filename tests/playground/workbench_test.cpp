// The playground's workbench (playground/workbench.h) and its examples (examples.h): the state
// behind the first screen, driven by the same commands the panels push.
#include <gtest/gtest.h>

#include <string>

#include "examples.h"
#include "test_support.h"
#include "validate/cases.h"
#include "workbench.h"

using namespace ecsplay;
using namespace ecsplay::playground;

namespace {

Command setText(const std::string& text) {
  Command c;
  c.kind = Command::Kind::SetText;
  c.text = text;
  return c;
}

Command loadExample(int index) {
  Command c;
  c.kind = Command::Kind::LoadExample;
  c.index = index;
  return c;
}

Command setLaunchType(std::optional<LaunchType> type) {
  Command c;
  c.kind = Command::Kind::SetLaunchType;
  c.launchType = type;
  return c;
}

Command setTaskSize(int cpu, int memory) {
  Command c;
  c.kind = Command::Kind::SetTaskSize;
  c.cpu = cpu;
  c.memory = memory;
  return c;
}

int exampleNamed(const std::string& file) {
  Json index = test::json(test::readFile(test::sourceFile("playground/examples/index.json")));
  for (size_t i = 0; i < index.size(); ++i) {
    if (index[i]["file"] == file) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no example " << file;
  return 0;
}

}  // namespace

TEST(Examples, AreTheFilesTheIndexLists) {
  Json index = test::json(test::readFile(test::sourceFile("playground/examples/index.json")));
  ASSERT_TRUE(index.is_array());
  ASSERT_EQ(examples().size(), index.size());
  for (size_t i = 0; i < index.size(); ++i) {
    Json entry = index[i];
    SCOPED_TRACE(entry["file"].get<std::string>());
    const Example& e = examples()[i];
    EXPECT_EQ(e.title, entry["title"].get<std::string>());
    EXPECT_EQ(e.description, entry["description"].get<std::string>());
    EXPECT_EQ(e.expectValid, entry["valid"].get<bool>());
    EXPECT_EQ(e.json, test::readFile(test::sourceFile("playground/examples/" + entry["file"].get<std::string>())));
  }
}

TEST(Examples, EachIsAsValidAsItsIndexSays) {
  Workbench bench;
  for (int i = 0; i < static_cast<int>(examples().size()); ++i) {
    const Example& e = examples()[static_cast<size_t>(i)];
    SCOPED_TRACE(e.title);
    EXPECT_EQ(bench.apply(loadExample(i)), "");
    EXPECT_EQ(bench.exampleIndex(), i);
    EXPECT_EQ(bench.text(), e.json);
    EXPECT_TRUE(bench.validation().jsonOk) << bench.validation().jsonError;
    EXPECT_EQ(bench.validation().valid(), e.expectValid) << test::describe(bench.validation());
    // An invalid example is there to show one problem: it has errors, and each is explained.
    if (!e.expectValid) {
      EXPECT_GE(countSeverity(bench.validation().findings, Severity::Error), 1u);
    }
    EXPECT_FALSE(bench.registeredText().empty());
  }
}

TEST(Examples, ShowTheProblemTheirTitleNames) {
  struct Case {
    const char* file;
    const char* code;
  };
  const Case cases[] = {{"fargate-wrong-size.json", "FargateCpuMemory"},
                        {"memory-reservation-above-limit.json", "MemoryReservationAboveMemory"},
                        {"awsvpc-port-mismatch.json", "HostPortMustMatch"},
                        {"efs-needs-encryption.json", "EfsIamNeedsTransitEncryption"},
                        {"windows-fargate-too-small.json", "FargateCpuMemory"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    Workbench bench;
    bench.apply(loadExample(exampleNamed(c.file)));
    EXPECT_FALSE(test::findingsWithCode(bench.validation(), c.code).empty()) << test::describe(bench.validation());
  }
}

TEST(Workbench, StartsOnTheFirstExample) {
  Workbench bench;
  ASSERT_FALSE(examples().empty());
  EXPECT_EQ(bench.exampleIndex(), 0);
  EXPECT_EQ(bench.text(), examples()[0].json);
  EXPECT_EQ(bench.validation().valid(), examples()[0].expectValid);
  EXPECT_FALSE(bench.launchType().has_value());
}

TEST(Workbench, RefusesTextOverOneMiBAndKeepsTheOldText) {
  Workbench bench;
  std::string before = bench.text();
  int version = bench.textVersion();
  std::string big(kEditorLimitBytes + 1, ' ');
  std::string message = bench.apply(setText(big));
  EXPECT_EQ(message.rfind("Not loaded: the text is ", 0), 0u) << message;
  EXPECT_NE(message.find("the editor takes up to 1 MiB"), std::string::npos) << message;
  EXPECT_EQ(bench.text(), before);
  EXPECT_EQ(bench.textVersion(), version);
  EXPECT_EQ(bench.exampleIndex(), 0);
  // 10 MB is refused the same way.
  EXPECT_FALSE(bench.apply(setText(std::string(10 * 1000 * 1000, 'x'))).empty());
  EXPECT_EQ(bench.text(), before);
}

TEST(Workbench, TakesTextUpToTheLimitAndJudgesIt) {
  Workbench bench;
  std::string text = "{\"family\": \"web\"" + std::string(kEditorLimitBytes - 17, ' ') + "}";
  ASSERT_EQ(text.size(), kEditorLimitBytes);
  EXPECT_EQ(bench.apply(setText(text)), "");
  EXPECT_EQ(bench.text(), text);
  EXPECT_TRUE(bench.validation().jsonOk) << bench.validation().jsonError;
  EXPECT_NE(test::findingAt(bench.validation(), "MissingRequiredParameter", "containerDefinitions"), nullptr);
  EXPECT_EQ(bench.exampleIndex(), -1);
}

TEST(Workbench, ReportsBrokenJsonWithoutARegisteredForm) {
  Workbench bench;
  EXPECT_EQ(bench.apply(setText("{\"family\": ")), "");
  EXPECT_FALSE(bench.validation().jsonOk);
  EXPECT_TRUE(bench.registeredText().empty());
  Json state = test::json(bench.stateJson());
  EXPECT_EQ(state["valid"], Json(false));
  EXPECT_TRUE(state["jsonError"].is_string());
  EXPECT_TRUE(state["taskDefinition"].is_null());
}

TEST(Workbench, CountsTextChangesFromOutsideTheEditorOnly) {
  Workbench bench;
  int version = bench.textVersion();
  bench.apply(setText(examples()[1].json));
  EXPECT_EQ(bench.textVersion(), version + 1);
  Command typed = setText(examples()[1].json + " ");
  typed.fromEditor = true;  // the editor already shows it
  bench.apply(typed);
  EXPECT_EQ(bench.textVersion(), version + 1);
  EXPECT_EQ(bench.text(), examples()[1].json + " ");
  bench.apply(setText(bench.text()));  // the same text: nothing to do
  EXPECT_EQ(bench.textVersion(), version + 1);
  bench.apply(loadExample(0));
  EXPECT_EQ(bench.textVersion(), version + 2);
}

TEST(Workbench, SetTaskSizeRewritesCpuAndMemory) {
  Workbench bench;
  bench.apply(loadExample(exampleNamed("fargate-wrong-size.json")));  // 1 vCPU with 1 GB
  ASSERT_FALSE(bench.validation().valid());
  int version = bench.textVersion();
  EXPECT_EQ(bench.apply(setTaskSize(1024, 2048)), "");
  EXPECT_TRUE(bench.validation().valid()) << test::describe(bench.validation());
  Json td = test::json(bench.text());
  EXPECT_EQ(td["cpu"], Json("1024"));
  EXPECT_EQ(td["memory"], Json("2048"));
  EXPECT_EQ(td["family"], Json("report-job"));  // the rest is kept
  EXPECT_EQ(bench.textVersion(), version + 1);
  EXPECT_EQ(bench.exampleIndex(), -1);
  EXPECT_NE(bench.registeredText().find("\"cpu\": \"1024\""), std::string::npos);

  // A size Fargate does not have is written all the same, and judged.
  bench.apply(setTaskSize(1024, 1536));
  EXPECT_FALSE(test::findingsWithCode(bench.validation(), "FargateCpuMemory").empty());
  // Into a definition without cpu and memory, it adds them.
  bench.apply(setText(test::text(test::ec2Definition())));
  bench.apply(setTaskSize(256, 512));
  EXPECT_EQ(test::json(bench.text())["cpu"], Json("256"));
}

TEST(Workbench, SetTaskSizeNeedsADefinitionThatParses) {
  Workbench bench;
  bench.apply(setText("{\"cpu\": "));
  std::string message = bench.apply(setTaskSize(1024, 2048));
  EXPECT_EQ(message, "Fix the JSON first: the size can only be set in a definition that parses.");
  EXPECT_EQ(bench.text(), "{\"cpu\": ");
  bench.apply(setText("[1, 2]"));
  EXPECT_FALSE(bench.apply(setTaskSize(1024, 2048)).empty());
  EXPECT_EQ(bench.text(), "[1, 2]");
}

TEST(Workbench, SetLaunchTypeJudgesAgain) {
  Workbench bench;
  bench.apply(loadExample(exampleNamed("ec2-bridge-dynamic-ports.json")));
  ASSERT_TRUE(bench.validation().valid()) << test::describe(bench.validation());
  bench.apply(setLaunchType(LaunchType::FARGATE));
  EXPECT_EQ(bench.launchType(), std::optional<LaunchType>(LaunchType::FARGATE));
  EXPECT_FALSE(bench.validation().valid());
  const Finding* f = test::findingAt(bench.validation(), "IncompatibleLaunchType", "");
  ASSERT_NE(f, nullptr) << test::describe(bench.validation());
  EXPECT_EQ(f->message.rfind("Task definition does not support launch_type FARGATE.", 0), 0u);
  Json state = test::json(bench.stateJson());
  EXPECT_EQ(state["launchType"], Json("FARGATE"));

  bench.apply(setLaunchType(LaunchType::EXTERNAL));
  EXPECT_TRUE(bench.validation().valid()) << test::describe(bench.validation());
  bench.apply(setLaunchType(std::nullopt));
  EXPECT_TRUE(bench.validation().valid());
  EXPECT_TRUE(test::json(bench.stateJson())["launchType"].is_null());
  // The launch type stays when the text changes.
  bench.apply(setLaunchType(LaunchType::FARGATE));
  bench.apply(setText(test::text(test::ec2Definition())));
  EXPECT_NE(test::findingAt(bench.validation(), "IncompatibleLaunchType", ""), nullptr);
}

TEST(Workbench, RefusesAnExampleThatDoesNotExist) {
  Workbench bench;
  std::string before = bench.text();
  EXPECT_EQ(bench.apply(loadExample(-1)), "No such example.");
  EXPECT_EQ(bench.apply(loadExample(static_cast<int>(examples().size()))), "No such example.");
  EXPECT_EQ(bench.text(), before);
}

TEST(Workbench, StateJsonCarriesTheVerdict) {
  Workbench bench;
  Json state = test::json(bench.stateJson());
  ASSERT_TRUE(state.is_object());
  for (const char* key : {"valid", "findings", "taskDefinition", "launchType", "jsonError", "compatibilities", "textBytes"}) {
    EXPECT_TRUE(state.contains(key)) << key;
  }
  EXPECT_EQ(state["valid"], Json(bench.validation().valid()));
  EXPECT_EQ(state["textBytes"], Json(bench.text().size()));
  EXPECT_EQ(state["findings"].size(), bench.validation().findings.size());
  EXPECT_EQ(state["compatibilities"].size(), bench.validation().compatibilities.size());
}
