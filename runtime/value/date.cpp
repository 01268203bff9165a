// Calendar arithmetic on the proleptic Gregorian calendar, years 1..9999.
// Takes: day numbers (days since 0001-01-01), month numbers (year*12 + month-1), Ymd triples
// and "YYYY-MM-DD" / "YYYY-MM" text. Produces: day and month numbers, Ymd triples, ISO
// weekdays and fixed-width text; additions report "out of range" by returning false.
//
// Every function is total. Functions with a status (add_*, parse_*) refuse bad input;
// functions without one clamp an out-of-contract argument into 0001-01-01..9999-12-31
// (or 0001-01..9999-12), so no argument can cause undefined behaviour or a wild result.
#include "runtime/value/date.hpp"

#include <algorithm>

namespace edict {
namespace {

// The civil<->days arithmetic counts from 0000-03-01 so that the leap day is the last day
// of its "year" and every quantity stays non-negative for years 1..9999.
constexpr int64_t kDaysPer400Years = 146097;
constexpr int64_t kMarchEpochOffset = 306;  // 0000-03-01 .. 0001-01-01

DayNumber clamp_day(DayNumber day) { return std::clamp(day, DayNumber{0}, kMaxDay); }

MonthNumber clamp_month(MonthNumber month) { return std::clamp(month, kMinMonth, kMaxMonth); }

Ymd clamp_ymd(const Ymd& ymd) {
    const int year = std::clamp(ymd.year, kMinYear, kMaxYear);
    const unsigned month = std::clamp(ymd.month, 1u, 12u);
    const unsigned day = std::clamp(ymd.day, 1u, days_in_month(year, month));
    return Ymd{year, month, day};
}

// n is trusted only after it is known to be small; this keeps int64 arithmetic exact for
// any n including INT64_MIN/INT64_MAX.
bool within(int64_t n, int64_t bound) { return n >= -bound && n <= bound; }

bool in_range(int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; }

// The day number of a valid date (years 1..9999), without day_number's clamping. Neri and
// Schneider's days-from-civil: unsigned 32-bit multiplications and shifts (every quantity is
// non-negative from 0000-03-01, and 1461 * 9999 < 2^32) instead of the textbook's signed 64-bit
// divisions by 400, 100 and 4 and its day-of-year table; add_months calls it for every date it
// moves (two a Fujian case). DateNumber.RoundTripWholeRange checks it on every day.
DayNumber days_from_civil(int year, unsigned month, unsigned day) {
    const uint32_t jan_or_feb = month <= 2;  // Jan and Feb belong to the previous March year
    const uint32_t y = static_cast<uint32_t>(year) - jan_or_feb;
    const uint32_t m = jan_or_feb ? month + 12 : month;  // 3 (March) .. 14 (February)
    const uint32_t century = y / 100;
    const uint32_t days_before_year = 1461 * y / 4 - century + century / 4;
    const uint32_t days_before_month = (979 * m - 2919) / 32;  // 0 for March, 337 for February
    return static_cast<DayNumber>(static_cast<int64_t>(days_before_year + days_before_month + day - 1) - kMarchEpochOffset);
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads `count` ASCII digits at `pos`; false if any is not a digit.
bool read_number(std::string_view text, size_t pos, size_t count, int& value) {
    value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (!digit(text[i])) return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

// Shared "YYYY-MM" prefix of both formats.
bool read_year_month(std::string_view text, int& year, int& month) {
    return read_number(text, 0, 4, year) && text[4] == '-' && read_number(text, 5, 2, month) &&
           in_range(year, kMinYear, kMaxYear) && in_range(month, 1, 12);
}

}  // namespace

bool is_valid_ymd(int year, unsigned month, unsigned day) {
    return in_range(year, kMinYear, kMaxYear) && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

DayNumber day_number(const Ymd& ymd) {
    const Ymd v = clamp_ymd(ymd);
    return days_from_civil(v.year, v.month, v.day);
}

// Neri and Schneider's civil-from-days ("Euclidean affine functions", 2022): 32-bit unsigned
// multiplications and shifts instead of the signed 64-bit divisions of the textbook form; the
// VM calls this for every `year of`/`month of` a date, and the profile showed it. Counts from
// 0000-03-01 like day_number, so every quantity is non-negative and 4*z+3 < 2^32. Inline here
// and filling three scalars: month_of and add_months use it without packing a Ymd, whose return
// in registers cost a store-forwarding stall per call.
namespace {
inline void civil_from_days(DayNumber day, int& year, unsigned& month, unsigned& dom) {
    const uint32_t z = static_cast<uint32_t>(clamp_day(day) + kMarchEpochOffset);
    const uint32_t n1 = 4 * z + 3;
    const uint32_t century = n1 / kDaysPer400Years;
    const uint32_t day_of_century = n1 % kDaysPer400Years / 4;
    const uint64_t p2 = uint64_t{2939745} * (4 * day_of_century + 3);
    const uint32_t year_of_century = static_cast<uint32_t>(p2 >> 32);
    const uint32_t day_of_year = static_cast<uint32_t>(p2) / 2939745 / 4;  // 0 = 1 March
    const uint32_t n3 = 2141 * day_of_year + 197913;
    const unsigned march_month = n3 >> 16;  // 3..14: March..February
    dom = (n3 & 0xFFFF) / 2141 + 1;
    const bool jan_or_feb = day_of_year >= 306;
    month = jan_or_feb ? march_month - 12 : march_month;
    year = static_cast<int>(100 * century + year_of_century + jan_or_feb);
}
}  // namespace

Ymd ymd_of(DayNumber day) {
    Ymd r;
    civil_from_days(day, r.year, r.month, r.day);
    return r;
}

DayNumber min_day() { return 0; }
DayNumber max_day() { return kMaxDay; }
MonthNumber min_month() { return kMinMonth; }
MonthNumber max_month() { return kMaxMonth; }

bool add_days(DayNumber day, int64_t n, DayNumber& out) {
    if (!in_range(day, 0, kMaxDay) || !within(n, kMaxDay)) return false;
    const int64_t result = day + n;
    if (!in_range(result, 0, kMaxDay)) return false;
    out = static_cast<DayNumber>(result);
    return true;
}

bool add_months(DayNumber day, int64_t n, DayNumber& out) {
    if (!in_range(day, 0, kMaxDay) || !within(n, kMaxMonth - kMinMonth)) return false;
    // One conversion to year-month-day (the VM's ADD_YEARS and ADD_MONTHS are a tenth of a policy's
    // date arithmetic), then the same day of the target month, clamped to its last day.
    int from_year;
    unsigned from_month, from_day;
    civil_from_days(day, from_year, from_month, from_day);
    const int64_t target = int64_t{from_year} * 12 + (from_month - 1) + n;
    if (!in_range(target, kMinMonth, kMaxMonth)) return false;
    // Non-negative and small: an unsigned division by 12 is a multiplication and a shift. Every
    // month has a 28th, so only a later day asks for the target month's length.
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

// int64 because the difference of two int32 values may not fit int32.
int64_t months_between(MonthNumber a, MonthNumber b) {
    return static_cast<int64_t>(b) - static_cast<int64_t>(a);
}

DayNumber first_day_of(MonthNumber month) {
    const MonthNumber m = clamp_month(month);
    return day_number(Ymd{year_of_month(m), month_in_year(m), 1});
}

DayNumber last_day_of(MonthNumber month) {
    const MonthNumber m = clamp_month(month);
    const int year = year_of_month(m);
    const unsigned mon = month_in_year(m);
    return day_number(Ymd{year, mon, days_in_month(year, mon)});
}

int year_of_month(MonthNumber month) { return clamp_month(month) / 12; }

unsigned month_in_year(MonthNumber month) {
    return static_cast<unsigned>(clamp_month(month) % 12) + 1;
}


bool parse_date(std::string_view text, DayNumber& out) {
    int year = 0, month = 0, day = 0;
    if (text.size() != 10 || !read_year_month(text, year, month) || text[7] != '-' ||
        !read_number(text, 8, 2, day))
        return false;
    if (!is_valid_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day)))
        return false;
    out = day_number(Ymd{year, static_cast<unsigned>(month), static_cast<unsigned>(day)});
    return true;
}

bool parse_month(std::string_view text, MonthNumber& out) {
    int year = 0, month = 0;
    if (text.size() != 7 || !read_year_month(text, year, month)) return false;
    out = year * 12 + month - 1;
    return true;
}

std::string date_to_string(DayNumber day) {
    char buf[10];
    format_date(day, buf);
    return std::string(buf, sizeof buf);
}

std::string month_to_string(MonthNumber month) {
    char buf[7];
    format_month(month, buf);
    return std::string(buf, sizeof buf);
}

}  // namespace edict
