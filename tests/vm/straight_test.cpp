// Unit tests for straight-line evaluation (runtime/vm/fuse.hpp): when the block is made and how it
// is laid out (dependencies first, returns pointing at their rule's FUSED_END, program jumps moved
// with the code), when it is not (a rule read but not asked for, a rule asked for twice, a cycle),
// and, through evaluation, that every case gives exactly what evaluation by calls gives -- values,
// errors with their chain of rules and position, the step budget -- on small policies, on every
// scenario case of the Fujian policy and on its loaded artifact.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/io/case_decoder.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/vm/specialise.hpp"
#include "runtime/vm/vm.hpp"
#include "tests/api/fixtures.hpp"

namespace edict {
namespace {

Op spec(vm::Spec s) { return static_cast<Op>(s); }
uint32_t at(uint32_t reg) { return *vm::reg_offset(reg); }

uint32_t rule_index(const Program& p, const char* name) { return static_cast<uint32_t>(p.find_rule(name) - p.rules.data()); }
uint32_t rule_register(const Program& p, const char* name) { return 1 + static_cast<uint32_t>(p.inputs.size()) + rule_index(p, name); }

const char* kRules =
    "input a: int\n"
    "input b: int = 2\n"
    "input flag: bool\n"
    "input o: int?\n"
    "input p1: date?\n"
    "input p2: date?\n"
    "input p3: date?\n"
    "rule r: int = if flag then a else 0\n"
    "rule u: int = r\n"
    "rule w: int = u + r\n"
    "rule k: bool = a > 3\n"
    "rule t: int = o ?? 5\n"                                   // JUMP_IF_NOT_NULL: a program jump
    "rule m: int = (if flag then a else b) + 1\n"              // JUMP to the addition: a program jump
    "rule sq: int = a * a\n"                                   // overflows for a large a
    "rule e: date? = earliest([d in [p1, p2, p3] where d is not null])\n"  // a loop: steps
    "rule e2: date? = latest([d in [p1, p2, p3] where d is not null and 2020-01-05 <= d and d <= 2020-12-31])\n";

struct Outcome {
    bool ok = false;
    bool straight = false;
    std::string out, error;
    bool operator==(const Outcome& o) const { return ok == o.ok && out == o.out && error == o.error; }
};
std::ostream& operator<<(std::ostream& os, const Outcome& o) { return os << (o.ok ? o.out : "error: " + o.error); }

// The case evaluated twice by one runner: the block is made when the same rules are asked for a
// second time in a row, so the first evaluation is by calls; both must agree. The second's outcome.
Outcome run(const Program& p, const std::vector<uint32_t>& rules, const std::string& input, bool straight,
            uint64_t budget = 0) {
    io::CaseRunner runner(p, rules, true);
    runner.session().set_straight(straight);
    if (budget) runner.set_step_budget(budget);
    Outcome first, o;
    io::CaseError err;
    first.ok = runner.run_text(input, first.out, err);
    first.error = err.message;
    EXPECT_FALSE(runner.session().ran_straight());
    err = {};
    o.ok = runner.run_text(input, o.out, err);
    o.error = err.message;
    o.straight = runner.session().ran_straight();
    EXPECT_EQ(first, o) << input;
    return o;
}

// Every output of the policy, as `edict eval` asks for them.
std::vector<uint32_t> every_output(const Program& p) {
    std::vector<uint32_t> rules;
    for (const OutputInfo& o : p.outputs) rules.push_back(o.rule);
    return rules;
}

std::vector<uint32_t> ids(const Program& p, std::initializer_list<const char*> names) {
    std::vector<uint32_t> v;
    for (const char* n : names) v.push_back(rule_index(p, n));
    return v;
}

// Dependencies first, in the host's order among the rest: asked w, k, r, u, the block runs r, u
// (which w reads), w, then k; each FUSED_END names its rule's register and its slot among the
// results; every STRAIGHT_RET_S/R names them too and jumps just past its own rule's FUSED_END,
// every other return's c reaches that FUSED_END; these rules have no locals, so nothing sets L.
TEST(Straight, TheBlockRunsDependenciesFirstAndReturnsToTheirRulesEnd) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<uint32_t> rules = ids(p, {"w", "k", "r", "u"});
    vm::Session session(p);
    std::vector<Value> values(p.inputs.size());
    std::vector<vm::InputState> present(values.size(), vm::InputState::Absent);
    std::vector<std::string> messages(values.size());
    values[0] = Value::integer(4);  // a
    values[2] = Value::boolean(true);  // flag
    present[0] = present[2] = vm::InputState::Present;
    const vm::CaseView view{values.data(), present.data(), messages.data()};
    std::vector<Value> out(rules.size());
    vm::RuntimeError error;
    ASSERT_TRUE(session.evaluate(view, rules.data(), rules.size(), out.data(), error)) << error.message;
    EXPECT_FALSE(session.ran_straight());  // rules asked for the first time: by calls
    std::fill(out.begin(), out.end(), Value());
    ASSERT_TRUE(session.evaluate(view, rules.data(), rules.size(), out.data(), error)) << error.message;
    EXPECT_TRUE(session.ran_straight());
    EXPECT_EQ(out[0].i, 8);  // w = u + r
    EXPECT_EQ(out[1].i, 1);  // k
    EXPECT_EQ(out[2].i, 4);  // r
    EXPECT_EQ(out[3].i, 4);  // u

