// Unit tests for tooling/regression/notice_text and numbers: how a notice text is normalised and
// cut into clause ids, how quotes are found in it, and which numbers a passage states.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "tooling/regression/notice_text.hpp"
#include "runtime/support/utf8.hpp"
#include "tooling/regression/numbers.hpp"

namespace edict::regression {
namespace {

// Two full-width spaces open a paragraph; blank lines and U+FFFD are what extraction leaves.
const char* kText =
    "通知标题\n\n"
    "\u3000\u3000一、第一节标题\ufffd\n\n"
    "\u3000\u3000开头的段落。\ufffd\n\n"
    "\u3000\u30001.第一项，每月1800元，疫情结束3个\n\n月内办理。\ufffd\n\n"
    "- 2 -\n\n"
    "\u3000\u30002.第二项：延期至2020年2月29日。\ufffd\n\n"
    "\u3000\u3000结尾的段落。\ufffd\n\n"
    "\u3000\u3000二、第二节\ufffd\n\n"
    "\u3000\u3000第一段，三个月内。\ufffd\n\n"
    "\u3000\u3000第二段，十五日内。\ufffd\n\n"
    "\u3000\u3000三、第三节\ufffd\n\n"
    "\u3000\u3000唯一的段落。\ufffd\n";

std::vector<std::string> ids(const NoticeText& t) {
    std::vector<std::string> out;
    for (const NoticeClause& c : t.clauses())
        if (c.has_text) out.push_back(c.id);
    return out;
}

TEST(NoticeText, ClauseIdsFromSectionsItemsAndParagraphs) {
    NoticeText t = NoticeText::from_string(kText);
    EXPECT_EQ(ids(t), (std::vector<std::string>{"一", "一.1", "一.2", "二.1", "二.2", "三"}));
    ASSERT_NE(t.clause("二"), nullptr);
    EXPECT_FALSE(t.clause("二")->has_text);  // a heading over numbered paragraphs
    EXPECT_EQ(t.clause("一.2")->kind, ClauseKind::Item);
    EXPECT_EQ(t.clause("二.2")->kind, ClauseKind::Paragraph);
}

TEST(NoticeText, QuotesIgnoreWrapsSpacesReplacementCharsAndPageNumbers) {
    NoticeText t = NoticeText::from_string(kText);
    auto m = t.find_all(normalise("疫情结束3个月内办理。2.第二项"));  // across a wrap, U+FFFD and "- 2 -"
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(t.clause_at(m[0].begin)->id, "一.1");
    EXPECT_EQ(t.clause_at(t.find_all(normalise("开头的段落"))[0].begin)->id, "一");
    EXPECT_EQ(t.clause_at(t.find_all(normalise("结尾的段落"))[0].begin)->id, "一");
    EXPECT_EQ(t.clause_at(t.find_all(normalise("第一节标题"))[0].begin)->id, "一");
    EXPECT_EQ(t.clause_at(t.find_all(normalise("第二段"))[0].begin)->id, "二.2");
    EXPECT_EQ(t.clause_at(t.find_all(normalise("通知标题"))[0].begin), nullptr);  // the preamble
    EXPECT_TRUE(t.find_all(normalise("每月1900元")).empty());  // a changed character is not ignored
    EXPECT_TRUE(t.find_all(normalise("每月1800圆")).empty());
}

TEST(NoticeText, ClosestPassageAndFirstDifference) {
    NoticeText t = NoticeText::from_string(kText);
    size_t diff = 0;
    std::u32string q = normalise("第一项，每月1900元，疫情结束");
    Match m = t.closest(q, diff);
    EXPECT_EQ(utf8::encode(t.norm().substr(m.begin, m.end - m.begin)), "第一项，每月1800元，疫情结束");
    EXPECT_EQ(diff, 7u);  // the '9'
    // A deleted character: the end-anchored alignment still finds the passage.
    q = normalise("项每月1800元，疫情结束");
    m = t.closest(q, diff);
    EXPECT_EQ(utf8::encode(t.norm().substr(m.end - 3, 3)), "情结束");
}

TEST(NoticeText, LoadRefusesMissingAndNonUtf8Files) {
    NoticeText t;
    std::string error;
    EXPECT_FALSE(t.load("/nonexistent/notice.txt", error));
    EXPECT_NE(error.find("cannot read"), std::string::npos);
}

// A statute: articles (第一条　), paragraphs (款) and items (项) inside them, a preamble, an
// editor's note and articles numbered with 百 and 之.
const char* kStatute =
    "某某办法\n\n"
    "\u3000\u3000为了规范某事，制定本办法。\n\n"
    "\u3000\u3000第一条\u3000从2025年1月1日起，每四个月延迟一个月。\n\n"
    "\u3000\u3000第二条\u3000职工达到法定退休年龄。\n"
    "\u3000\u3000所在单位与职工协商一致的，可以弹性延迟退休。\n"
    "\u3000\u3000第三条\u3000符合下列条件之一的，都可以退休：\n"
    "\u3000\u3000（一）男年满六十周岁的；\n"
    "\u3000\u3000（二）女年满五十周岁的。\n"
    "\u3000\u3000第三条规定的条件另行公布。\n"
    "\u3000\u3000（一）由人社部门公布；\n"
    "\u3000\u3000第二百零四条之一 期间的计算方法依照本规定，\n"
    "但是法律另有规定的除外。\n"
    "\u3000\u3000（第五条至第十条从略。）\n";

TEST(NoticeText, ArticlesParagraphsAndItemsOfAStatute) {
    NoticeText t = NoticeText::from_string(kStatute);
    EXPECT_EQ(ids(t), (std::vector<std::string>{"第一条", "第二条第一款", "第二条第二款", "第三条第一款",
                                                "第三条第一款第一项", "第三条第一款第二项", "第三条第二款",
                                                "第三条第二款第一项", "第二百零四条之一"}));
    EXPECT_TRUE(t.problem().empty());
    ASSERT_NE(t.clause("第二条"), nullptr);
    EXPECT_FALSE(t.clause("第二条")->has_text);  // a heading over its 款
    EXPECT_EQ(t.clause("第一条")->kind, ClauseKind::Article);
    EXPECT_EQ(t.clause("第二条第二款")->kind, ClauseKind::ArticleParagraph);
    EXPECT_EQ(t.clause("第三条第一款第二项")->kind, ClauseKind::ArticleItem);
    EXPECT_EQ(t.clause("第三条第一款第二项")->section, "第三条");
    auto at = [&](const char* quote) {
        auto m = t.find_all(normalise(quote));
        const NoticeClause* c = m.empty() ? nullptr : t.clause_at(m[0].begin);
        return c ? c->id : std::string("(none)");
    };
    EXPECT_EQ(at("每四个月延迟一个月"), "第一条");
    EXPECT_EQ(at("协商一致的"), "第二条第二款");
    EXPECT_EQ(at("都可以退休"), "第三条第一款");
    EXPECT_EQ(at("女年满五十周岁"), "第三条第一款第二项");
    EXPECT_EQ(at("另行公布"), "第三条第二款");  // "第三条规定" without a space opens no article
    EXPECT_EQ(at("法律另有规定的除外"), "第二百零四条之一");  // an unindented line mid-sentence is a wrap
    EXPECT_EQ(at("制定本办法"), "(none)");                     // the preamble
    EXPECT_EQ(at("某某办法"), "(none)");                       // the title
    EXPECT_EQ(at("第五条至第十条从略"), "(none)");             // the editor's note
}

TEST(NoticeText, AnArticleNumberTwoLawsUseIsQualifiedByTheirTitles) {
    NoticeText t = NoticeText::from_string(
        "关于颁发两个办法的通知（摘录）\n\n"
        "甲办法\n\n"
        "\u3000\u3000第一条\u3000甲的第一条。\n\n"
        "\u3000\u3000第二条\u3000甲的第二条。\n\n"
        "第一章 总则\n\n"
        "乙办法\n\n"
        "第一章 总则\n\n"
        "\u3000\u3000第一条\u3000乙的第一条。\n");
    EXPECT_EQ(ids(t), (std::vector<std::string>{"《甲办法》第一条", "第二条", "《乙办法》第一条"}));
    EXPECT_EQ(t.clause("《乙办法》第一条")->law, "乙办法");  // a division heading is no title
    EXPECT_EQ(t.clause("第一条"), nullptr);
    EXPECT_TRUE(t.problem().empty());
}

TEST(NoticeText, NoClauseIsAProblemAndAHeadingOnlySectionIsAClause) {
    EXPECT_FALSE(NoticeText::from_string("关于发放补贴的通知\n年满18岁的，发放补贴每月500元。\n").problem().empty());
    EXPECT_FALSE(NoticeText::from_string("").problem().empty());
    // Only an editor's note: nothing to cite.
    EXPECT_FALSE(NoticeText::from_string("\u3000\u3000（第五条至第十条从略。）\n").problem().empty());
    NoticeText t = NoticeText::from_string("\u3000\u3000一、同步启动延迟男、女职工的法定退休年龄。\n\n"
                                           "\u3000\u3000二、本决定自2025年1月1日起施行。\n");
    EXPECT_EQ(ids(t), (std::vector<std::string>{"一", "二"}));
    EXPECT_TRUE(t.problem().empty());
    // The same article number twice in one law cannot name one clause.
    NoticeText twice = NoticeText::from_string("\u3000\u3000第一条\u3000甲。\n\u3000\u3000第一条\u3000乙。\n");
    EXPECT_NE(twice.problem().find("§第一条 twice (lines 1 and 2)"), std::string::npos);
}

// Clauses are found by index, not by scanning: a text of 100,000 articles (the Civil Code has
// 1,260) is cut and every paragraph given its clause in well under a second, where a scan per
// paragraph took 40 s.
TEST(NoticeText, AHundredThousandArticlesAreCutWithoutScanning) {
    const char32_t* digits = U"〇一二三四五六七八九";
    std::u32string text = U"标题\n";
    for (int i = 1; i <= 100000; ++i) {
        text += U"\u3000\u3000第";
        for (char c : std::to_string(i)) text += digits[c - '0'];
        text += U"条\u3000内容。\n";
    }
    auto start = std::chrono::steady_clock::now();
    NoticeText t = NoticeText::from_string(utf8::encode(text));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(t.clauses_with_text(), 100000u);
    EXPECT_TRUE(t.problem().empty());
    ASSERT_NE(t.clause("第一〇〇〇〇〇条"), nullptr);
    EXPECT_EQ(t.paragraphs().back().clause, "第一〇〇〇〇〇条");
    EXPECT_LT(seconds, 10.0);
}

// Texts made of the pieces the cutter looks at, in random order: no crash, and either usable
// clauses (each id once, every paragraph's clause found by its position) or a problem saying why not.
TEST(NoticeText, RandomStatuteLikeTextsAreCutOrRefused) {
    const std::vector<std::u32string> alphabet = {U"\u3000\u3000", U"第一条\u3000", U"第二条 ", U"第一条之一 ", U"一、", U"二、",
                                                  U"（一）", U"(二)", U"1.", U"甲。", U"乙，", U"\n", U"\n", U"\n", U"（注）",
                                                  U"第一章", U"标题", U"\ufffd", U" ", U"- 3 -", U"第", U"条"};
    uint32_t state = 12345;
    auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 16) & 0x7fff; };
    size_t usable = 0;
    for (int n = 0; n < 3000; ++n) {
        std::u32string text;
        for (int i = 0, len = static_cast<int>(next() % 120); i < len; ++i) text += alphabet[next() % alphabet.size()];
        NoticeText t = NoticeText::from_string(utf8::encode(text));
        if (!t.problem().empty()) continue;
        ++usable;
        std::set<std::string> seen;
        for (const NoticeClause& c : t.clauses()) EXPECT_TRUE(seen.insert(c.id).second) << c.id;
        for (const NoticeParagraph& p : t.paragraphs()) {
            const NoticeClause* c = t.clause_at(p.begin);
            EXPECT_EQ(c ? c->id : std::string(), p.clause);
        }
    }
    EXPECT_GT(usable, 1000u) << usable;  // the pieces do make clauses
}

