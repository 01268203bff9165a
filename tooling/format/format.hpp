// `edict fmt`: the one canonical layout of an .edict file. Takes: source text and which keyword
// set to write (as written, English or Chinese). Produces: the formatted text, or an error when
// the file does not parse (a formatter that guessed at broken code would hide the mistake).
//
// The layout: declarations start in column 1, one blank line at most between lines; the line
// breaks are the author's (long citations and conditions break where a reader expects), the
// indentation and the blanks inside a line are not: parts of a declaration (cite, =, when, then,
// otherwise, given, expect, calendar entries, dated values) are indented 2, a continued expression
// 4, and each open bracket adds 2 to the line that opened it. Comments stay where they were.
// Formatting twice changes nothing; the result is checked to hold the same tokens as the input.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace edict::format {

enum class Keywords { AsWritten, English, Chinese };

struct FormatResult {
    std::string text;          // the formatted file (when error is empty)
    std::string error;         // why the file was not formatted
    uint32_t error_offset = 0; // where, as a byte offset into the input
    bool ok() const { return error.empty(); }
};

FormatResult format_source(std::string_view text, Keywords keywords = Keywords::AsWritten);

}  // namespace edict::format
