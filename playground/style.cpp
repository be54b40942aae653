#include "style.h"

namespace ecsplay::playground::style {
namespace {
#include "font_data.inc"  // kUiFont: Roboto Regular (Apache-2.0), from Debian's fonts-roboto-unhinted
ImFont* gCodeFont = nullptr;
}  // namespace

void loadFonts() {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static
  config.OversampleH = 2;
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kUiFont), static_cast<int>(sizeof kUiFont), 16.0f,
                                 &config);
  gCodeFont = io.Fonts->AddFontDefault();
}

ImFont* codeFont() { return gCodeFont; }

void applyTheme() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0.0f;
  s.ChildRounding = 4.0f;
  s.FrameRounding = 3.0f;
  s.GrabRounding = 3.0f;
  s.TabRounding = 3.0f;
  s.WindowPadding = ImVec2(10, 10);
  s.FramePadding = ImVec2(6, 4);
  s.ItemSpacing = ImVec2(8, 6);
  s.CellPadding = ImVec2(6, 3);
  s.ScrollbarSize = 14.0f;
  s.FrameBorderSize = 1.0f;  // radio buttons and fields stand out from the background
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.00f);
  c[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.00f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.00f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.30f, 1.00f);
  c[ImGuiCol_Header] = ImVec4(0.22f, 0.32f, 0.48f, 0.70f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.40f, 0.60f, 0.80f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.29f, 0.43f, 1.00f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.27f, 0.40f, 0.60f, 1.00f);
  c[ImGuiCol_Border] = ImVec4(0.30f, 0.33f, 0.38f, 0.60f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.18f, 0.20f, 0.24f, 1.00f);
}

ImVec4 severityColor(Severity s) {
  switch (s) {
    case Severity::Error: return ImVec4(0.94f, 0.36f, 0.34f, 1.0f);
    case Severity::Warning: return ImVec4(0.96f, 0.72f, 0.26f, 1.0f);
    case Severity::Info: return ImVec4(0.45f, 0.70f, 0.98f, 1.0f);
  }
  return ImVec4(1, 1, 1, 1);
}

const char* severityLabel(Severity s) {
  switch (s) {
    case Severity::Error: return "ERROR";
    case Severity::Warning: return "WARN ";
    case Severity::Info: return "NOTE ";
  }
  return "";
}

ImVec4 okColor() { return ImVec4(0.40f, 0.82f, 0.45f, 1.0f); }
ImVec4 mutedColor() { return ImVec4(0.60f, 0.63f, 0.68f, 1.0f); }
ImVec4 accentColor() { return ImVec4(0.98f, 0.82f, 0.35f, 1.0f); }
ImU32 highlightRowColor() { return IM_COL32(70, 110, 170, 140); }

ImVec4 taskStatusColor(const std::string& s) {
  if (s == "PROVISIONING") return ImVec4(0.58f, 0.68f, 0.86f, 1.0f);
  if (s == "PENDING") return ImVec4(0.96f, 0.76f, 0.30f, 1.0f);
  if (s == "ACTIVATING") return ImVec4(0.70f, 0.88f, 0.45f, 1.0f);
  if (s == "RUNNING") return okColor();
  if (s == "DEACTIVATING") return ImVec4(0.98f, 0.64f, 0.32f, 1.0f);
  if (s == "STOPPING") return ImVec4(0.95f, 0.52f, 0.30f, 1.0f);
  if (s == "DEPROVISIONING") return ImVec4(0.82f, 0.52f, 0.42f, 1.0f);
  if (s == "STOPPED") return mutedColor();
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

ImVec4 healthColor(const std::string& h) {
  if (h == "HEALTHY") return okColor();
  if (h == "UNHEALTHY") return severityColor(Severity::Error);
  return mutedColor();
}

ImVec4 instanceStatusColor(const std::string& s) {
  if (s == "ACTIVE") return okColor();
  if (s == "DRAINING" || s == "REGISTERING" || s == "DEREGISTERING") return severityColor(Severity::Warning);
  if (s == "INACTIVE") return mutedColor();
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

ImVec4 noteColor() { return ImVec4(0.55f, 0.80f, 1.00f, 1.0f); }

void badge(const char* text, ImVec4 color) {
  ImVec2 size = ImGui::CalcTextSize(text);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 pad(5, 1);
  ImVec2 full(size.x + pad.x * 2, size.y + pad.y * 2);
  ImVec4 bg = ImVec4(color.x * 0.30f, color.y * 0.30f, color.z * 0.30f, 1.0f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + full.x, pos.y + full.y), ImGui::GetColorU32(bg), 3.0f);
  dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::GetColorU32(color), text);
  ImGui::Dummy(full);
}

void sectionTitle(const char* text) {
  ImGui::TextColored(accentColor(), "%s", text);
  ImGui::Separator();
}

void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, mutedColor());
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

}  // namespace ecsplay::playground::style
