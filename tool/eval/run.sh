#!/usr/bin/env bash
# racecheck evaluation on real code, Goblint's regression tests, injected races and speed.
#
# MANUAL. NOT FOR CI. It downloads Debian source packages, configures and builds them, and runs
# racecheck for tens of minutes. It asserts nothing; it writes numbers for people
# (tool/eval/BASELINE.md, docs/evaluation.md).
#
# Usage:
#   tool/eval/run.sh <work dir outside the repo> <racecheck binary>
#     e.g. tool/eval/run.sh /work/eval /work/eval/racecheck-baseline
#
# Environment (all optional):
#   GOBLINT_EVAL     folder with the Goblint suite's build.py/score.py
#                    (default /work/shared/eval/goblint-regression)
#   GOBLINT_ANALYZER git dir of a goblint/analyzer snapshot for build.py, used only when
#                    <work>/goblint/tests does not exist (default /work/.mirror/goblint+analyzer/repo)
#   CODEBASES        comma-separated subset of tool/eval/codebases.tsv names (default: all)
#   STEPS            comma-separated subset of fetch,db,run,goblint,mutations,speed (default: all)
#   EXTRA_ARGS       extra racecheck options for every codebase run and mutation (e.g. --library)
#   SPEED_CODEBASE   codebase for speed.py (default leveldb)
#
# Needs: Debian 12 with a deb-src line, e.g. in /etc/apt/sources.list.d/racelab-src.list
#   deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
# then `apt-get update`; dpkg-dev, bear, cmake, make, gcc/g++, python3, clang-tools-14
# (clang-check-14), time (/usr/bin/time).
#
# What it writes, under <work>:
#   src/<package dir>/...           pristine sources with their compile databases
#   results/<name>.json             racecheck --format json per codebase (-j 1)
#   results/<name>.cmd              the exact command line of that run; configs: tool/eval/configs/
#   results/summary.tsv, summary.txt findings per rule, time, exit code, lines per codebase
#   goblint.txt                     Goblint regression score: file-level P/R/F1 (score.py) and
#                                   line-level P/R/F1 (goblint_lines.py)
#   mutations/results.tsv, mutations.txt   found/total per codebase and overall
#   speed.txt                       racecheck vs clang-check-14: wall time and peak RSS ratios
set -euo pipefail

WORK=${1:?usage: run.sh <work dir> <racecheck binary>}
RACECHECK=${2:?usage: run.sh <work dir> <racecheck binary>}
RACECHECK=$(readlink -f "$RACECHECK")
EVAL=$(cd "$(dirname "$0")" && pwd)
GOBLINT_EVAL=${GOBLINT_EVAL:-/work/shared/eval/goblint-regression}
GOBLINT_ANALYZER=${GOBLINT_ANALYZER:-/work/.mirror/goblint+analyzer/repo}
STEPS=${STEPS:-fetch,db,run,goblint,mutations,speed}
EXTRA_ARGS=${EXTRA_ARGS:-}
SPEED_CODEBASE=${SPEED_CODEBASE:-leveldb}
mkdir -p "$WORK/src" "$WORK/results"
WORK=$(readlink -f "$WORK")
SRC=$WORK/src
step() { [[ ",$STEPS," == *",$1,"* ]]; }

# codebases.tsv columns: name dir version fetch language threads db db_how config extra_flags ...
mapfile -t ROWS < <(tail -n +2 "$EVAL/codebases.tsv" | grep -v '^#')
selected() { [ -z "${CODEBASES:-}" ] || [[ ",$CODEBASES," == *",$1,"* ]]; }
field() { printf '%s\n' "$1" | cut -f"$2"; }

if step fetch; then
  echo "== fetching sources into $SRC"
  for row in "${ROWS[@]}"; do
    name=$(field "$row" 1); dir=$(field "$row" 2); fetch=$(field "$row" 4)
    selected "$name" || continue
    [ -d "$SRC/$dir" ] && continue
    (cd "$SRC" && $fetch --only-source >"fetch-$name.log" 2>&1) || {
      echo "$fetch failed (is there a deb-src line? see the top of this script)" >&2
      tail -3 "$SRC/fetch-$name.log" >&2; exit 2; }
  done
fi

if step db; then
  echo "== compile databases"
  for row in "${ROWS[@]}"; do
    name=$(field "$row" 1); dir=$(field "$row" 2); db=$(field "$row" 7)
    selected "$name" || continue
    root=$SRC/$dir
    [ -s "$root/$db/compile_commands.json" ] && continue
    log=$SRC/build-$name.log
    case $name in
      pbzip2)
        (cd "$root" && (make clean >/dev/null 2>&1 || true) && nice bear -- make -j1 >"$log" 2>&1) ;;
      xz-utils)
        (cd "$root" && nice ./configure --disable-doc --disable-nls --disable-shared >"$log" 2>&1 &&
         nice bear -- make -j2 >>"$log" 2>&1) ;;
      leveldb)
        nice cmake -S "$root" -B "$root/$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
          -DCMAKE_BUILD_TYPE=Release -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=ON >"$log" 2>&1 ;;
      google-glog)
        nice cmake -S "$root" -B "$root/$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
          -DCMAKE_BUILD_TYPE=Release -DWITH_GTEST=OFF -DWITH_GFLAGS=OFF -DBUILD_TESTING=OFF >"$log" 2>&1 ;;
      libzstd)
        nice cmake -S "$root/build/cmake" -B "$root/$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
          -DCMAKE_BUILD_TYPE=Release -DZSTD_MULTITHREAD_SUPPORT=ON -DZSTD_BUILD_PROGRAMS=OFF \
          -DZSTD_BUILD_TESTS=OFF -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON >"$log" 2>&1
        # the .S file is not C; racecheck has nothing to say about it
        python3 - "$root/$db/compile_commands.json" <<'EOF'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
