// One line per instruction: "  0007  CMP          a=1 b=3      ; decimal <=".
#include "runtime/bytecode/disasm.hpp"

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
        case Op::JUMP_IF_NOT_CMP_K:
            return fmt::format("unless {} {} {}", kClass[(in.a >> 3) % 3], kRel[(in.a & 7) % 6],
                               format_constant(p, p.constants.at(in.b)));
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

}  // namespace

std::string disassemble_rule(const Program& p, uint32_t r) {
    const RuleInfo& rule = p.rules.at(r);
    std::string out = fmt::format("rule {} : {}  ({} locals)  {}\n", rule.name, p.types.name(rule.type), rule.locals,
                                  p.describe(rule.loc));
    uint32_t end = r + 1 < p.rules.size() ? p.rules[r + 1].entry : static_cast<uint32_t>(p.code.size());
    for (uint32_t pc = rule.entry; pc < end; ++pc) {
        const Instr& in = p.code[pc];
        std::string ops;
        std::string_view want = kOpOperands[static_cast<int>(in.op)];
        if (want.find('a') != std::string_view::npos) ops += fmt::format(" a={}", in.a);
        if (want.find('b') != std::string_view::npos) ops += fmt::format(" b={}", in.b);
        if (want.find('c') != std::string_view::npos) ops += fmt::format(" c={}", in.c);
        std::string note = comment(p, in);
        out += fmt::format("  {:04}  {:<16}{:<16}{}\n", pc, kOpNames[static_cast<int>(in.op)], ops,
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
