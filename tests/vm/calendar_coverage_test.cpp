// Unit tests for calendars at the edge of their data: takes small calendars with `covers` and
// `otherwise weekends` compiled with compile_sources, run through io::CaseRunner (the path the
// CLI, the API and the service share). Checks that a day outside the covered years is a case
// error naming the calendar, the years and the day (for is_working_day and roll, also when roll
// walks out of the data), that `otherwise weekends` answers instead, the checker's and codegen's
// errors for calendars that say nothing or list a day they do not cover, and that coverage
// survives an artifact round trip while a hand-made bad coverage is refused by the verifier.
#include <gtest/gtest.h>

#include <string>

#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/verify.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

// 2020-12-31 (Thursday) is a day off, so roll from it must look at 2021.
const std::string kCalendar =
    "calendar 工作日历 \"test data\"\n"
    "  covers 2020\n"
    "  holiday 2020-10-01 to 2020-10-08, 2020-12-31\n"
    "  workday 2020-10-10\n";
const std::string kRules =
    "input d: date\n"
    "rule rolled: date = roll(d, 工作日历)\n"
    "rule working: bool = is_working_day(d, 工作日历)\n";

struct Outcome {
    bool ok = false;
    std::string out, error;
};

Outcome run_program(const Program& p, const std::string& rule, const std::string& day) {
    const RuleInfo* r = p.find_rule(rule);
    EXPECT_NE(r, nullptr) << rule;
    if (!r) return {};
    uint32_t id = static_cast<uint32_t>(r - p.rules.data());
    io::Json j;
    std::string why;
    EXPECT_TRUE(io::parse_json("{\"d\": \"" + day + "\"}", j, why)) << why;
    io::CaseRunner runner(p, {id}, false);
    io::CaseError err;
    Outcome o;
    o.ok = runner.run(j, o.out, err);
    o.error = err.message;
    return o;
}

std::unique_ptr<Compilation> compile(const std::string& src) { return compile_sources({{"c.edict", src}}); }

Outcome run(const std::string& src, const std::string& rule, const std::string& day) {
    auto c = compile(src);
    if (!c->ok()) {
        ADD_FAILURE() << render_all(c->diags, c->sources, false);
        return {};
    }
    return run_program(*c->program, rule, day);
}

void expect_answer(const std::string& src, const std::string& rule, const std::string& day, const std::string& json) {
    Outcome o = run(src, rule, day);
    EXPECT_TRUE(o.ok) << day << ": " << o.error;
    EXPECT_EQ(o.out, json) << day;
}

void expect_no_data(const std::string& src, const std::string& rule, const std::string& day, const std::string& text) {
    Outcome o = run(src, rule, day);
    EXPECT_FALSE(o.ok) << day << " answered " << o.out;
    EXPECT_NE(o.error.find(text), std::string::npos) << o.error;
}

TEST(CalendarCoverage, InsideTheDataAnswers) {
    expect_answer(kCalendar + kRules, "rolled", "2020-10-01", R"({"rolled":"2020-10-09"})");
    expect_answer(kCalendar + kRules, "working", "2020-10-10", R"({"working":true})");
    expect_answer(kCalendar + kRules, "working", "2020-01-01", R"({"working":true})");  // listed nowhere, a Wednesday
}

TEST(CalendarCoverage, DayAfterTheDataIsAnErrorNamingCalendarYearsAndDay) {
    expect_no_data(kCalendar + kRules, "working", "2021-01-04",
                   "工作日历 has no holiday data for 2021: it covers 2020 (asked about 2021-01-04)");
    expect_no_data(kCalendar + kRules, "rolled", "2021-01-04", "工作日历 has no holiday data for 2021: it covers 2020");
}

TEST(CalendarCoverage, DayBeforeTheDataIsAnError) {
    expect_no_data(kCalendar + kRules, "working", "2019-12-31", "工作日历 has no holiday data for 2019: it covers 2020");
}

TEST(CalendarCoverage, RollThatWalksOutOfTheDataIsAnError) {
    expect_no_data(kCalendar + kRules, "rolled", "2020-12-31",
                   "工作日历 has no holiday data for 2021: it covers 2020 (rolling 2020-12-31 forward reached 2021-01-01)");
}

TEST(CalendarCoverage, ErrorNamesTheRule) {
    Outcome o = run(kCalendar + kRules, "rolled", "2022-03-01");
    EXPECT_NE(o.error.find("rolled"), std::string::npos) << o.error;
}

TEST(CalendarCoverage, LayersExtendTheCoverageAndGapsAreErrors) {
    std::string src = kCalendar + "amend calendar 工作日历 \"2022\"\n  covers 2022\n  holiday 2022-01-03\n" + kRules;
    expect_answer(src, "working", "2022-01-03", R"({"working":false})");
    expect_no_data(src, "working", "2021-06-01", "has no holiday data for 2021: it covers 2020, 2022");
    std::string ranged = kCalendar + "amend calendar 工作日历 \"2021 to 2023\"\n  covers 2021 to 2023\n" + kRules;
    expect_no_data(ranged, "working", "2024-06-03", "has no holiday data for 2024: it covers 2020–2023");
}

