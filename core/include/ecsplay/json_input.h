// ecsplay/json_input.h — reading JSON text that a user typed, pasted or shared.
//
// Every front end (the playground's editor, `ecsplay validate`, share links, the API endpoint)
// reads user JSON through parseJsonText. It never throws or aborts (Emscripten builds have C++
// exceptions off) and refuses, with a message naming the limit, input that could hurt the
// machine: too many bytes, nesting too deep. Object key order is kept (ordered_json), so a pasted
// task definition is written back in the order its author chose.
//
// Not handled: comments, trailing commas, NaN/Infinity (none is JSON; each is a syntax error here,
// as it is for the AWS CLI's --cli-input-json).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ecsplay {

using Json = nlohmann::ordered_json;

struct JsonLimits {
  size_t maxBytes = 1024 * 1024;  // a registered task definition is at most 64 KiB; 1 MiB leaves room for whitespace
  int maxDepth = 64;              // ECS shapes nest at most ~8 levels deep
};

struct JsonParseResult {
  bool ok = false;
  Json value;           // valid when ok
  std::string error;    // when !ok: one sentence, with line and column for syntax errors
  size_t line = 0;      // 1-based position of a syntax error (0 when not positional)
  size_t column = 0;
};

[[nodiscard]] JsonParseResult parseJsonText(std::string_view text, const JsonLimits& limits = {});

// "12.3 MB", "512 KiB", "87 bytes": sizes in messages.
std::string describeSize(size_t bytes);

// A short rendering of a JSON value for messages: strings quoted, long values cut with "...".
std::string describeValue(const Json& value, size_t maxChars = 40);

// The JSON type name a user would recognise: "string", "integer", "number", "boolean", "object",
// "array", "null".
const char* jsonTypeName(const Json& value);

// Where a finding's path ("containerDefinitions[1].memoryReservation") is in the JSON text, so an
// editor can put the cursor there. Best effort on text that may not even parse: when the path's
// last parts are not in the text (a missing field), the deepest part that is found is returned.
struct JsonLocation {
  bool found = false;  // at least the first part of the path was found
  size_t offset = 0;   // byte offset of the key (or array element) in the text
  size_t length = 0;   // bytes of the key or element start to highlight
  bool exact = false;  // the whole path was found
};
JsonLocation locateJsonPath(std::string_view text, std::string_view path);

// 1-based line and column of a byte offset, and back.
void lineAndColumn(std::string_view text, size_t offset, size_t& line, size_t& column);
size_t offsetOfLineColumn(std::string_view text, size_t line, size_t column);

}  // namespace ecsplay
