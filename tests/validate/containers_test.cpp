// Container definition rules (containers.cpp): names, images, essential, memory against
// memoryReservation and against the task, cpu, awsvpc's refusals, links, awslogs
// (ECS-FACTS.md, resources and validation; research notes, items 1-3, 5, 12).
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::AcceptedCase;
using test::container;
using test::ec2Definition;
using test::edited;
using test::RuleCase;

namespace {

Json ec2With(const test::Edit& edit) { return edited(ec2Definition(), edit); }

Json twoContainers() {
  return test::json(R"({"family": "web", "containerDefinitions": [
      {"name": "app", "image": "nginx", "memory": 256},
      {"name": "db", "image": "postgres", "memory": 256}]})");
}

// A task with 1024 CPU units and 1024 MiB, and two containers to fill it.
Json sizedTask(int cpuA, int cpuB, const Json& memA, const Json& memB) {
  Json td = test::json(R"({"family": "web", "cpu": "1024", "memory": "1024", "containerDefinitions": [
      {"name": "a", "image": "nginx"}, {"name": "b", "image": "nginx"}]})");
  container(td, 0)["cpu"] = cpuA;
  container(td, 1)["cpu"] = cpuB;
  for (auto [i, m] : {std::pair<size_t, const Json*>{0, &memA}, {1, &memB}}) {
    for (auto it = m->begin(); it != m->end(); ++it) container(td, i)[it.key()] = it.value();
  }
  return td;
}

}  // namespace

TEST(ContainerNames, AreRequiredValidAndUnique) {
  const RuleCase cases[] = {
      {"no name", ec2With([](Json& td) { container(td).erase("name"); }), "MissingContainerName",
       "containerDefinitions[0].name", Severity::Error, "Container.name should not be null or empty."},
      {"an empty name", ec2With([](Json& td) { container(td)["name"] = ""; }), "MissingContainerName",
       "containerDefinitions[0].name", Severity::Error, "Container.name should not be null or empty."},
      {"a space", ec2With([](Json& td) { container(td)["name"] = "my app"; }), "InvalidContainerName",
       "containerDefinitions[0].name", Severity::Error, "Container.name contains invalid characters."},
      {"256 characters", ec2With([](Json& td) { container(td)["name"] = std::string(256, 'a'); }), "InvalidContainerName",
       "containerDefinitions[0].name", Severity::Error, "Container.name contains invalid characters."},
      {"twice", edited(twoContainers(), [](Json& td) { container(td, 1)["name"] = "app"; }), "DuplicateContainerName",
       "containerDefinitions[1].name", Severity::Error, "Container names must be unique within a task definition"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"255 characters", ec2With([](Json& td) { container(td)["name"] = std::string(255, 'a'); }),
                        "InvalidContainerName"});
  test::expectAccepted({"two names", twoContainers(), "DuplicateContainerName"});
}

TEST(ContainerImages, AreRequiredShortAndWithoutSpaces) {
  const std::string digest = "@sha256:" + std::string(64, 'a');
  const RuleCase cases[] = {
      {"no image", ec2With([](Json& td) { container(td).erase("image"); }), "MissingImage", "containerDefinitions[0].image",
       Severity::Error, "Container.image should not be null or empty."},
      {"256 characters", ec2With([](Json& td) { container(td)["image"] = std::string(256, 'a'); }), "ImageTooLong",
       "containerDefinitions[0].image", Severity::Error, "Container.image should be 255 characters or less"},
      {"a space", ec2With([](Json& td) { container(td)["image"] = "nginx latest"; }), "InvalidImage",
       "containerDefinitions[0].image", Severity::Error, "Container.image contains invalid characters."},
      {"a control character", ec2With([](Json& td) { container(td)["image"] = "nginx\t"; }), "InvalidImage",
       "containerDefinitions[0].image", Severity::Error, "Container.image contains invalid characters."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"255 characters", ec2With([](Json& td) { container(td)["image"] = std::string(255, 'a'); }), "ImageTooLong"});
  // The limit is on the name before a digest (API ref: ContainerDefinition.image).
  test::expectAccepted({"255 characters and a digest",
                        ec2With([digest](Json& td) { container(td)["image"] = std::string(255, 'a') + digest; }), "ImageTooLong"});
}

TEST(EssentialContainers, AtLeastOne) {
  Json none = edited(twoContainers(), [](Json& td) {
    container(td, 0)["essential"] = false;
    container(td, 1)["essential"] = false;
  });
  test::expectRule({"every container non-essential", none, "NoEssentialContainer", "containerDefinitions",
                    Severity::Error, "Task definition doesn't have any essential container"});
  // essential defaults to true.
  test::expectAccepted({"one left at its default", edited(twoContainers(), [](Json& td) { container(td, 0)["essential"] = false; }),
                        "NoEssentialContainer"});
}

