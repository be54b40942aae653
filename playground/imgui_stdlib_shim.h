// imgui_stdlib.h needs imgui.h's macros first; include this instead of it.
#pragma once

#include "imgui.h"
#include "imgui_stdlib.h"
