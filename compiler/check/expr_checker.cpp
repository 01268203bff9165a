// Expression typing rules. Each check_* opens with the rule it enforces. Errors name both types
// and say what to write instead; an operand that already failed has type <error>, which every
// rule accepts silently so one mistake is reported once.
#include "compiler/check/expr_checker.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "runtime/bytecode/opcodes.hpp"
#include "compiler/check/checker.hpp"
#include "runtime/value/date.hpp"
#include "runtime/value/decimal.hpp"

namespace edict::check {

using K = ast::ExprKind;

std::string Globals::suggest(std::string_view name, Ref kind) const {
    std::string best;
    size_t bd = SIZE_MAX;
    for (auto& [n, g] : names) {
        if (kind != Ref::None && g.ref != kind) continue;
        size_t d = edit_distance(name, n);
        if (d < bd) { bd = d; best = n; }
    }
    size_t len = edit_distance(name, "");
    return bd <= std::max<size_t>(1, len / 3) ? best : std::string();
}

void ExprChecker::begin(uint32_t module) {
    module_ = module;
    scope_.clear();
    facts_.clear();
}

void ExprChecker::begin_collect(std::vector<uint32_t>* rules, std::vector<uint32_t>* inputs) {
    dep_rules_ = rules;
    dep_inputs_ = inputs;
    called_functions_.clear();
}

void ExprChecker::end_collect() {
    // Fold in what called functions read, transitively.
    std::vector<uint32_t> todo = called_functions_;
    std::vector<uint8_t> seen(P.functions.size(), 0);
    while (!todo.empty()) {
        uint32_t f = todo.back();
        todo.pop_back();
        if (seen[f]) continue;
        seen[f] = 1;
        for (uint32_t r : fn_rules_[f]) dep_rules_->push_back(r);
        for (uint32_t i : fn_inputs_[f]) dep_inputs_->push_back(i);
        for (uint32_t g : fn_calls_[f]) todo.push_back(g);
    }
    std::sort(dep_rules_->begin(), dep_rules_->end());
    dep_rules_->erase(std::unique(dep_rules_->begin(), dep_rules_->end()), dep_rules_->end());
    std::sort(dep_inputs_->begin(), dep_inputs_->end());
    dep_inputs_->erase(std::unique(dep_inputs_->begin(), dep_inputs_->end()), dep_inputs_->end());
    dep_rules_ = dep_inputs_ = nullptr;
}

uint32_t ExprChecker::bind(const std::string& n, TypeId t) {
    uint32_t id = static_cast<uint32_t>(P.local_types.size());
    P.local_types.push_back(t);
    P.local_names.push_back(n);
    scope_.push_back({n, id});
    return id;
}

void ExprChecker::declare_function_params(uint32_t f) {
    fn_rules_.resize(P.functions.size());
    fn_inputs_.resize(P.functions.size());
    fn_calls_.resize(P.functions.size());
    fn_state_.resize(P.functions.size());
    FunctionSym& fs = P.functions[f];
    const ast::Decl& d = P.decl(fs.decl);
    for (const ast::FieldDecl& p : d.fields) {
        // Parameter types are resolved here from their type expressions.
        const ast::TypeExpr& te = P.modules[fs.decl.module].ast.types[p.type];
        TypeId t = TypeTable::kError;
        if (auto k = primitive_named(te.name)) t = prim(*k);
        if (t == TypeTable::kError) {
            auto it = G.types.find(te.name);
            if (it != G.types.end()) t = it->second;
            else diags.error(DiagCode::E0203, te.span, fmt::format("unknown type `{}` (function parameters take simple types or "
                                                           "declared enums and records)", te.name));
        }
        if (te.optional) t = P.types.optional_of(t);
        uint32_t id = static_cast<uint32_t>(P.local_types.size());
        P.local_types.push_back(t);
        P.local_names.push_back(p.name);
        fs.param_locals.push_back(id);
    }
}

void ExprChecker::check_function(uint32_t f) {
    FunctionSym& fs = P.functions[f];
    const ast::Decl& d = P.decl(fs.decl);
    begin(fs.decl.module);
    for (size_t i = 0; i < d.fields.size(); ++i) scope_.push_back({d.fields[i].name, fs.param_locals[i]});
    std::vector<uint32_t> rules, inputs;
    dep_rules_ = &rules;
    dep_inputs_ = &inputs;
    called_functions_.clear();
    current_function_ = static_cast<int>(f);
    TypeId t = check(d.body, fs.type);
    expect_assignable(d.body, t, fs.type, "the function's result");
    current_function_ = -1;
    fn_rules_[f] = rules;
    fn_inputs_[f] = inputs;
    fn_calls_[f] = called_functions_;
    dep_rules_ = dep_inputs_ = nullptr;
    // A function calling itself, directly or not, would inline forever.
    std::vector<uint32_t> todo = called_functions_;
    std::vector<uint8_t> seen(P.functions.size(), 0);
    while (!todo.empty()) {
        uint32_t g = todo.back();
        todo.pop_back();
        if (g == f) {
            diags.error(DiagCode::E0216, d.name_span, fmt::format("function `{}` calls itself; Edict functions cannot recurse", d.name))
                .help = "write the steps out, or work on a list with sum, count, min or max, so every evaluation ends";
            break;
        }
        if (seen[g]) continue;
        seen[g] = 1;
        for (uint32_t h : fn_calls_[g]) todo.push_back(h);
    }
}

bool ExprChecker::assignable(TypeId actual, TypeId expected) const {
    if (actual == expected || is_error(actual) || is_error(expected)) return true;
    const TypeDesc &a = T(actual), &x = T(expected);
    if (a.kind == Kind::Null) return x.optional;
    if (a.kind != x.kind || (a.optional && !x.optional)) return false;
    if (a.kind == Kind::List) return assignable(a.ref, x.ref);
    return a.ref == x.ref;
}

void ExprChecker::expect_assignable(ast::ExprId e, TypeId actual, TypeId expected, const char* what) {
    if (assignable(actual, expected)) return;
    auto& d = diags.error(DiagCode::E0301, E(e).span, fmt::format("{} should be {}, but this is {}", what, tn(expected), tn(actual)));
    const TypeDesc &a = T(actual), &x = T(expected);
    if (a.optional && !x.optional && a.kind == x.kind)
        d.help = "this may be null; say what holds then, e.g. `value ?? fallback` or `if value is null then ... else ...`";
    else if (a.kind == Kind::Int && x.kind == Kind::Money)
        d.help = "write money with its unit, e.g. `1800元` or `1800.00 yuan`";
    else if (a.kind == Kind::Decimal && x.kind == Kind::Money)
        d.help = "write money with its unit, e.g. `1800.00元`";
    else if (a.kind == Kind::Decimal && x.kind == Kind::Int)
        d.help = "say how to round it to a whole number: `to_int(x, down)` (toward zero), `to_int(x, half_up)` (四舍五入), "
                 "`floor(x)` or `ceil(x)`; for a division of ints, `floor(a / b)` or `ceil(a / b)`";
    else if (x.kind == Kind::Bool && !x.optional)
        d.help = "a condition is true or false: compare the value, e.g. `x > 0` or `x == some_case`";
}

bool ExprChecker::is_constant(ast::ExprId e) const {
    const ast::Expr& x = P.modules[module_].ast.exprs[e];
    switch (x.kind) {
        case K::IntLit: case K::DecLit: case K::MoneyLit: case K::DateLit: case K::MonthLit: case K::DurationLit:
        case K::TextLit: case K::BoolLit: case K::NullLit: return true;
        case K::Name: return P.modules[module_].annotations[e].ref == Ref::EnumCase;
        case K::Unary: return x.uop == ast::UnOp::Neg && is_constant(x.a);
        case K::ListLit: return std::all_of(x.list.begin(), x.list.end(), [&](ast::ExprId i) { return is_constant(i); });
        default: return false;
    }
}

void ExprChecker::collect_facts(ast::ExprId cond, bool truth, std::vector<Fact>& out) {
    const ast::Expr& x = E(cond);
    if (x.kind == K::IsNull) {
        bool says_non_null = x.negated == truth;  // `a is not null` true, or `a is null` false
        const Annotation& a = A(x.a);
        if (says_non_null && E(x.a).kind == K::Name && a.ref != Ref::None) out.push_back({a.ref, a.index});
    } else if (x.kind == K::Binary && x.bop == ast::BinOp::And && truth) {
        collect_facts(x.a, true, out);
        collect_facts(x.b, true, out);
    } else if (x.kind == K::Binary && x.bop == ast::BinOp::Or && !truth) {
        collect_facts(x.a, false, out);
        collect_facts(x.b, false, out);
    } else if (x.kind == K::Unary && x.uop == ast::UnOp::Not) {
        collect_facts(x.a, !truth, out);
    }
}

void ExprChecker::push_facts(ast::ExprId cond, bool truth) { collect_facts(cond, truth, facts_); }

bool ExprChecker::known_non_null(Ref ref, uint32_t index) const {
    for (const Fact& f : facts_)
        if (f.ref == ref && f.index == index) return true;
    return false;
}

TypeId ExprChecker::unify(TypeId a, TypeId b) {
    if (a == b || is_error(b)) return a;
    if (is_error(a)) return b;
    const TypeDesc &x = T(a), &y = T(b);
    if (x.kind == Kind::Null) return P.types.optional_of(b);
    if (y.kind == Kind::Null) return P.types.optional_of(a);
    if (x.kind == y.kind && x.ref == y.ref) return P.types.optional_of(a);
    if ((x.kind == Kind::Int && y.kind == Kind::Decimal) || (x.kind == Kind::Decimal && y.kind == Kind::Int))
        return (x.optional || y.optional) ? P.types.optional_of(prim(Kind::Decimal)) : prim(Kind::Decimal);
    return TypeTable::kError;
}

int ExprChecker::enum_case_index(TypeId enum_type, const std::string& n) const {
    const TypeDesc& d = T(enum_type);
    if (d.kind != Kind::Enum) return -1;
    const auto& cases = P.types.enum_at(d.ref).cases;
    auto it = std::find(cases.begin(), cases.end(), n);
    return it == cases.end() ? -1 : static_cast<int>(it - cases.begin());
}

void ExprChecker::unknown_name(ast::ExprId e, const std::string& n) {
    auto& d = diags.error(DiagCode::E0101, E(e).span, fmt::format("unknown name `{}`", n));
    std::string best;
    size_t bd = SIZE_MAX;
    for (const Local& l : scope_) {
        size_t dist = edit_distance(n, l.name);
        if (dist < bd) { bd = dist; best = l.name; }
    }
    std::string g = G.suggest(n, Ref::None);
    if (!g.empty() && edit_distance(n, g) < bd) { bd = edit_distance(n, g); best = g; }
    // A misspelled enum case (`enterprize_employee`) is as common as a misspelled rule.
    for (size_t i = 0; i < P.types.enum_count(); ++i)
        for (const std::string& c : P.types.enum_at(static_cast<uint32_t>(i)).cases)
            if (size_t dist = edit_distance(n, c); dist < bd) { bd = dist; best = c; }
    if (!best.empty() && bd <= std::max<size_t>(1, edit_distance(n, "") / 3)) d.help = fmt::format("did you mean `{}`?", best);
    if (n == "base")
        d.help = "`base` is the value of the definition an exception or an `override rule` stands above; it can be "
                 "read only there";
}

TypeId ExprChecker::require_value(ast::ExprId e, TypeId t, const char* role) {
    if (is_error(t)) return t;
    if (T(t).optional || T(t).kind == Kind::Null) {
        auto& d = diags.error(DiagCode::E0302, E(e).span, fmt::format("{} may be null here ({})", role, tn(t)));
        d.help = "say what holds when it is null: `x ?? fallback`, or test `x is not null` first";
        return TypeTable::kError;
    }
    return t;
}

TypeId ExprChecker::check(ast::ExprId e, TypeId expected) {
    switch (E(e).kind) {
        case K::IntLit: case K::DecLit: case K::MoneyLit: case K::DateLit: case K::MonthLit: case K::DurationLit:
        case K::TextLit: case K::BoolLit: case K::NullLit: return literal(e, expected);
        case K::Name: return name(e, expected);
        case K::Unary: return unary(e, expected);
        case K::Binary: return binary(e, expected);
        case K::IsNull: {
            TypeId t = check(E(e).a, TypeTable::kError);
            if (!is_error(t) && !T(t).optional && T(t).kind != Kind::Null)
                diags.warning(DiagCode::W0301, E(e).span, fmt::format("this is never null (it is {}), so the test is always {}", tn(t),
                                                              E(e).negated ? "true" : "false"));
            return set(e, prim(Kind::Bool));
        }
        case K::Call: return call(e, expected);
        case K::If: return conditional(e, expected);
        case K::Let: return let(e, expected);
        case K::Match: return match(e, expected);
        case K::ListLit: return list(e, expected);
        case K::Filter: return filter(e);
        case K::Field: return field(e);
        case K::Index: return index(e);
        case K::At: return at(e);
        case K::RecordLit: return err(e);
    }
    return err(e);
}

TypeId ExprChecker::literal(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    switch (x.kind) {
        case K::IntLit: {
            int64_t v;
            auto [p, ec] = std::from_chars(x.text.data(), x.text.data() + x.text.size(), v);
            if (ec != std::errc()) {
                diags.error(DiagCode::E0303, x.span, "this number does not fit a 64-bit integer");
                return err(e);
            }
            (void)p;
            Kind want = expected == TypeTable::kError ? Kind::Error : T(expected).kind;
            if (want == Kind::Decimal) return set(e, prim(Kind::Decimal));
            return set(e, prim(Kind::Int));
        }
        case K::DecLit: case K::MoneyLit: {
            Decimal d;
            if (!parse_decimal(x.text, d)) {
                diags.error(DiagCode::E0303, x.span, "this number has more than 38 digits");
                return err(e);
            }
            return set(e, prim(x.kind == K::DecLit ? Kind::Decimal : Kind::Money));
        }
        case K::DateLit: {
            DayNumber d;
            if (!parse_date(x.text, d)) {
                diags.error(DiagCode::E0304, x.span, fmt::format("{} is not a date in the calendar", x.text));
                return err(e);
            }
            return set(e, prim(Kind::Date));
        }
        case K::MonthLit: {
            MonthNumber m;
            if (!parse_month(x.text, m)) {
                diags.error(DiagCode::E0304, x.span, fmt::format("{} is not a month (write YYYY-MM, month 01 to 12)", x.text));
                return err(e);
            }
            return set(e, prim(Kind::Month));
        }
        case K::DurationLit: {
            int64_t v;
            auto [p, ec] = std::from_chars(x.text.data(), x.text.data() + x.text.size(), v);
            (void)p;
            if (ec != std::errc()) { diags.error(DiagCode::E0303, x.span, "this number does not fit a 64-bit integer"); return err(e); }
            return set(e, prim(x.unit == ast::DurationUnit::Days ? Kind::Days
                               : x.unit == ast::DurationUnit::Months ? Kind::Months : Kind::Years));
        }
        case K::TextLit: return set(e, prim(Kind::Text));
        case K::BoolLit: return set(e, prim(Kind::Bool));
        default: return set(e, expected != TypeTable::kError && T(expected).optional ? expected : prim(Kind::Null));
    }
}

TypeId ExprChecker::name(ast::ExprId e, TypeId expected) {
    const std::string& n = E(e).text;
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
        if (it->name == n) {
            A(e).ref = Ref::Local;
            A(e).index = it->id;
            TypeId t = P.local_types[it->id];
            return set(e, known_non_null(Ref::Local, it->id) ? P.types.required_of(t) : t);
        }
    // A bare case name takes its enum from the expected type (`urban_rural_resident` is a case of
    // two enums in the Fujian contract).
    if (expected != TypeTable::kError) {
        int c = enum_case_index(P.types.required_of(expected), n);
        if (c >= 0 && !G.names.count(n)) {
            A(e).ref = Ref::EnumCase;
            A(e).index = static_cast<uint32_t>(c);
            return set(e, P.types.required_of(expected));
        }
    }
    // `base` in an exception or an override: the definition this one stands above.
    if (n == "base" && base_rule_ >= 0) {
        uint32_t r = static_cast<uint32_t>(base_rule_);
        A(e).ref = Ref::Rule;
        A(e).index = r;
        if (dep_rules_) dep_rules_->push_back(r);
        TypeId t = P.rules[r].type;
        return set(e, known_non_null(Ref::Rule, r) ? P.types.required_of(t) : t);
    }
    auto it = G.names.find(n);
    if (it == G.names.end()) {
        // A case of exactly one enum is unambiguous even without an expected type.
        TypeId found = TypeTable::kError;
        int count = 0, idx = -1;
        for (auto& [tname, tid] : G.types) {
            int c = enum_case_index(tid, n);
            if (c >= 0) { ++count; found = tid; idx = c; }
        }
        if (count == 1) {
            A(e).ref = Ref::EnumCase;
            A(e).index = static_cast<uint32_t>(idx);
            return set(e, found);
        }
        if (count > 1) {
            diags.error(DiagCode::E0102, E(e).span, fmt::format("`{}` is a case of more than one enum; compare it with a value of the "
                                                        "enum you mean", n));
            return err(e);
        }
        unknown_name(e, n);
        return err(e);
    }
    const GlobalName& g = it->second;
    A(e).ref = g.ref;
    A(e).index = g.index;
    switch (g.ref) {
        case Ref::Input: {
            if (dep_inputs_) dep_inputs_->push_back(g.index);
            TypeId t = P.inputs[g.index].type;
            return set(e, known_non_null(Ref::Input, g.index) ? P.types.required_of(t) : t);
        }
        case Ref::Rule: {
            if (dep_rules_) dep_rules_->push_back(g.index);
            TypeId t = P.rules[g.index].type;
            return set(e, known_non_null(Ref::Rule, g.index) ? P.types.required_of(t) : t);
        }
        case Ref::Param:
            if (P.params[g.index].dated) {
                auto& d = diags.error(DiagCode::E0103, E(e).span, fmt::format("parameter `{}` has values that change over time; say "
                                                                      "on which date: `{} at some_date`", n, n));
                d.help = "use the date the case is decided on, usually an input such as `applied_on`";
                return err(e);
            }
            return set(e, P.params[g.index].type);
        default:
            // A calendar is named only as the second argument of roll/is_working_day, which calls.cpp
            // reads without coming here; anywhere else it has no run-time value to compute with.
            diags.error(DiagCode::E0104, E(e).span,
                        fmt::format("`{}` is a {} and has no value by itself{}", n,
                                    g.ref == Ref::Table ? "table" : g.ref == Ref::Function ? "function"
                                    : g.ref == Ref::Calendar ? "calendar" : "type",
                                    g.ref == Ref::Table      ? "; look a value up with `table[key]`"
                                    : g.ref == Ref::Function ? "; call it with arguments"
                                    : g.ref == Ref::Calendar ? "; name it as the second argument of `roll` or `is_working_day`"
                                                             : ""));
            return err(e);
    }
}

TypeId ExprChecker::unary(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    if (x.uop == ast::UnOp::Not) {
        TypeId t = check(x.a, prim(Kind::Bool));
        expect_assignable(x.a, t, prim(Kind::Bool), "the operand of `not`");
        A(e).op = OpKind::Not;
        return set(e, prim(Kind::Bool));
    }
    TypeId t = require_value(x.a, check(x.a, expected), "the operand of '-'");
    if (is_error(t)) return err(e);
    Kind k = T(t).kind;
    if (k == Kind::Int || k == Kind::Days || k == Kind::Months || k == Kind::Years) A(e).op = OpKind::NegInt;
    else if (k == Kind::Decimal || k == Kind::Money) A(e).op = OpKind::NegDec;
    else {
        diags.error(DiagCode::E0305, x.span, fmt::format("cannot negate {}", tn(t)));
        return err(e);
    }
    return set(e, t);
}

TypeId ExprChecker::binary(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    switch (x.bop) {
        case ast::BinOp::And: case ast::BinOp::Or: {
            bool is_and = x.bop == ast::BinOp::And;
            TypeId l = check(x.a, prim(Kind::Bool));
            expect_assignable(x.a, l, prim(Kind::Bool), is_and ? "each side of `and`" : "each side of `or`");
            size_t mark = facts_.size();
            collect_facts(x.a, is_and, facts_);
            TypeId r = check(x.b, prim(Kind::Bool));
            facts_.resize(mark);
            expect_assignable(x.b, r, prim(Kind::Bool), is_and ? "each side of `and`" : "each side of `or`");
            A(e).op = is_and ? OpKind::And : OpKind::Or;
            return set(e, prim(Kind::Bool));
        }
        case ast::BinOp::Coalesce: {
            TypeId l = check(x.a, expected == TypeTable::kError ? expected : P.types.optional_of(expected));
            if (is_error(l)) { check(x.b, expected); return err(e); }
            if (!T(l).optional && T(l).kind != Kind::Null)
                diags.warning(DiagCode::W0302, E(x.a).span, fmt::format("this is never null ({}), so `??` never uses its right side", tn(l)));
            TypeId base = T(l).kind == Kind::Null ? expected : P.types.required_of(l);
            TypeId r = check(x.b, base);
            A(e).op = OpKind::Coalesce;
            if (is_error(r)) return err(e);
            TypeId u = unify(base == TypeTable::kError ? r : base, r);
            if (is_error(u) || T(P.types.required_of(u)).kind != T(P.types.required_of(r)).kind ||
                (T(r).kind == Kind::Int && T(u).kind == Kind::Decimal)) {
                if (!assignable(r, base == TypeTable::kError ? r : base)) {
                    diags.error(DiagCode::E0306, x.span, fmt::format("both sides of `??` must have one type: {} and {}", tn(l), tn(r)));
                    return err(e);
                }
            }
            return set(e, T(r).optional ? P.types.optional_of(base) : (base == TypeTable::kError ? r : base));
        }
        case ast::BinOp::Eq: case ast::BinOp::Ne: case ast::BinOp::Lt: case ast::BinOp::Le: case ast::BinOp::Gt:
        case ast::BinOp::Ge: return comparison(e);
        case ast::BinOp::Div: {
            check(x.a, TypeTable::kError);
            check(x.b, TypeTable::kError);
            auto& d = diags.error(DiagCode::E0307, x.span, "division needs a stated precision and rounding");
            d.help = "write round(a / b, 2) (四舍五入), or round(a / b, 2, half_even | down | up); for a whole number, "
                     "floor(a / b) (per full b) or ceil(a / b) (each started b), or to_int(a / b, half_up)";
            return err(e);
        }
        default: return arithmetic(e, expected);
    }
}

TypeId ExprChecker::arithmetic(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    Kind ek = expected == TypeTable::kError ? Kind::Error : T(expected).kind;
    TypeId hint = (ek == Kind::Decimal || ek == Kind::Money || ek == Kind::Int) ? P.types.required_of(expected) : TypeTable::kError;
    if (ek == Kind::Money) hint = TypeTable::kError;  // money * rate: the operands are not both money
    const char* opname = x.bop == ast::BinOp::Add ? "+" : x.bop == ast::BinOp::Sub ? "-" : "*";
    TypeId l = require_value(x.a, check(x.a, hint), fmt::format("the left side of '{}'", opname).c_str());
    TypeId r = require_value(x.b, check(x.b, hint), fmt::format("the right side of '{}'", opname).c_str());
    if (is_error(l) || is_error(r)) return err(e);
    Kind a = T(l).kind, b = T(r).kind;
    Annotation& an = A(e);
    auto is_num = [](Kind k) { return k == Kind::Int || k == Kind::Decimal; };
    bool add = x.bop == ast::BinOp::Add, sub = x.bop == ast::BinOp::Sub, mul = x.bop == ast::BinOp::Mul;
    auto dec_op = [&] { return add ? OpKind::AddDec : sub ? OpKind::SubDec : OpKind::MulDec; };
    auto int_op = [&] { return add ? OpKind::AddInt : sub ? OpKind::SubInt : OpKind::MulInt; };
    if (a == Kind::Int && b == Kind::Int) { an.op = int_op(); return set(e, l); }
    if (is_num(a) && is_num(b)) {
        an.op = dec_op();
        an.promote_left = a == Kind::Int;
        an.promote_right = b == Kind::Int;
        return set(e, prim(Kind::Decimal));
    }
    if (a == Kind::Money && b == Kind::Money && !mul) { an.op = dec_op(); return set(e, l); }
    if (mul && ((a == Kind::Money && is_num(b)) || (is_num(a) && b == Kind::Money))) {
        an.op = OpKind::MulDec;
        an.promote_left = a == Kind::Int;
        an.promote_right = b == Kind::Int;
        return set(e, prim(Kind::Money));
    }
    bool dur_a = a == Kind::Days || a == Kind::Months || a == Kind::Years;
    if (dur_a && a == b && !mul) { an.op = int_op(); return set(e, l); }
    if (mul && ((dur_a && b == Kind::Int) || (a == Kind::Int && (b == Kind::Days || b == Kind::Months || b == Kind::Years)))) {
        an.op = OpKind::MulInt;
        return set(e, dur_a ? l : r);
    }
    if (a == Kind::Date && (add || sub)) {
        if (b == Kind::Days) { an.op = add ? OpKind::DateAddDays : OpKind::DateSubDays; return set(e, l); }
        if (b == Kind::Months) { an.op = add ? OpKind::DateAddMonths : OpKind::DateSubMonths; return set(e, l); }
        if (b == Kind::Years) { an.op = add ? OpKind::DateAddYears : OpKind::DateSubYears; return set(e, l); }
        if (b == Kind::Date && sub) { an.op = OpKind::DateDiff; return set(e, prim(Kind::Int)); }
        if (b == Kind::Int) {
            auto& d = diags.error(DiagCode::E0308, x.span, "adding a bare number to a date is ambiguous");
            d.help = "say the unit: `d + 15 days`, `d + 3 months`, or add_days(d, n) / add_months(d, n)";
            return err(e);
        }
    }
    if (a == Kind::Month && (add || sub)) {
        if (b == Kind::Int || b == Kind::Months) { an.op = add ? OpKind::MonthAdd : OpKind::MonthSub; return set(e, l); }
        if (b == Kind::Years) { an.op = add ? OpKind::MonthAddYears : OpKind::MonthSubYears; return set(e, l); }
        if (b == Kind::Month && sub) { an.op = OpKind::MonthDiff; return set(e, prim(Kind::Int)); }
    }
    auto& d = diags.error(DiagCode::E0309, x.span, fmt::format("cannot {} {} and {}", add ? "add" : sub ? "subtract" : "multiply",
                                                       tn(l), tn(r)));
    if ((a == Kind::Money && b == Kind::Money) && mul) d.help = "money times money has no meaning; multiply money by a number or rate";
    else if ((a == Kind::Money && is_num(b)) || (is_num(a) && b == Kind::Money)) {
        // Quote the number as written when it is a literal: `salary + 100` → `100元`.
        const ast::Expr& n = E(a == Kind::Money ? x.b : x.a);
        bool lit = n.kind == ast::ExprKind::IntLit || n.kind == ast::ExprKind::DecLit;
        d.help = fmt::format("write the amount as money: `{}元`", lit ? n.text : std::string("100"));
    } else if (a == Kind::Text && b == Kind::Text && add)
        d.help = "text cannot be joined or computed with; keep the parts as separate rules or inputs";
    else if (a == Kind::Month && b == Kind::Days)
        d.help = "a month has no day to count from: add months or years (`m + 3 months`), or work on a date, "
                 "e.g. `first_day(m) + 10 days`";
    else if (b == Kind::Month && (a == Kind::Months || a == Kind::Years || a == Kind::Int) && add)
        d.help = "write the month first: `m + 3 months`, `m + 1 years`";
    else if (a == Kind::Month && b == Kind::Month && add)
        d.help = "two months cannot be added; months_between(a, b) counts the months from a to b";
    else if ((a == Kind::Money && b == Kind::Date) || (a == Kind::Date && b == Kind::Money))
        d.help = "a date and an amount of money cannot be combined";
    return err(e);
}

TypeId ExprChecker::comparison(ast::ExprId e) {
    ast::Expr& x = E(e);
    bool eq = x.bop == ast::BinOp::Eq || x.bop == ast::BinOp::Ne;
    // Check the side that is not a bare name first, so a bare case name gets the other side's enum.
    bool left_bare = E(x.a).kind == K::Name && !G.names.count(E(x.a).text);
    TypeId l, r;
    if (left_bare) {
        r = check(x.b, TypeTable::kError);
        l = check(x.a, is_error(r) ? r : r);
    } else {
        l = check(x.a, TypeTable::kError);
        r = check(x.b, is_error(l) ? TypeTable::kError : l);
    }
    if (is_error(l) || is_error(r)) return set(e, prim(Kind::Bool));
    const char* side = "a side of this comparison";
    if (is_error(require_value(x.a, l, side)) || is_error(require_value(x.b, r, side))) return set(e, prim(Kind::Bool));
    Kind a = T(l).kind, b = T(r).kind;
    Annotation& an = A(e);
    an.op = OpKind::Compare;
    auto is_num = [](Kind k) { return k == Kind::Int || k == Kind::Decimal; };
    if (is_num(a) && is_num(b) && a != b) {
        an.cmp_class = kCmpDec;
        an.promote_left = a == Kind::Int;
        an.promote_right = b == Kind::Int;
        return set(e, prim(Kind::Bool));
    }
    if (l != r) {
        auto& d = diags.error(DiagCode::E0310, x.span, fmt::format("cannot compare {} with {}", tn(l), tn(r)));
        if ((a == Kind::Month && b == Kind::Date) || (a == Kind::Date && b == Kind::Month))
            d.help = "turn the date into its month with month_of(d), or the month into a day with first_day(m)";
        else if (a == Kind::Money && is_num(b)) d.help = "write the number as money, e.g. `0元`";
        return set(e, prim(Kind::Bool));
    }
    if (!eq && (a == Kind::Bool || a == Kind::Enum || a == Kind::Record || a == Kind::List || a == Kind::Text)) {
        diags.error(DiagCode::E0311, x.span, fmt::format("{} values have no order; only == and != apply", tn(l)));
        return set(e, prim(Kind::Bool));
    }
    if (a == Kind::Record || a == Kind::List) {
        diags.error(DiagCode::E0311, x.span, fmt::format("{} values cannot be compared as a whole; compare their parts", tn(l)));
        return set(e, prim(Kind::Bool));
    }
    an.cmp_class = (a == Kind::Decimal || a == Kind::Money) ? kCmpDec : a == Kind::Text ? kCmpText : kCmpInt;
    return set(e, prim(Kind::Bool));
}

TypeId ExprChecker::conditional(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    TypeId c = check(x.a, prim(Kind::Bool));
    expect_assignable(x.a, c, prim(Kind::Bool), "the condition of `if`");
    size_t mark = facts_.size();
    collect_facts(x.a, true, facts_);
    TypeId t = check(x.b, expected);
    facts_.resize(mark);
    collect_facts(x.a, false, facts_);
    TypeId f = check(x.c, expected == TypeTable::kError ? (T(t).kind == Kind::Null ? TypeTable::kError : t) : expected);
    facts_.resize(mark);
    if (T(t).kind == Kind::Null && !is_error(f) && T(f).kind != Kind::Null) {
        // re-check the null branch against the other branch's type so codegen knows it
        t = P.types.optional_of(f);
    }
    TypeId u = unify(t, f);
    if (is_error(u) && !is_error(t) && !is_error(f)) {
        diags.error(DiagCode::E0312, x.span, fmt::format("the two branches of `if` have different types: {} and {}", tn(t), tn(f)));
        return err(e);
    }
    if (T(u).kind == Kind::Decimal && (T(t).kind == Kind::Int || T(f).kind == Kind::Int)) {
        diags.error(DiagCode::E0312, x.span, "one branch of `if` is an int and the other a decimal; write the int as a decimal (e.g. 0.0)");
        return err(e);
    }
    return set(e, u);
}

TypeId ExprChecker::let(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    TypeId v = check(x.a, TypeTable::kError);
    uint32_t id = bind(x.text, v);
    A(e).index = id;
    TypeId b = check(x.b, expected);
    unbind(1);
    return set(e, b);
}

TypeId ExprChecker::match(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    TypeId s = require_value(x.a, check(x.a, TypeTable::kError), "the value matched");
    if (is_error(s)) {
        for (auto& arm : x.arms) check(arm.body, expected);
        return err(e);
    }
    if (T(s).kind != Kind::Enum) {
        diags.error(DiagCode::E0313, E(x.a).span, fmt::format("`match` takes an enum value; this is {}", tn(s)));
        return err(e);
    }
    const auto& cases = P.types.enum_at(T(s).ref).cases;
    std::vector<int> seen(cases.size(), -1);
    bool wildcard = false;
    TypeId result = expected != TypeTable::kError ? expected : TypeTable::kError;
    TypeId acc = TypeTable::kError;
    bool first = true;
    for (size_t i = 0; i < x.arms.size(); ++i) {
        auto& arm = x.arms[i];
        for (size_t p = 0; p < arm.patterns.size(); ++p) {
            const std::string& pat = arm.patterns[p];
            if (pat == "_") { wildcard = true; continue; }
            int c = enum_case_index(s, pat);
            if (c < 0) {
                auto& d = diags.error(DiagCode::E0314, arm.pattern_spans[p], fmt::format("`{}` is not a case of {}", pat, tn(s)));
                std::string best; size_t bd = SIZE_MAX;
                for (const auto& cn : cases) { size_t dd = edit_distance(pat, cn); if (dd < bd) { bd = dd; best = cn; } }
                if (bd <= std::max<size_t>(1, edit_distance(pat, "") / 3)) d.help = fmt::format("did you mean `{}`?", best);
                continue;
            }
            if (seen[c] >= 0) diags.error(DiagCode::E0315, arm.pattern_spans[p], fmt::format("case `{}` is already handled", pat));
            seen[c] = static_cast<int>(i);
        }
        TypeId t = check(arm.body, result);
        if (result != TypeTable::kError) expect_assignable(arm.body, t, result, "each arm of `match`");
        if (first) { acc = t; first = false; }
        else {
            TypeId u = unify(acc, t);
            if (is_error(u) && !is_error(acc) && !is_error(t) && result == TypeTable::kError)
                diags.error(DiagCode::E0312, E(arm.body).span, fmt::format("this arm is {}, the earlier ones {}", tn(t), tn(acc)));
            acc = u;
        }
    }
    if (!wildcard) {
        std::string missing;
        for (size_t c = 0; c < cases.size(); ++c)
            if (seen[c] < 0) missing += (missing.empty() ? "`" : ", `") + cases[c] + "`";
        if (!missing.empty()) {
            auto& d = diags.error(DiagCode::E0316, x.span, fmt::format("this `match` does not handle {}", missing));
            d.help = "add an arm for each missing case, or `_ => ...` for all the others";
        }
    }
    return set(e, result != TypeTable::kError ? result : acc);
}

TypeId ExprChecker::list(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    TypeId elem_hint = expected != TypeTable::kError && T(expected).kind == Kind::List ? T(expected).ref : TypeTable::kError;
    TypeId acc = elem_hint;
    for (ast::ExprId item : x.list) {
        TypeId t = check(item, acc);
        if (acc == TypeTable::kError) acc = t;
        else if (!assignable(t, acc)) {
            TypeId u = unify(acc, t);
            if (is_error(u) || elem_hint != TypeTable::kError) {
                diags.error(DiagCode::E0317, E(item).span, fmt::format("every element of a list has one type: this is {}, the list holds {}",
                                                               tn(t), tn(acc)));
                return err(e);
            }
            acc = u;
        }
    }
    if (acc == TypeTable::kError) {
        if (x.list.empty()) diags.error(DiagCode::E0318, x.span, "the type of an empty list is unknown here");
        return err(e);
    }
    if (T(acc).kind == Kind::Null) { diags.error(DiagCode::E0318, x.span, "a list of only nulls has no type"); return err(e); }
    return set(e, P.types.list_of(acc));
}

TypeId ExprChecker::filter(ast::ExprId e) {
    ast::Expr& x = E(e);
    TypeId l = require_value(x.a, check(x.a, TypeTable::kError), "the list");
    if (is_error(l)) return err(e);
    if (T(l).kind != Kind::List) {
        diags.error(DiagCode::E0319, E(x.a).span, fmt::format("`[x in ... where ...]` needs a list; this is {}", tn(l)));
        return err(e);
    }
    uint32_t id = bind(x.text, T(l).ref);
    A(e).index = id;
    // Filtering out nulls is the common case; the condition's facts narrow the kept elements.
    TypeId c = check(x.b, prim(Kind::Bool));
    expect_assignable(x.b, c, prim(Kind::Bool), "the condition after `where`");
    std::vector<Fact> f;
    collect_facts(x.b, true, f);
    unbind(1);
    bool narrowed = std::any_of(f.begin(), f.end(), [&](const Fact& k) { return k.ref == Ref::Local && k.index == id; });
    return set(e, narrowed ? P.types.list_of(P.types.required_of(T(l).ref)) : l);
}

TypeId ExprChecker::field(ast::ExprId e) {
    ast::Expr& x = E(e);
    TypeId r = require_value(x.a, check(x.a, TypeTable::kError), "the record");
    if (is_error(r)) return err(e);
    if (T(r).kind != Kind::Record) {
        diags.error(DiagCode::E0320, x.span, fmt::format("only records have fields; this is {}", tn(r)));
        return err(e);
    }
    const RecordDesc& rd = P.types.record_at(T(r).ref);
    for (size_t i = 0; i < rd.fields.size(); ++i)
        if (rd.fields[i].name == x.text) {
            A(e).index = static_cast<uint32_t>(i);
            return set(e, rd.fields[i].type);
        }
    auto& d = diags.error(DiagCode::E0321, x.span, fmt::format("record {} has no field `{}`", rd.name, x.text));
    std::string best; size_t bd = SIZE_MAX;
    for (auto& f : rd.fields) { size_t dd = edit_distance(x.text, f.name); if (dd < bd) { bd = dd; best = f.name; } }
    if (bd <= std::max<size_t>(1, edit_distance(x.text, "") / 3)) {
        d.help = fmt::format("did you mean `{}`?", best);
    } else {  // nothing close: list what the record has
        std::string names;
        for (auto& f : rd.fields) names += (names.empty() ? "`" : ", `") + f.name + "`";
        d.help = fmt::format("the fields of {} are {}", rd.name, names);
    }
    return err(e);
}

TypeId ExprChecker::index(ast::ExprId e) {
    ast::Expr& x = E(e);
    const ast::Expr& base = E(x.a);
    auto it = base.kind == K::Name ? G.names.find(base.text) : G.names.end();
    if (it == G.names.end() || it->second.ref != Ref::Table) {
        check(x.a, TypeTable::kError);
        diags.error(DiagCode::E0322, base.span, "only a table can be looked up with [key]");
        return err(e);
    }
    const TableSym& t = P.tables[it->second.index];
    A(x.a).ref = Ref::Table;
    A(x.a).index = it->second.index;
    A(e).index = it->second.index;
    TypeId k = require_value(x.b, check(x.b, t.key), "the table key");
    expect_assignable(x.b, k, t.key, "the table key");
    const Kind kk = T(t.key).kind;
    A(e).cmp_class = (kk == Kind::Decimal || kk == Kind::Money) ? kCmpDec : kk == Kind::Text ? kCmpText : kCmpInt;
    return set(e, t.exhaustive ? t.value : P.types.optional_of(t.value));
}

TypeId ExprChecker::at(ast::ExprId e) {
    ast::Expr& x = E(e);
    const ast::Expr& base = E(x.a);
    auto it = base.kind == K::Name ? G.names.find(base.text) : G.names.end();
    if (it == G.names.end() || it->second.ref != Ref::Param) {
        diags.error(DiagCode::E0323, base.span, "`at` looks up a parameter's value in force on a date; this is not a parameter");
        return err(e);
    }
    A(x.a).ref = Ref::Param;
    A(x.a).index = it->second.index;
    A(e).index = it->second.index;
    TypeId d = require_value(x.b, check(x.b, prim(Kind::Date)), "the date after `at`");
    expect_assignable(x.b, d, prim(Kind::Date), "the date after `at`");
    return set(e, P.params[it->second.index].type);
}

}  // namespace edict::check