    const std::vector<Instr>& code = session.code();
    const size_t begin = 2 * p.code.size();
    ASSERT_GT(code.size(), begin);
    EXPECT_EQ(code[begin].op, spec(vm::Spec::FUSED_START));
    std::vector<size_t> ends;
    size_t stop = 0;
    for (size_t i = begin; i < code.size(); ++i) {
        if (code[i].op == spec(vm::Spec::FUSED_END)) ends.push_back(i);
        if (code[i].op == spec(vm::Spec::FUSED_STOP)) { stop = i; break; }
    }
    ASSERT_EQ(ends.size(), 4u);
    ASSERT_NE(stop, 0u);
    EXPECT_EQ(code[stop].c, 4u);
    EXPECT_EQ(code.size(), stop + 2);  // then the driver of no rules (calls ran before the block)
    EXPECT_EQ(code[stop + 1].op, spec(vm::Spec::STOP));
    const char* order[] = {"r", "u", "w", "k"};
    const uint32_t slot[] = {2, 3, 0, 1};
    for (size_t k = 0; k < 4; ++k) {
        EXPECT_EQ(code[ends[k]].c, at(rule_register(p, order[k]))) << order[k];
        EXPECT_EQ(code[ends[k]].x, slot[k] * sizeof(Value)) << order[k];
    }
    // The rules' locals' base is set at the start (these rules have none).
    const uint32_t first_local = 1 + static_cast<uint32_t>(p.inputs.size() + p.rules.size() + p.constants.size());
    EXPECT_GE(code[begin].x, at(first_local));
    size_t straight_returns = 0;
    for (size_t i = begin + 1, seg = 0; i < stop; ++i) {
        if (code[i].op == spec(vm::Spec::FUSED_END)) { ++seg; continue; }
        const std::string where = "instruction " + std::to_string(i) + ", rule " + order[seg];
        EXPECT_NE(code[i].op, spec(vm::Spec::FUSED_LOCALS)) << where << ": these rules have no locals";
        const bool straight_s = code[i].op == spec(vm::Spec::STRAIGHT_RET_S), straight_r = code[i].op == spec(vm::Spec::STRAIGHT_RET_R);
        if (straight_s || straight_r) {
            ++straight_returns;
            ASSERT_EQ(code[i].c % sizeof(Instr), 0u);
            EXPECT_EQ(i + code[i].c / sizeof(Instr), ends[seg] + 1) << where;
            EXPECT_EQ(code[i].y, slot[seg] * sizeof(Value)) << where;
            EXPECT_EQ(straight_s ? code[i].x : at(code[i].b), at(rule_register(p, order[seg]))) << where;
        } else if (vm::is_return(code[i].op)) {
            ASSERT_EQ(code[i].c % sizeof(Instr), 0u);
            EXPECT_EQ(i + code[i].c / sizeof(Instr), ends[seg]) << where;
        }
    }
    EXPECT_GE(straight_returns, 4u);  // each of r, u, w, k returns a value on the stack or a register
}

// Rules with locals: a loop (ITER_*, SET_LOCAL, LOCAL), the filtered earliest of inputs (its form)
// and a rule with an exception (CLEAR_LOCALS, DEF_JOIN, DEF_MERGE, JUMP_IF_SET, DEF_RESULT).
const char* kLocals =
    "input a: int\n"
    "input p1: date?\n"
    "input p2: date?\n"
    "input p3: date?\n"
    "rule k: bool = a > 3\n"
    "rule n: int = count([d in [p1, p2, p3] where d is not null])\n"
    "rule e: date? = earliest([d in [p1, p2, p3] where d is not null])\n"
    "rule s: bool = a > 1\n"
    "exception big to s\n"
    "  when a > 100 then false\n"
    "rule t: int = n + a\n";

const char* kLocalsCases[] = {
    R"({"a":1,"p1":"2020-03-01","p2":"2020-01-01","p3":null})",
    R"({"a":5,"p1":null,"p2":"2021-01-01","p3":"2020-06-30"})",
    R"({"a":500})",
    R"({"a":101,"p1":"2020-01-01","p2":"2020-01-01","p3":"2019-12-31"})",
};

// The block reads every rule's locals from one base, the lowest of theirs: FUSED_START sets L to it,
// no rule starts with FUSED_LOCALS, and each rule's local indexes are moved by where its locals lie
// (n's 4 locals come first, then e's 4, then s's: s's DEF_* name 8 and 10, not 0 and 2). The
// results are those of calls.
TEST(Straight, RulesWithLocalsReadThemFromOneBase) {
    auto c = compile_sources({{"p.edict", kLocals}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const auto rules = ids(p, {"t", "k", "s", "e", "n"});
    for (const char* in : kLocalsCases) {
        const Outcome s = run(p, rules, in, true), calls = run(p, rules, in, false);
        EXPECT_TRUE(s.straight) << in;
        EXPECT_EQ(s, calls) << in;
    }
    EXPECT_EQ(run(p, rules, kLocalsCases[0], true).out, R"({"t":3,"k":false,"s":false,"e":"2020-01-01","n":2})");
    EXPECT_EQ(run(p, rules, kLocalsCases[1], true).out, R"({"t":7,"k":true,"s":true,"e":"2020-06-30","n":2})");
    EXPECT_EQ(run(p, rules, kLocalsCases[2], true).out, R"({"t":500,"k":true,"s":false,"e":null,"n":0})");

    io::CaseRunner runner(p, rules, true);
    std::string out;
    io::CaseError err;
    ASSERT_TRUE(runner.run_text(kLocalsCases[0], out, err)) << out;
    ASSERT_TRUE(runner.run_text(kLocalsCases[0], out, err)) << out;
    ASSERT_TRUE(runner.session().ran_straight());
    const std::vector<Instr>& code = runner.session().code();
    const size_t begin = 2 * p.code.size();
    const uint32_t first_local = 1 + static_cast<uint32_t>(p.inputs.size() + p.rules.size() + p.constants.size());
    ASSERT_EQ(code[begin].op, spec(vm::Spec::FUSED_START));
    EXPECT_EQ(code[begin].x, at(first_local));
    int merges = 0, results = 0;
    for (size_t i = begin; i < code.size() && code[i].op != spec(vm::Spec::FUSED_STOP); ++i) {
        EXPECT_NE(code[i].op, spec(vm::Spec::FUSED_LOCALS)) << i;
        if (code[i].op == Op::DEF_MERGE || code[i].op == spec(vm::Spec::DEF_MERGE_THEN_JUMP_IF_SET)) {
            ++merges;
            EXPECT_EQ(code[i].b, 8u);
            EXPECT_EQ(code[i].c, 10u);
        }
        if (code[i].op == Op::DEF_RESULT || code[i].op == spec(vm::Spec::DEF_RESULT_THEN_STRAIGHT_RET_S)) {
            ++results;
            EXPECT_EQ(code[i].b, 8u);
        }
    }
    EXPECT_EQ(merges, 1);
    EXPECT_EQ(results, 1);
}

// Rules whose locals lie too far apart for one base (b has 16 bits): each with locals (but the
// first) starts with FUSED_LOCALS, at its rule's start, and keeps its indexes; the results are those
// of calls. (A hand-edited program: n claims 70,000 locals, so e's and s's lie that far beyond.)
TEST(Straight, RulesWithLocalsFarApartSetThemAtTheirStart) {
    auto c = compile_sources({{"p.edict", kLocals}});
    ASSERT_TRUE(c->ok());
    Program far = *c->program;
    // Local operands name a program-wide local number (each rule's after the rules' before it):
    // the ones past n's move with them.
    const uint32_t n = rule_index(far, "n"), added = 70'000 - far.rules[n].locals;
    uint32_t past_n = 0;
    for (uint32_t r = 0; r <= n; ++r) past_n += far.rules[r].locals;
    far.rules[n].locals = 70'000;
    for (Instr& in : far.code)
        for (uint32_t* ref : {&in.x, &in.y})
            if (Operand::kind(*ref) == OperandKind::Local && Operand::index(*ref) >= past_n)
                *ref = Operand::make(OperandKind::Local, Operand::index(*ref) + added);
    const auto rules = ids(far, {"t", "k", "s", "e", "n"});
    for (const char* in : kLocalsCases) {
        const Outcome s = run(far, rules, in, true), calls = run(far, rules, in, false);
        EXPECT_TRUE(s.straight) << in;
        EXPECT_EQ(s, calls) << in;
    }
    io::CaseRunner runner(far, rules, true);
    std::string out;
    io::CaseError err;
    ASSERT_TRUE(runner.run_text(kLocalsCases[1], out, err)) << out;
    ASSERT_TRUE(runner.run_text(kLocalsCases[1], out, err)) << out;
    ASSERT_TRUE(runner.session().ran_straight());
    EXPECT_EQ(out, R"({"t":7,"k":true,"s":true,"e":"2020-06-30","n":2})");
    const std::vector<Instr>& code = runner.session().code();
    std::vector<size_t> locals;
    for (size_t i = 2 * far.code.size(); i < code.size() && code[i].op != spec(vm::Spec::FUSED_STOP); ++i) {
        if (code[i].op == spec(vm::Spec::FUSED_LOCALS)) locals.push_back(i);
        if (code[i].op == Op::DEF_MERGE || code[i].op == spec(vm::Spec::DEF_MERGE_THEN_JUMP_IF_SET)) {
            EXPECT_EQ(code[i].b, 0u);
        }
    }
    ASSERT_EQ(locals.size(), 2u);  // the first rule with locals (n) has FUSED_START's; e and s their own
    for (size_t i : locals) EXPECT_EQ(code[i - 1].op, spec(vm::Spec::FUSED_END)) << i;
    EXPECT_NE(code[locals[0]].x, code[locals[1]].x);
}

// Program jumps (not rewritten into forms) move with their rule's code; results as by calls.
TEST(Straight, ProgramJumpsMoveWithTheCode) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const auto rules = ids(p, {"k", "m", "t", "r"});  // m and t after k: their code is moved
    for (const char* in : {R"({"a":1,"flag":true})", R"({"a":1,"flag":false,"b":9})", R"({"a":1,"flag":true,"o":3})",
                           R"({"a":1,"flag":false,"o":null})"}) {
        const Outcome s = run(p, rules, in, true), calls = run(p, rules, in, false);
        EXPECT_TRUE(s.straight) << in;
        EXPECT_FALSE(calls.straight);
        EXPECT_EQ(s, calls) << in;
    }
    EXPECT_EQ(run(p, rules, R"({"a":1,"flag":false,"b":9})", true).out, R"({"k":false,"m":10,"t":5,"r":0})");
}

// A rule read but not asked for (it may never need evaluating), a rule asked for twice, or a rule
// that reads itself: no block; evaluation by calls answers.
TEST(Straight, NoBlockForRulesReadButNotAskedForTwiceOrInACycle) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::string in = R"({"a":2,"flag":true})";
    Outcome o = run(p, ids(p, {"w"}), in, true);
    EXPECT_FALSE(o.straight);
    EXPECT_EQ(o.out, R"({"w":4})");
    o = run(p, ids(p, {"w", "u"}), in, true);
    EXPECT_FALSE(o.straight);  // w reads r too
    EXPECT_EQ(o.out, R"({"w":4,"u":2})");
    o = run(p, ids(p, {"w", "u", "r"}), in, true);
    EXPECT_TRUE(o.straight);
    EXPECT_EQ(o.out, R"({"w":4,"u":2,"r":2})");
    o = run(p, ids(p, {"r", "k", "r"}), in, true);
    EXPECT_FALSE(o.straight);
    EXPECT_EQ(o.out, R"({"r":2,"k":false,"r":2})");

    Program cyclic = p;  // u reads itself (a hand-edited program: the checker refuses the cycle)
    const uint32_t u = rule_index(p, "u");
    cyclic.code[cyclic.rules[u].entry].x = Operand::make(OperandKind::Rule, u);
    o = run(cyclic, {u}, in, true);
    EXPECT_FALSE(o.straight);
    EXPECT_EQ(o.error, "rule `u` depends on itself, while computing `u` (p.edict:9:15)");
}

// A case the block cannot finish is evaluated again by calls: the error names the same rules in
// the same order (the rule asked for first, down to the one that failed) and the same position.
TEST(Straight, AnAbandonedCaseGivesTheErrorOfCalls) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const auto all = ids(p, {"w", "u", "r", "k", "t", "m", "sq", "e"});
    struct Case {
        const char* input;
        const char* error;
    } cases[] = {
        {R"({"flag":true})", "missing input `a` (int), while computing `w` ← `u` ← `r` (p.edict:8:28)"},
        {R"({"flag":false})", "missing input `a` (int), while computing `k` (p.edict:11:16)"},
        {R"({"a":4000000000,"flag":false})", "integer overflow: the result does not fit 64 bits, while computing `sq` (p.edict:14:16)"},
        {R"({"a":1,"flag":"yes"})", nullptr},
        {R"({"a":1,"flag":true,"p2":"2020-02-30"})", nullptr},
    };
    for (const Case& k : cases) {
        const Outcome s = run(p, all, k.input, true), calls = run(p, all, k.input, false);
        EXPECT_FALSE(s.straight) << k.input;
        EXPECT_FALSE(s.ok) << k.input;
        EXPECT_EQ(s, calls) << k.input;
        if (k.error) {
            EXPECT_EQ(s.error, k.error);
        }
    }
    const Outcome fine = run(p, all, R"({"a":3,"flag":true,"p2":"2020-02-03","p3":"2020-01-03"})", true);
    EXPECT_TRUE(fine.straight);
    EXPECT_EQ(fine.out, R"({"w":6,"u":3,"r":3,"k":false,"t":5,"m":4,"sq":9,"e":"2020-01-03"})");
}

