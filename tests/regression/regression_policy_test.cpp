// Unit tests for citations, numbers, coverage and mutation on small policies written to a temporary
// folder with a notice text: each broken thing gives its diagnostic code naming the declaration.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "driver/compile.hpp"
#include "regression/citations.hpp"
#include "regression/coverage.hpp"
#include "regression/mutate.hpp"
#include "regression/numbers.hpp"

namespace edict::regression {
namespace {

namespace fs = std::filesystem;

const char* kNotice =
    "\u3000\u3000一、待遇\n\n"
    "\u3000\u30001.年满18岁的，发放补贴每月500元。\n\n"
    "\u3000\u30002.申请应在15日内提出。\n\n"
    "\u3000\u3000二、宣传\n\n"
    "\u3000\u3000做好宣传。\n";

struct Policy {
    fs::path dir;
    explicit Policy(const std::string& rules, const std::string& cases = {}) {
        dir = fs::temp_directory_path() / fs::path("edict-regression-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                                   "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir / "tests");
        std::ofstream(dir / "notice.txt") << kNotice;
        std::ofstream(dir / "policy.edict") << "notice \"N\" text \"notice.txt\" issued 2020-01-01\n" << rules;
        if (!cases.empty()) std::ofstream(dir / "tests" / "cases.jsonl") << cases;
    }
    ~Policy() { fs::remove_all(dir); }
};

const char* kRules =
    "input age: int\ninput applied_after: int\n"
    "rule subsidy: money cite \"N\" §一.1 \"年满18岁的，发放补贴每月500元。\"\n"
    "  = if age >= 18 then 500元 else 0元\n"
    "rule timely: bool cite \"N\" §一.2 \"申请应在15日内提出。\"\n"
    "  = applied_after <= 15\n"
    "output subsidy, timely\n";

std::string diagnose(Compilation& c, Diagnostics& d, CitationReport& r) {
    r = verify_citations(c.checked, d);
    check_numbers(c.checked, r, d);
    return render_all(d, c.sources, false);
}

TEST(Regression, CleanPolicyHasNoDiagnostics) {
    Policy p(std::string(kRules) + "clause §二 not computable \"publicity\"\n");
    auto c = compile_path(p.dir.string());
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    Diagnostics d;
    CitationReport r;
    std::string out = diagnose(*c, d, r);
    EXPECT_TRUE(d.items().empty()) << out;
    ASSERT_EQ(r.citations.size(), 2u);
    EXPECT_EQ(r.citations[0].clause, "一.1");
}

TEST(Regression, ChangedQuoteNamesTheRuleAndTheClosestPassage) {
    std::string rules = kRules;
    rules.replace(rules.find("每月500元。"), std::string("每月500元。").size(), "每月五百元。");
    Policy p(rules);
    auto c = compile_path(p.dir.string());
    ASSERT_TRUE(c->ok());
    Diagnostics d;
    CitationReport r;
    std::string out = diagnose(*c, d, r);
    EXPECT_NE(out.find("error[E0501]: the quote cited by rule subsidy (§一.1)"), std::string::npos) << out;
    EXPECT_NE(out.find("closest: "), std::string::npos) << out;
}

TEST(Regression, WrongClauseAndMissingClause) {
    std::string rules = kRules;
    rules.replace(rules.find("§一.2"), std::string("§一.2").size(), "§一.1");
    Policy p(rules);
    auto c = compile_path(p.dir.string());
    Diagnostics d;
    CitationReport r;
    std::string out = diagnose(*c, d, r);
    EXPECT_NE(out.find("error[E0506]: rule timely cites §一.1, but the quote is in §一.2"), std::string::npos) << out;
}

TEST(Regression, NumbersBothWaysAndDeclarations) {
    std::string rules = kRules;
    rules.replace(rules.find("<= 15"), 5, "<= 14");
    Policy p(rules + "clause §一.1 unused \"18岁\" \"stale: the rule uses 18\"\n");
    auto c = compile_path(p.dir.string());
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    Diagnostics d;
    CitationReport r;
    std::string out = diagnose(*c, d, r);
    EXPECT_NE(out.find("error[E0511]: §一.2 states 15日"), std::string::npos) << out;
    EXPECT_NE(out.find("error[E0512]: rule timely uses 14, which §一.2 does not state"), std::string::npos) << out;
    EXPECT_NE(out.find("warning[W0513]"), std::string::npos) << out;
    EXPECT_EQ(out.find("rule subsidy uses 18"), std::string::npos) << out;  // 18岁 is stated
}

TEST(Regression, ExternalDeclarationAcceptsAConstant) {
    std::string rules = kRules;
    rules.replace(rules.find("age >= 18"), 9, "age >= 20");
    Policy p(rules + "clause §一.1 external \"20\" \"an age from elsewhere\"\nclause §一.1 unused \"18岁\" \"replaced by 20\"\n");
    auto c = compile_path(p.dir.string());
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    Diagnostics d;
    CitationReport r;
    std::string out = diagnose(*c, d, r);
    EXPECT_TRUE(d.items().empty()) << out;
}

TEST(Regression, CoverageStatusesAndTestCounts) {
    Policy p(kRules, "{\"input\": {\"age\": 18}, \"output\": {\"subsidy\": \"500.00\"}}\n");
    auto c = compile_path(p.dir.string(), CompileOptions{true});
    ASSERT_TRUE(c->ok());
    Diagnostics d;
    CitationReport r = verify_citations(c->checked, d);
    Coverage cov = coverage(*c, r, collect_tests(*c));
    ASSERT_EQ(cov.clauses.size(), 3u);  // 一.1, 一.2, 二 (一 has no text of its own)
    EXPECT_EQ(cov.clauses[0].status, "encoded");
    EXPECT_EQ(cov.clauses[0].tests, 1u);
    EXPECT_EQ(cov.clauses[1].tests, 0u);
    EXPECT_EQ(cov.clauses[2].status, "uncovered");
    EXPECT_EQ(cov.uncovered(), 1u);
    EXPECT_EQ(cov.rules_without_tests, std::vector<std::string>{"timely"});
    EXPECT_NE(coverage_json(cov).find("\"rules_without_tests\": [\n    \"timely\"\n  ]"), std::string::npos);
}

TEST(Regression, MutationFindsWeakTestsAndStrongTestsKillEverything) {
    const char* weak = "{\"input\": {\"age\": 30}, \"output\": {\"subsidy\": \"500.00\"}}\n"
                       "{\"input\": {\"applied_after\": 3}, \"output\": {\"timely\": true}}\n";
    Policy pw(kRules, weak);
    auto cw = compile_path(pw.dir.string(), CompileOptions{true});
    ASSERT_TRUE(cw->ok());
    MutationReport rw = mutate(*cw);
    EXPECT_EQ(rw.baseline_failures, 0u);
    std::string text = mutation_text(rw);
    EXPECT_NE(text.find("`>=` → `>` in `age >= 18`"), std::string::npos) << text;
    EXPECT_NE(text.find("18 → 19"), std::string::npos) << text;
    EXPECT_NE(text.find("`<=` → `<` in `applied_after <= 15`"), std::string::npos) << text;

    const char* strong = "{\"input\": {\"age\": 18}, \"output\": {\"subsidy\": \"500.00\"}}\n"
                         "{\"input\": {\"age\": 17}, \"output\": {\"subsidy\": \"0.00\"}}\n"
                         "{\"input\": {\"applied_after\": 15}, \"output\": {\"timely\": true}}\n"
                         "{\"input\": {\"applied_after\": 16}, \"output\": {\"timely\": false}}\n";
    Policy ps(kRules, strong);
    auto cs = compile_path(ps.dir.string(), CompileOptions{true});
    ASSERT_TRUE(cs->ok());
    MutationReport rs = mutate(*cs);
    EXPECT_GT(rs.mutants.size(), 8u);
    EXPECT_EQ(rs.survivors(), 0u) << mutation_text(rs);
    // The program is restored after each mutant: the tests still pass on the original.
    EXPECT_EQ(mutate(*cs).baseline_failures, 0u);
}

}  // namespace
}  // namespace edict::regression
