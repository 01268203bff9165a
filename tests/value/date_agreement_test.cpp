// Agreement of value/date with its previous implementation. Takes: every day and month of the range
// (and values past either end), and a dense grid of (day, n) with every n at a limit. Produces:
// GoogleTest cases that fail on the first input where the current functions and the reference
// below disagree on the result, on the success flag, or on leaving `out` untouched.
//
// The reference is runtime/value/date.cpp as of commit cb14441 (civil dates through Ymd, clamping
// day_number, one day-of-month table), copied verbatim apart from names, so that the March-year
// arithmetic that replaced it (issue 13) can be checked against it on whole ranges.
#include "runtime/value/date.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace edict {
namespace {

// ---- The reference: date.cpp at cb14441. Do not "fix" it; it is what the new code must equal. ----
namespace reference_cb14441 {

constexpr int64_t kDaysPer400Years = 146097;
constexpr int64_t kMarchEpochOffset = 306;

bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }
unsigned days_in_month(int year, unsigned month) {
    constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

DayNumber clamp_day(DayNumber day) { return std::clamp(day, DayNumber{0}, kMaxDay); }
MonthNumber clamp_month(MonthNumber month) { return std::clamp(month, kMinMonth, kMaxMonth); }
Ymd clamp_ymd(const Ymd& ymd) {
    const int year = std::clamp(ymd.year, kMinYear, kMaxYear);
    const unsigned month = std::clamp(ymd.month, 1u, 12u);
    const unsigned day = std::clamp(ymd.day, 1u, days_in_month(year, month));
    return Ymd{year, month, day};
}
bool within(int64_t n, int64_t bound) { return n >= -bound && n <= bound; }
bool in_range(int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; }

DayNumber days_from_civil(int year, unsigned month, unsigned day) {
    const uint32_t jan_or_feb = month <= 2;
    const uint32_t y = static_cast<uint32_t>(year) - jan_or_feb;
    const uint32_t m = jan_or_feb ? month + 12 : month;
    const uint32_t century = y / 100;
    const uint32_t days_before_year = 1461 * y / 4 - century + century / 4;
    const uint32_t days_before_month = (979 * m - 2919) / 32;
    return static_cast<DayNumber>(static_cast<int64_t>(days_before_year + days_before_month + day - 1) - kMarchEpochOffset);
}

DayNumber day_number(const Ymd& ymd) {
    const Ymd v = clamp_ymd(ymd);
    return days_from_civil(v.year, v.month, v.day);
}

void civil_from_days(DayNumber day, int& year, unsigned& month, unsigned& dom) {
    const uint32_t z = static_cast<uint32_t>(clamp_day(day) + kMarchEpochOffset);
    const uint32_t n1 = 4 * z + 3;
    const uint32_t century = n1 / kDaysPer400Years;
    const uint32_t day_of_century = n1 % kDaysPer400Years / 4;
    const uint64_t p2 = uint64_t{2939745} * (4 * day_of_century + 3);
    const uint32_t year_of_century = static_cast<uint32_t>(p2 >> 32);
    const uint32_t day_of_year = static_cast<uint32_t>(p2) / 2939745 / 4;
    const uint32_t n3 = 2141 * day_of_year + 197913;
    const unsigned march_month = n3 >> 16;
    dom = (n3 & 0xFFFF) / 2141 + 1;
    const bool jan_or_feb = day_of_year >= 306;
    month = jan_or_feb ? march_month - 12 : march_month;
    year = static_cast<int>(100 * century + year_of_century + jan_or_feb);
}

Ymd ymd_of(DayNumber day) {
    Ymd r;
    civil_from_days(day, r.year, r.month, r.day);
    return r;
}

bool add_days(DayNumber day, int64_t n, DayNumber& out) {
    if (!in_range(day, 0, kMaxDay) || !within(n, kMaxDay)) return false;
    const int64_t result = day + n;
    if (!in_range(result, 0, kMaxDay)) return false;
    out = static_cast<DayNumber>(result);
    return true;
}

bool add_months(DayNumber day, int64_t n, DayNumber& out) {
    if (!in_range(day, 0, kMaxDay) || !within(n, kMaxMonth - kMinMonth)) return false;
    int from_year;
    unsigned from_month, from_day;
    civil_from_days(day, from_year, from_month, from_day);
    const int64_t target = int64_t{from_year} * 12 + (from_month - 1) + n;
    if (!in_range(target, kMinMonth, kMaxMonth)) return false;
    const uint32_t t = static_cast<uint32_t>(target);
    const int year = static_cast<int>(t / 12);
    const unsigned month = t % 12 + 1;
    const unsigned dom = from_day <= 28 ? from_day : std::min(from_day, days_in_month(year, month));
    out = days_from_civil(year, month, dom);
    return true;
}

bool add_years(DayNumber day, int64_t n, DayNumber& out) {
    if (!within(n, kMaxYear - kMinYear)) return false;
    return add_months(day, n * 12, out);
}

MonthNumber month_of(DayNumber day) {
    int year;
    unsigned month, dom;
    civil_from_days(day, year, month, dom);
    return year * 12 + static_cast<MonthNumber>(month) - 1;
}

bool add_month_count(MonthNumber month, int64_t n, MonthNumber& out) {
    if (!in_range(month, kMinMonth, kMaxMonth) || !within(n, kMaxMonth - kMinMonth)) return false;
    const int64_t result = month + n;
    if (!in_range(result, kMinMonth, kMaxMonth)) return false;
    out = static_cast<MonthNumber>(result);
    return true;
}

int year_of_month(MonthNumber month) { return clamp_month(month) / 12; }
unsigned month_in_year(MonthNumber month) { return static_cast<unsigned>(clamp_month(month) % 12) + 1; }

DayNumber first_day_of(MonthNumber month) {
    const MonthNumber m = clamp_month(month);
    return reference_cb14441::day_number(Ymd{year_of_month(m), month_in_year(m), 1});  // not ADL's edict::day_number
}

DayNumber last_day_of(MonthNumber month) {
    const MonthNumber m = clamp_month(month);
    const int year = year_of_month(m);
    const unsigned mon = month_in_year(m);
    return reference_cb14441::day_number(Ymd{year, mon, days_in_month(year, mon)});
}

}  // namespace reference_cb14441
// ---- End of the reference. ----

namespace ref = reference_cb14441;

constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr DayNumber kI32Min = std::numeric_limits<int32_t>::min();
constexpr DayNumber kI32Max = std::numeric_limits<int32_t>::max();

// Values past either end of a range, for the clamping functions and the refusing ones.
std::vector<int32_t> beyond(int32_t lo, int32_t hi) {
    return {kI32Min, kI32Min + 1, -1000000, lo - 400, lo - 13, lo - 12, lo - 2, lo - 1,
            hi + 1, hi + 2, hi + 12, hi + 13, hi + 400, 1000000, kI32Max - 1, kI32Max};
}

// n far from anything a policy asks, where only the refusal (and int64 exactness) matters.
const std::vector<int64_t>& far_offsets() {
    static const std::vector<int64_t> v = {
        kI64Min, kI64Min + 1, kI64Max, kI64Max - 1, kI64Max / 12, kI64Max / 12 + 1, kI64Min / 12,
        kI64Min / 12 - 1, int64_t{1} << 31, -(int64_t{1} << 31), int64_t{1} << 32, -(int64_t{1} << 32),
        kMaxDay, kMaxDay + 1, -kMaxDay, -kMaxDay - 1, kMaxMonth - kMinMonth, kMaxMonth - kMinMonth + 1,
        kMinMonth - kMaxMonth, kMinMonth - kMaxMonth - 1, 9998, 9999, 10000, -9998, -9999, -10000};
    return v;
}

using DayAdd = bool (*)(DayNumber, int64_t, DayNumber&);

// Same flag, and the same `out`: the result on success, the untouched sentinel on failure.
::testing::AssertionResult same(DayAdd current, DayAdd reference, DayNumber day, int64_t n) {
    DayNumber got = -7, want = -7;
    const bool ok = current(day, n, got), ref_ok = reference(day, n, want);
    if (ok == ref_ok && got == want) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << '(' << day << ", " << n << "): " << ok << ' ' << got
                                         << ", the reference " << ref_ok << ' ' << want;
}

TEST(DateAgreement, EveryDayYmdAndMonth) {
    for (DayNumber d = min_day(); d <= max_day(); ++d) {
        const Ymd got = ymd_of(d), want = ref::ymd_of(d);
        ASSERT_EQ(got.year, want.year) << d;
        ASSERT_EQ(got.month, want.month) << d;
        ASSERT_EQ(got.day, want.day) << d;
        ASSERT_EQ(month_of(d), ref::month_of(d)) << d;
        ASSERT_EQ(day_number(got), d) << d;
    }
    for (DayNumber d : beyond(min_day(), max_day())) {
        EXPECT_EQ(month_of(d), ref::month_of(d)) << d;
        EXPECT_EQ(ymd_of(d).year, ref::ymd_of(d).year) << d;
        EXPECT_EQ(ymd_of(d).day, ref::ymd_of(d).day) << d;
    }
}

TEST(DateAgreement, EveryMonthFirstAndLastDay) {
    std::vector<MonthNumber> months = beyond(min_month(), max_month());
    for (MonthNumber m = -100; m <= max_month() + 100; ++m) months.push_back(m);
    for (MonthNumber m : months) {
        ASSERT_EQ(first_day_of(m), ref::first_day_of(m)) << m;
        ASSERT_EQ(last_day_of(m), ref::last_day_of(m)) << m;
        ASSERT_EQ(year_of_month(m), ref::year_of_month(m)) << m;
        ASSERT_EQ(month_in_year(m), ref::month_in_year(m)) << m;
    }
}

// Every (year, month, day) with year, month and day each from just before their range to just past
// it, valid or not: day_number clamps, parse_date refuses, and both agree with the reference.
TEST(DateAgreement, DayNumberOfEveryTriple) {
    std::vector<int> years = {kI32Min, -1, 0, 10000, 10001, kI32Max};
    for (int y = kMinYear; y <= kMaxYear; ++y) years.push_back(y);
    for (int y : years)
        for (unsigned m : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 0xFFFFFFFFu})
            for (unsigned d = 0; d <= 33; ++d) {
                const Ymd ymd{y, m, d == 33 ? 0xFFFFFFFFu : d};
                ASSERT_EQ(day_number(ymd), ref::day_number(ymd)) << y << '-' << m << '-' << d;
                ASSERT_EQ(is_valid_ymd(ymd.year, ymd.month, ymd.day),
                          y >= kMinYear && y <= kMaxYear && m >= 1 && m <= 12 && ymd.day >= 1 &&
                              ymd.day <= ref::days_in_month(y, m));
                ASSERT_EQ(days_in_month(y, m), ref::days_in_month(y, m));
            }
}

