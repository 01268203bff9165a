// Unit tests for the VM: takes small policies compiled with compile_sources and JSON cases run
// through io::CaseRunner. Checks results (JSON text) and runtime errors: overflow, default-logic
// conflicts and priorities, no definition, lazily required inputs, date arithmetic, rounding
// modes, list functions, tables, dated parameters and records.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

struct Outcome {
    bool ok = false;
    std::string out;    // the result object when ok
    std::string error;  // the message when not
    std::string input;  // the input at fault
};

// Compiles `src`, evaluates the comma-separated `rules` on the JSON `input`.
Outcome run(const std::string& src, const std::string& rules, const std::string& input) {
    Outcome o;
    auto c = compile_sources({{"p.edict", src}});
    if (!c->ok()) {
        ADD_FAILURE() << "does not compile:\n" << render_all(c->diags, c->sources, false);
        return o;
    }
    std::vector<uint32_t> ids;
    std::stringstream ss(rules);
    for (std::string name; std::getline(ss, name, ',');) {
        const RuleInfo* r = c->program->find_rule(name);
        if (!r) {
            ADD_FAILURE() << "no rule " << name;
            return o;
        }
        ids.push_back(static_cast<uint32_t>(r - c->program->rules.data()));
    }
    io::Json j;
    std::string why;
    if (!io::parse_json(input, j, why)) {
        ADD_FAILURE() << "bad JSON: " << why;
        return o;
    }
    io::CaseRunner runner(*c->program, ids, false);
    io::CaseError err;
    o.ok = runner.run(j, o.out, err);
    o.error = err.message;
    o.input = err.input;
    return o;
}

void expect_result(const std::string& src, const std::string& rules, const std::string& input,
                   const std::string& expected) {
    Outcome o = run(src, rules, input);
    EXPECT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.out, expected);
}

Outcome expect_failure(const std::string& src, const std::string& rules, const std::string& input) {
    Outcome o = run(src, rules, input);
    EXPECT_FALSE(o.ok) << o.out;
    return o;
}

TEST(Vm, SimpleArithmetic) {
    expect_result("input a: int\nrule x: int = a * 2 + 1\nrule y: int = -x\n", "x,y", R"({"a": 20})",
                  R"({"x":41,"y":-41})");
}

