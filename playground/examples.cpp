#include "examples.h"

#include "ecsplay/json_input.h"

namespace ecsplay::playground {
namespace {
#include "examples_data.inc"  // kExampleIndex, kExampleFiles[], generated from examples/
}  // namespace

const std::vector<Example>& examples() {
  static const std::vector<Example> all = [] {
    std::vector<Example> out;
    JsonParseResult index = parseJsonText(kExampleIndex);
    if (!index.ok || !index.value.is_array()) return out;
    for (const Json& entry : index.value) {
      if (!entry.is_object()) continue;
      auto file = entry.find("file");
      if (file == entry.end() || !file->is_string()) continue;
      for (const auto& [name, text] : kExampleFiles) {
        if (*file != name) continue;
        Example e;
        e.title = entry.value("title", std::string(name));
        e.description = entry.value("description", std::string());
        e.expectValid = entry.value("valid", true);
        e.json = text;
        out.push_back(std::move(e));
      }
    }
    return out;
  }();
  return all;
}

}  // namespace ecsplay::playground
