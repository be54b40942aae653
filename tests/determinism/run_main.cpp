// `ecsplay run` on its own, for the determinism test: built with Emscripten into ecsplay_run.js
// and run with Node on the same scenarios as the native `ecsplay run` (see compare.sh).
//   node ecsplay_run.js SCENARIO [--until T] [--seed N] [--events FILE|-] [--json]
#include "cli.h"

int main(int argc, char** argv) {
  // The native main hands `run` its arguments as argv + 1, so argv[0] is the subcommand's name.
  char name[] = "run";
  argv[0] = name;
  return ecsplay::cli::run(argc, argv);
}
