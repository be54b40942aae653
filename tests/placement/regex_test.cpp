// The regular expressions of =~ and !~ (core/src/placement/regex.h): Java's syntax for what
// attribute values need, always a whole-value match (String.matches), time linear in the input
// (no catastrophic backtracking), and bad patterns refused as values with a position.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "placement/regex.h"

using ecsplay::Regex;

namespace {

struct MatchCase {
  std::string pattern, text;
  bool matches;
};

void expectMatches(const std::vector<MatchCase>& cases) {
  for (const MatchCase& c : cases) {
    SCOPED_TRACE("/" + c.pattern + "/ on \"" + c.text + "\"");
    Regex re(c.pattern);
    ASSERT_TRUE(re.ok()) << re.error() << " at " << re.errorPosition();
    EXPECT_EQ(re.fullMatch(c.text), c.matches);
  }
}

struct BadPattern {
  std::string pattern;
  size_t position;
  const char* says;
};

void expectRefused(const BadPattern& b) {
  SCOPED_TRACE("/" + b.pattern + "/");
  Regex re(b.pattern);
  EXPECT_FALSE(re.ok());
  EXPECT_EQ(re.errorPosition(), b.position) << re.error();
  EXPECT_NE(re.error().find(b.says), std::string::npos) << re.error();
  EXPECT_FALSE(re.fullMatch("")) << "a refused pattern matches nothing";
  EXPECT_FALSE(re.fullMatch(b.pattern));
}

}  // namespace

TEST(Regex, LiteralsAndTheDot) {
  expectMatches({{"abc", "abc", true},
                 {"abc", "abd", false},
                 {"abc", "ab", false},
                 {"abc", "abcd", false},
                 {"", "", true},
                 {"", "a", false},
                 {"a.c", "abc", true},
                 {"a.c", "a.c", true},
                 {"a.c", "ac", false},
                 {"a.c", "a\nc", false},
                 {"...", "abc", true},
                 {"...", "ab", false}});
}

TEST(Regex, CharacterClassesRangesAndNegation) {
  expectMatches({{"[abc]x", "bx", true},
                 {"[abc]x", "dx", false},
                 {"[a-c]", "b", true},
                 {"[a-c]", "d", false},
                 {"[a-cx-z]", "y", true},
                 {"[a-cx-z]", "m", false},
                 {"[0-9a-f]+", "deadbeef01", true},
                 {"[0-9a-f]+", "deadbeeg", false},
                 {"[^0-9]+", "abc", true},
                 {"[^0-9]+", "a1", false},
                 {"[^abc]", "d", true},
                 {"[^abc]", "a", false},
                 {"[-a]", "-", true},
                 {"[a-]", "-", true},
                 {"[.]", ".", true},
                 {"[.]", "x", false},
                 {"[\\]]", "]", true},
                 {"[\\d]", "5", true},
                 {"[^\\d]", "x", true},
                 {"[^\\d]", "5", false},
                 {"[\\w.-]+", "ip-10-0-0-1.ec2", true},
                 {"[\\w.-]+", "ip 10", false}});
}

TEST(Regex, ShorthandClasses) {
  expectMatches({{"\\d+", "123", true},
                 {"\\d+", "12a", false},
                 {"\\w+", "a_Z9", true},
                 {"\\w+", "a-b", false},
                 {"\\s", " ", true},
                 {"\\s", "\t", true},
                 {"\\s", "x", false},
                 {"\\D", "x", true},
                 {"\\D", "1", false},
                 {"\\W", "-", true},
                 {"\\W", "a", false},
                 {"\\S", "x", true},
                 {"\\S", " ", false},
                 {"i-\\w{17}", "i-0123456789abcdef0", true}});
}

TEST(Regex, EscapedMetacharactersAreLiterals) {
  expectMatches({{"a\\.b", "a.b", true},
                 {"a\\.b", "axb", false},
                 {"\\*", "*", true},
                 {"\\(\\)", "()", true},
                 {"\\\\", "\\", true},
                 {"\\[x\\]", "[x]", true},
                 {"a\\|b", "a|b", true},
                 {"a\\|b", "a", false},
                 {"\\{2\\}", "{2}", true},
                 {"\\n", "\n", true},
                 {"\\t", "\t", true}});
}

