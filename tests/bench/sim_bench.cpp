// Google Benchmark suite for the simulation engine: the event queue alone (a steady state of
// 10,000 pending events, each rescheduled 30 s on, as health checks are), and the engine running
// the health-check day's cluster for one simulated hour, and 1,000 services redeployed. Items per second = simulated events/s.
#include <benchmark/benchmark.h>

#include <memory>

#include "bench/sim_workloads.h"
#include "ecsplay/event_queue.h"

namespace {

using namespace ecsplay;

void BM_EventQueueSteadyState(benchmark::State& state) {
  const int pending = static_cast<int>(state.range(0));
  EventQueue q;
  for (int i = 0; i < pending; ++i) q.push(SimEvent{static_cast<SimTime>(i) * 30000 / pending, 0, 1, 0, static_cast<uint64_t>(i), 0});
  for (auto _ : state) {
    SimEvent e = q.pop();
    e.time += 30000;
    q.push(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueSteadyState)->Arg(1000)->Arg(10000)->Arg(100000);

void BM_EngineHealthCheckHour(benchmark::State& state) {
  int64_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<Engine>();
    std::string error;
    if (!bench::setUpHealthCheckDay(*engine, 1000, 10000, error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    engine->step(3600000);  // the start-up hour, not measured
    size_t before = engine->eventsProcessed();
    state.ResumeTiming();
    engine->step(2 * 3600000);
    state.PauseTiming();  // nor the engine's destruction
    events += static_cast<int64_t>(engine->eventsProcessed() - before);
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(events);
}
BENCHMARK(BM_EngineHealthCheckHour)->Unit(benchmark::kMillisecond)->Iterations(3);

// 1,000 services of 10 tasks, all updated to a new task definition; measured: simulating every
// rolling deployment to completion (the target is 200 ms, see README).
void BM_ServiceDeployment(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<Engine>();
    std::string error;
    if (!bench::setUpServices(*engine, 1000, 1000, 10, error) || (engine->step(10 * 60000), !bench::updateAllServices(*engine, 1000, error))) {
      state.SkipWithError(error.c_str());
      return;
    }
    state.ResumeTiming();
    engine->step(20 * 60000);
    state.PauseTiming();
    if (bench::servicesDeployed(*engine) != 1000) state.SkipWithError("not every deployment completed");
    engine.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ServiceDeployment)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
