// Reference check for the value modules.
// Takes: on stdin, the tab-separated cases printed by reference_cases.py (operation, arguments,
// expected result from Python's datetime / decimal), ending with "end<TAB>count".
// Produces: the first 20 mismatches in full, then exactly one line "N passed, M failed"; exits
// non-zero on any mismatch, on an unknown operation, or on input without its end line (so a
// crashed generator in a pipeline cannot look like success).
#include "runtime/value/date.hpp"
#include "runtime/value/decimal.hpp"

#include <charconv>
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace edict;
using Args = std::vector<std::string_view>;

constexpr int kShownMismatches = 20;

// ---- argument reading: a bad argument is reported as the result, so it shows as a mismatch ----

struct BadArgument {};

DayNumber date_arg(std::string_view text) {
    DayNumber d = 0;
    if (!parse_date(text, d)) throw BadArgument{};
    return d;
}

MonthNumber month_arg(std::string_view text) {
    MonthNumber m = 0;
    if (!parse_month(text, m)) throw BadArgument{};
    return m;
}

int64_t int_arg(std::string_view text) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) throw BadArgument{};
    return v;
}

Decimal decimal_arg(std::string_view text) {
    Decimal d;
    if (!parse_decimal(text, d)) throw BadArgument{};
    return d;
}

Rounding mode_arg(std::string_view text) {
    if (text == "half_up") return Rounding::HalfUp;
    if (text == "half_even") return Rounding::HalfEven;
    if (text == "down") return Rounding::Down;
    if (text == "up") return Rounding::Up;
    throw BadArgument{};
}

// The cases use places within +-1000, some deliberately outside 0..38.
int places_arg(std::string_view text) { return static_cast<int>(int_arg(text)); }

// ---- calendar operations ----

// Takes the day by reference: it must be read after the call that fills it, and the order in
// which function arguments are evaluated is unspecified.
std::string day_or_error(bool ok, const DayNumber& d) { return ok ? date_to_string(d) : "error"; }

std::string run_add_days(const Args& a) {
    DayNumber out = 0;
    return day_or_error(add_days(date_arg(a[0]), int_arg(a[1]), out), out);
}

std::string run_add_months(const Args& a) {
    DayNumber out = 0;
    return day_or_error(add_months(date_arg(a[0]), int_arg(a[1]), out), out);
}

std::string run_add_years(const Args& a) {
    DayNumber out = 0;
    return day_or_error(add_years(date_arg(a[0]), int_arg(a[1]), out), out);
}

std::string run_add_month_count(const Args& a) {
    MonthNumber out = 0;
    return add_month_count(month_arg(a[0]), int_arg(a[1]), out) ? month_to_string(out) : "error";
}

std::string run_day_number(const Args& a) { return std::to_string(date_arg(a[0])); }

// ymd_of is checked through its fields, not through format_date, which uses it.
std::string run_ymd_of(const Args& a) {
    const Ymd y = ymd_of(static_cast<DayNumber>(int_arg(a[0])));
    char buf[16];
    const int year = y.year, month = static_cast<int>(y.month), day = static_cast<int>(y.day);
    const bool fits = year >= 0 && year <= 9999 && month <= 99 && day <= 99;
    if (!fits) return "bad ymd";
    buf[0] = static_cast<char>('0' + year / 1000);
    buf[1] = static_cast<char>('0' + year / 100 % 10);
    buf[2] = static_cast<char>('0' + year / 10 % 10);
    buf[3] = static_cast<char>('0' + year % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + month / 10);
    buf[6] = static_cast<char>('0' + month % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + day / 10);
    buf[9] = static_cast<char>('0' + day % 10);
    return std::string(buf, 10);
}

std::string run_months_between(const Args& a) {
    return std::to_string(months_between(month_arg(a[0]), month_arg(a[1])));
}

std::string run_month_of(const Args& a) { return month_to_string(month_of(date_arg(a[0]))); }

std::string run_first_day(const Args& a) { return date_to_string(first_day_of(month_arg(a[0]))); }

std::string run_last_day(const Args& a) { return date_to_string(last_day_of(month_arg(a[0]))); }

std::string run_weekday(const Args& a) { return std::to_string(weekday(date_arg(a[0]))); }

std::string run_parse_date(const Args& a) {
    DayNumber d = 0;
    return day_or_error(parse_date(a[0], d), d);
}

std::string run_parse_month(const Args& a) {
    MonthNumber m = 0;
    return parse_month(a[0], m) ? month_to_string(m) : "error";
}

// ---- decimal operations ----

std::string status_text(DecStatus st, const Decimal& d) {
    switch (st) {
        case DecStatus::Ok: return dec_to_string(d);
        case DecStatus::Overflow: return "error:overflow";
        case DecStatus::DivisionByZero: return "error:div0";
        case DecStatus::BadPlaces: return "error:places";
    }
    return "error:unknown status";
}

