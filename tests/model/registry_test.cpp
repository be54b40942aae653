// Registered task definitions (registry.h): families and revisions, ACTIVE -> INACTIVE ->
// DELETE_IN_PROGRESS, references, listing (ECS-FACTS.md, tasks and task definitions; API ref:
// RegisterTaskDefinition, DeregisterTaskDefinition, DeleteTaskDefinitions, ListTaskDefinitions,
// ListTaskDefinitionFamilies).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecsplay/registry.h"
#include "validate/cases.h"

using namespace ecsplay;

namespace {

Json definition(const std::string& family) {
  Json td = test::ec2Definition();
  td["family"] = family;
  return td;
}

const RegisteredTaskDefinition* add(TaskDefinitionRegistry& r, const std::string& family, int64_t nowMs = 1000) {
  RegisterResult result = r.registerTaskDefinition(definition(family), nowMs);
  EXPECT_FALSE(result.error.has_value()) << result.error->message;
  return result.registered;
}

std::string arn(const std::string& familyRevision) {
  return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + familyRevision;
}

void deregister(TaskDefinitionRegistry& r, const std::string& reference) {
  ApiError error;
  EXPECT_NE(r.deregister(reference, 2000, error), nullptr) << error.message;
}

DeleteResult remove(TaskDefinitionRegistry& r, const std::vector<std::string>& references) {
  std::optional<ApiError> error;
  DeleteResult result = r.deleteTaskDefinitions(references, 3000, error);
  EXPECT_FALSE(error.has_value()) << error->message;
  return result;
}

}  // namespace

TEST(Registry, RegistersRevisionOneWithItsArn) {
  TaskDefinitionRegistry r;
  RegisterResult result = r.registerTaskDefinition(definition("web"), 1718971200000);
  ASSERT_NE(result.registered, nullptr);
  const RegisteredTaskDefinition& td = *result.registered;
  EXPECT_EQ(td.revision, 1);
  EXPECT_EQ(td.status, "ACTIVE");
  EXPECT_EQ(td.arn, arn("web:1"));
  EXPECT_EQ(td.registeredAtMs, 1718971200000);
  EXPECT_EQ(td.definition.family, "web");
  EXPECT_EQ(test::launchTypeNames(td.compatibilities), (std::vector<std::string>{"EXTERNAL", "EC2"}));
  EXPECT_EQ(td.users, 0);

  TaskDefinitionRegistry eu("eu-west-1", "111122223333");
  EXPECT_EQ(eu.registerTaskDefinition(definition("web"), 0).registered->arn,
            "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:1");
}

TEST(Registry, RevisionsOnlyGrowEvenAfterDeregisterAndDelete) {
  TaskDefinitionRegistry r;
  EXPECT_EQ(add(r, "web")->revision, 1);
  EXPECT_EQ(add(r, "web")->revision, 2);
  EXPECT_EQ(add(r, "api")->revision, 1);  // revisions count per family
  deregister(r, "web:2");
  EXPECT_EQ(add(r, "web")->revision, 3);
  deregister(r, "web:1");
  deregister(r, "web:3");
  DeleteResult deleted = remove(r, {"web:1", "web:2", "web:3"});
  EXPECT_EQ(deleted.deleted.size(), 3u);
  EXPECT_TRUE(deleted.failures.empty());
  EXPECT_EQ(add(r, "web")->revision, 4);  // the family's counter stays (API ref: DeleteTaskDefinitions)
}

TEST(Registry, AFamilyAloneMeansItsLatestActiveRevision) {
  TaskDefinitionRegistry r;
  add(r, "web");
  add(r, "web");
  add(r, "web");
  EXPECT_EQ(r.find("web")->revision, 3);
  deregister(r, "web:3");
  EXPECT_EQ(r.find("web")->revision, 2);
  EXPECT_EQ(r.find("web:3")->status, "INACTIVE");  // still describable by revision
  EXPECT_EQ(r.find(arn("web:3"))->revision, 3);
  deregister(r, "web:1");
  deregister(r, "web:2");
  EXPECT_EQ(r.find("web"), nullptr);
}