// A form that reads its program copy (FILTERED_MIN_OF_INPUTS: the earliest or latest of inputs
// passing a filter) finds it from the block too: its y is set again for where the copy lies.
TEST(Straight, FormsReadingTheProgramCopyFindItFromTheBlock) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const auto rules = ids(p, {"k", "e2", "e"});
    io::CaseRunner runner(p, rules, true);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"a":1,"flag":true})", R"({"k":false,"e2":null,"e":null})"},
        {R"({"a":1,"p1":"2020-03-01","p2":"2019-12-01","p3":"2020-02-01"})", R"({"k":false,"e2":"2020-03-01","e":"2019-12-01"})"},
        {R"({"a":1,"p1":"2021-03-01","p2":null,"p3":"2020-01-05"})", R"({"k":false,"e2":"2020-01-05","e":"2020-01-05"})"},
        {R"({"a":1,"p2":"2020-12-31"})", R"({"k":false,"e2":"2020-12-31","e":"2020-12-31"})"},
    };
    for (int round = 0; round < 2; ++round)
        for (const auto& [in, want] : cases) {
            std::string out;
            io::CaseError err;
            ASSERT_TRUE(runner.run_text(in, out, err)) << err.message;
            EXPECT_EQ(out, want) << in;
            EXPECT_EQ(runner.session().ran_straight(), round == 1 || &in != &cases[0].first) << in;
        }
    const std::vector<Instr>& code = runner.session().code();
    int forms = 0;
    for (size_t i = 2 * p.code.size(); i < code.size(); ++i) {
        if (!vm::reads_program_copy(code[i].op)) continue;
        ++forms;
        const Instr* copy = &code[i] + static_cast<int32_t>(code[i].y) / static_cast<int32_t>(sizeof(Instr));
        ASSERT_GE(copy, code.data() + p.code.size());
        ASSERT_LT(copy, code.data() + 2 * p.code.size());
        EXPECT_EQ(copy->op, Op::INPUT);
    }
    EXPECT_EQ(forms, 2);
}

