#!/usr/bin/env bash
# The models lab's charts are what docs/models-lab/plot.gp draws from docs/models-lab/sweep.csv:
# draws them again into a temporary folder and compares each with the committed SVG, byte for
# byte. Fails, naming the chart and the command that redraws it, when one was left stale (a new
# sweep.csv without new charts, a plot.gp change, an SVG edited by hand) or one is missing.
#   charts_match_csv.sh GNUPLOT SOURCE_DIR
set -euo pipefail
gnuplot=$1
cd "$2"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$gnuplot" -e "out='$out'" docs/models-lab/plot.gp
status=0
drawn=0
for svg in "$out"/*.svg; do
  [ -e "$svg" ] || break
  drawn=$((drawn + 1))
  committed=docs/models-lab/$(basename "$svg")
  if ! cmp -s "$svg" "$committed"; then
    echo "$committed is not what plot.gp draws from sweep.csv; redraw: gnuplot docs/models-lab/plot.gp"
    status=1
  fi
done
for committed in docs/models-lab/*.svg; do
  [ -e "$out/$(basename "$committed")" ] ||
    { echo "$committed is not drawn by plot.gp"; status=1; }
done
[ "$drawn" -gt 0 ] || { echo "plot.gp drew no chart"; status=1; }
[ "$status" -ne 0 ] || echo "$drawn charts match docs/models-lab/sweep.csv"
exit "$status"
