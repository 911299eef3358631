#!/usr/bin/env bash
# merge_scaling.sh: time and peak memory of `racecheck --merge` on synthetic facts
# (synthetic_facts.py) for each number of units given (docs/scaling.md).
#
#   tool/bench/merge_scaling.sh RACECHECK JOBS SHARDS UNITS...
#
# Prints one Markdown row per size: units, shards, facts on disk, wall and CPU seconds and peak
# RSS from /usr/bin/time -v, findings. The facts are generated in a temporary folder, removed after.
# SYNTHETIC_ARGS: more options for synthetic_facts.py (e.g. "--functions 72": leveldb-sized units).
set -euo pipefail
racecheck=$(realpath "$1") jobs=$2 shards=$3
shift 3
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d "${TMPDIR:-/tmp}/racecheck-merge.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "| units | shards | facts on disk | wall s | user + sys s | peak RSS MB | findings |"
echo "|---|---|---|---|---|---|---|"
for units in "$@"; do
  rm -rf "$work/facts" "$work/tree"
  python3 "$here/synthetic_facts.py" --racecheck "$racecheck" --units "$units" --shards "$shards" \
    --out "$work/facts" --root "$work/tree" ${SYNTHETIC_ARGS:-}
  status=0
  ( cd "$work" && /usr/bin/time -v -o "$work/time" nice "$racecheck" -j "$jobs" --merge --format json \
      facts >"$work/report.json" 2>"$work/err" ) || status=$?
  [ "$status" -le 1 ] || { cat "$work/err" >&2; exit 1; }
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$work/time")
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  findings=$(grep -o '[0-9]* finding(s)' "$work/err" | head -1)
  printf '| %s | %s | %s | %s | %s | %d | %s |\n' "$units" "$shards" "$(du -sh "$work/facts" | cut -f1)" \
    "$wall" "$cpu" $((kb / 1024)) "${findings% finding(s)}"
done
