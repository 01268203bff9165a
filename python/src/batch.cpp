// The columnar path into the VM (batch.hpp): cells decoded once into runtime values, rows
// evaluated on worker threads with the GIL released, results written into preallocated arrays.
#include "python/src/batch.hpp"

#include <chrono>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "python/src/cells.hpp"
#include "python/src/values.hpp"
#include "runtime/value/date.hpp"
#include "runtime/vm/vm.hpp"

namespace py = pybind11;

namespace edict::python {

namespace {

constexpr int64_t kNaT = INT64_MIN;  // numpy's and pandas' "not a time"
constexpr int64_t kNsPerDay = 86400LL * 1000 * 1000 * 1000;
constexpr int64_t kUnixMonth = 1970 * 12;  // pandas' monthly Period ordinal 0 is 1970-01

int64_t unix_day() {
    static const int64_t day = day_number({1970, 1, 1});
    return day;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool is_int_kind(Kind k) { return k == Kind::Int || k == Kind::Days || k == Kind::Months || k == Kind::Years; }

}  // namespace

Batch::Batch(std::shared_ptr<const api::Program> program) : holder_(std::move(program)) {
    columns_.resize(this->program().inputs.size());
}

const edict::Program& Batch::program() const { return *holder_->impl().program; }

uint32_t Batch::input_index(const std::string& name) const {
    const InputInfo* info = program().find_input(name);
    if (!info) throw std::out_of_range(name);
    return static_cast<uint32_t>(info - program().inputs.data());
}

InputColumn& Batch::column(uint32_t input) {
    auto& c = columns_.at(input);
    if (!c) {
        c = std::make_unique<InputColumn>();
        c->values.assign(rows_, Value::null());
        c->present.assign(rows_, vm::InputState::Absent);
    }
    return *c;
}

void Batch::set_value(InputColumn& c, size_t row, Value v) {
    if (row >= c.values.size()) {
        c.values.resize(row + 1, Value::null());
        c.present.resize(row + 1, vm::InputState::Absent);
    }
    c.values[row] = v;
    c.present[row] = vm::InputState::Present;
}

void Batch::refuse(InputColumn& c, size_t row, uint32_t input, const std::string& why) {
    set_value(c, row, Value::null());
    c.present[row] = vm::InputState::IllTyped;
    c.messages[row] = io::message::input(program().inputs[input].name, why);
}

void Batch::set_json(InputColumn& c, size_t row, uint32_t input, const io::Json& j) {
    Value v;
    std::string why;
    if (io::decode_value(program(), program().inputs[input].type, j, store_, v, why)) set_value(c, row, v);
    else refuse(c, row, input, why);
}

void Batch::set_cell(InputColumn& c, size_t row, uint32_t input, py::handle obj) {
    io::Json j;
    std::string why;
    switch (to_json(program(), program().inputs[input].type, obj, j, why)) {
        case Cell::Absent: return;
        case Cell::Refused: refuse(c, row, input, why); return;
        case Cell::Value: set_json(c, row, input, j); return;
    }
}

// ---- columns ------------------------------------------------------------------------------------

void Batch::add_objects(const std::string& input, const py::sequence& cells) {
    uint32_t i = input_index(input);
    InputColumn& c = column(i);
    size_t n = std::min(rows_, static_cast<size_t>(py::len(cells)));
    for (size_t row = 0; row < n; ++row) set_cell(c, row, i, cells[row]);
}

void Batch::add_dates(const std::string& input, const py::array_t<int64_t>& ns) {
    uint32_t i = input_index(input);
    InputColumn& c = column(i);
    const bool is_date = program().types.at(program().inputs[i].type).kind == Kind::Date;
    auto a = ns.unchecked<1>();
    for (size_t row = 0; row < std::min(rows_, static_cast<size_t>(a.shape(0))); ++row) {
        int64_t t = a(row);
        if (t == kNaT) continue;
        if (t % kNsPerDay != 0) {
            refuse(c, row, i, "the timestamp has a time of day; a date is a whole day");
            continue;
        }
        int64_t day = floor_div(t, kNsPerDay) + unix_day();
        if (is_date) {
            set_value(c, row, Value::date(day));
            continue;
        }
        io::Json j;
        j.type = io::Json::Type::String;
        j.text = date_to_string(static_cast<DayNumber>(day));
        set_json(c, row, i, j);  // the decoder says what this input takes instead
    }
}

void Batch::add_months(const std::string& input, const py::array_t<int64_t>& ordinals) {
    uint32_t i = input_index(input);
    InputColumn& c = column(i);
    const bool is_month = program().types.at(program().inputs[i].type).kind == Kind::Month;
    auto a = ordinals.unchecked<1>();
    for (size_t row = 0; row < std::min(rows_, static_cast<size_t>(a.shape(0))); ++row) {
        int64_t o = a(row);
        if (o == kNaT) continue;
        int64_t m = o + kUnixMonth;
        if (m < min_month() || m > max_month()) {
            refuse(c, row, i, "the month is outside the years 1 to 9999");
            continue;
        }
        if (is_month) {
            set_value(c, row, Value::month(m));
            continue;
        }
        io::Json j;
        j.type = io::Json::Type::String;
        j.text = month_to_string(static_cast<MonthNumber>(m));
        set_json(c, row, i, j);
    }
}

void Batch::add_bools(const std::string& input, const py::array_t<bool>& values) {
    uint32_t i = input_index(input);
    InputColumn& c = column(i);
    const bool is_bool = program().types.at(program().inputs[i].type).kind == Kind::Bool;
    auto a = values.unchecked<1>();
    for (size_t row = 0; row < std::min(rows_, static_cast<size_t>(a.shape(0))); ++row) {
        if (is_bool) {
            set_value(c, row, Value::boolean(a(row)));
            continue;
        }
        io::Json j;
        j.type = io::Json::Type::Bool;
        j.boolean = a(row);
        set_json(c, row, i, j);
    }
}

void Batch::add_ints(const std::string& input, const py::array_t<int64_t>& values) {
    uint32_t i = input_index(input);
    InputColumn& c = column(i);
    const bool is_int = is_int_kind(program().types.at(program().inputs[i].type).kind);
    auto a = values.unchecked<1>();
    for (size_t row = 0; row < std::min(rows_, static_cast<size_t>(a.shape(0))); ++row) {
        if (is_int) {
            set_value(c, row, Value::integer(a(row)));
            continue;
        }
        io::Json j;
        j.type = io::Json::Type::Number;  // an int column for money is exact
        j.text = std::to_string(a(row));
        set_json(c, row, i, j);
    }
}

void Batch::add_categories(const std::string& input, const py::array_t<int64_t>& codes, const py::sequence& categories) {
    uint32_t i = input_index(input);
    InputColumn& c = column(i);
    // Each category decoded once, into a scratch column, then copied to the rows that have it.
    InputColumn decoded;
    const size_t k = py::len(categories);
    for (size_t j = 0; j < k; ++j) set_cell(decoded, j, i, categories[j]);
    auto a = codes.unchecked<1>();
    for (size_t row = 0; row < std::min(rows_, static_cast<size_t>(a.shape(0))); ++row) {
        int64_t code = a(row);
        if (code < 0 || static_cast<size_t>(code) >= decoded.values.size() || decoded.present[code] == vm::InputState::Absent) continue;
        set_value(c, row, decoded.values[code]);
        if (decoded.present[code] == vm::InputState::IllTyped) {
            c.present[row] = vm::InputState::IllTyped;
            c.messages[row] = decoded.messages.at(code);
        }
    }
}

// ---- rows ---------------------------------------------------------------------------------------

void Batch::add_dicts(const py::iterable& cases, bool allow_extra) {
    for (py::handle item : cases) {
        size_t row = rows_++;
        if (!PyDict_Check(item.ptr())) {
            row_errors_[row] = {"", fmt::format("a case must be a dict of inputs, not {}",
                                                py::str(py::type::handle_of(item).attr("__qualname__")).cast<std::string>())};
            continue;
        }
        for (auto [key, value] : py::reinterpret_borrow<py::dict>(item)) {
            std::string name;
            if (!utf8_text(key, name)) {
                row_errors_[row] = {"", fmt::format("a case's keys are input names, not {}", py::repr(key).cast<std::string>())};
                break;
            }
            const InputInfo* info = program().find_input(name);
            if (!info) {
                if (allow_extra) continue;
                // The decoder's words (io::message::not_an_input) with the Python spelling of the option.
                row_errors_[row] = {name, fmt::format("\"{}\" is not an input of this policy (pass allow_extra=True to "
                                                      "ignore unknown keys)", name)};
                break;
            }
            uint32_t i = static_cast<uint32_t>(info - program().inputs.data());
            set_cell(column(i), row, i, value);
        }
    }
}

// ---- evaluation ---------------------------------------------------------------------------------

namespace {

// Where one output's values go. Scalars that numpy holds as int64 (bools, ints, dates as days
// since 1970-01-01, months as pandas Period ordinals, enum case indexes) go straight into a
// preallocated array; everything else is kept as its wire-format JSON text and becomes Python
// objects once the threads are done.
struct Sink {
    std::string name;
    TypeId type;
    Kind kind;
    bool numeric = false;
    int64_t* data = nullptr;
    bool* valid = nullptr;
    py::array_t<int64_t> data_array;
    py::array_t<bool> valid_array;
    std::vector<std::string> json;  // !numeric: "" where null

