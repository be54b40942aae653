// The simulation benchmark's day: a cluster of N container instances running M tasks whose one
// container has a health check every 30 s, set up through the engine's own API as a scenario would.
// Shared by the Google Benchmark suite and the plain timing harness (native and wasm).
#pragma once

#include <string>

#include "ecsplay/engine.h"

namespace ecsplay::bench {

// 1,000 m5.2xlarge instances (8 vCPU, 32 GiB) over three zones and 10,000 tasks of 0.5 vCPU /
// 1 GiB: ten per instance. Returns false (and says why) when the setup is refused.
inline bool setUpHealthCheckDay(Engine& engine, int instances, int tasks, std::string& error) {
  auto fail = [&](const char* what, const ApiReply& r) {
    error = std::string(what) + ": " + (r.error ? r.error->type + ": " + r.error->message : "?");
    return false;
  };
  ApiReply r = engine.call("CreateCluster", Json{{"clusterName", "bench"}});
  if (!r.ok()) return fail("CreateCluster", r);
  static const char* zones[] = {"us-east-1a", "us-east-1b", "us-east-1c"};
  for (int i = 0; i < instances; ++i) {
    r = engine.registerInstance(Json{{"cluster", "bench"}, {"instanceType", "m5.2xlarge"}, {"availabilityZone", zones[i % 3]}});
    if (!r.ok()) return fail("registerInstance", r);
  }
  Json container = {{"name", "app"},
                    {"image", "app:1"},
                    {"cpu", 512},
                    {"memory", 1024},
                    {"essential", true},
                    {"healthCheck", {{"command", Json::array({"CMD-SHELL", "curl -f http://localhost/ || exit 1"})},
                                     {"interval", 30},
                                     {"timeout", 5},
                                     {"retries", 3}}}};
  r = engine.call("RegisterTaskDefinition",
                  Json{{"family", "app"}, {"requiresCompatibilities", Json::array({"EC2"})},
                       {"containerDefinitions", Json::array({container})}});
  if (!r.ok()) return fail("RegisterTaskDefinition", r);
  for (int left = tasks; left > 0; left -= 10) {
    int count = left < 10 ? left : 10;
    r = engine.call("RunTask", Json{{"cluster", "bench"}, {"taskDefinition", "app"}, {"count", count},
                                    {"placementStrategy", Json::array({Json{{"type", "spread"}, {"field", "instanceId"}}})}});
    if (!r.ok()) return fail("RunTask", r);
    if (!r.output["failures"].empty()) {
      error = "RunTask failures: " + r.output["failures"].dump();
      return false;
    }
  }
  return true;
}

}  // namespace ecsplay::bench
