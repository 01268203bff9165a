// The one diagnostics type. Takes: errors found by any stage, each with a primary span and
// optional labelled secondary spans. Produces: "file:line:col: error[E..]: message" with the
// source line and a caret underline, in the order they were found.
#pragma once
#include <string>
#include <vector>

#include "support/source.hpp"

namespace edict {

enum class Severity { Error, Warning, Note };

struct Label {
    Span span;
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;  // stable id such as "E0101", used by golden tests and docs
    Span span;
    std::string message;
    std::vector<Label> labels;  // "the other definition is here"
    std::string help;           // "did you mean `retirement_age`?"
};

class Diagnostics {
public:
    Diagnostic& error(std::string code, Span span, std::string message);
    Diagnostic& warning(std::string code, Span span, std::string message);
    bool has_errors() const { return errors_ > 0; }
    size_t error_count() const { return errors_; }
    const std::vector<Diagnostic>& items() const { return items_; }
    // Too many errors make the first ones scroll away; later ones are counted, not kept.
    bool full() const { return items_.size() >= kMaxKept; }
    static constexpr size_t kMaxKept = 100;

private:
    std::vector<Diagnostic> items_;
    size_t errors_ = 0;
};

// Renders one diagnostic with its source line and caret line(s). colour: ANSI escapes.
std::string render(const Diagnostic& d, const SourceMap& sources, bool colour = false);
std::string render_all(const Diagnostics& ds, const SourceMap& sources, bool colour = false);

}  // namespace edict
