// How deep and how large a function is once codegen has inlined the functions it calls. Takes: the call graph
// check_function recorded (fn_calls_) and the bodies. Produces: fn_depth_, and E0008 for a function
// past syntax::kMaxExprDepth. The depth counted is an upper bound: the body's own depth plus the
// deepest callee's, as if every call sat at the bottom of the body. Measured with an explicit
// stack, so a chain of thousands of functions costs heap, not C++ stack. The size counts every
// call written out, so a function that calls the one before it twice, forty times over, is
// 2^40 nodes: refused (E0011) before codegen would try to write it out.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/check/expr_checker.hpp"
#include "compiler/syntax/depth.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict::check {

namespace {

// Expression nodes under e, counted up to cap.
uint64_t expr_nodes(const ast::Module& m, ast::ExprId e, uint64_t cap) {
    uint64_t n = 0;
    std::vector<ast::ExprId> todo{e};
    while (!todo.empty() && n < cap) {
        ast::ExprId x = todo.back();
        todo.pop_back();
        if (x == ast::kNone) continue;
        ++n;
        const ast::Expr& ex = m.exprs[x];
        for (size_t k = 0; k < syntax::child_count(ex); ++k) todo.push_back(syntax::child(ex, k));
    }
    return std::min(n, cap);
}

}  // namespace

uint64_t rule_nodes(const ast::Module& m, const std::vector<ast::Case>& cases) {
    uint64_t n = 0;
    for (const ast::Case& c : cases)
        for (ast::ExprId e : {c.condition, c.value}) n += expr_nodes(m, e, kMaxInlinedNodes + 1);
    return n;
}

void ExprChecker::measure_functions() {
    const uint32_t cap = syntax::kMaxExprDepth + 1;  // depths are capped here: enough to refuse
    size_t n = P.functions.size();
    fn_depth_.assign(n, 0);
    fn_size_.assign(n, 0);
    const uint64_t size_cap = kMaxInlinedNodes + 1;
    std::vector<Visit> state(n, Visit::New);  // Done: measured
    for (uint32_t start = 0; start < n; ++start) {
        if (state[start] != Visit::New) continue;
        std::vector<std::pair<uint32_t, size_t>> stack{{start, 0}};  // function, next callee
        state[start] = Visit::OnPath;
        while (!stack.empty()) {
            auto& [f, next] = stack.back();
            static const std::vector<uint32_t> kNoCalls;
            const std::vector<uint32_t>& calls = f < fn_calls_.size() ? fn_calls_[f] : kNoCalls;
            if (next < calls.size()) {
                uint32_t g = calls[next++];
                if (state[g] == Visit::New) {  // one already on the path is recursion: E0216 already
                    state[g] = Visit::OnPath;
                    stack.push_back({g, 0});
                }
                continue;
            }
            uint32_t below = 0;
            uint64_t callee_size = 0;
            bool callee_too_large = false;
            for (uint32_t g : calls)  // one entry per call: a function called twice counts twice
                if (state[g] == Visit::Done) {
                    below = std::max(below, fn_depth_[g]);
                    callee_size = std::min(size_cap, callee_size + fn_size_[g]);
                    callee_too_large = callee_too_large || fn_size_[g] > kMaxInlinedNodes;
                }
            const FunctionSym& fs = P.functions[f];
            uint32_t own = syntax::expr_depth(P.modules[fs.decl.module].ast, P.decl(fs.decl).body, cap);
            fn_depth_[f] = std::min(cap, own + below);
            fn_size_[f] = std::min(size_cap, expr_nodes(P.modules[fs.decl.module].ast, P.decl(fs.decl).body, size_cap) + callee_size);
            state[f] = Visit::Done;
            if (fn_size_[f] > kMaxInlinedNodes && !callee_too_large && callee_size > 0)
                diags.error(DiagCode::E0011, P.decl(fs.decl).name_span,
                            fmt::format("function `{}` is more than {} expressions with the functions it calls written out",
                                        fs.name, kMaxInlinedNodes))
                    .help = "a call is compiled by writing out the function's body, once per call; a function that "
                            "calls another several times multiplies its size: compute the repeated part once, as a "
                            "named rule or in a `let`";
            // Reported where the limit is first passed through calls, not again for every caller above it.
            if (fn_depth_[f] > syntax::kMaxExprDepth && below > 0 && below <= syntax::kMaxExprDepth)
                diags.error(DiagCode::E0008, P.decl(fs.decl).name_span,
                            fmt::format("function `{}` is more than {} levels deep with the functions it calls written out",
                                        fs.name, syntax::kMaxExprDepth))
                    .help = "a call is compiled by writing out the function's body; make a long chain of functions "
                            "shorter, or compute the steps as named rules";
            stack.pop_back();
        }
    }
}

uint64_t ExprChecker::called_size(bool& a_callee_too_large) const {
    uint64_t total = 0;
    a_callee_too_large = false;
    for (uint32_t f : called_functions_)
        if (f < fn_size_.size()) {
            total = std::min<uint64_t>(kMaxInlinedNodes + 1, total + fn_size_[f]);
            a_callee_too_large = a_callee_too_large || fn_size_[f] > kMaxInlinedNodes;
        }
    return total;
}

uint32_t ExprChecker::called_depth() const {
    uint32_t deepest = 0;
    for (uint32_t f : called_functions_)
        if (f < fn_depth_.size()) deepest = std::max(deepest, fn_depth_[f]);
    return deepest;
}

}  // namespace edict::check
