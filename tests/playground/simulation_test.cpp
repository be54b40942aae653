// The Simulation screen's model (playground/simulation.h) and its gallery (scenario_gallery.h):
// scenarios load (or say why not), time moves by playing, stepping and seeking, the rows and the
// log follow the engine, and actions go through the engine's commands.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <set>
#include <string>

#include "scenario_gallery.h"
#include "simulation.h"
#include "test_support.h"

using namespace ecsplay;
using namespace ecsplay::playground;

namespace {

SimCommand cmd(SimCommand::Kind kind, const std::string& text = "") {
  SimCommand c;
  c.kind = kind;
  c.text = text;
  return c;
}

SimCommand seek(SimTime t) {
  SimCommand c = cmd(SimCommand::Kind::Seek);
  c.time = t;
  return c;
}

constexpr SimTime kSecond = 1000, kMinute = 60 * kSecond;

// The only task of a family in the rows (fails the test when there is not exactly one).
const SimTaskRow* task(const Simulation& sim, const std::string& definition) {
  const SimTaskRow* found = nullptr;
  for (const SimTaskRow& t : sim.tasks()) {
    if (t.definition != definition) continue;
    EXPECT_EQ(found, nullptr) << "two tasks of " << definition;
    found = &t;
  }
  EXPECT_NE(found, nullptr) << "no task of " << definition << " at " << formatClock(sim.now());
  return found;
}

Simulation loaded(const std::string& id) {
  Simulation sim;
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::Load, id)), "");
  EXPECT_TRUE(sim.loaded()) << sim.loadError();
  return sim;
}

std::set<std::string> scenarioFiles() {
  std::set<std::string> out;
  std::string dir = test::sourceFile("playground/scenarios");
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) out.insert(name);
    }
    closedir(d);
  }
  return out;
}

}  // namespace

TEST(ScenarioGallery, EmbedsEveryShippedScenarioAsItIs) {
  std::set<std::string> files = scenarioFiles();
  ASSERT_FALSE(files.empty());
  ASSERT_EQ(shippedScenarios().size(), files.size());
  for (const GalleryScenario& s : shippedScenarios()) {
    SCOPED_TRACE(s.file);
    EXPECT_TRUE(files.count(s.file));
    EXPECT_EQ(s.json, test::readFile(test::sourceFile("playground/scenarios/" + s.file)));
    EXPECT_EQ(s.id + ".json", s.file);
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.description.empty()) << "the gallery shows it as what to watch";
  }
}

TEST(ScenarioGallery, StartsWithTheTaskLifecycle) {
  ASSERT_FALSE(shippedScenarios().empty());
  EXPECT_EQ(shippedScenarios()[0].id, "task-lifecycle");
}

TEST(ScenarioGallery, FindsAScenarioByIdFileOrName) {
  const GalleryScenario* byId = findShippedScenario("health-checks");
  ASSERT_NE(byId, nullptr);
  EXPECT_EQ(findShippedScenario("health-checks.json"), byId);
  EXPECT_EQ(findShippedScenario(byId->name), byId);
  EXPECT_EQ(findShippedScenario("no-such-scenario"), nullptr);
  EXPECT_EQ(findShippedScenario(""), nullptr);
}

TEST(Simulation, EveryShippedScenarioLoadsAndRunsToItsEnd) {
  for (const GalleryScenario& s : shippedScenarios()) {
    SCOPED_TRACE(s.file);
    Simulation sim = loaded(s.id);
    EXPECT_EQ(sim.name(), s.name);
    EXPECT_EQ(sim.description(), s.description);
    EXPECT_EQ(sim.now(), 0);
    EXPECT_EQ(sim.apply(seek(sim.until())), "");
    EXPECT_EQ(sim.now(), sim.until());
    EXPECT_FALSE(sim.log().empty());
    EXPECT_FALSE(sim.tasks().empty()) << "every lesson runs a task";
    for (const SimLogLine& line : sim.log()) EXPECT_FALSE(line.text.empty());
  }
}

