// Loading policies for Python (policy.hpp) and explaining one case.
#include "python/src/policy.hpp"

#include <filesystem>

#include "api/internal.hpp"

namespace py = pybind11;

namespace edict::python {

py::dict diagnostic_dict(const api::Diagnostic& d) {
    py::dict out;
    out["severity"] = d.severity == api::Severity::Error ? "error" : d.severity == api::Severity::Warning ? "warning" : "note";
    out["code"] = d.code;
    out["file"] = d.location.file;
    out["line"] = d.location.line;
    out["column"] = d.location.column;
    out["message"] = d.message;
    out["rendered"] = d.rendered;
    return out;
}

std::shared_ptr<Policy> Policy::load(const std::string& path, py::list& diagnostics, std::string& error) {
    auto policy = std::make_shared<Policy>();
    if (api::is_artifact_path(path)) {
        api::LoadResult r = api::load_artifact_file(path);
        if (!r) {
            error = r.error;
            return nullptr;
        }
        policy->program_ = r.program;
        return policy;
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        error = "no such policy folder, .edict file or .edictc artifact: " + path;
        return nullptr;
    }
    // Compiled here rather than through api::load, so the explainer can reuse the compilation.
    auto c = compile_path(path);
    for (const edict::Diagnostic& d : c->diags.items()) diagnostics.append(diagnostic_dict(api::public_diagnostic(d, c->sources)));
    if (!c->ok()) {
        error = render_all(c->diags, c->sources, false);
        return nullptr;
    }
    policy->program_ = api::wrap(c->program);
    policy->compilation_ = std::move(c);
    return policy;
}

std::shared_ptr<Policy> Policy::from_artifact(std::string_view bytes, std::string& error) {
    api::LoadResult r = api::load_artifact(bytes);
    if (!r) {
        error = r.error;
        return nullptr;
    }
    auto policy = std::make_shared<Policy>();
    policy->program_ = r.program;
    return policy;
}

bool Policy::explain(const io::Json& input, const std::vector<std::string>& outputs, bool allow_extra, std::string& trace,
                     std::string& error) {
    if (!compilation_) {
        error = "explain needs the policy's rule files; this policy was loaded from a compiled artifact";
        return false;
    }
    if (!explainer_) {
        explainer_ = explain::Explainer::create(*compilation_, error);
        if (!explainer_) return false;
    }
    explain::Explanation e;
    if (!explainer_->run(input, outputs, allow_extra, e, error)) return false;
    trace = explain::to_json(e);
    return true;
}

}  // namespace edict::python
