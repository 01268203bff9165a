// Unit tests for `roll` (the VM's ROLL and its forms ROLL_S and ROLL_R, which read each calendar's
// table of distances to the next working day, vm.hpp DayTable::rolled). Takes the repository's
// calendar (stdlib/cn-holidays: the contract calendars 2019–2021 and 2022–2026, alone, together,
// with a year missing between them, and with `otherwise weekends`) and small hand-made calendars
// (a run of days off longer than a year, the last days of year 9999, a calendar too wide for a
// table). Checks, for every day from 400 days before each calendar's data to 400 days after it,
// that the roll of that day -- by calls and straight-line, from a register, the stack and a rule
// not yet evaluated -- is exactly what the day-by-day walk the VM had before the table gives: the
// same working day, or the same error text.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/value/date.hpp"
#include "runtime/vm/specialise.hpp"
#include "runtime/vm/vm.hpp"

namespace edict {
namespace {

// The walk every ROLL made before the table (vm.cpp at 6fe60bf), on the calendar's lists alone:
// whether `day` is a working day (nullopt: a day of no covered year, without `otherwise
// weekends`), then day after day from `from` with the same guard and the same messages.
std::optional<bool> reference_working_day(const CalendarInfo& cal, int64_t day) {
    bool covered = false;
    for (const YearSpan& y : cal.covers)
        covered |= day_number({y.first, 1, 1}) <= day && day <= day_number({y.last, 12, 31});
    if (covered) {
        if (std::binary_search(cal.holidays.begin(), cal.holidays.end(), day)) return false;
        if (std::binary_search(cal.workdays.begin(), cal.workdays.end(), day)) return true;
    }
    if (!covered && !cal.weekends_beyond) return std::nullopt;
    return weekday(static_cast<DayNumber>(day)) <= 5;
}

struct Rolled {
    bool ok = false;
    int64_t day = 0;
    std::string error;
    bool operator==(const Rolled& o) const { return ok == o.ok && (ok ? day == o.day : error == o.error); }
};
std::ostream& operator<<(std::ostream& os, const Rolled& r) {
    return os << (r.ok ? date_to_string(static_cast<DayNumber>(r.day)) : "error: " + r.error);
}

Rolled reference_roll(const CalendarInfo& cal, int64_t from) {
    int64_t d = from;
    for (int guard = 0;; ++d) {
        const std::optional<bool> working = reference_working_day(cal, d);
        if (!working) {
            const std::string m = cal.no_data_message(ymd_of(static_cast<DayNumber>(d)).year);
            const std::string at = date_to_string(static_cast<DayNumber>(d));
            if (d == from) return {false, 0, fmt::format("{} (asked about {})", m, at)};
            return {false, 0, fmt::format("{} (rolling {} forward reached {})", m, date_to_string(static_cast<DayNumber>(from)), at)};
        }
        if (*working) return {true, d, {}};
        if (++guard > 366 || d >= kMaxDay)
            return {false, 0, fmt::format("no working day within a year after this date in calendar `{}`", cal.name)};
    }
}

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << path;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

using Sources = std::vector<std::pair<std::string, std::string>>;

// The layers of stdlib/cn-holidays numbered `layers` (1: 01-calendar.edict ...), in file order;
// the first of them declares the calendar (`amend` dropped when it is not 01).
Sources cn_holidays(std::initializer_list<int> layers) {
    static const char* kFiles[] = {"01-calendar", "02-2019-labour-day", "03-2020", "04-2020-spring-festival", "05-2021",
                                   "06-2022", "07-2023", "08-2024", "09-2025", "10-2026"};
    Sources out;
    for (int n : layers) {
        std::string text = file_text(std::string(EDICT_SOURCE_DIR) + "/stdlib/cn-holidays/" + kFiles[n - 1] + ".edict");
        if (out.empty() && n != 1) {
            const size_t at = text.find("amend calendar");
            EXPECT_NE(at, std::string::npos);
            text.erase(at, 6);
        }
        out.emplace_back(std::string(kFiles[n - 1]) + ".edict", text);
    }
    return out;
}

const char* kWeekendsBeyond = "amend calendar 中国工作日 \"weekends beyond\"\n  otherwise weekends\n";

// The rules that roll: from an input (ROLL_R), from the stack (ROLL_S after ADD_DAYS_RR) and from
// a rule not yet evaluated when ROLL first reads it by calls (ROLL_R bails to the program's ROLL,
// which calls the rule); each asked for with `same` only, so each is its straight-line block's
// only roll.
std::string rolling_rules(const std::string& calendar) {
    return "input d: date\n"
           "rule same: date = d\n"
           "rule from_input: date = roll(d, " + calendar + ")\n"
           "rule from_stack: date = roll(add_days(d, 0), " + calendar + ")\n"
           "rule from_rule: date = roll(same, " + calendar + ")\n";
}

// Every day from 400 days before the calendar's first listed or covered day to 400 after its
// last (within the date range), rolled by each rule, by calls and straight-line, against the walk.
// Returns the number of days checked.
size_t expect_agreement(Sources sources, const std::string& calendar = "中国工作日") {
    sources.emplace_back("rules.edict", rolling_rules(calendar));
    auto c = compile_sources(sources);
    if (!c->ok()) {
        ADD_FAILURE() << render_all(c->diags, c->sources, false);
        return 0;
    }
    const Program& p = *c->program;
    EXPECT_EQ(p.calendars.size(), 1u);
    const CalendarInfo& cal = p.calendars.at(0);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const auto* days : {&cal.holidays, &cal.workdays})
        if (!days->empty()) lo = std::min(lo, days->front()), hi = std::max(hi, days->back());
    for (const YearSpan& y : cal.covers)
        lo = std::min<int64_t>(lo, day_number({y.first, 1, 1})), hi = std::max<int64_t>(hi, day_number({y.last, 12, 31}));
    lo = std::max<int64_t>(0, lo - 400), hi = std::min<int64_t>(kMaxDay, hi + 400);

