// What a running container sees: the environment variables ECS injects and the CPU settings its
// cpu values become (see Engine::containerRuntime; sources in docs/research/lifecycle.md §5-6).
#include <algorithm>
#include <cstdio>

#include "sim/state.h"

namespace ecsplay {
namespace {

// Identifiers the agent makes up at random; ecsplay derives them from the task and container so
// that reading them never draws from the engine's generator (views must not change the run).
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t hashOf(const std::string& s, uint64_t salt) {
  uint64_t h = 1469598103934665603ull ^ salt;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return mix(h);
}

std::string uuidFrom(uint64_t a, uint64_t b) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32), static_cast<unsigned>(a >> 16 & 0xffff),
                static_cast<unsigned>(a & 0xfff), static_cast<unsigned>(0x8000 | (b >> 48 & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

}  // namespace

Json Engine::State::containerRuntime(const TaskRec& t, const ContainerRec& c) const {
  const TaskDefinition& td = t.definition->definition;
  const ContainerDefinition& def = td.containerDefinitions[static_cast<size_t>(c.definition)];
  bool fargate = t.launchType == "FARGATE";
  uint64_t a = hashOf(t.id + "/" + c.name, 1), b = hashOf(t.id + "/" + c.name, 2);
  // The metadata endpoint id: a UUID per container on EC2; on Fargate the task id and ten digits.
  std::string endpoint = fargate ? t.id + "-" + std::to_string(1000000000 + a % 3000000000ull) : uuidFrom(a, b);
  std::vector<std::pair<std::string, std::string>> env = def.environment;
  // RunTask's containerOverrides.environment adds to or replaces the definition's.
  if (auto it = t.overrides.find("containerOverrides"); t.overrides.is_object() && it != t.overrides.end() && it->is_array()) {
    for (const Json& o : *it) {
      if (!o.is_object() || o.value("name", std::string()) != c.name) continue;
      for (const Json& kv : o.value("environment", Json::array())) {
        if (!kv.is_object()) continue;
        std::string key = kv.value("name", std::string());
        auto found = std::find_if(env.begin(), env.end(), [&](const auto& p) { return p.first == key; });
        if (found != env.end()) found->second = kv.value("value", std::string());
        else env.emplace_back(key, kv.value("value", std::string()));
      }
    }
  }
  env.emplace_back("AWS_EXECUTION_ENV", fargate ? "AWS_ECS_FARGATE" : "AWS_ECS_EC2");
  env.emplace_back("AWS_REGION", config.region);
  env.emplace_back("AWS_DEFAULT_REGION", config.region);
  env.emplace_back("ECS_CONTAINER_METADATA_URI", "http://169.254.170.2/v3/" + endpoint);
  env.emplace_back("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/" + endpoint);
  env.emplace_back("ECS_AGENT_URI", "http://169.254.170.2/api/" + endpoint);
  if (td.taskRoleArn) env.emplace_back("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/" + uuidFrom(b, a));
  std::stable_sort(env.begin(), env.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  Json environment = Json::array();
  for (const auto& [name, value] : env) environment.push_back({{"name", name}, {"value", value}});

  Json cpu = Json::object();
  if (td.isWindows()) {
    // Windows: the shares become a percentage of the host's CPUs, at least 1 % (agent task_windows.go).
    int cores = 2;
    if (t.instance >= 0) {
      const InstanceRec& rec = instances[static_cast<size_t>(t.instance)];
      cores = std::max(1, clusters[static_cast<size_t>(rec.cluster)].placer->instances()[static_cast<size_t>(rec.placerIndex)].registeredCpu / 1024);
    }
    int percent = def.cpu * 100 / (cores * 1024);
    cpu["cpuPercent"] = percent == 0 ? 1 : percent;
  } else {
    // Linux: the container's cpu is its relative weight (CpuShares, at least 2); a task-level cpu
    // is a hard cap on the task's cgroup: quota = cpu / 1024 x period (agent task_linux.go).
    cpu["cpuShares"] = def.cpu <= 1 ? 2 : def.cpu;
    if (td.cpuUnits) {
      cpu["taskCgroupCpuPeriod"] = 100000;
      cpu["taskCgroupCpuQuota"] = *td.cpuUnits * 100000 / 1024;
    } else {
      int64_t shares = 0;
      for (const ContainerDefinition& other : td.containerDefinitions) shares += other.cpu <= 1 ? 2 : other.cpu;
      cpu["taskCgroupCpuShares"] = shares;
    }
  }
  Json out = {{"environment", environment}, {"cpu", cpu}};
  // What the container uses (its behaviour's cpuPercent): a share of what it reserves, or of the
  // task's CPU when it reserves none, as CloudWatch's CPUUtilization counts it against the
  // reservation. Only while it runs.
  if (c.alive()) {
    int reserved = def.cpu > 0 ? def.cpu : td.cpuUnits.value_or(0);
    out["usage"] = {{"cpuUtilizationPercent", c.behaviour.cpuPercent}, {"cpuUnitsUsed", reserved * c.behaviour.cpuPercent / 100}};
  }
  if (def.memory) out["memoryLimitMiB"] = *def.memory;
  if (def.memoryReservation) out["memoryReservationMiB"] = *def.memoryReservation;
  return out;
}

}  // namespace ecsplay