TEST(Registry, DescribingWhatDoesNotExistGivesEcsError) {
  TaskDefinitionRegistry r;
  add(r, "web");
  for (const char* reference : {"nope", "web:2", "nope:1", "", "web:x", "arn:aws:ecs:us-east-1:1:service/web"}) {
    SCOPED_TRACE(reference);
    ApiError error;
    EXPECT_EQ(r.describe(reference, error), nullptr);
    EXPECT_EQ(error.type, "ClientException");
    EXPECT_EQ(error.message, "Unable to describe task definition.");
  }
  ApiError none;
  EXPECT_NE(r.describe("web", none), nullptr);
  EXPECT_TRUE(none.type.empty());
}

TEST(Registry, DeregisteringNeedsARevision) {
  TaskDefinitionRegistry r;
  add(r, "web");
  ApiError error;
  EXPECT_EQ(r.deregister("web", 2000, error), nullptr);
  EXPECT_EQ(error.type, "ClientException");
  EXPECT_NE(error.message.find("revision"), std::string::npos) << error.message;
  EXPECT_EQ(r.find("web:1")->status, "ACTIVE");

  ApiError missing;
  EXPECT_EQ(r.deregister("web:5", 2000, missing), nullptr);
  EXPECT_EQ(missing.type, "ClientException");

  ApiError ok;
  const RegisteredTaskDefinition* td = r.deregister(arn("web:1"), 2000, ok);
  ASSERT_NE(td, nullptr);
  EXPECT_EQ(td->status, "INACTIVE");
  EXPECT_EQ(td->deregisteredAtMs, std::optional<int64_t>(2000));
  // Deregistering again changes nothing.
  EXPECT_EQ(r.deregister("web:1", 9000, ok)->deregisteredAtMs, std::optional<int64_t>(2000));
}

TEST(Registry, DeletingNeedsAnInactiveRevision) {
  TaskDefinitionRegistry r;
  add(r, "web");
  DeleteResult result = remove(r, {"web:1"});
  EXPECT_TRUE(result.deleted.empty());
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].first, arn("web:1"));
  EXPECT_EQ(result.failures[0].second,
            "The specified task definition is still in ACTIVE status. Please deregister the target and try again.");
  EXPECT_EQ(r.find("web:1")->status, "ACTIVE");

  DeleteResult noRevision = remove(r, {"web"});
  ASSERT_EQ(noRevision.failures.size(), 1u);
  EXPECT_EQ(noRevision.failures[0], (std::pair<std::string, std::string>("web", "The task definition revision is missing.")));
  DeleteResult unknown = remove(r, {"web:9"});
  ASSERT_EQ(unknown.failures.size(), 1u);
  EXPECT_EQ(unknown.failures[0].second, "The specified task definition does not exist.");
}

TEST(Registry, DeletingMovesAnInactiveRevisionToDeleteInProgress) {
  TaskDefinitionRegistry r;
  const RegisteredTaskDefinition* td = add(r, "web");
  r.retain(*td);  // a running task uses it
  deregister(r, "web:1");
  DeleteResult result = remove(r, {"web:1", "web:2"});
  ASSERT_EQ(result.deleted.size(), 1u);
  EXPECT_EQ(result.deleted[0].status, "DELETE_IN_PROGRESS");
  EXPECT_EQ(result.deleted[0].deleteRequestedAtMs, std::optional<int64_t>(3000));
  ASSERT_EQ(result.failures.size(), 1u);  // web:2 does not exist; the rest still goes through
  Json described = r.describeJson(result.deleted[0]);
  EXPECT_EQ(described["status"], Json("DELETE_IN_PROGRESS"));
  EXPECT_EQ(described["deleteRequestedAt"], Json(3.0));
  EXPECT_EQ(described["deregisteredAt"], Json(2.0));
  EXPECT_EQ(described["registeredAt"], Json(1.0));
  EXPECT_EQ(r.find("web"), nullptr);  // not ACTIVE: no new tasks from it
}

