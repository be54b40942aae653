// The `ecsplay` command's subcommands. Each returns the process exit code.
#pragma once

namespace ecsplay::cli {

int validate(int argc, char** argv);  // ecsplay validate FILE [--launch-type T] [--platform-version V] [--json]
int desktop(int argc, char** argv);   // ecsplay [desktop] [--screenshot FILE] [--frames N] [--example N] [--size WxH]

}  // namespace ecsplay::cli
