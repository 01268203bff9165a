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

// Numbered after the program's opcodes, in the same Instr.op byte; the list is spec_forms.def.
enum class Spec : uint8_t {
    kBeforeFirst = kOpCount - 1,  // so the first form is numbered kOpCount
#define SPEC_FORM(name, doc) name,
#include "runtime/vm/spec_forms.def"
#undef SPEC_FORM
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

// Whether instructions of op `op` return the rule's value (RET and its forms RET_S, RET_R,
// RET_<rel>_RR/RK): what the straight-line copy of a rule redirects (fuse.hpp).
bool is_return(Op op);

// Whether instructions of op `op` read the program's code behind them (FILTERED_MIN_OF_INPUTS):
// their y is the byte distance to their own copy in the program's code, which the straight-line
// copy of a rule sets again for where it puts them (fuse.hpp).
bool reads_program_copy(Op op);

// Every program opcode and form by name, numbered as Op and Spec number them (the opcodes, then
// the forms), for tables that name both, such as the pairs of THEN_FORM (spec_forms.def).
namespace form {
enum : uint8_t {
#define OP(name, operands, pops, pushes, doc) name,
#include "runtime/bytecode/opcodes.def"
#undef OP
#define SPEC_FORM(name, doc) name,
#include "runtime/vm/spec_forms.def"
#undef SPEC_FORM
};
static_assert(FUSED_START == static_cast<uint8_t>(Spec::FUSED_START), "the same numbering as Spec");
}  // namespace form

// The form a copy of a handler stands for (spec_forms.def, REPLICA_FORM); any other op itself.
Op copied_form(Op op);

// The form a _THEN_ or _INTO_ variant (or a copy of one) starts with (spec_forms.def, THEN_FORM
// and INTO_FORM), whose operands it has; any other op itself.
Op first_form(Op op);

// Which fields of an instruction of op `op` name a local of its rule, L[b] (and L[b+1], L[b+2]
// where the op says so) and L[c]: the program's ops as the verifier checks them (verify.cpp) and
// the forms made of them (a _THEN_ variant: those of its first form). The straight-line copy of a rule moves them by where its locals lie
// (fuse.hpp), so every rule in a block reads its locals from one base.
struct LocalFields {
    bool b = false, c = false;
};
LocalFields local_fields(Op op);

// `code`: the program's code with operand references already turned into registers (0: the
// stack). Returns 2 * code.size() instructions: the specialised code, then `code` unchanged.
std::vector<Instr> specialise(const std::vector<Instr>& code, const SpecRegisters& regs);

}  // namespace edict::vm
