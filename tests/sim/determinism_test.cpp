// Determinism (DESIGN.md): the same commands and seed give a byte-identical event log; the
// event queue orders by (time, sequence).
#include <queue>

#include "ecsplay/random.h"
#include "sim/sim_fixtures.h"

namespace ecsplay::test {
namespace {

std::string scriptedRun(uint64_t seed) {
  World w(seed);
  w.cluster();
  for (int i = 0; i < 6; ++i) w.instance(i % 2 ? "m5.large" : "c5.large", i % 3 ? "us-east-1a" : "us-east-1b");
  w.taskDefinition(kWeb);
  w.taskDefinition(R"({"family": "batch", "containerDefinitions": [{"name": "job", "image": "busybox", "memory": 128,
    "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5}}]})");
  ContainerBehaviour b;
  b.runsForever = false;
  b.exitAfter = 90000;
  w.engine.setBehaviour("batch/job", b);
  w.engine.scheduleCall(10000, "RunTask", parse(R"({"cluster": "demo", "taskDefinition": "web", "count": 5,
    "placementStrategy": [{"type": "random"}]})"));
  w.engine.scheduleCall(20000, "RunTask", parse(R"({"cluster": "demo", "taskDefinition": "batch", "count": 4})"));
  w.engine.step(30 * 60000);
  return w.logText();
}

TEST(Determinism, TheSameSeedGivesTheSameLogByteForByte) {
  std::string a = scriptedRun(42), b = scriptedRun(42);
  EXPECT_EQ(a, b);
  EXPECT_GT(a.size(), 1000u);
}

TEST(Determinism, ADifferentSeedGivesDifferentTaskIds) { EXPECT_NE(scriptedRun(1), scriptedRun(2)); }

TEST(Determinism, SteppingInPiecesEqualsSteppingAtOnce) {
  World a(5), b(5);
  for (World* w : {&a, &b}) {
    w->cluster();
    w->instance();
    w->taskDefinition(kWeb);
    w->engine.scheduleCall(1000, "RunTask", parse(R"({"cluster": "demo", "taskDefinition": "web", "count": 3})"));
  }
  a.engine.step(600000);
  for (SimTime t = 0; t <= 600000; t += 777) b.engine.step(t);
  b.engine.step(600000);
  EXPECT_EQ(a.logText(), b.logText());
}

TEST(EventQueue, EventsAtTheSameTimeComeOutInTheOrderTheyWerePushed) {
  EventQueue q;
  for (int i = 0; i < 100; ++i) q.push(SimEvent{static_cast<SimTime>(i % 3) * 10, 0, 0, 0, static_cast<uint64_t>(i), 0});
  SimTime lastTime = -1;
  uint64_t lastSubject = 0;
  while (!q.empty()) {
    SimEvent e = q.pop();
    if (e.time == lastTime) {
      EXPECT_GT(e.subject, lastSubject);
    }
    EXPECT_GE(e.time, lastTime);
    lastTime = e.time;
    lastSubject = e.subject;
  }
}

// The timing wheel against the plain definition (a heap ordered by time, then push order) on
// random work: near and far events (beyond the wheel's 65.5 s window), bursts at one millisecond,
// long idle gaps, pushes "in the past" (due at once).
TEST(EventQueue, MatchesAReferenceHeapOnRandomWork) {
  struct Ref {
    SimTime time;
    uint64_t order;
    uint64_t subject;
    bool operator>(const Ref& o) const { return time != o.time ? time > o.time : order > o.order; }
  };
  Random random(11);
  EventQueue q;
  std::priority_queue<Ref, std::vector<Ref>, std::greater<Ref>> ref;
  SimTime now = 0;
  uint64_t order = 0, subject = 0;
  for (int round = 0; round < 200000; ++round) {
    uint64_t r = random.below(100);
    if (!ref.empty() && r % 7 == 0) {
      ASSERT_EQ(q.nextTime(), ref.top().time) << "round " << round;  // a peek changes nothing
    }
    if (r < 55 || ref.empty()) {
      SimTime at = now;
      uint64_t kind = random.below(10);
      if (kind < 4) at += static_cast<SimTime>(random.below(1000));
      else if (kind < 7) at += 30000;
      else if (kind < 9) at += static_cast<SimTime>(random.below(400000));  // often beyond the window
      else at += static_cast<SimTime>(random.below(5)) * 86400000;          // a long gap
      q.push(SimEvent{at, 0, 0, 0, subject, 0});
      ref.push(Ref{at, order++, subject++});
    } else {
      ASSERT_EQ(q.nextTime(), ref.top().time) << "round " << round;
      SimEvent e = q.pop();
      ASSERT_EQ(e.subject, ref.top().subject) << "round " << round;
      now = e.time;
      ref.pop();
    }
    ASSERT_EQ(q.size(), ref.size());
  }
  // Peeking at a far event and then pushing an earlier one: the earlier one comes first (the
  // engine peeks at the end of every step; a command between steps pushes for "now + 1 s").
  q.clear();
  q.push(SimEvent{180000, 0, 0, 0, 1, 0});
  EXPECT_EQ(q.nextTime(), 180000);
  q.push(SimEvent{61000, 0, 0, 0, 2, 0});
  EXPECT_EQ(q.nextTime(), 61000);
  EXPECT_EQ(q.pop().subject, 2u);
  EXPECT_EQ(q.pop().subject, 1u);
  // A push before the last pop's time is due at once, after what is already due then.
  q.clear();
  q.push(SimEvent{5000, 0, 0, 0, 1, 0});
  q.push(SimEvent{5000, 0, 0, 0, 2, 0});
  EXPECT_EQ(q.pop().subject, 1u);
  q.push(SimEvent{10, 0, 0, 0, 3, 0});
  EXPECT_EQ(q.pop().subject, 2u);
  SimEvent late = q.pop();
  EXPECT_EQ(late.subject, 3u);
  EXPECT_EQ(late.time, 5000);
}

TEST(Durations, ParseTheScenarioForms) {
  SimTime t = 0;
  EXPECT_TRUE(parseDuration("90s", t));
  EXPECT_EQ(t, 90000);
  EXPECT_TRUE(parseDuration("1h30m", t));
  EXPECT_EQ(t, 5400000);
  EXPECT_TRUE(parseDuration("2m30s", t));
  EXPECT_EQ(t, 150000);
  EXPECT_TRUE(parseDuration("250ms", t));
  EXPECT_EQ(t, 250);
  EXPECT_TRUE(parseDuration("1500", t));
  EXPECT_EQ(t, 1500);
  EXPECT_FALSE(parseDuration("", t));
  EXPECT_FALSE(parseDuration("5 minutes", t));
  EXPECT_FALSE(parseDuration("m5", t));
  EXPECT_FALSE(parseDuration("99999999999999999999", t));
  EXPECT_EQ(formatDuration(90000), "1m30s");
  EXPECT_EQ(formatDuration(250), "0.250s");
}

}  // namespace
}  // namespace ecsplay::test
