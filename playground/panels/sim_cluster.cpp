// The cluster at the current time: its container instances (type, zone, status, capacity
// provider, free CPU and memory, the tasks on each) and every task as a row, coloured by state.
// Clicking a task selects it; an instance can be terminated (an EC2 fault).
#include <algorithm>
#include <cstdio>

#include <string>

#include "panels/sim_panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

struct Column {
  const char* name;
  const char* tip;  // what the column means, for someone new to ECS (null: none)
  float width;      // 0: stretch
};

void setupColumns(const Column* columns, int n) {
  for (int i = 0; i < n; ++i) {
    ImGuiTableColumnFlags f = columns[i].width > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch;
    ImGui::TableSetupColumn(columns[i].name, f, columns[i].width);
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < n; ++i) {
    if (!ImGui::TableSetColumnIndex(i)) continue;
    ImGui::TableHeader(columns[i].name);
    if (columns[i].tip && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
      ImGui::TextUnformatted(columns[i].tip);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
}

// The width the columns need: below it the table scrolls sideways instead of squeezing them.
float neededWidth(const Column* columns, int n, float stretchMin) {
  float w = 0;
  for (int i = 0; i < n; ++i) w += (columns[i].width > 0 ? columns[i].width : stretchMin) + ImGui::GetStyle().CellPadding.x * 2 + 1;
  return w;
}

// Free / registered as a bar that fills as the instance fills up.
void usageBar(int remaining, int registered) {
  float used = registered > 0 ? 1.0f - static_cast<float>(remaining) / static_cast<float>(registered) : 0.0f;
  char text[48];
  std::snprintf(text, sizeof text, "%d / %d", remaining, registered);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, used > 0.85f ? ImVec4(0.85f, 0.45f, 0.25f, 1.0f) : ImVec4(0.30f, 0.55f, 0.85f, 1.0f));
  ImGui::ProgressBar(used, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight()), text);
  ImGui::PopStyleColor();
}

// "i-0a1b2c3d4e5f60001" -> "i-..60001": the end tells instances apart; the tooltip has it all.
std::string shortInstance(const std::string& id) { return id.size() > 10 ? "i-.." + id.substr(id.size() - 5) : id; }

