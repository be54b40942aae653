// The panels of the first playground screen, one file each. A panel draws from a const
// Workbench and changes it only by pushing Commands.
#pragma once

#include <string>
#include <vector>

#include "workbench.h"

namespace ecsplay::playground {

// UI-only state of the editor: its edit buffer, and which workbench text it holds.
struct EditorState {
  std::string buffer;
  int loadedVersion = -1;
  bool active = false;       // the editor had the keyboard focus last frame
  std::string pendingPaste;  // text to insert at the cursor next frame (the browser's paste event)
  bool hasPendingPaste = false;
  // A place to show: the cursor goes there and the text is selected (clicking a finding).
  bool hasReveal = false;
  int revealOffset = 0, revealLength = 0;
  void reveal(size_t offset, size_t length) {
    hasReveal = true;
    revealOffset = static_cast<int>(offset);
    revealLength = static_cast<int>(length);
  }
};

void drawHeader(const Workbench& wb, std::vector<Command>& commands);                       // header.cpp
void drawEditor(const Workbench& wb, EditorState& editor, const std::string& notice,
                std::vector<Command>& commands);                                           // editor.cpp
void drawFindings(const Workbench& wb, EditorState& editor);                                 // findings.cpp
void drawFargateSizes(const Workbench& wb, std::vector<Command>& commands);                 // fargate_sizes.cpp
void drawRegistered(const Workbench& wb);                                                   // registered.cpp
void drawRevisions(const Workbench& wb, std::vector<Command>& commands);                    // revisions.cpp

}  // namespace ecsplay::playground