// ECS refuses a task without an essential container with "Task definition doesn't have any
// essential container" (research notes, item 12, HIGH): the message starts with it.
TEST(EssentialContainers, NoEssentialContainerGetsEcsMessage) {
  Json none = edited(ec2Definition(), [](Json& td) { container(td)["essential"] = false; });
  Validation v = test::judge(none);
  const Finding* f = test::findingAt(v, "NoEssentialContainer", "containerDefinitions");
  ASSERT_NE(f, nullptr) << test::describe(v);
  EXPECT_EQ(f->message.rfind("Task definition doesn't have any essential container", 0), 0u) << f->message;
}

TEST(ContainerMemory, HardLimitMustNotBeBelowTheReservation) {
  // ECS-FACTS.md: memory (hard) above memoryReservation (soft); equal is accepted (research notes,
  // item 2: "'memory' must be greater than or equal to 'memoryReservation'").
  Json above = ec2With([](Json& td) { container(td)["memoryReservation"] = 512; });
  test::expectRule({"reservation 512 above memory 256", above, "MemoryReservationAboveMemory",
                    "containerDefinitions[0].memoryReservation", Severity::Error,
                    "Invalid setting for container 'app'. 'memory' must be greater than or equal to 'memoryReservation'."});
  test::expectAccepted({"equal", ec2With([](Json& td) { container(td)["memoryReservation"] = 256; }), "MemoryReservationAboveMemory"});
  test::expectAccepted({"below", ec2With([](Json& td) { container(td)["memoryReservation"] = 128; }), "MemoryReservationAboveMemory"});
}

TEST(ContainerMemory, IsNeededWithoutTaskMemory) {
  Json none = ec2With([](Json& td) { container(td).erase("memory"); });
  test::expectRule({"no memory anywhere", none, "ContainerMemoryMissing", "containerDefinitions[0]", Severity::Error,
                    "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified."});
  test::expectAccepted({"task memory", edited(none, [](Json& td) { td["memory"] = "512"; }), "ContainerMemoryMissing"});
  test::expectAccepted({"a reservation", edited(none, [](Json& td) { container(td)["memoryReservation"] = 128; }),
                        "ContainerMemoryMissing"});
}

TEST(ContainerMemory, IsAPositiveNumberOfMiB) {
  for (const char* field : {"memory", "memoryReservation"}) {
    for (int value : {0, -1}) {
      SCOPED_TRACE(std::string(field) + " " + std::to_string(value));
      Json td = ec2With([field, value](Json& d) {
        container(d).erase("memory");
        d["memory"] = "512";
        container(d)[field] = value;
      });
      test::expectRule({"not positive", td, "ContainerMemoryNotPositive", std::string("containerDefinitions[0].") + field,
                        Severity::Error, "must be a positive number of MiB."});
    }
  }
}

TEST(ContainerMemory, BelowSixMiBRegistersButDockerRefusesIt) {
  test::expectRule({"5 MiB", ec2With([](Json& td) { container(td)["memory"] = 5; }), "ContainerMemoryBelowDockerMinimum",
                    "containerDefinitions[0].memory", Severity::Warning, "Minimum memory reservation allowed is 6MB"});
  test::expectAccepted({"6 MiB", ec2With([](Json& td) { container(td)["memory"] = 6; }), "ContainerMemoryBelowDockerMinimum"});
}

TEST(ContainerCpu, IsZeroOrMore) {
  test::expectRule({"-1", ec2With([](Json& td) { container(td)["cpu"] = -1; }), "ContainerCpuNegative",
                    "containerDefinitions[0].cpu", Severity::Error, "cpu must be zero or a positive number of CPU units."});
  test::expectAccepted({"0", ec2With([](Json& td) { container(td)["cpu"] = 0; }), "ContainerCpuNegative"});
}

