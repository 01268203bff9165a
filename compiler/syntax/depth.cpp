// Expression depth without recursion: an explicit stack holds the path from the root to the node
// being visited, so a chain of any length costs heap, never C++ stack.
#include "compiler/syntax/depth.hpp"

#include <algorithm>

namespace edict::syntax {

ast::ExprId child(const ast::Expr& e, size_t k) {
    const ast::ExprId fixed[] = {e.a, e.b, e.c};
    if (k < 3) return fixed[k];
    k -= 3;
    if (k < e.list.size()) return e.list[k];
    k -= e.list.size();
    if (k < e.arms.size()) return e.arms[k].body;
    return ast::kNone;
}

size_t child_count(const ast::Expr& e) { return 3 + e.list.size() + e.arms.size(); }

namespace {

struct Step {
    ast::ExprId id;
    size_t next = 0;        // next child to visit
    uint32_t below = 0;     // depth of the deepest child finished so far
};

}  // namespace

uint32_t expr_depth(const ast::Module& m, ast::ExprId root, uint32_t cap, ast::ExprId* deepest) {
    if (deepest) *deepest = ast::kNone;
    if (root == ast::kNone || root >= m.exprs.size()) return 0;
    std::vector<Step> path{{root}};
    uint32_t result = 0;
    while (!path.empty()) {
        Step& top = path.back();
        const ast::Expr& e = m.exprs[top.id];
        if (top.next < child_count(e)) {
            ast::ExprId k = child(e, top.next++);
            if (k == ast::kNone || k >= m.exprs.size()) continue;
            if (path.size() >= cap) {  // the path to `k` has cap + 1 nodes: too deep already
                if (deepest) *deepest = k;
                return cap + 1;
            }
            path.push_back({k});
            continue;
        }
        uint32_t depth = top.below + 1;
        path.pop_back();
        if (path.empty()) result = depth;
        else path.back().below = std::max(path.back().below, depth);
    }
    return result;
}

}  // namespace edict::syntax
