// Unit tests for the VM's own instruction forms (runtime/vm/specialise.hpp): takes hand-made code
// and small policies. Checks which instructions are rewritten and that everything else is left as
// the program has it; and, through evaluation, that a specialised instruction meeting an input
// the case does not give or a rule not yet evaluated gives the program's answer, error and
// position (it runs the program's instruction instead).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/vm/specialise.hpp"
#include "runtime/vm/vm.hpp"

namespace edict {
namespace {

Op spec(vm::Spec s) { return static_cast<Op>(s); }

// A register as the forms name it: its byte offset in the file.
uint32_t at(uint32_t reg) { return *vm::reg_offset(reg); }
// A jump from instruction `from` to `to` as the forms give it.
uint32_t jump(uint32_t from, uint32_t to) { return *vm::jump_offset(from, to); }

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
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 3, 1, 11},  // 10: int, two registers (no constant values known)
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kLe, 3, 1, 11},  // 11: decimal: as it is
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 3, 0, 11},  // 12: x on the stack: as it is
        {Op::CONST, 0, 0, 3},             // 13: no constant 3: as it is
        {Op::JUMP, 0, 0, 99},             // 14: a target outside the code: as it is
        {Op::SET_LOCAL, 0, 1, 0, 2},      // 15: L1 := register 2
        {Op::INPUT, 0, 0, 0},             // 16: push input 0 (register 1)
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    ASSERT_EQ(out.size(), 2 * code.size());
    EXPECT_EQ(out[0].op, spec(vm::Spec::RET_R));
    EXPECT_EQ(out[0].x, at(12));
    EXPECT_EQ(out[1].op, spec(vm::Spec::RET_S));
    EXPECT_EQ(out[2].op, spec(vm::Spec::RET_R));
    EXPECT_EQ(out[2].x, at(2));
    EXPECT_EQ(out[3].op, spec(vm::Spec::RET_S));
    EXPECT_EQ(out[4].op, spec(vm::Spec::RET_R));
    EXPECT_EQ(out[4].x, at(20));
    EXPECT_EQ(out[6].op, spec(vm::Spec::CLEAR_LOCALS));
    EXPECT_EQ(out[6].b, 0u);
    EXPECT_EQ(out[6].c, 2u);
    EXPECT_EQ(out[7].op, spec(vm::Spec::SET_LOCAL_S));  // still right when jumped to
    EXPECT_EQ(out[8].op, spec(vm::Spec::CLEAR_LOCAL));
    EXPECT_EQ(out[10].op, spec(vm::Spec::JUMP_IF_NOT_LE_RR));
    EXPECT_EQ(out[10].x, at(1));
    EXPECT_EQ(out[10].y, at(11));
    EXPECT_EQ(static_cast<int32_t>(out[10].c), -7 * 16);  // back to instruction 3
    EXPECT_EQ(out[11].op, Op::JUMP_IF_NOT_CMP);
    EXPECT_EQ(out[12].op, Op::JUMP_IF_NOT_CMP);
    EXPECT_EQ(out[13].op, Op::CONST);
    EXPECT_EQ(out[14].op, Op::JUMP);
    EXPECT_EQ(out[15].op, spec(vm::Spec::SET_LOCAL_R));
    EXPECT_EQ(out[15].b, 1u);
    EXPECT_EQ(out[15].x, at(2));
    EXPECT_EQ(out[16].op, spec(vm::Spec::INPUT_R));
    EXPECT_EQ(out[16].c, at(1));
    for (size_t i = 0; i < code.size(); ++i) {
        const Instr& a = code[i];
        const Instr& b = out[code.size() + i];
        EXPECT_TRUE(a.op == b.op && a.a == b.a && a.b == b.b && a.c == b.c && a.x == b.x && a.y == b.y) << i;
    }
}

// Comparisons of class int become one typed form per relation; a constant of 32 bits is carried
// in the instruction (moved to y, the relation mirrored, when it was x); jumps become byte offsets.
TEST(Specialise, TypedComparisonsCarryTheirConstantAndJumpByOffset) {
    const std::vector<Value> constants = {Value::integer(5), Value::date(737000), Value::integer(int64_t{1} << 40),
                                          Value::decimal(Decimal{5, 0}), Value::enum_case(0, 2)};
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 3, regs.first_const = 10, regs.constants = 5, regs.null_value = 20;
    regs.constant_values = constants.data();
    const std::vector<Instr> code = {
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 8, 1, 2},    // 0: two inputs
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLt, 8, 1, 10},   // 1: an input and 5
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLt, 8, 11, 1},   // 2: a date constant first: mirrored
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kEq, 8, 1, 12},   // 3: 2^40 does not fit 32 bits: from its register
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kNe, 8, 3, 14},   // 4: an enum case
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kGe, 0, 1, 2},    // 5: a jump backwards
        {Op::JUMP_IF_FALSE, 0, 0, 8, 3},                 // 6: a bool register
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kGt, 8, 10, 11},  // 7: two constants: x keeps its register
        {Op::RET, 0, 0, 0},                              // 8
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    EXPECT_EQ(out[0].op, spec(vm::Spec::JUMP_IF_NOT_LE_RR));
    EXPECT_EQ(out[0].x, at(1));
    EXPECT_EQ(out[0].y, at(2));
    EXPECT_EQ(out[0].c, jump(0, 8));
    EXPECT_EQ(out[1].op, spec(vm::Spec::JUMP_IF_NOT_LT_RK));
    EXPECT_EQ(out[1].x, at(1));
    EXPECT_EQ(out[1].y, 5u);
    EXPECT_EQ(out[1].c, 7u * 16);
    EXPECT_EQ(out[2].op, spec(vm::Spec::JUMP_IF_NOT_GT_RK));  // 737000 < x  is  x > 737000
    EXPECT_EQ(out[2].x, at(1));
    EXPECT_EQ(out[2].y, 737000u);
    EXPECT_EQ(out[3].op, spec(vm::Spec::JUMP_IF_NOT_EQ_RR));
    EXPECT_EQ(out[3].y, at(12));
    EXPECT_EQ(out[4].op, spec(vm::Spec::JUMP_IF_NOT_NE_RK));
    EXPECT_EQ(out[4].x, at(3));
    EXPECT_EQ(out[4].y, 2u);
    EXPECT_EQ(out[5].op, spec(vm::Spec::JUMP_IF_NOT_GE_RR));
    EXPECT_EQ(static_cast<int32_t>(out[5].c), -5 * 16);
    EXPECT_EQ(out[6].op, spec(vm::Spec::JUMP_IF_FALSE_R));
    EXPECT_EQ(out[6].x, at(3));
    EXPECT_EQ(out[6].c, jump(6, 8));
    EXPECT_EQ(out[7].op, spec(vm::Spec::JUMP_IF_NOT_GT_RK));
    EXPECT_EQ(out[7].x, at(10));
    EXPECT_EQ(out[7].y, 737000u);
    // Two values on the stack: popped and compared; one on the stack and one in a register stays.
    const std::vector<Instr> stack = {{Op::JUMP_IF_NOT_CMP, kCmpInt, kGt, 2, 0, 0},
                                      {Op::JUMP_IF_NOT_CMP, kCmpInt, kGt, 2, 1, 0}, {Op::RET, 0, 0, 0}};
    const std::vector<Instr> popped = vm::specialise(stack, regs);
    EXPECT_EQ(popped[0].op, spec(vm::Spec::JUMP_IF_NOT_GT_SS));
    EXPECT_EQ(popped[0].c, jump(0, 2));
    EXPECT_EQ(popped[1].op, Op::JUMP_IF_NOT_CMP);
    // A decimal constant is never an immediate, whatever the class says.
    const std::vector<Instr> dec = {{Op::JUMP_IF_NOT_CMP, kCmpInt, kEq, 1, 1, 13}, {Op::RET, 0, 0, 0}};
    EXPECT_EQ(vm::specialise(dec, regs)[0].op, spec(vm::Spec::JUMP_IF_NOT_EQ_RR));
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

