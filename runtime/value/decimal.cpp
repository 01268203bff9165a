// Exact decimal arithmetic on Decimal{mant, scale}: value = mant / 10^scale.
// Takes: Decimals, int64 integers and JSON-number text. Produces: exact sums, differences,
// products and negations; quotients and roundings at a stated number of places; comparisons;
// text at the value's own scale or at a fixed number of places. Failures are DecStatus codes.
//
// Invariant of every Decimal produced here: |mant| <= 10^38 - 1 and scale <= 38, i.e. at most
// 38 significant digits, so every value prints as text that parse_decimal accepts back and
// negation can never overflow. A hand-built Decimal outside the invariant is refused with
// Overflow by the status functions (and still handled without undefined behaviour elsewhere).
// Work is done on magnitudes plus a sign; what may exceed 128 bits is done in Boost's checked
// 256-bit integers. No binary floating point is used.
#include "runtime/value/decimal.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <boost/multiprecision/cpp_int.hpp>
#include <stdexcept>

namespace edict {
namespace {

namespace bmp = boost::multiprecision;
// Checked: an overflow throws instead of wrapping. et_off: expression templates would keep
// references to temporaries.
using Wide = bmp::number<bmp::cpp_int_backend<256, 256, bmp::signed_magnitude, bmp::checked, void>,
                         bmp::et_off>;
using U128 = unsigned __int128;

constexpr int kWideDigits = 76;  // 10^76 < 2^255: any 76-digit magnitude fits Wide

constexpr U128 pow10_u128(int n) {
    U128 r = 1;
    for (int i = 0; i < n; ++i) r *= 10;
    return r;
}

constexpr U128 kMaxMag = pow10_u128(kMaxDecimalScale) - 1;  // 38 nines

constexpr std::array<U128, kMaxDecimalScale + 1> make_pow10_table() {
    std::array<U128, kMaxDecimalScale + 1> t{};
    for (int i = 0; i <= kMaxDecimalScale; ++i) t[i] = pow10_u128(i);
    return t;
}

constexpr std::array<U128, kMaxDecimalScale + 1> kPow10 = make_pow10_table();

// 10^n for n in 0..38; callers guarantee the range.
U128 pow10(int n) { return kPow10[static_cast<size_t>(n)]; }

// Unsigned negation so that even INT128_MIN has a magnitude.
U128 magnitude(__int128 m) { return m < 0 ? U128(0) - U128(m) : U128(m); }

bool negative(const Decimal& d) { return d.mant < 0; }

bool valid(const Decimal& d) {
    return d.scale <= kMaxDecimalScale && magnitude(d.mant) <= kMaxMag;
}

bool valid_places(int places) { return places >= 0 && places <= kMaxDecimalScale; }

// Precondition: mag <= kMaxMag and 0 <= scale <= 38.
Decimal make(bool neg, U128 mag, int scale) {
    const __int128 m = static_cast<__int128>(mag);
    return Decimal{neg ? -m : m, static_cast<uint8_t>(scale)};
}

int digit_count(U128 v) {
    int n = 0;
    for (; v != 0; v /= 10) ++n;
    return n;
}

Wide to_wide(U128 v) {
    Wide w = static_cast<uint64_t>(v >> 64);
    w <<= 64;
    w += static_cast<uint64_t>(v);
    return w;
}

// Precondition: 0 <= w <= kMaxMag.
U128 from_wide(const Wide& w) {
    const Wide low_mask = to_wide(~uint64_t{0});
    const U128 hi = static_cast<uint64_t>(w >> 64);
    const U128 lo = static_cast<uint64_t>(w & low_mask);
    return (hi << 64) | lo;
}

// 10^n for n in 0..76.
Wide pow10_wide(int n) {
    const int low = std::min(n, kMaxDecimalScale);
    return to_wide(pow10(low)) * to_wide(pow10(n - low));
}

bool is_odd(const U128& v) { return (v & 1) != 0; }
bool is_odd(const Wide& v) { return bit_test(v, 0); }

// Whether the truncated quotient q of num/den (remainder rem, 0 < den) moves one unit away
// from zero under `mode`. Works on magnitudes, so "away from zero" is simply "+1".
template <class T>
bool rounds_away(Rounding mode, const T& q, const T& rem, const T& den) {
    if (rem == 0) return false;
    const T twice = rem * 2;  // rem < den <= 10^76 keeps this inside 256 bits
    switch (mode) {
        case Rounding::Down: return false;
        case Rounding::Up: return true;
        case Rounding::HalfUp: return twice >= den;
        case Rounding::HalfEven: return twice > den || (twice == den && is_odd(q));
        case Rounding::Floor: case Rounding::Ceiling: break;  // resolved by on_magnitude first
    }
    return false;
}

// The rounding on magnitudes gives the signed result `mode` asks for: toward −∞ moves a negative
// value away from zero and a positive one toward it; toward +∞ the other way round.
Rounding on_magnitude(Rounding mode, bool negative_result) {
    if (mode == Rounding::Floor) return negative_result ? Rounding::Up : Rounding::Down;
    if (mode == Rounding::Ceiling) return negative_result ? Rounding::Down : Rounding::Up;
    return mode;
}

// num / den rounded with `mode`; both non-negative, den > 0.
template <class T>
T rounded_quotient(const T& num, const T& den, Rounding mode) {
    const T q = num / den;
    const T rem = num % den;
    return rounds_away(mode, q, rem, den) ? T(q + 1) : q;
}

// Removes trailing zeros from the fraction, one at a time and only while the value does not
// fit (scale above 38 or magnitude above 38 digits), so the result is exact and keeps as much
// of the stated scale as possible. False when it still does not fit.
template <class T>
bool strip_to_fit(T& mag, int& scale, const T& max_mag) {
    while ((scale > kMaxDecimalScale || mag > max_mag) && scale > 0 && mag % 10 == 0) {
        mag /= 10;
        --scale;
    }
    return scale <= kMaxDecimalScale && mag <= max_mag;
}

// mant * 10^k exactly as a signed 128-bit value, or false.
bool scale_up(__int128 mant, int k, __int128& out) {
    return !__builtin_mul_overflow(mant, static_cast<__int128>(pow10(k)), &out);
}

Wide signed_wide(__int128 m) {
    const Wide w = to_wide(magnitude(m));
    return m < 0 ? Wide(-w) : w;
}

// Slow path of add/sub for when aligning or summing leaves 128 bits although the result may
// still fit, e.g. 1733 - 906.44668769154398070135437869299395053. Aligned operands are below
// 10^76, so Wide cannot overflow.
DecStatus add_wide(const Decimal& a, const Decimal& b, bool subtract, int scale, Decimal& out) {
    const Wide x = signed_wide(a.mant) * pow10_wide(scale - a.scale);
    const Wide y = signed_wide(b.mant) * pow10_wide(scale - b.scale);
    const Wide r = subtract ? Wide(x - y) : Wide(x + y);
    const Wide mag = abs(r);
    if (mag > to_wide(kMaxMag)) return DecStatus::Overflow;
    out = make(r < 0, from_wide(mag), scale);
    return DecStatus::Ok;
}

// Shared body of add and sub: both operands are brought to the larger scale first, in 128
// bits when that suffices.
DecStatus add_signed(const Decimal& a, const Decimal& b, bool subtract, Decimal& out) {
    if (!valid(a) || !valid(b)) return DecStatus::Overflow;
    const int scale = std::max(a.scale, b.scale);
    __int128 x = 0, y = 0, r = 0;
    const bool fast = scale_up(a.mant, scale - a.scale, x) &&
                      scale_up(b.mant, scale - b.scale, y) &&
                      !(subtract ? __builtin_sub_overflow(x, y, &r)
                                 : __builtin_add_overflow(x, y, &r));
    if (!fast) return add_wide(a, b, subtract, scale, out);
    if (magnitude(r) > kMaxMag) return DecStatus::Overflow;
    out = Decimal{r, static_cast<uint8_t>(scale)};
    return DecStatus::Ok;
}

// The product of two 38-digit magnitudes has at most 76 digits, so Wide never overflows.
DecStatus mul_wide(U128 x, U128 y, bool neg, int scale, Decimal& out) {
    Wide p = to_wide(x) * to_wide(y);
    if (!strip_to_fit(p, scale, to_wide(kMaxMag))) return DecStatus::Overflow;
    out = make(neg, from_wide(p), scale);
    return DecStatus::Ok;
}

// Quotient magnitude of |a| / |b| at `places`, in 256 bits. The scaled dividend needs at most
// 76 digits unless the quotient is certainly above 38 digits, which is checked first.
DecStatus div_magnitude(const Decimal& a, const Decimal& b, int places, Rounding mode, U128& q) {
    const U128 x = magnitude(a.mant);
    const int shift = places + b.scale - a.scale;  // -38..76
    if (shift >= 0 && digit_count(x) + shift > kWideDigits) return DecStatus::Overflow;
    Wide num = to_wide(x);
    Wide den = to_wide(magnitude(b.mant));
    if (shift >= 0) num *= pow10_wide(shift);
    else den *= pow10_wide(-shift);
    const Wide wq = rounded_quotient(num, den, mode);
    if (wq > to_wide(kMaxMag)) return DecStatus::Overflow;
    q = from_wide(wq);
    return DecStatus::Ok;
}

// Compares magnitudes x/10^sx and y/10^sy, both non-zero. Unequal digit positions of the
// leading digit decide at once; otherwise scaling one side up needs at most 39 digits.
int compare_magnitudes(U128 x, int sx, U128 y, int sy) {
    const int ox = digit_count(x) - sx;
    const int oy = digit_count(y) - sy;
    if (ox != oy) return ox < oy ? -1 : 1;
    Wide wx = to_wide(x), wy = to_wide(y);
    if (sx < sy) wx *= pow10_wide(sy - sx);
    else wy *= pow10_wide(sx - sy);
    return wx < wy ? -1 : (wx > wy ? 1 : 0);
}

// ---- parsing ----

// The pieces of a JSON number: digits without leading zeros, and the decimal shift.
struct NumberText {
    bool neg = false;
    U128 digits = 0;          // significant digits read so far
    int sig_digits = 0;       // their count, once the first non-zero digit is seen
    int64_t frac_digits = 0;  // digits after the '.'
    int64_t exponent = 0;     // saturated, see read_exponent
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Appends one digit; false once more than 38 significant digits would be needed.
bool push_digit(NumberText& n, char c) {
    if (n.sig_digits == 0 && c == '0') return true;  // leading zero: not significant
    if (++n.sig_digits > kMaxDecimalScale) return false;
    n.digits = n.digits * 10 + static_cast<unsigned>(c - '0');
    return true;
}

// Reads a run of digits at pos, feeding them to n; returns how many were read, or -1 on too
// many significant digits.
int64_t read_digits(std::string_view t, size_t& pos, NumberText& n) {
    const size_t start = pos;
    for (; pos < t.size() && is_digit(t[pos]); ++pos)
        if (!push_digit(n, t[pos])) return -1;
    return static_cast<int64_t>(pos - start);
}

// JSON integer part: "0" or a non-zero digit followed by digits (no leading zeros).
bool read_integer_part(std::string_view t, size_t& pos, NumberText& n) {
    if (pos >= t.size() || !is_digit(t[pos])) return false;
    if (t[pos] == '0') {
        ++pos;
        return pos >= t.size() || !is_digit(t[pos]);
    }
    return read_digits(t, pos, n) > 0;
}

bool read_fraction(std::string_view t, size_t& pos, NumberText& n) {
    if (pos >= t.size() || t[pos] != '.') return true;
    ++pos;
    n.frac_digits = read_digits(t, pos, n);
    return n.frac_digits > 0;
}

// Exponents are saturated at +-10^18: far beyond anything that can fit, and far beyond any
// text length, so the saturated value gives the same verdict as the true one.
bool read_exponent(std::string_view t, size_t& pos, NumberText& n) {
    if (pos >= t.size() || (t[pos] != 'e' && t[pos] != 'E')) return true;
    ++pos;
    const bool neg = pos < t.size() && t[pos] == '-';
    if (pos < t.size() && (t[pos] == '-' || t[pos] == '+')) ++pos;
    const size_t start = pos;
    constexpr int64_t kCap = 1000000000000000000;
    for (; pos < t.size() && is_digit(t[pos]); ++pos)
        n.exponent = n.exponent >= kCap / 10 ? kCap : n.exponent * 10 + (t[pos] - '0');
    if (neg) n.exponent = -n.exponent;
    return pos > start;
}

bool scan_number(std::string_view t, NumberText& n) {
    size_t pos = 0;
    n.neg = !t.empty() && t[0] == '-';
    if (n.neg) ++pos;
    return read_integer_part(t, pos, n) && read_fraction(t, pos, n) && read_exponent(t, pos, n) &&
           pos == t.size();
}

// Applies the exponent: the value keeps the scale the text states (frac_digits - exponent),
// refusing a scale above 38 or a mantissa above 38 digits.
bool place_number(const NumberText& n, Decimal& out) {
    const int64_t scale = n.frac_digits - n.exponent;
    if (scale > kMaxDecimalScale) return false;
    if (scale >= 0) {
        out = make(n.neg, n.digits, static_cast<int>(scale));
        return true;
    }
    if (n.digits == 0) {  // zero times any power of ten
        out = Decimal{};
        return true;
    }
    if (n.sig_digits - scale > kMaxDecimalScale) return false;
    out = make(n.neg, n.digits * pow10(static_cast<int>(-scale)), 0);
    return true;
}

// ---- printing ----

// Digits of mag, left-padded with zeros to at least min_digits, then the point inserted
// `scale` places from the right.
std::string format_magnitude(bool neg, U128 mag, int scale) {
    char buf[40];  // 2^128 has 39 digits
    int len = 0;
    for (; mag != 0; mag /= 10) buf[len++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    std::string s = neg ? "-" : "";
    const int digits = std::max(len, scale + 1);
    for (int i = digits - 1; i >= 0; --i) {
        if (i == scale - 1) s += '.';
        s += i < len ? buf[i] : '0';
    }
    return s;
}

}  // namespace

Decimal decimal_from_int(int64_t v) { return Decimal{v, 0}; }

DecStatus detail::dec_add_any(const Decimal& a, const Decimal& b, Decimal& out) {
    return add_signed(a, b, false, out);
}

DecStatus detail::dec_sub_any(const Decimal& a, const Decimal& b, Decimal& out) {
    return add_signed(a, b, true, out);
}

// Exact product at scale a.scale + b.scale; the 128-bit path covers the common case and the
// 256-bit path covers products that need stripping of trailing fraction zeros to fit.
DecStatus detail::dec_mul_any(const Decimal& a, const Decimal& b, Decimal& out) {
    if (!valid(a) || !valid(b)) return DecStatus::Overflow;
    const U128 x = magnitude(a.mant), y = magnitude(b.mant);
    const bool neg = negative(a) != negative(b);
    int scale = a.scale + b.scale;
    U128 p = 0;
    if (__builtin_mul_overflow(x, y, &p)) return mul_wide(x, y, neg, scale, out);
    if (!strip_to_fit(p, scale, kMaxMag)) return DecStatus::Overflow;
    out = make(neg, p, scale);
    return DecStatus::Ok;
}

DecStatus dec_neg(const Decimal& a, Decimal& out) {
    if (!valid(a)) return DecStatus::Overflow;
    out = Decimal{-a.mant, a.scale};
    return DecStatus::Ok;
}

// Checks run in the order: places, operand validity, zero divisor.
DecStatus dec_div(const Decimal& a, const Decimal& b, int places, Rounding mode, Decimal& out) {
    if (!valid_places(places)) return DecStatus::BadPlaces;
    if (!valid(a) || !valid(b)) return DecStatus::Overflow;
    if (b.mant == 0) return DecStatus::DivisionByZero;
    U128 q = 0;
    try {
        const DecStatus st = div_magnitude(a, b, places, on_magnitude(mode, negative(a) != negative(b)), q);
        if (st != DecStatus::Ok) return st;
    } catch (const std::overflow_error&) {
        return DecStatus::Overflow;  // unreachable by the digit check; kept as a safety net
    }
    out = make(negative(a) != negative(b), q, places);
    return DecStatus::Ok;
}

DecStatus dec_round(const Decimal& a, int places, Rounding mode, Decimal& out) {
    if (!valid_places(places)) return DecStatus::BadPlaces;
    if (!valid(a)) return DecStatus::Overflow;
    const U128 x = magnitude(a.mant);
    U128 r = 0;
    if (places >= a.scale) {  // padding zeros: exact, may overflow
        const U128 f = pow10(places - a.scale);
        if (x > kMaxMag / f) return DecStatus::Overflow;
        r = x * f;
    } else {
        r = rounded_quotient(x, pow10(a.scale - places), on_magnitude(mode, negative(a)));
    }
    out = make(negative(a), r, places);
    return DecStatus::Ok;
}

namespace {
constexpr const char* kRoundingNames[] = {"half_up", "half_even", "down", "up", "floor", "ceil"};
}  // namespace

const char* rounding_name(Rounding mode) {
    const auto i = static_cast<size_t>(mode);
    return i < std::size(kRoundingNames) ? kRoundingNames[i] : "?";
}

bool rounding_named(std::string_view name, Rounding& out) {
    for (size_t i = 0; i < std::size(kRoundingNames); ++i)
        if (name == kRoundingNames[i]) { out = static_cast<Rounding>(i); return true; }
    return false;
}

DecStatus dec_to_int(const Decimal& a, Rounding mode, int64_t& out) {
    Decimal whole;
    const DecStatus st = dec_round(a, 0, mode, whole);
    if (st != DecStatus::Ok) return st;
    if (whole.mant > INT64_MAX || whole.mant < INT64_MIN) return DecStatus::Overflow;
    out = static_cast<int64_t>(whole.mant);
    return DecStatus::Ok;
}

int dec_compare(const Decimal& a, const Decimal& b) {
    // Money compared with money has one scale; and a mantissa of at most 38 digits times 10^k
    // stays inside 128 bits while the product has at most 38 digits, which the check below sees.
    if (a.scale == b.scale) return a.mant < b.mant ? -1 : (a.mant > b.mant ? 1 : 0);
    {
        const bool a_up = a.scale < b.scale;
        const __int128 small = a_up ? a.mant : b.mant;
        const __int128 large = a_up ? b.mant : a.mant;
        __int128 scaled;
        if (!__builtin_mul_overflow(small, static_cast<__int128>(pow10(std::abs(a.scale - b.scale))), &scaled)) {
            const int c = scaled < large ? -1 : (scaled > large ? 1 : 0);
            return a_up ? c : -c;
        }
    }
    const int sa = dec_sign(a), sb = dec_sign(b);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    const int c = compare_magnitudes(magnitude(a.mant), a.scale, magnitude(b.mant), b.scale);
    return sa > 0 ? c : -c;
}

bool dec_is_zero(const Decimal& a) { return a.mant == 0; }

int dec_sign(const Decimal& a) { return a.mant < 0 ? -1 : (a.mant > 0 ? 1 : 0); }

bool parse_decimal(std::string_view text, Decimal& out) {
    NumberText n;
    return scan_number(text, n) && place_number(n, out);
}

std::string dec_to_string(const Decimal& a) {
    return format_magnitude(negative(a), magnitude(a.mant), a.scale);
}

// Empty string only for places outside 0..38 (or an invalid operand). Padding is written as
// text, not computed: a value of 38 digits shown to more places than it holds is exact text of
// more than 38 digits, which no Decimal holds, and an answer must never be lost to its printing
// (money of 36 whole digits was once printed as "" at two places).
std::string dec_to_fixed(const Decimal& a, int places, Rounding mode) {
    if (!valid_places(places) || !valid(a)) return std::string();
    if (places >= a.scale) {
        std::string s = dec_to_string(a);
        if (a.scale == 0 && places > 0) s += '.';
        s.append(static_cast<size_t>(places - a.scale), '0');
        return s;
    }
    Decimal r;
    if (dec_round(a, places, mode, r) != DecStatus::Ok) return std::string();
    return dec_to_string(r);
}

}  // namespace edict
