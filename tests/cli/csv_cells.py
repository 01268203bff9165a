#!/usr/bin/env python3
"""CSV rows decoded straight into a case (tools/cli/csv_cases.cpp, CsvCaseDecoder): every kind of
cell of policies/examples/everything -- text, enum, date, money, decimal, list and record cells as
JSON, null, empty, ill-typed values, cells that are not UTF-8 or not JSON, rows too short or too
long -- gives the results and error rows recorded in csv_cells/expected*.csv (written by the
decoder this one replaced, which built a JSON object per row), with --jobs 1 and 2, and with
--allow-extra. The rows again in reverse order (each after other rows, with more or fewer cells
than it) give the same rows reversed: a row sees nothing of the row decoded before it.

Takes: --edict PATH, run from the source tree."""
import os, subprocess, tempfile

from testlib import Checks, edict_parser

HERE = os.path.dirname(os.path.abspath(__file__))
a = edict_parser().parse_args()
check = Checks()
cases = os.path.join(HERE, "csv_cells", "cases.csv")
for extra, expected in (([], "expected.csv"), (["--allow-extra"], "expected-allow-extra.csv")):
    with open(os.path.join(HERE, "csv_cells", expected), "rb") as f:
        want = f.read()
    for jobs in ("1", "2"):
        # Bytes, not text: a cell that is not UTF-8 must come back as recorded, byte for byte.
        r = subprocess.run([a.edict, "eval", "policies/examples/everything", "--input", cases, "--jobs", jobs] + extra,
                           capture_output=True, timeout=120)
        check(f"{expected}: --jobs {jobs}{' ' + ' '.join(extra) if extra else ''} gives the recorded rows, exit 1",
              r.returncode == 1 and r.stdout == want,  # 1: some rows failed, as recorded
              f"exit {r.returncode}\n--- got\n{r.stdout.decode(errors='replace')}\n--- expected\n{want.decode(errors='replace')}")
# Rows split on line ends: cases.csv has no line break inside a cell.
with open(cases, "rb") as f:
    header, *rows = f.read().splitlines(keepends=True)
with open(os.path.join(HERE, "csv_cells", "expected.csv"), "rb") as f:
    want_header, *want_rows = f.read().splitlines(keepends=True)
with tempfile.TemporaryDirectory() as tmp:
    reversed_cases = os.path.join(tmp, "reversed.csv")
    with open(reversed_cases, "wb") as f:
        f.write(header + b"".join(reversed(rows)))
    r = subprocess.run([a.edict, "eval", "policies/examples/everything", "--input", reversed_cases, "--jobs", "1"],
                       capture_output=True, timeout=120)
    want = want_header + b"".join(reversed(want_rows))
    check("the rows in reverse order give the recorded rows reversed", r.returncode == 1 and r.stdout == want,
          f"exit {r.returncode}\n--- got\n{r.stdout.decode(errors='replace')}\n--- expected\n{want.decode(errors='replace')}")
check.finish()
