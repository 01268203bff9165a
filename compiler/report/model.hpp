// The report's model: what `edict doc` shows, computed once from a compiled policy. Takes: a
// Compilation (compiled with its tests) and the policy's tests/*.jsonl case files. Produces: the
// notice text split into paragraphs with each cited sentence marked, the clauses with their
// coverage, and one entry per rule with its citation, definitions, direct inputs, dependencies,
// dependants and tests. The HTML writer (html.cpp) only formats this.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "driver/compile.hpp"

namespace edict::report {

// Coverage of a clause: rules encode it and tests check them ("covered"), rules but no tests
// ("untested"), declared `clause … not computable` ("not-computable"), nothing ("uncovered"), or for
// a section, some of its clauses covered and some not ("partial").
struct Clause {
    std::string id;                   // "一.1"; a section is "一"
    std::string status;
    std::vector<std::string> rules;   // rule names citing it (exceptions count for their rule)
    std::vector<std::string> params;  // parameters citing it
    std::vector<size_t> tests;        // indexes into Model::tests
    std::string not_computable;       // the declaration's reason, if declared
    std::vector<std::string> unfound_quotes;  // cited sentences not found in the notice text
};

struct Mark {
    size_t begin = 0, end = 0;        // byte offsets in the paragraph
    std::string clause;
    std::vector<std::string> rules;   // rules whose citations quote this text
    std::vector<std::string> params;
};

struct Paragraph {
    std::string text;
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
    std::string where;                // "tests/boundary.jsonl:3" or the test's name
    std::string clause;
    std::vector<std::string> rules;   // rules whose values it checks
    std::string given, expect;        // JSON / source text, for the rule pages
};

struct Definition {
    std::string label;   // "base" or the exception's label
    std::string over;
    std::string form;    // the case as written: "when … then …", "otherwise …", "= …"
    std::string location;
    std::vector<std::string> clauses;  // cited clause ids
    std::vector<std::string> quotes;
};

struct Rule {
    std::string name, file, type, doc, location, module;
    bool output = false;
    std::vector<std::string> clauses;  // every clause its definitions cite
    std::vector<Definition> definitions;
    std::vector<std::string> inputs, params, rules, functions;  // read directly (through functions too)
    std::vector<std::string> all_inputs;                        // transitively
    std::vector<std::string> used_by;
    std::vector<size_t> tests;
};

struct Model {
    std::string policy;
    std::vector<Notice> notices;
    std::vector<Clause> clauses;          // in notice order, then any only cited
    std::vector<Rule> rules;              // declaration order
    std::map<std::string, size_t> rule_index;
    std::vector<TestCase> tests;
    std::vector<std::string> warnings;    // unreadable test files and the like
};

// false with `error` only if the policy's own files cannot be read.
bool build_model(const Compilation& c, Model& out, std::string& error);

// A file name for a rule's page that any browser and file system accepts: ASCII letters, digits
// and '_' kept, every other byte as _xx.
std::string rule_file(const std::string& name);

}  // namespace edict::report