// A host alternating between two sets of rules evaluates by calls and makes no block; asking for
// one set twice in a row makes it, and the other set's first case goes back to calls.
TEST(Straight, MadeWhenTheSameRulesAreAskedForTwiceInARow) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    vm::Session session(p);
    std::vector<Value> values(p.inputs.size());
    std::vector<vm::InputState> present(values.size(), vm::InputState::Absent);
    std::vector<std::string> messages(values.size());
    values[0] = Value::integer(5);
    values[2] = Value::boolean(false);
    present[0] = present[2] = vm::InputState::Present;
    const vm::CaseView view{values.data(), present.data(), messages.data()};
    const auto a = ids(p, {"k", "r"}), b = ids(p, {"r", "k", "sq"});
    std::vector<Value> out(3);
    vm::RuntimeError error;
    const size_t plain = 2 * p.code.size();
    for (int i = 0; i < 3; ++i)
        for (const auto* rules : {&a, &b}) {
            ASSERT_TRUE(session.evaluate(view, rules->data(), rules->size(), out.data(), error));
            EXPECT_FALSE(session.ran_straight());
            EXPECT_EQ(session.code()[plain].op, spec(vm::Spec::CALL)) << "no block, the driver follows the forms";
        }
    ASSERT_TRUE(session.evaluate(view, b.data(), b.size(), out.data(), error));
    EXPECT_TRUE(session.ran_straight());
    EXPECT_EQ(out[2].i, 25);
    ASSERT_TRUE(session.evaluate(view, a.data(), a.size(), out.data(), error));
    EXPECT_FALSE(session.ran_straight());
    EXPECT_EQ(out[0].i, 1);
    EXPECT_EQ(out[1].i, 0);
}

