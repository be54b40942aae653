// The header: what this screen is, the example picker and the launch type to judge for.
#include "examples.h"
#include "panels/panels.h"
#include "style.h"

namespace ecsplay::playground {

void drawHeader(const Workbench& wb, std::vector<Command>& commands) {
  style::hint("Paste a task definition, see what Amazon ECS would say about it.");
  // Examples.
  const std::vector<Example>& all = examples();
  int current = wb.exampleIndex();
  ImGui::SetNextItemWidth(300);
  const char* preview = current >= 0 ? all[static_cast<size_t>(current)].title.c_str() : "Load an example...";
  if (ImGui::BeginCombo("##examples", preview)) {
    for (size_t i = 0; i < all.size(); ++i) {
      std::string label = std::string(all[i].expectValid ? "[valid]   " : "[invalid] ") + all[i].title;
      if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == current)) {
        Command c;
        c.kind = Command::Kind::LoadExample;
        c.index = static_cast<int>(i);
        commands.push_back(c);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", all[i].description.c_str());
    }
    ImGui::EndCombo();
  }

  // Launch type.
  ImGui::SameLine(0, 24);
  ImGui::TextUnformatted("Judge for:");
  struct Choice {
    const char* label;
    std::optional<LaunchType> type;
    const char* tip;
  };
  static const Choice choices[] = {
      {"as declared", std::nullopt, "The launch types in requiresCompatibilities (EC2 when it is empty), as RegisterTaskDefinition judges it."},
      {"EC2", LaunchType::EC2, "As RunTask --launch-type EC2 would: container instances you run."},
      {"FARGATE", LaunchType::FARGATE, "As RunTask --launch-type FARGATE would: AWS-managed capacity with fixed task sizes."},
      {"EXTERNAL", LaunchType::EXTERNAL, "As RunTask --launch-type EXTERNAL would: your own servers (ECS Anywhere)."},
  };
  for (const Choice& choice : choices) {
    ImGui::SameLine();
    if (ImGui::RadioButton(choice.label, wb.launchType() == choice.type)) {
      Command c;
      c.kind = Command::Kind::SetLaunchType;
      c.launchType = choice.type;
      commands.push_back(c);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", choice.tip);
  }
  if (current >= 0) style::hint(all[static_cast<size_t>(current)].description.c_str());
  else style::hint("Your own definition. RegisterTaskDefinition JSON or a DescribeTaskDefinition reply both work.");
}

}  // namespace ecsplay::playground
