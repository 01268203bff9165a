// Clause coverage: the one grading that `check --coverage`, `doc` and the agreement test share.
// Takes: a compilation, its located citations, its tests (test_cases.hpp) and the `clause §X not
// computable "why"` declarations. Produces, for each clause of each notice text (the clauses
// notice_text.hpp cuts; notices in declaration order, clauses in text order): the rules,
// exceptions and parameters whose quotes lie in it, the tests that reach them, and one status:
//   covered         some declaration's quote lies in it, and a test reaches one of them;
//   untested        encoded, but no test reaches it;
//   not_computable  nothing encodes it, and it is declared so (for a reader-numbered paragraph,
//                   the declaration may be on its section);
//   uncovered       none of these.
// A test reaches a declaration when one of its expected outputs is, or depends transitively on,
// the rule (an exception counts through the rule it amends), or reads the parameter. A broken test
// (a case line that cannot run) reaches nothing. Also: the policy folder's rules no test reaches.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/test_cases.hpp"

namespace edict::regression {

enum class ClauseStatus : uint8_t { Covered, Untested, NotComputable, Uncovered };

// "covered", "untested", "not_computable", "uncovered": the word every tool prints.
const char* status_name(ClauseStatus s);

struct ClauseCoverage {
    std::string notice, id;
    ClauseStatus status = ClauseStatus::Uncovered;
    std::string reason;               // the `not computable` declaration's reason
    std::vector<std::string> rules;   // what encodes it: "back_pay", "exception X to Y", "param P"
    std::vector<uint32_t> rule_indexes;   // the rules among them (an exception: its rule)
    std::vector<uint32_t> param_indexes;  // the parameters among them
    std::vector<uint32_t> function_indexes;  // the functions among them (a test reaches one through a rule calling it)
    std::vector<size_t> tests;        // indexes into the tests graded against, ascending
};

// A notice text as coverage found it: which clauses (ids in text order, those with text).
struct NoticeCoverage {
    std::string notice, text;  // the notice's name and its text file
    std::vector<std::string> ids;
};

struct Coverage {
    std::vector<NoticeCoverage> notices;
    std::vector<ClauseCoverage> clauses;
    std::vector<std::string> rules_without_tests;
    size_t count(ClauseStatus s) const;
    size_t uncovered() const { return count(ClauseStatus::Uncovered); }
    const ClauseCoverage* find(const std::string& notice, const std::string& id) const;
};

Coverage coverage(const Compilation& c, const CitationReport& cites, const std::vector<TestCase>& tests);

// Whether a module is one of the policy's own files (its folder), not an imported module: only the
// policy's own notices are graded, reported and counted as its citations; an imported module's are
// where that module is checked itself.
bool in_policy_folder(const Compilation& c, uint32_t module);

std::string coverage_text(const Coverage& cov);
// Per notice a line naming its text and the clauses found in it, then a line per clause.
// {"notices": [{"notice","text","clauses": [ids]}], "clauses": [{"notice","id","status","rules","tests"}],
// "rules_without_tests": [...]}; "tests" is a count.
std::string coverage_json(const Coverage& cov);

}  // namespace edict::regression