// The step budget: calls count a step per rule a rule enters and per turn of a loop. For every
// budget from 0 up, the block gives what calls give: the result, or "evaluation budget exceeded"
// at the same place.
TEST(Straight, TheStepBudgetEndsWhereCallsEndIt) {
    auto c = compile_sources({{"p.edict", kRules}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::string in = R"({"a":3,"flag":true,"p1":"2020-02-03","p3":"2020-01-03"})";
    for (const auto& rules : {ids(p, {"w", "u", "r", "e"}), ids(p, {"e", "r", "u", "w"}), ids(p, {"e"})}) {
        int straight = 0;
        for (uint64_t budget = 1; budget <= 12; ++budget) {
            const Outcome s = run(p, rules, in, true, budget), calls = run(p, rules, in, false, budget);
            EXPECT_EQ(s, calls) << "budget " << budget;
            straight += s.straight;
        }
        EXPECT_GT(straight, 0);  // once the budget is wide enough
    }
}

// A Fujian case giving every input (tests/oracle/gen_cases.py --seed 1 --count 1).
const char* kFullCase =
    R"({"certification_due":"2022-09-29","ui_eligible_since":"2021-07-31","appraisal_affected_by_epidemic":true,)"
    R"("appraisal_phone_on":"2020-02-11","appraisal_online_on":"2020-02-14","monthly_pension":"4997.21",)"
    R"("scheme":"public_institution","payer_type":"urban_rural_resident","ui_applied_on":"2021-07-31",)"
    R"("backpay_completed_on":"2021-10-22","missed_due_to_epidemic":false,"birth_date":"1959-01-19",)"
    R"("appraisal_statutory_deadline":"2021-03-17","epidemic_end":"2021-08-31","employment_start":"2021-12-31",)"
    R"("injury_date":"2020-02-09","sex":"male","female_position":"cadre","infected_in_duty":true,)"
    R"("settlement_month":"2019-09","first_payment_month":"2019-04","ui_late_due_to_epidemic":true,)"
    R"("ui_2019_backpay_declared_on":"2024-05-03","infected":false,"backpay_all_staff":true,)"
    R"("epidemic_start":"2020-02-09","registered_on":"2021-12-30","prepaid_months":7,"approved_standard":"4324.60",)"
    R"("paid_on":"2021-02-11","contribution_deferred":true,"dispatched_to_epidemic_area":true,)"
    R"("appraisal_received_on":"2019-11-22","computed_monthly_pension":4624.93,"occupation":"other",)"
    R"("due_date":"2021-02-10","payment_month":"2023-04"})";

// Each scenario case's input as written (most give one clause's inputs only), and the same
// inputs over kFullCase (every input given).
std::vector<std::string> scenario_inputs() {
    std::vector<std::string> inputs;
    io::Json full;
    std::string why;
    EXPECT_TRUE(io::parse_json(kFullCase, full, why)) << why;
    inputs.push_back(kFullCase);
    for (const char* file : {"/tests/examples.jsonl", "/tests/boundary.jsonl"}) {
        std::ifstream f(testing::fujian_path() + file);
        std::string line;
        while (std::getline(f, line)) {
            io::Json j;
            if (line.empty() || !io::parse_json(line, j, why)) continue;
            const io::Json* input = j.find("input");
            if (!input) continue;
            inputs.push_back(io::to_json_text(*input));
            io::Json merged = full;
            for (const auto& [key, value] : input->members) {
                auto it = std::find_if(merged.members.begin(), merged.members.end(), [&](const auto& m) { return m.first == key; });
                if (it != merged.members.end()) it->second = value;
                else merged.members.emplace_back(key, value);
            }
            inputs.push_back(io::to_json_text(merged));
        }
    }
    return inputs;
}

// Every scenario case of the Fujian policy, as written and over a case giving every input, all
// outputs asked for, compiled and from its artifact: the same text or error either way; complete
// cases run straight, partial ones are abandoned and answered by calls.
TEST(Straight, FujianScenarioCasesAsByCalls) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    std::string bytes, why;
    ASSERT_TRUE(save_artifact(*c->program, bytes, why)) << why;
    auto loaded = load_artifact(bytes, why);
    ASSERT_TRUE(loaded) << why;
    const std::vector<std::string> inputs = scenario_inputs();
    ASSERT_GT(inputs.size(), 100u);
    for (const Program* p : {c->program.get(), loaded.get()}) {
        const std::vector<uint32_t> all = every_output(*p);
        int straight = 0, abandoned = 0;
        for (const std::string& in : inputs) {
            const Outcome s = run(*p, all, in, true), calls = run(*p, all, in, false);
            EXPECT_EQ(s, calls) << in;
            (s.straight ? straight : abandoned) += 1;
        }
        EXPECT_GT(straight, 0);
        EXPECT_GT(abandoned, 0);
    }
}

// One runner case after case, as a batch runs them: nothing a block reads may be left over from
// the case before (each rule's register is written by its return before a later rule reads it).
TEST(Straight, FujianScenarioCasesOneAfterAnotherAsByCalls) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<uint32_t> all = every_output(p);
    io::CaseRunner straight(p, all, true), calls(p, all, true);
    calls.session().set_straight(false);
    int ran_straight = 0;
    for (const std::string& in : scenario_inputs()) {
        Outcome s, k;
        io::CaseError err;
        s.ok = straight.run_text(in, s.out, err);
        s.error = err.message;
        ran_straight += straight.session().ran_straight();
        err = {};
        k.ok = calls.run_text(in, k.out, err);
        k.error = err.message;
        EXPECT_EQ(s, k) << in;
    }
    EXPECT_GT(ran_straight, 100);
}

