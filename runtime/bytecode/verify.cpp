// Structural verification of a loaded Program (see verify.hpp for what is and is not proved).
// Tables first (types, constants, inputs, rules, ...), then each rule's code by a worklist walk
// that tracks the operand-stack depth at every reachable instruction.
#include "runtime/bytecode/verify.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/value/date.hpp"

namespace edict {

namespace {

constexpr int kMaxRuleDepth = 1 << 16;
constexpr int kMaxListTypeDepth = 32;

// A calendar's covered years: each span inside years 1..9999 and forwards, and each after the one
// before with a gap (the compiler merges touching spans), as the VM's look-up and messages expect.
bool calendar_coverage_ok(const CalendarInfo& c) {
    for (size_t i = 0; i < c.covers.size(); ++i) {
        const YearSpan& y = c.covers[i];
        if (y.first < kMinYear || y.last > kMaxYear || y.first > y.last) return false;
        if (i > 0 && y.first <= c.covers[i - 1].last + 1) return false;
    }
    return true;
}

class Verifier {
public:
    explicit Verifier(Program& p) : P(p) {}
    bool run();
    std::string error;

private:
    bool fail(std::string m) { if (error.empty()) error = std::move(m); return false; }
    bool types();
    bool constant_ok(const Value& v, int depth);
    bool tables();
    bool rule_code(uint32_t r, uint32_t& max_depth);
    bool instr(uint32_t r, uint32_t pc, int depth, int& after, bool& falls_through, uint32_t& jump);
    bool operand_ok(uint32_t r, uint32_t ref, bool used) const;

