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

// One unsigned comparison for the usual in-range argument (std::clamp's two conditional moves were
// six instructions of month_of's 27).
DayNumber clamp_day(DayNumber day) {
    if (__builtin_expect(static_cast<uint32_t>(day) <= static_cast<uint32_t>(kMaxDay), 1)) return day;
    return day < 0 ? 0 : kMaxDay;
}

MonthNumber clamp_month(MonthNumber month) {
    // Unsigned subtraction: month - kMinMonth would overflow for a month near INT32_MIN.
    if (__builtin_expect(static_cast<uint32_t>(month) - uint32_t{kMinMonth} <= uint32_t{kMaxMonth - kMinMonth}, 1))
        return month;
    return month < kMinMonth ? kMinMonth : kMaxMonth;
}

Ymd clamp_ymd(const Ymd& ymd) {
    const int year = std::clamp(ymd.year, kMinYear, kMaxYear);
    const unsigned month = std::clamp(ymd.month, 1u, 12u);
    const unsigned day = std::clamp(ymd.day, 1u, days_in_month(year, month));
    return Ymd{year, month, day};
}

bool in_range(int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; }

// The additions' guards: n is trusted only after it is known to be small, which keeps their int64
// arithmetic exact for any n including INT64_MIN/INT64_MAX. One unsigned comparison (modular
// difference) and a branch of its own, rarely taken; two guards written `a || b` were combined
// into flags and an and, four instructions more a call.
inline bool outside(int64_t v, int64_t lo, int64_t hi) {
    return __builtin_expect(static_cast<uint64_t>(v) - static_cast<uint64_t>(lo) > static_cast<uint64_t>(hi - lo), 0);
}

// The calendar's one conversion each way (Neri and Schneider, "Euclidean affine functions", 2022),
// on "March years": a March year runs from 1 March to the end of February, so the leap day is the
// last day of its year and every other month has a fixed place and length. Counted from 0000-03-01,
// every quantity is non-negative for years 1..9999 and fits unsigned 32 bits, so each division is
// a multiplication and a shift. Month arithmetic stays in March years (add_months, first_day_of,
// month_of need no January-February correction); only Ymd in and out converts.
constexpr uint32_t kMarchEpochOffset = 306;  // days from 0000-03-01 to 0001-01-01 (day 0)
constexpr MonthNumber kMarchMonthOffset = 2;  // a MonthNumber counts from 0000-01, March months from 0000-03

struct MarchDate {
    uint32_t year;   // the March year: 2020 runs from 2020-03-01 to 2021-02-28
    uint32_t month;  // 0 = March .. 9 = December, 10 = January, 11 = February
    uint32_t day;    // 0-based day of the month
};

// Precondition: 0 <= day <= kMaxDay.
inline MarchDate march_date_of(DayNumber day) {
    const uint32_t n1 = 4 * (static_cast<uint32_t>(day) + kMarchEpochOffset) + 3;
    const uint32_t century = n1 / 146097;  // days in 400 years
    const uint32_t day_of_century = n1 % 146097 / 4;
    const uint64_t p2 = uint64_t{2939745} * (4 * day_of_century + 3);
    const uint32_t year_of_century = static_cast<uint32_t>(p2 >> 32);
    const uint32_t day_of_year = static_cast<uint32_t>(p2) / 2939745 / 4;  // 0 = 1 March
    const uint32_t n3 = 2141 * day_of_year + 1305;
    return MarchDate{100 * century + year_of_century, n3 >> 16, (n3 & 0xFFFF) / 2141};
}

// Months from 0000-03 to the month of a day. Precondition: 0 <= day <= kMaxDay.
inline uint32_t march_months_of(DayNumber day) {
    const MarchDate d = march_date_of(day);
    return d.year * 12 + d.month;
}

// Days from 0000-03-01 to the first day of `month` (0 = March .. 11 = February) of March year
// `year`. Precondition: year <= 10000.
constexpr uint32_t march_first_day(uint32_t year, uint32_t month) {
    const uint32_t century = year / 100;
    const uint32_t days_before_year = 1461 * year / 4 - century + century / 4;
    return days_before_year + (979 * month + 18) / 32;  // 0 for March, 337 for February
}
// The same for the month `months` after 0000-03. Precondition: months <= 12 * 10000.
constexpr uint32_t march_first_day(uint32_t months) { return march_first_day(months / 12, months % 12); }