// The code a session runs changes with the rules asked for (a driver for each set, a block for a
// set asked for twice in a row) and is threaded again from where it changed (vm.hpp, thread_code):
// every Fujian output asked for alone, in pairs and all together, each set twice in a row, over
// and over in one session, gives what a new session gives for the same rules.
TEST(Straight, RulesAskedForInTurnGiveWhatANewSessionGives) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<uint32_t> all = every_output(p);
    std::vector<std::vector<uint32_t>> sets = {all};
    for (size_t i = 0; i < all.size(); ++i)  // each set twice in a row: the second time, its block
        for (const std::vector<uint32_t>& rules : {std::vector<uint32_t>{all[i]}, std::vector<uint32_t>{all[i], all[(i + 5) % all.size()]}, all})
            sets.insert(sets.end(), 2, rules);
    io::DecodedCase decoded;
    io::CaseError bad;
    ASSERT_TRUE(io::decode_case_text(p, scenario_inputs().back(), true, decoded, bad)) << bad.message;
    const vm::CaseView view = decoded.view();
    vm::Session shared(p);
    std::vector<Value> got(all.size()), want(all.size());
    vm::RuntimeError error;
    int straight = 0;
    for (const auto& rules : sets) {
        vm::Session fresh(p);
        ASSERT_TRUE(fresh.evaluate(view, rules.data(), rules.size(), want.data(), error)) << error.message;
        ASSERT_TRUE(shared.evaluate(view, rules.data(), rules.size(), got.data(), error)) << error.message;
        for (size_t i = 0; i < rules.size(); ++i)
            EXPECT_TRUE(got[i].tag == want[i].tag && got[i].i == want[i].i && got[i].mant == want[i].mant)
                << p.rules[rules[i]].name;
        straight += shared.ran_straight();
    }
    EXPECT_GT(straight, static_cast<int>(all.size()));  // 42 of the 72: some rules alone make no block
}

// The returns joined to the next rule's first form (spec_forms.def, INTO_FORM): `ret` (a return,
// or a _THEN_ variant with its return `at` 1 on), the form `next` at the return's jump target, and
// their variant; written out here, not read from the table, so a pair left out of it is seen.
struct IntoPair {
    Op ret;
    size_t at;
    Op next, variant;
};
using vm::Spec;
const IntoPair kIntoPairs[] = {
    {spec(Spec::STRAIGHT_RET_R), 0, spec(Spec::POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R),
     spec(Spec::STRAIGHT_RET_R_INTO_POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R)},
    {spec(Spec::ROLL_S_THEN_STRAIGHT_RET_S), 1, spec(Spec::JUMP_IF_FALSE_R),
     spec(Spec::ROLL_S_THEN_STRAIGHT_RET_S_INTO_JUMP_IF_FALSE_R)},
    {spec(Spec::STRAIGHT_RET_S), 0, spec(Spec::POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R),
     spec(Spec::STRAIGHT_RET_S_INTO_POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R)},
    {spec(Spec::STRAIGHT_RET_S), 0, spec(Spec::JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R),
     spec(Spec::STRAIGHT_RET_S_INTO_JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R)},
    {spec(Spec::STRAIGHT_RET_S), 0, spec(Spec::CONST_THEN_MONTHS_BETWEEN_RR),
     spec(Spec::STRAIGHT_RET_S_INTO_CONST_THEN_MONTHS_BETWEEN_RR)},
    {spec(Spec::MAX2_INT_THEN_STRAIGHT_RET_S), 1, spec(Spec::INPUT_R), spec(Spec::MAX2_INT_THEN_STRAIGHT_RET_S_INTO_INPUT_R)},
    {spec(Spec::DEF_RESULT_THEN_STRAIGHT_RET_S), 1, spec(Spec::JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R),
     spec(Spec::DEF_RESULT_THEN_STRAIGHT_RET_S_INTO_JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R)},
};

// An _INTO_ variant's return form (a return or a _THEN_ variant); any other op itself.
Op before_into(Op op) {
    for (const IntoPair& q : kIntoPairs)
        if (q.variant == op) return q.ret;
    return op;
}

// A session's code with each copy of a handler (REPLICA_FORM) named as the form it stands for.
std::vector<Instr> as_forms(std::vector<Instr> code) {
    for (Instr& in : code) in.op = vm::copied_form(in.op);
    return code;
}

