#!/usr/bin/env bash
# The main job: set up, build the web playground and serve it on http://127.0.0.1:8080.
#   scripts/play.sh [--port N]     serve the web playground
#   scripts/play.sh --desktop      build and open the desktop app instead
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=8080
desktop=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "play.sh: --port needs a number" >&2; exit 2; }; port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --desktop) desktop=1; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "play.sh: unknown option $1 (try --port N or --desktop)" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "play.sh: --port takes a number" >&2; exit 2 ;; esac
scripts/setup-deps.sh
if [ "$desktop" -eq 1 ]; then
  scripts/build.sh native
  exec build/native/native/ecsplay
fi
scripts/build.sh web
echo "ecsplay playground: http://127.0.0.1:$port/   (Ctrl+C stops it)"
exec python3 -m http.server --bind 127.0.0.1 --directory build/web/site "$port"
