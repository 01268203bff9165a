// Unit tests for citations, numbers, coverage and mutation on small policies written to a temporary
// folder with a notice text: each broken thing gives its diagnostic code naming the declaration.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <fstream>

#include "compiler/driver/compile.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/coverage.hpp"
#include "tooling/regression/dependencies.hpp"
#include "tooling/regression/mutate.hpp"
#include "tooling/regression/numbers.hpp"
#include "tooling/regression/test_cases.hpp"

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

std::vector<TestCase> tests_of(const Compilation& c) {
    Diagnostics d;
    return collect_tests(c, load_notice_texts(c.checked, d));
}

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
    Coverage cov = coverage(*c, r, collect_tests(*c, r.texts));
    ASSERT_EQ(cov.clauses.size(), 3u);  // 一.1, 一.2, 二 (一 has no text of its own)
    EXPECT_EQ(cov.clauses[0].status, ClauseStatus::Covered);
    EXPECT_EQ(cov.clauses[0].tests.size(), 1u);
    EXPECT_EQ(cov.clauses[1].status, ClauseStatus::Untested);
    EXPECT_EQ(cov.clauses[1].tests.size(), 0u);
    EXPECT_EQ(cov.clauses[2].status, ClauseStatus::Uncovered);
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
    MutationReport rw = mutate(*cw, tests_of(*cw));
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
    MutationReport rs = mutate(*cs, tests_of(*cs));
    EXPECT_GT(rs.mutants.size(), 8u);
    EXPECT_EQ(rs.survivors(), 0u) << mutation_text(rs);
    // The program is restored after each mutant: the tests still pass on the original.
    EXPECT_EQ(mutate(*cs, tests_of(*cs)).baseline_failures, 0u);
}

// One comparison for `edict test` and the mutation baseline: by value, so a case file may write
// money as 1.5 or 1.50 and a decimal as 0.5 or 0.50.
TEST(RegressionCore, CaseLinesCompareDecimalsByValue) {
    const char* cases = "{\"input\": {\"age\": 18}, \"output\": {\"subsidy\": \"500\"}}\n"
                        "{\"input\": {\"age\": 18}, \"output\": {\"subsidy\": 500.0}}\n"
                        "{\"input\": {\"age\": 18}, \"output\": {\"subsidy\": \"500.01\"}}\n";
    Policy p(kRules, cases);
    auto c = compile_path(p.dir.string(), CompileOptions{true});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    std::vector<TestCase> tests = tests_of(*c);
    ASSERT_EQ(tests.size(), 3u);
    EXPECT_TRUE(run_test(*c, *c->program, tests[0]).passed);
    EXPECT_TRUE(run_test(*c, *c->program, tests[1]).passed);
    TestResult wrong = run_test(*c, *c->program, tests[2]);
    ASSERT_FALSE(wrong.passed);
    EXPECT_EQ(wrong.problems.at(0), "subsidy: expected \"500.01\", got \"500.00\"");
    // The mutation check runs the same comparison: no baseline failure from writing 500 for 500.00.
    Policy ok(kRules, std::string(cases).substr(0, std::string(cases).rfind("{\"input")));
    auto c2 = compile_path(ok.dir.string(), CompileOptions{true});
    ASSERT_TRUE(c2->ok());
    EXPECT_EQ(mutate(*c2, tests_of(*c2)).baseline_failures, 0u);
}

// Issue 11: a line that checks nothing, or names a clause the notice does not have, is broken.
TEST(RegressionCore, EmptyOutputAndUnknownClauseAreProblems) {
    const char* cases = "{\"input\": {\"age\": 18}, \"output\": {}}\n"
                        "{\"clause\": \"一.9\", \"input\": {\"age\": 18}, \"output\": {\"subsidy\": \"500.00\"}}\n"
                        "{\"clause\": \"一.1\", \"input\": {\"age\": 18}, \"output\": {\"subsidy\": \"500.00\"}}\n";
    Policy p(kRules, cases);
    auto c = compile_path(p.dir.string(), CompileOptions{true});
    ASSERT_TRUE(c->ok());
    std::vector<TestCase> tests = tests_of(*c);
    ASSERT_EQ(tests.size(), 3u);
    EXPECT_EQ(tests[0].problems, std::vector<std::string>{"\"output\" is empty: the line checks nothing"});
    EXPECT_EQ(tests[1].problems, std::vector<std::string>{"clause §一.9 is not a clause of notice \"N\""});
    EXPECT_TRUE(tests[2].problems.empty());
    EXPECT_FALSE(run_test(*c, *c->program, tests[0]).passed);
    EXPECT_FALSE(run_test(*c, *c->program, tests[1]).passed);
    // A broken line reaches nothing: 一.1 is reached by the third line only.
    Diagnostics d;
    CitationReport r = verify_citations(c->checked, d);
    Coverage cov = coverage(*c, r, tests);
    EXPECT_EQ(cov.clauses[0].tests, std::vector<size_t>{2});
}

