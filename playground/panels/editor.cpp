// The task definition editor: multi-line JSON, validated as you type.
#include "panels/panels.h"
#include "style.h"
#include "imgui_stdlib_shim.h"

namespace ecsplay::playground {

namespace {

// Runs every frame the editor is active: shows a requested place, inserts a pending paste.
int editorCallback(ImGuiInputTextCallbackData* data) {
  auto* editor = static_cast<EditorState*>(data->UserData);
  if (editor->hasReveal) {
    int from = editor->revealOffset < data->BufTextLen ? editor->revealOffset : data->BufTextLen;
    int to = from + editor->revealLength < data->BufTextLen ? from + editor->revealLength : data->BufTextLen;
    data->SelectionStart = from;
    data->SelectionEnd = to;
    data->CursorPos = to;
    editor->hasReveal = false;
  }
  if (!editor->hasPendingPaste) return 0;
  if (data->HasSelection()) {
    int from = data->SelectionStart < data->SelectionEnd ? data->SelectionStart : data->SelectionEnd;
    int to = data->SelectionStart < data->SelectionEnd ? data->SelectionEnd : data->SelectionStart;
    data->DeleteChars(from, to - from);
    data->CursorPos = from;
  }
  data->InsertChars(data->CursorPos, editor->pendingPaste.c_str(), editor->pendingPaste.c_str() + editor->pendingPaste.size());
  data->SelectionStart = data->SelectionEnd = data->CursorPos;
  editor->pendingPaste.clear();
  editor->hasPendingPaste = false;
  return 0;
}

}  // namespace

void drawEditor(const Workbench& wb, EditorState& editor, const std::string& notice, std::vector<Command>& commands) {
  style::sectionTitle("Task definition (JSON)");
  if (editor.loadedVersion != wb.textVersion()) {
    editor.buffer = wb.text();
    editor.loadedVersion = wb.textVersion();
  }
  const Validation& v = wb.validation();
  if (!v.jsonOk) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::severityColor(Severity::Error));
    ImGui::TextWrapped("%s", v.jsonError.c_str());
    ImGui::PopStyleColor();
    if (v.errorLine > 0 && ImGui::SmallButton("Show the error")) {
      editor.reveal(offsetOfLineColumn(wb.text(), v.errorLine, v.errorColumn), 1);
    }
  }
  if (!notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::severityColor(Severity::Warning));
    ImGui::TextWrapped("%s", notice.c_str());
    ImGui::PopStyleColor();
  }
  // A new widget id whenever the text was replaced from outside (an example, a task size), so an
  // editor that had the keyboard focus shows the new text instead of its stale edit state.
  ImGui::PushID(wb.textVersion());
  ImGui::PushFont(style::codeFont());
  ImVec2 size(-FLT_MIN, -FLT_MIN);
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackAlways;
  if (editor.hasReveal && !editor.active) ImGui::SetKeyboardFocusHere();
  bool changed = ImGui::InputTextMultiline("##taskdef", &editor.buffer, size, flags, editorCallback, &editor);
  editor.active = ImGui::IsItemActive();
  if (changed) {
    Command c;
    c.kind = Command::Kind::SetText;
    c.text = editor.buffer;
    c.fromEditor = true;
    commands.push_back(std::move(c));
  }
  ImGui::PopFont();
  ImGui::PopID();
}

}  // namespace ecsplay::playground
