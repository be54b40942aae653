// Container health checks and dependsOn (API ref: HealthCheck, ContainerDependency;
// ECS-FACTS.md, task lifecycle).
#include <map>

#include "validate/rules.h"

namespace ecsplay::rules {
namespace {

// "Health check interval must be less than or equal to the maximum allowed value 300 for container
// 'web'" is ECS's own text for a maximum (research: live RegisterTaskDefinition calls, 2026); the
// minimum's text mirrors it.
void bound(const std::optional<int>& v, int lo, int hi, const std::string& container, const std::string& path,
           const char* field, Findings& out) {
  if (!v || (*v >= lo && *v <= hi)) return;
  bool high = *v > hi;
  out.push_back({joinPath(path, field), "HealthCheckOutOfRange", Severity::Error,
                 std::string("Health check ") + field + " must be " + (high ? "less" : "greater") +
                     " than or equal to the " + (high ? "maximum" : "minimum") + " allowed value " +
                     std::to_string(high ? hi : lo) + " for container '" + container + "'. (It is " +
                     std::to_string(*v) + ".)"});
}

// Depth-first search for a dependsOn cycle; returns the cycle as "a -> b -> a" or "".
std::string findCycle(const TaskDefinition& td) {
  std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<std::string> stack;
  std::string cycle;
  // Iterative DFS keeps the stack depth independent of the input (at most 10 containers anyway).
  for (const ContainerDefinition& start : td.containerDefinitions) {
    if (state[start.name] != 0 || !cycle.empty()) continue;
    std::vector<std::pair<const ContainerDefinition*, size_t>> work{{&start, 0}};
    state[start.name] = 1;
    stack.push_back(start.name);
    while (!work.empty() && cycle.empty()) {
      auto& [c, next] = work.back();
      if (next >= c->dependsOn.size()) {
        state[c->name] = 2;
        stack.pop_back();
        work.pop_back();
        continue;
      }
      const std::string& target = c->dependsOn[next++].containerName;
      const ContainerDefinition* t = td.container(target);
      if (!t) continue;
      if (state[target] == 1) {
        bool on = false;
        for (const std::string& s : stack) {
          if (s == target) on = true;
          if (on) cycle += s + " -> ";
        }
        cycle += target;
      } else if (state[target] == 0) {
        state[target] = 1;
        stack.push_back(target);
        work.push_back({t, 0});
      }
    }
  }
  return cycle;
}

}  // namespace

void healthAndDependencies(const TaskDefinition& td, Findings& out) {
  for (size_t i = 0; i < td.containerDefinitions.size(); ++i) {
    const ContainerDefinition& c = td.containerDefinitions[i];
    std::string path = containerPath(i);
    if (c.healthCheck) {
      std::string hpath = joinPath(path, "healthCheck");
      const HealthCheck& h = *c.healthCheck;
      // Bounds and defaults (API ref: HealthCheck): interval 5-300 s (30), timeout 2-60 s (5),
      // retries 1-10 (3), startPeriod 0-300 s (off).
      bound(h.interval, 5, 300, c.name, hpath, "interval", out);
      bound(h.timeout, 2, 60, c.name, hpath, "timeout", out);
      bound(h.retries, 1, 10, c.name, hpath, "retries", out);
      bound(h.startPeriod, 0, 300, c.name, hpath, "startPeriod", out);
      if (h.command.empty()) {
        out.push_back({joinPath(hpath, "command"), "EmptyHealthCheckCommand", Severity::Error,
                       "healthCheck.command is empty: give a command such as [\"CMD-SHELL\", \"curl -f "
                       "http://localhost/ || exit 1\"]."});
      } else if (h.command[0] != "CMD" && h.command[0] != "CMD-SHELL") {
        // The reference says the command starts with CMD or CMD-SHELL, yet AWS's own samples
        // register other forms: accept them with a warning (ECS-FACTS.md).
        out.push_back({joinPath(hpath, "command"), "HealthCheckCommandForm", Severity::Warning,
                       "healthCheck.command should start with \"CMD\" (run the arguments directly) or \"CMD-SHELL\" "
                       "(run them with the container's default shell); \"" + clip(h.command[0], 40) +
                           "\" is passed to Docker as it is."});
      } else if (h.command.size() == 1) {
        out.push_back({joinPath(hpath, "command"), "EmptyHealthCheckCommand", Severity::Error,
                       "healthCheck.command has only \"" + h.command[0] + "\": add the command to run after it."});
      }
      if (h.timeout && h.interval && *h.timeout >= *h.interval) {
        out.push_back({joinPath(hpath, "timeout"), "HealthCheckTimeoutNotBelowInterval", Severity::Warning,
                       "healthCheck.timeout (" + std::to_string(*h.timeout) + " s) is not shorter than the interval (" +
                           std::to_string(*h.interval) + " s): a slow check overlaps the next one."});
      }
    }

    // dependsOn (API ref: ContainerDependency): the target is another container of this task;
    // COMPLETE and SUCCESS can't target an essential container (it would stop the task when it
    // exits); HEALTHY needs a health check on the target.
    for (size_t d = 0; d < c.dependsOn.size(); ++d) {
      const ContainerDependency& dep = c.dependsOn[d];
      std::string dpath = indexPath(joinPath(path, "dependsOn"), d);
      const ContainerDefinition* target = td.container(dep.containerName);
      if (dep.containerName.empty()) continue;  // reported by the shape check
      if (!target) {
        // ECS's message has a stray " + " in it; ecsplay repeats it as ECS writes it.
        out.push_back({joinPath(dpath, "containerName"), "UnknownDependency", Severity::Error,
                       "Cannot depend on container + '" + dep.containerName + "' because it does not exist"});
        continue;
      }
      if (dep.containerName == c.name) {
        out.push_back({joinPath(dpath, "containerName"), "DependsOnItself", Severity::Warning,
                       containerLabel(c) + " depends on itself: it could never start."});
        continue;
      }
      if ((dep.condition == "COMPLETE" || dep.condition == "SUCCESS") && target->essential) {
        out.push_back({joinPath(dpath, "condition"), "CompleteOnEssential", Severity::Error,
                       "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container. ('" +
                           target->name + "' is essential, the default: mark it \"essential\": false.)"});
      }
      if (dep.condition == "HEALTHY" && !target->healthCheck) {
        out.push_back({joinPath(dpath, "condition"), "HealthyWithoutHealthCheck", Severity::Error,
                       "A dependency container with HEALTHY condition must have health check configured. ('" +
                           target->name + "' has no healthCheck.)"});
      }
    }
  }
  std::string cycle = findCycle(td);
  if (!cycle.empty()) {
    // ECS is not known to refuse a cycle at registration; the containers in it never start.
    out.push_back({"containerDefinitions", "DependencyCycle", Severity::Warning,
                   "The containers' dependsOn form a cycle (" + cycle + "): none of them could ever start."});
  }
}

}  // namespace ecsplay::rules
