// Python values as case inputs (cells.hpp): each Python value becomes the io::Json the case
// decoder reads, typed by the input where a str or a float needs the input's type to be read.
#include "python/src/cells.hpp"
#include "runtime/support/utf8.hpp"

#include <cmath>

#include <fmt/format.h>

namespace py = pybind11;

namespace edict::python {

namespace {

// A nested list or record deeper than this is refused (the JSON reader's own limit).
constexpr int kMaxDepth = static_cast<int>(io::kMaxJsonDepth);

std::string type_name(py::handle obj) { return py::str(py::type::handle_of(obj).attr("__qualname__")); }

void set_string(io::Json& out, std::string text) {
    out.type = io::Json::Type::String;
    out.text = std::move(text);
}

// datetime.date / datetime.datetime (checked first: it is a date too) as "YYYY-MM-DD"; a
// datetime with a time of day is not a date.
bool date_text(py::handle obj, const PyTypes& t, io::Json& out, std::string& why) {
    if (py::isinstance(obj, t.datetime)) {
        bool midnight = obj.attr("hour").cast<int>() == 0 && obj.attr("minute").cast<int>() == 0 &&
                        obj.attr("second").cast<int>() == 0 && obj.attr("microsecond").cast<int>() == 0;
        if (!midnight) {
            why = fmt::format("{} has a time of day; a date is a whole day", py::str(obj).cast<std::string>());
            return false;
        }
    }
    int y = obj.attr("year").cast<int>(), m = obj.attr("month").cast<int>(), d = obj.attr("day").cast<int>();
    set_string(out, fmt::format("{:04}-{:02}-{:02}", y, m, d));
    return true;
}

// The JSON every typed conversion starts from; false when obj is none of the basic kinds.
enum class Basic { Done, Missing, Failed, Other };

Basic basic_json(py::handle obj, io::Json& out, std::string& why, int depth, bool& is_float) {
    const PyTypes& t = PyTypes::get();
    if (obj.is_none()) return Basic::Missing;
    if (PyBool_Check(obj.ptr())) {
        out.type = io::Json::Type::Bool;
        out.boolean = obj.ptr() == Py_True;
        return Basic::Done;
    }
    if (PyLong_Check(obj.ptr())) {
        out.type = io::Json::Type::Number;
        out.text = py::str(obj);
        return Basic::Done;
    }
    if (PyFloat_Check(obj.ptr())) {
        double d = PyFloat_AS_DOUBLE(obj.ptr());
        if (std::isnan(d)) return Basic::Missing;
        is_float = true;
        out.type = io::Json::Type::Number;
        out.text = py::repr(obj);  // the typed conversion decides whether a float may stand here
        return Basic::Done;
    }
    if (PyUnicode_Check(obj.ptr())) {
        std::string text;
        if (!utf8_text(obj, text)) {
            why = "the str is not valid Unicode text";
            return Basic::Failed;
        }
        set_string(out, std::move(text));
        return Basic::Done;
    }
    if (py::isinstance(obj, t.decimal)) {
        if (!obj.attr("is_finite")().cast<bool>()) {
            why = fmt::format("Decimal('{}') is not a number", py::str(obj).cast<std::string>());
            return Basic::Failed;
        }
        out.type = io::Json::Type::Number;
        out.text = py::str(obj);  // exact: "1765.43", "1.5E+3"
        return Basic::Done;
    }
    if (py::isinstance(obj, t.date)) {
        if (type_name(obj) == "NaTType") return Basic::Missing;  // pandas.NaT is a datetime too
        return date_text(obj, t, out, why) ? Basic::Done : Basic::Failed;
    }
    if (PyDict_Check(obj.ptr()) || PyList_Check(obj.ptr()) || PyTuple_Check(obj.ptr())) {
        if (depth >= kMaxDepth) {
            why = fmt::format("lists and records nest deeper than {}", kMaxDepth);
            return Basic::Failed;
        }
        if (PyDict_Check(obj.ptr())) {
            out.type = io::Json::Type::Object;
            for (auto [k, v] : py::reinterpret_borrow<py::dict>(obj)) {
                std::string key;
                if (!PyUnicode_Check(k.ptr()) || !utf8_text(k, key)) {
                    why = fmt::format("the key {} is not a str of valid Unicode text", py::repr(k).cast<std::string>());
                    return Basic::Failed;
                }
                io::Json item;
                if (!to_json_untyped(v, item, why, depth + 1)) {
                    why = fmt::format("field \"{}\": {}", key, why);
                    return Basic::Failed;
                }
                out.members.emplace_back(std::move(key), std::move(item));
            }
        } else {
            out.type = io::Json::Type::Array;
            size_t i = 0;
            for (py::handle v : obj) {
                io::Json item;
                if (!to_json_untyped(v, item, why, depth + 1)) {
                    why = fmt::format("element {}: {}", i, why);
                    return Basic::Failed;
                }
                out.items.push_back(std::move(item));
                ++i;
            }
        }
        return Basic::Done;
    }
    return Basic::Other;
}

// basic_json, after edict._cells.normalise has turned numpy scalars, pandas.NA/NaT, Timestamps
// and monthly Periods into plain Python values.
Basic any_json(py::handle obj, io::Json& out, std::string& why, int depth, bool& is_float) {
    Basic b = basic_json(obj, out, why, depth, is_float);
    if (b != Basic::Other) return b;
    py::object plain = PyTypes::get().normalise(obj);
    if (plain.ptr() != obj.ptr()) b = basic_json(plain, out, why, depth, is_float);
    if (b == Basic::Other) why = fmt::format("a {} is not a value any input takes", type_name(obj));
    return b == Basic::Other ? Basic::Failed : b;
}

}  // namespace

const PyTypes& PyTypes::get() {
    // Created under the GIL on first use and never destroyed: the interpreter may already be gone
    // when static destructors run.
    static PyTypes* types = [] {
        auto* t = new PyTypes;
        t->decimal = py::module_::import("decimal").attr("Decimal");
        t->date = py::module_::import("datetime").attr("date");
        t->datetime = py::module_::import("datetime").attr("datetime");
        t->normalise = py::module_::import("edict._cells").attr("normalise");
        return t;
    }();
    return *types;
}

bool utf8_text(py::handle s, std::string& out) {
    if (!PyUnicode_Check(s.ptr())) return false;
    Py_ssize_t n = 0;
    const char* text = PyUnicode_AsUTF8AndSize(s.ptr(), &n);
    if (!text) {
        PyErr_Clear();
        return false;
    }
    out.assign(text, static_cast<size_t>(n));
    return true;
}

bool is_missing(py::handle obj) {
    if (obj.is_none()) return true;
    if (PyFloat_Check(obj.ptr())) return std::isnan(PyFloat_AS_DOUBLE(obj.ptr()));
    if (PyLong_Check(obj.ptr()) || PyUnicode_Check(obj.ptr()) || PyBool_Check(obj.ptr())) return false;
    return PyTypes::get().normalise(obj).is_none();
}

bool to_json_untyped(py::handle obj, io::Json& out, std::string& why, int depth) {
    bool is_float = false;  // inside a list or record a float is a JSON number, typed by the decoder
    Basic b = any_json(obj, out, why, depth, is_float);
    if (b == Basic::Missing) out = io::Json();  // null inside a list or record
    return b != Basic::Failed;
}

Cell to_json(const Program& p, TypeId t, py::handle obj, io::Json& out, std::string& why) {
    bool is_float = false;
    Basic b = any_json(obj, out, why, 0, is_float);
    if (b == Basic::Missing) return Cell::Absent;
    if (b == Basic::Failed) return Cell::Refused;
    const Kind kind = p.types.at(t).kind;
    if (is_float) {
        // A binary float is never money or a decimal: 0.1 + 0.2 is not 0.3. A whole float (what
        // pandas makes of an int column with a gap) is an int.
        double d = std::strtod(out.text.c_str(), nullptr);
        if (kind == Kind::Money || kind == Kind::Decimal) {
            why = fmt::format("must be exact: {} is a binary float; give {} as decimal.Decimal or str", out.text,
                              kind == Kind::Money ? "money" : "a decimal");
            return Cell::Refused;
        }
        if (kind == Kind::Int || kind == Kind::Days || kind == Kind::Months || kind == Kind::Years) {
            if (d != std::trunc(d) || std::fabs(d) > 9007199254740992.0) {
                why = fmt::format("{} is not a whole number", out.text);
                return Cell::Refused;
            }
            out.text = fmt::format("{:.0f}", d);
        }
        return Cell::Value;
    }
    if (out.type != io::Json::Type::String) return Cell::Value;
    // A str is read as `edict eval` reads a CSV cell (tools/cli/csv_cases.cpp).
    switch (kind) {
        case Kind::Bool:
            if (out.text == "true" || out.text == "false") {
                out.type = io::Json::Type::Bool;
                out.boolean = out.text == "true";
            }
            break;  // other text stays a string, which the decoder reports as "must be bool"
        case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years:
            out.type = io::Json::Type::Number;  // the decoder checks the digits
            break;
        case Kind::List: case Kind::Record: {
            std::string text = std::move(out.text), error;
            if (!io::parse_json(text, out, error)) {
                // The parser's message may quote part of a multi-byte character: keep it valid UTF-8.
                why = fmt::format("the str is not JSON: {}", utf8::valid(error));
                return Cell::Refused;
            }
            break;
        }
        default: break;
    }
    return Cell::Value;
}

}  // namespace edict::python
