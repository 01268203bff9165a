// Unit tests for the VM's own instruction forms (runtime/vm/specialise.hpp): takes hand-made code
// and small policies. Checks which instructions are rewritten and that everything else is left as
// the program has it; and, through evaluation, that a specialised instruction meeting an input
// the case does not give or a rule not yet evaluated gives the program's answer, error and
// position (it runs the program's instruction instead).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/vm/specialise.hpp"

namespace edict {
namespace {

Op spec(vm::Spec s) { return static_cast<Op>(s); }

TEST(Specialise, ReturnsOfAConstantAnInputOrNullAndTheCopyBehind) {
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 2, regs.first_const = 10, regs.constants = 3, regs.null_value = 20;
    const std::vector<Instr> code = {
        {Op::CONST, 0, 0, 2},             // 0: CONST 2; JUMP 5 -> return K2 from its register
        {Op::JUMP, 0, 0, 5},              // 1: a jump to `RET x=S` -> return the top
        {Op::INPUT, 0, 0, 1},             // 2: INPUT 1; RET -> return the input's register
        {Op::RET, 0, 0, 0},               // 3
        {Op::PUSH_NULL, 0, 0, 0},         // 4: PUSH_NULL; RET -> return the null register
        {Op::RET, 0, 0, 0},               // 5
        {Op::PUSH_EMPTY, 0, 0, 0}, {Op::SET_LOCAL, 0, 0, 0},  // 6, 7: two definition slots cleared
        {Op::PUSH_EMPTY, 0, 0, 0}, {Op::SET_LOCAL, 0, 2, 0},  // 8, 9
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 3, 1, 11},  // 10: int, two registers
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kLe, 3, 1, 11},  // 11: decimal: as it is
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 3, 0, 11},  // 12: x on the stack: as it is
        {Op::CONST, 0, 0, 3},             // 13: no constant 3: as it is
        {Op::JUMP, 0, 0, 99},             // 14: a target outside the code: as it is
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    ASSERT_EQ(out.size(), 2 * code.size());
    EXPECT_EQ(out[0].op, spec(vm::Spec::RET_R));
    EXPECT_EQ(out[0].x, 12u);
    EXPECT_EQ(out[1].op, spec(vm::Spec::RET_S));
    EXPECT_EQ(out[2].op, spec(vm::Spec::RET_R));
    EXPECT_EQ(out[2].x, 2u);
    EXPECT_EQ(out[3].op, spec(vm::Spec::RET_S));
    EXPECT_EQ(out[4].op, spec(vm::Spec::RET_R));
    EXPECT_EQ(out[4].x, 20u);
    EXPECT_EQ(out[6].op, spec(vm::Spec::CLEAR_LOCALS));
    EXPECT_EQ(out[6].b, 0u);
    EXPECT_EQ(out[6].c, 2u);
    EXPECT_EQ(out[7].op, spec(vm::Spec::SET_LOCAL_S));  // still right when jumped to
    EXPECT_EQ(out[8].op, spec(vm::Spec::CLEAR_LOCAL));
    EXPECT_EQ(out[10].op, spec(vm::Spec::JUMP_IF_NOT_CMP_INT_RR));
    EXPECT_EQ(out[11].op, Op::JUMP_IF_NOT_CMP);
    EXPECT_EQ(out[12].op, Op::JUMP_IF_NOT_CMP);
    EXPECT_EQ(out[13].op, Op::CONST);
    EXPECT_EQ(out[14].op, Op::JUMP);
    for (size_t i = 0; i < code.size(); ++i) {
        const Instr& a = code[i];
        const Instr& b = out[code.size() + i];
        EXPECT_TRUE(a.op == b.op && a.a == b.a && a.b == b.b && a.c == b.c && a.x == b.x && a.y == b.y) << i;
    }
}

struct Outcome {
    bool ok = false;
    std::string out, error;
};

Outcome run(const std::string& src, const std::vector<std::string>& rules, const std::string& input) {
    Outcome o;
    auto c = compile_sources({{"p.edict", src}});
    if (!c->ok()) {
        ADD_FAILURE() << "does not compile";
        return o;
    }
    std::vector<uint32_t> ids;
    for (const std::string& name : rules) ids.push_back(static_cast<uint32_t>(c->program->find_rule(name) - c->program->rules.data()));
    io::Json j;
    std::string why;
    EXPECT_TRUE(io::parse_json(input, j, why)) << why;
    io::CaseRunner runner(*c->program, ids, false);
    io::CaseError err;
    o.ok = runner.run(j, o.out, err);
    o.error = err.message;
    return o;
}

const char* kSource =
    "input a: int\n"
    "input flag: bool\n"
    "input d: int = 7\n"
    "input o: int?\n"
    "rule r: int = if flag then a else 0\n"  // INPUT a; JUMP end: returned from a's register
    "rule s: int = d\n"
    "rule t: int? = o\n"
    "rule u: int = r\n"                      // returned from r's register
    "rule v: int = u + 1\n"
    "rule w: bool = if a < d then flag else false\n";  // an int comparison of two registers

TEST(Specialise, AnInputNotGivenGivesTheProgramsAnswerOrError) {
    Outcome o = run(kSource, {"r"}, R"({"flag": true})");
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `r` (p.edict:5:28)");
    o = run(kSource, {"u"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `u` ← `r` (p.edict:5:28)");
    o = run(kSource, {"w"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `w` (p.edict:10:19)");
    o = run(kSource, {"r", "s", "t", "w"}, R"({"flag": true, "a": 3})");
    EXPECT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.out, R"({"r":3,"s":7,"t":null,"w":true})");
    o = run(kSource, {"w", "s"}, R"({"flag": true, "a": 8})");
    EXPECT_EQ(o.out, R"({"w":false,"s":7})");
}

// The requested rules run in one loop: one already evaluated as another's dependency is read from
// the cache, one asked for twice is evaluated once, and each keeps its own place in the output.
TEST(Specialise, RequestedRulesInOneLoopKeepTheirOrder) {
    Outcome o = run(kSource, {"v", "u", "r", "v"}, R"({"flag": false})");
    EXPECT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.out, R"({"v":1,"u":0,"r":0,"v":1})");
    o = run(kSource, {"s", "v", "r"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `v` ← `u` ← `r` (p.edict:5:28)");
}

}  // namespace
}  // namespace edict
