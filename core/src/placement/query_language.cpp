// The cluster query language (see ecsplay/query_language.h).
#include "ecsplay/query_language.h"

#include <cctype>
#include <cstdlib>

#include "placement/regex.h"

namespace ecsplay {

enum class QueryOp { Eq, Ne, Gt, Ge, Lt, Le, Exists, NotExists, In, NotIn, Matches, NotMatches };

struct QueryExpression::Node {
  enum Kind { And, Or, Not, Compare } kind = Compare;
  std::unique_ptr<Node> left, right;  // And/Or: both; Not: left
  std::string subject;
  QueryOp op = QueryOp::Eq;
  std::vector<std::string> values;
  std::unique_ptr<Regex> regex;  // Matches / NotMatches
};

namespace {

const char* const kSubjects[] = {"agentConnected", "agentVersion", "ec2InstanceId", "registeredAt",
                                 "runningTasksCount", "task:group"};

bool knownSubject(const std::string& s) {
  if (s.rfind("attribute:", 0) == 0) return s.size() > 10;
  for (const char* k : kSubjects) {
    if (s == k) return true;
  }
  return false;
}

struct Token {
  enum Kind { End, Word, Quoted, LParen, RParen, LBracket, RBracket, Comma, Op } kind = End;
  std::string text;
  size_t pos = 0;
};

bool isWordChar(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) && c != '(' && c != ')' && c != '[' && c != ']' && c != ',' &&
         c != '=' && c != '!' && c != '<' && c != '>' && c != '~' && c != '&' && c != '|' && c != '\'' && c != '"';
}

bool parseNumber(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

// Versions and dates compare part by part: 1.29.0 < 1.30.0; 2016-11-01 < 2016-11-01T10:00:00Z.
int compareParts(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      size_t i2 = i, j2 = j;
      while (i2 < a.size() && a[i2] == '0') ++i2;
      while (j2 < b.size() && b[j2] == '0') ++j2;
      size_t ie = i2, je = j2;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      if (ie - i2 != je - j2) return ie - i2 < je - j2 ? -1 : 1;
      int c = a.compare(i2, ie - i2, b, j2, je - j2);
      if (c != 0) return c < 0 ? -1 : 1;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
      ++i;
      ++j;
    }
  }
  if (i == a.size() && j == b.size()) return 0;
  return i == a.size() ? -1 : 1;
}

// A documented registeredAt form as seconds since the epoch (UTC): 2018-06-18,
// 2018-06-18T22:28:28, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28+00:00 (fractions of a second
// are dropped).
std::optional<int64_t> parseDate(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  size_t at = 0;
  auto digits = [&](int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k, ++at) {
      if (at >= s.size() || !std::isdigit(static_cast<unsigned char>(s[at]))) return false;
      out = out * 10 + (s[at] - '0');
    }
    return true;
  };
  auto expect = [&](char c) { return at < s.size() && s[at++] == c; };
  if (!digits(4, y) || !expect('-') || !digits(2, mo) || !expect('-') || !digits(2, d)) return std::nullopt;
  int64_t offset = 0;
  if (at < s.size()) {
    if (!expect('T') || !digits(2, h) || !expect(':') || !digits(2, mi) || !expect(':') || !digits(2, se)) return std::nullopt;
    if (at < s.size() && s[at] == '.') {
      ++at;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
    }
    if (at < s.size() && s[at] == 'Z') {
      ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
      int sign = s[at++] == '-' ? -1 : 1, oh = 0, om = 0;
      if (!digits(2, oh) || !expect(':') || !digits(2, om)) return std::nullopt;
      offset = sign * (oh * 3600 + om * 60);
    }
    if (at != s.size()) return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  // Days from the civil date (Howard Hinnant's algorithm), integers only.
  int64_t yy = y - (mo <= 2);
  int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  int64_t yoe = yy - era * 400;
  int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + se - offset;
}

int compareValues(const std::string& subject, const std::string& a, const std::string& b) {
  if (subject == "registeredAt") {
    std::optional<int64_t> x = parseDate(a), y = parseDate(b);
    if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
  }
  double x, y;
  if (subject != "agentVersion" && subject != "registeredAt" && parseNumber(a, x) && parseNumber(b, y)) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareParts(a, b);
}

// "String equality" (Dev guide: cluster query language): no wildcards outside =~ and !~.
bool equalsValue(const std::string& argument, const std::string& value) { return argument == value; }