TEST(Regex, GroupsAndAlternation) {
  expectMatches({{"(ab)+", "ababab", true},
                 {"(ab)+", "aba", false},
                 {"(ab)+", "", false},
                 {"(?:ab)c", "abc", true},
                 {"((a)(b))", "ab", true},
                 {"()", "", true},
                 {"(a|b)c", "bc", true},
                 {"cat|dog", "dog", true},
                 {"cat|dog", "cow", false},
                 {"cat|dog", "catdog", false},
                 {"(cat|dog)+", "catdog", true},
                 {"(t2|t3)\\.micro", "t3.micro", true},
                 {"(t2|t3)\\.micro", "t4.micro", false},
                 {"a|b|c", "c", true},
                 {"a|", "", true},
                 {"a|", "a", true},
                 {"|a", "", true},
                 {"us-east-1(a|b)|eu-west-1c", "eu-west-1c", true},
                 {"us-east-1(a|b)|eu-west-1c", "us-east-1c", false}});
}

TEST(Regex, Quantifiers) {
  expectMatches({{"ab*c", "ac", true},
                 {"ab*c", "abbbc", true},
                 {"ab+c", "ac", false},
                 {"ab+c", "abbc", true},
                 {"ab?c", "ac", true},
                 {"ab?c", "abc", true},
                 {"ab?c", "abbc", false},
                 {"a{3}", "aaa", true},
                 {"a{3}", "aa", false},
                 {"a{3}", "aaaa", false},
                 {"a{2,3}", "aa", true},
                 {"a{2,3}", "aaa", true},
                 {"a{2,3}", "a", false},
                 {"a{2,3}", "aaaa", false},
                 {"a{2,}", "aaaaa", true},
                 {"a{2,}", "a", false},
                 {"a{0}", "", true},
                 {"a{0}", "a", false},
                 {"a{0,1}b", "b", true},
                 {"(ab){2}", "abab", true},
                 {"(ab){2}", "ab", false},
                 {"[0-9]{4}-[0-9]{2}-[0-9]{2}", "2018-06-18", true},
                 {"a{100}", std::string(100, 'a'), true},
                 {"a{100}", std::string(99, 'a'), false},
                 {"a{0,100}", std::string(101, 'a'), false},
                 {"(a*)*", "", true},
                 {"(a*)*", "aaa", true},
                 {"(a|b)*abb", "babaabb", true}});
}

TEST(Regex, AlwaysMatchesTheWholeValue) {
  // Java's String.matches: the pattern must cover the value; ^ and $ change nothing.
  expectMatches({{"t2", "t2.micro", false},
                 {"micro", "t2.micro", false},
                 {".*micro", "t2.micro", true},
                 {"m5", "xm5", false},
                 {"m5.*", "m5", true},
                 {"^t2.*$", "t2.micro", true},
                 {"^t2", "t2", true},
                 {"t2$", "t2", true},
                 {"^$", "", true},
                 {"^$", "x", false}});
}

TEST(Regex, TheDocsWildcardExamples) {
  // Dev guide: attribute:ecs.instance-type =~ t2.* and =~ g2.* ("." is any character).
  expectMatches({{"t2.*", "t2.small", true},
                 {"t2.*", "t2", true},
                 {"t2.*", "t3.small", false},
                 {"t2.*", "xt2.small", false},
                 {"g2.*", "g2.2xlarge", true},
                 {"g2.*", "p2.xlarge", false}});
}

TEST(Regex, PatternsCatastrophicForBacktrackingAnswerQuickly) {
  const std::string a30(30, 'a'), x30(30, 'x');
  const std::vector<MatchCase> cases = {
      {"(a*)*b", a30, false},
      {"(a+)+b", a30, false},
      {"(a|a)*b", a30, false},
      {"(a|aa)*c", a30, false},
      {"(a?){30}a{30}", a30, true},
      {"(.*a){20}", std::string(19, 'a') + "b", false},
      {"(x+x+)+y", x30, false},
      {"(a*)*", a30, true},
      {"(\\w+\\s?)+\\$", "words words words words words words words words words words words!", false},
      {"(a|b)*c", std::string(100000, 'a'), false},
      {".*.*.*.*.*=.*", std::string(20000, 'k'), false},
  };
  auto start = std::chrono::steady_clock::now();
  expectMatches(cases);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500)
      << "a backtracking engine takes years on (a*)*b with 30 a's; the NFA takes microseconds";
}

