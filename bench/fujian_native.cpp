// Hand-written C++ of the Fujian decisions; see fujian_native.hpp. Written from the contract, the
// way an engineer would code it directly: no interpretation, integer fen, a holiday bitmap.
#include "bench/fujian_native.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "runtime/io/json.hpp"

namespace bench {

const char* const kOutputNames[kOutputs] = {
    "benefit_suspended", "retirement_age", "retirement_date", "pension_start_month", "back_pay_months",
    "back_pay", "prepaid_monthly_pension", "settlement_amount", "settlement_direction",
    "injury_backpay_deadline", "injury_benefit_eligible", "ui_2019_backpay_declaration_timely",
    "ui_benefit_start_month", "covid_work_injury", "backdate_allowed", "first_insured_date", "remark_required",
    "late_payment_deadline", "late_payment_accepted", "late_payment_flagged", "appraisal_conclusion_deadline",
    "appraisal_application_deadline", "appraisal_application_date", "appraisal_application_timely"};

// Howard Hinnant's civil calendar algorithms; day 0 is 1970-01-01.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

static void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

static unsigned last_day(int64_t y, unsigned m) {
    static const unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k[m - 1];
}

static int64_t month_of(int64_t day) {
    int64_t y; unsigned m, d;
    civil_from_days(day, y, m, d);
    return y * 12 + (m - 1);
}

static int64_t first_day(int64_t month) {
    return days_from_civil(month / 12, static_cast<unsigned>(month % 12) + 1, 1);
}

// Same day of month in the target month, else its last day (民法典 第二百零二条).
static int64_t add_months(int64_t day, int64_t n) {
    int64_t y; unsigned m, d;
    civil_from_days(day, y, m, d);
    const int64_t t = y * 12 + (m - 1) + n;
    const int64_t ty = t / 12;
    const unsigned tm = static_cast<unsigned>(t % 12) + 1;
    return days_from_civil(ty, tm, std::min(d, last_day(ty, tm)));
}

// State Council holiday calendar 2019–2026, as stdlib/cn-holidays/*.edict lists it (runs in the
// files' order, a later run overriding an earlier one, as the calendar's amendments do):
// 1 = public holiday, 2 = weekend designated a working day. Outside it only weekends are off (the
// bench keeps only cases Edict evaluates, and Edict refuses days past the calendar's coverage).
struct Calendar {
    int64_t base;
    uint8_t state[8 * 366] = {};
    void set(const char* from, const char* to, uint8_t s) {
        int64_t a, b;
        parse_date(from, a);
        parse_date(to, b);
        for (int64_t x = a; x <= b; ++x) state[x - base] = s;
    }
    Calendar() {
        base = days_from_civil(2019, 1, 1);
        struct Run {
            const char *from, *to;
            uint8_t state;
        };
        const Run runs[] = {
            {"2019-01-01", "2019-01-01", 1}, {"2019-02-04", "2019-02-10", 1}, {"2019-04-05", "2019-04-05", 1},
            {"2019-06-07", "2019-06-07", 1}, {"2019-09-13", "2019-09-13", 1}, {"2019-10-01", "2019-10-07", 1},
            {"2019-02-02", "2019-02-02", 2}, {"2019-02-03", "2019-02-03", 2}, {"2019-09-29", "2019-09-29", 2},
            {"2019-10-12", "2019-10-12", 2}, {"2019-05-01", "2019-05-04", 1}, {"2019-04-28", "2019-04-28", 2},
            {"2019-05-05", "2019-05-05", 2}, {"2020-01-01", "2020-01-01", 1}, {"2020-01-24", "2020-01-30", 1},
            {"2020-04-04", "2020-04-06", 1}, {"2020-05-01", "2020-05-05", 1}, {"2020-06-25", "2020-06-27", 1},
            {"2020-10-01", "2020-10-08", 1}, {"2020-01-19", "2020-01-19", 2}, {"2020-02-01", "2020-02-01", 2},
            {"2020-04-26", "2020-04-26", 2}, {"2020-05-09", "2020-05-09", 2}, {"2020-06-28", "2020-06-28", 2},
            {"2020-09-27", "2020-09-27", 2}, {"2020-10-10", "2020-10-10", 2}, {"2020-01-31", "2020-02-02", 1},
            {"2021-01-01", "2021-01-03", 1}, {"2021-02-11", "2021-02-17", 1}, {"2021-04-03", "2021-04-05", 1},
            {"2021-05-01", "2021-05-05", 1}, {"2021-06-12", "2021-06-14", 1}, {"2021-09-19", "2021-09-21", 1},
            {"2021-10-01", "2021-10-07", 1}, {"2021-02-07", "2021-02-07", 2}, {"2021-02-20", "2021-02-20", 2},
            {"2021-04-25", "2021-04-25", 2}, {"2021-05-08", "2021-05-08", 2}, {"2021-09-18", "2021-09-18", 2},
            {"2021-09-26", "2021-09-26", 2}, {"2021-10-09", "2021-10-09", 2}, {"2022-01-01", "2022-01-03", 1},
            {"2022-01-31", "2022-02-06", 1}, {"2022-04-03", "2022-04-05", 1}, {"2022-04-30", "2022-05-04", 1},
            {"2022-06-03", "2022-06-05", 1}, {"2022-09-10", "2022-09-12", 1}, {"2022-10-01", "2022-10-07", 1},
            {"2022-01-29", "2022-01-29", 2}, {"2022-01-30", "2022-01-30", 2}, {"2022-04-02", "2022-04-02", 2},
            {"2022-04-24", "2022-04-24", 2}, {"2022-05-07", "2022-05-07", 2}, {"2022-10-08", "2022-10-08", 2},
            {"2022-10-09", "2022-10-09", 2}, {"2022-12-31", "2023-01-02", 1}, {"2023-01-21", "2023-01-27", 1},
            {"2023-04-05", "2023-04-05", 1}, {"2023-04-29", "2023-05-03", 1}, {"2023-06-22", "2023-06-24", 1},
            {"2023-09-29", "2023-10-06", 1}, {"2023-01-28", "2023-01-28", 2}, {"2023-01-29", "2023-01-29", 2},
            {"2023-04-23", "2023-04-23", 2}, {"2023-05-06", "2023-05-06", 2}, {"2023-06-25", "2023-06-25", 2},
            {"2023-10-07", "2023-10-07", 2}, {"2023-10-08", "2023-10-08", 2}, {"2024-01-01", "2024-01-01", 1},
            {"2024-02-10", "2024-02-17", 1}, {"2024-04-04", "2024-04-06", 1}, {"2024-05-01", "2024-05-05", 1},
            {"2024-06-10", "2024-06-10", 1}, {"2024-09-15", "2024-09-17", 1}, {"2024-10-01", "2024-10-07", 1},
            {"2024-02-04", "2024-02-04", 2}, {"2024-02-18", "2024-02-18", 2}, {"2024-04-07", "2024-04-07", 2},
            {"2024-04-28", "2024-04-28", 2}, {"2024-05-11", "2024-05-11", 2}, {"2024-09-14", "2024-09-14", 2},
            {"2024-09-29", "2024-09-29", 2}, {"2024-10-12", "2024-10-12", 2}, {"2025-01-01", "2025-01-01", 1},
            {"2025-01-28", "2025-02-04", 1}, {"2025-04-04", "2025-04-06", 1}, {"2025-05-01", "2025-05-05", 1},
            {"2025-05-31", "2025-06-02", 1}, {"2025-10-01", "2025-10-08", 1}, {"2025-01-26", "2025-01-26", 2},
            {"2025-02-08", "2025-02-08", 2}, {"2025-04-27", "2025-04-27", 2}, {"2025-09-28", "2025-09-28", 2},
            {"2025-10-11", "2025-10-11", 2}, {"2026-01-01", "2026-01-03", 1}, {"2026-02-15", "2026-02-23", 1},
            {"2026-04-04", "2026-04-06", 1}, {"2026-05-01", "2026-05-05", 1}, {"2026-06-19", "2026-06-21", 1},
            {"2026-09-25", "2026-09-27", 1}, {"2026-10-01", "2026-10-07", 1}, {"2026-01-04", "2026-01-04", 2},
            {"2026-02-14", "2026-02-14", 2}, {"2026-02-28", "2026-02-28", 2}, {"2026-05-09", "2026-05-09", 2},
            {"2026-09-20", "2026-09-20", 2}, {"2026-10-10", "2026-10-10", 2}};
        for (const Run& r : runs) set(r.from, r.to, r.state);
    }
    bool working(int64_t day) const {
        const int64_t i = day - base;
        if (i >= 0 && i < static_cast<int64_t>(sizeof state)) {
            if (state[i] == 1) return false;
            if (state[i] == 2) return true;
        }
        const int64_t wd = ((day + 4) % 7 + 7) % 7;  // 0 Sunday; day 0 was a Thursday
        return wd != 0 && wd != 6;
    }
};
static const Calendar kCalendar;

// The period ends on the next working day when its last day is not one (民法典 第二百零三条).
static int64_t roll(int64_t day) {
    while (!kCalendar.working(day)) ++day;
    return day;
}

static NativeValue B(bool b) { return {Kind::Bool, b, nullptr}; }
static NativeValue I(int64_t v) { return {Kind::Int, v, nullptr}; }
static NativeValue M(int64_t v) { return v == kNull ? NativeValue{} : NativeValue{Kind::Money, v, nullptr}; }
static NativeValue D(int64_t v) { return v == kNull ? NativeValue{} : NativeValue{Kind::Date, v, nullptr}; }
static NativeValue Mo(int64_t v) { return {Kind::Month, v, nullptr}; }

bool evaluate_native(const NativeCase& c, NativeValue* out) {
    auto before_end = [&](int64_t d) { return c.epidemic_end == kNull || d <= c.epidemic_end; };
    auto in_epidemic = [&](int64_t d) { return c.epidemic_start <= d && before_end(d); };

    // 一.1
    const int64_t pm_first = first_day(c.payment_month);
    bool suspended = c.payment_month > month_of(c.certification_due) &&
                     (c.certified_on == kNull || c.certified_on >= pm_first);
    if (c.missed_due_to_epidemic && before_end(pm_first)) suspended = false;
    out[0] = B(suspended);

    // 一.2
    int age = 60;
    if (c.scheme != 2 && c.sex == 1) {
        if (c.female_position < 0) return false;
        age = c.female_position == 0 ? 55 : 50;
    }
    const int64_t retirement = add_months(c.birth_date, 12 * age);
    const int64_t start_month = month_of(retirement) + 1;
    const int64_t back_months = std::max<int64_t>(0, c.first_payment_month - start_month);
    out[1] = I(age);
    out[2] = D(retirement);
    out[3] = Mo(start_month);
    out[4] = I(back_months);
    out[5] = M(c.monthly_pension * back_months);

    // 一.3
    int64_t prepaid = kNull;
    if (c.scheme == 0) prepaid = 180000;
    else if (c.scheme == 1) {
        if (c.approved_standard == kNull) return false;
        prepaid = c.approved_standard;
    }
    int64_t settlement = kNull;
    if (prepaid != kNull)
        settlement = c.computed_monthly_pension * (c.settlement_month - start_month) - prepaid * c.prepaid_months;
    out[6] = M(prepaid);
    out[7] = M(settlement);
    out[8] = settlement == kNull ? NativeValue{}
             : NativeValue{Kind::Enum, 0, settlement > 0 ? "supplement" : settlement < 0 ? "deduct" : "none"};

    // 一.4 and 五.2 share the deadline three months after the end.
    const int64_t deadline = c.epidemic_end == kNull ? kNull : roll(add_months(c.epidemic_end, 3));
    out[9] = D(deadline);
    out[10] = B(c.contribution_deferred && in_epidemic(c.injury_date) && c.backpay_all_staff &&
                c.backpay_completed_on != kNull && (deadline == kNull || c.backpay_completed_on <= deadline));

    // 一.5, 一.6
    static const int64_t k20200229 = days_from_civil(2020, 2, 29);
    out[11] = B(c.ui_2019_backpay_declared_on <= k20200229);
    int64_t ui_start = month_of(c.ui_applied_on);
    if (c.ui_late_due_to_epidemic && before_end(c.ui_eligible_since))
        ui_start = std::min(ui_start, month_of(c.ui_eligible_since) + 1);
    out[12] = Mo(ui_start);

    // 四
    out[13] = B(c.infected && (((c.occupation == 0 || c.occupation == 1) && c.infected_in_duty) ||
                               c.dispatched_to_epidemic_area));

    // 五.1
    const bool backdate = in_epidemic(c.employment_start) && c.registered_on > c.employment_start;
    out[14] = B(backdate);
    out[15] = D(backdate ? c.employment_start : c.registered_on);
    out[16] = B(backdate);

    // 五.2
    const bool accepted = c.paid_on <= c.due_date ||
                          (c.payer_type != 2 && c.due_date >= c.epidemic_start &&
                           (deadline == kNull || c.paid_on <= deadline));
    out[17] = D(deadline);
    out[18] = B(accepted);
    out[19] = B(accepted && c.paid_on > c.due_date);

    // 六.1
    const int64_t normal_end = c.appraisal_received_on + 60;
    const int64_t from = std::max(c.appraisal_received_on + 1, c.onsite_suspension_start);
    const int64_t stopped = from <= c.level1_end && from <= normal_end ? c.level1_end - from + 1 : 0;
    out[20] = D(roll(normal_end + stopped));

    // 六.2
    const int64_t app_deadline = c.appraisal_affected_by_epidemic
                                     ? std::max(c.appraisal_statutory_deadline, roll(c.level1_end + 15))
                                     : c.appraisal_statutory_deadline;
    out[21] = D(app_deadline);

    // 六.3
    int64_t app = kNull;
    for (int64_t d : {c.appraisal_phone_on, c.appraisal_postmark_on, c.appraisal_online_on})
        if (d != kNull && c.epidemic_start <= d && d <= c.level1_end && (app == kNull || d < app)) app = d;
    if (app == kNull) app = c.appraisal_window_on;
    out[22] = D(app);
    out[23] = app == kNull ? NativeValue{} : B(app <= app_deadline);
    return true;
}

std::string native_json(const NativeValue& v) {
    char buf[64];
    switch (v.kind) {
        case Kind::Null: return "null";
        case Kind::Bool: return v.v ? "true" : "false";
        case Kind::Int: return std::to_string(v.v);
        case Kind::Money: {
            const int64_t a = v.v < 0 ? -v.v : v.v;
            std::snprintf(buf, sizeof buf, "\"%s%lld.%02lld\"", v.v < 0 ? "-" : "", static_cast<long long>(a / 100),
                          static_cast<long long>(a % 100));
            return buf;
        }
        case Kind::Date: {
            int64_t y; unsigned m, d;
            civil_from_days(v.v, y, m, d);
            std::snprintf(buf, sizeof buf, "\"%04lld-%02u-%02u\"", static_cast<long long>(y), m, d);
            return buf;
        }
        case Kind::Month:
            std::snprintf(buf, sizeof buf, "\"%04lld-%02lld\"", static_cast<long long>(v.v / 12),
                          static_cast<long long>(v.v % 12 + 1));
            return buf;
        case Kind::Enum: return std::string("\"") + v.e + "\"";
    }
    return "null";
}

// --- decoding a JSON case (setup only; never timed) ---

static bool digits(const std::string& s, size_t at, size_t n, unsigned& out) {
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return true;
}

bool parse_date(const std::string& s, int64_t& day) {
    unsigned y, m, d;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) ||
        !digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 || d > last_day(y, m))
        return false;
    day = days_from_civil(y, m, d);
    return true;
}