    void write(const edict::Program& p, size_t row, const Value& v) {
        if (v.is_null() || v.is_empty()) return;
        if (!numeric) {
            io::encode_value(p, type, v, json[row]);
            // Money and decimals are quoted decimal text ("1800.00"): kept bare, they need no JSON parse.
            if (kind == Kind::Money || kind == Kind::Decimal) json[row] = json[row].substr(1, json[row].size() - 2);
            return;
        }
        switch (kind) {
            case Kind::Date: data[row] = v.i - unix_day(); break;
            case Kind::Month: data[row] = v.i - kUnixMonth; break;
            default: data[row] = v.i;  // bool 0/1, ints, enum case index
        }
        valid[row] = true;
    }
};

// A numpy object array filled by make(row) (new references), which pandas takes without the
// per-item copy it makes of a list (0.14 s per 300,000 items, measured).
template <class Make>
py::array object_array(size_t n, Make make) {
    // numpy.empty fills an object array with None (a bare allocation would hold garbage pointers).
    py::array out = py::module_::import("numpy").attr("empty")(n, py::arg("dtype") = "object");
    auto** cells = static_cast<PyObject**>(out.mutable_data());
    for (size_t row = 0; row < n; ++row) {
        PyObject* previous = cells[row];
        cells[row] = make(row).release().ptr();
        Py_XDECREF(previous);
    }
    return out;
}

bool numeric_kind(Kind k) {
    return k == Kind::Bool || is_int_kind(k) || k == Kind::Date || k == Kind::Month || k == Kind::Enum;
}

const char* column_kind(Kind k) {
    switch (k) {
        case Kind::Bool: return "bool";
        case Kind::Date: return "date";
        case Kind::Month: return "month";
        case Kind::Enum: return "enum";
        default: return is_int_kind(k) ? "int" : "objects";
    }
}

}  // namespace

py::dict Batch::evaluate(const std::vector<std::string>& outputs, unsigned jobs, bool columns, bool money_as_text,
                         uint64_t step_budget) {
    const edict::Program& p = program();
    const std::vector<uint32_t> rules = api::resolve_outputs(p, outputs);  // UsageError for an unknown name
    const size_t n = rows_;
    std::vector<Sink> sinks(rules.size());
    for (size_t k = 0; k < rules.size(); ++k) {
        Sink& s = sinks[k];
        s.name = p.rules[rules[k]].name;
        s.type = p.rules[rules[k]].type;
        s.kind = p.types.at(s.type).kind;
        s.numeric = columns && numeric_kind(s.kind);
        if (s.numeric) {
            s.data_array = py::array_t<int64_t>(n);
            s.valid_array = py::array_t<bool>(n);
            s.data = s.data_array.mutable_data();
            s.valid = s.valid_array.mutable_data();
            std::fill(s.data, s.data + n, s.kind == Kind::Enum ? -1 : 0);
            std::fill(s.valid, s.valid + n, false);
        } else {
            s.json.resize(n);
        }
    }
    std::vector<uint8_t> failed(n, 0);
    std::vector<std::string> errors(n), error_inputs(n);
    std::vector<uint32_t> given;
    for (uint32_t i = 0; i < columns_.size(); ++i)
        if (columns_[i]) given.push_back(i);

    auto work = [&](size_t begin, size_t end) {
        vm::Session session(p);
        if (step_budget) session.set_step_budget(step_budget);
        const size_t inputs = p.inputs.size();
        std::vector<Value> values(inputs, Value::null()), results(rules.size());
        std::vector<vm::InputState> present(inputs, vm::InputState::Absent);
        std::vector<std::string> messages(inputs);
        vm::RuntimeError rt;
        for (size_t row = begin; row < end; ++row) {
            if (auto e = row_errors_.find(row); e != row_errors_.end()) {
                failed[row] = 1;
                errors[row] = e->second.message;
                error_inputs[row] = e->second.input;
                continue;
            }
            for (uint32_t i : given) {
                const InputColumn& c = *columns_[i];
                if (row < c.values.size()) {
                    values[i] = c.values[row];
                    present[i] = c.present[row];
                    if (present[i] == vm::InputState::IllTyped) messages[i] = c.messages.at(row);
                } else {
                    values[i] = Value::null();
                    present[i] = vm::InputState::Absent;
                }
            }
            vm::CaseView view{values.data(), present.data(), messages.data()};
            if (session.evaluate(view, rules.data(), rules.size(), results.data(), rt)) {
                for (size_t k = 0; k < sinks.size(); ++k) sinks[k].write(p, row, results[k]);
                continue;
            }
            api::EvalError e{rt.message, rt.input, rt.rule, api::public_location(p, rt.loc), rt.has_loc, rt.chain};
            failed[row] = 1;
            errors[row] = api::error_message(e);
            error_inputs[row] = rt.input;
        }
    };
    const auto vm_start = std::chrono::steady_clock::now();
    {
        py::gil_scoped_release released;
        jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(1, n / 64))));
        if (jobs == 1) {
            work(0, n);
        } else {
            // An exception in a thread (out of memory) is carried out and raised here, not std::terminate.
            std::vector<std::exception_ptr> thrown(jobs);
            std::vector<std::thread> threads;
            for (unsigned t = 0; t < jobs; ++t)
                threads.emplace_back([&, t] {
                    try {
                        work(n * t / jobs, n * (t + 1) / jobs);
                    } catch (...) {
                        thrown[t] = std::current_exception();
                    }
                });
            for (auto& t : threads) t.join();
            for (auto& e : thrown)
                if (e) std::rethrow_exception(e);
        }
    }

    const auto vm_end = std::chrono::steady_clock::now();
    py::list out_columns;
    for (Sink& s : sinks) {
        py::object cases = py::none();
        if (s.kind == Kind::Enum) cases = py::cast(p.types.enum_at(p.types.at(s.type).ref).cases);
        if (s.numeric) {
            out_columns.append(py::make_tuple(s.name, column_kind(s.kind), s.data_array, s.valid_array, cases));
            continue;
        }
        const bool decimal = s.kind == Kind::Money || s.kind == Kind::Decimal;
        const py::object& make_decimal = PyTypes::get().decimal;
        py::array objects = object_array(n, [&](size_t row) -> py::object {
            const std::string& text = s.json[row];
            if (text.empty()) return py::none();
            if (decimal) return money_as_text ? py::object(py::str(text)) : make_decimal(py::str(text));
            return json_text_to_python(p, s.type, text, money_as_text);
        });
        out_columns.append(py::make_tuple(s.name, columns ? column_kind(s.kind) : "objects", objects, py::none(), cases));
    }
    py::array error_list = object_array(n, [&](size_t row) -> py::object {
        return failed[row] ? py::object(py::str(errors[row])) : py::none();
    });
    py::array input_list = object_array(n, [&](size_t row) -> py::object {
        return failed[row] && !error_inputs[row].empty() ? py::object(py::str(error_inputs[row])) : py::none();
    });
    py::dict result;
    // Where the time went (bench/python_bench.py): the threads running the VM, then building Python objects.
    result["seconds"] = py::make_tuple(std::chrono::duration<double>(vm_end - vm_start).count(),
                                       std::chrono::duration<double>(std::chrono::steady_clock::now() - vm_end).count());
    result["outputs"] = out_columns;
    result["error"] = error_list;
    result["error_input"] = input_list;
    return result;
}

}  // namespace edict::python
