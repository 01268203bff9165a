// Unit tests for codegen, read through the disassembler: takes small rules and checks the
// opcode sequence of each (constants, arithmetic, inputs, date operations, rule calls).
// Also runs the golden listings: tests/codegen/golden/NAME.edict → NAME.expected
// (EDICT_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/bytecode/disasm.hpp"
#include "compiler/driver/compile.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

namespace fs = std::filesystem;

// The instructions of `rule`, in order: the opcode name alone, or (with_operands) followed by its
// operands as the listing prints them ("JUMP_IF_NOT_CMP a=0 b=1 c=3 x=I0 y=K0"), without comments.
std::vector<std::string> opcodes(const std::string& src, const std::string& rule, bool with_operands = false) {
    auto c = compile_sources({{"p.edict", src}});
    if (!c->ok()) {
        ADD_FAILURE() << render_all(c->diags, c->sources, false);
        return {};
    }
    const RuleInfo* r = c->program->find_rule(rule);
    if (!r) {
        ADD_FAILURE() << "no rule " << rule;
        return {};
    }
    std::string listing = disassemble_rule(*c->program, static_cast<uint32_t>(r - c->program->rules.data()));
    std::vector<std::string> ops;
    std::istringstream in(listing);
    for (std::string line; std::getline(in, line);) {
        // instruction lines: "  0000  OPNAME   operands ; comment"
        std::istringstream words(line.substr(0, line.find(';')));
        std::string pc, op;
        if (!(words >> pc >> op)) continue;
        if (pc.size() != 4 || pc.find_first_not_of("0123456789") != std::string::npos) continue;
        for (std::string operand; with_operands && words >> operand;) op += " " + operand;
        ops.push_back(op);
    }
    return ops;
}

using Ops = std::vector<std::string>;

// Literals, inputs, locals and rules are operands read in place (x=K0, x=I0, x=L0, x=R0); what
// other code computes is pushed and read from the stack (x=S).
TEST(Disasm, IntAddition) {
    EXPECT_EQ(opcodes("rule x: int = 1 + 2\n", "x", true), (Ops{"ADD_INT x=K1 y=K0", "RET x=S"}));
}

TEST(Disasm, InputsAndMoney) {
    // m * 2 promotes the int 2 to a decimal on the stack; the result minus a constant in place.
    // (Constants are numbered as codegen meets them: y's leaf is looked at before x's code.)
    EXPECT_EQ(opcodes("input m: money\nrule x: money = m * 2 - 1元\n", "x", true),
              (Ops{"INPUT c=0", "CONST c=1", "INT_TO_DEC a=0", "MUL_DEC x=S y=S", "SUB_DEC x=S y=K0", "RET x=S"}));
}

TEST(Disasm, DateArithmetic) {
    EXPECT_EQ(opcodes("input d: date\nrule x: date = d + 15 days\n", "x", true), (Ops{"ADD_DAYS x=I0 y=K0", "RET x=S"}));
    EXPECT_EQ(opcodes("input d: date\nrule x: date = d + 3个月\n", "x"), (Ops{"ADD_MONTHS", "RET"}));
    // Subtracting negates y first, so both go through the stack.
    EXPECT_EQ(opcodes("input d: date\nrule x: date = d - 3 days\n", "x", true),
              (Ops{"INPUT c=0", "CONST c=0", "NEG_INT x=S", "ADD_DAYS x=S y=S", "RET x=S"}));
}

TEST(Disasm, RuleReferenceAndParamAt) {
    const char* src = "param p: money\n  1元 from 2020-01-01\ninput d: date\nrule a: money = p at d\nrule b: money = a\n";
    EXPECT_EQ(opcodes(src, "a", true), (Ops{"PARAM_AT c=0 x=I0", "RET x=S"}));
    EXPECT_EQ(opcodes(src, "b", true), (Ops{"RET x=R0"}));
}

// An input or rule read in place as x is read after y's code has run, so it is pushed first when
// y is computed: a missing input still fails before y's rule is evaluated, as written.
TEST(Disasm, OperandsAreReadInSourceOrder) {
    EXPECT_EQ(opcodes("input a: int\ninput b: int\nrule x: int = a + -b\n", "x", true),
              (Ops{"INPUT c=0", "NEG_INT x=I1", "ADD_INT x=S y=S", "RET x=S"}));
    // A constant cannot fail, so it is read in place after the code of y.
    EXPECT_EQ(opcodes("input b: int\nrule x: int = 5 + -b\n", "x", true),
              (Ops{"NEG_INT x=I0", "ADD_INT x=K0 y=S", "RET x=S"}));
}

TEST(Disasm, NegationAndRound) {
    EXPECT_EQ(opcodes("input a: int\nrule x: int = -a\n", "x"), (Ops{"NEG_INT", "RET"}));
    Ops r = opcodes("input m: money\nrule x: money = round(m / 3, 2)\n", "x");
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(r.back(), "RET");
    EXPECT_NE(std::find(r.begin(), r.end(), "DIV_DEC"), r.end());
}