bool parse_month(const std::string& s, int64_t& month) {
    unsigned y, m;
    if (s.size() != 7 || s[4] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) || m < 1 || m > 12) return false;
    month = static_cast<int64_t>(y) * 12 + (m - 1);
    return true;
}

static bool parse_fen(const std::string& s, int64_t& fen) {
    size_t i = 0;
    const bool neg = !s.empty() && s[0] == '-';
    if (neg) ++i;
    int64_t whole = 0, frac = 0;
    size_t nd = 0, nf = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++nd) whole = whole * 10 + (s[i] - '0');
    if (i < s.size() && s[i] == '.')
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++nf) frac = frac * 10 + (s[i] - '0');
    if (i != s.size() || nd == 0 || nf > 2 || nd > 15) return false;
    if (nf == 1) frac *= 10;
    fen = (whole * 100 + frac) * (neg ? -1 : 1);
    return true;
}

namespace {
struct Reader {
    const edict::io::Json& o;
    std::string& why;
    bool ok = true;
    const edict::io::Json* get(const char* k) {
        const auto* j = o.find(k);
        return j && j->type != edict::io::Json::Type::Null ? j : nullptr;
    }
    void fail(const char* k) { if (ok) why = std::string("cannot read ") + k; ok = false; }
    int64_t date(const char* k, int64_t dflt = kNull, bool optional = false) {
        const auto* j = get(k);
        int64_t v = dflt;
        if (!j) { if (!optional && dflt == kNull) fail(k); return v; }
        if (j->type != edict::io::Json::Type::String || !parse_date(j->text, v)) fail(k);
        return v;
    }
    int64_t month(const char* k) {
        const auto* j = get(k);
        int64_t v = 0;
        if (!j || j->type != edict::io::Json::Type::String || !parse_month(j->text, v)) fail(k);
        return v;
    }
    int64_t money(const char* k, bool optional = false) {
        const auto* j = get(k);
        int64_t v = kNull;
        if (!j) { if (!optional) fail(k); return v; }
        if ((j->type != edict::io::Json::Type::String && j->type != edict::io::Json::Type::Number) ||
            !parse_fen(j->text, v))
            fail(k);
        return v;
    }
    bool boolean(const char* k) {
        const auto* j = get(k);
        if (!j || j->type != edict::io::Json::Type::Bool) { fail(k); return false; }
        return j->boolean;
    }
    int64_t integer(const char* k) {
        const auto* j = get(k);
        if (!j || j->type != edict::io::Json::Type::Number) { fail(k); return 0; }
        return std::stoll(j->text);
    }
    int choice(const char* k, std::initializer_list<const char*> names, bool optional = false) {
        const auto* j = get(k);
        if (!j) { if (!optional) fail(k); return -1; }
        int i = 0;
        for (const char* n : names) {
            if (j->type == edict::io::Json::Type::String && j->text == n) return i;
            ++i;
        }
        fail(k);
        return -1;
    }
};
}  // namespace

