# What goes wrong, and what is raised (docs/python.md, "Errors").
import edict

policy = edict.Policy("policies/fujian/2020-14")
case = {"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}
for bad in ({"birth_date": "1960-02-30"}, {"birth_date": None}, {"monthly_pension": 1765.43}, {"brith_date": "1960-01-10"}):
    try:
        policy.evaluate(dict(case, **bad), ["retirement_date", "back_pay"])
    except edict.CaseError as e:
        print(f"CaseError  input={e.input!r}: {e.message}")
try:
    policy.evaluate(case, ["retirement_dat"])
except edict.UsageError as e:
    print(f"UsageError {e}")
try:
    edict.Policy.from_artifact(b"not an artifact")
except edict.PolicyError as e:
    print(f"PolicyError {e}")
r = edict.check("policies/fujian/2020-14")
print(f"check: ok={r.ok}, {r.rules} rules, {r.tests} tests, {r.citations_verified} citations verified")
t = edict.test("policies/fujian/2020-14")
print(f"test: {t.passed} passed, {t.failed} failed")
