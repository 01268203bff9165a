// Unit tests for the checker: takes small policies with one type or name mistake each and
// checks the diagnostic code, its location and its help; and checks that valid programs
// (null narrowing, exhaustive matches, exceptions with priority) are accepted.
#include <gtest/gtest.h>

#include <string>

#include "compiler/driver/compile.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

const char* kPrelude =
    "input m: money\ninput d: date\ninput o: int?\ninput n: int\nenum E { a, b, c }\ninput e: E\n";

std::unique_ptr<Compilation> check(const std::string& body) {
    return compile_sources({{"a.edict", std::string(kPrelude) + body}});
}

std::string rendered(const Compilation& c) { return render_all(c.diags, c.sources, false); }

// The only error is `code`; its rendering contains `where` (file:line:col) and `text`.
void expect_error(const std::string& body, const std::string& code, const std::string& where,
                  const std::string& text = {}) {
    auto c = check(body);
    std::string r = rendered(*c);
    ASSERT_FALSE(c->ok()) << body;
    ASSERT_EQ(c->diags.error_count(), 1u) << r;
    EXPECT_EQ(c->diags.items()[0].code, code) << r;
    EXPECT_NE(r.find("a.edict:" + where + ": error[" + code + "]"), std::string::npos) << r;
    if (!text.empty()) {
        EXPECT_NE(r.find(text), std::string::npos) << r;
    }
}

void expect_ok(const std::string& body) {
    auto c = check(body);
    EXPECT_TRUE(c->ok()) << body << "\n" << rendered(*c);
}

TEST(Checker, MoneyPlusDate) { expect_error("rule r: money = m + d\n", "E0309", "7:17", "cannot add money and date"); }

TEST(Checker, MoneyTimesMoney) {
    expect_error("rule r: money = m * m\n", "E0309", "7:17", "cannot multiply money and money");
}

TEST(Checker, MonthVersusDate) {
    expect_error("rule r: bool = month_of(d) < d\n", "E0310", "7:16", "cannot compare month with date");
}

TEST(Checker, OptionalUsedWithoutHandling) {
    expect_error("rule r: int = o + 1\n", "E0302", "7:15", "may be null");
}

TEST(Checker, OptionalAssignedToPlainType) {
    auto c = check("rule r: int = o\n");
    EXPECT_FALSE(c->ok()) << rendered(*c);
}

TEST(Checker, NonExhaustiveMatch) {
    expect_error("rule r: int = match e { a => 1, b => 2 }\n", "E0316", "7:15", "does not handle `c`");
}

TEST(Checker, ExhaustiveMatchAndWildcard) {
    expect_ok("rule r: int = match e { a => 1, b => 2, c => 3 }\nrule s: int = match e { a | b => 1, _ => 2 }\n");
}

TEST(Checker, UnknownNameSuggests) {
    expect_error("rule r: int = nn + 1\n", "E0101", "7:15", "did you mean `n`?");
}

TEST(Checker, UnknownFunction) {
    auto c = check("rule r: date = add_mnths(d, 1)\n");
    ASSERT_FALSE(c->ok());
    EXPECT_NE(rendered(*c).find("a.edict:7:16"), std::string::npos) << rendered(*c);
}

TEST(Checker, ExceptionToNonRule) {
    expect_error("exception x to m when true then 1元\n", "E0204", "7:16", "is not a rule");
}

TEST(Checker, ExceptionToUnknownRule) {
    auto c = check("exception x to nothing_here when true then 1\n");
    EXPECT_FALSE(c->ok()) << rendered(*c);
}

TEST(Checker, DuplicateNames) {
    auto c = check("rule r: int = 1\nrule r: int = 2\n");
    std::string s = rendered(*c);
    ASSERT_EQ(c->diags.error_count(), 1u) << s;
    EXPECT_EQ(c->diags.items()[0].code, "E0201");
    EXPECT_NE(s.find("a.edict:8:6: error[E0201]: `r` is already declared"), std::string::npos) << s;
    EXPECT_NE(s.find("a.edict:7:6"), std::string::npos) << s;  // the first declaration
}

TEST(Checker, DuplicateInputAndRule) {
    auto c = check("rule n: int = 1\n");
    EXPECT_FALSE(c->ok());
    EXPECT_EQ(c->diags.items()[0].code, "E0201") << rendered(*c);
}

TEST(Checker, RuleCycle) {
    expect_error("rule ra: int = rb\nrule rb: int = ra + 1\n", "E0215", "7:6", "`ra` → `rb` → `ra`");
}

TEST(Checker, SelfCycle) {
    auto c = check("rule ra: int = ra + 1\n");
    ASSERT_FALSE(c->ok());
    EXPECT_EQ(c->diags.items()[0].code, "E0215") << rendered(*c);
}

TEST(Checker, FunctionRecursion) {
    expect_error("function f(x: int): int = f(x)\n", "E0216", "7:10", "calls itself");
}

TEST(Checker, MutualFunctionRecursion) {
    auto c = check("function f(x: int): int = g(x)\nfunction g(x: int): int = f(x)\n");
    EXPECT_FALSE(c->ok()) << rendered(*c);
}

TEST(Checker, DivisionOutsideRound) {
    expect_error("rule r: money = m / 3\n", "E0307", "7:17", "division needs a stated precision");
}

