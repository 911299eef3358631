#!/usr/bin/env bash
# scaling_real.sh: racecheck's facts cache and shards on a real codebase (docs/scaling.md).
#
#   tool/bench/scaling_real.sh RACECHECK SOURCE_DIR BUILD_DIR CONFIG CHANGED_FILE [JOBS]
#
# Copies SOURCE_DIR (with BUILD_DIR inside it, holding compile_commands.json) to a temporary
# folder, so the original is never edited, and times with /usr/bin/time, each under `nice`:
#   plain    one run without a cache (the reference report)
#   cold     a run with an empty --cache
#   warm     the same run again, nothing changed
#   changed  after appending a comment to CHANGED_FILE (a path relative to SOURCE_DIR)
#   alone    CHANGED_FILE by itself without a cache (that unit's parse and its own report)
#   shards   --shard 0/2 and 1/2 --facts-out, then --merge; the merged report must equal plain
# and prints one Markdown row per step: wall seconds, peak RSS, what racecheck said on stderr.
set -euo pipefail
racecheck=$(realpath "$1") src=$(realpath "$2") build=$(realpath "$3") config=$(realpath "$4")
changed=$5 jobs=${6:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/racecheck-scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -a "$src" "$work/src"
rel_build=${build#"$src"/}
sed -i "s|$src|$work/src|g" "$work/src/$rel_build/compile_commands.json"
db=$work/src/$rel_build
common=(-p "$db" -j "$jobs" --format json --source-root "$work/src" --header-filter "$work/src"
        --config-file "$config")

echo "| step | wall s | peak MB | racecheck's statistics |"
echo "|---|---|---|---|"
step() {  # name, output file, racecheck arguments...
  local name=$1 out=$2 status=0
  shift 2
  /usr/bin/time -f '%e %M' -o "$work/time" nice "$racecheck" "$@" >"$out" 2>"$work/err" || status=$?
  [ "$status" -le 1 ] || { echo "racecheck exited $status in step $name:" >&2; cat "$work/err" >&2; exit 1; }
  read -r wall kb < <(tail -n 1 "$work/time")
  printf '| %s | %s | %d | %s |\n' "$name" "$wall" $((kb / 1024)) \
    "$(grep -v '^Command exited' "$work/err" | tr '\n' ' ' | sed 's/racecheck: //g; s/ *$//')"
}
step plain "$work/plain.json" "${common[@]}"
step cold "$work/cold.json" "${common[@]}" --cache "$work/cache"
step warm "$work/warm.json" "${common[@]}" --cache "$work/cache"
echo "// edited by scaling_real.sh" >>"$work/src/$changed"
step changed "$work/changed.json" "${common[@]}" --cache "$work/cache"
step alone "$work/alone.json" "${common[@]}" "$work/src/$changed"
# The shards and the merge on the edited tree, against a plain run of it.
step plain-edited "$work/plain2.json" "${common[@]}"
step "shard 0/2" /dev/null "${common[@]}" --shard 0/2 --facts-out "$work/facts"
step "shard 1/2" /dev/null "${common[@]}" --shard 1/2 --facts-out "$work/facts"
step merge "$work/merged.json" "${common[@]}" --merge "$work/facts"
for f in cold warm; do cmp -s "$work/plain.json" "$work/$f.json" || echo "DIFFERENT: $f vs plain" >&2; done
cmp -s "$work/plain2.json" "$work/changed.json" || echo "DIFFERENT: changed vs plain-edited" >&2
cmp -s "$work/plain2.json" "$work/merged.json" && echo "merged report = plain report, byte for byte" ||
  echo "DIFFERENT: merged vs plain-edited" >&2
