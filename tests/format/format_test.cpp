// Formatter tests: takes every .edict file of policies/, stdlib/ and the test folders, formats it
// and checks the layout is a fixed point (formatting twice changes nothing), that the tokens are
// kept, that converting the keywords to Chinese and back gives the English layout, and that the
// Chinese form of whole policies compiles to the same bytecode. Small cases pin the layout rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "runtime/bytecode/disasm.hpp"
#include "compiler/driver/compile.hpp"
#include "tooling/format/format.hpp"
#include "tooling/format/tokens.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

namespace fs = std::filesystem;
using format::format_source;
using format::Keywords;

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> edict_files(const std::vector<std::string>& roots) {
    std::vector<fs::path> out;
    for (const auto& r : roots)
        for (const auto& e : fs::recursive_directory_iterator(fs::path(EDICT_SOURCE_DIR) / r))
            if (e.is_regular_file() && e.path().extension() == ".edict") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Comments of a text, in order: the formatter must keep every one.
std::vector<std::string> comments(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& t : format::lex(text).tokens)
        if (t.kind == format::TokenKind::Comment) out.push_back(t.text);
    return out;
}

TEST(Format, EveryPolicyFileIsAFixedPointAfterOneRun) {
    auto files = edict_files({"policies", "stdlib"});
    ASSERT_GE(files.size(), 10u);
    for (const auto& f : files) {
        SCOPED_TRACE(f.string());
        std::string text = read_text(f);
        auto once = format_source(text);
        ASSERT_TRUE(once.ok()) << once.error;
        auto twice = format_source(once.text);
        ASSERT_TRUE(twice.ok()) << twice.error;
        EXPECT_EQ(once.text, twice.text);
        EXPECT_EQ(comments(text), comments(once.text));
    }
}

TEST(Format, ChineseAndBackGivesTheEnglishLayout) {
    for (const auto& f : edict_files({"policies", "stdlib"})) {
        SCOPED_TRACE(f.string());
        std::string text = read_text(f);
        auto zh = format_source(text, Keywords::Chinese);
        ASSERT_TRUE(zh.ok()) << zh.error;
        auto zh_again = format_source(zh.text, Keywords::Chinese);
        ASSERT_TRUE(zh_again.ok()) << zh_again.error;
        EXPECT_EQ(zh.text, zh_again.text);
        auto en = format_source(zh.text, Keywords::English);
        ASSERT_TRUE(en.ok()) << en.error;
        auto direct = format_source(text, Keywords::English);
        ASSERT_TRUE(direct.ok()) << direct.error;
        EXPECT_EQ(en.text, direct.text);
    }
}

// The listing without source positions (line:col moves when the layout changes).
std::string listing(const Compilation& c) {
    return std::regex_replace(disassemble(*c.program), std::regex(R"(\d+:\d+)"), "L:C");
}

TEST(Format, ChinesePolicyCompilesToTheSameBytecode) {
    for (const char* folder : {"policies/examples/everything", "policies/cn/pension", "policies/cn/benefits"}) {
        SCOPED_TRACE(folder);
        std::vector<std::pair<std::string, std::string>> en, zh;
        for (const auto& f : edict_files({folder})) {
            if (f.parent_path().filename() == "tests") continue;
            std::string text = read_text(f);
            auto converted = format_source(text, Keywords::Chinese);
            ASSERT_TRUE(converted.ok()) << converted.error;
            EXPECT_NE(converted.text, text);
            en.emplace_back(f.filename().string(), text);
            zh.emplace_back(f.filename().string(), converted.text);
        }
        std::string base = (fs::path(EDICT_SOURCE_DIR) / folder).string();
        auto a = compile_sources(en, base);
        auto b = compile_sources(zh, base);
        ASSERT_TRUE(a->ok()) << render_all(a->diags, a->sources, false);
        ASSERT_TRUE(b->ok()) << render_all(b->diags, b->sources, false);
        EXPECT_EQ(listing(*a), listing(*b));
    }
}

TEST(Format, LayoutRules) {
    std::string in =
        "# header comment\n\n\n"
        "rule  x : money?   \"doc\"   # trailing\n"
        "      cite \"N\" §一 \"quote\"\n"
        "   =  if a  then   null\n"
        " else a*2 -  -1\n"
        "input a:money\n"
        "table t: int->money {\n"
        "        1=>2元\n"
        "  }\n";
    std::string want =
        "# header comment\n\n"
        "rule x: money? \"doc\"  # trailing\n"
        "  cite \"N\" §一 \"quote\"\n"
        "  = if a then null\n"
        "    else a * 2 - -1\n"
        "input a: money\n"
        "table t: int -> money {\n"
        "  1 => 2元\n"
        "}\n";
    auto r = format_source(in);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.text, want);
}

TEST(Format, KeywordConversionReadsAsChinese) {
    std::string in =
        "input d: date\n"
        "rule late: bool \"Late?\"\n"
        "  when d is not null and d > 2020-02-29 then true\n"
        "  otherwise false\n"
        "rule due: date = d + 15 days\n";
    std::string want =
        "输入 d: 日期\n"
        "规则 late: 布尔 \"Late?\"\n"
        "  当 d 为 非 空 并且 d > 2020-02-29 则 是\n"
        "  其他情况 否\n"
        "规则 due: 日期 = d + 15天\n";
    auto r = format_source(in, Keywords::Chinese);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.text, want);
    auto back = format_source(r.text, Keywords::English);
    ASSERT_TRUE(back.ok()) << back.error;
    EXPECT_EQ(back.text, in);
}

TEST(Format, CalendarRangeUsesZhi) {
    auto r = format_source("calendar c\n  holiday 2020-01-24 to 2020-01-30\n", Keywords::Chinese);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.text, "日历 c\n  假日 2020-01-24 至 2020-01-30\n");
}

TEST(Format, CalendarCoversAndWeekendsBeyondInBothLanguages) {
    const std::string en = "calendar c \"x\"\n  covers 2019 to 2021\n  holiday 2020-01-01\n  otherwise weekends\n";
    auto r = format_source(en, Keywords::Chinese);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.text, "日历 c \"x\"\n  涵盖 2019 至 2021\n  假日 2020-01-01\n  其他情况 周末\n");
    auto back = format_source(r.text, Keywords::English);
    ASSERT_TRUE(back.ok()) << back.error;
    EXPECT_EQ(back.text, en);
}

TEST(Format, RefusesBrokenFiles) {
    auto r = format_source("rule x: int = \n");
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("syntax error"), std::string::npos);
    auto s = format_source("rule x: text = \"open\n");
    EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace edict
