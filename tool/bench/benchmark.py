#!/usr/bin/env python3
"""racecheck's cost against its floor and its neighbour, measured in one run.

Times, over the same translation units:
  clang -fsyntax-only           parsing alone: the floor racecheck cannot go below
  racecheck                     parsing + fact extraction + the whole-program rules
  clang-tidy bugprone-*,concurrency-*   what teams already run
each with one job and with -j 2, and prints every time as a ratio to clang -fsyntax-only.

Usage:
  tool/bench/benchmark.py --racecheck build-tool14/tool/racecheck --llvm 14 \
      [--fixtures tests/tool/fixtures | -p <build dir> [files...]] [--jobs 1 2]
Nothing is asserted: the numbers are printed for people, never checked by tests.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import time


def compile_args_from_db(build_dir, files):
    db = json.load(open(os.path.join(build_dir, "compile_commands.json")))
    units = []
    for entry in db:
        path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        if files and path not in files:
            continue
        args = entry.get("arguments") or shlex.split(entry["command"])
        args = args[1:]
        cleaned, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
                continue
            if a in ("-c", "-MD", "-MMD") or a == entry["file"] or a == path:
                continue
            cleaned.append(a)
        units.append((path, entry["directory"], cleaned))
    return units


def fixture_units(folder):
    units = []
    # tests/tool/fixtures holds one folder per rule; a folder inside one is a multi-unit case
    for p in sorted(pathlib.Path(folder).glob("*/*")):
        if p.suffix == ".cpp":
            units.append((str(p), str(p.parent), ["-std=c++20", "-pthread"]))
        elif p.suffix == ".c":
            units.append((str(p), str(p.parent), ["-std=gnu11", "-pthread"]))
    return units


def run_pool(commands, jobs):
    """Runs (cwd, argv) pairs with `jobs` workers; returns wall seconds."""
    def one(cmd):
        cwd, argv = cmd
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, commands))
    return time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--racecheck", required=True)
    ap.add_argument("--llvm", default="14", help="LLVM major of clang/clang-tidy to compare with")
    ap.add_argument("--fixtures", help="a folder of rule folders of .c/.cpp files analysed with plain flags")
    ap.add_argument("-p", dest="build_dir", help="build dir with compile_commands.json")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--no-clang-tidy", action="store_true")
    opts = ap.parse_args()

    if opts.build_dir:
        wanted = {os.path.realpath(f) for f in opts.files}
        units = compile_args_from_db(opts.build_dir, wanted)
    elif opts.fixtures:
        units = fixture_units(opts.fixtures)
    else:
        ap.error("give --fixtures or -p")
    if not units:
        ap.error("no translation units selected")
    clang = f"clang++-{opts.llvm}"
    tidy = f"clang-tidy-{opts.llvm}"
    racecheck = os.path.realpath(opts.racecheck)

    def clang_cmds():
        return [(cwd, [clang, "-fsyntax-only", "-w", *args, path]) for path, cwd, args in units]

    def tidy_cmds():
        return [(cwd, [tidy, "--quiet", "--checks=-*,bugprone-*,concurrency-*", path, "--",
                       *args]) for path, cwd, args in units]

    def racecheck_time(jobs):
        if opts.build_dir:
            argv = [racecheck, "-p", opts.build_dir, "--quiet", "-j", str(jobs),
                    *[u[0] for u in units]]
        else:
            # Fixtures are independent programs: one racecheck per file, like the corpus test.
            cmds = [(cwd, [racecheck, "--quiet", path, "--", *args]) for path, cwd, args in units]
            return run_pool(cmds, jobs)
        start = time.monotonic()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.monotonic() - start

    print(f"{len(units)} translation units; clang and clang-tidy from LLVM {opts.llvm}")
    print(f"{'tool':<40} " + " ".join(f"{'-j ' + str(j) + ' (s)':>10} {'ratio':>6}" for j in opts.jobs),
          flush=True)
    floor = {j: run_pool(clang_cmds(), j) for j in opts.jobs}
    rows = [("clang -fsyntax-only", floor), ("racecheck", {j: racecheck_time(j) for j in opts.jobs})]
    if opts.no_clang_tidy or not shutil.which(tidy):
        print(f"({tidy} not found: clang-tidy row skipped)")
    else:
        rows.append(("clang-tidy bugprone-*,concurrency-*", {j: run_pool(tidy_cmds(), j) for j in opts.jobs}))
    for name, times in rows:
        print(f"{name:<40} " + " ".join(f"{times[j]:>10.2f} {times[j] / floor[j]:>6.2f}" for j in opts.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
