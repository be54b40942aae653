// The scenario gallery: every shipped scenario with what it shows; a click loads it. A scenario
// that did not load says why here (each error with the entry and field it is in).
#include "panels/sim_panels.h"
#include "scenario_gallery.h"
#include "style.h"

namespace ecsplay::playground {

void drawSimGallery(const Simulation& sim, std::vector<SimCommand>& commands) {
  style::hint("Watch Amazon ECS run tasks, second by second. Each scenario below is a short lesson: a cluster, a few "
              "tasks and a timeline of what happens to them. Pick one, press Play (or drag the time slider), and "
              "follow the event log. You can stop tasks and terminate instances yourself.");
  ImGui::Spacing();
  drawLifecycleLine();
  ImGui::Spacing();

  if (!sim.loadError().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::severityColor(Severity::Error));
    ImGui::TextWrapped("%s", sim.loadError().c_str());
    ImGui::PopStyleColor();
    size_t shown = 0;
    for (const std::string& e : sim.loadErrors()) {
      if (++shown > 20) {
        ImGui::TextColored(style::mutedColor(), "... and %zu more.", sim.loadErrors().size() - 20);
        break;
      }
      ImGui::Bullet();
      ImGui::TextWrapped("%s", e.c_str());
    }
    ImGui::Spacing();
  }

  ImGui::TextColored(style::accentColor(), "Scenarios");
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "(click one to open it)");
  ImGui::Separator();
  const std::vector<GalleryScenario>& all = shippedScenarios();
  if (all.empty()) {
    style::hint("This build has no scenarios (playground/scenarios/ was empty when it was built).");
    return;
  }
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("##gallery", 3, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 22);
  ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthFixed, 260);
  ImGui::TableSetupColumn("What it shows", ImGuiTableColumnFlags_WidthStretch);
  for (size_t i = 0; i < all.size(); ++i) {
    const GalleryScenario& s = all[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextColored(style::mutedColor(), "%zu", i + 1);
    // The description first, to learn the row's height; then the name, whose selectable spans the
    // whole row: the row is the button.
    ImGui::TableSetColumnIndex(2);
    float top = ImGui::GetCursorPosY();
    ImGui::TextWrapped("%s", s.description.empty() ? "(no description)" : s.description.c_str());
    float height = ImGui::GetCursorPosY() - top - ImGui::GetStyle().ItemSpacing.y;
    ImGui::TableSetColumnIndex(1);
    bool current = sim.scenarioId() == s.id;
    ImGui::PushStyleColor(ImGuiCol_Text, style::accentColor());
    if (ImGui::Selectable(s.name.c_str(), current, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, height))) {
      SimCommand c;
      c.kind = SimCommand::Kind::Load;
      c.text = s.id;
      commands.push_back(c);
    }
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open %s", s.file.c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace ecsplay::playground
