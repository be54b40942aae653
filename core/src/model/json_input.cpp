// Reads user JSON without exceptions, with limits on size and depth (see ecsplay/json_input.h).
#include "ecsplay/json_input.h"

#include "ecsplay/finding.h"

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

// Splits "a.b[2].c" into {"a"}, {"b"}, {2}, {"c"}.
struct PathPart {
  bool isIndex = false;
  std::string key;
  size_t index = 0;
};

bool splitPath(std::string_view path, std::vector<PathPart>& parts) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    PathPart part;
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos || close == i + 1 || close - i > 10) return false;
      for (size_t k = i + 1; k < close; ++k) {
        if (path[k] < '0' || path[k] > '9') return false;
        part.index = part.index * 10 + static_cast<size_t>(path[k] - '0');
      }
      part.isIndex = true;
      i = close + 1;
    } else {
      size_t end = path.find_first_of(".[", i);
      if (end == std::string_view::npos) end = path.size();
      part.key = std::string(path.substr(i, end - i));
      i = end;
    }
    parts.push_back(std::move(part));
  }
  return true;
}

// A forgiving scanner over JSON text: enough to find keys and elements, never more.
class Scanner {
 public:
  explicit Scanner(std::string_view t) : t_(t) {}
  size_t pos = 0;
  void ws() {
    while (pos < t_.size() && (t_[pos] == ' ' || t_[pos] == '\t' || t_[pos] == '\n' || t_[pos] == '\r')) ++pos;
  }
  bool peek(char c) {
    ws();
    return pos < t_.size() && t_[pos] == c;
  }
  // Reads a string at pos (which is at '"'); returns its raw content (escapes kept).
  bool string(std::string& out) {
    if (pos >= t_.size() || t_[pos] != '"') return false;
    size_t start = ++pos;
    while (pos < t_.size() && t_[pos] != '"') pos += t_[pos] == '\\' ? 2 : 1;
    if (pos >= t_.size()) return false;
    out = std::string(t_.substr(start, pos - start));
    ++pos;
    return true;
  }
  // Skips one value of any kind; brackets are counted, strings skipped whole.
  bool skipValue() {
    ws();
    if (pos >= t_.size()) return false;
    char c = t_[pos];
    if (c == '"') {
      std::string ignored;
      return string(ignored);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      while (pos < t_.size()) {
        char d = t_[pos];
        if (d == '"') {
          std::string ignored;
          if (!string(ignored)) return false;
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') {
          if (--depth == 0) {
            ++pos;
            return true;
          }
        }
        ++pos;
      }
      return false;
    }
    while (pos < t_.size() && t_[pos] != ',' && t_[pos] != '}' && t_[pos] != ']') ++pos;
    return true;
  }

 private:
  std::string_view t_;
};

// The parser's message quotes the input it last read, which may be any bytes: keep valid UTF-8
// characters, write other bytes as <0xNN>, so the message is always valid UTF-8.
std::string sanitizeUtf8(const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n == 2) ok = c >= 0xC2;  // no overlong two-byte forms
    if (ok) {
      out.append(s, i, n);
      i += n;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "<0x%02X>", c);
      out += hex;
      ++i;
    }
  }
  return out;
}

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

void lineAndColumn(std::string_view text, size_t offset, size_t& line, size_t& column) {
  positionOf(text, offset, line, column);
}

size_t offsetOfLineColumn(std::string_view text, size_t line, size_t column) {
  size_t offset = 0, current = 1;
  while (offset < text.size() && current < line) current += text[offset++] == '\n';
  offset += column > 0 ? column - 1 : 0;
  return offset < text.size() ? offset : text.size();
}

JsonLocation locateJsonPath(std::string_view text, std::string_view path) {
  JsonLocation loc;
  std::vector<PathPart> parts;
  if (!splitPath(path, parts)) return loc;
  Scanner s(text);
  s.ws();
  if (parts.empty()) {
    loc.found = loc.exact = s.pos < text.size();
    loc.offset = s.pos;
    loc.length = 1;
    return loc;
  }
  for (size_t p = 0; p < parts.size(); ++p) {
    const PathPart& part = parts[p];
    bool found = false;
    if (!part.isIndex && s.peek('{')) {
      ++s.pos;
      while (!s.peek('}')) {
        size_t keyStart = s.pos;
        std::string key;
        if (!s.string(key) || !s.peek(':')) return loc;
        ++s.pos;
        if (key == part.key) {
          loc.found = true;
          loc.offset = keyStart;
          loc.length = key.size() + 2;
          s.ws();
          found = true;
          break;
        }
        if (!s.skipValue()) return loc;
        if (s.peek(',')) ++s.pos;
      }
    } else if (part.isIndex && s.peek('[')) {
      ++s.pos;
      for (size_t i = 0; i <= part.index; ++i) {
        if (s.peek(']')) return loc;
        s.ws();
        if (i == part.index) {
          loc.found = true;
          loc.offset = s.pos;
          loc.length = 1;
          found = true;
          break;
        }
        if (!s.skipValue()) return loc;
        if (s.peek(',')) ++s.pos;
      }
    }
    if (!found) return loc;
  }
  loc.exact = true;
  return loc;
}

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
    std::string detail = sanitizeUtf8(colon == std::string::npos ? msg : msg.substr(colon + 2));
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
  return clip(s, maxChars);
}

}  // namespace ecsplay
