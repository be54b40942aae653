// The selected task: where it runs, why it stopped, its containers (status, exit code, health,
// reason) and what the selected container sees (the environment ECS injects, its CPU shares and
// quota); the StopTask button.
#include "panels/sim_panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

std::string number(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const Json& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The CPU and memory lines of containerRuntime, in words.
void drawLimits(const Json& runtime) {
  const Json empty = Json::object();
  const Json& cpu = runtime.contains("cpu") && runtime["cpu"].is_object() ? runtime["cpu"] : empty;
  if (cpu.contains("cpuShares")) {
    ImGui::BulletText("CPU shares %s: the container's weight against the others when the CPU is busy (its cpu; at least 2).",
                      number(cpu, "cpuShares").c_str());
  }
  if (cpu.contains("taskCgroupCpuQuota")) {
    long long quota = cpu["taskCgroupCpuQuota"].is_number_integer() ? cpu["taskCgroupCpuQuota"].get<long long>() : 0;
    long long period = cpu["taskCgroupCpuPeriod"].is_number_integer() ? cpu["taskCgroupCpuPeriod"].get<long long>() : 100000;
    ImGui::BulletText("Task CPU quota %lld us per %lld us period: the whole task may use at most %.2f vCPU (the task's cpu).",
                      quota, period, period > 0 ? static_cast<double>(quota) / static_cast<double>(period) : 0.0);
  } else if (cpu.contains("taskCgroupCpuShares")) {
    ImGui::BulletText("Task cgroup shares %s: no task-level cpu, so no hard cap; the task may use idle CPU.",
                      number(cpu, "taskCgroupCpuShares").c_str());
  }
  if (cpu.contains("cpuPercent")) {
    ImGui::BulletText("CPU percent %s: on Windows the shares become a share of the host's CPUs.", number(cpu, "cpuPercent").c_str());
  }
  if (runtime.contains("memoryLimitMiB")) {
    ImGui::BulletText("Memory hard limit %s MiB: above it the container is killed (OutOfMemoryError, exit 137).",
                      number(runtime, "memoryLimitMiB").c_str());
  }
  if (runtime.contains("memoryReservationMiB")) {
    ImGui::BulletText("Memory reservation %s MiB: the soft limit placement subtracts from the instance.",
                      number(runtime, "memoryReservationMiB").c_str());
  }
}

}  // namespace

