// Registered revisions: register the editor's definition, then deregister and delete revisions,
// as RegisterTaskDefinition, DeregisterTaskDefinition and DeleteTaskDefinitions do.
#include "panels/panels.h"
#include "style.h"

namespace ecsplay::playground {

void drawRevisions(const Workbench& wb, std::vector<Command>& commands) {
  style::hint("Each registration adds the family's next revision (family:revision). Revision numbers only grow, "
              "even after a revision is deregistered or deleted. A revision must be deregistered (INACTIVE) before "
              "it can be deleted.");
  bool canRegister = wb.validation().jsonOk;
  if (!canRegister) ImGui::BeginDisabled();
  if (ImGui::Button("Register the definition")) {
    Command c;
    c.kind = Command::Kind::Register;
    commands.push_back(c);
  }
  if (!canRegister) ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "aws ecs register-task-definition --cli-input-json file://taskdef.json");
  if (!wb.registryMessage().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, wb.registryMessageIsError() ? style::severityColor(Severity::Error) : style::okColor());
    ImGui::TextWrapped("%s", wb.registryMessage().c_str());
    ImGui::PopStyleColor();
  }
  std::vector<std::string> arns = wb.registry().list("", "");
  if (arns.empty()) {
    style::hint("Nothing registered yet in this session.");
    return;
  }
  if (ImGui::BeginTable("##revisions", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("Revision", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("Actions");
    ImGui::TableHeadersRow();
    for (const std::string& arn : arns) {
      const RegisteredTaskDefinition* td = wb.registry().find(arn);
      if (!td) continue;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::Text("%s:%d", td->definition.family.c_str(), td->revision);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", arn.c_str());
      ImGui::TableSetColumnIndex(1);
      ImVec4 color = td->status == "ACTIVE" ? style::okColor()
                     : td->status == "INACTIVE" ? style::mutedColor()
                                                : style::severityColor(Severity::Warning);
      ImGui::TextColored(color, "%s", td->status.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::PushID(arn.c_str());
      if (ImGui::SmallButton("Deregister")) {
        Command c;
        c.kind = Command::Kind::Deregister;
        c.text = arn;
        commands.push_back(c);
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("Delete")) {
        Command c;
        c.kind = Command::Kind::Delete;
        c.text = arn;
        commands.push_back(c);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
}

}  // namespace ecsplay::playground
