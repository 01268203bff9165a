// Unit tests for value/decimal: takes hand-picked money and rate cases (scale alignment,
// overflow at 38 digits, rounding ties in every mode for both signs, division, parse errors)
// and checks each function's documented result. Produces GoogleTest cases; linked with
// gtest_main.
#include "runtime/value/decimal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace edict {
namespace {

const std::string kNines38(38, '9');
const std::string kOne37Zeros = "1" + std::string(37, '0');  // 10^37, 38 digits

Decimal N(const std::string& text) {
    Decimal d;
    EXPECT_TRUE(parse_decimal(text, d)) << text;
    return d;
}

std::string show(DecStatus st, const Decimal& d) {
    switch (st) {
        case DecStatus::Ok: return dec_to_string(d);
        case DecStatus::Overflow: return "overflow";
        case DecStatus::DivisionByZero: return "div0";
        case DecStatus::BadPlaces: return "places";
    }
    return "?";
}

std::string add(const std::string& a, const std::string& b) {
    Decimal r;
    return show(dec_add(N(a), N(b), r), r);
}

std::string sub(const std::string& a, const std::string& b) {
    Decimal r;
    return show(dec_sub(N(a), N(b), r), r);
}

std::string mul(const std::string& a, const std::string& b) {
    Decimal r;
    return show(dec_mul(N(a), N(b), r), r);
}

std::string div(const std::string& a, const std::string& b, int places, Rounding mode) {
    Decimal r;
    return show(dec_div(N(a), N(b), places, mode, r), r);
}

std::string round(const std::string& a, int places, Rounding mode) {
    Decimal r;
    return show(dec_round(N(a), places, mode, r), r);
}

std::string reparse(const std::string& text) {
    Decimal d;
    return parse_decimal(text, d) ? dec_to_string(d) : "error";
}

TEST(DecimalBasics, FromIntAndSign) {
    EXPECT_EQ(dec_to_string(decimal_from_int(0)), "0");
    EXPECT_EQ(dec_to_string(decimal_from_int(-42)), "-42");
    EXPECT_EQ(dec_to_string(decimal_from_int(std::numeric_limits<int64_t>::min())),
              "-9223372036854775808");
    EXPECT_EQ(dec_to_string(decimal_from_int(std::numeric_limits<int64_t>::max())),
              "9223372036854775807");
    EXPECT_TRUE(dec_is_zero(N("0.000")));
    EXPECT_TRUE(dec_is_zero(N("-0")));
    EXPECT_EQ(dec_sign(N("-0.01")), -1);
    EXPECT_EQ(dec_sign(N("0.00")), 0);
    EXPECT_EQ(dec_sign(N("3")), 1);
}

TEST(DecimalAdd, AlignsScales) {
    EXPECT_EQ(add("1.5", "0.25"), "1.75");
    EXPECT_EQ(add("1765.43", "-103.71"), "1661.72");
    EXPECT_EQ(add("1.50", "1.50"), "3.00");  // keeps scale 2, not normalised
    EXPECT_EQ(add("12", "0.000"), "12.000");
    EXPECT_EQ(add("-0.50", "0.5"), "0.00");
    EXPECT_EQ(add("0.1", "0.2"), "0.3");
    EXPECT_EQ(sub("0.3", "0.1"), "0.2");
    EXPECT_EQ(sub("1", "1.001"), "-0.001");
    EXPECT_EQ(sub("-5", "-5.00"), "0.00");
}

TEST(DecimalAdd, OverflowAt38Digits) {
    EXPECT_EQ(add(kNines38, "0"), kNines38);
    EXPECT_EQ(add(kNines38, "1"), "overflow");
    EXPECT_EQ(sub("-" + kNines38, "1"), "overflow");
    EXPECT_EQ(sub(kNines38, "-" + kNines38), "overflow");  // also beyond int128
    EXPECT_EQ(add(kNines38, "-" + kNines38), "0");
    // Aligning 10^37 to scale 1 needs 39 digits.
    EXPECT_EQ(add(kOne37Zeros, "0.1"), "overflow");
    EXPECT_EQ(add("1", "0." + std::string(37, '0') + "1"), "overflow");
    EXPECT_EQ(add("0.1", "0." + std::string(36, '0') + "1"),
              "0.1" + std::string(35, '0') + "1");
}

// Aligned operands that leave 128 bits although the result fits 38 digits.
TEST(DecimalAdd, WideIntermediateFits) {
    EXPECT_EQ(sub("1733", "906.44668769154398070135437869299395053"),
              "826.55331230845601929864562130700604947");
    EXPECT_EQ(add("-192335388.4", "99999999.999999999999999999999999999999"),
              "-92335388.400000000000000000000000000001");
    EXPECT_EQ(add("-1" + std::string(30, '0'), "0." + kNines38), "overflow");
    EXPECT_EQ(sub("1.8", "0." + kNines38), "0.80000000000000000000000000000000000001");
    EXPECT_EQ(sub("9", "0." + kNines38), "overflow");  // 8.000...01 needs 39 digits
}

TEST(DecimalMul, ExactProductScale) {
    EXPECT_EQ(mul("1.5", "1.5"), "2.25");
    EXPECT_EQ(mul("1800.00", "0.05"), "90.0000");
    EXPECT_EQ(mul("-2.5", "4"), "-10.0");
    EXPECT_EQ(mul("-2.5", "-0.4"), "1.00");
    EXPECT_EQ(mul("0.00", "-7.5"), "0.000");
    EXPECT_EQ(mul("123456789012345678", "1000000000000000000"),
              "123456789012345678000000000000000000");
}

TEST(DecimalMul, StripsTrailingZerosOnlyWhenNeeded) {
    // Scale 20 + 20 = 40: zeros are dropped down to scale 37, where the mantissa 10^37 has 38
    // digits (scale 38 would need 39); the rest of the scale stays.
    const std::string one20 = "1." + std::string(20, '0');
    EXPECT_EQ(mul(one20, one20), "1." + std::string(37, '0'));
    const std::string tenth20 = "0.1" + std::string(19, '0');
    EXPECT_EQ(mul(tenth20, tenth20), "0.01" + std::string(36, '0'));  // scale 38 is enough
    // Mantissa above 38 digits but with removable fraction zeros: 10^18.00 squared is 10^40 at
    // scale 4, which fits as 10^37 at scale 1.
    const std::string big = "1" + std::string(18, '0') + ".00";
    EXPECT_EQ(mul(big, big), "1" + std::string(36, '0') + ".0");
    // 10^19.0 squared needs 39 integer digits whatever is stripped.
    const std::string bigger = "1" + std::string(19, '0') + ".0";
    EXPECT_EQ(mul(bigger, bigger), "overflow");
    EXPECT_EQ(mul("0." + std::string(19, '0') + "1", "0." + std::string(19, '0') + "1"),
              "overflow");  // 10^-40 is not representable
    EXPECT_EQ(mul("0." + std::string(37, '0'), "0." + std::string(37, '0')),
              "0." + std::string(38, '0'));
}

TEST(DecimalMul, Overflow) {
    EXPECT_EQ(mul(kNines38, "2"), "overflow");
    EXPECT_EQ(mul(kNines38, kNines38), "overflow");  // 76 digits, still inside 256 bits
    EXPECT_EQ(mul("-" + kNines38, kNines38), "overflow");
    EXPECT_EQ(mul(kOne37Zeros, "10"), "overflow");
    EXPECT_EQ(mul(kOne37Zeros, "9"), "9" + std::string(37, '0'));
    EXPECT_EQ(mul("1" + std::string(20, '0'), "1" + std::string(20, '0')), "overflow");
}

// dec_add, dec_sub and dec_mul answer 64-bit mantissas inline; every answer they give, inline or
// not, must be the general code's, status and value and scale. Operands around the edges of the
// inline path: 64-bit limits, results one past them, scales equal and not, scale sums at and past
// 38, and hand-built values the general code refuses (scale 39, 39 digits).
TEST(DecimalInline, AgreesWithTheGeneralCode) {
    const int64_t big = std::numeric_limits<int64_t>::max(), small = std::numeric_limits<int64_t>::min();
    std::vector<__int128> mants = {0, 1, -1, 7, -176543, 3037000499, 3037000500, -3037000500, big, small, big - 1,
                                   small + 1, static_cast<__int128>(big) + 1, static_cast<__int128>(small) - 1};
    Decimal nines;
    ASSERT_TRUE(parse_decimal(kNines38, nines));
    mants.push_back(nines.mant);
    mants.push_back(nines.mant + 1);  // 39 digits: invalid
    const uint8_t scales[] = {0, 1, 2, 19, 20, 37, 38, 39};
    size_t cases = 0;
    for (__int128 ma : mants)
        for (__int128 mb : mants)
            for (uint8_t sa : scales)
                for (uint8_t sb : scales) {
                    const Decimal a{ma, sa}, b{mb, sb};
                    Decimal fast, general;
                    DecStatus f = dec_add(a, b, fast), g = detail::dec_add_any(a, b, general);
                    EXPECT_EQ(show(f, fast), show(g, general)) << "add";
                    if (f == DecStatus::Ok) {
                        EXPECT_EQ(fast.scale, general.scale);
                    }
                    f = dec_sub(a, b, fast), g = detail::dec_sub_any(a, b, general);
                    EXPECT_EQ(show(f, fast), show(g, general)) << "sub";
                    if (f == DecStatus::Ok) {
                        EXPECT_EQ(fast.scale, general.scale);
                    }
                    f = dec_mul(a, b, fast), g = detail::dec_mul_any(a, b, general);
                    EXPECT_EQ(show(f, fast), show(g, general)) << "mul";
                    if (f == DecStatus::Ok) {
                        EXPECT_EQ(fast.scale, general.scale);
                    }
                    ++cases;
                }
    EXPECT_EQ(cases, 16u * 16u * 8u * 8u);
    // The result may be one of the operands (the VM sums a list into its first item).
    Decimal sum{150, 2};
    ASSERT_EQ(dec_add(sum, Decimal{25, 2}, sum), DecStatus::Ok);
    EXPECT_EQ(dec_to_string(sum), "1.75");
}

// The fast paths on their own (the VM's money forms run them and leave the rest to the program's
// instructions): they answer exactly when the operands have 64-bit mantissas, at most 38 places,
// (for a sum) scales at most 18 apart, and the exact result -- computed here in 128 bits, on its
// own -- fits 64 bits; every answer is the general code's, value and scale; otherwise `out` is
// left as it was. A fast path that gave up too often would pass the test above, not this one.
TEST(DecimalFast, AnswersTheSixtyFourBitCasesAsTheGeneralCode) {
    const int64_t big = std::numeric_limits<int64_t>::max(), small = std::numeric_limits<int64_t>::min();
    const std::vector<__int128> mants = {0, 1, -1, 180000, -529858, 3037000499, 3037000500, -3037000500,
                                         922337203685477580, 922337203685477581, -922337203685477580,
                                         -922337203685477581, 92233720368547758, big, small, big - 1, small + 1,
                                         static_cast<__int128>(big) + 1, static_cast<__int128>(small) - 1,
                                         static_cast<__int128>(1) << 100};
    std::vector<uint8_t> scales;
    for (uint8_t sc = 0; sc <= 22; ++sc) scales.push_back(sc);
    for (uint8_t sc : {36, 37, 38, 39, 40}) scales.push_back(sc);
    auto fits64 = [](__int128 v) { return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max(); };
    const Decimal untouched{-77, 7};
    size_t fast_sums = 0, fast_products = 0;
    for (__int128 ma : mants)
        for (__int128 mb : mants)
            for (uint8_t sa : scales)
                for (uint8_t sb : scales) {
                    const Decimal a{ma, sa}, b{mb, sb};
                    const bool small_operands = fits64(ma) && fits64(mb);
                    // A sum or difference: both brought to the larger scale, when that fits 64 bits.
                    const int top = std::max(sa, sb);
                    bool aligned = small_operands && top <= kMaxDecimalScale && top - std::min(sa, sb) <= 18;
                    __int128 x = ma, y = mb;
                    for (int k = sa; aligned && k < top; ++k) x *= 10;
                    for (int k = sb; aligned && k < top; ++k) y *= 10;
                    aligned = aligned && fits64(x) && fits64(y);
                    for (bool subtract : {false, true}) {
                        Decimal fast = untouched, general;
                        const bool answered = dec_add_fast(a, b, subtract, fast);
                        const DecStatus g = subtract ? detail::dec_sub_any(a, b, general) : detail::dec_add_any(a, b, general);
                        EXPECT_EQ(answered, aligned && fits64(subtract ? x - y : x + y)) << subtract;
                        if (answered) {
                            ++fast_sums;
                            ASSERT_EQ(g, DecStatus::Ok);
                            EXPECT_TRUE(fast.mant == general.mant && fast.scale == general.scale) << show(g, general);
                        } else {
                            EXPECT_TRUE(fast.mant == untouched.mant && fast.scale == untouched.scale);
                        }
                    }
                    // A product at the sum of the scales.
                    Decimal fast = untouched, general;
                    const bool answered = dec_mul_fast(a, b, fast);
                    const DecStatus g = detail::dec_mul_any(a, b, general);
                    EXPECT_EQ(answered, small_operands && sa + sb <= kMaxDecimalScale && fits64(ma * mb));
                    if (answered) {
                        ++fast_products;
                        ASSERT_EQ(g, DecStatus::Ok);
                        EXPECT_TRUE(fast.mant == general.mant && fast.scale == general.scale) << show(g, general);
                    } else {
                        EXPECT_TRUE(fast.mant == untouched.mant && fast.scale == untouched.scale);
                    }
                }
    EXPECT_GT(fast_sums, 100000u);  // the loops reach the fast paths, not only their edges
    EXPECT_GT(fast_products, 10000u);
    // Money as a case writes it: 1800 yuan (scale 0) from 5 months of 1800.00 (scale 2).
    Decimal r;
    ASSERT_TRUE(dec_add_fast(N("9000.00"), N("1800"), true, r));
    EXPECT_EQ(dec_to_string(r), "7200.00");
    ASSERT_TRUE(dec_add_fast(N("0.000000000000000001"), N("-1"), false, r));  // 18 places apart
    EXPECT_EQ(dec_to_string(r), "-0.999999999999999999");
    EXPECT_FALSE(dec_add_fast(N("0.0000000000000000001"), N("1"), false, r));  // 19: the general code's
}

TEST(DecimalNeg, Basic) {
    Decimal r;
    ASSERT_EQ(dec_neg(N("-1.50"), r), DecStatus::Ok);
    EXPECT_EQ(dec_to_string(r), "1.50");
    ASSERT_EQ(dec_neg(N("0.0"), r), DecStatus::Ok);
    EXPECT_EQ(dec_to_string(r), "0.0");
    ASSERT_EQ(dec_neg(N(kNines38), r), DecStatus::Ok);
    EXPECT_EQ(dec_to_string(r), "-" + kNines38);
}

TEST(DecimalInvalid, HandBuiltValuesAreRefused) {
    Decimal bad_scale{1, 39};
    Decimal bad_mant{std::numeric_limits<__int128>::min(), 0};
    Decimal r;
    EXPECT_EQ(dec_neg(bad_mant, r), DecStatus::Overflow);
    EXPECT_EQ(dec_add(bad_scale, N("1"), r), DecStatus::Overflow);
    EXPECT_EQ(dec_mul(N("1"), bad_mant, r), DecStatus::Overflow);
    EXPECT_EQ(dec_div(N("1"), bad_scale, 2, Rounding::HalfUp, r), DecStatus::Overflow);
    EXPECT_EQ(dec_round(bad_mant, 2, Rounding::HalfUp, r), DecStatus::Overflow);
    // Still printable and comparable without undefined behaviour.
    EXPECT_EQ(dec_to_string(bad_mant), "-170141183460469231731687303715884105728");
    EXPECT_EQ(dec_compare(bad_mant, N("-" + kNines38)), -1);
    EXPECT_EQ(dec_compare(Decimal{10, 255}, Decimal{1, 254}), 0);
}

struct TieCase {
    const char* in;
    Rounding mode;
    const char* out;
};

// Ties and near-ties at one decimal, both signs, every mode.
TEST(DecimalRound, EveryModeBothSigns) {
    const TieCase cases[] = {
        {"2.25", Rounding::HalfUp, "2.3"},    {"-2.25", Rounding::HalfUp, "-2.3"},
        {"2.35", Rounding::HalfUp, "2.4"},    {"2.249", Rounding::HalfUp, "2.2"},
        {"2.25", Rounding::HalfEven, "2.2"},  {"-2.25", Rounding::HalfEven, "-2.2"},
        {"2.35", Rounding::HalfEven, "2.4"},  {"-2.35", Rounding::HalfEven, "-2.4"},
        {"2.251", Rounding::HalfEven, "2.3"}, {"-2.251", Rounding::HalfEven, "-2.3"},
        {"2.29", Rounding::Down, "2.2"},      {"-2.29", Rounding::Down, "-2.2"},
        {"2.21", Rounding::Up, "2.3"},        {"-2.21", Rounding::Up, "-2.3"},
        {"2.20", Rounding::Up, "2.2"},        {"-2.20", Rounding::Down, "-2.2"},
        {"0.05", Rounding::HalfUp, "0.1"},    {"-0.05", Rounding::HalfUp, "-0.1"},
        {"0.05", Rounding::HalfEven, "0.0"},  {"-0.05", Rounding::HalfEven, "0.0"},
        {"-0.04", Rounding::Down, "0.0"},     {"-0.01", Rounding::Up, "-0.1"},
        {"9.95", Rounding::HalfUp, "10.0"},   {"-9.95", Rounding::HalfUp, "-10.0"},
    };
    for (const TieCase& c : cases) EXPECT_EQ(round(c.in, 1, c.mode), c.out) << c.in;
}

// Toward −∞ and +∞ differ from down/up exactly on negative values.
TEST(DecimalRound, FloorAndCeilingBothSigns) {
    const TieCase cases[] = {
        {"2.29", Rounding::Floor, "2.2"},    {"-2.21", Rounding::Floor, "-2.3"},
        {"2.21", Rounding::Ceiling, "2.3"},  {"-2.29", Rounding::Ceiling, "-2.2"},
        {"-2.20", Rounding::Floor, "-2.2"},  {"2.20", Rounding::Ceiling, "2.2"},
        {"-0.04", Rounding::Floor, "-0.1"},  {"-0.04", Rounding::Ceiling, "0.0"},
        {"0.04", Rounding::Floor, "0.0"},    {"0.04", Rounding::Ceiling, "0.1"},
    };
    for (const TieCase& c : cases) EXPECT_EQ(round(c.in, 1, c.mode), c.out) << c.in << " " << rounding_name(c.mode);
}

TEST(DecimalDiv, FloorAndCeilingQuotients) {
    EXPECT_EQ(div("7", "2", 0, Rounding::Floor), "3");
    EXPECT_EQ(div("-7", "2", 0, Rounding::Floor), "-4");
    EXPECT_EQ(div("7", "-2", 0, Rounding::Floor), "-4");
    EXPECT_EQ(div("-7", "-2", 0, Rounding::Floor), "3");
    EXPECT_EQ(div("7", "2", 0, Rounding::Ceiling), "4");
    EXPECT_EQ(div("-7", "2", 0, Rounding::Ceiling), "-3");
    EXPECT_EQ(div("8", "4", 0, Rounding::Ceiling), "2");
    EXPECT_EQ(div("9", "4", 0, Rounding::Ceiling), "3");
}

TEST(DecimalToInt, RoundsWithTheModeAndRefusesWhatDoesNotFit) {
    int64_t v = 0;
    EXPECT_EQ(dec_to_int(N("-2.5"), Rounding::HalfUp, v), DecStatus::Ok);
    EXPECT_EQ(v, -3);
    EXPECT_EQ(dec_to_int(N("-2.5"), Rounding::Down, v), DecStatus::Ok);
    EXPECT_EQ(v, -2);
    EXPECT_EQ(dec_to_int(N("-2.5"), Rounding::Floor, v), DecStatus::Ok);
    EXPECT_EQ(v, -3);
    EXPECT_EQ(dec_to_int(N("2.5"), Rounding::HalfEven, v), DecStatus::Ok);
    EXPECT_EQ(v, 2);
    EXPECT_EQ(dec_to_int(N("9223372036854775807.4"), Rounding::HalfUp, v), DecStatus::Ok);
    EXPECT_EQ(v, INT64_MAX);
    EXPECT_EQ(dec_to_int(N("9223372036854775807.4"), Rounding::Ceiling, v), DecStatus::Overflow);
    EXPECT_EQ(dec_to_int(N("-9223372036854775808"), Rounding::Down, v), DecStatus::Ok);
    EXPECT_EQ(v, INT64_MIN);
    EXPECT_EQ(dec_to_int(N("-9223372036854775808.1"), Rounding::Floor, v), DecStatus::Overflow);
    EXPECT_EQ(dec_to_int(N("9223372036854775808"), Rounding::Down, v), DecStatus::Overflow);
}

TEST(DecimalRounding, NamesRoundTrip) {
    for (int i = 0; i <= static_cast<int>(Rounding::Ceiling); ++i) {
        Rounding r;
        ASSERT_TRUE(rounding_named(rounding_name(static_cast<Rounding>(i)), r));
        EXPECT_EQ(static_cast<int>(r), i);
    }
    Rounding r;
    EXPECT_FALSE(rounding_named("nearest", r));
    EXPECT_FALSE(rounding_named("ceiling", r));
}

TEST(DecimalRound, HeaderExamples) {
    EXPECT_EQ(round("2.345", 2, Rounding::HalfUp), "2.35");
    EXPECT_EQ(round("-2.345", 2, Rounding::HalfUp), "-2.35");
    EXPECT_EQ(round("1.5", 2, Rounding::HalfUp), "1.50");
    EXPECT_EQ(round("2.5", 0, Rounding::HalfEven), "2");
    EXPECT_EQ(round("3.5", 0, Rounding::HalfEven), "4");
    EXPECT_EQ(round("0.5", 0, Rounding::HalfEven), "0");
}

TEST(DecimalRound, PaddingPlacesAndLimits) {
    EXPECT_EQ(round("12", 3, Rounding::Down), "12.000");
    EXPECT_EQ(round("0", 38, Rounding::Down), "0." + std::string(38, '0'));
    EXPECT_EQ(round("1", 38, Rounding::Down), "overflow");  // 39 digits
    EXPECT_EQ(round("0.1", 38, Rounding::Down), "0.1" + std::string(37, '0'));
    EXPECT_EQ(round(kNines38, 1, Rounding::Down), "overflow");
    EXPECT_EQ(round("0." + kNines38, 37, Rounding::HalfUp), "1." + std::string(37, '0'));
    EXPECT_EQ(round("0." + kNines38, 0, Rounding::Up), "1");
    EXPECT_EQ(round("1.5", -1, Rounding::HalfUp), "places");
    EXPECT_EQ(round("1.5", 39, Rounding::HalfUp), "places");
    EXPECT_EQ(round("1.5", std::numeric_limits<int>::min(), Rounding::HalfUp), "places");
}

TEST(DecimalDiv, RoundsQuotient) {
    EXPECT_EQ(div("1", "3", 2, Rounding::HalfUp), "0.33");
    EXPECT_EQ(div("2", "3", 2, Rounding::HalfUp), "0.67");
    EXPECT_EQ(div("2", "3", 2, Rounding::Down), "0.66");
    EXPECT_EQ(div("-2", "3", 2, Rounding::Down), "-0.66");
    EXPECT_EQ(div("1", "3", 2, Rounding::Up), "0.34");
    EXPECT_EQ(div("-1", "3", 2, Rounding::Up), "-0.34");
    EXPECT_EQ(div("1800.00", "12", 2, Rounding::HalfUp), "150.00");
    EXPECT_EQ(div("10", "4", 0, Rounding::HalfEven), "2");    // 2.5
    EXPECT_EQ(div("-10", "4", 0, Rounding::HalfEven), "-2");  // -2.5
    EXPECT_EQ(div("14", "4", 0, Rounding::HalfEven), "4");    // 3.5
    EXPECT_EQ(div("10", "4", 0, Rounding::HalfUp), "3");
    EXPECT_EQ(div("10", "-4", 0, Rounding::HalfUp), "-3");
    EXPECT_EQ(div("1.000", "0.5", 1, Rounding::Down), "2.0");
    EXPECT_EQ(div("7", "0.001", 0, Rounding::Down), "7000");
    EXPECT_EQ(div("0.07", "100", 2, Rounding::HalfUp), "0.00");
    EXPECT_EQ(div("0.07", "100", 2, Rounding::Up), "0.01");
}

TEST(DecimalDiv, ExtremeScalesAndErrors) {
    // Dividend shifted by 76 places (places 38, divisor scale 38): uses the full 256 bits.
    const std::string tiny = "0." + std::string(37, '0') + "1";  // 10^-38
    EXPECT_EQ(div(tiny, tiny, 0, Rounding::HalfUp), "1");
    EXPECT_EQ(div("1", tiny, 0, Rounding::HalfUp), "overflow");  // 10^38
    EXPECT_EQ(div("0.1", tiny, 0, Rounding::HalfUp), kOne37Zeros);
    EXPECT_EQ(div(tiny, "3", 38, Rounding::HalfUp), "0." + std::string(38, '0'));
    EXPECT_EQ(div(tiny, "2", 38, Rounding::HalfUp), tiny);
    EXPECT_EQ(div(tiny, "2", 38, Rounding::HalfEven), "0." + std::string(38, '0'));
    EXPECT_EQ(div(kNines38, tiny, 38, Rounding::HalfUp), "overflow");
    EXPECT_EQ(div(kNines38, kNines38, 38, Rounding::HalfUp), "overflow");  // 1.000.. is 39 digits
    EXPECT_EQ(div(kNines38, kNines38, 37, Rounding::HalfUp), "1." + std::string(37, '0'));
    EXPECT_EQ(div("1", "0", 2, Rounding::HalfUp), "div0");
    EXPECT_EQ(div("1", "0.00", 2, Rounding::HalfUp), "div0");
    EXPECT_EQ(div("0", "0", 2, Rounding::HalfUp), "div0");
    EXPECT_EQ(div("1", "3", -1, Rounding::HalfUp), "places");
    EXPECT_EQ(div("1", "3", 39, Rounding::HalfUp), "places");
    EXPECT_EQ(div("1", "0", 39, Rounding::HalfUp), "places");  // places is checked first
}

TEST(DecimalCompare, ExactAcrossScales) {
    EXPECT_EQ(dec_compare(N("1.50"), N("1.5")), 0);
    EXPECT_EQ(dec_compare(N("0.000"), N("-0")), 0);
    EXPECT_EQ(dec_compare(N("1.49"), N("1.5")), -1);
    EXPECT_EQ(dec_compare(N("-1.49"), N("-1.5")), 1);
    EXPECT_EQ(dec_compare(N("-0.01"), N("0")), -1);
    EXPECT_EQ(dec_compare(N(kNines38), N("0." + kNines38)), 1);
    EXPECT_EQ(dec_compare(N("1"), N("0." + kNines38)), 1);
    EXPECT_EQ(dec_compare(N("10"), N("9.99999")), 1);
    EXPECT_EQ(dec_compare(N(kOne37Zeros), N(kOne37Zeros + "e0")), 0);
}

TEST(DecimalParse, AcceptsJsonNumbers) {
    EXPECT_EQ(reparse("-103.71"), "-103.71");
    EXPECT_EQ(reparse("1765.43"), "1765.43");
    EXPECT_EQ(reparse("12"), "12");
    EXPECT_EQ(reparse("1.5e2"), "150");
    EXPECT_EQ(reparse("1.50E+1"), "15.0");
    EXPECT_EQ(reparse("0.000"), "0.000");
    EXPECT_EQ(reparse("-0.000"), "0.000");
    EXPECT_EQ(reparse("1E-3"), "0.001");
    EXPECT_EQ(reparse("125e-2"), "1.25");
    EXPECT_EQ(reparse("0e5"), "0");
    EXPECT_EQ(reparse("0e-38"), "0." + std::string(38, '0'));
    EXPECT_EQ(reparse("1e0005"), "100000");
    EXPECT_EQ(reparse(kNines38), kNines38);
    EXPECT_EQ(reparse("-0." + kNines38), "-0." + kNines38);
    EXPECT_EQ(reparse("0.00" + kNines38 + "e2"), "0." + kNines38);
    EXPECT_EQ(reparse("1e37"), kOne37Zeros);
    EXPECT_EQ(reparse("0e999999999999999999999999999"), "0");
}

TEST(DecimalParse, RefusesMalformed) {
    const char* bad[] = {"+1", "1.", ".5", "", "-", "--1", "1e", "1e+", "1e-", "NaN", "nan",
                         "inf", "-Infinity", " 1", "1 ", "1 000", "01", "-01", "00.5", "1.2.3",
                         "1e2.5", "0x10", "1_000", "1,5", "e5", "-.5", "1.e5", "１", "1e--5"};
    for (const char* text : bad) {
        Decimal d{77, 3};
        EXPECT_FALSE(parse_decimal(text, d)) << text;
        EXPECT_EQ(d.mant, 77) << text;  // untouched on failure
    }
}

TEST(DecimalParse, RefusesWhatDoesNotFit) {
    EXPECT_EQ(reparse(kNines38 + "9"), "error");             // 39 significant digits
    EXPECT_EQ(reparse("1e38"), "error");                     // 39 digits after the shift
    EXPECT_EQ(reparse("0." + std::string(38, '0') + "1"), "error");  // scale 39
    EXPECT_EQ(reparse("0." + std::string(39, '0')), "error");      // scale 39 even for zero
    EXPECT_EQ(reparse("1e-39"), "error");
    EXPECT_EQ(reparse("1.0e-38"), "error");  // scale stated by the text is 39
    EXPECT_EQ(reparse("1e999999999999999999999999999999"), "error");
    EXPECT_EQ(reparse("1e-999999999999999999999999999999"), "error");
    EXPECT_EQ(reparse("0e-999999999999999999999999999999"), "error");
    EXPECT_EQ(reparse("9.2e18446744073709551617"), "error");
}

TEST(DecimalText, ToStringAndFixed) {
    EXPECT_EQ(dec_to_string(Decimal{180000, 2}), "1800.00");
    EXPECT_EQ(dec_to_string(Decimal{-50, 2}), "-0.50");
    EXPECT_EQ(dec_to_string(Decimal{-5, 1}), "-0.5");
    EXPECT_EQ(dec_to_string(Decimal{0, 0}), "0");
    EXPECT_EQ(dec_to_string(Decimal{7, 3}), "0.007");
    EXPECT_EQ(dec_to_fixed(N("1800"), 2, Rounding::HalfUp), "1800.00");
    EXPECT_EQ(dec_to_fixed(N("2.345"), 2, Rounding::HalfUp), "2.35");
    EXPECT_EQ(dec_to_fixed(N("2.345"), 2, Rounding::HalfEven), "2.34");
    EXPECT_EQ(dec_to_fixed(N("-0.004"), 2, Rounding::HalfUp), "0.00");
    EXPECT_EQ(dec_to_fixed(N("1"), 39, Rounding::HalfUp), "");       // bad places
    // Padding past 38 digits is exact text, never lost: money of 38 digits shown to two places.
    EXPECT_EQ(dec_to_fixed(N(kNines38), 1, Rounding::HalfUp), std::string(kNines38) + ".0");
    EXPECT_EQ(dec_to_fixed(N(std::string("-") + kNines38), 2, Rounding::HalfUp), std::string("-") + kNines38 + ".00");
    EXPECT_EQ(dec_to_fixed(Decimal{-5, 0}, 2, Rounding::HalfUp), "-5.00");
    EXPECT_EQ(dec_to_fixed(Decimal{5, 1}, 38, Rounding::HalfUp), "0.5" + std::string(37, '0'));
}

}  // namespace
}  // namespace edict