TEST(Registry, DeletesOneToTenRevisionsPerCall) {
  TaskDefinitionRegistry r;
  std::optional<ApiError> error;
  (void)r.deleteTaskDefinitions({}, 0, error);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type, "InvalidParameterException");
  std::vector<std::string> eleven(11, "web:1");
  error.reset();
  (void)r.deleteTaskDefinitions(eleven, 0, error);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("got 11"), std::string::npos) << error->message;
  std::vector<std::string> ten(10, "web:1");
  error.reset();
  (void)r.deleteTaskDefinitions(ten, 0, error);
  EXPECT_FALSE(error.has_value());
}

TEST(Registry, ADeletedRevisionIsRemovedOnceItsLastUserReleasesIt) {
  TaskDefinitionRegistry r;
  const RegisteredTaskDefinition* td = add(r, "web");
  add(r, "web");
  r.retain(*td);
  r.retain(*td);
  deregister(r, "web:1");
  (void)remove(r, {"web:1"});
  r.release(*td);
  ASSERT_NE(r.find("web:1"), nullptr);  // one task still runs it
  EXPECT_EQ(r.find("web:1")->users, 1);
  EXPECT_EQ(r.list("", "DELETE_IN_PROGRESS"), (std::vector<std::string>{arn("web:1")}));
  r.release(*r.find("web:1"));
  EXPECT_EQ(r.find("web:1"), nullptr);
  EXPECT_TRUE(r.list("", "DELETE_IN_PROGRESS").empty());
  EXPECT_EQ(r.list("web", ""), (std::vector<std::string>{arn("web:2")}));
  EXPECT_EQ(add(r, "web")->revision, 3);
}

TEST(Registry, AnInactiveRevisionStaysWhileUsedAndAfter) {
  TaskDefinitionRegistry r;
  const RegisteredTaskDefinition* td = add(r, "web");
  r.retain(*td);
  deregister(r, "web:1");
  r.release(*r.find("web:1"));
  // Only DELETE_IN_PROGRESS revisions go away; INACTIVE ones stay discoverable.
  ASSERT_NE(r.find("web:1"), nullptr);
  EXPECT_EQ(r.find("web:1")->status, "INACTIVE");
  r.release(*r.find("web:1"));  // never below zero
  EXPECT_EQ(r.find("web:1")->users, 0);
}

TEST(Registry, ListsArnsByFamilyThenRevisionNumber) {
  TaskDefinitionRegistry r;
  for (int i = 0; i < 10; ++i) add(r, "web");
  add(r, "api");
  add(r, "webapp");
  deregister(r, "web:3");
  std::vector<std::string> web = r.list("web");
  ASSERT_EQ(web.size(), 10u);  // web:1..10 minus web:3, then webapp:1
  EXPECT_EQ(web[0], arn("web:1"));
  EXPECT_EQ(web[1], arn("web:2"));
  EXPECT_EQ(web[2], arn("web:4"));
  EXPECT_EQ(web[7], arn("web:9"));
  EXPECT_EQ(web[8], arn("web:10"));  // numerically, not as text
  EXPECT_EQ(web[9], arn("webapp:1"));
  EXPECT_EQ(r.list("", "INACTIVE"), (std::vector<std::string>{arn("web:3")}));
  EXPECT_EQ(r.list("api"), (std::vector<std::string>{arn("api:1")}));
  EXPECT_EQ(r.list("", "").size(), 12u);
  std::vector<std::string> descending = r.list("web", "ACTIVE", true);
  EXPECT_EQ(descending.front(), arn("webapp:1"));
  EXPECT_EQ(descending.back(), arn("web:1"));
  EXPECT_TRUE(r.list("nope").empty());
}

