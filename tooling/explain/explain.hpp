// Explanations: why a decision came out as it did. Takes: a Compilation (checked program and
// sources) and one JSON case. Produces: an Explanation — for each rule the case needed, every
// definition (base cases and exceptions) with whether it applied, the condition that failed when
// it did not, the values it used, and the notice/clause/quoted sentence behind it.
//
// How: the explainer compiles a second Program from the same checked program with
// codegen's trace option, so each expression is followed by a TRACE instruction, and runs the case
// on it with a trace sink. Normal programs never contain TRACE, so ordinary evaluation pays nothing.
// The values recorded per (rule, expression) are then laid over the AST of each definition.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"

namespace edict::explain {

constexpr int kTraceVersion = 1;

// One expression with the value it had (JSON text, as `edict eval` prints it), or not evaluated.
struct Term {
    std::string text;                  // the source text
    std::string location;              // file:line:col
    std::optional<std::string> value;  // JSON text; empty: never evaluated (short-circuit, not reached)
    std::string refers;                // "input", "rule", "param", "function", or empty
    std::string name;                  // the name referred to
    std::vector<Term> parts;           // subexpressions that are not literals, in source order
};

struct CitationText {
    std::string notice, clause, quote, location;
};

struct Definition {
    std::string label;     // "base" or the exception's label
    std::string over;      // exception: the label it has priority over (may be empty)
    std::string kind;      // "when", "otherwise", "always" (`= e`)
    std::string status;    // "applied", "not_applicable", "not_evaluated"
    std::string reason;    // not_evaluated: why (e.g. "exception X applied")
    std::string location;
    std::vector<CitationText> citations;
    std::optional<Term> condition;
    std::vector<Term> failed;  // not_applicable: the first failing condition on each path
    std::optional<Term> value; // evaluated value expression
};

struct Use {
    std::string kind;  // "input", "param", "rule"
    std::string name;
    std::string value; // JSON text
};

struct RuleExplanation {
    std::string name, type, doc, location;
    std::optional<std::string> value;  // JSON text; empty if evaluation stopped inside it
    std::vector<CitationText> citations;
    std::vector<Definition> definitions;
    std::vector<Use> uses;              // inputs, params and rules read by what was evaluated
    std::vector<Term> why_not;          // bool rules that came out false: first failing condition per path
};

struct Explanation {
    std::string policy;
    std::vector<std::string> outputs;             // requested rules, in order
    std::map<std::string, RuleExplanation> rules; // every rule that was evaluated
    std::vector<std::string> order;               // rules in the order first reached (depth first)
    std::string error;                            // runtime error, empty if none
    std::string error_input;                      // the input at fault, if any
};

class Explainer {
public:
    // Builds the traced program; false with `error` if code generation fails.
    static std::unique_ptr<Explainer> create(const Compilation& compilation, std::string& error);
    // Evaluates `outputs` (rule names) on `input`. false only for problems with the request or the
    // case's shape (unknown output, unknown key, wrong type); runtime errors are in out.error.
    bool run(const io::Json& input, const std::vector<std::string>& outputs, bool allow_extra, Explanation& out,
             std::string& error);

    ~Explainer();

private:
    struct Impl;
    explicit Explainer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The stable trace format (docs/explain.md): {"version": 1, ...}.
std::string to_json(const Explanation& e);
// The tree for people: one block per output, rules it needed nested under the values they gave.
std::string to_text(const Explanation& e);

}  // namespace edict::explain
