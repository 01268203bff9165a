// The VM's own instruction forms: a Session rewrites the program's code, once, into handlers
// specialised by where their operands are (the stack or a register) and into superinstructions
// for the sequences the Fujian profile shows (a constant or an input returned by `CONST; JUMP
// end; ... end: RET`, the two empty definition slots at a rule's entry). They exist only in a
// Session's memory: the artifact, the verifier and the disassembler see the program's opcodes.
//
// Every specialised instruction has a fast path only. When it meets anything else (an input not
// given, a rule not evaluated yet, a value whose register is marked), it runs the instruction the
// program has at the same index instead ("bails"), from the copy of the program's code kept right
// after the specialised code, so errors, rule calls and their positions are those of the program.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/bytecode/opcodes.hpp"

namespace edict::vm {

// Numbered after the program's opcodes, in the same Instr.op byte.
enum class Spec : uint8_t {
    RET_S = kOpCount,         // return S[-1]
    RET_R,                    // return register x (a constant, null, an input or a rule's value)
    JUMP_IF_NOT_CMP_INT_RR,   // JUMP_IF_NOT_CMP, class int, both operands in registers
    SET_LOCAL_R,              // L[b] := register x
    SET_LOCAL_S,              // L[b] := pop
    CLEAR_LOCAL,              // PUSH_EMPTY; SET_LOCAL b  ->  L[b] := empty, skip 1
    CLEAR_LOCALS,             // the same twice  ->  L[b] := L[c] := empty, skip 3
    JUMP_IF_FALSE_R,          // x in a register
    JUMP_IF_TRUE_R,
    POP_JUMP_IF_NULL_R,
    POP_JUMP_IF_NOT_NULL_R,
    INPUT_R,                  // push register c (the input's register)
    kEnd
};
constexpr uint32_t kSpecCount = static_cast<uint32_t>(Spec::kEnd) - kOpCount;
static_assert(static_cast<uint32_t>(Spec::kEnd) <= 256, "Instr.op is one byte");

// The registers the rewritten code may name (register numbers of vm::Session's file).
struct SpecRegisters {
    uint32_t first_input = 0, inputs = 0;
    uint32_t first_const = 0, constants = 0;
    uint32_t null_value = 0;  // a register that always holds null
};

// `code`: the program's code with operand references already turned into registers (0: the
// stack). Returns 2 * code.size() instructions: the specialised code, then `code` unchanged.
std::vector<Instr> specialise(const std::vector<Instr>& code, const SpecRegisters& regs);

}  // namespace edict::vm