TEST(Registry, ListsFamiliesByWhetherTheyHaveAnActiveRevision) {
  TaskDefinitionRegistry r;
  add(r, "web");
  add(r, "web");
  add(r, "webapp");
  add(r, "api");
  deregister(r, "webapp:1");
  deregister(r, "web:1");
  EXPECT_EQ(r.families(""), (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(r.families("", FamilyStatus::Inactive), (std::vector<std::string>{"webapp"}));
  EXPECT_EQ(r.families("", FamilyStatus::All), (std::vector<std::string>{"api", "web", "webapp"}));
  EXPECT_EQ(r.families("web", FamilyStatus::All), (std::vector<std::string>{"web", "webapp"}));
  EXPECT_EQ(r.families("webapp", FamilyStatus::Active), std::vector<std::string>{});
}

TEST(Registry, RefusesAnInvalidDefinitionWithItsFirstErrorAndStoresNothing) {
  TaskDefinitionRegistry r;
  Json bad = test::edited(definition("web"), [](Json& td) {
    test::container(td)["memoryReservation"] = 512;  // above memory 256
    test::container(td)["image"] = "";
  });
  RegisterResult result = r.registerTaskDefinition(bad, 1000);
  EXPECT_EQ(result.registered, nullptr);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->type, "ClientException");
  // ECS answers with one message; ecsplay's is the first error, in input order.
  EXPECT_EQ(result.error->message, "Container.image should not be null or empty.");
  std::set<std::string> codes;
  for (const Finding& f : result.findings) codes.insert(f.code);
  EXPECT_EQ(codes, (std::set<std::string>{"MissingImage", "MemoryReservationAboveMemory"}));
  EXPECT_EQ(r.find("web"), nullptr);
  EXPECT_TRUE(r.list("", "").empty());
  EXPECT_TRUE(r.families("", FamilyStatus::All).empty());
  EXPECT_EQ(add(r, "web")->revision, 1);  // the failed call used no revision
}

TEST(Registry, ReportsTheContainerMemoryRuleBeforeFargatesTaskSize) {
  // ECS checks a container's memory before the Fargate task size (research notes, appendix B):
  // with neither set, the container message comes back.
  TaskDefinitionRegistry r;
  Json td = test::edited(test::fargateDefinition(), [](Json& d) {
    d.erase("cpu");
    d.erase("memory");
  });
  RegisterResult first = r.registerTaskDefinition(td, 0);
  ASSERT_TRUE(first.error.has_value());
  EXPECT_EQ(first.error->message.rfind("Invalid setting for container 'app'. At least one of 'memory' or "
                                       "'memoryReservation' must be specified.",
                                       0),
            0u)
      << first.error->message;
  // With container memory, cpu is reported before memory.
  test::container(td)["memory"] = 512;
  RegisterResult second = r.registerTaskDefinition(td, 0);
  ASSERT_TRUE(second.error.has_value());
  EXPECT_EQ(second.error->message.rfind("Fargate requires that 'cpu' be defined at the task level", 0), 0u)
      << second.error->message;
}

TEST(Registry, KeepsWarningsAndNotesOfAnAcceptedDefinition) {
  TaskDefinitionRegistry r;
  Json td = test::edited(definition("web"), [](Json& d) {
    d["cpu"] = "1 vCPU";
    test::container(d)["memory"] = 4;  // below Docker's minimum: registered, fails at start
  });
  RegisterResult result = r.registerTaskDefinition(td, 0);
  ASSERT_NE(result.registered, nullptr);
  bool converted = false, dockerMinimum = false;
  for (const Finding& f : result.findings) {
    converted = converted || f.code == "CpuConverted";
    dockerMinimum = dockerMinimum || f.code == "ContainerMemoryBelowDockerMinimum";
  }
  EXPECT_TRUE(converted);
  EXPECT_TRUE(dockerMinimum);
  EXPECT_EQ(r.describeJson(*result.registered)["cpu"], Json("1024"));
}

TEST(Registry, StoresCompatibilitiesAndRequiredAttributes) {
  TaskDefinitionRegistry r;
  RegisterResult result = r.registerTaskDefinition(test::fargateDefinition(), 0);
  ASSERT_NE(result.registered, nullptr);
  EXPECT_EQ(test::launchTypeNames(result.registered->compatibilities),
            (std::vector<std::string>{"EC2", "FARGATE", "MANAGED_INSTANCES"}));
  EXPECT_EQ(result.registered->requiresAttributes,
            (std::vector<std::string>{"com.amazonaws.ecs.capability.docker-remote-api.1.18", "ecs.capability.task-eni"}));
  Json described = r.describeJson(*result.registered);
  EXPECT_EQ(described["compatibilities"], test::json(R"(["EC2", "FARGATE", "MANAGED_INSTANCES"])"));
  EXPECT_EQ(described["requiresAttributes"].size(), 2u);
  EXPECT_EQ(described["taskDefinitionArn"], Json(arn("web:1")));
  EXPECT_EQ(described["requiresCompatibilities"], test::json(R"(["FARGATE"])"));
}

TEST(Registry, ReadsReferencesAsTheApiDoes) {
  struct Case {
    const char* reference;
    bool ok;
    const char* family;
    std::optional<int> revision;
  };
  const Case cases[] = {
      {"web", true, "web", std::nullopt},
      {"web:3", true, "web", 3},
      {"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", true, "web", 3},
      {"arn:aws:ecs:us-east-1:123456789012:task-definition/web", true, "web", std::nullopt},
      {"web:", false, "", std::nullopt},
      {"web:x", false, "", std::nullopt},
      {":3", false, "", std::nullopt},
      {"", false, "", std::nullopt},
      {"web:1234567890", false, "", std::nullopt},
      {"arn:aws:ecs:us-east-1:123456789012:service/web", false, "", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.reference);
    std::string family;
    std::optional<int> revision;
    EXPECT_EQ(parseTaskDefinitionReference(c.reference, family, revision), c.ok);
    if (c.ok) {
      EXPECT_EQ(family, c.family);
      EXPECT_EQ(revision, c.revision);
    }
  }
}

// ECS: "When you delete all INACTIVE task definition revisions, the task definition name is not
// displayed in the console and not returned in the API." (API ref: DeleteTaskDefinitions). The
// registry keeps the emptied family only for its revision counter.
TEST(Registry, FamiliesLeaveOutAFamilyWhoseRevisionsAreAllDeleted) {
  TaskDefinitionRegistry r;
  r.retain(*add(r, "web"));  // a task uses it until after the deletion
  add(r, "api");
  deregister(r, "web:1");
  (void)remove(r, {"web:1"});
  r.release(*r.find("web:1"));
  ASSERT_EQ(r.find("web:1"), nullptr);
  EXPECT_EQ(r.families("", FamilyStatus::All), (std::vector<std::string>{"api"}));
  EXPECT_TRUE(r.families("", FamilyStatus::Inactive).empty());
  EXPECT_EQ(add(r, "web")->revision, 2);  // the name and its counter are retained all the same
}

// ECS: "A task definition revision will stay in DELETE_IN_PROGRESS status until all the
// associated tasks and services have been terminated" (API ref: DeleteTaskDefinitions), and the
// registry header says it "disappears once nothing uses it". A revision nothing uses when it is
// deleted stays DELETE_IN_PROGRESS for ever: deleteTaskDefinitions never purges it, only
// release() does, and release() is only called by users.
TEST(Registry, ADeletedRevisionThatNothingUsesDisappears) {
  TaskDefinitionRegistry r;
  add(r, "web");
  add(r, "web");
  deregister(r, "web:1");
  DeleteResult result = remove(r, {"web:1"});
  ASSERT_EQ(result.deleted.size(), 1u);
  EXPECT_EQ(r.find("web:1"), nullptr);
  EXPECT_TRUE(r.list("", "DELETE_IN_PROGRESS").empty());
}
