// ecsplay/event_queue.h — the simulation's clock and its queue of future events.
//
// Time is an integer: milliseconds of simulated time since the scenario started (DESIGN.md). The
// queue pops events in (time, sequence) order, where the sequence is the order they were pushed:
// two events at the same millisecond run in the order they were scheduled, on every platform. A
// binary heap over plain structs: push and pop are O(log n), no allocation once the vector has
// grown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecsplay {

using SimTime = int64_t;  // milliseconds

struct SimEvent {
  SimTime time = 0;
  uint64_t sequence = 0;
  uint32_t kind = 0;        // what happens (the engine's enum)
  uint32_t generation = 0;  // the subject's generation when scheduled: stale events are skipped
  uint64_t subject = 0;     // whose event it is (a task, an instance, a timeline entry)
  int64_t value = 0;        // a detail (a container index, an exit code, ...)
};

class EventQueue {
 public:
  void push(SimEvent e);  // sets e.sequence
  bool empty() const { return heap_.empty(); }
  const SimEvent& top() const { return heap_.front(); }
  SimEvent pop();
  size_t size() const { return heap_.size(); }
  void clear() { heap_.clear(); }

 private:
  static bool later(const SimEvent& a, const SimEvent& b) {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
  }
  std::vector<SimEvent> heap_;
  uint64_t next_ = 0;
};

// "90s", "5m", "1h30m", "2m30s", "250ms" or a plain number of milliseconds; false when malformed.
bool parseDuration(std::string_view text, SimTime& out);
// 90000 -> "1m30s", 250 -> "0.250s", 3600000 -> "1h0m0s"
std::string formatDuration(SimTime ms);

}  // namespace ecsplay
