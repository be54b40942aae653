#!/usr/bin/env bash
# Determinism across platforms (DESIGN.md): runs every scenario with the native `ecsplay run` and
# with the same runner built by Emscripten and run in Node, and compares byte for byte the event
# log (--events), the final state (--json) and the readable timeline, with the scenario's own seed
# and with --seed 12345.
#   tests/determinism/compare.sh NATIVE_ECSPLAY NODE_RUNNER_JS SCENARIO_DIR WORKDIR
# NODE (default: node from PATH) runs the .js. Prints one line per scenario and seed; exits 1 on
# any difference (showing the first differing line) or if either side fails, 2 on bad arguments.
set -uo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 NATIVE_ECSPLAY NODE_RUNNER_JS SCENARIO_DIR WORKDIR" >&2
  exit 2
fi
native=$1 runner=$2 scenarios=$3 work=$4
node=${NODE:-node}
for f in "$native" "$runner"; do
  [ -f "$f" ] || { echo "compare.sh: $f not found (build it first)" >&2; exit 2; }
done
shopt -s nullglob
files=("$scenarios"/*.json)
[ ${#files[@]} -gt 0 ] || { echo "compare.sh: no scenarios in $scenarios" >&2; exit 2; }
mkdir -p "$work"

# first_difference A B: the first line where two files differ, from each side.
first_difference() {
  local said line
  said=$(cmp "$1" "$2" 2>&1)
  if [[ "$said" == *"EOF on"* ]]; then  # one is a prefix of the other
    local a b
    a=$(wc -l <"$1") b=$(wc -l <"$2")
    line=$(( (a < b ? a : b) + 1 ))
  else
    line=$(sed -n 's/.*line \([0-9][0-9]*\)$/\1/p' <<<"$said")
  fi
  echo "    first difference, line $line:"
  echo "    native: $(if [ "$line" -le "$(wc -l <"$1")" ]; then sed -n "${line}p" "$1"; else echo "(end of file)"; fi)"
  echo "    node:   $(if [ "$line" -le "$(wc -l <"$2")" ]; then sed -n "${line}p" "$2"; else echo "(end of file)"; fi)"
}

# side NAME OUTPREFIX COMMAND...: runs one side twice (events + final state, then the timeline);
# on failure prints what it said and returns 1.
side() {
  local name=$1 out=$2
  shift 2
  local rc=0
  rm -f "$out.jsonl" "$out.json" "$out.txt" "$out.err"  # never compare a previous run's files
  "$@" --events "$out.jsonl" --json >"$out.json" 2>"$out.err" || rc=$?
  if [ $rc != 0 ]; then
    echo "    $name failed (exit $rc): $* --events $out.jsonl --json"
    sed 's/^/    /' "$out.err" | head -20
    return 1
  fi
  "$@" >"$out.txt" 2>>"$out.err" || rc=$?
  if [ $rc != 0 ]; then
    echo "    $name failed (exit $rc): $*"
    sed 's/^/    /' "$out.err" | head -20
    return 1
  fi
}

failures=0
runs=0
start=$(date +%s)
for scenario in "${files[@]}"; do
  name=$(basename "$scenario" .json)
  for seed in default 12345; do
    seedArgs=()
    [ "$seed" = default ] || seedArgs=(--seed "$seed")
    base="$work/$name.seed-$seed"
    runs=$((runs + 1))
    report=$(
      ok=1
      side native "$base.native" "$native" run "$scenario" "${seedArgs[@]}" || ok=0
      side node "$base.node" "$node" "$runner" "$scenario" "${seedArgs[@]}" || ok=0
      [ $ok = 1 ] || exit 1
      if [ ! -s "$base.native.jsonl" ]; then
        echo "    the event log is empty: nothing to compare"
        exit 1
      fi
      for kind in jsonl:events json:state txt:timeline; do
        ext=${kind%%:*} what=${kind#*:}
        if ! cmp -s "$base.native.$ext" "$base.node.$ext"; then
          echo "    $what differ ($base.native.$ext vs $base.node.$ext)"
          first_difference "$base.native.$ext" "$base.node.$ext"
          ok=0
        fi
      done
      [ $ok = 1 ]
    )
    status=$?
    events=$({ wc -l <"$base.native.jsonl"; } 2>/dev/null || echo "?")
    if [ $status = 0 ]; then
      verdict=identical
    elif [ -s "$base.native.jsonl" ] && [ -s "$base.node.jsonl" ] && ! grep -q 'failed (exit' <<<"$report"; then
      verdict=DIFFERENT
    else
      verdict=FAILED
    fi
    printf '%-28s seed %-8s %6s events  %s\n' "$name" "$seed" "$events" "$verdict"
    [ -z "$report" ] || echo "$report"
    [ $status = 0 ] || failures=$((failures + 1))
  done
done
if [ $failures -gt 0 ]; then
  echo "determinism: $failures of $runs runs DIFFERENT or FAILED between native and Node ($(( $(date +%s) - start )) s)"
  exit 1
fi
echo "determinism: $runs runs identical, native and Node ($(( $(date +%s) - start )) s)"