    size_t failures = 0;
    for (const char* rule : {"from_input", "from_stack", "from_rule"}) {
        // `same` asked for too, after: a block reads no rule outside it, and by calls from_rule
        // still reads `same` before it is evaluated.
        const uint32_t ids[] = {static_cast<uint32_t>(p.find_rule(rule) - p.rules.data()),
                                static_cast<uint32_t>(p.find_rule("same") - p.rules.data())};
        for (bool straight : {false, true}) {
            vm::Session session(p);
            session.set_straight(straight);
            size_t ran_straight = 0;
            for (int64_t day = lo; day <= hi && failures < 10; ++day) {
                const Value input = Value::date(day);
                const vm::InputState present = vm::InputState::Present;
                vm::CaseView view{&input, &present, nullptr};
                Value out[2];
                vm::RuntimeError error;
                Rolled got;
                got.ok = session.evaluate(view, ids, 2, out, error);
                if (got.ok) {
                    EXPECT_EQ(out[0].tag, Tag::Date);
                    got.day = out[0].i;
                } else {
                    got.error = error.message;
                }
                ran_straight += session.ran_straight();
                const Rolled want = reference_roll(cal, day);
                if (!(got == want)) {
                    ++failures;
                    ADD_FAILURE() << rule << (straight ? " straight" : " by calls") << " from "
                                  << date_to_string(static_cast<DayNumber>(day)) << ": " << got << ", the walk gives " << want;
                }
            }
            // Straight-line blocks ran (the first case is by calls; errors are evaluated again by calls).
            if (straight) {
                EXPECT_GT(ran_straight, 0u) << rule;
            }
        }
    }
    return static_cast<size_t>(hi - lo + 1);
}

// The rules above compile to the forms the agreement tests are meant to run: ROLL_S, ROLL_R.
TEST(Roll, RulesUseTheForms) {
    Sources s = cn_holidays({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    s.emplace_back("rules.edict", rolling_rules("中国工作日"));
    auto c = compile_sources(s);
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    vm::Session session(*c->program);
    size_t from_stack = 0, from_register = 0;
    for (const Instr& in : session.code()) {
        from_stack += in.op == static_cast<Op>(vm::Spec::ROLL_S);
        from_register += in.op == static_cast<Op>(vm::Spec::ROLL_R);
    }
    EXPECT_EQ(from_stack, 1u);
    EXPECT_EQ(from_register, 2u);
}

TEST(Roll, ContractCalendar2019To2026) {
    EXPECT_GT(expect_agreement(cn_holidays({1, 2, 3, 4, 5, 6, 7, 8, 9, 10})), 8u * 365);
}

TEST(Roll, ContractCalendar2019To2021) { expect_agreement(cn_holidays({1, 2, 3, 4, 5})); }

TEST(Roll, ContractCalendar2022To2026) { expect_agreement(cn_holidays({6, 7, 8, 9, 10})); }

// 2024 missing: days not covered inside the table, which a roll from late 2023 walks into.
TEST(Roll, ContractCalendarsWithAYearMissing) { expect_agreement(cn_holidays({1, 2, 3, 4, 5, 6, 7, 9, 10})); }

TEST(Roll, OtherwiseWeekends) {
    Sources s = cn_holidays({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    s.emplace_back("beyond.edict", kWeekendsBeyond);
    expect_agreement(s);
    s = cn_holidays({1, 2, 3, 4, 5, 6, 7, 9, 10});
    s.emplace_back("beyond.edict", kWeekendsBeyond);
    expect_agreement(s);
}

// A listed day off that is the data's last day: the roll from it leaves the data.
TEST(Roll, LastCoveredDayOff) {
    expect_agreement({{"c.edict",
                       "calendar 工作日历 \"test data\"\n"
                       "  covers 2020\n"
                       "  holiday 2020-10-01 to 2020-10-08, 2020-12-31\n"
                       "  workday 2020-10-10\n"}},
                     "工作日历");
}

// More than 366 days off in a row: the guard's error, and the days just before it ends.
TEST(Roll, NoWorkingDayWithinAYear) {
    expect_agreement({{"c.edict",
                       "calendar 工作日历 \"test data\"\n"
                       "  covers 2020 to 2022\n"
                       "  holiday 2020-03-01 to 2021-02-28, 2021-03-01 to 2021-06-30\n"}},
                     "工作日历");
}

// The last days of the date range: a roll that would pass 9999-12-31 fails as the walk did.
TEST(Roll, LastDaysOfTheDateRange) {
    expect_agreement({{"c.edict",
                       "calendar 工作日历 \"test data\"\n"
                       "  covers 9999\n"
                       "  holiday 9999-12-27 to 9999-12-31\n"
                       "  otherwise weekends\n"}},
                     "工作日历");
}

// Years too far apart for a table: every roll is walked on the lists.
TEST(Roll, CalendarTooWideForATable) {
    expect_agreement({{"c.edict",
                       "calendar 工作日历 \"test data\"\n"
                       "  covers 2000\n"
                       "  holiday 2000-01-01 to 2000-01-03\n"
                       "amend calendar 工作日历 \"2030\"\n"
                       "  covers 2030\n"
                       "  holiday 2030-01-01\n"}},
                     "工作日历");
}

}  // namespace
}  // namespace edict
