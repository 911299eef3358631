#!/usr/bin/env python3
"""The course step of `racestress site DIR`: renders docs/*.md as the site's course pages.

    racestress site DIR            (runs this script; do not run it alone)
    racestress site --update-docs  (runs it with --update-docs)

racestress writes the catalogue pages itself (DIR/catalogue/: every variant run, with sources,
diffs, histograms and diagrams) into a fresh folder marked .racelab-site, then runs this script
on that folder:

    scripts/build-site.py --racestress RACESTRESS --out FOLDER [--racecheck RACECHECK -p BUILD]
                          [--tsan-racestress TSAN_RACESTRESS] [--update-docs]

Pandoc (Debian's `pandoc`) turns docs/*.md into HTML; scripts/site/site.lua rewrites the links
and anchors the glossary, scripts/site/page.html is the page around the text. The course is

    start-here, glossary, models-lab, every scenario in course order, writing-stress-tests

where the scenarios' order is the one `racestress list --scenarios` prints (declared once, in
runtime/src/course_order.cpp), and the pages around them are start-here's own outline (its
sections 1 and 4). Each course page links to the previous and the next one; every page links to
start-here, the glossary and the docs index; each scenario page ends with a link to its
catalogue page. The build fails when start-here does not link the course pages in this order,
or when a page links to a path that is not in the repository.

The course pages' recorded runs (code blocks that start with `$ racestress `; with --racecheck
those that start with `$ build/tool/racecheck `; with --tsan-racestress those that start with
`$ build-tsan/runtime/racestress/racestress `) are run again, and the site shows
what they print now, with a sequence diagram (SVG) under each `play` and `replay`; the build
fails when a recorded output differs from the real one (scripts/site/recorded_runs.py;
--update-docs writes the real outputs into docs/*.md instead, and renders nothing).

Exit codes: 0 the pages were rendered (or, with --update-docs, every recorded block was placed),
1 a page links to a missing path, start-here's order is not the course's, a recorded run differs,
or --update-docs could not place one; 2 bad usage, no pandoc, no racestress at the path given,
or an --out folder that racestress site did not make.

Every repository file a page links to becomes part of the site: Markdown as a page, an image as
itself, anything else (the examples' sources, logs, CI recipes) as a page showing the file; a
linked folder shows its README, or else a list of its files. Links are relative, so the site
works from a file system and from any static web host.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ROOT / "scripts" / "site"
sys.path.insert(0, str(SITE_FILES))
import recorded_runs  # noqa: E402  (scripts/site/recorded_runs.py)
BEFORE_SCENARIOS = ["docs/start-here.md", "docs/glossary.md", "docs/models-lab.md"]
AFTER_SCENARIOS = ["docs/writing-stress-tests.md"]
IMAGES = {".svg", ".png", ".jpg", ".jpeg", ".gif"}
LANGUAGES = {".cpp": "cpp", ".h": "cpp", ".hpp": "cpp", ".cc": "cpp", ".c": "c", ".sh": "bash",
             ".yml": "yaml", ".yaml": "yaml", ".json": "json", ".cmake": "cmake", ".py": "python",
             ".gp": "gnuplot", ".lua": "lua", ".sql": "sql", ".1": "nroff"}
MARKER = ".racelab-site"


def tracked_files():
    """The repository's files, as git tracks them (a tree without .git: every file but builds)."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files"], check=True, capture_output=True,
                             text=True).stdout
        return sorted(line for line in out.splitlines() if (ROOT / line).is_file())
    except (OSError, subprocess.CalledProcessError):
        files = []
        for folder, dirs, names in os.walk(ROOT):
            dirs[:] = [d for d in dirs if not d.startswith((".", "build", "node_modules"))]
            files += [str((Path(folder) / n).relative_to(ROOT)) for n in names]
        return sorted(files)


