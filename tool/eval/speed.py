#!/usr/bin/env python3
"""Speed and peak memory of racecheck against clang-check-14 on one codebase's units, -j 1.

MANUAL, NOT FOR CI. Both tools run as one process over the same translation units of the
codebase's compile database (`-p <db> <units...>`); clang-check only parses (its default
action: syntax check), racecheck parses and analyses. Wall time and peak RSS come from
/usr/bin/time -f '%e %M' (Debian package `time`). Prints both ratios from the same run.

Usage: speed.py --work <run.sh work dir> --racecheck <binary> [--codebase leveldb]
       [--clang-check clang-check-14] [--repeat 1]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from summarize import codebases  # noqa: E402


def timed(cmd):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["nice", "/usr/bin/time", "-f", "%e %M", "-o", tf.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        last = tf.read().strip().splitlines()[-1].split()
        return float(last[0]), int(last[1]), p.returncode, p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--racecheck", required=True)
    ap.add_argument("--codebase", default="leveldb")
    ap.add_argument("--clang-check", default="clang-check-14")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    cc = shutil.which(a.clang_check)
    if not cc:
        sys.exit(f"{a.clang_check} not found: apt-get install clang-tools-14")
    cb = {c["name"]: c for c in codebases()}[a.codebase]
    root = os.path.join(a.work, "src", cb["dir"])
    db = os.path.join(root, cb["db"])
    units = sorted({e["file"] if os.path.isabs(e["file"]) else os.path.join(e["directory"], e["file"])
                    for e in json.load(open(os.path.join(db, "compile_commands.json")))})
    extra = [] if cb["extra_flags"] == "-" else ["--"] + cb["extra_flags"].split()
    extra_arg = [f"--extra-arg={x}" for x in extra[1:]]
    cfg = [] if cb["config"] == "none" else ["--config-file", os.path.join(HERE, "configs", cb["config"])]
    rc_cmd = [os.path.abspath(a.racecheck), "-p", db, "-j", "1", "--format", "json", "--quiet",
              "--source-root", root, "--header-filter", root] + cfg + units + extra
    cc_cmd = [cc, "-p", db] + extra_arg + units
    print(f"{a.codebase}: {len(units)} translation units, -j 1, {a.repeat} run(s) each, alternating")
    best = {"racecheck": None, "clang-check": None}
    for _ in range(a.repeat):
        for name, cmd in (("clang-check", cc_cmd), ("racecheck", rc_cmd)):
            t, m, rc, err = timed(cmd)
            print(f"  {name:12s} {t:8.2f} s  {m / 1024:8.1f} MB peak RSS  exit {rc}")
            if best[name] is None or t < best[name][0]:
                best[name] = (t, m)
    (rt, rm), (ct, cm) = best["racecheck"], best["clang-check"]
    print(f"{'tool':12s} {'wall s':>8s} {'peak MB':>9s}")
    print(f"{'clang-check':12s} {ct:8.2f} {cm / 1024:9.1f}")
    print(f"{'racecheck':12s} {rt:8.2f} {rm / 1024:9.1f}")
    print(f"time ratio racecheck/clang-check: {rt / ct:.2f}x   (target <= 1.5x)")
    print(f"peak memory ratio racecheck/clang-check: {rm / cm:.2f}x   (target <= 2x)")


if __name__ == "__main__":
    main()