// Issue 12: a test may expect a rule to fail, with a message containing a text; a value or another
// message is a failure showing both, and the mutation check counts the expectation like a value.
TEST(RegressionCore, ExpectedErrorsInDeclarationsAndCaseLines) {
    const char* rules = "input age: int\n"
                        "rule pension_age: int cite \"N\" §一.1 \"年满18岁的，发放补贴每月500元。\"\n"
                        "  when age >= 18 then 500\n"
                        "clause §一.2 not computable \"x\"\n";
    const char* cases = "{\"input\": {\"age\": 17}, \"errors\": {\"pension_age\": \"no definition\"}}\n"
                        "{\"input\": {\"age\": 18}, \"errors\": {\"pension_age\": \"no definition\"}}\n"
                        "{\"input\": {\"age\": 18}, \"output\": {\"pension_age\": 500}, \"errors\": {\"pension_age\": \"x\"}}\n"
                        "{\"input\": {\"age\": 18}, \"errors\": {}}\n"
                        "{\"input\": {\"age\": 17}, \"errors\": {\"pension_age\": \"\"}}\n";
    Policy p(rules, cases);
    std::ofstream(p.dir / "tests" / "t.edict")
        << "test \"minors\" given age = 17 expect pension_age error \"no definition\"\n"
           "test \"other message\" given age = 17 expect pension_age error \"division\"\n"
           "test \"adults\" given age = 18 expect pension_age = 500\n";
    auto c = compile_path(p.dir.string(), CompileOptions{true});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    std::vector<TestCase> tests = tests_of(*c);
    ASSERT_EQ(tests.size(), 8u);
    auto problems = [&](size_t i) { return run_test(*c, *c->program, tests[i]).problems; };
    EXPECT_EQ(tests[0].expect, "pension_age error \"no definition\"");
    EXPECT_TRUE(problems(0).empty());
    // The error as `edict eval` words it: the message, the chain of rules being evaluated, where.
    EXPECT_EQ(problems(1), std::vector<std::string>{"pension_age: expected an error containing \"division\", but the "
                                                    "error was: no definition of `pension_age` applies to this case, "
                                                    "while computing `pension_age` (" +
                                                    (p.dir / "policy.edict").string() + ":3:6)"});
    EXPECT_TRUE(problems(2).empty());
    EXPECT_TRUE(problems(3).empty());  // the case line expecting the error
    EXPECT_EQ(problems(4), std::vector<std::string>{"pension_age: expected an error containing \"no definition\", got 500"});
    EXPECT_EQ(tests[5].problems, std::vector<std::string>{"`pension_age` is expected both as a value and as an error"});
    EXPECT_EQ(tests[6].problems, std::vector<std::string>{"\"errors\" is empty: the line checks nothing"});
    EXPECT_EQ(tests[7].problems,
              std::vector<std::string>{"\"errors\": `pension_age` needs a part of the expected message, a non-empty string"});
    // An expected error reaches its rule for coverage.
    Diagnostics d;
    Coverage cov = coverage(*c, verify_citations(c->checked, d), tests);
    ASSERT_NE(cov.find("N", "一.1"), nullptr);
    EXPECT_EQ(cov.find("N", "一.1")->tests, (std::vector<size_t>{0, 1, 2, 3, 4}));  // not the broken lines
    // Mutation: with the passing tests only, `>=` → `>` and 18 → 19 are caught by the case line
    // expecting 500 at 18, and 18 → 17 by the error expected at 17.
    Policy q(rules, "{\"input\": {\"age\": 17}, \"errors\": {\"pension_age\": \"no definition\"}}\n"
                    "{\"input\": {\"age\": 18}, \"output\": {\"pension_age\": 500}}\n");
    auto cq = compile_path(q.dir.string(), CompileOptions{true});
    ASSERT_TRUE(cq->ok());
    MutationReport m = mutate(*cq, tests_of(*cq));
    EXPECT_EQ(m.baseline_failures, 0u);
    EXPECT_EQ(m.survivors(), 0u) << mutation_text(m);
}

