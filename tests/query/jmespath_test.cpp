// JMESPath as ecsplay uses it: the expressions of botocore's ECS waiters (waiters-2.json) on
// DescribeServices and DescribeTasks replies, --query habits of AWS CLI users, the value rules
// (numbers, key order, Unicode), and hostile input that must give a clear error, never a crash.
// The language itself is covered case by case by jmespath_compliance_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecsplay/jmespath.h"
#include "ecsplay/json_input.h"
#include "test_support.h"

using namespace ecsplay;

namespace {

Json parse(const std::string& text) {
  JsonParseResult r = parseJsonText(text);
  EXPECT_TRUE(r.ok) << r.error << " in " << text;
  return r.value;
}

// The result of a search that must succeed, as compact JSON text.
std::string query(const std::string& expression, const Json& data) {
  jmespath::SearchResult r = jmespath::search(expression, data);
  EXPECT_TRUE(r.ok) << expression << ": " << r.error.message;
  return r.ok ? r.value.dump() : "<error>";
}

// The error of a search that must fail.
jmespath::Error failure(const std::string& expression, const Json& data = Json::object()) {
  jmespath::SearchResult r = jmespath::search(expression, data);
  EXPECT_FALSE(r.ok) << expression << " gave " << r.value.dump();
  return r.error;
}

// The ServicesStable waiter's success acceptor, as botocore writes it.
const char* const kServicesStable =
    "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";

Json service(const std::string& name, const std::string& status, int desired, int running, int deployments) {
  Json s = {{"serviceName", name}, {"status", status}, {"desiredCount", desired}, {"runningCount", running},
            {"pendingCount", desired - running}};
  Json d = Json::array();
  for (int i = 0; i < deployments; ++i) {
    d.push_back({{"id", "ecs-svc/" + std::to_string(i + 1)}, {"status", i == 0 ? "PRIMARY" : "ACTIVE"},
                 {"desiredCount", desired}, {"runningCount", i == 0 ? running : 0}});
  }
  s["deployments"] = d;
  return s;
}

Json describeServices(std::vector<Json> services, Json failures = Json::array()) {
  Json reply = {{"services", Json::array()}, {"failures", failures}};
  for (Json& s : services) reply["services"].push_back(std::move(s));
  return reply;
}

// --- botocore's ECS waiters

TEST(JmesPathWaiters, ServicesStableIsTrueWhenEveryServiceRunsItsDesiredCountOnOneDeployment) {
  Json reply = describeServices({service("web", "ACTIVE", 3, 3, 1), service("api", "ACTIVE", 1, 1, 1)});
  EXPECT_EQ(query(kServicesStable, reply), "true");
}

TEST(JmesPathWaiters, ServicesStableIsFalseWhileADeploymentIsInProgress) {
  Json reply = describeServices({service("web", "ACTIVE", 3, 3, 2), service("api", "ACTIVE", 1, 1, 1)});
  EXPECT_EQ(query(kServicesStable, reply), "false");
}

TEST(JmesPathWaiters, ServicesStableIsFalseWhileTasksAreMissing) {
  Json reply = describeServices({service("web", "ACTIVE", 3, 2, 1)});
  EXPECT_EQ(query(kServicesStable, reply), "false");
}

TEST(JmesPathWaiters, ServicesStableIsTrueForNoServices) {
  // Every service of an empty list is stable; the failure acceptors decide this case.
  EXPECT_EQ(query(kServicesStable, describeServices({})), "true");
}

TEST(JmesPathWaiters, FailureReasonsListTheMissingServices) {
  Json reply = describeServices(
      {}, parse(R"([{"arn": "arn:aws:ecs:us-east-1:123456789012:service/demo/gone", "reason": "MISSING"}])"));
  EXPECT_EQ(query("failures[].reason", reply), R"(["MISSING"])");
  EXPECT_EQ(query("failures[].reason", describeServices({service("web", "ACTIVE", 1, 1, 1)})), "[]");
  EXPECT_EQ(query("failures[].reason", Json::object()), "null");  // no failures key at all
}

TEST(JmesPathWaiters, ServiceStatusesAreListedInOrder) {
  Json reply = describeServices({service("web", "ACTIVE", 1, 1, 1), service("old", "DRAINING", 0, 0, 1)});
  EXPECT_EQ(query("services[].status", reply), R"(["ACTIVE","DRAINING"])");
}

TEST(JmesPathWaiters, TaskLastStatusesAreListedInOrder) {
  Json reply = parse(R"({"tasks": [
      {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/demo/1", "lastStatus": "RUNNING", "desiredStatus": "RUNNING"},
      {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/demo/2", "lastStatus": "PENDING", "desiredStatus": "RUNNING"}],
    "failures": []})");
  EXPECT_EQ(query("tasks[].lastStatus", reply), R"(["RUNNING","PENDING"])");
  EXPECT_EQ(query("tasks[?lastStatus != 'RUNNING'].taskArn", reply),
            R"(["arn:aws:ecs:us-east-1:123456789012:task/demo/2"])");
}

TEST(JmesPathWaiters, EveryAcceptorOfWaiters2Compiles) {
  JsonParseResult waiters = parseJsonText(test::readFile(test::sharedData("botocore-ecs/waiters-2.json")));
  ASSERT_TRUE(waiters.ok) << waiters.error;
  size_t compiled = 0;
  for (const auto& waiter : waiters.value["waiters"].items()) {
    for (const Json& acceptor : waiter.value()["acceptors"]) {
      auto argument = acceptor.find("argument");
      if (argument == acceptor.end()) continue;
      jmespath::CompileResult c = jmespath::compile(argument->get<std::string>());
      EXPECT_TRUE(c.ok()) << waiter.key() << ": " << c.error.message;
      ++compiled;
    }
  }
  EXPECT_GE(compiled, 20u);
}

TEST(JmesPathWaiters, ACompiledExpressionIsReusedAcrossPolls) {
  jmespath::CompileResult c = jmespath::compile("tasks[].lastStatus");
  ASSERT_TRUE(c.ok());
  const jmespath::Expression expression = *c.expression;  // copies share the compiled tree
  EXPECT_EQ(expression.text(), "tasks[].lastStatus");
  for (const char* status : {"PROVISIONING", "PENDING", "RUNNING"}) {
    Json reply = {{"tasks", Json::array({{{"lastStatus", status}}})}};
    jmespath::SearchResult r = jmespath::search(expression, reply);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.value, Json::array({status}));
  }
}

// --- --query habits

TEST(JmesPathQuery, DeprecatedBacktickTextIsAString) {
  Json reply = describeServices({service("web", "ACTIVE", 1, 1, 1), service("old", "DRAINING", 0, 0, 1)});
  EXPECT_EQ(query("services[?status==`ACTIVE`].serviceName", reply), R"(["web"])");
  EXPECT_EQ(query("`2019-01-01`", Json::object()), R"("2019-01-01")");
  EXPECT_EQ(failure("`[1, 2`").type, jmespath::ErrorType::Syntax);  // broken JSON stays an error
}

TEST(JmesPathQuery, MultiSelectHashKeepsTheOrderWritten) {
  Json reply = describeServices({service("web", "ACTIVE", 2, 1, 1)});
  EXPECT_EQ(query("services[].{Name: serviceName, Running: runningCount, Desired: desiredCount}", reply),
            R"([{"Name":"web","Running":1,"Desired":2}])");
}

TEST(JmesPathQuery, KeysAndValuesFollowTheDocumentsKeyOrder) {
  Json doc = parse(R"({"zone": "us-east-1b", "arch": "x86_64", "cpu": 2048})");
  EXPECT_EQ(query("keys(@)", doc), R"(["zone","arch","cpu"])");
  EXPECT_EQ(query("values(@)", doc), R"(["us-east-1b","x86_64",2048])");
  EXPECT_EQ(query("merge(@, `{\"arch\": \"arm64\", \"gpu\": 1}`)", doc),
            R"({"zone":"us-east-1b","arch":"arm64","cpu":2048,"gpu":1})");
}

TEST(JmesPathQuery, SortByIsStable) {
  Json doc = parse(R"([{"n": "a", "cpu": 512}, {"n": "b", "cpu": 256}, {"n": "c", "cpu": 512},
                       {"n": "d", "cpu": 256}, {"n": "e", "cpu": 512}])");
  EXPECT_EQ(query("sort_by(@, &cpu)[].n", doc), R"(["b","d","a","c","e"])");
  EXPECT_EQ(query("reverse(sort_by(@, &cpu))[].n", doc), R"(["e","c","a","d","b"])");
  EXPECT_EQ(query("max_by(@, &cpu).n", doc), R"("a")");  // the first of the largest
  EXPECT_EQ(query("min_by(@, &cpu).n", doc), R"("b")");
}

