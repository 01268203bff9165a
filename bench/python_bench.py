#!/usr/bin/env python3
"""The edict Python package against a vectorised NumPy implementation of the same contract
(bench/fujian_numpy.py, written as OpenFisca formulas are) and against the `edict` command, on
the Fujian cases of tests/oracle/gen_cases.py (issue 16, item 4; docs/python.md, "Throughput").

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python_bench.py --edict build/release/edict

First checks that the peer agrees with Edict on every distinct case (every output, and which cases
cannot be decided); then times, on --rows cases (--distinct generated ones, repeated), each way
of getting all 24 outputs, and prints cases/s with the ratio to the peer's compute. Each row is
one run, not a best-of: the figures move by ~10% between runs on a shared two-core machine."""
import argparse
import decimal
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "oracle"))
sys.path.insert(0, HERE)
import edict  # noqa: E402
import edict._core as core  # noqa: E402
import fujian_numpy as peer  # noqa: E402
import gen_cases  # noqa: E402
from edict._frame import add_frame, to_frame  # noqa: E402

POLICY = os.path.join(HERE, "..", "policies", "fujian", "2020-14")


def text_frame(cases, inputs):
    """Cells as `edict eval` reads CSV: text, None where absent."""
    def cell(v):
        return None if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v)
    names = [n for n in inputs if any(n in c for c in cases)]
    return pd.DataFrame({n: [cell(c.get(n)) for c in cases] for n in names}, dtype=object)


def typed_frame(text):
    """The same cases with typed columns: datetime64, monthly Periods, categories, bools, int64; money stays text."""
    out = text.copy()
    for n in peer.DATES:
        if n in out:
            out[n] = pd.to_datetime(out[n], format="%Y-%m-%d")
    for n in peer.MONTHS:
        out[n] = pd.PeriodIndex(out[n], freq="M")
    for n in peer.ENUMS:
        if n in out:
            out[n] = out[n].astype("category")
    for n in peer.BOOLS:
        out[n] = out[n].map({"true": True, "false": False})
        if not out[n].isna().any():
            out[n] = out[n].astype(bool)
    out["prepaid_months"] = out["prepaid_months"].astype("int64")
    return out


