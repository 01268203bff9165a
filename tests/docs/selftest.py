#!/usr/bin/env python3
"""Tests the docs runner itself: fixtures/pass.md must pass (every kind of block and marker), and
fixtures/fail.md must fail with a unified diff naming file:line, a skip without a reason refused and
a snippet that differs from its file. Takes: --edict (passed on to the runner). Exit 1 on a problem.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(edict, fixture):
    r = subprocess.run([sys.executable, os.path.join(HERE, "doctest_md.py"), "--edict", edict,
                        os.path.join(HERE, "fixtures", fixture)], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


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
    for p in problems:
        print("FAIL " + p)
    print("doctest runner self-test: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
