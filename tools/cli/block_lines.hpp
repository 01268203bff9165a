// A batch's JSON Lines read by blocks. Takes: an open file (a regular file, a pipe, a terminal)
// and the longest line to keep. Produces: whole lines, a chunk at a time, each lying in the chunk's
// own buffer — read(2) (through stdio) straight into it, no copy of each line, and no mapping of
// the file, whose first touch of each page cost more than the copy (docs/performance.md, "The
// batch's input read by blocks"). Lines are as LineReader gives them: without the break and a CR
// before it, blank and whitespace-only lines skipped, a line longer than the limit consumed to
// its end and reported, never held whole.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace edict::cli {

// Bytes that grow without being cleared (a std::string's resize would zero each block before the
// read overwrites it).
class ByteBuffer {
public:
    char* data() { return data_.get(); }
    const char* data() const { return data_.get(); }
    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    void clear() { size_ = 0; }
    void resize_down(size_t n) { size_ = n; }  // n <= size()
    // Room for n more bytes after size(); they count once commit()ed.
    char* reserve_more(size_t n);
    void commit(size_t n) { size_ += n; }
    void append(const char* p, size_t n) { std::copy(p, p + n, reserve_more(n)); commit(n); }
    void release() { data_.reset(); size_ = capacity_ = 0; }

private:
    std::unique_ptr<char[]> data_;
    size_t size_ = 0, capacity_ = 0;
};

// A line of a block: where it lies in the buffer. A line over the limit has no bytes, only the flag.
struct LineSpan {
    size_t at = 0;
    size_t size = 0;
    bool too_long = false;
};

class BlockLines {
public:
    // `stopping`, when given, is asked before each read: true ends the input there, as its end
    // would (a batch asked to stop, reading an input that never blocks, such as /dev/zero).
    BlockLines(std::FILE* f, size_t max_line, bool (*stopping)() = nullptr);

    // The next lines, at most max_lines of them, into `buf` (cleared first) and `lines` (cleared);
    // false when the input is exhausted and no line was read.
    bool fill(ByteBuffer& buf, std::vector<LineSpan>& lines, size_t max_lines);
    // Bytes consumed so far (lines given out, their breaks, the blank and too-long lines between
    // them): everything read but what waits for the next fill.
    uint64_t bytes() const { return read_ - carry_.size(); }
    // A regular file ended before the size it had when reading began: it was cut short while being
    // read (a last line cut with it is not given out).
    bool cut() const { return cut_; }
    // The size a regular file had to read when reading began; 0 for other inputs.
    uint64_t size_at_start() const { return limit_ == kNoLimit ? 0 : limit_; }

private:
    static constexpr uint64_t kNoLimit = UINT64_MAX;
    size_t read_into(ByteBuffer& buf, size_t want);
    bool skip_past_break(ByteBuffer& buf, size_t line_start);

    std::FILE* f_;
    size_t max_line_;
    bool (*stopping_)();
    uint64_t limit_ = kNoLimit;  // a regular file: the bytes it had from the start position
    uint64_t read_ = 0;          // bytes read from f_
    bool eof_ = false, cut_ = false, stopped_ = false;
    std::string carry_;  // the bytes after the last line given out: the start of the next
    uint64_t lines_seen_ = 0;  // to size each read to the chunk's lines
};

}  // namespace edict::cli
