// The grammar generated from syntax/keywords.def: takes every English/Chinese pair of the table
// (keywords.hpp) and checks the parser treats both spellings alike — a reserved word is refused
// as a name in either language, a contextual word is accepted as a name, a declaration keyword
// restarts parsing after an error, and a Chinese type name means the English type. Both the
// grammar's rules and the table come from the one .def, so this checks the generation.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "compiler/driver/compile.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/syntax/keywords.hpp"

namespace edict {
namespace {

bool parses_as_name(std::string_view word) {
    auto c = compile_sources({{"k.edict", "input " + std::string(word) + ": int\n"}});
    for (const auto& d : c->diags.items())
        if (d.code == "E0100") return false;
    return true;
}

TEST(Keywords, ReservedInBothLanguages) {
    for (const auto& k : syntax::kKeywords) {
        SCOPED_TRACE(std::string(k.en) + " / " + std::string(k.zh));
        EXPECT_EQ(parses_as_name(k.en), !k.reserved);
        EXPECT_EQ(parses_as_name(k.zh), !k.reserved);
    }
    EXPECT_FALSE(parses_as_name(syntax::kToInRangeZh));
}

TEST(Keywords, ChineseDeclarationKeywordsRestartAfterAnError) {
    for (const auto& k : syntax::kKeywords) {
        if (!k.declaration) continue;
        SCOPED_TRACE(std::string(k.zh));
        // The first line is broken where it stands; recovery must find the second line by its
        // Chinese keyword, which is broken too: two errors, not one.
        std::string text2 = "rule a int = 1\n" + std::string(k.zh) + " ?\n";
        auto c2 = compile_sources({{"k.edict", text2}});
        int n = 0;
        for (const auto& d : c2->diags.items()) n += d.code == "E0100";
        EXPECT_EQ(n, 2) << render_all(c2->diags, c2->sources, false);
    }
}

TEST(Keywords, ChineseTypeNamesMeanTheEnglishTypes) {
    for (const auto& t : syntax::kTypeNames) {
        SCOPED_TRACE(std::string(t.zh));
        auto en = compile_sources({{"k.edict", "input x: " + std::string(t.en) + "?\nrule y: " + std::string(t.en) +
                                                   "? = x\noutput y\n"}});
        auto zh = compile_sources({{"k.edict", "输入 x: " + std::string(t.zh) + "?\n规则 y: " + std::string(t.zh) +
                                                   "? = x\n输出 y\n"}});
        ASSERT_TRUE(en->ok()) << render_all(en->diags, en->sources, false);
        ASSERT_TRUE(zh->ok()) << render_all(zh->diags, zh->sources, false);
        EXPECT_EQ(en->checked.types.name(en->checked.rules[0].type), zh->checked.types.name(zh->checked.rules[0].type));
    }
}

TEST(Keywords, ChineseLiteralsHaveTheEnglishValues) {
    auto c = compile_sources({{"k.edict", "规则 t: 布尔 = 是\n规则 f: 布尔 = 否\n规则 n: 整数? = 空\n"
                                          "规则 u: 整数 = 如果 非 否 并且 (是 或者 否) 则 1 否则 2\n"}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    const auto& m = c->checked.modules.back().ast;
    int trues = 0, falses = 0;
    for (const auto& e : m.exprs) {
        if (e.kind == ast::ExprKind::BoolLit) (e.text == "true" ? trues : falses)++;
        if (e.kind == ast::ExprKind::NullLit) {
            EXPECT_EQ(e.text, "null");
        }
    }
    EXPECT_EQ(trues, 2);
    EXPECT_EQ(falses, 3);
}

// docs/analyst-tools.md shows the tables of keywords.def and primitive_types.def: every row there.
TEST(Keywords, AnalystDocListsEveryKeywordAndTypeName) {
    std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/docs/analyst-tools.md", std::ios::binary);
    std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (const auto& k : syntax::kKeywords) {
        const char* kind = k.declaration ? "declaration" : k.reserved ? "reserved" : "contextual";
        std::string row = "| `" + std::string(k.en) + "` | `" + std::string(k.zh) + "`";
        size_t at = doc.find(row);
        ASSERT_NE(at, std::string::npos) << "docs/analyst-tools.md has no row " << row;
        std::string line = doc.substr(at, doc.find('\n', at) - at);
        EXPECT_TRUE(line.ends_with(std::string("| ") + kind + " |")) << line;
    }
    for (const auto& t : syntax::kTypeNames) {
        std::string row = "| `" + std::string(t.en) + "` | `" + std::string(t.zh) + "` |\n";
        EXPECT_NE(doc.find(row), std::string::npos) << "docs/analyst-tools.md has no row " << row;
    }
}

}  // namespace
}  // namespace edict
