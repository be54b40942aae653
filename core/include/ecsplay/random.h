// ecsplay/random.h — the project's one seeded random generator.
//
// Determinism (DESIGN.md): the same seed gives the same numbers natively and in the browser, so
// only integer arithmetic is used (never std::uniform_int_distribution and friends, whose
// sequences differ between libstdc++ and libc++). xoshiro256** seeded through splitmix64.
#pragma once

#include <cstdint>

namespace ecsplay {

class Random {
 public:
  explicit Random(uint64_t seed = 0);
  uint64_t next();                // 64 uniform bits
  uint64_t below(uint64_t bound); // uniform in [0, bound); 0 when bound is 0 (unbiased: rejection)

 private:
  uint64_t s_[4];
};

}  // namespace ecsplay