TEST(Simulation, AnUnknownScenarioIsRefusedAndTheCurrentOneStays) {
  Simulation sim = loaded("task-lifecycle");
  std::string refusal = sim.apply(cmd(SimCommand::Kind::Load, "no-such-lesson"));
  EXPECT_EQ(refusal.rfind("No scenario named 'no-such-lesson'. The scenarios: task-lifecycle", 0), 0u) << refusal;
  EXPECT_TRUE(sim.loaded());
  EXPECT_EQ(sim.scenarioId(), "task-lifecycle");
  EXPECT_EQ(sim.message(), refusal);
  EXPECT_TRUE(sim.messageIsError());
}

TEST(Simulation, TextThatIsNotJsonSaysWhereAndRunsNothing) {
  Simulation sim = loaded("task-lifecycle");
  std::string error = sim.apply(cmd(SimCommand::Kind::LoadText, "{\"ecsplay\": 1, \"clusters\": [}"));
  EXPECT_EQ(error.rfind("The scenario is not JSON: Malformed JSON at line 1", 0), 0u) << error;
  EXPECT_FALSE(sim.loaded());
  EXPECT_EQ(sim.loadError(), error);
  ASSERT_EQ(sim.loadErrors().size(), 1u);
  EXPECT_TRUE(sim.tasks().empty());
  EXPECT_TRUE(sim.log().empty());
  // Time commands have nothing to act on, and say so.
  EXPECT_EQ(sim.apply(seek(kMinute)), "No scenario is loaded: pick one first.");
  sim.advance(1.0);
  EXPECT_EQ(sim.now(), 0);
}

TEST(Simulation, AScenarioWithErrorsListsEachWithItsPath) {
  Simulation sim;
  std::string error = sim.apply(cmd(SimCommand::Kind::LoadText,
                                    R"({"ecsplay": 1, "clusters": [{"clusterName": "demo"}], "bogus": 1,
                                        "timeline": [{"at": "soon", "note": "x"}]})"));
  EXPECT_FALSE(sim.loaded());
  EXPECT_EQ(error.rfind("The scenario has 2 errors", 0), 0u) << error;
  ASSERT_EQ(sim.loadErrors().size(), 2u);
  std::string all = sim.loadErrors()[0] + "\n" + sim.loadErrors()[1];
  EXPECT_NE(all.find("bogus"), std::string::npos) << all;
  EXPECT_NE(all.find("timeline[0].at"), std::string::npos) << all;
}

TEST(Simulation, HostileTextIsRefusedWithoutHarm) {
  Simulation sim;
  std::string big(Simulation::kMaxTextBytes + 1, ' ');
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::LoadText, big)).rfind("Not loaded: the scenario is", 0), 0u);
  for (const std::string& text : {std::string(100000, '['), std::string("[]"), std::string("\"x\""), std::string(""),
                                  std::string("{\"ecsplay\": 1, \"seed\": -1e400}")}) {
    SCOPED_TRACE(text.substr(0, 30));
    EXPECT_NE(sim.apply(cmd(SimCommand::Kind::LoadText, text)), "");
    EXPECT_FALSE(sim.loaded());
    EXPECT_FALSE(sim.loadErrors().empty());
  }
}

