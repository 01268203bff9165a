// The straight-line block of a set of rules (fuse.hpp). Like the specialiser, this trusts nothing
// about the code beyond what the verifier checked: every index is tested before it is followed,
// and anything unexpected means "no block" (the Session then evaluates by calls, as always).
#include "runtime/vm/fuse.hpp"

#include <algorithm>
#include <unordered_map>

#include "runtime/vm/specialise.hpp"

namespace edict::vm {

namespace {

Op as_op(Spec s) { return static_cast<Op>(s); }

// Rule r's code: [begin, end), from its entry to the next rule's (codegen emits one block per
// rule, and the verifier refuses code reached from two rules).
struct CodeRange {
    uint32_t begin = 0, end = 0;
};

// The rules rule r's code reads (RULE, or an operand naming a rule's register), in order of
// appearance; nullopt when it jumps out of its own range.
std::optional<std::vector<uint32_t>> reads_of(const Program& program, const CodeRange& range) {
    std::vector<uint32_t> reads;
    for (uint32_t pc = range.begin; pc < range.end; ++pc) {
        const Instr& in = program.code[pc];
        if (jumps_to_c(in.op) && (in.c < range.begin || in.c >= range.end)) return std::nullopt;
        if (in.op == Op::RULE) reads.push_back(in.c);
        for (uint32_t ref : {in.x, in.y})
            if (Operand::kind(ref) == OperandKind::Rule) reads.push_back(Operand::index(ref));
    }
    return reads;
}

}  // namespace

std::optional<std::vector<Instr>> fuse(const Program& program, const Instr* spec, uint32_t base,
                                       const uint32_t* rules, size_t n, const FuseRegisters& regs) {
    const size_t rule_count = program.rules.size();
    const auto code_size = static_cast<uint32_t>(program.code.size());
    if (n == 0 || n > (1u << 26)) return std::nullopt;  // n slots of 32 bytes must fit an offset
    // Each requested rule's place among the host's results; a rule asked for twice has two.
    std::unordered_map<uint32_t, uint32_t> slot;
    for (size_t k = 0; k < n; ++k) {
        if (rules[k] >= rule_count || !slot.emplace(rules[k], static_cast<uint32_t>(k)).second) return std::nullopt;
    }
    // Code ranges, from the entries in code order.
    std::vector<uint32_t> entries;
    entries.reserve(rule_count);
    for (const RuleInfo& r : program.rules) entries.push_back(r.entry);
    std::sort(entries.begin(), entries.end());
    if (std::adjacent_find(entries.begin(), entries.end()) != entries.end()) return std::nullopt;
    auto range_of = [&](uint32_t r) {
        const uint32_t begin = program.rules[r].entry;
        const auto next = std::upper_bound(entries.begin(), entries.end(), begin);
        return CodeRange{begin, next == entries.end() ? code_size : *next};
    };

    // Dependencies first (depth first, in the host's order among independent rules); a rule read
    // but not asked for, or a cycle, and there is no block.
    enum : uint8_t { kNew, kOpen, kPlaced };
    std::unordered_map<uint32_t, uint8_t> state;
    std::vector<uint32_t> order;
    order.reserve(n);
    struct Visit {
        uint32_t rule;
        std::vector<uint32_t> reads;
        size_t next = 0;
    };
    std::vector<Visit> stack;
    for (size_t k = 0; k < n; ++k) {
        auto open = [&](uint32_t r) -> bool {
            const CodeRange range = range_of(r);
            if (range.begin >= range.end || range.end > code_size) return false;
            auto reads = reads_of(program, range);
            if (!reads) return false;
            state[r] = kOpen;
            stack.push_back({r, std::move(*reads)});
            return true;
        };
        if (state[rules[k]] == kPlaced) continue;
        if (!open(rules[k])) return std::nullopt;
        while (!stack.empty()) {
            Visit& v = stack.back();
            if (v.next == v.reads.size()) {
                state[v.rule] = kPlaced;
                order.push_back(v.rule);
                stack.pop_back();
                continue;
            }
            const uint32_t dep = v.reads[v.next++];
            if (!slot.count(dep)) return std::nullopt;  // read, not asked for: it may never run
            const uint8_t s = state[dep];
            if (s == kOpen) return std::nullopt;        // a cycle: evaluation by calls reports it
            if (s == kNew && !open(dep)) return std::nullopt;
        }
    }

    // The block. Byte offsets and distances must fit their 32-bit operands.
    std::vector<Instr> block;
    auto offset_of = [](uint64_t reg) -> std::optional<uint32_t> {
        const uint64_t bytes = reg * sizeof(Value);
        if (bytes > UINT32_MAX) return std::nullopt;
        return static_cast<uint32_t>(bytes);
    };
    const auto first_locals = offset_of(regs.locals[order.front()]);
    if (!first_locals) return std::nullopt;
    block.push_back(Instr{as_op(Spec::FUSED_START), 0, 0, 0, *first_locals});
    for (size_t i = 0; i < order.size(); ++i) {
        const uint32_t r = order[i];
        const CodeRange range = range_of(r);
        const auto start = static_cast<uint64_t>(base) + block.size();
        const uint64_t end = start + (range.end - range.begin);  // where its FUSED_END goes
        if (end >= (1ull << 31)) return std::nullopt;
        for (uint32_t pc = range.begin; pc < range.end; ++pc) {
            Instr in = spec[pc];
            const uint64_t at = start + (pc - range.begin);
            if (is_return(in.op)) {
                in.c = static_cast<uint32_t>((end - at) * sizeof(Instr));
            } else if (jumps_to_c(in.op)) {  // a program instruction: its target is absolute
                in.c = static_cast<uint32_t>(start + (in.c - range.begin));
            }
            block.push_back(in);
        }
        const auto result = offset_of(static_cast<uint64_t>(regs.first_rule) + r);
        const auto out = offset_of(slot.at(r));
        const auto next_locals = offset_of(regs.locals[i + 1 < order.size() ? order[i + 1] : r]);
        if (!result || !out || !next_locals) return std::nullopt;
        block.push_back(Instr{as_op(Spec::FUSED_END), 0, 0, *result, *out, *next_locals});
    }
    block.push_back(Instr{as_op(Spec::FUSED_STOP), 0, 0, static_cast<uint32_t>(order.size())});
    return block;
}

}  // namespace edict::vm
