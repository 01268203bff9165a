"""edict.Policy: loading, what it takes and gives, one case at a time, and the errors."""
import datetime
import decimal
import os

import pytest

import edict

CASE = {"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee",
        "monthly_pension": "3125.60", "first_payment_month": "2020-05"}
PENSION = ["retirement_age", "retirement_date", "pension_start_month", "back_pay_months", "back_pay"]


def test_outputs_and_inputs_are_the_policys(fujian):
    assert "retirement_date" in fujian.outputs and "benefit_suspended" in fujian.outputs
    assert "birth_date" in fujian.inputs and "epidemic_end" in fujian.inputs
    assert fujian.output_info("back_pay")["type"]["kind"] == "money"
    assert fujian.input_info("sex")["type"]["cases"] == ["male", "female"]
    assert set(fujian.inputs_for(["retirement_date"])) >= {"birth_date", "sex", "scheme"}


def test_schema_is_the_json_schema_of_the_cpp_api(fujian):
    s = fujian.schema(["retirement_date"])
    assert s["input"]["$schema"].startswith("https://json-schema.org/draft/2020-12")
    assert "birth_date" in s["input"]["properties"]
    assert list(s["output"]["properties"]) == ["retirement_date"]


def test_evaluate_gives_typed_python_values(fujian):
    r = fujian.evaluate(CASE, outputs=PENSION)
    assert r == {"retirement_age": 60, "retirement_date": datetime.date(2020, 1, 15), "pension_start_month": "2020-02",
                 "back_pay_months": 3, "back_pay": decimal.Decimal("9376.80")}
    assert str(r["back_pay"]) == "9376.80"
    assert fujian.evaluate(CASE, outputs="back_pay", money="str") == {"back_pay": "9376.80"}


def test_python_values_are_taken_as_inputs(fujian):
    case = dict(CASE, birth_date=datetime.date(1960, 1, 15), monthly_pension=decimal.Decimal("3125.60"))
    assert fujian.evaluate(case, outputs=PENSION) == fujian.evaluate(CASE, outputs=PENSION)
    case = dict(CASE, monthly_pension=3125)  # an int is exact money
    assert fujian.evaluate(case, outputs="back_pay")["back_pay"] == decimal.Decimal("9375.00")


def test_a_missing_input_raises_case_error_naming_it(fujian):
    case = dict(CASE)
    del case["birth_date"]
    with pytest.raises(edict.CaseError) as e:
        fujian.evaluate(case, outputs=["retirement_date"])
    assert e.value.input == "birth_date"
    assert "missing input `birth_date`" in str(e.value)
    assert "retirement_date" in e.value.message  # the rule chain


@pytest.mark.parametrize("key,value,says", [
    ("birth_date", "1960-02-30", "is not a date"),
    ("birth_date", datetime.datetime(1960, 1, 15, 12, 30), "has a time of day"),
    ("sex", "other", "is not one of: male, female"),
    ("monthly_pension", 3125.6, "is a binary float"),
    ("monthly_pension", decimal.Decimal("NaN"), "not a number"),
    ("monthly_pension", object(), "is not a value any input takes"),
    ("first_payment_month", "2020-13", "is not a month"),
    ("birth_date", ["nested", {"x": 1}], "must be date"),
])
def test_an_ill_typed_input_raises_case_error_naming_it(fujian, key, value, says):
    with pytest.raises(edict.CaseError) as e:
        fujian.evaluate(dict(CASE, **{key: value}), outputs=PENSION)
    assert e.value.input == key
    assert says in e.value.message


def test_an_unknown_key_is_refused_unless_allowed(fujian):
    with pytest.raises(edict.CaseError) as e:
        fujian.evaluate(dict(CASE, birth_dat="1960-01-15"), outputs=PENSION)
    assert e.value.input == "birth_dat"
    r = fujian.evaluate(dict(CASE, note="x"), outputs=["retirement_age"], allow_extra=True)
    assert r == {"retirement_age": 60}


def test_host_mistakes_raise_usage_and_type_errors(fujian):
    with pytest.raises(edict.UsageError, match="retirement_dat"):
        fujian.evaluate(CASE, outputs=["retirement_dat"])
    with pytest.raises(ValueError):
        fujian.evaluate(CASE, outputs=["retirement_dat"])
    with pytest.raises(TypeError):
        fujian.evaluate([CASE])
    with pytest.raises(TypeError):
        fujian.evaluate(CASE, outputs=[1])
    with pytest.raises(ValueError):
        fujian.evaluate(CASE, money="float")
    with pytest.raises(edict.CaseError, match="keys are input names"):
        fujian.evaluate({1: "x"})


def test_artifacts_load_from_bytes_and_files(fujian, tmp_path):
    data = fujian.to_artifact()
    p = edict.Policy.from_artifact(data)
    assert p.evaluate(CASE, outputs=PENSION) == fujian.evaluate(CASE, outputs=PENSION)
    path = tmp_path / "fujian.edictc"
    path.write_bytes(data)
    q = edict.Policy(path)
    assert q.outputs == fujian.outputs
    assert q.evaluate(CASE, outputs=PENSION) == fujian.evaluate(CASE, outputs=PENSION)
    import pickle
    assert pickle.loads(pickle.dumps(fujian)).evaluate(CASE, outputs="back_pay") == {"back_pay": decimal.Decimal("9376.80")}


@pytest.mark.parametrize("bad", [b"", b"EDICTC\0\0garbage", os.urandom(300)])
def test_bad_artifact_bytes_raise_policy_error(bad):
    with pytest.raises(edict.PolicyError):
        edict.Policy.from_artifact(bad)


def test_a_truncated_artifact_raises_policy_error(fujian):
    data = fujian.to_artifact()
    for cut in (8, len(data) // 3, len(data) - 1):
        with pytest.raises(edict.PolicyError):
            edict.Policy.from_artifact(data[:cut])


def test_a_policy_that_does_not_compile_raises_policy_error_with_located_diagnostics(tmp_path):
    (tmp_path / "p.edict").write_text("input x: int\n\nrule y: int = x +\n\noutput y\n", encoding="utf-8")
    with pytest.raises(edict.PolicyError) as e:
        edict.Policy(tmp_path / "p.edict")
    d = e.value.diagnostics[0]
    assert d.severity == "error" and d.file.endswith("p.edict") and d.line >= 3 and d.column >= 1
    assert d.code.startswith("E")
    with pytest.raises(edict.PolicyError, match="no such"):
        edict.Policy(tmp_path / "absent")
