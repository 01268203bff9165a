// The source text of an expression, for explanations and reports. Takes: a checked program, its
// sources and an expression. Produces: the text as the analyst wrote it.
// Why this exists: the parser keeps exact span ends only for leaf tokens; nodes such as calls,
// `if`, `match`, lists and postfix suffixes are built with PEGTL's remove_content, which clears
// their end, so their Span::end is not usable. The true end is recomputed here from the children
// and the closing token that must follow them; begins are exact.
#pragma once
#include <string>

#include "compiler/check/checked.hpp"
#include "runtime/support/source.hpp"

namespace edict::explain {

std::string expr_text(const check::CheckedProgram& p, const SourceMap& sources, uint32_t module, ast::ExprId e);

}  // namespace edict::explain