// Issue 12: two laws both number a 第二条; a `clause` declaration names no notice, so it concerns
// the notices of its own folder when one of them has the clause, else every notice that has it.
TEST(RegressionCore, ClauseDeclarationsConcernTheNoticesOfTheirFolder) {
    Policy p("rule r: int cite \"N\" §一.1 \"年满18岁的，发放补贴每月500元。\" = 500\nclause §一.1 unused \"18岁\" \"x\"\n");
    fs::create_directories(p.dir / "base");
    const char* law = "\u3000\u3000第一条\u3000条件如下：\n\u3000\u3000（一）年满六十周岁；\n\u3000\u3000第二条\u3000宣传。\n";
    std::ofstream(p.dir / "base" / "old.txt") << law;
    std::ofstream(p.dir / "new.txt") << law;
    std::ofstream(p.dir / "base" / "base.edict")
        << "notice \"旧\" text \"old.txt\" issued 1978-01-01\n"
           "rule age: int cite \"旧\" §第一条第一项 \"年满六十周岁\" = 61\n"
           "clause §第一条 not computable \"the old law's introduction\"\n";
    std::ofstream(p.dir / "law.edict") << "import \"base\"\nnotice \"新\" text \"new.txt\" issued 2024-01-01\n"
                                          "clause §第二条 not computable \"the new law's publicity\"\n"
                                          "clause §第一条第一项 unused \"六十周岁\" \"why\"\n";
    auto c = compile_path(p.dir.string(), CompileOptions{true});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    Diagnostics d;
    CitationReport r = verify_citations(c->checked, d);
    check_numbers(c->checked, r, d);
    // The policy's `unused "六十周岁"` is for its own notice's 第一条第一项, not the base's.
    std::string shown = render_all(d, c->sources);
    EXPECT_NE(shown.find("error[E0511]: §第一条第一项 states 六十周岁"), std::string::npos) << shown;
    EXPECT_NE(shown.find("warning[W0513]"), std::string::npos) << shown;  // it matches nothing
    Coverage cov = coverage(*c, r, tests_of(*c));
    auto status = [&](const char* notice, const char* id) {
        const ClauseCoverage* cc = cov.find(notice, id);
        return cc ? std::string(status_name(cc->status)) : std::string("(none)");
    };
    EXPECT_EQ(status("新", "第一条"), "uncovered");       // base's declaration is not the new law's
    EXPECT_EQ(status("新", "第二条"), "not_computable");
    // The imported module's notice is graded where that module is checked itself, with its own
    // declarations only: the policy's `clause §第二条` is for its own notice.
    EXPECT_EQ(status("旧", "第一条"), "(none)");
    auto base = compile_path((p.dir / "base").string(), CompileOptions{true});
    ASSERT_TRUE(base->ok()) << render_all(base->diags, base->sources);
    Diagnostics bd;
    CitationReport br = verify_citations(base->checked, bd);
    cov = coverage(*base, br, tests_of(*base));
    EXPECT_EQ(status("旧", "第一条"), "not_computable");  // base's declaration, base's notice
    EXPECT_EQ(status("旧", "第二条"), "uncovered");
    EXPECT_EQ(status("旧", "第一条第一项"), "untested");
}

// Tests count through dependencies, and the closure is iterative: a 40,000-rule chain is walked
// without recursion (the C++ stack would overflow long before).
TEST(RegressionCore, DependencyClosureOfADeepChain) {
    const int n = 40000;
    std::string rules = "input x: int\nrule r0: int = x\n";
    for (int i = 1; i < n; ++i) rules += "rule r" + std::to_string(i) + ": int = r" + std::to_string(i - 1) + " + 1\n";
    rules += "output r" + std::to_string(n - 1) + "\n";
    auto c = compile_sources({{"chain.edict", rules}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    Dependencies deps(c->checked);
    std::vector<bool> all = deps.reached({static_cast<uint32_t>(n - 1)});
    EXPECT_EQ(std::count(all.begin(), all.end(), true), n);
    EXPECT_EQ(deps.reads(static_cast<uint32_t>(n - 1)).rules, std::vector<uint32_t>{static_cast<uint32_t>(n - 2)});
    EXPECT_EQ(deps.used_by(0), std::vector<uint32_t>{1});
    EXPECT_EQ(deps.reads(0).inputs, std::vector<uint32_t>{0});
}

}  // namespace
}  // namespace edict::regression
