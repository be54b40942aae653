// The `ecsplay` command's subcommands. Each returns the process exit code.
#pragma once

#include <cstddef>
#include <string>

namespace ecsplay::cli {

// Reads FILE ("-" for standard input), at most `limit` + 1 bytes so that a huge file is refused
// without loading it; false with a message when it cannot be read.
bool readInput(const char* path, size_t limit, std::string& out, std::string& error);

int validate(int argc, char** argv);  // ecsplay validate FILE [--launch-type T] [--platform-version V] [--json]
int run(int argc, char** argv);       // ecsplay run SCENARIO [--until T] [--seed N] [--events FILE] [--json]
int desktop(int argc, char** argv);   // ecsplay [desktop] [--screenshot FILE] [--frames N] [--example N] [--size WxH]

}  // namespace ecsplay::cli