// The texts of the 2024 retirement-age law and the rules it replaces, as published
// (tests/regression/statutes holds copies of shared/notices).
NoticeText fixture(const std::string& file) {
    NoticeText t;
    std::string error;
    EXPECT_TRUE(t.load(std::string(EDICT_SOURCE_DIR) + "/tests/regression/statutes/" + file, error)) << error;
    return t;
}

TEST(NoticeText, TheRetirementLawTextsAsPublished) {
    EXPECT_EQ(ids(fixture("npc-2024-retirement-decision.txt")),
              (std::vector<std::string>{"一", "二", "三", "四", "五"}));
    NoticeText measures = fixture("state-council-2024-retirement-measures.txt");
    EXPECT_EQ(ids(measures), (std::vector<std::string>{"第一条", "第二条", "第三条", "第四条"}));
    auto in = [](const NoticeText& t, const char* quote) {
        auto m = t.find_all(normalise(quote));
        const NoticeClause* c = m.empty() ? nullptr : t.clause_at(m[0].begin);
        return c ? c->id : std::string("(none)");
    };
    EXPECT_EQ(in(measures, "晚退多得"), "第四条");
    EXPECT_EQ(in(measures, "第五条至第十条"), "(none)");
    NoticeText y1978 = fixture("state-council-1978-104-retirement-ages.txt");
    EXPECT_EQ(ids(y1978), (std::vector<std::string>{"第四条", "第四条第一项", "第一条", "第一条第一项"}));
    EXPECT_EQ(y1978.clause("第一条")->law, "国务院关于工人退休、退职的暂行办法");
    EXPECT_EQ(in(y1978, "国务院关于工人退休、退职的暂行办法"), "(none)");  // a title, not the item above it
    EXPECT_EQ(in(y1978, "女年满五十周岁"), "第一条第一项");
    EXPECT_EQ(ids(fixture("civil-code-periods.txt")),
              (std::vector<std::string>{"第二百条", "第二百零一条", "第二百零二条", "第二百零三条", "第二百零四条"}));
    EXPECT_EQ(ids(fixture("state-council-2014-8-residents-pension.txt")), (std::vector<std::string>{"六"}));
}

