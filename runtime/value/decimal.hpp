// Exact decimal numbers for money and rates: a 128-bit integer mantissa and a decimal scale.
// Takes: decimal text or integers. Produces: exact sums, differences and products; quotients
// and roundings only at a stated number of places with a named rounding mode.
// No binary floating point is used anywhere. Intermediates that do not fit 128 bits are
// computed with Boost.Multiprecision's checked 256-bit integers, so a result is either exact
// or an Overflow status, never silently wrong.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace edict {

enum class Rounding : uint8_t {
    HalfUp,    // 四舍五入: ties away from zero (2.345 -> 2.35, -2.345 -> -2.35)
    HalfEven,  // banker's rounding: ties to the even digit
    Down,      // toward zero (truncate)
    Up,        // away from zero
    Floor,     // toward −∞ (-2.5 -> -3): `floor(a / b)`, "per full year"
    Ceiling,   // toward +∞ (-2.5 -> -2): `ceil(a / b)`, "each started block"
};

// The rounding modes by the names the language writes them in (`round(x, 2, half_even)`,
// `to_int(x, down)`): half_up, half_even, down, up, floor, ceil. The one list of those names.
const char* rounding_name(Rounding mode);
// False when `name` is not one of them.
bool rounding_named(std::string_view name, Rounding& out);

enum class DecStatus : uint8_t { Ok, Overflow, DivisionByZero, BadPlaces };

// value = mant / 10^scale. Not normalised: 1.50 keeps scale 2 so that it prints as written.
struct Decimal {
    __int128 mant = 0;
    uint8_t scale = 0;
};

// At most 38 significant digits fit the mantissa; scales above this are refused.
constexpr int kMaxDecimalScale = 38;

Decimal decimal_from_int(int64_t v);

namespace detail {
// Any operands: the scales aligned, 128-bit arithmetic, 256-bit where a product needs it.
DecStatus dec_add_any(const Decimal& a, const Decimal& b, Decimal& out);
DecStatus dec_sub_any(const Decimal& a, const Decimal& b, Decimal& out);
DecStatus dec_mul_any(const Decimal& a, const Decimal& b, Decimal& out);

// The mantissa as 64 bits, when it fits: amounts of money and rates nearly always do.
inline bool mant64(const Decimal& d, int64_t& m) {
    m = static_cast<int64_t>(d.mant);
    return static_cast<__int128>(m) == d.mant;
}

// 10^k for k in 0..18, the powers a 64-bit mantissa can be scaled by.
inline constexpr int64_t kPow10Int64[19] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                            1000000000, 10000000000, 100000000000, 1000000000000,
                                            10000000000000, 100000000000000, 1000000000000000,
                                            10000000000000000, 100000000000000000, 1000000000000000000};

// x / 10^from as a mantissa at scale `to` (to >= from): x * 10^(to - from), false when it does
// not fit 64 bits.
inline bool rescale64(int64_t& x, int from, int to) {
    return to - from < 19 && !__builtin_mul_overflow(x, kPow10Int64[to - from], &x);
}
}  // namespace detail

// The common case of a sum, difference and product on its own: 64-bit mantissas (a sum or
// difference brought to the larger scale) whose result fits 64 bits, which is far inside the 38
// digits a decimal holds, so the answer is the exact one the general code gives. True and `out`
// set when the case is that one; false and `out` untouched otherwise (the general code decides:
// the result may still fit 128 bits, or be an Overflow). The VM's money forms (spec_forms.def)
// run these and leave every other case to the program's instruction.
inline bool dec_add_fast(const Decimal& a, const Decimal& b, bool subtract, Decimal& out) {
    int64_t x, y, r;
    if (!detail::mant64(a, x) || !detail::mant64(b, y)) return false;
    int scale = a.scale;
    if (a.scale != b.scale) {  // both at the larger scale, as the general code aligns them
        scale = a.scale > b.scale ? a.scale : b.scale;
        if (!(a.scale < scale ? detail::rescale64(x, a.scale, scale) : detail::rescale64(y, b.scale, scale))) return false;
    }
    if (scale > kMaxDecimalScale || (subtract ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r)))
        return false;
    out = Decimal{r, static_cast<uint8_t>(scale)};
    return true;
}
inline bool dec_mul_fast(const Decimal& a, const Decimal& b, Decimal& out) {
    int64_t x, y, r;
    if (a.scale + b.scale > kMaxDecimalScale || !detail::mant64(a, x) || !detail::mant64(b, y) ||
        __builtin_mul_overflow(x, y, &r))
        return false;
    out = Decimal{r, static_cast<uint8_t>(a.scale + b.scale)};
    return true;
}

// Exact sum, difference and product (the product at scale a.scale + b.scale, trailing fraction
// zeros stripped only where it would not fit otherwise). Inline for the common case (above),
// without a call and without handing the result back through memory.
inline DecStatus dec_add(const Decimal& a, const Decimal& b, Decimal& out) {
    return dec_add_fast(a, b, false, out) ? DecStatus::Ok : detail::dec_add_any(a, b, out);
}
inline DecStatus dec_sub(const Decimal& a, const Decimal& b, Decimal& out) {
    return dec_add_fast(a, b, true, out) ? DecStatus::Ok : detail::dec_sub_any(a, b, out);
}
inline DecStatus dec_mul(const Decimal& a, const Decimal& b, Decimal& out) {
    return dec_mul_fast(a, b, out) ? DecStatus::Ok : detail::dec_mul_any(a, b, out);
}

DecStatus dec_neg(const Decimal& a, Decimal& out);
// a / b rounded to `places` decimals (0..kMaxDecimalScale) with `mode`.
DecStatus dec_div(const Decimal& a, const Decimal& b, int places, Rounding mode, Decimal& out);
// Rounds to `places` decimals; the result has exactly that scale (1.5 rounded to 2 places is 1.50).
DecStatus dec_round(const Decimal& a, int places, Rounding mode, Decimal& out);
// The integer a equals, rounded with `mode`; Overflow when it lies outside int64.
DecStatus dec_to_int(const Decimal& a, Rounding mode, int64_t& out);

// -1, 0, 1; exact across scales (1.50 == 1.5).
int dec_compare(const Decimal& a, const Decimal& b);
bool dec_is_zero(const Decimal& a);
int dec_sign(const Decimal& a);

// Accepts JSON-number text and plain decimals: optional '-', digits, optional '.digits',
// optional exponent (e/E, sign, digits). Leading '+' is refused. Exact; false when it does not
// fit (more than 38 significant digits after removing exponent shifts) or is malformed.
bool parse_decimal(std::string_view text, Decimal& out);

// Exact text at the value's own scale: "1800.00", "-0.5", "12".
std::string dec_to_string(const Decimal& a);
// Rounded to `places` with `mode` and printed with exactly that many decimals: "1800.00";
// always the exact text (padding past 38 digits included), "" only for places outside 0..38.
std::string dec_to_fixed(const Decimal& a, int places, Rounding mode);

}  // namespace edict
