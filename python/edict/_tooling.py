"""`edict check` and `edict test` as Python objects, and Diagnostic, the located message both
(and PolicyError) carry."""
from dataclasses import dataclass, field
from typing import List

from . import _core


@dataclass(frozen=True)
class Diagnostic:
    severity: str   # "error", "warning" or "note"
    code: str       # "E0101"; "" for a test that cannot run
    file: str
    line: int
    column: int     # 0 when the place is a whole line (a tests/*.jsonl case)
    message: str
    rendered: str   # as `edict check` prints it, with the source line and a caret

    def __str__(self):
        return self.rendered


def diagnostics(items):
    return [Diagnostic(**d) for d in items]


@dataclass(frozen=True)
class CheckResult:
    """What `edict check PATH` reports: ok when nothing is an error."""
    ok: bool
    diagnostics: List[Diagnostic]
    rules: int = 0
    inputs: int = 0
    outputs: int = 0
    tests: int = 0
    citations_verified: int = 0

    @property
    def errors(self):
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True)
class TestOutcome:
    name: str
    clause: str
    where: str
    file: str
    line: int
    column: int
    passed: bool
    problems: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class TestResult:
    """What `edict test PATH` reports: every test declaration and tests/*.jsonl line, run."""
    compiled: bool
    passed: int
    failed: int
    tests: List[TestOutcome]
    diagnostics: List[Diagnostic]

    @property
    def ok(self):
        return self.compiled and self.failed == 0

    @property
    def failures(self):
        return [t for t in self.tests if not t.passed]


def _path(path):
    import os
    path = os.fspath(path)
    if not os.path.exists(path):
        from ._errors import PolicyError
        raise PolicyError(f"no such policy folder or .edict file: {path}")
    return path


def check(path):
    """Compiles the policy with its tests and checks citations, numbers and tests as `edict check` does."""
    r = _core.check(_path(path))
    r["diagnostics"] = diagnostics(r["diagnostics"])
    return CheckResult(**r)


def test(path):
    """Runs the policy's tests as `edict test` does."""
    r = _core.test(_path(path))
    return TestResult(compiled=r["compiled"], passed=r["passed"], failed=r["failed"],
                      tests=[TestOutcome(**t) for t in r["tests"]], diagnostics=diagnostics(r["diagnostics"]))


test.__test__ = False  # not a pytest test function when imported into a test module
