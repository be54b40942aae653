#include "placement_lab.h"

#include <cstdio>

#include "ecsplay/instance_types.h"
#include "ecsplay/units.h"

namespace ecsplay::playground {
namespace {

PlacementInstance makeInstance(const InstanceType& type, int n, const std::string& zone) {
  char id[32], arn[128];
  std::snprintf(id, sizeof id, "i-0%016x", 0x5eed0000u + static_cast<unsigned>(n));
  std::snprintf(arn, sizeof arn, "arn:aws:ecs:us-east-1:123456789012:container-instance/demo/%08x%024x",
                0xc0ffee00u + static_cast<unsigned>(n), static_cast<unsigned>(n));
  return launchInstance(type, arn, id, zone, 1767225600000LL + n * 60000LL);
}

}  // namespace

const std::vector<std::string>& PlacementLab::zones() {
  static const std::vector<std::string> z = {"us-east-1a", "us-east-1b", "us-east-1c"};
  return z;
}

PlacementLab::PlacementLab() {
  request_.count = 1;
  request_.strategies = defaultRunTaskStrategies();
  apply(LabCommand{});
}

void PlacementLab::rebuild(std::vector<PlacementInstance> instances) {
  placer_ = std::make_unique<Placer>(std::move(instances));
  explain();
}

int PlacementLab::tasksOn(int instance) const {
  int n = 0;
  for (const PlacedTask& t : placed_) n += t.instance == instance;
  return n;
}

void PlacementLab::setTaskDefinition(const Validation& v) {
  bool ok = v.valid();
  TaskNeeds needs = ok ? taskNeeds(v.definition, v.requiresAttributes) : TaskNeeds{};
  if (ok == hasTask_ && needs == needs_) return;  // nothing that placement looks at changed
  hasTask_ = ok;
  needs_ = needs;
  if (ok) {
    std::string ports;
    for (int p : needs.tcpPorts) ports += (ports.empty() ? ", host port " : ", ") + std::to_string(p);
    if (needs.dynamicTcpPorts) ports += ", " + std::to_string(needs.dynamicTcpPorts) + " dynamic host port(s)";
    taskSummary_ = needs.family + ": " + std::to_string(needs.cpu) + " CPU units, " + std::to_string(needs.memoryMiB) +
                   " MiB" + (needs.gpus ? ", " + std::to_string(needs.gpus) + " GPU(s)" : std::string()) +
                   (needs.needsEni ? ", one ENI (awsvpc)" : std::string()) + ports;
  } else {
    taskSummary_ = "The definition in the editor is not valid: fix it on the Task definitions screen first.";
  }
  recompile();
}

void PlacementLab::recompile() {
  PlacementRequest r = request_;
  r.needs = needs_;
  std::optional<ApiError> error = compileRequest(r, compiled_);
  compiledOk_ = !error && hasTask_;
  requestError_ = error ? error->type + ": " + error->message : std::string();
  explain();
}

void PlacementLab::explain() {
  if (!compiledOk_ || !placer_) {
    explanation_.reset();
    return;
  }
  explanation_ = placer_->explain(compiled_, random_);
}

std::string PlacementLab::apply(const LabCommand& c) {
  switch (c.kind) {
    case LabCommand::Kind::ResetCluster: {
      // The demo cluster: three zones, mixed sizes, one draining instance and a custom attribute.
      struct Spec {
        const char* type;
        int zone;
        const char* stack;
      };
      static const Spec specs[] = {{"m5.large", 0, "prod"}, {"m5.large", 1, "prod"}, {"c5.large", 2, "prod"},
                                   {"r5.large", 0, "prod"}, {"t3.medium", 1, "dev"},  {"m5.xlarge", 2, "prod"}};
      std::vector<PlacementInstance> instances;
      nextInstance_ = 0;
      for (const Spec& s : specs) {
        PlacementInstance in = makeInstance(*findInstanceType(s.type), nextInstance_++, zones()[static_cast<size_t>(s.zone)]);
        in.setAttribute("stack", s.stack);
        instances.push_back(std::move(in));
      }
      instances[5].status = "DRAINING";
      placed_.clear();
      lastReply_.clear();
      rebuild(std::move(instances));
      return "";
    }
    case LabCommand::Kind::AddInstances: {
      const InstanceType* type = findInstanceType(c.text);
      if (!type) return "Unknown instance type: " + c.text;
      if (c.count < 1 || c.count > 100) return "Add 1 to 100 instances at a time.";
      std::vector<PlacementInstance> instances = placer_->instances();
      if (instances.size() + static_cast<size_t>(c.count) > 5000) {
        return "A cluster holds at most 5,000 container instances (an ECS quota).";
      }
      for (int k = 0; k < c.count; ++k) {
        PlacementInstance in = makeInstance(*type, nextInstance_++, c.zone.empty() ? zones()[0] : c.zone);
        in.setAttribute("stack", "prod");
        instances.push_back(std::move(in));
      }
      rebuild(std::move(instances));
      return "";
    }
    case LabCommand::Kind::SetStatus:
    case LabCommand::Kind::SetAgent:
    case LabCommand::Kind::SetAttribute: {
      std::vector<PlacementInstance> instances = placer_->instances();
      if (c.index < 0 || c.index >= static_cast<int>(instances.size())) return "No such instance.";
      PlacementInstance& in = instances[static_cast<size_t>(c.index)];
      if (c.kind == LabCommand::Kind::SetStatus) in.status = c.text;
      if (c.kind == LabCommand::Kind::SetAgent) in.agentConnected = c.flag;
      if (c.kind == LabCommand::Kind::SetAttribute && !c.text.empty()) in.setAttribute(c.text, c.value);
      rebuild(std::move(instances));
      return "";
    }
    case LabCommand::Kind::SetRequest:
      request_ = c.request;
      recompile();
      return "";
    case LabCommand::Kind::RunTask: {
      if (!compiledOk_) return requestError_.empty() ? taskSummary_ : requestError_;
      PlacementResult r = placer_->place(compiled_, random_);
      Json reply = Json::object();
      if (r.error) {
        lastReply_ = "An error occurred (" + r.error->type + ") when calling the RunTask operation: " + r.error->message;
        explain();
        return "";
      }
      Json tasks = Json::array();
      for (size_t k = 0; k < r.placements.size(); ++k) {
        int i = r.placements[k];
        const PlacementInstance& in = placer_->instances()[static_cast<size_t>(i)];
        placed_.push_back({i, needs_, compiled_.request.group, r.hostPorts[k]});
        tasks.push_back({{"containerInstanceArn", in.containerInstanceArn},
                         {"group", compiled_.request.group},
                         {"lastStatus", "PROVISIONING"}});
      }
      Json failures = Json::array();
      for (const PlacementFailure& f : r.failures) failures.push_back({{"arn", f.arn}, {"reason", f.reason}});
      reply["tasks"] = tasks;
      reply["failures"] = failures;
      lastReply_ = reply.dump(2, ' ', false, Json::error_handler_t::replace);
      explain();
      return "";
    }
    case LabCommand::Kind::StopAllTasks:
      for (const PlacedTask& t : placed_) placer_->release(t.instance, t.needs, t.group, t.ports);
      placed_.clear();
      lastReply_.clear();
      explain();
      return "";
  }
  return "";
}

std::string PlacementLab::stateJson() const {
  Json out = Json::object();
  Json list = Json::array();
  for (size_t i = 0; i < instances().size(); ++i) {
    const PlacementInstance& in = instances()[i];
    Json row = {{"ec2InstanceId", in.ec2InstanceId}, {"status", in.status}, {"agentConnected", in.agentConnected},
                {"remainingCpu", in.remainingCpu}, {"remainingMemory", in.remainingMemoryMiB},
                {"tasks", tasksOn(static_cast<int>(i))}};
    if (explanation_ && compiledOk_) {
      const InstanceVerdict& v = explanation_->rows[i];
      row["reason"] = placementReasonCode(v.reason);
      row["verdict"] = describeVerdict(in, compiled_, v);
    }
    list.push_back(row);
  }
  out["instances"] = list;
  out["chosen"] = explanation_ ? explanation_->chosen : -1;
  out["failure"] = explanation_ && explanation_->failure ? Json(explanation_->failure->reason) : Json(nullptr);
  out["requestError"] = requestError_;
  out["task"] = taskSummary_;
  out["lastReply"] = lastReply_;
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ecsplay::playground
