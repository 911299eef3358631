#!/usr/bin/env bash
# racecheck on real third-party code: pbzip2, xz-utils (liblzma's threaded coders), leveldb.
#
# NOT FOR CI. This script downloads Debian source packages, runs ./configure and make, and takes
# minutes; it is a manual measurement whose numbers go into docs/evaluation.md. Nothing here is
# asserted; it prints numbers for people.
#
# Usage:
#   tool/bench/realworld.sh <work dir outside the repo> [racecheck binary] [jobs]
#     e.g. tool/bench/realworld.sh /work/realworld build-tool14/tool/racecheck 1
#
# Needs: Debian 12 (bookworm) with a deb-src line, e.g. in /etc/apt/sources.list.d/racelab-src.list
#   deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
# and `apt-get update`; dpkg-dev (dpkg-source), bear, cmake, make, gcc/g++, python3.
#
# jobs (default 1) is passed to racecheck as -j. Keep it at 1: with -j > 1 racecheck's worker
# threads race on the process working directory (ClangTool::run changes it per compile
# command), and files whose compile commands use relative paths (the xz and pbzip2 databases
# made by bear) fail to parse at random with exit code 3. See docs/evaluation.md.
set -euo pipefail

WORK=${1:?usage: realworld.sh <work dir> [racecheck binary] [jobs]}
RACECHECK=${2:-$(cd "$(dirname "$0")/../.." && pwd)/build-tool14/tool/racecheck}
JOBS=${3:-1}
EVAL_DIR=$(cd "$(dirname "$0")/../eval" && pwd)  # summarize.py: the line counting rule
RACECHECK=$(readlink -f "$RACECHECK")
mkdir -p "$WORK"
WORK=$(readlink -f "$WORK")
cd "$WORK"

# Debian 12 versions measured in docs/evaluation.md. pigz 2.6-1 was the first choice, but its
# source files are not on the mirror this was run against (404), so pbzip2 stands in for it.
PKGS="pbzip2=1.1.13-1 xz-utils=5.4.1-1+deb12u1 leveldb=1.23-4"

echo "== fetching sources into $WORK"
for p in $PKGS; do
  name=${p%%=*}
  if ! ls -d "$name"-*/ >/dev/null 2>&1; then
    apt-get source --only-source "$p" >"fetch-$name.log" 2>&1 ||
      apt-get source --only-source "$name" >>"fetch-$name.log" 2>&1 || {
        echo "apt-get source $name failed (is there a deb-src line? see the top of this script)" >&2
        tail -3 "fetch-$name.log" >&2
        exit 2
      }
  fi
done
# readlink -f: the sources may be symlinks to an earlier run's folders; racecheck reports only
# findings in the files it was given, which must be the paths the compile databases name.
PBZIP2=$(ls -d pbzip2-*/ | head -1); PBZIP2=$(readlink -f "$WORK/${PBZIP2%/}")
XZ=$(ls -d xz-utils-*/ | head -1); XZ=$(readlink -f "$WORK/${XZ%/}")
LEVELDB=$(ls -d leveldb-*/ | head -1); LEVELDB=$(readlink -f "$WORK/${LEVELDB%/}")

echo "== compile databases"
if [ ! -s "$PBZIP2/compile_commands.json" ]; then
  (cd "$PBZIP2" && make clean >/dev/null 2>&1 || true
   cd "$PBZIP2" && nice bear -- make -j1 >"$WORK/build-pbzip2.log" 2>&1)
fi
if [ ! -s "$XZ/compile_commands.json" ]; then
  (cd "$XZ" && nice ./configure --disable-doc --disable-nls --disable-shared >"$WORK/build-xz.log" 2>&1 &&
   nice bear -- make -j2 >>"$WORK/build-xz.log" 2>&1)
fi
if [ ! -s "$LEVELDB/build-bench/compile_commands.json" ]; then
  # Configuring is enough: it generates port_config.h; nothing needs to be compiled.
  # The library alone has no thread that calls into it (clients do), so db_bench, whose
  # threads call the DB, is included: LEVELDB_BUILD_BENCHMARKS=ON.
  nice cmake -S "$LEVELDB" -B "$LEVELDB/build-bench" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_BUILD_TYPE=Release -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=ON \
    >"$WORK/build-leveldb.log" 2>&1
fi