bool evaluate(const QueryExpression::Node& n, const QuerySubjectSource& src) {
  using Node = QueryExpression::Node;
  switch (n.kind) {
    case Node::And: return evaluate(*n.left, src) && evaluate(*n.right, src);
    case Node::Or: return evaluate(*n.left, src) || evaluate(*n.right, src);
    case Node::Not: return !evaluate(*n.left, src);
    case Node::Compare: break;
  }
  if (n.subject == "task:group") {
    auto runs = [&](const std::string& group) { return src.tasksInGroup(group) > 0; };
    switch (n.op) {
      case QueryOp::Eq: return runs(n.values[0]);
      case QueryOp::Ne: return !runs(n.values[0]);
      case QueryOp::In:
        for (const std::string& g : n.values) {
          if (runs(g)) return true;
        }
        return false;
      case QueryOp::NotIn:
        for (const std::string& g : n.values) {
          if (runs(g)) return false;
        }
        return true;
      default: return false;  // refused at parse time
    }
  }
  std::optional<std::string> v = src.value(n.subject);
  switch (n.op) {
    case QueryOp::Exists: return v.has_value();
    case QueryOp::NotExists: return !v.has_value();
    case QueryOp::Eq: return v && equalsValue(n.values[0], *v);
    case QueryOp::Ne: return !v || !equalsValue(n.values[0], *v);
    case QueryOp::Gt: return v && compareValues(n.subject, *v, n.values[0]) > 0;
    case QueryOp::Ge: return v && compareValues(n.subject, *v, n.values[0]) >= 0;
    case QueryOp::Lt: return v && compareValues(n.subject, *v, n.values[0]) < 0;
    case QueryOp::Le: return v && compareValues(n.subject, *v, n.values[0]) <= 0;
    case QueryOp::In:
      if (!v) return false;
      for (const std::string& x : n.values) {
        if (equalsValue(x, *v)) return true;
      }
      return false;
    case QueryOp::NotIn:
      if (!v) return true;
      for (const std::string& x : n.values) {
        if (equalsValue(x, *v)) return false;
      }
      return true;
    case QueryOp::Matches: return v && n.regex->fullMatch(*v);
    case QueryOp::NotMatches: return !v || !n.regex->fullMatch(*v);
  }
  return false;
}

}  // namespace

struct QueryParser {
  std::string_view text;
  std::vector<Token> tokens;
  size_t at = 0;
  std::string error;
  size_t errorPos = 0;
  int depth = 0;
  bool dependsOnTasks = false;

  bool fail(size_t pos, const std::string& why) {
    if (error.empty()) {
      error = "Invalid expression at position " + std::to_string(pos + 1) + ": " + why;
      errorPos = pos;
    }
    return false;
  }

  bool tokenize() {
    size_t i = 0;
    bool regexNext = false;  // the value after =~ / !~ is a regular expression: [ ] ( ) | , are its own
    while (i < text.size()) {
      char c = text[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      Token t;
      t.pos = i;
      if (regexNext && c != '\'' && c != '"') {
        // Up to a space or an unmatched ')' outside brackets: `(x =~ t[23].*)` ends at the ')'.
        size_t start = i;
        int brackets = 0, parens = 0;
        while (i < text.size()) {
          char r = text[i];
          if (r == '\\' && i + 1 < text.size()) {
            i += 2;
            continue;
          }
          if (brackets == 0 && std::isspace(static_cast<unsigned char>(r))) break;
          if (r == '[') ++brackets;
          else if (r == ']' && brackets > 0) --brackets;
          else if (r == '(' && brackets == 0) ++parens;
          else if (r == ')' && brackets == 0) {
            if (parens == 0) break;
            --parens;
          }
          ++i;
        }
        t.kind = Token::Word;
        t.text = std::string(text.substr(start, i - start));
        tokens.push_back(std::move(t));
        regexNext = false;
        continue;
      }
      regexNext = false;
      if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
        t.kind = c == '(' ? Token::LParen : c == ')' ? Token::RParen : c == '[' ? Token::LBracket
                 : c == ']' ? Token::RBracket : Token::Comma;
        t.text = std::string(1, c);
        ++i;
      } else if (c == '\'' || c == '"') {
        size_t end = text.find(c, i + 1);
        if (end == std::string_view::npos) return fail(i, std::string("the quote ") + c + " is never closed");
        t.kind = Token::Quoted;
        t.text = std::string(text.substr(i + 1, end - i - 1));
        i = end + 1;
      } else if (c == '=' || c == '!' || c == '<' || c == '>' || c == '~' || c == '&' || c == '|') {
        static const char* const ops[] = {"==", "!=", ">=", "<=", "=~", "!~", "&&", "||", ">", "<", "!"};
        bool found = false;
        for (const char* op : ops) {
          size_t n = std::char_traits<char>::length(op);
          if (text.substr(i, n) == op) {
            t.kind = Token::Op;
            t.text = op;
            i += n;
            found = true;
            break;
          }
        }
        if (!found) return fail(i, std::string("'") + c + "' is not an operator (use ==, !=, >, >=, <, <=, =~, !~, &&, ||, !)");
        // "!exists", "!in" are one operator.
        if (t.text == "!") {
          for (const char* word : {"exists", "in"}) {
            size_t n = std::char_traits<char>::length(word);
            if (text.substr(i, n) == word && (i + n == text.size() || !isWordChar(text[i + n]))) {
              t.text = std::string("!") + word;
              i += n;
            }
          }
        }
      } else {
        size_t start = i;
        while (i < text.size() && isWordChar(text[i])) ++i;
        t.kind = Token::Word;
        t.text = std::string(text.substr(start, i - start));
      }
      regexNext = (t.kind == Token::Op && (t.text == "=~" || t.text == "!~")) ||
                  (t.kind == Token::Word && (t.text == "matches" || t.text == "not_matches"));
      tokens.push_back(std::move(t));
    }
    Token end;
    end.pos = text.size();
    tokens.push_back(end);
    return true;
  }

