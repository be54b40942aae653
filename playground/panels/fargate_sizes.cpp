// The Fargate task size table, with the definition's cpu and memory highlighted. Clicking a row
// or a memory value rewrites the definition's task-level cpu and memory.
#include "ecsplay/fargate_sizes.h"
#include "ecsplay/units.h"
#include "panels/panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

void pushSize(std::vector<Command>& commands, int cpu, int memory) {
  Command c;
  c.kind = Command::Kind::SetTaskSize;
  c.cpu = cpu;
  c.memory = memory;
  commands.push_back(c);
}

std::string gb(int mib) {
  std::string s = fractionOf1024(mib);
  return (s[0] == '.' ? "0" + s : s) + " GB";
}

}  // namespace

void drawFargateSizes(const Workbench& wb, std::vector<Command>& commands) {
  const TaskDefinition& td = wb.validation().definition;
  std::optional<int64_t> cpu = td.cpuUnits;
  std::optional<int64_t> memory = td.memoryMiB;
  bool judgedForFargate = false;
  for (LaunchType t : wb.validation().judgedFor) judgedForFargate = judgedForFargate || t == LaunchType::FARGATE;
  style::hint(judgedForFargate
                  ? "Fargate runs only these task sizes: task-level cpu and memory must be one of the pairs. Click a "
                    "row or a memory value to use it."
                  : "Only binding on Fargate (this definition is not judged for FARGATE). Click a row or a memory "
                    "value to use it.");
  std::string current = "This definition: cpu " + (cpu ? describeCpu(*cpu) : std::string("not set")) + ", memory " +
                        (memory ? describeMemory(*memory) : std::string("not set"));
  ImGui::TextColored(style::accentColor(), "%s", current.c_str());

  const FargateCpuRow* selected = nullptr;
  if (ImGui::BeginTable("##fargate", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("CPU units");
    ImGui::TableSetupColumn("vCPU");
    ImGui::TableSetupColumn("Memory", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("OS");
    ImGui::TableSetupColumn("Note");
    ImGui::TableHeadersRow();
    for (const FargateCpuRow& row : fargateSizes()) {
      bool isCurrent = cpu && *cpu == row.cpuUnits;
      if (isCurrent) selected = &row;
      ImGui::TableNextRow();
      if (isCurrent) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, style::highlightRowColor());
      ImGui::TableSetColumnIndex(0);
      std::string label = std::to_string(row.cpuUnits) + "##row" + std::to_string(row.cpuUnits);
      if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
        int mem = memory && isFargateMemory(row, *memory) ? static_cast<int>(*memory) : row.minMiB;
        pushSize(commands, row.cpuUnits, mem);
      }
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(fractionOf1024(row.cpuUnits).c_str());
      ImGui::TableSetColumnIndex(2);
      bool memoryOk = isCurrent && memory && isFargateMemory(row, *memory);
      if (isCurrent && !memoryOk) {
        ImGui::TextColored(style::severityColor(Severity::Error), "%s", row.memoryText().c_str());
      } else {
        ImGui::TextUnformatted(row.memoryText().c_str());
      }
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(row.windows ? "Linux, Windows" : "Linux");
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(row.needsPlatform140 ? "platform >= 1.4.0" : "");
    }
    ImGui::EndTable();
  }
  if (cpu && !selected) {
    ImGui::TextColored(style::severityColor(Severity::Error), "%lld CPU units is not a Fargate size.",
                       static_cast<long long>(*cpu));
  }
  if (selected) {
    ImGui::TextUnformatted("Memory for this cpu:");
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    for (int m : selected->memoryChoicesMiB()) {
      std::string text = gb(m);
      float w = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
      if (!first) {
        float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w;
        if (next < right) ImGui::SameLine();
      }
      first = false;
      bool on = memory && *memory == m;
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.45f, 0.12f, 1.0f));
      if (ImGui::Button(text.c_str())) pushSize(commands, selected->cpuUnits, m);
      if (on) ImGui::PopStyleColor();
    }
  }
}

}  // namespace ecsplay::playground
