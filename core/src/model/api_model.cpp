// The generated API shape table and the SDK-style checker (see ecsplay/api_model.h).
#include "ecsplay/api_model.h"

#include <cmath>
#include <cstring>

namespace ecsplay {
namespace {
#include "model/api_model.inc"

constexpr int kShapeCount = static_cast<int>(sizeof kShapes / sizeof kShapes[0]);
constexpr int kOperationCount = static_cast<int>(sizeof kOperations / sizeof kOperations[0]);

bool ignoredTopLevel(const ShapeCheckOptions& options, const std::string& key) {
  for (size_t i = 0; i < options.ignoreTopLevelCount; ++i) {
    if (key == options.ignoreTopLevel[i]) return true;
  }
  return false;
}

std::string memberList(const ApiShape& shape) {
  std::string out;
  for (int i = 0; i < shape.memberCount; ++i) {
    if (i) out += ", ";
    out += memberAt(shape, i).name;
  }
  return out;
}

const char* expectedTypeName(ApiKind kind) {
  switch (kind) {
    case ApiKind::Structure: return "an object";
    case ApiKind::List: return "an array";
    case ApiKind::Map: return "an object of string keys";
    case ApiKind::String: return "a string";
    case ApiKind::Integer:
    case ApiKind::Long: return "an integer";
    case ApiKind::Double: return "a number";
    case ApiKind::Boolean: return "true or false";
    case ApiKind::Timestamp: return "a timestamp (epoch seconds or an ISO 8601 string)";
  }
  return "a value";
}

std::string label(const std::string& path) { return path.empty() ? "input" : path; }

void invalidType(const Json& value, const ApiShape& shape, const std::string& path, Findings& out) {
  out.push_back({path, "InvalidType", Severity::Error,
                 "Invalid type for parameter " + label(path) + ": got " + jsonTypeName(value) + " " +
                     describeValue(value) + ", expected " + expectedTypeName(shape.kind) + "."});
}

void checkBounds(long long v, const ApiShape& shape, const std::string& path, const char* what, Findings& out) {
  if (shape.hasMin && v < shape.min) {
    out.push_back({path, what[0] == 'v' ? "InvalidRange" : "InvalidLength", Severity::Error,
                   std::string("Invalid ") + (what[0] == 'v' ? "value" : "length") + " for parameter " + label(path) +
                       ": " + what + " " + std::to_string(v) + ", valid minimum " + std::to_string(shape.min) + "."});
  } else if (shape.hasMax && v > shape.max) {
    out.push_back({path, what[0] == 'v' ? "InvalidRange" : "InvalidLength", Severity::Error,
                   std::string("Invalid ") + (what[0] == 'v' ? "value" : "length") + " for parameter " + label(path) +
                       ": " + what + " " + std::to_string(v) + ", valid maximum " + std::to_string(shape.max) + "."});
  }
}

}  // namespace

int shapeCount() { return kShapeCount; }
const ApiShape& shapeAt(int index) { return kShapes[index]; }
int operationCount() { return kOperationCount; }
const ApiOperation& operationAt(int i) { return kOperations[i]; }

const ApiShape* findShape(std::string_view name) {
  int lo = 0, hi = kShapeCount - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = name.compare(kShapes[mid].name);
    if (c == 0) return &kShapes[mid];
    if (c < 0) hi = mid - 1; else lo = mid + 1;
  }
  return nullptr;
}

const ApiOperation* findOperation(std::string_view name) {
  for (const ApiOperation& op : kOperations) {
    if (name == op.name) return &op;
  }
  return nullptr;
}

const ApiMember& memberAt(const ApiShape& structure, int i) { return kMembers[structure.firstMember + i]; }

const ApiMember* findMember(const ApiShape& structure, std::string_view name) {
  for (int i = 0; i < structure.memberCount; ++i) {
    if (name == memberAt(structure, i).name) return &memberAt(structure, i);
  }
  return nullptr;
}

std::string_view enumValueAt(const ApiShape& shape, int i) { return kEnumValues[shape.firstEnum + i]; }

bool isEnumValue(const ApiShape& shape, std::string_view value) {
  for (int i = 0; i < shape.enumCount; ++i) {
    if (value == enumValueAt(shape, i)) return true;
  }
  return false;
}

