// Thompson-NFA regular expressions (see regex.h).
#include "placement/regex.h"

namespace ecsplay {

// Parses the pattern into a small AST, then emits NFA instructions.
struct RegexCompiler {
  struct Node {
    enum Kind { Empty, Lit, Any, Cls, Cat, Alt, Repeat } kind = Empty;
    unsigned char c = 0;
    int cls = -1;
    std::vector<Node> kids;
    int min = 0, max = -1;  // Repeat; max -1 = unbounded
  };

  std::string_view p;
  size_t i = 0;
  Regex& re;
  int depth = 0;
  size_t nodes = 0;

  RegexCompiler(std::string_view pattern, Regex& r) : p(pattern), re(r) {}

  bool fail(const std::string& why) { return failAt(i, why); }
  // `at`: the first character of the construct that is wrong.
  bool failAt(size_t at, const std::string& why) {
    if (re.error_.empty()) {
      re.error_ = why;
      re.errorPosition_ = at;
    }
    return false;
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Reads the escape after a '\' at `start` (i is past the backslash): a literal byte in `out`,
  // or false with the error. Java's escapes: \t \n \r \f \e \a, \xhh, \uhhhh (ASCII only here),
  // and any escaped character that is not a letter or digit stands for itself.
  bool escape(size_t start, unsigned char& out) {
    if (!more()) return fail("'\\' at the end of the pattern");
    char e = p[i++];
    switch (e) {
      case 't': out = '\t'; return true;
      case 'n': out = '\n'; return true;
      case 'r': out = '\r'; return true;
      case 'f': out = '\f'; return true;
      case 'e': out = 0x1b; return true;
      case 'a': out = 0x07; return true;
      case 'x':
      case 'u': {
        int digits = e == 'x' ? 2 : 4, v = 0;
        for (int k = 0; k < digits; ++k) {
          int h = more() ? hexDigit(p[i]) : -1;
          if (h < 0) return failAt(start, std::string("\\") + e + " needs " + std::to_string(digits) + " hexadecimal digits");
          v = v * 16 + h;
          ++i;
        }
        if (v > 0x7f) return failAt(start, "only ASCII characters can be written as escapes here");
        out = static_cast<unsigned char>(v);
        return true;
      }
      default: break;
    }
    if ((e >= '0' && e <= '9') || e == 'b' || e == 'B') {
      return failAt(start, "backreferences and word boundaries are not supported");
    }
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) {
      return failAt(start, std::string("unknown escape \\") + e);
    }
    out = static_cast<unsigned char>(e);
    return true;
  }
  bool more() const { return i < p.size(); }

