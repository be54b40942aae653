// The playground's App without a window: ImGui frames drawn headless (no GPU, no backend), and
// the platform-facing entry points (paste, commands).
#include <gtest/gtest.h>

#include <string>

#include "app.h"
#include "examples.h"
#include "imgui.h"
#include "scenario_gallery.h"
#include "style.h"

using namespace ecsplay;
using namespace ecsplay::playground;

namespace {

// An ImGui context with a built font atlas and a display size: enough to run frames on the CPU.
class Headless : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    style::applyTheme();
    style::loadFonts();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // Draws one frame; returns the largest vertex count of any draw list (16-bit indices: WebGL 2
  // has no vertex offset, so a list must stay under 65,536 vertices).
  int frame(App& app) {
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    int most = 0;
    ImDrawData* data = ImGui::GetDrawData();
    for (int i = 0; i < data->CmdListsCount; ++i) most = std::max(most, data->CmdLists[i]->VtxBuffer.Size);
    return most;
  }

  void click(App& app, float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    frame(app);
    io.MouseDown[0] = true;
    frame(app);
    io.MouseDown[0] = false;
    frame(app);
  }
};

Command setText(const std::string& text) {
  Command c;
  c.kind = Command::Kind::SetText;
  c.text = text;
  return c;
}

}  // namespace

TEST(App, RefusesAPasteOverTheEditorLimitWithANotice) {
  App app;
  std::string big(kEditorLimitBytes + 1, 'x');
  EXPECT_STREQ(app.filterPaste(big.c_str()), "");
  EXPECT_EQ(app.notice().rfind("Paste refused: the clipboard holds", 0), 0u) << app.notice();
  EXPECT_STREQ(app.filterPaste("{}"), "{}");
}

TEST(App, APasteOutsideTheEditorReplacesTheWholeText) {
  App app;
  app.paste(R"({"family": "pasted", "containerDefinitions": [{"name": "a", "image": "b", "memory": 64}]})");
  EXPECT_EQ(app.workbench().validation().definition.family, "pasted");
  EXPECT_TRUE(app.workbench().validation().valid());
  std::string before = app.workbench().text();
  app.paste(std::string(kEditorLimitBytes + 10, ' '));
  EXPECT_EQ(app.workbench().text(), before);  // refused, kept
}

TEST_F(Headless, DrawsEveryExample) {
  App app;
  for (size_t i = 0; i < examples().size(); ++i) {
    SCOPED_TRACE(examples()[i].title);
    Command c;
    c.kind = Command::Kind::LoadExample;
    c.index = static_cast<int>(i);
    EXPECT_EQ(app.command(c), "");
    frame(app);
    int vertices = frame(app);
    EXPECT_GT(vertices, 1000);
    EXPECT_LT(vertices, 65536);
  }
}

TEST_F(Headless, HostileTextStaysUnderTheVertexLimit) {
  App app;
  // A 1 MiB definition on one line, and one with thousands of findings.
  std::string oneLine = R"({"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "memory": 64, "command": [)";
  while (oneLine.size() < kEditorLimitBytes - 100) oneLine += "\"yyyyyyyyyyyyyyyyyyyy\",";
  oneLine += "\"z\"]}]}";
  std::string manyFindings = "{";
  for (int i = 0; i < 5000; ++i) manyFindings += "\"unknownField" + std::to_string(i) + "\": 1, ";
  manyFindings += "\"family\": \"x\"}";
  for (const std::string& text : {oneLine, manyFindings, std::string(200000, '[')}) {
    EXPECT_EQ(app.command(setText(text)), "");
    frame(app);
    EXPECT_LT(frame(app), 65536);
  }
  EXPECT_GT(app.workbench().validation().findings.size(), 0u);
}

TEST_F(Headless, ClickingAFargateSizeRewritesTheDefinition) {
  App app;  // the first example: 256 CPU units, 512 MiB
  frame(app);
  frame(app);
  // Find the "4096" row by scanning the right column for a click that changes the cpu.
  bool changed = false;
  for (float y = 300; y < 800 && !changed; y += 6) {
    click(app, 640, y);
    const TaskDefinition& td = app.workbench().validation().definition;
    changed = td.cpuUnits && *td.cpuUnits != 256;
  }
  ASSERT_TRUE(changed) << "no row of the Fargate table took the click";
  const Validation& v = app.workbench().validation();
  EXPECT_TRUE(v.valid()) << "a row click picks a memory that cpu allows";
}

namespace {

SimCommand simRequest(const std::string& request) {
  SimCommand c;
  std::string error;
  EXPECT_TRUE(parseSimRequest(request, c, error)) << error;
  return c;
}

}  // namespace

TEST_F(Headless, DrawsTheSimulationScreenForEveryScenario) {
  App app;
  app.showScreen(2);
  frame(app);
  EXPECT_LT(frame(app), 65536);  // the gallery
  EXPECT_EQ(app.screen(), 2);
  for (const GalleryScenario& s : shippedScenarios()) {
    SCOPED_TRACE(s.file);
    ASSERT_EQ(app.simCommand(simRequest("load " + s.id)), "");
    for (SimTime t : {SimTime(0), app.sim().until() / 2, app.sim().until()}) {
      SimCommand seek = simRequest("seek 0");
      seek.time = t;
      EXPECT_EQ(app.simCommand(seek), "");
      if (!app.sim().tasks().empty()) {
        EXPECT_EQ(app.simCommand(simRequest("select " + app.sim().tasks()[0].id)), "");
      }
      frame(app);
      int vertices = frame(app);
      EXPECT_GT(vertices, 1000);
      EXPECT_LT(vertices, 65536);
    }
  }
  // A scenario that does not load shows its errors in the gallery.
  EXPECT_NE(app.simCommand(simRequest("text {\"ecsplay\": 2}")), "");
  frame(app);
  EXPECT_LT(frame(app), 65536);
}

TEST_F(Headless, TimePlaysOnlyWhileTheSimulationScreenIsOpen) {
  App app;
  app.showScreen(2);
  ASSERT_EQ(app.simCommand(simRequest("load task-lifecycle")), "");
  ASSERT_EQ(app.simCommand(simRequest("play 60")), "");
  ImGui::GetIO().DeltaTime = 0.1f;
  frame(app);  // the tab bar selects the screen a frame after it is asked
  frame(app);
  EXPECT_EQ(app.screen(), 2);
  SimTime start = app.sim().now();
  for (int i = 0; i < 10; ++i) frame(app);
  EXPECT_EQ(app.sim().now() - start, 60000);
  app.showScreen(0);
  frame(app);
  frame(app);
  EXPECT_EQ(app.screen(), 0);
  SimTime away = app.sim().now();
  for (int i = 0; i < 10; ++i) frame(app);
  EXPECT_EQ(app.sim().now(), away);
  EXPECT_TRUE(app.sim().playing());
}

TEST_F(Headless, ClickingAScenarioInTheGalleryLoadsIt) {
  App app;
  app.showScreen(2);
  frame(app);
  frame(app);
  for (float y = 100; y < 500 && !app.sim().loaded(); y += 8) click(app, 400, y);
  ASSERT_TRUE(app.sim().loaded()) << "no row of the gallery took the click";
  EXPECT_EQ(app.sim().scenarioId(), shippedScenarios()[0].id) << "the first row is the first lesson";
}
