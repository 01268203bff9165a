// The report's model: what `edict doc` shows, computed once from a compiled policy. Takes: a
// Compilation (compiled with its tests). Produces: the notice text in paragraphs with each cited
// sentence marked, the clauses with their coverage, and one entry per rule with its citation,
// definitions, direct inputs, dependencies, dependants and tests. Everything it grades or locates
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
    std::string clause;
    std::vector<std::string> rules;   // rules whose values it checks
    std::string given, expect;        // JSON / source text, for the rule pages
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
    std::vector<TestCase> tests;
    std::vector<std::string> warnings;    // broken tests, unfound quotes and the like
};

// false with `error` only if the policy's own files cannot be read.
bool build_model(const Compilation& c, Model& out, std::string& error);

// A file name for a rule's page that any browser and file system accepts: ASCII letters, digits
// and '_' kept, every other byte as _xx.
std::string rule_file(const std::string& name);

}  // namespace edict::report
