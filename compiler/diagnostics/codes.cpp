// The table of codes.def as data. Takes: nothing. Produces: one DiagInfo per code, in the order
// of the file, indexed by the enum.
#include "compiler/diagnostics/codes.hpp"

#include <cctype>

namespace edict {

namespace {

constexpr DiagInfo kDiagnostics[] = {
#define EDICT_DIAGNOSTIC(code, severity, title, example, explanation) \
    {DiagCode::code, #code, Severity::severity, title, example, explanation},
#include "compiler/diagnostics/codes.def"
#undef EDICT_DIAGNOSTIC
};

// The paragraph broken at spaces into lines of at most `width` bytes (a longer word stands alone).
std::string wrap(std::string_view text, size_t width) {
    std::string out;
    size_t line = 0;
    while (!text.empty()) {
        size_t sp = text.find(' ');
        std::string_view word = text.substr(0, sp);
        text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
        if (line > 0 && line + 1 + word.size() > width) { out += '\n'; line = 0; }
        else if (line > 0) { out += ' '; ++line; }
        out += word;
        line += word.size();
    }
    return out;
}

}  // namespace

const DiagInfo& diag_info(DiagCode code) { return kDiagnostics[static_cast<size_t>(code)]; }

std::span<const DiagInfo> all_diagnostics() { return kDiagnostics; }

std::optional<DiagCode> find_diag_code(std::string_view text) {
    for (const DiagInfo& d : kDiagnostics) {
        if (d.code.size() != text.size()) continue;
        bool same = true;
        for (size_t i = 0; i < text.size(); ++i)
            same &= std::toupper(static_cast<unsigned char>(text[i])) == d.code[i];
        if (same) return d.id;
    }
    return std::nullopt;
}

std::string explain_diagnostic(const DiagInfo& info) {
    std::string out = std::string(info.code) + (info.severity == Severity::Error ? " (error): " : " (warning): ");
    out += std::string(info.title) + "\n\n" + wrap(info.explanation, 100) + "\n\n";
    out += example_is_description(info.example) ? "Input that produces it: " : "Example:\n";
    std::string_view rest = info.example;
    if (example_is_description(rest)) return out + std::string(rest) + "\n";
    while (!rest.empty()) {
        size_t nl = rest.find('\n');
        out += "    " + std::string(rest.substr(0, nl)) + "\n";
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
    return out;
}

}  // namespace edict
