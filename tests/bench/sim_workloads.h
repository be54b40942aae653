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

namespace ecsplay::bench {

// The deployment benchmark: `services` REPLICA services of `perService` tasks (0.25 vCPU, 512 MiB)
// on `instances` m5.2xlarge instances, every service at steady state on web:1; then
// updateAllServices() moves them all to web:2.
inline bool setUpServices(Engine& engine, int instances, int services, int perService, std::string& error) {
  ApiReply r = engine.call("CreateCluster", Json{{"clusterName", "bench"}});
  if (!r.ok()) return error = r.error->message, false;
  static const char* zones[] = {"us-east-1a", "us-east-1b", "us-east-1c"};
  for (int i = 0; i < instances; ++i) {
    r = engine.registerInstance(Json{{"cluster", "bench"}, {"instanceType", "m5.2xlarge"}, {"availabilityZone", zones[i % 3]}});
    if (!r.ok()) return error = r.error->message, false;
  }
  for (const char* image : {"web:1", "web:2"}) {
    Json container = {{"name", "app"}, {"image", image}, {"cpu", 256}, {"memory", 512}, {"essential", true}};
    r = engine.call("RegisterTaskDefinition", Json{{"family", "web"}, {"containerDefinitions", Json::array({container})}});
    if (!r.ok()) return error = r.error->message, false;
  }
  for (int k = 0; k < services; ++k) {
    r = engine.call("CreateService", Json{{"cluster", "bench"}, {"serviceName", "svc" + std::to_string(k)}, {"taskDefinition", "web:1"},
                                          {"desiredCount", perService}});
    if (!r.ok()) return error = r.error->message, false;
  }
  return true;
}

inline bool updateAllServices(Engine& engine, int services, std::string& error) {
  for (int k = 0; k < services; ++k) {
    ApiReply r = engine.call("UpdateService", Json{{"cluster", "bench"}, {"service", "svc" + std::to_string(k)}, {"taskDefinition", "web:2"}});
    if (!r.ok()) return error = r.error->message, false;
  }
  return true;
}

// How many services have one COMPLETED deployment of web:2.
inline int servicesDeployed(const Engine& engine) {
  int done = 0;
  Json st = engine.stateJson();
  for (const Json& s : st["services"]) {
    const Json& d = s["deployments"];
    done += d.size() == 1 && d[0]["rolloutState"] == "COMPLETED" && d[0]["taskDefinition"].get<std::string>().find("web:2") != std::string::npos;
  }
  return done;
}

}  // namespace ecsplay::bench
