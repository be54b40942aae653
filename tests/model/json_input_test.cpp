// Reading user JSON (json_input.h): every front end reads pasted text through parseJsonText, which
// never throws or aborts and refuses input that could hurt the machine with a message naming the
// limit (DESIGN.md, conventions: bad input never crashes any front end).
#include <gtest/gtest.h>

#include <string>

#include "ecsplay/json_input.h"
#include "validate/cases.h"

using namespace ecsplay;

namespace {

std::string nested(int depth, const std::string& open, const std::string& close, const std::string& inner = "1") {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += inner;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

}  // namespace

TEST(JsonInput, KeepsTheAuthorsKeyOrder) {
  JsonParseResult r = parseJsonText(R"({"memory": "512", "family": "web", "cpu": "256"})");
  ASSERT_TRUE(r.ok) << r.error;
  std::vector<std::string> keys;
  for (auto it = r.value.begin(); it != r.value.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"memory", "family", "cpu"}));
  EXPECT_TRUE(r.error.empty());
  EXPECT_EQ(r.line, 0u);
}

TEST(JsonInput, ReadsAnyJsonValueNotOnlyObjects) {
  for (const char* text : {"[1, 2]", "\"s\"", "1", "null", "true", " {} "}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(parseJsonText(text).ok);
  }
}

TEST(JsonInput, ReportsASyntaxErrorWithItsLineAndColumn) {
  JsonParseResult r = parseJsonText("{\n  \"family\": \"web\",\n  \"cpu\": ,\n}");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.line, 3u);
  EXPECT_EQ(r.column, 10u);  // the ',' where a value should be
  EXPECT_EQ(r.error.rfind("Malformed JSON at line 3, column 10: ", 0), 0u) << r.error;
  EXPECT_TRUE(r.value.is_null());
}

TEST(JsonInput, RefusesWhatIsNotJson) {
  // Comments, trailing commas, NaN and Infinity are not JSON: the AWS CLI's --cli-input-json
  // refuses them too.
  struct Case {
    const char* text;
    size_t line;
  };
  const Case cases[] = {
      {"{\"a\": 1,}", 1},          {"// c\n{}", 1},          {"{\"a\": 1 /* c */}", 1}, {"{'a': 1}", 1},
      {"{\"cpu\": NaN}", 1},       {"{\"cpu\": Infinity}", 1}, {"{\"cpu\": -Infinity}", 1},
      {"{\"a\": \"open}", 1},      {"{\"a\" 1}", 1},          {"{\"a\": 01}", 1},        {"{} x", 1},
      {"{}{}", 1},                 {"{\n\n\"a\": tru}", 3},   {"[1, 2", 1},              {"{\"a\": \"\t\"}", 1},
      {"\"\\x41\"", 1},            {"{\"a\": 1.}", 1},        {"{\"a\": .5}", 1},        {"{\"a\": +1}", 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    JsonParseResult r = parseJsonText(c.text);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, c.line);
    EXPECT_GE(r.column, 1u);
    EXPECT_EQ(r.error.rfind("Malformed JSON at line ", 0), 0u) << r.error;
  }
}

TEST(JsonInput, RefusesEmptyInput) {
  for (const char* text : {"", " ", "\n\t\r\n  "}) {
    SCOPED_TRACE(testing::PrintToString(text));
    JsonParseResult r = parseJsonText(text);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "The input is empty: expected a JSON object.");
    EXPECT_EQ(r.line, 0u);
  }
}

TEST(JsonInput, RefusesInputAboveTheSizeLimitBeforeReadingIt) {
  JsonLimits limits;
  limits.maxBytes = 100;
  std::string exactly = "[" + std::string(97, ' ') + "1]";  // 100 bytes
  ASSERT_EQ(exactly.size(), 100u);
  EXPECT_TRUE(parseJsonText(exactly, limits).ok);

  // One byte more is refused even though it is not JSON at all: size comes first.
  JsonParseResult r = parseJsonText(std::string(101, '{'), limits);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.line, 0u);
  EXPECT_NE(r.error.find("The input is 101 bytes; ecsplay reads at most 100 bytes"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("64 KiB"), std::string::npos) << r.error;
}

TEST(JsonInput, DefaultSizeLimitIsOneMiB) {
  std::string big = "\"" + std::string(1024 * 1024 - 2, 'x') + "\"";
  EXPECT_TRUE(parseJsonText(big).ok);
  JsonParseResult r = parseJsonText(big + " ");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("at most 1 MiB"), std::string::npos) << r.error;
}

TEST(JsonInput, AcceptsNestingUpToTheDepthLimit) {
  EXPECT_TRUE(parseJsonText(nested(63, "[", "]")).ok);
  EXPECT_TRUE(parseJsonText(nested(64, "[", "]")).ok);
  EXPECT_TRUE(parseJsonText(nested(64, "{\"a\":", "}")).ok);
}

TEST(JsonInput, RefusesNestingDeeperThanTheLimit) {
  for (const std::string& text : {nested(65, "[", "]"), nested(65, "{\"a\":", "}"), nested(65, "[{\"a\":", "}]"),
                                  std::string(100000, '[')}) {
    SCOPED_TRACE(text.substr(0, 20));
    JsonParseResult r = parseJsonText(text);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, 0u);
    EXPECT_EQ(r.error, "The JSON nests deeper than 64 levels; ECS inputs nest at most a few levels deep.");
    EXPECT_TRUE(r.value.is_null());
  }
  JsonLimits shallow;
  shallow.maxDepth = 2;
  EXPECT_TRUE(parseJsonText("[[1]]", shallow).ok);
  EXPECT_FALSE(parseJsonText("[[[1]]]", shallow).ok);
}