json.dump([e for e in d if not e["file"].endswith(".S")], open(p, "w"), indent=1)
EOF
        ;;
      cpp-httplib)
        # Header-only: the units are the project's examples (built without OpenSSL) and a small
        # unit of ours that uses the Server's thread pool and Client::stop from another thread.
        cp "$EVAL/units/racelab_httplib_unit.cc" "$root/"
        mkdir -p "$root/$db"
        python3 - "$root" "$root/$db/compile_commands.json" <<'EOF'
import glob, json, os, sys
root, out = sys.argv[1], sys.argv[2]
units = sorted(glob.glob(os.path.join(root, "example", "*.cc"))) + [os.path.join(root, "racelab_httplib_unit.cc")]
json.dump([{"directory": root, "file": u,
            "arguments": ["c++", "-std=c++14", "-I" + root, "-pthread", "-O2", "-c", u, "-o", "/dev/null"]}
           for u in units], open(out, "w"), indent=1)
EOF
        ;;
      *) echo "no recipe for $name" >&2; exit 2 ;;
    esac
    echo "$name: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$root/$db/compile_commands.json") compile commands"
  done
fi

if step run; then
  echo "== racecheck $("$RACECHECK" --version 2>/dev/null | head -1 || true) ($RACECHECK), -j 1"
  for row in "${ROWS[@]}"; do
    name=$(field "$row" 1); dir=$(field "$row" 2); db=$(field "$row" 7)
    cfg=$(field "$row" 9); extra=$(field "$row" 10)
    selected "$name" || continue
    root=$SRC/$dir
    args=(-p "$root/$db" -j 1 --format json --source-root "$root" --header-filter "$root")
    [ "$cfg" != none ] && args+=(--config-file "$EVAL/configs/$cfg")
    # shellcheck disable=SC2206
    [ -n "$EXTRA_ARGS" ] && args+=($EXTRA_ARGS)
    # shellcheck disable=SC2206
    [ "$extra" != - ] && args+=(-- $extra)
    printf '%q ' nice "$RACECHECK" "${args[@]}" >"$WORK/results/$name.cmd"; echo >>"$WORK/results/$name.cmd"
    rc=0
    t0=$(date +%s.%N)
    nice /usr/bin/time -f '%e %M' -o "$WORK/results/$name.time" "$RACECHECK" "${args[@]}" \
      >"$WORK/results/$name.json" 2>"$WORK/results/$name.stderr" || rc=$?
    t1=$(date +%s.%N)
    echo "$rc $t0 $t1" >"$WORK/results/$name.exit"
    echo "$name: exit $rc"
  done
  python3 "$EVAL/summarize.py" "$WORK" | tee "$WORK/results/summary.txt"
fi

if step goblint; then
  echo "== Goblint regression tests"
  if [ ! -d "$WORK/goblint/tests" ]; then
    python3 "$GOBLINT_EVAL/build.py" --analyzer "$GOBLINT_ANALYZER" --out "$WORK/goblint"
  fi
  nice python3 "$GOBLINT_EVAL/score.py" --tests "$WORK/goblint/tests" --racecheck "$RACECHECK" \
    | tee "$WORK/goblint.txt"
  nice python3 "$EVAL/goblint_lines.py" --tests "$WORK/goblint/tests" --racecheck "$RACECHECK" \
    --goblint-eval "$GOBLINT_EVAL" | tee -a "$WORK/goblint.txt"
fi

if step mutations; then
  echo "== mutations (one lock removed each)"
  # shellcheck disable=SC2086
  python3 "$EVAL/mutate.py" --work "$WORK" --racecheck "$RACECHECK" ${CODEBASES:+--codebases "$CODEBASES"} \
    ${EXTRA_ARGS:+--extra="$EXTRA_ARGS"} | tee "$WORK/mutations.txt"
fi

if step speed; then
  echo "== speed and memory against clang-check-14 ($SPEED_CODEBASE, -j 1)"
  python3 "$EVAL/speed.py" --work "$WORK" --racecheck "$RACECHECK" --codebase "$SPEED_CODEBASE" \
    | tee "$WORK/speed.txt"
fi
echo "(classify findings with tool/eval/findings.py; verdicts in tool/eval/classified/)"
