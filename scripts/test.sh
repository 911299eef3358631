#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then configures, builds and
# tests every configuration racelab supports.
#   default  checker (LLVM 14) + runtime + examples, plain build
#   tsan     runtime + examples under ThreadSanitizer
#   llvm19   the checker again, built against LLVM/Clang 19
#   fuzz     racecheck_fuzz (docs/fuzzing.md): a 30 s run over the fixtures, and the inputs that
#            once failed
# Exits non-zero as soon as one configuration fails to build or test.
set -euo pipefail
cd "$(dirname "$0")/.."

# ccache: let clones in different folders share hits (CI builds a fresh clone every time).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

jobs=${RACELAB_JOBS:-$(nproc)}
step() { printf '\n==== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

step "setup"
scripts/setup.sh

for preset in default tsan llvm19; do
  extra=()
  # The LLVM 19 build exists to prove the checker builds and passes there; the runtime is
  # already covered by the other two.
  [ "$preset" = llvm19 ] && extra=(-DRACELAB_BUILD_RUNTIME=OFF -DRACELAB_BUILD_BENCHMARKS=OFF)
  step "configure $preset"
  cmake --preset "$preset" "${extra[@]}" >/dev/null
  step "build $preset"
  cmake --build --preset "$preset" -j "$jobs"
  step "test $preset"
  ctest --preset "$preset" -j "$jobs"
done
# The fuzz preset compiles only racecheck's own libraries again (clang 19, instrumented), and
# only the fuzz-labelled tests run: about 1 CPU-minute with a warm ccache, 7 with a cold one
# (docs/fuzzing.md).
step "configure fuzz"
cmake --preset fuzz >/dev/null
step "build fuzz"
cmake --build --preset fuzz -j "$jobs"
step "test fuzz"
ctest --preset fuzz -j "$jobs"
step "all configurations passed"
