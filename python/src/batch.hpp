// A batch of cases held as columns and evaluated on threads with the GIL released: the columnar
// path into the VM. Takes: one column per input (numpy arrays of dates, months, bools, ints or
// category codes, or sequences of Python values), or rows of dicts. Produces: one preallocated
// array per output, written by the worker threads, plus an error message and input per failed case.
//
// Each cell is decoded once, before evaluation, by the case decoder's own decode_value (so a
// Python case is checked exactly as a JSON case is); each worker then points a vm::CaseView at
// the row's values and runs the VM. Nothing per case passes through JSON text or a Python object.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/pybind11.h>

#include "edict/edict.hpp"
#include "runtime/io/case_codec.hpp"

namespace edict::python {

// One input's values, row by row. Rows past the end of `values` are absent.
struct InputColumn {
    std::vector<Value> values;
    std::vector<vm::InputState> present;
    std::unordered_map<size_t, std::string> messages; // why, for each IllTyped row
};

// A case that cannot run at all (not a dict, a key that is no input).
struct RowError {
    std::string input, message;
};

class Batch {
public:
    explicit Batch(std::shared_ptr<const api::Program> program);

    size_t rows() const { return rows_; }
    void set_rows(size_t n) { rows_ = n; }

    // Columns (a DataFrame's). The input is named; the arrays hold one entry per row.
    void add_objects(const std::string& input, const pybind11::sequence& cells);
    void add_dates(const std::string& input, const pybind11::array_t<int64_t>& ns_since_epoch);  // NaT: INT64_MIN
    void add_months(const std::string& input, const pybind11::array_t<int64_t>& period_ordinals);  // NaT: INT64_MIN
    void add_bools(const std::string& input, const pybind11::array_t<bool>& values);
    void add_ints(const std::string& input, const pybind11::array_t<int64_t>& values);
    void add_categories(const std::string& input, const pybind11::array_t<int64_t>& codes, const pybind11::sequence& categories);

    // Rows: each item a dict of inputs. Keys that are not inputs make the row an error unless allow_extra.
    void add_dicts(const pybind11::iterable& cases, bool allow_extra);

    // Evaluates every row for `outputs` (all when empty) on `jobs` threads with the GIL
    // released. "columns" gives numpy arrays per output (docs/python.md, "Types"); "objects"
    // gives lists of plain Python values. Returns {"outputs": [(name, kind, data, valid, cases)],
    // "error": [...], "error_input": [...]}.
    pybind11::dict evaluate(const std::vector<std::string>& outputs, unsigned jobs, bool columns, bool money_as_text,
                            uint64_t step_budget);

private:
    const edict::Program& program() const;
    uint32_t input_index(const std::string& name) const;
    InputColumn& column(uint32_t input);
    void set_cell(InputColumn& c, size_t row, uint32_t input, pybind11::handle obj);
    void set_value(InputColumn& c, size_t row, Value v);
    void set_json(InputColumn& c, size_t row, uint32_t input, const io::Json& j);
    void refuse(InputColumn& c, size_t row, uint32_t input, const std::string& why);

    std::shared_ptr<const api::Program> holder_;
    size_t rows_ = 0;
    std::vector<std::unique_ptr<InputColumn>> columns_;  // by input index; null: never given
    std::unordered_map<size_t, RowError> row_errors_;
    io::DecodedCase store_;  // owns the texts, lists and records the decoded values point at
};

}  // namespace edict::python