TEST(JmesPathQuery, ObjectWildcardProjectsTheRestOfThePath) {
  // The specification: what follows .* applies to each value. (jmespath.py, and so the AWS CLI,
  // stops this projection after one field and gives null here: its issue #182.)
  Json doc = parse(R"({"clusters": {"prod": {"capacity": {"cpu": 4096}}, "dev": {"capacity": {"cpu": 1024}}}})");
  EXPECT_EQ(query("clusters.*.capacity.cpu", doc), "[4096,1024]");
  EXPECT_EQ(query("clusters.*.capacity | [].cpu", doc), "[4096,1024]");
  EXPECT_EQ(query("*.*.capacity.cpu", doc), "[[4096,1024]]");
}

// --- value rules

TEST(JmesPathValues, IntegerAndFloatNumbersAreEqual) {
  EXPECT_EQ(query("`1` == `1.0`", Json::object()), "true");
  EXPECT_TRUE(jmespath::equal(parse("[1, {\"a\": 2}]"), parse("[1.0, {\"a\": 2.0}]")));
}

TEST(JmesPathValues, ObjectKeyOrderDoesNotMatterForEquality) {
  EXPECT_EQ(query("`{\"a\": 1, \"b\": 2}` == `{\"b\": 2, \"a\": 1}`", Json::object()), "true");
  EXPECT_FALSE(jmespath::equal(parse(R"({"a": 1, "b": 2})"), parse(R"({"a": 1, "c": 2})")));
}

