// Tokeniser for the formatter and editor tools (see tokens.hpp). Mirrors the lexical rules of
// syntax/grammar.hpp; anything the grammar would not accept as a token is reported, not guessed.
#include "tooling/format/tokens.hpp"

#include <array>

#include "runtime/support/utf8.hpp"

namespace edict::format {

namespace {


bool is_letter(uint32_t cp) {
    static constexpr std::array<std::pair<uint32_t, uint32_t>, 12> kRanges{{
        {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x024F}, {0x0370, 0x03FF}, {0x0400, 0x04FF},
        {0x3005, 0x3005}, {0x3007, 0x3007}, {0x3040, 0x30FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
        {0xAC00, 0xD7AF}, {0xF900, 0xFAFF}}};
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_') return true;
    if (cp >= 0x20000 && cp <= 0x2FFFF) return true;
    for (auto [lo, hi] : kRanges)
        if (cp >= lo && cp <= hi) return true;
    return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether a name character starts at byte i.
bool name_char_at(std::string_view s, size_t i) {
    if (i >= s.size()) return false;
    size_t len;
    return is_name_char(utf8::decode(s, i, len));
}

size_t digits_at(std::string_view s, size_t i) {
    size_t n = 0;
    while (i + n < s.size() && is_digit(s[i + n])) ++n;
    return n;
}

// The units that may follow a number (grammar: yuan_unit, unit_days, unit_months, unit_years).
constexpr std::string_view kUnits[] = {"元", "yuan", "CNY", "days", "day", "天", "日", "months", "month",
                                       "个月", "years", "year", "年"};

// Length of a number literal with its unit starting at i (digits known to be there).
size_t number_at(std::string_view s, size_t i) {
    size_t n = digits_at(s, i);
    // date dddd-dd-dd or month dddd-dd
    if (n == 4 && i + 7 <= s.size() && s[i + 4] == '-' && digits_at(s, i + 5) == 2) {
        if (i + 10 <= s.size() && s[i + 7] == '-' && digits_at(s, i + 8) == 2) return 10;
        return 7;
    }
    if (i + n + 1 < s.size() && s[i + n] == '.' && is_digit(s[i + n + 1])) n += 1 + digits_at(s, i + n + 1);
    size_t k = i + n;
    while (k < s.size() && s[k] == ' ') ++k;
    for (std::string_view u : kUnits)
        if (s.compare(k, u.size(), u) == 0 && !name_char_at(s, k + u.size())) return k + u.size() - i;
    return n;
}

size_t punct_at(std::string_view s, size_t i) {
    static constexpr std::string_view kTwo[] = {"=>", "->", "==", "!=", "<=", ">=", "??"};
    for (std::string_view p : kTwo)
        if (s.compare(i, 2, p) == 0) return 2;
    static constexpr std::string_view kOne = "()[]{},:.+-*/<>=?|";
    return kOne.find(s[i]) != std::string_view::npos ? 1 : 0;
}

}  // namespace

bool is_name_char(uint32_t cp) { return is_letter(cp) || (cp >= '0' && cp <= '9'); }

LexResult lex(std::string_view s) {
    LexResult r;
    size_t i = s.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    int breaks = 0;
    auto push = [&](TokenKind k, size_t begin, size_t end) {
        r.tokens.push_back({k, std::string(s.substr(begin, end - begin)), static_cast<uint32_t>(begin), breaks});
        breaks = 0;
    };
    while (i < s.size()) {
        char c = s[i];
        size_t len;
        uint32_t cp = utf8::decode(s, i, len);
        if (c == '\n') { ++breaks; ++i; continue; }
        if (c == ' ' || c == '\t' || c == '\r' || cp == 0x3000) { i += len; continue; }
        size_t start = i;
        if (c == '#') {
            while (i < s.size() && s[i] != '\n') ++i;
            size_t end = i;
            while (end > start && (s[end - 1] == '\r' || s[end - 1] == ' ' || s[end - 1] == '\t')) --end;
            push(TokenKind::Comment, start, end);
        } else if (c == '"') {
            ++i;
            while (i < s.size() && s[i] != '"' && s[i] != '\n') i += s[i] == '\\' && i + 1 < s.size() && s[i + 1] != '\n' ? 2 : 1;
            if (i >= s.size() || s[i] != '"') {
                r.error = "this text has no closing '\"' on its line";
                r.error_offset = static_cast<uint32_t>(start);
                return r;
            }
            ++i;
            push(TokenKind::String, start, i);
        } else if (cp == 0x00A7) {  // §clause: up to a blank or a quote
            i += len;
            while (i < s.size()) {
                size_t l;
                uint32_t q = utf8::decode(s, i, l);
                if (q == ' ' || q == '\t' || q == '\r' || q == '\n' || q == '"' || q == 0x3000) break;
                i += l;
            }
            push(TokenKind::Clause, start, i);
        } else if (is_digit(c)) {
            i += number_at(s, i);
            push(TokenKind::Number, start, i);
        } else if (cp == 0x00A5 || cp == 0xFFE5) {  // ¥ / ￥ before an amount
            i += len;
            if (i >= s.size() || !is_digit(s[i])) {
                r.error = "expected an amount after the yuan sign";
                r.error_offset = static_cast<uint32_t>(start);
                return r;
            }
            i += number_at(s, i);
            push(TokenKind::Number, start, i);
        } else if (is_letter(cp)) {
            i += len;
            while (name_char_at(s, i)) { utf8::decode(s, i, len); i += len; }
            push(TokenKind::Word, start, i);
        } else if (size_t p = punct_at(s, i)) {
            i += p;
            push(TokenKind::Punct, start, i);
        } else {
            r.error = "unexpected character here";
            r.error_offset = static_cast<uint32_t>(start);
            return r;
        }
    }
    return r;
}

}  // namespace edict::format
