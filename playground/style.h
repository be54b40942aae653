// The playground's shared look: colours by meaning, and the theme. Panels never pick colours of
// their own; they ask here, so "error" is the same red everywhere.
#pragma once

#include <string>

#include "ecsplay/finding.h"
#include "imgui.h"

namespace ecsplay::playground::style {

void applyTheme();  // colours, rounding, spacing for the whole app
void loadFonts();   // Roboto for text (compiled in), ImGui's ProggyClean for JSON and paths
ImFont* codeFont(); // the monospace font, for PushFont around JSON

ImVec4 severityColor(Severity s);  // error red, warning amber, info blue
const char* severityLabel(Severity s);  // "ERROR", "WARN", "NOTE"
ImVec4 okColor();      // green: valid
ImVec4 mutedColor();   // grey: secondary text
ImVec4 accentColor();  // the highlight of the current choice
ImU32 highlightRowColor();

// The simulation's states, one colour each: a task's lastStatus/desiredStatus (PROVISIONING slate,
// PENDING amber, ACTIVATING light green, RUNNING green, DEACTIVATING/STOPPING/DEPROVISIONING
// orange to brown, STOPPED grey), a healthStatus (HEALTHY green, UNHEALTHY red, UNKNOWN grey), a
// container instance's status (ACTIVE green, DRAINING amber, INACTIVE grey). Text colour otherwise.
ImVec4 taskStatusColor(const std::string& status);
ImVec4 healthColor(const std::string& health);
ImVec4 instanceStatusColor(const std::string& status);
ImVec4 noteColor();  // the scenario's narration

// A small coloured label with padding, like a badge: [ERROR].
void badge(const char* text, ImVec4 color);
// A section title with a separator under it.
void sectionTitle(const char* text);
// Text that wraps at the window's edge, in the muted colour.
void hint(const char* text);

}  // namespace ecsplay::playground::style
