"""pandas DataFrames in and out of a batch (python/src/batch.hpp). In: each column handed to the
C++ batch in the cheapest form its dtype allows (datetime64 as int64 nanoseconds, monthly periods
as ordinals, bools, int64, categories as codes plus their values), anything else as Python
objects. Out: one column per output typed as docs/python.md says, plus `error` and `error_input`."""
import numpy as np

from ._errors import CaseError

_NAT = np.iinfo(np.int64).min
# datetime64[ns], what pandas holds dates in, reaches from 1677-09-22 to 2262-04-11.
_NS_DAYS = (-106751, 106750)


def add_frame(batch, frame, inputs, allow_extra):
    import pandas as pd
    names = list(frame.columns)
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1}, key=str)
        raise CaseError(f"input \"{twice[0]}\" is given twice (two columns of that name)", twice[0])
    batch.rows = len(frame)
    for name in names:
        if not isinstance(name, str) or name not in inputs:
            if allow_extra:
                continue
            raise CaseError(f"\"{name}\" is not an input of this policy (pass allow_extra=True to ignore "
                            f"unknown columns)", str(name))
        column = frame[name]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            batch.add_categories(name, column.cat.codes.to_numpy(dtype="int64"), list(column.cat.categories))
        elif isinstance(dtype, pd.PeriodDtype) and dtype.freq.freqstr == "M":
            batch.add_months(name, np.asarray(column.array.asi8, dtype="int64"))
        elif dtype.kind == "M" and getattr(dtype, "tz", None) is None:
            batch.add_dates(name, column.to_numpy(dtype="datetime64[ns]").view("int64"))
        elif isinstance(dtype, np.dtype) and dtype == np.bool_:
            batch.add_bools(name, column.to_numpy())
        elif isinstance(dtype, np.dtype) and dtype.kind == "i":  # not pandas' nullable Int64: its NA has no int64
            batch.add_ints(name, column.to_numpy(dtype="int64"))
        else:  # objects, strings, floats, nullable Int64/boolean, unsigned: cell by cell
            batch.add_objects(name, column.to_numpy(dtype=object))


def to_frame(result, index=None):
    import pandas as pd
    columns = {}
    for name, kind, data, valid, cases in result["outputs"]:
        if kind == "bool":
            columns[name] = pd.arrays.BooleanArray(data.astype(bool), ~valid)
        elif kind == "int":
            columns[name] = pd.arrays.IntegerArray(data, ~valid)
        elif kind == "date":
            columns[name] = _dates(data, valid)
        elif kind == "month":
            ordinals = np.where(valid, data, _NAT)
            columns[name] = pd.arrays.PeriodArray(ordinals, freq="M")
        elif kind == "enum":
            columns[name] = pd.Categorical.from_codes(np.where(valid, data, -1), categories=cases)
        else:
            columns[name] = pd.Series(data, dtype=object, index=index)
    columns["error"] = pd.Series(result["error"], dtype=object, index=index)
    columns["error_input"] = pd.Series(result["error_input"], dtype=object, index=index)
    for name, values in columns.items():
        if not isinstance(values, pd.Series):
            columns[name] = pd.Series(values, index=index)
    return pd.DataFrame(columns, index=index)


def _dates(days, valid):
    """datetime64 where every date fits pandas' nanosecond range, else datetime.date objects."""
    import datetime
    import pandas as pd
    given = days[valid]
    if given.size == 0 or (given.min() >= _NS_DAYS[0] and given.max() <= _NS_DAYS[1]):
        values = days.astype("datetime64[D]")
        values[~valid] = np.datetime64("NaT")
        return pd.array(values.astype("datetime64[ns]"))
    epoch = datetime.date(1970, 1, 1)
    return pd.array([epoch + datetime.timedelta(days=int(d)) if v else None for d, v in zip(days, valid)], dtype=object)
