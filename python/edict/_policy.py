"""edict.Policy: a compiled policy evaluated from Python (docs/python.md)."""
import json
import os
from collections.abc import Mapping

from . import _core
from ._errors import CaseError, PolicyError
from ._tooling import diagnostics as _diagnostics

_MONEY = ("decimal", "str")


def _output_list(outputs):
    if outputs is None:
        return []
    if isinstance(outputs, str):
        return [outputs]
    outputs = list(outputs)
    for o in outputs:
        if not isinstance(o, str):
            raise TypeError(f"output names are str, not {type(o).__name__}")
    return outputs


def _jobs(jobs):
    if jobs is None:
        return 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of threads, 1 or more, not {jobs!r}")
    return min(jobs, 256)


def _money(money):
    if money not in _MONEY:
        raise ValueError(f"money must be 'decimal' (decimal.Decimal) or 'str', not {money!r}")
    return money == "str"


class Policy:
    """A policy folder, a single .edict file or an .edictc artifact (`edict build`), compiled once.
    Immutable and shared: evaluate from as many threads as you like."""

    def __init__(self, path):
        if isinstance(path, (bytes, bytearray, memoryview)):
            core, error = _core.Policy.from_artifact(bytes(path))
            if core is None:
                raise PolicyError(error)
            self._init(core, "<artifact bytes>", [])
            return
        path = os.fspath(path)
        core, diags, error = _core.Policy.load(path)
        if core is None:
            raise PolicyError(error.rstrip("\n"), _diagnostics(diags))
        self._init(core, path, _diagnostics(diags))

    @classmethod
    def from_artifact(cls, data):
        """A policy from artifact bytes (Policy.to_artifact(), or an .edictc file's content)."""
        return cls(bytes(data))

    def _init(self, core, path, diagnostics):
        self._core = core
        self.path = path
        self.diagnostics = diagnostics  # warnings the compiler gave
        self._input_info = {i["name"]: i for i in core.inputs}
        self._output_info = {o["name"]: o for o in core.outputs}

    def __repr__(self):
        return f"edict.Policy({self.path!r})"

    def __reduce__(self):
        # Pickled (for a process pool, or Dask) as its artifact: no compiler needed where it lands.
        return (Policy.from_artifact, (self.to_artifact(),))

    @property
    def outputs(self):
        """The output names, in declaration order."""
        return list(self._output_info)

    @property
    def inputs(self):
        """The input names, in declaration order."""
        return list(self._input_info)

    def input_info(self, name):
        """An input's type ({"kind", "name", "optional", ...}), whether it is required, its doc."""
        return self._input_info[name]

    def output_info(self, name):
        """An output's type, doc, the inputs it may read and where it is defined."""
        return self._output_info[name]

    def inputs_for(self, outputs):
        """The inputs the named outputs may read."""
        return self._core.inputs_for(_output_list(outputs))

    def schema(self, outputs=None):
        """JSON Schema (draft 2020-12) of a case for these outputs ("input") and of their result ("output")."""
        outs = _output_list(outputs)
        return {"input": json.loads(self._core.input_schema(outs)), "output": json.loads(self._core.output_schema(outs))}

    def to_artifact(self):
        """The compiled program as bytes (what `edict build` writes)."""
        return self._core.to_artifact()

    def evaluate(self, case, outputs=None, *, allow_extra=False, money="decimal"):
        """Evaluates one case (a dict of inputs) and returns {output: value}. Raises CaseError
        naming the input when the case cannot be decided."""
        if not isinstance(case, Mapping):
            raise TypeError(f"a case is a dict of inputs, not {type(case).__name__}")
        batch = _core.Batch(self._core)
        batch.add_dicts([dict(case)], bool(allow_extra))
        r = batch.evaluate(_output_list(outputs), 1, False, _money(money), 0)
        if r["error"][0] is not None:
            raise CaseError(r["error"][0], r["error_input"][0])
        return {name: data[0] for name, _, data, _, _ in r["outputs"]}  # object arrays: the Python values

    def evaluate_many(self, cases, outputs=None, jobs=None, *, allow_extra=False, money="decimal"):
        """Evaluates many cases -- an iterable of dicts, a list, or a pandas DataFrame (one column
        per input) -- on `jobs` threads with the GIL released. Returns a DataFrame with one column
        per output and `error`, `error_input` (None where the case was decided). A DataFrame's
        index is kept."""
        from ._frame import add_frame, to_frame
        batch = _core.Batch(self._core)
        index = None
        if _is_frame(cases):
            add_frame(batch, cases, self._input_info, bool(allow_extra))
            index = cases.index
        elif isinstance(cases, (Mapping, str, bytes)):
            raise TypeError("evaluate_many takes an iterable of dicts or a DataFrame; for one case use evaluate()")
        else:
            batch.add_dicts(cases, bool(allow_extra))
        outs = _output_list(outputs)
        clash = {"error", "error_input"} & set(outs or self.outputs)
        if clash:  # the result's own columns would hide them
            raise _core.UsageError(f"an output named {sorted(clash)[0]!r} clashes with evaluate_many's error columns; "
                                   f"use evaluate() for it")
        r = batch.evaluate(outs, _jobs(jobs), True, _money(money), 0)
        return to_frame(r, index)

    def explain(self, case, output=None, *, allow_extra=False):
        """Why each output came out as it did, for one case: the trace of docs/explain.md as Python
        dicts and lists (values in their JSON form). `output`: one name, a list, or None for all."""
        if not isinstance(case, Mapping):
            raise TypeError(f"a case is a dict of inputs, not {type(case).__name__}")
        r = self._core.explain(dict(case), _output_list(output), bool(allow_extra))
        if isinstance(r, tuple):
            input, message = r
            if "is not a rule" in message or "no output" in message:
                raise _core.UsageError(message)
            raise CaseError(message, input)
        return json.loads(r)


def _is_frame(obj):
    return hasattr(obj, "columns") and hasattr(obj, "dtypes") and hasattr(obj, "iloc")