TEST(ContainersInTheTask, FitTheTasksMemoryAndCpu) {
  // ECS-FACTS.md: containers must not total more than the task; equal is accepted. E.g. a 1024 MiB
  // task takes 512 + 512 MiB, not 768 + 512.
  const Json m512 = {{"memory", 512}}, m768 = {{"memory", 768}};
  const Json r512 = {{"memoryReservation", 512}}, r768 = {{"memoryReservation", 768}};
  const Json m1024r256 = {{"memory", 1024}, {"memoryReservation", 256}};
  const Json m2048r256 = {{"memory", 2048}, {"memoryReservation", 256}};
  const RuleCase cases[] = {
      {"one container's memory above the task's", sizedTask(0, 0, m2048r256, Json::object()), "ContainerMemoryAboveTask",
       "containerDefinitions[0].memory", Severity::Error,
       "The 'memory' setting for container 'a' is greater than for the task."},
      {"768 + 512 MiB hard limits in 1024", sizedTask(0, 0, m768, m512), "ContainersMemoryAboveTask", "memory",
       Severity::Error,
       "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'."},
      {"768 + 512 MiB reservations in 1024", sizedTask(0, 0, r768, r512), "ContainersMemoryAboveTask", "memory",
       Severity::Error, "The sum of all container 'memoryReservation' values"},
      {"768 + 512 CPU units in 1024", sizedTask(768, 512, Json::object(), Json::object()), "ContainersCpuAboveTask", "cpu",
       Severity::Error, "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  const AcceptedCase accepted[] = {
      {"512 + 512 MiB", sizedTask(0, 0, m512, m512), "ContainersMemoryAboveTask"},
      {"a container's memory equal to the task's", sizedTask(0, 0, Json({{"memory", 1024}}), Json::object()),
       "ContainerMemoryAboveTask"},
      // Reservations count, not hard limits: 1024 hard with 256 reserved, plus 768.
      {"reservations below, hard limits above", sizedTask(0, 0, m1024r256, r768), "ContainersMemoryAboveTask"},
      {"512 + 512 CPU units", sizedTask(512, 512, Json::object(), Json::object()), "ContainersCpuAboveTask"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(Awsvpc, RefusesContainerNetworkSettings) {
  struct Case {
    const char* field;
    Json value;
    const char* message;
  };
  const Case cases[] = {
      {"hostname", "app", "hostname is not supported on container when networkMode=awsvpc."},
      {"extraHosts", test::json(R"([{"hostname": "db", "ipAddress": "10.0.0.5"}])"),
       "Extra hosts are not supported on container when networkMode=awsvpc."},
      {"dnsServers", test::json(R"(["10.0.0.2"])"), "DNS servers are not supported on container when networkMode=awsvpc."},
      {"dnsSearchDomains", test::json(R"(["corp"])"), "DNS search domains are not supported on container when networkMode=awsvpc."},
      {"disableNetworking", true, "Disable Networking is not supported on container when networkMode=awsvpc."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    Json td = edited(test::awsvpcDefinition(), [&c](Json& d) { container(d)[c.field] = c.value; });
    test::expectRule({c.field, td, "NotWithAwsvpc", std::string("containerDefinitions[0].") + c.field, Severity::Error, c.message});
    Json bridge = edited(ec2Definition(), [&c](Json& d) { container(d)[c.field] = c.value; });
    test::expectAccepted({"the same in bridge mode", bridge, "NotWithAwsvpc"});
  }
  Json links = edited(test::awsvpcDefinition(), [](Json& d) {
    d["containerDefinitions"].push_back({{"name", "db"}, {"image", "postgres"}, {"memory", 256}});
    container(d)["links"] = {"db"};
  });
  test::expectRule({"links", links, "NotWithAwsvpc", "containerDefinitions[0].links", Severity::Error,
                    "Links are not supported when networkMode=awsvpc."});
}

TEST(Links, WorkInBridgeModeAndNameAnotherContainer) {
  Json bridge = edited(twoContainers(), [](Json& td) { container(td)["links"] = {"db:database"}; });
  test::expectAccepted({"name:alias in bridge mode", bridge, "UnknownLinkedContainer"});
  test::expectAccepted({"bridge mode", bridge, "LinksNeedBridge"});
  Json host = edited(bridge, [](Json& td) { td["networkMode"] = "host"; });
  test::expectRule({"host mode", host, "LinksNeedBridge", "containerDefinitions[0].links", Severity::Warning,
                    "links only work in the bridge network mode; this task uses host"});
  const RuleCase unknown[] = {
      {"an unknown container", edited(twoContainers(), [](Json& td) { container(td)["links"] = {"cache"}; }),
       "UnknownLinkedContainer", "containerDefinitions[0].links[0]", Severity::Error,
       "links entry \"cache\" does not name another container of this task definition."},
      {"itself", edited(twoContainers(), [](Json& td) { container(td)["links"] = {"db", "app:self"}; }),
       "UnknownLinkedContainer", "containerDefinitions[0].links[1]", Severity::Error, "links entry \"app:self\""},
  };
  for (const RuleCase& c : unknown) test::expectRule(c);
}

TEST(Awslogs, NeedsALogGroup) {
  Json td = ec2With([](Json& d) {
    container(d)["logConfiguration"] = test::json(R"({"logDriver": "awslogs", "options": {"awslogs-region": "us-east-1"}})");
  });
  test::expectRule({"no awslogs-group", td, "AwslogsNeedsGroup", "containerDefinitions[0].logConfiguration.options",
                    Severity::Error, "Log driver awslogs requires options: awslogs-group"});
  test::expectAccepted({"with a group", edited(td, [](Json& d) { container(d)["logConfiguration"]["options"]["awslogs-group"] = "g"; }),
                        "AwslogsNeedsGroup"});
  test::expectAccepted({"another driver", ec2With([](Json& d) { container(d)["logConfiguration"] = {{"logDriver", "json-file"}}; }),
                        "AwslogsNeedsGroup"});
}
