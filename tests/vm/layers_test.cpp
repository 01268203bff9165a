// Layers that change what an imported module defines (docs/language.md §3, "override rule",
// "override input", `base`): a base module and a later notice compiled together from two files,
// evaluated through io::CaseRunner. Checks values, types, laziness, and the errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"

namespace edict {
namespace {

const char* kBase = R"(enum Scheme { employee, resident }
input scheme: Scheme
input age: int
input bonus: int = 10
rule pension_age: int = 60
rule start_age: int "standing rule" = pension_age + 1
rule paid: int
  when age >= start_age then 100
)";

struct Result {
    bool compiled = false, ok = false;
    std::string out, error, diagnostics;
};

Result run(const std::string& layer, const std::string& rules, const std::string& input) {
    Result r;
    auto c = compile_sources({{"0-base.edict", kBase}, {"1-layer.edict", layer}});
    r.diagnostics = render_all(c->diags, c->sources, false);
    if (!c->ok()) return r;
    r.compiled = true;
    std::vector<uint32_t> ids;
    size_t at = 0;
    while (at <= rules.size()) {
        size_t comma = rules.find(',', at);
        std::string name = rules.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        const RuleInfo* info = c->program->find_rule(name);
        if (!info) { r.error = "no rule " + name; return r; }
        ids.push_back(static_cast<uint32_t>(info - c->program->rules.data()));
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    io::Json j;
    std::string why;
    EXPECT_TRUE(io::parse_json(input, j, why)) << why;
    io::CaseRunner runner(*c->program, ids, false);
    io::CaseError err;
    r.ok = runner.run(j, r.out, err);
    r.error = err.message;
    return r;
}

TEST(Layers, OverrideRuleChangesTypeAndReadsBase) {
    const char* layer = R"(override rule paid: int? "residents are not concerned"
  when scheme == employee then base + 2
  otherwise null
)";
    Result r = run(layer, "paid", R"({"scheme": "employee", "age": 70})");
    ASSERT_TRUE(r.compiled) << r.diagnostics;
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.out, R"({"paid":102})");  // base: the standing `when age >= start_age then 100`
    r = run(layer, "paid", R"({"scheme": "resident"})");
    EXPECT_EQ(r.out, R"({"paid":null})");  // and `age` was never needed
    r = run(layer, "paid", R"({"scheme": "employee", "age": 30})");
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("no definition of `paid (replaced)` applies"), std::string::npos) << r.error;
}

TEST(Layers, RulesOfTheBaseModuleSeeTheOverride) {
    // `paid` (in the base module) reads start_age; once it is int?, that no longer type-checks,
    // and the error names the base module's line: the override changed what it relied on.
    const char* layer = "override rule start_age: int? = null\n";
    Result r = run(layer, "paid", R"({"age": 70})");
    EXPECT_FALSE(r.compiled);
    EXPECT_NE(r.diagnostics.find("0-base.edict:8:"), std::string::npos) << r.diagnostics;
    EXPECT_NE(r.diagnostics.find("may be null"), std::string::npos) << r.diagnostics;
    // With the same type, the base module's rules use the new definition.
    r = run("override rule start_age: int = 65\n", "paid", R"({"age": 64})");
    ASSERT_TRUE(r.compiled) << r.diagnostics;
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("no definition of `paid`"), std::string::npos) << r.error;
}

TEST(Layers, ExceptionReadsBaseValue) {
    const char* layer = R"(input extra: bool
exception raised to pension_age when extra then base + 3
)";
    Result r = run(layer, "pension_age,start_age", R"({"extra": true})");
    ASSERT_TRUE(r.compiled) << r.diagnostics;
    EXPECT_EQ(r.out, R"({"pension_age":63,"start_age":64})");
    r = run(layer, "pension_age", R"({"extra": false})");
    EXPECT_EQ(r.out, R"({"pension_age":60})");
}

TEST(Layers, BaseOfARuleWithoutApplicableCaseIsTheNoDefinitionError) {
    const char* layer = R"(exception more to paid when age >= 90 then base + 1
)";
    Result r = run(layer, "paid", R"({"age": 95})");
    ASSERT_TRUE(r.compiled) << r.diagnostics;
    EXPECT_EQ(r.out, R"({"paid":101})");
    r = run(layer, "paid", R"({"age": 50})");
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("no definition of `paid (without exceptions)` applies"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("while computing `paid`"), std::string::npos) << r.error;
}

TEST(Layers, OverrideInputGivesANewDefault) {
    const char* layer = R"(override input bonus = 25 "this notice raises the default bonus"
override input scheme = employee
rule total: int = bonus + (if scheme == employee then 1 else 0)
)";
    Result r = run(layer, "total", R"({})");
    ASSERT_TRUE(r.compiled) << r.diagnostics;
    EXPECT_EQ(r.out, R"({"total":26})");
    r = run(layer, "total", R"({"bonus": 1, "scheme": "resident"})");
    EXPECT_EQ(r.out, R"({"total":1})");  // a case still gives its own value
}

TEST(Layers, OverrideErrors) {
    Result r = run("override rule nothing: int = 1\n", "pension_age", "{}");
    EXPECT_NE(r.diagnostics.find("error[E0206]"), std::string::npos) << r.diagnostics;
    EXPECT_NE(r.diagnostics.find("`nothing` is not a rule"), std::string::npos) << r.diagnostics;
    r = run("override input age = \"x\"\n", "pension_age", "{}");
    EXPECT_FALSE(r.compiled);
    r = run("override input pension_age = 3\n", "pension_age", "{}");
    EXPECT_NE(r.diagnostics.find("`pension_age` is not an input"), std::string::npos) << r.diagnostics;
    r = run("rule other: int = base\n", "pension_age", "{}");
    EXPECT_NE(r.diagnostics.find("unknown name `base`"), std::string::npos) << r.diagnostics;
    EXPECT_NE(r.diagnostics.find("can be read only there"), std::string::npos) << r.diagnostics;
    r = run("override rule pension_age: text = base\n", "pension_age", "{}");
    EXPECT_FALSE(r.compiled) << "base is an int, the override says text";
}

TEST(Layers, OverrideOfAnOverrideChainsBase) {
    const char* layer = R"(override rule pension_age: int = base + 1
)";
    auto c = compile_sources({{"0-base.edict", kBase}, {"1-layer.edict", layer},
                              {"2-later.edict", "override rule pension_age: int = base * 2\n"}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    const RuleInfo* info = c->program->find_rule("pension_age");
    io::CaseRunner runner(*c->program, {static_cast<uint32_t>(info - c->program->rules.data())}, false);
    io::Json j;
    std::string why, out;
    ASSERT_TRUE(io::parse_json("{}", j, why));
    io::CaseError err;
    ASSERT_TRUE(runner.run(j, out, err)) << err.message;
    EXPECT_EQ(out, R"({"pension_age":122})");  // (60 + 1) * 2
}

}  // namespace
}  // namespace edict
