// Line tables for source files; column numbers count UTF-8 code points so carets line up
// under Chinese identifiers in a terminal that shows one cell per character.
#include "runtime/support/source.hpp"
#include "runtime/support/utf8.hpp"

#include <algorithm>

namespace edict {

namespace {
bool starts_code_point(char c) { return !utf8::is_continuation(c); }
}  // namespace

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    uint32_t code_points = 0;
    for (uint32_t i = 0; i < text_.size(); ++i) {
        if (i % kBlock == 0) block_code_points_.push_back(code_points);
        code_points += starts_code_point(text_[i]);
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
    if (text_.size() % kBlock == 0) block_code_points_.push_back(code_points);  // the block the end opens
}

uint32_t SourceFile::code_points_before(uint32_t offset) const {
    uint32_t block = offset / kBlock;  // offset <= size: the constructor recorded that block
    uint32_t n = block_code_points_[block];
    for (uint32_t i = block * kBlock; i < offset; ++i) n += starts_code_point(text_[i]);
    return n;
}

LineCol SourceFile::line_col(uint32_t offset) const {
    if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
    uint32_t start = line_starts_[line - 1];
    return {line, code_points_before(offset) - code_points_before(start) + 1};
}

std::string_view SourceFile::line_text(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    uint32_t start = line_starts_[line - 1];
    uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
    if (end > start && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(start, end - start);
}

uint32_t SourceMap::add(std::string path, std::string text) {
    files_.emplace_back(std::move(path), std::move(text));
    return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view SourceMap::slice(const Span& s) const {
    const std::string& t = files_.at(s.file).text();
    if (s.begin >= t.size() || s.end <= s.begin) return {};
    return std::string_view(t).substr(s.begin, std::min<size_t>(s.end, t.size()) - s.begin);
}

}  // namespace edict
