// ecsplay/api_model.h — the ECS API's own shapes, for checking input as the AWS SDKs do.
//
// The table is generated from botocore's ECS model (scripts/gen-api-model.py; botocore 1.43.11)
// and holds every shape: structures with their members and required members, lists, maps, string
// enums, and min/max bounds. checkShape walks a JSON value against a shape and reports, as the
// AWS CLI's parameter validation does before a request leaves the machine:
//   - UnknownParameter   a key the shape does not have ('Unknown parameter in containerDefinitions[0]: "foo", must be one of: ...')
//   - InvalidType        a value of the wrong JSON type (a number where the API takes a string)
//   - MissingRequiredParameter
//   - InvalidRange / InvalidLength   below min or above max
//   - InvalidEnumValue   a string outside the shape's enum (ECS refuses these server-side)
// ECS's own rules (cpu/memory combinations, ports, storage...) live in validate.h.
//
// Not modelled: the `pattern` of tag keys and values; timestamps are accepted as numbers or strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ecsplay/finding.h"
#include "ecsplay/json_input.h"

namespace ecsplay {

enum class ApiKind { Structure, List, Map, String, Integer, Long, Double, Boolean, Timestamp };

struct ApiMember {
  const char* name;
  int shape;  // index into the shape table
  bool required;
};

struct ApiShape {
  const char* name;
  ApiKind kind;
  int firstMember, memberCount;  // structures
  int listMember;                // lists: the element shape, else -1
  int mapKey, mapValue;          // maps, else -1
  int firstEnum, enumCount;      // strings with an enum
  bool hasMin;
  long long min;  // integers: value; strings: length; lists: element count
  bool hasMax;
  long long max;
  bool boxed;      // "Boxed" scalars may be absent; unboxed ones default to 0/false in outputs
  bool exception;  // error shapes (ClientException, ...)
};

struct ApiOperation {
  const char* name;
  int input, output;  // shape indexes, -1 when none
};

const ApiShape* findShape(std::string_view name);
const ApiShape& shapeAt(int index);
const ApiMember& memberAt(const ApiShape& structure, int i);  // 0 <= i < memberCount
const ApiMember* findMember(const ApiShape& structure, std::string_view name);
std::string_view enumValueAt(const ApiShape& shape, int i);  // 0 <= i < enumCount
bool isEnumValue(const ApiShape& shape, std::string_view value);
const ApiOperation* findOperation(std::string_view name);
int shapeCount();
int operationCount();
const ApiOperation& operationAt(int i);

struct ShapeCheckOptions {
  // Members to leave alone at the top level: the caller handles them (for example output-only
  // fields of a pasted DescribeTaskDefinition reply).
  const char* const* ignoreTopLevel = nullptr;
  size_t ignoreTopLevelCount = 0;
};

// Appends a finding for every departure from `shape` found in `value`; `path` names `value`
// ("" for the whole input). Null values count as absent (the service treats JSON null so).
void checkShape(const Json& value, const ApiShape& shape, const std::string& path, Findings& out,
                const ShapeCheckOptions& options = {});

// A copy of `value` whose object keys follow the shape's member order, recursively, as ECS writes
// its replies (DescribeTaskDefinition lists taskDefinitionArn, containerDefinitions, family, ...);
// keys the shape does not know keep their order after the known ones. Map values keep theirs.
Json orderLikeShape(const Json& value, const ApiShape& shape);

}  // namespace ecsplay
