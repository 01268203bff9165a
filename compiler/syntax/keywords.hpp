// The two keyword sets side by side. Takes: nothing (constant tables). Produces: for each keyword
// its English and Chinese spelling, whether it is reserved or contextual, and the Chinese names of
// the built-in types. The grammar (grammar.hpp) spells the same pairs out as PEGTL strings because
// PEGTL needs them at compile time; tests/syntax/keywords_test.cpp parses every pair so the two
// lists cannot drift apart. Used by the formatter (`edict fmt --keywords zh|en`), the parser's
// error recovery, the language server's completion and the docs.
#pragma once
#include <optional>
#include <string_view>

namespace edict::syntax {

struct KeywordPair {
    std::string_view en;
    std::string_view zh;
    bool reserved;     // false: a contextual word, an ordinary name outside its construct
    bool declaration;  // starts a declaration (parser recovery restarts at these)
};

// Chosen so a rule reads as Chinese: 规则 退休日期: 日期 = ..., 当 X 则 Y 其他情况 Z,
// 例外 A 针对 B 优先于 C, 引用 "通知" §一 "原文", 测试 "..." 已知 a = 1 预期 b = 是.
inline constexpr KeywordPair kKeywords[] = {
    {"import", "导入", true, true},     {"notice", "通知", true, true},      {"enum", "枚举", true, true},
    {"record", "记录", true, true},     {"input", "输入", true, true},       {"param", "参数", true, true},
    {"table", "表格", true, true},      {"rule", "规则", true, true},        {"exception", "例外", true, true},
    {"function", "函数", true, true},   {"output", "输出", true, true},      {"calendar", "日历", true, true},
    {"amend", "修订", true, true},      {"override", "覆盖", true, true},    {"test", "测试", true, true},
    {"clause", "条款", true, true},     {"when", "当", true, false},         {"then", "则", true, false},
    {"otherwise", "其他情况", true, false}, {"if", "如果", true, false},      {"else", "否则", true, false},
    {"let", "设", true, false},         {"in", "于", true, false},           {"match", "匹配", true, false},
    {"and", "并且", true, false},       {"or", "或者", true, false},         {"not", "非", true, false},
    {"is", "为", true, false},          {"null", "空", true, false},         {"true", "是", true, false},
    {"false", "否", true, false},       {"cite", "引用", true, false},       {"from", "自", true, false},
    {"to", "针对", true, false},        {"over", "优先于", true, false},     {"at", "在", true, false},
    {"where", "其中", true, false},
    // contextual
    {"list", "列表", false, false},     {"text", "原文", false, false},      {"issued", "发布于", false, false},
    {"title", "标题", false, false},    {"holiday", "假日", false, false},   {"workday", "工作日", false, false},
    {"given", "已知", false, false},    {"expect", "预期", false, false},    {"computable", "可计算", false, false},
    {"unused", "未用", false, false},   {"external", "外部", false, false},
    {"covers", "涵盖", false, false},   {"weekends", "周末", false, false},
};

// `to` inside a calendar range (2020-01-24 至 2020-01-30); the grammar accepts all three spellings
// in both places, the formatter writes the one that reads right.
inline constexpr std::string_view kToInRangeZh = "至";

// Built-in type names in Chinese; the parser maps them to the English names in type positions.
inline constexpr KeywordPair kTypeNames[] = {
    {"bool", "布尔", false, false},   {"int", "整数", false, false},   {"decimal", "小数", false, false},
    {"money", "金额", false, false},  {"date", "日期", false, false},  {"month", "月份", false, false},
    {"text", "文本", false, false},   {"days", "天数", false, false},  {"months", "月数", false, false},
    {"years", "年数", false, false},
};

inline std::optional<KeywordPair> keyword_named(std::string_view word) {
    for (const auto& k : kKeywords)
        if (k.en == word || k.zh == word) return k;
    if (word == kToInRangeZh) return KeywordPair{"to", "针对", true, false};
    return std::nullopt;
}

inline std::optional<KeywordPair> type_named(std::string_view word) {
    for (const auto& k : kTypeNames)
        if (k.en == word || k.zh == word) return k;
    return std::nullopt;
}

// The English name of a type written in either language ("日期" → "date"); other names unchanged.
inline std::string_view english_type_name(std::string_view word) {
    for (const auto& k : kTypeNames)
        if (k.zh == word) return k.en;
    return word;
}

}  // namespace edict::syntax
