#!/usr/bin/env python3
"""scripts/site/recorded_runs.py on a page of its own: a recorded run that is what racestress
prints passes, one that is not is reported with a diff, --update-docs writes the real output in,
a `# not compared:` command is shown but not compared, and play gets its diagram. A racecheck
block is run with the racecheck given (here a stand-in script that prints its arguments, so the
test needs no checker build) in place of build/tool/racecheck and its build folder in place of
`-p build`, and is left as recorded when there is no racecheck; a TSan block likewise with a TSan
build's racestress.

    RACESTRESS=build/runtime/racestress/racestress tests/site/recorded_runs_test.py
"""
import os
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "site"))
import recorded_runs  # noqa: E402

RACESTRESS = os.environ.get("RACESTRESS", str(ROOT / "build/runtime/racestress/racestress"))
PLAY = '$ racestress play lost_update/buggy --steps "A.read B.read A.write B.write" --increments 1'


class RecordedRunsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="recorded-runs-test-")
        self.root = Path(self.dir.name)
        (self.root / "docs").mkdir()
        self.out = self.root / "site"
        self.tools = recorded_runs.Tools(RACESTRESS)

    def tearDown(self):
        self.dir.cleanup()

    def page(self, *blocks):
        text = "# a page\n\n" + "".join(f"```\n{b}\n```\n\n" for b in blocks)
        (self.root / "docs/page.md").write_text(text)
        return recorded_runs.run_all(["docs/page.md"], self.tools, self.root, self.out)

    def real_play(self):
        return self.page(PLAY + "\n(whatever)")[0].real

    def test_a_true_record_passes_and_play_gets_its_diagram(self):
        blocks = self.page(self.real_play())
        self.assertEqual(recorded_runs.differences(blocks), [])
        self.assertTrue(blocks[0].diagram)
        self.assertIn("<svg", (self.out / blocks[0].diagram).read_text())

    def test_a_wrong_record_is_reported_and_update_docs_fixes_it(self):
        wrong = self.real_play().replace("counter is 1, expected 2", "counter is 2, expected 2")
        blocks = self.page(wrong)
        diffs = recorded_runs.differences(blocks)
        self.assertEqual(len(diffs), 1)
        self.assertIn("-the invariant broke: counter is 2, expected 2", diffs[0])
        self.assertIn("+the invariant broke: counter is 1, expected 2", diffs[0])
        self.assertEqual(recorded_runs.update_docs(blocks, self.root), [])
        self.assertIn("counter is 1, expected 2", (self.root / "docs/page.md").read_text())
        self.assertEqual(recorded_runs.differences(recorded_runs.run_all(["docs/page.md"], self.tools, self.root,
                                                                         self.out)), [])

    def test_durations_are_not_compared_but_everything_else_is(self):
        self.assertEqual(recorded_runs.normalised("in 0.250 s (4001 runs/s), after 0.0160 s"),
                         recorded_runs.normalised("in 1.5 s (12 runs/s), after 3 s"))
        self.assertNotEqual(recorded_runs.normalised("488 failing"), recorded_runs.normalised("487 failing"))

    def test_not_compared_is_shown_but_not_compared(self):
        blocks = self.page(PLAY + "  # not compared: a test\nanything at all")
        self.assertEqual(recorded_runs.differences(blocks), [])
        self.assertIn("the invariant broke", blocks[0].real)

    def stand_in_racecheck(self):
        """A racecheck that prints its arguments, one a line, and exits 1 as a real one with findings does."""
        path = self.root / "fake-racecheck"
        path.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\necho "racecheck: 1 finding(s) in 1 file(s)" >&2\nexit 1\n')
        path.chmod(0o755)
        return str(path)

    def test_a_racecheck_block_is_run_with_the_build_racecheck(self):
        self.tools = recorded_runs.Tools(RACESTRESS, self.stand_in_racecheck(), "/the/build")
        command = "$ build/tool/racecheck -p build examples/x.cpp"
        right = command + "\n-p\n/the/build\nexamples/x.cpp\nracecheck: 1 finding(s) in 1 file(s)"
        blocks = self.page(right)
        self.assertEqual(len(blocks), 1)
        self.assertEqual(recorded_runs.differences(blocks), [])
        wrong = self.page(command + "\n-p\nbuild\nexamples/x.cpp\nracecheck: 1 finding(s) in 1 file(s)")
        self.assertIn("+/the/build", recorded_runs.differences(wrong)[0])

    def test_a_tsan_block_is_run_with_the_tsan_racestress_and_the_racecheck(self):
        stand_in = self.stand_in_racecheck()  # prints its arguments: here as the TSan racestress
        command = ("$ build-tsan/runtime/racestress/racestress run x --racecheck build/tool/racecheck -p build"
                   " 2>/dev/null | cat")
        self.tools = recorded_runs.Tools(RACESTRESS, None, None, stand_in)
        self.assertEqual(self.page(command + "\nold"), [], "it names racecheck, and there is none")
        self.tools = recorded_runs.Tools(RACESTRESS, "/the/racecheck", "/the/build", stand_in)
        blocks = self.page(command + "\nold")
        self.assertEqual(blocks[0].real, command + "\nrun\nx\n--racecheck\n/the/racecheck\n-p\n/the/build")

    def test_without_racecheck_its_block_stays_recorded(self):
        self.assertEqual(self.page("$ build/tool/racecheck -p build examples/x.cpp\nwhatever it said"), [])


if __name__ == "__main__":
    unittest.main()