bool decode_native(const edict::io::Json& o, NativeCase& c, std::string& why) {
    Reader r{o, why};
    c.epidemic_start = r.date("epidemic_start", days_from_civil(2020, 1, 24));
    c.epidemic_end = r.date("epidemic_end", kNull, true);
    c.level1_end = r.date("level1_end", days_from_civil(2020, 2, 26));
    c.onsite_suspension_start = r.date("onsite_suspension_start", days_from_civil(2020, 2, 1));
    c.payment_month = r.month("payment_month");
    c.certification_due = r.date("certification_due");
    c.certified_on = r.date("certified_on", kNull, true);
    c.missed_due_to_epidemic = r.boolean("missed_due_to_epidemic");
    c.birth_date = r.date("birth_date");
    c.sex = r.choice("sex", {"male", "female"});
    c.scheme = r.choice("scheme", {"enterprise_employee", "public_institution", "urban_rural_resident"});
    c.female_position = r.choice("female_position", {"cadre", "worker"}, true);
    c.monthly_pension = r.money("monthly_pension");
    c.first_payment_month = r.month("first_payment_month");
    c.approved_standard = r.money("approved_standard", true);
    c.computed_monthly_pension = r.money("computed_monthly_pension");
    c.prepaid_months = r.integer("prepaid_months");
    c.settlement_month = r.month("settlement_month");
    c.contribution_deferred = r.boolean("contribution_deferred");
    c.injury_date = r.date("injury_date");
    c.backpay_all_staff = r.boolean("backpay_all_staff");
    c.backpay_completed_on = r.date("backpay_completed_on", kNull, true);
    c.ui_2019_backpay_declared_on = r.date("ui_2019_backpay_declared_on");
    c.ui_eligible_since = r.date("ui_eligible_since");
    c.ui_applied_on = r.date("ui_applied_on");
    c.ui_late_due_to_epidemic = r.boolean("ui_late_due_to_epidemic");
    c.occupation = r.choice("occupation", {"medical", "related_staff", "other"});
    c.infected = r.boolean("infected");
    c.infected_in_duty = r.boolean("infected_in_duty");
    c.dispatched_to_epidemic_area = r.boolean("dispatched_to_epidemic_area");
    c.employment_start = r.date("employment_start");
    c.registered_on = r.date("registered_on");
    c.payer_type = r.choice("payer_type", {"flexible_employee", "urban_rural_resident", "employer"});
    c.due_date = r.date("due_date");
    c.paid_on = r.date("paid_on");
    c.appraisal_received_on = r.date("appraisal_received_on");
    c.appraisal_statutory_deadline = r.date("appraisal_statutory_deadline");
    c.appraisal_affected_by_epidemic = r.boolean("appraisal_affected_by_epidemic");
    c.appraisal_phone_on = r.date("appraisal_phone_on", kNull, true);
    c.appraisal_postmark_on = r.date("appraisal_postmark_on", kNull, true);
    c.appraisal_online_on = r.date("appraisal_online_on", kNull, true);
    c.appraisal_window_on = r.date("appraisal_window_on", kNull, true);
    return r.ok;
}

}  // namespace bench
