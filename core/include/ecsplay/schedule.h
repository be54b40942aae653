// ecsplay/schedule.h — EventBridge schedule expressions, for scheduled tasks.
//
//   rate(5 minutes)            value > 0; minute|minutes|hour|hours|day|days, singular exactly
//                              when the value is 1 (EventBridge: rate(1 hours) is refused)
//   cron(0 2 ? * MON-FRI *)    Minutes Hours Day-of-month Month Day-of-week Year, UTC; wildcards
//                              , - * / everywhere, ? L W in day-of-month, ? L # in day-of-week;
//                              one of day-of-month and day-of-week must be ?
//
// A parsed expression gives the next time it fires after a moment. Times are milliseconds since
// the Unix epoch (UTC); the engine converts its simulated clock (docs/research/capacity.md §4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ecsplay {

class ScheduleExpression {
 public:
  // Empty error on success; else EventBridge's "Parameter ScheduleExpression is not valid." and
  // ecsplay's explanation of what is wrong.
  static std::optional<ScheduleExpression> parse(const std::string& text, std::string& error);
  // The first firing strictly after `afterMs`; for rate(), firings are `start` + k periods.
  // nullopt when a cron expression never fires again (its years are over).
  std::optional<int64_t> next(int64_t afterMs, int64_t startMs) const;
  bool isRate() const { return rateMs_ > 0; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int64_t rateMs_ = 0;
  // cron: allowed values per field
  std::vector<bool> minutes_, hours_, days_, months_, weekdays_, years_;  // weekdays_: 1 = SUN .. 7 = SAT
  bool anyDay_ = false, anyWeekday_ = false;  // '?' or '*'
  bool lastDay_ = false;                      // L in day-of-month
  int nearestWeekday_ = 0;                    // nW in day-of-month
  int lastWeekday_ = 0;                       // nL in day-of-week (the last such weekday of the month)
  int nthWeekday_ = 0, nth_ = 0;              // n#k in day-of-week
  bool dayMatches(int year, int month, int day) const;
};

}  // namespace ecsplay
