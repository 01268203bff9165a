// Clause coverage. Takes: a compilation with its tests, the located citations, and the `clause §X
// not computable "why"` declarations. Produces, for each clause of each notice text: its status
// (encoded: some declaration's quote lies in it; not_computable: declared so, for the clause or —
// for reader-numbered paragraphs — its section; uncovered), the rules, exceptions and parameters
// citing it, and how many tests exercise them: `test` declarations and tests/*.jsonl lines with an
// expected output that is, or depends on, one of those rules. Also the policy's rules no test reaches.
#pragma once
#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "regression/citations.hpp"

namespace edict::regression {

// A test as coverage sees it: its name and the outputs it checks.
struct TestRef {
    std::string name;
    std::vector<std::string> outputs;
};

// `test` declarations and the lines of <root>/tests/*.jsonl (a line that does not parse is skipped:
// `edict test` reports it).
std::vector<TestRef> collect_tests(const Compilation& c);

struct ClauseCoverage {
    std::string notice, id;
    std::string status;  // "encoded", "not_computable", "uncovered"
    std::string reason;  // for not_computable
    std::vector<std::string> rules;
    size_t tests = 0;
};

struct Coverage {
    std::vector<ClauseCoverage> clauses;
    std::vector<std::string> rules_without_tests;
    size_t uncovered() const;
};

Coverage coverage(const Compilation& c, const CitationReport& cites, const std::vector<TestRef>& tests);

std::string coverage_text(const Coverage& cov);
std::string coverage_json(const Coverage& cov);  // {"clauses": [{"id","status","rules","tests"}], "rules_without_tests"}

}  // namespace edict::regression
