// locateJsonPath: from a finding's path to its place in the editor's text (json_input.h).
#include <gtest/gtest.h>

#include <string>

#include "ecsplay/json_input.h"

using namespace ecsplay;

namespace {

const char* const kText = R"({
  "family": "web",
  "note": "the \"containerDefinitions\" key, in a string",
  "containerDefinitions": [
    {"name": "a", "image": "x", "portMappings": [{"containerPort": 80}]},
    {"name": "b", "image": "y", "memoryReservation": 512, "dockerLabels": {"k": [1, {"v": 2}]}}
  ]
})";

// The text a location points at, for readable assertions.
std::string at(const JsonLocation& loc, size_t n = 0) {
  std::string t = kText;
  return t.substr(loc.offset, n ? n : loc.length);
}

}  // namespace

TEST(JsonLocation, FindsNestedKeysAndArrayElements) {
  JsonLocation loc = locateJsonPath(kText, "containerDefinitions[1].memoryReservation");
  ASSERT_TRUE(loc.exact);
  EXPECT_EQ(at(loc), "\"memoryReservation\"");
  loc = locateJsonPath(kText, "containerDefinitions[0].portMappings[0].containerPort");
  ASSERT_TRUE(loc.exact);
  EXPECT_EQ(at(loc), "\"containerPort\"");
  loc = locateJsonPath(kText, "containerDefinitions[1]");
  ASSERT_TRUE(loc.exact);
  EXPECT_EQ(at(loc, 9), "{\"name\": ");
}

TEST(JsonLocation, SkipsKeysThatAppearInsideStringsAndNestedValues) {
  // The first "containerDefinitions" in the text is inside a string, with escaped quotes.
  JsonLocation loc = locateJsonPath(kText, "containerDefinitions");
  ASSERT_TRUE(loc.exact);
  size_t line = 0, column = 0;
  lineAndColumn(kText, loc.offset, line, column);
  EXPECT_EQ(line, 4u);
  EXPECT_EQ(column, 3u);
}

TEST(JsonLocation, AMissingFieldPointsAtTheDeepestPartFound) {
  JsonLocation loc = locateJsonPath(kText, "containerDefinitions[0].memory");
  EXPECT_TRUE(loc.found);
  EXPECT_FALSE(loc.exact);
  EXPECT_EQ(at(loc, 9), "{\"name\": ");  // the container the field is missing from
  loc = locateJsonPath(kText, "containerDefinitions[7].name");
  EXPECT_TRUE(loc.found);
  EXPECT_FALSE(loc.exact);
  EXPECT_EQ(at(loc), "\"containerDefinitions\"");
  EXPECT_FALSE(locateJsonPath(kText, "volumes").found);
}

TEST(JsonLocation, NeverFailsOnTextThatIsNotJson) {
  for (const char* text : {"", "{", "{\"a\": [1, 2", "[[[[[", "\"unterminated", "{\"a\" \"b\"}", "}}}}"}) {
    SCOPED_TRACE(text);
    JsonLocation loc = locateJsonPath(text, "a[3].b.c");
    EXPECT_LE(loc.offset, std::string(text).size());
    EXPECT_FALSE(loc.exact);
  }
  EXPECT_FALSE(locateJsonPath(kText, "containerDefinitions[x]").found);  // not a path
  EXPECT_FALSE(locateJsonPath(kText, "a[99999999999]").found);
}

TEST(JsonLocation, LineAndColumnRoundTrip) {
  std::string text = kText;
  for (size_t offset : {size_t(0), size_t(5), size_t(40), text.size() - 1}) {
    SCOPED_TRACE(offset);
    size_t line = 0, column = 0;
    lineAndColumn(text, offset, line, column);
    EXPECT_EQ(offsetOfLineColumn(text, line, column), offset);
  }
  EXPECT_EQ(offsetOfLineColumn(text, 999, 1), text.size());  // clamped
}
