// `edict check POLICY`: compiles a policy with its tests and reports every problem with its
// location; then checks the rules against the notice texts (tooling/regression): every cited quote
// occurs in its notice, every number a cited clause states is used (or declared unused) and every
// constant of a citing rule is stated (or declared external); and that every test can run (every
// tests/*.jsonl line checks an output and names a clause the notice has). `--coverage` lists each clause of the
// notices with the rules citing it and the tests reaching them, as text or `--format json`.
// Exit 0: no errors (and with --coverage, no uncovered clause, and some notice text to grade); 1 otherwise.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/coverage.hpp"
#include "tooling/regression/test_cases.hpp"
#include "tooling/regression/numbers.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

namespace {

struct CheckCommand {
    std::string policy;
    bool colour = false;
    bool coverage = false;
    std::string format = "text";
};

int run_check_command(const CheckCommand& o) {
    auto c = compile_path(o.policy, CompileOptions{true});
    std::cerr << render_all(c->diags, c->sources, o.colour);
    if (!c->ok()) return kFailed;
    Diagnostics text_diags;
    regression::CitationReport cites = regression::verify_citations(c->checked, text_diags);
    regression::check_numbers(c->checked, cites, text_diags);
    std::cerr << render_all(text_diags, c->sources, o.colour);
    bool failed = text_diags.has_errors();
    // A test that cannot run (a case line checking nothing, naming a clause the notice does not
    // have, …) is an error here as it is a failure for `edict test`.
    std::vector<regression::TestCase> tests = regression::collect_tests(*c, cites.texts);
    for (const regression::TestCase& t : tests)
        for (const std::string& problem : t.problems) {
            std::cerr << fmt::format("{}: error: {}\n", t.where, problem);
            failed = true;
        }
    if (o.coverage) {
        regression::Coverage cov = regression::coverage(*c, cites, tests);
        std::cout << (o.format == "json" ? regression::coverage_json(cov) : regression::coverage_text(cov));
        failed |= cov.uncovered() > 0;
        // No text, no clause: a coverage of nothing would pass with nothing checked.
        if (cov.notices.empty()) {
            std::cerr << "error: no notice of the policy declares its text (`notice \"N\" text \"FILE\"`): coverage has "
                         "no clause to grade\n";
            failed = true;
        }
    } else if (!failed) {
        const Program& p = *c->program;
        size_t verified = 0, textless = 0, imported = 0;
        for (const auto& lc : cites.citations) {
            // The imported modules' citations (the base rules cite their laws) are counted apart.
            if (!regression::in_policy_folder(*c, lc.decl.module)) {
                imported += !lc.clause.empty();
                continue;
            }
            verified += !lc.clause.empty();
            textless += !cites.texts.count(lc.notice);
        }
        // Declared rules: a definition that `base` reads is compiled as a rule of its own, but is not one.
        size_t declared = 0;
        for (const check::RuleSym& r : c->checked.rules) declared += r.base_of < 0;
        std::cout << fmt::format("ok: {} rules, {} inputs, {} outputs, {} tests, {} citations verified{}{}\n",
                                 declared, p.inputs.size(), p.outputs.size(), tests.size(), verified,
                                 textless ? fmt::format(" ({} not verified: their notice has no text)", textless) : "",
                                 imported ? fmt::format(", and {} in imported modules", imported) : "");
    }
    return failed ? kFailed : kOk;
}

Runner setup_check(CLI::App& app) {
    auto o = std::make_shared<CheckCommand>();
    auto* c = app.add_subcommand("check", "Compile a policy, report every problem with its location, and check its "
                                          "citations and numbers against the notice texts");
    c->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    c->add_flag("--color", o->colour, "Colour the diagnostics");
    auto* cov = c->add_flag("--coverage", o->coverage, "List each clause of the notices with its rules and tests");
    c->add_option("--format", o->format, "Coverage as text (default) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->needs(cov);
    c->footer("Exit status: 0 no errors (warnings may be printed), 1 errors found or (with --coverage) a clause "
              "is uncovered.");
    return [o] { return run_check_command(*o); };
}

const CommandRegistration check_registration(20, setup_check);

}  // namespace

}  // namespace edict::cli
