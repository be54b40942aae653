// Reading the command line's input files (see cli.h).
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli.h"

namespace ecsplay::cli {

bool readInput(const char* path, size_t limit, std::string& out, std::string& error) {
  bool stdinInput = std::strcmp(path, "-") == 0;
  FILE* f = stdinInput ? stdin : std::fopen(path, "rb");
  if (!f) {
    error = std::string("cannot open ") + path + ": " + std::strerror(errno);
    return false;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.append(buf, n);
    if (out.size() > limit) break;
  }
  bool failed = std::ferror(f) != 0;
  if (!stdinInput) std::fclose(f);
  if (failed) {
    error = std::string("cannot read ") + path;
    return false;
  }
  return true;
}

}  // namespace ecsplay::cli
