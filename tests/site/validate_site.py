#!/usr/bin/env python3
"""Checks that the built study site's files are valid, with real validators:

  * every .html page with HTML Tidy (Debian's `tidy`, which knows HTML5): any warning or error
    it reports fails the check (an unclosed or misplaced element, an unknown or obsolete
    attribute, a duplicate id, ...);
  * every .svg image (the sequence diagrams, the models lab's charts) with Python's XML parser:
    it must be well-formed XML whose root is an <svg> element in the SVG namespace.

    tests/site/validate_site.py SITE

Exit codes: 0 every file passed, 1 a file did not (each problem is printed as FILE:LINE:COL:
what), 2 bad usage, no such site, or tidy not installed (scripts/setup.sh installs it).
"""
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

SVG_ROOT = "{http://www.w3.org/2000/svg}svg"


def usage_error(message):
    print(f"validate_site: {message}", file=sys.stderr)
    sys.exit(2)


def tidy_problems(pages):
    """tidy's complaints about these pages, one per line, "file:line:col: Warning: ..."."""
    done = subprocess.run(["tidy", "-quiet", "-errors", "--gnu-emacs", "yes", *map(str, pages)],
                          capture_output=True, text=True)
    if done.returncode not in (0, 1, 2):
        usage_error(f"tidy failed ({done.returncode}): {done.stderr.strip()}")
    return [line for line in done.stderr.splitlines() if line.strip()]


def svg_problems(images):
    problems = []
    for image in images:
        try:
            root = ElementTree.parse(image).getroot()
        except ElementTree.ParseError as error:
            line, column = error.position
            problems.append(f"{image}:{line}:{column}: not well-formed XML: {error}")
            continue
        if root.tag != SVG_ROOT:
            problems.append(f"{image}:1:1: the root element is {root.tag}, not an SVG <svg>")
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    site = Path(sys.argv[1])
    if not site.is_dir():
        usage_error(f"{site} is not a folder (build the site first: racestress site SITE)")
    if shutil.which("tidy") is None:
        usage_error("tidy not found (scripts/setup.sh installs Debian's tidy)")
    pages = sorted(site.rglob("*.html"))
    images = sorted(site.rglob("*.svg"))
    problems = tidy_problems(pages) + svg_problems(images)
    for p in problems:
        print(p)
    print(f"validate_site: {len(pages)} pages checked with tidy, {len(images)} SVG images parsed, "
          f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