TEST(JsonInput, RefusesInvalidUtf8) {
  const char* const cases[] = {
      "{\"family\": \"\xff\"}",          // not a UTF-8 byte
      "{\"family\": \"\xc0\xaf\"}",      // overlong encoding of '/'
      "{\"family\": \"\xe2\x82\"}",      // truncated sequence
      "{\"family\": \"\xed\xa0\x80\"}",  // an encoded surrogate
      "{\"family\": \"\\ud800\"}",       // an unpaired surrogate escape
      "{\"\xfe\": 1}",                   // in a key
      "\xef\xbb",                        // half a byte-order mark
  };
  for (const char* text : cases) {
    SCOPED_TRACE(testing::PrintToString(text));
    JsonParseResult r = parseJsonText(text);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, 1u);
    EXPECT_EQ(r.error.rfind("Malformed JSON", 0), 0u) << r.error;
  }
  JsonParseResult ok = parseJsonText("{\"family\": \"caf\xc3\xa9 \\u00e9 \\ud83d\\ude00\"}");
  EXPECT_TRUE(ok.ok) << ok.error;
}

// A syntax error's message quotes what the parser last read ("last read: '...'"), and nlohmann
// passes bytes above 0x7F through as they are: for input that is not UTF-8 the message is not
// UTF-8 either (json_input.cpp keeps nlohmann's text after its "line L, column C: " prefix). The
// CLI prints it to the terminal and the playground draws it; a strict JSON writer would abort on it.
TEST(JsonInput, SyntaxErrorMessagesAreValidUtf8) {
  for (const char* text : {"{\xc0}", "{\"a\": \xff}", "[\xe2\x82]", "{\"\xff\": 1}"}) {
    SCOPED_TRACE(testing::PrintToString(text));
    JsonParseResult r = parseJsonText(text);
    ASSERT_FALSE(r.ok);
    EXPECT_TRUE(test::isValidUtf8(r.error)) << r.error;
  }
}

TEST(JsonInput, ReadsIntegersBeyondInt64AsNumbers) {
  JsonParseResult max = parseJsonText("18446744073709551615");
  ASSERT_TRUE(max.ok);
  EXPECT_TRUE(max.value.is_number_unsigned());

  JsonParseResult above = parseJsonText("18446744073709551616");
  ASSERT_TRUE(above.ok);
  EXPECT_TRUE(above.value.is_number_float());

  JsonParseResult below = parseJsonText("-9223372036854775809");
  ASSERT_TRUE(below.ok);
  EXPECT_TRUE(below.value.is_number_float());

  JsonParseResult huge = parseJsonText("123456789012345678901234567890");
  ASSERT_TRUE(huge.ok);
  EXPECT_STREQ(jsonTypeName(huge.value), "number");
}

TEST(JsonInput, RefusesNumbersThatOverflowADouble) {
  for (const char* text : {"{\"cpu\": 1e400}", "[-1e400]", "1E999"}) {
    SCOPED_TRACE(text);
    JsonParseResult r = parseJsonText(text);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, 1u);
    EXPECT_EQ(r.error.rfind("Malformed JSON at line 1", 0), 0u) << r.error;
  }
  EXPECT_TRUE(parseJsonText("1e-400").ok);  // underflows to zero: a number
}

TEST(JsonInput, DescribesSizesForMessages) {
  EXPECT_EQ(describeSize(87), "87 bytes");
  EXPECT_EQ(describeSize(512 * 1024), "512 KiB");
  EXPECT_EQ(describeSize(1024 * 1024), "1 MiB");
  EXPECT_EQ(describeSize(12300000), "12.3 MB");
  EXPECT_EQ(describeSize(0), "0 bytes");
}

TEST(JsonInput, DescribesValuesShortly) {
  EXPECT_EQ(describeValue(Json("web")), "\"web\"");
  EXPECT_EQ(describeValue(Json(1024)), "1024");
  EXPECT_EQ(describeValue(Json(true)), "true");
  EXPECT_EQ(describeValue(Json(nullptr)), "null");
  EXPECT_EQ(describeValue(Json::object()), "{...}");
  EXPECT_EQ(describeValue(Json::array()), "[...]");
  std::string cut = describeValue(Json(std::string(100, 'a')), 10);
  EXPECT_EQ(cut, "\"aaaaaaaaa...");
  // Invalid UTF-8 in a value built in code is replaced, not a reason to abort.
  EXPECT_FALSE(describeValue(Json(std::string("\xff\xfe"))).empty());
}

TEST(JsonInput, NamesJsonTypesAsAUserWould) {
  EXPECT_STREQ(jsonTypeName(Json(nullptr)), "null");
  EXPECT_STREQ(jsonTypeName(Json::object()), "object");
  EXPECT_STREQ(jsonTypeName(Json::array()), "array");
  EXPECT_STREQ(jsonTypeName(Json("s")), "string");
  EXPECT_STREQ(jsonTypeName(Json(true)), "boolean");
  EXPECT_STREQ(jsonTypeName(Json(-1)), "integer");
  EXPECT_STREQ(jsonTypeName(Json(1u)), "integer");
  EXPECT_STREQ(jsonTypeName(Json(1.5)), "number");
}
