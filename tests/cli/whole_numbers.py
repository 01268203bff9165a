#!/usr/bin/env python3
"""Whole numbers from divisions and decimals through the CLI (issue 12 item 5): floor/ceil of a
negative quotient round toward −∞/+∞, division by zero and a quotient past int64 are errors for
that case (never a wrap), month + years is a month, and the compile errors that used to dead-end
(E0307 bare `/`, E0301 decimal where an int is wanted, E0309 month + days) show the way out.

Takes: --edict BINARY. Ends with `N passed, M failed`."""
import json
import os
import shutil
import tempfile

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
run = command(a.edict)
check = Checks()

POLICY = """input a: int
input b: int
input m: month
rule per_full: int = floor(a / b)
rule per_started: int = ceil(a / b)
rule nearest: int = to_int(a / b, half_even)
rule later: month = m + years(b)
rule number: int = month_number(m)
output per_full, per_started, nearest, later, number
"""
CASES = [
    ({"a": -7, "b": 2, "m": "2024-11"},
     {"per_full": -4, "per_started": -3, "nearest": -4, "later": "2026-11", "number": 11}),
    ({"a": 6, "b": 4, "m": "2024-01"},
     {"per_full": 1, "per_started": 2, "nearest": 2, "later": "2028-01", "number": 1}),
]


def compile_error(tmp, name, source):
    path = os.path.join(tmp, name + ".edict")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    return run("check", path)


tmp = tempfile.mkdtemp()
try:
    policy = os.path.join(tmp, "policy.edict")
    with open(policy, "w", encoding="utf-8") as f:
        f.write(POLICY)
    lines = "".join(json.dumps(c) + "\n" for c, _ in CASES)
    lines += json.dumps({"a": 7, "b": 0, "m": "2024-01"}) + "\n"
    lines += json.dumps({"a": -9223372036854775808, "b": -1, "m": "2024-01"}) + "\n"
    r = run("eval", policy, "--input", "-", stdin=lines)
    out = [json.loads(l) for l in r.stdout.splitlines()]
    for i, (_, want) in enumerate(CASES):
        check(f"case {i + 1}: floor/ceil toward −∞/+∞, month + years, month_number",
              len(out) > i and out[i] == want, r.stdout + r.stderr)
    check("division by zero is an error for that case, naming the rule",
          len(out) > 2 and "division by zero" in out[2].get("error", {}).get("message", "")
          and "`per_full`" in out[2]["error"]["message"], r.stdout)
    check("int64 min / -1 is an error, not a wrap",
          len(out) > 3 and "does not fit a 64-bit integer" in out[3].get("error", {}).get("message", ""), r.stdout)

    r = compile_error(tmp, "bare", "input n: int\nrule blocks: int = n / 4\n")
    check("E0307 for a bare `/` names floor and ceil",
          "error[E0307]" in r.stderr and "floor(a / b)" in r.stderr and "ceil(a / b)" in r.stderr, r.stderr)
    r = compile_error(tmp, "decimal", "input x: decimal\nrule whole: int = round(x, 0)\n")
    check("E0301 for a decimal where an int is wanted shows to_int and floor",
          "error[E0301]" in r.stderr and "to_int(x, down)" in r.stderr and "floor(x)" in r.stderr, r.stderr)
    r = compile_error(tmp, "monthdays", "input m: month\nrule later: month = m + 10 days\n")
    check("E0309 for month + days shows first_day(m) + n days",
          "error[E0309]" in r.stderr and "first_day(m) + 10 days" in r.stderr, r.stderr)
    r = compile_error(tmp, "mode", "input x: decimal\nrule whole: int = to_int(x)\n")
    check("to_int without a rounding mode is refused", "error[E0324]" in r.stderr, r.stderr)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
check.finish()
