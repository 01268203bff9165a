// Unit tests for explanations (tooling/explain): small in-memory policies with exceptions,
// `when` cases and boolean chains, evaluated with the traced program. Checks which definitions
// applied, the failing condition on each path ("why not"), the values used, citations, the
// JSON trace's version and shape, expression texts, and that normal programs carry no TRACE.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/codegen/codegen.hpp"
#include "compiler/driver/compile.hpp"
#include "tooling/explain/explain.hpp"
#include "tooling/explain/source_text.hpp"
#include "runtime/io/json.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "runtime/vm/vm.hpp"

namespace edict {
namespace {

const char* kPolicy = R"(notice "N1" issued 2020-02-01
input late: bool
input day: date
input amount: money
input kind: int
function early(d: date): bool = d <= 2020-03-31
rule suspended: bool "Suspended?" cite "N1" §1 "Payments stop."
  = day >= 2020-02-01
exception grace to suspended cite "N1" §2 "Not while late for the epidemic."
  when late and early(day) then false
rule eligible: bool = amount > 100元 and (kind == 1 or kind == 2) and not late
rule band: int
  when amount < 50元 then 1
  when amount >= 50元 then 2
rule band_else: int
  when amount < 50元 then 1
  otherwise 9
output suspended, eligible, band, band_else
)";

struct Traced {
    std::unique_ptr<Compilation> c;
    explain::Explanation e;
};

Traced explain_case(const std::string& input, const std::vector<std::string>& outputs) {
    Traced r;
    r.c = compile_sources({{"p.edict", kPolicy}});
    EXPECT_TRUE(r.c->ok()) << render_all(r.c->diags, r.c->sources, false);
    std::string error;
    auto ex = explain::Explainer::create(*r.c, error);
    EXPECT_TRUE(ex) << error;
    io::Json j;
    EXPECT_TRUE(io::parse_json(input, j, error)) << error;
    EXPECT_TRUE(ex->run(j, outputs, false, r.e, error)) << error;
    return r;
}

const explain::Definition& def(const explain::RuleExplanation& r, const std::string& label, size_t nth = 0) {
    for (const explain::Definition& d : r.definitions)
        if (d.label == label && nth-- == 0) return d;
    ADD_FAILURE() << "no definition " << label;
    return r.definitions.front();
}

TEST(Explain, ExceptionThatAppliedAndTheBaseItSkipped) {
    Traced r = explain_case(R"({"late": true, "day": "2020-03-02", "amount": "10", "kind": 1})", {"suspended"});
    const auto& s = r.e.rules.at("suspended");
    EXPECT_EQ(*s.value, "false");
    const auto& grace = def(s, "grace");
    EXPECT_EQ(grace.status, "applied");
    ASSERT_EQ(grace.citations.size(), 1u);
    EXPECT_EQ(grace.citations[0].clause, "2");
    EXPECT_EQ(grace.citations[0].quote, "Not while late for the epidemic.");
    EXPECT_EQ(grace.condition->text, "late and early(day)");
    EXPECT_EQ(*grace.condition->value, "true");
    const auto& base = def(s, "base");
    EXPECT_EQ(base.status, "not_evaluated");
    EXPECT_EQ(base.reason, "exception grace applied");
    // The value is a literal false: the condition that held explains it, no "why not" paths.
    EXPECT_TRUE(s.why_not.empty());
}

TEST(Explain, ExceptionThatDidNotApplyNamesTheFailingCondition) {
    Traced r = explain_case(R"({"late": true, "day": "2020-04-02", "amount": "10", "kind": 1})", {"suspended"});
    const auto& s = r.e.rules.at("suspended");
    EXPECT_EQ(*s.value, "true");
    const auto& grace = def(s, "grace");
    EXPECT_EQ(grace.status, "not_applicable");
    // `late` held, so the failure is inside the function call, down to its comparison.
    ASSERT_EQ(grace.failed.size(), 1u);
    EXPECT_EQ(grace.failed[0].text, "d <= 2020-03-31");
    EXPECT_EQ(*grace.failed[0].value, "false");
    EXPECT_EQ(def(s, "base").status, "applied");
    // The uses list the inputs read, with their values.
    auto has = [&](const char* name, const char* value) {
        return std::any_of(s.uses.begin(), s.uses.end(), [&](const explain::Use& u) { return u.name == name && u.value == value; });
    };
    EXPECT_TRUE(has("late", "true"));
    EXPECT_TRUE(has("day", "\"2020-04-02\""));
}

TEST(Explain, WhyNotGivesTheFirstFailingConditionOnEachPath) {
    // amount > 100 holds; kind is neither 1 nor 2: both sides of the `or` fail; `not late` is never reached.
    Traced r = explain_case(R"({"late": false, "day": "2020-04-02", "amount": "150", "kind": 3})", {"eligible"});
    const auto& e = r.e.rules.at("eligible");
    EXPECT_EQ(*e.value, "false");
    ASSERT_EQ(e.why_not.size(), 2u);
    EXPECT_EQ(e.why_not[0].text, "kind == 1");
    EXPECT_EQ(e.why_not[1].text, "kind == 2");
    // The chain is shown as its conjuncts, the parenthesised `or` kept whole; `not late` never ran.
    const explain::Term& value = *def(e, "base").value;
    ASSERT_EQ(value.parts.size(), 3u);
    EXPECT_EQ(value.parts[1].text, "kind == 1 or kind == 2");
    EXPECT_FALSE(value.parts[2].value.has_value());
}

TEST(Explain, WhenCasesAndOtherwise) {
    Traced r = explain_case(R"({"amount": "70"})", {"band", "band_else"});
    const auto& band = r.e.rules.at("band");
    EXPECT_EQ(def(band, "base", 0).status, "not_applicable");
    EXPECT_EQ(def(band, "base", 0).failed[0].text, "amount < 50元");
    EXPECT_EQ(def(band, "base", 1).status, "applied");
    const auto& other = r.e.rules.at("band_else");
    EXPECT_EQ(*other.value, "9");
    EXPECT_EQ(def(other, "base", 1).kind, "otherwise");
    EXPECT_EQ(def(other, "base", 1).status, "applied");
}

TEST(Explain, RuntimeErrorKeepsTheExplanationSoFar) {
    Traced r = explain_case(R"({"day": "2020-04-02"})", {"suspended"});
    EXPECT_NE(r.e.error.find("missing input `late`"), std::string::npos) << r.e.error;
    EXPECT_EQ(r.e.error_input, "late");
    EXPECT_FALSE(r.e.rules.at("suspended").value.has_value());
}

TEST(Explain, BadRequestsAreErrorsNotCrashes) {
    auto c = compile_sources({{"p.edict", kPolicy}});
    std::string error;
    auto ex = explain::Explainer::create(*c, error);
    io::Json j;
    ASSERT_TRUE(io::parse_json(R"({"nope": 1})", j, error));
    explain::Explanation e;
    EXPECT_FALSE(ex->run(j, {"suspended"}, false, e, error));
    EXPECT_NE(error.find("nope"), std::string::npos) << error;
    ASSERT_TRUE(io::parse_json(R"({})", j, error));
    EXPECT_FALSE(ex->run(j, {"no_such_rule"}, false, e, error));
    EXPECT_NE(error.find("no_such_rule"), std::string::npos);
    ASSERT_TRUE(io::parse_json(R"({"amount": "abc"})", j, error));
    EXPECT_TRUE(ex->run(j, {"band"}, false, e, error));  // ill-typed input: a runtime error of the case
    EXPECT_EQ(e.error_input, "amount");
}

TEST(Explain, JsonTraceIsVersionedAndParses) {
    Traced r = explain_case(R"({"late": true, "day": "2020-04-02", "amount": "150", "kind": 3})", {"suspended", "eligible"});
    std::string text = explain::to_json(r.e);
    io::Json j;
    std::string error;
    ASSERT_TRUE(io::parse_json(text, j, error)) << error << "\n" << text;
    ASSERT_TRUE(j.find("version"));
    EXPECT_EQ(j.find("version")->text, "1");
    ASSERT_EQ(j.find("outputs")->items.size(), 2u);
    EXPECT_EQ(j.find("rules")->items[0].find("name")->text, "suspended");
    EXPECT_EQ(j.find("error")->type, io::Json::Type::Null);
    const io::Json& grace = j.find("rules")->items[0].find("definitions")->items[0];
    EXPECT_EQ(grace.find("status")->text, "not_applicable");
    EXPECT_EQ(grace.find("failed")->items[0].find("text")->text, "d <= 2020-03-31");
    std::string tree = explain::to_text(r.e);
    EXPECT_NE(tree.find("[did not apply] exception grace"), std::string::npos) << tree;
    EXPECT_NE(tree.find("why not: kind == 1 = false"), std::string::npos) << tree;
}

TEST(Explain, NormalProgramsHaveNoTraceInstructions) {
    auto c = compile_sources({{"p.edict", kPolicy}});
    ASSERT_TRUE(c->ok());
    auto count = [](const Program& p) {
        return std::count_if(p.code.begin(), p.code.end(), [](const Instr& i) { return i.op == Op::TRACE; });
    };
    EXPECT_EQ(count(*c->program), 0);
    Diagnostics d;
    auto traced = codegen::generate(c->checked, c->sources, d, {.trace = true});
    ASSERT_TRUE(traced);
    EXPECT_GT(count(*traced), 0);
    // Normal programs test conditions with compare-and-jump instructions reading their operands in
    // place, the traced one keeps each condition a value so it can be recorded: both must decide
    // every case alike.
    EXPECT_GT(std::count_if(c->program->code.begin(), c->program->code.end(),
                            [](const Instr& i) { return i.op == Op::JUMP_IF_NOT_CMP && i.y != kStackOperand; }), 0);
    const Program& p = *c->program;
    std::vector<uint32_t> rules;
    for (const OutputInfo& o : p.outputs) rules.push_back(o.rule);
    auto input = [&p](const char* name) { return static_cast<size_t>(p.find_input(name) - p.inputs.data()); };
    vm::Session plain(p), with_trace(*traced);
    std::vector<vm::TraceEvent> sink;
    with_trace.set_trace(&sink);
    int cases = 0;
    for (bool late : {false, true})
        for (int64_t day : {737440, 737455, 737500, 737600})  // 2020-01-17 .. 2020-04-25
            for (int64_t fen : {1000, 5000, 10000, 10001, 20000})
                for (int64_t kind : {0, 1, 2, 3}) {
                    Value values[4];
                    vm::InputState present[4] = {vm::InputState::Present, vm::InputState::Present, vm::InputState::Present, vm::InputState::Present};
                    values[input("late")] = Value::boolean(late);
                    values[input("day")] = Value::date(day);
                    values[input("amount")] = Value::decimal(Decimal{fen, 2});
                    values[input("kind")] = Value::integer(kind);
                    vm::CaseView view{values, present, nullptr};
                    Value a[4], b[4];
                    vm::RuntimeError ea, eb;
                    ASSERT_TRUE(plain.evaluate(view, rules.data(), rules.size(), a, ea)) << ea.message;
                    ASSERT_TRUE(with_trace.evaluate(view, rules.data(), rules.size(), b, eb)) << eb.message;
                    for (size_t i = 0; i < rules.size(); ++i)
                        EXPECT_TRUE(a[i].tag == b[i].tag && a[i].i == b[i].i) << p.outputs[i].name << " case " << cases;
                    ++cases;
                }
    EXPECT_EQ(cases, 160);
}

TEST(Explain, FujianExampleCase) {
    auto c = compile_path(std::string(EDICT_SOURCE_DIR) + "/policies/fujian/2020-14");
    ASSERT_TRUE(c->ok());
    std::string error;
    auto ex = explain::Explainer::create(*c, error);
    ASSERT_TRUE(ex);
    io::Json j;
    ASSERT_TRUE(io::parse_json(R"({"contribution_deferred": true, "injury_date": "2020-03-10", "backpay_all_staff": true,
        "backpay_completed_on": "2020-09-15", "epidemic_end": "2020-05-31"})", j, error));
    explain::Explanation e;
    ASSERT_TRUE(ex->run(j, {"injury_benefit_eligible"}, false, e, error)) << error;
    const auto& r = e.rules.at("injury_benefit_eligible");
    EXPECT_EQ(*r.value, "false");
    ASSERT_EQ(r.citations.size(), 1u);
    EXPECT_EQ(r.citations[0].clause, "一.4");
    ASSERT_EQ(r.why_not.size(), 2u);
    EXPECT_EQ(r.why_not[1].text, "backpay_completed_on <= injury_backpay_deadline");
    EXPECT_EQ(*e.rules.at("injury_backpay_deadline").value, "\"2020-08-31\"");
}

}  // namespace
}  // namespace edict