TEST(JmesPathValues, IntegerResultsStayIntegers) {
  EXPECT_EQ(query("sum(`[1, 2, 3]`)", Json::object()), "6");
  EXPECT_EQ(query("abs(`-4`)", Json::object()), "4");
  EXPECT_EQ(query("ceil(`1.2`)", Json::object()), "2");
  EXPECT_EQ(query("floor(`-1.2`)", Json::object()), "-2");
  EXPECT_EQ(query("to_number('42')", Json::object()), "42");
  EXPECT_EQ(query("avg(`[1, 2]`)", Json::object()), "1.5");
  EXPECT_EQ(query("sum(`[1, 2.5]`)", Json::object()), "3.5");
  EXPECT_EQ(query("sum(`[9223372036854775807, 1]`)", Json::object()), "9.223372036854776e+18");  // no overflow
}

TEST(JmesPathValues, OrderingComparesNumbersOnly) {
  EXPECT_EQ(query("`2` > `1`", Json::object()), "true");
  EXPECT_EQ(query("'b' > 'a'", Json::object()), "null");
  EXPECT_EQ(query("`true` < `2`", Json::object()), "null");
}

TEST(JmesPathValues, TruthinessFollowsTheSpec) {
  for (const char* falsy : {"null", "false", "\"\"", "[]", "{}"}) EXPECT_FALSE(jmespath::isTruthy(parse(falsy))) << falsy;
  for (const char* truthy : {"0", "true", "\" \"", "[0]", "{\"a\": null}"}) {
    EXPECT_TRUE(jmespath::isTruthy(parse(truthy))) << truthy;
  }
}

TEST(JmesPathValues, LengthAndReverseCountUnicodeCodePoints) {
  Json doc = {{"name", "caf\xC3\xA9-\xF0\x9D\x84\x9E"}};  // "café-𝄞": 6 code points, 10 bytes
  EXPECT_EQ(query("length(name)", doc), "6");
  EXPECT_EQ(query("reverse(name)", doc), "\"\xF0\x9D\x84\x9E-\xC3\xA9\x66\x61\x63\"");
  EXPECT_EQ(query("\"\\ud834\\udd1e\"", parse(R"({"𝄞": 1})")), "1");  // a surrogate pair in a quoted identifier
}

TEST(JmesPathValues, TheDefaultExpressionIsTheWholeDocument) {
  Json doc = {{"a", 1}};
  jmespath::SearchResult r = jmespath::search(jmespath::Expression(), doc);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value, doc);
}