void textCell(const std::string& text, ImVec4 color, const std::string& tip = "") {
  ImGui::TextColored(color, "%s", text.empty() ? "-" : text.c_str());
  if (!tip.empty() && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(tip.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void drawInstances(const Simulation& sim, std::vector<SimCommand>& commands) {
  const std::vector<SimInstanceRow>& rows = sim.instances();
  std::string clusters;
  for (const std::string& c : sim.clusters()) clusters += (clusters.empty() ? "" : ", ") + c;
  ImGui::TextColored(style::accentColor(), "Container instances");
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "EC2 servers that joined cluster%s %s", sim.clusters().size() == 1 ? "" : "s",
                     clusters.empty() ? "(none yet)" : clusters.c_str());
  ImGui::Separator();
  if (rows.empty()) {
    style::hint("None: the tasks here run on Fargate, where AWS runs the servers (or no instance has joined yet).");
    return;
  }
  // The capacity provider column only when some instance has one: the table stays narrow.
  bool providers = false;
  for (const SimInstanceRow& in : rows) providers = providers || !in.capacityProvider.empty();
  static const Column all[] = {
      {"Instance", "The EC2 instance's id (hover for all of it).", 60},
      {"Type", "The EC2 instance type: how much CPU and memory it registers with ECS.", 70},
      {"Zone", "The Availability Zone it runs in.", 72},
      {"Status", "ACTIVE takes new tasks; DRAINING takes none and its tasks are moved away; INACTIVE has left the "
                 "cluster (terminated).", 62},
      {"Provider", "The capacity provider (an Auto Scaling group) that launched it.", 76},
      {"CPU free", "CPU units left for tasks / registered (1024 units = 1 vCPU).", 80},
      {"Memory free", "MiB left for tasks / registered.", 88},
      {"Tasks", "The tasks on it that are not STOPPED (hover for the list).", 0},
      {"", nullptr, 70},
  };
  std::vector<Column> columns;
  for (const Column& c : all) {
    if (providers || std::string(c.name) != "Provider") columns.push_back(c);
  }
  const int n = static_cast<int>(columns.size());
  // Rows hold buttons and bars: a frame's height each (the header is a text line), up to four.
  float rowHeight = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float headerHeight = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float height = rowHeight * static_cast<float>(std::max<size_t>(1, std::min<size_t>(rows.size(), 4))) + headerHeight + 4;
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(4, ImGui::GetStyle().CellPadding.y));  // nine columns in ~750 px
  float width = std::max(ImGui::GetContentRegionAvail().x, neededWidth(columns.data(), n, 70));
  if (width > ImGui::GetContentRegionAvail().x) height += ImGui::GetStyle().ScrollbarSize;
  bool open = ImGui::BeginTable("##instances", n, flags, ImVec2(0, height), width);
  ImGui::PopStyleVar();
  if (!open) return;
  setupColumns(columns.data(), n);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const SimInstanceRow& in = rows[static_cast<size_t>(i)];
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      textCell(shortInstance(in.ec2InstanceId), ImGui::GetStyleColorVec4(ImGuiCol_Text), in.ec2InstanceId + "\n" + in.arn);
      ImGui::TableSetColumnIndex(1);
      textCell(in.instanceType, ImGui::GetStyleColorVec4(ImGuiCol_Text));
      ImGui::TableSetColumnIndex(2);
      textCell(in.zone, ImGui::GetStyleColorVec4(ImGuiCol_Text));
      ImGui::TableSetColumnIndex(3);
      if (in.agentConnected || in.status == "INACTIVE") {
        textCell(in.status, style::instanceStatusColor(in.status));
      } else {
        textCell(in.status + ", agent off", style::severityColor(Severity::Warning),
                 "The ECS agent lost its connection: ECS cannot start tasks here until it is back.");
      }
      int col = 4;
      if (providers) {
        ImGui::TableSetColumnIndex(col++);
        textCell(in.capacityProvider, style::mutedColor());
      }
      ImGui::TableSetColumnIndex(col++);
      usageBar(in.cpuRemaining, in.cpuRegistered);
      ImGui::TableSetColumnIndex(col++);
      usageBar(in.memoryRemaining, in.memoryRegistered);
      ImGui::TableSetColumnIndex(col++);
      // The ids when they fit, else how many (the tooltip lists them).
      std::string tasks;
      for (const std::string& t : in.tasks) tasks += (tasks.empty() ? "" : " ") + t;
      std::string shown = tasks;
      if (tasks.empty()) shown = "none";
      else if (ImGui::CalcTextSize(tasks.c_str()).x > ImGui::GetContentRegionAvail().x) {
        shown = std::to_string(in.tasks.size()) + (in.tasks.size() == 1 ? " task" : " tasks");
      }
      textCell(shown, tasks.empty() ? style::mutedColor() : ImGui::GetStyleColorVec4(ImGuiCol_Text), tasks);
      ImGui::TableSetColumnIndex(col++);
      bool gone = in.status == "INACTIVE";
      if (gone) ImGui::BeginDisabled();
      if (ImGui::SmallButton("Terminate")) {
        SimCommand c;
        c.kind = SimCommand::Kind::TerminateInstance;
        c.text = in.ec2InstanceId;
        commands.push_back(c);
      }
      if (gone) ImGui::EndDisabled();
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("A fault: EC2 terminates %s now. Its tasks stop (\"Host EC2 (instance ...) terminated.\").",
                          in.ec2InstanceId.c_str());
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

void drawTasks(const Simulation& sim, std::vector<SimCommand>& commands, float maxHeight) {
  const std::vector<SimTaskRow>& rows = sim.tasks();
  ImGui::TextColored(style::accentColor(), "Tasks");
  ImGui::SameLine();
  int running = 0, stopped = 0;
  for (const SimTaskRow& t : rows) {
    running += t.lastStatus == "RUNNING";
    stopped += t.lastStatus == "STOPPED";
  }
  if (!rows.empty()) {
    ImGui::TextColored(style::mutedColor(), "%zu at %s: %d running, %d stopped. Click one for its containers.", rows.size(),
                       formatClock(sim.now()).c_str(), running, stopped);
  } else {
    ImGui::TextColored(style::mutedColor(), "none at %s", formatClock(sim.now()).c_str());
  }
  ImGui::Separator();
  if (rows.empty()) {
    style::hint(sim.now() == 0 ? "No tasks yet. Press Play or Next event: the scenario's timeline starts them."
                               : "No tasks at this time.");
    return;
  }
  static const Column columns[] = {
      {"Task", "The task's id (the end of its ARN), first 8 characters.", 70},
      {"Definition", "The task definition it runs: family:revision.", 96},
      {"Last status", "Where the task is now in its lifecycle (lastStatus).", 112},
      {"Desired", "Where ECS is taking it (desiredStatus): RUNNING, or STOPPED once it should stop.", 76},
      {"Health", "The task's health from its containers' health checks: UNKNOWN without checks (or before the first). "
                 "Behind a load balancer, then its target's health as the target group sees it: initial (registered, not yet "
                 "checked), healthy, unhealthy, draining (deregistering while the task stops).", 84},
      {"Runs on", "The EC2 container instance it was placed on, or Fargate (AWS's servers) and its capacity provider.", 120},
      {"Why it stops", "stopCode: stoppedReason, once the task stops or is told to.", 0},
  };
  const int n = sizeof columns / sizeof columns[0];
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable;
  // As tall as its rows, up to `maxHeight`: the rest of the column is the selected task's.
  float rowHeight = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float height = std::min(rowHeight * (static_cast<float>(rows.size()) + 1.0f) + 4, std::max(maxHeight, rowHeight * 4));
  float width = std::max(ImGui::GetContentRegionAvail().x, neededWidth(columns, n, 70));
  if (width > ImGui::GetContentRegionAvail().x) height += ImGui::GetStyle().ScrollbarSize;
  if (!ImGui::BeginTable("##tasks", n, flags, ImVec2(0, height), width)) return;
  setupColumns(columns, n);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const SimTaskRow& t = rows[static_cast<size_t>(i)];
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      bool selected = t.arn == sim.selectedTaskArn();
      if (ImGui::Selectable(t.shortId.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        SimCommand c;
        c.kind = SimCommand::Kind::SelectTask;
        c.text = selected ? "" : t.arn;
        commands.push_back(c);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nstartedBy %s, group %s", t.arn.c_str(), t.startedBy.empty() ? "-" : t.startedBy.c_str(),
                                                    t.group.c_str());
      ImGui::TableSetColumnIndex(1);
      textCell(t.definition, ImGui::GetStyleColorVec4(ImGuiCol_Text), t.definition);
      ImGui::TableSetColumnIndex(2);
      textCell(t.lastStatus, style::taskStatusColor(t.lastStatus));
      ImGui::TableSetColumnIndex(3);
      textCell(t.desiredStatus, t.desiredStatus == "STOPPED" ? style::taskStatusColor("STOPPING") : style::mutedColor());
      ImGui::TableSetColumnIndex(4);
      if (t.target.empty()) {
        textCell(t.healthStatus, style::healthColor(t.healthStatus));
      } else {
        // The load balancer's view is what decides for a task behind one: show it, coloured.
        std::string shown = t.healthStatus == "UNKNOWN" ? "target " + t.target : t.healthStatus + ", target " + t.target;
        ImVec4 colour = t.target == "healthy" ? style::healthColor("HEALTHY") : t.target == "unhealthy" ? style::healthColor("UNHEALTHY") : style::mutedColor();
        textCell(shown, colour, "Container health " + t.healthStatus + "; load balancer target " + t.target + ".");
      }
      ImGui::TableSetColumnIndex(5);
      std::string where = t.instanceId.empty() ? t.where : shortInstance(t.instanceId);
      textCell(where, ImGui::GetStyleColorVec4(ImGuiCol_Text),
               t.where + (t.zone.empty() ? "" : " in " + t.zone) + (t.launchType.empty() ? "" : ", launch type " + t.launchType) +
                   (t.capacityProvider.empty() ? "" : ", capacity provider " + t.capacityProvider));
      ImGui::TableSetColumnIndex(6);
      std::string why = t.stopCode.empty() ? t.stoppedReason : t.stopCode + ": " + t.stoppedReason;
      textCell(why.empty() ? "" : why, style::mutedColor(), why);
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace

// The services, when the scenario has any: what the service scheduler is keeping and doing.
void drawServices(const Simulation& sim) {
  const std::vector<SimServiceRow>& rows = sim.services();
  if (rows.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(style::accentColor(), "Services");
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "the scheduler keeps their tasks running; hover a column for what it means");
  static const Column columns[] = {
      {"Service", "The service's name; its tasks are in group service:NAME.", 70},
      {"Status", "ACTIVE; DRAINING after DeleteService until its tasks have stopped; then INACTIVE.", 62},
      {"Desired", "How many tasks it keeps running (REPLICA), or the instances it covers (DAEMON).", 52},
      {"Running", "Its tasks whose lastStatus is RUNNING (and, in brackets, those still PENDING).", 100},
      {"Deployments", "The PRIMARY deployment: its task definition, rolloutState (IN_PROGRESS, COMPLETED, FAILED) and "
                      "running/desired tasks; after <- the older (ACTIVE) deployments still being replaced.", 250},
      {"Load balancer", "The target group its tasks are registered in, and how many targets are in each state: initial (registered, "
                        "waiting for the first check), healthy, unhealthy, draining.", 190},
      {"Latest event", "The newest service event: what the scheduler did or could not do (all of them are in the log).", 0},
  };
  // The load balancer column only when a scenario has target groups.
  const bool lb = sim.hasTargetGroups();
  Column shown[7];
  int n = 0;
  for (const Column& c : columns) {
    if (lb || std::string(c.name) != "Load balancer") shown[n++] = c;
  }
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_Resizable;
  float rowHeight = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float height = rowHeight * (static_cast<float>(std::min<size_t>(rows.size(), 3)) + 1.0f) + 4;
  float width = std::max(ImGui::GetContentRegionAvail().x, neededWidth(shown, n, 240));
  if (width > ImGui::GetContentRegionAvail().x) height += ImGui::GetStyle().ScrollbarSize;
  if (!ImGui::BeginTable(lb ? "##services-lb" : "##services", n, flags, ImVec2(0, height), width)) return;
  setupColumns(shown, n);
  for (const SimServiceRow& s : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    textCell(s.name, ImGui::GetStyleColorVec4(ImGuiCol_Text), s.scheduling == "DAEMON" ? "A DAEMON service: one task on each instance." : "");
    ImGui::TableSetColumnIndex(1);
    textCell(s.status, s.status == "ACTIVE" ? style::okColor() : style::mutedColor());
    ImGui::TableSetColumnIndex(2);
    textCell(std::to_string(s.desired), ImGui::GetStyleColorVec4(ImGuiCol_Text));
    ImGui::TableSetColumnIndex(3);
    textCell(std::to_string(s.running) + (s.pending ? " (+" + std::to_string(s.pending) + " pending)" : std::string()),
             s.running == s.desired ? style::okColor() : style::taskStatusColor("PENDING"));
    ImGui::TableSetColumnIndex(4);
    textCell(s.deployments, ImGui::GetStyleColorVec4(ImGuiCol_Text), s.deployments);
    int col = 5;
    if (lb) {
      ImGui::TableSetColumnIndex(col++);
      textCell(s.targets.empty() ? "-" : s.targets,
               s.targets.find("unhealthy") != std::string::npos ? style::healthColor("UNHEALTHY") : ImGui::GetStyleColorVec4(ImGuiCol_Text), s.targets);
    }
    ImGui::TableSetColumnIndex(col);
    textCell(s.latestEvent, style::mutedColor(), s.latestEvent);
  }
  ImGui::EndTable();
}

void drawSimCluster(const Simulation& sim, std::vector<SimCommand>& commands, float height) {
  float top = ImGui::GetCursorPosY();
  drawInstances(sim, commands);
  drawServices(sim);
  ImGui::Spacing();
  float used = ImGui::GetCursorPosY() - top + ImGui::GetTextLineHeightWithSpacing() * 2;
  drawTasks(sim, commands, height - used);
}

}  // namespace ecsplay::playground
