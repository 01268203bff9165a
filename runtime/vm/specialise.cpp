// The rewriting of a program's code into the VM's own instruction forms (specialise.hpp). Each
// rule below replaces one instruction by a form with the same effect on its fast path; the code
// is not otherwise trusted here (an instruction the verifier never reached may hold anything), so
// every index is checked before it is followed, and anything unexpected is left as it is.
#include "runtime/vm/specialise.hpp"

#include <cstddef>
#include <utility>

namespace edict::vm {

namespace {

Op as_op(Spec s) { return static_cast<Op>(s); }
// The form `k` places after `first` in its family (a relation's form after the EQ one).
Op nth(Spec first, uint8_t k) { return static_cast<Op>(static_cast<uint8_t>(first) + k); }

// The relation that holds of (y, x) exactly when `rel` holds of (x, y).
constexpr uint8_t mirrored(uint8_t rel) {
    constexpr uint8_t kMirror[] = {kEq, kNe, kGt, kGe, kLt, kLe};
    return kMirror[rel];
}

// Whether instruction j returns the stack's top at once: `RET x=S`, or a `JUMP` to one.
bool returns_top(const std::vector<Instr>& code, std::size_t j) {
    if (j >= code.size()) return false;
    const Instr& in = code[j];
    if (in.op == Op::RET) return in.x == kStackOperand;
    return in.op == Op::JUMP && in.c < code.size() && code[in.c].op == Op::RET && code[in.c].x == kStackOperand;
}

// Whether instructions j, j+1 are `PUSH_EMPTY; SET_LOCAL b x=S` (a definition slot cleared).
bool clears_local(const std::vector<Instr>& code, std::size_t j) {
    return j + 1 < code.size() && code[j].op == Op::PUSH_EMPTY && code[j + 1].op == Op::SET_LOCAL &&
           code[j + 1].x == kStackOperand;
}

// The constant in register `reg` as a 32-bit immediate, when it is one: an int, date, month, bool
// or enum case (what class int compares by its 8-byte payload) that fits.
std::optional<int32_t> immediate(uint32_t reg, const SpecRegisters& regs) {
    if (regs.constant_values == nullptr || reg < regs.first_const || reg - regs.first_const >= regs.constants)
        return std::nullopt;
    const Value& v = regs.constant_values[reg - regs.first_const];
    switch (v.tag) {
        case Tag::Int: case Tag::Date: case Tag::Month: case Tag::Bool: case Tag::Enum: break;
        default: return std::nullopt;
    }
    if (v.i < INT32_MIN || v.i > INT32_MAX) return std::nullopt;
    return static_cast<int32_t>(v.i);
}

// The operands of a comparison of class int in registers, as the typed forms take them: x a
// register's offset, y a register's offset or (`immediate`) the constant's value itself, the
// relation mirrored when a constant written first is moved to y. nullopt: an operand on the
// stack (the other may need a rule call first), or one that does not fit.
struct IntOperands {
    uint32_t x, y;
    uint8_t rel;
    bool immediate;
};
std::optional<IntOperands> int_operands(const Instr& in, const SpecRegisters& regs) {
    if (in.a != kCmpInt || in.b > kGe || in.x == kStackOperand || in.y == kStackOperand) return std::nullopt;
    uint32_t x = in.x, y = in.y;
    uint8_t rel = in.b;
    if (immediate(x, regs) && !immediate(y, regs)) std::swap(x, y), rel = mirrored(rel);
    const auto xo = reg_offset(x);
    if (!xo) return std::nullopt;
    if (const auto k = immediate(y, regs)) return IntOperands{*xo, static_cast<uint32_t>(*k), rel, true};
    const auto yo = reg_offset(y);
    if (!yo) return std::nullopt;
    return IntOperands{*xo, *yo, rel, false};
}

// `JUMP_IF_NOT_CMP` of class int with both operands in registers, or both on the stack, as its
// typed form; nullopt when it has none.
std::optional<Instr> typed_compare(const Instr& in, uint32_t pc, std::size_t size, const SpecRegisters& regs) {
    if (in.a != kCmpInt || in.b > kGe || in.c >= size) return std::nullopt;
    const auto jump = jump_offset(pc, in.c);
    if (!jump) return std::nullopt;
    if (in.x == kStackOperand && in.y == kStackOperand) return Instr{nth(Spec::JUMP_IF_NOT_EQ_SS, in.b), in.a, in.b, *jump, 0, 0};
    const auto o = int_operands(in, regs);
    if (!o) return std::nullopt;
    return Instr{nth(o->immediate ? Spec::JUMP_IF_NOT_EQ_RK : Spec::JUMP_IF_NOT_EQ_RR, o->rel), in.a, o->rel, *jump, o->x, o->y};
}

// Whether register `reg` holds a constant decimal zero (of any scale).
bool decimal_zero(uint32_t reg, const SpecRegisters& regs) {
    if (regs.constant_values == nullptr || reg < regs.first_const || reg - regs.first_const >= regs.constants) return false;
    const Value& v = regs.constant_values[reg - regs.first_const];
    return v.tag == Tag::Dec && v.mant == 0;
}

// `JUMP_IF_NOT_CMP` of class decimal between a register and a constant zero, as `_DZ` on the
// register (a zero written first is moved to y and the relation mirrored); nullopt otherwise.
std::optional<Instr> decimal_sign_compare(const Instr& in, uint32_t pc, std::size_t size, const SpecRegisters& regs) {
    if (in.a != kCmpDec || in.b > kGe || in.c >= size || in.x == kStackOperand || in.y == kStackOperand) return std::nullopt;
    uint32_t x = in.x;
    uint8_t rel = in.b;
    if (!decimal_zero(in.y, regs)) {
        if (!decimal_zero(in.x, regs)) return std::nullopt;
        x = in.y, rel = mirrored(rel);
    }
    const auto xo = reg_offset(x);
    const auto jump = jump_offset(pc, in.c);
    if (!xo || !jump) return std::nullopt;
    return Instr{nth(Spec::JUMP_IF_NOT_EQ_DZ, rel), in.a, rel, *jump, *xo, 0};
}

// A comparison of class int on registers whose outcome the rule returns, as `RET_<rel>_RR/RK`.
std::optional<Instr> compare_return(const Instr& in, const SpecRegisters& regs) {
    const auto o = int_operands(in, regs);
    if (!o) return std::nullopt;
    return Instr{nth(o->immediate ? Spec::RET_EQ_RK : Spec::RET_EQ_RR, o->rel), in.a, o->rel, 0, o->x, o->y};
}

// Whether instruction j is `CONST k`, k the bool `value`, returned at once.
bool returns_bool(const std::vector<Instr>& code, std::size_t j, bool value, const SpecRegisters& regs) {
    if (j >= code.size() || code[j].op != Op::CONST || regs.constant_values == nullptr || code[j].c >= regs.constants)
        return false;
    const Value& k = regs.constant_values[code[j].c];
    return k.tag == Tag::Bool && k.i == (value ? 1 : 0) && returns_top(code, j + 1);
}

// A conditional jump on register x as form `form`, if its register and target fit.
std::optional<Instr> register_jump(Spec form, const Instr& in, uint32_t pc, std::size_t size) {
    if (in.x == kStackOperand || in.c >= size) return std::nullopt;
    const auto xo = reg_offset(in.x);
    const auto jump = jump_offset(pc, in.c);
    if (!xo || !jump) return std::nullopt;
    return Instr{as_op(form), in.a, in.b, *jump, *xo, 0};
}

// An instruction reading x (and y, when `binary`) from registers as form `form`, if they fit.
std::optional<Instr> register_operands(Spec form, const Instr& in, bool binary) {
    if (in.x == kStackOperand || (binary && in.y == kStackOperand)) return std::nullopt;
    const auto xo = reg_offset(in.x);
    const auto yo = reg_offset(binary ? in.y : 0);
    if (!xo || !yo) return std::nullopt;
    return Instr{as_op(form), in.a, in.b, in.c, *xo, *yo};
}

// A binary instruction of class int whose x is the stack's top and y a constant that fits 32 bits,
// as form `form` with the constant's value in y; nullopt otherwise.
std::optional<Instr> constant_operand(Spec form, const Instr& in, const SpecRegisters& regs) {
    if (in.x != kStackOperand) return std::nullopt;
    const auto k = immediate(in.y, regs);
    if (!k) return std::nullopt;
    return Instr{as_op(form), in.a, in.b, in.c, 0, static_cast<uint32_t>(*k)};
}
// Whether a binary instruction reads both operands from the stack.
bool on_stack(const Instr& in) { return in.x == kStackOperand && in.y == kStackOperand; }

// `RET_R` of register `reg`, if it fits.
std::optional<Instr> return_register(uint32_t reg) {
    const auto o = reg_offset(reg);
    if (!o) return std::nullopt;
    return Instr{as_op(Spec::RET_R), 0, 0, 0, *o};
}

// Whether register `reg` is an input's or a constant's.
bool input_or_constant(uint32_t reg, const SpecRegisters& regs) {
    return (reg >= regs.first_input && reg - regs.first_input < regs.inputs) ||
           (reg >= regs.first_const && reg - regs.first_const < regs.constants);
}

// `FILTERED_MIN_OF_INPUTS` for the shape starting at instruction i (spec_forms.def), if it is one:
// every instruction of it, every jump's target and every register its tests read is checked here,
// so the form's handler follows them without a check. The one register the tests read that is not
// an input's or a constant's is taken as the element's; the handler checks it is L[d].
std::optional<Instr> filtered_extreme(const std::vector<Instr>& code, std::size_t i, const SpecRegisters& regs) {
    std::size_t n = 0;
    while (i + n < code.size() && code[i + n].op == Op::INPUT && code[i + n].c < regs.inputs) ++n;
    const std::size_t m = i + n;  // MAKE_LIST n; ITER_START b; ITER_NEXT b; SET_LOCAL d
    if (n == 0 || n > 127 || m + 4 >= code.size()) return std::nullopt;  // n goes in a's top 7 bits
    const Instr &make = code[m], &start = code[m + 1], &next = code[m + 2], &set = code[m + 3];
    const std::size_t loop = m + 2;
    const uint16_t it = start.b, d = set.b;
    if (make.op != Op::MAKE_LIST || make.c != n || start.op != Op::ITER_START || next.op != Op::ITER_NEXT || next.b != it ||
        set.op != Op::SET_LOCAL || set.x != kStackOperand || (d >= it && d - it <= 2))
        return std::nullopt;
    std::optional<uint32_t> element;
    auto readable = [&](uint32_t reg) {
        if (reg == kStackOperand) return false;
        if (input_or_constant(reg, regs)) return true;
        if (element && *element != reg) return false;
        element = reg;
        return true;
    };
    // The tests: each skips the element (a jump back to ITER_NEXT) unless it holds.
    std::size_t j = m + 4;
    for (; j < code.size(); ++j) {
        const Instr& t = code[j];
        if (t.op == Op::POP_JUMP_IF_NULL) {
            if (t.c != loop || !readable(t.x)) return std::nullopt;
        } else if (t.op == Op::JUMP_IF_NOT_CMP) {
            if (t.c != loop || t.a != kCmpInt || t.b > kGe || !readable(t.x) || !readable(t.y)) return std::nullopt;
        } else {
            break;
        }
    }
    // LOCAL d; ITER_KEEP b; JUMP loop; ITER_END b (where ITER_NEXT ends); LIST_MIN or LIST_MAX of
    // class int of the top; then the instruction the form jumps to.
    if (!element || j + 5 >= code.size()) return std::nullopt;
    const Instr &local = code[j], &keep = code[j + 1], &back = code[j + 2], &end = code[j + 3], &extreme = code[j + 4];
    if (local.op != Op::LOCAL || local.b != d || keep.op != Op::ITER_KEEP || keep.b != it || back.op != Op::JUMP ||
        back.c != loop || end.op != Op::ITER_END || end.b != it || next.c != j + 3 ||
        (extreme.op != Op::LIST_MIN && extreme.op != Op::LIST_MAX) || extreme.a != kCmpInt || extreme.x != kStackOperand)
        return std::nullopt;
    const auto e = reg_offset(*element);
    const auto exit = jump_offset(static_cast<uint32_t>(i), static_cast<uint32_t>(j + 5));
    const auto copy = jump_offset(static_cast<uint32_t>(i), static_cast<uint32_t>(code.size() + i));
    if (!e || !exit || !copy) return std::nullopt;
    return Instr{as_op(Spec::FILTERED_MIN_OF_INPUTS), static_cast<uint8_t>(n << 1 | (extreme.op == Op::LIST_MAX)), d,
                 *exit, *e, *copy};
}

}  // namespace

bool is_return(Op op) {
    // The return forms are listed together in spec_forms.def: RET_S, RET_R, then RET_<rel>_RR/RK.
    const auto o = static_cast<uint8_t>(op);
    return op == Op::RET || (o >= static_cast<uint8_t>(Spec::RET_S) && o <= static_cast<uint8_t>(Spec::RET_GE_RK));
}

bool reads_program_copy(Op op) { return op == as_op(Spec::FILTERED_MIN_OF_INPUTS); }

Op copied_form(Op op) {
    switch (static_cast<uint8_t>(op)) {
#define SPEC_FORM(name, doc)
#define REPLICA_FORM(copied, k) \
    case form::copied##_COPY##k: return static_cast<Op>(form::copied);
#include "runtime/vm/spec_forms.def"
#undef REPLICA_FORM
#undef SPEC_FORM
        default: return op;
    }
}

Op first_form(Op op) {
    op = copied_form(op);
    switch (static_cast<uint8_t>(op)) {
#define SPEC_FORM(name, doc)
#define THEN_FORM(first, at, second) \
    case form::first##_THEN_##second: return static_cast<Op>(form::first);
#define INTO_FORM(ret, next) \
    case form::ret##_INTO_##next: return first_form(static_cast<Op>(form::ret));
#include "runtime/vm/spec_forms.def"
#undef INTO_FORM
#undef THEN_FORM
#undef SPEC_FORM
        default: return op;
    }
}

LocalFields local_fields(Op op) {
    op = first_form(op);
    switch (op) {
        case Op::LOCAL: case Op::SET_LOCAL: case Op::JUMP_IF_SET: case Op::ITER_START: case Op::ITER_NEXT:
        case Op::ITER_KEEP: case Op::ITER_END: case Op::DEF_JOIN: case Op::DEF_RESULT:
            return {true, false};
        case Op::DEF_MERGE: return {true, true};
        default: break;
    }
    if (static_cast<uint8_t>(op) < kOpCount) return {};
    switch (static_cast<Spec>(op)) {
        case Spec::SET_LOCAL_R: case Spec::SET_LOCAL_S: case Spec::CLEAR_LOCAL: case Spec::FILTERED_MIN_OF_INPUTS:
        case Spec::DEF_JOIN_S: case Spec::DEF_JOIN_R:
            return {true, false};
        case Spec::CLEAR_LOCALS: return {true, true};
        default: return {};
    }
}

std::vector<Instr> specialise(const std::vector<Instr>& code, const SpecRegisters& regs) {
    std::vector<Instr> out(code);
    out.insert(out.end(), code.begin(), code.end());
    for (std::size_t i = 0; i < code.size(); ++i) {
        const Instr& in = code[i];
        const uint32_t pc = static_cast<uint32_t>(i);
        std::optional<Instr> s;
        switch (in.op) {
            case Op::RET:
                if (in.x == kStackOperand) s = Instr{as_op(Spec::RET_S), 0, 0, 0};
                else s = return_register(in.x);
                break;
            case Op::JUMP:
                if (returns_top(code, i)) s = Instr{as_op(Spec::RET_S), 0, 0, 0};
                break;
            // A value pushed only to be returned: return it from its register.
            case Op::CONST:
                if (in.c < regs.constants && returns_top(code, i + 1)) s = return_register(regs.first_const + in.c);
                break;
            case Op::PUSH_NULL:
                if (returns_top(code, i + 1)) s = return_register(regs.null_value);
                break;
            case Op::INPUT:
                if (in.c >= regs.inputs) break;
                if ((s = filtered_extreme(code, i, regs))) break;
                if (returns_top(code, i + 1)) s = return_register(regs.first_input + in.c);
                else if (const auto o = reg_offset(regs.first_input + in.c)) s = Instr{as_op(Spec::INPUT_R), 0, 0, *o};
                break;
            case Op::PUSH_EMPTY:
                if (!clears_local(code, i)) break;
                if (clears_local(code, i + 2)) s = Instr{as_op(Spec::CLEAR_LOCALS), 0, code[i + 1].b, code[i + 3].b};
                else s = Instr{as_op(Spec::CLEAR_LOCAL), 0, code[i + 1].b, 0};
                break;
            case Op::SET_LOCAL:
                if (in.x == kStackOperand) s = Instr{as_op(Spec::SET_LOCAL_S), 0, in.b, 0};
                else if (const auto o = reg_offset(in.x)) s = Instr{as_op(Spec::SET_LOCAL_R), 0, in.b, 0, *o};
                break;
            // A rule's last test: true on one side, false on the other, each returned at once.
            case Op::JUMP_IF_NOT_CMP:
                if (returns_bool(code, i + 1, true, regs) && returns_bool(code, in.c, false, regs)) s = compare_return(in, regs);
                if (!s) s = typed_compare(in, pc, code.size(), regs);
                if (!s) s = decimal_sign_compare(in, pc, code.size(), regs);
                break;
            case Op::CMP:
                if (returns_top(code, i + 1)) s = compare_return(in, regs);
                break;
            case Op::JUMP_IF_FALSE: s = register_jump(Spec::JUMP_IF_FALSE_R, in, pc, code.size()); break;
            case Op::JUMP_IF_TRUE: s = register_jump(Spec::JUMP_IF_TRUE_R, in, pc, code.size()); break;
            case Op::POP_JUMP_IF_NULL: s = register_jump(Spec::POP_JUMP_IF_NULL_R, in, pc, code.size()); break;
            case Op::POP_JUMP_IF_NOT_NULL: s = register_jump(Spec::POP_JUMP_IF_NOT_NULL_R, in, pc, code.size()); break;
            case Op::MIN_N:
            case Op::MAX_N:
                if (in.a == kCmpInt && in.c == 2) s = Instr{as_op(in.op == Op::MIN_N ? Spec::MIN2_INT : Spec::MAX2_INT), in.a, 0, 2};
                break;
            // Money arithmetic on the stack; `money * int` (the int converted on the top) as one.
            case Op::INT_TO_DEC:
                if (in.a == 0 && i + 1 < code.size() && code[i + 1].op == Op::MUL_DEC && on_stack(code[i + 1]))
                    s = Instr{as_op(Spec::MUL_DEC_INT_SS), 0, 0, 0};
                break;
            case Op::MUL_DEC: if (on_stack(in)) s = Instr{as_op(Spec::MUL_DEC_SS), 0, 0, 0}; break;
            case Op::ADD_DEC: if (on_stack(in)) s = Instr{as_op(Spec::ADD_DEC_SS), 0, 0, 0}; break;
            case Op::SUB_DEC: if (on_stack(in)) s = Instr{as_op(Spec::SUB_DEC_SS), 0, 0, 0}; break;
            case Op::MONTH_OF: s = register_operands(Spec::MONTH_OF_R, in, false); break;
            case Op::FIRST_DAY: s = register_operands(Spec::FIRST_DAY_R, in, false); break;
            case Op::ADD_DAYS:
                if (in.x != kStackOperand && in.y == kStackOperand) s = register_operands(Spec::ADD_DAYS_RS, in, false);
                else s = register_operands(Spec::ADD_DAYS_RR, in, true);
                break;
            case Op::ADD_MONTHS: s = register_operands(Spec::ADD_MONTHS_RR, in, true); break;
            case Op::ADD_YEARS: s = register_operands(Spec::ADD_YEARS_RR, in, true); break;
            case Op::MONTHS_BETWEEN: s = register_operands(Spec::MONTHS_BETWEEN_RR, in, true); break;
            case Op::DAYS_BETWEEN: s = register_operands(Spec::DAYS_BETWEEN_RR, in, true); break;
            case Op::MONTH_ADD: s = constant_operand(Spec::MONTH_ADD_SK, in, regs); break;
            case Op::ADD_INT: s = constant_operand(Spec::ADD_INT_SK, in, regs); break;
            case Op::DEF_JOIN:
                if (in.x == kStackOperand) s = Instr{as_op(Spec::DEF_JOIN_S), 0, in.b, in.c};
                else if (const auto o = reg_offset(in.x)) s = Instr{as_op(Spec::DEF_JOIN_R), 0, in.b, in.c, *o};
                break;
            case Op::ROLL:
                if (in.x == kStackOperand) s = Instr{as_op(Spec::ROLL_S), in.a, in.b, in.c};
                else s = register_operands(Spec::ROLL_R, in, false);
                break;
            default:
                break;
        }
        if (s) out[i] = *s;
    }
    return out;
}

}  // namespace edict::vm