void drawSimTask(const Simulation& sim, std::vector<SimCommand>& commands) {
  const SimTaskRow* t = sim.selectedTask();
  if (!t) {
    ImGui::TextColored(style::accentColor(), "Task details");
    ImGui::Separator();
    if (sim.selectedTaskArn().empty()) {
      style::hint("Click a task in the table above (or a log line about one) to see its containers, why it stopped, "
                  "and what its containers see.");
    } else {
      std::string id = sim.selectedTaskArn().substr(sim.selectedTaskArn().rfind('/') + 1, 8);
      std::string text = "Task " + id + " does not exist at " + formatClock(sim.now()) +
                         ": it starts later, or it stopped more than an hour before. Move the time slider.";
      style::hint(text.c_str());
    }
    return;
  }

  ImGui::TextColored(style::accentColor(), "Task %s", t->shortId.c_str());
  ImGui::SameLine();
  ImGui::TextUnformatted(t->definition.c_str());
  ImGui::SameLine(0, 12);
  style::badge(t->lastStatus.c_str(), style::taskStatusColor(t->lastStatus));
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "desired");
  ImGui::SameLine();
  style::badge(t->desiredStatus.c_str(), t->desiredStatus == "STOPPED" ? style::taskStatusColor("STOPPING") : style::mutedColor());
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "health");
  ImGui::SameLine();
  style::badge(t->healthStatus.c_str(), style::healthColor(t->healthStatus));
  // The action: StopTask, through the engine. At the right end of the line when it fits there.
  if (ImGui::GetContentRegionMax().x - 90 > ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 12) {
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 90);
  }
  bool stopping = t->desiredStatus == "STOPPED";
  if (stopping) ImGui::BeginDisabled();
  if (ImGui::Button("Stop task", ImVec2(90, 0))) {
    SimCommand c;
    c.kind = SimCommand::Kind::StopTask;
    c.text = t->arn;
    commands.push_back(c);
  }
  if (stopping) ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip(stopping ? "Already on its way to STOPPED." :
                                 "StopTask: desiredStatus becomes STOPPED; the containers get SIGTERM, then SIGKILL after "
                                 "stopTimeout. stopCode UserInitiated.");
  }
  ImGui::Separator();

  std::string where = !t->instanceId.empty()            ? "On container instance " + t->instanceId
                      : t->where == "waiting for capacity" ? std::string("Waiting for capacity")
                                                           : "On " + t->where;
  if (!t->zone.empty()) where += " in " + t->zone;
  if (!t->launchType.empty()) where += ", launch type " + t->launchType;
  if (!t->capacityProvider.empty()) where += ", capacity provider " + t->capacityProvider;
  if (!t->startedBy.empty()) where += ", started by " + t->startedBy;
  style::hint(where.c_str());
  if (!t->stopCode.empty() || !t->stoppedReason.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::taskStatusColor("STOPPING"));
    ImGui::TextWrapped("%s because: %s%s%s", t->lastStatus == "STOPPED" ? "Stopped" : "Stopping", t->stopCode.c_str(), t->stopCode.empty() ? "" : ": ", t->stoppedReason.c_str());
    ImGui::PopStyleColor();
  }

  // Containers.
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("##containers", 6, flags)) {
    ImGui::TableSetupColumn("Container");
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("Exit code");
    ImGui::TableSetupColumn("Restarts");
    ImGui::TableSetupColumn("Health");
    ImGui::TableSetupColumn("Reason / image", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < t->containers.size(); ++i) {
      const SimContainerRow& c = t->containers[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      if (ImGui::Selectable(c.name.c_str(), c.name == sim.selectedContainer(),
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        SimCommand s;
        s.kind = SimCommand::Kind::SelectContainer;
        s.text = c.name;
        commands.push_back(s);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show what %s sees", c.name.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextColored(style::taskStatusColor(c.lastStatus), "%s", c.lastStatus.c_str());
      ImGui::TableSetColumnIndex(2);
      if (c.exitCode) {
        ImGui::TextColored(*c.exitCode == 0 ? style::okColor() : style::severityColor(Severity::Error), "%d", *c.exitCode);
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip(*c.exitCode == 0     ? "0: the process ended on its own, successfully."
                            : *c.exitCode == 137 ? "137 = 128 + 9: killed with SIGKILL (stopTimeout ran out, or out of memory)."
                            : *c.exitCode == 143 ? "143 = 128 + 15: ended by SIGTERM."
                                                 : "Not 0: the process failed.");
        }
      } else {
        ImGui::TextColored(style::mutedColor(), "-");
      }
      ImGui::TableSetColumnIndex(3);
      if (c.restartCount) {
        ImGui::Text("%d", *c.restartCount);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The agent restarted this container in place (restartPolicy): same task, new process.");
      } else {
        ImGui::TextColored(style::mutedColor(), "-");
      }
      ImGui::TableSetColumnIndex(4);
      ImGui::TextColored(style::healthColor(c.healthStatus), "%s", c.healthStatus.empty() ? "-" : c.healthStatus.c_str());
      ImGui::TableSetColumnIndex(5);
      if (!c.reason.empty()) {
        ImGui::TextColored(style::severityColor(Severity::Warning), "%s", c.reason.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.reason.c_str());
      } else {
        ImGui::TextColored(style::mutedColor(), "%s", c.image.c_str());
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  // What the selected container sees.
  if (sim.selectedContainer().empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(style::accentColor(), "What container %s sees", sim.selectedContainer().c_str());
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "(its environment, with what ECS adds, and its CPU and memory limits)");
  const ApiReply& r = sim.runtime();
  if (r.error) {
    style::hint(r.error->message.c_str());  // e.g. a task still waiting for capacity has no containers yet
    return;
  }
  drawLimits(r.output);
  const Json empty = Json::array();
  const Json& env = r.output.contains("environment") && r.output["environment"].is_array() ? r.output["environment"] : empty;
  if (env.empty()) return;
  if (ImGui::BeginTable("##environment", 2, flags | ImGuiTableFlags_ScrollY, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Environment variable");
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGui::PushFont(style::codeFont());
    for (const Json& kv : env) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      std::string name = number(kv, "name");
      bool injected = name.rfind("AWS_", 0) == 0 || name.rfind("ECS_", 0) == 0;
      ImGui::TextColored(injected ? style::noteColor() : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s", name.c_str());
      if (injected && ImGui::IsItemHovered()) ImGui::SetTooltip("ECS sets this one in every container it starts.");
      ImGui::TableSetColumnIndex(1);
      std::string value = number(kv, "value");
      ImGui::TextUnformatted(value.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s=%s", name.c_str(), value.c_str());
    }
    ImGui::PopFont();
    ImGui::EndTable();
  }
}

}  // namespace ecsplay::playground
