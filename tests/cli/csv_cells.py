#!/usr/bin/env python3
"""CSV rows decoded straight into a case (tools/cli/csv_cases.cpp, CsvCaseDecoder): every kind of
cell of policies/examples/everything -- text, enum, date, money, decimal, list and record cells as
JSON, null, empty, ill-typed values, cells that are not UTF-8 or not JSON, rows too short or too
long -- gives the results and error rows recorded in csv_cells/expected*.csv (written by the
decoder this one replaced, which built a JSON object per row), with --jobs 1 and 2, and with
--allow-extra.

Takes: --edict PATH, run from the source tree."""
import argparse, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()
failed = 0
cases = os.path.join(HERE, "csv_cells", "cases.csv")
for extra, expected in (([], "expected.csv"), (["--allow-extra"], "expected-allow-extra.csv")):
    want = open(os.path.join(HERE, "csv_cells", expected), "rb").read()
    for jobs in ("1", "2"):
        r = subprocess.run([a.edict, "eval", "policies/examples/everything", "--input", cases, "--jobs", jobs] + extra,
                           capture_output=True)
        if r.returncode != 1 or r.stdout != want:  # 1: some rows failed, as recorded
            failed += 1
            print("FAIL: %s --jobs %s%s: exit %d\n--- got\n%s\n--- expected\n%s" % (
                cases, jobs, " " + " ".join(extra) if extra else "", r.returncode,
                r.stdout.decode(errors="replace"), want.decode(errors="replace")))
print("csv_cells: %s" % ("FAILED" if failed else "ok"))
sys.exit(1 if failed else 0)
