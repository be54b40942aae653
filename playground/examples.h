// Example task definitions the first screen loads with one click (playground/examples/*.json,
// listed in playground/examples/index.json and embedded at build time by embed_examples.cmake).
#pragma once

#include <string>
#include <vector>

namespace ecsplay::playground {

struct Example {
  std::string title;        // "Fargate web server"
  std::string description;  // one sentence: what it shows
  std::string json;         // the task definition text
  bool expectValid = true;  // the verdict the example is there to show (tests check it)
};

const std::vector<Example>& examples();

}  // namespace ecsplay::playground
