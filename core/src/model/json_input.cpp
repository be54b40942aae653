// Reads user JSON without exceptions, with limits on size and depth (see ecsplay/json_input.h).
#include "ecsplay/json_input.h"

#include <cstdio>
#include <vector>

namespace ecsplay {
namespace {

// Builds an ordered_json document from nlohmann's SAX events. nlohmann's own DOM builder would do,
// but only this one can stop at a depth limit and keep the parser's message without a throw.
class DomBuilder {
 public:
  DomBuilder(Json& root, int maxDepth) : root_(root), maxDepth_(maxDepth) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return put(Json(v)); }
  bool string(Json::string_t& v) { return put(Json(std::move(v))); }
  bool binary(Json::binary_t&) { return false; }  // never produced by the text parser
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { stack_.pop_back(); return true; }
  bool end_array() { stack_.pop_back(); return true; }
  bool key(Json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    errorPosition = position;
    message = ex.what();
    return false;
  }

  bool tooDeep = false;
  size_t errorPosition = 0;
  std::string message;

 private:
  // Places a value in the current container and returns a pointer to where it now lives.
  Json* place(Json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    Json& slot = top[key_];
    slot = std::move(v);
    return &slot;
  }
  bool put(Json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(Json&& container) {
    if (static_cast<int>(stack_.size()) >= maxDepth_) {
      tooDeep = true;
      return false;
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }

  Json& root_;
  int maxDepth_;
  std::vector<Json*> stack_;
  std::string key_;
};

void positionOf(std::string_view text, size_t byte, size_t& line, size_t& column) {
  line = 1;
  column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

}  // namespace

std::string describeSize(size_t bytes) {
  char buf[64];
  if (bytes % (1024 * 1024) == 0 && bytes > 0) {
    std::snprintf(buf, sizeof buf, "%zu MiB", bytes / (1024 * 1024));
  } else if (bytes >= 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  } else if (bytes >= 1024) {
    std::snprintf(buf, sizeof buf, "%zu KiB", bytes / 1024);
  } else {
    std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  }
  return buf;
}

JsonParseResult parseJsonText(std::string_view text, const JsonLimits& limits) {
  JsonParseResult result;
  if (text.size() > limits.maxBytes) {
    result.error = "The input is " + describeSize(text.size()) + "; ecsplay reads at most " +
                   describeSize(limits.maxBytes) +
                   " of JSON here (a registered task definition is at most 64 KiB).";
    return result;
  }
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    result.error = "The input is empty: expected a JSON object.";
    return result;
  }
  DomBuilder builder(result.value, limits.maxDepth);
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, true);
  if (builder.tooDeep) {
    result.value = Json();
    result.error = "The JSON nests deeper than " + std::to_string(limits.maxDepth) +
                   " levels; ECS inputs nest at most a few levels deep.";
    return result;
  }
  if (!ok) {
    result.value = Json();
    positionOf(text, builder.errorPosition > 0 ? builder.errorPosition - 1 : 0, result.line, result.column);
    std::string msg = builder.message;
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    size_t colon = msg.find(": ");
    std::string detail = colon == std::string::npos ? msg : msg.substr(colon + 2);
    result.error = "Malformed JSON at line " + std::to_string(result.line) + ", column " +
                   std::to_string(result.column) + ": " + detail;
    return result;
  }
  result.ok = true;
  return result;
}

const char* jsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "number";
    default: return "value";
  }
}

std::string describeValue(const Json& value, size_t maxChars) {
  std::string s;
  if (value.is_object()) {
    s = "{...}";
  } else if (value.is_array()) {
    s = "[...]";
  } else {
    s = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (s.size() > maxChars) s = s.substr(0, maxChars) + "...";
  return s;
}

}  // namespace ecsplay
