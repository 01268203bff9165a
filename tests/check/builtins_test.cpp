// The built-in table (compiler/check/builtins.def) against its readers: every Table-typed row has
// primitive parameter and result types and an arity that matches them; every built-in compiles
// (a Custom-lowered row without its codegen case fails here); and docs/language.md §7 is the table
// rendered (EDICT_UPDATE_GOLDEN=1 rewrites it for review in `git diff`).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "compiler/check/builtins.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/driver/compile.hpp"

namespace edict::check {
namespace {

namespace fs = std::filesystem;

TEST(Builtins, TableTypedRowsHavePrimitiveTypesAndTheirArity) {
    for (const BuiltinInfo& b : all_builtins()) {
        SCOPED_TRACE(std::string(b.name));
        EXPECT_EQ(find_builtin(b.name), &b);
        EXPECT_EQ(&builtin_info(b.id), &b);
        EXPECT_FALSE(b.doc.empty());
        EXPECT_GE(b.min_args, 1);
        EXPECT_TRUE(b.max_args == -1 || b.max_args >= b.min_args);
        if (b.typing != BuiltinTyping::Table) continue;
        auto params = builtin_param_kinds(b);
        ASSERT_TRUE(params.has_value()) << "a Table-typed built-in takes primitive types: " << b.params;
        EXPECT_EQ(static_cast<int>(params->size()), b.min_args);
        EXPECT_EQ(b.min_args, b.max_args);
        EXPECT_TRUE(primitive_named(b.result).has_value()) << b.result;
    }
}

// One call of each built-in: the checker types it and codegen lowers it.
const char* kEveryBuiltin = R"(
calendar 假期
  covers 2024
  holiday 2024-02-10
input d: date
input mo: month
input n: int
input x: decimal
input pay: money
input ds: list[date?]
input xs: list[int]
rule r1: date = add_days(d, n)
rule r2: date = add_months(d, n)
rule r3: date = add_years(d, n)
rule r4: month = month_of(d)
rule r5: int = months_between(mo, mo)
rule r6: int = days_between(d, d)
rule r7: date = first_day(mo)
rule r8: date = last_day(mo)
rule r9: int = weekday(d)
rule r10: int = year(d)
rule r11: date = roll(d, 假期)
rule r12: bool = is_working_day(d, 假期)
rule r13: money = round(pay, 2, half_even)
rule r14: int = min(n, 3)
rule r15: int = max(n, 3)
rule r16: date? = earliest(ds)
rule r17: date? = latest(ds)
rule r18: int = sum(xs)
rule r19: int = count(xs)
rule r20: date = d + days(n)
rule r21: date = d + months(n)
rule r22: date = d + years(n)
rule r23: int = month_number(d)
rule r24: int = floor(n / 4)
rule r25: int = ceil(x)
rule r26: int = to_int(x, half_even)
)";

TEST(Builtins, EveryBuiltinTypeChecksAndLowers) {
    for (const BuiltinInfo& b : all_builtins())
        EXPECT_NE(std::string(kEveryBuiltin).find(fmt::format(" {}(", b.name)), std::string::npos)
            << "add a call of " << b.name << " to kEveryBuiltin";
    auto c = compile_sources({{"all.edict", kEveryBuiltin}});
    EXPECT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
}

std::string escape_cell(std::string_view s) {
    std::string out;
    for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return out;
}

// The §7 table as builtins.def renders it.
std::string rendered_table() {
    std::string t = "| function | result | what it gives |\n|---|---|---|\n";
    for (const BuiltinInfo& b : all_builtins())
        t += fmt::format("| `{}` | `{}` | {} |\n", escape_cell(fmt::format("{}({})", b.name, b.params)),
                         escape_cell(b.result), escape_cell(b.doc));
    return t;
}

TEST(Builtins, LanguageDocTableIsTheBuiltinTable) {
    const std::string begin = "<!-- built-ins: generated from compiler/check/builtins.def -->\n";
    const std::string end = "<!-- end of built-ins -->\n";
    fs::path path = fs::path(EDICT_SOURCE_DIR) / "docs" / "language.md";
    std::ifstream in(path, std::ios::binary);
    std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    size_t b = doc.find(begin), e = doc.find(end);
    ASSERT_NE(b, std::string::npos) << "docs/language.md §7 lost its marker: " << begin;
    ASSERT_NE(e, std::string::npos) << end;
    b += begin.size();
    const char* env = std::getenv("EDICT_UPDATE_GOLDEN");
    if (env && std::string(env) == "1") {
        doc.replace(b, e - b, rendered_table());
        std::ofstream(path, std::ios::binary) << doc;
        return;
    }
    EXPECT_EQ(doc.substr(b, e - b), rendered_table())
        << "docs/language.md §7 differs from builtins.def; run the unit tests with EDICT_UPDATE_GOLDEN=1";
}

}  // namespace
}  // namespace edict::check