TEST(Vm, IntOverflowNamesRule) {
    Outcome o = expect_failure("input a: int\ninput b: int\nrule big: int = a * b\n", "big",
                               R"({"a": 9223372036854775807, "b": 2})");
    EXPECT_NE(o.error.find("overflow"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("`big`"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("p.edict:3:"), std::string::npos) << o.error;
}

TEST(Vm, AddOverflowThroughDependency) {
    Outcome o = expect_failure("input a: int\nrule inner: int = a + 1\nrule outer: int = inner * 2\n", "outer",
                               R"({"a": 9223372036854775807})");
    EXPECT_NE(o.error.find("`inner`"), std::string::npos) << o.error;
}

TEST(Vm, NegationOverflow) {
    Outcome o = expect_failure("input a: int\nrule neg: int = -a\n", "neg", R"({"a": -9223372036854775808})");
    EXPECT_NE(o.error.find("`neg`"), std::string::npos) << o.error;
}

const char* kDefaults = R"(input f1: bool
input f2: bool
rule base: int = 1
exception ex1 to base when f1 then 2
exception ex2 to base when f2 then 3
rule ranked: int = 1
exception ey1 to ranked when f1 then 2
exception ey2 to ranked over ey1 when f2 then 3
rule partial: int when f1 then 1
)";

TEST(Vm, BaseAppliesWithoutExceptions) {
    expect_result(kDefaults, "base,ranked", R"({"f1": false, "f2": false})", R"({"base":1,"ranked":1})");
}

TEST(Vm, ExceptionOverridesBase) {
    expect_result(kDefaults, "base", R"({"f1": true, "f2": false})", R"({"base":2})");
    expect_result(kDefaults, "base", R"({"f1": false, "f2": true})", R"({"base":3})");
}

TEST(Vm, TwoExceptionsWithoutPriorityConflict) {
    Outcome o = expect_failure(kDefaults, "base", R"({"f1": true, "f2": true})");
    EXPECT_NE(o.error.find("conflict"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("ex1"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("ex2"), std::string::npos) << o.error;
}

TEST(Vm, OverPriorityResolvesConflict) {
    expect_result(kDefaults, "ranked", R"({"f1": true, "f2": true})", R"({"ranked":3})");
    expect_result(kDefaults, "ranked", R"({"f1": true, "f2": false})", R"({"ranked":2})");
}

TEST(Vm, NoDefinitionApplies) {
    expect_result(kDefaults, "partial", R"({"f1": true})", R"({"partial":1})");
    Outcome o = expect_failure(kDefaults, "partial", R"({"f1": false})");
    EXPECT_NE(o.error.find("no definition"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("`partial`"), std::string::npos) << o.error;
}

TEST(Vm, OnlyNeededInputsAreRequired) {
    const char* src = "input a: int\ninput unused_here: int\ninput flag: bool\ninput b: int\n"
                      "rule x: int = a + 1\nrule y: int = if flag then a else b\n";
    expect_result(src, "x", R"({"a": 1})", R"({"x":2})");
    // b is not needed when flag is true
    expect_result(src, "y", R"({"a": 5, "flag": true})", R"({"y":5})");
    Outcome o = expect_failure(src, "x", R"({"unused_here": 3})");
    EXPECT_EQ(o.input, "a");
    EXPECT_NE(o.error.find("missing input `a`"), std::string::npos) << o.error;
    o = expect_failure(src, "y", R"({"a": 5, "flag": false})");
    EXPECT_EQ(o.input, "b");
}

// An input read in place by the instruction that uses it (an operand reference) still fails at
// the place its name is written, not at the expression around it.
TEST(Vm, MissingInputReadInPlacePointsAtItsName) {
    const char* src = "input a: int\ninput b: int\nrule x: int = a + b\nrule y: bool = b > 3\n";
    Outcome o = expect_failure(src, "x", R"({"a": 1})");
    EXPECT_EQ(o.input, "b");
    EXPECT_NE(o.error.find("missing input `b` (int), while computing `x` (p.edict:3:19)"), std::string::npos) << o.error;
    o = expect_failure(src, "x", R"({"b": 1})");
    EXPECT_NE(o.error.find("missing input `a` (int), while computing `x` (p.edict:3:15)"), std::string::npos) << o.error;
    o = expect_failure(src, "y", R"({"b": "x"})");
    EXPECT_EQ(o.input, "b");
    EXPECT_NE(o.error.find("(p.edict:4:16)"), std::string::npos) << o.error;
}

TEST(Vm, InputDefaults) {
    expect_result("input rate: decimal = 0.5\ninput e: date? = null\nrule r: decimal = rate * 2\n"
                  "rule n: bool = e is null\n",
                  "r,n", "{}", R"({"r":"1.0","n":true})");
}

TEST(Vm, IllTypedUnneededInputIsFine) {
    const char* src = "input a: int\ninput d: date\nrule x: int = a\nrule y: date = d\n";
    expect_result(src, "x", R"({"a": 1, "d": "not a date"})", R"({"x":1})");
    Outcome o = expect_failure(src, "y", R"({"a": 1, "d": "not a date"})");
    EXPECT_EQ(o.input, "d");
}

TEST(Vm, MonthEndClamps) {
    const char* src = "input d: date\nrule m1: date = add_months(d, 1)\nrule m3: date = d + 3个月\n"
                      "rule y1: date = add_years(d, 1)\n";
    expect_result(src, "m1,m3", R"({"d": "2024-01-31"})", R"({"m1":"2024-02-29","m3":"2024-04-30"})");
    expect_result(src, "m1", R"({"d": "2023-01-31"})", R"({"m1":"2023-02-28"})");
    expect_result(src, "y1", R"({"d": "2024-02-29"})", R"({"y1":"2025-02-28"})");
}

TEST(Vm, DaysAndMonths) {
    const char* src = "input d: date\nrule plus: date = d + 15 days\nrule mo: month = month_of(d)\n"
                      "rule next: month = month_of(d) + 1\nrule between: int = months_between(2024-01, month_of(d))\n";
    expect_result(src, "plus,mo,next,between", R"({"d": "2024-12-20"})",
                  R"({"plus":"2025-01-04","mo":"2024-12","next":"2025-01","between":11})");
}

const char* kRound = "input amt: money\nrule hu: money = round(amt, 0)\nrule he: money = round(amt, 0, half_even)\n"
                     "rule dn: money = round(amt, 0, down)\nrule up: money = round(amt, 0, up)\n"
                     "rule third: money = round(amt / 3, 2)\n";

const char* kWhole = R"(input a: int
input b: int
input x: decimal
rule fl: int = floor(a / b)
rule ce: int = ceil(a / b)
rule hu: int = to_int(a / b, half_up)
rule xf: int = floor(x)
rule xc: int = ceil(x)
rule xd: int = to_int(x, down)
rule xe: int = to_int(x, half_even)
rule capped: int = min(36, ceil(a / 4))
)";

// floor/ceil of an integer quotient round toward −∞/+∞ (not toward zero) on negative values.
TEST(Vm, WholeNumberDivision) {
    expect_result(kWhole, "fl,ce,hu", R"({"a": 7, "b": 2})", R"({"fl":3,"ce":4,"hu":4})");
    expect_result(kWhole, "fl,ce,hu", R"({"a": -7, "b": 2})", R"({"fl":-4,"ce":-3,"hu":-4})");
    expect_result(kWhole, "fl,ce,hu", R"({"a": 7, "b": -2})", R"({"fl":-4,"ce":-3,"hu":-4})");
    expect_result(kWhole, "fl,ce,hu", R"({"a": -8, "b": -4})", R"({"fl":2,"ce":2,"hu":2})");
    expect_result(kWhole, "capped", R"({"a": 9})", R"({"capped":3})");
    expect_result(kWhole, "capped", R"({"a": 1000})", R"({"capped":36})");
    expect_result(kWhole, "fl,ce", R"({"a": 9223372036854775807, "b": 1})",
                  R"({"fl":9223372036854775807,"ce":9223372036854775807})");
}

TEST(Vm, WholeNumberDivisionByZeroAndOverflowAreErrors) {
    Outcome z = expect_failure(kWhole, "fl", R"({"a": 7, "b": 0})");
    EXPECT_NE(z.error.find("division by zero"), std::string::npos) << z.error;
    EXPECT_NE(z.error.find("`fl`"), std::string::npos) << z.error;
    Outcome o = expect_failure(kWhole, "ce", R"({"a": -9223372036854775808, "b": -1})");
    EXPECT_NE(o.error.find("does not fit a 64-bit integer"), std::string::npos) << o.error;
}

TEST(Vm, DecimalToWholeNumber) {
    expect_result(kWhole, "xf,xc,xd,xe", R"({"x": "-2.5"})", R"({"xf":-3,"xc":-2,"xd":-2,"xe":-2})");
    expect_result(kWhole, "xf,xc,xd,xe", R"({"x": "3.5"})", R"({"xf":3,"xc":4,"xd":3,"xe":4})");
    expect_result(kWhole, "xf,xc", R"({"x": "12"})", R"({"xf":12,"xc":12})");
    Outcome o = expect_failure(kWhole, "xc", R"({"x": "9223372036854775807.5"})");
    EXPECT_NE(o.error.find("does not fit a 64-bit integer"), std::string::npos) << o.error;
}

TEST(Vm, MonthPlusYearsAndMonthNumber) {
    const char* src = "input m: month\ninput d: date\ninput n: int\nrule later: month = m + years(n)\n"
                      "rule earlier: month = m - 2 years\nrule mn: int = month_number(m)\nrule dn: int = month_number(d)\n";
    expect_result(src, "later,earlier,mn,dn", R"({"m": "1965-03", "n": 60, "d": "2024-12-31"})",
                  R"({"later":"2025-03","earlier":"1963-03","mn":3,"dn":12})");
    Outcome o = expect_failure(src, "later", R"({"m": "9000-01", "n": 768614336404564651})");
    EXPECT_NE(o.error.find("overflow"), std::string::npos) << o.error;
    Outcome r = expect_failure(src, "later", R"({"m": "9000-01", "n": 1000})");
    EXPECT_NE(r.error.find("outside years 1 to 9999"), std::string::npos) << r.error;
}

TEST(Vm, RoundingModes) {
    expect_result(kRound, "hu,he,dn,up", R"({"amt": "2.5"})", R"({"hu":"3.00","he":"2.00","dn":"2.00","up":"3.00"})");
    expect_result(kRound, "hu,he,dn,up", R"({"amt": "3.5"})", R"({"hu":"4.00","he":"4.00","dn":"3.00","up":"4.00"})");
    expect_result(kRound, "hu,he,dn,up", R"({"amt": "-2.5"})",
                  R"({"hu":"-3.00","he":"-2.00","dn":"-2.00","up":"-3.00"})");
    expect_result(kRound, "hu,he,dn,up", R"({"amt": "2.01"})", R"({"hu":"2.00","he":"2.00","dn":"2.00","up":"3.00"})");
    expect_result(kRound, "third", R"({"amt": "100"})", R"({"third":"33.33"})");
    expect_result(kRound, "third", R"({"amt": "200"})", R"({"third":"66.67"})");
}

const char* kLists = R"(input ds: list[date?]
input xs: list[int]
input ms: list[money]
rule first: date? = earliest(ds)
rule least: int? = min(xs)
rule big: list[int] = [x in xs where x > 1]
rule n_big: int = count(big)
rule total: int = sum(xs)
rule money_total: money = sum(ms)
)";

TEST(Vm, ListFunctions) {
    expect_result(kLists, "first,least,big,n_big,total",
                  R"({"ds": [null, "2024-03-01", "2024-02-01"], "xs": [3, 1, 2], "ms": []})",
                  R"({"first":"2024-02-01","least":1,"big":[3,2],"n_big":2,"total":6})");
    expect_result(kLists, "money_total", R"({"ds": [], "xs": [], "ms": ["1.10", "2.20"]})", R"({"money_total":"3.30"})");
}

TEST(Vm, EmptyLists) {
    expect_result(kLists, "first,least,n_big,total", R"({"ds": [], "xs": [], "ms": []})",
                  R"({"first":null,"least":null,"n_big":0,"total":0})");
    expect_result(kLists, "first", R"({"ds": [null, null]})", R"({"first":null})");
}

TEST(Vm, Tables) {
    const char* src = "enum Tier { low, mid, high }\ninput t: Tier\n"
                      "table 补贴: Tier -> money { low => 200元, high => 50元 }\nrule s: money? = 补贴[t]\n";
    expect_result(src, "s", R"({"t": "low"})", R"({"s":"200.00"})");
    expect_result(src, "s", R"({"t": "high"})", R"({"s":"50.00"})");
    expect_result(src, "s", R"({"t": "mid"})", R"({"s":null})");
}

TEST(Vm, DatedParamsWithAt) {
    const char* src = "param 标准: money\n  1700元 from 2017-07-01\n  1800元 from 2020-01-01\n"
                      "input d: date\nrule s: money = 标准 at d\n";
    expect_result(src, "s", R"({"d": "2017-07-01"})", R"({"s":"1700.00"})");
    expect_result(src, "s", R"({"d": "2019-12-31"})", R"({"s":"1700.00"})");
    expect_result(src, "s", R"({"d": "2020-01-01"})", R"({"s":"1800.00"})");
    expect_result(src, "s", R"({"d": "2030-06-01"})", R"({"s":"1800.00"})");
    Outcome o = run(src, "s", R"({"d": "2000-01-01"})");  // before any value was in force
    EXPECT_FALSE(o.ok) << o.out;
    EXPECT_NE(o.error.find("`s`"), std::string::npos) << o.error;
}

TEST(Vm, Records) {
    const char* src = "record Child { name: text, born: date }\ninput kids: list[Child]\ninput on: date\n"
                      "rule minors: int = count([c in kids where add_years(c.born, 18) > on])\n"
                      "rule made: Child = Child(name: \"小明\", born: 2020-01-01)\nrule made_name: text = made.name\n";
    expect_result(src, "minors,made_name",
                  R"({"kids": [{"name": "a", "born": "2010-05-01"}, {"name": "b", "born": "1990-01-01"}], "on": "2020-01-17"})",
                  R"({"minors":1,"made_name":"小明"})");
    expect_result(src, "made", "{}", R"({"made":{"name":"小明","born":"2020-01-01"}})");
}

TEST(Vm, MatchAndEnums) {
    const char* src = "enum E { a, b, c }\ninput e: E\nrule r: int = match e { a => 1, b | c => 2 }\n"
                      "rule back: E = if r == 1 then b else a\n";
    expect_result(src, "r,back", R"({"e": "a"})", R"({"r":1,"back":"b"})");
    expect_result(src, "r,back", R"({"e": "c"})", R"({"r":2,"back":"a"})");
}

TEST(Vm, DaysBetweenAndDivisionByZero) {
    const char* src = "input d: date\ninput m: money\ninput z: int\n"
                      "rule dd: int = days_between(d, 2020-01-01)\nrule q: money = round(m / z, 2)\n";
    // days_between(a, b) counts from a to b, like months_between
    expect_result(src, "dd", R"({"d": "2020-03-01"})", R"({"dd":-60})");
    expect_result(src, "q", R"({"m": "1", "z": 3})", R"({"q":"0.33"})");
    Outcome o = expect_failure(src, "q", R"({"m": "1", "z": 0})");
    EXPECT_NE(o.error.find("division by zero"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("`q`"), std::string::npos) << o.error;
}

TEST(Vm, DateOutOfRange) {
    Outcome o = expect_failure("input d: date\nrule far: date = d + 100000 years\n", "far", R"({"d": "2020-01-01"})");
    EXPECT_NE(o.error.find("`far`"), std::string::npos) << o.error;
}

TEST(Vm, UnknownInputKeyIsAnError) {
    Outcome o = run("input a: int\nrule x: int = a\n", "x", R"({"a": 1, "zz": 2})");
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.input, "zz");
}

TEST(Vm, StepBudgetStopsRunaway) {
    auto c = compile_sources({{"p.edict", "input xs: list[int]\nrule n: int = count([x in xs where x > 0])\n"}});
    ASSERT_TRUE(c->ok());
    uint32_t id = static_cast<uint32_t>(c->program->find_rule("n") - c->program->rules.data());
    io::CaseRunner runner(*c->program, {id}, false);
    runner.set_step_budget(10);
    std::string big = "{\"xs\": [";
    for (int i = 0; i < 1000; ++i) big += (i ? ",1" : "1");
    big += "]}";
    io::Json j;
    std::string why;
    ASSERT_TRUE(io::parse_json(big, j, why));
    std::string out;
    io::CaseError err;
    EXPECT_FALSE(runner.run(j, out, err));
    EXPECT_FALSE(err.message.empty());
}

TEST(Vm, RunnerIsReusableAcrossCases) {
    auto c = compile_sources({{"p.edict", "input a: int\nrule x: int = a * a\n"}});
    ASSERT_TRUE(c->ok());
    uint32_t id = static_cast<uint32_t>(c->program->find_rule("x") - c->program->rules.data());
    io::CaseRunner runner(*c->program, {id}, false);
    for (int i = 0; i < 50; ++i) {
        io::Json j;
        std::string why;
        ASSERT_TRUE(io::parse_json("{\"a\": " + std::to_string(i) + "}", j, why));
        std::string out;
        io::CaseError err;
        ASSERT_TRUE(runner.run(j, out, err)) << err.message;
        EXPECT_EQ(out, "{\"x\":" + std::to_string(i * i) + "}");
    }
}

// Conditions compile to compare-and-jump instructions (JUMP_IF_NOT_CMP, JUMP_IF_NOT_CMP_K with the
// relation negated under `not` and `or`, POP_JUMP_IF_[NOT_]NULL); the same comparison as a value
// still goes through CMP. For every class, relation and operand order, both must agree.
TEST(Vm, ConditionsDecideAsComparisonValuesDo) {
    struct Kind { const char* type; const char* constant; std::vector<std::string> values; std::vector<std::string> rels; };
    const std::vector<std::string> all = {"==", "!=", "<", "<=", ">", ">="};
    const std::vector<Kind> kinds = {
        {"int", "5", {"4", "5", "6", "-7"}, all},
        {"money", "5.00元", {"\"4.99\"", "\"5\"", "\"5.01\"", "\"-5\""}, all},
        {"date", "2020-02-29", {"\"2020-02-28\"", "\"2020-02-29\"", "\"2020-03-01\""}, all},
        {"text", "\"m\"", {"\"l\"", "\"m\"", "\"mm\""}, {"==", "!="}},
    };
    // Each condition form with the value form it must equal: [rule, reference rule].
    const std::vector<std::pair<std::string, std::string>> forms = {{"c", "v"}, {"n", "v"}, {"d", "w"}, {"e", "w"}};
    for (const Kind& k : kinds) {
        std::string src = std::string("input x: ") + k.type + "?\ninput y: " + k.type + "\n";
        for (size_t r = 0; r < k.rels.size(); ++r) {
            const std::string& rel = k.rels[r];
            std::string n = std::to_string(r), K = k.constant;
            src += "rule v" + n + ": bool = y " + rel + " " + K + "\n";                                     // CMP
            src += "rule c" + n + ": bool = if y " + rel + " " + K + " then true else false\n";             // jump unless
            src += "rule n" + n + ": bool = if not (y " + rel + " " + K + ") then false else true\n";       // relation negated
            src += "rule w" + n + ": bool = x is not null and x " + rel + " y\n";
            src += "rule d" + n + ": bool = if x is null then false else if x " + rel + " y then true else false\n";
            src += "rule e" + n + ": bool = if x is null or not (x " + rel + " y) then false else true\n";
        }
        std::vector<std::string> xs = k.values;
        xs.push_back("null");
        auto value_of = [](const Outcome& o) { return o.out.substr(o.out.find(':')); };
        for (const std::string& x : xs)
            for (const std::string& y : k.values) {
                std::string input = "{\"x\": " + x + ", \"y\": " + y + "}";
                for (size_t r = 0; r < k.rels.size(); ++r)
                    for (const auto& [form, reference] : forms) {
                        Outcome got = run(src, form + std::to_string(r), input);
                        Outcome want = run(src, reference + std::to_string(r), input);
                        ASSERT_TRUE(got.ok && want.ok) << got.error << want.error;
                        EXPECT_EQ(value_of(got), value_of(want)) << k.type << " " << form << " " << k.rels[r] << " " << input;
                    }
            }
    }
}
}  // namespace
}  // namespace edict