TEST(Simulation, TheTaskLifecycleAtOneAndFourMinutes) {
  Simulation sim = loaded("task-lifecycle");
  EXPECT_EQ(sim.until(), 6 * kMinute);
  ASSERT_EQ(sim.instances().size(), 1u) << "the instance joins at time 0";
  EXPECT_EQ(sim.instances()[0].ec2InstanceId, "i-0a1b2c3d4e5f60001");
  EXPECT_EQ(sim.instances()[0].instanceType, "m5.large");
  EXPECT_EQ(sim.instances()[0].zone, "us-east-1a");
  EXPECT_EQ(sim.instances()[0].status, "ACTIVE");

  sim.apply(seek(kMinute));
  const SimTaskRow* web = task(sim, "web:1");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->lastStatus, "RUNNING");
  EXPECT_EQ(web->desiredStatus, "RUNNING");
  EXPECT_EQ(web->where, "i-0a1b2c3d4e5f60001");
  EXPECT_EQ(web->shortId, web->id.substr(0, 8));
  ASSERT_EQ(web->containers.size(), 1u);
  EXPECT_EQ(web->containers[0].lastStatus, "RUNNING");
  EXPECT_EQ(sim.instances()[0].tasks, std::vector<std::string>{web->shortId});
  EXPECT_EQ(sim.instances()[0].cpuRemaining, sim.instances()[0].cpuRegistered - 256);
  EXPECT_EQ(sim.latestNote(), nullptr) << "the note comes at 3m";
  size_t linesAtOneMinute = sim.log().size();

  sim.apply(seek(4 * kMinute));
  web = task(sim, "web:1");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->lastStatus, "STOPPED");
  EXPECT_EQ(web->stopCode, "UserInitiated");
  EXPECT_EQ(web->stoppedReason, "end of the lesson");
  EXPECT_TRUE(sim.instances()[0].tasks.empty());
  ASSERT_NE(sim.latestNote(), nullptr);
  EXPECT_EQ(sim.latestNote()->time, 3 * kMinute);
  EXPECT_EQ(sim.latestNote()->text, "Stop the task: ECS sets desiredStatus to STOPPED and walks it down.");
  EXPECT_EQ(sim.noteTimes(), std::vector<SimTime>{3 * kMinute});

  // Back again: the state and the log are what they were.
  sim.apply(seek(kMinute));
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "RUNNING");
  EXPECT_EQ(sim.log().size(), linesAtOneMinute);
  EXPECT_EQ(sim.frontier(), 4 * kMinute);
  EXPECT_EQ(sim.end(), 6 * kMinute);
}

TEST(Simulation, TheLogReadsAsTheEngineDescribesIt) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(4 * kMinute));
  const Engine& engine = *sim.engine();
  ASSERT_EQ(sim.log().size(), engine.log().size());
  for (size_t i = 0; i < sim.log().size(); ++i) {
    EXPECT_EQ(sim.log()[i].text, engine.describe(engine.log()[i]));
    EXPECT_EQ(sim.log()[i].time, engine.log()[i].time);
    EXPECT_EQ(sim.log()[i].note, engine.log()[i].type == "Note");
  }
  auto running = std::find_if(sim.log().begin(), sim.log().end(), [](const SimLogLine& l) { return l.toStatus == "RUNNING"; });
  ASSERT_NE(running, sim.log().end());
  EXPECT_EQ(running->task, task(sim, "web:1")->id);
}

TEST(Simulation, HealthChecksAtEightAndAHalfMinutes) {
  Simulation sim = loaded("health-checks");
  sim.apply(seek(8 * kMinute + 30 * kSecond));
  EXPECT_EQ(task(sim, "api:1")->healthStatus, "UNHEALTHY");
  EXPECT_EQ(task(sim, "api:1")->containers[0].healthStatus, "UNHEALTHY");
  EXPECT_EQ(task(sim, "api:1")->lastStatus, "RUNNING") << "a standalone task keeps running";
  EXPECT_EQ(task(sim, "jvm:1")->healthStatus, "HEALTHY");
  auto unhealthy = std::find_if(sim.log().begin(), sim.log().end(), [](const SimLogLine& l) { return l.toHealth == "UNHEALTHY"; });
  ASSERT_NE(unhealthy, sim.log().end());
  EXPECT_EQ(unhealthy->task, task(sim, "api:1")->id);
  sim.apply(seek(10 * kMinute));
  EXPECT_EQ(task(sim, "api:1")->healthStatus, "HEALTHY");
}

