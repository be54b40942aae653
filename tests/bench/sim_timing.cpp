// A plain timing harness for the simulation engine, built natively and for WebAssembly (run in
// Node) so scripts/bench.sh can compare the builds: the 24-hour health-check day (1,000 instances,
// 10,000 tasks, a check every 30 s: 28.8 million checks), its event rate, the size of its event
// log, and the time to seek back to a point in the day.
//   sim_timing [INSTANCES] [TASKS] [HOURS]     the day, seeking, then the deployment
//   sim_timing deployment                      the deployment of 1,000 services alone
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <sys/resource.h>

#include "bench/sim_workloads.h"

using namespace ecsplay;

namespace {

double millisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The deployment: 1,000 services of 10 tasks on 1,000 instances, every one updated to a new task
// definition, simulated until every rolling deployment has completed.
int deployment() {
  std::string error;
  {
    Engine deployEngine;
    if (!bench::setUpServices(deployEngine, 1000, 1000, 10, error)) {
      std::fprintf(stderr, "sim_timing: deployment set-up refused: %s\n", error.c_str());
      return 1;
    }
    deployEngine.step(10 * 60000);
    if (!bench::updateAllServices(deployEngine, 1000, error)) {
      std::fprintf(stderr, "sim_timing: UpdateService refused: %s\n", error.c_str());
      return 1;
    }
    auto start = std::chrono::steady_clock::now();
    deployEngine.step(20 * 60000);
    double deployMs = millisSince(start);
    int deployed = bench::servicesDeployed(deployEngine);
    std::printf("%-18s 1000 services x 10 tasks: every rolling deployment simulated in %.0f ms (%d of 1000 completed)\n", "deployment",
                deployMs, deployed);
    if (deployed != 1000) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // "sim_timing deployment": only the deployment, in a fresh process (what the 200 ms target is for).
  if (argc > 1 && std::string(argv[1]) == "deployment") return deployment();
  int instances = argc > 1 ? std::atoi(argv[1]) : 1000;
  int tasks = argc > 2 ? std::atoi(argv[2]) : 10000;
  int hours = argc > 3 ? std::atoi(argv[3]) : 24;
  if (instances < 1 || instances > 100000 || tasks < 0 || tasks > 10 * instances || hours < 1 || hours > 24 * 30) {
    std::fprintf(stderr, "usage: sim_timing [INSTANCES 1-100000] [TASKS 0-10*INSTANCES] [HOURS 1-720]\n");
    return 2;
  }
  Engine engine;
  std::string error;
  auto start = std::chrono::steady_clock::now();
  if (!bench::setUpHealthCheckDay(engine, instances, tasks, error)) {
    std::fprintf(stderr, "sim_timing: set-up refused: %s\n", error.c_str());
    return 1;
  }
  double setup = millisSince(start);
  size_t before = engine.eventsProcessed();
  start = std::chrono::steady_clock::now();
  engine.step(static_cast<SimTime>(hours) * 3600000);
  double day = millisSince(start);
  size_t events = engine.eventsProcessed() - before;
  size_t logBytes = 0;
  for (const LogEntry& e : engine.log()) logBytes += engine.logLine(e).size() + 1;
  std::printf("%-18s %7d instances %6d tasks %4d h: setup %.0f ms, run %.0f ms, %zu events, %.1f M events/s, log %zu entries %.1f MB\n",
              "health-check-day", instances, tasks, hours, setup, day, events, events / (day / 1000.0) / 1e6,
              engine.log().size(), logBytes / 1e6);
  // Seeking: a time slider jumping back and forth over the day; the slowest jump counts.
  SimTime end = engine.now();
  double worst = 0;
  SimTime worstAt = 0;
  for (int k = 0; k < 40; ++k) {
    SimTime t = static_cast<SimTime>((k * 7919 % 40) * (end / 40) + k * 12345 % 600000);
    if (t > end) t = end;
    start = std::chrono::steady_clock::now();
    engine.seek(t);
    double ms = millisSince(start);
    if (engine.now() != t) {
      std::fprintf(stderr, "sim_timing: seek(%lld) landed at %lld\n", static_cast<long long>(t), static_cast<long long>(engine.now()));
      return 1;
    }
    if (ms > worst) {
      worst = ms;
      worstAt = t;
    }
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%-18s %zu checkpoints, slowest of 40 jumps back and forth: %.1f ms (to %s)", "seek", engine.checkpointCount(), worst,
              formatDuration(worstAt).c_str());
  if (usage.ru_maxrss > 0) std::printf("; peak memory %.0f MB", usage.ru_maxrss / 1024.0);  // not known in Node
  std::printf("\n");
  return deployment();
}