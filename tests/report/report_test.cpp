// Unit tests for the report (tooling/report): a small policy folder written to a temporary
// directory (notice text in the PDF-extracted layout, rules citing it, a clause declared not
// computable, tests in .edict and .jsonl). Checks paragraph and clause detection, sentence marks
// (merged when they overlap), each coverage grade, test attribution, rule file names, the SVG
// graph, and that the written pages link only to files that exist.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/driver/compile.hpp"
#include "tooling/report/graph.hpp"
#include "tooling/report/html.hpp"
#include "tooling/report/model.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class Report : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("edict-report-test-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        // Lines end with blank lines and paragraphs with U+FFFD, as in the extracted notices.
        write(dir / "notice.txt",
              "测试通知\uFFFD\n\n\u3000\u3000一、第一部分\uFFFD\n\n\u3000\u30001.对于甲，应当\n\n支付乙。\uFFFD\n\n"
              "\u3000\u30002.丙不计算。\uFFFD\n\n \u3000\u3000二、第二部分\uFFFD\n\n\u3000\u3000宣传工作。\uFFFD\n\n"
              "\u3000\u3000三、第三部分\uFFFD\n\n\u3000\u3000每月发放100元，并补发。\uFFFD\n");
        write(dir / "p.edict", R"(notice "T1" text "notice.txt" issued 2020-02-01
input a: bool
input n: int
param rate: int = 3 cite "T1" §三 "每月发放100元"
rule pay: bool "Pays?" cite "T1" §一.1 "对于甲，应当支付乙。" = a
rule monthly: int cite "T1" §三 "每月发放100元，并补发" = n * rate
rule amount: int cite "T1" §三 "发放100元" = monthly + 1
rule ghost: int cite "T1" §一.1 "这句话不在通知里" = 1
exception big to monthly cite "T1" §三 "并补发" when n > 10 then 0
clause §一.2 not computable "Nothing to compute."
output pay, monthly, amount
)");
        write(dir / "tests" / "cases.jsonl", R"({"clause": "一.1", "input": {"a": true}, "output": {"pay": true}}
{"input": {"n": 2}, "output": {"amount": 7}}
)");
        write(dir / "tests" / "t.edict", "test \"monthly\" §三 given n = 2 expect monthly = 6\n");
        c = compile_path(dir.string(), CompileOptions{true});
        ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
        std::string error;
        ASSERT_TRUE(report::build_model(*c, m, error)) << error;
    }
    void TearDown() override { fs::remove_all(dir); }

    const report::Clause& clause(const std::string& id) {
        for (const report::Clause& cl : m.clauses)
            if (cl.id == id) return cl;
        ADD_FAILURE() << "no clause " << id;
        return m.clauses.front();
    }

    fs::path dir;
    std::unique_ptr<Compilation> c;
    report::Model m;
};

TEST_F(Report, ParagraphsAndClausesFollowTheNotice) {
    ASSERT_EQ(m.notices.size(), 1u);
    const auto& ps = m.notices[0].paragraphs;
    ASSERT_EQ(ps.size(), 8u);
    EXPECT_EQ(ps[0].text, "测试通知");
    EXPECT_TRUE(ps[1].heading);
    EXPECT_EQ(ps[1].clause, "一");
    EXPECT_EQ(ps[2].text, "1.对于甲，应当支付乙。");  // the wrapped line joined back
    EXPECT_TRUE(ps[2].numbered);
    EXPECT_EQ(ps[2].clause, "一.1");
    EXPECT_EQ(ps[4].clause, "二");                    // a leading space before the indent is no obstacle
    EXPECT_EQ(ps[5].clause, "二");
    std::vector<std::string> ids;
    for (const auto& cl : m.clauses) ids.push_back(cl.id);
    // 一 is only a heading over its items: it has no text of its own to grade (as check --coverage).
    EXPECT_EQ(ids, (std::vector<std::string>{"一.1", "一.2", "二", "三"}));
}

TEST_F(Report, OverlappingQuotesMergeIntoOneMark) {
    const auto& p = m.notices[0].paragraphs[7];
    ASSERT_EQ(p.marks.size(), 1u);
    const auto& mark = p.marks[0];
    EXPECT_EQ(p.text.substr(mark.begin, mark.end - mark.begin), "每月发放100元，并补发");
    EXPECT_EQ(mark.rules, (std::vector<std::string>{"monthly", "amount"}));
    EXPECT_EQ(mark.params, (std::vector<std::string>{"rate"}));
}

TEST_F(Report, CoverageGrades) {
    using S = regression::ClauseStatus;
    EXPECT_EQ(clause("一.1").status, S::Covered);         // pay, tested by the jsonl line checking it
    EXPECT_EQ(clause("一.2").status, S::NotComputable);
    EXPECT_EQ(clause("一.2").not_computable, "Nothing to compute.");
    EXPECT_EQ(clause("二").status, S::Uncovered);
    EXPECT_EQ(clause("三").status, S::Covered);
    EXPECT_EQ(clause("一.1").unfound_quotes, (std::vector<std::string>{"这句话不在通知里"}));
    // Three tests: the jsonl lines and the test declaration; 三 is checked by the two about its rules.
    ASSERT_EQ(m.tests.size(), 3u);
    EXPECT_EQ(clause("三").tests.size(), 2u);
}

