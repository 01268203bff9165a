// Source files and spans. Takes: file paths and their text. Produces: byte-offset spans and,
// on demand, line/column positions and the text of a line for carets.
// Lives in runtime/ because both the compiler (diagnostics) and the VM (pc -> span tables)
// need spans; it knows nothing about parsing.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edict {

struct Span {
    uint32_t file = 0;
    uint32_t begin = 0;  // byte offset, inclusive
    uint32_t end = 0;    // byte offset, exclusive
};

struct LineCol {
    uint32_t line = 1;    // 1-based
    uint32_t column = 1;  // 1-based, in code points
};

class SourceFile {
public:
    SourceFile(std::string path, std::string text);
    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    LineCol line_col(uint32_t offset) const;
    std::string_view line_text(uint32_t line) const;  // without the newline

private:
    // Code points before byte `offset`, from the block counts below plus at most one block's scan:
    // a column is then found in constant time however long its line (a generated policy may put
    // 40,000 names on one line, and codegen asks for a column per instruction).
    uint32_t code_points_before(uint32_t offset) const;
    static constexpr uint32_t kBlock = 256;
    std::string path_;
    std::string text_;
    std::vector<uint32_t> line_starts_;
    std::vector<uint32_t> block_code_points_;  // code points in text_[0, k * kBlock)
};

class SourceMap {
public:
    uint32_t add(std::string path, std::string text);
    const SourceFile& file(uint32_t id) const { return files_.at(id); }
    size_t size() const { return files_.size(); }
    std::string_view slice(const Span& s) const;

private:
    std::vector<SourceFile> files_;
};

// A resolved position that survives without the source text (kept in compiled programs).
struct SourceLoc {
    uint32_t file = 0;  // index into Program::files
    uint32_t line = 0;
    uint32_t column = 0;
};

}  // namespace edict
