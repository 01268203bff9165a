#!/usr/bin/env python3
"""edict.dask.evaluate on a LocalCluster of two worker processes against `edict eval --jobs 2` and
evaluate_many (jobs=2) on the same CSV cases (docs/python.md, "Throughput").

    PYTHONPATH=build/release/python /usr/bin/python3 bench/dask_bench.py --edict build/release/edict --rows 1000000

The cluster is started before timing (workers take a few seconds to start); the Dask figure covers
reading the CSV partitions, evaluating, and bringing the result back to the client (.compute())."""
import argparse
import decimal
import json
import os
import subprocess
import sys
import tempfile
import time

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import python_bench as pb  # noqa: E402
import edict  # noqa: E402
import edict.dask  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edict", required=True)
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--distinct", type=int, default=10000)
    ap.add_argument("--partitions", type=int, default=16)
    a = ap.parse_args()
    import dask.dataframe as dd
    import distributed
    policy = edict.Policy(pb.POLICY)
    cases = [{k: v for k, v in json.loads(line, parse_float=decimal.Decimal).items() if k in policy.inputs}
             for line in pb.gen_cases.generate(6, a.distinct)]
    frame = pb.repeat(pb.text_frame(cases, policy.inputs), a.rows)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        per = -(-len(frame) // a.partitions)
        for p in range(a.partitions):
            frame.iloc[p * per:(p + 1) * per].to_csv(os.path.join(work, f"cases-{p:02}.csv"), index=False)
        whole = os.path.join(work, "all.csv")
        frame.to_csv(whole, index=False)

        t = time.perf_counter()
        subprocess.run([a.edict, "eval", pb.POLICY, "--input", whole, "--jobs", "2"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        rows.append(("edict eval --jobs 2, one CSV file -> /dev/null", time.perf_counter() - t))

        t = time.perf_counter()
        local = pd.read_csv(whole, dtype=str, keep_default_na=False, na_values=[""])
        policy.evaluate_many(local, jobs=2)
        rows.append(("pandas.read_csv + evaluate_many(jobs=2), one process", time.perf_counter() - t))

        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster):
            ddf = dd.read_csv(os.path.join(work, "cases-*.csv"), dtype=str, keep_default_na=False, na_values=[""])
            t = time.perf_counter()
            out = edict.dask.evaluate(ddf, policy).compute()
            rows.append((f"edict.dask.evaluate, LocalCluster 2 workers x 1 thread, {ddf.npartitions} partitions",
                         time.perf_counter() - t))
            assert len(out) == len(frame)
    print(f"{len(frame)} cases, all {len(policy.outputs)} outputs")
    for label, seconds in rows:
        print(f"{label:<80} {seconds:7.2f} s {len(frame) / seconds:10,.0f}/s")


if __name__ == "__main__":
    main()
