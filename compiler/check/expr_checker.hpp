// Typing of expressions, bidirectionally: check(e, expected) infers e's type using the expected
// type where a bare name could be an enum case or a literal could be a decimal. Narrowing: after
// `x is not null` (in `and`, `or`, `if`, `when`), x has its non-optional type.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/check/checked.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::check {

struct GlobalName {
    Ref ref;
    uint32_t index;
    Span span;
};

struct Globals {
    std::map<std::string, GlobalName> names;
    std::map<std::string, TypeId> types;
    // Closest declared name of the given kind (Ref::None: any), or "" when nothing is close.
    std::string suggest(std::string_view name, Ref kind) const;
};

// A rule with every function it calls written out may hold at most this many expression nodes
// (E0011): codegen writes a body out once per call, so sizes multiply along call chains.
constexpr uint64_t kMaxInlinedNodes = 1000000;
uint64_t rule_nodes(const ast::Module& m, const std::vector<ast::Case>& cases);

class ExprChecker {
public:
    ExprChecker(CheckedProgram& p, Diagnostics& d, Globals& g) : P(p), diags(d), G(g) {}
    void begin(uint32_t module);
    void begin_collect(std::vector<uint32_t>* rules, std::vector<uint32_t>* inputs);
    void end_collect();
    // The rule `base` reads in the bodies checked next (-1: `base` is not available there).
    void set_base(int rule) { base_rule_ = rule; }
    TypeId check(ast::ExprId e, TypeId expected);
    void expect_assignable(ast::ExprId e, TypeId actual, TypeId expected, const char* what);
    bool is_constant(ast::ExprId e) const;
    void push_facts(ast::ExprId cond, bool truth);
    void clear_facts() { facts_.clear(); }
    void declare_function_params(uint32_t f);
    void check_function(uint32_t f);
    // After every check_function: how deep each function is with the functions it calls written
    // out (codegen inlines calls); E0008 for one deeper than syntax::kMaxExprDepth (inline_depth.cpp).
    void measure_functions();
    // The deepest function called by what was checked since begin_collect, counted as measure_functions does.
    uint32_t called_depth() const;
    // Expression nodes of the functions called since begin_collect, each call written out (capped
    // just past kMaxInlinedNodes), and whether one of them alone is past it (reported there).
    uint64_t called_size(bool& a_callee_too_large) const;

private:
    struct Fact { Ref ref; uint32_t index; };
    int base_rule_ = -1;
    struct Local { std::string name; uint32_t id; };

    ast::Expr& E(ast::ExprId e) { return P.modules[module_].ast.exprs[e]; }
    Annotation& A(ast::ExprId e) { return P.modules[module_].annotations[e]; }
    TypeId set(ast::ExprId e, TypeId t) { A(e).type = t; return t; }
    TypeId err(ast::ExprId e) { return set(e, TypeTable::kError); }
    const TypeDesc& T(TypeId t) const { return P.types.at(t); }
    bool is_error(TypeId t) const { return T(t).kind == Kind::Error; }
    TypeId prim(Kind k) { return P.types.prim(k); }
    std::string tn(TypeId t) const { return P.types.name(t); }
    bool assignable(TypeId actual, TypeId expected) const;
    TypeId unify(TypeId a, TypeId b) ;
    void collect_facts(ast::ExprId cond, bool truth, std::vector<Fact>& out);
    bool known_non_null(Ref ref, uint32_t index) const;
    uint32_t bind(const std::string& name, TypeId t);
    void unbind(size_t n) { scope_.resize(scope_.size() - n); }

    TypeId name(ast::ExprId e, TypeId expected);
    TypeId literal(ast::ExprId e, TypeId expected);
    TypeId unary(ast::ExprId e, TypeId expected);
    TypeId binary(ast::ExprId e, TypeId expected);
    TypeId arithmetic(ast::ExprId e, TypeId expected);
    TypeId comparison(ast::ExprId e);
    TypeId call(ast::ExprId e, TypeId expected);
    TypeId builtin(ast::ExprId e, Builtin b, TypeId expected);
    TypeId round_call(ast::ExprId e, TypeId expected);
    TypeId to_int_call(ast::ExprId e, Builtin b);
    TypeId quotient(ast::ExprId e, ast::ExprId div);
    bool rounding_mode(ast::ExprId e, uint8_t& mode);
    TypeId min_max(ast::ExprId e, Builtin b, TypeId expected);
    TypeId user_call(ast::ExprId e, uint32_t f);
    TypeId record_call(ast::ExprId e, uint32_t r);
    TypeId conditional(ast::ExprId e, TypeId expected);
    TypeId let(ast::ExprId e, TypeId expected);
    TypeId match(ast::ExprId e, TypeId expected);
    TypeId list(ast::ExprId e, TypeId expected);
    TypeId filter(ast::ExprId e);
    TypeId field(ast::ExprId e);
    TypeId index(ast::ExprId e);
    TypeId at(ast::ExprId e);
    TypeId require_value(ast::ExprId e, TypeId t, const char* role);
    void unknown_name(ast::ExprId e, const std::string& n);
    int enum_case_index(TypeId enum_type, const std::string& name) const;

    CheckedProgram& P;
    Diagnostics& diags;
    Globals& G;
    uint32_t module_ = 0;
    std::vector<Local> scope_;
    std::vector<Fact> facts_;
    std::vector<uint32_t>* dep_rules_ = nullptr;
    std::vector<uint32_t>* dep_inputs_ = nullptr;
    std::vector<uint32_t> called_functions_;
    int current_function_ = -1;
    std::vector<std::vector<uint32_t>> fn_rules_, fn_inputs_, fn_calls_;
    std::vector<uint8_t> fn_state_;
    std::vector<uint32_t> fn_depth_;  // by function: levels with its calls written out (capped)
    std::vector<uint64_t> fn_size_;   // by function: expression nodes with its calls written out (capped)
};

}  // namespace edict::check
