// The report's model: what `edict doc` shows, computed once from a compiled policy. Takes: a
// Compilation (compiled with its tests). Produces: the notice text in paragraphs with each cited
// sentence marked, the clauses with their coverage, one entry per rule with its citation,
// definitions, direct inputs, dependencies, dependants and tests, the parameters with their values
// and citations, and the tests as `edict test` runs them (regression::run_test) with their results. Everything it grades or locates
// comes from the regression core (compiler/regression: notice_text, citations, test_cases,
// dependencies, coverage), so the report says what `edict check --coverage` and `edict test` say.
// The HTML writer (html.cpp) only formats this.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "tooling/regression/coverage.hpp"

namespace edict::report {

// A clause as a citation names it: ids repeat across notices (第一条 of two laws), so with its notice.
struct ClauseRef {
    std::string notice, id;
    bool operator==(const ClauseRef&) const = default;
};

// A clause of a notice text with its coverage (regression/coverage.hpp says how it is graded).
struct Clause {
    std::string notice;
    std::string id;                   // "一.1"; a section's own text is "一"
    regression::ClauseStatus status = regression::ClauseStatus::Uncovered;
    std::vector<std::string> rules;   // rules whose quotes lie in it (exceptions count for their rule)
    std::vector<std::string> params;  // parameters citing it
    std::vector<size_t> tests;        // indexes into Model::tests: the tests reaching it
    std::string not_computable;       // the declaration's reason, when graded not computable
    std::vector<std::string> unfound_quotes;  // cited sentences not found in the notice text
};

struct Mark {
    size_t begin = 0, end = 0;        // byte offsets in the paragraph
    std::string clause;
    std::vector<std::string> rules;   // rules whose citations quote this text
    std::vector<std::string> params;
};

struct Paragraph {
    std::string text;    // as normalised for matching (notice_text.hpp): no line breaks or spaces
    std::string clause;  // the clause this paragraph belongs to ("" before the first section)
    bool heading = false;
    bool numbered = false;  // opens a numbered clause ("1." …)
    std::vector<Mark> marks;  // sorted, not overlapping
};

struct Notice {
    std::string name, issued, text_path;
    std::vector<Paragraph> paragraphs;
};

struct TestCase {
    std::string where;                // "tests/boundary.jsonl:3" or `test "name" (file:line:col)`
    std::string name;                 // the declaration's name or the case line's "name"
    std::string clause;
    std::vector<std::string> rules;   // rules whose values it checks
    // What it gives and what it expects, one name and value (as written) each, for people.
    std::vector<std::pair<std::string, std::string>> given, expect;
    bool passed = false;              // run as `edict test` runs it (regression::run_test)
    bool broken = false;              // it cannot run (its problems say why)
    std::vector<std::string> problems;  // why it fails, one per failing output
};

// A parameter with its value (or dated values) and where the law states it.
struct ParamValue {
    std::string from;    // "" for an undated value; else the date it applies from, as written
    std::string value;   // as written: "1800元", "2025-01-01"
    std::string location;
    std::vector<std::pair<ClauseRef, std::string>> quotes;
    bool replaced = false;  // an override stands above it
};

struct Param {
    std::string name, type, doc, location, module;
    std::vector<ParamValue> values;   // in force first, then those an override replaced
    std::vector<std::string> used_by; // rules reading it directly
};

struct Definition {
    std::string label;   // "base" or the exception's label
    std::string over;
    std::string form;    // the case as written: "when … then …", "otherwise …", "= …"
    std::string location;
    std::vector<std::pair<ClauseRef, std::string>> quotes;  // each citation: its clause and its quote
};

struct Rule {
    std::string name, file, type, doc, location, module;
    bool output = false;
    std::vector<ClauseRef> clauses;    // every clause its definitions cite
    std::vector<Definition> definitions;
    std::vector<std::string> inputs, params, rules, functions;  // read directly (through functions too)
    std::vector<std::string> all_inputs;                        // transitively
    std::vector<std::string> used_by;
    std::vector<size_t> tests;         // the tests reaching it (checking it or a rule depending on it)
};

struct Model {
    std::string policy;
    std::vector<Notice> notices;
    std::vector<Clause> clauses;          // regression::coverage's, in notice order
    std::vector<Rule> rules;              // declaration order
    std::map<std::string, size_t> rule_index;
    std::vector<Param> params;            // every parameter (imported ones too, like the rules), declaration order
    std::vector<TestCase> tests;
    size_t tests_passed = 0, tests_failed = 0;
    std::vector<std::string> warnings;    // broken tests, unfound quotes and the like
};

// false with `error` only if the policy's own files cannot be read.
bool build_model(const Compilation& c, Model& out, std::string& error);

// Only the notices, each paragraph with its cited sentences marked (Model::notices and the
// warnings about quotes not found): what the workbench's notice pane shows. Needs no tests, so it
// runs none and `c` may be compiled without them. Errors as build_model's.
bool build_notice_model(const Compilation& c, Model& out, std::string& error);

// A file name for a rule's page that any browser and file system accepts: ASCII letters, digits
// and '_' kept, every other byte as _xx.
std::string rule_file(const std::string& name);

}  // namespace edict::report
