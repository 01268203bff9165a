// Unit tests for reading JSON text (runtime/io/json.cpp) at its edges (issue 11): the whole text is
// JSON (a NUL byte does not end it), and a number beyond a double is our own message naming where
// it is, not the JSON library's exception text.
#include <gtest/gtest.h>

#include <string>

#include "runtime/io/json.hpp"
#include "runtime/support/utf8.hpp"

namespace edict {
namespace {

TEST(JsonParse, NulByteIsRefusedNotTakenAsTheEnd) {
    io::Json j;
    std::string error;
    std::string text("{\"a\": 1}\0garbage", 16);
    EXPECT_FALSE(io::parse_json(text, j, error));
    EXPECT_EQ(error, "invalid JSON at byte 8: a NUL byte (JSON text may not contain one)");
    EXPECT_FALSE(io::parse_json(std::string("{\"a\": \"x\0y\"}", 12), j, error));
    EXPECT_NE(error.find("NUL"), std::string::npos) << error;
}

TEST(JsonParse, NumberOutOfRangeIsOurMessageNamingTheInput) {
    io::Json j;
    std::string error;
    EXPECT_FALSE(io::parse_json(R"({"ok": 1, "monthly_pension": 1E400})", j, error));
    EXPECT_EQ(error.find("json.exception"), std::string::npos) << error;
    EXPECT_NE(error.find("the number 1E400 for \"monthly_pension\" is out of range"), std::string::npos) << error;
    EXPECT_FALSE(io::parse_json(R"({"children": [{"born": 1}, {"born": -2e999}]})", j, error));
    EXPECT_NE(error.find("for \"children[1].born\""), std::string::npos) << error;
    EXPECT_FALSE(io::parse_json("1e400", j, error));
    EXPECT_NE(error.find("the number 1e400 is out of range"), std::string::npos) << error;
    EXPECT_TRUE(io::parse_json("1e-400", j, error)) << error;  // underflow: the text is kept as written
    EXPECT_EQ(j.text, "1e-400");
}

TEST(JsonParse, ValidUtf8ReplacesWhatIsNot) {
    EXPECT_EQ(utf8::valid("a\xff" "b"), "a\uFFFD" "b");
    EXPECT_EQ(utf8::valid("疫情 \xe3"), "疫情 \uFFFD");
    EXPECT_EQ(utf8::valid("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");
}

}  // namespace
}  // namespace edict