TEST(DateAgreement, ParseEveryDay) {
    for (DayNumber d = min_day(); d <= max_day(); ++d) {
        DayNumber got = -7;
        ASSERT_TRUE(parse_date(date_to_string(d), got)) << d;
        ASSERT_EQ(got, d);
    }
}

// Every day with each n from -13 to 13 (every month-end clamp, into and out of every February,
// across every year end), each n that lands on or just past either limit of the range from that
// day, and a few long steps; every 97th day also with the far offsets.
TEST(DateAgreement, AddMonthsDenseGrid) {
    for (DayNumber d = min_day(); d <= max_day(); ++d) {
        for (int64_t n = -13; n <= 13; ++n) ASSERT_TRUE(same(add_months, ref::add_months, d, n));
        const int64_t from = ref::month_of(d);
        for (int64_t n : {kMinMonth - from - 1, kMinMonth - from, kMaxMonth - from, kMaxMonth - from + 1,
                          int64_t{24}, int64_t{-24}, int64_t{48}, int64_t{-48}, int64_t{1200}, int64_t{-1200},
                          int64_t{4800}, int64_t{-4800}})
            ASSERT_TRUE(same(add_months, ref::add_months, d, n));
        if (d % 97 == 0 || d == max_day()) {
            for (int64_t n : far_offsets()) ASSERT_TRUE(same(add_months, ref::add_months, d, n));
        }
    }
    for (DayNumber d : beyond(min_day(), max_day()))
        for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{-1}, kI64Min, kI64Max})
            ASSERT_TRUE(same(add_months, ref::add_months, d, n));
}

