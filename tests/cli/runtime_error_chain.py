"""A runtime error keeps the chain of rules being evaluated (issue 10, item 4): the rule asked for,
then each rule it was computing for, down to the one that failed, with the place in the source —
"missing input `start` (date), while computing `late` ← `overdue_days` ← `end` (p.edict:3:…)" — in
every command that evaluates: `edict eval` (one case on stderr, a JSON Lines case as its error
line), `edict explain` (text and the JSON trace) and `edict test` (a test declaration and a case
line whose evaluation fails). The C++ API's EvalError is checked in tests/api/api_test.cpp, the
service and Python in docs/service.md and docs/python.md (doctests). Ends with `N passed, M failed`."""
import json, os, shutil, tempfile

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
edict = command(a.edict)
check = Checks()

POLICY = """input start: date
input months: int
rule end: date = add_months(start, months)
rule overdue_days: int = days_between(end, 2020-01-01)
rule late: bool = overdue_days > 0
output late
"""
TESTS = """test "start missing"
  given months = 3
  expect late = false
"""


def main():
    tmp = tempfile.mkdtemp(prefix="edict-chain-")
    try:
        policy = os.path.join(tmp, "p")
        os.makedirs(os.path.join(policy, "tests"))
        with open(os.path.join(policy, "p.edict"), "w", encoding="utf-8") as f:
            f.write(POLICY)
        with open(os.path.join(policy, "tests", "t.edict"), "w", encoding="utf-8") as f:
            f.write(TESTS)
        with open(os.path.join(policy, "tests", "cases.jsonl"), "w", encoding="utf-8") as f:
            f.write('{"input": {"months": 3}, "output": {"late": false}}\n')
        case = os.path.join(tmp, "case.json")
        with open(case, "w", encoding="utf-8") as f:
            f.write('{"months": 3}')
        where = os.path.join(policy, "p.edict") + ":3:"
        chain = "missing input `start` (date), while computing `late` ← `overdue_days` ← `end` (" + where

        r = edict("eval", policy, "--input", case)
        check("eval, one case: the chain on stderr, exit 1", r.returncode == 1 and "error: " + chain in r.stderr, r)
        r = edict("eval", policy, "--input", "-", stdin='{"months": 3}\n{"start": "2019-01-01", "months": 3}\n')
        lines = r.stdout.splitlines()
        check("eval, JSON Lines: the case's error line has the chain, the next case its answer",
              r.returncode == 1 and len(lines) == 2 and chain in json.loads(lines[0])["error"]["message"]
              and json.loads(lines[1]) == {"late": True}, r)

        r = edict("explain", policy, "--input", case)
        check("explain: the tree up to the failure, the chain on stderr, exit 1",
              r.returncode == 1 and "late = (not evaluated)" in r.stdout and "error: " + chain in r.stderr, r)
        r = edict("explain", policy, "--input", case, "--format", "json")
        trace = json.loads(r.stdout) if r.stdout.startswith("{") else {}
        check("explain --format json: the error's message has the chain",
              r.returncode == 1 and chain in trace.get("error", {}).get("message", "")
              and trace["error"].get("input") == "start", r)

        r = edict("test", policy)
        check("test: a declaration whose evaluation fails shows the chain",
              r.returncode == 1 and "late: expected false, but evaluation failed: " + chain in r.stdout, r)
        check("test: a case line whose evaluation fails shows the chain",
              "evaluation failed: " + chain in r.stdout.split("cases.jsonl", 1)[-1] and "0 passed, 2 failed" in r.stdout, r)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


check.run_to_end(main)
