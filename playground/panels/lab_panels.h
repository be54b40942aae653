// The Placement screen's panels, one file each. They read a const PlacementLab and change it only
// through LabCommands.
#pragma once

#include <string>
#include <vector>

#include "placement_lab.h"

namespace ecsplay::playground {

// UI-only state of the Placement screen: the draft widgets' values.
struct LabUi {
  int addType = 10;  // index into instanceTypes(): m5.large
  int addZone = 0;
  int addCount = 1;
  PlacementRequest draft;  // the request being edited (strategies, constraints, count, group)
  bool loaded = false;     // the draft was read from the lab once
};

void drawCluster(const PlacementLab& lab, LabUi& ui, std::vector<LabCommand>& commands);  // cluster.cpp
void drawRunTask(const PlacementLab& lab, LabUi& ui, std::vector<LabCommand>& commands);  // run_task.cpp

}  // namespace ecsplay::playground
