#!/usr/bin/env bash
# Installs everything ecsplay needs on a fresh Debian 12 machine (run as root).
# Idempotent: when every package and source is already present it only checks and returns.
#
#   scripts/setup-deps.sh            native + web + browser/desktop test tools
#
# Nothing third-party is ever committed: ImGui's sources for the web build come from Debian's
# source package and are unpacked under build/_deps (ignored by git); playwright-core comes from
# the npm registry into tests/browser/node_modules (ignored by git).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/build/_deps"
imgui_version=1.86

packages=(
  g++ cmake ninja-build pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev libgoogle-perftools-dev
  libglfw3-dev libimgui-dev libstb-dev libgl-dev fonts-roboto-unhinted
  emscripten clang libclang-rt-14-dev
  chromium xvfb xauth imagemagick xz-utils dpkg-dev nodejs
)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

need_src=0
[ -f "$deps/imgui-$imgui_version/imgui.cpp" ] || need_src=1

updated=0
apt_update() {
  if [ "$updated" -eq 0 ]; then sudo_if_needed apt-get update -qq; updated=1; fi
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-deps: installing ${missing[*]}"
  apt_update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$need_src" -eq 1 ]; then
  echo "setup-deps: fetching Dear ImGui $imgui_version sources (Debian source package) for the web build"
  # Source indexes are needed for `apt-get source`; enable them once.
  for f in /etc/apt/sources.list.d/debian.sources; do
    if [ -f "$f" ] && grep -q '^Types: deb$' "$f"; then
      sudo_if_needed sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
      updated=0
    fi
  done
  apt_update
  mkdir -p "$deps/download"
  (cd "$deps/download" && apt-get source --download-only imgui >/dev/null 2>&1 || true)
  tarball=$(ls "$deps"/download/imgui_"$imgui_version"*.orig.tar.* 2>/dev/null | head -n 1)
  if [ -z "$tarball" ]; then
    echo "setup-deps: could not download the imgui source package" >&2
    exit 1
  fi
  rm -rf "$deps/imgui-$imgui_version.tmp"
  mkdir -p "$deps/imgui-$imgui_version.tmp"
  tar -xf "$tarball" -C "$deps/imgui-$imgui_version.tmp" --strip-components=1
  rm -rf "$deps/imgui-$imgui_version"
  mv "$deps/imgui-$imgui_version.tmp" "$deps/imgui-$imgui_version"
fi

# playwright-core drives Debian's chromium in the browser test (never downloads a browser).
if [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
  echo "setup-deps: installing playwright-core for the browser test"
  (cd "$root/tests/browser" && npm ci --no-audit --no-fund --silent)
fi
echo "setup-deps: ready"
