#!/usr/bin/env bash
# The desktop playground draws its screen under Xvfb: the screenshot exists and is not blank.
#   screenshot_test.sh ECSPLAY ARTIFACT_DIR
set -euo pipefail
ecsplay=$1
out=$2
mkdir -p "$out"
shot="$out/desktop.png"
rm -f "$shot"
xvfb-run -a -s "-screen 0 1280x800x24" "$ecsplay" desktop --screenshot "$shot" --frames 5 --size 1280x800
test -s "$shot" || { echo "no screenshot written"; exit 1; }
# A blank window is one flat colour: its standard deviation is ~0.
sd=$(convert "$shot" -colorspace Gray -format "%[fx:standard_deviation]" info:)
echo "desktop screenshot: $shot, grey standard deviation $sd"
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "the screenshot looks blank"; exit 1; }
# The invalid example shows its finding on screen too.
shot2="$out/desktop-invalid-example.png"
xvfb-run -a -s "-screen 0 1280x800x24" "$ecsplay" desktop --screenshot "$shot2" --frames 5 --example 3 --size 1280x800
test -s "$shot2"
# The Placement screen draws too.
shot3="$out/desktop-placement.png"
xvfb-run -a -s "-screen 0 1280x800x24" "$ecsplay" desktop --screenshot "$shot3" --frames 5 --screen placement --size 1280x800
sd3=$(convert "$shot3" -colorspace Gray -format "%[fx:standard_deviation]" info:)
awk -v sd="$sd3" 'BEGIN { exit !(sd > 0.02) }' || { echo "the placement screenshot looks blank"; exit 1; }
# The Simulation screen: its gallery, and a scenario at 4 minutes with its task selected.
shot4="$out/desktop-simulation-gallery.png"
xvfb-run -a -s "-screen 0 1280x800x24" "$ecsplay" desktop --screenshot "$shot4" --frames 5 --screen simulation --size 1280x800
shot5="$out/desktop-simulation.png"
xvfb-run -a -s "-screen 0 1280x800x24" "$ecsplay" desktop --screenshot "$shot5" --frames 5 --screen simulation --size 1280x800 \
  --sim "load task-lifecycle" --sim "seek 4m" --sim "select #1"
for s in "$shot4" "$shot5"; do
  sd=$(convert "$s" -colorspace Gray -format "%[fx:standard_deviation]" info:)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "$s looks blank"; exit 1; }
done
# A request the screen refuses is an error message, not a crash.
if "$ecsplay" desktop --screen simulation --sim "fly away" 2>/dev/null; then echo "a bad --sim request was accepted"; exit 1; fi
