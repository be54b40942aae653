#!/usr/bin/env bash
# Builds ecsplay natively (build/native) and/or for the browser (build/web/site).
#   scripts/build.sh [native] [web]      (both when no argument is given)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(native web)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc needs Debian's node modules (acorn)
for t in "${targets[@]}"; do
  case "$t" in
    native)
      cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release -DECSPLAY_WERROR=ON >/dev/null
      cmake --build build/native
      ;;
    web)
      emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release -DECSPLAY_WERROR=ON >/dev/null
      cmake --build build/web
      ;;
    *) echo "build.sh: unknown target $t (native or web)" >&2; exit 2 ;;
  esac
done
