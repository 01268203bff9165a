// Fuzz target: long chains and deep or wide rule graphs (issue 11). Takes: bytes read as a recipe,
// four bytes a piece — kind, operator, and a 16-bit length — each piece appending declarations to
// one generated policy: an operator chain (`1 + 1 + …`, `and`, `or`, `??`, `*`, comparisons), a
// chain of rules each using the one before, a chain of functions each calling the one before, a
// nest of parentheses, or a wide rule reading many rules. Produces: nothing; the policy must compile
// or be refused with an error (E0008 for a tree too deep), never crash — a stack overflow, a
// sanitizer report or an abort() on a broken invariant is a finding. Lengths reach 30,000, far
// past syntax::kMaxExprDepth, so both sides of every limit are explored.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "compiler/driver/compile.hpp"
#include "runtime/vm/vm.hpp"

namespace {

std::string chain(const char* op, const char* term, size_t n) {
    std::string s = term;
    for (size_t i = 1; i < n; ++i) (s += op) += term;
    return s;
}

// Appends one piece to `out`; `id` keeps the names of different pieces apart.
void piece(std::string& out, size_t id, uint8_t kind, uint8_t op, size_t len) {
    static const struct { const char* op; const char* term; const char* type; } kOps[] = {
        {" + ", "1", "int"},        {" * ", "x", "int"},          {" and ", "true", "bool"},
        {" or ", "false", "bool"},  {" ?? ", "y", "int"},         {" - ", "x", "int"},
    };
    switch (kind % 5) {
        case 0: {
            const auto& o = kOps[op % 6];
            out += fmt::format("rule c{}: {} = {}{}\n", id, o.type, chain(o.op, o.term, len + 1),
                               o.term[0] == 'y' ? " ?? 0" : "");
            break;
        }
        case 1:
            out += fmt::format("rule d{}_0: int = x\n", id);
            for (size_t i = 1; i <= len; ++i) out += fmt::format("rule d{}_{}: int = d{}_{} + 1\n", id, i, id, i - 1);
            break;
        case 2:
            out += fmt::format("function f{}_0(v: int): int = v + 1\n", id);
            for (size_t i = 1; i <= len; ++i)
                out += fmt::format("function f{}_{}(v: int): int = f{}_{}(v) {} 1\n", id, i, id, i - 1, op % 2 ? "+" : "*");
            out += fmt::format("rule g{}: int = f{}_{}(x)\n", id, id, len);
            break;
        case 3: {
            size_t depth = len % 400;
            out += fmt::format("rule n{}: int = {}x{}\n", id, std::string(depth, '('), std::string(depth, ')'));
            break;
        }
        default: {
            std::string names;
            for (size_t i = 0; i < len; ++i) {
                out += fmt::format("rule w{}_{}: int = x + {}\n", id, i, i);
                names += fmt::format("{}w{}_{}", i ? ", " : "", id, i);
            }
            out += fmt::format("rule top{}: int = count([{}])\n", id, names);
            break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64) return 0;  // 16 pieces at most: each may write megabytes
    std::string text = "input x: int \"X.\"\ninput y: int? \"Y.\"\n";
    for (size_t i = 0; i + 4 <= size; i += 4)
        piece(text, i / 4, data[i], data[i + 1], (size_t{data[i + 2]} << 8 | data[i + 3]) % 30000);
    auto c = edict::compile_sources({{"chains.edict", text}});
    if (!c->ok()) {
        if (!c->diags.has_errors()) std::abort();  // no program must mean an error was reported
        return 0;
    }
    const edict::Program& p = *c->program;
    edict::vm::Session session(p);
    session.set_step_budget(2000000);
    std::vector<edict::vm::InputState> present(p.inputs.size(), edict::vm::InputState::Present);
    std::vector<edict::Value> values(p.inputs.size(), edict::Value::integer(3));
    std::vector<std::string> messages(p.inputs.size());
    edict::vm::CaseView view{values.data(), present.data(), messages.data()};
    uint32_t last = static_cast<uint32_t>(p.rules.size() - 1);  // the last rule sits on the longest chain
    edict::Value out;
    edict::vm::RuntimeError err;
    if (!p.rules.empty()) session.evaluate(view, &last, 1, &out, err);
    return 0;
}
