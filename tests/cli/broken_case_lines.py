#!/usr/bin/env python3
"""Issue 11: tests/*.jsonl lines that check nothing are errors, not silent passes. In a copy of
the tutorial's policy, one line has `"output": {}`, one names clause §九.9 (the notice has no such
clause). Before that, money written "0.0" where the rule gives 0.00 passes `edict test` and the
mutation baseline alike (one comparison, by value). `edict check` exits 1 naming each broken line;
`edict test` fails exactly those two; `check --coverage` fails too. Prints "N passed, M failed".
"""
import json
import os
import shutil
import tempfile

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
ROOT = os.getcwd()
run = command(a.edict, env=dict(os.environ, EDICT_PATH=f"{ROOT}/policies:{ROOT}"))
checks = Checks(quiet=True)


def check(ok, what, r=""):
    checks(what, ok, r)


tmp = tempfile.mkdtemp(prefix="edict-broken-cases-")
try:
    policy = os.path.join(tmp, "fujian-mini")
    shutil.copytree("docs/tutorial/fujian-mini", policy)
    cases = os.path.join(policy, "tests", "boundaries.jsonl")
    with open(cases, encoding="utf-8") as f:
        first = json.loads(f.readline())
        n = 1 + sum(1 for line in f if line.strip())
    with open(cases, encoding="utf-8") as f:
        text = f.read()
    assert '"back_pay": "0.00"' in text
    with open(cases, "w", encoding="utf-8") as f:
        f.write(text.replace('"back_pay": "0.00"', '"back_pay": "0.0"'))
    r = run("check", policy)
    check(r.returncode == 0 and r.stdout.startswith("ok:"), "the copy checks clean before the change", r)
    r = run("test", policy)
    check(r.returncode == 0 and " passed, 0 failed" in r.stdout, "0.0 equals 0.00 for edict test", r)
    r = run("test", "--mutate", policy)
    check("fail before mutating" not in r.stdout, "0.0 equals 0.00 for the mutation baseline", r)

    empty = dict(first, output={})
    unknown = dict(first, clause="九.9")
    with open(cases, "a", encoding="utf-8") as f:
        f.write(json.dumps(empty, ensure_ascii=False) + "\n")
        f.write(json.dumps(unknown, ensure_ascii=False) + "\n")
    where_empty, where_unknown = f"{cases}:{n + 1}", f"{cases}:{n + 2}"

    r = run("check", policy)
    check(r.returncode == 1, "check fails on the broken lines", r)
    check(f'{where_empty}: error: "output" is empty: the line checks nothing' in r.stderr,
          "check names the line with an empty output", r)
    check(f"{where_unknown}: error: clause §九.9 is not a clause of notice" in r.stderr,
          "check names the line with a clause the notice does not have", r)
    check("ok:" not in r.stdout, "check does not say ok", r)

    r = run("check", policy, "--coverage", "--format", "json")
    check(r.returncode == 1 and "error:" in r.stderr, "check --coverage fails too", r)

    r = run("test", policy)
    check(r.returncode == 1 and "2 failed" in r.stdout, "edict test fails exactly the two lines", r)
    check('"output" is empty: the line checks nothing' in r.stdout and "clause §九.9 is not a clause" in r.stdout,
          "edict test says why", r)

    r = run("test", "--mutate", policy)
    check(r.returncode == 1 and "2 tests fail before mutating" in r.stdout,
          "the mutation check refuses on the same two lines", r)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
checks.finish()
