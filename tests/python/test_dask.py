"""edict.dask.evaluate on a LocalCluster of two worker processes: 100,000 cases read from
partitioned CSV give, byte for byte once formatted as CSV, what `edict eval` prints for the same
cases; and each worker loads the policy's artifact once, not once per partition."""
import csv
import decimal
import json
import subprocess

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import edict  # noqa: E402
import edict.dask  # noqa: E402
import gen_cases  # noqa: E402
from wire import csv_text  # noqa: E402

PARTS = 8
DISTINCT, REPEAT = 5000, 20  # 100,000 cases; gen_cases makes ~2,500 a second, so distinct ones are repeated


def write_cases(policy, folder):
    cases = [json.loads(line, parse_float=decimal.Decimal) for line in gen_cases.generate(16, DISTINCT, bad_rate=0.05)]
    cases = cases * REPEAT
    # Columns are the policy's inputs (a misspelled key of a bad case would be a column of its own).
    names = [n for n in policy.inputs if any(n in c for c in cases[:DISTINCT])]

    def cell(v):
        return "" if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v)

    rows = [[cell(c.get(n)) for n in names] for c in cases]
    with open(folder / "all.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
    per = len(rows) // PARTS
    for p in range(PARTS):
        with open(folder / f"cases-{p}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(names)
            w.writerows(rows[p * per:(p + 1) * per])
    return len(rows)


def test_local_cluster_equals_edict_eval_and_loads_once_per_worker(fujian, edict_bin, tmp_path):
    n = write_cases(fujian, tmp_path)
    assert n == 100000
    cli = subprocess.run([edict_bin, "eval", fujian.path, "--input", str(tmp_path / "all.csv"), "--jobs", "2"],
                         capture_output=True, text=True)
    assert cli.returncode in (0, 1), cli.stderr

    cases = dd.read_csv(str(tmp_path / "cases-*.csv"), dtype=str, keep_default_na=False, na_values=[""])
    assert cases.npartitions >= PARTS
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        results = edict.dask.evaluate(cases, fujian, fujian.outputs)
        frame = results.compute()
        loads = client.run(edict.dask.load_count)
    assert len(frame) == n
    assert csv_text(frame, fujian.outputs) == cli.stdout
    # Each worker process loaded the artifact at most once although it evaluated several partitions.
    assert len(loads) == 2 and all(v <= 1 for v in loads.values()) and sum(loads.values()) >= 1, loads
    assert frame["error"].notna().sum() > 0  # the bad cases are there, and reported as the CLI reports them


def test_evaluate_takes_a_path_and_keeps_partitions(tmp_path, fujian):
    import pandas as pd
    frame = pd.DataFrame({"birth_date": ["1960-01-15", "1970-01-31", None, "1960-02-30"],
                          "sex": ["male", "female", "male", "male"],
                          "scheme": ["enterprise_employee"] * 4,
                          "female_position": [None, "worker", None, None]})
    ddf = dd.from_pandas(frame, npartitions=2)
    out = edict.dask.evaluate(ddf, fujian.path, ["retirement_date"]).compute(scheduler="sync")
    assert list(out["retirement_date"].astype(str)[:2]) == ["2020-01-15", "2020-01-31"]
    assert list(out["error_input"][2:]) == ["birth_date", "birth_date"]
