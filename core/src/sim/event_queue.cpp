#include "ecsplay/event_queue.h"

#include <algorithm>
#include <cstdio>

namespace ecsplay {

void EventQueue::push(SimEvent e) {
  e.sequence = next_++;
  heap_.push_back(e);
  std::push_heap(heap_.begin(), heap_.end(), later);
}

SimEvent EventQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  SimEvent e = heap_.back();
  heap_.pop_back();
  return e;
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
