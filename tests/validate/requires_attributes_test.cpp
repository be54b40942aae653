// requiresAttributes (requires_attributes.cpp) and the registered form, checked against real
// RegisterTaskDefinition / DescribeTaskDefinition replies: the AWS CLI's sleep360 example
// (../shared/data/aws-cli-examples/ecs/register-task-definition.rst) and the replies copied
// verbatim in docs/research/requires-attributes.md, section 4 (names and order).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "validate/cases.h"

using namespace ecsplay;

namespace {

using Names = std::vector<std::string>;

const char* const kLegacy = "com.amazonaws.ecs.capability.";
const char* const kModern = "ecs.capability.";

std::string legacy(const char* name) { return std::string(kLegacy) + name; }
std::string modern(const char* name) { return std::string(kModern) + name; }

Names attributesOf(const Json& td) {
  Validation v = test::judge(td);
  EXPECT_EQ(v.requiresAttributes, requiresAttributes(v.definition));
  return v.requiresAttributes;
}

// 4.1: Fargate, awsvpc, awslogs, task and execution roles, a health check with startPeriod,
// initProcessEnabled (registered 2024-12 with the AWS CLI).
const char* const kTetrisInput = R"({
    "family": "tetris-game-ecs-ui",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "1024",
    "memory": "2048",
    "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
    "containerDefinitions": [
        {
            "name": "application",
            "image": "makbanov/tetris-game:latest",
            "portMappings": [{"name": "application", "containerPort": 80, "hostPort": 80, "protocol": "tcp", "appProtocol": "http"}],
            "essential": true,
            "linuxParameters": {"initProcessEnabled": true},
            "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:80/actuator/health || exit 1"], "interval": 10, "timeout": 5, "retries": 3, "startPeriod": 60},
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "tetris-game-ecs-tasks", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ui-service"}}
        }
    ],
    "executionRoleArn": "arn:aws:iam::975049978758:role/tetrisGameEcsTaskExecutionRole",
    "taskRoleArn": "arn:aws:iam::975049978758:role/tetrisGameEcsTaskRole"
})";