  int newClass() {
    re.classes_.emplace_back(256, false);
    return static_cast<int>(re.classes_.size()) - 1;
  }
  void addShorthand(std::vector<bool>& set, char k) {
    auto isDigit = [](int c) { return c >= '0' && c <= '9'; };
    auto isWord = [&](int c) { return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    auto isSpace = [](int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    for (int c = 0; c < 256; ++c) {
      bool in = (k == 'd' || k == 'D') ? isDigit(c) : (k == 'w' || k == 'W') ? isWord(c) : isSpace(c);
      if (k == 'D' || k == 'W' || k == 'S') in = !in;
      if (in) set[static_cast<size_t>(c)] = true;
    }
  }
  static bool isShorthand(char c) { return c == 'd' || c == 'w' || c == 's' || c == 'D' || c == 'W' || c == 'S'; }

  bool alternation(Node& out) {
    if (++depth > 50) return fail("groups nest too deeply");
    Node first;
    if (!concatenation(first)) return false;
    if (!more() || p[i] != '|') {
      out = std::move(first);
      --depth;
      return true;
    }
    out.kind = Node::Alt;
    out.kids.push_back(std::move(first));
    while (more() && p[i] == '|') {
      ++i;
      Node next;
      if (!concatenation(next)) return false;
      out.kids.push_back(std::move(next));
    }
    --depth;
    return true;
  }

  bool concatenation(Node& out) {
    out.kind = Node::Cat;
    while (more() && p[i] != '|' && p[i] != ')') {
      Node atom;
      if (!repeat(atom)) return false;
      if (atom.kind != Node::Empty) out.kids.push_back(std::move(atom));
    }
    return true;
  }

  bool number(int& n) {
    size_t start = i;
    n = 0;
    while (more() && p[i] >= '0' && p[i] <= '9' && i - start < 4) n = n * 10 + (p[i++] - '0');
    return i > start;
  }

  bool repeat(Node& out) {
    if (!atom(out)) return false;
    while (more()) {
      char c = p[i];
      int min = 0, max = -1;
      if (c == '*') {
        ++i;
      } else if (c == '+') {
        min = 1;
        ++i;
      } else if (c == '?') {
        max = 1;
        ++i;
      } else if (c == '{') {
        size_t brace = i++;
        if (!number(min)) return failAt(brace, "'{' must start a count such as {2} or {1,3} (write \\{ for a brace)");
        max = min;
        if (more() && p[i] == ',') {
          ++i;
          max = -1;
          if (more() && p[i] != '}' && !number(max)) return fail("expected a number or '}' in a {m,n} count");
        }
        if (!more() || p[i] != '}') return fail("expected '}' to close the count");
        ++i;
        if ((max >= 0 && max < min) || min > 100 || max > 100) {
          return failAt(i - 1, "counts go from 0 to 100, {m,n} with m <= n");  // at the closing '}'
        }
      } else {
        break;
      }
      if (out.kind == Node::Empty) return fail("nothing to repeat");
      if (more() && (p[i] == '?' || p[i] == '+')) return fail("lazy and possessive quantifiers are not supported");
      Node r;
      r.kind = Node::Repeat;
      r.min = min;
      r.max = max;
      r.kids.push_back(std::move(out));
      out = std::move(r);
      if (++nodes > 2000) return fail("the pattern is too complex");
    }
    return true;
  }

  bool atom(Node& out) {
    if (++nodes > 2000) return fail("the pattern is too complex");
    char c = p[i];
    if (c == '(') {
      ++i;
      if (i + 1 < p.size() && p[i] == '?' && p[i + 1] == ':') i += 2;
      else if (more() && p[i] == '?') return fail("lookaround and flags are not supported");
      if (!alternation(out)) return false;
      if (!more() || p[i] != ')') return fail("missing ')'");
      ++i;
      return true;
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') return fail(std::string("nothing to repeat before '") + c + "'");
    if (c == '^' || c == '$') {  // the whole value is matched anyway
      ++i;
      out.kind = Node::Empty;
      return true;
    }
    if (c == '.') {
      ++i;
      out.kind = Node::Any;
      return true;
    }
    if (c == '[') return charClass(out);
    if (c == '\\') {
      size_t start = i++;
      if (more() && isShorthand(p[i])) {
        out.kind = Node::Cls;
        out.cls = newClass();
        addShorthand(re.classes_[static_cast<size_t>(out.cls)], p[i++]);
        return true;
      }
      out.kind = Node::Lit;
      return escape(start, out.c);
    }
    ++i;
    out.kind = Node::Lit;
    out.c = static_cast<unsigned char>(c);
    return true;
  }

  bool charClass(Node& out) {
    ++i;  // '['
    out.kind = Node::Cls;
    out.cls = newClass();
    std::vector<bool> set(256, false);
    bool negate = more() && p[i] == '^';
    if (negate) ++i;
    bool first = true;
    while (more() && (p[i] != ']' || first)) {
      first = false;
      size_t itemStart = i;
      unsigned char lo;
      if (p[i] == '\\') {
        size_t start = i++;
        if (more() && isShorthand(p[i])) {
          addShorthand(set, p[i++]);
          continue;
        }
        if (!escape(start, lo)) return false;
      } else {
        lo = static_cast<unsigned char>(p[i++]);
      }
      unsigned char hi = lo;
      if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
        ++i;
        if (p[i] == '\\') {
          size_t start = i++;
          if (!escape(start, hi)) return false;
        } else {
          hi = static_cast<unsigned char>(p[i++]);
        }
        if (hi < lo) return failAt(itemStart, "a range in [...] goes from low to high");
      }
      for (int c = lo; c <= hi; ++c) set[static_cast<size_t>(c)] = true;
    }
    if (!more()) return fail("missing ']'");
    ++i;
    if (negate) set.flip();
    re.classes_[static_cast<size_t>(out.cls)] = std::move(set);
    return true;
  }

  // Emission.
  int emit(Regex::Inst inst) {
    re.prog_.push_back(inst);
    return static_cast<int>(re.prog_.size()) - 1;
  }
  bool emitNode(const Node& n) {
    if (re.prog_.size() > 20000) return fail("the pattern is too complex");
    switch (n.kind) {
      case Node::Empty: return true;
      case Node::Lit: emit({Regex::Inst::Char, 0, 0, n.c, -1}); return true;
      case Node::Any: emit({Regex::Inst::Any, 0, 0, 0, -1}); return true;
      case Node::Cls: emit({Regex::Inst::Class, 0, 0, 0, n.cls}); return true;
      case Node::Cat:
        for (const Node& k : n.kids) {
          if (!emitNode(k)) return false;
        }
        return true;
      case Node::Alt: {
        std::vector<int> jumps;
        for (size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 < n.kids.size()) {
            int split = emit({Regex::Inst::Split, 0, 0, 0, -1});
            re.prog_[static_cast<size_t>(split)].x = split + 1;
            if (!emitNode(n.kids[k])) return false;
            jumps.push_back(emit({Regex::Inst::Jmp, 0, 0, 0, -1}));
            re.prog_[static_cast<size_t>(split)].y = static_cast<int>(re.prog_.size());
          } else if (!emitNode(n.kids[k])) {
            return false;
          }
        }
        for (int j : jumps) re.prog_[static_cast<size_t>(j)].x = static_cast<int>(re.prog_.size());
        return true;
      }
      case Node::Repeat: {
        const Node& body = n.kids[0];
        for (int k = 0; k < n.min; ++k) {
          if (!emitNode(body)) return false;
        }
        if (n.max < 0) {  // body*
          int split = emit({Regex::Inst::Split, 0, 0, 0, -1});
          re.prog_[static_cast<size_t>(split)].x = split + 1;
          if (!emitNode(body)) return false;
          emit({Regex::Inst::Jmp, split, 0, 0, -1});
          re.prog_[static_cast<size_t>(split)].y = static_cast<int>(re.prog_.size());
          return true;
        }
        std::vector<int> splits;
        for (int k = n.min; k < n.max; ++k) {  // body? repeated
          int split = emit({Regex::Inst::Split, 0, 0, 0, -1});
          re.prog_[static_cast<size_t>(split)].x = split + 1;
          splits.push_back(split);
          if (!emitNode(body)) return false;
        }
        for (int s : splits) re.prog_[static_cast<size_t>(s)].y = static_cast<int>(re.prog_.size());
        return true;
      }
    }
    return true;
  }
};

Regex::Regex(std::string_view pattern) {
  if (pattern.size() > 200) {
    error_ = "the pattern is longer than 200 characters";
    return;
  }
  RegexCompiler c(pattern, *this);
  RegexCompiler::Node root;
  if (!c.alternation(root)) return;
  if (c.more()) {
    c.fail("unbalanced ')'");
    return;
  }
  if (!c.emitNode(root)) return;
  c.emit({Inst::Match, 0, 0, 0, -1});
}

bool Regex::fullMatch(std::string_view text) const {
  if (!ok()) return false;
  size_t n = prog_.size();
  std::vector<int> current, next;
  std::vector<size_t> mark(n, static_cast<size_t>(-1));
  std::vector<int> stack;
  // Adds pc and everything reachable through Split/Jmp to `list` for input position `step`.
  auto add = [&](std::vector<int>& list, int pc, size_t step) {
    stack.push_back(pc);
    while (!stack.empty()) {
      int at = stack.back();
      stack.pop_back();
      if (mark[static_cast<size_t>(at)] == step) continue;
      mark[static_cast<size_t>(at)] = step;
      const Inst& inst = prog_[static_cast<size_t>(at)];
      if (inst.op == Inst::Jmp) {
        stack.push_back(inst.x);
      } else if (inst.op == Inst::Split) {
        stack.push_back(inst.y);
        stack.push_back(inst.x);
      } else {
        list.push_back(at);
      }
    }
  };
  add(current, 0, 0);
  for (size_t pos = 0; pos <= text.size(); ++pos) {
    next.clear();
    for (int pc : current) {
      const Inst& inst = prog_[static_cast<size_t>(pc)];
      if (inst.op == Inst::Match) {
        if (pos == text.size()) return true;
        continue;
      }
      if (pos == text.size()) continue;
      unsigned char ch = static_cast<unsigned char>(text[pos]);
      bool step = (inst.op == Inst::Char && inst.c == ch) || (inst.op == Inst::Any && ch != '\n') ||
                  (inst.op == Inst::Class && classes_[static_cast<size_t>(inst.cls)][ch]);
      if (step) add(next, pc + 1, pos + 1);
    }
    current.swap(next);
    if (current.empty()) return false;
  }
  return false;
}

}  // namespace ecsplay