  const Token& peek() const { return tokens[at]; }
  bool isKeyword(const Token& t, const char* word) const { return t.kind == Token::Word && t.text == word; }
  bool isLogical(const Token& t, const char* word, const char* symbol) const {
    return isKeyword(t, word) || (t.kind == Token::Op && t.text == symbol);
  }

  std::unique_ptr<QueryExpression::Node> orExpr() {
    auto left = andExpr();
    while (left && isLogical(peek(), "or", "||")) {
      ++at;
      auto right = andExpr();
      if (!right) return nullptr;
      auto n = std::make_unique<QueryExpression::Node>();
      n->kind = QueryExpression::Node::Or;
      n->left = std::move(left);
      n->right = std::move(right);
      left = std::move(n);
    }
    return left;
  }

  std::unique_ptr<QueryExpression::Node> andExpr() {
    auto left = unary();
    while (left && isLogical(peek(), "and", "&&")) {
      ++at;
      auto right = unary();
      if (!right) return nullptr;
      auto n = std::make_unique<QueryExpression::Node>();
      n->kind = QueryExpression::Node::And;
      n->left = std::move(left);
      n->right = std::move(right);
      left = std::move(n);
    }
    return left;
  }

  std::unique_ptr<QueryExpression::Node> unary() {
    if (++depth > 100) {
      fail(peek().pos, "the expression nests too deeply");
      return nullptr;
    }
    std::unique_ptr<QueryExpression::Node> result;
    if (isLogical(peek(), "not", "!")) {
      ++at;
      auto inner = unary();
      if (inner) {
        result = std::make_unique<QueryExpression::Node>();
        result->kind = QueryExpression::Node::Not;
        result->left = std::move(inner);
      }
    } else if (peek().kind == Token::LParen) {
      ++at;
      result = orExpr();
      if (result && peek().kind != Token::RParen) {
        fail(peek().pos, "expected ')' " + describe(peek()));
        result = nullptr;
      } else if (result) {
        ++at;
      }
    } else {
      result = comparison();
    }
    --depth;
    return result;
  }

  static std::string describe(const Token& t) {
    if (t.kind == Token::End) return "but the expression ends";
    return "but found '" + t.text + "'";
  }

  bool value(std::string& out) {
    const Token& t = peek();
    if (t.kind == Token::Word || t.kind == Token::Quoted) {
      out = t.text;
      ++at;
      return true;
    }
    return fail(t.pos, "expected a value " + describe(t));
  }