def site_path(repo):
    """Where a repository file lands in the site: docs/ is the site's root, the rest is under source/."""
    rel = repo[len("docs/"):] if repo.startswith("docs/") else "source/" + repo
    p = Path(rel)
    if p.suffix == ".md":
        return str(p.parent / "index.html") if p.name == "README.md" else str(p.with_suffix(".html"))
    if p.suffix in IMAGES:
        return rel
    return rel + ".html"


def folder_path(folder, files):
    """A folder's page: its README's, or a listing of its files (folder ends in /; "/" is the root)."""
    readme = folder.lstrip("/") + "README.md"
    if readme in files:
        return site_path(readme)
    rel = folder[len("docs/"):] if folder.startswith("docs/") else "source/" + folder.lstrip("/")
    return rel + "index.html"


def site_map(files):
    """Every tracked file and folder with its place in the site."""
    fileset = set(files)
    entries = {f: site_path(f) for f in files}
    folders = {"/"}
    for f in files:
        parts = f.split("/")[:-1]
        folders.update("/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
    for folder in folders:
        entries[folder] = folder_path(folder, fileset)
    return entries


def course_scenarios(racestress):
    out = subprocess.run([racestress, "list", "--scenarios"], check=True, capture_output=True,
                         text=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


class Site:
    """Renders pages in batches: one pandoc process (scripts/site/site.lua) per batch."""

    def __init__(self, out, files, entries, work, runs_file):
        self.out, self.files, self.entries, self.work = out, set(files), entries, work
        self.runs_file = runs_file
        self.map_file = work / "map.tsv"
        self.map_file.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(entries.items())))
        self.titles = {}
        self.links = {}    # repository key -> the targets its page links to, in order
        self.broken = []   # (page, target)
        self.done = set()
        self.batches = 0

    def render_batch(self, jobs):
        """jobs: (repository key, Markdown file, pandoc reader, {template variable: value})."""
        self.batches += 1
        lines = []
        for key, text_file, reader, variables in jobs:
            page = self.entries[key]
            (self.out / page).parent.mkdir(parents=True, exist_ok=True)
            variables = dict(variables, root="../" * page.count("/"))
            fields = [key, str(text_file), reader] + [f"{k}={v}" for k, v in variables.items()]
            assert all("\t" not in f and "\n" not in f for f in fields), fields
            lines.append("\t".join(fields))
        jobs_file = self.work / f"jobs-{self.batches}.tsv"
        jobs_file.write_text("\n".join(lines) + "\n")
        log = self.work / f"log-{self.batches}.tsv"
        meta = {"site_out": self.out, "site_template": SITE_FILES / "page.html", "site_map": self.map_file,
                "site_jobs": jobs_file, "site_log": log, "site_terms": self.work / "terms.tsv",
                "site_runs": self.runs_file}
        cmd = ["pandoc", "--lua-filter", str(SITE_FILES / "site.lua"), "-f", "markdown", "-t", "html5",
               "-o", os.devnull]
        for name, value in meta.items():
            cmd += ["-M", f"{name}={value}"]
        subprocess.run(cmd, input="", text=True, check=True)
        for key, *_ in jobs:
            self.links[key] = []
        for line in log.read_text().splitlines():
            key, kind, value = line.split("\t")
            if kind == "title":
                self.titles[key] = value
            elif kind == "broken":
                self.broken.append((key, value))
            else:
                self.links[key].append(value)

    def job(self, key):
        """The job that renders one repository file or folder (None for an image, copied as is)."""
        if key.endswith("/"):
            readme = key.lstrip("/") + "README.md"
            if readme in self.files:
                return self.job(readme)
            return self.listing_job(key)
        if key.endswith(".md"):
            return (key, ROOT / key, "gfm", {})
        if Path(key).suffix in IMAGES:
            (self.out / self.entries[key]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / key, self.out / self.entries[key])
            return None
        return self.source_job(key)

    def source_job(self, repo):
        """A page showing one file of the repository, highlighted by pandoc."""
        text = (ROOT / repo).read_text(errors="replace")
        fence = "~" * max(4, 1 + max((len(l) - len(l.lstrip("~")) for l in text.splitlines()), default=0))
        lang = LANGUAGES.get(Path(repo).suffix, "cmake" if Path(repo).name == "CMakeLists.txt" else "")
        attrs = f"{{.{lang} .numberLines}}" if lang else "{.numberLines}"
        doc = self.work / f"source-{len(self.done)}.md"
        doc.write_text(f"# `{repo}`\n\n{fence} {attrs}\n{text}\n{fence}\n")
        return (repo, doc, "markdown", {"pagetitle": repo})

    def listing_job(self, folder):
        """A folder without a README: a page listing its files and folders."""
        prefix = folder.lstrip("/")
        children = set()
        for f in self.files:
            if f.startswith(prefix):
                rest = f[len(prefix):]
                children.add(rest.split("/")[0] + "/" if "/" in rest else rest)
        lines = [f"# `{prefix or '/'}`", ""] + [f"- [`{c}`](<{c}>)" for c in sorted(children)]
        doc = self.work / f"listing-{len(self.done)}.md"
        doc.write_text("\n".join(lines) + "\n")
        return (folder, doc, "gfm", {"pagetitle": prefix or "racelab"})

    def render_reachable(self, keys):
        """Renders these repository files and folders, then what they link to, batch by batch."""
        while keys:
            jobs = []
            for key in keys:
                if key in self.done:
                    continue
                self.done.add(key)
                job = self.job(key)
                if job is None:
                    continue
                if job[0] != key:  # a folder shown by its README
                    if job[0] in self.done:
                        continue
                    self.done.add(job[0])
                jobs.append(job)
            if not jobs:
                return
            self.render_batch(jobs)
            keys = [t for job in jobs for t in self.links[job[0]]]


