#!/usr/bin/env bash
# The racelab demo: builds everything it needs on a fresh Debian 12 machine, then runs the
# checker and the stress harness over the catalogue, buggy variants beside their fixes.
#   scripts/demo.sh                  every scenario in course order (racestress list --scenarios),
#                                    then the concurrency models lab
#   scripts/demo.sh lost_update      one scenario
# It ends with, for each scenario, the comparison table: every variant with its harness, TSan and
# checker verdicts, and whether each matches what the variant declares, also written as HTML pages
# to build-tsan/report/<scenario>.html. A full run also writes the course as a study site,
# build/site/start-here.html (racestress site), with a catalogue page per scenario that holds
# racecheck's findings on every variant.
set -euo pipefail
cd "$(dirname "$0")/.."

# ccache: let clones in different folders share hits (CI builds a fresh clone every time).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

jobs=${RACELAB_JOBS:-$(nproc)}
say() { printf '\n\033[1m==== %s\033[0m\n' "$*"; }

say "Installing missing packages"
scripts/setup.sh

say "Building the checker and the harness (plain build: build/)"
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs" --target racecheck racestress models_lab

say "Building the harness under ThreadSanitizer (build-tsan/)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target racestress

racecheck=build/tool/racecheck
racestress_tsan=build-tsan/runtime/racestress/racestress
racestress=build/runtime/racestress/racestress  # play runs in-process: the plain build, no TSan exit code

scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  mapfile -t scenarios < <("$racestress_tsan" list --scenarios)
fi

# One HTML page per scenario: comparison table, step tables, TSan reports, racecheck rules.
report_dir=build-tsan/report
mkdir -p "$report_dir"
pages=()

status=0
for scenario in "${scenarios[@]}"; do
  say "racecheck over examples/$scenario (static: reads the code, runs nothing)"
  # Exit 1 means findings, which the buggy variants are meant to have.
  "$racecheck" -p build "examples/$scenario"/*.cpp || [ $? -eq 1 ] || status=$?

  say "racestress run $scenario (harness + ThreadSanitizer + checker verdicts)"
  "$racestress_tsan" run "$scenario" --racecheck "$racecheck" -p build \
    --html "$report_dir/$scenario.html" || status=$?
  pages+=("$report_dir/$scenario.html")

  if [ "$scenario" = lost_update ]; then
    # Play the scheduler: the learner's own interleaving, then the same steps on the mutex fix.
    steps="A.read B.read A.write B.write"
    say "racestress play lost_update/buggy --steps \"$steps\" (your interleaving, run exactly)"
    "$racestress" play lost_update/buggy --steps "$steps" --increments 1 || [ $? -eq 1 ] || status=$?
    say "racestress play lost_update/mutex --steps \"$steps\" (the same steps on the fix)"
    "$racestress" play lost_update/mutex --steps "$steps" --increments 1 || status=$?
  fi

  if [ "$scenario" = publication ]; then
    # The controlled harness is sequentially consistent and passes every variant; real cores do
    # not. Free mode, plain build (TSan's atomics hide the reordering); exit 1 is the lesson here.
    say "racestress run publication/store_buffering --mode free (real cores: can both threads read 0?)"
    "$racestress" run publication/store_buffering --mode free --outcomes --iterations 10000 --no-checker ||
      [ $? -eq 1 ] || status=$?
  fi
done

if [ $# -eq 0 ]; then
  say "models_lab: one I/O-bound workload under every concurrency model (docs/models-lab.md)"
  # 50 ms of backend I/O and 100 us of CPU per request, with the shared counter a plain long:
  # the threaded models lose updates, the single-threaded loop does not (until an update spans
  # a co_await: coroutines-split-update).
  build/lab/models/models_lab --model all --clients 50 --requests 200 --io-ms 50 --cpu-us 100 \
    --unsafe-counter || status=$?
fi

if [ $# -eq 0 ]; then
  say "The course as a study site (racestress site: docs/ in course order, answers folded, the pages' runs rerun and drawn, every variant run)"
  "$racestress" site build/site --racecheck-variants || status=$?
fi

say "The same, as pages to read in a browser"
printf '  %s\n' "${pages[@]}"
[ $# -eq 0 ] && printf '  %s (the course, to read from the first page to the last)\n' build/site/start-here.html
exit "$status"
