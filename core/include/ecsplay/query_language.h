// ecsplay/query_language.h — ECS's cluster query language, for memberOf placement constraints.
//
// An expression selects container instances (Dev guide: cluster query language):
//
//   subject operator [argument]
//     subjects   agentConnected, agentVersion, attribute:NAME, ec2InstanceId, registeredAt,
//                runningTasksCount, task:group
//     operators  == equals, != not_equals, > greater_than, >= greater_than_equal, < less_than,
//                <= less_than_equal, exists, !exists not_exists, in, !in not_in, =~ matches,
//                !~ not_matches
//     arguments  a value (t2.micro, 'i-0abc', "us-east-1a"), or a list for in / not_in:
//                [us-east-1a, us-east-1b]
//   expressions combine with and &&, or ||, not !, and parentheses; `not` binds tighter than
//   `and`, which binds tighter than `or`.
//
// Examples:  attribute:ecs.instance-type =~ t3.*
//            attribute:ecs.availability-zone in [us-east-1a, us-east-1b]
//            task:group == service:web
//            not(attribute:ecs.os-type == windows) and runningTasksCount < 10
//
// Matching: == and != are plain string equality (t2.* means the characters t2.*); patterns are
// written with =~ and !~, which take a Java regular expression that must match the whole value
// (String.matches), so `=~ t2.*` is ECS's documented "wildcard". Numbers compare as numbers when
// both sides are numbers; registeredAt compares dates (2018-06-18, 2018-06-18T22:28:28Z, ...);
// agentVersion compares versions (1.29.0 < 1.30.0). task:group == G is true when the instance runs
// a task of group G, != when it runs none. An instance without the subject (a missing attribute)
// fails ==, >, <, in, =~ and exists, and passes !=, not_in, !~ and !exists.
//
// Not simulated: subjects beyond these; regex features beyond ECMAScript's (std::regex), and regex
// evaluation is bounded: a pattern longer than 200 characters is refused.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecsplay {

// What an expression can ask of a container instance. The placement engine implements it over
// its view of the cluster; tests implement it over plain structs.
class QuerySubjectSource {
 public:
  virtual ~QuerySubjectSource() = default;
  // The value of a subject on this instance, or nullopt when it has none (a missing attribute).
  // `subject` is the subject text as written ("attribute:ecs.instance-type", "agentConnected").
  virtual std::optional<std::string> value(std::string_view subject) const = 0;
  // How many tasks of `group` the instance runs (for task:group).
  virtual int tasksInGroup(std::string_view group) const = 0;
};

struct QueryParseResult;

class QueryExpression {
 public:
  struct Node;
  QueryExpression();
  ~QueryExpression();
  QueryExpression(QueryExpression&&) noexcept;
  QueryExpression& operator=(QueryExpression&&) noexcept;

  bool matches(const QuerySubjectSource& instance) const;
  // True when the result can change as tasks are placed (it names task:group or runningTasksCount).
  bool dependsOnTasks() const { return dependsOnTasks_; }
  const std::string& text() const { return text_; }

 private:
  friend struct QueryParser;
  friend QueryParseResult parseQueryExpression(std::string_view text);
  std::unique_ptr<Node> root_;
  bool dependsOnTasks_ = false;
  std::string text_;
};

struct QueryParseResult {
  std::optional<QueryExpression> expression;
  std::string error;    // "Invalid expression at position 17: expected an operator after 'attribute:stack'"
  size_t position = 0;  // 0-based character position of the error
};

// Parses an expression of at most 2000 characters (API ref: PlacementConstraint.expression).
[[nodiscard]] QueryParseResult parseQueryExpression(std::string_view text);

}  // namespace ecsplay