TEST_F(Report, Untested) {
    // Without the test files the encoded clauses are untested.
    fs::remove_all(dir / "tests");
    auto c2 = compile_path(dir.string(), CompileOptions{true});
    ASSERT_TRUE(c2->ok());
    report::Model m2;
    std::string error;
    ASSERT_TRUE(report::build_model(*c2, m2, error));
    std::map<std::string, regression::ClauseStatus> status;
    for (const auto& cl : m2.clauses) status[cl.id] = cl.status;
    EXPECT_EQ(status["一.1"], regression::ClauseStatus::Untested);
    EXPECT_EQ(status["三"], regression::ClauseStatus::Untested);
}

TEST_F(Report, RulesKnowWhatTheyReadAndWhoUsesThem) {
    const report::Rule& monthly = m.rules[m.rule_index.at("monthly")];
    EXPECT_EQ(monthly.inputs, (std::vector<std::string>{"n"}));
    EXPECT_EQ(monthly.params, (std::vector<std::string>{"rate"}));
    EXPECT_EQ(monthly.used_by, (std::vector<std::string>{"amount"}));
    ASSERT_EQ(monthly.definitions.size(), 2u);
    EXPECT_EQ(monthly.definitions[0].label, "big");
    EXPECT_EQ(monthly.definitions[0].form, "when n > 10 then 0");
    EXPECT_EQ(monthly.definitions[1].form, "= n * rate");
    EXPECT_EQ(m.rules[m.rule_index.at("amount")].tests.size(), 1u);
    // Tests count through dependencies: the line checking amount reaches monthly too.
    EXPECT_EQ(monthly.tests.size(), 2u);
    EXPECT_EQ(report::rule_file("退休"), "_e9_80_80_e4_bc_91.html");
    EXPECT_EQ(report::rule_file("back_pay"), "back_pay.html");
    std::string svg = report::dependency_svg(monthly);
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find(R"(href="amount.html")"), std::string::npos);
    EXPECT_NE(svg.find(R"(data-kind="param")"), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST_F(Report, WrittenPagesLinkOnlyToFilesThatExist) {
    fs::path out = dir / "out";
    std::string error;
    ASSERT_TRUE(report::write_report(m, out.string(), error)) << error;
    std::regex href(R"re(href="([^"#]*)(#[^"]*)?")re");
    int checked = 0;
    for (const fs::path& page : {out / "index.html", out / "rules" / "monthly.html"}) {
        std::string html = read(page);
        EXPECT_EQ(html.find("<script"), std::string::npos);
        for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
            std::string target = (*it)[1];
            if (target.empty()) continue;
            EXPECT_TRUE(fs::exists(page.parent_path() / target)) << page << " links to " << target;
            ++checked;
        }
    }
    EXPECT_GT(checked, 8);
    std::string index = read(out / "index.html");
    EXPECT_NE(index.find(R"(class="cite cov-covered" data-clause="三")"), std::string::npos);
    EXPECT_NE(index.find(R"(class="cov-not_computable" data-notice="T1" data-clause="一.2")"), std::string::npos);
    EXPECT_NE(index.find("quoted sentence not found in the notice text"), std::string::npos);
    // Writing into a path that is a file is an error, not a crash.
    write(dir / "afile", "x");
    EXPECT_FALSE(report::write_report(m, (dir / "afile").string(), error));
    EXPECT_NE(error.find("cannot create"), std::string::npos) << error;
}

// Issue 12: laws share clause ids. In the statutes fixture the measures' 第四条 is declared not
// computable and the 1978 rules' 第四条 is encoded: each paragraph shows its own notice's grade,
// with an anchor of its own, and rule pages link to the notice they cite.
TEST(ReportStatutes, ClausesOfSeveralNoticesKeepTheirOwnGradeAndAnchor) {
    auto c = compile_path(std::string(EDICT_SOURCE_DIR) + "/tests/regression/statutes", CompileOptions{true});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    report::Model m;
    std::string error;
    ASSERT_TRUE(report::build_model(*c, m, error)) << error;
    fs::path out = fs::temp_directory_path() / ("edict-report-statutes-" + std::to_string(::getpid()));
    ASSERT_TRUE(report::write_report(m, out.string(), error)) << error;
    std::string index = read(out / "index.html");
    // Declared in this order: 民法典, 国发〔1978〕104号 (n2), 决定 (n3), 办法 (n4).
    EXPECT_NE(index.find(R"(<p class="para numbered cov-not_computable" data-clause="第四条" id="n4-clause-)"), std::string::npos);
    EXPECT_NE(index.find(R"(<p class="para numbered cov-covered" data-clause="第四条" id="n2-clause-)"), std::string::npos);
    std::regex id(R"re( id="([^"]+)")re");
    std::set<std::string> ids;
    for (auto it = std::sregex_iterator(index.begin(), index.end(), id); it != std::sregex_iterator(); ++it)
        EXPECT_TRUE(ids.insert((*it)[1]).second) << "anchor twice: " << (*it)[1];
    std::string page = read(out / "rules" / "original_age.html");
    EXPECT_NE(page.find(R"(<a class="clause-ref cov-covered" href="../index.html#n2-clause-)"), std::string::npos) << page;
    fs::remove_all(out);
}

}  // namespace
}  // namespace edict
