// One line per instruction: "  0007  CMP                  a=1 b=3 x=I2 y=K4      ; decimal <=, x: salary, y: 100.00".
#include "runtime/bytecode/disasm.hpp"

#include <utility>

#include <fmt/format.h>

#include "runtime/value/date.hpp"
#include "runtime/value/decimal.hpp"

namespace edict {

std::string format_constant(const Program& p, const Value& v) {
    switch (v.tag) {
        case Tag::Null: return "null";
        case Tag::Empty: return "<empty>";
        case Tag::Bool: return v.i ? "true" : "false";
        case Tag::Int: return std::to_string(v.i);
        case Tag::Dec: return dec_to_string(v.dec());
        case Tag::Date: return date_to_string(static_cast<DayNumber>(v.i));
        case Tag::Month: return month_to_string(static_cast<MonthNumber>(v.i));
        case Tag::Text: return fmt::format("\"{}\"", v.text_view());
        case Tag::Enum: return p.types.enum_at(v.aux).cases.at(static_cast<size_t>(v.i));
        case Tag::List: return fmt::format("<list of {}>", v.aux);
        case Tag::Record: return fmt::format("<record {}>", p.types.record_at(v.aux).name);
    }
    return "?";
}

namespace {

std::string comment(const Program& p, const Instr& in) {
    static const char* const kRel[] = {"==", "!=", "<", "<=", ">", ">="};
    static const char* const kClass[] = {"int", "decimal", "text"};
    switch (in.op) {
        case Op::CONST: return format_constant(p, p.constants.at(in.c));
        case Op::INPUT: return p.inputs.at(in.c).name;
        case Op::RULE: return p.rules.at(in.c).name;
        case Op::PARAM_AT: return p.params.at(in.c).name;
        case Op::ROLL: case Op::IS_WORKDAY: return p.calendars.at(in.c).name;
        case Op::TABLE: return p.tables.at(in.c).name;
        case Op::CMP: return fmt::format("{} {}", kClass[in.a % 3], kRel[in.b % 6]);
        case Op::JUMP_IF_NOT_CMP: return fmt::format("unless {} {}", kClass[in.a % 3], kRel[in.b % 6]);
        case Op::DIV_DEC: case Op::ROUND:
            return fmt::format("{} places, {}", in.a, rounding_name(static_cast<Rounding>(in.b)));
        case Op::DEC_TO_INT: return rounding_name(static_cast<Rounding>(in.b));
        case Op::DEF_JOIN: {
            const DefinitionInfo& d = p.definitions.at(in.c);
            return fmt::format("definition {} ({})", d.label, p.describe(d.loc));
        }
        case Op::DEF_RESULT: return p.rules.at(in.c).name;
        case Op::ERROR: return format_constant(p, p.constants.at(in.c));
        default: return {};
    }
}

// "I3" (input 3), "L0" (local 0 of this rule, as b= names it), "K7" (constant 7), "R2" (rule 2),
// "S" (popped from the stack). `locals_before`: the rule's first local as Local operands count.
std::string operand_text(uint32_t ref, uint64_t locals_before) {
    static const char kLetter[] = {'S', 'I', 'L', 'K', 'R'};
    const auto kind = static_cast<size_t>(Operand::kind(ref));
    if (kind >= sizeof kLetter) return fmt::format("?{}", ref);
    if (Operand::kind(ref) == OperandKind::Stack) return "S";
    if (Operand::kind(ref) == OperandKind::Local) return fmt::format("L{}", int64_t{Operand::index(ref)} - int64_t(locals_before));
    return fmt::format("{}{}", kLetter[kind], Operand::index(ref));
}

// What an operand reference reads, for the comment: the input's or rule's name, the constant;
// empty for the stack and locals (their slot is in the operand itself).
std::string operand_note(const Program& p, uint32_t ref) {
    const uint32_t i = Operand::index(ref);
    switch (Operand::kind(ref)) {
        case OperandKind::Input: return i < p.inputs.size() ? p.inputs[i].name : "?";
        case OperandKind::Rule: return i < p.rules.size() ? p.rules[i].name : "?";
        case OperandKind::Const: return i < p.constants.size() ? format_constant(p, p.constants[i]) : "?";
        default: return {};
    }
}

}  // namespace

std::string disassemble_rule(const Program& p, uint32_t r) {
    const RuleInfo& rule = p.rules.at(r);
    std::string out = fmt::format("rule {} : {}  ({} locals)  {}\n", rule.name, p.types.name(rule.type), rule.locals,
                                  p.describe(rule.loc));
    uint32_t end = r + 1 < p.rules.size() ? p.rules[r + 1].entry : static_cast<uint32_t>(p.code.size());
    uint64_t locals_before = 0;
    for (uint32_t i = 0; i < r; ++i) locals_before += p.rules[i].locals;
    for (uint32_t pc = rule.entry; pc < end; ++pc) {
        const Instr& in = p.code[pc];
        std::string ops;
        std::string_view want = kOpOperands[static_cast<int>(in.op)];
        if (want.find('a') != std::string_view::npos) ops += fmt::format(" a={}", in.a);
        if (want.find('b') != std::string_view::npos) ops += fmt::format(" b={}", in.b);
        if (want.find('c') != std::string_view::npos) ops += fmt::format(" c={}", in.c);
        std::string note = comment(p, in);
        for (auto [letter, ref] : {std::pair{'x', in.x}, std::pair{'y', in.y}}) {
            if (want.find(letter) == std::string_view::npos) continue;
            ops += fmt::format(" {}={}", letter, operand_text(ref, locals_before));
            if (std::string n = operand_note(p, ref); !n.empty()) note += (note.empty() ? "" : ", ") + fmt::format("{}: {}", letter, n);
        }
        out += fmt::format("  {:04}  {:<21}{:<24}{}\n", pc, kOpNames[static_cast<int>(in.op)], ops,
                           note.empty() ? "" : "; " + note);
    }
    return out;
}

std::string disassemble(const Program& p) {
    std::string out;
    for (uint32_t r = 0; r < p.rules.size(); ++r) out += disassemble_rule(p, r) + "\n";
    return out;
}

}  // namespace edict
