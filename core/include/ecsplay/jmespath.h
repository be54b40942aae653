// ecsplay/jmespath.h — JMESPath, the query language of the AWS CLI's --query and of its waiters.
//
// `aws ecs describe-services ... --query 'services[].status'` and the waiters of
// botocore's waiters-2.json ("length(services[?!(length(deployments) == `1` && runningCount ==
// desiredCount)]) == `0`") select from an API reply with JMESPath. This module implements the
// whole language of https://jmespath.org/specification.html and passes every case of the official
// compliance suite (../shared/data/jmespath-compliance):
//
//   foo.bar  foo."quoted key"  foo[0]  foo[-1]  foo[1:10:2]  foo[::-1]
//   foo[*].bar  foo.*.bar  foo[].bar  foo[?state == 'RUNNING'].name      projections
//   a || b  a && b  !a  (a)  a == b  a != b  a < b  a <= b  a > b  a >= b  (ordering: numbers only)
//   [a, b]  {name: a, count: b}  a | b  @  `{"json": "literal"}`  'raw string'
//   sort_by(tasks, &startedAt)  and every built-in function: abs avg ceil contains ends_with
//   floor join keys length map max max_by merge min min_by not_null reverse sort sort_by
//   starts_with sum to_array to_number to_string type values
//
// Usage: compile once, search many times (a waiter polls the same expression every few seconds).
//
//   jmespath::CompileResult c = jmespath::compile("tasks[].lastStatus");
//   if (!c.ok()) show(c.error.message);     // "syntax error at column 7: ..."
//   jmespath::SearchResult r = jmespath::search(*c.expression, reply);
//   if (r.ok) use(r.value);                 // ["RUNNING", "PENDING"]
//
// Rules and gotchas:
// - Errors are values: nothing throws, aborts or overflows the stack on any input. A compile error
//   is "syntax" (or "invalid-value" for a slice step of 0, "unknown-function", "invalid-arity");
//   a search error is "invalid-type" (a function given the wrong type of argument, sort_by on
//   keys of mixed types, ...). A missing key or an index out of range is not an error: it is null.
// - Numbers: 1 and 1.0 are equal; results keep integers where the spec's operation does (sum of
//   integers, abs, ceil, floor, to_number('4') are integers; avg is a float).
// - Object key order is kept: keys(), values(), {..} and merge() follow the order of the data,
//   as the AWS CLI (Python dicts) does. equal() ignores key order, as JMESPath's == does.
// - Strings are UTF-8: length() and reverse() count Unicode code points; sort, min and max
//   compare code points.
// - The deprecated literal form `RUNNING` (backticks around text that is not JSON) is read as the
//   string "RUNNING", as the AWS CLI does, since many published --query examples use it; text
//   that starts like JSON ([, {, ") must be valid JSON: `[1, 2` is a syntax error.
// - Where jmespath.py (the AWS CLI's engine) strays from the specification, this follows the
//   specification: `foo.*.a.b` applies a.b to each value of foo (jmespath.py applies .b to the
//   projected list: its issue #182); arguments need commas; '1.' and '.5' are not numbers.
// - Limits: expressions nest at most kMaxNesting levels (parentheses, brackets, projections,
//   function calls, !); deeper is a syntax error. JSON literals nest at most 64 levels.
//   Lookups in an object are linear in its number of keys (ordered_json).
//
// Not provided: JEP extensions beyond the specification (let, arithmetic, string slices, items(),
// group_by); custom functions. Not guarded: an expression whose result grows exponentially
// (`[@, @] | [@, @] | ...`) is bounded only by memory, as in every implementation. The depth of
// `data` itself is the caller's to bound (parseJsonText does).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ecsplay/json_input.h"  // Json = nlohmann::ordered_json

namespace ecsplay::jmespath {

// How deeply an expression may nest (parser recursion and the height of the compiled tree).
constexpr size_t kMaxNesting = 256;

// ---------------------------------------------------------------------------------------------
// Errors: the compliance suite's error types.
enum class ErrorType {
  Syntax,           // the expression is not JMESPath ("foo[", "foo.`1`", "a = b")
  InvalidType,      // a function argument of the wrong type (abs('x')); a misplaced &expr
  InvalidValue,     // a value out of its domain: a slice step of 0 (foo[::0])
  InvalidArity,     // a function called with the wrong number of arguments (abs(), abs(a, b))
  UnknownFunction,  // a function the language does not define (foo(bar))
};

// "syntax", "invalid-type", "invalid-value", "invalid-arity", "unknown-function".
const char* errorTypeName(ErrorType type);

struct Error {
  ErrorType type = ErrorType::Syntax;
  std::string message;  // one sentence naming what is wrong and where: "syntax error at column 5:
                        // expected ']' to close the '[' at column 4, found end of expression"
  size_t column = 0;    // 1-based column (in characters) the message points at
};

// ---------------------------------------------------------------------------------------------
// Compiling.

// A compiled expression: immutable, cheap to copy (the tree is shared), safe to search with from
// several places. Default-constructed, it is the expression "@" (the whole document).
class Expression {
 public:
  struct Tree;  // the compiled tree (defined in jmespath.cpp)

  Expression();
  const std::string& text() const;  // the expression as written

 private:
  friend struct Compiler;
  friend class Evaluator;
  std::shared_ptr<const Tree> tree_;
};

struct CompileResult {
  std::optional<Expression> expression;  // set when the text compiled
  Error error;                           // when it did not
  bool ok() const { return expression.has_value(); }
};

// Compiles an expression. Unknown functions and wrong argument counts are found here; argument
// types, which depend on the data, are checked by search().
[[nodiscard]] CompileResult compile(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Searching.

struct SearchResult {
  bool ok = false;
  Json value;   // the result when ok (null when nothing matched)
  Error error;  // when !ok
};

// Evaluates a compiled expression against a document.
[[nodiscard]] SearchResult search(const Expression& expression, const Json& data);

// Compiles and evaluates in one step (compile errors are returned as search errors).
[[nodiscard]] SearchResult search(std::string_view expression, const Json& data);

// ---------------------------------------------------------------------------------------------
// JMESPath's value rules, for callers that act on results (a waiter compares a result with its
// acceptor's `expected` value).

// False for null, false, "", [] and {}; true for everything else, including 0.
bool isTruthy(const Json& value);

// JMESPath equality (==): deep; numbers by value (1 == 1.0); object key order ignored.
bool equal(const Json& a, const Json& b);

}  // namespace ecsplay::jmespath
