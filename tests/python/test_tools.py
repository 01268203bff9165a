"""Policy.explain, edict.check and edict.test as Python objects."""
import pytest

import edict

CASE = {"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee"}


def test_explain_gives_the_trace_as_python_objects(fujian):
    t = fujian.explain(CASE, "retirement_date")
    assert t["version"] == 1
    assert t["outputs"] == [{"name": "retirement_date", "value": "2020-01-15"}]
    rule = next(r for r in t["rules"] if r["name"] == "retirement_date")
    assert rule["value"] == "2020-01-15" and rule["location"].endswith(":36:6")
    assert {"kind": "input", "name": "birth_date", "value": "1960-01-15"} in rule["uses"]
    assert t["rules"][0]["citations"][0]["clause"] == "第二百零二条"


def test_explain_refuses_bad_requests_with_exceptions(fujian):
    with pytest.raises(edict.UsageError):
        fujian.explain(CASE, "retirement_dat")
    with pytest.raises(edict.CaseError) as e:
        fujian.explain(dict(CASE, nope=1), "retirement_date")
    assert e.value.input is None and "nope" in e.value.message
    with pytest.raises(edict.CaseError) as e:  # a value no input type takes: refused before evaluating
        fujian.explain(dict(CASE, monthly_pension=1.5), "retirement_date")
    assert e.value.input == "monthly_pension" and "binary float" in e.value.message
    with pytest.raises(TypeError):
        fujian.explain(["x"], "retirement_date")
    artifact = edict.Policy.from_artifact(fujian.to_artifact())
    with pytest.raises(edict.EdictError, match="rule files"):
        artifact.explain(CASE, "retirement_date")


def test_a_case_that_fails_is_explained_up_to_the_error(fujian):
    """As `edict explain` does: the trace up to the failure, with the error naming the input."""
    t = fujian.explain({"sex": "male", "scheme": "enterprise_employee"}, "retirement_date")
    assert t["error"]["input"] == "birth_date" and "missing input" in t["error"]["message"]
    t = fujian.explain(dict(CASE, sex="other"), "retirement_date")
    assert t["error"]["input"] == "sex"


def test_check_of_a_good_policy(fujian):
    r = edict.check(fujian.path)
    assert r.ok and not r.errors
    assert r.outputs == len(fujian.outputs) and r.tests > 0 and r.citations_verified > 0


def test_check_locates_each_problem(tmp_path):
    (tmp_path / "p.edict").write_text("input x: int\n\nrule y: int = x + z\n\noutput y\n", encoding="utf-8")
    r = edict.check(tmp_path)
    assert not r.ok
    d = r.errors[0]
    assert d.file.endswith("p.edict") and d.line == 3 and d.column > 1 and "z" in d.message
    assert "p.edict:3:" in str(d)


def test_check_reports_a_test_that_cannot_run(tmp_path):
    (tmp_path / "p.edict").write_text("input x: int\n\nrule y: int = x + 1\n\noutput y\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "cases.jsonl").write_text('{"input": {"x": 1}, "output": {}}\n', encoding="utf-8")
    r = edict.check(tmp_path)
    assert not r.ok
    d = r.errors[0]
    assert d.file.endswith("cases.jsonl") and d.line == 1


def test_test_runs_the_policys_tests(fujian, tmp_path):
    r = edict.test(fujian.path)
    assert r.ok and r.passed > 10 and r.failed == 0
    (tmp_path / "p.edict").write_text("input x: int\n\nrule y: int = x + 1\n\noutput y\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "cases.jsonl").write_text('{"input": {"x": 1}, "output": {"y": 2}}\n'
                                                    '{"input": {"x": 1}, "output": {"y": 3}}\n', encoding="utf-8")
    r = edict.test(tmp_path)
    assert (r.passed, r.failed) == (1, 1)
    bad = r.failures[0]
    assert bad.file.endswith("cases.jsonl") and bad.line == 2 and bad.problems


def test_tools_raise_for_paths_that_do_not_exist(tmp_path):
    with pytest.raises(edict.PolicyError):
        edict.check(tmp_path / "absent")
    with pytest.raises(edict.PolicyError):
        edict.test(tmp_path / "absent")
