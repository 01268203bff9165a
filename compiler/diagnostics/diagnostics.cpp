// Rendering diagnostics for a terminal: rustc-like layout, which analysts recognise from the
// web, with the primary caret in the message's colour and secondary labels beneath.
#include "compiler/diagnostics/diagnostics.hpp"
#include "runtime/support/utf8.hpp"

#include <fmt/format.h>

namespace edict {

Diagnostic& Diagnostics::add(Severity severity, DiagCode code, Span span, std::string message) {
    if (severity == Severity::Error) ++errors_;
    if (full()) {
        dropped_ = Diagnostic{};
        return dropped_;
    }
    items_.push_back({severity, diag_info(code).code, span, std::move(message), {}, {}});
    return items_.back();
}

Diagnostic& Diagnostics::error(DiagCode code, Span span, std::string message) {
    return add(Severity::Error, code, span, std::move(message));
}

Diagnostic& Diagnostics::warning(DiagCode code, Span span, std::string message) {
    return add(Severity::Warning, code, span, std::move(message));
}

namespace {


void append_snippet(std::string& out, const SourceMap& sources, const Span& span, const std::string& note,
                    char mark) {
    if (span.file >= sources.size()) return;
    const SourceFile& f = sources.file(span.file);
    LineCol lc = f.line_col(span.begin);
    std::string_view line = f.line_text(lc.line);
    std::string gutter = fmt::format("{:>5}", lc.line);
    size_t nl = span.begin == 0 ? std::string::npos : f.text().rfind('\n', span.begin - 1);
    uint32_t line_start = nl == std::string::npos ? 0 : static_cast<uint32_t>(nl + 1);
    std::string_view before = std::string_view(f.text()).substr(line_start, span.begin - line_start);
    uint32_t line_end = line_start + static_cast<uint32_t>(line.size());
    uint32_t end = std::min<uint32_t>(span.end, line_end);
    // A span may end inside a character (a parser error points at one byte): underline all of it.
    while (end < line_end && utf8::is_continuation(f.text()[end])) ++end;
    std::string_view under = end > span.begin ? std::string_view(f.text()).substr(span.begin, end - span.begin)
                                              : std::string_view();
    uint32_t width = std::max<uint32_t>(1, static_cast<uint32_t>(utf8::width(under)));
    out += fmt::format("{} | {}\n", gutter, line);
    out += fmt::format("{} | {}{}", std::string(gutter.size(), ' '), std::string(utf8::width(before), ' '),
                       std::string(width, mark));
    if (!note.empty()) out += " " + note;
    out += "\n";
}

}  // namespace

std::string render(const Diagnostic& d, const SourceMap& sources, bool colour) {
    const char* kind = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "note";
    std::string out;
    std::string where = "edict";  // a diagnostic about a whole file or the command line
    if (d.span.file < sources.size()) {
        const SourceFile& f = sources.file(d.span.file);
        LineCol lc = f.line_col(d.span.begin);
        where = fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
    }
    const char* on = colour ? (d.severity == Severity::Error ? "\x1b[1;31m" : "\x1b[1;33m") : "";
    const char* off = colour ? "\x1b[0m" : "";
    out += fmt::format("{}: {}{}[{}]{}: {}\n", where, on, kind, d.code, off, d.message);
    append_snippet(out, sources, d.span, "", '^');
    for (const Label& l : d.labels) {
        if (l.span.file < sources.size()) {
            const SourceFile& f = sources.file(l.span.file);
            LineCol lc = f.line_col(l.span.begin);
            out += fmt::format("  note: {} ({}:{}:{})\n", l.message, f.path(), lc.line, lc.column);
            append_snippet(out, sources, l.span, "", '-');
        }
    }
    if (!d.help.empty()) out += fmt::format("  help: {}\n", d.help);
    return out;
}

std::string render_all(const Diagnostics& ds, const SourceMap& sources, bool colour) {
    std::string out;
    for (const Diagnostic& d : ds.items()) out += render(d, sources, colour);
    if (ds.error_count() > ds.items().size())
        out += fmt::format("... and {} more errors\n", ds.error_count() - ds.items().size());
    if (ds.has_errors()) out += fmt::format("{} error{} found\n", ds.error_count(), ds.error_count() == 1 ? "" : "s");
    return out;
}

}  // namespace edict
