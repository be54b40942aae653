// What the playground needs from the platform it runs on. Implemented once per platform:
// wasm/platform_web.cpp (the browser) and native/platform_desktop.cpp (GLFW desktop). CMake picks
// the file; no #ifdef in the playground or the core.
#pragma once

namespace ecsplay::playground::platform {

const char* name();  // "web" or "desktop"

}  // namespace ecsplay::playground::platform
