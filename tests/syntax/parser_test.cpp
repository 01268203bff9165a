// Unit tests for the parser: takes small policies (every declaration kind, Chinese names,
// literal forms) and broken or hostile inputs. Checks that good text compiles, that syntax
// errors are located (file:line:col) and that recovery reports several errors, and that
// pathological input (binary data, deep nesting, huge files) yields a diagnostic, not a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <set>
#include <string>

#include "compiler/driver/compile.hpp"
#include "compiler/syntax/parser.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

std::unique_ptr<Compilation> compile_one(const std::string& text) {
    return compile_sources({{"a.edict", text}});
}

std::string rendered(const Compilation& c) { return render_all(c.diags, c.sources, false); }

bool has_code(const Compilation& c, const std::string& code) {
    for (const auto& d : c.diags.items())
        if (d.code == code) return true;
    return false;
}

void expect_ok(const std::string& text) {
    auto c = compile_one(text);
    EXPECT_TRUE(c->ok()) << text << "\n" << rendered(*c);
}

TEST(Parser, EveryDeclarationKind) {
    expect_ok(R"(# A comment line
notice "示例[2024]1号" issued 2024-01-01 title "示例" text "notice.txt"
enum Tier { low, high, }
record Child { name: text, born: date }
input applied_on: date "When it was applied for."
input kids: list[Child]
input bonus: decimal = 0.05
input end_day: date? = null
param 最低工资: money
  1700元 from 2017-07-01 cite "示例[2024]1号" §一 "1700元"
  1800元 from 2020-01-01
param fixed: int = 3
table 补贴: Tier -> money {
  low => 200元,
  high => 50元
}
function adult(born: date, on: date): bool "18 or older." = add_years(born, 18) <= on
rule tier: Tier
  when 最低工资 at applied_on > 1750元 then high  # trailing comment
  otherwise low
rule allowance: money = 补贴[tier] * count([c in kids where adult(c.born, applied_on)])
rule suspended: bool = false
exception 紧急 to suspended cite "示例[2024]1号" §二 "不暂停" when end_day is null then true
exception 公共 to suspended over 紧急 when bonus > 0.1 then false
clause §三 not computable "Nothing to compute."
output tier, allowance, suspended
)");
}

TEST(Parser, ChineseIdentifiers) {
    expect_ok("input 月工资: money\nrule 补发金额: money = 月工资 * 3\noutput 补发金额\n");
}

TEST(Parser, MoneyLiterals) {
    expect_ok("rule a: money = 1800元\nrule b: money = ¥1800\nrule c: money = 1800.00 yuan\n"
              "rule d: money = 12.5 CNY\nrule e: money = ￥3\nrule f: bool = a == b and b == c\n");
}

TEST(Parser, DurationLiterals) {
    expect_ok("input d: date\nrule a: date = d + 15 days\nrule b: date = d + 3个月\nrule c: date = d + 1 year\n"
              "rule e: date = d + 15日\nrule f: date = d + 2 months\nrule g: date = d + 1年\nrule h: date = d + 10天\n");
}

TEST(Parser, DatesAndMonths) {
    expect_ok("rule d: date = 2020-02-29\nrule m: month = 2020-02\nrule b: bool = month_of(d) == m\n");
}

TEST(Parser, ByteOrderMarkAndEmptyFile) {
    expect_ok("\xEF\xBB\xBFrule x: int = 1\n");
    expect_ok("");
    expect_ok("# only a comment\n\n   \n");
}

// `expect NAME error "TEXT"` (Chinese 错误); `error` stays an ordinary name elsewhere.
TEST(Parser, TestExpectsAnError) {
    auto c = compile_one("input age: int\nrule r: int when age > 1 then 1\nrule error: int = r\n"
                         "test \"t\" given age = 0 expect r error \"no definition\", error error \"no\"\n"
                         "测试 \"z\" 已知 age = 2 预期 r 错误 \"x\", error = 1\n");
    ASSERT_TRUE(c->ok()) << rendered(*c);
    const auto& decls = c->checked.modules.back().ast.decls;
    const ast::Decl& t = decls[decls.size() - 2];
    ASSERT_EQ(t.expect.size(), 2u);
    EXPECT_TRUE(t.expect[0].expects_error);
    EXPECT_EQ(t.expect[0].error_text, "no definition");
    EXPECT_EQ(t.expect[1].name, "error");
    EXPECT_EQ(decls.back().expect[0].error_text, "x");
    EXPECT_FALSE(decls.back().expect[1].expects_error);
    auto bad = compile_one("input age: int\nrule r: int = age\ntest \"t\" given age = 0 expect r error\n");
    EXPECT_NE(rendered(*bad).find("expected a quoted text"), std::string::npos) << rendered(*bad);
}

