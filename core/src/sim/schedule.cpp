// EventBridge schedule expressions (see ecsplay/schedule.h).
#include "ecsplay/schedule.h"

#include <algorithm>
#include <cctype>

namespace ecsplay {
namespace {

const char* const kInvalid = "Parameter ScheduleExpression is not valid.";

// Days since 1970-01-01 for a civil date, and back (H. Hinnant's algorithms).
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

int daysInMonth(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// 1 = Sunday .. 7 = Saturday (EventBridge's numbering).
int weekday(int y, int m, int d) {
  int64_t days = daysFromCivil(y, m, d);  // 1970-01-01 was a Thursday (5)
  return static_cast<int>(((days % 7) + 7 + 4) % 7) + 1;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool number(const std::string& s, int& out) {
  if (s.empty() || s.size() > 4) return false;
  out = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// A value of a field: a number, or a name (JAN..DEC, SUN..SAT) where the field has them.
bool value(std::string s, const char* const* names, int firstName, int& out) {
  if (number(s, out)) return true;
  if (!names) return false;
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (int k = 0; names[k]; ++k) {
    if (s == names[k]) {
      out = firstName + k;
      return true;
    }
  }
  return false;
}

// The standard part of a field: lists of *, a, a-b, with /step. False when malformed.
bool field(const std::string& text, int low, int high, const char* const* names, int firstName, std::vector<bool>& allowed, std::string& why,
           const char* fieldName) {
  allowed.assign(static_cast<size_t>(high + 1), false);
  for (const std::string& part : split(text, ',')) {
    std::string range = part;
    int step = 1;
    size_t slash = part.find('/');
    if (slash != std::string::npos) {
      range = part.substr(0, slash);
      if (!number(part.substr(slash + 1), step) || step < 1) {
        why = std::string(fieldName) + ": \"" + part + "\" has no valid step after /";
        return false;
      }
    }
    int a = low, b = high;
    if (range == "*") {
    } else {
      size_t dash = range.find('-');
      if (dash == std::string::npos) {
        if (!value(range, names, firstName, a)) {
          why = std::string(fieldName) + ": \"" + part + "\" is not a value";
          return false;
        }
        b = slash == std::string::npos ? a : high;
      } else if (!value(range.substr(0, dash), names, firstName, a) || !value(range.substr(dash + 1), names, firstName, b)) {
        why = std::string(fieldName) + ": \"" + part + "\" is not a range";
        return false;
      }
    }
    if (a < low || b > high || a > b) {
      why = std::string(fieldName) + ": \"" + part + "\" is outside " + std::to_string(low) + "-" + std::to_string(high);
      return false;
    }
    for (int v = a; v <= b; v += step) allowed[static_cast<size_t>(v)] = true;
  }
  return true;
}

const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
const char* const kWeekdays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

}  // namespace

std::optional<ScheduleExpression> ScheduleExpression::parse(const std::string& text, std::string& error) {
  ScheduleExpression e;
  e.text_ = text;
  auto invalid = [&](const std::string& why) -> std::optional<ScheduleExpression> {
    error = std::string(kInvalid) + " (" + why + ")";
    return std::nullopt;
  };
  if (text.size() > 256) return invalid("longer than 256 characters");
  if (text.rfind("rate(", 0) == 0 && text.back() == ')') {
    std::vector<std::string> parts = split(text.substr(5, text.size() - 6), ' ');
    int n = 0;
    if (parts.size() != 2 || !number(parts[0], n) || n < 1) return invalid("rate(VALUE UNIT) takes a whole number above 0 and a unit");
    const std::string& unit = parts[1];
    int64_t ms = unit == "minute" || unit == "minutes" ? 60000 : unit == "hour" || unit == "hours" ? 3600000
                 : unit == "day" || unit == "days"     ? 86400000
                                                       : 0;
    if (!ms) return invalid("the unit is minute(s), hour(s) or day(s)");
    bool plural = unit.back() == 's';
    if ((n == 1) == plural) return invalid(n == 1 ? "a value of 1 takes a singular unit, such as rate(1 hour)" : "a value above 1 takes a plural unit, such as rate(5 minutes)");
    e.rateMs_ = ms * n;
    return e;
  }
  if (text.rfind("cron(", 0) != 0 || text.back() != ')') return invalid("an expression is rate(...) or cron(...)");
  std::vector<std::string> f = split(text.substr(5, text.size() - 6), ' ');
  if (f.size() != 6) return invalid("cron() takes 6 fields: minutes hours day-of-month month day-of-week year");
  std::string why;
  if (!field(f[0], 0, 59, nullptr, 0, e.minutes_, why, "minutes") || !field(f[1], 0, 23, nullptr, 0, e.hours_, why, "hours") ||
      !field(f[3], 1, 12, kMonths, 1, e.months_, why, "month") || !field(f[5], 1970, 2199, nullptr, 0, e.years_, why, "year")) {
    return invalid(why);
  }
  const std::string& dom = f[2];
  const std::string& dow = f[4];
  if ((dom == "?") == (dow == "?")) return invalid("one of day-of-month and day-of-week must be ?, and only one");
  if (dom == "?") {
    e.anyDay_ = true;
  } else if (dom == "L") {
    e.lastDay_ = true;
  } else if (dom.size() > 1 && dom.back() == 'W') {
    int n = 0;
    if (!number(dom.substr(0, dom.size() - 1), n) || n < 1 || n > 31) return invalid("day-of-month: \"" + dom + "\" is not nW");
    e.nearestWeekday_ = n;
  } else {
    if (!field(dom, 1, 31, nullptr, 0, e.days_, why, "day-of-month")) return invalid(why);
    e.anyDay_ = dom == "*";
  }
  if (dow == "?") {
    e.anyWeekday_ = true;
  } else if (dow == "L") {
    e.weekdays_.assign(8, false);
    e.weekdays_[7] = true;  // L alone: the last day of the week, Saturday
  } else if (dow.size() > 1 && dow.back() == 'L') {
    int n = 0;
    if (!value(dow.substr(0, dow.size() - 1), kWeekdays, 1, n) || n < 1 || n > 7) return invalid("day-of-week: \"" + dow + "\" is not nL");
    e.lastWeekday_ = n;
  } else if (dow.find('#') != std::string::npos) {
    size_t hash = dow.find('#');
    int n = 0, k = 0;
    if (dow.find(',') != std::string::npos) return invalid("day-of-week: only one # expression is allowed");
    if (!value(dow.substr(0, hash), kWeekdays, 1, n) || !number(dow.substr(hash + 1), k) || n < 1 || n > 7 || k < 1 || k > 5) {
      return invalid("day-of-week: \"" + dow + "\" is not n#k (k from 1 to 5)");
    }
    e.nthWeekday_ = n;
    e.nth_ = k;
  } else {
    if (!field(dow, 1, 7, kWeekdays, 1, e.weekdays_, why, "day-of-week")) return invalid(why);
    e.anyWeekday_ = dow == "*";
  }
  // "Cron expressions that lead to rates faster than 1 minute are not supported": with a minute
  // field, the fastest is once a minute, so nothing to refuse here.
  return e;
}

bool ScheduleExpression::dayMatches(int y, int m, int d) const {
  if (!years_[static_cast<size_t>(y)] || !months_[static_cast<size_t>(m)]) return false;
  int dim = daysInMonth(y, m);
  bool dayOk;
  if (lastDay_) {
    dayOk = d == dim;
  } else if (nearestWeekday_) {
    int target = std::min(nearestWeekday_, dim);
    int wd = weekday(y, m, target);
    int pick = target;
    if (wd == 7) pick = target == 1 ? target + 2 : target - 1;       // Saturday: Friday, or Monday after the 1st
    else if (wd == 1) pick = target == dim ? target - 2 : target + 1;  // Sunday: Monday, or Friday before the last
    dayOk = d == pick;
  } else if (!days_.empty()) {
    dayOk = days_[static_cast<size_t>(d)];
  } else {
    dayOk = true;
  }
  bool weekdayOk;
  int wd = weekday(y, m, d);
  if (lastWeekday_) weekdayOk = wd == lastWeekday_ && d + 7 > dim;
  else if (nthWeekday_) weekdayOk = wd == nthWeekday_ && (d - 1) / 7 + 1 == nth_;
  else if (!weekdays_.empty()) weekdayOk = weekdays_[static_cast<size_t>(wd)];
  else weekdayOk = true;
  return dayOk && weekdayOk;
}

std::optional<int64_t> ScheduleExpression::next(int64_t afterMs, int64_t startMs) const {
  if (rateMs_ > 0) {
    if (afterMs < startMs) return startMs + rateMs_;
    int64_t k = (afterMs - startMs) / rateMs_ + 1;
    return startMs + k * rateMs_;
  }
  // The next whole minute after `afterMs`, then day by day (at most to the year 2199).
  int64_t minute = afterMs / 60000 + 1;
  int64_t day = minute / 1440;
  int startMinute = static_cast<int>(minute % 1440);
  for (int64_t steps = 0; steps < 366LL * 240; ++steps, ++day, startMinute = 0) {
    int y = 0, m = 0, d = 0;
    civilFromDays(day, y, m, d);
    if (y > 2199) return std::nullopt;
    if (y < 1970 || !dayMatches(y, m, d)) continue;
    for (int t = startMinute; t < 1440; ++t) {
      if (hours_[static_cast<size_t>(t / 60)] && minutes_[static_cast<size_t>(t % 60)]) return (day * 1440 + t) * 60000;
    }
  }
  return std::nullopt;
}

}  // namespace ecsplay
