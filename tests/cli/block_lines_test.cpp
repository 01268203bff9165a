// A batch's JSON Lines read by blocks (tools/cli/block_lines.hpp): the lines LineReader gives, from
// a file or a pipe, however the reads and the chunks fall; a line over the limit reported, never
// held; a file cut short while read named as such, the line the cut ended in not given out.
#include "tools/cli/block_lines.hpp"

#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace edict::cli {
namespace {

// A line as given out: its text, or "<too long>".
using Lines = std::vector<std::string>;

std::FILE* file_of(const std::string& bytes) {
    std::FILE* f = std::tmpfile();
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::rewind(f);
    return f;
}

// Every line of `in`, at most `per_fill` a fill.
Lines read_all(BlockLines& in, size_t per_fill) {
    Lines out;
    ByteBuffer buf;
    std::vector<LineSpan> spans;
    while (in.fill(buf, spans, per_fill)) {
        EXPECT_LE(spans.size(), per_fill);
        for (const LineSpan& s : spans) out.push_back(s.too_long ? "<too long>" : std::string(buf.data() + s.at, s.size));
    }
    return out;
}

// Lines of many lengths (a few bytes to several reads long), and what a reader must give of them.
struct Sample {
    std::string bytes;
    Lines lines;
};
Sample sample() {
    Sample s;
    for (int i = 0; i < 600; ++i) {
        std::string line = "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(static_cast<size_t>(i * 97 % 3000), 'x') + "\"}";
        if (i % 50 == 7) line.assign(static_cast<size_t>(40000 + i), 'y');  // longer than a read of 16 KiB
        s.lines.push_back(line);
        s.bytes += line;
        s.bytes += i % 3 == 0 ? "\r\n" : "\n";  // CR LF too: the CR is not part of the line
        if (i % 40 == 0) s.bytes += "\n \t\r\n";  // blank and whitespace-only lines: skipped
    }
    s.bytes += "{\"last\":true}";  // the last line without a break
    s.lines.push_back("{\"last\":true}");
    return s;
}

TEST(BlockLines, GivesEveryLineWholeHoweverTheChunksFall) {
    const Sample s = sample();
    for (size_t per_fill : {1, 3, 256, 100000}) {
        std::FILE* f = file_of(s.bytes);
        BlockLines in(f, 1 << 20);
        EXPECT_EQ(read_all(in, per_fill), s.lines) << per_fill << " lines a fill";
        EXPECT_EQ(in.bytes(), s.bytes.size());
        EXPECT_FALSE(in.cut());
        std::fclose(f);
    }
}

TEST(BlockLines, ReadsAPipeAsAFile) {
    const Sample s = sample();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::thread writer([&] {
        // In pieces of odd sizes, so reads end anywhere in a line.
        for (size_t at = 0; at < s.bytes.size(); at += 7919)
            EXPECT_GT(::write(fds[1], s.bytes.data() + at, std::min<size_t>(7919, s.bytes.size() - at)), 0);
        ::close(fds[1]);
    });
    std::FILE* f = ::fdopen(fds[0], "rb");
    BlockLines in(f, 1 << 20);
    EXPECT_EQ(read_all(in, 256), s.lines);
    EXPECT_EQ(in.size_at_start(), 0u);  // a pipe has no size to be cut from
    writer.join();
    std::fclose(f);
}

TEST(BlockLines, ALineOverTheLimitIsReportedAndNeverHeldWhole) {
    const std::string huge(std::string(5u << 20, 'z'));
    std::FILE* f = file_of("{\"a\":1}\n" + huge + "\n{\"b\":2}\n" + std::string(300, 'w') + "\n" + huge);
    BlockLines in(f, 1000);
    ByteBuffer buf;
    std::vector<LineSpan> spans;
    Lines got;
    size_t largest = 0;
    while (in.fill(buf, spans, 1)) {
        largest = std::max(largest, buf.capacity());
        for (const LineSpan& s : spans) got.push_back(s.too_long ? "<too long>" : std::string(buf.data() + s.at, s.size));
    }
    EXPECT_EQ(got, (Lines{"{\"a\":1}", "<too long>", "{\"b\":2}", std::string(300, 'w'), "<too long>"}));
    EXPECT_LT(largest, 3u << 20) << "the 5 MiB lines were held";
    std::fclose(f);
}

TEST(BlockLines, AFileCutShortWhileReadIsNamedAndItsCutLineNotGiven) {
    const Sample s = sample();
    std::FILE* f = file_of(s.bytes);
    BlockLines in(f, 1 << 20);
    EXPECT_EQ(in.size_at_start(), s.bytes.size());
    ByteBuffer buf;
    std::vector<LineSpan> spans;
    Lines got;
    ASSERT_TRUE(in.fill(buf, spans, 2));
    for (const LineSpan& l : spans) got.push_back(std::string(buf.data() + l.at, l.size));
    // Cut in the middle of a line well past what the first fill read.
    const size_t cut = s.bytes.find("\"n\":300,") + 3;
    ASSERT_EQ(::ftruncate(::fileno(f), static_cast<off_t>(cut)), 0);
    for (const std::string& l : read_all(in, 2)) got.push_back(l);
    EXPECT_TRUE(in.cut());
    ASSERT_FALSE(got.empty());
    ASSERT_LT(got.size(), s.lines.size());
    EXPECT_EQ(got, Lines(s.lines.begin(), s.lines.begin() + static_cast<long>(got.size())));
    EXPECT_EQ(got.back().find("\"n\":300,"), std::string::npos) << "the cut line was given out";
    std::fclose(f);
}

TEST(BlockLines, AFileThatGrowsIsReadToTheSizeItHad) {
    std::FILE* f = file_of("{\"a\":1}\n{\"b\":2}\n");
    BlockLines in(f, 1 << 20);
    const std::string more = "{\"c\":3}\n";  // written past the end, the reader's offset left as it is
    ASSERT_EQ(::pwrite(::fileno(f), more.data(), more.size(), 16), static_cast<ssize_t>(more.size()));
    EXPECT_EQ(read_all(in, 256), (Lines{"{\"a\":1}", "{\"b\":2}"}));
    EXPECT_FALSE(in.cut());
    std::fclose(f);
}

}  // namespace
}  // namespace edict::cli
