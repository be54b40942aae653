// The cluster as placement sees it: one row per container instance with its free resources and
// what the next task's placement thinks of it ("why is my task not placed?").
#include <cstdio>

#include "ecsplay/instance_types.h"
#include "panels/lab_panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

// A small bar: used / registered, with the numbers on it.
void bar(int remaining, int registered, const char* unit) {
  float used = registered > 0 ? 1.0f - static_cast<float>(remaining) / static_cast<float>(registered) : 0.0f;
  char text[64];
  std::snprintf(text, sizeof text, "%d/%d%s", remaining, registered, unit);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, used > 0.85f ? ImVec4(0.85f, 0.45f, 0.25f, 1.0f) : ImVec4(0.30f, 0.55f, 0.85f, 1.0f));
  ImGui::ProgressBar(used, ImVec2(-FLT_MIN, 0), text);
  ImGui::PopStyleColor();
}

}  // namespace

void drawCluster(const PlacementLab& lab, LabUi& ui, std::vector<LabCommand>& commands) {
  style::sectionTitle("Cluster: container instances");
  // Add instances.
  const auto& types = instanceTypes();
  ImGui::SetNextItemWidth(120);
  if (ImGui::BeginCombo("##type", types[static_cast<size_t>(ui.addType)].name)) {
    for (size_t t = 0; t < types.size(); ++t) {
      char label[96];
      std::snprintf(label, sizeof label, "%-12s %2d vCPU %6d MiB", types[t].name, types[t].vcpus, types[t].registeredMemoryMiB);
      if (ImGui::Selectable(label, static_cast<int>(t) == ui.addType)) ui.addType = static_cast<int>(t);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  if (ImGui::BeginCombo("##zone", PlacementLab::zones()[static_cast<size_t>(ui.addZone)].c_str())) {
    for (size_t z = 0; z < PlacementLab::zones().size(); ++z) {
      if (ImGui::Selectable(PlacementLab::zones()[z].c_str(), static_cast<int>(z) == ui.addZone)) ui.addZone = static_cast<int>(z);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(80);
  ImGui::InputInt("##count", &ui.addCount);
  ui.addCount = ui.addCount < 1 ? 1 : ui.addCount > 100 ? 100 : ui.addCount;
  ImGui::SameLine();
  if (ImGui::Button("Add instances")) {
    LabCommand c;
    c.kind = LabCommand::Kind::AddInstances;
    c.text = types[static_cast<size_t>(ui.addType)].name;
    c.zone = PlacementLab::zones()[static_cast<size_t>(ui.addZone)];
    c.count = ui.addCount;
    commands.push_back(c);
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset the cluster")) commands.push_back(LabCommand{});
  ImGui::SameLine();
  if (ImGui::Button("Stop all tasks")) {
    LabCommand c;
    c.kind = LabCommand::Kind::StopAllTasks;
    commands.push_back(c);
  }

  const auto& explanation = lab.explanation();
  const CompiledRequest* request = lab.compiled();
  if (!request) {
    ImGui::TextColored(style::severityColor(Severity::Warning), "%s",
                       lab.hasTask() ? "The request has a mistake (see Run task): no verdicts until it is fixed."
                                     : "No valid task definition: fix it on the Task definitions screen.");
  } else if (explanation && explanation->failure) {
    ImGui::TextColored(style::severityColor(Severity::Error),
                       "The next task cannot be placed: no instance passes every filter (closest: %s).",
                       explanation->failure->reason.c_str());
  } else if (explanation && explanation->chosen >= 0) {
    ImGui::TextColored(style::okColor(), "The next task would go to %s.",
                       lab.instances()[static_cast<size_t>(explanation->chosen)].ec2InstanceId.c_str());
  }

  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("##instances", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Instance");
  ImGui::TableSetupColumn("Type, zone");
  ImGui::TableSetupColumn("Status");
  ImGui::TableSetupColumn("CPU free", ImGuiTableColumnFlags_WidthFixed, 96);
  ImGui::TableSetupColumn("MiB free", ImGuiTableColumnFlags_WidthFixed, 110);
  ImGui::TableSetupColumn("ENIs");
  ImGui::TableSetupColumn("Tasks");
  ImGui::TableSetupColumn("Next task: verdict", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;  // thousands of instances stay cheap: only the visible rows are drawn
  clipper.Begin(static_cast<int>(lab.instances().size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const PlacementInstance& in = lab.instances()[static_cast<size_t>(i)];
      ImGui::PushID(i);
      ImGui::TableNextRow();
      const InstanceVerdict* v = explanation ? &explanation->rows[static_cast<size_t>(i)] : nullptr;
      if (v && v->chosen) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, style::highlightRowColor());
      ImGui::TableSetColumnIndex(0);
      // The last characters tell instances apart; the whole id and ARN are in the tooltip.
      const std::string& id = in.ec2InstanceId;
      std::string shortId = id.size() > 8 ? "i-.." + id.substr(id.size() - 5) : id;
      ImGui::TextUnformatted(shortId.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", id.c_str(), in.containerInstanceArn.c_str());
      ImGui::TableSetColumnIndex(1);
      const std::string* type = in.attribute("ecs.instance-type");
      const std::string* zone = in.attribute("ecs.availability-zone");
      const std::string* stack = in.attribute("stack");
      std::string z = zone ? *zone : "?";
      ImGui::Text("%s %s%s%s", type ? type->c_str() : "?", z.size() > 9 ? z.substr(z.size() - 2).c_str() : z.c_str(),
                  stack ? " stack=" : "", stack ? stack->c_str() : "");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", z.c_str());
      ImGui::TableSetColumnIndex(2);
      std::string status = in.agentConnected ? in.status : in.status + ", agent off";
      if (ImGui::SmallButton(status.c_str())) {
        LabCommand c;
        c.index = i;
        if (in.status == "ACTIVE" && in.agentConnected) {
          c.kind = LabCommand::Kind::SetStatus;
          c.text = "DRAINING";
        } else if (in.status == "DRAINING") {
          c.kind = LabCommand::Kind::SetStatus;
          c.text = "ACTIVE";
          commands.push_back(c);
          c.kind = LabCommand::Kind::SetAgent;
          c.flag = false;
        } else {
          c.kind = LabCommand::Kind::SetAgent;
          c.flag = true;
        }
        commands.push_back(c);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click to cycle: ACTIVE -> DRAINING -> agent disconnected -> ACTIVE");
      ImGui::TableSetColumnIndex(3);
      bar(in.remainingCpu, in.registeredCpu, "");
      ImGui::TableSetColumnIndex(4);
      bar(in.remainingMemoryMiB, in.registeredMemoryMiB, "");
      ImGui::TableSetColumnIndex(5);
      ImGui::Text("%d/%d", in.enisInUse, in.eniLimit);
      ImGui::TableSetColumnIndex(6);
      ImGui::Text("%d", lab.tasksOn(i));
      ImGui::TableSetColumnIndex(7);
      if (v && request) {
        std::string text = describeVerdict(in, *request, *v);
        ImVec4 color = v->reason == PlacementReason::None ? (v->chosen ? style::okColor() : ImGui::GetStyleColorVec4(ImGuiCol_Text))
                                                          : style::severityColor(Severity::Warning);
        if (v->reason != PlacementReason::None) {
          text = std::string(placementReasonCode(v->reason)) + ": " + text;
        } else {
          // What each strategy scored it (lower wins), the explainer's rank columns in words.
          std::string scores;
          const auto& chain = request->request.strategies;
          for (size_t s = 0; s < chain.size() && s < v->scores.size(); ++s) {
            const PlacementStrategyItem& st = chain[s];
            if (st.type == "random") break;
            std::string what = st.type == "binpack" ? st.field + " left"
                               : (st.field == "instanceId" || st.field == "host") ? "group tasks here"
                                                                                 : "group tasks in its " + st.field.substr(10);
            scores += (scores.empty() ? "" : ", ") + what + " " + std::to_string(v->scores[s]);
          }
          if (!scores.empty()) text += " (" + scores + ")";
        }
        ImGui::TextColored(color, "%s", text.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
      } else {
        ImGui::TextColored(style::mutedColor(), "-");
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace ecsplay::playground
