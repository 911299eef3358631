"""The pages' recorded runs, run again when the site is built (used by scripts/build-site.py).

A code block of a course page whose first line starts with `$ racestress ` is a recorded run:
one or more command lines (each starting with `$ `), each followed by the output it printed.
The build runs every command again (from the repository's root, with the built racestress first
on PATH and no RACELAB_* or GTEST_* variable, through bash, so a `| grep` works), and the site
shows the real output in its place. A `racestress play` or `replay` command also gets `--svg`,
and the site shows its sequence diagram under the block.

A block whose first line starts with `$ build/tool/racecheck ` is racecheck's section of a page:
when the build has a racecheck (Tools.racecheck), it is a recorded run too, run with that
racecheck in place of `build/tool/racecheck` and its build folder in place of `-p build`, and
shown as written. A block whose first line starts with `$ build-tsan/runtime/racestress/racestress `
is run likewise when there is a TSan build's racestress (Tools.tsan) and, if the command names
build/tool/racecheck, a racecheck. Without them, the block stays the recorded text, and the site
says so under it (scripts/site/site.lua).

A recorded output that differs from the real one fails the build: the Markdown pages, read on
their own, must say what racestress says. Durations are not compared (`in 0.250 s`, `(4001
runs/s)`, `after 0.0160 s` differ from run to run); everything else is. `--update-docs` writes
the real outputs into the Markdown instead. A command that ends in the shell comment
`# not compared: WHY` is run and shown but not compared, for output that differs from run to run
for a reason the page gives (withdraw/immutable: libstdc++ picks the mutexes of an atomic
shared_ptr by address, so their numbers and order change with the addresses).

The blocks are found with pandoc's own Markdown reader (the same reader that renders the pages),
and handed to scripts/site/site.lua by the SHA-1 of their text, which pandoc's Lua can compute.
"""
import concurrent.futures
import difflib
import hashlib
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

PREFIX = "$ racestress "
RACECHECK_PREFIX = "$ build/tool/racecheck "
TSAN_PREFIX = "$ build-tsan/runtime/racestress/racestress "
DIAGRAM_COMMANDS = {"play", "replay"}
TIMEOUT_SECONDS = 120
DURATION = re.compile(r"\b\d+(\.\d+)? s\b|\(\d+ runs/s\)")


def sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def code_blocks(markdown):
    """The text of every code block of a GitHub-flavoured Markdown file, in order."""
    ast = json.loads(subprocess.run(["pandoc", "-f", "gfm", "-t", "json", str(markdown)], check=True,
                                    capture_output=True, text=True).stdout)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "CodeBlock":
                found.append(node["c"][1])
            else:
                walk(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(ast["blocks"])
    return found


def split_commands(text):
    """[(command line without "$ ", recorded output)] of one block."""
    commands = []
    for line in text.split("\n"):
        if line.startswith("$ "):
            commands.append([line[2:], []])
        else:
            commands[-1][1].append(line)
    return [(command, "\n".join(output)) for command, output in commands]


def compared(block):
    return not any("# not compared:" in command for command, _ in split_commands(block.text))


def normalised(text):
    return DURATION.sub("N s", text).rstrip()


class Tools:
    """The programs the recorded runs use: racestress; racecheck with its build folder, and a TSan
    build's racestress, when there are (None otherwise)."""

    def __init__(self, racestress, racecheck=None, build=None, tsan=None):
        self.racestress, self.racecheck, self.build, self.tsan = racestress, racecheck, build, tsan

    def runs(self, block_text):
        """Whether a block is a recorded run this build can run again."""
        if block_text.startswith(PREFIX):
            return True
        if block_text.startswith(RACECHECK_PREFIX):
            return bool(self.racecheck)
        if block_text.startswith(TSAN_PREFIX):
            return bool(self.tsan) and (bool(self.racecheck) or "build/tool/racecheck" not in block_text)
        return False

    def command(self, written):
        """The command line to run for one written in a page: the program and its build folder
        replaced, the rest (pipes, redirections) left as written."""
        programs = {RACECHECK_PREFIX[2:]: self.racecheck, TSAN_PREFIX[2:]: self.tsan}
        for prefix, program in programs.items():
            if written.startswith(prefix):
                rest = written[len(prefix):]
                rest = re.sub(r"(?<=--racecheck )build/tool/racecheck(?=\s|$)", lambda _: shlex.quote(self.racecheck), rest)
                rest = re.sub(r"(?<=-p )build(?=\s|$)", lambda _: shlex.quote(self.build), rest)
                return shlex.quote(program) + " " + rest
        return written


class Block:
    def __init__(self, page, number, text):
        self.page, self.number, self.text = page, number, text
        self.real = None      # the block's text as the real runs printed it
        self.diagram = None   # site path of the SVG of its play/replay command, if one was drawn

    def name(self):
        return f"{self.page} block {self.number}"


def clean_environment(racestress):
    """This environment without what would change racestress's output (RACELAB_* overrides of
    the harness options, GoogleTest's shard variables, which racestress run honours), and with
    the built racestress first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RACELAB_", "GTEST_"))}
    env["PATH"] = str(Path(racestress).resolve().parent) + os.pathsep + os.environ.get("PATH", "")
    return env


def run_block(block, tools, root, out):
    env = clean_environment(tools.racestress)
    parts = []
    for i, (command, _) in enumerate(split_commands(block.text)):
        words = shlex.split(command)
        actual = tools.command(command)
        if "|" not in words and len(words) > 1 and words[1] in DIAGRAM_COMMANDS:
            site_svg = f"diagrams/{Path(block.page).stem}-{block.number}-{i + 1}.svg"
            actual += " --svg " + shlex.quote(str(out / site_svg))
            block.diagram = site_svg
        done = subprocess.run(["bash", "-c", actual], cwd=root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_SECONDS)
        parts.append("$ " + command + "\n" + done.stdout.rstrip("\n"))
        if block.diagram and not (out / block.diagram).exists():
            block.diagram = None
    block.real = "\n".join(parts)


def collect(pages, root, tools):
    blocks = []
    for page in pages:
        numbered = [t for t in code_blocks(root / page) if tools.runs(t)]
        blocks += [Block(page, n + 1, t) for n, t in enumerate(numbered)]
    return blocks


def run_all(pages, tools, root, out):
    """Runs every recorded block of these pages; returns the blocks with their real text."""
    (out / "diagrams").mkdir(parents=True, exist_ok=True)
    blocks = collect(pages, root, tools)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda b: run_block(b, tools, root, out), blocks))
    return blocks


def differences(blocks):
    """A unified diff for each block whose recorded output is not what the real run printed."""
    out = []
    for b in blocks:
        if compared(b) and normalised(b.text) != normalised(b.real):
            diff = difflib.unified_diff(b.text.split("\n"), b.real.split("\n"), "recorded", "real run", lineterm="")
            out.append(f"{b.name()}:\n" + "\n".join("  " + line for line in diff))
    return out


def write_table(blocks, path):
    """The table site.lua reads: SHA-1 of the recorded text, the file with the real text, the diagram."""
    rows = []
    for i, b in enumerate(blocks):
        real_file = path.parent / f"run-{i}.txt"
        real_file.write_text(b.real)
        rows.append(f"{sha1(b.text)}\t{real_file}\t{b.diagram or ''}\n")
    path.write_text("".join(rows))


def update_docs(blocks, root):
    """Writes the real outputs into the Markdown pages; returns the blocks it could not place."""
    unplaced = []
    for b in blocks:
        if not compared(b) or normalised(b.text) == normalised(b.real):
            continue
        md = root / b.page
        source = md.read_text()
        first = b.text.split("\n")[0]
        indent = next((line[:len(line) - len(line.lstrip())] for line in source.split("\n")
                       if line.strip() == first.strip()), "")
        indented = lambda t: "\n".join(indent + line if line else line for line in t.split("\n"))
        if source.count(indented(b.text)) != 1:
            unplaced.append(b.name())
            continue
        md.write_text(source.replace(indented(b.text), indented(b.real)))
    return unplaced
