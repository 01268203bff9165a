// The `edict._core` extension module: what the pure-Python package `edict` (python/edict/) is
// built on. Takes: paths, artifact bytes, Python cases and columns. Produces: loaded policies,
// batches evaluated with the GIL released, explanations, check and test results. Errors that
// belong to the case come back as values; the Python layer turns them into edict.CaseError.
#include <exception>
#include <thread>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "api/internal.hpp"
#include "python/src/batch.hpp"
#include "python/src/cells.hpp"
#include "python/src/policy.hpp"

namespace py = pybind11;
using namespace edict::python;

namespace {

py::dict type_dict(const edict::api::Type& t) {
    py::dict d;
    static const char* names[] = {"bool", "int", "decimal", "money", "date", "month", "days", "months", "years",
                                  "text", "enum", "record", "list", "other"};
    d["kind"] = names[static_cast<int>(t.kind)];
    d["name"] = t.name;
    d["optional"] = t.optional;
    if (t.kind == edict::api::Kind::Enum) d["cases"] = t.cases;
    if (t.kind == edict::api::Kind::List) d["element"] = type_dict(t.element.at(0));
    if (t.kind == edict::api::Kind::Record) {
        py::list fields;
        for (const auto& f : t.fields) fields.append(py::make_tuple(f.name, type_dict(f.type)));
        d["fields"] = fields;
    }
    return d;
}

py::list inputs_of(const Policy& p) {
    py::list out;
    for (const auto& i : p.program()->inputs()) {
        py::dict d;
        d["name"] = i.name;
        d["type"] = type_dict(i.type);
        d["required"] = i.required;
        d["has_default"] = i.has_default;
        d["doc"] = i.doc;
        out.append(d);
    }
    return out;
}

py::list outputs_of(const Policy& p) {
    py::list out;
    for (const auto& o : p.program()->outputs()) {
        py::dict d;
        d["name"] = o.name;
        d["type"] = type_dict(o.type);
        d["doc"] = o.doc;
        d["inputs"] = o.inputs;
        d["file"] = o.location.file;
        d["line"] = o.location.line;
        d["column"] = o.location.column;
        out.append(d);
    }
    return out;
}

// One case as the JSON object the explainer decodes; a value no input takes raises CaseError
// (through the Python layer: returned as (input, message)).
py::object explain_case(Policy& p, const py::dict& case_, const std::vector<std::string>& outputs, bool allow_extra) {
    const edict::Program& prog = *p.program()->impl().program;
    edict::io::Json object;
    object.type = edict::io::Json::Type::Object;
    for (auto [k, v] : case_) {
        std::string name;
        if (!utf8_text(k, name)) return py::make_tuple(py::none(), "a case's keys are input names, not " + py::repr(k).cast<std::string>());
        edict::io::Json j;
        std::string why;
        if (const edict::InputInfo* info = prog.find_input(name)) {
            switch (to_json(prog, info->type, v, j, why)) {
                case Cell::Absent: continue;
                case Cell::Refused: return py::make_tuple(name, edict::io::message::input(name, why));
                case Cell::Value: break;
            }
        } else if (!to_json_untyped(v, j, why)) {
            return py::make_tuple(name, why);
        }
        object.members.emplace_back(name, std::move(j));
    }
    std::string trace, error;
    if (!p.explain(object, outputs, allow_extra, trace, error)) return py::make_tuple(py::none(), error);
    return py::str(trace);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "Edict's C++ engine for the `edict` package (see docs/python.md)";
    m.attr("version") = edict::api::version();
    py::register_exception<edict::api::UsageError>(m, "UsageError", PyExc_ValueError);

    py::class_<Policy, std::shared_ptr<Policy>>(m, "Policy")
        .def_static("load",
                    [](const std::string& path) {
                        py::list diagnostics;
                        std::string error;
                        auto p = Policy::load(path, diagnostics, error);
                        return py::make_tuple(p ? py::cast(p) : py::none(), diagnostics, error);
                    })
        .def_static("from_artifact",
                    [](const py::bytes& bytes) {
                        std::string error;
                        auto p = Policy::from_artifact(std::string_view(bytes), error);
                        return py::make_tuple(p ? py::cast(p) : py::none(), error);
                    })
        .def_property_readonly("inputs", &inputs_of)
        .def_property_readonly("outputs", &outputs_of)
        .def_property_readonly("has_source", &Policy::has_source)
        .def("input_schema", [](const Policy& p, const std::vector<std::string>& o) { return p.program()->input_schema(o); })
        .def("output_schema", [](const Policy& p, const std::vector<std::string>& o) { return p.program()->output_schema(o); })
        .def("inputs_for",
             [](const Policy& p, const std::vector<std::string>& o) {
                 std::vector<std::string> names;
                 for (const auto& i : p.program()->inputs_for(o)) names.push_back(i.name);
                 return names;
             })
        .def("to_artifact", [](const Policy& p) { return py::bytes(p.program()->to_artifact()); })
        .def("explain", &explain_case);

    py::class_<Batch>(m, "Batch")
        .def(py::init([](const Policy& p) { return std::make_unique<Batch>(p.program()); }))
        .def_property("rows", &Batch::rows, &Batch::set_rows)
        .def("add_objects", &Batch::add_objects)
        .def("add_dates", &Batch::add_dates)
        .def("add_months", &Batch::add_months)
        .def("add_bools", &Batch::add_bools)
        .def("add_ints", &Batch::add_ints)
        .def("add_categories", &Batch::add_categories)
        .def("add_dicts", &Batch::add_dicts)
        .def("evaluate", &Batch::evaluate, py::arg("outputs"), py::arg("jobs"), py::arg("columns"), py::arg("money_as_text"),
             py::arg("step_budget"));

    // The wire format end to end (JSON text per case in, per result out) on `jobs` threads: what
    // `edict eval` does per case, for bench/python_bench.py's comparison with the columnar path.
    m.def("evaluate_json_lines", [](const Policy& p, const std::vector<std::string>& lines, const std::vector<std::string>& outputs,
                                    unsigned jobs) {
        std::vector<std::string> out(lines.size());
        edict::api::Evaluator{p.program(), outputs};  // an unknown output raises here, not in a thread
        {
            py::gil_scoped_release released;
            auto work = [&](size_t begin, size_t end) {
                edict::api::Evaluator ev(p.program(), outputs);
                for (size_t i = begin; i < end; ++i) ev.evaluate_json(lines[i], out[i]);
            };
            jobs = std::max(1u, jobs);
            std::vector<std::exception_ptr> thrown(jobs);
            std::vector<std::thread> threads;
            for (unsigned t = 0; t < jobs; ++t)
                threads.emplace_back([&, t] {
                    try {
                        work(lines.size() * t / jobs, lines.size() * (t + 1) / jobs);
                    } catch (...) {
                        thrown[t] = std::current_exception();
                    }
                });
            for (auto& t : threads) t.join();
            for (auto& e : thrown)
                if (e) std::rethrow_exception(e);
        }
        return out;
    });
    m.def("check", &check);
    m.def("test", &test);
}
