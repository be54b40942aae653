#include "workbench.h"

#include "examples.h"

namespace ecsplay::playground {

Workbench::Workbench() {
  text_ = examples().empty() ? std::string("{}") : examples()[0].json;
  example_ = examples().empty() ? -1 : 0;
  revalidate();
}

std::string Workbench::apply(const Command& command) {
  switch (command.kind) {
    case Command::Kind::SetText:
      if (command.text.size() > kEditorLimitBytes) {
        return "Not loaded: the text is " + describeSize(command.text.size()) + "; the editor takes up to " +
               describeSize(kEditorLimitBytes) + " (a registered task definition is at most 64 KiB).";
      }
      if (command.text == text_) return "";
      text_ = command.text;
      example_ = -1;
      if (!command.fromEditor) ++textVersion_;
      revalidate();
      return "";
    case Command::Kind::SetLaunchType:
      launchType_ = command.launchType;
      revalidate();
      return "";
    case Command::Kind::LoadExample: {
      if (command.index < 0 || command.index >= static_cast<int>(examples().size())) return "No such example.";
      const Example& e = examples()[static_cast<size_t>(command.index)];
      text_ = e.json;
      example_ = command.index;
      ++textVersion_;
      revalidate();
      return "";
    }
    case Command::Kind::SetTaskSize: {
      JsonParseResult parsed = parseJsonText(text_);
      if (!parsed.ok || !parsed.value.is_object()) {
        return "Fix the JSON first: the size can only be set in a definition that parses.";
      }
      parsed.value["cpu"] = std::to_string(command.cpu);
      parsed.value["memory"] = std::to_string(command.memory);
      text_ = parsed.value.dump(2, ' ', false, Json::error_handler_t::replace);
      example_ = -1;
      ++textVersion_;
      revalidate();
      return "";
    }
    case Command::Kind::Register: {
      clockMs_ += 1000;
      JsonParseResult parsed = parseJsonText(text_, {kEditorLimitBytes, 64});
      if (!parsed.ok) {
        registryError_ = true;
        registryMessage_ = "SerializationException: " + parsed.error;
        return "";
      }
      // RegisterTaskDefinition takes no launch type: the picker does not apply here.
      RegisterResult r = registry_.registerTaskDefinition(parsed.value, clockMs_);
      registryError_ = r.error.has_value();
      registryMessage_ = r.error ? r.error->type + ": " + r.error->message
                                 : "Registered " + r.registered->definition.family + ":" +
                                       std::to_string(r.registered->revision) + " (" + r.registered->arn + ").";
      return "";
    }
    case Command::Kind::Deregister: {
      clockMs_ += 1000;
      ApiError error;
      const RegisteredTaskDefinition* td = registry_.deregister(command.text, clockMs_, error);
      registryError_ = td == nullptr;
      registryMessage_ = td ? "Deregistered " + td->definition.family + ":" + std::to_string(td->revision) +
                                  ": INACTIVE. Running tasks and services keep it; new ones cannot use it."
                            : error.type + ": " + error.message;
      return "";
    }
    case Command::Kind::Delete: {
      clockMs_ += 1000;
      std::optional<ApiError> error;
      DeleteResult r = registry_.deleteTaskDefinitions({command.text}, clockMs_, error);
      registryError_ = error.has_value() || !r.failures.empty();
      if (error) {
        registryMessage_ = error->type + ": " + error->message;
      } else if (!r.failures.empty()) {
        registryMessage_ = "failures[]: " + r.failures[0].first + ": " + r.failures[0].second;
      } else {
        registryMessage_ = "Deleted " + command.text +
                           ": the reply says DELETE_IN_PROGRESS; nothing uses it, so ECS removes it (a revision "
                           "in use stays until its tasks and services stop).";
      }
      return "";
    }
  }
  return "";
}

void Workbench::revalidate() {
  ValidationOptions options;
  options.launchType = launchType_;
  options.jsonLimits.maxBytes = kEditorLimitBytes;
  validation_ = validateTaskDefinitionText(text_, options);
  registeredText_ = validation_.jsonOk ? validation_.registered.dump(2, ' ', false, Json::error_handler_t::replace)
                                       : std::string();
}

std::string Workbench::stateJson() const {
  Json out = validationToJson(validation_);
  out["launchType"] = launchType_ ? Json(launchTypeName(*launchType_)) : Json(nullptr);
  out["jsonError"] = validation_.jsonOk ? Json(nullptr) : Json(validation_.jsonError);
  Json compat = Json::array();
  for (LaunchType t : validation_.compatibilities) compat.push_back(launchTypeName(t));
  out["compatibilities"] = compat;
  out["textBytes"] = text_.size();
  Json revisions = Json::array();
  for (const std::string& arn : registry_.list("", "")) {
    if (const RegisteredTaskDefinition* td = registry_.find(arn)) revisions.push_back({{"arn", arn}, {"status", td->status}});
  }
  out["revisions"] = revisions;
  out["registryMessage"] = registryMessage_;
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ecsplay::playground
