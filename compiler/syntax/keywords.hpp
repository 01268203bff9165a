// The keywords and type names as data. Takes: syntax/keywords.def and bytecode/primitive_types.def
// (the one list of each; the grammar is generated from the same keywords.def, so nothing here can
// drift from what the parser accepts). Produces: for each keyword its English and Chinese
// spelling, whether it is reserved or contextual, and the Chinese names of the built-in types.
// Used by the formatter (`edict fmt --keywords zh|en`), the parser's error recovery, the language
// server's completion and the docs.
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

namespace keyword_kind {
constexpr bool reserved_Declaration = true, reserved_Reserved = true, reserved_Contextual = false;
constexpr bool declaration_Declaration = true, declaration_Reserved = false, declaration_Contextual = false;
}  // namespace keyword_kind

inline constexpr KeywordPair kKeywords[] = {
#define EDICT_KEYWORD(name, en, zh, kind) \
    {en, zh, keyword_kind::reserved_##kind, keyword_kind::declaration_##kind},
#define EDICT_KEYWORD2(name, en, zh, zh2, kind) EDICT_KEYWORD(name, en, zh, kind)
#include "compiler/syntax/keywords.def"
#undef EDICT_KEYWORD
#undef EDICT_KEYWORD2
};

// `to` inside a calendar range (2020-01-24 至 2020-01-30): the second Chinese spelling of `to`.
#define EDICT_KEYWORD(name, en, zh, kind)
#define EDICT_KEYWORD2(name, en, zh, zh2, kind) inline constexpr std::string_view kSecondSpelling_##name = zh2;
#include "compiler/syntax/keywords.def"
#undef EDICT_KEYWORD
#undef EDICT_KEYWORD2
inline constexpr std::string_view kToInRangeZh = kSecondSpelling_to;

// Built-in type names in Chinese; the parser maps them to the English names in type positions.
inline constexpr KeywordPair kTypeNames[] = {
#define EDICT_PRIMITIVE(kind, en, zh, doc) {en, zh, false, false},
#include "runtime/bytecode/primitive_types.def"
#undef EDICT_PRIMITIVE
};

inline std::optional<KeywordPair> keyword_named(std::string_view word) {
    for (const auto& k : kKeywords)
        if (k.en == word || k.zh == word) return k;
    if (word == kToInRangeZh) return keyword_named("to");
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
