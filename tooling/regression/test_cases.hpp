// The tests of a policy folder, collected and run one way for every tool (`edict test`, `test
// --mutate`, `check --coverage`, `doc`). Takes: a compilation with its tests and the policy's
// notice texts. Produces: each `test` declaration and each non-blank line of tests/*.jsonl as a
// TestCase, with the problems that make it unusable — a line that is not a JSON object, without
// "input" and "output" objects, with an empty "output" (it checks nothing), naming an output that
// is no rule, or a clause no notice text of the policy has — and the result of running one against
// a program, outputs compared by value (money 1.5 equals 1.50, as the language compares them).
// An expected error — `expect NAME error "TEXT"` in a declaration, `"errors": {"NAME": "TEXT"}` on
// a case line — passes when evaluating the rule fails with a message containing TEXT; a value, or
// another message, is a failure that shows both.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "tooling/regression/citations.hpp"

namespace edict::regression {

struct TestCase {
    enum class Kind : uint8_t { Declaration, CaseLine };
    Kind kind = Kind::Declaration;
    std::string name;    // the test's name; for a case line its "name" or "boundary.jsonl:3"
    std::string clause;  // the clause it says it checks ("" when it names none)
    std::string where;   // "tests/clauses.edict:12:1" or "policy/tests/boundary.jsonl:3"
    std::string file;    // CaseLine: the case file's name ("boundary.jsonl")
    size_t line = 0;     // CaseLine: its line number
    check::DeclRef decl{};                                  // Declaration
    io::Json input;                                         // CaseLine
    std::vector<std::pair<std::string, io::Json>> expected; // CaseLine: output name, value
    std::vector<std::pair<std::string, std::string>> expected_errors;  // CaseLine: output name, part of the message
    std::vector<std::string> outputs;  // the rules whose values it checks
    std::string given, expect;         // as written, for people (the report)
    std::vector<std::string> problems; // not empty: the case is broken and cannot run
};

// Declarations first (in load order), then the case files sorted by name, lines in order.
std::vector<TestCase> collect_tests(const Compilation& c, const NoticeTexts& texts);

struct TestResult {
    bool passed = true;
    std::vector<std::string> problems;  // one per failing output, or why the case could not run
};

// Runs `t` against `p` (the compilation's program, or a mutant of it). A step budget of 0 means
// none. Each output is evaluated on its own so that one failure does not hide the others.
TestResult run_test(const Compilation& c, const Program& p, const TestCase& t, uint64_t step_budget = 0);

}  // namespace edict::regression
