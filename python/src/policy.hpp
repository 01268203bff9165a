// A loaded policy as the Python module holds it. Takes: a policy folder, an .edict file or an
// .edictc artifact (path or bytes). Produces: the public program (edict::api, shared by every
// batch and thread) and, when compiled from source, the compilation the explainer needs.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "compiler/driver/compile.hpp"
#include "edict/edict.hpp"
#include "tooling/explain/explain.hpp"

namespace edict::python {

class Policy {
public:
    // false with `error` and `diagnostics` (as Python dicts) when the policy does not load.
    static std::shared_ptr<Policy> load(const std::string& path, pybind11::list& diagnostics, std::string& error);
    static std::shared_ptr<Policy> from_artifact(std::string_view bytes, std::string& error);

    const std::shared_ptr<const api::Program>& program() const { return program_; }
    bool has_source() const { return compilation_ != nullptr; }
    // The trace of one case (docs/explain.md) as JSON text; false with `error` for a bad request.
    bool explain(const io::Json& input, const std::vector<std::string>& outputs, bool allow_extra, std::string& trace,
                 std::string& error);

private:
    std::shared_ptr<const api::Program> program_;
    std::unique_ptr<Compilation> compilation_;     // null for an artifact
    std::unique_ptr<explain::Explainer> explainer_;  // built on first explain
};

// A diagnostic as a Python dict: severity, code, file, line, column, message, rendered.
pybind11::dict diagnostic_dict(const api::Diagnostic& d);

// `edict check` and `edict test` as Python values (tooling.cpp).
pybind11::dict check(const std::string& path);
pybind11::dict test(const std::string& path);

}  // namespace edict::python