  std::unique_ptr<QueryExpression::Node> comparison() {
    const Token& s = peek();
    if (s.kind != Token::Word) {
      fail(s.pos, "expected a subject such as attribute:ecs.instance-type " + describe(s));
      return nullptr;
    }
    if (!knownSubject(s.text)) {
      fail(s.pos, "unknown subject '" + s.text +
                      "'; subjects are agentConnected, agentVersion, attribute:NAME, ec2InstanceId, registeredAt, "
                      "runningTasksCount and task:group");
      return nullptr;
    }
    auto n = std::make_unique<QueryExpression::Node>();
    n->subject = s.text;
    if (s.text == "task:group" || s.text == "runningTasksCount") dependsOnTasks = true;
    ++at;
    const Token& o = peek();
    struct OpName {
      const char* symbol;
      const char* word;
      QueryOp op;
    };
    static const OpName ops[] = {
        {"==", "equals", QueryOp::Eq},          {"!=", "not_equals", QueryOp::Ne},
        {">", "greater_than", QueryOp::Gt},     {">=", "greater_than_equal", QueryOp::Ge},
        {"<", "less_than", QueryOp::Lt},        {"<=", "less_than_equal", QueryOp::Le},
        {"!exists", "not_exists", QueryOp::NotExists}, {nullptr, "exists", QueryOp::Exists},
        {"!in", "not_in", QueryOp::NotIn},      {nullptr, "in", QueryOp::In},
        {"=~", "matches", QueryOp::Matches},    {"!~", "not_matches", QueryOp::NotMatches},
    };
    bool found = false;
    for (const OpName& op : ops) {
      if ((o.kind == Token::Op && op.symbol && o.text == op.symbol) || isKeyword(o, op.word)) {
        n->op = op.op;
        found = true;
        break;
      }
    }
    if (!found) {
      fail(o.pos, "expected an operator after '" + s.text + "' " + describe(o) +
                      " (==, !=, >, >=, <, <=, exists, !exists, in, not_in, =~, !~)");
      return nullptr;
    }
    size_t opPos = o.pos;
    ++at;
    if (n->op == QueryOp::Exists || n->op == QueryOp::NotExists) {
      if (n->subject == "task:group") {
        fail(opPos, "task:group takes ==, !=, in or not_in");
        return nullptr;
      }
      return n;
    }
    if (n->op == QueryOp::In || n->op == QueryOp::NotIn) {
      if (peek().kind != Token::LBracket) {
        fail(peek().pos, "expected a list such as [us-east-1a, us-east-1b] " + describe(peek()));
        return nullptr;
      }
      ++at;
      while (true) {
        std::string v;
        if (!value(v)) return nullptr;
        n->values.push_back(v);
        if (peek().kind == Token::Comma) {
          ++at;
          continue;
        }
        if (peek().kind == Token::RBracket) {
          ++at;
          break;
        }
        fail(peek().pos, "expected ',' or ']' in the list " + describe(peek()));
        return nullptr;
      }
      return n;
    }
    std::string v;
    size_t valuePos = peek().pos;
    if (!value(v)) return nullptr;
    n->values.push_back(v);
    if (n->subject == "task:group" && n->op != QueryOp::Eq && n->op != QueryOp::Ne) {
      fail(opPos, "task:group takes ==, !=, in or not_in");
      return nullptr;
    }
    if (n->op == QueryOp::Matches || n->op == QueryOp::NotMatches) {
      n->regex = std::make_unique<Regex>(v);
      if (!n->regex->ok()) {
        fail(valuePos, "the regular expression '" + v + "' is not valid: " + n->regex->error());
        return nullptr;
      }
    }
    return n;
  }
};

QueryExpression::QueryExpression() = default;
QueryExpression::~QueryExpression() = default;
QueryExpression::QueryExpression(QueryExpression&&) noexcept = default;
QueryExpression& QueryExpression::operator=(QueryExpression&&) noexcept = default;

bool QueryExpression::matches(const QuerySubjectSource& instance) const {
  return root_ && evaluate(*root_, instance);
}

QueryParseResult parseQueryExpression(std::string_view text) {
  QueryParseResult result;
  if (text.size() > 2000) {
    result.error = "Invalid expression at position 2001: the expression is " + std::to_string(text.size()) +
                   " characters long; a cluster query language expression is at most 2000.";
    result.position = 2000;
    return result;
  }
  QueryParser p;
  p.text = text;
  if (!p.tokenize()) {
    result.error = p.error;
    result.position = p.errorPos;
    return result;
  }
  if (p.tokens.size() == 1) {
    result.error = "Invalid expression at position 1: the expression is empty";
    return result;
  }
  auto root = p.orExpr();
  if (root && p.peek().kind != Token::End) {
    p.fail(p.peek().pos, "expected 'and', 'or' or the end of the expression " + QueryParser::describe(p.peek()));
    root = nullptr;
  }
  if (!root) {
    result.error = p.error;
    result.position = p.errorPos;
    return result;
  }
  QueryExpression e;
  e.root_ = std::move(root);
  e.dependsOnTasks_ = p.dependsOnTasks;
  e.text_ = std::string(text);
  result.expression = std::move(e);
  return result;
}

}  // namespace ecsplay
