#!/usr/bin/env python3
"""Mutation benchmark for racecheck: races injected by removing one lock.

MANUAL, NOT FOR CI (it runs racecheck on real third-party code for minutes).

Each row of tool/eval/mutations/<codebase>.tsv removes ONE lock acquisition (and its matching
releases, or a guard object line) from a pristine copy of the codebase:

  id  file  remove  removed_text  accesses  variables  units  reason

  file          the mutated file, relative to the codebase's source root
  remove        comma-separated line numbers of the pristine file; each line is replaced by an
                empty line (by `{` if the removed text ends with `{`, so that a scoped-lock
                macro such as xz's `mythread_sync(m) {` leaves a plain block). Line numbers
                therefore stay the same in the mutated copy.
  removed_text  the stripped text of those lines, joined by ' ;; ' (checked before mutating)
  accesses      line numbers in `file` (or path:line) of the accesses that become unprotected
  variables     the shared variables that become racy
  units         comma-separated translation units (relative to the root) to analyse
  reason        why another thread really reaches that state concurrently

Scoring: for each mutation the tree is copied (hard links, the mutated file rewritten), the
codebase's compile database is rewritten to point at the copy, and racecheck is run on the
units with the codebase's configuration, once on the pristine tree and once on the mutated one.
A mutation is FOUND if a finding of the mutated run has its primary location or one of its
notes on one of the access lines, and the pristine run of the same units had no finding or
note on that line.

Usage:
  mutate.py --work <dir made by run.sh> --racecheck <binary> [--codebases a,b] [--only ID,...]
  mutate.py --check            # only verify every spec against the pristine sources
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load_codebases():
    rows = []
    with open(os.path.join(HERE, "codebases.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip() and not line.startswith("#"):
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    return {r["name"]: r for r in rows}


def load_specs(name):
    path = os.path.join(HERE, "mutations", name + ".tsv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, l.rstrip("\n").split("\t"))) for l in f if l.strip()]


def parse_lines(spec_file, text):
    out = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        if ":" in item:
            p, n = item.rsplit(":", 1)
            out.append((p, int(n)))
        else:
            out.append((spec_file, int(item)))
    return out


def check_spec(root, m):
    src = open(os.path.join(root, m["file"]), encoding="latin-1").read().split("\n")
    want = m["removed_text"].split(" ;; ")
    nums = [int(n) for n in m["remove"].split(",")]
    if len(want) != len(nums):
        return f"{m['id']}: {len(nums)} lines but {len(want)} texts"
    for n, t in zip(nums, want):
        if src[n - 1].strip() != t:
            return f"{m['id']}: line {n} is {src[n - 1].strip()!r}, spec says {t!r}"
    return None


def mutated_text(root, m):
    lines = open(os.path.join(root, m["file"]), encoding="latin-1").read().split("\n")
    for n in (int(x) for x in m["remove"].split(",")):
        lines[n - 1] = "{" if lines[n - 1].rstrip().endswith("{") else ""
    return "\n".join(lines)


def copy_tree(root, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    # Hard links: cheap; only the mutated file and the database are rewritten as new files.
    subprocess.run(["cp", "-al", root, dst], check=True)


def rewrite_db(db_dir_rel, root, dst):
    src_db = os.path.join(root, db_dir_rel, "compile_commands.json")
    text = open(src_db).read().replace(root, dst)
    out = os.path.join(dst, db_dir_rel, "compile_commands.json")
    os.unlink(out)
    open(out, "w").write(text)
    return os.path.dirname(out)


EXTRA_OPTIONS = []


def run_racecheck(racecheck, db_dir, root, units, cfg, extra, out_json):
    cmd = ["nice", racecheck, "-p", db_dir, "-j", "1", "--format", "json", "--source-root", root,
           "--header-filter", root, "--quiet"] + EXTRA_OPTIONS
    if cfg:
        cmd += ["--config-file", cfg]
    cmd += [os.path.join(root, u) for u in units]
    if extra:
        cmd += ["--"] + extra
    t0 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.time() - t0
    open(out_json, "w").write(p.stdout)
    try:
        d = json.loads(p.stdout)
    except ValueError:
        d = {"findings": [], "errors": [{"file": "?", "message": "no JSON: " + p.stderr[-300:]}]}
    return d, p.returncode, dt


def located_lines(d, root):
    """{(relpath, line)} of every finding's primary location and notes."""
    out = set()
    for f in d.get("findings", []):
        for loc in [f] + f.get("notes", []):
            p = loc.get("file", "")
            if os.path.isabs(p):
                p = os.path.relpath(p, root)
            out.add((os.path.normpath(p), loc.get("line")))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", help="work dir of run.sh (sources under <work>/src)")
    ap.add_argument("--racecheck")
    ap.add_argument("--codebases", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--out", help="results dir (default <work>/mutations)")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--src", help="source dir (default <work>/src)")
    ap.add_argument("--extra", default="", help="extra racecheck options (run.sh's EXTRA_ARGS)")
    a = ap.parse_args()
    EXTRA_OPTIONS.extend(a.extra.split())
    cbs = load_codebases()
    names = [n for n in cbs if not a.codebases or n in a.codebases.split(",")]
    only = set(a.only.split(",")) if a.only else None
    src_dir = a.src or os.path.join(a.work or "/work/eval", "src")

    if a.check:
        bad = 0
        total = 0
        for n in names:
            root = os.path.join(src_dir, cbs[n]["dir"])
            for m in load_specs(n):
                total += 1
                e = check_spec(root, m)
                if e:
                    bad += 1
                    print(n, e)
        print(f"{total} mutations, {bad} do not match the pristine sources")
        return 1 if bad else 0

    racecheck = os.path.abspath(a.racecheck)
    out_dir = a.out or os.path.join(a.work, "mutations")
    os.makedirs(out_dir, exist_ok=True)
    summary = collections.OrderedDict()
    rows = []
    for n in names:
        cb = cbs[n]
        root = os.path.join(src_dir, cb["dir"])
        cfg = os.path.join(HERE, "configs", cb["config"]) if cb.get("config", "none") != "none" else None
        extra = cb.get("extra_flags", "").split() if cb.get("extra_flags", "-") != "-" else []
        specs = [m for m in load_specs(n) if not only or m["id"] in only]
        if not specs:
            continue
        found = 0
        pristine_cache = {}
        for m in specs:
            err = check_spec(root, m)
            if err:
                print(f"{n} {m['id']}: SPEC MISMATCH {err}")
                rows.append((n, m["id"], "spec-mismatch", 0, ""))
                continue
            units = [u.strip() for u in m["units"].split(",") if u.strip()]
            key = tuple(units)
            if key not in pristine_cache:
                pristine_cache[key] = run_racecheck(
                    racecheck, os.path.join(root, cb["db"]), root, units, cfg, extra,
                    os.path.join(out_dir, f"{n}-pristine-{len(pristine_cache)}.json"))
            pd, prc, _ = pristine_cache[key]
            before = located_lines(pd, root)
            dst = os.path.join(out_dir, "tree", n + "-" + m["id"])
            copy_tree(root, dst)
            target = os.path.join(dst, m["file"])
            text = mutated_text(root, m)
            os.unlink(target)
            open(target, "w", encoding="latin-1").write(text)
            db = rewrite_db(cb["db"], root, dst)
            md, mrc, dt = run_racecheck(racecheck, db, dst, units, cfg, extra,
                                        os.path.join(out_dir, f"{n}-{m['id']}.json"))
            after = located_lines(md, dst)
            acc = {(os.path.normpath(p), l) for p, l in parse_lines(m["file"], m["accesses"])}
            hits = sorted((after & acc) - before)
            ok = bool(hits)
            found += ok
            errs = len(md.get("errors", []))
            print(f"{n:12s} {m['id']}  {'FOUND' if ok else 'missed':6s} exit {mrc} {dt:5.1f}s "
                  f"findings {len(md.get('findings', []))} (pristine {len(pd.get('findings', []))})"
                  + (f" errors {errs}" if errs else "")
                  + (f"  on {', '.join(f'{p}:{l}' for p, l in hits)}" if hits else ""), flush=True)
            rows.append((n, m["id"], "found" if ok else "missed", mrc, ";".join(f"{p}:{l}" for p, l in hits)))
            shutil.rmtree(dst)
        summary[n] = (found, len(specs))
    with open(os.path.join(out_dir, "results.tsv"), "w") as f:
        f.write("codebase\tid\tresult\texit\thit_lines\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print("\nmutations found per codebase")
    tf = tt = 0
    for n, (fo, to) in summary.items():
        print(f"  {n:12s} {fo:3d} / {to:3d}  ({100.0 * fo / to:5.1f}%)")
        tf += fo
        tt += to
    if tt:
        print(f"  {'overall':12s} {tf:3d} / {tt:3d}  ({100.0 * tf / tt:5.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
