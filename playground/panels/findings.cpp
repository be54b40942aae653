// What ECS says: the verdict, the launch types judged and compatible, and every finding.
#include <string>

#include "panels/panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

std::string launchTypeList(const std::vector<LaunchType>& types) {
  std::string s;
  for (LaunchType t : types) s += (s.empty() ? "" : ", ") + std::string(launchTypeName(t));
  return s.empty() ? "none" : s;
}

// Bad input can produce thousands of findings; a list longer than this says how many it left out.
constexpr size_t kMaxShown = 300;

}  // namespace

void drawFindings(const Workbench& wb, EditorState& editor) {
  const Validation& v = wb.validation();
  style::sectionTitle("What ECS says");
  size_t errors = countSeverity(v.findings, Severity::Error);
  size_t warnings = countSeverity(v.findings, Severity::Warning);
  size_t notes = countSeverity(v.findings, Severity::Info);
  if (!v.jsonOk) {
    style::badge("NOT JSON", style::severityColor(Severity::Error));
    ImGui::SameLine();
    ImGui::TextWrapped("Fix the JSON first; the line and column are above the editor.");
  } else if (v.valid()) {
    style::badge("VALID", style::okColor());
    ImGui::SameLine();
    ImGui::Text("ECS accepts it: %s.", judgementText(v).c_str());
  } else {
    style::badge("INVALID", style::severityColor(Severity::Error));
    ImGui::SameLine();
    ImGui::Text("ECS refuses it (%zu error%s): %s.", errors, errors == 1 ? "" : "s", judgementText(v).c_str());
  }
  if (v.jsonOk) {
    ImGui::TextColored(style::mutedColor(), "Compatible with: %s   |   %zu warning%s, %zu note%s",
                       launchTypeList(v.compatibilities).c_str(), warnings, warnings == 1 ? "" : "s", notes,
                       notes == 1 ? "" : "s");
  }
  ImGui::Spacing();
  if (!v.findings.empty()) style::hint("Click a finding's path to show it in the editor.");
  if (v.findings.empty()) {
    style::hint("No findings: nothing to fix, nothing to note.");
    return;
  }
  if (ImGui::BeginTable("##findings", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("severity", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("finding", ImGuiTableColumnFlags_WidthStretch);
    size_t shown = 0;
    for (const Finding& f : v.findings) {
      if (shown++ == kMaxShown) break;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      style::badge(style::severityLabel(f.severity), style::severityColor(f.severity));
      ImGui::TableSetColumnIndex(1);
      // The path is a link to its place in the editor.
      std::string label = (f.path.empty() ? std::string("(whole definition)") : f.path) + "  " + f.code + "##" +
                          std::to_string(shown);
      ImGui::PushStyleColor(ImGuiCol_Text, style::mutedColor());
      ImVec2 labelSize = ImGui::CalcTextSize(label.c_str(), nullptr, true);
      if (ImGui::Selectable(label.c_str(), false, 0, labelSize)) {
        if (!v.jsonOk && v.errorLine > 0) {
          // A syntax error has no path: show its line and column.
          editor.reveal(offsetOfLineColumn(wb.text(), v.errorLine, v.errorColumn), 1);
        } else {
          JsonLocation at = locateJsonPath(wb.text(), f.path);
          if (at.found) editor.reveal(at.offset, at.length);
        }
      }
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show %s in the editor", f.path.empty() ? "the definition" : f.path.c_str());
      ImGui::TextWrapped("%s", f.message.c_str());
    }
    ImGui::EndTable();
  }
  if (v.findings.size() > kMaxShown) {
    ImGui::TextColored(style::mutedColor(), "... and %zu more findings.", v.findings.size() - kMaxShown);
  }
}

}  // namespace ecsplay::playground
