#include "app.h"

#include <cstring>

#include "imgui.h"
#include "style.h"

namespace ecsplay::playground {

App::App() = default;

std::string App::command(const Command& c) {
  std::string refusal = workbench_.apply(c);
  notice_ = refusal;
  return refusal;
}

const char* App::filterPaste(const char* text) {
  if (!text) return "";
  size_t n = std::strlen(text);
  if (n > kEditorLimitBytes) {
    notice_ = "Paste refused: the clipboard holds " + describeSize(n) + "; the editor takes up to " +
              describeSize(kEditorLimitBytes) + " (a registered task definition is at most 64 KiB).";
    return "";
  }
  return text;
}

void App::paste(const std::string& text) {
  if (!*filterPaste(text.c_str()) && !text.empty()) return;  // refused: the notice says why
  if (editor_.active) {
    editor_.pendingPaste = text;
    editor_.hasPendingPaste = true;
    return;
  }
  Command c;
  c.kind = Command::Kind::SetText;
  c.text = text;
  notice_ = workbench_.apply(c);
}

std::string App::labCommand(const LabCommand& command) {
  lab_.setTaskDefinition(workbench_.validation());
  if (command.kind == LabCommand::Kind::SetRequest) labUi_.draft = command.request;
  return lab_.apply(command);
}

void App::drawTaskDefinitions() {
  drawHeader(workbench_, pending_);
  ImGui::Spacing();
  if (ImGui::BeginTable("##layout", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                        ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupColumn("editor", ImGuiTableColumnFlags_WidthStretch, 0.46f);
    ImGui::TableSetupColumn("verdict", ImGuiTableColumnFlags_WidthStretch, 0.54f);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::BeginChild("##left", ImVec2(0, 0), false);
    drawEditor(workbench_, editor_, notice_, pending_);
    ImGui::EndChild();
    ImGui::TableSetColumnIndex(1);
    ImGui::BeginChild("##right", ImVec2(0, 0), false);
    drawFindings(workbench_, editor_);
    ImGui::Spacing();
    if (ImGui::BeginTabBar("##details")) {
      if (ImGui::BeginTabItem("Fargate task sizes")) {
        drawFargateSizes(workbench_, pending_);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Registered form")) {
        drawRegistered(workbench_);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Revisions")) {
        drawRevisions(workbench_, pending_);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::EndTable();
  }
}

void App::drawPlacement() {
  lab_.setTaskDefinition(workbench_.validation());
  style::hint("Task placement on EC2: which container instance gets the next task, and why the others do not. "
              "Change the cluster on the left and the request on the right; the verdicts update at once.");
  if (ImGui::BeginTable("##lab", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                        ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupColumn("cluster", ImGuiTableColumnFlags_WidthStretch, 0.66f);
    ImGui::TableSetupColumn("request", ImGuiTableColumnFlags_WidthStretch, 0.34f);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::BeginChild("##clusterpane", ImVec2(0, 0), false);
    drawCluster(lab_, labUi_, labPending_);
    ImGui::EndChild();
    ImGui::TableSetColumnIndex(1);
    ImGui::BeginChild("##requestpane", ImVec2(0, 0), false);
    drawRunTask(lab_, labUi_, labPending_);
    ImGui::EndChild();
    ImGui::EndTable();
  }
}

void App::drawSimulation() {
  if (!sim_.loaded()) {
    drawSimGallery(sim_, simPending_);
    return;
  }
  drawSimTime(sim_, simUi_, simPending_);
  ImGui::Spacing();
  if (ImGui::BeginTable("##sim", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                        ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupColumn("cluster", ImGuiTableColumnFlags_WidthStretch, 0.60f);
    ImGui::TableSetupColumn("log", ImGuiTableColumnFlags_WidthStretch, 0.40f);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    // The cluster takes what its rows need, up to half the column (all but the hint's lines while
    // no task is selected); the selected task the rest.
    float avail = ImGui::GetContentRegionAvail().y;
    float clusterHeight = sim_.selectedTask() ? avail * 0.5f : avail - ImGui::GetTextLineHeightWithSpacing() * 4.0f;
    drawSimCluster(sim_, simPending_, clusterHeight);
    ImGui::Spacing();
    ImGui::BeginChild("##taskpane", ImVec2(0, 0), false);
    drawSimTask(sim_, simPending_);
    ImGui::EndChild();
    ImGui::TableSetColumnIndex(1);
    ImGui::BeginChild("##logpane", ImVec2(0, 0), false);
    drawSimLog(sim_, simUi_, simPending_);
    ImGui::EndChild();
    ImGui::EndTable();
  }
}

void App::frame() {
  // Simulated time moves with real time while the Simulation screen is open and playing.
  if (screen_ == 2) sim_.advance(ImGui::GetIO().DeltaTime);

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("ecsplay", nullptr, flags);
  ImGui::TextColored(style::accentColor(), "ecsplay");
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "an Amazon ECS playground");
  ImGui::SameLine(0, 30);
  if (ImGui::BeginTabBar("##screens")) {
    const char* const names[kScreens] = {"Task definitions", "Placement", "Simulation"};
    for (int k = 0; k < kScreens; ++k) {
      ImGuiTabItemFlags f = requestedScreen_ == k ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(names[k], nullptr, f)) {
        ImGui::EndTabItem();
        screen_ = k;
      }
    }
    requestedScreen_ = -1;
    ImGui::EndTabBar();
  }
  if (screen_ == 0) drawTaskDefinitions();
  else if (screen_ == 1) drawPlacement();
  else drawSimulation();
  ImGui::End();

  std::vector<Command> commands;
  commands.swap(pending_);
  for (const Command& c : commands) {
    std::string refusal = workbench_.apply(c);
    // A successful edit clears an old notice; a refusal replaces it.
    if (!refusal.empty() || c.kind != Command::Kind::SetLaunchType) notice_ = refusal;
  }
  std::vector<LabCommand> labCommands;
  labCommands.swap(labPending_);
  for (const LabCommand& c : labCommands) lab_.apply(c);
  std::vector<SimCommand> simCommands;
  simCommands.swap(simPending_);
  for (const SimCommand& c : simCommands) sim_.apply(c);  // a refusal shows in the screen's message line
}

}  // namespace ecsplay::playground
