// `edict`: the analyst's and the batch job's entry point. Parses flags with CLI11 (Debian's
// libcli11-dev: declarative subcommands, --help for each, clear errors for bad flags) and
// dispatches to the commands in this folder.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
    using namespace edict::cli;
    CLI::App app{"Edict: rules-as-code for social-insurance notices"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "edict 0.1.0");

    EvalOptions eval;
    auto* e = app.add_subcommand("eval", "Evaluate a policy on a case (.json) or cases (.jsonl, one per line)");
    e->add_option("policy", eval.policy, "Policy folder or .edict file")->required();
    e->add_option("--input,-i", eval.input, "Case file: one JSON object, or JSON Lines; '-' reads JSON Lines from stdin")->required();
    e->add_option("--output,-o", eval.outputs, "Outputs to print, comma-separated (default: every output)");
    e->add_flag("--allow-extra", eval.allow_extra, "Ignore keys that are not inputs of the policy");
    e->footer("Exit status: 0 ok, 1 a case failed, 2 bad command line, 3 policy does not compile, 4 unreadable input.");

    CheckOptions check;
    auto* c = app.add_subcommand("check", "Compile a policy and report every problem with its location");
    c->add_option("policy", check.policy, "Policy folder or .edict file")->required();
    c->add_flag("--color", check.colour, "Colour the diagnostics");
    c->footer("Exit status: 0 no errors (warnings may be printed), 1 errors found.");

    std::string dis_policy, dis_rule;
    auto* d = app.add_subcommand("disasm", "Print the bytecode of a policy");
    d->add_option("policy", dis_policy, "Policy folder or .edict file")->required();
    d->add_option("--rule", dis_rule, "Only this rule");
    d->footer("Exit status: 0 ok, 2 bad command line or unknown rule, 3 policy does not compile.");

    TestOptions test;
    auto* t = app.add_subcommand("test", "Run the scenario tests of policies (tests/*.edict and tests/*.jsonl)");
    t->add_option("paths", test.paths, "Policy folders")->required();
    t->add_option("--filter", test.filter, "Only tests whose name or clause contains this text");
    t->add_option("--junit", test.junit, "Also write JUnit XML to this file");
    t->footer("Exit status: 0 all passed, 1 a test failed, 3 a policy does not compile.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        int code = app.exit(err);
        return code == 0 ? 0 : kUsage;
    }
    if (*e) return run_eval(eval);
    if (*c) return run_check(check);
    if (*d) return run_disasm(dis_policy, dis_rule);
    if (*t) return run_test(test);
    return kUsage;
}