TEST(StatedNumbers, TheNumbersOfTheMeasuresArticles) {
    NoticeText t = fixture("state-council-2024-retirement-measures.txt");
    auto numbers = [&](const char* id) {
        std::vector<std::string> got;
        for (auto [b, e] : t.clause(id)->ranges)
            for (const StatedNumber& s : stated_numbers(t.norm().substr(b, e - b))) got.push_back(s.text + "=" + s.value);
        return got;
    };
    EXPECT_EQ(numbers("第一条"),
              (std::vector<std::string>{"2025年1月1日=2025-01-01", "五十五周岁=55", "四个月=4", "一个月=1", "六十三周岁=63",
                                        "五十八周岁=58", "五十周岁=50", "二个月=2", "一个月=1", "五十五周岁=55"}));
    EXPECT_EQ(numbers("第二条"),
              (std::vector<std::string>{"2030年1月1日=2030-01-01", "15年=15", "20年=20", "6个月=6"}));
    EXPECT_EQ(numbers("第三条"), (std::vector<std::string>{"3年=3", "50周岁=50", "55周岁=55", "60周岁=60", "3年=3"}));
}

TEST(StatedNumbers, AmountsPeriodsDatesAndYearsInBothNumerals) {
    auto n = stated_numbers(normalise("每月1800元，3个月内，三个月，十五日，延期至2020年2月29日，2019年失业，"
                                      "闽人社文[2020]16 号文，一次性，二十天"));
    std::vector<std::string> got;
    for (const StatedNumber& s : n) got.push_back(s.text + "=" + s.value);
    EXPECT_EQ(got, (std::vector<std::string>{"1800元=1800", "3个月=3", "三个月=3", "十五日=15",
                                             "2020年2月29日=2020-02-29", "2019年=2019", "二十天=20"}));
    EXPECT_EQ(n[0].kind, NumberKind::Money);
    EXPECT_EQ(n[1].kind, NumberKind::Months);
    EXPECT_EQ(n[3].kind, NumberKind::Days);
    EXPECT_EQ(n[4].kind, NumberKind::Date);
    EXPECT_EQ(n[5].kind, NumberKind::Year);
}

}  // namespace
}  // namespace edict::regression