TEST(Disasm, ExceptionsUseDefinitionJoins) {
    Ops r = opcodes("input f: bool\nrule s: int = 1\nexception e to s when f then 2\n", "s");
    ASSERT_FALSE(r.empty());
    EXPECT_NE(std::find(r.begin(), r.end(), "DEF_RESULT"), r.end());
    EXPECT_EQ(r.back(), "RET");
}

TEST(Disasm, WholeProgramListsEveryRule) {
    auto c = compile_sources({{"p.edict", "rule a: int = 1\nrule b: int = a + 1\n"}});
    ASSERT_TRUE(c->ok());
    std::string all = disassemble(*c->program);
    EXPECT_NE(all.find("rule a : int"), std::string::npos) << all;
    EXPECT_NE(all.find("rule b : int"), std::string::npos) << all;
}

// Conditions are tests and jumps, not values: a comparison is one JUMP_IF_NOT_CMP reading both
// sides in place, `and` is two tests, `is null` jumps on its operand.
TEST(Disasm, ConditionsCompareAndJump) {
    EXPECT_EQ(opcodes("input a: int\nrule x: int\n  when a > 3 then 1\n  otherwise 2\n", "x", true),
              (Ops{"PUSH_EMPTY", "SET_LOCAL b=0 x=S", "JUMP_IF_NOT_CMP a=0 b=4 c=4 x=I0 y=K0", "DEF_JOIN b=0 c=0 x=K1",
                   "JUMP_IF_SET b=0 c=6", "DEF_JOIN b=0 c=1 x=K2", "DEF_RESULT b=0 c=0", "RET x=S"}));
    EXPECT_EQ(opcodes("input a: int\ninput b: int\ninput d: date?\nrule x: int = if a < b and d is not null then 1 else 2\n", "x"),
              (Ops{"JUMP_IF_NOT_CMP", "POP_JUMP_IF_NULL", "CONST", "JUMP", "CONST", "RET"}));
    // As a value, the comparison is still CMP.
    EXPECT_EQ(opcodes("input a: int\nrule x: bool = a > 3\n", "x", true), (Ops{"CMP a=0 b=4 x=I0 y=K0", "RET x=S"}));
}

// The case is read in place by each pattern's test; a computed case is kept in a local first.
TEST(Disasm, MatchArmsTestTheCaseAgainstTheConstant) {
    EXPECT_EQ(opcodes("enum E { p, q, r }\ninput e: E\nrule x: int = match e { p | q => 1, r => 2 }\n", "x", true),
              (Ops{"JUMP_IF_NOT_CMP a=0 b=1 c=2 x=I0 y=K0", "JUMP_IF_NOT_CMP a=0 b=0 c=4 x=I0 y=K1", "CONST c=2", "JUMP c=5",
                   "CONST c=3", "RET x=S"}));
    EXPECT_EQ(opcodes("enum E { p, q }\ninput e: E?\nrule x: int = match e ?? p { p => 1, q => 2 }\n", "x", true),
              (Ops{"INPUT c=0", "JUMP_IF_NOT_NULL c=4", "POP", "CONST c=0", "SET_LOCAL b=0 x=S",
                   "JUMP_IF_NOT_CMP a=0 b=0 c=8 x=L0 y=K0", "CONST c=1", "JUMP c=9", "CONST c=2", "RET x=S"}));
}

TEST(Disasm, EachConstantIsStoredOnce) {
    auto c = compile_sources({{"p.edict", "input a: int\nrule x: int = a + 7 + 7\nrule y: int = 7 * a\n"
                                          "rule t: text = if a > 7 then \"s\" else \"s\"\n"}});
    ASSERT_TRUE(c->ok());
    int sevens = 0, texts = 0;
    for (const Value& v : c->program->constants) {
        sevens += v.tag == Tag::Int && v.i == 7;
        texts += v.tag == Tag::Text;
    }
    EXPECT_EQ(sevens, 1);
    EXPECT_EQ(texts, 1);
}

// --- golden listings ---------------------------------------------------------------------------

std::string strip_prefix(std::string s, const std::string& prefix) {
    for (size_t at; (at = s.find(prefix)) != std::string::npos;) s.erase(at, prefix.size());
    return s;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(DisasmGolden, Listings) {
    fs::path dir = fs::path(EDICT_SOURCE_DIR) / "tests" / "codegen" / "golden";
    bool update = std::getenv("EDICT_UPDATE_GOLDEN") && std::string(std::getenv("EDICT_UPDATE_GOLDEN")) == "1";
    int seen = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".edict") continue;
        ++seen;
        SCOPED_TRACE(entry.path().filename().string());
        auto c = compile_path(entry.path().string());
        std::string actual;
        if (c->ok()) actual = disassemble(*c->program);
        else actual = render_all(c->diags, c->sources, false);
        actual = strip_prefix(actual, std::string(EDICT_SOURCE_DIR) + "/");
        fs::path expected_path = entry.path();
        expected_path.replace_extension(".expected");
        if (update) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        ASSERT_TRUE(fs::exists(expected_path)) << "run with EDICT_UPDATE_GOLDEN=1 to create " << expected_path;
        EXPECT_TRUE(c->ok()) << actual;
        EXPECT_EQ(actual, read_text(expected_path));
    }
    EXPECT_GE(seen, 2);
}

}  // namespace
}  // namespace edict