// Its reply, without registeredAt and registeredBy.
const char* const kTetrisReply = R"({
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:975049978758:task-definition/tetris-game-ecs-ui:1",
        "containerDefinitions": [
            {
                "name": "application",
                "image": "makbanov/tetris-game:latest",
                "cpu": 0,
                "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp", "name": "application", "appProtocol": "http"}],
                "essential": true,
                "environment": [],
                "mountPoints": [],
                "volumesFrom": [],
                "linuxParameters": {"initProcessEnabled": true},
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "tetris-game-ecs-tasks", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ui-service"}},
                "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:80/actuator/health || exit 1"], "interval": 10, "timeout": 5, "retries": 3, "startPeriod": 60},
                "systemControls": []
            }
        ],
        "family": "tetris-game-ecs-ui",
        "taskRoleArn": "arn:aws:iam::975049978758:role/tetrisGameEcsTaskRole",
        "executionRoleArn": "arn:aws:iam::975049978758:role/tetrisGameEcsTaskExecutionRole",
        "networkMode": "awsvpc",
        "revision": 1,
        "volumes": [],
        "status": "ACTIVE",
        "requiresAttributes": [
            {"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
            {"name": "ecs.capability.execution-role-awslogs"},
            {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.19"},
            {"name": "com.amazonaws.ecs.capability.task-iam-role"},
            {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.25"},
            {"name": "ecs.capability.container-health-check"},
            {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"},
            {"name": "ecs.capability.task-eni"},
            {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.29"}
        ],
        "placementConstraints": [],
        "compatibilities": ["EC2", "FARGATE"],
        "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "1024",
        "memory": "2048"
})";

Json registeredAs2024(const Json& input) {
  Validation v = test::judge(input);
  RegistrationInfo info;
  info.accountId = "975049978758";
  info.compatibilities = {LaunchType::EC2, LaunchType::FARGATE};  // before Managed Instances (2025)
  info.requiresAttributes = v.requiresAttributes;
  return registeredForm(v.definition, info);
}

}  // namespace

TEST(RequiresAttributes, NothingForAPlainBridgeDefinition) {
  // 4.6: a Docker Hub image, memory, a port mapping: nothing required.
  EXPECT_EQ(attributesOf(test::json(R"({"family": "be", "memory": "1024", "cpu": "1024", "requiresCompatibilities": ["EC2"],
      "containerDefinitions": [{"name": "be", "image": "huannv93/udacity-awsdevops-project03-1_backend", "cpu": 0,
        "memory": 800, "portMappings": [{"hostPort": 3030, "protocol": "tcp", "containerPort": 3030}],
        "entryPoint": [], "command": [], "environment": [], "essential": true, "mountPoints": [], "volumesFrom": []}]})")),
            Names{});
  Json r = test::judge(test::ec2Definition()).registered;
  EXPECT_FALSE(r.contains("requiresAttributes"));
}

TEST(RequiresAttributes, MatchesARealFargateReply) {
  EXPECT_EQ(attributesOf(test::json(kTetrisInput)),
            (Names{legacy("logging-driver.awslogs"), modern("execution-role-awslogs"), legacy("docker-remote-api.1.19"),
                   legacy("task-iam-role"), legacy("docker-remote-api.1.25"), modern("container-health-check"),
                   legacy("docker-remote-api.1.18"), modern("task-eni"), legacy("docker-remote-api.1.29")}));
}

TEST(RequiresAttributes, MatchesARealReplyWithAPrivateEcrImageByDigest) {
  // 4.2 (2026-06): a private ECR image by digest (1.21), awslogs-create-group (1.29), both roles.
  Json td = test::json(R"({"family": "aiagent", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
      "cpu": "1024", "memory": "3072",
      "taskRoleArn": "arn:aws:iam::838261167460:role/ecsTaskExecutionRole",
      "executionRoleArn": "arn:aws:iam::838261167460:role/ecsTaskExecutionRole",
      "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
      "containerDefinitions": [{"name": "aiagent",
        "image": "838261167460.dkr.ecr.ap-east-1.amazonaws.com/crowbio/aiagent@sha256:2cd3a964f8dadec02a9509809a4044a2b94b37fce648438ab440cede62b04c09",
        "cpu": 0, "portMappings": [{"containerPort": 8000, "hostPort": 8000, "protocol": "tcp", "name": "aiagent-8000-tcp", "appProtocol": "http"}],
        "essential": true, "environment": [], "environmentFiles": [], "mountPoints": [], "volumesFrom": [], "ulimits": [],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/aiagent", "awslogs-create-group": "true",
          "awslogs-region": "ap-east-1", "awslogs-stream-prefix": "ecs"}, "secretOptions": []},
        "systemControls": []}]})");
  EXPECT_EQ(attributesOf(td), (Names{legacy("logging-driver.awslogs"), modern("execution-role-awslogs"), legacy("ecr-auth"),
                                     legacy("docker-remote-api.1.19"), legacy("docker-remote-api.1.21"), legacy("task-iam-role"),
                                     modern("execution-role-ecr-pull"), legacy("docker-remote-api.1.18"), modern("task-eni"),
                                     legacy("docker-remote-api.1.29")}));
  EXPECT_TRUE(test::judge(td).valid()) << test::describe(test::judge(td));
}

TEST(RequiresAttributes, MatchesARealBridgeReplyWithEmptyUlimits) {
  // 4.3 (2024-03): bridge, a private ECR image, awslogs-create-group, an execution role and
  // "ulimits": [] (which alone asks for Docker API 1.18).
  Json td = test::json(R"({"family": "catsdef", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
      "cpu": "512", "memory": "1024", "executionRoleArn": "arn:aws:iam::830000000771:role/ecsTaskExecutionRole",
      "containerDefinitions": [{"name": "cats", "image": "830000000771.dkr.ecr.us-east-1.amazonaws.com/cats:latest",
        "cpu": 0, "portMappings": [{"name": "cats-80-tcp", "containerPort": 80, "hostPort": 0, "protocol": "tcp", "appProtocol": "http"}],
        "essential": true, "environment": [], "environmentFiles": [], "mountPoints": [], "volumesFrom": [], "ulimits": [],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-create-group": "true", "awslogs-group": "/ecs/catsdef",
          "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}, "secretOptions": []},
        "systemControls": []}]})");
  EXPECT_EQ(attributesOf(td), (Names{legacy("logging-driver.awslogs"), modern("execution-role-awslogs"), legacy("ecr-auth"),
                                     legacy("docker-remote-api.1.19"), modern("execution-role-ecr-pull"),
                                     legacy("docker-remote-api.1.18"), legacy("docker-remote-api.1.29")}));
}

