#!/usr/bin/env python3
"""Money of many digits through the CLI: an amount whose exact value has 38 digits but whose text
at two places has more is printed in full (once printed as "" — a silent wrong answer), in a single
case, a batch with one and two jobs, explain and a CSV batch; a product past 38 digits is an error
for that case, never a value.

Takes: --edict BINARY. Ends with `N passed, M failed`."""
import json
import os
import shutil
import tempfile

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
run = command(a.edict)
check = Checks()

POLICY = """input m: money
input n: int
rule times: money = m * n
output times
"""
BIG = "99999999999999999999999999999999.99"  # 34 digits at scale 2
# BIG * 10^6 = 9999999999999999999999999999999999 * 10^4 (38 digits once the two fraction zeros
# go), shown to two places: 40 digits of text.
WANT = "99999999999999999999999999999999990000.00"

tmp = tempfile.mkdtemp()
try:
    policy = os.path.join(tmp, "policy.edict")
    with open(policy, "w", encoding="utf-8") as f:
        f.write(POLICY)
    one = os.path.join(tmp, "case.json")
    with open(one, "w", encoding="utf-8") as f:
        json.dump({"m": BIG, "n": 1000000}, f)
    r = run("eval", policy, "--input", one)
    check("one case: 38 digits shown to two places in full", r.returncode == 0 and
          json.loads(r.stdout or "{}") == {"times": WANT}, r)

    lines = [{"m": BIG, "n": 1000000}, {"m": "1765.43", "n": 3}, {"m": BIG, "n": 100000000},
             {"m": "-" + BIG, "n": 1000000}]
    text = "".join(json.dumps(c) + "\n" for c in lines)
    for jobs in ("1", "2"):
        r = run("eval", policy, "--input", "-", "--jobs", jobs, stdin=text)
        out = [json.loads(l) for l in r.stdout.splitlines()]
        check(f"batch, --jobs {jobs}: the long amount in full, a small one as before", len(out) == 4 and
              out[0] == {"times": WANT} and out[1] == {"times": "5296.29"} and
              out[3] == {"times": "-" + WANT}, r)
        check(f"batch, --jobs {jobs}: a product past 38 digits is an error for that case",
              len(out) == 4 and "times" not in out[2] and
              "more digits than a decimal can hold" in out[2].get("error", {}).get("message", ""), r)

    csv = os.path.join(tmp, "cases.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write(f"m,n\n{BIG},1000000\n")
    r = run("eval", policy, "--input", csv)
    check("CSV batch: the long amount in full", r.returncode == 0 and WANT in r.stdout, r)

    r = run("explain", policy, "--input", one, "--output", "times")
    check("explain shows the long amount, never an empty text", r.returncode == 0 and WANT in r.stdout
          and '""' not in r.stdout, r)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
check.finish()