TEST(Parser, SyntaxErrorIsLocated) {
    auto c = compile_one("rule ok: int = 1\nrule x: int = 1 +\n");
    ASSERT_FALSE(c->ok());
    ASSERT_FALSE(c->diags.items().empty());
    EXPECT_EQ(c->diags.items()[0].code, "E0100");
    // the expression is missing at the end of the text: line 3, column 1
    EXPECT_NE(rendered(*c).find("a.edict:3:1: error[E0100]"), std::string::npos) << rendered(*c);
}

TEST(Parser, MissingTypeIsLocated) {
    auto c = compile_one("input a: int\nrule x: = a\n");
    ASSERT_FALSE(c->ok());
    std::string r = rendered(*c);
    EXPECT_NE(r.find("a.edict:2:9: error[E0100]: expected a type here"), std::string::npos) << r;
}

TEST(Parser, RecoveryReportsSeveralErrors) {
    auto c = compile_one("rule a: int = (1 +\n"
                         "rule b: int = 2\n"
                         "input : int\n"
                         "rule c: int = 3\n"
                         "enum E { }\n"
                         "rule d: int = b + c\n");
    ASSERT_FALSE(c->ok());
    std::string r = rendered(*c);
    EXPECT_GE(c->diags.error_count(), 3u) << r;
    EXPECT_NE(r.find("a.edict:2:1:"), std::string::npos) << r;
    EXPECT_NE(r.find("a.edict:3:7:"), std::string::npos) << r;
    EXPECT_NE(r.find("a.edict:5:10:"), std::string::npos) << r;
}

TEST(Parser, UnterminatedString) {
    auto c = compile_one("input a: int \"no end\nrule b: int = 1\n");
    ASSERT_FALSE(c->ok());
    EXPECT_TRUE(has_code(*c, "E0100")) << rendered(*c);
    EXPECT_NE(rendered(*c).find("a.edict:1:"), std::string::npos) << rendered(*c);
}

// A doc string may be several adjacent quoted texts on several lines: one doc, joined as written.
TEST(Parser, DocStringInSeveralParts) {
    auto c = compile_one("rule r: int\n  \"每四个月延迟一个月，\"  # the first part\n  \"最多36个月; \" \"then more.\"\n  = 1\n"
                         "input i: text = \"default\" \"its doc\"\n");
    ASSERT_TRUE(c->ok()) << rendered(*c);
    const auto& decls = c->checked.modules.back().ast.decls;
    ASSERT_EQ(decls.size(), 2u);
    EXPECT_EQ(decls[0].doc, "每四个月延迟一个月，最多36个月; then more.");
    EXPECT_EQ(decls[1].doc, "its doc");  // the default is an expression: strings after it are the doc
}

// A string followed by `from` is a dated value of a text parameter, never a part of its doc.
TEST(Parser, DocPartsStopBeforeADatedTextValue) {
    auto c = compile_one("param greeting: text \"The greeting.\" \"您好\" from 2020-01-01 \"你好\" from 2021-01-01\n"
                         "param bare: text \"old\" from 2020-01-01\n");
    ASSERT_TRUE(c->ok()) << rendered(*c);
    const auto& decls = c->checked.modules.back().ast.decls;
    EXPECT_EQ(decls[0].doc, "The greeting.");
    EXPECT_EQ(decls[0].values.size(), 2u);
    EXPECT_EQ(decls[1].doc, "");
    EXPECT_EQ(decls[1].values.size(), 1u);
}

TEST(Parser, UnterminatedDocPartPointsAtItsQuote) {
    auto c = compile_one("rule r: int\n  \"first part\"\n  \"second part\n  = 1\n");
    ASSERT_FALSE(c->ok());
    EXPECT_NE(rendered(*c).find("a.edict:3:3: error[E0100]: this text is not closed"), std::string::npos) << rendered(*c);
}