std::string run_add(const Args& a) {
    Decimal r;
    return status_text(dec_add(decimal_arg(a[0]), decimal_arg(a[1]), r), r);
}

std::string run_sub(const Args& a) {
    Decimal r;
    return status_text(dec_sub(decimal_arg(a[0]), decimal_arg(a[1]), r), r);
}

std::string run_mul(const Args& a) {
    Decimal r;
    return status_text(dec_mul(decimal_arg(a[0]), decimal_arg(a[1]), r), r);
}

std::string run_neg(const Args& a) {
    Decimal r;
    return status_text(dec_neg(decimal_arg(a[0]), r), r);
}

std::string run_div(const Args& a) {
    Decimal r;
    const DecStatus st =
        dec_div(decimal_arg(a[0]), decimal_arg(a[1]), places_arg(a[2]), mode_arg(a[3]), r);
    return status_text(st, r);
}

std::string run_round(const Args& a) {
    Decimal r;
    return status_text(dec_round(decimal_arg(a[0]), places_arg(a[1]), mode_arg(a[2]), r), r);
}

std::string run_fixed(const Args& a) {
    const std::string s = dec_to_fixed(decimal_arg(a[0]), places_arg(a[1]), mode_arg(a[2]));
    return s.empty() ? "error" : s;
}

std::string run_cmp(const Args& a) {
    return std::to_string(dec_compare(decimal_arg(a[0]), decimal_arg(a[1])));
}

std::string run_parse(const Args& a) {
    Decimal d;
    return parse_decimal(a[0], d) ? dec_to_string(d) : "error";
}

// ---- dispatch ----

struct Op {
    std::string_view name;
    size_t arity;
    std::string (*run)(const Args&);
};

constexpr Op kOps[] = {
    {"add_days", 2, run_add_days},       {"add_months", 2, run_add_months},
    {"add_years", 2, run_add_years},     {"add_month_count", 2, run_add_month_count},
    {"day_number", 1, run_day_number},   {"ymd_of", 1, run_ymd_of},
    {"months_between", 2, run_months_between}, {"month_of", 1, run_month_of},
    {"first_day", 1, run_first_day},     {"last_day", 1, run_last_day},
    {"weekday", 1, run_weekday},         {"parse_date", 1, run_parse_date},
    {"parse_month", 1, run_parse_month}, {"add", 2, run_add},
    {"sub", 2, run_sub},                 {"mul", 2, run_mul},
    {"neg", 1, run_neg},                 {"div", 4, run_div},
    {"round", 3, run_round},             {"fixed", 3, run_fixed},
    {"cmp", 2, run_cmp},                 {"parse", 1, run_parse},
};

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    for (size_t start = 0;;) {
        const size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos) return fields;
        start = tab + 1;
    }
}

// The C++ result for one case: fields are op, args..., expected.
std::string compute(const std::vector<std::string_view>& fields) {
    for (const Op& op : kOps) {
        if (op.name != fields[0]) continue;
        if (fields.size() != op.arity + 2) return "wrong field count";
        try {
            return op.run(Args(fields.begin() + 1, fields.end() - 1));
        } catch (const BadArgument&) {
            return "bad argument";
        }
    }
    return "unknown operation";
}

struct Tally {
    long passed = 0;
    long failed = 0;
    bool ended = false;
    long declared = -1;
};

void check_line(const std::string& line, long line_no, Tally& t) {
    const std::vector<std::string_view> fields = split_tabs(line);
    if (fields[0] == "end" && fields.size() == 2) {
        t.ended = true;
        t.declared = static_cast<long>(int_arg(fields[1]));
        return;
    }
    const std::string got = t.ended ? "case after end line" : compute(fields);
    if (got == fields.back()) {
        ++t.passed;
        return;
    }
    if (++t.failed <= kShownMismatches)
        std::cout << "MISMATCH line " << line_no << ": " << line << "\n    got: " << got << "\n";
}

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    Tally t;
    std::string line;
    long line_no = 0;
    while (std::getline(std::cin, line)) {
        ++line_no;
        try {
            check_line(line, line_no, t);
        } catch (const BadArgument&) {
            ++t.failed;
            std::cout << "MALFORMED line " << line_no << ": " << line << "\n";
        }
    }
    const long cases = t.passed + t.failed;
    if (!t.ended || t.declared != cases || cases == 0) {
        std::cout << "INPUT INCOMPLETE: read " << cases << " cases; end line ";
        if (t.ended) std::cout << "declares " << t.declared << "\n";
        else std::cout << "missing\n";
        ++t.failed;
    }
    std::cout << t.passed << " passed, " << t.failed << " failed\n";
    return t.failed == 0 ? 0 : 1;
}