void checkShape(const Json& value, const ApiShape& shape, const std::string& path, Findings& out,
                const ShapeCheckOptions& options) {
  switch (shape.kind) {
    case ApiKind::Structure: {
      if (!value.is_object()) return invalidType(value, shape, path, out);
      for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& key = it.key();
        if (path.empty() && ignoredTopLevel(options, key)) continue;
        const ApiMember* member = findMember(shape, key);
        std::string memberPath = joinPath(path, key);
        if (!member) {
          out.push_back({memberPath, "UnknownParameter", Severity::Error,
                         "Unknown parameter in " + label(path) + ": \"" + key + "\", must be one of: " +
                             memberList(shape)});
          continue;
        }
        if (it.value().is_null()) {
          out.push_back({memberPath, "NullValue", Severity::Info,
                         memberPath + " is null: ECS treats it as not set (the AWS CLI refuses null values)."});
          continue;
        }
        checkShape(it.value(), shapeAt(member->shape), memberPath, out, {});
      }
      for (int i = 0; i < shape.memberCount; ++i) {
        const ApiMember& m = memberAt(shape, i);
        if (!m.required) continue;
        auto found = value.find(m.name);
        if (found == value.end() || found->is_null()) {
          out.push_back({joinPath(path, m.name), "MissingRequiredParameter", Severity::Error,
                         "Missing required parameter in " + label(path) + ": \"" + m.name + "\""});
        }
      }
      return;
    }
    case ApiKind::List: {
      if (!value.is_array()) return invalidType(value, shape, path, out);
      checkBounds(static_cast<long long>(value.size()), shape, path, "length", out);
      const ApiShape& element = shapeAt(shape.listMember);
      for (size_t i = 0; i < value.size(); ++i) {
        std::string elementPath = indexPath(path, i);
        if (value[i].is_null()) {
          out.push_back({elementPath, "InvalidType", Severity::Error,
                         "Invalid type for parameter " + elementPath + ": got null, expected " +
                             expectedTypeName(element.kind) + "."});
          continue;
        }
        checkShape(value[i], element, elementPath, out, {});
      }
      return;
    }
    case ApiKind::Map: {
      if (!value.is_object()) return invalidType(value, shape, path, out);
      const ApiShape& valueShape = shapeAt(shape.mapValue);
      for (auto it = value.begin(); it != value.end(); ++it) {
        std::string entryPath = joinPath(path, it.key());
        if (it.value().is_null()) {
          out.push_back({entryPath, "InvalidType", Severity::Error,
                         "Invalid type for parameter " + entryPath + ": got null, expected " +
                             expectedTypeName(valueShape.kind) + "."});
          continue;
        }
        checkShape(it.value(), valueShape, entryPath, out, {});
      }
      return;
    }
    case ApiKind::String: {
      if (!value.is_string()) return invalidType(value, shape, path, out);
      const std::string& s = value.get_ref<const std::string&>();
      // Lengths count characters (code points), as the SDKs do, not UTF-8 bytes.
      long long characters = 0;
      for (unsigned char c : s) characters += (c & 0xC0) != 0x80;
      checkBounds(characters, shape, path, "length", out);
      if (shape.enumCount > 0 && !isEnumValue(shape, s)) {
        std::string allowed;
        for (int i = 0; i < shape.enumCount; ++i) {
          if (i) allowed += ", ";
          allowed += enumValueAt(shape, i);
        }
        out.push_back({path, "InvalidEnumValue", Severity::Error,
                       "Invalid value " + describeValue(value) + " for " + label(path) + "; valid values: " + allowed + "."});
      }
      return;
    }
    case ApiKind::Integer:
    case ApiKind::Long: {
      if (!value.is_number_integer()) return invalidType(value, shape, path, out);
      // AWS "Integer" is 32-bit, "Long" 64-bit.
      bool fits = true;
      long long v = 0;
      if (value.is_number_unsigned()) {
        auto u = value.get<Json::number_unsigned_t>();
        fits = u <= static_cast<Json::number_unsigned_t>(shape.kind == ApiKind::Integer ? 2147483647LL : INT64_MAX);
        v = fits ? static_cast<long long>(u) : 0;
      } else {
        v = value.get<Json::number_integer_t>();
        if (shape.kind == ApiKind::Integer) fits = v >= -2147483648LL && v <= 2147483647LL;
      }
      if (!fits) {
        out.push_back({path, "InvalidRange", Severity::Error,
                       "Invalid value for parameter " + label(path) + ": " + describeValue(value) +
                           " does not fit in a " + (shape.kind == ApiKind::Integer ? "32" : "64") + "-bit integer."});
        return;
      }
      checkBounds(v, shape, path, "value", out);
      return;
    }
    case ApiKind::Double: {
      if (!value.is_number()) return invalidType(value, shape, path, out);
      double d = value.get<double>();
      if (!std::isfinite(d)) {
        out.push_back({path, "InvalidRange", Severity::Error, "Invalid value for parameter " + label(path) + ": not a finite number."});
        return;
      }
      if ((shape.hasMin && d < static_cast<double>(shape.min)) || (shape.hasMax && d > static_cast<double>(shape.max))) {
        out.push_back({path, "InvalidRange", Severity::Error,
                       "Invalid value for parameter " + label(path) + ": " + describeValue(value) + " is outside " +
                           std::to_string(shape.min) + ".." + std::to_string(shape.max) + "."});
      }
      return;
    }
    case ApiKind::Boolean:
      if (!value.is_boolean()) invalidType(value, shape, path, out);
      return;
    case ApiKind::Timestamp:
      if (!value.is_number() && !value.is_string()) invalidType(value, shape, path, out);
      return;
  }
}

Json orderLikeShape(const Json& value, const ApiShape& shape) {
  if (shape.kind == ApiKind::List && value.is_array()) {
    Json out = Json::array();
    for (const Json& v : value) out.push_back(orderLikeShape(v, shapeAt(shape.listMember)));
    return out;
  }
  if (shape.kind != ApiKind::Structure || !value.is_object()) return value;
  Json out = Json::object();
  for (int i = 0; i < shape.memberCount; ++i) {
    const ApiMember& m = memberAt(shape, i);
    auto it = value.find(m.name);
    if (it != value.end()) out[m.name] = orderLikeShape(*it, shapeAt(m.shape));
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!findMember(shape, it.key())) out[it.key()] = *it;
  }
  return out;
}

}  // namespace ecsplay
