#include "ecsplay/event_queue.h"

#include <algorithm>
#include <cstdio>

namespace ecsplay {

EventQueue::EventQueue()
    : head_(static_cast<size_t>(kWheel), -1), tail_(static_cast<size_t>(kWheel), -1), occupied_(static_cast<size_t>(kWheel) / 64, 0) {}

void EventQueue::clear() {
  nodes_.clear();
  free_ = -1;
  std::fill(head_.begin(), head_.end(), -1);
  std::fill(tail_.begin(), tail_.end(), -1);
  std::fill(occupied_.begin(), occupied_.end(), 0);
  onWheel_ = 0;
  far_.clear();
  cur_ = 0;
  size_ = 0;
}

void EventQueue::push(SimEvent e) {
  e.sequence = next_++;
  if (e.time < cur_) e.time = cur_;
  ++size_;
  if (e.time - cur_ < kWheel) {
    append(e);
  } else {
    far_.push_back(e);
    std::push_heap(far_.begin(), far_.end(), later);
  }
}

void EventQueue::append(const SimEvent& e) {
  int32_t n = free_;
  if (n >= 0) {
    free_ = nodes_[static_cast<size_t>(n)].next;
  } else {
    n = static_cast<int32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  Node& node = nodes_[static_cast<size_t>(n)];
  node.event = e;
  node.next = -1;
  size_t slot = static_cast<size_t>(e.time) & kMask;
  if (tail_[slot] >= 0) {
    nodes_[static_cast<size_t>(tail_[slot])].next = n;
  } else {
    head_[slot] = n;
    occupied_[slot >> 6] |= uint64_t(1) << (slot & 63);
  }
  tail_[slot] = n;
  ++onWheel_;
}

void EventQueue::admit() {
  while (!far_.empty() && far_.front().time - cur_ < kWheel) {
    std::pop_heap(far_.begin(), far_.end(), later);
    append(far_.back());
    far_.pop_back();
  }
}

size_t EventQueue::nextOccupied(size_t slot) const {
  const size_t words = occupied_.size();
  size_t w = slot >> 6;
  uint64_t bits = occupied_[w] & (~uint64_t(0) << (slot & 63));
  for (size_t k = 0; k <= words; ++k) {
    if (bits) return (w << 6) + static_cast<size_t>(__builtin_ctzll(bits));
    w = (w + 1) % words;
    bits = occupied_[w];
  }
  return slot;  // not reached while an event is on the wheel
}

void EventQueue::advance() {
  size_t slot = static_cast<size_t>(cur_) & kMask;
  while (head_[slot] < 0) {
    if (onWheel_ == 0) {
      cur_ = far_.front().time;  // nothing on the wheel: jump to the heap's earliest
    } else {
      size_t next = nextOccupied(slot);
      cur_ += static_cast<SimTime>((next - slot) & kMask);  // slots are the window's milliseconds, circularly
    }
    admit();
    slot = static_cast<size_t>(cur_) & kMask;
  }
}

// A peek that moves nothing: moving the cursor here would make an event pushed afterwards for an
// earlier time (a command given between steps) wait for this one.
SimTime EventQueue::nextTime() const {
  size_t slot = static_cast<size_t>(cur_) & kMask;
  if (head_[slot] >= 0) return cur_;
  if (onWheel_ > 0) return cur_ + static_cast<SimTime>((nextOccupied(slot) - slot) & kMask);
  return far_.front().time;  // the heap's events are all later than the wheel's window
}

SimEvent EventQueue::pop() {
  advance();
  size_t slot = static_cast<size_t>(cur_) & kMask;
  int32_t n = head_[slot];
  Node& node = nodes_[static_cast<size_t>(n)];
  head_[slot] = node.next;
  if (node.next < 0) {
    tail_[slot] = -1;
    occupied_[slot >> 6] &= ~(uint64_t(1) << (slot & 63));
  }
  node.next = free_;
  free_ = n;
  --onWheel_;
  --size_;
  return node.event;
}

bool parseDuration(std::string_view text, SimTime& out) {
  if (text.empty() || text.size() > 32) return false;
  bool allDigits = true;
  for (char c : text) allDigits = allDigits && c >= '0' && c <= '9';
  if (allDigits) {
    if (text.size() > 15) return false;
    out = 0;
    for (char c : text) out = out * 10 + (c - '0');
    return true;
  }
  SimTime total = 0;
  size_t i = 0;
  while (i < text.size()) {
    int64_t n = 0;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 9) n = n * 10 + (text[i++] - '0');
    if (i == start) return false;
    std::string_view unit;
    size_t u = i;
    while (i < text.size() && (text[i] < '0' || text[i] > '9')) ++i;
    unit = text.substr(u, i - u);
    if (unit == "ms") total += n;
    else if (unit == "s") total += n * 1000;
    else if (unit == "m") total += n * 60000;
    else if (unit == "h") total += n * 3600000;
    else if (unit == "d") total += n * 86400000;
    else return false;
  }
  out = total;
  return true;
}

std::string formatDuration(SimTime ms) {
  if (ms < 0) return "-" + formatDuration(-ms);
  SimTime h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, rest = ms % 1000;
  std::string out;
  if (h) out += std::to_string(h) + "h";
  if (h || m) out += std::to_string(m) + "m";
  out += std::to_string(s);
  if (rest) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(rest));
    out += buf;
  }
  return out + "s";
}

}  // namespace ecsplay
