// SourceFile::line_col: line and column (in code points) for every offset of texts that mix ASCII,
// Chinese and newlines across the 256-byte blocks whose code-point counts it keeps, compared with
// a plain count from the start of the line. (Found by the `chains` fuzz target: a column was counted
// from the start of its line on every call, so codegen over a 250 KB line of 14,718 names took 79 s.)
#include <gtest/gtest.h>

#include <string>

#include "runtime/support/source.hpp"

namespace edict {
namespace {

LineCol counted(const std::string& text, uint32_t offset) {
    LineCol lc;
    for (uint32_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') { ++lc.line; lc.column = 1; continue; }
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++lc.column;
    }
    return lc;
}

void expect_all_offsets(const std::string& text) {
    SourceFile f("t.edict", text);
    for (uint32_t off = 0; off <= text.size() + 2; ++off) {
        LineCol want = counted(text, off), got = f.line_col(off);
        ASSERT_EQ(got.line, want.line) << "offset " << off << " of " << text.size();
        ASSERT_EQ(got.column, want.column) << "offset " << off << " of " << text.size();
    }
}

TEST(SourceFile, ColumnsAcrossBlocksAndMultibyteText) {
    expect_all_offsets("");
    expect_all_offsets("a");
    expect_all_offsets(std::string(256, 'x'));      // ends exactly at a block boundary
    expect_all_offsets(std::string(512, 'x') + "\n");
    std::string mixed;
    for (int i = 0; i < 300; ++i) mixed += i % 7 == 0 ? "\n" : i % 3 == 0 ? "退休年龄" : "rule ";
    expect_all_offsets(mixed);
    std::string long_line = "rule top: int = count([";
    for (int i = 0; i < 400; ++i) long_line += "规则" + std::to_string(i) + ", ";
    expect_all_offsets(long_line + "x])\n");
}

}  // namespace
}  // namespace edict
