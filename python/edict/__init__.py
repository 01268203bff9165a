"""Edict for Python: evaluate rules-as-code policies on cases, DataFrames and Dask clusters.

    import edict
    policy = edict.Policy("policies/fujian/2020-14")
    policy.evaluate({"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"},
                    outputs=["retirement_date"])          # {'retirement_date': datetime.date(2020, 1, 10)}

See docs/python.md for types, errors, threading and edict.dask."""
from ._core import version as __version__  # noqa: F401
from ._errors import CaseError, EdictError, PolicyError, UsageError  # noqa: F401
from ._policy import Policy  # noqa: F401
from ._tooling import CheckResult, Diagnostic, TestOutcome, TestResult, check, test  # noqa: F401

__all__ = ["Policy", "CaseError", "EdictError", "PolicyError", "UsageError", "Diagnostic", "CheckResult",
           "TestResult", "TestOutcome", "check", "test"]
