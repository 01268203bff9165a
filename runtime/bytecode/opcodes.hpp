// Opcode enum and names, generated from opcodes.def so nothing is kept in sync by hand.
#pragma once
#include <cstdint>

namespace edict {

enum class Op : uint8_t {
#define OP(name, operands, pops, pushes, doc) name,
#include "runtime/bytecode/opcodes.def"
#undef OP
};

constexpr const char* kOpNames[] = {
#define OP(name, operands, pops, pushes, doc) #name,
#include "runtime/bytecode/opcodes.def"
#undef OP
};

constexpr const char* kOpOperands[] = {
#define OP(name, operands, pops, pushes, doc) operands,
#include "runtime/bytecode/opcodes.def"
#undef OP
};

constexpr const char* kOpDocs[] = {
#define OP(name, operands, pops, pushes, doc) doc,
#include "runtime/bytecode/opcodes.def"
#undef OP
};

// Each opcode's stack effect as written in the table ("on_stack(in.x) + on_stack(in.y) / 1"): part
// of the instruction-set fingerprint, so an artifact is refused when only the effects changed.
constexpr const char* kOpEffects[] = {
#define OP(name, operands, pops, pushes, doc) #pops " / " #pushes,
#include "runtime/bytecode/opcodes.def"
#undef OP
};

constexpr uint32_t kOpCount = sizeof(kOpNames) / sizeof(kOpNames[0]);

// Where an instruction reads operand x or y from, packed in 32 bits: the kind in the top 4 bits,
// the index in the low 28. Stack (the value 0, so an instruction built without operands pops its
// operands as a stack machine does); Input, Const: by index; Local: counted from the first local
// of the first rule (rule r's locals follow those of rules 0..r-1; one frame per rule is live at a
// time, so each rule's locals have fixed places); Rule: the rule's value, evaluated first when
// this case has not yet (the instruction then runs again on return).
enum class OperandKind : uint8_t { Stack = 0, Input = 1, Local = 2, Const = 3, Rule = 4 };
struct Operand {
    static constexpr uint32_t kIndexBits = 28, kIndexLimit = 1u << kIndexBits;
    static constexpr bool fits(uint32_t index) { return index < kIndexLimit; }
    static constexpr uint32_t make(OperandKind k, uint32_t index) { return uint32_t(k) << kIndexBits | index; }
    static constexpr OperandKind kind(uint32_t ref) { return static_cast<OperandKind>(ref >> kIndexBits); }
    static constexpr uint32_t index(uint32_t ref) { return ref & (kIndexLimit - 1); }
};
constexpr uint32_t kStackOperand = 0;
constexpr int64_t on_stack(uint32_t ref) { return Operand::kind(ref) == OperandKind::Stack ? 1 : 0; }

// Fixed 16-byte instructions: decoding is two loads, and jumps are absolute instruction indexes.
struct Instr {
    Op op;
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint32_t x = kStackOperand;
    uint32_t y = kStackOperand;
};
static_assert(sizeof(Instr) == 16);

// The expression a TRACE instruction records, packed into its 32-bit operand c: the module in the
// top 8 bits, the expression id in the low 24. Codegen packs, explain unpacks; nothing else knows
// the layout. An expression beyond these bounds gets no TRACE (`fits`), so its value is not shown.
struct TracePoint {
    uint32_t module = 0;
    uint32_t expr = 0;
    static constexpr uint32_t kModules = 1u << 8, kExprs = 1u << 24;
    static constexpr bool fits(uint32_t module, uint32_t expr) { return module < kModules && expr < kExprs; }
    constexpr uint32_t packed() const { return module << 24 | expr; }
    static constexpr TracePoint unpack(uint32_t c) { return {c >> 24, c & (kExprs - 1)}; }
};

// Operand-stack values an instruction pops and pushes, from the table: codegen tracks the stack
// depth with these and the artifact verifier checks it, so neither keeps a list of its own.
struct StackEffect {
    int64_t pops, pushes;
};

constexpr StackEffect stack_effect(const Instr& in) {
    switch (in.op) {
#define OP(name, operands, pops, pushes, doc) \
    case Op::name: return {pops, pushes};
#include "runtime/bytecode/opcodes.def"
#undef OP
    }
    return {0, 0};
}

// Whether the instruction's operand c is a jump target (an absolute instruction index): the one
// list, which the verifier follows and the VM relocates when it copies a rule's code (vm/fuse.hpp).
constexpr bool jumps_to_c(Op op) {
    switch (op) {
        case Op::JUMP: case Op::JUMP_IF_FALSE: case Op::JUMP_IF_TRUE: case Op::JUMP_IF_NOT_NULL:
        case Op::JUMP_IF_SET: case Op::POP_JUMP_IF_NULL: case Op::POP_JUMP_IF_NOT_NULL:
        case Op::JUMP_IF_NOT_CMP: case Op::ITER_NEXT:
            return true;
        default:
            return false;
    }
}

// Comparison classes (CMP operand a) and relations (operand b).
enum CmpClass : uint8_t { kCmpInt = 0, kCmpDec = 1, kCmpText = 2 };
enum CmpRel : uint8_t { kEq = 0, kNe, kLt, kLe, kGt, kGe };

// The relation that holds exactly when `rel` does not (the three classes are total orders).
constexpr uint8_t negated(uint8_t rel) {
    constexpr uint8_t kOpposite[] = {kNe, kEq, kGe, kGt, kLe, kLt};
    return kOpposite[rel];
}


}  // namespace edict
