// Numbers in the text against constants in the rules. Takes: the located citations (which clause
// each declaration's quotes lie in), the notice texts and the `clause §X unused "…" "why"` /
// `clause §X external "…" "why"` declarations. Produces an error for
//   - each amount, count, period or date a cited clause states (1800元, 3个月, 三个月, 15日, 60岁, 2019年,
//     2020年2月29日) that no constant of a declaration citing the clause equals, unless declared
//     `unused`;
//   - each constant of a citing declaration that no clause it cites states (the text says 15日, the
//     rule adds 14), unless declared `external`. 0 and 1 are arithmetic (次月 is +1, "not counting
//     day X" is +1), not stated numbers, and are not checked.
#pragma once
#include <string>
#include <vector>

#include "compiler/check/checked.hpp"
#include "tooling/regression/citations.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::regression {

enum class NumberKind : uint8_t { Money, Months, Days, Years, Year, Date, Plain };

struct StatedNumber {
    NumberKind kind;
    std::string text;   // as written (normalised), e.g. "3个月", "三个月", "2020年2月29日"
    std::string value;  // canonical: integer digits, or YYYY-MM-DD for a date
    size_t pos = 0;     // in NoticeText::norm
};

// The numbers a stretch of normalised notice text states.
std::vector<StatedNumber> stated_numbers(const std::u32string& text, size_t offset = 0);

// The constants of a declaration's expressions, with their spans.
struct RuleConstant {
    NumberKind kind;
    std::string value;
    std::string text;  // as written in the rule
    Span span;
};
std::vector<RuleConstant> rule_constants(const check::CheckedProgram& P, check::DeclRef decl);

void check_numbers(const check::CheckedProgram& P, const CitationReport& cites, Diagnostics& diags);

}  // namespace edict::regression
