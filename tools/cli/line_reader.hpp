// Reading a file of cases line by line. Takes: an open file and the longest line to keep.
// Produces: one line at a time (without its line break and a CR before it), never holding more
// than one line, however long the file's lines are.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace edict::cli {

// Reads lines of any length up to a limit without holding more than one line. A longer line is
// consumed to its end and reported, so one bad line cannot exhaust memory or stop the batch.
// `stopping`, when given, is asked before each read: true ends the input there (a batch asked to
// stop by SIGINT, reading an input that never blocks and never breaks a line, such as /dev/zero).
class LineReader {
public:
    LineReader(std::FILE* f, size_t max_line, bool (*stopping)() = nullptr)
        : f_(f), max_line_(max_line), stopping_(stopping), buf_(1u << 16) {}

    // false at end of input.
    bool next(std::string& line, bool& too_long) {
        line.clear();
        too_long = false;
        bool any = false;
        for (;;) {
            if (pos_ == len_) {
                if (stopping_ && stopping_()) return false;
                len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
                pos_ = 0;
                bytes_ += len_;
                if (len_ == 0) return any;
            }
            any = true;
            const char* start = buf_.data() + pos_;
            const char* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
            size_t n = nl ? static_cast<size_t>(nl - start) : len_ - pos_;
            if (!too_long && line.size() + n <= max_line_) line.append(start, n);
            else { too_long = true; line.clear(); }
            pos_ += n;
            if (nl) {
                ++pos_;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                return true;
            }
        }
    }
    uint64_t bytes() const { return bytes_; }
    bool failed() const { return std::ferror(f_) != 0; }

private:
    std::FILE* f_;
    size_t max_line_;
    bool (*stopping_)();
    std::vector<char> buf_;
    size_t pos_ = 0, len_ = 0;
    uint64_t bytes_ = 0;
};

// Whether a line holds nothing but spaces, tabs and CRs.
inline bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace edict::cli
