// Calendar arithmetic on the proleptic Gregorian calendar, years 1..9999.
// Takes: day and month numbers. Produces: day and month numbers, or "out of range".
// Month-end clamping follows PRC Civil Code art. 202: a period ending in a month
// without the start's day-of-month ends on that month's last day.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/support/digits.hpp"

namespace edict {

// Days since 0001-01-01 (which is day 0).
using DayNumber = int32_t;
// year * 12 + (month - 1); 0001-01 is 12.
using MonthNumber = int32_t;

struct Ymd {
    int year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr DayNumber kMaxDay = 3652058;  // 9999-12-31 (day 0 is 0001-01-01)
constexpr MonthNumber kMinMonth = kMinYear * 12;       // 0001-01
constexpr MonthNumber kMaxMonth = kMaxYear * 12 + 11;  // 9999-12

// Inline: the VM's month arithmetic and working-day rolls call these for every date they move.
inline bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }
inline unsigned days_in_month(int year, unsigned month) {
    static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;  // no such month, so no valid day in it
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}
bool is_valid_ymd(int year, unsigned month, unsigned day);

// Precondition: is_valid_ymd.
DayNumber day_number(const Ymd& ymd);
Ymd ymd_of(DayNumber day);

DayNumber min_day();  // 0001-01-01
DayNumber max_day();  // 9999-12-31
MonthNumber min_month();
MonthNumber max_month();

// Each returns false (and leaves out untouched) when the result falls outside years 1..9999.
bool add_days(DayNumber day, int64_t n, DayNumber& out);
// Same day-of-month n months later (or earlier), clamped to the target month's last day.
// Always one step from `day`: add_months(2020-01-31, 2) = 2020-03-31.
bool add_months(DayNumber day, int64_t n, DayNumber& out);
bool add_years(DayNumber day, int64_t n, DayNumber& out);

// Out of line on purpose: inlined into the VM's dispatch loop (month_of, first_day_of, add_days,
// add_month_count), they took the loop the register that held its handler table, an instruction
// more on most dispatches, and the VM ran as many instructions a case as with the calls (callgrind).
MonthNumber month_of(DayNumber day);
bool add_month_count(MonthNumber month, int64_t n, MonthNumber& out);
// (b.year*12 + b.month) - (a.year*12 + a.month)
int64_t months_between(MonthNumber a, MonthNumber b);
DayNumber first_day_of(MonthNumber month);
DayNumber last_day_of(MonthNumber month);
int year_of_month(MonthNumber month);
unsigned month_in_year(MonthNumber month);  // 1..12

// ISO weekday: 1 = Monday .. 7 = Sunday. 0001-01-01 (day 0) was a Monday in the proleptic
// Gregorian calendar; a day outside 0001-01-01..9999-12-31 is clamped into it.
inline int weekday(DayNumber day) { return (day < 0 ? 0 : day > kMaxDay ? kMaxDay : day) % 7 + 1; }

// Strict "YYYY-MM-DD" / "YYYY-MM" (four-digit year 0001..9999, two-digit month and day).
// Return false for bad shape or an impossible date such as 2021-02-29.
bool parse_date(std::string_view text, DayNumber& out);
bool parse_month(std::string_view text, MonthNumber& out);

// Write exactly 10 / 7 characters, no terminator; a day or month outside 0001-01-01..9999-12-31
// is clamped into it first (as ymd_of and year_of_month do), so the year always has four digits.
// Inline, digits two at a time: the runner writes every date and month result through these.
inline void format_date(DayNumber day, char out[10]) {
    const Ymd d = ymd_of(day);
    const unsigned year = static_cast<unsigned>(d.year);
    two_digits(out, year / 100);
    two_digits(out + 2, year % 100);
    out[4] = '-';
    two_digits(out + 5, d.month);
    out[7] = '-';
    two_digits(out + 8, d.day);
}
inline void format_month(MonthNumber month, char out[7]) {
    const unsigned m = static_cast<unsigned>(std::clamp(month, kMinMonth, kMaxMonth));
    const unsigned year = m / 12;
    two_digits(out, year / 100);
    two_digits(out + 2, year % 100);
    out[4] = '-';
    two_digits(out + 5, m % 12 + 1);
}
std::string date_to_string(DayNumber day);
std::string month_to_string(MonthNumber month);

}  // namespace edict
