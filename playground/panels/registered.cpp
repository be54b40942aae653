// The registered form: the definition as DescribeTaskDefinition would return it.
#include "panels/panels.h"
#include "style.h"

namespace ecsplay::playground {

void drawRegistered(const Workbench& wb) {
  const std::string& text = wb.registeredText();
  if (text.empty()) {
    style::hint("Nothing to show until the text is a JSON object.");
    return;
  }
  style::hint("What DescribeTaskDefinition would return after registration: cpu and memory converted to CPU "
              "units and MiB, ECS's defaults filled in, and what ECS adds: taskDefinitionArn, revision, status, "
              "compatibilities and requiresAttributes (the container instance attributes placement will ask for).");
  // Read-only: ImGui does not write to the buffer, it only lets the user select and copy.
  ImGui::PushFont(style::codeFont());
  ImGui::InputTextMultiline("##registered", const_cast<char*>(text.c_str()), text.size() + 1,
                            ImVec2(-FLT_MIN, -FLT_MIN), ImGuiInputTextFlags_ReadOnly);
  ImGui::PopFont();
}

}  // namespace ecsplay::playground
