// The window-side plumbing the web page and the desktop app share: Dear ImGui on a GLFW window
// with the OpenGL 3 / WebGL 2 backend. The platform layers (wasm/main.cpp, native/desktop.cpp)
// create the window, own the main loop and call these.
#pragma once

struct GLFWwindow;

namespace ecsplay::playground {

class App;

// Creates the ImGui context for `window`, applies the theme, starts the GLFW and OpenGL3
// backends ("#version 130" natively, "#version 300 es" for WebGL 2). No imgui.ini is written.
void startImGui(GLFWwindow* window, const char* glslVersion);

// One frame: new ImGui frame, the app's UI, render into the window's framebuffer. The caller
// polls events before and swaps buffers after (the browser swaps by itself).
void renderFrame(App& app, GLFWwindow* window);

void stopImGui();

}  // namespace ecsplay::playground