// The months of 1900-2099, where nearly every date a policy meets lies, by table: the first day of
// each, and the month of every 16th day. A day's month is then one load and one comparison (every
// month has more than 16 days, so a 16-day block meets at most one month's start), and a month's
// first day and length one load each, where the conversions above are twenty-odd instructions
// each way (month_of, add_months, add_years and first_day_of were a tenth of a Fujian evaluation).
// Days and months outside it take the conversions; tests/value/date_agreement_test.cpp checks
// both against the reference over the whole range.
constexpr MonthNumber kTableFirstMonth = 1900 * 12;  // 1900-01
constexpr uint32_t kTableMonths = 200 * 12;             // to 2099-12
// The first day of month kTableFirstMonth + k.
constexpr DayNumber table_first_day(uint32_t k) {
    return static_cast<DayNumber>(march_first_day(static_cast<uint32_t>(kTableFirstMonth - kMarchMonthOffset) + k) - kMarchEpochOffset);
}
constexpr uint32_t kTableDays = static_cast<uint32_t>(table_first_day(kTableMonths) - table_first_day(0));
static_assert(table_first_day(0) == 693595, "1900-01-01");
static_assert(kTableDays == 73049, "1900-01-01 to 2099-12-31");

struct MonthTable {
    static constexpr uint32_t kBlocks = (kTableDays + 15) / 16;
    DayNumber first_day[kTableMonths + 1];  // [kTableMonths]: 2100-01-01, where the last month ends
    uint16_t month_at[kBlocks];             // the month (k) of day first_day[0] + 16 * block
};

constexpr MonthTable make_month_table() {
    MonthTable t{};
    for (uint32_t k = 0; k <= kTableMonths; ++k) t.first_day[k] = table_first_day(k);
    uint32_t k = 0;
    for (uint32_t b = 0; b < MonthTable::kBlocks; ++b) {
        const DayNumber day = t.first_day[0] + static_cast<DayNumber>(16 * b);
        while (t.first_day[k + 1] <= day) ++k;
        t.month_at[b] = static_cast<uint16_t>(k);
    }
    return t;
}

constexpr MonthTable kMonthTable = make_month_table();

// Sets k to the month of `day` in the table (any int32 day: the subtraction is unsigned), or
// returns false when the table has no such day.
inline bool table_month(DayNumber day, uint32_t& k) {
    const uint32_t offset = static_cast<uint32_t>(day) - static_cast<uint32_t>(kMonthTable.first_day[0]);
    if (offset >= kTableDays) return false;
    const uint32_t m = kMonthTable.month_at[offset / 16];
    k = m + (day >= kMonthTable.first_day[m + 1]);
    return true;
}

// The 0-based day `day` of table month t (< kMonths), or its last day when the month is shorter
// (PRC Civil Code art. 202), as same_day_in below.
inline DayNumber same_day_in_table(uint32_t day, uint32_t t) {
    const DayNumber first = kMonthTable.first_day[t];
    const uint32_t last = static_cast<uint32_t>(kMonthTable.first_day[t + 1] - first) - 1;
    return first + static_cast<DayNumber>(std::min(day, last));
}

// The civil year and month of March year `year`'s month `month`: January and February (10, 11)
// are in the next civil year.
inline void civil_year_month(uint32_t year, uint32_t month, int& civil_year, unsigned& civil_month) {
    const bool jan_or_feb = month >= 10;
    civil_year = static_cast<int>(year + jan_or_feb);
    civil_month = jan_or_feb ? month - 9 : month + 3;
}

// Months from 0000-03 of 0001-01 and 9999-12, the range add_months and add_years may reach.
constexpr int64_t kMinMarchMonths = kMinMonth - kMarchMonthOffset;
constexpr int64_t kMaxMarchMonths = kMaxMonth - kMarchMonthOffset;

// The 0-based day `day` of March year `year`'s month `month`, or the month's last day when it is
// shorter (PRC Civil Code art. 202). Every month has a 29th day (0-based 28), so only a later day
// asks for the month's length.
inline DayNumber same_day_in(uint32_t day, uint32_t year, uint32_t month) {
    if (day >= 28) {
        int civil_year;
        unsigned civil_month;
        civil_year_month(year, month, civil_year, civil_month);
        day = std::min(day, days_in_month(civil_year, civil_month) - 1);
    }
    return static_cast<DayNumber>(march_first_day(year, month) + day - kMarchEpochOffset);
}

