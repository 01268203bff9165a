// Parsing one source file. Takes: a file in the SourceMap. Produces: its AST module, and a
// diagnostic per syntax error. After an error the parser skips to the next line that starts a
// declaration, so one run reports every broken declaration, not a cascade from the first.
#pragma once
#include "compiler/ast/ast.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::syntax {

constexpr size_t kMaxSourceBytes = 16u << 20;  // 16 MiB per file
constexpr int kMaxNesting = 200;               // expression / type nesting depth
// Levels of one expression tree (E0008), chains included: `1+1+…+1` with N operators is N+1 deep,
// and a call counts the depth of the function body it inlines. Every pass over expressions is
// recursive, so this bounds their stack: ~200 KiB in a release build, under 2 MiB with ASan.
constexpr uint32_t kMaxExprDepth = 400;

ast::Module parse_module(const SourceMap& sources, uint32_t file, Diagnostics& diags);

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
size_t find_invalid_utf8(std::string_view text);

}  // namespace edict::syntax
