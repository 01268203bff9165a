#!/usr/bin/env python3
"""Tests the docs runner itself: fixtures/pass.md must pass (every kind of block and marker), and
fixtures/fail.md must fail with a unified diff naming file:line, a skip without a reason refused and
a snippet that differs from its file; --update must rewrite the failing expectation, and a command
that hangs must be named and stopped. Takes: --edict (passed on to the runner). Exit 1 on a problem.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(edict, fixture, *flags):
    path = fixture if os.path.isabs(fixture) else os.path.join(HERE, "fixtures", fixture)
    r = subprocess.run([sys.executable, os.path.join(HERE, "doctest_md.py"), "--edict", edict, *flags, path],
                       capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


def check_update_and_timeout(edict, problems):
    """--update rewrites a failing expectation; a command that hangs is named and stopped."""
    with tempfile.TemporaryDirectory() as work:
        copy = os.path.join(work, "fail.md")
        shutil.copy(os.path.join(HERE, "fixtures", "fail.md"), copy)
        run(edict, copy, "--update")
        with open(copy, encoding="utf-8") as f:
            if "$ echo actual output\nactual output\n" not in f.read():
                problems.append("--update did not rewrite the expected output of `echo actual output`")
        hang = os.path.join(work, "hang.md")
        with open(hang, "w", encoding="utf-8") as f:
            f.write("```\n$ echo before\nbefore\n$ sleep 600\n$ echo after\nafter\n```\n")
        code, out = run(edict, hang, "--timeout", "2")
        if code != 1 or "hang.md:4: $ sleep 600 (still running after 2 s: timed out)" not in out:
            problems.append(f"a hanging command should be named and stopped after 2 s (exit {code}):\n{out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edict", required=True)
    a = ap.parse_args()
    problems = []
    code, out = run(a.edict, "pass.md")
    if code != 0 or "tests/docs/fixtures/pass.md: 6 blocks ran (10 commands), 1 skipped, 0 failed" not in out:
        problems.append(f"pass.md should pass with 6 blocks run and 1 skipped (exit {code}):\n{out}")
    code, out = run(a.edict, "fail.md")
    wanted = ["FAIL tests/docs/fixtures/fail.md:4: $ echo actual output",
              "--- expected (tests/docs/fixtures/fail.md:5)", "+++ actual", "-expected output", "+actual output",
              "FAIL tests/docs/fixtures/fail.md:10: `doctest: skip` without a reason",
              "FAIL tests/docs/fixtures/fail.md:15: the block differs from tests/docs/fixtures/snippet.txt",
              "tests/docs/fixtures/fail.md: 2 blocks ran (2 commands), 0 skipped, 3 failed"]
    missing = [w for w in wanted if w not in out]
    if code != 1 or missing:
        problems.append(f"fail.md should fail (exit 1, got {code}) and print {missing}:\n{out}")
    check_update_and_timeout(a.edict, problems)
    for p in problems:
        print("FAIL " + p)
    print("doctest runner self-test: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
