// Scheduled tasks: EventBridge's rate() and cron() expressions (their rules and their firing
// times), and the tasks a schedule starts (startedBy, group).
#include "ecsplay/schedule.h"
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

// 2026-01-01T00:00:00Z, a Thursday.
constexpr int64_t kNewYear = 1767225600000;
constexpr int64_t kMinute = 60000, kHour = 3600000, kDay = 86400000;

ScheduleExpression parsed(const std::string& text) {
  std::string why;
  auto e = ScheduleExpression::parse(text, why);
  EXPECT_TRUE(e.has_value()) << text << ": " << why;
  return e ? *e : *ScheduleExpression::parse("rate(1 day)", why);
}

std::string refusal(const std::string& text) {
  std::string why;
  return ScheduleExpression::parse(text, why) ? "" : why;
}

TEST(ScheduleExpressions, RateNeedsAPositiveValueAndTheRightNumberOfUnit) {
  EXPECT_EQ(refusal("rate(5 minutes)"), "");
  EXPECT_EQ(refusal("rate(1 hour)"), "");
  EXPECT_EQ(refusal("rate(1 hours)").rfind("Parameter ScheduleExpression is not valid.", 0), 0u);
  EXPECT_NE(refusal("rate(5 minute)"), "");
  EXPECT_NE(refusal("rate(0 minutes)"), "");
  EXPECT_NE(refusal("rate(5 weeks)"), "");
  EXPECT_NE(refusal("rate(five minutes)"), "");
}

TEST(ScheduleExpressions, CronNeedsSixFieldsAndOneQuestionMark) {
  EXPECT_EQ(refusal("cron(0 12 * * ? *)"), "");
  EXPECT_NE(refusal("cron(0 12 * * *)"), "") << "five fields";
  EXPECT_NE(refusal("cron(7 20 * * 1-7 *)"), "") << "day-of-month and day-of-week both set";
  EXPECT_NE(refusal("cron(0 12 ? * ? *)"), "") << "both ?";
  EXPECT_NE(refusal("cron(60 12 * * ? *)"), "");
  EXPECT_NE(refusal("cron(0 24 * * ? *)"), "");
  EXPECT_NE(refusal("cron(0 12 ? * 3#1,6#3 *)"), "") << "only one # expression";
  EXPECT_NE(refusal("at(2026-01-01T00:00:00)"), "");
}

TEST(ScheduleExpressions, RateFiresEveryPeriodFromItsStart) {
  ScheduleExpression e = parsed("rate(10 minutes)");
  int64_t start = kNewYear + 7 * kMinute;
  EXPECT_EQ(*e.next(start, start), start + 10 * kMinute);
  EXPECT_EQ(*e.next(start + 10 * kMinute, start), start + 20 * kMinute);
  EXPECT_EQ(*e.next(start + 25 * kMinute, start), start + 30 * kMinute);
}

TEST(ScheduleExpressions, CronFiresAtTheNextMatchingMinuteUtc) {
  EXPECT_EQ(*parsed("cron(0/15 * * * ? *)").next(kNewYear, kNewYear), kNewYear + 15 * kMinute);
  EXPECT_EQ(*parsed("cron(30 2 * * ? *)").next(kNewYear + 3 * kHour, kNewYear), kNewYear + kDay + 2 * kHour + 30 * kMinute);
  // Weekdays only: 2026-01-03 is a Saturday, so after Friday's run comes Monday the 5th.
  ScheduleExpression weekdays = parsed("cron(0 9 ? * MON-FRI *)");
  EXPECT_EQ(*weekdays.next(kNewYear + kDay + 10 * kHour, kNewYear), kNewYear + 4 * kDay + 9 * kHour);
  // The last day of the month, the second Tuesday (3#2), the last Friday (6L).
  EXPECT_EQ(*parsed("cron(0 0 L * ? *)").next(kNewYear, kNewYear), kNewYear + 30 * kDay);
  EXPECT_EQ(*parsed("cron(0 0 ? * 3#2 *)").next(kNewYear, kNewYear), kNewYear + 12 * kDay);  // Tuesday 13 January
  EXPECT_EQ(*parsed("cron(0 0 ? * 6L *)").next(kNewYear, kNewYear), kNewYear + 29 * kDay);   // Friday 30 January
  // The weekday nearest the 3rd: 2026-01-03 is a Saturday, so Friday the 2nd.
  EXPECT_EQ(*parsed("cron(0 0 3W * ? *)").next(kNewYear, kNewYear), kNewYear + kDay);
  // Months by name, and a year that is over.
  EXPECT_EQ(*parsed("cron(0 0 1 MAR ? *)").next(kNewYear, kNewYear), kNewYear + (31 + 28) * kDay);
  EXPECT_FALSE(parsed("cron(0 0 1 1 ? 2025)").next(kNewYear, kNewYear).has_value());
}

TEST(ScheduledTasks, ARuleStartsTasksAsEventsRuleCutTo36Characters) {
  World w;
  w.cluster();
  w.instance();
  w.taskDefinition(kWeb);
  ContainerBehaviour b;
  b.runsForever = false;
  b.exitAfter = 60000;
  w.engine.setBehaviour("web/app", b);
  ApiReply r = w.engine.createScheduledTask(
      parse(R"j({"name": "a-rather-long-rule-name-for-the-report", "scheduleExpression": "rate(5 minutes)",
                "target": {"cluster": "demo", "taskDefinition": "web"}})j"));
  ASSERT_TRUE(r.ok()) << r.error->message;
  r = w.engine.createScheduledTask(parse(R"j({"name": "sched", "kind": "scheduler", "scheduleExpression": "rate(1 hour)",
                "target": {"cluster": "demo", "taskDefinition": "web"}})j"));
  ASSERT_TRUE(r.ok());
  w.step("4m59s");
  EXPECT_TRUE(w.engine.stateJson()["tasks"].empty());
  w.step("1h");
  Json st = w.engine.stateJson();
  int byRule = 0, byScheduler = 0;
  for (const Json& t : st["tasks"]) {
    std::string startedBy = t["startedBy"].get<std::string>();
    byRule += startedBy == "events-rule/a-rather-long-rule-name-";  // 36 characters
    byScheduler += startedBy == "chronos-schedule/sched";
    EXPECT_EQ(t["group"], "family:web");
  }
  EXPECT_EQ(byRule, 12);
  EXPECT_EQ(byScheduler, 1);
  r = w.engine.createScheduledTask(parse(R"j({"name": "bad", "scheduleExpression": "rate(1 minutes)", "target": {}})j"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->type, "ValidationException");
}

}  // namespace
}  // namespace ecsplay::test
