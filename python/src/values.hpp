// Results as Python values. Takes: a result's wire-format JSON text (io::encode_value) and its
// policy type. Produces: the Python value docs/python.md promises: bool, int, decimal.Decimal for
// money and decimals (or str when asked), datetime.date, "YYYY-MM" for months, str for enums and
// text, list and dict for lists and records, None for null. Needs the GIL.
#pragma once
#include <string_view>

#include <pybind11/pybind11.h>

#include "runtime/bytecode/program.hpp"
#include "runtime/io/json.hpp"

namespace edict::python {

pybind11::object json_to_python(const Program& p, TypeId t, const io::Json& j, bool money_as_text);
pybind11::object json_text_to_python(const Program& p, TypeId t, std::string_view text, bool money_as_text);
// Without a type (explanations, test values): JSON as Python, numbers with a fraction as Decimal.
pybind11::object json_to_python_untyped(const io::Json& j);

}  // namespace edict::python