// Word arithmetic: dates, months and ints in registers become typed forms; anything on the stack
// (but the two values of an int min/max), or of another class, stays the program's.
TEST(Specialise, WordArithmeticOnRegisters) {
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 3, regs.first_const = 10, regs.constants = 2, regs.null_value = 20;
    const std::vector<Instr> code = {
        {Op::ADD_YEARS, 0, 0, 0, 1, 30},     // 0: an input and a rule's register
        {Op::ADD_DAYS, 0, 0, 0, 1, 10},      // 1: an input and a constant
        {Op::ADD_MONTHS, 0, 0, 0, 0, 10},    // 2: x on the stack: as it is
        {Op::MONTH_OF, 0, 0, 0, 2},          // 3
        {Op::FIRST_DAY, 0, 0, 0, 0},         // 4: on the stack: as it is
        {Op::MONTHS_BETWEEN, 0, 0, 0, 3, 2}, // 5
        {Op::MIN_N, kCmpInt, 0, 2},          // 6: two ints
        {Op::MAX_N, kCmpInt, 0, 2},          // 7
        {Op::MAX_N, kCmpDec, 0, 2},          // 8: decimals: as it is
        {Op::MIN_N, kCmpInt, 0, 3},          // 9: three values: as it is
        {Op::RET, 0, 0, 0},
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    EXPECT_EQ(out[0].op, spec(vm::Spec::ADD_YEARS_RR));
    EXPECT_EQ(out[0].x, at(1));
    EXPECT_EQ(out[0].y, at(30));
    EXPECT_EQ(out[1].op, spec(vm::Spec::ADD_DAYS_RR));
    EXPECT_EQ(out[1].y, at(10));
    EXPECT_EQ(out[2].op, Op::ADD_MONTHS);
    EXPECT_EQ(out[3].op, spec(vm::Spec::MONTH_OF_R));
    EXPECT_EQ(out[3].x, at(2));
    EXPECT_EQ(out[4].op, Op::FIRST_DAY);
    EXPECT_EQ(out[5].op, spec(vm::Spec::MONTHS_BETWEEN_RR));
    EXPECT_EQ(out[6].op, spec(vm::Spec::MIN2_INT));
    EXPECT_EQ(out[7].op, spec(vm::Spec::MAX2_INT));
    EXPECT_EQ(out[8].op, Op::MAX_N);
    EXPECT_EQ(out[9].op, Op::MIN_N);
}

// Word arithmetic with a constant on the stack's top, the days between two registers, a date plus
// days from the stack, and a definition recorded from the stack or a register: their forms.
TEST(Specialise, ArithmeticWithAConstantDaysBetweenAndDefinitions) {
    vm::SpecRegisters regs;
    Value consts[3] = {Value::integer(1), Value::integer(int64_t{1} << 40), Value::boolean(false)};
    regs.first_input = 1, regs.inputs = 3, regs.first_const = 10, regs.constants = 3, regs.null_value = 20;
    regs.constant_values = consts;
    const std::vector<Instr> code = {
        {Op::MONTH_ADD, 0, 0, 0, 0, 10},       // 0: the top and 1
        {Op::MONTH_ADD, 0, 0, 0, 0, 2},        // 1: an input: as it is
        {Op::MONTH_ADD, 0, 0, 0, 2, 10},       // 2: x an input: as it is
        {Op::ADD_INT, 0, 0, 0, 0, 10},         // 3: the top and 1
        {Op::ADD_INT, 0, 0, 0, 0, 11},         // 4: 2^40 does not fit the form: as it is
        {Op::DAYS_BETWEEN, 0, 0, 0, 1, 2},     // 5
        {Op::DAYS_BETWEEN, 0, 0, 0, 0, 2},     // 6: on the stack: as it is
        {Op::ADD_DAYS, 0, 0, 0, 1, 0},         // 7: a register and the top
        {Op::ADD_DAYS, 0, 0, 0, 0, 0},         // 8: both on the stack: as it is
        {Op::DEF_JOIN, 0, 2, 5, 0},            // 9: the top into L[2], definition 5
        {Op::DEF_JOIN, 0, 4, 6, 12},           // 10: a constant into L[4], definition 6
        {Op::RET, 0, 0, 0},
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    EXPECT_EQ(out[0].op, spec(vm::Spec::MONTH_ADD_SK));
    EXPECT_EQ(out[0].y, 1u);
    EXPECT_EQ(out[1].op, Op::MONTH_ADD);
    EXPECT_EQ(out[2].op, Op::MONTH_ADD);
    EXPECT_EQ(out[3].op, spec(vm::Spec::ADD_INT_SK));
    EXPECT_EQ(out[3].y, 1u);
    EXPECT_EQ(out[4].op, Op::ADD_INT);
    EXPECT_EQ(out[5].op, spec(vm::Spec::DAYS_BETWEEN_RR));
    EXPECT_EQ(out[5].x, at(1));
    EXPECT_EQ(out[5].y, at(2));
    EXPECT_EQ(out[6].op, Op::DAYS_BETWEEN);
    EXPECT_EQ(out[7].op, spec(vm::Spec::ADD_DAYS_RS));
    EXPECT_EQ(out[7].x, at(1));
    EXPECT_EQ(out[8].op, Op::ADD_DAYS);
    EXPECT_EQ(out[9].op, spec(vm::Spec::DEF_JOIN_S));
    EXPECT_EQ(out[9].b, 2);
    EXPECT_EQ(out[9].c, 5u);
    EXPECT_EQ(out[10].op, spec(vm::Spec::DEF_JOIN_R));
    EXPECT_EQ(out[10].b, 4);
    EXPECT_EQ(out[10].c, 6u);
    EXPECT_EQ(out[10].x, at(12));
    // The straight-line copy of a rule moves the local its definitions are recorded in.
    EXPECT_TRUE(vm::local_fields(spec(vm::Spec::DEF_JOIN_S)).b);
    EXPECT_TRUE(vm::local_fields(spec(vm::Spec::DEF_JOIN_R)).b);
}

// Their answers and errors, straight and by calls: months and days at the ends of years 1..9999,
// ints at 64-bit limits, definitions that conflict. Every expected value and message is what
// `edict eval` gave for this policy and these cases before the forms existed (341e249).
TEST(Specialise, ArithmeticWithAConstantGivesTheProgramsAnswersAndErrors) {
    const char* src =
        "input day: date\n"
        "input other: date\n"
        "input n: int\n"
        "input a: bool\n"
        "input b: bool\n"
        "rule next_month: month = month_of(day) + 1\n"
        "rule plus_one: int = n * 1 + 1\n"
        "rule between: int = days_between(other, day)\n"
        "rule later: date = add_days(day, n * 1)\n"
        "rule chosen: int\n"
        "  when a then n * 1\n"
        "  when b then 7\n"
        "  otherwise 0\n";
    auto c = compile_sources({{"p.edict", src}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<std::string> names = {"next_month", "plus_one", "between", "later", "chosen"};
    std::vector<std::unique_ptr<io::CaseRunner>> straight, calls;
    for (const std::string& name : names) {
        const auto id = static_cast<uint32_t>(p.find_rule(name) - p.rules.data());
        straight.push_back(std::make_unique<io::CaseRunner>(p, std::vector<uint32_t>{id}, false));
        calls.push_back(std::make_unique<io::CaseRunner>(p, std::vector<uint32_t>{id}, false));
        calls.back()->session().set_straight(false);
    }
    struct Case {
        const char* input;
        const char* out[5];  // each rule's value as JSON, or its error
    };
    const char* month_out = "the resulting month is outside years 1 to 9999, while computing `next_month` (p.edict:6:26)";
    const char* overflow = "integer overflow: the result does not fit 64 bits, while computing `plus_one` (p.edict:7:22)";
    const char* date_out = "the resulting date is outside years 1 to 9999, while computing `later` (p.edict:9:20)";
    const char* conflict =
        "conflict: two definitions of `chosen` apply and neither has priority: base (p.edict:11:3) and base "
        "(p.edict:12:3), while computing `chosen` (p.edict:12:3)";
    const Case cases[] = {
        {R"({"day":"2020-12-31","other":"2020-01-01","n":5,"a":false,"b":false})",
         {R"("2021-01")", "6", "365", R"("2021-01-05")", "0"}},
        {R"({"day":"9999-12-31","other":"0001-01-01","n":-1,"a":true,"b":false})",
         {month_out, "0", "3652058", R"("9999-12-30")", "-1"}},
        {R"({"day":"9999-11-30","other":"9999-12-31","n":9223372036854775807,"a":false,"b":true})",
         {R"("9999-12")", overflow, "-31", date_out, "7"}},
        {R"({"day":"0001-01-01","other":"0001-01-01","n":-9223372036854775808,"a":true,"b":true})",
         {R"("0001-02")", "-9223372036854775807", "0", date_out, conflict}},
    };
    for (int round = 0; round < 2; ++round)  // the second round is straight (rules asked for again)
        for (const Case& k : cases)
            for (size_t r = 0; r < names.size(); ++r)
                for (io::CaseRunner* runner : {straight[r].get(), calls[r].get()}) {
                    io::CaseError err;
                    std::string out;
                    io::Json j;
                    std::string why;
                    ASSERT_TRUE(io::parse_json(k.input, j, why)) << why;
                    const bool ok = runner->run(j, out, err);
                    const std::string expected = k.out[r];
                    if (expected.find("while computing") != std::string::npos) {
                        EXPECT_FALSE(ok) << names[r] << " " << k.input << " " << out;
                        EXPECT_EQ(err.message, expected) << names[r] << " " << k.input;
                    } else {
                        EXPECT_TRUE(ok) << names[r] << " " << k.input << " " << err.message;
                        EXPECT_EQ(out, "{\"" + names[r] + "\":" + expected + "}") << k.input;
                    }
                    if (round == 1 && runner == straight[r].get() && ok) {
                        EXPECT_TRUE(runner->session().ran_straight()) << names[r] << " " << k.input;
                    }
                }
}

// A comparison of two computed values (both on the stack), as `main`'s binary answered it.
TEST(Specialise, TypedComparisonOfTwoStackValues) {
    const char* src =
        "input day: date\n"
        "input n: int\n"
        "rule cmp2: int = if add_days(day, n) > add_days(day, 1) then 1 else 0\n"
        "rule cmp3: int = if month_of(day) == month_of(add_days(day, n)) then 1 else 0\n";
    EXPECT_EQ(run(src, {"cmp2", "cmp3"}, R"({"day":"2020-02-29","n":2})").out, R"({"cmp2":1,"cmp3":0})");
    EXPECT_EQ(run(src, {"cmp2", "cmp3"}, R"({"day":"2020-02-10","n":1})").out, R"({"cmp2":0,"cmp3":1})");
    EXPECT_EQ(run(src, {"cmp2"}, R"({"n":2})").error, "missing input `day` (date), while computing `cmp2` (p.edict:3:30)");
}

// Their results and slow paths (a date out of range is reported by the program's instruction,
// an absent input, a rule not yet evaluated), as `main`'s binary gave them for the same policy.
TEST(Specialise, WordArithmeticGivesTheProgramsAnswersAndErrors) {
    const char* src =
        "input day: date\n"
        "input n: int\n"
        "input m: month\n"
        "rule years: date = add_years(day, n)\n"
        "rule months: date = add_months(day, n)\n"
        "rule days: date = add_days(day, n)\n"
        "rule mo: month = month_of(day)\n"
        "rule first: date = first_day(m)\n"
        "rule between: int = months_between(m, month_of(day))\n"
        "rule lo: int = min(n, 3)\n"
        "rule hi: int = max(n, 3)\n"
        "rule later: date = add_years(years, 1)\n";
    const std::vector<std::string> all = {"years", "months", "days", "mo", "first", "between", "lo", "hi", "later"};
    Outcome o = run(src, all, R"({"day":"2020-02-29","n":1,"m":"2020-03"})");
    EXPECT_EQ(o.out, R"({"years":"2021-02-28","months":"2020-03-29","days":"2020-03-01","mo":"2020-02","first":"2020-03-01","between":-1,"lo":1,"hi":3,"later":"2022-02-28"})") << o.error;
    o = run(src, all, R"({"day":"2020-01-31","n":-5,"m":"9999-12"})");
    EXPECT_EQ(o.out, R"({"years":"2015-01-31","months":"2019-08-31","days":"2020-01-26","mo":"2020-01","first":"9999-12-01","between":-95759,"lo":-5,"hi":3,"later":"2016-01-31"})") << o.error;
    for (const char* input : {R"({"day":"0001-01-01","n":-1,"m":"0001-01"})", R"({"day":"9999-12-31","n":1,"m":"2020-03"})",
                              R"({"day":"2020-02-29","n":100000000,"m":"2020-03"})"}) {
        EXPECT_EQ(run(src, {"years"}, input).error, "the resulting date is outside years 1 to 9999, while computing `years` (p.edict:4:20)");
        EXPECT_EQ(run(src, {"months"}, input).error, "the resulting date is outside years 1 to 9999, while computing `months` (p.edict:5:21)");
        EXPECT_EQ(run(src, {"days"}, input).error, "the resulting date is outside years 1 to 9999, while computing `days` (p.edict:6:19)");
    }
    o = run(src, {"later"}, R"({"day":"2020-02-29","n":8000,"m":"2020-03"})");
    EXPECT_EQ(o.error, "the resulting date is outside years 1 to 9999, while computing `later` ← `years` (p.edict:4:20)");
    o = run(src, {"later"}, R"({"day":"2020-02-29","n":7979,"m":"2020-03"})");
    EXPECT_EQ(o.error, "the resulting date is outside years 1 to 9999, while computing `later` (p.edict:12:20)");
    o = run(src, {"later"}, R"({"n":1,"m":"2020-03"})");
    EXPECT_EQ(o.error, "missing input `day` (date), while computing `later` ← `years` (p.edict:4:30)");
    o = run(src, {"between"}, R"({"n":1,"m":"2020-03"})");
    EXPECT_EQ(o.error, "missing input `day` (date), while computing `between` (p.edict:9:48)");
    o = run(src, {"days"}, R"({"n":1,"m":"2020-03"})");
    EXPECT_EQ(o.error, "missing input `day` (date), while computing `days` (p.edict:6:28)");
}

// The typed comparisons' slow paths: an input the case does not give, a rule not evaluated yet
// (called, then the comparison runs again), an overflow inside that rule, and 2^33 against a
// constant too wide for the instruction. Messages and positions as `main`'s binary (before the
// typed forms) gave them for the same policy and cases.
const char* kTyped =
    "input a: int\n"
    "input flag: bool\n"
    "input d: int = 7\n"
    "input o: int?\n"
    "input day: date\n"
    "rule r: int = if flag then a else 0\n"
    "rule s: int = d\n"
    "rule t: int? = o\n"
    "rule u: int = r\n"
    "rule v: int = u + 1\n"
    "rule w: bool = if a < d then flag else false\n"
    "rule k: int = if a >= 4 then 1 else 0\n"                                       // an input and 4
    "rule m: int = if 4 <= a then 1 else 0\n"                                       // mirrored
    "rule q: int = if r > 2 then 1 else 0\n"                                        // a rule and 2
    "rule e: int = if day == 2020-02-29 then 1 else if day > 2020-01-01 then 2 else 3\n"  // dates
    "rule big: int = if a != 10000000000 then 1 else 0\n"                           // 2^33 and more
    "rule x: int = a * a\n"
    "rule y: int = if x > 0 then 1 else 0\n";

TEST(Specialise, TypedComparisonsGiveTheProgramsAnswersAndErrors) {
    Outcome o = run(kTyped, {"k"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `k` (p.edict:12:18)");
    o = run(kTyped, {"m"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `m` (p.edict:13:23)");
    o = run(kTyped, {"q", "k"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `q` ← `r` (p.edict:6:28)");
    o = run(kTyped, {"e"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `day` (date), while computing `e` (p.edict:15:18)");
    o = run(kTyped, {"big"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `big` (p.edict:16:20)");
    o = run(kTyped, {"y"}, R"({"flag": true})");
    EXPECT_EQ(o.error, "missing input `a` (int), while computing `y` ← `x` (p.edict:17:15)");
    o = run(kTyped, {"y"}, R"({"flag": true, "a": 4000000000, "day": "2019-03-01"})");
    EXPECT_EQ(o.error, "integer overflow: the result does not fit 64 bits, while computing `y` ← `x` (p.edict:17:15)");
    const char* outputs[] = {"k", "m", "q", "e", "big", "y"};
    const std::pair<const char*, const char*> cases[] = {
        {R"({"flag": true, "a": 3, "day": "2020-02-29"})", R"({"k":0,"m":0,"q":1,"e":1,"big":1,"y":1})"},
        {R"({"flag": false, "a": 5, "day": "2020-03-01"})", R"({"k":1,"m":1,"q":0,"e":2,"big":1,"y":1})"},
        {R"({"flag": true, "a": 3000000000, "day": "2019-03-01"})", R"({"k":1,"m":1,"q":1,"e":3,"big":1,"y":1})"},
    };
    for (const auto& [input, expected] : cases) {
        o = run(kTyped, {std::begin(outputs), std::end(outputs)}, input);
        EXPECT_TRUE(o.ok) << o.error;
        EXPECT_EQ(o.out, expected) << input;
    }
    o = run(kTyped, {"big", "k"}, R"({"flag": true, "a": 10000000000})");
    EXPECT_EQ(o.out, R"({"big":0,"k":1})") << o.error;
}

// A typed comparison reading its own rule's register (a hand-edited program: the checker refuses
// such a cycle) bails to the program's instruction, which reports the cycle at the operand; one
// reading another rule under a step budget of 0 reports the budget, as a rule call does.
TEST(Specialise, TypedComparisonOnARuleBeingEvaluatedOrOverBudget) {
    auto c = compile_sources({{"p.edict", kTyped}});
    ASSERT_TRUE(c->ok());
    Program p = *c->program;
    const uint32_t q = static_cast<uint32_t>(p.find_rule("q") - p.rules.data());
    Instr& compare = p.code[p.rules[q].entry];
    ASSERT_EQ(compare.op, Op::JUMP_IF_NOT_CMP);
    compare.x = Operand::make(OperandKind::Rule, q);
    io::Json j;
    std::string why;
    ASSERT_TRUE(io::parse_json(R"({"flag": true, "a": 3})", j, why));
    std::string out;
    io::CaseError err;
    io::CaseRunner cycle(p, {q}, false);
    EXPECT_FALSE(cycle.run(j, out, err));
    EXPECT_EQ(err.message, "rule `q` depends on itself, while computing `q` (p.edict:14:18)");
    io::CaseRunner budget(*c->program, {q}, false);
    budget.set_step_budget(0);
    EXPECT_FALSE(budget.run(j, out, err));
    EXPECT_EQ(err.message, "evaluation budget exceeded, while computing `q` (p.edict:14:18)");
}

// A comparison of class int whose outcome the rule returns: `CMP x y; RET`, or the rule's last
// test with `true` on one side and `false` on the other, each returned at once, is one form per
// relation (the constant's value in the instruction when it fits, mirrored when written first).
TEST(Specialise, ComparisonsReturnedAsBools) {
    const std::vector<Value> constants = {Value::boolean(false), Value::boolean(true), Value::integer(3),
                                          Value::decimal(Decimal{5, 0})};
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 3, regs.first_const = 10, regs.constants = 4, regs.null_value = 20;
    regs.constant_values = constants.data();
    const std::vector<Instr> code = {
        {Op::CMP, kCmpInt, kLe, 0, 1, 2},               // 0: two inputs, returned
        {Op::RET, 0, 0, 0},                             // 1
        {Op::CMP, kCmpInt, kGt, 0, 12, 1},              // 2: 3 > input 1: mirrored, 3 as a value
        {Op::RET, 0, 0, 0},                             // 3
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLt, 8, 1, 2},   // 4: true here, false at 8: returned
        {Op::CONST, 0, 0, 1},                           // 5: true
        {Op::JUMP, 0, 0, 9},                            // 6
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLt, 5, 1, 2},   // 7: false at 5 is true: a typed jump
        {Op::CONST, 0, 0, 0},                           // 8: false
        {Op::RET, 0, 0, 0},                             // 9
        {Op::CMP, kCmpDec, kLt, 0, 1, 13},              // 10: decimals: as it is
        {Op::RET, 0, 0, 0},                             // 11
        {Op::CMP, kCmpInt, kLt, 0, 1, 2},               // 12: not returned: as it is
        {Op::SET_LOCAL, 0, 0, 0},                       // 13
        {Op::CMP, kCmpInt, kLt, 0, 0, 2},               // 14: x on the stack: as it is
        {Op::RET, 0, 0, 0},                             // 15
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLt, 8, 1, 2},   // 16: 17 pushes 3, not true: a typed jump
        {Op::CONST, 0, 0, 2},                           // 17
        {Op::RET, 0, 0, 0},                             // 18
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    EXPECT_EQ(out[0].op, spec(vm::Spec::RET_LE_RR));
    EXPECT_EQ(out[0].x, at(1));
    EXPECT_EQ(out[0].y, at(2));
    EXPECT_EQ(out[2].op, spec(vm::Spec::RET_LT_RK));
    EXPECT_EQ(out[2].x, at(1));
    EXPECT_EQ(out[2].y, 3u);
    EXPECT_EQ(out[4].op, spec(vm::Spec::RET_LT_RR));
    EXPECT_EQ(out[5].op, spec(vm::Spec::RET_R));  // still right when jumped to
    EXPECT_EQ(out[7].op, spec(vm::Spec::JUMP_IF_NOT_LT_RR));
    EXPECT_EQ(out[10].op, Op::CMP);
    EXPECT_EQ(out[12].op, Op::CMP);
    EXPECT_EQ(out[14].op, Op::CMP);
    EXPECT_EQ(out[16].op, spec(vm::Spec::JUMP_IF_NOT_LT_RR));
}

// The rules of kReturned, as `main`'s binary (before these forms) answered them: values, and the
// slow paths of a comparison returned -- an input the case does not give (at its operand), a rule
// not evaluated yet (called, then the form runs again), an overflow inside that rule.
const char* kReturned =
    "input a: int\n"
    "input b: int\n"
    "input flag: bool\n"
    "input day: date\n"
    "input d: int = 7\n"
    "input o: int?\n"
    "rule r: int = if flag then a else 0\n"
    "rule le: bool = a <= b\n"                                 // CMP; RET
    "rule k: bool = a > 3\n"                                   // a constant
    "rule km: bool = 3 > a\n"                                  // mirrored
    "rule both: bool = flag and a < b\n"                       // the last test
    "rule viar: bool = r >= 2\n"                               // a rule
    "rule onday: bool = day == 2020-02-29\n"                   // a date
    "rule x: int = a * a\n"
    "rule y: bool = x > 0\n"
    "rule cond: bool = if a < b then true else false\n"
    "rule inv: bool = if a < b then false else true\n"         // stays a typed jump
    "rule u: int = r\n"                                        // rules the driver reads in place
    "rule c: int = 5\n"
    "rule s: int = d\n"
    "rule t: int? = o\n"
    "rule uu: int = u\n";

TEST(Specialise, ComparisonsReturnedGiveTheProgramsAnswersAndErrors) {
    const std::vector<std::string> all = {"le", "k", "km", "both", "viar", "onday", "y", "cond", "inv"};
    Outcome o = run(kReturned, all, R"({"a":3,"b":4,"flag":true,"day":"2020-02-29","o":9})");
    EXPECT_EQ(o.out, R"({"le":true,"k":false,"km":false,"both":true,"viar":true,"onday":true,"y":true,"cond":true,"inv":false})") << o.error;
    o = run(kReturned, all, R"({"a":4,"b":4,"flag":false,"day":"2020-03-01","d":1})");
    EXPECT_EQ(o.out, R"({"le":true,"k":true,"km":false,"both":false,"viar":false,"onday":false,"y":true,"cond":false,"inv":true})") << o.error;
    o = run(kReturned, all, R"({"a":-5,"b":-6,"flag":true,"day":"2020-03-01"})");
    EXPECT_EQ(o.out, R"({"le":false,"k":false,"km":true,"both":false,"viar":false,"onday":false,"y":true,"cond":false,"inv":true})") << o.error;
    const std::pair<const char*, const char*> errors[] = {
        {"le", "missing input `a` (int), while computing `le` (p.edict:8:17)"},
        {"k", "missing input `a` (int), while computing `k` (p.edict:9:16)"},
        {"km", "missing input `a` (int), while computing `km` (p.edict:10:21)"},
        {"both", "missing input `a` (int), while computing `both` (p.edict:11:28)"},
        {"inv", "missing input `a` (int), while computing `inv` (p.edict:17:21)"},
        {"viar", "missing input `a` (int), while computing `viar` ← `r` (p.edict:7:28)"},
        {"y", "missing input `a` (int), while computing `y` ← `x` (p.edict:14:15)"},
    };
    for (const auto& [rule, message] : errors) EXPECT_EQ(run(kReturned, {rule}, R"({"b":4,"flag":true})").error, message);
    EXPECT_EQ(run(kReturned, {"le"}, R"({"a":4,"flag":true})").error, "missing input `b` (int), while computing `le` (p.edict:8:22)");
    EXPECT_EQ(run(kReturned, {"both"}, R"({"a":1,"flag":true})").error, "missing input `b` (int), while computing `both` (p.edict:11:32)");
    EXPECT_EQ(run(kReturned, {"cond"}, R"({"a":1,"flag":true})").error, "missing input `b` (int), while computing `cond` (p.edict:16:26)");
    EXPECT_EQ(run(kReturned, {"onday"}, R"({"a":1})").error, "missing input `day` (date), while computing `onday` (p.edict:13:20)");
    EXPECT_EQ(run(kReturned, {"viar"}, R"({"flag":false})").out, R"({"viar":false})");
    EXPECT_EQ(run(kReturned, {"y"}, R"({"a":4000000000})").error,
              "integer overflow: the result does not fit 64 bits, while computing `y` ← `x` (p.edict:14:15)");
}

// The index of rule `name` in compiled policy `c`, and its register in a Session's file (after
// the register standing for the stack and the inputs').
uint32_t rule_index(const Compilation& c, const char* name) {
    return static_cast<uint32_t>(c.program->find_rule(name) - c.program->rules.data());
}
uint32_t rule_register(const Compilation& c, const char* name) {
    return 1 + static_cast<uint32_t>(c.program->inputs.size()) + rule_index(c, name);
}

// A rule whose code is one `RET_R` and which has no locals is called by the driver as CALL_R:
// read in place when its register is ready, entered as any rule otherwise.
TEST(Specialise, RulesReturningARegisterAreReadInPlaceByTheDriver) {
    auto c = compile_sources({{"p.edict", kReturned}});
    ASSERT_TRUE(c->ok());
    vm::Session session(*c->program);
    session.set_straight(false);  // the driver of calls, where it starts with no straight-line block
    const std::vector<uint32_t> rules = {rule_index(*c, "u"), rule_index(*c, "c"), rule_index(*c, "r"), rule_index(*c, "le")};
    std::vector<Value> values(c->program->inputs.size());
    std::vector<vm::InputState> present(values.size(), vm::InputState::Absent);
    std::vector<std::string> messages(values.size());
    const vm::CaseView view{values.data(), present.data(), messages.data()};
    std::vector<Value> out(rules.size());
    vm::RuntimeError error;
    EXPECT_FALSE(session.evaluate(view, rules.data(), rules.size(), out.data(), error));
    const std::vector<Instr>& code = session.code();
    ASSERT_EQ(code.size(), 2 * c->program->code.size() + rules.size() + 1);
    const Instr* driver = code.data() + 2 * c->program->code.size();
    EXPECT_EQ(driver[0].op, spec(vm::Spec::CALL_R));  // u = r
    EXPECT_EQ(driver[0].x, at(rule_register(*c, "r")));
    EXPECT_EQ(driver[1].op, spec(vm::Spec::CALL_R));  // c = 5
    EXPECT_EQ(driver[2].op, spec(vm::Spec::CALL));    // r: a condition first
    EXPECT_EQ(driver[3].op, spec(vm::Spec::CALL));    // le: a comparison, not a register
    EXPECT_EQ(driver[4].op, spec(vm::Spec::STOP));
}

// Through evaluation, as `main`'s binary answered: the rule read in place or entered, in any order,
// an error inside the rule it returns, an input's default or null, a cycle and a step budget.
TEST(Specialise, RulesReturningARegisterGiveTheProgramsAnswersAndErrors) {
    EXPECT_EQ(run(kReturned, {"u"}, R"({"flag":true})").error, "missing input `a` (int), while computing `u` ← `r` (p.edict:7:28)");
    EXPECT_EQ(run(kReturned, {"uu"}, R"({"flag":true})").error,
              "missing input `a` (int), while computing `uu` ← `u` ← `r` (p.edict:7:28)");
    EXPECT_EQ(run(kReturned, {"r", "u", "uu"}, R"({"flag":true})").error, "missing input `a` (int), while computing `r` (p.edict:7:28)");
    EXPECT_EQ(run(kReturned, {"u", "uu"}, R"({"flag":true,"a":2})").out, R"({"u":2,"uu":2})");
    EXPECT_EQ(run(kReturned, {"r", "u", "uu"}, R"({"flag":true,"a":2})").out, R"({"r":2,"u":2,"uu":2})");
    EXPECT_EQ(run(kReturned, {"uu", "u", "r"}, R"({"flag":true,"a":2})").out, R"({"uu":2,"u":2,"r":2})");
    EXPECT_EQ(run(kReturned, {"s", "t", "c"}, "{}").out, R"({"s":7,"t":null,"c":5})");
    EXPECT_EQ(run(kReturned, {"s", "t", "c", "u"}, R"({"d":1,"o":9,"flag":false})").out, R"({"s":1,"t":9,"c":5,"u":0})");

    auto c = compile_sources({{"p.edict", kReturned}});
    ASSERT_TRUE(c->ok());
    io::Json j;
    std::string why, out;
    ASSERT_TRUE(io::parse_json(R"({"flag": true, "a": 3})", j, why));
    io::CaseError err;
    // A rule returning its own register (a hand-edited program: the checker refuses the cycle).
    Program p = *c->program;
    const uint32_t u = rule_index(*c, "u");
    p.code[p.rules[u].entry].x = Operand::make(OperandKind::Rule, u);
    io::CaseRunner cycle(p, {u}, false);
    EXPECT_FALSE(cycle.run(j, out, err));
    EXPECT_EQ(err.message, "rule `u` depends on itself, while computing `u` (p.edict:18:15)");
    // Under a step budget of 0: entering r from u's code is a rule call, as before; reading it in
    // place once evaluated is not.
    io::CaseRunner budget(*c->program, {u}, false);
    budget.set_step_budget(0);
    EXPECT_FALSE(budget.run(j, out, err));
    EXPECT_EQ(err.message, "evaluation budget exceeded, while computing `u` (p.edict:18:15)");
    io::CaseRunner read(*c->program, {rule_index(*c, "r"), u}, false);
    read.set_step_budget(0);
    EXPECT_TRUE(read.run(j, out, err)) << err.message;
    EXPECT_EQ(out, R"({"r":3,"u":3})");
}

// A decimal compared with a constant zero (any scale, either side) as a condition: the sign of the
// register's mantissa, one form per relation; another constant, or the stack, stays the program's.
TEST(Specialise, DecimalComparisonsWithZero) {
    const std::vector<Value> constants = {Value::decimal(Decimal{0, 0}), Value::decimal(Decimal{0, 2}),
                                          Value::decimal(Decimal{5, 1}), Value::integer(0)};
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 3, regs.first_const = 10, regs.constants = 4, regs.null_value = 20;
    regs.constant_values = constants.data();
    const std::vector<Instr> code = {
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kGt, 6, 1, 10},   // 0: m > 0
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kLt, 6, 11, 1},   // 1: 0.00 < m: mirrored
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kGt, 6, 1, 12},   // 2: m > 0.5: as it is
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kEq, 6, 0, 10},   // 3: x on the stack: as it is
        {Op::JUMP_IF_NOT_CMP, kCmpDec, kNe, 6, 10, 11},  // 4: two zeros: the first is x
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kGe, 6, 1, 13},   // 5: class int: its own form
        {Op::RET, 0, 0, 0},                              // 6
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    EXPECT_EQ(out[0].op, spec(vm::Spec::JUMP_IF_NOT_GT_DZ));
    EXPECT_EQ(out[0].x, at(1));
    EXPECT_EQ(static_cast<int32_t>(out[0].c), 6 * 16);
    EXPECT_EQ(out[1].op, spec(vm::Spec::JUMP_IF_NOT_GT_DZ));
    EXPECT_EQ(out[1].x, at(1));
    EXPECT_EQ(out[2].op, Op::JUMP_IF_NOT_CMP);
    EXPECT_EQ(out[3].op, Op::JUMP_IF_NOT_CMP);
    EXPECT_EQ(out[4].op, spec(vm::Spec::JUMP_IF_NOT_NE_DZ));
    EXPECT_EQ(out[4].x, at(10));
    EXPECT_EQ(out[5].op, spec(vm::Spec::JUMP_IF_NOT_GE_RK));
}

// Through evaluation, as `main`'s binary answered: every relation, zero written first and with a
// scale, a constant that is not zero, a missing input at its operand, a rule not evaluated yet.
TEST(Specialise, DecimalComparisonsWithZeroGiveTheProgramsAnswersAndErrors) {
    const char* src =
        "input m: money\n"
        "input n: int\n"
        "rule dir: int = if m > 0元 then 1 else if m < 0元 then 2 else 3\n"
        "rule le: int = if m <= 0元 then 1 else 0\n"
        "rule ge: int = if m >= 0元 then 1 else 0\n"
        "rule ne: int = if m != 0元 then 1 else 0\n"
        "rule z: int = if 0元 == m then 1 else 0\n"
        "rule zs: int = if 0.00元 < m then 1 else 0\n"
        "rule half: int = if m > 0.5元 then 1 else 0\n"
        "rule twice: money = m * n\n"
        "rule viar: int = if twice > 0元 then 1 else 0\n";
    const std::vector<std::string> all = {"dir", "le", "ge", "ne", "z", "zs", "half", "viar"};
    const std::pair<const char*, const char*> cases[] = {
        {R"({"m":"0.00","n":2})", R"({"dir":3,"le":1,"ge":1,"ne":0,"z":1,"zs":0,"half":0,"viar":0})"},
        {R"({"m":"0.01","n":2})", R"({"dir":1,"le":0,"ge":1,"ne":1,"z":0,"zs":1,"half":0,"viar":1})"},
        {R"({"m":"-0.01","n":2})", R"({"dir":2,"le":1,"ge":0,"ne":1,"z":0,"zs":0,"half":0,"viar":0})"},
        {R"({"m":"12345.6","n":-1})", R"({"dir":1,"le":0,"ge":1,"ne":1,"z":0,"zs":1,"half":1,"viar":0})"},
        {R"({"m":"0.5","n":0})", R"({"dir":1,"le":0,"ge":1,"ne":1,"z":0,"zs":1,"half":0,"viar":0})"},
        {R"({"m":"-99999999.99","n":3})", R"({"dir":2,"le":1,"ge":0,"ne":1,"z":0,"zs":0,"half":0,"viar":0})"},
    };
    for (const auto& [input, expected] : cases) {
        const Outcome o = run(src, all, input);
        EXPECT_EQ(o.out, expected) << input << " " << o.error;
    }
    EXPECT_EQ(run(src, {"dir"}, R"({"n":2})").error, "missing input `m` (money), while computing `dir` (p.edict:3:20)");
    EXPECT_EQ(run(src, {"z"}, R"({"n":2})").error, "missing input `m` (money), while computing `z` (p.edict:7:24)");
    EXPECT_EQ(run(src, {"viar"}, R"({"m":"1.00"})").error, "missing input `n` (int), while computing `viar` ← `twice` (p.edict:10:25)");
}


// `earliest([d in [i, j, k] where ...])` as its compiler writes it, on hand-made registers:
// inputs 1-6, constants 10-11, the element's local L3 in register 30 (L1 in 28, the iterator's
// slots L0-L2 in 27-29).
std::vector<Instr> filtered_min_code() {
    return {
        {Op::INPUT, 0, 0, 0},                            // 0: a
        {Op::INPUT, 0, 0, 1},                            // 1: b
        {Op::INPUT, 0, 0, 2},                            // 2: c
        {Op::MAKE_LIST, 0, 0, 3},                        // 3
        {Op::ITER_START, 0, 0, 0},                       // 4
        {Op::ITER_NEXT, 0, 0, 13},                       // 5
        {Op::SET_LOCAL, 0, 3, 0},                        // 6: d
        {Op::POP_JUMP_IF_NULL, 0, 0, 5, 30},             // 7: d is not null
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 5, 4, 30},   // 8: input 3 <= d
        {Op::JUMP_IF_NOT_CMP, kCmpInt, kLe, 5, 30, 10},  // 9: d <= constant 0
        {Op::LOCAL, 0, 3, 0},                            // 10
        {Op::ITER_KEEP, 0, 0, 0},                        // 11
        {Op::JUMP, 0, 0, 5},                             // 12
        {Op::ITER_END, 0, 0, 0},                         // 13
        {Op::LIST_MIN, kCmpInt, 0, 0},                   // 14
        {Op::JUMP_IF_NOT_NULL, 0, 0, 18},                // 15
        {Op::POP, 0, 0, 0},                              // 16
        {Op::INPUT, 0, 0, 5},                            // 17
        {Op::RET, 0, 0, 0},                              // 18
    };
}

vm::SpecRegisters filtered_min_registers() {
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 6, regs.first_const = 10, regs.constants = 2, regs.null_value = 20;
    return regs;
}

// The whole shape is one form at its first INPUT (the rest stays as it would be: jumps may still
// land there when the form bails); a list of the last inputs of a longer run of INPUTs, and the
// greatest (LIST_MAX), too.
TEST(Specialise, FilteredMinimumOfInputsIsOneForm) {
    const std::vector<Instr> code = filtered_min_code();
    std::vector<Instr> out = vm::specialise(code, filtered_min_registers());
    EXPECT_EQ(out[0].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    EXPECT_EQ(out[0].a, 3u << 1);  // three inputs, the least
    EXPECT_EQ(out[0].b, 3u);
    EXPECT_EQ(out[0].c, jump(0, 15));
    EXPECT_EQ(out[0].x, at(30));
    EXPECT_EQ(out[0].y, jump(0, static_cast<uint32_t>(code.size())));  // its program copy
    EXPECT_EQ(out[1].op, spec(vm::Spec::INPUT_R));
    EXPECT_EQ(out[5].op, Op::ITER_NEXT);
    EXPECT_EQ(out[7].op, spec(vm::Spec::POP_JUMP_IF_NULL_R));
    EXPECT_EQ(out[8].op, spec(vm::Spec::JUMP_IF_NOT_LE_RR));
    EXPECT_EQ(out[9].op, spec(vm::Spec::JUMP_IF_NOT_LE_RR));
    for (size_t i = 0; i < code.size(); ++i) EXPECT_EQ(out[code.size() + i].op, code[i].op) << i;

    std::vector<Instr> max = code;
    max[14].op = Op::LIST_MAX;
    out = vm::specialise(max, filtered_min_registers());
    EXPECT_EQ(out[0].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    EXPECT_EQ(out[0].a, 3u << 1 | 1u);  // the greatest

    std::vector<Instr> two = code;  // MAKE_LIST 2: the list is of b and c; a is pushed before it
    two[3].c = 2;
    out = vm::specialise(two, filtered_min_registers());
    EXPECT_EQ(out[0].op, spec(vm::Spec::INPUT_R));
    EXPECT_EQ(out[1].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    EXPECT_EQ(out[1].c, jump(1, 15));
    EXPECT_EQ(out[1].a, 2u << 1);
    EXPECT_EQ(out[1].y, jump(1, static_cast<uint32_t>(code.size() + 1)));

    std::vector<Instr> only_null = code;  // one test is enough
    only_null.erase(only_null.begin() + 8, only_null.begin() + 10);
    for (Instr& in : only_null)
        if (in.op == Op::ITER_NEXT || in.op == Op::JUMP_IF_NOT_NULL) in.c -= 2;
    out = vm::specialise(only_null, filtered_min_registers());
    EXPECT_EQ(out[0].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    EXPECT_EQ(out[0].c, jump(0, 13));
}

// Anything else in the shape leaves the first INPUT as it would be.
TEST(Specialise, FilteredMinimumOfInputsLeftAlone) {
    using Edit = void (*)(std::vector<Instr>&);
    const std::pair<const char*, Edit> edits[] = {
        {"a list of more than the inputs", [](std::vector<Instr>& c) { c[3].c = 4; }},
        {"an input beyond the inputs", [](std::vector<Instr>& c) { c[0].c = 6; }},
        {"the least decimal", [](std::vector<Instr>& c) { c[14].a = kCmpDec; }},
        {"a sum, not the least", [](std::vector<Instr>& c) { c[14].op = Op::LIST_SUM; }},
        {"the least of a register", [](std::vector<Instr>& c) { c[14].x = 30; }},
        {"a decimal test", [](std::vector<Instr>& c) { c[8].a = kCmpDec; }},
        {"a relation out of range", [](std::vector<Instr>& c) { c[8].b = kGe + 1; }},
        {"a test of the stack", [](std::vector<Instr>& c) { c[9].y = 0; }},
        {"a test of another local", [](std::vector<Instr>& c) { c[9].y = 31; }},
        {"a null test of another local", [](std::vector<Instr>& c) { c[7].x = 31; }},
        {"a test jumping elsewhere", [](std::vector<Instr>& c) { c[9].c = 13; }},
        {"another instruction among the tests", [](std::vector<Instr>& c) { c[8] = {Op::JUMP_IF_FALSE, 0, 0, 5, 4}; }},
        {"no test of the element", [](std::vector<Instr>& c) { c[7].x = 4, c[8].y = 5, c[9].x = 6; }},
        {"the element in the iterator's slots", [](std::vector<Instr>& c) { c[6].b = 2, c[10].b = 2; }},
        {"another local kept", [](std::vector<Instr>& c) { c[10].b = 4; }},
        {"a mapped value kept", [](std::vector<Instr>& c) { c[10] = {Op::INPUT, 0, 0, 3}; }},
        {"another iterator", [](std::vector<Instr>& c) { c[11].b = 5; }},
        {"a loop not back to ITER_NEXT", [](std::vector<Instr>& c) { c[12].c = 6; }},
        {"ITER_NEXT ending elsewhere", [](std::vector<Instr>& c) { c[5].c = 14; }},
        {"SET_LOCAL of a register", [](std::vector<Instr>& c) { c[6].x = 4; }},
        {"no instruction after the least", [](std::vector<Instr>& c) { c.resize(15); }},
        {"the code ending in the loop", [](std::vector<Instr>& c) { c.resize(9); }},
    };
    for (const auto& [what, edit] : edits) {
        std::vector<Instr> code = filtered_min_code();
        edit(code);
        const std::vector<Instr> out = vm::specialise(code, filtered_min_registers());
        for (size_t i = 0; i < 3; ++i) EXPECT_NE(out[i].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS)) << what << " " << i;
    }
}

const char* kFiltered =
    "input a: date?\n"
    "input b: date?\n"
    "input c: date?\n"
    "input req: date\n"
    "input lo: date\n"
    "input hi: date = 2020-06-30\n"
    "input w: date?\n"
    "rule first: date? = earliest([d in [a, b, c] where d is not null and lo <= d and d <= hi]) ?? w\n"
    // The same, not one form (its test reads a second local): the program's instructions.
    "rule twin: date? = let top = hi in earliest([d in [a, b, c] where d is not null and lo <= d and d <= top]) ?? w\n"
    "rule last: date? = latest([d in [a, b, c] where d is not null and d >= lo])\n"
    "rule last_twin: date? = let bottom = lo in latest([d in [a, b, c] where d is not null and d >= bottom])\n"
    "rule with_req: date? = earliest([d in [a, req] where d is not null and d >= lo])\n"
    "rule via: date? = first\n";

// The index of rule `name`.
uint32_t rule_index(const Program& p, const char* name) { return static_cast<uint32_t>(p.find_rule(name) - p.rules.data()); }

// Compiled: `first`, `last` and `with_req` are the form, the twins are not.
TEST(Specialise, FilteredMinimumOfInputsInACompiledPolicy) {
    auto c = compile_sources({{"p.edict", kFiltered}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    vm::Session s(p);
    auto first_op = [&](const char* rule) { return s.code()[p.rules[rule_index(p, rule)].entry].op; };
    EXPECT_EQ(first_op("first"), spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    EXPECT_EQ(first_op("last"), spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    EXPECT_EQ(first_op("with_req"), spec(vm::Spec::FILTERED_MIN_OF_INPUTS));
    for (const char* twin : {"twin", "last_twin"})
        for (uint32_t i = p.rules[rule_index(p, twin)].entry; i < p.rules[rule_index(p, twin)].entry + 6; ++i)
            EXPECT_NE(s.code()[i].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS)) << twin;
}

// Through evaluation, every combination of absent, out-of-bounds, boundary and inner days (and
// ties) gives what the twins give, the program's instructions, and what the rule says.
TEST(Specialise, FilteredMinimumOfInputsGivesTheProgramsAnswers) {
    auto c = compile_sources({{"p.edict", kFiltered}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<std::string> names = {"first", "twin", "last", "last_twin", "via"};
    std::vector<uint32_t> ids;
    for (const std::string& n : names) ids.push_back(rule_index(p, n.c_str()));
    io::CaseRunner runner(p, ids, false);
    const char* days[] = {nullptr, "2019-12-31", "2020-01-01", "2020-03-15", "2020-06-30", "2020-07-01"};
    const char* bounds[][2] = {{"2020-01-01", nullptr}, {"2020-03-15", "2020-03-15"}, {"2020-07-01", "2020-01-01"}};
    int checked = 0;
    for (const auto& bound : bounds)
        for (const char* w : {static_cast<const char*>(nullptr), "2021-01-01"})
            for (const char* x : days)
                for (const char* y : days)
                    for (const char* z : days) {
                        std::string in = std::string("{\"lo\":\"") + bound[0] + "\"";
                        auto add = [&in](const char* key, const char* day) {
                            if (day) in += std::string(",\"") + key + "\":\"" + day + "\"";
                        };
                        add("hi", bound[1]), add("w", w), add("a", x), add("b", y), add("c", z);
                        in += "}";
                        // What the rules say, on the days as text (YYYY-MM-DD sorts as the days do).
                        const std::string lo = bound[0], hi = bound[1] ? bound[1] : "2020-06-30";
                        std::string least, most;
                        for (const char* day : {x, y, z}) {
                            if (!day) continue;
                            if (lo <= day && day <= hi && (least.empty() || day < least)) least = day;
                            if (day >= lo && (most.empty() || day > most)) most = day;
                        }
                        if (least.empty() && w) least = w;
                        auto json = [](const std::string& day) { return day.empty() ? std::string("null") : "\"" + day + "\""; };
                        const std::string expected = "{\"first\":" + json(least) + ",\"twin\":" + json(least) + ",\"last\":" + json(most) +
                                                     ",\"last_twin\":" + json(most) + ",\"via\":" + json(least) + "}";
                        io::Json j;
                        std::string why, out;
                        ASSERT_TRUE(io::parse_json(in, j, why)) << why;
                        io::CaseError err;
                        EXPECT_TRUE(runner.run(j, out, err)) << in << " " << err.message;
                        EXPECT_EQ(out, expected) << in;
                        ++checked;
                    }
    EXPECT_EQ(checked, 3 * 2 * 6 * 6 * 6);
}

// Every relation, with the element on either side, against two fixed values, and `!=` (which the
// form answers by walking its tests): each rule the form, its twin (a test reads a second local) the
// program's instructions, over every combination of absent, equal, inner and outer days.
const char* kRelations =
    "input a: date?\n"
    "input b: date?\n"
    "input c: date?\n"
    "input lo: date\n"
    "input hi: date?\n"
    "rule lt: date? = earliest([d in [a, b, c] where d is not null and d < lo])\n"
    "rule lt_twin: date? = let x = lo in earliest([d in [a, b, c] where d is not null and d < x])\n"
    "rule gt: date? = latest([d in [a, b, c] where d is not null and lo > d])\n"
    "rule gt_twin: date? = let x = lo in latest([d in [a, b, c] where d is not null and x > d])\n"
    "rule eq: date? = earliest([d in [a, b, c] where d is not null and d == lo])\n"
    "rule eq_twin: date? = let x = lo in earliest([d in [a, b, c] where d is not null and d == x])\n"
    "rule ne: date? = latest([d in [a, b, c] where d is not null and lo != d])\n"
    "rule ne_twin: date? = let x = lo in latest([d in [a, b, c] where d is not null and x != d])\n"
    "rule after: date? = earliest([d in [a, b, c] where d is not null and d > lo])\n"
    "rule after_twin: date? = let x = lo in earliest([d in [a, b, c] where d is not null and d > x])\n"
    "rule fixed: date? = earliest([d in [a, b, c] where hi is not null and d is not null and d >= lo])\n"
    "rule fixed_twin: date? = let x = lo in earliest([d in [a, b, c] where hi is not null and d is not null and d >= x])\n"
    "rule itself: date? = latest([d in [a, b, c] where d is not null and d <= d and lo <= lo])\n"
    "rule itself_twin: date? = let x = lo in latest([d in [a, b, c] where d is not null and d <= d and x <= x])\n"
    "rule never: date? = earliest([d in [a, b, c] where d is not null and d >= lo and d < lo])\n"
    "rule never_twin: date? = let x = lo in earliest([d in [a, b, c] where d is not null and d >= x and d < x])\n"
    "output lt, lt_twin, gt, gt_twin, eq, eq_twin, ne, ne_twin, after, after_twin, fixed, fixed_twin, itself, itself_twin, never, never_twin\n";

TEST(Specialise, FilteredMinimumOfInputsEveryRelationAsTheProgram) {
    auto c = compile_sources({{"p.edict", kRelations}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    const Program& p = *c->program;
    const char* forms[] = {"lt", "gt", "eq", "ne", "after", "fixed", "itself", "never"};
    {
        vm::Session s(p);
        for (const char* rule : forms)
            EXPECT_EQ(s.code()[p.rules[rule_index(p, rule)].entry].op, spec(vm::Spec::FILTERED_MIN_OF_INPUTS)) << rule;
    }
    std::vector<uint32_t> ids;
    for (const OutputInfo& o : p.outputs) ids.push_back(o.rule);
    io::CaseRunner runner(p, ids, false);
    const char* days[] = {nullptr, "2020-01-01", "2020-03-14", "2020-03-15", "2020-03-16", "2020-07-01"};
    int checked = 0, kept = 0;
    for (const char* hi : {static_cast<const char*>(nullptr), "2020-06-30"})
        for (const char* x : days)
            for (const char* y : days)
                for (const char* z : days) {
                    std::string in = R"({"lo":"2020-03-15")";
                    auto add = [&in](const char* key, const char* day) {
                        if (day) in += std::string(",\"") + key + "\":\"" + day + "\"";
                    };
                    add("hi", hi), add("a", x), add("b", y), add("c", z);
                    in += "}";
                    io::Json j;
                    std::string why, out;
                    ASSERT_TRUE(io::parse_json(in, j, why)) << why;
                    io::CaseError err;
                    ASSERT_TRUE(runner.run(j, out, err)) << in << " " << err.message;
                    io::Json result;
                    ASSERT_TRUE(io::parse_json(out, result, why)) << why;
                    for (const char* rule : forms) {
                        const io::Json* form = result.find(rule);
                        const io::Json* twin = result.find(std::string(rule) + "_twin");
                        ASSERT_TRUE(form && twin) << rule;
                        EXPECT_EQ(io::to_json_text(*form), io::to_json_text(*twin)) << rule << " " << in;
                        kept += form->type != io::Json::Type::Null;
                    }
                    ++checked;
                }
    EXPECT_EQ(checked, 2 * 6 * 6 * 6);
    EXPECT_GT(kept, checked);  // most rules keep some element in most cases
}

// Its slow paths, as `main`'s binary (before the form) reported them for the same policy and
// cases: a required input missing as an element or as a test's operand (read only once an element
// is not null), an input of the wrong type among the elements or the tests.
TEST(Specialise, FilteredMinimumOfInputsGivesTheProgramsErrors) {
    const std::pair<const char*, const char*> first[] = {
        {R"({"lo":"2020-01-01"})", ""},
        {R"({})", ""},  // no element: lo is never read
        {R"({"a":"2020-03-01"})", "missing input `lo` (date), while computing `first` (p.edict:8:70)"},
        {R"({"a":5,"lo":"2020-01-01"})", "input `a` must be date?, not a number, while computing `first` (p.edict:8:37)"},
        {R"({"b":"2020-03-01","lo":"2020-01-01","hi":"x"})",
         "input `hi` is wrong: \"x\" is not a date (YYYY-MM-DD, a day that exists), while computing `first` (p.edict:8:87)"},
    };
    for (const auto& [input, error] : first) {
        const Outcome o = run(kFiltered, {"first"}, input);
        EXPECT_EQ(o.ok, *error == '\0') << input;
        EXPECT_EQ(o.error, error) << input;
    }
    EXPECT_EQ(run(kFiltered, {"via"}, R"({"a":"2020-03-01"})").error,
              "missing input `lo` (date), while computing `via` ← `first` (p.edict:8:70)");
    EXPECT_EQ(run(kFiltered, {"with_req"}, R"({"lo":"2020-01-01"})").error,
              "missing input `req` (date), while computing `with_req` (p.edict:12:43)");
    EXPECT_EQ(run(kFiltered, {"with_req"}, R"({"a":5,"lo":"2020-01-01"})").error,
              "input `a` must be date?, not a number, while computing `with_req` (p.edict:12:40)");
    const Outcome o = run(kFiltered, {"with_req"}, R"({"req":"2020-02-01","a":"2020-03-01","lo":"2020-01-01"})");
    EXPECT_EQ(o.out, R"({"with_req":"2020-02-01"})") << o.error;
}

// The step budget counts one step per ITER_NEXT (three elements: four) as the program's loop
// does, and stops at the same ITER_NEXT: a budget one short fails there, enough succeeds; called
// from another rule, the call's step comes first.
TEST(Specialise, FilteredMinimumOfInputsKeepsTheStepBudget) {
    auto c = compile_sources({{"p.edict", kFiltered}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const uint32_t first = rule_index(p, "first");
    uint32_t iter_next = p.rules[first].entry;
    while (p.code[iter_next].op != Op::ITER_NEXT) ++iter_next;
    const std::string at = " (" + p.describe(p.loc_of_pc(iter_next)) + ")";
    io::Json j;
    std::string why, out;
    ASSERT_TRUE(io::parse_json(R"({"a":"2020-03-01","c":"2020-02-01","lo":"2020-01-01"})", j, why));
    const std::pair<const char*, uint64_t> asked[] = {{"first", 4}, {"twin", 4}, {"via", 5}};
    for (const auto& [rule, steps] : asked) {
        for (uint64_t budget = 0; budget <= steps + 1; ++budget) {
            io::CaseRunner runner(p, {rule_index(p, rule)}, false);
            runner.set_step_budget(budget);
            io::CaseError err;
            const bool ok = runner.run(j, out, err);
            EXPECT_EQ(ok, budget >= steps) << rule << " " << budget;
            if (ok) {
                EXPECT_EQ(out, std::string("{\"") + rule + "\":\"2020-02-01\"}");
            } else if (budget > 0 && std::string(rule) != "twin") {
                const std::string chain = std::string(rule) == "via" ? "`via` ← `first`" : "`first`";
                EXPECT_EQ(err.message, "evaluation budget exceeded, while computing " + chain + at) << rule << " " << budget;
            }
        }
    }
}


// Money arithmetic on the stack: MUL_DEC, ADD_DEC and SUB_DEC with both operands there become
// typed forms; `INT_TO_DEC a=0; MUL_DEC x=S y=S` (`money * int`) becomes one, and the MUL_DEC
// after it keeps its own form, for a jump to it. Anything else stays the program's.
TEST(Specialise, MoneyArithmeticOnTheStack) {
    vm::SpecRegisters regs;
    regs.first_input = 1, regs.inputs = 3, regs.first_const = 10, regs.constants = 2, regs.null_value = 20;
    const std::vector<Instr> code = {
        {Op::INT_TO_DEC, 0, 0, 0},             // 0: money * int
        {Op::MUL_DEC, 0, 0, 0},                // 1: still a form of its own when jumped to
        {Op::SUB_DEC, 0, 0, 0},                // 2
        {Op::ADD_DEC, 0, 0, 0},                // 3
        {Op::INT_TO_DEC, 1, 0, 0},             // 4: the value under the top: as it is
        {Op::MUL_DEC, 0, 0, 0},                // 5
        {Op::INT_TO_DEC, 0, 0, 0},             // 6: a product with a register: as they are
        {Op::MUL_DEC, 0, 0, 0, 0, 10},         // 7
        {Op::INT_TO_DEC, 0, 0, 0},             // 8: a difference: its own form only
        {Op::SUB_DEC, 0, 0, 0},                // 9
        {Op::ADD_DEC, 0, 0, 0, 1, 0},          // 10: x a register: as it is
        {Op::JUMP, 0, 0, 13},                  // 11: a jump to the MUL_DEC of a pair
        {Op::INT_TO_DEC, 0, 0, 0},             // 12
        {Op::MUL_DEC, 0, 0, 0},                // 13
        {Op::INT_TO_DEC, 0, 0, 0},             // 14: the last instruction: as it is
    };
    const std::vector<Instr> out = vm::specialise(code, regs);
    ASSERT_EQ(out.size(), 2 * code.size());
    EXPECT_EQ(out[0].op, spec(vm::Spec::MUL_DEC_INT_SS));
    EXPECT_EQ(out[1].op, spec(vm::Spec::MUL_DEC_SS));
    EXPECT_EQ(out[2].op, spec(vm::Spec::SUB_DEC_SS));
    EXPECT_EQ(out[3].op, spec(vm::Spec::ADD_DEC_SS));
    EXPECT_EQ(out[4].op, Op::INT_TO_DEC);
    EXPECT_EQ(out[5].op, spec(vm::Spec::MUL_DEC_SS));
    EXPECT_EQ(out[6].op, Op::INT_TO_DEC);
    EXPECT_EQ(out[7].op, Op::MUL_DEC);
    EXPECT_EQ(out[8].op, Op::INT_TO_DEC);
    EXPECT_EQ(out[9].op, spec(vm::Spec::SUB_DEC_SS));
    EXPECT_EQ(out[10].op, Op::ADD_DEC);
    EXPECT_EQ(out[12].op, spec(vm::Spec::MUL_DEC_INT_SS));
    EXPECT_EQ(out[13].op, spec(vm::Spec::MUL_DEC_SS));
    EXPECT_EQ(out[14].op, Op::INT_TO_DEC);
    for (size_t i = 0; i < code.size(); ++i) EXPECT_EQ(out[code.size() + i].op, code[i].op) << i;  // the copy bails go to
}

// `mid` is hand-edited below into `r * (if c then r else n)` (the checker would want `n` written
// as a decimal): `INPUT n; INT_TO_DEC; MUL_DEC` with the other branch jumping to the MUL_DEC.
const char* kMoney =
    "input m: money\n"
    "input k: money\n"
    "input r: decimal\n"
    "input n: int\n"
    "input c: bool\n"
    "rule times: money = m * n\n"
    "rule sum: money = m * n + k * n\n"
    "rule diff: money = m * n - k * n\n"
    "rule prod: money = m * n * (r * n)\n"
    "rule lhs: money = n * m\n"
    "rule mid: decimal = r * (if c then r else 2.5) + 0.0\n";

// `mid` as described above kMoney, from its compiled 8 instructions.
void make_mid_jump_into_a_pair(Program& p) {
    const uint32_t e = p.rules[rule_index(p, "mid")].entry;
    ASSERT_EQ(p.code[e + 3].op, Op::JUMP);
    ASSERT_EQ(p.code[e + 7].op, Op::RET);
    const uint32_t r = p.code[e].c, n = r + 1, c = p.code[e + 1].x;  // inputs m, k, r, n, c
    p.code[e + 1] = Instr{Op::JUMP_IF_FALSE, 0, 0, e + 4, c};  // c false: n
    p.code[e + 3] = Instr{Op::JUMP, 0, 0, e + 6};              // c true: r * r, at the MUL_DEC
    p.code[e + 4] = Instr{Op::INPUT, 0, 0, n};
    p.code[e + 5] = Instr{Op::INT_TO_DEC, 0, 0, 0};
    p.code[e + 6] = Instr{Op::MUL_DEC, 0, 0, 0};
}

// Where the forms are in the Session's code: each rule's `money * int` is one, its MUL_DEC the
// form of its own, and the sum, difference and products of two computed values are forms.
TEST(Specialise, MoneyArithmeticInACompiledPolicy) {
    auto c = compile_sources({{"p.edict", kMoney}});
    ASSERT_TRUE(c->ok());
    Program p = *c->program;
    make_mid_jump_into_a_pair(p);
    vm::Session s(p);
    auto ops = [&](const char* rule) {
        std::vector<Op> v;
        const uint32_t e = p.rules[rule_index(p, rule)].entry;
        for (uint32_t i = e; i < p.code.size() && (i == e || p.code[i - 1].op != Op::RET); ++i) v.push_back(s.code()[i].op);
        return v;
    };
    const Op input = spec(vm::Spec::INPUT_R), pair = spec(vm::Spec::MUL_DEC_INT_SS), mul = spec(vm::Spec::MUL_DEC_SS),
             ret = spec(vm::Spec::RET_S);
    EXPECT_EQ(ops("times"), (std::vector<Op>{input, input, pair, mul, ret}));
    EXPECT_EQ(ops("sum"), (std::vector<Op>{input, input, pair, mul, input, input, pair, mul, spec(vm::Spec::ADD_DEC_SS), ret}));
    EXPECT_EQ(ops("diff"), (std::vector<Op>{input, input, pair, mul, input, input, pair, mul, spec(vm::Spec::SUB_DEC_SS), ret}));
    EXPECT_EQ(ops("prod"), (std::vector<Op>{input, input, pair, mul, input, input, pair, mul, mul, ret}));
    EXPECT_EQ(ops("lhs"), (std::vector<Op>{input, Op::INT_TO_DEC, input, mul, ret}));
    EXPECT_EQ(ops("mid"), (std::vector<Op>{input, spec(vm::Spec::JUMP_IF_FALSE_R), input, Op::JUMP, input, pair, mul, ret}));
}

// What the general code (decimal.cpp, which every program instruction reaches off the 64-bit path)
// says of one step, and whether the forms' 64-bit path answers it (worked out here in 128 bits).
struct Step {
    bool ok = false, fast = false;
    Decimal value;
};
bool fits64(__int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }
Step product(const Decimal& a, const Decimal& b) {
    Step s;
    s.ok = detail::dec_mul_any(a, b, s.value) == DecStatus::Ok;
    s.fast = fits64(a.mant) && fits64(b.mant) && a.scale + b.scale <= kMaxDecimalScale && fits64(a.mant * b.mant);
    return s;
}
Step sum(const Decimal& a, const Decimal& b, bool subtract) {
    Step s;
    s.ok = (subtract ? detail::dec_sub_any(a, b, s.value) : detail::dec_add_any(a, b, s.value)) == DecStatus::Ok;
    const int top = std::max(a.scale, b.scale);
    s.fast = fits64(a.mant) && fits64(b.mant) && top <= kMaxDecimalScale && top - std::min(a.scale, b.scale) <= 18;
    __int128 x = a.mant, y = b.mant;
    for (int k = a.scale; s.fast && k < top; ++k) x *= 10;
    for (int k = b.scale; s.fast && k < top; ++k) y *= 10;
    s.fast = s.fast && fits64(x) && fits64(y) && fits64(subtract ? x - y : x + y);
    return s;
}

// Through evaluation, by calls and straight (fuse.hpp), every rule of kMoney over operands at the
// edges of the 64-bit path -- mantissas around 2^63 and 2^63 / 10, scales 0 to 38 and more than 18
// apart, negatives, ints around their limits, results one past 64 bits (the program's instruction
// computes them in 128) and past 38 digits (its error, at its position) -- gives what the general
// code gives, step by step; and a case the 64-bit path answers runs straight, without a bail.
TEST(Specialise, MoneyArithmeticGivesTheProgramsAnswersAndErrors) {
    auto c = compile_sources({{"p.edict", kMoney}});
    ASSERT_TRUE(c->ok());
    Program p = *c->program;
    make_mid_jump_into_a_pair(p);
    const std::vector<std::string> money = {
        "0", "1800", "1800.00", "-5298.58", "0.5", "922337203685477580.7", "922337203685477580.8", "-922337203685477580.8",
        "92233720368547758.07", "-92233720368547758.09", "9223372036854775807", "-9223372036854775808", "0.000000000000000001",
        "0.0000000000000000001", std::string(38, '9'), "0." + std::string(37, '0') + "1", "-12345678901234567890.123"};
    const std::vector<std::string> rates = {"0.05", "-1.5", "3037000499.97", "0." + std::string(37, '0') + "1", "2"};
    const std::vector<int64_t> ints = {0, 1, -1, 3, 12, 10, 3037000500, -4294967296, INT64_MAX, INT64_MIN, 1000000000000000000};
    const char* names[] = {"times", "sum", "diff", "prod", "lhs", "mid"};
    // The program's positions: the k-th instruction of `op` in rule `rule`.
    auto position = [&](const char* rule, Op op, int k) {
        for (uint32_t i = p.rules[rule_index(p, rule)].entry;; ++i)
            if (p.code[i].op == op && k-- == 0) return " (" + p.describe(p.loc_of_pc(i)) + ")";
    };
    const std::string too_many = "the result has more digits than a decimal can hold (38), while computing `";
    std::vector<std::unique_ptr<io::CaseRunner>> straight, calls;
    for (const char* name : names) {
        straight.push_back(std::make_unique<io::CaseRunner>(p, std::vector<uint32_t>{rule_index(p, name)}, false));
        calls.push_back(std::make_unique<io::CaseRunner>(p, std::vector<uint32_t>{rule_index(p, name)}, false));
        calls.back()->session().set_straight(false);
    }
    size_t cases = 0, ran_straight = 0, errors = 0;
    for (const std::string& m : money)
        for (const std::string& k : money)
            for (const std::string& r : rates)
                for (int64_t n : ints) {
                    const bool cond = (cases & 1) != 0;
                    const std::string input = "{\"m\":\"" + m + "\",\"k\":\"" + k + "\",\"r\":\"" + r + "\",\"n\":" + std::to_string(n) +
                                              ",\"c\":" + (cond ? "true" : "false") + "}";
                    Decimal M, K, Rt;
                    ASSERT_TRUE(parse_decimal(m, M) && parse_decimal(k, K) && parse_decimal(r, Rt));
                    const Decimal N = decimal_from_int(n);
                    // Each rule's steps in the order the program takes them, and where each may fail.
                    struct Expect {
                        std::vector<Step> steps;
                        std::vector<std::string> at;
                    };
                    Expect e[6];
                    const Step mn = product(M, N), kn = product(K, N), rn = product(Rt, N);
                    e[0] = {{mn}, {position("times", Op::MUL_DEC, 0)}};
                    e[1] = {{mn, kn, sum(mn.value, kn.value, false)},
                            {position("sum", Op::MUL_DEC, 0), position("sum", Op::MUL_DEC, 1), position("sum", Op::ADD_DEC, 0)}};
                    e[2] = {{mn, kn, sum(mn.value, kn.value, true)},
                            {position("diff", Op::MUL_DEC, 0), position("diff", Op::MUL_DEC, 1), position("diff", Op::SUB_DEC, 0)}};
                    e[3] = {{mn, rn, product(mn.value, rn.value)},
                            {position("prod", Op::MUL_DEC, 0), position("prod", Op::MUL_DEC, 1), position("prod", Op::MUL_DEC, 2)}};
                    e[4] = {{product(N, M)}, {position("lhs", Op::MUL_DEC, 0)}};
                    e[5] = {{product(Rt, cond ? Rt : N)}, {position("mid", Op::MUL_DEC, 0)}};
                    for (size_t rule = 0; rule < std::size(names); ++rule) {
                        std::string expected_error;
                        bool fast = true;
                        for (size_t j = 0; j < e[rule].steps.size() && expected_error.empty(); ++j) {
                            if (!e[rule].steps[j].ok) expected_error = too_many + names[rule] + "`" + e[rule].at[j];
                            fast = fast && e[rule].steps[j].fast;
                        }
                        const Decimal& expected = e[rule].steps.back().value;
                        for (io::CaseRunner* runner : {straight[rule].get(), calls[rule].get()}) {
                            io::CaseError err;
                            const bool ok = runner->evaluate_text(input, err);
                            ASSERT_EQ(ok, expected_error.empty()) << names[rule] << " " << input << " " << err.message;
                            if (!ok) {
                                EXPECT_EQ(err.message, expected_error) << input;
                                ++errors;
                                continue;
                            }
                            const Value& v = runner->results()[0];
                            EXPECT_TRUE(v.tag == Tag::Dec && v.mant == expected.mant && v.scale == expected.scale)
                                << names[rule] << " " << input << ": " << dec_to_string(v.dec()) << " (scale " << int(v.scale)
                                << "), not " << dec_to_string(expected) << " (scale " << int(expected.scale) << ")";
                            if (runner == straight[rule].get() && cases > 0) {
                                // Rules asked for again: straight, unless a form bailed (off its fast path).
                                EXPECT_EQ(runner->session().ran_straight(), fast) << names[rule] << " " << input;
                                ran_straight += runner->session().ran_straight();
                            }
                        }
                    }
                    ++cases;
                }
    EXPECT_EQ(cases, money.size() * money.size() * rates.size() * ints.size());
    EXPECT_GT(ran_straight, cases);  // the 64-bit path is most of them
    EXPECT_GT(errors, 1000u);
}

}  // namespace
}  // namespace edict
