// UTF-8, once for the whole code base. Takes: bytes that should be UTF-8. Produces: code points,
// sequence lengths, the first invalid byte, encodings and terminal widths. Every reader of text
// (parser, JSON, notice texts, formatter tokens, LSP, diagnostics carets, the REPL) goes through
// here, so "valid" means the same everywhere: RFC 3629, no overlong forms, no surrogates, nothing
// above U+10FFFF.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace edict::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// A byte that continues a sequence (10xxxxxx) rather than starting a code point.
inline bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Length of the valid sequence starting at s[i] (1 for ASCII), 0 when it is not valid UTF-8.
size_t sequence_length(std::string_view s, size_t i);

// The code point at s[i] and its length in `len`. An invalid sequence reads as U+FFFD of length 1,
// so a scan over arbitrary bytes always advances and never reads past the end.
char32_t decode(std::string_view s, size_t i, size_t& len);

// Offset of the first byte that does not start a valid sequence, or npos.
size_t find_invalid(std::string_view s);

// The whole text as code points; false (and `out` unspecified) when it is not valid UTF-8.
bool decode_all(std::string_view s, std::u32string& out);

void append(std::string& out, char32_t cp);
std::string encode(std::u32string_view cps);

// Copy of s with each invalid byte replaced by U+FFFD: safe to print or put into JSON.
std::string valid(std::string_view s);

// Terminal cells a code point takes: 2 for East Asian wide and full-width forms, else 1.
unsigned width(char32_t cp);
// Terminal cells of a text (for carets under a line of source).
size_t width(std::string_view s);

}  // namespace edict::utf8
