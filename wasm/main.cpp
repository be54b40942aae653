// The browser platform layer: GLFW on a WebGL2 canvas (Emscripten), the main loop, the clipboard,
// and the JS hooks the page and the browser test use (Module._ecsplay_*).
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <string>

#include "app.h"
#include "frontend.h"
#include "imgui.h"

namespace {

GLFWwindow* gWindow = nullptr;
ecsplay::playground::App* gApp = nullptr;
std::string gClipboard;  // what ImGui last copied (Ctrl+C / Ctrl+X in a text field)
std::string gReply;      // the last string a hook returned (valid until the next call)
long gFrames = 0;

// Copying in ImGui writes the system clipboard through the browser's API.
EM_JS(void, writeSystemClipboard, (const char* text), {
  const s = UTF8ToString(text);
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(() => {});
});

// ImGui's own Ctrl+V finds nothing here: in the browser the paste arrives as a paste event, which
// the page hands to ecsplay_paste, whatever order the browser delivers keys and clipboard in.
const char* getClipboard(void*) { return ""; }

void setClipboard(void*, const char* text) {
  gClipboard = text ? text : "";
  writeSystemClipboard(gClipboard.c_str());
}

// The canvas fills the page; follow its CSS size.
void fitCanvas() {
  double w = 0, h = 0;
  emscripten_get_element_css_size("#canvas", &w, &h);
  int width = static_cast<int>(w), height = static_cast<int>(h);
  int cw = 0, ch = 0;
  glfwGetWindowSize(gWindow, &cw, &ch);
  if (width > 0 && height > 0 && (width != cw || height != ch)) glfwSetWindowSize(gWindow, width, height);
}

void frame() {
  fitCanvas();
  glfwPollEvents();
  ecsplay::playground::renderFrame(*gApp, gWindow);
  ++gFrames;
}

ecsplay::playground::Command command(ecsplay::playground::Command::Kind kind) {
  ecsplay::playground::Command c;
  c.kind = kind;
  return c;
}

}  // namespace