TEST(Simulation, NextEventGoesToTheNextLineOfTheLog) {
  Simulation sim = loaded("task-lifecycle");
  size_t before = sim.log().size();
  sim.apply(cmd(SimCommand::Kind::NextEvent));
  EXPECT_EQ(sim.now(), 30 * kSecond) << "RunTask at 30s";
  EXPECT_GT(sim.log().size(), before);
  EXPECT_EQ(sim.log().back().time, 30 * kSecond);
  sim.apply(cmd(SimCommand::Kind::NextEvent));
  EXPECT_EQ(sim.now(), 35 * kSecond) << "PROVISIONING -> PENDING";
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "PENDING");
  // Past the last event: it says so and stops at the scenario's end.
  sim.apply(seek(5 * kMinute));
  sim.apply(cmd(SimCommand::Kind::NextEvent));
  EXPECT_EQ(sim.now(), 6 * kMinute);
  EXPECT_EQ(sim.message(), "Nothing happens between 0:05:00 and 0:06:00.");
}

TEST(Simulation, NextEventFromThePastLandsOnTheSameMoment) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(4 * kMinute));
  sim.apply(seek(40 * kSecond));
  sim.apply(cmd(SimCommand::Kind::NextEvent));
  EXPECT_EQ(sim.now(), 48 * kSecond) << "the container starts at 48s";
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "ACTIVATING");
}

TEST(Simulation, PlayingMovesTimeWithTheFramesAndStopsAtTheEnd) {
  Simulation sim = loaded("task-lifecycle");
  SimCommand play = cmd(SimCommand::Kind::Play);
  play.speed = 60;
  EXPECT_EQ(sim.apply(play), "");
  EXPECT_TRUE(sim.playing());
  for (int frame = 0; frame < 20; ++frame) sim.advance(0.05);  // one real second
  EXPECT_EQ(sim.now(), kMinute);
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "RUNNING");
  // A long frame (a hidden tab) counts as a tenth of a second.
  sim.advance(30.0);
  EXPECT_EQ(sim.now(), kMinute + 6 * kSecond);
  // The scenario's end stops playing; playing again goes on past it.
  for (int frame = 0; frame < 200 && sim.playing(); ++frame) sim.advance(0.1);
  EXPECT_FALSE(sim.playing());
  EXPECT_EQ(sim.now(), 6 * kMinute);
  EXPECT_NE(sim.message().find("end"), std::string::npos);
  sim.apply(cmd(SimCommand::Kind::Play));
  sim.advance(0.1);
  EXPECT_EQ(sim.now(), 6 * kMinute + 6 * kSecond);
  EXPECT_EQ(sim.end(), sim.now()) << "the slider grows with the frontier";
  sim.apply(cmd(SimCommand::Kind::Pause));
  sim.advance(0.1);
  EXPECT_EQ(sim.now(), 6 * kMinute + 6 * kSecond);
}

TEST(Simulation, PlayingAndSeekingGiveTheSameWorld) {
  Simulation played = loaded("fargate-spot"), sought = loaded("fargate-spot");
  SimCommand play = cmd(SimCommand::Kind::Play);
  play.speed = 300;
  played.apply(play);
  for (int frame = 0; frame < 120; ++frame) played.advance(1.0 / 60.0);  // two real seconds: 10 minutes
  sought.apply(seek(played.now()));
  EXPECT_EQ(played.now(), 10 * kMinute);
  EXPECT_EQ(played.engine()->stateJson(), sought.engine()->stateJson());
  EXPECT_EQ(played.log().size(), sought.log().size());
}

TEST(Simulation, SeekingIsClampedToTheSlider) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(-5));
  EXPECT_EQ(sim.now(), 0);
  sim.apply(seek(999LL * 3600000));
  EXPECT_EQ(sim.now(), 6 * kMinute);
}