TEST(JmesPathValues, ResultsBuiltDuringTheSearchCanBeSelectedFrom) {
  // Values selected from intermediate results (hashes, lists, sorted copies, merges) stay valid.
  Json doc = parse(R"({"people": [{"n": "a", "age": 30, "tags": ["x"]}, {"n": "b", "age": 20, "tags": ["y", "z"]}]})");
  EXPECT_EQ(query("{p: people}.p[0].n", doc), R"("a")");
  EXPECT_EQ(query("[people, people][][].n", doc), R"(["a","b","a","b"])");
  EXPECT_EQ(query("sort_by(people, &age)[0].tags[-1]", doc), R"("z")");
  EXPECT_EQ(query("merge(people[0], {n: 'c'}).n", doc), R"("c")");
  EXPECT_EQ(query("map(&{x: tags}.x[0], people)", doc), R"(["x","y"])");
  EXPECT_EQ(query("people[?age > `25`] | [0].tags[]", doc), R"(["x"])");
  EXPECT_EQ(query("to_array(people)[][].tags[]", doc), R"(["x","y","z"])");
}

TEST(JmesPathValues, SearchingNeverChangesTheDocument) {
  Json doc = parse(R"({"a": [[1, 2], [3, [4]]], "b": {"c": [{"d": 1}, {"d": 2}]}})");
  const Json before = doc;
  for (const char* e : {"a[][]", "a[]", "[a, a][][]", "b.c[].d", "sort_by(b.c, &d)[]", "b.*[][]", "@"}) {
    jmespath::SearchResult r = jmespath::search(e, doc);
    EXPECT_TRUE(r.ok) << e;
    EXPECT_EQ(doc, before) << e;
  }
}

// --- bad input: a clear error, never a crash

TEST(JmesPathBadInput, DeepNestingIsASyntaxErrorNotAStackOverflow) {
  const size_t n = 100000;
  for (const std::string& e : {std::string(n, '(') + "a" + std::string(n, ')'), std::string(n, '!') + "a",
                               std::string(n, '[') + "a" + std::string(n, ']'), "a" + std::string(n, '.') + "b"}) {
    jmespath::Error err = failure(e);
    EXPECT_EQ(err.type, jmespath::ErrorType::Syntax) << err.message;
  }
  std::string calls, projections = "a", flattens = "a", comparisons = "a", hashes;
  for (size_t i = 0; i < 20000; ++i) {
    calls += "abs(";
    projections += "[*].a";
    flattens += "[]";
    comparisons += " == a";
    hashes += "{a: ";
  }
  for (const std::string& e : {calls + "@", projections, flattens, comparisons, hashes + "@"}) {
    jmespath::Error err = failure(e);
    EXPECT_EQ(err.type, jmespath::ErrorType::Syntax) << err.message;
    EXPECT_NE(err.message.find("256"), std::string::npos) << err.message;
  }
}

TEST(JmesPathBadInput, NestingUpToTheLimitWorks) {
  std::string e = std::string(200, '(') + "a" + std::string(200, ')');
  EXPECT_EQ(query(e, Json{{"a", 1}}), "1");
}

TEST(JmesPathBadInput, LongFlatChainsCostNoDepth) {
  std::string path = "a", pipes = "@", ors = "x", ands = "a";
  Json doc = 1;
  for (int i = 0; i < 50000; ++i) {
    path += ".a";
    pipes += " | @";
    ors += " || x";
    ands += " && a";
  }
  EXPECT_EQ(query(path, Json{{"a", Json::object()}}), "null");
  EXPECT_EQ(query(pipes, doc), "1");
  EXPECT_EQ(query(ors, doc), "null");
  EXPECT_EQ(query(ands, Json{{"a", 2}}), "2");
}

TEST(JmesPathBadInput, DeeplyNestedJsonLiteralIsRefused) {
  std::string e = "`" + std::string(10000, '[') + std::string(10000, ']') + "`";
  jmespath::Error err = failure(e);
  EXPECT_EQ(err.type, jmespath::ErrorType::Syntax);
  EXPECT_NE(err.message.find("JSON literal"), std::string::npos) << err.message;
}

