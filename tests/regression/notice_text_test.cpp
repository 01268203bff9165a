// Unit tests for tooling/regression/notice_text and numbers: how a notice text is normalised and
// cut into clause ids, how quotes are found in it, and which numbers a passage states.
#include <gtest/gtest.h>

#include "tooling/regression/notice_text.hpp"
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
    EXPECT_EQ(encode_utf8(t.norm().substr(m.begin, m.end - m.begin)), "第一项，每月1800元，疫情结束");
    EXPECT_EQ(diff, 7u);  // the '9'
    // A deleted character: the end-anchored alignment still finds the passage.
    q = normalise("项每月1800元，疫情结束");
    m = t.closest(q, diff);
    EXPECT_EQ(encode_utf8(t.norm().substr(m.end - 3, 3)), "情结束");
}

TEST(NoticeText, LoadRefusesMissingAndNonUtf8Files) {
    NoticeText t;
    std::string error;
    EXPECT_FALSE(t.load("/nonexistent/notice.txt", error));
    EXPECT_NE(error.find("cannot read"), std::string::npos);
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
