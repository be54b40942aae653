// The top of the Simulation screen: which scenario, what to watch, and the hold on time (play and
// pause at a speed, the next event, a slider from 0 to the furthest time simulated), the
// scenario's narration at this moment, and the task lifecycle for newcomers.
#include <algorithm>

#include "panels/sim_panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

SimCommand simple(SimCommand::Kind kind) {
  SimCommand c;
  c.kind = kind;
  return c;
}

}  // namespace

void drawLifecycleLine() {
  struct State {
    const char* name;
    const char* meaning;
  };
  static const State states[] = {
      {"PROVISIONING", "Placed. ECS prepares what the task needs before it can start: a network interface (awsvpc), or "
                       "an instance from a capacity provider."},
      {"PENDING", "The ECS agent pulls the container images."},
      {"ACTIVATING", "The containers have started; ECS registers the task with load balancers and service discovery."},
      {"RUNNING", "The task runs."},
      {"DEACTIVATING", "Its desired status became STOPPED: ECS deregisters it from load balancers and discovery."},
      {"STOPPING", "The containers get SIGTERM; a container still running when stopTimeout (30 s by default) runs out "
                   "gets SIGKILL (exit code 137)."},
      {"DEPROVISIONING", "ECS cleans up after the task (detaches its network interface)."},
      {"STOPPED", "Done: its CPU and memory return to the instance. A stopped task stays visible for about an hour."},
  };
  ImGui::TextColored(style::mutedColor(), "A task's life:");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Every task walks through these states in order (lastStatus: where it is now).\n"
                      "desiredStatus says where ECS is taking it: RUNNING, or STOPPED once it should stop.\n"
                      "A task that fails early skips ahead, but always ends STOPPED.");
  }
  for (size_t i = 0; i < sizeof states / sizeof states[0]; ++i) {
    ImGui::SameLine(0, i == 0 ? 8 : 5);
    ImGui::TextColored(style::taskStatusColor(states[i].name), "%s", states[i].name);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
      ImGui::TextColored(style::taskStatusColor(states[i].name), "%s", states[i].name);
      ImGui::TextUnformatted(states[i].meaning);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    if (i + 1 < sizeof states / sizeof states[0]) {
      ImGui::SameLine(0, 5);
      ImGui::TextColored(style::mutedColor(), "->");
    }
  }
  ImGui::SameLine(0, 14);
  ImGui::TextColored(style::mutedColor(), "(hover a state)");
}

void drawSimTime(const Simulation& sim, SimUi& ui, std::vector<SimCommand>& commands) {
  // Which scenario.
  if (ImGui::Button("< Scenarios")) commands.push_back(simple(SimCommand::Kind::Close));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the list of scenarios");
  ImGui::SameLine(0, 14);
  ImGui::TextColored(style::accentColor(), "%s", sim.name().c_str());
  ImGui::SameLine(0, 14);
  ImGui::TextColored(style::mutedColor(), "%s", ui.showWhatToWatch ? "What to watch:" : "");
  ImGui::SameLine(ImGui::GetContentRegionMax().x - 150);
  if (ImGui::SmallButton(ui.showWhatToWatch ? "hide the lesson text" : "show the lesson text")) ui.showWhatToWatch = !ui.showWhatToWatch;
  if (ui.showWhatToWatch && !sim.description().empty()) style::hint(sim.description().c_str());

  // Play, pause, speed, next event, restart.
  ImGui::Spacing();
  if (sim.playing()) {
    if (ImGui::Button("Pause", ImVec2(70, 0))) commands.push_back(simple(SimCommand::Kind::Pause));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.20f, 0.45f, 0.28f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.26f, 0.58f, 0.36f, 1.0f));
    if (ImGui::Button("Play", ImVec2(70, 0))) commands.push_back(simple(SimCommand::Kind::Play));
    ImGui::PopStyleColor(2);
  }
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "speed");
  for (int s : Simulation::speeds()) {
    ImGui::SameLine();
    std::string label = std::to_string(s) + "x";
    if (ImGui::RadioButton(label.c_str(), sim.speed() == s)) {
      SimCommand c = simple(SimCommand::Kind::SetSpeed);
      c.speed = s;
      commands.push_back(c);
    }
    if (ImGui::IsItemHovered()) {
      if (s == 1) ImGui::SetTooltip("Real time: one simulated second per second");
      else ImGui::SetTooltip("%d simulated seconds per second", s);
    }
  }
  ImGui::SameLine(0, 20);
  if (ImGui::Button("Next event")) commands.push_back(simple(SimCommand::Kind::NextEvent));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Jump to the moment the next line of the event log happens");
  ImGui::SameLine();
  if (ImGui::Button("Restart")) commands.push_back(simple(SimCommand::Kind::Restart));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The scenario again from 0:00:00, without the actions you took");

  // The clock.
  ImGui::SameLine(0, 28);
  ImGui::SetWindowFontScale(1.25f);
  ImGui::TextColored(style::accentColor(), "%s", formatClock(sim.now()).c_str());
  ImGui::SetWindowFontScale(1.0f);
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "of %s simulated", formatClock(sim.end()).c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("The slider runs from 0:00:00 to the scenario's end (%s) or the furthest time simulated so far, "
                      "whichever is later.", formatClock(sim.until()).c_str());
  }

  // The time slider, with a mark where the scenario narrates.
  SimTime value = sim.now(), lo = 0, hi = std::max<SimTime>(sim.end(), 1);
  ImGui::SetNextItemWidth(-FLT_MIN);
  std::string label = "drag to travel in time: " + formatClock(value);
  if (ImGui::SliderScalar("##time", ImGuiDataType_S64, &value, &lo, &hi, label.c_str())) {
    SimCommand c = simple(SimCommand::Kind::Seek);
    c.time = value;
    commands.push_back(c);
  }
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  float pad = ImGui::GetStyle().GrabMinSize * 0.5f + 2.0f;  // where SliderScalar's grab centre can go
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (SimTime t : sim.noteTimes()) {
    if (t > hi) continue;
    float x = a.x + pad + (b.x - a.x - 2 * pad) * static_cast<float>(static_cast<double>(t) / static_cast<double>(hi));
    dl->AddTriangleFilled(ImVec2(x - 4, b.y + 5), ImVec2(x + 4, b.y + 5), ImVec2(x, b.y), ImGui::GetColorU32(style::noteColor()));
  }
  ImGui::Dummy(ImVec2(0, 2));

  // The narration at this moment, or what the last action answered.
  if (!sim.message().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, sim.messageIsError() ? style::severityColor(Severity::Error) : style::okColor());
    ImGui::TextWrapped("%s", sim.message().c_str());
    ImGui::PopStyleColor();
  }
  if (const SimLogLine* note = sim.latestNote()) {
    style::badge("NOTE", style::noteColor());
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, style::noteColor());
    ImGui::TextWrapped("%s  (%s)", note->text.c_str(), formatClock(note->time).c_str());
    ImGui::PopStyleColor();
  } else if (!sim.noteTimes().empty()) {
    ImGui::TextColored(style::mutedColor(), "The scenario narrates at the marks under the slider; its notes show here.");
  }
  drawLifecycleLine();
}

}  // namespace ecsplay::playground
