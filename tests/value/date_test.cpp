// Unit tests for value/date: takes hand-picked calendar edge cases (leap rules, month ends,
// the year 1 and 9999 limits, huge and negative offsets, strict text forms) and checks each
// function's documented result. Produces GoogleTest cases; linked with gtest_main.
#include "runtime/value/date.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace edict {
namespace {

constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();

// Test inputs are written as text; a bad literal in a test is a test bug, so fail loudly.
DayNumber D(const char* text) {
    DayNumber d = -1;
    EXPECT_TRUE(parse_date(text, d)) << text;
    return d;
}

MonthNumber M(const char* text) {
    MonthNumber m = -1;
    EXPECT_TRUE(parse_month(text, m)) << text;
    return m;
}

std::string after_days(const char* from, int64_t n) {
    DayNumber out = -7;
    return add_days(D(from), n, out) ? date_to_string(out) : "error";
}

std::string after_months(const char* from, int64_t n) {
    DayNumber out = -7;
    return add_months(D(from), n, out) ? date_to_string(out) : "error";
}

std::string after_years(const char* from, int64_t n) {
    DayNumber out = -7;
    return add_years(D(from), n, out) ? date_to_string(out) : "error";
}

TEST(DateLeap, CenturyRules) {
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_TRUE(is_leap_year(400));
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_TRUE(is_leap_year(4));
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_FALSE(is_leap_year(100));
    EXPECT_FALSE(is_leap_year(2023));
    EXPECT_FALSE(is_leap_year(1));
    EXPECT_FALSE(is_leap_year(9999));
}

TEST(DateLeap, DaysInMonth) {
    EXPECT_EQ(days_in_month(2000, 2), 29u);
    EXPECT_EQ(days_in_month(1900, 2), 28u);
    EXPECT_EQ(days_in_month(2024, 2), 29u);
    EXPECT_EQ(days_in_month(2023, 2), 28u);
    EXPECT_EQ(days_in_month(2023, 1), 31u);
    EXPECT_EQ(days_in_month(2023, 4), 30u);
    EXPECT_EQ(days_in_month(2023, 12), 31u);
    EXPECT_EQ(days_in_month(2023, 0), 0u);
    EXPECT_EQ(days_in_month(2023, 13), 0u);
}

TEST(DateValid, Bounds) {
    EXPECT_TRUE(is_valid_ymd(1, 1, 1));
    EXPECT_TRUE(is_valid_ymd(9999, 12, 31));
    EXPECT_TRUE(is_valid_ymd(2000, 2, 29));
    EXPECT_FALSE(is_valid_ymd(1900, 2, 29));
    EXPECT_FALSE(is_valid_ymd(2021, 2, 29));
    EXPECT_FALSE(is_valid_ymd(0, 12, 31));
    EXPECT_FALSE(is_valid_ymd(10000, 1, 1));
    EXPECT_FALSE(is_valid_ymd(-1, 1, 1));
    EXPECT_FALSE(is_valid_ymd(2020, 0, 1));
    EXPECT_FALSE(is_valid_ymd(2020, 13, 1));
    EXPECT_FALSE(is_valid_ymd(2020, 1, 0));
    EXPECT_FALSE(is_valid_ymd(2020, 1, 32));
    EXPECT_FALSE(is_valid_ymd(2020, 4, 31));
}

TEST(DateNumber, KnownDays) {
    EXPECT_EQ(day_number({1, 1, 1}), 0);
    EXPECT_EQ(day_number({1, 1, 2}), 1);
    EXPECT_EQ(day_number({1, 12, 31}), 364);
    EXPECT_EQ(day_number({2, 1, 1}), 365);
    EXPECT_EQ(day_number({1970, 1, 1}), 719162);
    EXPECT_EQ(day_number({2000, 1, 1}), 730119);
    EXPECT_EQ(day_number({2000, 3, 1}) - day_number({2000, 2, 28}), 2);
    EXPECT_EQ(day_number({1900, 3, 1}) - day_number({1900, 2, 28}), 1);
    EXPECT_EQ(min_day(), 0);
    EXPECT_EQ(max_day(), day_number({9999, 12, 31}));
    EXPECT_EQ(max_day(), 3652058);
}

// Every day of the range: ymd_of inverts day_number, days are consecutive and valid.
TEST(DateNumber, RoundTripWholeRange) {
    Ymd prev = ymd_of(0);
    for (DayNumber d = 1; d <= max_day(); ++d) {
        const Ymd y = ymd_of(d);
        ASSERT_TRUE(is_valid_ymd(y.year, y.month, y.day)) << d;
        ASSERT_EQ(day_number(y), d);
        const bool next_in_month = y.day == prev.day + 1 && y.month == prev.month;
        const bool next_month = y.day == 1 && prev.day == days_in_month(prev.year, prev.month);
        ASSERT_TRUE(next_in_month || next_month) << d;
        prev = y;
    }
}

TEST(DateNumber, OutOfContractIsClamped) {
    EXPECT_EQ(ymd_of(-5).year, 1);
    EXPECT_EQ(ymd_of(std::numeric_limits<DayNumber>::min()).day, 1u);
    EXPECT_EQ(ymd_of(std::numeric_limits<DayNumber>::max()).year, 9999);
    EXPECT_EQ(day_number({2021, 2, 30}), day_number({2021, 2, 28}));
    EXPECT_EQ(day_number({0, 0, 0}), 0);
    EXPECT_EQ(day_number({std::numeric_limits<int>::max(), 99, 99}), max_day());
    EXPECT_EQ(weekday(-1), weekday(0));
    EXPECT_EQ(date_to_string(-100), "0001-01-01");
}

TEST(DateAddDays, Basic) {
    EXPECT_EQ(after_days("2020-02-28", 1), "2020-02-29");
    EXPECT_EQ(after_days("2021-02-28", 1), "2021-03-01");
    EXPECT_EQ(after_days("1900-02-28", 1), "1900-03-01");
    EXPECT_EQ(after_days("2020-12-31", 1), "2021-01-01");
    EXPECT_EQ(after_days("2021-01-01", -1), "2020-12-31");
    EXPECT_EQ(after_days("2020-01-01", 366), "2021-01-01");
    EXPECT_EQ(after_days("2020-01-01", 0), "2020-01-01");
}

TEST(DateAddDays, Limits) {
    EXPECT_EQ(after_days("0001-01-01", -1), "error");
    EXPECT_EQ(after_days("9999-12-31", 1), "error");
    EXPECT_EQ(after_days("0001-01-01", 3652058), "9999-12-31");
    EXPECT_EQ(after_days("9999-12-31", -3652058), "0001-01-01");
    EXPECT_EQ(after_days("0001-01-01", 3652059), "error");
    EXPECT_EQ(after_days("2020-01-01", kI64Max), "error");
    EXPECT_EQ(after_days("2020-01-01", kI64Min), "error");
    EXPECT_EQ(after_days("2020-01-01", kI64Min + 1), "error");
    EXPECT_EQ(after_days("2020-01-01", int64_t{1} << 32), "error");
}

TEST(DateAddDays, FailureLeavesOutUntouched) {
    DayNumber out = 1234;
    EXPECT_FALSE(add_days(max_day(), 1, out));
    EXPECT_EQ(out, 1234);
    EXPECT_FALSE(add_days(-1, 5, out));  // start outside the range
    EXPECT_FALSE(add_months(max_day() + 1, 0, out));
    EXPECT_EQ(out, 1234);
}

TEST(DateAddMonths, ClampToMonthEnd) {
    EXPECT_EQ(after_months("2020-01-31", 1), "2020-02-29");
    EXPECT_EQ(after_months("2021-01-31", 1), "2021-02-28");
    EXPECT_EQ(after_months("2020-01-31", 2), "2020-03-31");  // one step, not two
    EXPECT_EQ(after_months("2020-03-31", 1), "2020-04-30");
    EXPECT_EQ(after_months("2020-03-31", -1), "2020-02-29");
    EXPECT_EQ(after_months("2020-05-31", -3), "2020-02-29");
    EXPECT_EQ(after_months("1900-01-29", 1), "1900-02-28");
    EXPECT_EQ(after_months("2000-01-29", 1), "2000-02-29");
    EXPECT_EQ(after_months("2020-02-29", 12), "2021-02-28");
    EXPECT_EQ(after_months("2020-02-29", 48), "2024-02-29");
    EXPECT_EQ(after_months("2020-06-15", 0), "2020-06-15");
}

TEST(DateAddMonths, YearBoundariesAndLimits) {
    EXPECT_EQ(after_months("2020-12-15", 1), "2021-01-15");
    EXPECT_EQ(after_months("2021-01-15", -1), "2020-12-15");
    EXPECT_EQ(after_months("2021-01-15", -13), "2019-12-15");
    EXPECT_EQ(after_months("9999-12-01", 1), "error");
    EXPECT_EQ(after_months("9999-11-30", 1), "9999-12-30");
    EXPECT_EQ(after_months("0001-01-31", -1), "error");
    EXPECT_EQ(after_months("0001-01-31", 119987), "9999-12-31");
    EXPECT_EQ(after_months("0001-01-31", 119988), "error");
    EXPECT_EQ(after_months("9999-12-31", -119987), "0001-01-31");
    EXPECT_EQ(after_months("2020-01-01", kI64Max), "error");
    EXPECT_EQ(after_months("2020-01-01", kI64Min), "error");
    EXPECT_EQ(after_months("2020-01-01", kI64Max / 12 + 1), "error");
}

// add_months converts to year-month-day once and back without day_number's clamping: on every day
// of the range, the result is the same day of the target month (its last day when shorter), read
// back by ymd_of, and out-of-range targets fail.
TEST(DateAddMonths, EveryDayOfTheRange) {
    for (DayNumber d = min_day(); d <= max_day(); ++d) {
        const Ymd from = ymd_of(d);
        for (int64_t n : {1, -1, 3, 12, -12, 13, 660}) {
            DayNumber out = -1;
            const int64_t target = int64_t{from.year} * 12 + (from.month - 1) + n;
            const bool ok = add_months(d, n, out);
            ASSERT_EQ(ok, target >= min_month() && target <= max_month()) << d << " + " << n;
            if (!ok) continue;
            const Ymd to = ymd_of(out);
            ASSERT_EQ(int64_t{to.year} * 12 + (to.month - 1), target) << d << " + " << n;
            ASSERT_EQ(to.day, std::min(from.day, days_in_month(to.year, to.month))) << d << " + " << n;
        }
    }
}

TEST(DateAddYears, LeapDayClamp) {
    EXPECT_EQ(after_years("1964-02-29", 55), "2019-02-28");
    EXPECT_EQ(after_years("1964-02-29", 56), "2020-02-29");
    EXPECT_EQ(after_years("2000-02-29", 100), "2100-02-28");
    EXPECT_EQ(after_years("2000-02-29", -100), "1900-02-28");
    EXPECT_EQ(after_years("2000-02-29", -400), "1600-02-29");
    EXPECT_EQ(after_years("2020-07-04", -1), "2019-07-04");
}

TEST(DateAddYears, Limits) {
    EXPECT_EQ(after_years("0001-06-30", 9998), "9999-06-30");
    EXPECT_EQ(after_years("0001-06-30", 9999), "error");
    EXPECT_EQ(after_years("9999-06-30", -9998), "0001-06-30");
    EXPECT_EQ(after_years("0001-01-01", -1), "error");
    EXPECT_EQ(after_years("2020-01-01", kI64Max), "error");
    EXPECT_EQ(after_years("2020-01-01", kI64Min), "error");
    EXPECT_EQ(after_years("2020-01-01", kI64Max / 12), "error");  // n*12 would be near overflow
    EXPECT_EQ(after_years("2020-01-01", kI64Min / 12), "error");
}

TEST(DateMonths, NumbersAndParts) {
    EXPECT_EQ(min_month(), 12);
    EXPECT_EQ(max_month(), 9999 * 12 + 11);
    EXPECT_EQ(M("0001-01"), 12);
    EXPECT_EQ(M("2024-03"), 2024 * 12 + 2);
    EXPECT_EQ(month_of(D("2024-03-31")), M("2024-03"));
    EXPECT_EQ(month_of(D("2024-01-01")), M("2024-01"));
    EXPECT_EQ(year_of_month(M("2024-12")), 2024);
    EXPECT_EQ(month_in_year(M("2024-12")), 12u);
    EXPECT_EQ(month_in_year(M("2025-01")), 1u);
    EXPECT_EQ(months_between(M("2023-11"), M("2024-02")), 3);
    EXPECT_EQ(months_between(M("2024-02"), M("2023-11")), -3);
    EXPECT_EQ(months_between(min_month(), max_month()), 119987);
    EXPECT_EQ(months_between(std::numeric_limits<MonthNumber>::min(),
                             std::numeric_limits<MonthNumber>::max()),
              int64_t{std::numeric_limits<uint32_t>::max()});
}

TEST(DateMonths, FirstAndLastDay) {
    EXPECT_EQ(date_to_string(first_day_of(M("2024-02"))), "2024-02-01");
    EXPECT_EQ(date_to_string(last_day_of(M("2024-02"))), "2024-02-29");
    EXPECT_EQ(date_to_string(last_day_of(M("2023-02"))), "2023-02-28");
    EXPECT_EQ(date_to_string(last_day_of(M("1900-02"))), "1900-02-28");
    EXPECT_EQ(date_to_string(last_day_of(M("2000-02"))), "2000-02-29");
    EXPECT_EQ(date_to_string(last_day_of(M("2023-04"))), "2023-04-30");
    EXPECT_EQ(first_day_of(min_month()), min_day());
    EXPECT_EQ(last_day_of(max_month()), max_day());
    EXPECT_EQ(last_day_of(std::numeric_limits<MonthNumber>::max()), max_day());
    EXPECT_EQ(first_day_of(std::numeric_limits<MonthNumber>::min()), min_day());
}

TEST(DateMonths, AddMonthCount) {
    MonthNumber out = 0;
    ASSERT_TRUE(add_month_count(M("2023-11"), 3, out));
    EXPECT_EQ(month_to_string(out), "2024-02");
    ASSERT_TRUE(add_month_count(M("2024-01"), -1, out));
    EXPECT_EQ(month_to_string(out), "2023-12");
    out = 77;
    EXPECT_FALSE(add_month_count(max_month(), 1, out));
    EXPECT_FALSE(add_month_count(min_month(), -1, out));
    EXPECT_FALSE(add_month_count(M("2024-01"), kI64Max, out));
    EXPECT_FALSE(add_month_count(M("2024-01"), kI64Min, out));
    EXPECT_FALSE(add_month_count(5, 20, out));  // start outside the range
    EXPECT_EQ(out, 77);
}

TEST(DateWeekday, Iso) {
    EXPECT_EQ(weekday(D("0001-01-01")), 1);  // Monday
    EXPECT_EQ(weekday(D("2024-01-01")), 1);
    EXPECT_EQ(weekday(D("2024-01-07")), 7);  // Sunday
    EXPECT_EQ(weekday(D("2000-02-29")), 2);  // Tuesday
    EXPECT_EQ(weekday(D("1970-01-01")), 4);  // Thursday
    EXPECT_EQ(weekday(D("9999-12-31")), 5);  // Friday
}

TEST(DateParse, AcceptsStrictForms) {
    EXPECT_EQ(date_to_string(D("2000-02-29")), "2000-02-29");
    EXPECT_EQ(D("0001-01-01"), 0);
    EXPECT_EQ(D("9999-12-31"), max_day());
    EXPECT_EQ(month_to_string(M("9999-12")), "9999-12");
}

TEST(DateParse, RefusesBadDates) {
    const char* bad[] = {"2021-02-29", "1900-02-29", "2021-04-31", "2021-13-01", "2021-00-10",
                         "2021-01-00", "2021-01-32", "0000-01-01", "10000-01-01", "2021-1-01",
                         "2021-01-1",  "21-01-01",   "2021/01/01", "2021-01-01 ", " 2021-01-01",
                         "2021-01-01T", "+021-01-01", "-001-01-01", "2021-0a-01", "",
                         "2021-01",    "2021_01-01", "２021-01-01", "2021--1-01"};
    for (const char* text : bad) {
        DayNumber out = 42;
        EXPECT_FALSE(parse_date(text, out)) << text;
        EXPECT_EQ(out, 42) << text;
    }
    DayNumber out = 42;
    EXPECT_FALSE(parse_date(std::string_view("2021-01-01\0", 11), out));  // embedded NUL
    EXPECT_FALSE(parse_date(std::string_view("2021-01-0\0", 10), out));
    EXPECT_EQ(out, 42);
}

TEST(DateParse, RefusesBadMonths) {
    const char* bad[] = {"2021-13", "2021-00", "0000-01", "2021-1", "2021-001", "202-01",
                         "2021/01", "2021-01-01", "", " 2021-01", "2021-0x"};
    for (const char* text : bad) {
        MonthNumber out = 42;
        EXPECT_FALSE(parse_month(text, out)) << text;
        EXPECT_EQ(out, 42) << text;
    }
}

TEST(DateFormat, FixedWidthNoTerminator) {
    char buf[12] = "XXXXXXXXXXX";
    format_date(D("0012-03-04"), buf);
    EXPECT_EQ(std::string(buf, 11), "0012-03-04X");
    char mbuf[9] = "XXXXXXXX";
    format_month(M("0987-11"), mbuf);
    EXPECT_EQ(std::string(mbuf, 8), "0987-11X");
}

// The text format_date and format_month wrote when they went a digit at a time (the year as four
// zero-padded digits, its last four were it ever longer), for every day and month and for values
// past either end, which are clamped into 0001-01-01..9999-12-31 before anything is written.
std::string digit_by_digit(int year, unsigned month, unsigned day, bool with_day) {
    std::string out;
    auto number = [&](int width, int value) {
        std::string digits(static_cast<size_t>(width), '0');
        for (int i = width - 1; i >= 0; --i, value /= 10) digits[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
        out += digits;
    };
    number(4, year);
    out += '-';
    number(2, static_cast<int>(month));
    if (with_day) {
        out += '-';
        number(2, static_cast<int>(day));
    }
    return out;
}

TEST(DateFormat, EveryDayAndMonthAsWrittenDigitByDigit) {
    char buf[10];
    for (DayNumber day = min_day(); day <= max_day(); ++day) {
        const Ymd ymd = ymd_of(day);
        format_date(day, buf);
        ASSERT_EQ(std::string(buf, 10), digit_by_digit(ymd.year, ymd.month, ymd.day, true)) << day;
    }
    char mbuf[7];
    for (MonthNumber month = min_month(); month <= max_month(); ++month) {
        format_month(month, mbuf);
        ASSERT_EQ(std::string(mbuf, 7), digit_by_digit(month / 12, static_cast<unsigned>(month % 12) + 1, 0, false)) << month;
    }
    for (DayNumber day : {-1, -366, INT32_MIN, max_day() + 1, max_day() + 400, INT32_MAX}) {
        format_date(day, buf);
        EXPECT_EQ(std::string(buf, 10), day < 0 ? "0001-01-01" : "9999-12-31") << day;
    }
    for (MonthNumber month : {11, 0, -1, -13, INT32_MIN, max_month() + 1, 10000 * 12, 123456 * 12 + 5, INT32_MAX}) {
        format_month(month, mbuf);
        EXPECT_EQ(std::string(mbuf, 7), month < min_month() ? "0001-01" : "9999-12") << month;
    }
}

}  // namespace
}  // namespace edict
