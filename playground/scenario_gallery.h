// The scenarios the Simulation screen offers (playground/scenarios/*.json, embedded at build time
// by embed_scenarios.cmake), in lesson order: the task lifecycle first, then what goes wrong with
// containers, then capacity and schedules. A file the lesson order does not name comes last.
#pragma once

#include <string>
#include <vector>

namespace ecsplay::playground {

struct GalleryScenario {
  std::string file;         // "task-lifecycle.json"
  std::string id;           // "task-lifecycle": what the JS hook and `--scenario` take
  std::string name;         // the document's "name": "The task lifecycle"
  std::string description;  // its "description": what to watch
  std::string json;         // the whole document
};

const std::vector<GalleryScenario>& shippedScenarios();

// The shipped scenario with this id, file name or name; null when there is none.
const GalleryScenario* findShippedScenario(const std::string& key);

}  // namespace ecsplay::playground