// Makes `runner`'s straight-line block: the last Fujian scenario case evaluated twice (the block is
// made when the same rules are asked for a second time), the second time straight. Its output.
std::string make_block(io::CaseRunner& runner) {
    const std::string in = scenario_inputs().back();
    std::string out;
    io::CaseError err;
    EXPECT_TRUE(runner.run_text(in, out, err)) << err.message;
    EXPECT_TRUE(runner.run_text(in, out, err)) << err.message;
    EXPECT_TRUE(runner.session().ran_straight());
    return out;
}

// In the Fujian block, each form followed by the form it has a variant for is that variant (the
// _THEN_ forms, which run the second form's body without a dispatch), the second form stays in
// place after it, and no such pair is left. Their answers are those of calls (the scenario tests
// above run them).
TEST(Straight, FormsFollowedByTheirPartnerRunIt) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<uint32_t> all = every_output(p);
    io::CaseRunner runner(p, all, true);
    make_block(runner);
    ASSERT_FALSE(HasFailure());
    const struct {
        Op form;
        size_t next;
        Op then, variant;
    } pairs[] = {
        {spec(vm::Spec::JUMP_IF_FALSE_R), 1, spec(vm::Spec::STRAIGHT_RET_R), spec(vm::Spec::JUMP_IF_FALSE_R_THEN_STRAIGHT_RET_R)},
        {spec(vm::Spec::JUMP_IF_NOT_EQ_RK), 1, spec(vm::Spec::STRAIGHT_RET_R), spec(vm::Spec::JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R)},
        {spec(vm::Spec::POP_JUMP_IF_NOT_NULL_R), 1, spec(vm::Spec::STRAIGHT_RET_R), spec(vm::Spec::POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R)},
        {spec(vm::Spec::ROLL_S), 1, spec(vm::Spec::STRAIGHT_RET_S), spec(vm::Spec::ROLL_S_THEN_STRAIGHT_RET_S)},
        {spec(vm::Spec::MAX2_INT), 1, spec(vm::Spec::STRAIGHT_RET_S), spec(vm::Spec::MAX2_INT_THEN_STRAIGHT_RET_S)},
        {Op::DEF_RESULT, 1, spec(vm::Spec::STRAIGHT_RET_S), spec(vm::Spec::DEF_RESULT_THEN_STRAIGHT_RET_S)},
        {Op::DEF_MERGE, 1, Op::JUMP_IF_SET, spec(vm::Spec::DEF_MERGE_THEN_JUMP_IF_SET)},
        {spec(vm::Spec::SET_LOCAL_R), 1, spec(vm::Spec::SET_LOCAL_R), spec(vm::Spec::SET_LOCAL_R_THEN_SET_LOCAL_R)},
        {spec(vm::Spec::CLEAR_LOCALS), 4, spec(vm::Spec::JUMP_IF_FALSE_R), spec(vm::Spec::CLEAR_LOCALS_THEN_JUMP_IF_FALSE_R)},
        {spec(vm::Spec::POP_JUMP_IF_NULL_R), 1, spec(vm::Spec::JUMP_IF_NOT_LE_RR), spec(vm::Spec::POP_JUMP_IF_NULL_R_THEN_JUMP_IF_NOT_LE_RR)},
        {spec(vm::Spec::SET_LOCAL_R), 1, spec(vm::Spec::JUMP_IF_NOT_LE_RR), spec(vm::Spec::SET_LOCAL_R_THEN_JUMP_IF_NOT_LE_RR)},
        {spec(vm::Spec::JUMP_IF_NOT_LE_RR), 1, spec(vm::Spec::POP_JUMP_IF_NULL_R), spec(vm::Spec::JUMP_IF_NOT_LE_RR_THEN_POP_JUMP_IF_NULL_R)},
        {spec(vm::Spec::ADD_YEARS_RR), 1, spec(vm::Spec::STRAIGHT_RET_S), spec(vm::Spec::ADD_YEARS_RR_THEN_STRAIGHT_RET_S)},
        {spec(vm::Spec::SET_LOCAL_S), 1, spec(vm::Spec::JUMP_IF_NOT_LE_RR), spec(vm::Spec::SET_LOCAL_S_THEN_JUMP_IF_NOT_LE_RR)},
        {spec(vm::Spec::SET_LOCAL_S), 1, spec(vm::Spec::ADD_DAYS_RR), spec(vm::Spec::SET_LOCAL_S_THEN_ADD_DAYS_RR)},
        {spec(vm::Spec::SET_LOCAL_S), 1, Op::LOCAL, spec(vm::Spec::SET_LOCAL_S_THEN_LOCAL)},
        {spec(vm::Spec::ADD_DAYS_RR), 1, spec(vm::Spec::SET_LOCAL_S), spec(vm::Spec::ADD_DAYS_RR_THEN_SET_LOCAL_S)},
        {spec(vm::Spec::MAX2_INT), 1, spec(vm::Spec::SET_LOCAL_S), spec(vm::Spec::MAX2_INT_THEN_SET_LOCAL_S)},
        {Op::CONST, 1, spec(vm::Spec::MONTHS_BETWEEN_RR), spec(vm::Spec::CONST_THEN_MONTHS_BETWEEN_RR)},
    };
    const std::vector<Instr> code = as_forms(runner.session().code());
    std::map<int, int> variants;
    size_t stop = 2 * p.code.size();
    while (code[stop].op != spec(vm::Spec::FUSED_STOP)) ++stop;
    for (size_t i = 2 * p.code.size(); i < stop; ++i)
        for (const auto& pair : pairs) {
            // A return joined to the next rule (the _INTO_ forms, below) counts as its return form.
            const Op op = before_into(code[i].op);
            EXPECT_FALSE(op == pair.form && i + pair.next < stop && before_into(code[i + pair.next].op) == pair.then) << i;
            if (op == pair.variant) {
                ++variants[static_cast<int>(pair.variant)];
                ASSERT_LT(i + pair.next, stop);
                // The second form, or its own variant (a pair of pairs: SET_LOCAL_R three times).
                const Op second = before_into(code[i + pair.next].op);
                EXPECT_TRUE(second == pair.then || std::any_of(std::begin(pairs), std::end(pairs), [&](const auto& q) {
                    return q.form == pair.then && q.variant == second;
                })) << i;
            }
        }
    EXPECT_EQ(variants.size(), std::size(pairs));  // the Fujian block has each kind
}

