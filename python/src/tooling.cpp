// `edict check` and `edict test` for Python (policy.hpp): the same collection, checks and
// comparison as the commands (tooling/regression), returned as dicts instead of printed.
// The CLI's tools/cli/check_command.cpp and test_command.cpp order the same calls; only the
// printing differs, which is why this file repeats their few lines of sequencing.
#include <charconv>

#include <pybind11/stl.h>

#include "api/internal.hpp"
#include "python/src/policy.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/coverage.hpp"
#include "tooling/regression/numbers.hpp"
#include "tooling/regression/test_cases.hpp"

namespace py = pybind11;

namespace edict::python {

namespace {

// "tests/clauses.edict:12:1" or "policy/tests/boundary.jsonl:3" as file, line, column (0: none).
py::dict located(const std::string& where) {
    py::dict out;
    std::string file = where;
    uint32_t nums[2] = {0, 0};
    int found = 0;
    for (int k = 0; k < 2; ++k) {
        size_t colon = file.rfind(':');
        if (colon == std::string::npos) break;
        uint32_t v = 0;
        auto [ptr, ec] = std::from_chars(file.data() + colon + 1, file.data() + file.size(), v);
        if (ec != std::errc() || ptr != file.data() + file.size()) break;
        nums[found++] = v;
        file.resize(colon);
    }
    out["file"] = file;
    out["line"] = found == 2 ? nums[1] : found == 1 ? nums[0] : 0;
    out["column"] = found == 2 ? nums[0] : 0;
    return out;
}

void append_diagnostics(py::list& out, const Diagnostics& diags, const SourceMap& sources) {
    for (const edict::Diagnostic& d : diags.items()) out.append(diagnostic_dict(api::public_diagnostic(d, sources)));
}

}  // namespace

py::dict check(const std::string& path) {
    py::list diagnostics;
    py::dict out;
    auto c = compile_path(path, CompileOptions{true});
    append_diagnostics(diagnostics, c->diags, c->sources);
    out["diagnostics"] = diagnostics;
    out["ok"] = false;
    if (!c->ok()) return out;
    Diagnostics text_diags;
    regression::CitationReport cites = regression::verify_citations(c->checked, text_diags);
    regression::check_numbers(c->checked, cites, text_diags);
    append_diagnostics(diagnostics, text_diags, c->sources);
    bool failed = text_diags.has_errors();
    // A test that cannot run is an error here as it is a failure for `edict test`.
    std::vector<regression::TestCase> tests = regression::collect_tests(*c, cites.texts);
    for (const regression::TestCase& t : tests)
        for (const std::string& problem : t.problems) {
            py::dict d = located(t.where);
            d["severity"] = "error";
            d["code"] = "";
            d["message"] = problem;
            d["rendered"] = t.where + ": error: " + problem;
            diagnostics.append(d);
            failed = true;
        }
    size_t declared = 0, verified = 0;
    for (const check::RuleSym& r : c->checked.rules) declared += r.base_of < 0;
    for (const auto& lc : cites.citations) verified += regression::in_policy_folder(*c, lc.decl.module) && !lc.clause.empty();
    out["ok"] = !failed;
    out["rules"] = declared;
    out["inputs"] = c->program->inputs.size();
    out["outputs"] = c->program->outputs.size();
    out["tests"] = tests.size();
    out["citations_verified"] = verified;
    return out;
}

py::dict test(const std::string& path) {
    py::dict out;
    py::list diagnostics, results;
    auto c = compile_path(path, CompileOptions{true});
    append_diagnostics(diagnostics, c->diags, c->sources);
    out["diagnostics"] = diagnostics;
    out["tests"] = results;
    out["passed"] = 0;
    out["failed"] = 0;
    out["compiled"] = c->ok();
    if (!c->ok()) return out;
    Diagnostics text_diags;  // a notice text that cannot be read: its clause ids cannot be checked
    regression::NoticeTexts texts = regression::load_notice_texts(c->checked, text_diags);
    append_diagnostics(diagnostics, text_diags, c->sources);
    size_t passed = 0, failed = 0;
    for (const regression::TestCase& t : regression::collect_tests(*c, texts)) {
        regression::TestResult r = regression::run_test(*c, *c->program, t);
        py::dict d = located(t.where);
        d["name"] = t.name;
        d["clause"] = t.clause;
        d["where"] = t.where;
        d["passed"] = r.passed;
        d["problems"] = r.problems;
        results.append(d);
        (r.passed ? passed : failed) += 1;
    }
    out["passed"] = passed;
    out["failed"] = failed;
    return out;
}

}  // namespace edict::python