echo "== racecheck configuration (thread-start wrappers the tool cannot see through)"
mkdir -p configs results
cat >configs/none.racecheck.yaml <<'EOF'
Checks: 'racecheck-*'
EOF
cat >configs/xz.racecheck.yaml <<'EOF'
ThreadApis:
  - Name: 'mythread_create'     # src/common/mythread.h: pthread_create(thread, NULL, func, arg)
    Arg: 1
    Repeated: true
EOF
cat >configs/leveldb.racecheck.yaml <<'EOF'
ThreadApis:
  - Name: 'leveldb::Env::Schedule'      # one background thread runs the queue in order
    Arg: 0
    Repeated: false
  - Name: 'leveldb::Env::StartThread'   # db_bench's worker threads
    Arg: 0
    Repeated: true
EOF

run() {  # name dbdir config [extra args...]
  local name=$1 db=$2 cfg=$3; shift 3
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  nice "$RACECHECK" -p "$db" -j "$JOBS" --config-file "configs/$cfg" --format json "$@" \
    >"results/$name.json" 2>"results/$name.stderr" || rc=$?
  t1=$(date +%s.%N)
  python3 - "$name" "$rc" "$t0" "$t1" <<'EOF'
import collections, json, sys
name, rc, t0, t1 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
d = json.load(open(f"results/{name}.json"))
c = collections.Counter(f["rule"].replace("racecheck-", "") for f in d["findings"])
print(f"{name:24s} exit {rc}  {t1 - t0:6.1f} s  findings {len(d['findings']):3d}  "
      + " ".join(f"{k}={v}" for k, v in sorted(c.items())))
for e in d["errors"]:
    print(f"    could not analyse {e['file']}: {e['message'][:150]}")
EOF
}

echo "== racecheck $("$RACECHECK" --version 2>/dev/null | head -1 || true) ($RACECHECK), -j $JOBS"
# Out of the box (no configuration). pbzip2 needs -Wno-reserved-user-defined-literal: its
# "%"PRIuMAX"" string literals are an error in Clang (a warning in GCC), so Clang itself cannot
# parse pbzip2.cpp without it; without the flag racecheck correctly exits 3 for that file.
run pbzip2-as-is "$PBZIP2" none.racecheck.yaml
run pbzip2 "$PBZIP2" none.racecheck.yaml -- -Wno-reserved-user-defined-literal
run xz-as-is "$XZ" none.racecheck.yaml
run xz "$XZ" xz.racecheck.yaml
run leveldb-as-is "$LEVELDB/build-bench" none.racecheck.yaml
run leveldb "$LEVELDB/build-bench" leveldb.racecheck.yaml

echo "== lines of code (non-blank, non-comment; C/C++ comments stripped, strings respected)"
RACELAB_EVAL_DIR="$EVAL_DIR" python3 - "$PBZIP2" "$XZ" "$LEVELDB" <<'EOF'
import os, re, sys

# The counting rule of tool/eval/summarize.py, so both tables count lines alike.
sys.path.insert(0, os.environ["RACELAB_EVAL_DIR"])
from summarize import sloc_text

def sloc(path):
    return sloc_text(open(path, encoding="latin-1").read())

def count(root, dirs, exts, skip=re.compile(r"(_test|_bench_sqlite3|_bench_tree_db)\.cc$|/tests?/|/third_party/|/debian/|/windows/")):
    files = []
    for d in dirs:
        for base, _, names in os.walk(os.path.join(root, d)):
            for f in names:
                p = os.path.join(base, f)
                if f.endswith(exts) and not skip.search(p):
                    files.append(p)
    return len(files), sum(sloc(p) for p in files)

pbzip2, xz, leveldb = sys.argv[1:4]
rows = [
    ("pbzip2", count(pbzip2, ["."], (".cpp", ".h"))),
    ("xz (src/)", count(xz, ["src"], (".c", ".h"))),
    ("xz threaded coders", count(xz, ["src/liblzma/common"], ("_mt.c", "outqueue.c", "outqueue.h"))),
    ("leveldb (lib+db_bench)", count(leveldb, ["db", "util", "table", "port", "helpers", "include", "benchmarks"], (".cc", ".h"))),
]
for name, (files, lines) in rows:
    print(f"{name:24s} {files:4d} files {lines:7d} lines")
EOF
echo "(classification of each finding: docs/evaluation.md)"