TEST(Simulation, StopTaskGoesThroughTheEngineAndIsReplayed) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(kMinute));
  std::string id = task(sim, "web:1")->id;
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectTask, id.substr(0, 8))), "");
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::StopTask)), "");
  EXPECT_FALSE(sim.messageIsError());
  EXPECT_EQ(sim.message().rfind("StopTask " + id.substr(0, 8) + " at 0:01:00", 0), 0u) << sim.message();
  EXPECT_EQ(task(sim, "web:1")->desiredStatus, "STOPPED");
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "DEACTIVATING");
  EXPECT_EQ(task(sim, "web:1")->stopCode, "UserInitiated");
  EXPECT_EQ(task(sim, "web:1")->stoppedReason, "Stopped from the playground");
  EXPECT_EQ(sim.log().back().text, "StopTask");
  sim.apply(seek(5 * kMinute));
  std::string later = sim.engine()->stateJson().dump();
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "STOPPED");
  EXPECT_EQ(task(sim, "web:1")->stoppedReason, "Stopped from the playground") << "the timeline's StopTask at 3m changes nothing";
  // Back before the call and forward again: the journal replays it.
  sim.apply(seek(30 * kSecond));
  EXPECT_EQ(task(sim, "web:1")->desiredStatus, "RUNNING");
  sim.apply(seek(5 * kMinute));
  EXPECT_EQ(sim.engine()->stateJson().dump(), later);
  // A task that does not exist is refused before ECS is asked.
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::StopTask, "nosuchtask")), "No task nosuchtask at 0:05:00.");
}

TEST(Simulation, AStoppedTaskIsStoppedWithinSeconds) {
  // DEACTIVATING 1 s, STOPPING until the container exits on SIGTERM (0.5 s), DEPROVISIONING 3 s.
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(kMinute));
  sim.apply(cmd(SimCommand::Kind::StopTask, task(sim, "web:1")->id));
  sim.apply(seek(kMinute + 10 * kSecond));
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "STOPPED");
}

TEST(Simulation, AnActionInThePastStartsANewFuture) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(5 * kMinute));
  sim.apply(seek(kMinute));
  EXPECT_EQ(sim.frontier(), 5 * kMinute);
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::StopTask, task(sim, "web:1")->id)), "");
  EXPECT_NE(sim.message().find("You changed the past"), std::string::npos) << sim.message();
  EXPECT_EQ(sim.frontier(), kMinute);
  EXPECT_EQ(sim.end(), 6 * kMinute) << "the slider still reaches the scenario's end";
}

TEST(Simulation, TerminatingAnInstanceStopsItsTasks) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(kMinute));
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::TerminateInstance, "i-0a1b2c3d4e5f60001")), "");
  EXPECT_FALSE(sim.messageIsError());
  EXPECT_EQ(task(sim, "web:1")->desiredStatus, "STOPPED");
  sim.apply(seek(2 * kMinute));
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "STOPPED");
  EXPECT_NE(task(sim, "web:1")->stoppedReason.find("i-0a1b2c3d4e5f60001"), std::string::npos) << task(sim, "web:1")->stoppedReason;
  std::string error = sim.apply(cmd(SimCommand::Kind::TerminateInstance, "i-nope"));
  EXPECT_NE(error, "");
  EXPECT_TRUE(sim.messageIsError());
  EXPECT_EQ(error.rfind("TerminateInstance i-nope: ", 0), 0u) << error;
}

TEST(Simulation, RestartForgetsTheActionsTaken) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(kMinute));
  sim.apply(cmd(SimCommand::Kind::StopTask, task(sim, "web:1")->id));
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::Restart)), "");
  EXPECT_EQ(sim.now(), 0);
  sim.apply(seek(2 * kMinute));
  EXPECT_EQ(task(sim, "web:1")->lastStatus, "RUNNING");
}

