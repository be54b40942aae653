// The cluster query language of memberOf constraints (ECS-FACTS.md, "Capacity and placement";
// research/placement.md §4): every operator in both spellings, the boolean operators and their
// precedence, values, lists and quotes, every subject, instances without the subject, every
// example expression of the docs, and malformed expressions refused at the right position.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecsplay/placement.h"
#include "ecsplay/query_language.h"
#include "placement/placement_fixtures.h"

using namespace ecsplay;

namespace {

// A container instance as plain values: subject text -> value, task group -> running tasks.
struct Subjects : QuerySubjectSource {
  std::map<std::string, std::string, std::less<>> values;
  std::map<std::string, int, std::less<>> groups;

  std::optional<std::string> value(std::string_view subject) const override {
    auto it = values.find(subject);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }
  int tasksInGroup(std::string_view group) const override {
    auto it = groups.find(group);
    return it == groups.end() ? 0 : it->second;
  }
};

::testing::AssertionResult evaluatesTo(const std::string& text, const QuerySubjectSource& instance, bool expected) {
  QueryParseResult parsed = parseQueryExpression(text);
  if (!parsed.expression) return ::testing::AssertionFailure() << "'" << text << "' does not parse: " << parsed.error;
  bool got = parsed.expression->matches(instance);
  if (got == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' selects the instance: " << (got ? "yes" : "no")
                                       << ", expected " << (expected ? "yes" : "no");
}

struct EvalCase {
  std::string text;
  bool selects;
};

void expectAll(const std::vector<EvalCase>& cases, const QuerySubjectSource& instance) {
  for (const EvalCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_TRUE(evaluatesTo(c.text, instance, c.selects));
  }
}

Subjects prodInstance() {
  Subjects s;
  s.values["attribute:stack"] = "prod";
  s.values["attribute:size"] = "10";
  s.values["attribute:ecs.instance-type"] = "t2.small";
  s.values["attribute:ecs.availability-zone"] = "us-east-1b";
  s.values["attribute:ecs.capability.task-eni"] = "";
  s.values["ec2InstanceId"] = "i-abc";
  return s;
}

}  // namespace

TEST(QueryOperators, EveryOperatorInBothSpellings) {
  expectAll({{"attribute:stack == prod", true},
             {"attribute:stack equals prod", true},
             {"attribute:stack == dev", false},
             {"attribute:stack equals dev", false},
             {"attribute:stack != dev", true},
             {"attribute:stack not_equals dev", true},
             {"attribute:stack != prod", false},
             {"attribute:stack not_equals prod", false},
             {"attribute:size > 9", true},
             {"attribute:size greater_than 9", true},
             {"attribute:size > 10", false},
             {"attribute:size greater_than 10", false},
             {"attribute:size >= 10", true},
             {"attribute:size greater_than_equal 10", true},
             {"attribute:size >= 11", false},
             {"attribute:size greater_than_equal 11", false},
             {"attribute:size < 11", true},
             {"attribute:size less_than 11", true},
             {"attribute:size < 10", false},
             {"attribute:size less_than 10", false},
             {"attribute:size <= 10", true},
             {"attribute:size less_than_equal 10", true},
             {"attribute:size <= 9", false},
             {"attribute:size less_than_equal 9", false},
             {"attribute:stack exists", true},
             {"attribute:color exists", false},
             {"attribute:color !exists", true},
             {"attribute:color not_exists", true},
             {"attribute:stack !exists", false},
             {"attribute:stack not_exists", false},
             {"attribute:stack in [dev, prod]", true},
             {"attribute:stack in [dev, test]", false},
             {"attribute:stack !in [dev, test]", true},
             {"attribute:stack not_in [dev, test]", true},
             {"attribute:stack !in [dev, prod]", false},
             {"attribute:stack not_in [prod]", false},
             {"attribute:stack =~ pr.*", true},
             {"attribute:stack matches pr.*", true},
             {"attribute:stack =~ de.*", false},
             {"attribute:stack matches de.*", false},
             {"attribute:stack !~ de.*", true},
             {"attribute:stack not_matches de.*", true},
             {"attribute:stack !~ pr.*", false},
             {"attribute:stack not_matches pr.*", false}},
            prodInstance());
}

TEST(QueryOperators, OperatorsNeedNoSpacesAroundThem) {
  expectAll({{"attribute:stack==prod", true},
             {"attribute:stack!=prod", false},
             {"attribute:size>=10", true},
             {"attribute:size<9", false},
             {"attribute:stack=~pr.*", true},
             {"attribute:stack!in[dev]", true},
             {"attribute:stack in[prod]", true},
             {"  attribute:stack   ==   prod  ", true}},
            prodInstance());
}

TEST(QueryOperators, NumbersCompareAsNumbers) {
  // As strings "10" < "9"; as numbers it is the other way round.
  expectAll({{"attribute:size > 9", true},
             {"attribute:size < 9", false},
             {"attribute:size > 9.5", true},
             {"attribute:size < 100", true},
             {"attribute:size >= 010", true}},
            prodInstance());
}

TEST(QueryBoolean, AndOrNotInBothSpellings) {
  const std::string T = "attribute:stack == prod", F = "attribute:stack == dev";
  expectAll({{T + " and " + T, true},
             {T + " and " + F, false},
             {T + " && " + F, false},
             {T + " && " + T, true},
             {F + " or " + T, true},
             {F + " || " + T, true},
             {F + " or " + F, false},
             {F + " || " + F, false},
             {"not " + T, false},
             {"not " + F, true},
             {"! " + F, true},
             {"!" + F, true},
             {"!" + T, false},
             {"not(" + F + ")", true},
             {"!(" + T + ")", false},
             {"not not " + T, true},
             {"! ! " + T, true}},
            prodInstance());
}

TEST(QueryBoolean, NotBindsTighterThanAndWhichBindsTighterThanOr) {
  const std::string T = "attribute:stack == prod", F = "attribute:stack == dev";
  expectAll({{T + " or " + F + " and " + F, true},        // T or (F and F)
             {"(" + T + " or " + F + ") and " + F, false},  // parentheses first
             {F + " and " + F + " or " + T, true},         // (F and F) or T
             {F + " and (" + F + " or " + T + ")", false},
             {"not " + F + " and " + F, false},  // (not F) and F
             {"not (" + F + " and " + F + ")", true},
             {"not " + T + " or " + T, true},  // (not T) or T
             {"not (" + T + " or " + T + ")", false},
             {T + " and not " + F, true},
             {F + " or " + F + " or " + F + " or " + T, true},
             {T + " and " + T + " and " + T + " and " + F, false},
             {"((" + T + "))", true},
             {"(" + F + " or (" + T + " and (not " + F + ")))", true},
             {T + " || " + F + " && " + F, true}},
            prodInstance());
}

TEST(QueryValues, QuotesAreStrippedAndKeepSpacesAndKeywords) {
  Subjects s = prodInstance();
  s.values["attribute:name"] = "two words";
  s.values["attribute:phrase"] = "a and b";
  expectAll({{"ec2InstanceId == 'i-abc'", true},
             {"ec2InstanceId == \"i-abc\"", true},
             {"ec2InstanceId == 'i-abd'", false},
             {"attribute:name == 'two words'", true},
             {"attribute:name == \"two words\"", true},
             {"attribute:phrase == 'a and b'", true},
             {"attribute:stack == 'prod' and attribute:name == 'two words'", true},
             {"attribute:ecs.capability.task-eni == ''", true},
             {"ec2InstanceId in ['i-xyz', \"i-abc\"]", true},
             {"ec2InstanceId in ['i-xyz', i-abc]", true},
             {"attribute:ecs.instance-type =~ 't2\\..*'", true},
             {"attribute:ecs.instance-type =~ '(t2|t3)\\.(micro|small)'", true},
             {"attribute:ecs.instance-type =~ \"[a-z][0-9]\\.[a-z]{5}\"", true}},
            s);
}

TEST(QueryValues, ListsTakeOneOrMoreValuesWithOrWithoutSpaces) {
  expectAll({{"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true},
             {"attribute:ecs.availability-zone in [us-east-1a,us-east-1b]", true},
             {"attribute:ecs.availability-zone in [ us-east-1a ,  us-east-1b ]", true},
             {"attribute:ecs.availability-zone in [us-east-1b]", true},
             {"attribute:ecs.availability-zone in [us-east-1a]", false},
             {"attribute:ecs.availability-zone in [us-east-1a, us-east-1c, us-east-1d, us-east-1e, us-east-1f]", false},
             {"attribute:ecs.availability-zone not_in [us-east-1a, us-east-1c]", true}},
            prodInstance());
}

TEST(QueryValues, DoubleEqualsIsPlainStringEqualityWithoutWildcards) {
  // Dev guide: == is "String equality"; patterns are written with =~ (research §4.3).
  Subjects s = prodInstance();
  expectAll({{"attribute:ecs.instance-type == t2.small", true},
             {"attribute:ecs.instance-type == t2.*", false},
             {"attribute:ecs.instance-type == t2*", false},
             {"attribute:ecs.instance-type in [t2.*]", false},
             {"attribute:ecs.instance-type != t2.*", true},
             {"attribute:ecs.instance-type =~ t2.*", true},
             {"attribute:ecs.instance-type == t2.smal", false},
             {"attribute:ecs.instance-type == t2.small2", false}},
            s);
  Subjects literal;
  literal.values["attribute:ecs.instance-type"] = "t2.*";
  EXPECT_TRUE(evaluatesTo("attribute:ecs.instance-type == t2.*", literal, true));
}

TEST(QueryValues, MatchesMustMatchTheWholeValue) {
  // String.matches, as Java's Pattern is documented for =~ (research §4.3 recommendation).
  expectAll({{"attribute:ecs.instance-type =~ t2", false},
             {"attribute:ecs.instance-type =~ 2.small", false},
             {"attribute:ecs.instance-type =~ .*small", true},
             {"attribute:ecs.instance-type =~ t2.small", true},
             {"attribute:ecs.instance-type !~ t2", true},
             {"ec2InstanceId =~ i-.*", true},
             {"ec2InstanceId =~ 'i-[0-9a-f]{3}'", true},
             {"ec2InstanceId =~ 'i-[0-9a-f]{4}'", false}},
            prodInstance());
}

TEST(QueryMissingSubject, AnInstanceWithoutTheAttributeFailsPositiveTestsAndPassesNegativeOnes) {
  Subjects none = prodInstance();
  expectAll({{"attribute:color == red", false},
             {"attribute:color != red", true},
             {"attribute:color not_equals red", true},
             {"attribute:color exists", false},
             {"attribute:color !exists", true},
             {"attribute:color not_exists", true},
             {"attribute:color in [red, blue]", false},
             {"attribute:color not_in [red, blue]", true},
             {"attribute:color !in [red]", true},
             {"attribute:color =~ .*", false},
             {"attribute:color !~ red", true},
             {"attribute:color not_matches .*", true},
             {"attribute:color > 1", false},
             {"attribute:color >= 1", false},
             {"attribute:color < 1", false},
             {"attribute:color <= 1", false},
             {"not attribute:color == red", true}},
            none);
}

// --- Subjects over a real instance view (InstanceSubjects) ---------------------------------------

namespace {

::testing::AssertionResult selects(const std::string& text, const PlacementInstance& in, bool expected) {
  return evaluatesTo(text, InstanceSubjects(in), expected);
}

void expectOn(const PlacementInstance& in, const std::vector<EvalCase>& cases) {
  for (const EvalCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_TRUE(selects(c.text, in, c.selects));
  }
}

}  // namespace

TEST(QuerySubjects, AgentConnectedIsTrueOrFalse) {
  PlacementInstance connected = test::node(0), disconnected = test::node(1);
  disconnected.agentConnected = false;
  expectOn(connected, {{"agentConnected == true", true}, {"agentConnected == false", false}, {"agentConnected != true", false}});
  expectOn(disconnected, {{"agentConnected == true", false},
                          {"agentConnected == false", true},
                          {"agentConnected != true", true},
                          {"agentConnected in [false]", true},
                          {"agentConnected =~ f.*", true}});
}

TEST(QuerySubjects, AgentVersionComparesVersionsPartByPart) {
  auto agent = [](const char* version) {
    PlacementInstance in = test::node(0);
    in.agentVersion = version;
    return in;
  };
  // The docs' example: agentVersion < 1.14.5. As strings "1.9.0" > "1.14.5"; as versions it is less.
  expectOn(agent("1.9.0"), {{"agentVersion < 1.14.5", true},
                            {"agentVersion <= 1.14.5", true},
                            {"agentVersion > 1.14.5", false},
                            {"agentVersion >= 1.9.0", true},
                            {"agentVersion == 1.9.0", true},
                            {"agentVersion > 1.8.99", true}});
  expectOn(agent("1.14.5"), {{"agentVersion < 1.14.5", false},
                             {"agentVersion <= 1.14.5", true},
                             {"agentVersion >= 1.14.5", true},
                             {"agentVersion > 1.9.0", true},
                             {"agentVersion != 1.14.5", false}});
  expectOn(agent("1.30.0"), {{"agentVersion > 1.29.0", true}, {"agentVersion < 1.100.0", true}});
  expectOn(agent("1.9.10"), {{"agentVersion > 1.9.9", true}, {"agentVersion < 1.10.0", true}});
}

TEST(QuerySubjects, AttributeAndEc2InstanceId) {
  PlacementInstance in = test::node(0);
  in.ec2InstanceId = "i-0abc123";
  in.setAttribute("stack", "prod");
  expectOn(in, {{"attribute:stack == prod", true},
                {"attribute:ecs.instance-type == m5.large", true},
                {"attribute:ecs.os-type == linux", true},
                {"attribute:ecs.capability.task-eni exists", true},
                {"attribute:ecs.capability.efs exists", false},
                {"ec2InstanceId == i-0abc123", true},
                {"ec2InstanceId in ['i-0abc123', 'i-0def456']", true},
                {"ec2InstanceId =~ i-0abc.*", true},
                {"ec2InstanceId != i-0abc123", false}});
}

TEST(QuerySubjects, RegisteredAtComparesDatesAndTimes) {
  PlacementInstance in = test::node(0);
  in.registeredAtMs = 1529360908000LL;  // 2018-06-18T22:28:28Z
  expectOn(in, {{"registeredAt > 2018-06-18", true},
                {"registeredAt < 2018-06-19", true},
                {"registeredAt < 2018-06-18", false},
                {"registeredAt > 2018-06-09", true},
                {"registeredAt > 2017-12-31", true},
                {"registeredAt < 2018-02-13", false},  // the docs' example
                {"registeredAt > 2018-06-18T22:28:27Z", true},
                {"registeredAt < 2018-06-18T22:28:29Z", true},
                {"registeredAt >= 2018-06-18T22:28:28Z", true},
                {"registeredAt <= 2018-06-18T22:28:28Z", true},
                {"registeredAt > 2018-06-18T22:28:28Z", false},
                {"registeredAt < 2018-06-18T22:28:28Z", false},
                {"registeredAt == 2018-06-18T22:28:28Z", true}});
  PlacementInstance older = test::node(1);
  older.registeredAtMs = 1514764800000LL;  // 2018-01-01T00:00:00Z
  expectOn(older, {{"registeredAt < 2018-02-13", true}, {"registeredAt >= 2018-01-01", true}});
}

// The Dev guide lists four date formats for registeredAt: 2018-06-18T22:28:28+00:00,
// 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 and 2018-06-18. The same instant written in any of
// the first three must compare equal to the instance's registration time.
TEST(QuerySubjects, RegisteredAtAcceptsEveryDocumentedDateFormat) {
  PlacementInstance in = test::node(0);
  in.registeredAtMs = 1529360908000LL;  // 2018-06-18T22:28:28Z
  for (const char* instant : {"2018-06-18T22:28:28+00:00", "2018-06-18T22:28:28Z", "2018-06-18T22:28:28"}) {
    SCOPED_TRACE(instant);
    std::string t = instant;
    expectOn(in, {{"registeredAt >= " + t, true},
                  {"registeredAt <= " + t, true},
                  {"registeredAt > " + t, false},
                  {"registeredAt < " + t, false}});
  }
}

TEST(QuerySubjects, RunningTasksCountComparesAsANumber) {
  PlacementInstance in = test::node(0);
  in.runningTasksCount = 10;
  expectOn(in, {{"runningTasksCount == 10", true},
                {"runningTasksCount > 9", true},
                {"runningTasksCount >= 10", true},
                {"runningTasksCount < 2", false},
                {"runningTasksCount <= 9", false},
                {"runningTasksCount != 10", false},
                {"runningTasksCount in [9, 10]", true}});
  PlacementInstance empty = test::node(1);
  expectOn(empty, {{"runningTasksCount == 0", true}, {"runningTasksCount < 1", true}});
}

TEST(QuerySubjects, TaskGroupSelectsInstancesRunningATaskOfTheGroup) {
  PlacementInstance in = test::node(0);
  in.tasksByGroup["service:production"] = 1;
  in.tasksByGroup["databases"] = 2;
  in.tasksByGroup["family:old"] = 0;  // its tasks stopped
  expectOn(in, {{"task:group == service:production", true},
                {"task:group == service:other", false},
                {"task:group != databases", false},
                {"task:group != service:other", true},
                {"task:group in [service:x, databases]", true},
                {"task:group in [service:x, service:y]", false},
                {"task:group not_in [service:x, service:y]", true},
                {"task:group not_in [databases]", false},
                {"task:group !in [databases]", false},
                {"not(task:group == database)", true},
                {"task:group == family:old", false}});
}

TEST(QueryDocsExamples, EveryExampleOfTheDocsParsesAndSelectsTheRightInstances) {
  // research/placement.md §4.2: cluster-query-language, task-placement-constraints, ecs-gpu, and
  // two real expressions. `a` and `b` are two different instances; each example's verdict on both.
  Subjects a, b;
  a.values = {{"attribute:ecs.instance-type", "t2.small"},
              {"attribute:ecs.availability-zone", "us-east-1a"},
              {"attribute:stack", "prod"},
              {"attribute:ecs.os-type", "linux"},
              {"attribute:ecs.os-family", "LINUX"},
              {"ec2InstanceId", "i-abcd1234"},
              {"runningTasksCount", "1"},
              {"agentVersion", "1.9.0"},
              {"registeredAt", "2018-01-01T00:00:00Z"}};
  a.groups = {{"service:production", 1}, {"databases", 1}};
  b.values = {{"attribute:ecs.instance-type", "g2.2xlarge"},
              {"attribute:ecs.availability-zone", "us-east-1c"},
              {"attribute:stack", "dev"},
              {"attribute:ecs.os-type", "windows"},
              {"attribute:ecs.os-family", "WINDOWS_SERVER_2019_FULL"},
              {"attribute:winver", "win20H2"},
              {"ec2InstanceId", "i-0000ffff"},
              {"runningTasksCount", "3"},
              {"agentVersion", "1.20.0"},
              {"registeredAt", "2019-01-01T00:00:00Z"}};
  b.groups = {{"database", 1}};
  const struct {
    const char* expression;
    bool onA, onB;
  } examples[] = {
      {"attribute:ecs.instance-type == t2.small", true, false},
      {"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true, false},
      {"attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d", false, true},
      {"task:group == service:production", true, false},
      {"not(task:group == database)", true, false},
      {"runningTasksCount == 1", true, false},
      {"agentVersion < 1.14.5", true, false},
      {"registeredAt < 2018-02-13", true, false},
      {"ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", true, false},
      {"attribute:ecs.instance-type == g2.2xlarge", false, true},
      {"attribute:stack == prod", true, false},
      {"attribute:stack != prod", false, true},
      {"attribute:ecs.instance-type in [t2.small, t2.medium]", true, false},
      {"attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a", true, false},
      {"attribute:ecs.instance-type =~ t2.*", true, false},
      {"task:group == databases", true, false},
      {"attribute:ecs.os-family == WINDOWS_SERVER_2019_FULL", false, true},
      {"attribute:ecs.instance-type == p2.xlarge", false, false},
      {"attribute:ecs.os-type == windows and attribute:winver exists and attribute:winver == win20H2", false, true},
      {"attribute:ecs.availability-zone not_in [us-east-1e]", true, true},
  };
  for (const auto& e : examples) {
    SCOPED_TRACE(e.expression);
    EXPECT_TRUE(evaluatesTo(e.expression, a, e.onA)) << "on instance a";
    EXPECT_TRUE(evaluatesTo(e.expression, b, e.onB)) << "on instance b";
  }
}

TEST(QueryExpression, KnowsWhetherItDependsOnPlacedTasks) {
  const struct {
    const char* text;
    bool depends;
  } cases[] = {
      {"attribute:stack == prod", false},
      {"agentConnected == true", false},
      {"task:group == service:web", true},
      {"runningTasksCount < 3", true},
      {"attribute:stack == prod and not(task:group == family:db)", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    QueryParseResult p = parseQueryExpression(c.text);
    ASSERT_TRUE(p.expression.has_value()) << p.error;
    EXPECT_EQ(p.expression->dependsOnTasks(), c.depends);
    EXPECT_EQ(p.expression->text(), c.text);
  }
}

// --- Malformed expressions ----------------------------------------------------------------------

namespace {

struct Malformed {
  std::string text;
  size_t position;   // 0-based; text.size() when the problem is the expression ending early
  const char* says;  // a part of the message
};

void expectRefused(const Malformed& m) {
  SCOPED_TRACE("'" + (m.text.size() > 80 ? m.text.substr(0, 80) + "...'" : m.text + "'"));
  QueryParseResult p = parseQueryExpression(m.text);
  EXPECT_FALSE(p.expression.has_value());
  EXPECT_EQ(p.position, m.position) << p.error;
  std::string prefix = "Invalid expression at position " + std::to_string(m.position + 1) + ": ";
  EXPECT_EQ(p.error.substr(0, prefix.size()), prefix) << p.error;
  EXPECT_NE(p.error.find(m.says), std::string::npos) << p.error;
}

}  // namespace

TEST(QueryMalformed, EachMistakeIsRefusedAtTheCharacterWhereItIs) {
  const Malformed cases[] = {
      {"", 0, "empty"},
      {"   ", 0, "empty"},
      // unknown subjects: at the subject
      {"stack == prod", 0, "unknown subject 'stack'"},
      {"instanceType == t2.small", 0, "unknown subject"},
      {"attribute: == prod", 0, "unknown subject"},
      {"attribute:stack == prod and color == red", 28, "unknown subject 'color'"},
      {"and attribute:stack == prod", 0, "unknown subject"},
      {"attribute:stack == prod or or attribute:x exists", 27, "unknown subject 'or'"},
      // a missing or unknown operator: where the operator should be
      {"attribute:stack prod", 16, "expected an operator after 'attribute:stack'"},
      {"attribute:stack", 15, "expected an operator"},
      {"agentConnected", 14, "expected an operator"},
      {"attribute:stack = prod", 16, "'=' is not an operator"},
      {"attribute:stack == prod & attribute:x exists", 24, "'&' is not an operator"},
      {"attribute:stack ~ prod", 16, "'~' is not an operator"},
      // a missing value: where the value should be
      {"attribute:stack ==", 18, "expected a value"},
      {"attribute:stack == ", 19, "expected a value"},
      {"attribute:stack == [prod]", 19, "expected a value"},
      {"attribute:stack == )", 19, "expected a value"},
      // lists
      {"attribute:zone in us-east-1a", 18, "expected a list"},
      {"attribute:stack == prod and attribute:zone in", 45, "expected a list"},
      {"attribute:zone in [us-east-1a, us-east-1b", 41, "expected ',' or ']'"},
      {"attribute:zone in [us-east-1a us-east-1b]", 30, "expected ',' or ']'"},
      {"attribute:zone in [us-east-1a,]", 30, "expected a value"},
      {"attribute:zone in []", 19, "expected a value"},
      {"attribute:stack in [a, (b)]", 23, "expected a value"},
      // quotes: at the quote that is never closed
      {"attribute:stack == 'prod", 19, "never closed"},
      {"attribute:stack == \"prod", 19, "never closed"},
      {"attribute:stack == 'prod\"", 19, "never closed"},
      // parentheses
      {"(attribute:stack == prod", 24, "expected ')'"},
      {"((attribute:stack == prod)", 26, "expected ')'"},
      {"attribute:stack == prod)", 23, "expected 'and', 'or' or the end"},
      {"()", 1, "expected a subject"},
      {")", 0, "expected a subject"},
      {"not", 3, "expected a subject"},
      {"attribute:stack == prod and", 27, "expected a subject"},
      {"attribute:stack == prod prod", 24, "expected 'and', 'or' or the end"},
      {"attribute:stack exists prod", 23, "expected 'and', 'or' or the end"},
      // a regular expression that does not compile: at the pattern
      {"attribute:stack =~ 'a{2'", 19, "not valid"},
      {"attribute:stack =~ a{2", 19, "not valid"},
      {"attribute:stack !~ '[z-a]'", 19, "not valid"},
      {"attribute:stack =~ '*prod'", 19, "not valid"},
      {"attribute:stack == prod and ec2InstanceId =~ '(i-1'", 45, "not valid"},
      // task:group only takes ==, !=, in and not_in: at the operator
      {"task:group > service:web", 11, "task:group takes"},
      {"task:group >= service:web", 11, "task:group takes"},
      {"task:group exists", 11, "task:group takes"},
      {"task:group !exists", 11, "task:group takes"},
      {"task:group =~ service:.*", 11, "task:group takes"},
      {"attribute:stack == prod or task:group < b", 38, "task:group takes"},
  };
  for (const Malformed& m : cases) expectRefused(m);
}

TEST(QueryMalformed, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  const std::string inner = "attribute:stack == prod";
  std::string nested = std::string(900, '(') + inner + std::string(900, ')');
  ASSERT_LE(nested.size(), 2000u);
  QueryParseResult p = parseQueryExpression(nested);
  EXPECT_FALSE(p.expression.has_value());
  EXPECT_NE(p.error.find("nests too deeply"), std::string::npos) << p.error;
  ASSERT_LT(p.position, nested.size());
  EXPECT_EQ(nested[p.position], '(') << "the position points into the parentheses: " << p.position;
  std::string prefix = "Invalid expression at position " + std::to_string(p.position + 1) + ": ";
  EXPECT_EQ(p.error.substr(0, prefix.size()), prefix);

  std::string nots;
  for (int k = 0; k < 400; ++k) nots += "not ";
  nots += inner;
  QueryParseResult q = parseQueryExpression(nots);
  EXPECT_FALSE(q.expression.has_value());
  ASSERT_LT(q.position, nots.size());
  EXPECT_EQ(nots.substr(q.position, 4), "not ") << "the position points at a 'not': " << q.position;

  // Moderate nesting is fine.
  std::string fifty = std::string(50, '(') + inner + std::string(50, ')');
  EXPECT_TRUE(evaluatesTo(fifty, prodInstance(), true));
  // Long flat chains of and/or are not nesting.
  std::string chain = inner;
  while (chain.size() + 28 < 2000) chain += " and " + inner;
  EXPECT_TRUE(evaluatesTo(chain, prodInstance(), true));
}

TEST(QueryMalformed, AnExpressionOf2000CharactersIsTheLongestAccepted) {
  // API ref PlacementConstraint.expression: "maximum length of 2000 characters".
  std::string head = "attribute:stack == ";
  std::string exactly = head + std::string(2000 - head.size(), 'x');
  ASSERT_EQ(exactly.size(), 2000u);
  QueryParseResult ok = parseQueryExpression(exactly);
  EXPECT_TRUE(ok.expression.has_value()) << ok.error;

  std::string tooLong = exactly + "x";
  QueryParseResult refused = parseQueryExpression(tooLong);
  EXPECT_FALSE(refused.expression.has_value());
  EXPECT_EQ(refused.position, 2000u) << "the first character beyond the limit";
  EXPECT_NE(refused.error.find("2000"), std::string::npos) << refused.error;
}

// Every malformed expression is refused with "Invalid expression at position N: ..." (the parser's
// own convention, which compileRequest passes on as the InvalidParameterException message).
TEST(QueryMalformed, TooLongIsReportedInTheSameFormAsTheOtherMistakes) {
  std::string tooLong = "attribute:stack == " + std::string(2001 - 19, 'x');
  ASSERT_EQ(tooLong.size(), 2001u);
  expectRefused({tooLong, 2000, "2000"});
}

TEST(QueryMatching, AnUnquotedRegexKeepsItsBracketsParenthesesAndBars) {
  // A regular expression after =~ is one value even with [ ] ( ) | , in it, and ends at a space
  // or at an unmatched ')' that closes a group of the expression.
  PlacementInstance in = test::node(0);
  in.setAttribute("ecs.instance-type", "t3.large");
  expectOn(in, {{"attribute:ecs.instance-type =~ t[23].*", true},
                {"attribute:ecs.instance-type =~ (m5|t3)\\.large", true},
                {"attribute:ecs.instance-type =~ t3.(micro|small)", false},
                {"(attribute:ecs.instance-type =~ t[2-3].*) and attribute:ecs.instance-type exists", true},
                {"attribute:ecs.instance-type matches [a-z][0-9].{1,6}", true},
                {"attribute:ecs.instance-type !~ (c5|r5).*", true}});
}
