// Port mapping rules (ports.cpp; API ref: PortMapping; research notes, items 5 and 17):
// awsvpc and host ports must match, port ranges, duplicates, reserved host ports, port names.
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::AcceptedCase;
using test::container;
using test::edited;
using test::RuleCase;

namespace {

// One container in `mode` with these port mappings.
Json withPorts(const char* mode, const char* mappings) {
  Json td = test::ec2Definition();
  if (mode) td["networkMode"] = mode;
  container(td)["portMappings"] = test::json(mappings);
  return td;
}

// Two containers in `mode`, each with one mapping.
Json twoWithPorts(const char* mode, const char* first, const char* second) {
  Json td = withPorts(mode, first);
  td["containerDefinitions"].push_back({{"name", "side"}, {"image", "busybox"}, {"memory", 64}});
  container(td, 1)["portMappings"] = test::json(second);
  return td;
}

}  // namespace

TEST(Ports, AwsvpcHostPortMustEqualContainerPort) {
  test::expectRule({"awsvpc 80 -> 8080", withPorts("awsvpc", R"([{"containerPort": 8080, "hostPort": 80}])"),
                    "HostPortMustMatch", "containerDefinitions[0].portMappings[0].hostPort", Severity::Error,
                    "When networkMode=awsvpc, the host ports and container ports in port mappings must match."});
  test::expectRule({"host 80 -> 8080", withPorts("host", R"([{"containerPort": 8080, "hostPort": 80}])"),
                    "HostPortMustMatch", "containerDefinitions[0].portMappings[0].hostPort", Severity::Error,
                    "When networkMode=host, the host ports and container ports in port mappings must match."});
  const AcceptedCase accepted[] = {
      {"awsvpc, equal", withPorts("awsvpc", R"([{"containerPort": 8080, "hostPort": 8080}])"), "HostPortMustMatch"},
      {"awsvpc, left out", withPorts("awsvpc", R"([{"containerPort": 8080}])"), "HostPortMustMatch"},
      {"host, equal", withPorts("host", R"([{"containerPort": 8080, "hostPort": 8080}])"), "HostPortMustMatch"},
      {"bridge maps any host port", withPorts("bridge", R"([{"containerPort": 8080, "hostPort": 80}])"), "HostPortMustMatch"},
      {"bridge, dynamic", withPorts(nullptr, R"([{"containerPort": 8080, "hostPort": 0}])"), "HostPortMustMatch"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(Ports, ContainerPortIsNeededAndIsAPort) {
  const RuleCase cases[] = {
      {"no containerPort", withPorts(nullptr, R"([{"hostPort": 80}])"), "MissingContainerPort",
       "containerDefinitions[0].portMappings[0].containerPort", Severity::Error,
       "Invalid 'containerPort' setting for container 'app'."},
      {"port 0", withPorts(nullptr, R"([{"containerPort": 0}])"), "InvalidContainerPort",
       "containerDefinitions[0].portMappings[0].containerPort", Severity::Error,
       "Invalid 'containerPort' setting for container 'app'. (0 is not a port"},
      {"port 65536", withPorts(nullptr, R"([{"containerPort": 65536}])"), "InvalidContainerPort",
       "containerDefinitions[0].portMappings[0].containerPort", Severity::Error, "Invalid 'containerPort' setting"},
      {"host port -1", withPorts(nullptr, R"([{"containerPort": 80, "hostPort": -1}])"), "InvalidHostPort",
       "containerDefinitions[0].portMappings[0].hostPort", Severity::Error, "Invalid 'hostPort' setting for container 'app'."},
      {"host port 65536", withPorts(nullptr, R"([{"containerPort": 80, "hostPort": 65536}])"), "InvalidHostPort",
       "containerDefinitions[0].portMappings[0].hostPort", Severity::Error, "Invalid 'hostPort' setting"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"ports 1 and 65535", withPorts(nullptr, R"([{"containerPort": 1}, {"containerPort": 65535, "hostPort": 65535}])"),
                        "InvalidContainerPort"});
}

TEST(Ports, NoneModeHasNoPortMappings) {
  test::expectRule({"none with a mapping", withPorts("none", R"([{"containerPort": 80}])"), "PortMappingsWithNoneMode",
                    "containerDefinitions[0].portMappings", Severity::Error,
                    "Port mappings are not supported when networkMode=none"});
  test::expectAccepted({"none with an empty list", withPorts("none", "[]"), "PortMappingsWithNoneMode"});
}

TEST(PortRanges, AreFirstToLastInBridgeOrAwsvpc) {
  const RuleCase cases[] = {
      {"reversed", withPorts(nullptr, R"([{"containerPortRange": "8010-8000"}])"), "InvalidContainerPortRange",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error,
       "Invalid 'containerPortRange' setting for container 'app'."},
      {"one port", withPorts(nullptr, R"([{"containerPortRange": "8000"}])"), "InvalidContainerPortRange",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error, "Invalid 'containerPortRange'"},
      {"from 0", withPorts(nullptr, R"([{"containerPortRange": "0-10"}])"), "InvalidContainerPortRange",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error, "Invalid 'containerPortRange'"},
      {"to 65536", withPorts(nullptr, R"([{"containerPortRange": "1-65536"}])"), "InvalidContainerPortRange",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error, "Invalid 'containerPortRange'"},
      {"words", withPorts(nullptr, R"([{"containerPortRange": "a-b"}])"), "InvalidContainerPortRange",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error, "Invalid 'containerPortRange'"},
      {"the same port twice", withPorts(nullptr, R"([{"containerPortRange": "80-80"}])"), "InvalidContainerPortRange",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error, "Invalid 'containerPortRange'"},
      {"host mode", withPorts("host", R"([{"containerPortRange": "8000-8010"}])"), "PortRangeNetworkMode",
       "containerDefinitions[0].portMappings[0].containerPortRange", Severity::Error,
       "containerPortRange needs the bridge or awsvpc network mode; this task uses host."},
      {"with a containerPort", withPorts(nullptr, R"([{"containerPortRange": "8000-8010", "containerPort": 8000}])"),
       "PortAndPortRange", "containerDefinitions[0].portMappings[0].containerPort", Severity::Error,
       "Invalid port mapping for container 'app', cannot specify both single port and port range."},
      {"with a hostPort", withPorts(nullptr, R"([{"containerPortRange": "8000-8010", "hostPort": 8000}])"),
       "PortAndPortRange", "containerDefinitions[0].portMappings[0].hostPort", Severity::Error,
       "cannot specify both single port and port range."},
      {"overlapping ranges", withPorts(nullptr, R"([{"containerPortRange": "8000-8010"}, {"containerPortRange": "8010-8020"}])"),
       "OverlappingPortRanges", "containerDefinitions[0].portMappings[1].containerPortRange", Severity::Error,
       "overlaps the port mapping at containerDefinitions[0].portMappings[0]"},
      {"a port inside a range", withPorts("awsvpc", R"([{"containerPortRange": "8000-8010"}, {"containerPort": 8005}])"),
       "OverlappingPortRanges", "containerDefinitions[0].portMappings[1].containerPort", Severity::Error,
       "containerPort 8005 is inside the range"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  const AcceptedCase accepted[] = {
      {"a range in bridge mode", withPorts(nullptr, R"([{"containerPortRange": "8000-8010"}])"), "InvalidContainerPortRange"},
      {"a range in awsvpc", withPorts("awsvpc", R"([{"containerPortRange": "1-65535"}])"), "PortRangeNetworkMode"},
      {"adjacent ranges", withPorts(nullptr, R"([{"containerPortRange": "8000-8010"}, {"containerPortRange": "8011-8020"}])"),
       "OverlappingPortRanges"},
      {"the same range over udp", withPorts(nullptr, R"([{"containerPortRange": "8000-8010"}, {"containerPortRange": "8000-8010", "protocol": "udp"}])"),
       "OverlappingPortRanges"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(Ports, AStaticHostPortIsMappedOnce) {
  test::expectRule({"bridge, two containers on host port 3000",
                    twoWithPorts(nullptr, R"([{"containerPort": 80, "hostPort": 3000}])", R"([{"containerPort": 81, "hostPort": 3000}])"),
                    "DuplicateHostPort", "containerDefinitions[1].portMappings[0].hostPort", Severity::Error,
                    "TCP host port '3000' is mapped multiple times in task."});
  test::expectRule({"host mode, one container port twice",
                    twoWithPorts("host", R"([{"containerPort": 53, "protocol": "udp"}])", R"([{"containerPort": 53, "protocol": "udp"}])"),
                    "DuplicateHostPort", "containerDefinitions[1].portMappings[0].hostPort", Severity::Error,
                    "UDP host port '53' is mapped multiple times in task."});
  const AcceptedCase accepted[] = {
      {"dynamic ports twice", twoWithPorts(nullptr, R"([{"containerPort": 80, "hostPort": 0}])", R"([{"containerPort": 80}])"),
       "DuplicateHostPort"},
      {"tcp and udp", twoWithPorts(nullptr, R"([{"containerPort": 53, "hostPort": 53}])",
                                   R"([{"containerPort": 53, "hostPort": 53, "protocol": "udp"}])"),
       "DuplicateHostPort"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(Ports, AwsvpcContainersShareOneInterface) {
  test::expectRule({"two containers on 8085",
                    twoWithPorts("awsvpc", R"([{"containerPort": 8085}])", R"([{"containerPort": 8085}])"),
                    "DuplicateContainerPort", "containerDefinitions[1].portMappings[0].containerPort", Severity::Error,
                    "TCP container port '8085' is used multiple times in task when networkMode=awsvpc."});
  test::expectAccepted({"8085 and 8086", twoWithPorts("awsvpc", R"([{"containerPort": 8085}])", R"([{"containerPort": 8086}])"),
                        "DuplicateContainerPort"});
  test::expectAccepted({"the same port in bridge mode", twoWithPorts(nullptr, R"([{"containerPort": 8085}])", R"([{"containerPort": 8085}])"),
                        "DuplicateContainerPort"});
}

TEST(Ports, WarnsAboutHostPortsTheAgentReserves) {
  // ECS-FACTS.md: 22, 2375, 2376, 51678-51680 are reserved on every EC2 container instance.
  for (int port : {22, 2375, 2376, 51678, 51680}) {
    SCOPED_TRACE(port);
    std::string p = std::to_string(port);
    test::expectRule({"bridge", withPorts(nullptr, ("[{\"containerPort\": 80, \"hostPort\": " + p + "}]").c_str()),
                      "ReservedHostPort", "containerDefinitions[0].portMappings[0].hostPort", Severity::Warning,
                      "Host port " + p + " is reserved by ECS on every EC2 container instance"});
  }
  test::expectRule({"host mode takes the container port", withPorts("host", R"([{"containerPort": 2375}])"), "ReservedHostPort",
                    "containerDefinitions[0].portMappings[0].hostPort", Severity::Warning, "Host port 2375 is reserved"});
  test::expectAccepted({"51681", withPorts(nullptr, R"([{"containerPort": 80, "hostPort": 51681}])"), "ReservedHostPort"});
  test::expectAccepted({"awsvpc has its own interface", withPorts("awsvpc", R"([{"containerPort": 22}])"), "ReservedHostPort"});
}

TEST(PortNames, AreValidAndUnique) {
  const RuleCase cases[] = {
      {"upper case", withPorts("awsvpc", R"([{"containerPort": 80, "name": "Web"}])"), "InvalidPortName",
       "containerDefinitions[0].portMappings[0].name", Severity::Error, "Port name \"Web\" is not valid"},
      {"a leading hyphen", withPorts("awsvpc", R"([{"containerPort": 80, "name": "-web"}])"), "InvalidPortName",
       "containerDefinitions[0].portMappings[0].name", Severity::Error, "is not valid"},
      {"65 characters", withPorts("awsvpc", ("[{\"containerPort\": 80, \"name\": \"" + std::string(65, 'a') + "\"}]").c_str()),
       "InvalidPortName", "containerDefinitions[0].portMappings[0].name", Severity::Error, "is not valid"},
      {"a name used twice in awsvpc",
       twoWithPorts("awsvpc", R"([{"containerPort": 80, "name": "web"}])", R"([{"containerPort": 81, "name": "web"}])"),
       "DuplicatePortName", "containerDefinitions[1].portMappings[0].name", Severity::Error,
       "When networkMode=awsvpc, port mapping name is already used"},
      {"appProtocol without a name", withPorts("awsvpc", R"([{"containerPort": 80, "appProtocol": "http"}])"),
       "AppProtocolWithoutName", "containerDefinitions[0].portMappings[0].appProtocol", Severity::Warning,
       "appProtocol is only used by Service Connect"},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  test::expectAccepted({"a good name", withPorts("awsvpc", R"([{"containerPort": 80, "name": "web_1-a", "appProtocol": "grpc"}])"),
                        "InvalidPortName"});
  test::expectAccepted({"64 characters", withPorts("awsvpc", ("[{\"containerPort\": 80, \"name\": \"" + std::string(64, 'a') + "\"}]").c_str()),
                        "InvalidPortName"});
}

// API ref, PortMapping.containerPortRange: "You can specify a maximum of 100 port ranges per
// container." (research notes, item 17; ECS's own message is not known).
TEST(PortRanges, AtMostOneHundredPerContainer) {
  auto ranges = [](int n) {
    std::string list = "[";
    for (int i = 0; i < n; ++i) {
      int first = 10000 + i * 10;
      list += std::string(i ? ", " : "") + "{\"containerPortRange\": \"" + std::to_string(first) + "-" +
              std::to_string(first + 5) + "\"}";
    }
    return withPorts(nullptr, (list + "]").c_str());
  };
  test::expectAccepted({"100 ranges", ranges(100), "TooManyPortRanges"});
  test::expectRule({"101 ranges", ranges(101), "TooManyPortRanges", "containerDefinitions[0].portMappings", Severity::Error,
                    "Invalid 'containerPortRange' setting for container 'app'. (It has 101 port ranges; a container can have at most 100.)"});
}
