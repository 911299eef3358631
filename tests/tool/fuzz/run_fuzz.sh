#!/bin/sh
# run_fuzz.sh FUZZER FIXTURES SECONDS [CORPUS]: runs racecheck_fuzz for SECONDS, seeded with every
# one-unit .c/.cpp fixture of FIXTURES/<rule>/ (a multi-unit case's files include each other,
# which one file alone cannot), each behind the flags byte racecheck_fuzz.cpp describes (C for
# .c files, library mode for library_* ones, unused NOLINTs in unused-nolint/). New inputs go to
# CORPUS (default: a private temporary folder, removed at the end); a crash, hang (-timeout) or
# leak leaves its input in FUZZ_ARTIFACTS (default: the current folder) and fails the run.
# FUZZ_TIMEOUT (default 30) is the seconds of wall time after which one input counts as a hang;
# FUZZ_SEEDS=N seeds the run with the N smallest fixtures only.
# run_fuzz.sh FUZZER FIXTURE_FILE: runs that one fixture once, as its seed, and fuzzes nothing
# (the regression test of an input that once failed).
set -eu
fuzzer=$1 fixtures=$2 seconds=${3:-0}
work=$(mktemp -d)  # mode 0700
trap 'rm -rf "$work"' EXIT
corpus=${4:-$work/corpus}
mkdir -p "$corpus" "$work/seeds"
# libFuzzer runs every seed before it mutates, whatever -max_total_time says (the whole corpus
# takes CPU-minutes under AddressSanitizer: docs/fuzzing.md), so a short run takes the
# FUZZ_SEEDS smallest.
{ if [ -f "$fixtures" ]; then echo "$fixtures"; else
    find "$fixtures" -mindepth 2 -maxdepth 2 -type f \( -name '*.c' -o -name '*.cpp' \) -printf '%s %p\n' |
      sort -n | head -n "${FUZZ_SEEDS:-100000}" | cut -d' ' -f2-; fi; } |
while read -r f; do
  flags=0
  case $f in *.c) flags=$((flags | 1)) ;; esac
  case $(basename "$f") in library_*) flags=$((flags | 2)) ;; esac
  case $f in */unused-nolint/*) flags=$((flags | 4)) ;; esac
  seed=$work/seeds/$(printf '%s' "${f#"$fixtures"/}" | tr '/' '_')
  { printf "\\$(printf '%03o' "$flags")"; cat "$f"; } >"$seed"
done
# Clang's own leaks are not racecheck's: see lsan.supp.
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
set -- -timeout="${FUZZ_TIMEOUT:-30}" -rss_limit_mb=4096 -artifact_prefix="${FUZZ_ARTIFACTS:-./}"
# Not exec: the trap must still remove the temporary folder.
if [ -f "$fixtures" ]; then
  "$fuzzer" "$@" "$work"/seeds/*
else
  "$fuzzer" "$@" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 "$corpus" "$work/seeds"
fi
