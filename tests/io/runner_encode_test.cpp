// Results as io::CaseRunner writes them (runtime/io/runner.cpp): dates, months, money, bools, ints
// and enum cases by the runner itself, the rest through encode_scalar and encode_value; each result
// must read exactly as encode_value and the value's own printers (date_to_string, dec_to_string)
// write it.
#include <gtest/gtest.h>

#include <string>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/value/date.hpp"
#include "runtime/value/decimal.hpp"

namespace edict {
namespace {

const char* kPolicy = R"(input d: date "d"
input mo: month? "mo"
input m: money? "m"
input r: decimal? "r"
input o: date? "o"
rule day: date = d
rule next: date = d + 1 day
rule other: date? = o
rule month: month? = mo
rule amount: money? = m
rule ratio: decimal? = r
)";

std::vector<uint32_t> rules_named(const Program& p, std::initializer_list<const char*> names) {
    std::vector<uint32_t> rules;
    for (const char* name : names) rules.push_back(static_cast<uint32_t>(p.find_rule(name) - p.rules.data()));
    return rules;
}

TEST(RunnerEncode, DatesReadAsTheirText) {
    auto c = compile_sources({{"p.edict", kPolicy}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<uint32_t> rules = rules_named(p, {"day", "next"});
    io::CaseRunner runner(p, rules, false);
    std::string out;
    io::CaseError e;
    // Days 1024 apart (they shared an entry of the memo of date texts this encoding replaced).
    const DayNumber from = day_number(Ymd{2019, 12, 20});
    for (int pass = 0; pass < 2; ++pass)
        for (DayNumber day : {from, from + 1024, from + 1, from + 2048, from, from + 3 * 1024 - 1}) {
            ASSERT_TRUE(runner.run_text(fmt::format(R"({{"d": "{}"}})", date_to_string(day)), out, e)) << e.message;
            EXPECT_EQ(out, fmt::format(R"({{"day":"{}","next":"{}"}})", date_to_string(day), date_to_string(day + 1)));
        }
}

TEST(RunnerEncode, ScalarsReadAsTheirPrintersWriteThem) {
    auto c = compile_sources({{"p.edict", kPolicy}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    io::CaseRunner runner(p, rules_named(p, {"other", "month", "amount", "ratio"}), false);
    std::string out;
    io::CaseError e;
    // Written here by the values' own printers, not by the encoder under test.
    struct Case {
        const char* text;
        std::string expected;
    } cases[] = {
        {R"({"d": "2020-01-01", "o": "0001-01-01", "mo": "0001-01", "m": "0.005", "r": "-0.05"})",
         R"({"other":"0001-01-01","month":"0001-01","amount":"0.01","ratio":"-0.05"})"},
        {R"({"d": "2020-01-01", "o": "9999-12-31", "mo": "9999-12", "m": "-1765.425", "r": "12345678901234567890.5"})",
         R"({"other":"9999-12-31","month":"9999-12","amount":"-1765.43","ratio":"12345678901234567890.5"})"},
        {R"({"d": "2020-01-01", "m": "99999999999999999999999999999999.99", "r": "0.00000000000000000000000000000000000001"})",
         R"({"other":null,"month":null,"amount":"99999999999999999999999999999999.99","ratio":"0.00000000000000000000000000000000000001"})"},
        {R"({"d": "2020-01-01", "m": "-0", "r": "100"})", R"({"other":null,"month":null,"amount":"0.00","ratio":"100"})"},
    };
    for (const auto& c : cases) {
        ASSERT_TRUE(runner.run_text(c.text, out, e)) << c.text << ": " << e.message;
        EXPECT_EQ(out, c.expected) << c.text;
    }
}


// Money of two decimals or fewer is written in 64 bits by the runner, months from their number
// (256 apart, as the memo of month texts this replaced had them share an entry), and keys are
// copied in 16-byte words, the first two at once: each amount must read as dec_to_fixed writes
// it, each month as month_to_string, keys of every length as they are.
TEST(RunnerEncode, MoneyMonthsAndKeysOfEveryLengthReadAsTheirPrintersWriteThem) {
    auto c = compile_sources({{"p.edict", kPolicy}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    io::CaseRunner runner(p, rules_named(p, {"month", "amount"}), false);
    std::string out;
    io::CaseError e;
    const std::string limit = std::to_string(INT64_MAX / 100);
    const std::string past = std::to_string(INT64_MAX / 100 + 1);
    const std::vector<std::string> amounts = {std::string("0"), std::string("-0"), std::string("5"), std::string("-5"), std::string("0.5"),
                                 std::string("-0.5"), std::string("1765.4"), std::string("1765.43"), std::string("-1765.43"),
                                 std::string("1765.435"), std::string("0.01"), std::string("-0.01"), std::string("0.00"),
                                 limit, "-" + limit, past, "-" + past, limit + ".5", "-" + limit + ".99", past + ".99",
                                 limit.substr(1) + ".9", "9223372036854775807", "-9223372036854775808",
                                 "18446744073709551615.99"};
    for (const std::string& m : amounts) {
        Decimal d;
        ASSERT_TRUE(parse_decimal(m, d)) << m;
        const std::string expected = dec_to_fixed(d, 2, Rounding::HalfUp);
        ASSERT_TRUE(runner.run_text(fmt::format(R"({{"d": "2020-01-01", "m": "{}"}})", m), out, e)) << e.message;
        EXPECT_EQ(out, fmt::format(R"({{"month":null,"amount":"{}"}})", expected)) << m;
    }
    const MonthNumber from = 2019 * 12 + 11;
    for (int pass = 0; pass < 2; ++pass)
        for (MonthNumber month : {from, from + 256, from + 1, from + 512, from, from + 3 * 256 - 1, 12, 9999 * 12 + 11}) {
            ASSERT_TRUE(runner.run_text(fmt::format(R"({{"d": "2020-01-01", "mo": "{}"}})", month_to_string(month)), out, e));
            EXPECT_EQ(out, fmt::format(R"({{"month":"{}","amount":null}})", month_to_string(month)));
        }
    // Rule names of 1 to 40 bytes, so that keys end at every offset of a 16-byte word.
    std::string src = "input n: int \"n\"\n";
    std::vector<std::string> names;
    for (size_t len = 1; len <= 40; ++len) {
        names.push_back(std::string(len, static_cast<char>('a' + len % 26)));
        src += "rule " + names.back() + ": int = n + " + std::to_string(len) + "\n";
    }
    auto k = compile_sources({{"p.edict", src}});
    ASSERT_TRUE(k->ok());
    std::vector<uint32_t> all;
    for (const std::string& name : names) all.push_back(static_cast<uint32_t>(k->program->find_rule(name) - k->program->rules.data()));
    io::CaseRunner keyed(*k->program, all, false);
    ASSERT_TRUE(keyed.run_text(R"({"n": 100})", out, e)) << e.message;
    std::string expected = "{";
    for (size_t i = 0; i < names.size(); ++i) expected += fmt::format("{}\"{}\":{}", i ? "," : "", names[i], 101 + i);
    EXPECT_EQ(out, expected + "}");
}

// Enum results come from texts the runner made once per rule, bools and ints are written inline:
// each must read as encode_value writes it.
TEST(RunnerEncode, EnumsBoolsAndIntsReadAsEncodeValueWritesThem) {
    auto c = compile_sources({{"p.edict", R"(enum Direction { pay, deduct, none }
input n: int "n"
rule direction: Direction = if n > 0 then pay else if n < 0 then deduct else none
rule positive: bool = n > 0
rule same: int = n
)"}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    const Program& p = *c->program;
    const std::vector<uint32_t> rules = rules_named(p, {"direction", "positive", "same"});
    io::CaseRunner runner(p, rules, false);
    std::string out;
    io::CaseError e;
    for (int64_t n : {int64_t{1}, int64_t{-1}, int64_t{0}, int64_t{1234567}, INT64_MIN, INT64_MAX}) {
        ASSERT_TRUE(runner.run_text(fmt::format(R"({{"n": {}}})", n), out, e)) << e.message;
        std::string expected = "{";
        for (size_t i = 0; i < rules.size(); ++i) {
            expected += fmt::format("{}\"{}\":", i ? "," : "", p.rules[rules[i]].name);
            io::encode_value(p, p.rules[rules[i]].type, runner.results()[i], expected);
        }
        EXPECT_EQ(out, expected + "}") << n;
    }
}

}  // namespace
}  // namespace edict