TEST(Simulation, ASelectedTaskShowsWhatItsContainerSees) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(kMinute));
  const SimTaskRow web = *task(sim, "web:1");  // a copy: the rows are rebuilt as time moves
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectTask, web.arn)), "");
  ASSERT_NE(sim.selectedTask(), nullptr);
  EXPECT_EQ(sim.selectedContainer(), "app") << "the first container is selected with its task";
  ASSERT_TRUE(sim.runtime().ok());
  std::string env = sim.runtime().output["environment"].dump();
  EXPECT_NE(env.find(R"({"name":"AWS_EXECUTION_ENV","value":"AWS_ECS_EC2"})"), std::string::npos) << env;
  EXPECT_EQ(sim.runtime().output["cpu"]["cpuShares"], 256);
  // Before the task existed the selection stays, and shows nothing.
  sim.apply(seek(10 * kSecond));
  EXPECT_EQ(sim.selectedTask(), nullptr);
  EXPECT_EQ(sim.selectedTaskArn(), web.arn);
  EXPECT_TRUE(sim.runtime().output.is_null());
  sim.apply(seek(kMinute));
  ASSERT_NE(sim.selectedTask(), nullptr);
  EXPECT_TRUE(sim.runtime().ok());
  // Wrong names are refused.
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectContainer, "sidecar")), "Task " + web.shortId + " has no container named 'sidecar'.");
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectTask, "ffffffff")), "No task 'ffffffff' at 0:01:00.");
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectTask, "#2")), "No task '#2' at 0:01:00.");
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectTask, "#1")), "");
  EXPECT_EQ(sim.selectedTaskArn(), web.arn) << "#1 is the first row";
  EXPECT_EQ(sim.apply(cmd(SimCommand::Kind::SelectTask, "")), "");
  EXPECT_EQ(sim.selectedTask(), nullptr);
}

TEST(Simulation, FargateTasksRunOnTheirCapacityProvider) {
  Simulation sim = loaded("fargate-spot");
  sim.apply(seek(2 * kMinute));
  int spot = 0, onDemand = 0;
  for (const SimTaskRow& t : sim.tasks()) {
    EXPECT_TRUE(t.instanceId.empty());
    spot += t.where == "FARGATE_SPOT";
    onDemand += t.where == "FARGATE";
  }
  EXPECT_EQ(spot, 4);
  EXPECT_EQ(onDemand, 4);
  EXPECT_TRUE(sim.instances().empty());
}

TEST(Simulation, StateJsonCarriesWhatTheBrowserTestReads) {
  Simulation sim = loaded("task-lifecycle");
  sim.apply(seek(kMinute));
  sim.apply(cmd(SimCommand::Kind::SelectTask, task(sim, "web:1")->id));
  JsonParseResult parsed = parseJsonText(sim.stateJson());
  ASSERT_TRUE(parsed.ok) << parsed.error;
  const Json& s = parsed.value;
  EXPECT_EQ(s["loaded"], true);
  EXPECT_EQ(s["scenario"], "task-lifecycle");
  EXPECT_EQ(s["now"], kMinute);
  EXPECT_EQ(s["nowText"], "0:01:00");
  EXPECT_EQ(s["tasks"][0]["lastStatus"], "RUNNING");
  EXPECT_EQ(s["tasks"][0]["definition"], "web:1");
  EXPECT_EQ(s["instances"][0]["ec2InstanceId"], "i-0a1b2c3d4e5f60001");
  EXPECT_EQ(s["selectedContainer"], "app");
  EXPECT_TRUE(s["runtime"]["environment"].is_array());
  EXPECT_EQ(s["log"].size(), sim.log().size());
  EXPECT_TRUE(s["latestNote"].is_null());
}

TEST(SimRequest, ParsesTheHookLanguage) {
  struct Case {
    const char* request;
    SimCommand::Kind kind;
    std::string text;
    SimTime time;
    int speed;
  };
  using K = SimCommand::Kind;
  const Case cases[] = {
      {"load task-lifecycle", K::Load, "task-lifecycle", 0, 0},
      {"text {\"a\": 1}", K::LoadText, "{\"a\": 1}", 0, 0},
      {"close", K::Close, "", 0, 0},
      {"restart", K::Restart, "", 0, 0},
      {"play", K::Play, "", 0, 0},
      {"play 60", K::Play, "60", 0, 60},
      {"pause", K::Pause, "", 0, 0},
      {"speed 10", K::SetSpeed, "10", 0, 10},
      {"seek 240000", K::Seek, "240000", 240000, 0},
      {"seek 8m30s", K::Seek, "8m30s", 510000, 0},
      {"next", K::NextEvent, "", 0, 0},
      {"select 642e1c7b", K::SelectTask, "642e1c7b", 0, 0},
      {"select", K::SelectTask, "", 0, 0},
      {"container app", K::SelectContainer, "app", 0, 0},
      {"stop", K::StopTask, "", 0, 0},
      {"terminate i-0a1", K::TerminateInstance, "i-0a1", 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request);
    SimCommand out;
    std::string error;
    ASSERT_TRUE(parseSimRequest(c.request, out, error)) << error;
    EXPECT_EQ(out.kind, c.kind);
    EXPECT_EQ(out.text, c.text);
    EXPECT_EQ(out.time, c.time);
    EXPECT_EQ(out.speed, c.speed);
  }
}