TEST(JmesPathBadInput, UnterminatedLiteralNamesWhereItStarts) {
  jmespath::Error err = failure("services[?status == `\"ACTIVE\"]");
  EXPECT_EQ(err.type, jmespath::ErrorType::Syntax);
  EXPECT_EQ(err.column, 21u);
  EXPECT_NE(err.message.find("unterminated JSON literal"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find("column 21"), std::string::npos) << err.message;
  EXPECT_EQ(failure("'abc").type, jmespath::ErrorType::Syntax);
  EXPECT_EQ(failure("\"abc").type, jmespath::ErrorType::Syntax);
}

TEST(JmesPathBadInput, UnknownFunctionIsNamed) {
  jmespath::Error err = failure("services[].lenght(deployments)");
  EXPECT_EQ(err.type, jmespath::ErrorType::UnknownFunction);
  EXPECT_EQ(err.column, 12u);
  EXPECT_NE(err.message.find("'lenght()'"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find("length"), std::string::npos) << err.message;  // the list of functions
  // A syntax error elsewhere is reported first.
  EXPECT_EQ(failure("lenght(@) ||").type, jmespath::ErrorType::Syntax);
}

TEST(JmesPathBadInput, WrongArgumentsAreNamed) {
  jmespath::Error arity = failure("length(services, tasks)");
  EXPECT_EQ(arity.type, jmespath::ErrorType::InvalidArity);
  EXPECT_NE(arity.message.find("length() takes 1 argument, got 2"), std::string::npos) << arity.message;

  jmespath::Error type = failure("services[0].length(runningCount)", parse(R"({"services": [{"runningCount": 2}]})"));
  EXPECT_EQ(type.type, jmespath::ErrorType::InvalidType);
  EXPECT_EQ(type.column, 13u);
  EXPECT_NE(type.message.find("length() argument 1 must be a string, an array or an object, got a number (2)"),
            std::string::npos)
      << type.message;

  jmespath::Error keys = failure("sort_by(@, &v)", parse(R"([{"v": 1}, {"v": "x"}])"));
  EXPECT_EQ(keys.type, jmespath::ErrorType::InvalidType);
  EXPECT_NE(keys.message.find("element 1"), std::string::npos) << keys.message;
}

TEST(JmesPathBadInput, SliceStepZeroIsAnInvalidValue) {
  jmespath::Error err = failure("tasks[::0]");
  EXPECT_EQ(err.type, jmespath::ErrorType::InvalidValue);
  EXPECT_EQ(err.column, 9u);
}

TEST(JmesPathBadInput, SyntaxErrorsPointAtTheProblem) {
  jmespath::Error err = failure("services[?status = 'ACTIVE']");
  EXPECT_EQ(err.column, 18u);
  EXPECT_NE(err.message.find("'=='"), std::string::npos) << err.message;

  err = failure("tasks[0");
  EXPECT_EQ(err.column, 8u);
  EXPECT_NE(err.message.find("the end of the expression"), std::string::npos) << err.message;
  EXPECT_EQ(failure("").type, jmespath::ErrorType::Syntax);
  EXPECT_EQ(failure("   ").type, jmespath::ErrorType::Syntax);
}

TEST(JmesPathBadInput, ArbitraryBytesNeverCrash) {
  // Every prefix of a few expressions, and bytes that are not UTF-8.
  const std::string samples[] = {kServicesStable, "services[?status == `\"ACTIVE\"`].{n: serviceName, d: deployments[0].id}",
                                 "sort_by(tasks, &to_number(startedAt))[-1:].containers[].name | join(', ', @)"};
  Json doc = describeServices({service("web", "ACTIVE", 1, 1, 1)});
  for (const std::string& s : samples) {
    for (size_t i = 0; i <= s.size(); ++i) {
      jmespath::SearchResult r = jmespath::search(s.substr(0, i), doc);
      if (!r.ok) {
        EXPECT_FALSE(r.error.message.empty()) << s.substr(0, i);
      }
    }
  }
  // Results must stay valid UTF-8 (dumping anything else would abort), so such text is refused.
  for (const char* notUtf8 : {"\xff\xfe", "'\xff'", "\"\xC0\xAF\"", "'\xED\xA0\x80'", "`\"\xF4\x90\x80\x80\"`"}) {
    jmespath::Error err = failure(notUtf8);
    EXPECT_EQ(err.type, jmespath::ErrorType::Syntax);
    EXPECT_NE(err.message.find("not valid UTF-8"), std::string::npos) << err.message;
  }
}

}  // namespace
