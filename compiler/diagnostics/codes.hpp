// The diagnostic codes of codes.def as an enum, and what the table says about each. Takes: a
// code (enum or text). Produces: its severity, title, bad-input example and explanation, for
// `edict explain-error`, the editor tools and the test that compiles every example.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace edict {

enum class Severity { Error, Warning, Note };

// One enumerator per code: `diags.error(DiagCode::E0301, ...)`, so a mistyped code does not compile.
enum class DiagCode : uint16_t {
#define EDICT_DIAGNOSTIC(code, severity, title, example, explanation) code,
#include "compiler/diagnostics/codes.def"
#undef EDICT_DIAGNOSTIC
};

struct DiagInfo {
    DiagCode id;
    std::string_view code;  // "E0301"
    Severity severity;
    std::string_view title;
    std::string_view example;      // source with `# expect` markers, "--- path" sections, or "(description)"
    std::string_view explanation;
};

const DiagInfo& diag_info(DiagCode code);
std::span<const DiagInfo> all_diagnostics();
// "E0301" or "e0301" → its entry; nullopt for a code the table does not have.
std::optional<DiagCode> find_diag_code(std::string_view text);

// An example that is a description of the input (in parentheses), not source text.
inline bool example_is_description(std::string_view example) { return example.starts_with("("); }

}  // namespace edict

namespace edict {

// What `edict explain-error CODE` prints: "E0301 (error): title", the explanation, the example.
std::string explain_diagnostic(const DiagInfo& info);

}  // namespace edict
