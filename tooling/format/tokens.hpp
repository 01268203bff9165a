// A lossless token stream for the formatter and the editor tools. Takes: UTF-8 .edict source text.
// Produces: every token with its byte offset, the comments, and how many line breaks came before
// each token — everything but the blanks inside a line, which the formatter decides itself. The
// parser's tree drops keywords and comments, so the tools that must keep them work from this.
// Literal shapes follow grammar.hpp: a number with its unit ("1800元", "15 days") is one token.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edict::format {

enum class TokenKind {
    Word,     // a name or a keyword (English or Chinese)
    Number,   // int, decimal, date, month, money ("1800元", "¥5"), duration ("15 days", "3个月")
    String,   // "..." with its quotes and escapes as written
    Clause,   // §一.1
    Punct,    // ( ) [ ] { } , : . + - * / < > = ? | => -> == != <= >= ??
    Comment,  // # ... to the end of the line, without the line break
};

struct Token {
    TokenKind kind;
    std::string text;
    uint32_t offset = 0;   // byte offset in the source
    int breaks_before = 0; // line breaks between the previous token and this one
};

struct LexResult {
    std::vector<Token> tokens;
    std::string error;         // empty when the whole text was tokenised
    uint32_t error_offset = 0;
};

LexResult lex(std::string_view text);

// Whether a UTF-8 code point may appear in a name (the grammar's ident_other).
bool is_name_char(uint32_t cp);

}  // namespace edict::format
