// The Simulation screen's panels, one file each. They read a const Simulation and change it only
// through SimCommands (which the App applies after the frame).
#pragma once

#include <cstddef>
#include <vector>

#include "simulation.h"

namespace ecsplay::playground {

// UI-only state of the Simulation screen.
struct SimUi {
  size_t logLinesSeen = 0;   // the log's length last frame: when it changes, the newest line is scrolled into view
  bool showWhatToWatch = true;
};

void drawSimGallery(const Simulation& sim, std::vector<SimCommand>& commands);               // sim_gallery.cpp
void drawSimTime(const Simulation& sim, SimUi& ui, std::vector<SimCommand>& commands);       // sim_time.cpp
// Instances, then tasks; the whole at most about `height` tall (the tasks table scrolls).
void drawSimCluster(const Simulation& sim, std::vector<SimCommand>& commands, float height);  // sim_cluster.cpp
void drawSimTask(const Simulation& sim, std::vector<SimCommand>& commands);                  // sim_task.cpp
void drawSimLog(const Simulation& sim, SimUi& ui, std::vector<SimCommand>& commands);        // sim_log.cpp

// The task lifecycle on one line, each state in its colour, with what it means on hover.
void drawLifecycleLine();  // sim_time.cpp

}  // namespace ecsplay::playground
