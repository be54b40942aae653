// What each launch type refuses (launch_types.cpp): Fargate's task size, network mode and
// unsupported parameters, Windows on instances, ECS Managed Instances and external instances
// (ECS-FACTS.md; research notes, items 4-8; messages from real ECS replies where known).
#include <gtest/gtest.h>

#include "validate/cases.h"

using namespace ecsplay;
using test::AcceptedCase;
using test::container;
using test::edited;
using test::fargateDefinition;
using test::RuleCase;

namespace {

Json fargateWith(const test::Edit& edit) { return edited(fargateDefinition(), edit); }

Json withAwslogs(Json td, bool role, bool prefix) {
  Json options = {{"awslogs-group", "/ecs/web"}, {"awslogs-region", "us-east-1"}};
  if (prefix) options["awslogs-stream-prefix"] = "web";
  container(td)["logConfiguration"] = {{"logDriver", "awslogs"}, {"options", options}};
  if (role) td["executionRoleArn"] = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
  return td;
}

}  // namespace

TEST(FargateRules, RequireTaskLevelCpuAndMemory) {
  const RuleCase cases[] = {
      {"no task cpu", fargateWith([](Json& td) { td.erase("cpu"); }), "FargateCpuRequired", "cpu", Severity::Error,
       "Fargate requires that 'cpu' be defined at the task level."},
      {"no task memory", fargateWith([](Json& td) {
         td.erase("memory");
         container(td)["memory"] = 256;
       }), "FargateMemoryRequired", "memory",
       Severity::Error, "Fargate requires that 'memory' be defined at the task level."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
}

TEST(FargateRules, BindEvenWhenEc2IsListedToo) {
  // ECS-FACTS.md: "if requiresCompatibilities contains FARGATE — even together with EC2 — task-level
  // cpu AND memory are required".
  Json td = fargateWith([](Json& d) {
    d["requiresCompatibilities"] = {"EC2", "FARGATE"};
    d.erase("cpu");
    container(d)["memory"] = 256;
  });
  Validation v = test::judge(td);
  EXPECT_TRUE(test::reports(v, "FargateCpuRequired", "cpu", Severity::Error, "even though EC2 is listed too"));
  // And judged for EC2 only at run time, FARGATE's rules still bind registration.
  Validation onEc2 = test::judgeFor(td, LaunchType::EC2);
  EXPECT_NE(test::findingAt(onEc2, "FargateCpuRequired", "cpu"), nullptr) << test::describe(onEc2);
  EXPECT_FALSE(onEc2.valid());
  // Bridge mode beside FARGATE in the list is refused too.
  Json bridge = test::edited(test::ec2Definition(), [](Json& d) {
    d["requiresCompatibilities"] = {"EC2", "FARGATE"};
    d["cpu"] = "256";
    d["memory"] = "512";
  });
  EXPECT_TRUE(test::reports(test::judge(bridge), "FargateNeedsAwsvpc", "networkMode", Severity::Error,
                            "Fargate only supports network mode 'awsvpc'"));
}

TEST(FargateRules, AwsvpcOnly) {
  struct Case {
    const char* mode;  // nullptr: not set
    const char* named;
  };
  const Case cases[] = {{"bridge", "uses bridge"}, {"host", "uses host"}, {"none", "uses none"}, {nullptr, "uses the default, bridge"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.mode ? c.mode : "(not set)");
    Json td = fargateWith([&c](Json& d) {
      if (c.mode) d["networkMode"] = c.mode; else d.erase("networkMode");
    });
    Validation v = test::judge(td);
    EXPECT_TRUE(test::reports(v, "FargateNeedsAwsvpc", "networkMode", Severity::Error, "Fargate only supports network mode 'awsvpc'"));
    EXPECT_NE(test::messageOf(v, "FargateNeedsAwsvpc", "networkMode").find(c.named), std::string::npos);
  }
}

// The research notes (item 4) give ECS's text as "Fargate only supports network mode 'awsvpc'."
// and docs/validation-rules.md says messages are ECS's text followed by ecsplay's explanation in
// parentheses: ECS's sentence appears whole.
TEST(FargateRules, AwsvpcMessageIsEcsSentenceThenTheExplanation) {
  Validation v = test::judge(fargateWith([](Json& td) { td["networkMode"] = "bridge"; }));
  const Finding* f = test::findingAt(v, "FargateNeedsAwsvpc", "networkMode");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message.rfind("Fargate only supports network mode 'awsvpc'. (", 0), 0u) << f->message;
}

TEST(FargateRules, RefuseParametersFargateCannotHonour) {
  const RuleCase cases[] = {
      {"placement constraints", fargateWith([](Json& td) {
         td["placementConstraints"] = test::json(R"([{"type": "memberOf", "expression": "attribute:x == y"}])");
       }),
       "FargateUnsupportedParameter", "placementConstraints", Severity::Error,
       "Fargate compatible task definitions do not support constraints"},
      {"ipcMode", fargateWith([](Json& td) { td["ipcMode"] = "task"; }), "FargateUnsupportedParameter", "ipcMode",
       Severity::Error, "Fargate compatible task definitions do not support ipcMode"},
      {"pidMode host", fargateWith([](Json& td) { td["pidMode"] = "host"; }), "FargateUnsupportedParameter", "pidMode",
       Severity::Error,
       "Tasks using the Fargate launch type do not support pidMode 'host'. The supported value for pidMode is 'task'."},
      {"dockerSecurityOptions", fargateWith([](Json& td) { container(td)["dockerSecurityOptions"] = {"no-new-privileges"}; }),
       "FargateUnsupportedParameter", "containerDefinitions[0].dockerSecurityOptions", Severity::Error,
       "Fargate compatible task definitions do not support dockerSecurityOptions"},
      {"privileged", fargateWith([](Json& td) { container(td)["privileged"] = true; }), "FargateUnsupportedParameter",
       "containerDefinitions[0].privileged", Severity::Error,
       "Fargate requires that the 'privileged' setting be 'false' at the container level."},
      {"GPU", fargateWith([](Json& td) { container(td)["resourceRequirements"] = test::json(R"([{"type": "GPU", "value": "1"}])"); }),
       "FargateUnsupportedParameter", "containerDefinitions[0].resourceRequirements", Severity::Error,
       "Tasks using the Fargate launch type do not support GPU resource requirements."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  for (const char* field : {"devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"}) {
    SCOPED_TRACE(field);
    Json td = fargateWith([field](Json& d) {
      Json value = std::string(field) == "devices" ? test::json(R"([{"hostPath": "/dev/fuse"}])")
                   : std::string(field) == "tmpfs" ? test::json(R"([{"containerPath": "/tmp", "size": 64}])")
                                                   : Json(64);
      container(d)["linuxParameters"] = {{field, value}};
    });
    EXPECT_TRUE(test::reports(test::judge(td), "FargateUnsupportedParameter",
                              std::string("containerDefinitions[0].linuxParameters.") + field, Severity::Error,
                              std::string("Fargate compatible task definitions do not support ") + field));
  }
  const AcceptedCase accepted[] = {
      {"pidMode task", fargateWith([](Json& td) { td["pidMode"] = "task"; }), "FargateUnsupportedParameter"},
      {"privileged false", fargateWith([](Json& td) { container(td)["privileged"] = false; }), "FargateUnsupportedParameter"},
      {"initProcessEnabled", fargateWith([](Json& td) { container(td)["linuxParameters"] = {{"initProcessEnabled", true}}; }),
       "FargateUnsupportedParameter"},
      {"no placement constraints", fargateWith([](Json& td) { td["placementConstraints"] = Json::array(); }),
       "FargateUnsupportedParameter"},
  };
  for (const AcceptedCase& c : accepted) test::expectAccepted(c);
}

TEST(FargateRules, OnlySysPtraceMayBeAdded) {
  Json td = fargateWith([](Json& d) { container(d)["linuxParameters"] = {{"capabilities", {{"add", {"SYS_PTRACE", "NET_ADMIN"}}}}}; });
  EXPECT_TRUE(test::reports(test::judge(td), "FargateCapability", "containerDefinitions[0].linuxParameters.capabilities.add",
                            Severity::Error, "NET_ADMIN is not allowed on Fargate."));
  Json ptrace = fargateWith([](Json& d) {
    container(d)["linuxParameters"] = {{"capabilities", {{"add", {"SYS_PTRACE"}}, {"drop", {"NET_RAW"}}}}};
  });
  EXPECT_TRUE(test::acceptedWithout(test::judge(ptrace), "FargateCapability"));
}

TEST(FargateRules, StopTimeoutIsTwoToOneHundredTwentySeconds) {
  // ECS-FACTS.md: Fargate 2-120 s; 120 itself is accepted (research notes, item 11).
  auto stop = [](int seconds) { return fargateWith([seconds](Json& td) { container(td)["stopTimeout"] = seconds; }); };
  test::expectRule({"121 s", stop(121), "FargateStopTimeout", "containerDefinitions[0].stopTimeout", Severity::Error,
                    "Tasks using the Fargate launch type must have a container stop timeout of less than 120 seconds."});
  test::expectRule({"1 s", stop(1), "FargateStopTimeout", "containerDefinitions[0].stopTimeout", Severity::Error,
                    "between 2 and 120 seconds"});
  for (int ok : {2, 30, 120}) {
    SCOPED_TRACE(ok);
    EXPECT_TRUE(test::acceptedWithout(test::judge(stop(ok)), "FargateStopTimeout"));
  }
  // EC2 has no such limit.
  Json ec2 = test::edited(test::ec2Definition(), [](Json& td) { container(td)["stopTimeout"] = 600; });
  EXPECT_TRUE(test::acceptedWithout(test::judge(ec2), "FargateStopTimeout"));
}

TEST(FargateRules, LogDriversAndAwslogsNeeds) {
  const RuleCase cases[] = {
      {"json-file", fargateWith([](Json& td) { container(td)["logConfiguration"] = {{"logDriver", "json-file"}}; }),
       "FargateLogDriver", "containerDefinitions[0].logConfiguration.logDriver", Severity::Error,
       "json-file is not a valid log driver. Must be one of [awslogs,splunk,awsfirelens]"},
      {"awslogs without an execution role", withAwslogs(fargateDefinition(), false, true),
       "FargateAwslogsNeedsExecutionRole", "containerDefinitions[0].logConfiguration.logDriver", Severity::Error,
       "Fargate requires task definition to have execution role ARN to support log driver awslogs."},
      {"awslogs without a stream prefix", withAwslogs(fargateDefinition(), true, false),
       "FargateAwslogsNeedsStreamPrefix", "containerDefinitions[0].logConfiguration.options", Severity::Error,
       "Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs."},
  };
  for (const RuleCase& c : cases) test::expectRule(c);
  EXPECT_TRUE(test::acceptedWithout(test::judge(withAwslogs(fargateDefinition(), true, true)), "FargateAwslogsNeedsExecutionRole"));
  // On EC2 neither the role nor the prefix is needed.
  EXPECT_TRUE(test::acceptedWithout(test::judge(withAwslogs(test::ec2Definition(), false, false)),
                                    "FargateAwslogsNeedsExecutionRole"));
  for (const char* driver : {"splunk", "awsfirelens"}) {
    SCOPED_TRACE(driver);
    Json td = fargateWith([driver](Json& d) { container(d)["logConfiguration"] = {{"logDriver", driver}}; });
    EXPECT_TRUE(test::lacks(test::judge(td), "FargateLogDriver"));
  }
}

TEST(FargateRules, WindowsRunsOnX86Only) {
  Json td = fargateWith([](Json& d) {
    d["cpu"] = "1024";
    d["memory"] = "2048";
    d["runtimePlatform"] = {{"operatingSystemFamily", "WINDOWS_SERVER_2019_CORE"}, {"cpuArchitecture", "ARM64"}};
  });
  EXPECT_TRUE(test::reports(test::judge(td), "FargateWindowsArm", "runtimePlatform.cpuArchitecture", Severity::Error,
                            "X86_64 only"));
  Json linuxArm = fargateWith([](Json& d) { d["runtimePlatform"] = {{"operatingSystemFamily", "LINUX"}, {"cpuArchitecture", "ARM64"}}; });
  EXPECT_TRUE(test::acceptedWithout(test::judge(linuxArm), "FargateWindowsArm"));
}

TEST(FargateRules, AFargateDefinitionRunOnEc2KeepsFargatesRules) {
  // Running a Fargate definition on EC2: FARGATE stays binding; EC2's own rules are added.
  Json td = fargateWith([](Json& d) { d["ephemeralStorage"] = {{"sizeInGiB", 30}}; });
  EXPECT_TRUE(test::judge(td).valid());
  Validation v = test::judgeFor(td, LaunchType::EC2);
  EXPECT_NE(test::findingAt(v, "EphemeralStorageFargateOnly", "ephemeralStorage"), nullptr) << test::describe(v);
  EXPECT_NE(test::findingAt(v, "IncompatibleLaunchType", ""), nullptr) << test::describe(v);
  EXPECT_EQ(test::messageOf(v, "IncompatibleLaunchType", "").rfind("Task definition does not support launch_type EC2.", 0), 0u);
}

TEST(InstanceRules, EphemeralStorageIsFargates) {
  Json td = test::edited(test::ec2Definition(), [](Json& d) { d["ephemeralStorage"] = {{"sizeInGiB", 30}}; });
  test::expectRule({"EC2 with ephemeralStorage", td, "EphemeralStorageFargateOnly", "ephemeralStorage", Severity::Error,
                    "Tasks using the EC2 launch type do not support EphemeralStorage."});
  Json mi = test::edited(test::awsvpcDefinition(), [](Json& d) {
    d["requiresCompatibilities"] = {"MANAGED_INSTANCES"};
    d["ephemeralStorage"] = {{"sizeInGiB", 30}};
  });
  test::expectRule({"Managed Instances with ephemeralStorage", mi, "EphemeralStorageFargateOnly", "ephemeralStorage",
                    Severity::Error, "Tasks using the MANAGED_INSTANCES launch type do not support EphemeralStorage."});
}

TEST(InstanceRules, ExternalInstancesHaveNoAwsvpc) {
  Json td = test::edited(test::awsvpcDefinition(), [](Json& d) { d["requiresCompatibilities"] = {"EXTERNAL"}; });
  test::expectRule({"EXTERNAL with awsvpc", td, "ExternalNoAwsvpc", "networkMode", Severity::Error,
                    "The awsvpc network mode is not supported on external instances (ECS Anywhere)"});
  for (const char* mode : {"bridge", "host", "none"}) {
    SCOPED_TRACE(mode);
    Json ok = test::edited(td, [mode](Json& d) {
      d["networkMode"] = mode;
      container(d).erase("portMappings");
    });
    EXPECT_TRUE(test::acceptedWithout(test::judge(ok), "ExternalNoAwsvpc"));
  }
}

TEST(WindowsRules, DefaultOrAwsvpcNetworkModeOnInstances) {
  for (const char* mode : {"bridge", "host", "none"}) {
    SCOPED_TRACE(mode);
    Json td = test::edited(test::windowsDefinition(), [mode](Json& d) { d["networkMode"] = mode; });
    EXPECT_TRUE(test::reports(test::judge(td), "WindowsNetworkMode", "networkMode", Severity::Error,
                              std::string("'") + mode + "' is for Linux."));
  }
  EXPECT_TRUE(test::acceptedWithout(test::judge(test::windowsDefinition()), "WindowsNetworkMode"));
  Json awsvpc = test::edited(test::windowsDefinition(), [](Json& d) { d["networkMode"] = "awsvpc"; });
  EXPECT_TRUE(test::acceptedWithout(test::judge(awsvpc), "WindowsNetworkMode"));
}

TEST(WindowsRules, TaskLevelCpuAndMemoryAreIgnored) {
  Json td = test::edited(test::windowsDefinition(), [](Json& d) {
    d["cpu"] = "1024";
    d["memory"] = "2048";
  });
  EXPECT_TRUE(test::reports(test::judge(td), "TaskLimitsIgnoredOnWindows", "cpu", Severity::Warning,
                            "Task-level CPU and memory parameters are ignored for Windows containers"));
  Json memoryOnly = test::edited(test::windowsDefinition(), [](Json& d) { d["memory"] = "2048"; });
  EXPECT_NE(test::findingAt(test::judge(memoryOnly), "TaskLimitsIgnoredOnWindows", "memory"), nullptr);
  EXPECT_TRUE(test::lacks(test::judge(test::windowsDefinition()), "TaskLimitsIgnoredOnWindows"));
}

TEST(WindowsRules, ContainerCpuZeroIsOnePercentOfACpu) {
  // API ref, ContainerDefinition.cpu: on Windows "A null or zero CPU value is passed to Docker as
  // 0, which Windows interprets as 1% of one CPU" (ECS-FACTS.md, "Windows: container cpu 0").
  Json noCpu = test::edited(test::windowsDefinition(), [](Json& d) { test::container(d).erase("cpu"); });
  EXPECT_TRUE(test::reports(test::judge(noCpu), "WindowsCpuZero", "containerDefinitions[0].cpu", Severity::Warning,
                            "1% of one CPU"));
  EXPECT_TRUE(test::lacks(test::judge(test::windowsDefinition()), "WindowsCpuZero"));  // cpu 512
  Json linux = test::edited(test::ec2Definition(), [](Json& d) { test::container(d).erase("cpu"); });
  EXPECT_TRUE(test::lacks(test::judge(linux), "WindowsCpuZero"));  // Linux shares unallocated CPU
}

TEST(WindowsRules, WarnsAboutSettingsWindowsContainersLack) {
  for (const char* field : {"user", "readonlyRootFilesystem", "privileged", "ulimits", "dnsServers"}) {
    SCOPED_TRACE(field);
    Json td = test::edited(test::windowsDefinition(), [field](Json& d) {
      std::string f = field;
      container(d)[field] = f == "user" ? Json("ContainerUser")
                            : f == "ulimits" ? test::json(R"([{"name": "nofile", "softLimit": 1, "hardLimit": 2}])")
                            : f == "dnsServers" ? test::json(R"(["10.0.0.2"])")
                                                : Json(true);
    });
    EXPECT_TRUE(test::reports(test::judge(td), "NotOnWindows", std::string("containerDefinitions[0].") + field,
                              Severity::Warning, "is not supported for Windows containers"));
  }
  Json pid = test::edited(test::windowsDefinition(), [](Json& d) { d["pidMode"] = "task"; });
  EXPECT_TRUE(test::reports(test::judge(pid), "NotOnWindows", "pidMode", Severity::Warning, "not supported for Windows tasks"));
  Json gpu = test::edited(test::windowsDefinition(), [](Json& d) {
    container(d)["resourceRequirements"] = test::json(R"([{"type": "GPU", "value": "1"}])");
  });
  EXPECT_TRUE(test::reports(test::judge(gpu), "NotOnWindows", "containerDefinitions[0].resourceRequirements",
                            Severity::Warning, "GPUs are not supported for Windows containers."));
  // The same settings on Linux say nothing.
  Json linux = test::edited(test::ec2Definition(), [](Json& d) { container(d)["user"] = "1000"; });
  EXPECT_TRUE(test::acceptedWithout(test::judge(linux), "NotOnWindows"));
}

TEST(ManagedInstancesRules, AwsvpcAndLinuxOnly) {
  // Real replies list MANAGED_INSTANCES for awsvpc definitions only (docs/research/requires-attributes.md, §6).
  Json bridge = test::edited(test::ec2Definition(), [](Json& d) { d["requiresCompatibilities"] = {"MANAGED_INSTANCES"}; });
  test::expectRule({"bridge", bridge, "ManagedInstancesNetworkMode", "networkMode", Severity::Error,
                    "ECS Managed Instances run tasks in the awsvpc network mode; this definition uses bridge."});
  Json host = test::edited(bridge, [](Json& d) { d["networkMode"] = "host"; });
  test::expectRule({"host", host, "ManagedInstancesNetworkMode", "networkMode", Severity::Error,
                    "ECS Managed Instances run tasks in the awsvpc network mode; this definition uses host."});
  Json windows = test::edited(test::windowsDefinition(), [](Json& d) {
    d["requiresCompatibilities"] = {"MANAGED_INSTANCES"};
    d["networkMode"] = "awsvpc";
  });
  test::expectRule({"Windows", windows, "ManagedInstancesLinuxOnly", "runtimePlatform.operatingSystemFamily",
                    Severity::Error, "ECS Managed Instances run Linux tasks only."});
  Json ok = test::edited(test::awsvpcDefinition(), [](Json& d) { d["requiresCompatibilities"] = {"MANAGED_INSTANCES"}; });
  Validation v = test::judge(ok);
  EXPECT_TRUE(test::reports(v, "ManagedInstancesNotSimulated", "", Severity::Info, "ecsplay does not simulate ECS Managed Instances"));
}

TEST(LaunchTypeOption, RunningOnALaunchTypeTheDefinitionCannotUseIsRefused) {
  // RunTask's InvalidParameterException: "Task definition does not support launch_type FARGATE."
  Validation v = test::judgeFor(test::ec2Definition(), LaunchType::FARGATE);
  const Finding* f = test::findingAt(v, "IncompatibleLaunchType", "");
  ASSERT_NE(f, nullptr) << test::describe(v);
  EXPECT_EQ(f->severity, Severity::Error);
  EXPECT_EQ(f->message.rfind("Task definition does not support launch_type FARGATE.", 0), 0u) << f->message;
  // With the reasons.
  EXPECT_NE(test::findingAt(v, "FargateNeedsAwsvpc", "networkMode"), nullptr);
  EXPECT_NE(test::findingAt(v, "FargateCpuRequired", "cpu"), nullptr);
  EXPECT_FALSE(v.valid());

  Validation external = test::judgeFor(test::awsvpcDefinition(), LaunchType::EXTERNAL);
  EXPECT_NE(test::findingAt(external, "ExternalNoAwsvpc", "networkMode"), nullptr);
  EXPECT_NE(test::findingAt(external, "IncompatibleLaunchType", ""), nullptr);

  // A launch type the definition can use adds nothing.
  EXPECT_TRUE(test::acceptedWithout(test::judgeFor(test::ec2Definition(), LaunchType::EXTERNAL), "IncompatibleLaunchType"));
  EXPECT_TRUE(test::acceptedWithout(test::judgeFor(fargateDefinition(), LaunchType::FARGATE), "IncompatibleLaunchType"));
}

TEST(LaunchTypeOption, ARequiredLaunchTypeGetsRegistrationErrorsNotALaunchTypeVerdict) {
  // Asking for FARGATE on a definition that requires it: ECS refuses the registration itself.
  Json td = fargateWith([](Json& d) { d["networkMode"] = "bridge"; });
  Validation v = test::judgeFor(td, LaunchType::FARGATE);
  EXPECT_TRUE(test::reports(v, "FargateNeedsAwsvpc", "networkMode", Severity::Error, "Fargate only supports"));
}

TEST(CheckLaunchType, JudgesOneLaunchTypeOnItsOwn) {
  TaskDefinition td = parseTaskDefinition(test::ec2Definition()).definition;
  Findings fargate;
  checkLaunchType(td, LaunchType::FARGATE, {}, fargate);
  std::set<std::string> codes;
  for (const Finding& f : fargate) codes.insert(f.code);
  EXPECT_EQ(codes, (std::set<std::string>{"FargateCpuRequired", "FargateMemoryRequired", "FargateNeedsAwsvpc"}));
  Findings ec2;
  checkLaunchType(td, LaunchType::EC2, {}, ec2);
  EXPECT_TRUE(ec2.empty());
}
