// Mutation check. Takes: a compilation of a policy with its tests. Produces: for each mutant — one
// comparison flipped (< and <=, > and >=, == and !=), one integer or duration constant moved by one
// (a date offset by a day or a month), one money constant moved by 1元, one date constant moved by a
// day — in the rules, exceptions, parameters and functions of the policy folder (not its imports),
// whether the policy's own tests catch it. The checked program is changed in place, regenerated,
// run against every test, and restored, one mutant at a time.
#pragma once
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "tooling/regression/test_cases.hpp"

namespace edict::regression {

struct MutantResult {
    std::string owner;        // "rule back_pay"
    std::string where;        // file:line:col
    std::string change;       // "`<=` → `<` in `paid_on <= due_date`"
    std::string hint;         // for survivors: what a test would need
    bool killed = false;
    std::string killed_by;    // the first test that failed
};

struct MutationReport {
    size_t tests = 0;                   // tests run per mutant
    size_t baseline_failures = 0;       // failures before mutating: the report means nothing unless 0
    std::vector<MutantResult> mutants;
    size_t survivors() const;
};

// `tests`: collect_tests(c, …), run as `edict test` runs them (test_cases.hpp). `only`: when not
// empty, mutate only declarations whose owner name contains it (a cheaper subset).
MutationReport mutate(Compilation& c, const std::vector<TestCase>& tests, const std::string& only = {});

std::string mutation_text(const MutationReport& r);

}  // namespace edict::regression
