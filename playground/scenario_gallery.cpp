#include "scenario_gallery.h"

#include <algorithm>
#include <utility>

#include "ecsplay/json_input.h"

namespace ecsplay::playground {
namespace {
#include "scenarios_data.inc"  // kScenarioFiles[], generated from scenarios/

// The order a newcomer meets them in: one task's life, containers that exit, restart, fail and
// stop, then health, instances failing, capacity and schedules, then services.
const char* const kLessonOrder[] = {
    "task-lifecycle",  "essential-containers", "restart-policy", "image-pull-failure",   "graceful-shutdown",
    "container-dependencies", "health-checks", "instance-failures", "fargate-spot", "cluster-auto-scaling",
    "scheduled-tasks", "service-basics", "blue-green-by-doubling", "rolling-deployment", "unhealthy-task-replaced",
    "load-balancer-health", "launch-throttling", "circuit-breaker-rollback", "daemon-and-draining",
};

size_t lessonRank(const std::string& id) {
  size_t n = sizeof kLessonOrder / sizeof kLessonOrder[0];
  for (size_t k = 0; k < n; ++k) {
    if (id == kLessonOrder[k]) return k;
  }
  return n;
}

}  // namespace

const std::vector<GalleryScenario>& shippedScenarios() {
  static const std::vector<GalleryScenario> all = [] {
    std::vector<GalleryScenario> out;
    for (const auto& [file, text] : kScenarioFiles) {
      GalleryScenario s;
      s.file = file;
      s.id = s.file.substr(0, s.file.size() - 5);  // without ".json"
      s.json = text;
      JsonParseResult parsed = parseJsonText(s.json, {4 * 1024 * 1024, 64});
      if (parsed.ok && parsed.value.is_object()) {
        const Json& doc = parsed.value;
        if (doc.contains("name") && doc["name"].is_string()) s.name = doc["name"].get<std::string>();
        if (doc.contains("description") && doc["description"].is_string()) s.description = doc["description"].get<std::string>();
      }
      if (s.name.empty()) s.name = s.id;
      out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const GalleryScenario& a, const GalleryScenario& b) { return lessonRank(a.id) < lessonRank(b.id); });
    return out;
  }();
  return all;
}

const GalleryScenario* findShippedScenario(const std::string& key) {
  for (const GalleryScenario& s : shippedScenarios()) {
    if (key == s.id || key == s.file || key == s.name) return &s;
  }
  return nullptr;
}

}  // namespace ecsplay::playground
