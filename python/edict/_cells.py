"""Plain Python values for the C++ cell converter (python/src/cells.cpp), which handles None,
bool, int, float, str, decimal.Decimal, datetime.date/datetime, dict, list and tuple itself and
calls normalise() for anything else: numpy scalars, pandas.NA and NaT, pandas.Period. What
normalise cannot make plain it returns unchanged, and the converter refuses it by type name."""
import datetime


def normalise(obj):
    kind = type(obj).__name__
    if kind in ("NAType", "NaTType"):
        return None
    module = type(obj).__module__ or ""
    if module == "numpy":
        import numpy as np
        if isinstance(obj, np.datetime64):
            if np.isnat(obj):
                return None
            # microseconds hold every date of years 1 to 9999; a time of day survives to be refused
            return obj.astype("datetime64[us]").item()
        if isinstance(obj, (np.bool_, np.integer, np.floating, np.str_)):
            return obj.item()
        return obj
    if kind == "Period" and hasattr(obj, "freqstr"):
        # A monthly Period is a month ("2020-05"); other frequencies are refused by the converter.
        return obj.strftime("%Y-%m") if obj.freqstr == "M" else obj
    if isinstance(obj, datetime.date):
        return obj
    return obj