// In the Fujian block, each rule's return whose jump target, the next rule's first instruction,
// holds the form it has a variant for is that variant (the _INTO_ forms, which run that form's
// body without a dispatch); the target stays in place, and no such return is left. `at`: where the
// return is (1: the second form of a _THEN_ variant). Their answers are those of calls (the
// scenario tests above run them, and this case is compared here).
TEST(Straight, ReturnsFollowedByTheNextRulesFirstFormRunIt) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<uint32_t> all = every_output(p);
    io::CaseRunner runner(p, all, true), calls(p, all, true);
    calls.session().set_straight(false);
    const std::string out = make_block(runner);
    ASSERT_FALSE(HasFailure());
    std::string by_calls;
    io::CaseError err;
    ASSERT_TRUE(calls.run_text(scenario_inputs().back(), by_calls, err)) << err.message;
    EXPECT_EQ(out, by_calls);
    const std::vector<Instr> code = as_forms(runner.session().code());
    const size_t start = 2 * p.code.size();
    size_t stop = start;
    while (code[stop].op != spec(Spec::FUSED_STOP)) ++stop;
    // The next rule's first instruction after the return at `i + at`: its jump target, just past
    // its rule's FUSED_END.
    auto target_of = [&](size_t i, size_t at) {
        const Instr& ret = code[i + at];
        const Op op = before_into(ret.op);  // itself joined to the next rule when `at` is 0
        EXPECT_TRUE(op == spec(Spec::STRAIGHT_RET_S) || op == spec(Spec::STRAIGHT_RET_R)) << i;
        const size_t target = i + at + static_cast<int32_t>(ret.c) / static_cast<int32_t>(sizeof(Instr));
        EXPECT_EQ(code[target - 1].op, spec(Spec::FUSED_END)) << i;
        return target;
    };
    std::map<int, int> variants;
    for (size_t i = start; i < stop; ++i)
        for (const IntoPair& pair : kIntoPairs) {
            if (code[i].op == pair.ret) {
                EXPECT_NE(code[target_of(i, pair.at)].op, pair.next) << i;
            }
            if (code[i].op == pair.variant) {
                ++variants[static_cast<int>(pair.variant)];
                // The second form, or its own variant (the next rule's return joined to the one after).
                const Op next = code[target_of(i, pair.at)].op;
                EXPECT_EQ(before_into(next), pair.next) << i;
            }
        }
    EXPECT_EQ(variants.size(), std::size(kIntoPairs));  // the Fujian block has each kind
}

// In the Fujian block, the n-th place of a form with copies of its handler (spec_forms.def,
// REPLICA_FORM) runs copy n mod 4, the form itself being copy 0; each form has places enough for
// every copy. That every copy runs its form's body, FujianScenarioCasesOneAfterAnotherAsByCalls
// (above) checks: the block it runs every scenario case through has these copies.
TEST(Straight, FormsAtManyPlacesRunCopiesOfTheirHandler) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    io::CaseRunner runner(p, every_output(p), true);
    make_block(runner);
    ASSERT_FALSE(HasFailure());
    const std::vector<Instr>& code = runner.session().code();
    size_t stop = 2 * p.code.size();
    while (code[stop].op != spec(Spec::FUSED_STOP)) ++stop;
    std::map<int, std::vector<Op>> places;  // by form: the op at each of its places, in order
    for (size_t i = 2 * p.code.size(); i < stop; ++i)
        places[static_cast<int>(vm::copied_form(code[i].op))].push_back(code[i].op);
    std::set<Op> copied;  // the forms with copies, as spec_forms.def lists them
    for (int op = 0; op < 256; ++op)
        if (vm::copied_form(static_cast<Op>(op)) != static_cast<Op>(op)) copied.insert(vm::copied_form(static_cast<Op>(op)));
    ASSERT_EQ(copied.size(), 7u);
    for (Op form : copied) {
        const std::vector<Op>& at = places[static_cast<int>(form)];
        ASSERT_GE(at.size(), 3u) << static_cast<int>(form);
        std::set<Op> distinct(at.begin(), at.end());
        EXPECT_EQ(distinct.size(), std::min<size_t>(at.size(), 4)) << static_cast<int>(form);
        for (size_t n = 0; n < at.size(); ++n) {
            EXPECT_EQ(at[n] == form, n % 4 == 0) << static_cast<int>(form) << " place " << n;
            EXPECT_EQ(at[n], at[n % 4]) << static_cast<int>(form) << " place " << n;
        }
    }
}

}  // namespace
}  // namespace edict
