#!/usr/bin/env python3
"""Line-level precision, recall and F1 of racecheck on the Goblint regression suite.

MANUAL, NOT FOR CI. score.py (in GOBLINT_EVAL, outside the repo) prints file-level P/R/F1 and
line recall only; this reuses its runner and also counts the reported lines: every line of the
test file that a finding or a note points at is a reported line; a reported line is correct if
the test marks it RACE (racy_lines in MANIFEST.tsv).
  line precision = correct reported lines / reported lines
  line recall    = racy lines reported / racy lines

Usage: goblint_lines.py --tests <dir>/tests --racecheck <bin> [--goblint-eval DIR] [--jobs 2]
"""
import argparse
import concurrent.futures as cf
import csv
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tests", required=True)
    ap.add_argument("--racecheck", required=True)
    ap.add_argument("--goblint-eval", default=os.environ.get("GOBLINT_EVAL", "/work/shared/eval/goblint-regression"))
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    sys.path.insert(0, a.goblint_eval)
    import score  # noqa: E402  (the suite's own runner)
    rows = list(csv.DictReader(open(os.path.join(a.goblint_eval, "MANIFEST.tsv")), delimiter="\t"))
    tests = os.path.abspath(a.tests)
    reported = correct = racy = hit = 0
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for row, rc, lines in ex.map(lambda r: score.run(os.path.abspath(a.racecheck), tests, r), rows):
            want = {int(x) for x in row["racy_lines"].split(",") if x}
            reported += len(lines)
            correct += len(lines & want)
            racy += len(want)
            hit += len(want & lines)
    p = correct / reported if reported else 0.0
    r = hit / racy if racy else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"goblint regression, line level: precision {p:.2f} ({correct}/{reported} reported lines are RACE lines) "
          f"recall {r:.2f} ({hit}/{racy}) F1 {f1:.2f}")


if __name__ == "__main__":
    sys.exit(main())
