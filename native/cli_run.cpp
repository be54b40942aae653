// ecsplay run SCENARIO [--until 30m] [--seed N] [--events FILE.jsonl] [--json]
//
// Runs a scenario headless: prints the event log as a readable timeline (or, with --json, the
// final state in the shapes of the Describe* operations), and writes the log as JSON lines with
// --events ("-" for standard output). Built natively and, for the determinism test, for Node.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.h"
#include "ecsplay/scenario.h"

namespace ecsplay::cli {
namespace {

int usageError(const std::string& message) {
  std::fprintf(stderr, "ecsplay run: %s\nusage: ecsplay run SCENARIO [--until 30m] [--seed N] [--events FILE.jsonl] [--json]\n",
               message.c_str());
  return 2;
}

// "  0:01:30.000"
std::string clock(SimTime t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%3lld:%02lld:%02lld.%03lld", static_cast<long long>(t / 3600000), static_cast<long long>(t / 60000 % 60),
                static_cast<long long>(t / 1000 % 60), static_cast<long long>(t % 1000));
  return buf;
}

}  // namespace

int run(int argc, char** argv) {
  const char* path = nullptr;
  const char* eventsPath = nullptr;
  bool json = false;
  ScenarioOptions options;
  std::optional<SimTime> until;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--until" || arg == "--seed" || arg == "--events") {
      if (i + 1 >= argc) return usageError(arg + " needs a value");
      std::string value = argv[++i];
      if (arg == "--events") {
        eventsPath = argv[i];
      } else if (arg == "--until") {
        SimTime t = 0;
        if (!parseDuration(value, t) || t > 400LL * 86400000) {
          return usageError("--until takes a duration such as 90s, 30m or 24h (at most 400 days), not '" + value + "'");
        }
        until = t;
      } else {
        bool digits = !value.empty() && value.size() <= 19;
        uint64_t seed = 0;
        for (char c : value) {
          digits = digits && c >= '0' && c <= '9';
          seed = seed * 10 + static_cast<uint64_t>(c - '0');
        }
        if (!digits) return usageError("--seed takes a whole number, not '" + value + "'");
        options.seed = seed;
      }
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usageError("unknown option " + arg);
    } else if (path) {
      return usageError("one SCENARIO at a time");
    } else {
      path = argv[i];
    }
  }
  if (!path) return usageError("missing SCENARIO");

  JsonLimits limits;
  limits.maxBytes = 32 * 1024 * 1024;
  std::string text, error;
  if (!readInput(path, limits.maxBytes, text, error)) {
    std::fprintf(stderr, "ecsplay run: %s\n", error.c_str());
    return 2;
  }
  if (text.size() > limits.maxBytes) {
    std::fprintf(stderr, "ecsplay run: %s is larger than %s, the most ecsplay reads\n", path, describeSize(limits.maxBytes).c_str());
    return 2;
  }
  JsonParseResult parsed = parseJsonText(text, limits);
  if (!parsed.ok) {
    std::fprintf(stderr, "%s: %s\n", path, parsed.error.c_str());
    return 2;
  }
  LoadedScenario scenario = loadScenario(parsed.value, options);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s: the scenario has %zu error%s; nothing ran:\n", path, scenario.errors.size(),
                 scenario.errors.size() == 1 ? "" : "s");
    for (const ScenarioError& e : scenario.errors) std::fprintf(stderr, "  %s\n", formatScenarioError(e).c_str());
    return 1;
  }
  Engine& engine = *scenario.engine;
  SimTime end = until ? *until : scenario.until ? *scenario.until : 30 * 60000;
  engine.step(end);

  if (eventsPath) {
    bool toStdout = std::strcmp(eventsPath, "-") == 0;
    FILE* f = toStdout ? stdout : std::fopen(eventsPath, "wb");
    if (!f) {
      std::fprintf(stderr, "ecsplay run: cannot write %s\n", eventsPath);
      return 2;
    }
    for (const LogEntry& e : engine.log()) {
      std::string line = engine.logLine(e);
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), f);
    }
    if (!toStdout) std::fclose(f);
    if (toStdout) return 0;
  }
  if (json) {
    std::printf("%s\n", engine.stateJson().dump(2, ' ', false, Json::error_handler_t::replace).c_str());
    return 0;
  }
  std::printf("%s%s%s (seed %llu, until %s)\n", path, scenario.name.empty() ? "" : ": ", scenario.name.c_str(),
              static_cast<unsigned long long>(scenario.seed), formatDuration(end).c_str());
  for (const LogEntry& e : engine.log()) {
    if (e.type == "ApiCall" && !e.detail.contains("error")) continue;  // what the call did follows it
    std::printf("%s  %s\n", clock(e.time).c_str(), engine.describe(e).c_str());
  }
  return 0;
}

}  // namespace ecsplay::cli