// The day number of a valid date (years 1..9999), without day_number's clamping: January and
// February belong to the previous March year.
DayNumber days_from_civil(int year, unsigned month, unsigned day) {
    const uint32_t jan_or_feb = month <= 2;
    const uint32_t march_year = static_cast<uint32_t>(year) - jan_or_feb;
    const uint32_t march_month = jan_or_feb ? month + 9 : month - 3;  // 0 = March .. 11 = February
    return static_cast<DayNumber>(march_first_day(march_year, march_month) + day - 1 - kMarchEpochOffset);
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

// Year-month-day from the month table or march_date_of. format_date writes every date result
// through this.
namespace {
inline void civil_from_days(DayNumber day, int& year, unsigned& month, unsigned& dom) {
    if (uint32_t k; table_month(day, k)) {
        const uint32_t m = static_cast<uint32_t>(kTableFirstMonth) + k;
        year = static_cast<int>(m / 12);
        month = m % 12 + 1;
        dom = static_cast<unsigned>(day - kMonthTable.first_day[k]) + 1;
        return;
    }
    const MarchDate d = march_date_of(clamp_day(day));
    civil_year_month(d.year, d.month, year, month);
    dom = d.day + 1;
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
    if (outside(day, 0, kMaxDay)) return false;
    if (outside(n, -kMaxDay, kMaxDay)) return false;
    const int64_t result = day + n;
    if (outside(result, 0, kMaxDay)) return false;
    out = static_cast<DayNumber>(result);
    return true;
}

// Both add the months in March years: one conversion from the day, the month arithmetic in
// integers, one conversion back (the VM's ADD_YEARS and ADD_MONTHS are a tenth of a policy's date
// arithmetic). add_years keeps the month as it is, without a division by 12.
bool add_months(DayNumber day, int64_t n, DayNumber& out) {
    if (outside(day, 0, kMaxDay)) return false;
    if (outside(n, kMinMonth - kMaxMonth, kMaxMonth - kMinMonth)) return false;
    if (uint32_t k; table_month(day, k)) {
        const int64_t t = int64_t{k} + n;
        if (static_cast<uint64_t>(t) < kTableMonths) {
            out = same_day_in_table(static_cast<uint32_t>(day - kMonthTable.first_day[k]), static_cast<uint32_t>(t));
            return true;
        }
    }
    const MarchDate from = march_date_of(day);
    const int64_t target = int64_t{from.year} * 12 + from.month + n;
    if (outside(target, kMinMarchMonths, kMaxMarchMonths)) return false;
    const uint32_t t = static_cast<uint32_t>(target);
    out = same_day_in(from.day, t / 12, t % 12);
    return true;
}

bool add_years(DayNumber day, int64_t n, DayNumber& out) {
    if (outside(day, 0, kMaxDay)) return false;
    if (outside(n, kMinYear - kMaxYear, kMaxYear - kMinYear)) return false;
    if (uint32_t k; table_month(day, k)) {
        const int64_t t = int64_t{k} + 12 * n;
        if (static_cast<uint64_t>(t) < kTableMonths) {
            out = same_day_in_table(static_cast<uint32_t>(day - kMonthTable.first_day[k]), static_cast<uint32_t>(t));
            return true;
        }
    }
    const MarchDate from = march_date_of(day);
    const int64_t year = int64_t{from.year} + n;
    if (outside(year * 12 + from.month, kMinMarchMonths, kMaxMarchMonths)) return false;
    out = same_day_in(from.day, static_cast<uint32_t>(year), from.month);
    return true;
}

MonthNumber month_of(DayNumber day) {
    if (uint32_t k; table_month(day, k)) return kTableFirstMonth + static_cast<MonthNumber>(k);
    return static_cast<MonthNumber>(march_months_of(clamp_day(day))) + kMarchMonthOffset;
}

bool add_month_count(MonthNumber month, int64_t n, MonthNumber& out) {
    if (outside(month, kMinMonth, kMaxMonth)) return false;
    if (outside(n, kMinMonth - kMaxMonth, kMaxMonth - kMinMonth)) return false;
    const int64_t result = month + n;
    if (outside(result, kMinMonth, kMaxMonth)) return false;
    out = static_cast<MonthNumber>(result);
    return true;
}

// int64 because the difference of two int32 values may not fit int32.
int64_t months_between(MonthNumber a, MonthNumber b) {
    return static_cast<int64_t>(b) - static_cast<int64_t>(a);
}

// Straight from the month count: no year-month-day, no clamping of a day that is always valid.
DayNumber first_day_of(MonthNumber month) {
    const uint32_t k = static_cast<uint32_t>(month) - static_cast<uint32_t>(kTableFirstMonth);
    if (k < kTableMonths) return kMonthTable.first_day[k];
    const uint32_t months = static_cast<uint32_t>(clamp_month(month) - kMarchMonthOffset);
    return static_cast<DayNumber>(march_first_day(months) - kMarchEpochOffset);
}

// The day before the next month's first: month + 1 is at most 10000-01, still inside march_first_day.
DayNumber last_day_of(MonthNumber month) {
    const MonthNumber next = clamp_month(month) + 1 - kMarchMonthOffset;
    return static_cast<DayNumber>(march_first_day(static_cast<uint32_t>(next)) - kMarchEpochOffset - 1);
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
    out = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
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
