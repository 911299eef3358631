#!/usr/bin/env python3
"""Help classify racecheck's findings on a codebase by hand, and count the verdicts.

MANUAL, NOT FOR CI.

Prints each finding of a result JSON as `file:line rule variable partner` with 3 lines of
source around it, merged with the hand-written verdicts in tool/eval/classified/<codebase>.tsv:

  file  line  rule  variable  verdict  pattern  reason
  (key: file, line, rule, variable; verdict: true | benign | false)

so that a rerun shows which findings are new and still unclassified. Then prints, per codebase:
findings, classified, true+benign share (of the classified), false alarms per 5,000 lines.

Usage:
  findings.py --work <run.sh work dir> [--codebase NAME ...] [--json FILE] [--no-source]
              [--template]   # print unclassified findings as TSV rows to paste and fill in
              [--summary]    # only the per-codebase table
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from summarize import codebases, lines_of  # noqa: E402

FIELDS = ["file", "line", "rule", "variable", "verdict", "pattern", "reason"]


def variable_of(msg):
    m = re.search(r"'([^']+)'", msg)
    return m.group(1) if m else "?"


def rel(p, root):
    return os.path.normpath(os.path.relpath(p, root) if os.path.isabs(p) else p)


def load_classified(name):
    path = os.path.join(HERE, "classified", name + ".tsv")
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            header = f.readline().rstrip("\n").split("\t")
            for l in f:
                if l.strip() and not l.startswith("#"):
                    r = dict(zip(header, l.rstrip("\n").split("\t")))
                    out[(r["file"], int(r["line"]), r["rule"], r["variable"])] = r
    return out


def context(root, path, line, n=1):
    try:
        src = open(os.path.join(root, path), encoding="latin-1").read().split("\n")
    except OSError:
        return []
    return [f"    {i:5d}{'>' if i == line else ' '} {src[i - 1]}" for i in range(max(1, line - n), min(len(src), line + n) + 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--codebase", action="append")
    ap.add_argument("--json", help="result file (default <work>/results/<codebase>.json)")
    ap.add_argument("--no-source", action="store_true")
    ap.add_argument("--template", action="store_true")
    ap.add_argument("--summary", action="store_true")
    a = ap.parse_args()
    table = []
    for cb in codebases():
        if a.codebase and cb["name"] not in a.codebase:
            continue
        res = a.json or os.path.join(a.work, "results", cb["name"] + ".json")
        if not os.path.exists(res):
            continue
        root = os.path.join(a.work, "src", cb["dir"])
        d = json.load(open(res))
        cls = load_classified(cb["name"])
        counts = {"true": 0, "benign": 0, "false": 0, "new": 0}
        seen = set()
        if not a.summary and not a.template:
            print(f"### {cb['name']}: {len(d['findings'])} findings")
        for f in d["findings"]:
            path = rel(f["file"], root)
            rule = f["rule"].replace("racecheck-", "")
            var = variable_of(f["message"])
            partner = ", ".join(f"{rel(n['file'], root)}:{n['line']}" for n in f.get("notes", [])) or "-"
            key = (path, f["line"], rule, var)
            c = cls.get(key)
            verdict = c["verdict"] if c else "new"
            counts[verdict if verdict in counts else "new"] += 1
            seen.add(key)
            if a.template:
                if not c:
                    print("\t".join([path, str(f["line"]), rule, var, "", "", f"partner {partner}"]))
                continue
            if a.summary:
                continue
            tag = f"[{verdict}{' ' + c['pattern'] if c and c.get('pattern') else ''}]"
            print(f"{path}:{f['line']} {rule} {var} partner {partner} {tag}")
            if c and c.get("reason"):
                print(f"    reason: {c['reason']}")
            if not a.no_source:
                print("\n".join(context(root, path, f["line"])))
                for n in f.get("notes", [])[:1]:
                    print("\n".join(context(root, rel(n["file"], root), n["line"], 0)))
        stale = [k for k in cls if k not in seen]
        nfiles, lines = lines_of(root, cb)
        n = len(d["findings"])
        classified = counts["true"] + counts["benign"] + counts["false"]
        share = (counts["true"] + counts["benign"]) / classified if classified else float("nan")
        fa5k = counts["false"] * 5000.0 / lines if lines else float("nan")
        table.append((cb["name"], lines, n, classified, counts["true"], counts["benign"], counts["false"],
                      counts["new"], share, fa5k, len(stale)))
    if a.template:
        return
    print(f"\n{'codebase':12s} {'lines':>7s} {'findings':>8s} {'classif':>7s} {'true':>5s} {'benign':>6s} "
          f"{'false':>5s} {'new':>4s} {'true+benign':>11s} {'FA/5k':>6s} {'stale':>5s}")
    for r in table:
        print(f"{r[0]:12s} {r[1]:7d} {r[2]:8d} {r[3]:7d} {r[4]:5d} {r[5]:6d} {r[6]:5d} {r[7]:4d} "
              f"{100 * r[8]:10.0f}% {r[9]:6.1f} {r[10]:5d}")
    print("(true+benign share over the classified findings; FA/5k counts classified false alarms only,"
          " so it is a lower bound while 'new' > 0; stale = verdicts whose finding no longer appears)")


if __name__ == "__main__":
    main()
