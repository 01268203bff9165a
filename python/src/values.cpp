// Results as Python values (values.hpp).
#include "python/src/values.hpp"

#include <stdexcept>

#include "python/src/cells.hpp"

namespace py = pybind11;

namespace edict::python {

py::object json_to_python_untyped(const io::Json& j) {
    switch (j.type) {
        case io::Json::Type::Null: return py::none();
        case io::Json::Type::Bool: return py::bool_(j.boolean);
        case io::Json::Type::Number:
            if (j.text.find_first_of(".eE") == std::string::npos) return py::int_(py::str(j.text));
            return PyTypes::get().decimal(j.text);  // exact: never a binary float
        case io::Json::Type::String: return py::str(j.text);
        case io::Json::Type::Array: {
            py::list out;
            for (const io::Json& item : j.items) out.append(json_to_python_untyped(item));
            return out;
        }
        case io::Json::Type::Object: {
            py::dict out;
            for (const auto& [k, v] : j.members) out[py::str(k)] = json_to_python_untyped(v);
            return out;
        }
    }
    return py::none();
}

py::object json_to_python(const Program& p, TypeId t, const io::Json& j, bool money_as_text) {
    if (j.type == io::Json::Type::Null) return py::none();
    const TypeDesc& d = p.types.at(t);
    switch (d.kind) {
        case Kind::Money: case Kind::Decimal:
            if (money_as_text) return py::str(j.text);
            return PyTypes::get().decimal(j.text);
        case Kind::Date: {
            // "YYYY-MM-DD", as io::encode_value writes it.
            int y = std::stoi(j.text.substr(0, 4)), m = std::stoi(j.text.substr(5, 2)), day = std::stoi(j.text.substr(8, 2));
            return PyTypes::get().date(y, m, day);
        }
        case Kind::List: {
            py::list out;
            for (const io::Json& item : j.items) out.append(json_to_python(p, d.ref, item, money_as_text));
            return out;
        }
        case Kind::Record: {
            py::dict out;
            const auto& fields = p.types.record_at(d.ref).fields;
            for (const auto& [k, v] : j.members) {
                TypeId ft = t;
                bool found = false;
                for (const RecordField& f : fields)
                    if (f.name == k) { ft = f.type; found = true; }
                out[py::str(k)] = found ? json_to_python(p, ft, v, money_as_text) : json_to_python_untyped(v);
            }
            return out;
        }
        default: return json_to_python_untyped(j);  // bool, ints, months, enums, text
    }
}

py::object json_text_to_python(const Program& p, TypeId t, std::string_view text, bool money_as_text) {
    io::Json j;
    std::string error;
    if (!io::parse_json(text, j, error)) throw std::logic_error("a result's JSON does not parse: " + error);
    return json_to_python(p, t, j, money_as_text);
}

}  // namespace edict::python
