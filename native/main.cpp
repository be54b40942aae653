// ecsplay: an Amazon ECS simulator and playground. With no arguments it opens the desktop
// playground; subcommands run headless.
#include <cstdio>
#include <cstring>

#include "cli.h"

namespace {

const char* const kUsage =
    "ecsplay - an Amazon ECS simulator and playground\n"
    "\n"
    "usage:\n"
    "  ecsplay                       open the desktop playground\n"
    "  ecsplay validate FILE [options]\n"
    "                                judge a task definition as ECS would\n"
    "      --launch-type EC2|FARGATE|EXTERNAL   judge it as RunTask would for this launch type\n"
    "                                (default: its requiresCompatibilities, else EC2)\n"
    "      --platform-version V      the Fargate platform version the task would run on\n"
    "      --json                    print {\"valid\", \"findings\", \"taskDefinition\"} as JSON\n"
    "      FILE may be - for standard input.\n"
    "      exit status: 0 valid, 1 invalid (findings with errors), 2 unreadable or not JSON\n"
    "  ecsplay run SCENARIO [--until 30m] [--seed N] [--events FILE.jsonl] [--json]\n"
    "                                run a scenario headless and print its timeline\n"
    "      --until T                 how much simulated time to run (default: the scenario's\n"
    "                                \"until\", else 30m)\n"
    "      --seed N                  replace the scenario's seed\n"
    "      --events FILE.jsonl       write the event log, one JSON object per line (- for stdout)\n"
    "      --json                    print the final state: {clusters, containerInstances, tasks,\n"
    "                                services, failures} in the Describe* shapes\n"
    "      exit status: 0 ran, 1 the scenario has errors (nothing ran), 2 unreadable or bad options\n"
    "  ecsplay desktop [--screenshot FILE] [--frames N] [--example N]\n"
    "                  [--screen task-definitions|placement|simulation] [--sim REQUEST]... [--size WxH]\n"
    "                                open the desktop playground; --screenshot draws N frames\n"
    "                                (default 3), saves a PNG and exits; --sim gives the Simulation\n"
    "                                screen a request first: \"load task-lifecycle\", \"seek 1m\",\n"
    "                                \"select TASK\", \"play 60\", \"next\", \"stop\", ...\n"
    "  ecsplay help | version\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return ecsplay::cli::desktop(argc, argv);
  const char* command = argv[1];
  if (std::strcmp(command, "validate") == 0) return ecsplay::cli::validate(argc - 1, argv + 1);
  if (std::strcmp(command, "run") == 0) return ecsplay::cli::run(argc - 1, argv + 1);
  if (std::strcmp(command, "desktop") == 0) return ecsplay::cli::desktop(argc - 1, argv + 1);
  if (std::strcmp(command, "help") == 0 || std::strcmp(command, "--help") == 0 || std::strcmp(command, "-h") == 0) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (std::strcmp(command, "version") == 0 || std::strcmp(command, "--version") == 0) {
    std::printf("ecsplay %s\n", ECSPLAY_VERSION);
    return 0;
  }
  std::fprintf(stderr, "ecsplay: unknown command '%s'\n\n%s", command, kUsage);
  return 2;
}
