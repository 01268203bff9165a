// `edict disasm`: the bytecode listing, for the curious and for golden tests.
#include <iostream>

#include <fmt/format.h>

#include "bytecode/disasm.hpp"
#include "commands.hpp"
#include "driver/compile.hpp"

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

}  // namespace edict::cli
