"""Policy.evaluate_many: DataFrames, lists and iterables of dicts; typed columns out; the error
columns; threads; the GIL released while the VM runs."""
import datetime
import decimal
import json
import threading
import time

import numpy as np
import pandas as pd
import pytest

import edict
import gen_cases
from wire import json_lines


def frame_of(cases):
    """A DataFrame as pandas builds it from JSON cases read as text: every cell a str (or None)."""
    names = sorted({k for c in cases for k in c})
    return pd.DataFrame({n: [None if c.get(n) is None else str(c[n]).lower() if isinstance(c.get(n), bool)
                             else str(c[n]) for c in cases] for n in names}, dtype=object)


def test_a_dataframe_of_the_public_examples_gives_the_contracts_outputs(fujian, examples):
    """One DataFrame per set of outputs the examples check (each example gives only the inputs
    its outputs need)."""
    groups = {}
    for e in examples:
        groups.setdefault(tuple(e["output"]), []).append(e)
    for outputs, group in groups.items():
        result = fujian.evaluate_many(frame_of([e["input"] for e in group]), list(outputs))
        assert len(result) == len(group)
        for i, e in enumerate(group):
            assert result["error"][i] is None, result["error"][i]
            got = json.loads(json_lines(result.iloc[[i]], list(outputs))[0])
            assert got == e["output"], (e["clause"], got, e["output"])


def test_columns_are_typed_and_money_is_never_a_float(fujian, examples):
    frame = frame_of([e["input"] for e in examples])
    r = fujian.evaluate_many(frame, ["retirement_date", "pension_start_month", "back_pay", "retirement_age",
                                     "benefit_suspended", "settlement_direction"])
    assert r["retirement_date"].dtype == "datetime64[ns]"
    assert isinstance(r["pension_start_month"].dtype, pd.PeriodDtype)
    assert r["back_pay"].dtype == object
    assert all(v is None or isinstance(v, decimal.Decimal) for v in r["back_pay"])
    assert r["retirement_age"].dtype == "Int64"
    assert r["benefit_suspended"].dtype == "boolean"
    assert isinstance(r["settlement_direction"].dtype, pd.CategoricalDtype)
    assert list(r["settlement_direction"].cat.categories) == ["supplement", "deduct", "none"]
    assert not any(r[c].dtype.kind == "f" for c in r.columns)
    s = fujian.evaluate_many(frame, ["back_pay"], money="str")
    assert all(v is None or isinstance(v, str) for v in s["back_pay"])


def test_typed_columns_give_what_text_columns_give(fujian):
    cases = [json.loads(line, parse_float=decimal.Decimal) for line in gen_cases.generate(11, 400)]
    text = frame_of(cases)
    typed = text.copy()
    for name in ("birth_date", "injury_date", "paid_on"):
        typed[name] = pd.to_datetime(text[name], format="%Y-%m-%d")
    typed["payment_month"] = pd.PeriodIndex(text["payment_month"], freq="M")
    typed["sex"] = text["sex"].astype("category")
    typed["prepaid_months"] = text["prepaid_months"].astype("int64")
    typed["infected"] = text["infected"].map({"true": True, "false": False}).astype(bool)
    typed["monthly_pension"] = [decimal.Decimal(v) for v in text["monthly_pension"]]
    a = fujian.evaluate_many(text)
    b = fujian.evaluate_many(typed)
    pd.testing.assert_frame_equal(a, b)
    # pandas' nullable dtypes, with gaps: Int64, boolean, string
    nullable = text.copy()
    nullable["prepaid_months"] = text["prepaid_months"].astype("Int64")
    nullable.loc[::7, "prepaid_months"] = pd.NA
    nullable["infected"] = text["infected"].map({"true": True, "false": False}).astype("boolean")
    nullable.loc[::5, "infected"] = pd.NA
    nullable["scheme"] = text["scheme"].astype("string")
    expected = text.copy()
    expected.loc[::7, "prepaid_months"] = None
    expected.loc[::5, "infected"] = None
    pd.testing.assert_frame_equal(fujian.evaluate_many(nullable), fujian.evaluate_many(expected))


def test_lists_iterables_and_dataframes_agree_and_the_index_is_kept(fujian):
    cases = [json.loads(line, parse_float=decimal.Decimal) for line in gen_cases.generate(12, 300, bad_rate=0.1)]
    pd.testing.assert_frame_equal(fujian.evaluate_many(cases), fujian.evaluate_many(iter(cases)))
    # A DataFrame of text cells (as read from CSV) gives what the JSON cases give.
    cases = [json.loads(line, parse_float=decimal.Decimal) for line in gen_cases.generate(12, 300)]
    frame = frame_of(cases)
    frame.index = pd.RangeIndex(1000, 1300)
    from_frame = fujian.evaluate_many(frame)
    assert list(from_frame.index) == list(range(1000, 1300))
    assert json_lines(from_frame, fujian.outputs) == json_lines(fujian.evaluate_many(cases), fujian.outputs)