    Program& P;
    size_t max_fields_ = 0;
    std::vector<int> depth_at_;       // operand-stack depth before each instruction
    std::vector<uint32_t> owner_;     // the rule whose code each instruction is (UINT32_MAX: unreached)
    std::vector<uint64_t> locals_before_;  // each rule's first local, as Local operands count
};

bool Verifier::types() {
    const TypeTable& T = P.types;
    std::vector<uint8_t> list_depth(T.size(), 0);
    for (TypeId t = 1; t < T.size(); ++t) {
        const TypeDesc& d = T.at(t);
        if (d.kind == Kind::Enum && d.ref >= T.enum_count()) return fail(fmt::format("type {} names enum {} of {}", t, d.ref, T.enum_count()));
        if (d.kind == Kind::Record && d.ref >= T.record_count()) return fail(fmt::format("type {} names record {} of {}", t, d.ref, T.record_count()));
        // An element type is interned before its list, so a smaller id also rules out cycles.
        if (d.kind == Kind::List && d.ref >= t) return fail(fmt::format("list type {} has element type {}", t, d.ref));
        if (d.kind == Kind::List && (list_depth[t] = static_cast<uint8_t>(list_depth[d.ref] + 1)) > kMaxListTypeDepth)
            return fail("list types nest too deeply");
    }
    for (size_t i = 0; i < T.record_count(); ++i) {
        const RecordDesc& r = T.record_at(static_cast<uint32_t>(i));
        max_fields_ = std::max(max_fields_, r.fields.size());
        for (const RecordField& f : r.fields)
            if (f.type >= T.size()) return fail(fmt::format("field {}.{} has type {} of {}", r.name, f.name, f.type, T.size()));
    }
    // A record that contains itself (through fields or list elements) would send every walk over
    // types (type descriptions, JSON Schema) into endless recursion.
    std::vector<uint8_t> state(T.record_count(), 0);  // 0 unseen, 1 on the current path, 2 done
    auto contains_cycle = [&](auto& self, TypeId t) -> bool {
        const TypeDesc& d = T.at(t);
        if (d.kind == Kind::List) return self(self, d.ref);
        if (d.kind != Kind::Record || state[d.ref] == 2) return false;
        if (state[d.ref] == 1) return true;
        state[d.ref] = 1;
        for (const RecordField& f : T.record_at(d.ref).fields)
            if (self(self, f.type)) return true;
        state[d.ref] = 2;
        return false;
    };
    for (TypeId t = 1; t < T.size(); ++t)
        if (contains_cycle(contains_cycle, t)) return fail("a record type contains itself");
    return true;
}

bool Verifier::constant_ok(const Value& v, int depth) {
    switch (v.tag) {
        case Tag::Enum:
            if (v.aux >= P.types.enum_count() || v.i < 0 ||
                static_cast<uint64_t>(v.i) >= P.types.enum_at(v.aux).cases.size())
                return fail("an enum constant names a case that does not exist");
            return true;
        case Tag::Date:
            if (v.i < min_day() || v.i > max_day()) return fail("a date constant is outside years 1 to 9999");
            return true;
        case Tag::Month:
            if (v.i < min_month() || v.i > max_month()) return fail("a month constant is outside years 1 to 9999");
            return true;
        case Tag::List:
            for (uint32_t i = 0; i < v.aux; ++i)
                if (!constant_ok(v.items[i], depth + 1)) return false;
            return true;
        case Tag::Empty: case Tag::Record: return fail("a constant has a tag no constant may have");
        default: return true;
    }
}

bool Verifier::tables() {
    const size_t nk = P.constants.size(), nt = P.types.size();
    for (const Value& v : P.constants)
        if (!constant_ok(v, 0)) return false;
    for (const InputInfo& i : P.inputs) {
        if (i.type >= nt) return fail(fmt::format("input `{}` has an unknown type", i.name));
        if (i.has_default && (i.default_const >= nk || !value_fits(P, i.type, P.constants[i.default_const], true)))
            return fail(fmt::format("input `{}` has a default that is not a {}", i.name, P.types.name(i.type)));
    }
    uint64_t locals = 0;
    for (const RuleInfo& r : P.rules) {
        if (r.type >= nt || r.entry >= P.code.size()) return fail(fmt::format("rule `{}` has a bad type or entry", r.name));
        for (uint32_t i : r.inputs)
            if (i >= P.inputs.size()) return fail(fmt::format("rule `{}` lists input {} of {}", r.name, i, P.inputs.size()));
        locals += r.locals;
    }
    // Sessions allocate every rule's locals; each slot is used by some instruction.
    if (locals > 4 * (uint64_t{P.code.size()} + P.rules.size())) return fail("the rules ask for more local slots than their code can use");
    for (const DefinitionInfo& d : P.definitions)
        if (d.rule >= P.rules.size()) return fail(fmt::format("definition `{}` belongs to rule {} of {}", d.label, d.rule, P.rules.size()));
    for (const OutputInfo& o : P.outputs)
        if (o.rule >= P.rules.size()) return fail(fmt::format("output `{}` is rule {} of {}", o.name, o.rule, P.rules.size()));
    for (const ParamInfo& pa : P.params) {
        if (pa.type >= nt) return fail(fmt::format("parameter `{}` has an unknown type", pa.name));
        for (size_t i = 0; i < pa.values.size(); ++i) {
            const DatedValue& v = pa.values[i];
            if (v.constant >= nk || !value_fits(P, pa.type, P.constants[v.constant], true))
                return fail(fmt::format("parameter `{}` has a value that is not a {}", pa.name, P.types.name(pa.type)));
            if (i && pa.values[i - 1].from_day > v.from_day) return fail(fmt::format("parameter `{}` values are not in date order", pa.name));
        }
    }
    for (const CalendarInfo& c : P.calendars) {
        if (!std::is_sorted(c.holidays.begin(), c.holidays.end()) || !std::is_sorted(c.workdays.begin(), c.workdays.end()))
            return fail(fmt::format("calendar `{}` is not sorted", c.name));
        if (!calendar_coverage_ok(c)) return fail(fmt::format("calendar `{}` has malformed covered years", c.name));
        for (const auto* days : {&c.holidays, &c.workdays})
            for (int64_t d : *days)
                if (d < min_day() || d > max_day() || !c.covers_year(ymd_of(static_cast<DayNumber>(d)).year))
                    return fail(fmt::format("calendar `{}` lists a day outside the years it covers", c.name));
    }
    for (const TableInfo& t : P.tables) {
        if (t.keys.size() != t.values.size() || t.key_class > kCmpText) return fail(fmt::format("table `{}` is malformed", t.name));
        for (size_t i = 0; i < t.keys.size(); ++i) {
            if (t.keys[i] >= nk || t.values[i] >= nk) return fail(fmt::format("table `{}` names a missing constant", t.name));
            Tag k = P.constants[t.keys[i]].tag;
            bool ok = t.key_class == kCmpText ? k == Tag::Text : t.key_class == kCmpDec ? k == Tag::Dec
                                                                 : k != Tag::Text && k != Tag::Dec && k != Tag::List;
            if (!ok) return fail(fmt::format("table `{}` has a key of the wrong kind", t.name));
        }
    }
    for (size_t i = 1; i < P.pc_locs.size(); ++i)
        if (P.pc_locs[i - 1].pc > P.pc_locs[i].pc) return fail("the source-position table is not sorted");
    for (size_t i = 1; i < P.operand_locs.size(); ++i)
        if (std::pair{P.operand_locs[i - 1].pc, P.operand_locs[i - 1].operand} >= std::pair{P.operand_locs[i].pc, P.operand_locs[i].operand})
            return fail("the operand-position table is not sorted");
    return true;
}

// An operand reference (x or y) names something that exists; one the opcode does not use is the
// stack reference 0, so every instruction has one encoding.
bool Verifier::operand_ok(uint32_t r, uint32_t ref, bool used) const {
    if (!used) return ref == kStackOperand;
    const uint32_t i = Operand::index(ref);
    switch (Operand::kind(ref)) {
        case OperandKind::Stack: return i == 0;
        case OperandKind::Input: return i < P.inputs.size();
        case OperandKind::Local: return i >= locals_before_[r] && i - locals_before_[r] < P.rules[r].locals;  // its own
        case OperandKind::Const: return i < P.constants.size();
        case OperandKind::Rule: return i < P.rules.size();
    }
    return false;  // a kind beyond the enum
}

// Checks one instruction at `depth`; gives the depth after it, whether execution can continue
// to pc + 1, and a jump target (UINT32_MAX: none).
bool Verifier::instr(uint32_t r, uint32_t pc, int depth, int& after, bool& falls_through, uint32_t& jump) {
    const Instr in = P.code[pc];
    const RuleInfo& rule = P.rules[r];
    auto where = [&] { return fmt::format("rule `{}`, instruction {} ({})", rule.name, pc, kOpNames[static_cast<int>(in.op)]); };
    auto local = [&](uint32_t slot, uint32_t width) { return uint64_t{slot} + width <= rule.locals; };
    auto below = [](uint32_t x, size_t n) { return x < n; };
    const auto [pop, push] = stack_effect(in);
    bool ok = true;
    falls_through = true;
    jump = UINT32_MAX;
    // Operands only: how many values each instruction pops and pushes is the opcode table's.
    switch (in.op) {
        case Op::CONST: ok = below(in.c, P.constants.size()); break;
        case Op::INPUT: ok = below(in.c, P.inputs.size()); break;
        case Op::RULE: ok = below(in.c, P.rules.size()); break;
        case Op::PARAM_AT: ok = below(in.c, P.params.size()); break;
        case Op::LOCAL: case Op::SET_LOCAL: ok = local(in.b, 1); break;
        // A jump target must be an instruction; UINT32_MAX is also "no jump" below, so test it here.
        case Op::JUMP: ok = in.c < P.code.size(); falls_through = false; break;
        case Op::JUMP_IF_FALSE: case Op::JUMP_IF_TRUE: case Op::JUMP_IF_NOT_NULL: ok = in.c < P.code.size(); break;
        case Op::JUMP_IF_SET: ok = local(in.b, 1) && in.c < P.code.size(); break;
        case Op::POP_JUMP_IF_NULL: case Op::POP_JUMP_IF_NOT_NULL: ok = in.c < P.code.size(); break;
        case Op::JUMP_IF_NOT_CMP: ok = in.a <= kCmpText && in.b <= kGe && in.c < P.code.size(); break;
        case Op::DIV_DEC: case Op::ROUND: ok = in.a <= kMaxDecimalScale && in.b <= static_cast<int>(Rounding::Ceiling); break;
        case Op::DEC_TO_INT: ok = in.b <= static_cast<int>(Rounding::Ceiling); break;
        case Op::CMP: ok = in.a <= kCmpText && in.b <= kGe; break;
        case Op::LIST_MIN: case Op::LIST_MAX: ok = in.a <= kCmpText; break;
        case Op::LIST_SUM: ok = in.a <= 1; break;
        case Op::ROLL: case Op::IS_WORKDAY: ok = below(in.c, P.calendars.size()); break;
        case Op::MIN_N: case Op::MAX_N: ok = in.a <= kCmpText && in.c >= 1; break;
        case Op::MAKE_RECORD:
            ok = below(in.c, P.types.record_count()) && P.types.record_at(in.c).fields.size() == in.b;
            break;
        case Op::FIELD: ok = in.c < max_fields_; break;
        case Op::TABLE: ok = below(in.c, P.tables.size()); break;
        case Op::ITER_START: case Op::ITER_KEEP: case Op::ITER_END: ok = local(in.b, 3); break;
        case Op::ITER_NEXT: ok = local(in.b, 3) && in.c < P.code.size(); break;
        case Op::DEF_JOIN: ok = local(in.b, 2) && below(in.c, P.definitions.size()); break;
        case Op::DEF_MERGE: ok = local(in.b, 2) && local(in.c, 2); break;
        case Op::DEF_RESULT: ok = local(in.b, 1) && below(in.c, P.rules.size()); break;
        case Op::ERROR:
            ok = below(in.c, P.constants.size()) && P.constants[in.c].tag == Tag::Text;
            falls_through = false;
            break;
        case Op::RET: falls_through = false; break;
        default: break;  // no operands to check
    }
    if (!ok) return fail(where() + ": an operand is out of range");
    if (jumps_to_c(in.op)) jump = in.c;
    const std::string_view names = kOpOperands[static_cast<int>(in.op)];
    if (!operand_ok(r, in.x, names.find('x') != std::string_view::npos) ||
        !operand_ok(r, in.y, names.find('y') != std::string_view::npos))
        return fail(where() + ": an operand reference is out of range");
    if (depth < pop) return fail(where() + ": the operand stack would underflow");
    after = static_cast<int>(depth - pop + push);
    if (after > kMaxRuleDepth) return fail(where() + ": the operand stack grows too deep");
    if (jump != UINT32_MAX) {
        if (jump >= P.code.size()) return fail(where() + ": jumps outside the code");
        // Loops exist only through ITER_NEXT, which charges the step budget on every turn.
        if (jump <= pc && P.code[jump].op != Op::ITER_NEXT) return fail(where() + ": jumps backwards outside a loop");
    }
    if (falls_through && pc + 1 >= P.code.size()) return fail(where() + ": runs off the end of the code");
    return true;
}

// Each rule owns its instructions (codegen emits one block per rule): a pc reached from two rules
// is refused, which also keeps verification linear in the code however many rules a file claims.
bool Verifier::rule_code(uint32_t r, uint32_t& max_depth) {
    const uint32_t entry = P.rules[r].entry;
    if (owner_[entry] != UINT32_MAX) return fail(fmt::format("rule `{}` starts inside another rule's code", P.rules[r].name));
    std::vector<uint32_t> work{entry};
    depth_at_[entry] = 0;
    owner_[entry] = r;
    max_depth = 0;
    while (!work.empty()) {
        uint32_t pc = work.back();
        work.pop_back();
        int after = 0;
        bool falls = false;
        uint32_t jump = 0;
        if (!instr(r, pc, depth_at_[pc], after, falls, jump)) return false;
        max_depth = std::max(max_depth, static_cast<uint32_t>(std::max(after, depth_at_[pc])));
        // ITER_NEXT pushes only when it continues into the loop body; its exit jump does not.
        int jump_depth = P.code[pc].op == Op::ITER_NEXT ? after - 1 : after;
        for (auto [next, d] : {std::pair{falls ? pc + 1 : UINT32_MAX, after}, std::pair{jump, jump_depth}}) {
            if (next == UINT32_MAX) continue;
            if (owner_[next] == UINT32_MAX) {
                owner_[next] = r;
                depth_at_[next] = d;
                work.push_back(next);
            } else if (owner_[next] != r) {
                return fail(fmt::format("rule `{}`, instruction {}: jumps into the code of rule `{}`", P.rules[r].name, pc,
                                        P.rules[owner_[next]].name));
            } else if (depth_at_[next] != d) {
                return fail(fmt::format("rule `{}`, instruction {}: reached with stack depths {} and {}", P.rules[r].name,
                                        next, depth_at_[next], d));
            }
        }
    }
    return true;
}

bool Verifier::run() {
    if (!types() || !tables()) return false;
    depth_at_.assign(P.code.size(), -1);
    owner_.assign(P.code.size(), UINT32_MAX);
    locals_before_.assign(P.rules.size(), 0);
    for (size_t r = 1; r < P.rules.size(); ++r) locals_before_[r] = locals_before_[r - 1] + P.rules[r - 1].locals;
    uint64_t stack = 0;
    for (uint32_t r = 0; r < P.rules.size(); ++r) {
        uint32_t d = 0;
        if (!rule_code(r, d)) return false;
        stack += d + 2;  // as codegen counts: rule frames nest on one operand stack
    }
    if (stack > (uint64_t{1} << 24)) return fail("the rules need a larger operand stack than any policy");
    P.max_stack = static_cast<uint32_t>(stack);
    return true;
}

}  // namespace

bool value_fits(const Program& p, TypeId t, const Value& v, bool null_anywhere, int depth) {
    if (t >= p.types.size() || depth > 64) return false;
    const TypeDesc& d = p.types.at(t);
    if (v.is_null()) return null_anywhere || d.optional || d.kind == Kind::Null;
    switch (d.kind) {
        case Kind::Bool: return v.tag == Tag::Bool;
        case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years: return v.tag == Tag::Int;
        case Kind::Decimal: case Kind::Money: return v.tag == Tag::Dec;
        case Kind::Date: return v.tag == Tag::Date;
        case Kind::Month: return v.tag == Tag::Month;
        case Kind::Text: return v.tag == Tag::Text;
        case Kind::Enum:
            return v.tag == Tag::Enum && v.aux == d.ref && d.ref < p.types.enum_count() && v.i >= 0 &&
                   static_cast<uint64_t>(v.i) < p.types.enum_at(d.ref).cases.size();
        case Kind::List:
            if (v.tag != Tag::List) return false;
            for (uint32_t i = 0; i < v.aux; ++i)
                if (!value_fits(p, d.ref, v.items[i], null_anywhere, depth + 1)) return false;
            return true;
        case Kind::Record: {
            if (v.tag != Tag::Record || v.aux != d.ref || d.ref >= p.types.record_count()) return false;
            const RecordDesc& rd = p.types.record_at(d.ref);
            for (size_t i = 0; i < rd.fields.size(); ++i)
                if (!value_fits(p, rd.fields[i].type, v.items[i], null_anywhere, depth + 1)) return false;
            return true;
        }
        default: return false;
    }
}

bool verify_program(Program& p, std::string& error) {
    Verifier v(p);
    if (v.run()) return true;
    error = v.error;
    return false;
}

}  // namespace edict