TEST(Regex, HugeCountsAreRefusedOrAnsweredWithoutBlowingUp) {
  auto start = std::chrono::steady_clock::now();
  Regex big("(a{100}){100}");
  if (big.ok()) {
    EXPECT_TRUE(big.fullMatch(std::string(10000, 'a')));
    EXPECT_FALSE(big.fullMatch(std::string(9999, 'a')));
  }
  Regex huge("((a{100}){100}){100}");
  EXPECT_FALSE(huge.ok()) << "a million-state program is refused";
  EXPECT_NE(huge.error().find("too complex"), std::string::npos) << huge.error();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

TEST(Regex, BadPatternsAreRefusedWithThePositionOfTheMistake) {
  const BadPattern cases[] = {
      {"*a", 0, "nothing to repeat"},
      {"+", 0, "nothing to repeat"},
      {"?", 0, "nothing to repeat"},
      {"{2}", 0, "nothing to repeat"},
      {"a|*", 2, "nothing to repeat"},
      {"(*)", 1, "nothing to repeat"},
      {"a(b", 3, "missing ')'"},
      {"a)b", 1, "unbalanced ')'"},
      {"(a))", 3, "unbalanced ')'"},
      {"[abc", 4, "missing ']'"},
      {"[", 1, "missing ']'"},
      {"a{2", 3, "expected '}'"},
      {"a{x}", 1, "'{' must start a count"},
      {"a{2,x}", 4, "expected a number or '}'"},
      {"a\\", 2, "at the end"},
      {"[a\\", 3, "at the end"},
      {"(?=a)", 1, "lookaround"},
      {"(?i)a", 1, "lookaround and flags"},
      {"a*?", 2, "lazy"},
      {"a++", 2, "possessive"},
  };
  for (const BadPattern& b : cases) expectRefused(b);
}

TEST(Regex, DeepGroupsAndLongPatternsAreRefused) {
  std::string deep = std::string(60, '(') + "a" + std::string(60, ')');
  Regex nested(deep);
  EXPECT_FALSE(nested.ok());
  EXPECT_NE(nested.error().find("nest too deeply"), std::string::npos) << nested.error();
  ASSERT_LT(nested.errorPosition(), deep.size());
  EXPECT_EQ(deep[nested.errorPosition()], '(') << "the position points into the groups";

  std::string fine = std::string(40, '(') + "a" + std::string(40, ')');
  EXPECT_TRUE(Regex(fine).fullMatch("a"));

  Regex tooLong(std::string(201, 'a'));
  EXPECT_FALSE(tooLong.ok());
  EXPECT_NE(tooLong.error().find("200"), std::string::npos) << tooLong.error();
  Regex longest(std::string(200, 'a'));
  EXPECT_TRUE(longest.fullMatch(std::string(200, 'a')));
}

// The position of a mistake points at the construct that is wrong (as the index of Java's
// PatternSyntaxException does), never past it.
TEST(Regex, TheErrorPositionPointsIntoTheOffendingConstruct) {
  const struct {
    const char* pattern;
    size_t first, last;  // the construct's characters
  } cases[] = {
      {"a{3,2}", 1, 5},
      {"a{101}", 1, 5},
      {"[b-a]", 1, 3},
      {"a\\1", 1, 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pattern);
    Regex re(c.pattern);
    ASSERT_FALSE(re.ok());
    EXPECT_GE(re.errorPosition(), c.first) << re.error();
    EXPECT_LE(re.errorPosition(), c.last) << re.error();
  }
}

// =~ takes a Java regular expression (Dev guide: cluster query language, java.util.regex.Pattern).
// An escape the engine does not support must be refused, not read as the bare letter: in Java
// \r is a carriage return, \x41 and \u0041 are 'A', \f a form feed, and \q is an error.
TEST(Regex, EscapesJavaReadsDifferentlyAreNotTakenAsTheBareLetter) {
  const struct {
    const char* pattern;
    const char* asJava;       // what Java matches ("" when Java refuses the pattern)
    const char* bareLetters;  // what a letter-for-letter reading matches
  } cases[] = {
      {"\\r", "\r", "r"},
      {"\\f", "\f", "f"},
      {"\\x41", "A", "x41"},
      {"\\u0041", "A", "u0041"},
      {"\\q", "", "q"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pattern);
    Regex re(c.pattern);
    if (!re.ok()) continue;  // refusing is fine
    EXPECT_FALSE(re.fullMatch(c.bareLetters));
    if (*c.asJava) EXPECT_TRUE(re.fullMatch(c.asJava));
    else ADD_FAILURE() << "Java refuses this pattern";
  }
}
