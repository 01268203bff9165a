// The source text of an expression, for explanations and reports. Takes: a checked program, its
// sources and an expression. Produces: the text as the analyst wrote it.
// The parser gives every node its whole span (compiler/syntax/parser.cpp keeps content for nodes
// with children), so this slices the text rather than lexing it again: only brackets an operand's
// span cuts through are balanced, a match arm's citations cut out and line breaks collapsed.
#pragma once
#include <string>

#include "compiler/check/checked.hpp"
#include "runtime/support/source.hpp"

namespace edict::explain {

std::string expr_text(const check::CheckedProgram& p, const SourceMap& sources, uint32_t module, ast::ExprId e);

}  // namespace edict::explain