def repeat(frame, rows):
    reps = -(-rows // len(frame))
    return pd.concat([frame] * reps, ignore_index=True).iloc[:rows].reset_index(drop=True)


# ---- agreement ---------------------------------------------------------------------------------

def as_peer(name, column):
    """An Edict result column in the peer's representation."""
    if name in ("back_pay", "settlement_amount", "prepaid_monthly_pension"):
        return np.array([-1 if v is None else int(v * 100) for v in column], dtype=np.int64)
    if name == "settlement_direction":
        return column.cat.codes.to_numpy().astype(np.int8)
    if name == "appraisal_application_timely":
        return np.array([-1 if v is pd.NA else int(v) for v in column], dtype=np.int8)
    if isinstance(column.dtype, pd.PeriodDtype):
        return column.array.asi8.astype("datetime64[M]")
    if column.dtype.kind == "M":
        return column.to_numpy().astype("datetime64[D]")
    return column.to_numpy()


def check_agreement(policy, frame):
    ours = policy.evaluate_many(frame)
    theirs, undecided = peer.simulate(peer.Population.load(frame))
    decided = ours["error"].isna().to_numpy()
    problems = []
    if (decided == undecided).any():
        rows = np.nonzero(decided == undecided)[0]
        problems.append(f"{len(rows)} cases decided by one and not the other, e.g. row {rows[0]}: "
                        f"edict error {ours['error'][rows[0]]!r}, peer undecided {undecided[rows[0]]}")
    for name in policy.outputs:
        a, b = as_peer(name, ours[name])[decided], np.asarray(theirs[name])[decided]
        if name == "settlement_amount":
            null = as_peer("prepaid_monthly_pension", ours["prepaid_monthly_pension"])[decided] < 0
            a, b = np.where(null, 0, a), np.where(null, 0, b)
        same = (a == b) | (pd.isna(a) & pd.isna(b)) if a.dtype.kind == "M" else a == b
        if not np.all(same):
            i = np.nonzero(~same)[0][0]
            problems.append(f"{name}: {np.count_nonzero(~same)} cases differ, e.g. edict {a[i]} peer {b[i]}")
    return decided.sum(), problems


# ---- timing ------------------------------------------------------------------------------------

def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edict", required=True)
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--distinct", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    policy = edict.Policy(POLICY)
    lines = gen_cases.generate(6, a.distinct)
    cases = [{k: v for k, v in json.loads(line, parse_float=decimal.Decimal).items() if k in policy.inputs}
             for line in lines]
    text = text_frame(cases, policy.inputs)

    decided, problems = check_agreement(policy, text)
    print(f"agreement on {len(text)} distinct cases ({decided} decided): {'ok' if not problems else 'FAILED'}")
    for p in problems:
        print("  " + p)
    if problems:
        sys.exit(1)

    big_text = repeat(text, a.rows)
    big_typed = typed_frame(big_text)
    n = len(big_text)
    rows = []

    load_s, pop = timed(lambda: peer.Population.load(big_text))
    compute_s, _ = timed(lambda: peer.simulate(pop))
    rows.append(("numpy peer: formulas on typed columns (compute only)", compute_s))
    rows.append(("numpy peer: text columns -> typed columns (load)", load_s))
    rows.append(("numpy peer: load + compute", load_s + compute_s))

    def stages(frame, jobs, money):
        batch = core.Batch(policy._core)
        d, _ = timed(lambda: add_frame(batch, frame, policy._input_info, False))
        e, r = timed(lambda: batch.evaluate([], jobs, True, money == "str", 0))
        f, _ = timed(lambda: to_frame(r, frame.index))
        vm, objects = r["seconds"]
        return d, vm, e - vm, f

    for label, frame, jobs, money in (("typed columns", big_typed, 1, "str"),
                                      ("typed columns", big_typed, a.jobs, "str"),
                                      ("typed columns", big_typed, a.jobs, "decimal"),
                                      ("text columns", big_text, a.jobs, "decimal")):
        d, vm, objects, f = stages(frame, jobs, money)
        prefix = f"evaluate_many, {label}, jobs={jobs}, money={money}"
        rows.append((f"{prefix}: total", d + vm + objects + f))
        rows.append(("  decode cells into values (GIL held)", d))
        rows.append((f"  VM on {jobs} thread(s), outputs into arrays (GIL released)", vm))
        rows.append(("  Python objects for money, text (GIL held)", objects))
        rows.append(("  DataFrame assembly", f))

    wire = lines * (-(-n // len(lines)))
    wire = wire[:n]
    s, _ = timed(lambda: core.evaluate_json_lines(policy._core, wire, [], a.jobs))
    rows.append((f"per case through JSON text (the CLI's in-process path), jobs={a.jobs}", s))

    with tempfile.TemporaryDirectory() as work:
        jsonl = os.path.join(work, "cases.jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            f.write("\n".join(wire) + "\n")
        csv_path = os.path.join(work, "cases.csv")
        big_text.to_csv(csv_path, index=False)
        for label, path in (("JSON Lines", jsonl), ("CSV", csv_path)):
            s, r = timed(lambda: subprocess.run([a.edict, "eval", POLICY, "--input", path, "--jobs", str(a.jobs)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            rows.append((f"edict eval --jobs {a.jobs}, {label} file -> /dev/null", s))

    print(f"\n{n} cases, all {len(policy.outputs)} outputs; cases/s, and time relative to the numpy peer's compute")
    for label, seconds in rows:
        print(f"{label:<75} {seconds:8.2f} s {n / seconds:12,.0f}/s {seconds / compute_s:8.1f}x")


if __name__ == "__main__":
    main()
