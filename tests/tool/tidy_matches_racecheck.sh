#!/bin/sh
# The clang-tidy plugin reports what the racecheck command line reports on the same file: the
# same warnings (base name:line:column and rule), as many of each, and at least one.
#   tidy_matches_racecheck.sh CLANG_TIDY PLUGIN RACECHECK SOURCE [COMPILER FLAGS...]
set -u
clang_tidy=$1 plugin=$2 racecheck=$3 source=$4
shift 4

# "path/file.cpp:9:5: warning: ... [racecheck-rule]" -> "file.cpp:9:5 racecheck-rule", sorted.
warnings() {
  sed -n 's/^\(.*\/\)\{0,1\}\([^/:]*:[0-9]*:[0-9]*\): warning: .*\[\(racecheck-[a-z-]*\)\]$/\2 \3/p' | sort
}

scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT

"$racecheck" "$source" -- "$@" >"$scratch/racecheck.out" 2>"$scratch/racecheck.err"
status=$?
if [ "$status" -ne 1 ]; then
  echo "racecheck exited $status, not 1 (findings):"; cat "$scratch/racecheck.err"; exit 1
fi
"$clang_tidy" --load="$plugin" --checks='-*,racecheck-*' "$source" -- "$@" \
  >"$scratch/tidy.out" 2>"$scratch/tidy.err"
status=$?
if [ "$status" -ne 0 ]; then
  echo "clang-tidy exited $status:"; cat "$scratch/tidy.err"; exit 1
fi

warnings <"$scratch/racecheck.out" >"$scratch/racecheck.list"
warnings <"$scratch/tidy.out" >"$scratch/tidy.list"
from_racecheck=$(wc -l <"$scratch/racecheck.list")
from_tidy=$(wc -l <"$scratch/tidy.list")
echo "racecheck: $from_racecheck warning(s); clang-tidy plugin: $from_tidy warning(s)"
if [ "$from_racecheck" -eq 0 ]; then
  echo "racecheck found nothing in $source: this test needs a file with findings"; exit 1
fi
if ! diff -u "$scratch/racecheck.list" "$scratch/tidy.list"; then
  echo "the plugin's warnings (+) differ from racecheck's (-)"; exit 1
fi
