// ecsplay/event_queue.h — the simulation's clock and its queue of future events.
//
// Time is an integer: milliseconds of simulated time since the scenario started (DESIGN.md). The
// queue pops events in (time, sequence) order, where the sequence is the order they were pushed:
// two events at the same millisecond run in the order they were scheduled, on every platform.
//
// The simulation's clock only moves forward, so the queue is a timing wheel: one FIFO list per
// millisecond of the next 65.536 seconds (a push there is O(1) and keeps push order for free), and
// a binary heap for events further out, moved onto the wheel, in (time, sequence) order, when their
// millisecond comes into its window. Events live in one pool of nodes linked by index: no
// allocation once the pool has grown, and copying a queue (for a checkpoint) is copying vectors.
// An event pushed for a time before the last one popped is due at once (the past is now).
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
  EventQueue();
  void push(SimEvent e);  // sets e.sequence
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  SimTime nextTime() const;  // the earliest event's time, without moving anything; !empty()
  SimEvent pop();         // the earliest event; !empty()
  void clear();

 private:
  static constexpr int kWheelBits = 16;
  static constexpr SimTime kWheel = SimTime(1) << kWheelBits;  // milliseconds on the wheel
  static constexpr size_t kMask = static_cast<size_t>(kWheel - 1);
  struct Node {
    SimEvent event;
    int32_t next = -1;
  };
  static bool later(const SimEvent& a, const SimEvent& b) {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
  }
  void append(const SimEvent& e);  // onto its millisecond's list
  void advance();                  // cur_ to the earliest event's millisecond
  size_t nextOccupied(size_t slot) const;  // the first occupied slot at or after `slot`, circularly
  void admit();                    // heap events now inside the window, onto the wheel

  std::vector<Node> nodes_;
  int32_t free_ = -1;
  std::vector<int32_t> head_, tail_;  // per millisecond slot, -1 when empty
  std::vector<uint64_t> occupied_;    // a bit per slot: the next event is found a word at a time
  size_t onWheel_ = 0;
  std::vector<SimEvent> far_;  // heap of events at cur_ + kWheel or later
  SimTime cur_ = 0;            // no event is earlier; the wheel covers [cur_, cur_ + kWheel)
  uint64_t next_ = 0;
  size_t size_ = 0;
};

// "90s", "5m", "1h30m", "2m30s", "250ms" or a plain number of milliseconds; false when malformed.
bool parseDuration(std::string_view text, SimTime& out);
// 90000 -> "1m30s", 250 -> "0.250s", 3600000 -> "1h0m0s"
std::string formatDuration(SimTime ms);

}  // namespace ecsplay
