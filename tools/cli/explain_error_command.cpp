// `edict explain-error CODE` (also `edict --explain CODE`): what a diagnostic code means, why Edict
// refuses the input, and an input that produces it (compiler/diagnostics/codes.def, rustc's error
// index is the model). `--list`: every code with its title.
// Exit: 0 explained, 2 no such code or bad command line.
#include <iostream>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "compiler/diagnostics/codes.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

namespace {

struct ExplainErrorOptions {
    std::string code;
    bool list = false;
};

int run_explain_error(const ExplainErrorOptions& o) {
    if (o.list) {
        for (const DiagInfo& d : all_diagnostics()) std::cout << fmt::format("{}  {}\n", d.code, d.title);
        return kOk;
    }
    auto code = find_diag_code(o.code);
    if (!code) {
        std::cerr << fmt::format("error: `{}` is not a diagnostic code of Edict (codes look like E0301 or W0301); "
                                 "`edict explain-error --list` lists them all\n", o.code);
        return kUsage;
    }
    std::cout << explain_diagnostic(diag_info(*code));
    return kOk;
}

Runner setup_explain_error(CLI::App& app) {
    auto o = std::make_shared<ExplainErrorOptions>();
    auto* c = app.add_subcommand("explain-error", "Explain a diagnostic code (E0301): its meaning, the fix, an example");
    auto* code = c->add_option("code", o->code, "The code, as printed in error[E0301]");
    auto* list = c->add_flag("--list", o->list, "List every code with its title");
    code->excludes(list);
    c->require_option(1);
    c->footer("Also `edict --explain CODE`. Exit status: 0 explained, 2 unknown code or bad command line.");
    return [o] { return run_explain_error(*o); };
}

const CommandRegistration explain_error_registration(16, setup_explain_error);

}  // namespace

}  // namespace edict::cli
