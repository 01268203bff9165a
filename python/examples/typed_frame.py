# A DataFrame of cases in, a DataFrame of typed results out (docs/python.md, "Types").
import decimal

import pandas as pd

import edict

policy = edict.Policy("policies/fujian/2020-14")
cases = pd.DataFrame({
    "birth_date": pd.to_datetime(["1960-01-10", "1970-01-31", "1965-02-28"]),   # datetime64 or "YYYY-MM-DD"
    "sex": pd.Categorical(["male", "female", "female"]),                       # category or str
    "scheme": ["enterprise_employee", "enterprise_employee", "public_institution"],
    "female_position": [None, "worker", "cadre"],                               # None: absent
    "approved_standard": [None, None, decimal.Decimal("2100.50")],             # money: Decimal or str
    "computed_monthly_pension": ["1765.43", "2400.00", "2000.00"],
    "prepaid_months": [3, 2, 4],                                                # int64
    "settlement_month": pd.PeriodIndex(["2020-05", "2020-04", "2020-07"], freq="M"),  # Period or "YYYY-MM"
})
outputs = ["retirement_date", "pension_start_month", "settlement_amount", "settlement_direction"]
results = policy.evaluate_many(cases, outputs, jobs=2)
print(results.dtypes.to_string())
print(results[outputs].to_string())
print(repr(results["settlement_amount"][2]))
