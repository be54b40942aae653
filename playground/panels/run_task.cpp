// The RunTask request: count, group, placement strategies and constraints, and the reply.
#include <cstring>

#include "imgui_stdlib_shim.h"
#include "panels/lab_panels.h"
#include "style.h"

namespace ecsplay::playground {
namespace {

const char* const kStrategyTypes[] = {"random", "binpack", "spread"};
const char* const kBinpackFields[] = {"memory", "cpu"};
const char* const kSpreadFields[] = {"attribute:ecs.availability-zone", "instanceId", "host", "attribute:ecs.instance-type",
                                     "attribute:stack"};

bool combo(const char* id, std::string& value, const char* const* items, size_t n, float width) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo(id, value.c_str())) {
    for (size_t k = 0; k < n; ++k) {
      if (ImGui::Selectable(items[k], value == items[k])) {
        value = items[k];
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace

void drawRunTask(const PlacementLab& lab, LabUi& ui, std::vector<LabCommand>& commands) {
  if (!ui.loaded) {
    ui.draft = lab.request();
    ui.loaded = true;
  }
  PlacementRequest& d = ui.draft;
  bool changed = false;

  style::sectionTitle("Run task");
  ImGui::TextWrapped("Task: %s", lab.taskSummary().c_str());
  style::hint("The task definition comes from the Task definitions screen. Placement runs the filters (status, "
              "attributes, CPU, memory, GPU, ports, ENIs, constraints) on every instance, then the strategies pick "
              "among those that pass, each breaking the ties of the one before.");
  ImGui::SetNextItemWidth(140);
  changed |= ImGui::SliderInt("count", &d.count, 1, 10);
  ImGui::SameLine(0, 20);
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::InputTextWithHint("group", "family:NAME (the default)", &d.group);

  ImGui::Spacing();
  ImGui::TextUnformatted("Placement strategy");
  ImGui::SameLine();
  style::hint("(RunTask's default is random; a service spreads over zones, then instances)");
  struct Preset {
    const char* label;
    std::vector<PlacementStrategyItem> chain;
  };
  static const Preset presets[] = {
      {"random", {{"random", ""}}},
      {"binpack(memory)", {{"binpack", "memory"}}},
      {"spread(zone) + binpack(memory)", {{"spread", "attribute:ecs.availability-zone"}, {"binpack", "memory"}}},
      {"service default", {{"spread", "attribute:ecs.availability-zone"}, {"spread", "instanceId"}}},
  };
  for (const Preset& p : presets) {
    if (ImGui::SmallButton(p.label)) {
      d.strategies = p.chain;
      changed = true;
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
  for (size_t k = 0; k < d.strategies.size(); ++k) {
    PlacementStrategyItem& st = d.strategies[k];
    ImGui::PushID(static_cast<int>(k));
    ImGui::Text("%zu.", k + 1);
    ImGui::SameLine();
    if (combo("##type", st.type, kStrategyTypes, 3, 90)) {
      st.field = st.type == "binpack" ? "memory" : st.type == "spread" ? "attribute:ecs.availability-zone" : "";
      changed = true;
    }
    if (st.type == "binpack") {
      ImGui::SameLine();
      changed |= combo("##field", st.field, kBinpackFields, 2, 120);
    } else if (st.type == "spread") {
      ImGui::SameLine();
      changed |= combo("##field", st.field, kSpreadFields, 5, 240);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) {
      d.strategies.erase(d.strategies.begin() + static_cast<long>(k));
      changed = true;
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
  if (d.strategies.size() < 6 && ImGui::SmallButton("+ strategy")) {
    d.strategies.push_back({"binpack", "memory"});
    changed = true;
  }
  if (d.strategies.empty()) style::hint("No strategy: RunTask uses random.");

  ImGui::Spacing();
  ImGui::TextUnformatted("Placement constraints");
  bool distinct = false;
  for (const PlacementConstraintItem& c : d.constraints) distinct = distinct || c.type == "distinctInstance";
  if (ImGui::Checkbox("distinctInstance (one task of the group per instance)", &distinct)) {
    std::vector<PlacementConstraintItem> kept;
    for (const PlacementConstraintItem& c : d.constraints) {
      if (c.type != "distinctInstance") kept.push_back(c);
    }
    if (distinct) kept.insert(kept.begin(), {"distinctInstance", ""});
    d.constraints = kept;
    changed = true;
  }
  for (size_t k = 0; k < d.constraints.size(); ++k) {
    PlacementConstraintItem& c = d.constraints[k];
    if (c.type != "memberOf") continue;
    ImGui::PushID(static_cast<int>(100 + k));
    ImGui::TextUnformatted("memberOf");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-70);
    changed |= ImGui::InputText("##expr", &c.expression);
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) {
      d.constraints.erase(d.constraints.begin() + static_cast<long>(k));
      changed = true;
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
  if (ImGui::SmallButton("+ memberOf")) {
    d.constraints.push_back({"memberOf", "attribute:ecs.instance-type =~ m5.*"});
    changed = true;
  }
  ImGui::SameLine();
  style::hint("cluster query language, e.g. attribute:stack == prod and attribute:ecs.availability-zone in [us-east-1a, us-east-1b]");

  if (changed) {
    LabCommand c;
    c.kind = LabCommand::Kind::SetRequest;
    c.request = d;
    commands.push_back(c);
  }
  if (!lab.requestError().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::severityColor(Severity::Error));
    ImGui::TextWrapped("%s", lab.requestError().c_str());
    ImGui::PopStyleColor();
  }

  ImGui::Spacing();
  bool ready = lab.compiled() != nullptr;
  if (!ready) ImGui::BeginDisabled();
  if (ImGui::Button("Run task")) {
    LabCommand c;
    c.kind = LabCommand::Kind::RunTask;
    commands.push_back(c);
  }
  if (!ready) ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(style::mutedColor(), "aws ecs run-task --count %d%s", d.count,
                     d.strategies.empty() ? "" : " --placement-strategy ...");
  if (ImGui::CollapsingHeader("Try this")) {
    style::hint("1. With random, run 10 tasks twice: they land anywhere, and the second run answers "
                "RESOURCE:ENI failures once every instance's ENIs are taken (the example task uses awsvpc).");
    style::hint("2. Stop all tasks, pick binpack(memory) and run 10: they pile onto the instance with the least "
                "memory left, the way binpack saves instances.");
    style::hint("3. Pick spread(zone) + binpack(memory): the tasks alternate between the zones, then fill the "
                "fullest instance of each.");
    style::hint("4. Add memberOf with attribute:stack == dev: only the t3.medium qualifies. Then drain it (click "
                "its status): nothing can run, and RunTask says why.");
    style::hint("5. On Task definitions, switch the example to 'EC2 with dynamic host ports' (bridge mode): no "
                "ENIs needed, many more tasks fit.");
  }
  if (!lab.lastReply().empty()) {
    ImGui::TextUnformatted("RunTask reply:");
    ImGui::PushFont(style::codeFont());
    const std::string& reply = lab.lastReply();
    ImGui::InputTextMultiline("##reply", const_cast<char*>(reply.c_str()), reply.size() + 1,
                              ImVec2(-FLT_MIN, ImGui::GetContentRegionAvail().y), ImGuiInputTextFlags_ReadOnly);
    ImGui::PopFont();
  }
}

}  // namespace ecsplay::playground
