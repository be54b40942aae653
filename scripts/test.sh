#!/usr/bin/env bash
# Sets up, builds native and web, runs every test: ctest (GoogleTest suites, the `ecsplay` command,
# the desktop app under Xvfb), then the browser test in headless Chromium, then every shipped
# scenario natively and in Node on the web build, whose logs must match byte for byte. Exits
# non-zero on any failure. Screenshots are kept in build/native/artifacts and build/web/artifacts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
scripts/setup-deps.sh
scripts/build.sh native web
echo "== ctest"
(cd build/native && ctest --output-on-failure -j "$(nproc)")
echo "== browser test"
node tests/browser/run.mjs build/web/site build/web/artifacts
echo "== determinism: native vs Node"
tests/determinism/compare.sh build/native/native/ecsplay build/web/tests/determinism/ecsplay_run.js \
  playground/scenarios build/web/artifacts/determinism
echo "== all tests passed in $(( $(date +%s) - start )) s"