// `cite` after a match arm's value, before the comma: kept on the arm and copied to the declaration.
TEST(Parser, CitationsOnMatchArms) {
    auto c = compile_one("enum Sex { male, female }\ninput sex: Sex\nrule age: int = match sex {\n"
                         "  male => 60 cite \"N\" §一 \"男六十\", female => 50 cite \"N\" §一 \"女五十\" cite \"N\" §二 \"另\"\n}\n");
    ASSERT_TRUE(c->ok()) << rendered(*c);
    const ast::Module& m = c->checked.modules.back().ast;
    const ast::Decl& d = m.decls.back();
    ASSERT_EQ(d.arm_cites.size(), 3u);
    EXPECT_EQ(d.arm_cites[0].quote, "男六十");
    EXPECT_EQ(d.arm_cites[2].clause, "二");
    const ast::Expr& match = m.exprs[d.cases[0].value];
    ASSERT_EQ(match.arms.size(), 2u);
    EXPECT_EQ(match.arms[0].cites.size(), 1u);
    EXPECT_EQ(match.arms[1].cites.size(), 2u);
    // The definition cites what its arms cite (host API, disassembly).
    const DefinitionInfo* def = nullptr;
    for (const DefinitionInfo& x : c->program->definitions)
        if (c->program->rules[x.rule].name == "age") def = &x;
    ASSERT_NE(def, nullptr);
    ASSERT_EQ(def->citations.size(), 3u);
    EXPECT_EQ(def->citations[1].quote, "女五十");
}

TEST(Parser, ArmCitationWithoutQuoteIsLocated) {
    auto c = compile_one("enum Sex { male, female }\ninput sex: Sex\nrule age: int = match sex {\n"
                         "  male => 60 cite \"N\" §一, female => 50\n}\n");
    ASSERT_FALSE(c->ok());
    EXPECT_NE(rendered(*c).find("a.edict:4:"), std::string::npos) << rendered(*c);
    EXPECT_TRUE(has_code(*c, "E0100")) << rendered(*c);
}

TEST(Parser, ReservedWordAsName) {
    auto c = compile_one("rule rule: int = 1\n");
    ASSERT_FALSE(c->ok());
    EXPECT_NE(rendered(*c).find("a.edict:1:6: error[E0100]"), std::string::npos) << rendered(*c);
}

TEST(Parser, BinaryJunkWithNul) {
    std::string junk("rule x: int = 1\n\x00\x01\x02\xff\xfe junk \x00", 26);
    auto c = compile_one(junk);
    EXPECT_FALSE(c->ok());
    EXPECT_TRUE(has_code(*c, "E0002")) << rendered(*c);
    EXPECT_FALSE(rendered(*c).empty());
}

TEST(Parser, InvalidUtf8) {
    for (std::string bad : {std::string("rule x: int = 1 # \xC3\x28\n"), std::string("rule \xE4\xB8 : int = 1\n"),
                            std::string("rule x: int = 1\n\xC0\xAF\n"), std::string("\xED\xA0\x80")}) {
        auto c = compile_one(bad);
        EXPECT_FALSE(c->ok());
        EXPECT_TRUE(has_code(*c, "E0002")) << rendered(*c);
    }
}

TEST(Parser, RandomBytesDoNotCrash) {
    uint32_t seed = 12345;
    for (int round = 0; round < 200; ++round) {
        std::string s;
        for (int i = 0; i < 200; ++i) {
            seed = seed * 1103515245u + 12345u;
            s += static_cast<char>((seed >> 16) & 0x7F);  // ASCII: gets past the UTF-8 check
        }
        auto c = compile_one("rule x: int = " + s);
        (void)rendered(*c);
    }
    SUCCEED();
}

TEST(Parser, DeepParenthesesAreRefused) {
    std::string text = "rule x: int = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
    auto c = compile_one(text);
    ASSERT_FALSE(c->ok());
    EXPECT_NE(rendered(*c).find("nested too deeply"), std::string::npos);
}