TEST(RequiresAttributes, MatchesARealFireLensReply) {
  // 4.4 (2024-07): bridge, FireLens (fluentbit) routing to OpenSearch, an awslogs log router run
  // as user 0 with a memory reservation, both roles, private ECR images.
  Json td = test::json(R"({"family": "wiki", "networkMode": "bridge", "requiresCompatibilities": ["EC2"], "cpu": "1024", "memory": "2048",
      "taskRoleArn": "arn:aws:iam::857290109902:role/wiki-prod",
      "executionRoleArn": "arn:aws:iam::857290109902:role/ecsTaskExecutionRole",
      "volumes": [{"name": "wiki_static", "host": {}}],
      "containerDefinitions": [
        {"name": "app", "image": "098149836275.dkr.ecr.us-east-1.amazonaws.com/tinyco/wiki:v1.0.6.6", "cpu": 1024, "memory": 2048,
         "portMappings": [{"containerPort": 8000, "hostPort": 0, "protocol": "tcp"}], "essential": true, "command": ["gunicorn"],
         "mountPoints": [{"sourceVolume": "wiki_static", "containerPath": "/srv/wiki_static"}],
         "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "opensearch", "Port": "443", "tls": "On"}}},
        {"name": "worker", "image": "098149836275.dkr.ecr.us-east-1.amazonaws.com/tinyco/wiki:v1.0.6.6", "cpu": 0, "essential": false,
         "entryPoint": ["celery"], "workingDirectory": "/usr/src/app",
         "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "opensearch"}}},
        {"name": "log_router", "image": "857290109902.dkr.ecr.us-east-1.amazonaws.com/python-app-logger:firelens-stable",
         "cpu": 0, "memoryReservation": 50, "essential": true, "user": "0",
         "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "firelens-container", "awslogs-create-group": "true",
           "awslogs-region": "us-west-2", "awslogs-stream-prefix": "firelens"}},
         "firelensConfiguration": {"type": "fluentbit", "options": {"enable-ecs-log-metadata": "true"}}}]})");
  EXPECT_EQ(attributesOf(td), (Names{legacy("logging-driver.awslogs"), modern("execution-role-awslogs"), legacy("ecr-auth"),
                                     legacy("docker-remote-api.1.19"), modern("firelens.fluentbit"), legacy("docker-remote-api.1.17"),
                                     legacy("docker-remote-api.1.21"), legacy("logging-driver.awsfirelens"), legacy("task-iam-role"),
                                     modern("execution-role-ecr-pull"), legacy("docker-remote-api.1.29")}));
}

TEST(RequiresAttributes, MatchesARealReplyWithoutAnExecutionRole) {
  // 4.5 (about 2020): the default network mode, private ECR images, awslogs and memory
  // reservations, no execution role: no execution-role attributes.
  Json td = test::json(R"({"family": "example", "containerDefinitions": [
      {"name": "example", "image": "183344260146.dkr.ecr.ap-northeast-1.amazonaws.com/example:latest", "cpu": 128,
       "memoryReservation": 256, "links": ["app"], "portMappings": [{"hostPort": 80, "protocol": "tcp", "containerPort": 80}],
       "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "example", "awslogs-region": "ap-northeast-1",
         "awslogs-stream-prefix": "service"}}, "essential": true},
      {"name": "app", "image": "183344260146.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest", "cpu": 128, "memoryReservation": 256,
       "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "app", "awslogs-region": "ap-northeast-1",
         "awslogs-stream-prefix": "app"}}, "essential": true}]})");
  EXPECT_EQ(attributesOf(td), (Names{legacy("logging-driver.awslogs"), legacy("ecr-auth"), legacy("docker-remote-api.1.19"),
                                     legacy("docker-remote-api.1.21")}));
}

TEST(RequiresAttributes, AreListedOnceEach) {
  // Three containers asking for the same things list each attribute once.
  Json td = test::json(R"({"family": "web", "networkMode": "awsvpc", "containerDefinitions": [
      {"name": "a", "image": "1.dkr.ecr.us-east-1.amazonaws.com/a", "memoryReservation": 64, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}}},
      {"name": "b", "image": "1.dkr.ecr.us-east-1.amazonaws.com/b", "memoryReservation": 64, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}}},
      {"name": "c", "image": "1.dkr.ecr.us-east-1.amazonaws.com/c", "memoryReservation": 64, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}}}]})");
  Names names = attributesOf(td);
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  EXPECT_EQ(names.size(), 6u);  // awslogs, ecr-auth, 1.19, 1.21, 1.18, task-eni
}

