#!/usr/bin/env python3
"""Summary table of tool/eval/run.sh's racecheck runs: exit code, time, peak RSS, lines,
findings per rule, analysis errors. Usage: summarize.py <work dir>. Manual, not for CI."""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = re.compile(r"(_test|_unittest|_bench_sqlite3|_bench_tree_db)\.cc$|/tests?/|/third_party/|/debian/|/windows/")


def sloc_text(text):
    """Non-blank, non-comment lines (// and /* */ stripped, string literals respected), as in
    tool/bench/realworld.sh."""
    out, i, n, state = [], 0, len(text), None
    while i < n:
        c = text[i]
        if state is None:
            if text.startswith("//", i):
                j = text.find("\n", i); i = n if j < 0 else j; continue
            if text.startswith("/*", i):
                j = text.find("*/", i + 2); i = n if j < 0 else j + 2; out.append(" "); continue
            if c in "\"'":
                state = c
            out.append(c); i += 1
        else:
            if c == "\\":
                out.append(text[i:i + 2]); i += 2; continue
            if c == state or c == "\n":
                state = None
            out.append(c); i += 1
    return sum(1 for line in "".join(out).splitlines() if line.strip())


def count_files(root, paths, exts):
    files = []
    for p in paths.split(","):
        full = os.path.join(root, p)
        if os.path.isfile(full):
            files.append(full)
            continue
        for base, dirs, names in os.walk(full):
            dirs[:] = [d for d in dirs if not d.startswith("build")]
            for f in names:
                q = os.path.join(base, f)
                if f.endswith(tuple(exts.split(","))) and not SKIP.search(q):
                    files.append(q)
    return files


def lines_of(root, row):
    files = count_files(root, row["count_paths"], row["count_exts"])
    return len(files), sum(sloc_text(open(f, encoding="latin-1").read()) for f in files)


def codebases():
    with open(os.path.join(HERE, "codebases.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, l.rstrip("\n").split("\t"))) for l in f if l.strip() and not l.startswith("#")]


def main():
    work = sys.argv[1]
    rows = []
    print(f"{'codebase':12s} {'exit':>4s} {'time s':>7s} {'RSS MB':>7s} {'units':>5s} {'files':>5s} {'lines':>7s} {'findings':>8s}  per rule / errors")
    for cb in codebases():
        res = os.path.join(work, "results", cb["name"])
        if not os.path.exists(res + ".json"):
            continue
        root = os.path.join(work, "src", cb["dir"])
        rc, t0, t1 = open(res + ".exit").read().split()
        try:
            tm, rss = open(res + ".time").read().split()[-2:]
            rss = f"{int(rss) / 1024:.0f}"
        except (OSError, ValueError):
            tm, rss = f"{float(t1) - float(t0):.1f}", "?"
        try:
            d = json.load(open(res + ".json"))
        except ValueError:
            d = {"findings": [], "errors": [{"file": "?", "message": "output is not JSON"}]}
        units = len(json.load(open(os.path.join(root, cb["db"], "compile_commands.json"))))
        nfiles, lines = lines_of(root, cb)
        c = collections.Counter(f["rule"].replace("racecheck-", "") for f in d["findings"])
        per = " ".join(f"{k}={v}" for k, v in sorted(c.items()))
        print(f"{cb['name']:12s} {rc:>4s} {float(tm):7.1f} {rss:>7s} {units:5d} {nfiles:5d} {lines:7d} {len(d['findings']):8d}  {per}"
              + (f"  errors={len(d['errors'])}" if d["errors"] else ""))
        for e in d["errors"][:5]:
            print(f"      could not analyse {e['file']}: {e['message'][:140]}")
        rows.append([cb["name"], rc, tm, rss, units, nfiles, lines, len(d["findings"]), per, len(d["errors"])])
    with open(os.path.join(work, "results", "summary.tsv"), "w") as f:
        f.write("codebase\texit\ttime_s\tpeak_rss_mb\tunits\tfiles\tlines\tfindings\tper_rule\terrors\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")


if __name__ == "__main__":
    main()
