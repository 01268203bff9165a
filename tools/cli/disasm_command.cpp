// `edict disasm`: the bytecode listing, for the curious and for golden tests.
#include <iostream>

#include <fmt/format.h>

#include "runtime/bytecode/disasm.hpp"
#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

std::unique_ptr<Compilation> compile_or_report(const std::string& policy);

int run_disasm(const std::string& policy, const std::string& rule) {
    auto c = compile_or_report(policy);
    if (!c->ok()) return kCompile;
    const Program& p = *c->program;
    if (rule.empty()) {
        std::cout << disassemble(p);
        return kOk;
    }
    const RuleInfo* r = p.find_rule(rule);
    if (!r) {
        std::cerr << fmt::format("error: no rule named `{}`\n", rule);
        return kUsage;
    }
    std::cout << disassemble_rule(p, static_cast<uint32_t>(r - p.rules.data()));
    return kOk;
}

namespace {

Runner setup_disasm(CLI::App& app) {
    auto policy = std::make_shared<std::string>();
    auto rule = std::make_shared<std::string>();
    auto* d = app.add_subcommand("disasm", "Print the bytecode of a policy");
    d->add_option("policy", *policy, "Policy folder or .edict file")->required();
    d->add_option("--rule", *rule, "Only this rule");
    d->footer("Exit status: 0 ok, 2 bad command line or unknown rule, 3 policy does not compile.");
    return [policy, rule] { return run_disasm(*policy, *rule); };
}

const CommandRegistration disasm_registration(40, setup_disasm);

}  // namespace

}  // namespace edict::cli