TEST(SimRequest, RefusesWhatItDoesNotKnow) {
  for (const char* request : {"", "fly", "load", "seek", "seek soon", "seek -5", "play fast", "speed 0", "speed 99999999",
                              "terminate", "text", "container"}) {
    SCOPED_TRACE(request);
    SimCommand out;
    std::string error;
    EXPECT_FALSE(parseSimRequest(request, out, error));
    EXPECT_FALSE(error.empty());
  }
}

TEST(FormatClock, ShowsHoursMinutesSeconds) {
  EXPECT_EQ(formatClock(0), "0:00:00");
  EXPECT_EQ(formatClock(90 * kSecond), "0:01:30");
  EXPECT_EQ(formatClock(75 * kMinute), "1:15:00");
  EXPECT_EQ(formatClock(181500), "0:03:01.500");
  EXPECT_EQ(formatClock(25LL * 3600000), "25:00:00");
  EXPECT_EQ(formatClock(-1), "0:00:00");
}

namespace ecsplay::playground {
namespace {

TEST(SimulationServices, TheServicesTableShowsCountsDeploymentsAndTheLatestEvent) {
  Simulation sim = loaded("rolling-deployment");
  sim.apply(seek(60000));
  ASSERT_EQ(sim.services().size(), 2u);
  const SimServiceRow& web = sim.services()[0];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.status, "ACTIVE");
  EXPECT_EQ(web.desired, 4);
  EXPECT_EQ(web.running, 4);
  EXPECT_EQ(web.deployments, "web:1 COMPLETED 4/4");
  EXPECT_EQ(web.latestEvent, "(service web) has reached a steady state.");
  sim.apply(seek(150000));  // mid-deployment: the new deployment first, the old one after "<-"
  EXPECT_EQ(sim.services()[0].deployments.rfind("web:2 IN_PROGRESS ", 0), 0u) << sim.services()[0].deployments;
  EXPECT_NE(sim.services()[0].deployments.find("  <-  web:1 "), std::string::npos) << sim.services()[0].deployments;
  Simulation none = loaded("task-lifecycle");
  EXPECT_TRUE(none.services().empty());
}

TEST(SimulationServices, BehindALoadBalancerTheTablesShowTargetHealth) {
  Simulation sim = loaded("load-balancer-health");
  EXPECT_TRUE(sim.hasTargetGroups());
  sim.apply(seek(60000));
  ASSERT_EQ(sim.services().size(), 1u);
  EXPECT_EQ(sim.services()[0].targets, "web-tg: 3 healthy");
  for (const SimTaskRow& t : sim.tasks()) EXPECT_EQ(t.target, "healthy") << t.id;
  sim.apply(seek(3 * 60000 + 30000));  // revision 2's targets failed, and drain
  EXPECT_NE(sim.services()[0].targets.find("draining"), std::string::npos) << sim.services()[0].targets;
  Json state = Json::parse(sim.stateJson());
  EXPECT_EQ(state["services"][0]["name"], "web");
  EXPECT_FALSE(state["services"][0]["targets"].get<std::string>().empty());
  Simulation plain = loaded("service-basics");
  EXPECT_FALSE(plain.hasTargetGroups());
}

}  // namespace
}  // namespace ecsplay::playground