TEST(Parser, DeepUnaryMinusIsRefused) {
    std::string text = "rule x: int = " + std::string(100000, '-') + "1\n";
    auto c = compile_one(text);
    ASSERT_FALSE(c->ok());
    EXPECT_NE(rendered(*c).find("nested too deeply"), std::string::npos);
}

TEST(Parser, DeepListTypeIsRefused) {
    std::string t;
    for (int i = 0; i < 20000; ++i) t += "list[";
    t += "int";
    t += std::string(20000, ']');
    auto c = compile_one("input x: " + t + "\n");
    EXPECT_FALSE(c->ok());
}

TEST(Parser, ModeratelyNestedIsFine) {
    expect_ok("rule x: int = " + std::string(20, '(') + "1" + std::string(20, ')') + "\n");
    expect_ok("rule x: int = " + std::string(20, '-') + "1\n");
}

std::string repeated_rules(size_t bytes) {
    std::string s;
    s.reserve(bytes + 64);
    for (size_t i = 0; s.size() < bytes; ++i) s += "rule r" + std::to_string(i) + ": int = " + std::to_string(i % 1000) + " + 1\n";
    return s;
}

TEST(Parser, TwentyMegabytesFinishQuickly) {
    std::string text = repeated_rules(20u << 20);
    auto start = std::chrono::steady_clock::now();
    auto c = compile_one(text);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(secs, 5.0);
    // over the 16 MiB limit: refused with one diagnostic
    EXPECT_FALSE(c->ok());
    EXPECT_TRUE(has_code(*c, "E0001")) << rendered(*c);
}

TEST(Parser, SeventeenMegabyteFileIsRefused) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("edict_parser_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path file = dir / "huge.edict";
    {
        std::ofstream out(file, std::ios::binary);
        out << repeated_rules(17u << 20);
    }
    auto start = std::chrono::steady_clock::now();
    auto c = compile_path(file.string());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(secs, 5.0);
    EXPECT_FALSE(c->ok());
    ASSERT_EQ(c->diags.items().size(), 1u);
    EXPECT_EQ(c->diags.items()[0].code, "E0001");
    EXPECT_NE(rendered(*c).find("16777216"), std::string::npos) << rendered(*c);
    fs::remove_all(dir);
}

TEST(Parser, InMemoryOverLimit) {
    auto c = compile_one(std::string((16u << 20) + 1, ' '));
    EXPECT_FALSE(c->ok());
    EXPECT_TRUE(has_code(*c, "E0001"));
}

// Every expression's span covers exactly its source text, for nodes with children too (calls,
// if/let/match, lists, filters, field and key access, `at`, money and duration literals).
TEST(Parser, ExpressionSpansCoverTheirText) {
    const std::string text =
        "rule r: money = if f(a, b) > 3 then round(x.y * 2元, 2) else [c in cs where c.k at d][0] ?? 5元\n"
        "rule s: days = let n = 3 in n * 1 days\n"
        "rule t: bool = match e { x => -q, y => not p }\n";
    SourceMap sources;
    uint32_t file = sources.add("a.edict", text);
    Diagnostics diags;
    ast::Module m = syntax::parse_module(sources, file, diags);
    ASSERT_FALSE(diags.has_errors()) << render_all(diags, sources, false);
    std::set<std::string> seen;
    for (const ast::Expr& e : m.exprs) {
        EXPECT_LE(e.span.begin, e.span.end) << "expression kind " << static_cast<int>(e.kind);
        EXPECT_LE(e.span.end, text.size()) << "expression kind " << static_cast<int>(e.kind) << " at " << e.span.begin;
        if (e.span.begin <= e.span.end && e.span.end <= text.size())
            seen.insert(text.substr(e.span.begin, e.span.end - e.span.begin));
    }
    for (const char* whole : {"f(a, b)", "round(x.y * 2元, 2)", "x.y", "2元", "[c in cs where c.k at d]",
                              "[c in cs where c.k at d][0]", "c.k at d", "let n = 3 in n * 1 days", "1 days",
                              "match e { x => -q, y => not p }", "-q", "not p",
                              "if f(a, b) > 3 then round(x.y * 2元, 2) else [c in cs where c.k at d][0] ?? 5元"})
        EXPECT_TRUE(seen.count(whole)) << "no expression spans `" << whole << "`";
}

}  // namespace
}  // namespace edict
