// How deep a function is once codegen has inlined the functions it calls. Takes: the call graph
// check_function recorded (fn_calls_) and the bodies. Produces: fn_depth_, and E0008 for a function
// past syntax::kMaxExprDepth. The depth counted is an upper bound: the body's own depth plus the
// deepest callee's, as if every call sat at the bottom of the body. Measured with an explicit
// stack, so a chain of thousands of functions costs heap, not C++ stack.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/check/expr_checker.hpp"
#include "compiler/syntax/depth.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict::check {

void ExprChecker::measure_functions() {
    const uint32_t cap = syntax::kMaxExprDepth + 1;  // depths are capped here: enough to refuse
    size_t n = P.functions.size();
    fn_depth_.assign(n, 0);
    std::vector<uint8_t> state(n, 0);  // 0 new, 1 on the stack, 2 measured
    for (uint32_t start = 0; start < n; ++start) {
        if (state[start]) continue;
        std::vector<std::pair<uint32_t, size_t>> stack{{start, 0}};  // function, next callee
        state[start] = 1;
        while (!stack.empty()) {
            auto& [f, next] = stack.back();
            static const std::vector<uint32_t> kNoCalls;
            const std::vector<uint32_t>& calls = f < fn_calls_.size() ? fn_calls_[f] : kNoCalls;
            if (next < calls.size()) {
                uint32_t g = calls[next++];
                if (state[g] == 0) {  // a function on the stack (state 1) is recursion: E0216 already
                    state[g] = 1;
                    stack.push_back({g, 0});
                }
                continue;
            }
            uint32_t below = 0;
            for (uint32_t g : calls)
                if (state[g] == 2) below = std::max(below, fn_depth_[g]);
            const FunctionSym& fs = P.functions[f];
            uint32_t own = syntax::expr_depth(P.modules[fs.decl.module].ast, P.decl(fs.decl).body, cap);
            fn_depth_[f] = std::min(cap, own + below);
            state[f] = 2;
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

uint32_t ExprChecker::called_depth() const {
    uint32_t deepest = 0;
    for (uint32_t f : called_functions_)
        if (f < fn_depth_.size()) deepest = std::max(deepest, fn_depth_[f]);
    return deepest;
}

}  // namespace edict::check