TEST(DateAgreement, AddYearsDenseGrid) {
    for (DayNumber d = min_day(); d <= max_day(); ++d) {
        const int64_t year = ref::ymd_of(d).year;
        for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{3}, int64_t{-3}, int64_t{4}, int64_t{-4},
                          int64_t{100}, int64_t{-100}, int64_t{400}, int64_t{-400}, kMinYear - year - 1,
                          kMinYear - year, kMaxYear - year, kMaxYear - year + 1})
            ASSERT_TRUE(same(add_years, ref::add_years, d, n));
        if (d % 97 == 0 || d == max_day()) {
            for (int64_t n : far_offsets()) ASSERT_TRUE(same(add_years, ref::add_years, d, n));
        }
    }
    for (DayNumber d : beyond(min_day(), max_day()))
        for (int64_t n : {int64_t{0}, int64_t{1}, kI64Min, kI64Max}) ASSERT_TRUE(same(add_years, ref::add_years, d, n));
}

TEST(DateAgreement, AddDaysAndMonthCounts) {
    for (DayNumber d = min_day(); d <= max_day(); ++d) {
        for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{-d} - 1, int64_t{-d},
                          int64_t{kMaxDay} - d, int64_t{kMaxDay} - d + 1})
            ASSERT_TRUE(same(add_days, ref::add_days, d, n));
        if (d % 97 == 0 || d == max_day()) {
            for (int64_t n : far_offsets()) ASSERT_TRUE(same(add_days, ref::add_days, d, n));
        }
    }
    for (DayNumber d : beyond(min_day(), max_day()))
        for (int64_t n : {int64_t{0}, int64_t{1}, kI64Min, kI64Max}) ASSERT_TRUE(same(add_days, ref::add_days, d, n));

    std::vector<MonthNumber> months = beyond(min_month(), max_month());
    for (MonthNumber m = min_month(); m <= max_month(); ++m) months.push_back(m);
    for (MonthNumber m : months) {
        std::vector<int64_t> offsets = far_offsets();
        for (int64_t n = -13; n <= 13; ++n) offsets.push_back(n);
        for (int64_t n : {kMinMonth - int64_t{m} - 1, kMinMonth - int64_t{m}, kMaxMonth - int64_t{m}, kMaxMonth - int64_t{m} + 1})
            offsets.push_back(n);
        for (int64_t n : offsets) {
            MonthNumber got = -7, want = -7;
            ASSERT_EQ(add_month_count(m, n, got), ref::add_month_count(m, n, want)) << m << " + " << n;
            ASSERT_EQ(got, want) << m << " + " << n;
        }
    }
}

}  // namespace
}  // namespace edict