def course_nav(course, i, entries, titles):
    page = entries[course[i]]
    root = "../" * page.count("/")
    nav = {"course": "1", "position": str(i + 1), "count": str(len(course))}
    for name, j in (("prev", i - 1), ("next", i + 1)):
        if 0 <= j < len(course):
            nav[f"{name}_href"] = root + entries[course[j]]
            nav[f"{name}_title"] = titles[course[j]]
    return nav


def check_start_here(course, links):
    """start-here must link the course pages in course order (first mention of each)."""
    seen = []
    for target in links.get(course[0], []):
        if target in course[1:] and target not in seen:
            seen.append(target)
    if seen != course[1:]:
        sys.exit("build-site: docs/start-here.md links the course pages in the order\n  "
                 + " ".join(seen) + "\nbut the course (racestress list --scenarios) is\n  "
                 + " ".join(course[1:]))


def catalogue_links(scenarios, work):
    """The section each scenario page ends with: a link to its catalogue page (racestress wrote it)."""
    paths = {}
    for s in scenarios:
        paths[s] = Path(work) / f"catalogue-{s}.md"
        paths[s].write_text(
            "## Every variant, run\n\n"
            f'<a href="catalogue/{s}.html">Every variant of {s}, run when this site was built</a>: '
            "each one's harness verdict and outcome histogram, its first failing interleaving as a step "
            "table and a sequence diagram, its source with the banner, and its diff against the buggy "
            "version.\n")
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--racestress", required=True, help="the racestress that runs this step")
    parser.add_argument("--out", help="the folder racestress site is writing (not with --update-docs)")
    parser.add_argument("--racecheck", help="racecheck: rerun the `$ build/tool/racecheck` blocks with it")
    parser.add_argument("-p", dest="build", help="the build folder with compile_commands.json, for --racecheck")
    parser.add_argument("--tsan-racestress", help="a TSan build's racestress: rerun the `$ build-tsan/...` blocks with it")
    parser.add_argument("--update-docs", action="store_true",
                        help="write the real runs' output into the recorded blocks of docs/*.md")
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        print("build-site: pandoc not found (scripts/setup.sh installs it)", file=sys.stderr)
        sys.exit(2)
    if not os.access(args.racestress, os.X_OK):
        print(f"build-site: no racestress at {args.racestress}", file=sys.stderr)
        sys.exit(2)
    if args.racecheck and not (os.access(args.racecheck, os.X_OK) and args.build):
        print(f"build-site: --racecheck needs an executable racecheck and -p BUILD", file=sys.stderr)
        sys.exit(2)
    if args.tsan_racestress and not os.access(args.tsan_racestress, os.X_OK):
        print(f"build-site: no TSan racestress at {args.tsan_racestress}", file=sys.stderr)
        sys.exit(2)
    tools = recorded_runs.Tools(args.racestress, args.racecheck, args.build, args.tsan_racestress)
    if args.update_docs == bool(args.out):
        print("build-site: give --out FOLDER or --update-docs (racestress site runs this script)", file=sys.stderr)
        sys.exit(2)
    if args.update_docs:
        out = Path(tempfile.mkdtemp(prefix="racelab-update-docs-"))
    else:
        out = Path(args.out).resolve()
        if not (out / MARKER).exists():
            print(f"build-site: {out} was not made by racestress site; run racestress site DIR", file=sys.stderr)
            sys.exit(2)

    files = tracked_files()
    entries = site_map(files)
    scenarios = course_scenarios(args.racestress)
    missing = [s for s in scenarios if f"docs/{s}.md" not in entries]
    for s in missing:
        print(f"build-site: scenario {s} has no page docs/{s}.md yet; the course skips it", file=sys.stderr)
    course = BEFORE_SCENARIOS + [f"docs/{s}.md" for s in scenarios if s not in missing] + AFTER_SCENARIOS

    blocks = recorded_runs.run_all(course, tools, ROOT, out)
    if args.update_docs:
        shutil.rmtree(out)
        unplaced = recorded_runs.update_docs(blocks, ROOT)
        for name in unplaced:
            print(f"build-site: {name}: could not find its recorded text in the page to replace", file=sys.stderr)
        sys.exit(1 if unplaced else 0)
    stale = recorded_runs.differences(blocks)

    with tempfile.TemporaryDirectory(prefix="racelab-site-") as work:
        recorded_runs.write_table(blocks, Path(work) / "runs.tsv")
        site = Site(out, files, entries, Path(work), Path(work) / "runs.tsv")
        # The glossary first: its terms link the italic words of the pages after it. This pass
        # learns every course page's title and links; the next one adds the course navigation.
        ordered = ["docs/glossary.md"] + [p for p in course if p != "docs/glossary.md"]
        links = catalogue_links(scenarios, work)
        appended = {f"docs/{s}.md": {"site_append": str(path)} for s, path in links.items()}
        site.render_batch([(p, ROOT / p, "gfm", appended.get(p, {})) for p in ordered])
        check_start_here(course, site.links)
        site.render_batch([(p, ROOT / p, "gfm", dict(course_nav(course, course.index(p), entries, site.titles),
                                                     **appended.get(p, {})))
                           for p in ordered])
        site.done.update(course)
        site.render_reachable([t for p in course for t in site.links[p]] + ["docs/README.md"])
        shutil.copyfile(SITE_FILES / "site.css", out / "site.css")

    for page, target in dict.fromkeys(site.broken):  # each once (the course is rendered twice)
        print(f"build-site: {page} links to {target}, which is not in the repository", file=sys.stderr)
    for diff in stale:
        print(f"build-site: a recorded run is not what the tools print now, {diff}", file=sys.stderr)
    if stale:
        print("build-site: racestress site --update-docs writes the real output into the pages", file=sys.stderr)
    if site.broken or stale:
        sys.exit(1)
    diagrams = sum(1 for b in blocks if b.diagram)
    print(f"build-site: {len(blocks)} recorded runs run again and shown as printed, {diagrams} sequence diagrams drawn")
    print(f"build-site: {len(course)} course pages, {len(site.done)} pages and files in all ({site.batches} pandoc runs)")


if __name__ == "__main__":
    main()
