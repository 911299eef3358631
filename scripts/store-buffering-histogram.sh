#!/usr/bin/env bash
# The histogram of docs/publication.md: the store-buffering litmus test run on real cores
# (racestress's free mode), with release/acquire (the bug), seq_cst and a mutex (the fixes), and
# the final (r1, r2) of every run counted. r1 = 0, r2 = 0 is impossible in any interleaving; on
# x86 it shows, because each core buffers its stores.
#   scripts/store-buffering-histogram.sh [runs per variant, default 100000] [racestress binary]
# Needs the plain build (cmake --preset default && cmake --build --preset default --target
# racestress); not the tsan build, whose instrumented atomics hide the reordering. racestress
# exits 1 when store_buffering reads 0 and 0 (it declares the controlled harness's "pass"):
# that is the expected result here, so this script exits 0 unless racestress fails otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-100000}
racestress=${2:-build/runtime/racestress/racestress}
[ -x "$racestress" ] || { echo "no $racestress: build racestress first (cmake --build --preset default --target racestress)" >&2; exit 2; }

echo "machine: $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for variant in store_buffering seq_cst mutex; do
  "$racestress" run "publication/$variant" --mode free --outcomes --iterations "$runs" --no-checker |
    sed -n -e "s/^== \(publication\/[a-z_]*\).*/\1/p" -e '/harness:/p' -e '/outcomes of/,/^   [A-Za-z]/{/^     r1/p}'
  code=${PIPESTATUS[0]}
  [ "$code" -le 1 ] || { echo "racestress exited $code on publication/$variant" >&2; exit "$code"; }
done
