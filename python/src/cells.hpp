// Python values as case inputs. Takes: one Python object and the type of the input it is given
// for. Produces: the io::Json value the case decoder reads (runtime/io/case_codec.hpp), so a
// Python case gets exactly the checks and messages a JSON case gets; or, for what JSON has no
// word for (a binary float given as money), the reason it is refused.
//
// What each Python value means (docs/python.md, "Types"):
//   None, float('nan'), pandas.NA, pandas.NaT      absent (null)
//   bool, int                                     JSON true/false, a number
//   float                                         a whole number for int inputs; never money or a decimal
//   decimal.Decimal                               its exact decimal text
//   str                                           as `edict eval` reads a CSV cell: "true"/"false" for
//                                                 bool, digits for int, JSON text for lists and records,
//                                                 the text itself for everything else
//   datetime.date, datetime.datetime at midnight  a date;  pandas.Period (monthly): a month
//   dict, list, tuple                             a record, a list (their items converted the same way)
// Anything else (numpy scalars, pandas.Timestamp, ...) is first normalised by
// edict._cells.normalise (pure Python), then converted as above.
#pragma once
#include <string>

#include <pybind11/pybind11.h>

#include "runtime/bytecode/program.hpp"
#include "runtime/io/json.hpp"

namespace edict::python {

// The Python types the conversion tests for, looked up once per module load.
struct PyTypes {
    pybind11::object decimal, date, datetime, normalise;
    static const PyTypes& get();
};

enum class Cell { Absent, Value, Refused };

// Converts `obj` for an input of type `t` into `out`. Absent: null/NaN/NA (the input is not
// given). Refused: `why` says what is wrong (recorded like an ill-typed JSON value). Needs the GIL.
Cell to_json(const Program& p, TypeId t, pybind11::handle obj, io::Json& out, std::string& why);

// Without a type: the JSON a value has inside a list or record (strings stay strings).
bool to_json_untyped(pybind11::handle obj, io::Json& out, std::string& why, int depth = 0);

// A Python str as UTF-8; false when it is not one or holds lone surrogates (no valid UTF-8 exists).
bool utf8_text(pybind11::handle s, std::string& out);

// True for None, float NaN, pandas.NA and pandas.NaT.
bool is_missing(pybind11::handle obj);

}  // namespace edict::python
