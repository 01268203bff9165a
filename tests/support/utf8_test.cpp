// The one UTF-8 module: what counts as valid, how invalid bytes read, widths.
#include "runtime/support/utf8.hpp"

#include <gtest/gtest.h>

namespace edict {
namespace {

TEST(Utf8, SequenceLengthFollowsRfc3629) {
    EXPECT_EQ(utf8::sequence_length("a", 0), 1u);
    EXPECT_EQ(utf8::sequence_length("é", 0), 2u);
    EXPECT_EQ(utf8::sequence_length("疫", 0), 3u);
    EXPECT_EQ(utf8::sequence_length("\xF0\x9F\x98\x80", 0), 4u);
    EXPECT_EQ(utf8::sequence_length("\xC0\xAF", 0), 0u);          // overlong '/'
    EXPECT_EQ(utf8::sequence_length("\xE0\x80\xAF", 0), 0u);      // overlong, three bytes
    EXPECT_EQ(utf8::sequence_length("\xED\xA0\x80", 0), 0u);      // surrogate U+D800
    EXPECT_EQ(utf8::sequence_length("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
    EXPECT_EQ(utf8::sequence_length("\xE7\x96", 0), 0u);          // cut short
    EXPECT_EQ(utf8::sequence_length("\x80", 0), 0u);              // a lone continuation byte
}

TEST(Utf8, DecodeReadsInvalidBytesAsOneReplacementEach) {
    std::string_view s = "a\xFF疫";
    size_t len;
    EXPECT_EQ(utf8::decode(s, 0, len), U'a');
    EXPECT_EQ(len, 1u);
    EXPECT_EQ(utf8::decode(s, 1, len), utf8::kReplacement);
    EXPECT_EQ(len, 1u);
    EXPECT_EQ(utf8::decode(s, 2, len), U'疫');
    EXPECT_EQ(len, 3u);
}

TEST(Utf8, FindInvalidAndDecodeAllAgree) {
    EXPECT_EQ(utf8::find_invalid("疫情 ok"), std::string_view::npos);
    EXPECT_EQ(utf8::find_invalid("疫情\xE3"), 6u);
    std::u32string cps;
    EXPECT_TRUE(utf8::decode_all("第一条", cps));
    EXPECT_EQ(cps, U"第一条");
    EXPECT_FALSE(utf8::decode_all("第\xED\xA0\x80", cps));
    // A real U+FFFD in the text is valid and kept.
    EXPECT_TRUE(utf8::decode_all("\uFFFD", cps));
    EXPECT_EQ(cps, U"\uFFFD");
}

TEST(Utf8, EncodeIsTheInverseOfDecode) {
    std::u32string all = U"a\u00E9\u7591\U0001F600\u3000";
    std::string text = utf8::encode(all);
    std::u32string back;
    ASSERT_TRUE(utf8::decode_all(text, back));
    EXPECT_EQ(back, all);
}

TEST(Utf8, ValidReplacesEachBadByte) {
    EXPECT_EQ(utf8::valid("a\xff" "b"), "a\uFFFD" "b");
    EXPECT_EQ(utf8::valid("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");
}

TEST(Utf8, WidthCountsWideCharactersAsTwoCells) {
    EXPECT_EQ(utf8::width("abc"), 3u);
    EXPECT_EQ(utf8::width("第一条"), 6u);
    EXPECT_EQ(utf8::width("（一）"), 6u);   // full-width brackets
    EXPECT_EQ(utf8::width("a—b"), 3u);      // an em dash is narrow
    EXPECT_EQ(utf8::width("\xFF"), 1u);     // a bad byte shows as one replacement character
}

}  // namespace
}  // namespace edict
