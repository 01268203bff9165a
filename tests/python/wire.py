"""Results of the edict package formatted as `edict eval` prints them, so tests can compare the
two byte for byte: a value as its wire text (contract "Values on the wire"), a DataFrame row as
a JSON line or a CSV row."""
import csv
import datetime
import decimal
import io
import json

import pandas as pd


def wire(value):
    """The JSON value `edict eval` prints for a result value of the package."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None  # a categorical (enum) column's missing value, as pandas shows it
    if isinstance(value, float):
        raise AssertionError(f"a binary float in a result: {value!r}")
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return value.strftime("%Y-%m")
    if isinstance(value, (list, tuple)):
        return [wire(v) for v in value]
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalars (bool_, int64)
        return wire(value.item())
    return value


def json_lines(frame, outputs):
    """One line per row, as `edict eval --input X.jsonl` prints it."""
    lines = []
    columns = {name: frame[name].tolist() for name in outputs}
    errors, inputs = frame["error"].tolist(), frame["error_input"].tolist()
    for i in range(len(frame)):
        if errors[i] is not None:
            obj = {"error": {"input": inputs[i], "message": errors[i]}}
        else:
            obj = {name: wire(columns[name][i]) for name in outputs}
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return lines


def csv_text(frame, outputs):
    """The CSV `edict eval --input X.csv` prints: output columns, error_input, error_message."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(list(outputs) + ["error_input", "error_message"])
    columns = [frame[name].tolist() for name in outputs]
    errors, inputs = frame["error"].tolist(), frame["error_input"].tolist()
    for i in range(len(frame)):
        if errors[i] is not None:
            w.writerow([""] * len(outputs) + [inputs[i] or "", errors[i]])
            continue
        cells = []
        for col in columns:
            v = wire(col[i])
            cells.append("" if v is None else ("true" if v is True else "false" if v is False else str(v)))
        w.writerow(cells + ["", ""])
    return out.getvalue()
