// Container health checks and dependsOn (health_and_dependencies.cpp; ECS-FACTS.md, task
// lifecycle; API ref: HealthCheck, ContainerDependency; research notes, item 11 and appendix A).
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::AcceptedCase;
using test::container;
using test::edited;
using test::RuleCase;

namespace {

Json withHealthCheck(const char* check) {
  return edited(test::ec2Definition(), [check](Json& td) { container(td)["healthCheck"] = test::json(check); });
}

Json checkWith(const char* field, int value) {
  Json td = withHealthCheck(R"({"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]})");
  container(td)["healthCheck"][field] = value;
  return td;
}

// app depends on side with `condition`; side is essential unless told otherwise.
Json dependency(const char* condition, const char* sideExtra = "{}") {
  Json td = test::json(R"({"family": "web", "containerDefinitions": [
      {"name": "app", "image": "nginx", "memory": 256},
      {"name": "side", "image": "busybox", "memory": 64}]})");
  container(td, 0)["dependsOn"] = {{{"containerName", "side"}, {"condition", condition}}};
  Json extra = test::json(sideExtra);
  for (auto it = extra.begin(); it != extra.end(); ++it) container(td, 1)[it.key()] = it.value();
  return td;
}

}  // namespace

TEST(HealthCheck, BoundsAreThoseOfTheApi) {
  // interval 5-300 s, timeout 2-60 s, retries 1-10, startPeriod 0-300 s (ECS-FACTS.md). The
  // maximum's message is ECS's own (research notes, appendix A).
  struct Bound {
    const char* field;
    int low, high;
  };
  const Bound bounds[] = {{"interval", 5, 300}, {"timeout", 2, 60}, {"retries", 1, 10}, {"startPeriod", 0, 300}};
  for (const Bound& b : bounds) {
    SCOPED_TRACE(b.field);
    std::string path = std::string("containerDefinitions[0].healthCheck.") + b.field;
    test::expectRule({"above the maximum", checkWith(b.field, b.high + 1), "HealthCheckOutOfRange", path, Severity::Error,
                      std::string("Health check ") + b.field + " must be less than or equal to the maximum allowed value " +
                          std::to_string(b.high) + " for container 'app'"});
    test::expectRule({"below the minimum", checkWith(b.field, b.low - 1), "HealthCheckOutOfRange", path, Severity::Error,
                      std::string("Health check ") + b.field + " must be greater than or equal to the minimum allowed value " +
                          std::to_string(b.low) + " for container 'app'"});
    test::expectAccepted({"the maximum", checkWith(b.field, b.high), "HealthCheckOutOfRange"});
    test::expectAccepted({"the minimum", checkWith(b.field, b.low), "HealthCheckOutOfRange"});
  }
}

TEST(HealthCheck, CommandRunsSomething) {
  const RuleCase cases[] = {
      {"an empty command", withHealthCheck(R"({"command": []})"), "EmptyHealthCheckCommand",
       "containerDefinitions[0].healthCheck.command", Severity::Error, "healthCheck.command is empty"},
      {"CMD alone", withHealthCheck(R"({"command": ["CMD"]})"), "EmptyHealthCheckCommand",
       "containerDefinitions[0].healthCheck.command", Severity::Error, "healthCheck.command has only \"CMD\""},
      {"CMD-SHELL alone", withHealthCheck(R"({"command": ["CMD-SHELL"]})"), "EmptyHealthCheckCommand",
       "containerDefinitions[0].healthCheck.command", Severity::Error, "has only \"CMD-SHELL\""},
      // AWS's own samples register other forms: a warning, never an error (ECS-FACTS.md).
      {"a bare executable", withHealthCheck(R"({"command": ["/healthcheck"]})"), "HealthCheckCommandForm",
       "containerDefinitions[0].healthCheck.command", Severity::Warning,
       "\"/healthcheck\" is passed to Docker as it is."},
      {"a timeout as long as the interval", withHealthCheck(R"({"command": ["CMD", "true"], "interval": 10, "timeout": 10})"),
       "HealthCheckTimeoutNotBelowInterval", "containerDefinitions[0].healthCheck.timeout", Severity::Warning,
       "healthCheck.timeout (10 s) is not shorter than the interval (10 s)"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  const AcceptedCase accepted[] = {
      {"CMD with arguments", withHealthCheck(R"({"command": ["CMD", "/bin/check", "--fast"]})"), "EmptyHealthCheckCommand"},
      {"CMD-SHELL with a line", withHealthCheck(R"({"command": ["CMD-SHELL", "exit 0"]})"), "HealthCheckCommandForm"},
      {"a timeout below the interval", withHealthCheck(R"({"command": ["CMD", "true"], "interval": 10, "timeout": 9})"),
       "HealthCheckTimeoutNotBelowInterval"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(DependsOn, NamesAnotherContainerOfTheTask) {
  Json unknown = edited(dependency("START"), [](Json& td) { container(td, 0)["dependsOn"][0]["containerName"] = "db"; });
  test::expectRule({"an unknown container", unknown, "UnknownDependency", "containerDefinitions[0].dependsOn[0].containerName",
                    Severity::Error, "Cannot depend on container + 'db' because it does not exist"});
  Json itself = edited(dependency("START"), [](Json& td) { container(td, 0)["dependsOn"][0]["containerName"] = "app"; });
  test::expectRule({"itself", itself, "DependsOnItself", "containerDefinitions[0].dependsOn[0].containerName",
                    Severity::Warning, "container 'app' depends on itself: it could never start."});
  test::expectAccepted({"START on another container", dependency("START"), "UnknownDependency"});
}

TEST(DependsOn, CompleteAndSuccessCannotWaitForAnEssentialContainer) {
  for (const char* condition : {"COMPLETE", "SUCCESS"}) {
    SCOPED_TRACE(condition);
    // essential left out counts as essential (its default).
    test::expectRule({"essential by default", dependency(condition), "CompleteOnEssential",
                      "containerDefinitions[0].dependsOn[0].condition", Severity::Error,
                      "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container."});
    test::expectRule({"essential: true", dependency(condition, R"({"essential": true})"), "CompleteOnEssential",
                      "containerDefinitions[0].dependsOn[0].condition", Severity::Error, "cannot be an essential container"});
    test::expectAccepted({"essential: false", dependency(condition, R"({"essential": false})"), "CompleteOnEssential"});
  }
}

TEST(DependsOn, HealthyNeedsAHealthCheckOnTheTarget) {
  test::expectRule({"no health check", dependency("HEALTHY"), "HealthyWithoutHealthCheck",
                    "containerDefinitions[0].dependsOn[0].condition", Severity::Error,
                    "A dependency container with HEALTHY condition must have health check configured."});
  test::expectAccepted({"a health check",
                        dependency("HEALTHY", R"({"healthCheck": {"command": ["CMD-SHELL", "true"]}})"),
                        "HealthyWithoutHealthCheck"});
}

TEST(DependsOn, WarnsAboutACycle) {
  Json td = edited(dependency("START"), [](Json& d) {
    container(d, 1)["dependsOn"] = {{{"containerName", "app"}, {"condition", "START"}}};
  });
  test::expectRule({"app -> side -> app", td, "DependencyCycle", "containerDefinitions", Severity::Warning,
                    "The containers' dependsOn form a cycle (app -> side -> app): none of them could ever start."});
  test::expectAccepted({"a chain", dependency("START"), "DependencyCycle"});
}
