// A small regular expression engine for the cluster query language's =~ and !~.
//
// std::regex cannot be used: it throws on a bad pattern (the core runs without exceptions, and the
// browser build aborts on a throw) and it backtracks exponentially on patterns such as (a*)*b.
// This one compiles to a Thompson NFA and simulates it in time linear in the input, and reports a
// bad pattern as a value.
//
// Supported (what attribute values need): literals, ., [abc] [a-z] [^...], \d \w \s \D \W \S and
// escaped metacharacters, groups ( ) and (?: ), alternation |, quantifiers * + ? {m} {m,} {m,n}
// (n <= 100), and ^ $ (a match is always of the whole value, as Java's String.matches is).
// Not supported: backreferences, lookaround, lazy/possessive quantifiers, flags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ecsplay {

class Regex {
 public:
  // Compiles `pattern`; on failure error() says why and at which pattern position.
  explicit Regex(std::string_view pattern);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t errorPosition() const { return errorPosition_; }
  // Does the whole of `text` match?
  bool fullMatch(std::string_view text) const;

  struct Inst {
    enum Op { Char, Any, Class, Split, Jmp, Match } op;
    int x = 0, y = 0;         // Split: both targets; Jmp: x
    unsigned char c = 0;      // Char
    int cls = -1;             // Class: index into classes_
  };

 private:
  friend struct RegexCompiler;
  std::vector<Inst> prog_;
  std::vector<std::vector<bool>> classes_;  // 256 entries each
  std::string error_;
  size_t errorPosition_ = 0;
};

}  // namespace ecsplay
