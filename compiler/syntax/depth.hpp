// How deep an expression tree is, measured without recursion. Takes: a module's expressions and a
// root. Produces: the number of levels from the root to its deepest leaf (a literal is 1; `1+2` is
// 2; a left-associative chain of N operators is N+1). Every later pass (checker, codegen, explain,
// report, numbers) walks expressions recursively, so the parser refuses a declaration deeper than
// syntax::kMaxExprDepth before any of them runs.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/ast/ast.hpp"

namespace edict::syntax {

// The k-th child of `e` in a fixed order (a, b, c, list items, match arm bodies), kNone for an
// absent one or past child_count(e): the one place that knows which fields of an Expr are children.
ast::ExprId child(const ast::Expr& e, size_t k);
size_t child_count(const ast::Expr& e);

// Depth of the tree under `root`; stops counting at `cap` + 1 (so a hostile tree costs no more
// than needed to know it is too deep). `deepest` (optional) receives the first node found whose
// depth passes `cap`, kNone when none does.
uint32_t expr_depth(const ast::Module& m, ast::ExprId root, uint32_t cap, ast::ExprId* deepest = nullptr);

}  // namespace edict::syntax
