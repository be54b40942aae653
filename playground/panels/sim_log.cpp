// The event log up to the current time, in words (Engine::describe), newest at the bottom and
// kept in view. The scenario's notes stand out as the lesson's narration; a task's state changes
// take the colour of the state. Clicking a line goes to its time (and selects its task).
#include "panels/sim_panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

// Up to this many lines wrap at the panel's edge; a longer log (a simulated day) draws one line
// per entry, and only the visible ones.
constexpr size_t kMaxWrappedLines = 1500;

ImVec4 lineColor(const SimLogLine& line) {
  if (line.note) return style::noteColor();
  if (line.error) return style::severityColor(Severity::Error);
  if (!line.toStatus.empty()) return style::taskStatusColor(line.toStatus);
  if (!line.toHealth.empty()) return style::healthColor(line.toHealth);
  if (line.type == "ApiCall") return style::mutedColor();
  if (line.type == "Fault") return style::severityColor(Severity::Warning);
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

// One entry: its time, its words; the row is a selectable under both. Returns true when clicked.
bool drawLine(const SimLogLine& line, float timeWidth, bool wrap) {
  std::string text = line.type == "ApiCall" && !line.error ? "API call " + line.text : line.text;
  ImVec2 start = ImGui::GetCursorPos();
  float wrapWidth = ImGui::GetContentRegionAvail().x - timeWidth;
  float height = wrap ? ImGui::CalcTextSize(text.c_str(), nullptr, false, wrapWidth).y : ImGui::GetTextLineHeight();
  // Notes are drawn as selected rows in the narration colour: the lesson speaking.
  if (line.note) ImGui::PushStyleColor(ImGuiCol_Header, ImVec4(0.16f, 0.28f, 0.42f, 1.0f));
  bool clicked = ImGui::Selectable("##line", line.note, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, height));
  if (line.note) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s  %s\nClick to go to this moment%s.", formatClock(line.time).c_str(), text.c_str(),
                      line.task.empty() ? "" : " and select the task");
  }
  ImGui::SetCursorPos(start);  // the time and the words go over the row's selectable
  ImGui::TextColored(style::mutedColor(), "%s", formatClock(line.time).c_str());
  ImGui::SameLine(start.x + timeWidth);
  ImGui::PushStyleColor(ImGuiCol_Text, lineColor(line));
  if (wrap) ImGui::TextWrapped("%s", text.c_str());
  else ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  return clicked;
}

}  // namespace

void drawSimLog(const Simulation& sim, SimUi& ui, std::vector<SimCommand>& commands) {
  const std::vector<SimLogLine>& log = sim.log();
  ImGui::TextColored(style::accentColor(), "Event log");
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "%zu events up to %s. Click one to go back to it.", log.size(), formatClock(sim.now()).c_str());
  ImGui::Separator();
  if (log.empty()) {
    style::hint("Nothing has happened yet.");
    return;
  }
  bool wrap = log.size() <= kMaxWrappedLines;
  ImGui::BeginChild("##log", ImVec2(0, 0), false, wrap ? 0 : ImGuiWindowFlags_HorizontalScrollbar);
  float timeWidth = ImGui::CalcTextSize("0:00:00.000").x + 10;
  auto row = [&](int i) {
    const SimLogLine& line = log[static_cast<size_t>(i)];
    ImGui::PushID(i);
    if (drawLine(line, timeWidth, wrap)) {
      SimCommand c;
      c.kind = SimCommand::Kind::Seek;
      c.time = line.time;
      commands.push_back(c);
      if (!line.task.empty()) {
        c.kind = SimCommand::Kind::SelectTask;
        c.text = line.task;
        commands.push_back(c);
      }
    }
    ImGui::PopID();
  };
  if (wrap) {
    for (int i = 0; i < static_cast<int>(log.size()); ++i) row(i);
  } else {
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(log.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) row(i);
    }
  }
  // New lines (playing, stepping, seeking): the newest comes into view.
  if (ui.logLinesSeen != log.size()) ImGui::SetScrollHereY(1.0f);
  ui.logLinesSeen = log.size();
  ImGui::EndChild();
}

}  // namespace ecsplay::playground
