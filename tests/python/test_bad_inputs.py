"""Every kind of bad Python input raises a clear exception or fills the case's error cells; none
crashes the interpreter or comes out as a silent wrong answer. Random cases built from a pool of
awkward values, for every input of the Fujian policy and of policies/examples/everything (lists,
records, text)."""
import datetime
import decimal
import random

import numpy as np
import pandas as pd
import pytest

import edict

AWKWARD = [
    None, float("nan"), float("inf"), -0.0, 1e300, 0.1, 3.0, True, False, 0, -1, 2**63, -(2**63) - 1, 10**40,
    "", " ", "true", "1960-01-10", "1960-02-30", "2020-05", "2020-13", "male", "1765.43", "1e5", "１２", "\udcff",
    "[1, 2", "{\"a\": 1}", "null", "x" * 10000,
    decimal.Decimal("1765.43"), decimal.Decimal("NaN"), decimal.Decimal("sNaN"), decimal.Decimal("Infinity"),
    decimal.Decimal("1E+999999"), decimal.Decimal("-0.00"), decimal.Decimal("1" * 60),
    datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(2020, 2, 29), datetime.datetime(2020, 1, 1, 0, 0, 1),
    pd.Timestamp("2020-01-10"), pd.Timestamp("2020-01-10 08:00", tz="UTC"), pd.NaT, pd.NA,
    pd.Period("2020-05", freq="M"), pd.Period("2020-05-01", freq="D"), pd.Timedelta(days=1),
    np.datetime64("NaT"), np.datetime64("2020-01-10"), np.int64(7), np.float32(1.5), np.bool_(True), np.str_("male"),
    [], [None], [1, [2, [3]]], ["2020-01-10", "2020-01-11"], {}, {"name": "x"}, {1: 2}, (1, 2), b"bytes",
    object(), edict, type, Ellipsis, complex(1, 2),
]


def nested(depth):
    v = []
    for _ in range(depth):
        v = [v]
    return v


AWKWARD += [nested(200), {"a": nested(100)}]


@pytest.mark.parametrize("policy_path", ["policies/fujian/2020-14", "policies/examples/everything"])
def test_awkward_values_never_crash(repo, policy_path):
    import os
    policy = edict.Policy(os.path.join(repo, policy_path))
    rng = random.Random(7)
    cases = []
    for _ in range(600):
        case = {}
        for name in policy.inputs:
            if rng.random() < 0.5:
                case[name] = rng.choice(AWKWARD)
        cases.append(case)
    frame = policy.evaluate_many(cases, jobs=2)
    assert len(frame) == len(cases)
    decided = frame["error"].isna()
    # a case with an output has no error; a case with an error has no output
    for name in policy.outputs:
        assert not (frame[name].notna() & ~decided).any(), name
    for case in cases[:200]:
        try:
            policy.evaluate(case)
        except edict.CaseError as e:
            assert e.message
        try:
            policy.explain(case)
        except (edict.CaseError, edict.UsageError) as e:
            assert str(e)
    # as DataFrame columns too (object columns of mixed values)
    table = pd.DataFrame({name: [c.get(name) for c in cases] for name in policy.inputs}, dtype=object)
    assert len(policy.evaluate_many(table)) == len(cases)