extern "C" {

// Replaces the editor's text. Returns "" or the refusal (e.g. over the editor's size limit).
EMSCRIPTEN_KEEPALIVE const char* ecsplay_set_editor_text(const char* text) {
  auto c = command(ecsplay::playground::Command::Kind::SetText);
  c.text = text ? text : "";
  gReply = gApp ? gApp->command(c) : "not started";
  return gReply.c_str();
}

// "EC2", "FARGATE", "EXTERNAL", or "" for the definition's own requiresCompatibilities.
EMSCRIPTEN_KEEPALIVE const char* ecsplay_set_launch_type(const char* name) {
  auto c = command(ecsplay::playground::Command::Kind::SetLaunchType);
  std::string n = name ? name : "";
  if (!n.empty()) {
    c.launchType = ecsplay::launchTypeFromName(n);
    if (!c.launchType) {
      gReply = "unknown launch type: " + n;
      return gReply.c_str();
    }
  }
  gReply = gApp ? gApp->command(c) : "not started";
  return gReply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ecsplay_load_example(int index) {
  auto c = command(ecsplay::playground::Command::Kind::LoadExample);
  c.index = index;
  gReply = gApp ? gApp->command(c) : "not started";
  return gReply.c_str();
}

// The workbench as JSON: {"valid", "findings", "taskDefinition", "launchType", "jsonError", ...}.
EMSCRIPTEN_KEEPALIVE const char* ecsplay_state_json() {
  gReply = gApp ? gApp->workbench().stateJson() : "{}";
  return gReply.c_str();
}

// The page's paste listener hands over the pasted text.
EMSCRIPTEN_KEEPALIVE const char* ecsplay_paste(const char* text) {
  if (gApp) gApp->paste(text ? text : "");
  gReply = gApp ? gApp->notice() : "";
  return gReply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ecsplay_notice() {
  gReply = gApp ? gApp->notice() : "";
  return gReply.c_str();
}

EMSCRIPTEN_KEEPALIVE long ecsplay_frames() { return gFrames; }

// "register" (the editor's text), "deregister:ARN" or "delete:ARN": what the Revisions tab's
// buttons do. Returns the registry's answer.
EMSCRIPTEN_KEEPALIVE const char* ecsplay_registry(const char* request) {
  std::string r = request ? request : "";
  ecsplay::playground::Command c;
  if (r == "register") {
    c.kind = ecsplay::playground::Command::Kind::Register;
  } else if (r.rfind("deregister:", 0) == 0) {
    c.kind = ecsplay::playground::Command::Kind::Deregister;
    c.text = r.substr(11);
  } else if (r.rfind("delete:", 0) == 0) {
    c.kind = ecsplay::playground::Command::Kind::Delete;
    c.text = r.substr(7);
  } else {
    gReply = "unknown request: " + r;
    return gReply.c_str();
  }
  if (!gApp) return "not started";
  gApp->command(c);
  gReply = gApp->workbench().registryMessage();
  return gReply.c_str();
}

// The Placement screen: "run", "reset", "stop", "add TYPE ZONE COUNT", "drain N", or
// "request {JSON}" with {"count", "group", "strategies": [{"type","field"}], "constraints":
// [{"type","expression"}]}. Returns "" or the refusal.
EMSCRIPTEN_KEEPALIVE const char* ecsplay_lab(const char* request) {
  using ecsplay::playground::LabCommand;
  std::string r = request ? request : "";
  LabCommand c;
  char type[64] = {0}, zone[64] = {0};
  int n = 0;
  if (r == "run") {
    c.kind = LabCommand::Kind::RunTask;
  } else if (r == "reset") {
    c.kind = LabCommand::Kind::ResetCluster;
  } else if (r == "stop") {
    c.kind = LabCommand::Kind::StopAllTasks;
  } else if (std::sscanf(r.c_str(), "add %63s %63s %d", type, zone, &n) == 3) {
    c.kind = LabCommand::Kind::AddInstances;
    c.text = type;
    c.zone = zone;
    c.count = n;
  } else if (std::sscanf(r.c_str(), "drain %d", &n) == 1) {
    c.kind = LabCommand::Kind::SetStatus;
    c.index = n;
    c.text = "DRAINING";
  } else if (r.rfind("request ", 0) == 0) {
    ecsplay::JsonParseResult parsed = ecsplay::parseJsonText(r.substr(8));
    if (!parsed.ok || !parsed.value.is_object()) {
      gReply = parsed.ok ? "the request must be a JSON object" : parsed.error;
      return gReply.c_str();
    }
    const ecsplay::Json& j = parsed.value;
    c.kind = LabCommand::Kind::SetRequest;
    if (j.contains("count") && j["count"].is_number_integer()) c.request.count = j["count"].get<int>();
    if (j.contains("group") && j["group"].is_string()) c.request.group = j["group"].get<std::string>();
    for (const char* list : {"strategies", "constraints"}) {
      if (!j.contains(list) || !j[list].is_array()) continue;
      for (const ecsplay::Json& item : j[list]) {
        if (!item.is_object()) continue;
        std::string t = item.value("type", std::string()), f = item.value(list[0] == 's' ? "field" : "expression", std::string());
        if (list[0] == 's') c.request.strategies.push_back({t, f});
        else c.request.constraints.push_back({t, f});
      }
    }
  } else {
    gReply = "unknown request: " + r;
    return gReply.c_str();
  }
  gReply = gApp ? gApp->labCommand(c) : "not started";
  return gReply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ecsplay_lab_state() {
  gReply = gApp ? gApp->lab().stateJson() : "{}";
  return gReply.c_str();
}

// The Simulation screen, in the small language of ecsplay::playground::parseSimRequest: "load
// task-lifecycle", "text {JSON}", "seek 240000", "seek 4m", "next", "play 60", "pause", "select
// TASK", "container NAME", "stop [TASK]", "terminate INSTANCE", "restart", "close". Returns "" or
// the refusal.
EMSCRIPTEN_KEEPALIVE const char* ecsplay_sim(const char* request) {
  ecsplay::playground::SimCommand c;
  std::string error;
  if (!ecsplay::playground::parseSimRequest(request ? request : "", c, error)) {
    gReply = error;
    return gReply.c_str();
  }
  gReply = gApp ? gApp->simCommand(c) : "not started";
  return gReply.c_str();
}

// {"loaded", "scenario", "now", "nowText", "tasks", "instances", "log", "latestNote", "runtime", ...}
EMSCRIPTEN_KEEPALIVE const char* ecsplay_sim_state() {
  gReply = gApp ? gApp->sim().stateJson() : "{}";
  return gReply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ecsplay_show_screen(int screen) {
  if (gApp) gApp->showScreen(screen);
  return "";
}

}  // extern "C"

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "ecsplay: GLFW could not start\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  gWindow = glfwCreateWindow(1280, 800, "ecsplay", nullptr, nullptr);
  if (!gWindow) {
    std::fprintf(stderr, "ecsplay: WebGL 2 is not available in this browser\n");
    return 1;
  }
  glfwMakeContextCurrent(gWindow);
  ecsplay::playground::startImGui(gWindow, "#version 300 es");
  ImGuiIO& io = ImGui::GetIO();
  io.GetClipboardTextFn = getClipboard;
  io.SetClipboardTextFn = setClipboard;
  static ecsplay::playground::App app;
  gApp = &app;
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
