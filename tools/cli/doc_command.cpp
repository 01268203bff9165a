// `edict doc POLICY -o DIR [--lang en|zh]`: writes the report for people (tooling/report):
// DIR/index.html with each notice beside its rules (a row per clause: the text with each cited
// sentence in its coverage colour, then the rules, parameter values and tests encoding it), the
// clauses, parameters and tests (run as `edict test` runs them); DIR/rules/NAME.html per rule with
// its citations, definitions, inputs, dependency graph (SVG) and tests; DIR/style.css. Static
// files, no scripts; the interface in English (the default) or Chinese.
// Exit: 0 written, 1 the report could not be written, 2 bad command line, 3 policy does not compile.
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "tools/cli/registry.hpp"
#include "tooling/report/html.hpp"
#include "tooling/report/model.hpp"

namespace edict::cli {

namespace {

struct DocOptions {
    std::string policy;
    std::string out;
    std::string lang = "en";
};

int run_doc(const DocOptions& o) {
    report::Lang lang = report::Lang::En;
    if (!report::parse_lang(o.lang, lang)) {  // CLI11 checks the choice; this keeps the two in step
        std::cerr << "error: --lang must be en or zh, not " << o.lang << "\n";
        return kUsage;
    }
    auto c = compile_path(o.policy, CompileOptions{true});  // with its tests: the report shows them
    if (!c->ok()) {
        std::cerr << render_all(c->diags, c->sources, false);
        return kCompile;
    }
    report::Model model;
    std::string error;
    if (!report::build_model(*c, model, error) || !report::write_report(model, o.out, error, lang)) {
        std::cerr << "error: " << error << "\n";
        return kFailed;
    }
    for (const std::string& w : model.warnings) std::cerr << "warning: " << w << "\n";
    // The same counts, in the same words, as `edict check --coverage` prints.
    std::map<regression::ClauseStatus, size_t> counts;
    for (const report::Clause& cl : model.clauses) counts[cl.status]++;
    using S = regression::ClauseStatus;
    std::cout << fmt::format("wrote {}/index.html and {} rule pages: {} clauses ({} covered, {} untested, {} not computable, "
                             "{} uncovered), {} tests\n",
                             o.out, model.rules.size(), model.clauses.size(), counts[S::Covered], counts[S::Untested],
                             counts[S::NotComputable], counts[S::Uncovered], model.tests.size());
    return kOk;
}

Runner setup_doc(CLI::App& app) {
    auto o = std::make_shared<DocOptions>();
    auto* d = app.add_subcommand("doc", "Write an HTML report: the notice beside its rules, coverage, a page per rule");
    d->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    d->add_option("--out,-o", o->out, "Folder to write the report into (created if needed)")->required();
    d->add_option("--lang", o->lang, "Language of the report's interface: en (default) or zh")
        ->check(CLI::IsMember({"en", "zh"}));
    d->footer("Exit status: 0 written, 1 the report could not be written, 2 bad command line, 3 policy does not compile.");
    return [o] { return run_doc(*o); };
}

const CommandRegistration doc_registration(45, setup_doc);

}  // namespace

}  // namespace edict::cli