TEST(RequiresAttributes, NameTheFeaturesThatNeedThem) {
  struct Case {
    const char* situation;
    test::Edit edit;
    std::string attribute;
  };
  const Case cases[] = {
      {"a task role", [](Json& td) { td["taskRoleArn"] = "arn:aws:iam::1:role/r"; }, legacy("task-iam-role")},
      {"awsvpc", [](Json& td) { td["networkMode"] = "awsvpc"; }, modern("task-eni")},
      {"a privileged container", [](Json& td) { test::container(td)["privileged"] = true; }, legacy("privileged-container")},
      {"dependsOn", [](Json& td) {
         td["containerDefinitions"].push_back({{"name", "b"}, {"image", "busybox"}, {"memory", 64}});
         test::container(td)["dependsOn"] = test::json(R"([{"containerName": "b", "condition": "START"}])");
       }, modern("container-ordering")},
      {"a health check", [](Json& td) { test::container(td)["healthCheck"] = test::json(R"({"command": ["CMD", "true"]})"); },
       modern("container-health-check")},
      {"pidMode", [](Json& td) { td["pidMode"] = "task"; }, modern("pid-ipc-namespace-sharing")},
      {"an SSM secret", [](Json& td) { test::container(td)["secrets"] = test::json(R"([{"name": "A", "valueFrom": "/app/a"}])"); },
       modern("secrets.ssm.environment-variables")},
      {"a Secrets Manager secret",
       [](Json& td) { test::container(td)["secrets"] = test::json(R"([{"name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:a"}])"); },
       modern("secrets.asm.environment-variables")},
      {"an EFS volume", [](Json& td) {
         td["volumes"] = test::json(R"([{"name": "d", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}])");
       }, modern("efs")},
      {"EFS with transit encryption", [](Json& td) {
         td["volumes"] = test::json(R"([{"name": "d", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED"}}])");
       }, modern("efsAuth")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.situation);
    Names names = attributesOf(test::edited(test::ec2Definition(), c.edit));
    EXPECT_NE(std::find(names.begin(), names.end(), c.attribute), names.end()) << testing::PrintToString(names);
  }
  // A public registry adds nothing for ECR.
  Names pub = attributesOf(test::edited(test::ec2Definition(), [](Json& td) {
    test::container(td)["image"] = "public.ecr.aws/nginx/nginx:1.27";
    td["executionRoleArn"] = "arn:aws:iam::1:role/e";
  }));
  EXPECT_EQ(pub, Names{});
}

TEST(RegisteredForm, MatchesTheAwsCliRegisterExample) {
  // ../shared/data/aws-cli-examples/ecs/register-task-definition.rst, example 1 (sleep360).
  Json input = test::json(R"({"containerDefinitions": [{"name": "sleep", "image": "busybox", "cpu": 10,
      "command": ["sleep", "360"], "memory": 10, "essential": true}], "family": "sleep360"})");
  Json reply = test::json(R"({"status": "ACTIVE", "family": "sleep360", "placementConstraints": [],
      "compatibilities": ["EXTERNAL", "EC2"], "volumes": [],
      "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/sleep360:1",
      "containerDefinitions": [{"environment": [], "name": "sleep", "mountPoints": [], "image": "busybox", "cpu": 10,
        "portMappings": [], "command": ["sleep", "360"], "memory": 10, "essential": true, "volumesFrom": []}],
      "revision": 1})");
  Validation v = test::judge(input);
  EXPECT_TRUE(v.valid()) << test::describe(v);
  // The example predates the "systemControls": [] that ECS adds today (see the next test).
  Json ours = v.registered;
  ours["containerDefinitions"][0].erase("systemControls");
  EXPECT_TRUE(test::sameContent(ours, reply)) << ours.dump(2) << "\n" << reply.dump(2);
}

// Every RegisterTaskDefinition reply of 2024 and later in docs/research/requires-attributes.md
// (4.1, registered with the AWS CLI from an input without it; 4.2, 4.3, 4.4) lists
// "systemControls": [] in each container: ECS fills it in as it fills environment, mountPoints
// and volumesFrom.
TEST(RegisteredForm, MatchesARealRegisterTaskDefinitionReply) {
  Json ours = registeredAs2024(test::json(kTetrisInput));
  EXPECT_EQ(test::text(ours), test::text(test::json(kTetrisReply)));
}
