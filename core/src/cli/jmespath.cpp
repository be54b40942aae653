// JMESPath (see ecsplay/jmespath.h), written from https://jmespath.org/specification.html.
//
// Three stages, in this file's order:
//   1. the lexer turns the text into tokens (identifiers, numbers, literals, operators);
//   2. a Pratt parser, with the binding powers below, builds a tree of Nodes held in one vector
//      (so a compiled expression is freed without recursion and copied by sharing);
//   3. the evaluator walks the tree over the data; the built-in functions sit in one table with
//      their argument types, checked before a function runs.
// Nothing here throws: a failure is recorded as an Error and every step checks for it and unwinds.
#include "ecsplay/jmespath.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "ecsplay/finding.h"

namespace ecsplay::jmespath {

// ---------------------------------------------------------------------------------------------
// The compiled tree.
namespace detail {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

enum class NodeKind : uint8_t {
  Current,           // @, and the identity at the end of a projection
  Field,             // name: the member of an object, else null
  Index,             // [index]: an element of an array, else null
  Slice,             // [start:stop:step] of an array, else null
  Chain,             // kids in turn, each on the result of the one before: a.b[0], a | b
  ListProjection,    // kids[0], then kids[1] (kNone = identity) on each element; nulls dropped
  ValueProjection,   // kids[0], then kids[1] on each value of an object
  FilterProjection,  // kids[0], kids[1] = condition, kids[2] = right side
  Flatten,           // kids[0] with its arrays merged one level
  Or,                // kids: the first truthy one, else the last
  And,               // kids: the first falsy one, else the last
  Not,               // kids[0]
  Compare,           // kids[0] comparator kids[1]
  Literal,           // literal
  MultiList,         // [kids...]
  MultiHash,         // {keys[i]: kids[i]...}
  Function,          // function(kids...)
  ExpRef,            // &kids[0]: only as a function argument
};

enum class Comparator : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct Node {
  NodeKind kind = NodeKind::Current;
  Comparator comparator = Comparator::Eq;
  uint8_t function = 0;   // index into kFunctions
  bool uniqueKeys = true;  // MultiHash: no key repeats (the object can be built without lookups)
  uint32_t pos = 0;        // byte offset in the text, for messages
  uint32_t height = 1;     // 1 + the tallest child's height
  std::vector<uint32_t> kids;
  std::string name;               // Field
  std::vector<std::string> keys;  // MultiHash
  Json literal;                   // Literal
  int64_t index = 0;              // Index
  bool hasStart = false, hasStop = false;
  int64_t start = 0, stop = 0, step = 1;  // Slice
};

}  // namespace detail

struct Expression::Tree {
  std::string text;
  std::vector<detail::Node> nodes;
  uint32_t root = 0;
};

using detail::Comparator;
using detail::kNone;
using detail::Node;
using detail::NodeKind;

namespace {

// ---------------------------------------------------------------------------------------------
// Shared helpers.

// 1-based column, in characters, of a byte offset.
size_t columnAt(std::string_view text, size_t offset) {
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

const char* messagePrefix(ErrorType type) {
  switch (type) {
    case ErrorType::Syntax: return "syntax error";
    case ErrorType::InvalidType: return "invalid type";
    case ErrorType::InvalidValue: return "invalid value";
    case ErrorType::InvalidArity: return "invalid arity";
    case ErrorType::UnknownFunction: return "unknown function";
  }
  return "error";
}

Error makeError(ErrorType type, std::string_view text, size_t offset, const std::string& detail) {
  Error e;
  e.type = type;
  e.column = columnAt(text, offset);
  e.message = std::string(messagePrefix(type)) + " at column " + std::to_string(e.column) + ": " + detail;
  return e;
}

bool isIntegral(const Json& v) { return v.is_number_integer(); }  // signed or unsigned

// Numbers compare by value across nlohmann's three number kinds; integers exactly.
int compareNumbers(const Json& a, const Json& b) {
  if (a.is_number_float() || b.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  bool aNeg = !a.is_number_unsigned() && a.get<int64_t>() < 0;
  bool bNeg = !b.is_number_unsigned() && b.get<int64_t>() < 0;
  if (aNeg != bNeg) return aNeg ? -1 : 1;
  if (aNeg) {
    int64_t x = a.get<int64_t>(), y = b.get<int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  uint64_t x = a.get<uint64_t>(), y = b.get<uint64_t>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

// An integer result stays an integer while it fits in int64 (sum, abs, ceil, floor).
Json integerOrFloat(double value) {
  if (std::isfinite(value) && value >= -9223372036854775808.0 && value < 9223372036854775808.0) {
    return Json(static_cast<int64_t>(value));
  }
  return Json(value);
}

// The offset of the first byte that is not part of well-formed UTF-8, or npos.
size_t invalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string_view::npos;
}

size_t codePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

const char* typeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    default: return "unknown";
  }
}

const char* withArticle(const char* type) {
  std::string_view t = type;
  if (t == "array") return "an array";
  if (t == "object") return "an object";
  if (t == "null") return "null";
  if (t == "number") return "a number";
  if (t == "string") return "a string";
  if (t == "boolean") return "a boolean";
  return "a value";
}

// ---------------------------------------------------------------------------------------------
// 1. Lexer.

enum class Tok : uint8_t {
  Eof, Identifier, QuotedIdentifier, Number, Literal, RawString,
  Dot, Star, Flatten, Filter, LBracket, RBracket, LBrace, RBrace, LParen, RParen, Comma, Colon,
  Pipe, Or, And, Not, ExpRef, Current, Eq, Ne, Lt, Le, Gt, Ge,
};

struct Token {
  Tok kind = Tok::Eof;
  uint32_t begin = 0, end = 0;  // byte range in the text
  std::string text;             // identifiers and raw strings: the value
  Json literal;                 // literals
  int64_t number = 0;           // numbers (saturated at +-INT64_MAX)
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  // All tokens, ending with Eof; false (and error()) on a lexical error.
  bool run(std::vector<Token>& out) {
    while (true) {
      skipSpace();
      Token t;
      t.begin = static_cast<uint32_t>(i_);
      if (i_ >= s_.size()) {
        t.end = t.begin;
        out.push_back(std::move(t));
        return true;
      }
      if (!one(t)) return false;
      t.end = static_cast<uint32_t>(i_);
      out.push_back(std::move(t));
    }
  }
  const Error& error() const { return error_; }

 private:
  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool fail(size_t at, const std::string& detail) {
    error_ = makeError(ErrorType::Syntax, s_, at, detail);
    return false;
  }
  char peekAt(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  static bool identStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
  static bool identChar(char c) { return identStart(c) || (c >= '0' && c <= '9'); }
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  bool simple(Token& t, Tok kind, size_t length) {
    t.kind = kind;
    i_ += length;
    return true;
  }

  bool one(Token& t) {
    char c = s_[i_];
    if (identStart(c)) {
      size_t b = i_;
      while (i_ < s_.size() && identChar(s_[i_])) ++i_;
      t.kind = Tok::Identifier;
      t.text = std::string(s_.substr(b, i_ - b));
      return true;
    }
    if (digit(c) || c == '-') return number(t);
    switch (c) {
      case '.': return simple(t, Tok::Dot, 1);
      case '*': return simple(t, Tok::Star, 1);
      case ']': return simple(t, Tok::RBracket, 1);
      case '{': return simple(t, Tok::LBrace, 1);
      case '}': return simple(t, Tok::RBrace, 1);
      case '(': return simple(t, Tok::LParen, 1);
      case ')': return simple(t, Tok::RParen, 1);
      case ',': return simple(t, Tok::Comma, 1);
      case ':': return simple(t, Tok::Colon, 1);
      case '@': return simple(t, Tok::Current, 1);
      case '[':
        if (peekAt(1) == ']') return simple(t, Tok::Flatten, 2);
        if (peekAt(1) == '?') return simple(t, Tok::Filter, 2);
        return simple(t, Tok::LBracket, 1);
      case '|': return peekAt(1) == '|' ? simple(t, Tok::Or, 2) : simple(t, Tok::Pipe, 1);
      case '&': return peekAt(1) == '&' ? simple(t, Tok::And, 2) : simple(t, Tok::ExpRef, 1);
      case '!': return peekAt(1) == '=' ? simple(t, Tok::Ne, 2) : simple(t, Tok::Not, 1);
      case '<': return peekAt(1) == '=' ? simple(t, Tok::Le, 2) : simple(t, Tok::Lt, 1);
      case '>': return peekAt(1) == '=' ? simple(t, Tok::Ge, 2) : simple(t, Tok::Gt, 1);
      case '=':
        if (peekAt(1) == '=') return simple(t, Tok::Eq, 2);
        return fail(i_, "'=' is not an operator (compare with '==')");
      case '"': return quoted(t);
      case '\'': return rawString(t);
      case '`': return literal(t);
      default: break;
    }
    // Show the whole character, even when it is several bytes of UTF-8.
    size_t n = 1;
    while (i_ + n < s_.size() && (static_cast<unsigned char>(s_[i_ + n]) & 0xC0) == 0x80 && n < 4) ++n;
    return fail(i_, "unexpected character '" + std::string(s_.substr(i_, n)) + "'");
  }

  bool number(Token& t) {
    size_t b = i_;
    bool negative = s_[i_] == '-';
    if (negative) ++i_;
    if (!digit(peekAt(0))) return fail(b, "'-' must be followed by digits (a negative index such as -1)");
    int64_t value = 0;
    const int64_t limit = std::numeric_limits<int64_t>::max();
    while (i_ < s_.size() && digit(s_[i_])) {
      int d = s_[i_] - '0';
      value = value > (limit - d) / 10 ? limit : value * 10 + d;  // saturate: out of range anyway
      ++i_;
    }
    t.kind = Tok::Number;
    t.number = negative ? -value : value;
    return true;
  }

  // Scans to the closing delimiter; a backslash takes the next character with it. Returns the
  // text between the delimiters as written.
  bool delimited(char delimiter, const char* what, std::string& content) {
    size_t open = i_;
    size_t k = i_ + 1;
    while (k < s_.size() && s_[k] != delimiter) k += (s_[k] == '\\') ? 2 : 1;
    if (k >= s_.size()) {
      return fail(open, std::string("unterminated ") + what + ": the '" + delimiter + "' at column " +
                            std::to_string(columnAt(s_, open)) + " is never closed");
    }
    content = std::string(s_.substr(open + 1, k - open - 1));
    i_ = k + 1;
    return true;
  }

  static std::string replaceAll(std::string s, std::string_view from, std::string_view to) {
    std::string out;
    size_t p = 0;
    while (true) {
      size_t q = s.find(from, p);
      if (q == std::string::npos) break;
      out.append(s, p, q - p);
      out.append(to);
      p = q + from.size();
    }
    out.append(s, p, std::string::npos);
    return out;
  }

  // "foo\"bar": a JSON string (escapes as in JSON, \uXXXX with surrogate pairs).
  bool quoted(Token& t) {
    size_t open = i_;
    std::string content;
    if (!delimited('"', "quoted identifier", content)) return false;
    JsonParseResult parsed = parseJsonText("\"" + content + "\"");
    if (!parsed.ok || !parsed.value.is_string()) {
      return fail(open, "invalid quoted identifier \"" + clip(content, 40) +
                            "\": it must be a JSON string (escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    }
    t.kind = Tok::QuotedIdentifier;
    t.text = parsed.value.get<std::string>();
    return true;
  }

  // 'raw string': only \' is an escape; every other character, backslashes included, is itself.
  bool rawString(Token& t) {
    std::string content;
    if (!delimited('\'', "raw string", content)) return false;
    t.kind = Tok::RawString;
    t.text = replaceAll(std::move(content), "\\'", "'");
    return true;
  }

  // `json`: any JSON value, \` for a backtick. The deprecated form `text` (not JSON) is the string
  // "text" with leading spaces removed, as the AWS CLI reads it.
  bool literal(Token& t) {
    size_t open = i_;
    std::string content;
    if (!delimited('`', "JSON literal", content)) return false;
    content = replaceAll(std::move(content), "\\`", "`");
    JsonParseResult parsed = parseJsonText(content);
    if (!parsed.ok) {
      // Text that starts like a JSON array, object or string is a broken literal, not the
      // deprecated form: `[1, 2` is an error, `2019-01-01` and `RUNNING` are strings.
      size_t first = content.find_first_not_of(" \t\n\r");
      std::string trimmed = first == std::string::npos ? std::string() : content.substr(first);
      bool structured = !trimmed.empty() && (trimmed[0] == '[' || trimmed[0] == '{' || trimmed[0] == '"');
      JsonParseResult legacy;
      if (!structured) legacy = parseJsonText("\"" + trimmed + "\"");
      if (!legacy.ok || !legacy.value.is_string()) {
        return fail(open, "invalid JSON literal `" + clip(content, 40) + "`: " + parsed.error);
      }
      parsed = std::move(legacy);
    }
    t.kind = Tok::Literal;
    t.literal = std::move(parsed.value);
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  Error error_;
};

// ---------------------------------------------------------------------------------------------
// The built-in functions and their signatures.

enum TypeBits : uint16_t {
  kNull = 1 << 0,
  kBoolean = 1 << 1,
  kNumber = 1 << 2,
  kString = 1 << 3,
  kArray = 1 << 4,
  kObject = 1 << 5,
  kExpRef = 1 << 6,           // &expression
  kArrayOfNumbers = 1 << 7,   // array[number]
  kArrayOfStrings = 1 << 8,   // array[string]
  kAny = kNull | kBoolean | kNumber | kString | kArray | kObject,
};

enum class Builtin : uint8_t {
  Abs, Avg, Ceil, Contains, EndsWith, Floor, Join, Keys, Length, Map, Max, MaxBy, Merge, Min,
  MinBy, NotNull, Reverse, Sort, SortBy, StartsWith, Sum, ToArray, ToNumber, ToString, Type, Values,
};

struct FunctionSpec {
  const char* name;
  Builtin id;
  uint8_t arity;     // declared parameters
  bool variadic;     // the last parameter repeats: at least `arity` arguments
  uint16_t params[2];
};

constexpr FunctionSpec kFunctions[] = {
    {"abs", Builtin::Abs, 1, false, {kNumber, 0}},
    {"avg", Builtin::Avg, 1, false, {kArrayOfNumbers, 0}},
    {"ceil", Builtin::Ceil, 1, false, {kNumber, 0}},
    {"contains", Builtin::Contains, 2, false, {kArray | kString, kAny}},
    {"ends_with", Builtin::EndsWith, 2, false, {kString, kString}},
    {"floor", Builtin::Floor, 1, false, {kNumber, 0}},
    {"join", Builtin::Join, 2, false, {kString, kArrayOfStrings}},
    {"keys", Builtin::Keys, 1, false, {kObject, 0}},
    {"length", Builtin::Length, 1, false, {kString | kArray | kObject, 0}},
    {"map", Builtin::Map, 2, false, {kExpRef, kArray}},
    {"max", Builtin::Max, 1, false, {kArrayOfNumbers | kArrayOfStrings, 0}},
    {"max_by", Builtin::MaxBy, 2, false, {kArray, kExpRef}},
    {"merge", Builtin::Merge, 1, true, {kObject, 0}},
    {"min", Builtin::Min, 1, false, {kArrayOfNumbers | kArrayOfStrings, 0}},
    {"min_by", Builtin::MinBy, 2, false, {kArray, kExpRef}},
    {"not_null", Builtin::NotNull, 1, true, {kAny, 0}},
    {"reverse", Builtin::Reverse, 1, false, {kString | kArray, 0}},
    {"sort", Builtin::Sort, 1, false, {kArrayOfNumbers | kArrayOfStrings, 0}},
    {"sort_by", Builtin::SortBy, 2, false, {kArray, kExpRef}},
    {"starts_with", Builtin::StartsWith, 2, false, {kString, kString}},
    {"sum", Builtin::Sum, 1, false, {kArrayOfNumbers, 0}},
    {"to_array", Builtin::ToArray, 1, false, {kAny, 0}},
    {"to_number", Builtin::ToNumber, 1, false, {kAny, 0}},
    {"to_string", Builtin::ToString, 1, false, {kAny, 0}},
    {"type", Builtin::Type, 1, false, {kAny, 0}},
    {"values", Builtin::Values, 1, false, {kObject, 0}},
};
constexpr size_t kFunctionCount = sizeof(kFunctions) / sizeof(kFunctions[0]);
static_assert(kFunctionCount == static_cast<size_t>(Builtin::Values) + 1, "one table row per Builtin");

int findFunction(std::string_view name) {
  for (size_t i = 0; i < kFunctionCount; ++i) {
    if (name == kFunctions[i].name) return static_cast<int>(i);
  }
  return -1;
}

std::string functionList() {
  std::string s;
  for (size_t i = 0; i < kFunctionCount; ++i) s += std::string(i ? ", " : "") + kFunctions[i].name;
  return s;
}

// "a number", "an array of numbers or an array of strings", "a string, an array or an object".
std::string describeTypes(uint16_t bits) {
  std::vector<std::string> names;
  if (bits == kAny) return "any value";
  if (bits & kNumber) names.push_back("a number");
  if (bits & kString) names.push_back("a string");
  if (bits & kBoolean) names.push_back("a boolean");
  if (bits & kArray) names.push_back("an array");
  if (bits & kArrayOfNumbers) names.push_back("an array of numbers");
  if (bits & kArrayOfStrings) names.push_back("an array of strings");
  if (bits & kObject) names.push_back("an object");
  if (bits & kNull) names.push_back("null");
  if (bits & kExpRef) names.push_back("an expression reference (&expression)");
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) s += (i + 1 == names.size()) ? " or " : ", ";
    s += names[i];
  }
  return s;
}

// Is `v` one of the types in `bits`? When it is an array that is not, `why` says which element
// broke array[number] / array[string].
bool typeMatches(uint16_t bits, const Json& v, std::string& why) {
  if (!v.is_array()) {
    if (v.is_null()) return bits & kNull;
    if (v.is_boolean()) return bits & kBoolean;
    if (v.is_number()) return bits & kNumber;
    if (v.is_string()) return bits & kString;
    if (v.is_object()) return bits & kObject;
    return false;
  }
  if (bits & kArray) return true;
  const bool numbers = bits & kArrayOfNumbers, strings = bits & kArrayOfStrings;
  if (!numbers && !strings) return false;
  bool allNumbers = numbers, allStrings = strings;
  size_t badIndex = 0;
  for (size_t i = 0; i < v.size() && (allNumbers || allStrings); ++i) {
    if (allNumbers && !v[i].is_number()) {
      allNumbers = false;
      badIndex = i;
    }
    if (allStrings && !v[i].is_string()) {
      allStrings = false;
      badIndex = std::max(badIndex, i);
    }
  }
  if (allNumbers || allStrings) return true;
  why = "an array whose element " + std::to_string(badIndex) + " is " + withArticle(typeName(v[badIndex]));
  return false;
}

// ---------------------------------------------------------------------------------------------
// 2. Parser: top-down operator precedence (Pratt). Binding powers, lowest first: the projection
// of a [*], .*, [] or [?] continues through tokens that bind at least kProjectionStop.

constexpr int kProjectionStop = 10;

int bindingPower(Tok t) {
  switch (t) {
    case Tok::Pipe: return 1;
    case Tok::Or: return 2;
    case Tok::And: return 3;
    case Tok::Eq: case Tok::Ne: case Tok::Lt: case Tok::Le: case Tok::Gt: case Tok::Ge: return 5;
    case Tok::Flatten: return 9;
    case Tok::Star: return 20;
    case Tok::Filter: return 21;
    case Tok::Dot: return 40;
    case Tok::Not: return 45;
    case Tok::LBrace: return 50;
    case Tok::LBracket: return 55;
    case Tok::LParen: return 60;
    default: return 0;  // identifiers, literals, closers, commas, ...: end an expression
  }
}

}  // namespace

struct Compiler {
  explicit Compiler(std::string_view text) : text_(text), tree_(std::make_shared<Expression::Tree>()) {
    tree_->text = std::string(text);
  }

  CompileResult run() {
    CompileResult result;
    if (size_t bad = invalidUtf8At(text_); bad != std::string_view::npos) {
      result.error = makeError(ErrorType::Syntax, text_, bad, "the expression is not valid UTF-8 (byte " +
                                                                  std::to_string(bad + 1) + ")");
      return result;
    }
    Lexer lexer(text_);
    if (!lexer.run(tokens_)) {
      result.error = lexer.error();
      return result;
    }
    uint32_t root = expression(0);
    if (!failed_ && peek().kind != Tok::Eof) {
      fail(peek(), "unexpected " + describe(peek()) + " after a complete expression");
    }
    if (!failed_ && deferred_) {  // unknown functions and arity, once the syntax is known good
      failed_ = true;
      error_ = *deferred_;
    }
    if (failed_) {
      result.error = error_;
      return result;
    }
    tree_->root = root;
    Expression e;
    e.tree_ = std::move(tree_);
    result.expression = std::move(e);
    return result;
  }

 private:
  // --- tokens
  const Token& peek(size_t ahead = 0) const {
    size_t k = std::min(p_ + ahead, tokens_.size() - 1);
    return tokens_[k];
  }
  const Token& advance() {
    const Token& t = tokens_[p_];
    if (p_ + 1 < tokens_.size()) ++p_;
    return t;
  }
  std::string describe(const Token& t) const {
    if (t.kind == Tok::Eof) return "the end of the expression";
    return "'" + clip(std::string(text_.substr(t.begin, t.end - t.begin)), 30) + "'";
  }

  // --- errors
  uint32_t fail(size_t offset, const std::string& detail, ErrorType type = ErrorType::Syntax) {
    if (!failed_) {
      failed_ = true;
      error_ = makeError(type, text_, offset, detail);
    }
    return kNone;
  }
  uint32_t fail(const Token& at, const std::string& detail) { return fail(at.begin, detail); }
  bool expect(Tok kind, const char* what, const Token& opener) {
    if (peek().kind == kind) {
      advance();
      return true;
    }
    fail(peek(), std::string("expected ") + what + " to close the " + describe(opener) + " at column " +
                     std::to_string(columnAt(text_, opener.begin)) + ", found " + describe(peek()));
    return false;
  }

  // --- nodes
  uint32_t add(Node node) {
    if (failed_) return kNone;
    for (uint32_t k : node.kids) {
      if (k != kNone) node.height = std::max(node.height, tree_->nodes[k].height + 1);
    }
    if (node.height > kMaxNesting) return tooDeep(node.pos);
    if (tree_->nodes.size() >= kNone - 1) return fail(node.pos, "the expression is too long");
    tree_->nodes.push_back(std::move(node));
    return static_cast<uint32_t>(tree_->nodes.size() - 1);
  }
  uint32_t tooDeep(size_t offset) {
    return fail(offset, "the expression nests more than " + std::to_string(kMaxNesting) + " levels deep");
  }
  Node make(NodeKind kind, size_t pos, std::vector<uint32_t> kids = {}) {
    Node n;
    n.kind = kind;
    n.pos = static_cast<uint32_t>(pos);
    n.kids = std::move(kids);
    return n;
  }
  // left then right, each on the result of the one before; chains stay flat (a.b.c.d is one
  // node with four children), so long paths cost no depth.
  uint32_t chain(uint32_t left, uint32_t right) {
    if (failed_) return kNone;
    if (left == kNone) return right;
    if (right == kNone) return left;
    Node& l = tree_->nodes[left];
    if (l.kind != NodeKind::Chain) return add(make(NodeKind::Chain, l.pos, {left, right}));
    const Node& r = tree_->nodes[right];
    std::vector<uint32_t> more = r.kind == NodeKind::Chain ? r.kids : std::vector<uint32_t>{right};
    for (uint32_t k : more) {
      l.kids.push_back(k);
      l.height = std::max(l.height, tree_->nodes[k].height + 1);
    }
    if (l.height > kMaxNesting) return tooDeep(l.pos);
    return left;
  }
  // a || b || c and a && b && c: one node each.
  uint32_t nary(NodeKind kind, uint32_t left, uint32_t right, size_t pos) {
    if (failed_) return kNone;
    Node& l = tree_->nodes[left];
    if (l.kind != kind) return add(make(kind, pos, {left, right}));
    l.kids.push_back(right);
    l.height = std::max(l.height, tree_->nodes[right].height + 1);
    if (l.height > kMaxNesting) return tooDeep(l.pos);
    return left;
  }

  // --- the Pratt loop
  uint32_t expression(int rbp) {
    if (failed_) return kNone;
    if (depth_ >= kMaxNesting) return tooDeep(peek().begin);
    ++depth_;
    uint32_t left = nud();
    while (!failed_ && rbp < bindingPower(peek().kind)) left = led(left);
    --depth_;
    return failed_ ? kNone : left;
  }

  uint32_t nud() {
    const Token& t = advance();
    switch (t.kind) {
      case Tok::Literal: {
        Node n = make(NodeKind::Literal, t.begin);
        n.literal = t.literal;
        return add(std::move(n));
      }
      case Tok::RawString: {
        Node n = make(NodeKind::Literal, t.begin);
        n.literal = t.text;
        return add(std::move(n));
      }
      case Tok::Identifier:
        if (peek().kind == Tok::LParen) return functionCall(t);
        return field(t);
      case Tok::QuotedIdentifier:
        if (peek().kind == Tok::LParen) {
          return fail(t, "a function name cannot be quoted: write " + t.text + "(...) without quotes");
        }
        return field(t);
      case Tok::Star: return add(make(NodeKind::ValueProjection, t.begin, {kNone, projectionRhs(bindingPower(Tok::Star))}));
      case Tok::Current: return add(make(NodeKind::Current, t.begin));
      case Tok::Not: {
        uint32_t operand = expression(bindingPower(Tok::Not));
        return add(make(NodeKind::Not, t.begin, {operand}));
      }
      case Tok::LParen: {
        uint32_t inner = expression(0);
        if (!failed_ && !expect(Tok::RParen, "')'", t)) return kNone;
        return inner;
      }
      case Tok::LBracket:
        if (peek().kind == Tok::Number || peek().kind == Tok::Colon) return bracketIndex(kNone, t);
        if (peek().kind == Tok::Star && peek(1).kind == Tok::RBracket) {
          advance();
          advance();
          return add(make(NodeKind::ListProjection, t.begin, {kNone, projectionRhs(bindingPower(Tok::Star))}));
        }
        return multiSelectList(t);
      case Tok::Filter: return filter(kNone, t);
      case Tok::Flatten: return flatten(kNone, t);
      case Tok::LBrace: return multiSelectHash(t);
      case Tok::ExpRef:
        return fail(t, "'&' (an expression reference) is only allowed as a function argument, as in sort_by(items, &name)");
      case Tok::Number:
        return fail(t, "a number is only allowed inside [ ] as an index or slice; write `" +
                           std::string(text_.substr(t.begin, t.end - t.begin)) + "` for a number value");
      case Tok::Eof: return fail(t, "expected an expression, found the end of the expression");
      default: return fail(t, "expected an expression, found " + describe(t));
    }
  }

  uint32_t led(uint32_t left) {
    const Token& t = advance();
    switch (t.kind) {
      case Tok::Dot: return chain(left, dotRhs(bindingPower(Tok::Dot), t));
      case Tok::Pipe: return chain(left, expression(bindingPower(Tok::Pipe)));
      case Tok::Or: return nary(NodeKind::Or, left, expression(bindingPower(Tok::Or)), t.begin);
      case Tok::And: return nary(NodeKind::And, left, expression(bindingPower(Tok::And)), t.begin);
      case Tok::Eq: case Tok::Ne: case Tok::Lt: case Tok::Le: case Tok::Gt: case Tok::Ge: {
        Comparator c = t.kind == Tok::Eq ? Comparator::Eq
                     : t.kind == Tok::Ne ? Comparator::Ne
                     : t.kind == Tok::Lt ? Comparator::Lt
                     : t.kind == Tok::Le ? Comparator::Le
                     : t.kind == Tok::Gt ? Comparator::Gt : Comparator::Ge;
        uint32_t right = expression(bindingPower(t.kind));
        Node n = make(NodeKind::Compare, t.begin, {left, right});
        n.comparator = c;
        return add(std::move(n));
      }
      case Tok::LBracket:
        if (peek().kind == Tok::Number || peek().kind == Tok::Colon) return bracketIndex(left, t);
        if (peek().kind == Tok::Star && peek(1).kind == Tok::RBracket) {
          advance();
          advance();
          return add(make(NodeKind::ListProjection, t.begin, {left, projectionRhs(bindingPower(Tok::Star))}));
        }
      {
        std::string detail = "expected an index, a slice or '*' inside the '[' at column " +
                             std::to_string(columnAt(text_, t.begin)) + ", found " + describe(peek());
        if (peek().kind != Tok::Eof && peek().kind != Tok::RBracket) {
          detail += " (a multi-select list cannot follow an expression: write foo.[a, b], not foo[a, b])";
        }
        return fail(peek(), detail);
      }
      case Tok::Filter: return filter(left, t);
      case Tok::Flatten: return flatten(left, t);
      case Tok::LParen: return fail(t, "only a function name can be followed by '('");
      default: return fail(t, "unexpected " + describe(t) + " after an expression");
    }
  }

  uint32_t field(const Token& t) {
    Node n = make(NodeKind::Field, t.begin);
    n.name = t.text;
    return add(std::move(n));
  }

  // After '.': an identifier, '*', a function call, a multi-select list or hash. A '*' here
  // starts a projection that, as the specification says, applies everything after it to each
  // value (foo.*.a.b), like a bare '*'; jmespath.py ends it after one field (its issue #182).
  uint32_t dotRhs(int bp, const Token& dot) {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Identifier: case Tok::QuotedIdentifier: case Tok::Star: return expression(bp);
      case Tok::LBracket: {
        const Token& open = advance();
        return multiSelectList(open);
      }
      case Tok::LBrace: {
        const Token& open = advance();
        return multiSelectHash(open);
      }
      default:
        return fail(t, "expected an identifier, '*', '[' or '{' after the '.' at column " +
                           std::to_string(columnAt(text_, dot.begin)) + ", found " + describe(t));
    }
  }

  // What a projection applies to each element: nothing (identity) when the next token ends it.
  uint32_t projectionRhs(int bp) {
    if (failed_) return kNone;
    const Token& t = peek();
    if (bindingPower(t.kind) < kProjectionStop) return kNone;
    if (t.kind == Tok::LBracket || t.kind == Tok::Filter) return expression(bp);
    if (t.kind == Tok::Dot) {
      const Token& dot = advance();
      return dotRhs(bp, dot);
    }
    return fail(t, "unexpected " + describe(t) + " after a projection (expected '.', '[' or '[?')");
  }

  // '[' already taken; the next token is a number or ':'.
  uint32_t bracketIndex(uint32_t left, const Token& open) {
    if (peek().kind == Tok::Number && peek(1).kind == Tok::RBracket) {
      Node n = make(NodeKind::Index, open.begin);
      n.index = advance().number;
      advance();
      return chain(left, add(std::move(n)));
    }
    Node n = make(NodeKind::Slice, open.begin);
    int part = 0;  // 0 start, 1 stop, 2 step
    bool seen[3] = {false, false, false};
    int64_t value[3] = {0, 0, 1};
    size_t stepPos = open.begin;
    while (true) {
      const Token& t = peek();
      if (t.kind == Tok::Number && !seen[part]) {
        seen[part] = true;
        value[part] = t.number;
        if (part == 2) stepPos = t.begin;
        advance();
      } else if (t.kind == Tok::Colon) {
        if (part == 2) return fail(t, "a slice has at most two ':' ([start:stop:step])");
        ++part;
        advance();
      } else if (t.kind == Tok::RBracket) {
        advance();
        break;
      } else {
        return fail(t, "expected a number, ':' or ']' inside the '[' at column " +
                           std::to_string(columnAt(text_, open.begin)) + ", found " + describe(t));
      }
    }
    if (seen[2] && value[2] == 0) {
      return fail(stepPos, "a slice step cannot be 0", ErrorType::InvalidValue);
    }
    n.hasStart = seen[0];
    n.hasStop = seen[1];
    n.start = value[0];
    n.stop = value[1];
    n.step = seen[2] ? value[2] : 1;
    uint32_t sliced = chain(left, add(std::move(n)));
    return add(make(NodeKind::ListProjection, open.begin, {sliced, projectionRhs(bindingPower(Tok::Star))}));
  }

  // '[?' already taken.
  uint32_t filter(uint32_t left, const Token& open) {
    uint32_t condition = expression(0);
    if (failed_ || !expect(Tok::RBracket, "']'", open)) return kNone;
    uint32_t right = projectionRhs(bindingPower(Tok::Filter));
    return add(make(NodeKind::FilterProjection, open.begin, {left, condition, right}));
  }

  // '[]' already taken: flatten, then project what follows over the result.
  uint32_t flatten(uint32_t left, const Token& t) {
    uint32_t flat = add(make(NodeKind::Flatten, t.begin, {left}));
    return add(make(NodeKind::ListProjection, t.begin, {flat, projectionRhs(bindingPower(Tok::Flatten))}));
  }

  // '[' already taken: [a, b, ...].
  uint32_t multiSelectList(const Token& open) {
    Node n = make(NodeKind::MultiList, open.begin);
    while (!failed_) {
      n.kids.push_back(expression(0));
      if (failed_) return kNone;
      if (peek().kind == Tok::Comma) {
        advance();
        continue;
      }
      if (!expect(Tok::RBracket, "',' or ']'", open)) return kNone;
      break;
    }
    return add(std::move(n));
  }

  // '{' already taken: {key: value, ...}.
  uint32_t multiSelectHash(const Token& open) {
    Node n = make(NodeKind::MultiHash, open.begin);
    while (!failed_) {
      const Token& key = peek();
      if (key.kind != Tok::Identifier && key.kind != Tok::QuotedIdentifier) {
        return fail(key, "expected a key (an identifier) in the hash at column " +
                             std::to_string(columnAt(text_, open.begin)) + ", found " + describe(key));
      }
      advance();
      if (peek().kind != Tok::Colon) {
        return fail(peek(), "expected ':' after the key " + describe(key) + ", found " + describe(peek()));
      }
      advance();
      uint32_t value = expression(0);
      if (failed_) return kNone;
      for (const std::string& k : n.keys) {
        if (k == key.text) n.uniqueKeys = false;
      }
      n.keys.push_back(key.text);
      n.kids.push_back(value);
      if (peek().kind == Tok::Comma) {
        advance();
        continue;
      }
      if (!expect(Tok::RBrace, "',' or '}'", open)) return kNone;
      break;
    }
    return add(std::move(n));
  }

  // name( already seen; takes '(' args ')'. Unknown names and argument counts are errors only
  // once the whole expression has parsed: a syntax error anywhere is reported first.
  uint32_t functionCall(const Token& name) {
    const Token& open = advance();  // '('
    Node n = make(NodeKind::Function, name.begin);
    if (peek().kind == Tok::RParen) {
      advance();
    } else {
      while (!failed_) {
        uint32_t arg;
        if (peek().kind == Tok::ExpRef) {
          const Token& amp = advance();
          uint32_t inner = expression(0);
          arg = add(make(NodeKind::ExpRef, amp.begin, {inner}));
        } else {
          arg = expression(0);
        }
        if (failed_) return kNone;
        n.kids.push_back(arg);
        if (peek().kind == Tok::Comma) {
          advance();
          continue;
        }
        if (!expect(Tok::RParen, "',' or ')'", open)) return kNone;
        break;
      }
    }
    int f = findFunction(name.text);
    if (f < 0) {
      defer(ErrorType::UnknownFunction, name.begin,
            "'" + clip(name.text, 40) + "()' is not a JMESPath function (the functions are " + functionList() + ")");
    } else {
      const FunctionSpec& spec = kFunctions[f];
      size_t given = n.kids.size();
      if (given < spec.arity || (!spec.variadic && given > spec.arity)) {
        std::string want = std::string(spec.variadic ? "at least " : "") + std::to_string(spec.arity) +
                           (spec.arity == 1 ? " argument" : " arguments");
        defer(ErrorType::InvalidArity, name.begin,
              std::string(spec.name) + "() takes " + want + ", got " + std::to_string(given));
      }
      n.function = static_cast<uint8_t>(f);
    }
    return add(std::move(n));
  }
  void defer(ErrorType type, size_t offset, const std::string& detail) {
    if (!deferred_) deferred_ = makeError(type, text_, offset, detail);
  }

  std::string_view text_;
  std::shared_ptr<Expression::Tree> tree_;
  std::vector<Token> tokens_;
  size_t p_ = 0;
  size_t depth_ = 0;
  bool failed_ = false;
  Error error_;
  std::optional<Error> deferred_;
};

// ---------------------------------------------------------------------------------------------
// 3. Evaluator.
//
// A value in flight is a shared_ptr<const Json>: results that point into the data or into a
// literal of the tree own nothing (an aliasing pointer with no owner), and a value inside a
// result built during the search (a multi-select, a sorted array) shares that result's
// ownership. So a.b.c never copies the data, and nothing dangles. A null pointer is JSON null.
namespace {

using Val = std::shared_ptr<const Json>;

const Json& nullJson() {
  static const Json kNull;
  return kNull;
}
const Json& get(const Val& v) { return v ? *v : nullJson(); }
Val borrow(const Json& j) { return Val(Val(), &j); }
Val inside(const Val& owner, const Json& member) { return Val(owner, &member); }
Val own(Json&& j) { return std::make_shared<Json>(std::move(j)); }
Val boolVal(bool b) {
  static const Json kTrue(true), kFalse(false);
  return borrow(b ? kTrue : kFalse);
}
// The value, moved out when nothing else can see it, else copied.
Json take(Val&& v) {
  if (!v) return Json();
  if (v.use_count() == 1) return std::move(const_cast<Json&>(*v));
  return *v;
}

}  // namespace

class Evaluator {
 public:
  explicit Evaluator(const Expression& expression) : t_(*expression.tree_) {}

  SearchResult run(const Json& data) {
    SearchResult result;
    Val v = eval(t_.root, borrow(data));
    if (failed_) {
      result.error = error_;
      return result;
    }
    result.ok = true;
    result.value = take(std::move(v));
    return result;
  }

 private:
  const Node& node(uint32_t i) const { return t_.nodes[i]; }

  Val fail(ErrorType type, const Node& at, const std::string& detail) {
    if (!failed_) {
      failed_ = true;
      error_ = makeError(type, t_.text, at.pos, detail);
    }
    return {};
  }

  Val eval(uint32_t index, const Val& cur) {
    if (index == kNone) return cur;  // the identity at the end of a projection
    const Node& n = node(index);
    switch (n.kind) {
      case NodeKind::Current: return cur;
      case NodeKind::Literal: return borrow(n.literal);
      case NodeKind::Field: {
        const Json& c = get(cur);
        if (!c.is_object()) return {};
        auto it = c.find(n.name);
        if (it == c.end()) return {};
        return inside(cur, *it);
      }
      case NodeKind::Index: {
        const Json& c = get(cur);
        if (!c.is_array()) return {};
        int64_t size = static_cast<int64_t>(c.size());
        int64_t i = n.index < 0 ? n.index + size : n.index;
        if (i < 0 || i >= size) return {};
        return inside(cur, c[static_cast<size_t>(i)]);
      }
      case NodeKind::Slice: return slice(n, cur);
      case NodeKind::Chain: {
        Val v = cur;
        for (uint32_t k : n.kids) {
          v = eval(k, v);
          if (failed_) return {};
        }
        return v;
      }
      case NodeKind::ListProjection: return listProjection(n, cur);
      case NodeKind::ValueProjection: return valueProjection(n, cur);
      case NodeKind::FilterProjection: return filterProjection(n, cur);
      case NodeKind::Flatten: return flatten(n, cur);
      case NodeKind::Or:
      case NodeKind::And: {
        Val v;
        for (size_t i = 0; i < n.kids.size(); ++i) {
          v = eval(n.kids[i], cur);
          if (failed_) return {};
          bool truthy = isTruthy(get(v));
          if (i + 1 < n.kids.size() && truthy == (n.kind == NodeKind::Or)) return v;
        }
        return v;
      }
      case NodeKind::Not: {
        Val v = eval(n.kids[0], cur);
        if (failed_) return {};
        return boolVal(!isTruthy(get(v)));
      }
      case NodeKind::Compare: return compare(n, cur);
      case NodeKind::MultiList: {
        if (get(cur).is_null()) return {};
        Json out = Json::array();
        for (uint32_t k : n.kids) {
          Val v = eval(k, cur);
          if (failed_) return {};
          out.push_back(take(std::move(v)));
        }
        return own(std::move(out));
      }
      case NodeKind::MultiHash: return multiHash(n, cur);
      case NodeKind::Function: return call(n, cur);
      case NodeKind::ExpRef:
        return fail(ErrorType::InvalidType, n, "an expression reference (&...) is only a function argument");
    }
    return {};
  }

  // Python's slice rules: negative positions count from the end, out-of-range ones are clamped.
  Val slice(const Node& n, const Val& cur) {
    const Json& c = get(cur);
    if (!c.is_array()) return {};
    const int64_t size = static_cast<int64_t>(c.size());
    const int64_t step = n.step;
    auto clamp = [&](bool has, int64_t v, bool isStart) {
      if (!has) return step < 0 ? (isStart ? size - 1 : -1) : (isStart ? 0 : size);
      if (v < 0) {
        v += size;
        if (v < 0) v = step < 0 ? -1 : 0;
      } else if (v >= size) {
        v = step < 0 ? size - 1 : size;
      }
      return v;
    };
    int64_t i = clamp(n.hasStart, n.start, true);
    int64_t stop = clamp(n.hasStop, n.stop, false);
    Json out = Json::array();
    if (step > 0) {
      while (i < stop) {
        out.push_back(c[static_cast<size_t>(i)]);
        if (stop - i <= step) break;
        i += step;
      }
    } else {
      while (i > stop) {
        out.push_back(c[static_cast<size_t>(i)]);
        if (i - stop <= -step) break;
        i += step;
      }
    }
    return own(std::move(out));
  }

  // Appends a projected value unless it is null; moves it when nothing else can see it.
  static void project(Json& out, Val&& v) {
    if (get(v).is_null()) return;
    out.push_back(take(std::move(v)));
  }

  Val listProjection(const Node& n, const Val& cur) {
    Val left = eval(n.kids[0], cur);
    if (failed_) return {};
    const Json& l = get(left);
    if (!l.is_array()) return {};
    Json out = Json::array();
    for (const Json& e : l) {
      project(out, eval(n.kids[1], inside(left, e)));
      if (failed_) return {};
    }
    return own(std::move(out));
  }

  Val valueProjection(const Node& n, const Val& cur) {
    Val left = eval(n.kids[0], cur);
    if (failed_) return {};
    const Json& l = get(left);
    if (!l.is_object()) return {};
    Json out = Json::array();
    for (const auto& member : l.items()) {
      project(out, eval(n.kids[1], inside(left, member.value())));
      if (failed_) return {};
    }
    return own(std::move(out));
  }

  Val filterProjection(const Node& n, const Val& cur) {
    Val left = eval(n.kids[0], cur);
    if (failed_) return {};
    const Json& l = get(left);
    if (!l.is_array()) return {};
    Json out = Json::array();
    for (const Json& e : l) {
      Val element = inside(left, e);
      Val keep = eval(n.kids[1], element);
      if (failed_) return {};
      if (!isTruthy(get(keep))) continue;
      project(out, eval(n.kids[2], element));
      if (failed_) return {};
    }
    return own(std::move(out));
  }

  Val flatten(const Node& n, const Val& cur) {
    Val left = eval(n.kids[0], cur);
    if (failed_) return {};
    const Json& l = get(left);
    if (!l.is_array()) return {};
    const bool mine = left.use_count() == 1;  // an intermediate result nobody else holds: move
    Json out = Json::array();
    for (const Json& e : l) {
      if (e.is_array()) {
        for (const Json& x : e) out.push_back(mine ? std::move(const_cast<Json&>(x)) : x);
      } else {
        out.push_back(mine ? std::move(const_cast<Json&>(e)) : e);
      }
    }
    return own(std::move(out));
  }

  // == and != compare any values; <, <=, >, >= compare numbers and are null for anything else.
  Val compare(const Node& n, const Val& cur) {
    Val a = eval(n.kids[0], cur);
    if (failed_) return {};
    Val b = eval(n.kids[1], cur);
    if (failed_) return {};
    const Json& x = get(a);
    const Json& y = get(b);
    switch (n.comparator) {
      case Comparator::Eq: return boolVal(equal(x, y));
      case Comparator::Ne: return boolVal(!equal(x, y));
      default: break;
    }
    if (!x.is_number() || !y.is_number()) return {};
    int c = compareNumbers(x, y);
    switch (n.comparator) {
      case Comparator::Lt: return boolVal(c < 0);
      case Comparator::Le: return boolVal(c <= 0);
      case Comparator::Gt: return boolVal(c > 0);
      default: return boolVal(c >= 0);
    }
  }

  Val multiHash(const Node& n, const Val& cur) {
    if (get(cur).is_null()) return {};
    Json out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();
    for (size_t i = 0; i < n.kids.size(); ++i) {
      Val v = eval(n.kids[i], cur);
      if (failed_) return {};
      if (n.uniqueKeys) {
        members.emplace_back(n.keys[i], take(std::move(v)));  // no lookup: keys known distinct
      } else {
        out[n.keys[i]] = take(std::move(v));
      }
    }
    return own(std::move(out));
  }

  // --- functions
  struct Arg {
    Val value;
    uint32_t expref = kNone;  // the referenced expression, for &expr arguments
  };

  Val call(const Node& n, const Val& cur) {
    const FunctionSpec& spec = kFunctions[n.function];
    std::vector<Arg> args(n.kids.size());
    for (size_t i = 0; i < n.kids.size(); ++i) {
      const Node& a = node(n.kids[i]);
      if (a.kind == NodeKind::ExpRef) {
        args[i].expref = a.kids[0];
      } else {
        args[i].value = eval(n.kids[i], cur);
        if (failed_) return {};
      }
    }
    for (size_t i = 0; i < args.size(); ++i) {
      uint16_t want = spec.params[std::min<size_t>(i, spec.arity - 1)];
      std::string why;
      bool ok = args[i].expref != kNone ? (want & kExpRef) != 0
                                        : !(want & kExpRef) && typeMatches(want, get(args[i].value), why);
      if (!ok) {
        std::string got = args[i].expref != kNone ? "an expression reference (&...)"
                                                  : describeActual(get(args[i].value), why);
        return fail(ErrorType::InvalidType, n,
                    std::string(spec.name) + "() argument " + std::to_string(i + 1) + " must be " +
                        describeTypes(want) + ", got " + got);
      }
    }
    return dispatch(spec, n, args);
  }

  static std::string describeActual(const Json& v, const std::string& why) {
    if (!why.empty()) return why;
    std::string s = withArticle(typeName(v));
    if (!v.is_null()) s += " (" + describeValue(v) + ")";
    return s;
  }

  Val dispatch(const FunctionSpec& spec, const Node& n, std::vector<Arg>& args) {
    const Json& a0 = get(args[0].value);
    switch (spec.id) {
      case Builtin::Abs: {
        if (a0.is_number_float()) return own(Json(std::fabs(a0.get<double>())));
        if (a0.is_number_unsigned()) return args[0].value;
        int64_t v = a0.get<int64_t>();
        if (v == std::numeric_limits<int64_t>::min()) return own(Json(-static_cast<double>(v)));
        return own(Json(v < 0 ? -v : v));
      }
      case Builtin::Avg: {
        if (a0.empty()) return {};
        double total = 0;
        for (const Json& e : a0) total += e.get<double>();
        return own(Json(total / static_cast<double>(a0.size())));
      }
      case Builtin::Ceil:
      case Builtin::Floor: {
        if (isIntegral(a0)) return args[0].value;
        double v = a0.get<double>();
        return own(integerOrFloat(spec.id == Builtin::Ceil ? std::ceil(v) : std::floor(v)));
      }
      case Builtin::Contains: {
        const Json& needle = get(args[1].value);
        if (a0.is_string()) {
          if (!needle.is_string()) return boolVal(false);
          return boolVal(a0.get_ref<const std::string&>().find(needle.get_ref<const std::string&>()) !=
                         std::string::npos);
        }
        for (const Json& e : a0) {
          if (equal(e, needle)) return boolVal(true);
        }
        return boolVal(false);
      }
      case Builtin::EndsWith:
      case Builtin::StartsWith: {
        const std::string& s = a0.get_ref<const std::string&>();
        const std::string& affix = get(args[1].value).get_ref<const std::string&>();
        if (affix.size() > s.size()) return boolVal(false);
        size_t at = spec.id == Builtin::StartsWith ? 0 : s.size() - affix.size();
        return boolVal(s.compare(at, affix.size(), affix) == 0);
      }
      case Builtin::Join: {
        const std::string& glue = a0.get_ref<const std::string&>();
        std::string out;
        bool first = true;
        for (const Json& e : get(args[1].value)) {
          if (!first) out += glue;
          out += e.get_ref<const std::string&>();
          first = false;
        }
        return own(Json(std::move(out)));
      }
      case Builtin::Keys:
      case Builtin::Values: {
        Json out = Json::array();
        for (const auto& member : a0.items()) {
          if (spec.id == Builtin::Keys) {
            out.push_back(member.key());
          } else {
            out.push_back(member.value());
          }
        }
        return own(std::move(out));
      }
      case Builtin::Length: {
        size_t size = a0.is_string() ? codePoints(a0.get_ref<const std::string&>()) : a0.size();
        return own(Json(static_cast<uint64_t>(size)));
      }
      case Builtin::Map: {
        Json out = Json::array();
        for (const Json& e : get(args[1].value)) {
          Val v = eval(args[0].expref, inside(args[1].value, e));
          if (failed_) return {};
          out.push_back(take(std::move(v)));
        }
        return own(std::move(out));
      }
      case Builtin::Max:
      case Builtin::Min: {
        if (a0.empty()) return {};
        size_t best = 0;
        for (size_t i = 1; i < a0.size(); ++i) {
          int c = order(a0[i], a0[best]);
          if (spec.id == Builtin::Max ? c > 0 : c < 0) best = i;
        }
        return inside(args[0].value, a0[best]);
      }
      case Builtin::MaxBy:
      case Builtin::MinBy:
      case Builtin::SortBy: {
        std::vector<Val> keys;
        if (!sortKeys(spec, n, args[0].value, args[1].expref, keys)) return {};
        if (spec.id == Builtin::SortBy) {
          std::vector<size_t> positions(a0.size());
          for (size_t i = 0; i < positions.size(); ++i) positions[i] = i;
          std::stable_sort(positions.begin(), positions.end(),
                           [&](size_t x, size_t y) { return order(get(keys[x]), get(keys[y])) < 0; });
          Json out = Json::array();
          for (size_t i : positions) out.push_back(a0[i]);
          return own(std::move(out));
        }
        if (a0.empty()) return {};
        size_t best = 0;
        for (size_t i = 1; i < a0.size(); ++i) {
          int c = order(get(keys[i]), get(keys[best]));
          if (spec.id == Builtin::MaxBy ? c > 0 : c < 0) best = i;
        }
        return inside(args[0].value, a0[best]);
      }
      case Builtin::Merge: {
        // Later objects win; a key keeps the place where it first appeared. An index of the keys
        // keeps this linear (ordered_json's own lookup is a scan).
        Json out = Json::object();
        auto& members = out.get_ref<Json::object_t&>();
        std::map<std::string, size_t> position;
        for (Arg& a : args) {
          for (const auto& member : get(a.value).items()) {
            auto found = position.find(member.key());
            if (found != position.end()) {
              (members.begin() + static_cast<std::ptrdiff_t>(found->second))->second = member.value();
            } else {
              position.emplace(member.key(), members.size());
              members.emplace_back(member.key(), member.value());
            }
          }
        }
        return own(std::move(out));
      }
      case Builtin::NotNull:
        for (Arg& a : args) {
          if (!get(a.value).is_null()) return a.value;
        }
        return {};
      case Builtin::Reverse: {
        if (a0.is_array()) {
          Json out = Json::array();
          for (size_t i = a0.size(); i-- > 0;) out.push_back(a0[i]);
          return own(std::move(out));
        }
        const std::string& s = a0.get_ref<const std::string&>();
        std::string out;
        out.reserve(s.size());
        size_t end = s.size();
        while (end > 0) {  // whole UTF-8 characters, last first
          size_t begin = end - 1;
          while (begin > 0 && (static_cast<unsigned char>(s[begin]) & 0xC0) == 0x80) --begin;
          out.append(s, begin, end - begin);
          end = begin;
        }
        return own(Json(std::move(out)));
      }
      case Builtin::Sort: {
        std::vector<const Json*> items;
        for (const Json& e : a0) items.push_back(&e);
        std::stable_sort(items.begin(), items.end(), [](const Json* x, const Json* y) { return order(*x, *y) < 0; });
        Json out = Json::array();
        for (const Json* e : items) out.push_back(*e);
        return own(std::move(out));
      }
      case Builtin::Sum: {
        bool integers = true;
        int64_t whole = 0;
        double total = 0;
        for (const Json& e : a0) {
          total += e.get<double>();
          if (!integers) continue;
          if (!e.is_number_integer() || (e.is_number_unsigned() && e.get<uint64_t>() > INT64_MAX) ||
              __builtin_add_overflow(whole, e.get<int64_t>(), &whole)) {
            integers = false;
          }
        }
        return own(integers ? Json(whole) : Json(total));
      }
      case Builtin::ToArray: {
        if (a0.is_array()) return args[0].value;
        Json out = Json::array();
        out.push_back(a0);
        return own(std::move(out));
      }
      case Builtin::ToNumber: {
        if (a0.is_number()) return args[0].value;
        if (!a0.is_string()) return {};
        // Any string that is a JSON number (the spec's json-number production), nothing else.
        const std::string& s = a0.get_ref<const std::string&>();
        if (s.empty() || s.size() > 400 || s.find_first_of(" \t\n\r") != std::string::npos) return {};
        JsonParseResult parsed = parseJsonText(s);
        if (!parsed.ok || !parsed.value.is_number()) return {};
        return own(std::move(parsed.value));
      }
      case Builtin::ToString: {
        if (a0.is_string()) return args[0].value;
        return own(Json(a0.dump(-1, ' ', false, Json::error_handler_t::replace)));
      }
      case Builtin::Type: return own(Json(typeName(a0)));
    }
    return {};
  }

  // Evaluates &expr on each element for sort_by, max_by, min_by: the keys must be all numbers
  // or all strings.
  bool sortKeys(const FunctionSpec& spec, const Node& n, const Val& array, uint32_t expref, std::vector<Val>& keys) {
    const Json& a = get(array);
    keys.reserve(a.size());
    const char* first = nullptr;
    for (size_t i = 0; i < a.size(); ++i) {
      Val k = eval(expref, inside(array, a[i]));
      if (failed_) return false;
      const Json& key = get(k);
      if (!key.is_number() && !key.is_string()) {
        fail(ErrorType::InvalidType, n,
             std::string(spec.name) + "() needs keys that are numbers or strings; the key of element " +
                 std::to_string(i) + " is " + describeActual(key, ""));
        return false;
      }
      if (!first) {
        first = typeName(key);
      } else if (std::string_view(first) != typeName(key)) {
        fail(ErrorType::InvalidType, n,
             std::string(spec.name) + "() needs keys all of one type; element 0's key is " + withArticle(first) +
                 ", element " + std::to_string(i) + "'s is " + withArticle(typeName(key)));
        return false;
      }
      keys.push_back(std::move(k));
    }
    return true;
  }

  // Orders two numbers or two strings (strings by code point: UTF-8 byte order is code point order).
  static int order(const Json& a, const Json& b) {
    if (a.is_number() && b.is_number()) return compareNumbers(a, b);
    if (a.is_string() && b.is_string()) {
      int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return 0;
  }

  const Expression::Tree& t_;
  bool failed_ = false;
  Error error_;
};

// ---------------------------------------------------------------------------------------------
// Public API.

const char* errorTypeName(ErrorType type) {
  switch (type) {
    case ErrorType::Syntax: return "syntax";
    case ErrorType::InvalidType: return "invalid-type";
    case ErrorType::InvalidValue: return "invalid-value";
    case ErrorType::InvalidArity: return "invalid-arity";
    case ErrorType::UnknownFunction: return "unknown-function";
  }
  return "syntax";
}

Expression::Expression() {
  auto tree = std::make_shared<Tree>();
  tree->text = "@";
  tree->nodes.emplace_back();  // Current
  tree->root = 0;
  tree_ = std::move(tree);
}

const std::string& Expression::text() const { return tree_->text; }

CompileResult compile(std::string_view text) {
  if (text.size() >= kNone / 2) {
    CompileResult r;
    r.error = makeError(ErrorType::Syntax, "", 0, "the expression is too long");
    return r;
  }
  return Compiler(text).run();
}

SearchResult search(const Expression& expression, const Json& data) {
  return Evaluator(expression).run(data);
}

SearchResult search(std::string_view expression, const Json& data) {
  CompileResult compiled = compile(expression);
  if (!compiled.ok()) {
    SearchResult r;
    r.error = std::move(compiled.error);
    return r;
  }
  return search(*compiled.expression, data);
}

bool isTruthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object: return !value.empty();
    default: return true;
  }
}

bool equal(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return compareNumbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!equal(a[i], b[i])) return false;
    }
    return true;
  }
  if (!a.is_object()) return a == b;
  const auto& x = a.get_ref<const Json::object_t&>();
  const auto& y = b.get_ref<const Json::object_t&>();
  if (x.size() != y.size()) return false;
  // Usually the keys come in the same order: compare pairwise; otherwise sort both by key.
  auto xi = x.begin();
  for (auto yi = y.begin(); xi != x.end(); ++xi, ++yi) {
    if (xi->first != yi->first) break;
    if (!equal(xi->second, yi->second)) return false;
  }
  if (xi == x.end()) return true;
  using Member = const std::pair<const std::string, Json>*;
  std::vector<Member> xs, ys;
  for (const auto& m : x) xs.push_back(&m);
  for (const auto& m : y) ys.push_back(&m);
  auto byKey = [](Member p, Member q) { return p->first < q->first; };
  std::sort(xs.begin(), xs.end(), byKey);
  std::sort(ys.begin(), ys.end(), byKey);
  for (size_t k = 0; k < xs.size(); ++k) {
    if (xs[k]->first != ys[k]->first || !equal(xs[k]->second, ys[k]->second)) return false;
  }
  return true;
}

}  // namespace ecsplay::jmespath
