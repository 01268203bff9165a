// The one diagnostics type. Takes: errors found by any stage, each with a code of codes.def, a
// primary span and optional labelled secondary spans. Produces: "file:line:col: error[E..]:
// message" with the source line and a caret underline, in the order they were found.
#pragma once
#include <deque>
#include <string>
#include <vector>

#include "compiler/diagnostics/codes.hpp"
#include "runtime/support/source.hpp"

namespace edict {

struct Label {
    Span span;
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string_view code;  // stable id such as "E0101" (codes.def), used by golden tests and docs
    Span span;
    std::string message;
    std::vector<Label> labels;  // "the other definition is here"
    std::string help;           // "did you mean `retirement_age`?"
};

// The reference error() and warning() return stays valid for the life of the Diagnostics (a
// deque never moves its elements), so a caller may report more before adding help to the first.
class Diagnostics {
public:
    Diagnostic& error(DiagCode code, Span span, std::string message);
    Diagnostic& warning(DiagCode code, Span span, std::string message);
    bool has_errors() const { return errors_ > 0; }
    size_t error_count() const { return errors_; }
    const std::deque<Diagnostic>& items() const { return items_; }
    // Too many errors make the first ones scroll away; later ones are counted, not kept.
    bool full() const { return items_.size() >= kMaxKept; }
    static constexpr size_t kMaxKept = 100;

private:
    Diagnostic& add(Severity severity, DiagCode code, Span span, std::string message);
    std::deque<Diagnostic> items_;
    Diagnostic dropped_;  // what a full Diagnostics hands out: written to, never shown
    size_t errors_ = 0;
};

// Renders one diagnostic with its source line and caret line(s). colour: ANSI escapes.
std::string render(const Diagnostic& d, const SourceMap& sources, bool colour = false);
std::string render_all(const Diagnostics& ds, const SourceMap& sources, bool colour = false);

}  // namespace edict
