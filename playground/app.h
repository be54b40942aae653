// The playground application: one ImGui frame of UI over a Workbench, and the queue of Commands
// the panels push. The platform layers (wasm/, native/) own the window and the main loop and
// call frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <string>
#include <vector>

#include "panels/lab_panels.h"
#include "panels/panels.h"
#include "panels/sim_panels.h"
#include "placement_lab.h"
#include "simulation.h"
#include "workbench.h"

namespace ecsplay::playground {

class App {
 public:
  App();

  void frame();  // draws the UI, then applies the commands the panels pushed

  // Commands from outside the UI (the browser's JS hooks, tests). Applied at once; returns the
  // refusal message, "" when applied.
  std::string command(const Command& command);

  // Text coming from the system clipboard: returned as it is, or "" with a notice when it is over
  // the editor's limit (a 10 MB paste is refused, not fed to the editor).
  const char* filterPaste(const char* text);

  // A paste the platform received itself (the browser's paste event): inserted at the editor's
  // cursor when the editor has the focus, else it replaces the whole text. Refused, with a
  // notice, over the editor's limit.
  void paste(const std::string& text);

  // The Placement screen's state, and commands for it from outside the UI (JS hooks, tests).
  std::string labCommand(const LabCommand& command);
  const PlacementLab& lab() const { return lab_; }
  // The Simulation screen's state, and commands for it from outside the UI (JS hooks, tests).
  std::string simCommand(const SimCommand& command) { return sim_.apply(command); }
  const Simulation& sim() const { return sim_; }
  // Opens a screen: 0 task definitions, 1 placement, 2 simulation (the tab bar follows on the next
  // frame). Other numbers are ignored.
  void showScreen(int screen) {
    if (screen >= 0 && screen < kScreens) requestedScreen_ = screen;
  }
  int screen() const { return screen_; }
  static constexpr int kScreens = 3;

  const Workbench& workbench() const { return workbench_; }
  const std::string& notice() const { return notice_; }

 private:
  void drawTaskDefinitions();
  void drawPlacement();
  void drawSimulation();

  Workbench workbench_;
  EditorState editor_;
  std::vector<Command> pending_;
  std::string notice_;
  PlacementLab lab_;
  LabUi labUi_;
  std::vector<LabCommand> labPending_;
  Simulation sim_;
  SimUi simUi_;
  std::vector<SimCommand> simPending_;
  int screen_ = 0;            // 0 task definitions, 1 placement, 2 simulation
  int requestedScreen_ = -1;  // a screen to select from outside the tab bar
};

}  // namespace ecsplay::playground
