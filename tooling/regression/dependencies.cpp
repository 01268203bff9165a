// Rule dependencies (see dependencies.hpp).
#include "tooling/regression/dependencies.hpp"

#include <algorithm>
#include <utility>

namespace edict::regression {

namespace {

using check::Ref;
using K = ast::ExprKind;

void add_unique(std::vector<uint32_t>& v, uint32_t x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// The names in a rule's definitions and in the bodies of the functions they call, walked with an
// explicit stack (each function body once).
RuleReads reads_of(const check::CheckedProgram& P, const check::RuleSym& sym) {
    RuleReads r;
    std::vector<std::pair<uint32_t, ast::ExprId>> todo;
    auto definitions = [&](check::DeclRef ref) {
        const ast::Decl& d = P.decl(ref);
        // Pushed in reverse so that the walk meets names in source order.
        for (auto c = d.cases.rbegin(); c != d.cases.rend(); ++c) {
            todo.push_back({ref.module, c->value});
            todo.push_back({ref.module, c->condition});
        }
    };
    std::vector<bool> base_seen(P.rules.size(), false);
    definitions(sym.decl);
    for (auto ex = sym.exceptions.rbegin(); ex != sym.exceptions.rend(); ++ex) definitions(ex->decl);
    std::vector<bool> function_seen(P.functions.size(), false);
    while (!todo.empty()) {
        auto [m, e] = todo.back();
        todo.pop_back();
        if (e == ast::kNone) continue;
        const ast::Expr& x = P.expr(m, e);
        const check::Annotation& a = P.note(m, e);
        if (x.kind == K::Name && a.ref == Ref::Rule && P.rules[a.index].base_of >= 0) {
            // `base`: the definition it reads is part of this rule (RuleSym::below), so are its reads.
            if (!base_seen[a.index]) {
                base_seen[a.index] = true;
                definitions(P.rules[a.index].decl);
            }
            continue;
        }
        if (x.kind == K::Name) {
            if (a.ref == Ref::Input) add_unique(r.inputs, a.index);
            if (a.ref == Ref::Rule) add_unique(r.rules, a.index);
            if (a.ref == Ref::Param) add_unique(r.params, a.index);
        }
        if (x.kind == K::At) add_unique(r.params, P.note(m, x.a).index);
        if (x.kind == K::Call && a.ref == Ref::Function) {
            add_unique(r.functions, a.index);
            if (!function_seen[a.index]) {
                function_seen[a.index] = true;
                const check::FunctionSym& f = P.functions[a.index];
                todo.push_back({f.decl.module, P.decl(f.decl).body});
            }
        }
        for (auto arm = x.arms.rbegin(); arm != x.arms.rend(); ++arm) todo.push_back({m, arm->body});
        for (auto k = x.list.rbegin(); k != x.list.rend(); ++k) todo.push_back({m, *k});
        for (ast::ExprId k : {x.c, x.b, x.a}) todo.push_back({m, k});
    }
    return r;
}

}  // namespace

Dependencies::Dependencies(const check::CheckedProgram& P)
    : used_by_(P.rules.size()), params_(P.params.size()) {
    reads_.reserve(P.rules.size());
    for (const check::RuleSym& sym : P.rules) reads_.push_back(reads_of(P, sym));
    for (uint32_t r = 0; r < reads_.size(); ++r)
        for (uint32_t d : reads_[r].rules) add_unique(used_by_[d], r);
}

std::vector<bool> Dependencies::reached(const std::vector<uint32_t>& from) const {
    std::vector<bool> seen(reads_.size(), false);
    std::vector<uint32_t> todo(from.begin(), from.end());
    while (!todo.empty()) {
        uint32_t r = todo.back();
        todo.pop_back();
        if (r >= seen.size() || seen[r]) continue;
        seen[r] = true;
        for (uint32_t d : reads_[r].rules) todo.push_back(d);
    }
    return seen;
}

std::vector<bool> Dependencies::params_read(const std::vector<bool>& rules) const {
    std::vector<bool> out(params_, false);
    for (uint32_t r = 0; r < rules.size(); ++r)
        if (rules[r])
            for (uint32_t p : reads_[r].params) out[p] = true;
    return out;
}

std::vector<bool> Dependencies::functions_called(const std::vector<bool>& rules, size_t function_count) const {
    std::vector<bool> out(function_count, false);
    for (uint32_t r = 0; r < rules.size(); ++r)
        if (rules[r])
            for (uint32_t f : reads_[r].functions) out[f] = true;  // reads_of walks called bodies too
    return out;
}

}  // namespace edict::regression
