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

constexpr uint32_t kOpCount = sizeof(kOpNames) / sizeof(kOpNames[0]);

// Fixed 8-byte instructions: decoding is a load, and jumps are absolute instruction indexes.
struct Instr {
    Op op;
    uint8_t a;
    uint16_t b;
    uint32_t c;
};
static_assert(sizeof(Instr) == 8);

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

// Comparison classes (CMP operand a) and relations (operand b).
enum CmpClass : uint8_t { kCmpInt = 0, kCmpDec = 1, kCmpText = 2 };
enum CmpRel : uint8_t { kEq = 0, kNe, kLt, kLe, kGt, kGe };

// The relation that holds exactly when `rel` does not (the three classes are total orders).
constexpr uint8_t negated(uint8_t rel) {
    constexpr uint8_t kOpposite[] = {kNe, kEq, kGe, kGt, kLe, kLt};
    return kOpposite[rel];
}

// JUMP_IF_NOT_CMP_K keeps class and relation in operand a (b holds the constant, c the target).
constexpr uint8_t class_and_relation(uint8_t cls, uint8_t rel) { return static_cast<uint8_t>(cls << 3 | rel); }

}  // namespace edict
