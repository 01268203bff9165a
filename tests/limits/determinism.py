#!/usr/bin/env python3
"""Determinism of Edict's output (issue 6, item 8).

Takes in
    --edict PATH   the edict binary
Produces
    one line per check and a last line "N passed, M failed"; exit 1 when any failed. Checks:
    a batch of 5,000 generated Fujian cases (5 % with a deliberate fault, so error lines are
    covered too) gives byte-identical output for --jobs 1, --jobs 2 and --jobs 2 again, and the
    same exit status; the artifact written by `edict build` and the listing printed by
    `edict disasm` are byte-identical run to run.
"""

import hashlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "oracle"))
import gen_cases  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "cli"))
from testlib import Checks, edict_parser  # noqa: E402

POLICY = "policies/fujian/2020-14"
check = Checks()


def main():
    e = edict_parser().parse_args().edict
    with tempfile.TemporaryDirectory() as tmp:
        cases = os.path.join(tmp, "cases.jsonl")
        with open(cases, "w") as f:
            f.write("\n".join(gen_cases.generate(8, 5000, bad_rate=0.05)) + "\n")
        runs = []
        for jobs in ("1", "2", "2"):
            p = subprocess.run([e, "eval", POLICY, "--input", cases, "--jobs", jobs], capture_output=True, timeout=600)
            runs.append((jobs, p.returncode, p.stdout))
        base = runs[0]
        lines = base[2].count(b"\n")
        check("batch has one line per case", lines == 5000, "%d lines" % lines)
        for jobs, rc, out in runs[1:]:
            check("--jobs %s output is byte-identical to --jobs 1" % jobs, out == base[2] and rc == base[1],
                  "sha256 %s vs %s, exit %d vs %d" % (hashlib.sha256(out).hexdigest()[:16],
                                                      hashlib.sha256(base[2]).hexdigest()[:16], rc, base[1]))
        arts = []
        for i in range(2):
            path = os.path.join(tmp, "p%d.edictc" % i)
            subprocess.run([e, "build", "-q", POLICY, "-o", path], check=True, timeout=120)
            with open(path, "rb") as f:
                arts.append(f.read())
        check("edict build writes identical bytes run to run", arts[0] == arts[1] and len(arts[0]) > 0)
        dis = [subprocess.run([e, "disasm", POLICY], capture_output=True, timeout=120).stdout for _ in range(2)]
        check("edict disasm prints identical bytes run to run", dis[0] == dis[1] and len(dis[0]) > 0)


if __name__ == "__main__":
    check.run_to_end(main)
