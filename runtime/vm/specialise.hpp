// The VM's own instruction forms: a Session rewrites the program's code, once, into handlers
// specialised by where their operands are (the stack or a register) and by their static type,
// and into superinstructions for the sequences the Fujian profile shows (a constant or an input
// returned by `CONST; JUMP end; ... end: RET`, the two empty definition slots at a rule's entry).
// They exist only in a Session's memory: the artifact, the verifier and the disassembler see the
// program's opcodes.
//
// Every specialised instruction has a fast path only. When it meets anything else (an input not
// given, a rule not evaluated yet, a value whose register is marked), it runs the instruction the
// program has at the same index instead ("bails"), from the copy of the program's code kept right
// after the specialised code, so errors, rule calls and their positions are those of the program.
//
// Operands of the forms are pre-computed for the dispatch loop: a register is named by its byte
// offset in the register file (`reg_offset`), so reading it is one add to the file's base; a jump
// target by its byte distance from the jumping instruction (`jump_offset`), so taking it is one
// add to the instruction pointer; a comparison's integer constant, when it fits 32 bits, by its
// value (the `_RK` forms), so it is not read from memory at all.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/bytecode/opcodes.hpp"
#include "runtime/value/value.hpp"

namespace edict::vm {

// Numbered after the program's opcodes, in the same Instr.op byte.
enum class Spec : uint8_t {
    RET_S = kOpCount,         // return S[-1]
    RET_R,                    // return register x (a constant, null, an input or a rule's value)
    // JUMP_IF_NOT_CMP, class int (int, date, month, bool, enum: the 8-byte payload), one form per
    // relation in CmpRel order: `if not (x REL y) then jump c`. _RR: x and y registers; _RK: x a
    // register, y the constant's value itself (int32); _SS: both popped from the stack.
    JUMP_IF_NOT_EQ_RR, JUMP_IF_NOT_NE_RR, JUMP_IF_NOT_LT_RR, JUMP_IF_NOT_LE_RR, JUMP_IF_NOT_GT_RR, JUMP_IF_NOT_GE_RR,
    JUMP_IF_NOT_EQ_RK, JUMP_IF_NOT_NE_RK, JUMP_IF_NOT_LT_RK, JUMP_IF_NOT_LE_RK, JUMP_IF_NOT_GT_RK, JUMP_IF_NOT_GE_RK,
    JUMP_IF_NOT_EQ_SS, JUMP_IF_NOT_NE_SS, JUMP_IF_NOT_LT_SS, JUMP_IF_NOT_LE_SS, JUMP_IF_NOT_GT_SS, JUMP_IF_NOT_GE_SS,
    SET_LOCAL_R,              // L[b] := register x
    SET_LOCAL_S,              // L[b] := pop
    CLEAR_LOCAL,              // PUSH_EMPTY; SET_LOCAL b  ->  L[b] := empty, skip 1
    CLEAR_LOCALS,             // the same twice  ->  L[b] := L[c] := empty, skip 3
    JUMP_IF_FALSE_R,          // x in a register
    JUMP_IF_TRUE_R,
    POP_JUMP_IF_NULL_R,
    POP_JUMP_IF_NOT_NULL_R,
    INPUT_R,                  // push register c (the input's register)
    // Word arithmetic: dates, months and ints in registers, read and written as their 8-byte
    // payloads. A result out of range bails (the program's instruction reports it).
    MIN2_INT, MAX2_INT,       // MIN_N / MAX_N of two values on the stack, class int
    MONTH_OF_R,               // push the month of date register x
    FIRST_DAY_R,              // push the first day of month register x
    ADD_DAYS_RR, ADD_MONTHS_RR, ADD_YEARS_RR,  // push date register x + register y days/months/years
    MONTHS_BETWEEN_RR,        // push the months from month register x to month register y
    // The driver of one evaluation (vm::Session::run_rules), after the program's code: one CALL per
    // requested rule, then STOP. CALL c x y: unless rule c is evaluated, enter it (its first local
    // register x, its code at y) and come back to the next instruction. STOP: every rule is done.
    CALL,
    STOP,
    kEnd
};
constexpr uint32_t kSpecCount = static_cast<uint32_t>(Spec::kEnd) - kOpCount;
static_assert(static_cast<uint32_t>(Spec::kEnd) <= 256, "Instr.op is one byte");

// The registers the rewritten code may name (register numbers of vm::Session's file).
struct SpecRegisters {
    uint32_t first_input = 0, inputs = 0;
    uint32_t first_const = 0, constants = 0;
    uint32_t null_value = 0;  // a register that always holds null
    const Value* constant_values = nullptr;  // the constants' values (may be null: no _RK forms)
};

// Register `index` as the forms name it (its byte offset in the file), or nullopt when too far.
constexpr std::optional<uint32_t> reg_offset(uint32_t index) {
    if (index >= (1u << 27)) return std::nullopt;
    return index * static_cast<uint32_t>(sizeof(Value));
}
// The jump from instruction `from` to `to` as the forms give it (bytes, signed), if it fits.
constexpr std::optional<uint32_t> jump_offset(uint32_t from, uint32_t to) {
    const int64_t d = (static_cast<int64_t>(to) - static_cast<int64_t>(from)) * static_cast<int64_t>(sizeof(Instr));
    if (d < INT32_MIN || d > INT32_MAX) return std::nullopt;
    return static_cast<uint32_t>(static_cast<int32_t>(d));
}

// `code`: the program's code with operand references already turned into registers (0: the
// stack). Returns 2 * code.size() instructions: the specialised code, then `code` unchanged.
std::vector<Instr> specialise(const std::vector<Instr>& code, const SpecRegisters& regs);

}  // namespace edict::vm