def test_the_batch_equals_edict_eval_line_for_line(fujian, edict_bin, tmp_path):
    import subprocess
    lines = gen_cases.generate(13, 500, bad_rate=0.1)
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli = subprocess.run([edict_bin, "eval", fujian.path, "--input", str(path)], capture_output=True, text=True)
    ours = json_lines(fujian.evaluate_many([json.loads(line, parse_float=decimal.Decimal) for line in lines], jobs=2), fujian.outputs)
    # The one difference: how the option to ignore unknown keys is spelt.
    theirs = [line.replace("(use --allow-extra to", "(pass allow_extra=True to") for line in cli.stdout.splitlines()]
    assert len(theirs) == len(ours) == 500
    differ = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    assert not differ, differ[:3]


def test_failed_cases_fill_the_error_columns_and_leave_outputs_null(fujian):
    cases = [{"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee"},
             {"birth_date": "1960-02-30", "sex": "male", "scheme": "enterprise_employee"},
             {"sex": "male", "scheme": "enterprise_employee"},
             "not a dict",
             {"birth_dat": "1960-01-15"}]
    r = fujian.evaluate_many(cases, ["retirement_date", "retirement_age"])
    assert r["error"][0] is None and r["retirement_date"][0] == pd.Timestamp("2020-01-15")
    assert r["error_input"][1] == "birth_date" and "is not a date" in r["error"][1]
    assert r["error_input"][2] == "birth_date" and "missing input" in r["error"][2]
    assert r["error_input"][3] is None and "must be a dict" in r["error"][3]
    assert r["error_input"][4] == "birth_dat"
    assert r["retirement_date"][1:].isna().all() and r["retirement_age"][1:].isna().all()


def test_bad_batches_raise_instead_of_crashing(fujian):
    with pytest.raises(edict.CaseError, match="not an input"):
        fujian.evaluate_many(pd.DataFrame({"birth_dat": ["1960-01-15"]}))
    ignored = fujian.evaluate_many(pd.DataFrame({"birth_dat": ["1960-01-15"]}), ["retirement_age"], allow_extra=True)
    assert "missing input" in ignored["error"][0]
    with pytest.raises(edict.CaseError, match="given twice"):
        fujian.evaluate_many(pd.DataFrame([["1960-01-15", "1960-01-15"]], columns=["birth_date", "birth_date"]))
    with pytest.raises(edict.UsageError):
        fujian.evaluate_many([{}], ["nope"])
    for jobs in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError):
            fujian.evaluate_many([{}], jobs=jobs)
    with pytest.raises(TypeError):
        fujian.evaluate_many({"birth_date": "1960-01-15"})
    with pytest.raises(TypeError):
        fujian.evaluate_many(5)
    # money as a float column is refused per case, naming the input, not rounded
    r = fujian.evaluate_many(pd.DataFrame({"monthly_pension": [3125.6], "birth_date": ["1960-01-15"], "sex": ["male"],
                                           "scheme": ["enterprise_employee"], "first_payment_month": ["2020-05"]}),
                             ["back_pay"])
    assert r["error_input"][0] == "monthly_pension" and "binary float" in r["error"][0]
    empty = fujian.evaluate_many([], ["retirement_date", "back_pay"])
    assert len(empty) == 0 and list(empty.columns) == ["retirement_date", "back_pay", "error", "error_input"]


def test_threads_give_the_same_results_as_one(fujian):
    cases = [json.loads(line, parse_float=decimal.Decimal) for line in gen_cases.generate(14, 3000, bad_rate=0.05)]
    one = fujian.evaluate_many(cases, jobs=1)
    four = fujian.evaluate_many(cases, jobs=4)
    pd.testing.assert_frame_equal(one, four)


def test_the_gil_is_released_while_the_vm_runs(fujian):
    """Another Python thread keeps running while a batch evaluates. The batch is prepared (cells
    decoded under the GIL) before timing starts, so only the VM's part is measured."""
    cases = [json.loads(line, parse_float=decimal.Decimal) for line in gen_cases.generate(15, 2000)] * 25
    frame = pd.DataFrame(cases)
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    import edict._core as core
    batch = core.Batch(fujian._core)
    from edict._frame import add_frame
    add_frame(batch, frame, fujian._input_info, False)
    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.02)
    start = time.perf_counter()
    batch.evaluate([], 1, True, False, 0)  # every output of 50,000 cases: a few tenths of a second
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start <= x <= end]
    assert end - start > 0.05, "the batch was too quick to tell"
    # With the GIL held the ticker could not run at all while the VM ran.
    assert len(during) >= 0.05 * (end - start) / 0.001, (len(during), end - start)


def test_an_output_named_like_an_error_column_is_refused(tmp_path):
    (tmp_path / "p.edict").write_text("input x: int\n\nrule error: int = x + 1\n\noutput error\n", encoding="utf-8")
    policy = edict.Policy(tmp_path / "p.edict")
    assert policy.evaluate({"x": 1}) == {"error": 2}
    with pytest.raises(edict.UsageError, match="clashes"):
        policy.evaluate_many([{"x": 1}])
