#include <gtest/gtest.h>

#include "test_support.h"

using namespace ecsplay;

TEST(Validate, AcceptsAMinimalEc2Definition) {
  Validation v = validateTaskDefinitionText(R"({"family":"web","containerDefinitions":[{"name":"app","image":"nginx","memory":256}]})");
  EXPECT_TRUE(v.valid()) << test::describe(v);
}