TEST(CalendarCoverage, OtherwiseWeekendsAnswersBeyondTheData) {
    std::string on_calendar = kCalendar + "  otherwise weekends\n" + kRules;
    expect_answer(on_calendar, "rolled", "2020-12-31", R"({"rolled":"2021-01-01"})");
    expect_answer(on_calendar, "rolled", "2021-01-02", R"({"rolled":"2021-01-04"})");
    expect_answer(on_calendar, "working", "2019-12-31", R"({"working":true})");
    std::string in_amendment = kCalendar + "amend calendar 工作日历 \"policy\"\n  otherwise weekends\n" + kRules;
    expect_answer(in_amendment, "rolled", "2021-01-02", R"({"rolled":"2021-01-04"})");
    expect_answer(in_amendment, "rolled", "2020-10-01", R"({"rolled":"2020-10-09"})");  // the data still rules inside
    std::string zh = "日历 周末历 \"只按周末\"\n  其他情况 周末\n" + std::string("input d: date\nrule rolled: date = roll(d, 周末历)\n");
    expect_answer(zh, "rolled", "2030-06-01", R"({"rolled":"2030-06-03"})");
}

// The only error is `code`, and its rendering contains `text`.
void expect_error(const std::string& src, const std::string& code, const std::string& text) {
    auto c = compile(src);
    std::string r = render_all(c->diags, c->sources, false);
    ASSERT_FALSE(c->ok()) << src;
    ASSERT_EQ(c->diags.error_count(), 1u) << r;
    EXPECT_EQ(c->diags.items()[0].code, code) << r;
    EXPECT_NE(r.find(text), std::string::npos) << r;
}

TEST(CalendarCoverage, CalendarThatSaysNothingIsRefused) {
    expect_error("calendar c \"no years\"\n  holiday 2020-01-01\n", "E0218",
                 "calendar `c` does not say which years its data covers");
}

TEST(CalendarCoverage, CoversMustNameRealYearsForwards) {
    expect_error("calendar c \"x\"\n  covers 2022 to 2020\n", "E0217", "`covers 2022 to 2020` runs backwards");
    expect_error("calendar c \"x\"\n  covers 0000\n", "E0217", "year 0000");
}

TEST(CalendarCoverage, ListedDayOutsideTheCoveredYearsIsRefused) {
    expect_error("calendar c \"x\"\n  covers 2020\n  holiday 2020-12-31 to 2021-01-01\n", "E0403",
                 "2021-01-01 is in 2021, outside the years calendar `c` covers (2020)");
    // A day of an earlier year that another layer covers is fine (the 2023 New Year began in 2022).
    auto c = compile("calendar c \"2022\"\n  covers 2022\namend calendar c \"2023\"\n  covers 2023\n"
                     "  holiday 2022-12-31 to 2023-01-02\n");
    EXPECT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
}

TEST(CalendarCoverage, SyntaxErrorsSayWhatIsExpected) {
    auto c = compile("calendar c \"x\"\n  covers 2020-01-01\n");
    EXPECT_NE(render_all(c->diags, c->sources, false).find("expected the years the layer covers, written YYYY"), std::string::npos)
        << render_all(c->diags, c->sources, false);
    c = compile("calendar c \"x\"\n  covers 2020\n  otherwise holidays\n");
    EXPECT_NE(render_all(c->diags, c->sources, false).find("expected 'weekends'"), std::string::npos)
        << render_all(c->diags, c->sources, false);
}

TEST(CalendarCoverage, ArtifactKeepsCoverageAndOptIn) {
    for (const std::string& extra : {std::string(), std::string("  otherwise weekends\n")}) {
        auto c = compile(kCalendar + "amend calendar 工作日历 \"2022\"\n  covers 2022\n" + extra + kRules);
        ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
        std::string bytes, error;
        ASSERT_TRUE(save_artifact(*c->program, bytes, error)) << error;
        auto p = load_artifact(bytes, error);
        ASSERT_TRUE(p) << error;
        ASSERT_EQ(p->calendars.size(), 1u);
        EXPECT_EQ(p->calendars[0].covered_years(), "2020, 2022");
        EXPECT_EQ(p->calendars[0].weekends_beyond, !extra.empty());
        Outcome o = run_program(*p, "working", "2021-06-01");
        EXPECT_EQ(o.ok, !extra.empty()) << o.error << o.out;
    }
}

TEST(CalendarCoverage, VerifierRefusesMalformedCoverage) {
    auto c = compile(kCalendar + kRules);
    ASSERT_TRUE(c->ok());
    auto check = [&](auto edit, const std::string& text) {
        Program p = *c->program;
        edit(p.calendars[0]);
        std::string error;
        EXPECT_FALSE(verify_program(p, error));
        EXPECT_NE(error.find(text), std::string::npos) << error;
    };
    check([](CalendarInfo& cal) { cal.covers = {{2021, 2020}}; }, "malformed covered years");
    check([](CalendarInfo& cal) { cal.covers = {{2020, 2020}, {2021, 2022}}; }, "malformed covered years");
    check([](CalendarInfo& cal) { cal.covers = {{0, 2020}}; }, "malformed covered years");
    check([](CalendarInfo& cal) { cal.covers = {{2019, 2019}}; }, "lists a day outside the years it covers");
}

}  // namespace
}  // namespace edict
