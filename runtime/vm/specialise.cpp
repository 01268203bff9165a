// The rewriting of a program's code into the VM's own instruction forms (specialise.hpp). Each
// rule below replaces one instruction by a form with the same effect on its fast path; the code
// is not otherwise trusted here (an instruction the verifier never reached may hold anything), so
// every index is checked before it is followed, and anything unexpected is left as it is.
#include "runtime/vm/specialise.hpp"

#include <cstddef>

namespace edict::vm {

namespace {

Op as_op(Spec s) { return static_cast<Op>(s); }

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

}  // namespace

std::vector<Instr> specialise(const std::vector<Instr>& code, const SpecRegisters& regs) {
    std::vector<Instr> out(code);
    out.insert(out.end(), code.begin(), code.end());
    for (std::size_t i = 0; i < code.size(); ++i) {
        const Instr& in = code[i];
        Instr& s = out[i];
        switch (in.op) {
            case Op::RET:
                s.op = as_op(in.x == kStackOperand ? Spec::RET_S : Spec::RET_R);
                break;
            case Op::JUMP:
                if (returns_top(code, i)) s = Instr{as_op(Spec::RET_S), 0, 0, 0};
                break;
            // A value pushed only to be returned: return it from its register.
            case Op::CONST:
                if (in.c < regs.constants && returns_top(code, i + 1))
                    s = Instr{as_op(Spec::RET_R), 0, 0, 0, regs.first_const + in.c};
                break;
            case Op::PUSH_NULL:
                if (returns_top(code, i + 1)) s = Instr{as_op(Spec::RET_R), 0, 0, 0, regs.null_value};
                break;
            case Op::INPUT:
                if (in.c >= regs.inputs) break;
                if (returns_top(code, i + 1)) s = Instr{as_op(Spec::RET_R), 0, 0, 0, regs.first_input + in.c};
                else s = Instr{as_op(Spec::INPUT_R), 0, 0, regs.first_input + in.c};
                break;
            case Op::PUSH_EMPTY:
                if (!clears_local(code, i)) break;
                if (clears_local(code, i + 2)) s = Instr{as_op(Spec::CLEAR_LOCALS), 0, code[i + 1].b, code[i + 3].b};
                else s = Instr{as_op(Spec::CLEAR_LOCAL), 0, code[i + 1].b, 0};
                break;
            case Op::SET_LOCAL:
                s.op = as_op(in.x == kStackOperand ? Spec::SET_LOCAL_S : Spec::SET_LOCAL_R);
                break;
            case Op::JUMP_IF_NOT_CMP:
                if (in.a == kCmpInt && in.b <= kGe && in.x != kStackOperand && in.y != kStackOperand)
                    s.op = as_op(Spec::JUMP_IF_NOT_CMP_INT_RR);
                break;
            case Op::JUMP_IF_FALSE:
                if (in.x != kStackOperand) s.op = as_op(Spec::JUMP_IF_FALSE_R);
                break;
            case Op::JUMP_IF_TRUE:
                if (in.x != kStackOperand) s.op = as_op(Spec::JUMP_IF_TRUE_R);
                break;
            case Op::POP_JUMP_IF_NULL:
                if (in.x != kStackOperand) s.op = as_op(Spec::POP_JUMP_IF_NULL_R);
                break;
            case Op::POP_JUMP_IF_NOT_NULL:
                if (in.x != kStackOperand) s.op = as_op(Spec::POP_JUMP_IF_NOT_NULL_R);
                break;
            default:
                break;
        }
    }
    return out;
}

}  // namespace edict::vm