TEST(Checker, DivisionInsideRound) { expect_ok("rule r: money = round(m / 3, 2)\nrule s: money = round(m / 3, 2, down)\n"); }

TEST(Checker, WrongRuleType) {
    auto c = check("rule r: int = d\n");
    EXPECT_FALSE(c->ok()) << rendered(*c);
}

TEST(Checker, NarrowingWithIsNotNull) {
    expect_ok("rule r: bool = o is not null and o > 3\n"
              "rule s: int = if o is null then 0 else o + 1\n"
              "rule t: int = o ?? 0\n");
}

TEST(Checker, NarrowingDoesNotLeakThroughOr) {
    auto c = check("rule r: bool = o is not null or o > 3\n");
    EXPECT_FALSE(c->ok()) << rendered(*c);
}

TEST(Checker, ConditionMustBeBool) {
    auto c = check("rule r: int when n then 1 otherwise 2\n");
    EXPECT_FALSE(c->ok()) << rendered(*c);
}

TEST(Checker, ValidExceptionsWithPriority) {
    expect_ok("input f1: bool\ninput f2: bool\nrule s: bool = false\n"
              "exception x1 to s when f1 then true\nexception x2 to s over x1 when f2 then false\n");
}

TEST(Checker, ErrorsInSeveralRulesAllReported) {
    auto c = check("rule r1: money = m + d\nrule r2: int = zzz\nrule r3: money = m / 2\n");
    EXPECT_EQ(c->diags.error_count(), 3u) << rendered(*c);
}

// Whole numbers from a division or a decimal: floor/ceil/to_int give int, usable wherever an int is.
TEST(Checker, WholeNumberConversionsAreInts) {
    expect_ok("rule blocks: int = min(36, ceil((months_between(1965-01, month_of(d)) + 1) / 4))\n"
              "rule per_year: int = floor(n / 12)\nrule rate: decimal = 0.5\nrule half: int = to_int(rate * n, half_up)\n"
              "rule ratio: int = floor(m / 100元)\nrule up: int = ceil(rate)\n");
}

TEST(Checker, ToIntMustStateItsRounding) {
    expect_error("rule r: int = to_int(1.5)\n", "E0324", "7:15", "takes 2 arguments");
    expect_error("rule r: int = to_int(1.5, nearest)\n", "E0329", "7:27", "floor (toward −∞), ceil (toward +∞)");
}

TEST(Checker, WholeNumberOfMoneyIsRefused) {
    expect_error("rule r: int = floor(m)\n", "E0326", "7:21", "round(x, 0, floor)");
    expect_error("rule r: int = floor(m / 2)\n", "E0326", "7:21", "not from money");
}

TEST(Checker, WholeNumberOfAnIntWarns) {
    auto c = check("rule r: int = floor(n)\n");
    EXPECT_TRUE(c->ok()) << rendered(*c);
    EXPECT_NE(rendered(*c).find("warning[W0303]"), std::string::npos) << rendered(*c);
}

TEST(Checker, DecimalWhereIntIsWantedShowsTheConversions) {
    expect_error("rule r: int = round(m / 100元, 0)\n", "E0301", "7:15", "`to_int(x, down)`");
}

TEST(Checker, BareDivisionMentionsFloorAndCeil) {
    expect_error("rule r: int = n / 4\n", "E0307", "7:15", "floor(a / b)");
}

TEST(Checker, MonthPlusYearsIsAMonth) {
    expect_ok("rule r: month = month_of(d) + years(n)\nrule s: month = month_of(d) - 60 years\nrule t: int = month_number(d)\n");
}

TEST(Checker, MonthPlusDaysShowsTheWay) {
    expect_error("rule r: month = month_of(d) + 10 days\n", "E0309", "7:17", "first_day(m) + 10 days");
    expect_error("rule r: month = 3 months + month_of(d)\n", "E0309", "7:17", "write the month first");
    expect_error("rule r: int = month_number(n)\n", "E0326", "7:28", "takes a date or a month");
}

// A calendar has a value only as the second argument of roll/is_working_day: elsewhere it is
// E0104, not compiled into a null (`假期 is null` evaluated true while W0301 said "always false").
TEST(Checker, CalendarNameIsNoValue) {
    const std::string calendar = "calendar 假期\n  covers 2024\n  holiday 2024-02-10\n";
    expect_error(calendar + "rule r: bool = 假期 is null\n", "E0104", "10:16", "is a calendar and has no value by itself");
    expect_error(calendar + "rule r: int = count([假期])\n", "E0104", "10:22", "`roll` or `is_working_day`");
    expect_error(calendar + "rule r: bool = let c = 假期 in c is null\n", "E0104", "10:24");
    expect_ok(calendar + "rule r: bool = is_working_day(roll(d, 假期), 假期)\n");
}

TEST(Checker, ShippedPoliciesCompile) {
    for (const char* p : {"/policies/fujian/2020-14", "/policies/examples/everything"}) {
        auto c = compile_path(std::string(EDICT_SOURCE_DIR) + p);
        EXPECT_TRUE(c->ok()) << p << "\n" << rendered(*c);
    }
}

}  // namespace
}  // namespace edict
