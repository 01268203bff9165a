// The straight-line block of a set of rules (fuse.hpp). Like the specialiser, this trusts nothing
// about the code beyond what the verifier checked: every index is tested before it is followed,
// and anything unexpected means "no block" (the Session then evaluates by calls, as always).
#include "runtime/vm/fuse.hpp"

#include <algorithm>
#include <array>

#include "runtime/vm/specialise.hpp"

namespace edict::vm {

namespace {

constexpr Op as_op(Spec s) { return static_cast<Op>(s); }

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

// The forms with a variant that runs the form after them without a dispatch (spec_forms.def,
// THEN_FORM). `next` is where the second one is: one on, or four for CLEAR_LOCALS, which stands
// for four instructions.
struct ThenForm {
    Op first;
    uint32_t next;
    Op then, variant;
};
constexpr ThenForm kThenForms[] = {
#define SPEC_FORM(name, doc)
#define THEN_FORM(first, at, second) \
    {static_cast<Op>(form::first), at, static_cast<Op>(form::second), static_cast<Op>(form::first##_THEN_##second)},
#include "runtime/vm/spec_forms.def"
#undef THEN_FORM
#undef SPEC_FORM
};

// Each form in `block` followed by the form its variant goes on into becomes that variant. The
// second form stays where it is (a jump may lead to it), and so do the first one's operands. In
// block order, so a variant's second form is looked at as it was (SET_LOCAL_R, SET_LOCAL_R,
// SET_LOCAL_R: the first two become variants, each running the plain one after it).
void join_forms(std::vector<Instr>& block) {
    for (size_t i = 0; i < block.size(); ++i)
        for (const ThenForm& t : kThenForms)
            if (block[i].op == t.first && i + t.next < block.size() && block[i + t.next].op == t.then) {
                block[i].op = t.variant;
                break;
            }
}

// The returns with a variant that runs the next rule's first form without a dispatch
// (spec_forms.def, INTO_FORM): `ret`, a return or a _THEN_ variant ending in one; `next`, the form
// at the return's jump target.
struct IntoForm {
    Op ret, next, variant;
};
constexpr IntoForm kIntoForms[] = {
#define SPEC_FORM(name, doc)
#define INTO_FORM(ret, next) \
    {static_cast<Op>(form::ret), static_cast<Op>(form::next), static_cast<Op>(form::ret##_INTO_##next)},
#include "runtime/vm/spec_forms.def"
#undef INTO_FORM
#undef SPEC_FORM
};

// Where the form at `i`, a straight return or a chain of _THEN_ variants ending in one, has that
// return; nullopt for any other form.
std::optional<size_t> return_of(const std::vector<Instr>& block, size_t i) {
    Op op = block[i].op;
    while (op != as_op(Spec::STRAIGHT_RET_S) && op != as_op(Spec::STRAIGHT_RET_R)) {
        const ThenForm* t = std::find_if(std::begin(kThenForms), std::end(kThenForms),
                                         [op](const ThenForm& f) { return f.variant == op; });
        if (t == std::end(kThenForms) || i + t->next >= block.size()) return std::nullopt;
        i += t->next;
        op = t->then;
    }
    return i;
}

// Each return in `block` whose jump target (the next rule's first instruction) holds the form its
// variant goes on into becomes that variant; after join_forms, whose variants both sides may be.
// The target stays as it is, and in block order, so it is looked at before it becomes a variant
// itself (its own return may be joined to the rule after it).
void join_returns(std::vector<Instr>& block) {
    for (size_t i = 0; i < block.size(); ++i)
        for (const IntoForm& t : kIntoForms) {
            if (block[i].op != t.ret) continue;
            const std::optional<size_t> ret = return_of(block, i);
            if (!ret) break;
            const int64_t target = static_cast<int64_t>(*ret) + static_cast<int32_t>(block[*ret].c) / int64_t{sizeof(Instr)};
            if (target >= 0 && target < static_cast<int64_t>(block.size()) && block[target].op == t.next) {
                block[i].op = t.variant;
                break;
            }
        }
}

// The copies of handlers (spec_forms.def, REPLICA_FORM): copy k of `form` is `copy`.
struct Replica {
    Op form;
    uint32_t k;
    Op copy;
};
constexpr Replica kReplicas[] = {
#define SPEC_FORM(name, doc)
#define REPLICA_FORM(copied, k) {static_cast<Op>(form::copied), k, static_cast<Op>(form::copied##_COPY##k)},
#include "runtime/vm/spec_forms.def"
#undef REPLICA_FORM
#undef SPEC_FORM
};
// The form itself and its copies: one more than the highest copy number.
constexpr uint32_t kCopiesOfEach = [] {
    uint32_t highest = 0;
    for (const Replica& r : kReplicas) highest = std::max(highest, r.k);
    return highest + 1;
}();
// By op: what its k-th place runs (copy 0, the form itself); all of them the op itself for a form
// without copies, and for a copy number a form has none of.
constexpr auto kCopiesOf = [] {
    std::array<std::array<Op, kCopiesOfEach>, 256> copies{};
    for (size_t op = 0; op < copies.size(); ++op) copies[op].fill(static_cast<Op>(op));
    for (const Replica& r : kReplicas) copies[static_cast<uint8_t>(r.form)][r.k] = r.copy;
    return copies;
}();

// The n-th place in `block` of a form with copies runs copy n mod kCopiesOfEach. After the joins,
// which look for the forms themselves.
void replicate(std::vector<Instr>& block) {
    std::array<uint32_t, 256> seen{};  // by op
    for (Instr& in : block) {
        const auto op = static_cast<uint8_t>(in.op);
        in.op = kCopiesOf[op][seen[op]++ % kCopiesOfEach];
    }
}

}  // namespace

std::vector<uint32_t> rule_code_ends(const Program& program) {
    const size_t count = program.rules.size();
    std::vector<uint32_t> by_entry(count);
    for (uint32_t r = 0; r < count; ++r) by_entry[r] = r;
    std::sort(by_entry.begin(), by_entry.end(),
              [&](uint32_t a, uint32_t b) { return program.rules[a].entry < program.rules[b].entry; });
    std::vector<uint32_t> ends(count, 0);
    for (size_t i = 0; i < count; ++i) {
        const uint32_t r = by_entry[i], entry = program.rules[r].entry;
        const bool shared = (i > 0 && program.rules[by_entry[i - 1]].entry == entry) ||
                            (i + 1 < count && program.rules[by_entry[i + 1]].entry == entry);
        if (!shared) ends[r] = i + 1 < count ? program.rules[by_entry[i + 1]].entry : static_cast<uint32_t>(program.code.size());
    }
    return ends;
}

std::optional<std::vector<Instr>> fuse(const Program& program, const Instr* spec, uint32_t base,
                                       const uint32_t* rules, size_t n, const FuseRegisters& regs) {
    const size_t rule_count = program.rules.size();
    const auto code_size = static_cast<uint32_t>(program.code.size());
    if (n == 0 || n > (1u << 26)) return std::nullopt;  // n slots of 32 bytes must fit an offset
    // Each requested rule's place among the host's results; a rule asked for twice has two.
    constexpr uint32_t kNotAsked = UINT32_MAX;
    std::vector<uint32_t> slot(rule_count, kNotAsked);
    for (size_t k = 0; k < n; ++k) {
        if (rules[k] >= rule_count || slot[rules[k]] != kNotAsked) return std::nullopt;
        slot[rules[k]] = static_cast<uint32_t>(k);
    }
    auto range_of = [&](uint32_t r) { return CodeRange{program.rules[r].entry, regs.code_ends[r]}; };

    // Dependencies first (depth first, in the host's order among independent rules); a rule read
    // but not asked for, or a cycle, and there is no block.
    enum : uint8_t { kNew, kOpen, kPlaced };
    std::vector<uint8_t> state(rule_count, kNew);
    std::vector<uint32_t> order;
    order.reserve(n);
    struct Visit {
        uint32_t rule;
        std::vector<uint32_t> reads;
        size_t next = 0;
    };
    std::vector<Visit> stack;
    auto open = [&](uint32_t r) -> bool {
        const CodeRange range = range_of(r);
        if (range.begin >= range.end || range.end > code_size) return false;
        auto reads = reads_of(program, range);
        if (!reads) return false;
        state[r] = kOpen;
        stack.push_back({r, std::move(*reads)});
        return true;
    };
    for (size_t k = 0; k < n; ++k) {
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
            if (dep >= rule_count || slot[dep] == kNotAsked) return std::nullopt;  // read, not asked for: it may never run
            if (state[dep] == kOpen) return std::nullopt;  // a cycle: evaluation by calls reports it
            if (state[dep] == kNew && !open(dep)) return std::nullopt;
        }
    }
    // The block. Registers and distances as the forms name them (specialise.hpp), if they fit; a
    // slot among the host's results is named like a register, by its byte offset.
    // Every rule's locals from one base, the lowest of theirs, when each rule's local indexes,
    // moved by how far its locals lie from that base, still fit the 16 bits of b: then FUSED_START
    // sets L once and no rule starts with FUSED_LOCALS (a dispatch less for each rule with locals).
    // Otherwise (locals more than 65,536 registers apart) each rule sets L to its own at its start.
    // The verifier holds every local index below its rule's count, so the test is on the counts.
    uint32_t locals_base = UINT32_MAX;
    for (uint32_t r : order)
        if (program.rules[r].locals > 0) locals_base = std::min(locals_base, regs.starts[r].locals);
    if (locals_base == UINT32_MAX) locals_base = regs.starts[order.front()].locals;
    bool one_base = true;
    for (uint32_t r : order)
        if (program.rules[r].locals > 0 &&
            uint64_t{regs.starts[r].locals} - locals_base + program.rules[r].locals > uint64_t{UINT16_MAX} + 1)
            one_base = false;
    std::vector<Instr> block;
    const auto first_locals = reg_offset(one_base ? locals_base : regs.starts[order.front()].locals);
    if (!first_locals) return std::nullopt;
    block.push_back(Instr{as_op(Spec::FUSED_START), 0, 0, 0, *first_locals});
    for (size_t i = 0; i < order.size(); ++i) {
        const uint32_t r = order[i];
        const CodeRange range = range_of(r);
        const auto result = reg_offset(regs.first_rule + r);
        const auto out = reg_offset(slot[r]);
        if (!result || !out) return std::nullopt;
        const uint32_t moved = one_base && program.rules[r].locals > 0 ? regs.starts[r].locals - locals_base : 0;
        if (!one_base && i > 0 && program.rules[r].locals > 0) {  // the first rule's are set by FUSED_START
            const auto locals = reg_offset(regs.starts[r].locals);
            if (!locals) return std::nullopt;
            block.push_back(Instr{as_op(Spec::FUSED_LOCALS), 0, 0, 0, *locals});
        }
        const auto start = static_cast<uint64_t>(base) + block.size();
        const uint64_t end = start + (range.end - range.begin);  // where its FUSED_END goes
        if (end + 1 > UINT32_MAX) return std::nullopt;
        // STRAIGHT_RET_R names the rule's register by number in b: when it does not fit, RET_R
        // keeps going by the FUSED_END.
        const uint32_t result_number = regs.first_rule + r;
        for (uint32_t pc = range.begin; pc < range.end; ++pc) {
            Instr in = spec[pc];
            const auto at = static_cast<uint32_t>(start + (pc - range.begin));
            const LocalFields locals = local_fields(in.op);
            if (locals.b) in.b = static_cast<uint16_t>(in.b + moved);  // fits: one_base says so
            if (locals.c) in.c += moved;
            std::optional<uint32_t> distance = 0;
            if (in.op == as_op(Spec::RET_S) || (in.op == as_op(Spec::RET_R) && result_number <= UINT16_MAX)) {
                distance = jump_offset(at, static_cast<uint32_t>(end + 1));
                if (distance) {
                    const bool on_stack = in.op == as_op(Spec::RET_S);
                    in = Instr{as_op(on_stack ? Spec::STRAIGHT_RET_S : Spec::STRAIGHT_RET_R), 0,
                               static_cast<uint16_t>(on_stack ? 0 : result_number), *distance,
                               on_stack ? *result : in.x, *out};
                }
            } else if (is_return(in.op)) {
                distance = jump_offset(at, static_cast<uint32_t>(end));
                if (distance) in.c = *distance;
            } else if (jumps_to_c(in.op)) {  // a program instruction: its target is absolute
                in.c = static_cast<uint32_t>(start + (in.c - range.begin));
            } else if (reads_program_copy(in.op)) {  // its copy stays at code_size + pc
                distance = jump_offset(at, code_size + pc);
                if (distance) in.y = *distance;
            }
            if (!distance) return std::nullopt;
            block.push_back(in);
        }
        block.push_back(Instr{as_op(Spec::FUSED_END), 0, 0, *result, *out, 0});
    }
    block.push_back(Instr{as_op(Spec::FUSED_STOP), 0, 0, static_cast<uint32_t>(order.size())});
    join_forms(block);
    join_returns(block);
    replicate(block);
    return block;
}

}  // namespace edict::vm