namespace edict {
namespace {

// expr_text slices the analyst's own text by the parser's spans, which are whole for every node
// (calls, `if`, `match`, lists, postfix suffixes): no trailing blanks or comments, brackets
// balanced, a match arm's citations cut out, line breaks collapsed.
TEST(ExprText, IsTheExpressionAsWrittenForEveryKindOfNode) {
    const char* policy = R"(notice "N1" issued 2020-02-01
input d: date
input xs: list[int]
input k: int
enum Sex { male, female }
input sex: Sex
function twice(n: int): int = n * 2
rule call: int = twice( k )   # a comment after
rule cond: int = if k > 1 then 1 else 2
rule pick: int = match sex {
  male => 10 cite "N1" §1 "one",
  female => 20 }
rule listed: list[int] = [1, 2,
   3]
rule big: list[int] = [x in xs where x > 1 ]
rule moved: date = add_months(d, 1)
rule paren: bool = (k > 1) and (k < 5 or k == 9)
output call, cond, pick, listed, big, moved, paren
)";
    auto c = compile_sources({{"p.edict", policy}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    const check::CheckedProgram& P = c->checked;
    auto text_of = [&](const std::string& rule) {
        for (const check::RuleSym& r : P.rules)
            if (r.name == rule) return explain::expr_text(P, c->sources, r.decl.module, P.decl(r.decl).cases.front().value);
        return std::string("(no rule " + rule + ")");
    };
    EXPECT_EQ(text_of("call"), "twice( k )");
    EXPECT_EQ(text_of("cond"), "if k > 1 then 1 else 2");
    EXPECT_EQ(text_of("pick"), "match sex { male => 10, female => 20 }");
    EXPECT_EQ(text_of("listed"), "[1, 2, 3]");
    EXPECT_EQ(text_of("big"), "[x in xs where x > 1 ]");
    EXPECT_EQ(text_of("moved"), "add_months(d, 1)");
    EXPECT_EQ(text_of("paren"), "(k > 1) and (k < 5 or k == 9)");
}

}  // namespace
}  // namespace edict
