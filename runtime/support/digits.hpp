// Decimal digits two at a time: the one table the writers of fixed-width numbers share (dates,
// months, money's cents). Takes: a number 0..99. Produces: its two ASCII digits.
#pragma once
#include <cstring>

namespace edict {

namespace detail {
// "00" .. "99".
inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
}  // namespace detail

// The two digits of n (0..99) at p, no terminator: one copy from the table, where a digit at a
// time costs a division by 10 each.
inline void two_digits(char* p, unsigned n) { std::memcpy(p, detail::kDigitPairs + 2 * n, 2); }

}  // namespace edict
