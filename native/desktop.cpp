// The desktop playground: a GLFW window with OpenGL 3, drawing the shared ImGui playground.
// `ecsplay desktop --screenshot FILE` draws a few frames, saves the window as a PNG and exits
// (the desktop test runs it under Xvfb). `--screen simulation --sim "load task-lifecycle" --sim
// "seek 1m"` opens the Simulation screen and gives it requests first (the browser hook's language).
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app.h"
#include "cli.h"
#include "frontend.h"
#include "imgui.h"
#include "stb_image_write.h"

namespace ecsplay::cli {
namespace {

struct Options {
  std::string screenshot;
  int frames = 3;
  int example = -1;
  int screen = 0;
  std::vector<std::string> simRequests;
  int width = 1280, height = 800;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "ecsplay desktop: %s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    if (arg == "--screenshot") {
      const char* v = value("--screenshot");
      if (!v) return false;
      o.screenshot = v;
    } else if (arg == "--frames" || arg == "--example") {
      const char* v = value(arg.c_str());
      if (!v) return false;
      char* end = nullptr;
      long n = std::strtol(v, &end, 10);
      if (*end || n < 0 || n > 10000) {
        std::fprintf(stderr, "ecsplay desktop: %s takes a number from 0 to 10000\n", arg.c_str());
        return false;
      }
      (arg == "--frames" ? o.frames : o.example) = static_cast<int>(n);
    } else if (arg == "--screen") {
      const char* v = value("--screen");
      if (!v) return false;
      std::string name = v;
      if (name == "task-definitions") o.screen = 0;
      else if (name == "placement") o.screen = 1;
      else if (name == "simulation") o.screen = 2;
      else {
        std::fprintf(stderr, "ecsplay desktop: --screen is task-definitions, placement or simulation\n");
        return false;
      }
    } else if (arg == "--sim") {
      const char* v = value("--sim");
      if (!v) return false;
      playground::SimCommand c;
      std::string error;
      if (!playground::parseSimRequest(v, c, error)) {
        std::fprintf(stderr, "ecsplay desktop: --sim: %s\n", error.c_str());
        return false;
      }
      o.simRequests.push_back(v);
    } else if (arg == "--size") {
      const char* v = value("--size");
      if (!v || std::sscanf(v, "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240 ||
          o.width > 8192 || o.height > 8192) {
        std::fprintf(stderr, "ecsplay desktop: --size takes WIDTHxHEIGHT, e.g. 1280x800\n");
        return false;
      }
    } else {
      std::fprintf(stderr, "ecsplay desktop: unknown option %s\n", arg.c_str());
      return false;
    }
  }
  return true;
}

playground::App* gApp = nullptr;
const char* (*gGlfwGetClipboard)(void*) = nullptr;

// The GLFW backend reads the clipboard; the playground refuses what is too large to edit.
const char* getClipboard(void* userData) {
  const char* text = gGlfwGetClipboard ? gGlfwGetClipboard(userData) : "";
  return gApp ? gApp->filterPaste(text) : text;
}

bool saveScreenshot(const std::string& path, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

}  // namespace

int desktop(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) return 2;
  glfwSetErrorCallback([](int code, const char* message) { std::fprintf(stderr, "GLFW error %d: %s\n", code, message); });
  if (!glfwInit()) {
    std::fprintf(stderr, "ecsplay: cannot open a window (is there a display?). The command-line tools work without "
                         "one: try `ecsplay validate FILE`, or `ecsplay help`.\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  if (!options.screenshot.empty()) glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "ecsplay - Amazon ECS playground", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "ecsplay: cannot create an OpenGL 3 window.\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  playground::startImGui(window, "#version 130");
  ImGuiIO& io = ImGui::GetIO();
  playground::App app;
  gApp = &app;
  gGlfwGetClipboard = io.GetClipboardTextFn;
  io.GetClipboardTextFn = getClipboard;
  if (options.example >= 0) {
    playground::Command c;
    c.kind = playground::Command::Kind::LoadExample;
    c.index = options.example;
    std::string refusal = app.command(c);
    if (!refusal.empty()) std::fprintf(stderr, "ecsplay desktop: %s\n", refusal.c_str());
  }

  for (const std::string& request : options.simRequests) {
    playground::SimCommand c;
    std::string error;
    if (playground::parseSimRequest(request, c, error)) error = app.simCommand(c);
    if (!error.empty()) std::fprintf(stderr, "ecsplay desktop: --sim %s: %s\n", request.c_str(), error.c_str());
  }
  app.showScreen(options.screen);
  // A screenshot shows the screen as it is, not a tooltip: the pointer goes to the empty top right.
  if (!options.screenshot.empty()) glfwSetCursorPos(window, options.width - 3, 3);
  int frame = 0;
  int status = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    playground::renderFrame(app, window);
    if (!options.screenshot.empty() && ++frame >= options.frames) {
      int w = 0, h = 0;
      glfwGetFramebufferSize(window, &w, &h);
      if (!saveScreenshot(options.screenshot, w, h)) {
        std::fprintf(stderr, "ecsplay desktop: cannot write %s\n", options.screenshot.c_str());
        status = 1;
      }
      break;
    }
    glfwSwapBuffers(window);
  }
  gApp = nullptr;
  playground::stopImGui();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace ecsplay::cli
