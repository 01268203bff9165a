#include "tools/cli/block_lines.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "tools/cli/line_reader.hpp"

namespace edict::cli {

namespace {

// The smallest read, and the bytes read beyond what the chunk's lines are expected to need (so
// that its last line is nearly always whole without a second read). What is read past the chunk's
// last line is carried to the next chunk, a copy of about this much.
constexpr size_t kMinRead = size_t{16} << 10;
constexpr size_t kSlack = size_t{4} << 10;
// The largest read sized by the lines wanted (a line longer than this is read in steps of its own
// length so far).
constexpr size_t kMaxRead = size_t{4} << 20;
// The read that drops the rest of a line too long to keep.
constexpr size_t kSkipRead = size_t{1} << 20;
// A buffer a huge line grew is given back on its next fill, so memory stays that of ordinary lines.
constexpr size_t kKeepBytes = size_t{4} << 20;

}  // namespace

char* ByteBuffer::reserve_more(size_t n) {
    if (capacity_ - size_ < n) {
        const size_t want = std::max(size_ + n, capacity_ + capacity_ / 2);
        std::unique_ptr<char[]> grown(new char[want]);
        if (size_) std::memcpy(grown.get(), data_.get(), size_);
        data_ = std::move(grown);
        capacity_ = want;
    }
    return data_.get() + size_;
}

BlockLines::BlockLines(std::FILE* f, size_t max_line, bool (*stopping)())
    : f_(f), max_line_(max_line), stopping_(stopping) {
    // A regular file is read to the size it has now: a file still being written is not followed,
    // and one that ends before it was cut short while being read (cut()).
    struct stat st {};
    const int fd = ::fileno(f);
    if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        const off_t at = ::ftello(f);  // what stdio has handed out already (nothing, for a batch)
        if (at >= 0 && at <= st.st_size) limit_ = static_cast<uint64_t>(st.st_size - at);
    }
}

// Up to `want` more bytes at the end of buf; at the end of the input (or a read error, or the size
// a regular file had) sets eof_, and cut_ when a regular file ended before that size.
size_t BlockLines::read_into(ByteBuffer& buf, size_t want) {
    if (eof_) return 0;
    if (stopping_ && stopping_()) {
        eof_ = stopped_ = true;
        return 0;
    }
    if (limit_ != kNoLimit) want = static_cast<size_t>(std::min<uint64_t>(want, limit_ - read_));
    size_t got = 0;
    if (want > 0) {
        got = std::fread(buf.reserve_more(want), 1, want, f_);
        buf.commit(got);
        read_ += got;
    }
    if (got < want || want == 0) {
        eof_ = true;
        cut_ = limit_ != kNoLimit && read_ < limit_ && !std::ferror(f_);
    }
    return got;
}

// Past the rest of a line too long to keep: reads and drops bytes to its break, then puts what
// followed the break at line_start. false when the input ended first.
bool BlockLines::skip_past_break(ByteBuffer& buf, size_t line_start) {
    for (;;) {
        buf.resize_down(line_start);
        const size_t got = read_into(buf, kSkipRead);
        if (got == 0) return false;
        const char* from = buf.data() + line_start;
        const char* nl = static_cast<const char*>(std::memchr(from, '\n', got));
        if (!nl) continue;
        const size_t dropped = static_cast<size_t>(nl - from) + 1;
        std::memmove(buf.data() + line_start, nl + 1, got - dropped);
        buf.resize_down(line_start + got - dropped);
        return true;
    }
}

bool BlockLines::fill(ByteBuffer& buf, std::vector<LineSpan>& lines, size_t max_lines) {
    lines.clear();
    if (buf.capacity() > kKeepBytes) buf.release();
    buf.clear();
    buf.append(carry_.data(), carry_.size());
    if (carry_.capacity() > kKeepBytes) std::string().swap(carry_);  // after a huge line's read
    else carry_.clear();
    size_t pos = 0;      // where the next line starts in buf
    size_t scanned = 0;  // bytes from pos known to hold no break
    while (lines.size() < max_lines) {
        const char* start = buf.data() + pos;
        const size_t have = buf.size() - pos;
        // (memchr of nothing is not asked: an empty buffer may have no bytes at all, a null data())
        const char* nl = have > scanned ? static_cast<const char*>(std::memchr(start + scanned, '\n', have - scanned))
                                        : nullptr;
        size_t n, next;  // the line's bytes (its CR included), and where the line after it starts
        if (nl) {
            n = static_cast<size_t>(nl - start);
            next = pos + n + 1;
        } else if (have > max_line_) {
            // Too long whatever follows: dropped and read through to its break, never held whole.
            const bool more = skip_past_break(buf, pos);
            if (more || (!cut_ && !stopped_)) lines.push_back({pos, 0, true});
            scanned = 0;
            continue;
        } else if (!eof_) {
            // Sized to the lines the chunk still wants, at the lines' average length so far (the
            // bytes read less those not yet given out, a line); at least what the line being read
            // holds already, so a long line takes few reads.
            const uint64_t given = read_ - have;
            const size_t average = lines_seen_ ? static_cast<size_t>(given / lines_seen_) + 1 : 1024;
            const size_t wanted = std::min(kMaxRead, (max_lines - lines.size()) * average + kSlack);
            const size_t want = std::max({kMinRead, wanted, have});
            scanned = have;
            read_into(buf, want);
            continue;
        } else if (have == 0 || cut_ || stopped_) {
            // The end; a line the cut (or the stop) ended in is not a line.
            pos = buf.size();
            break;
        } else {
            n = have;  // the last line, without a break
            next = buf.size();
        }
        ++lines_seen_;
        if (n > max_line_) {
            lines.push_back({pos, 0, true});
        } else {
            size_t kept = n;
            if (kept > 0 && start[kept - 1] == '\r') --kept;
            if (!blank(std::string_view(start, kept))) lines.push_back({pos, kept, false});
        }
        pos = next;
        scanned = 0;
    }
    carry_.assign(buf.data() + pos, buf.size() - pos);
    buf.resize_down(pos);
    return !lines.empty();
}

}  // namespace edict::cli
