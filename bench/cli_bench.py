#!/usr/bin/env python3
"""The `edict` command timed as users run it (part of the `bench` target).

Takes in
    --edict PATH     the edict binary
    --work DIR       where to write the generated case files (reused between runs)
    [--policy DIR]   default policies/fujian/2020-14 (run from the source tree)
    [--max N]        the largest batch, default 1000000
    [--jobs J]       worker threads for batches, default 2 (falls back to 1 if --jobs is unknown)
Produces
    the wall time of one case through `edict eval` (median and best of 21 runs), and for batches
    of 10^3 .. N cases (JSONL in, every output JSONL out to a file) the wall time, cases per
    second and the child's peak RSS, with the 100,000 cases/s and 20 ms targets marked met or
    MISSED. Case files are 10,000 distinct gen_cases.py cases repeated.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "oracle"))
import gen_cases  # noqa: E402

OUTPUTS = ("benefit_suspended,retirement_date,pension_start_month,back_pay_months,back_pay,"
           "prepaid_monthly_pension,settlement_amount,settlement_direction")


def run(cmd, stdout):
    """Runs cmd; returns (wall seconds, peak RSS in MiB, exit status)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    return wall, usage.ru_maxrss / 1024.0, p.returncode, err


def case_file(work, n, base):
    path = os.path.join(work, "cases-%d.jsonl" % n)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        with open(path + ".tmp", "w") as f:
            full, rest = divmod(n, len(base))
            block = "\n".join(base) + "\n"
            for _ in range(full):
                f.write(block)
            if rest:
                f.write("\n".join(base[:rest]) + "\n")
        os.replace(path + ".tmp", path)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edict", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--policy", default="policies/fujian/2020-14")
    ap.add_argument("--max", type=int, default=1000000)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)

    # One case, the README's command.
    single = [a.edict, "eval", a.policy, "--input", os.path.join(a.policy, "examples", "case.json"),
              "--output", OUTPUTS]
    walls = []
    for _ in range(21):
        wall, rss, rc, err = run(single, subprocess.DEVNULL)
        if rc != 0:
            sys.exit("cli_bench: single case failed: " + err)
        walls.append(wall)
    med = statistics.median(walls)
    print("CLI, Fujian policy, one case: median %.1f ms, best %.1f ms, peak RSS %.1f MiB  (target < 20 ms: %s)"
          % (med * 1e3, min(walls) * 1e3, rss, "met" if med < 0.020 else "MISSED"))

    help_text = subprocess.run([a.edict, "eval", "--help"], capture_output=True, text=True).stdout
    jobs = ["--jobs", str(a.jobs)] if "--jobs" in help_text and a.jobs > 1 else []
    base = gen_cases.generate(6, 10000)
    out_path = os.path.join(a.work, "out.jsonl")
    print("\nBatch, every output, JSONL in -> JSONL out (%s):" % (" ".join(jobs) or "one thread"))
    print("%10s %10s %14s %14s %12s" % ("cases", "wall s", "cases/s", "us/case", "peak RSS MiB"))
    n = 1000
    rates = {}
    while n <= a.max:
        path = case_file(a.work, n, base)
        with open(out_path, "wb") as out:
            wall, rss, rc, err = run([a.edict, "eval", a.policy, "--input", path] + jobs, out)
        if rc not in (0, 1):
            sys.exit("cli_bench: batch of %d failed (%d): %s" % (n, rc, err))
        with open(out_path, "rb") as out:
            lines = sum(1 for _ in out)
        if lines != n:
            sys.exit("cli_bench: batch of %d printed %d lines" % (n, lines))
        rates[n] = n / wall
        print("%10d %10.3f %14.0f %14.2f %12.1f" % (n, wall, n / wall, wall / n * 1e6, rss))
        n *= 10
    best = max(rates.get(100000, 0), rates.get(1000000, 0))
    print("target: batch >= 100,000 cases/s: %.0f cases/s  %s" % (best, "met" if best >= 100000 else "MISSED"))
    os.remove(out_path)


if __name__ == "__main__":
    main()
