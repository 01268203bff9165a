// Unit tests for JSON text we write (runtime/io/json.cpp): whatever bytes a case or request
// carried, an error message that quotes them must still be valid JSON, with well-formed UTF-8
// kept as it is and anything else replaced by U+FFFD.
#include <gtest/gtest.h>

#include <string>

#include "runtime/io/json.hpp"

namespace edict {
namespace {

std::string as_json(std::string_view s) {
    std::string out;
    io::append_json_string(out, s);
    return out;
}

TEST(JsonText, EscapesAndKeepsWellFormedUtf8) {
    EXPECT_EQ(as_json("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
    EXPECT_EQ(as_json("疫情结束 ✓ 𝄞"), "\"疫情结束 ✓ 𝄞\"");
}

TEST(JsonText, MalformedUtf8BecomesReplacementCharacters) {
    EXPECT_EQ(as_json("x\xe3\"y"), R"("x\ufffd\"y")");              // truncated 3-byte sequence
    EXPECT_EQ(as_json("\xc0\xaf"), R"("\ufffd\ufffd")");           // overlong '/'
    EXPECT_EQ(as_json("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")"); // UTF-16 surrogate
    EXPECT_EQ(as_json("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // above U+10FFFF
    EXPECT_EQ(as_json("\xff"), R"("\ufffd")");
    for (std::string bad : {"k\xe3", "\x80", "\xe6\x9c", "a\xf0\x9f\x98"}) {
        io::Json j;
        std::string error;
        EXPECT_TRUE(io::parse_json(as_json(bad), j, error)) << error;
    }
}

}  // namespace
}  // namespace edict
