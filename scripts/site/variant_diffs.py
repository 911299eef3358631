"""Buggy beside fixed: the section scripts/build-site.py appends to each scenario page.

For each variant file of examples/<scenario>/ (every .cpp but the buggy ones and benchmarks), a
folded unified diff against its buggy version, made from the files as they are when the site is
built. The buggy version of a variant is the buggy file (`buggy.cpp`, `<prefix>_buggy.cpp`)
whose name shares the longest start with the variant's (`vector_mutex.cpp` against
`vector_buggy.cpp`, `mutex.cpp` against `buggy.cpp`). A scenario with no buggy file
(publication: its bugs are in the memory model, not in one file) gets no section.
"""
import difflib
from pathlib import Path


def is_buggy(path):
    return path.stem == "buggy" or path.stem.endswith("_buggy")


def shared_start(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def pairs(folder):
    """[(buggy file, variant file)] of one scenario's folder, in name order."""
    files = sorted(p for p in folder.glob("*.cpp") if not p.stem.endswith("_benchmark"))
    buggy = [p for p in files if is_buggy(p)]
    if not buggy:
        return []
    return [(max(buggy, key=lambda b: (shared_start(b.stem, v.stem), b.stem == "buggy")), v)
            for v in files if not is_buggy(v)]


def fence(text):
    longest = max((len(line) - len(line.lstrip("~")) for line in text.splitlines()), default=0)
    return "~" * max(4, longest + 1)


def section(scenario, root):
    """The Markdown section for one scenario, or "" when it has no buggy file."""
    folder = root / "examples" / scenario
    found = pairs(folder)
    if not found:
        return ""
    out = ["## The code: buggy beside each variant", "",
           "What each variant changes in the buggy code, as a unified diff made from the sources when "
           "this site was built: lines starting with `-` are the buggy version's, lines starting with "
           "`+` the variant's. The banners at the top of each file are part of the difference.", ""]
    for buggy, variant in found:
        diff = "".join(difflib.unified_diff(
            buggy.read_text().splitlines(keepends=True), variant.read_text().splitlines(keepends=True),
            f"examples/{scenario}/{buggy.name}", f"examples/{scenario}/{variant.name}"))
        f = fence(diff)
        out += ["<details>", f"<summary><code>{variant.name}</code> against <code>{buggy.name}</code></summary>",
                "", f, diff.rstrip("\n"), f, "", "</details>", ""]
    return "\n".join(out) + "\n"


def write_sections(scenarios, root, work):
    """Writes each scenario's section to WORK/diffs-<scenario>.md; returns {scenario: that path}."""
    paths = {}
    for scenario in scenarios:
        text = section(scenario, root)
        if text:
            paths[scenario] = Path(work) / f"diffs-{scenario}.md"
            paths[scenario].write_text(text)
    return paths
