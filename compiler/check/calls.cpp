// Calls: the standard library's built-in functions (calendar, rounding, lists), user functions
// (inlined by codegen), and record construction `Person(name: "x", born: 1960-01-15)`.
#include <stdexcept>

#include <fmt/format.h>

#include "runtime/bytecode/opcodes.hpp"
#include "runtime/value/decimal.hpp"
#include "compiler/check/builtins.hpp"
#include "compiler/check/checker.hpp"
#include "compiler/check/expr_checker.hpp"

namespace edict::check {

using K = ast::ExprKind;

TypeId ExprChecker::call(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    auto g = G.names.find(x.text);
    if (g != G.names.end() && g->second.ref == Ref::Function) return user_call(e, g->second.index);
    if (g != G.names.end() && g->second.ref == Ref::Record) return record_call(e, g->second.index);
    const BuiltinInfo* b = find_builtin(x.text);
    if (!b) {
        for (ast::ExprId a : x.list) check(a, TypeTable::kError);
        auto& d = diags.error(DiagCode::E0105, x.span, fmt::format("unknown function `{}`", x.text));
        std::string best; size_t bd = SIZE_MAX;
        for (const BuiltinInfo& s : all_builtins()) { size_t dd = edit_distance(x.text, s.name); if (dd < bd) { bd = dd; best = s.name; } }
        std::string user = G.suggest(x.text, Ref::Function);
        if (!user.empty() && edit_distance(x.text, user) < bd) { bd = edit_distance(x.text, user); best = user; }
        if (bd <= std::max<size_t>(1, edit_distance(x.text, "") / 3)) d.help = fmt::format("did you mean `{}`?", best);
        return err(e);
    }
    int n = static_cast<int>(x.list.size());
    if (n < b->min_args || (b->max_args >= 0 && n > b->max_args)) {
        for (ast::ExprId a : x.list) check(a, TypeTable::kError);
        diags.error(DiagCode::E0324, x.span, b->min_args == b->max_args
                                         ? fmt::format("`{}` takes {} argument{}, not {}", b->name, b->min_args, b->min_args == 1 ? "" : "s", n)
                                         : fmt::format("`{}` takes {} to {} arguments, not {}", b->name, b->min_args, b->max_args, n))
            .help = "docs/language.md §7 lists each built-in function with its arguments, e.g. `add_days(date, 15)`";
        return err(e);
    }
    A(e).ref = Ref::Builtin;
    A(e).index = static_cast<uint32_t>(b->id);
    for (const std::string& nm : x.names)
        if (!nm.empty()) diags.error(DiagCode::E0325, x.span, fmt::format("`{}` takes its arguments by position, not by name", b->name));
    return builtin(e, b->id, expected);
}

TypeId ExprChecker::builtin(ast::ExprId e, Builtin b, TypeId expected) {
    ast::Expr& x = E(e);
    auto arg = [&](size_t i, Kind want, const char* role) -> bool {
        TypeId t = require_value(x.list[i], check(x.list[i], prim(want)), role);
        if (is_error(t)) return false;
        if (T(t).kind != want) {
            diags.error(DiagCode::E0326, E(x.list[i]).span, fmt::format("{} of `{}` should be {}, but this is {}", role, x.text,
                                                                kind_name(want), tn(t)));
            return false;
        }
        return true;
    };
    bool ok = true;
    const BuiltinInfo& info = builtin_info(b);
    if (info.typing == BuiltinTyping::Table) {
        // builtins.def gives the parameter and result types (tests/check/builtins_test.cpp checks
        // that every Table row has primitive ones).
        std::vector<Kind> params = builtin_param_kinds(info).value();
        static const char* const kRoles[] = {"the first argument", "the second argument", "the third argument"};
        for (size_t i = 0; i < params.size(); ++i)
            ok &= arg(i, params[i], params.size() == 1 ? "the argument" : kRoles[std::min<size_t>(i, 2)]);
        return ok ? set(e, prim(primitive_named(info.result).value())) : err(e);
    }
    switch (b) {
        case Builtin::Year: case Builtin::MonthNumber: {  // of a date or a month; cmp_class tells codegen which
            TypeId t = require_value(x.list[0], check(x.list[0], TypeTable::kError), "the argument");
            if (is_error(t)) return err(e);
            if (T(t).kind != Kind::Date && T(t).kind != Kind::Month) {
                diags.error(DiagCode::E0326, E(x.list[0]).span,
                            fmt::format("`{}` takes a date or a month, not {}", builtin_info(b).name, tn(t)));
                return err(e);
            }
            A(e).cmp_class = T(t).kind == Kind::Month;
            return set(e, prim(Kind::Int));
        }
        case Builtin::Roll: case Builtin::IsWorkingDay: {
            ok = arg(0, Kind::Date, "the first argument");
            const ast::Expr& c = E(x.list[1]);
            auto it = c.kind == K::Name ? G.names.find(c.text) : G.names.end();
            if (it == G.names.end() || it->second.ref != Ref::Calendar) {
                diags.error(DiagCode::E0327, c.span, fmt::format("the second argument of `{}` must name a calendar, such as "
                                                         "中国工作日", x.text));
                return err(e);
            }
            A(x.list[1]).ref = Ref::Calendar;
            A(x.list[1]).index = it->second.index;
            A(x.list[1]).type = prim(Kind::Calendar);
            return ok ? set(e, prim(b == Builtin::Roll ? Kind::Date : Kind::Bool)) : err(e);
        }
        case Builtin::Round: return round_call(e, expected);
        case Builtin::Floor: case Builtin::Ceil: case Builtin::ToInt: return to_int_call(e, b);
        case Builtin::Min: case Builtin::Max: case Builtin::Earliest: case Builtin::Latest:
            return min_max(e, b, expected);
        case Builtin::Sum: case Builtin::Count: {
            TypeId l = require_value(x.list[0], check(x.list[0], TypeTable::kError), "the list");
            if (is_error(l)) return err(e);
            if (T(l).kind != Kind::List) {
                diags.error(DiagCode::E0326, E(x.list[0]).span, fmt::format("`{}` takes a list, not {}", x.text, tn(l)));
                return err(e);
            }
            if (b == Builtin::Count) return set(e, prim(Kind::Int));
            TypeId el = T(l).ref;
            Kind k = T(el).kind;
            if (T(el).optional || (k != Kind::Int && k != Kind::Decimal && k != Kind::Money)) {
                diags.error(DiagCode::E0326, E(x.list[0]).span, fmt::format("`sum` adds numbers or money; this list holds {}", tn(el)));
                return err(e);
            }
            A(e).cmp_class = k == Kind::Int ? 0 : 1;
            return set(e, el);
        }
        default:  // typed from the table above; a Custom row without a case here is a bug
            throw std::logic_error(fmt::format("checker: no typing for built-in {}", info.name));
    }
}

TypeId ExprChecker::round_call(ast::ExprId e, TypeId expected) {
    ast::Expr& x = E(e);
    Annotation& an = A(e);
    const ast::Expr& value = E(x.list[0]);
    TypeId vt;
    if (value.kind == K::Binary && value.bop == ast::BinOp::Div) {
        vt = quotient(e, x.list[0]);
        if (is_error(vt)) return err(e);
    } else {
        vt = require_value(x.list[0], check(x.list[0], expected), "the value to round");
        if (is_error(vt)) return err(e);
        Kind k = T(vt).kind;
        if (k == Kind::Int) { an.promote_left = true; vt = prim(Kind::Decimal); }
        else if (k != Kind::Decimal && k != Kind::Money) {
            diags.error(DiagCode::E0326, value.span, fmt::format("`round` takes a decimal or money, not {}", tn(vt)));
            return err(e);
        }
    }
    const ast::Expr& places = E(x.list[1]);
    int64_t p = -1;
    if (places.kind == K::IntLit) {
        check(x.list[1], prim(Kind::Int));
        p = std::atoll(places.text.c_str());
    }
    if (p < 0 || p > 38) {
        diags.error(DiagCode::E0328, places.span, "the number of decimal places must be written as a whole number from 0 to 38");
        return err(e);
    }
    an.round_places = static_cast<uint8_t>(p);
    an.round_mode = 0;
    if (x.list.size() == 3 && !rounding_mode(x.list[2], an.round_mode)) return err(e);
    return set(e, vt);
}

// a / b inside round, floor, ceil or to_int: the one place where `/` is allowed, computed exactly
// and then rounded. Numbers divide into a decimal, money by a number into money, money by money
// into a decimal (a ratio). Marks the call for codegen and types the `/` node.
TypeId ExprChecker::quotient(ast::ExprId e, ast::ExprId div) {
    const ast::Expr& value = E(div);
    TypeId l = require_value(value.a, check(value.a, TypeTable::kError), "the dividend");
    TypeId r = require_value(value.b, check(value.b, TypeTable::kError), "the divisor");
    if (is_error(l) || is_error(r)) return TypeTable::kError;
    Kind a = T(l).kind, b = T(r).kind;
    auto num = [](Kind k) { return k == Kind::Int || k == Kind::Decimal; };
    TypeId vt = TypeTable::kError;
    if (a == Kind::Money && num(b)) vt = prim(Kind::Money);
    else if (a == Kind::Money && b == Kind::Money) vt = prim(Kind::Decimal);
    else if (num(a) && num(b)) vt = prim(Kind::Decimal);
    else {
        diags.error(DiagCode::E0309, value.span, fmt::format("cannot divide {} by {}", tn(l), tn(r)));
        return TypeTable::kError;
    }
    A(div).type = vt;
    A(div).promote_left = a == Kind::Int;
    A(div).promote_right = b == Kind::Int;
    A(e).round_div = true;
    return vt;
}

// A rounding mode argument: a bare name from the one list in runtime/value/decimal.hpp.
bool ExprChecker::rounding_mode(ast::ExprId e, uint8_t& mode) {
    const ast::Expr& x = E(e);
    Rounding r;
    if (x.kind != K::Name || !rounding_named(x.text, r)) {
        diags.error(DiagCode::E0329, x.span, "the rounding mode is one of half_up (四舍五入), half_even, down (toward zero), "
                                             "up (away from zero), floor (toward −∞), ceil (toward +∞)");
        return false;
    }
    mode = static_cast<uint8_t>(r);
    A(e).type = prim(Kind::Int);
    return true;
}

// floor(x), ceil(x), to_int(x, MODE) -> int: x is a quotient a / b or a decimal, rounded to a
// whole number in the stated direction (exact: the quotient is never rounded twice).
TypeId ExprChecker::to_int_call(ast::ExprId e, Builtin b) {
    ast::Expr& x = E(e);
    Annotation& an = A(e);
    an.round_mode = static_cast<uint8_t>(b == Builtin::Floor ? Rounding::Floor : Rounding::Ceiling);
    const ast::Expr& value = E(x.list[0]);
    TypeId vt;
    if (value.kind == K::Binary && value.bop == ast::BinOp::Div) vt = quotient(e, x.list[0]);
    else vt = require_value(x.list[0], check(x.list[0], TypeTable::kError), "the value");
    bool mode_ok = b != Builtin::ToInt || rounding_mode(x.list[1], an.round_mode);
    if (is_error(vt) || !mode_ok) return err(e);
    Kind k = T(vt).kind;
    if (k == Kind::Int) {
        an.whole_already = true;
        diags.warning(DiagCode::W0303, x.span, fmt::format("this is already an int, so `{}` changes nothing", x.text));
    } else if (k != Kind::Decimal) {
        auto& d = diags.error(DiagCode::E0326, value.span, fmt::format("`{}` gives an int from a decimal or a quotient a / b, "
                                                                       "not from {}", x.text, tn(vt)));
        if (k == Kind::Money) d.help = "money stays money: round it with round(x, 0, floor), or divide it by money for a ratio";
        return err(e);
    }
    return set(e, prim(Kind::Int));
}

TypeId ExprChecker::min_max(ast::ExprId e, Builtin b, TypeId expected) {
    ast::Expr& x = E(e);
    auto class_of = [&](Kind k) -> int {
        if (k == Kind::Decimal || k == Kind::Money) return kCmpDec;
        if (k == Kind::Int || k == Kind::Date || k == Kind::Month || k == Kind::Days || k == Kind::Months || k == Kind::Years) return kCmpInt;
        return -1;
    };
    if (x.list.size() == 1) {
        // min(list) / earliest(list): nulls are skipped; null when nothing is left.
        TypeId l = require_value(x.list[0], check(x.list[0], expected == TypeTable::kError ? expected : P.types.list_of(expected)), "the list");
        if (is_error(l)) return err(e);
        if (T(l).kind != Kind::List) {
            diags.error(DiagCode::E0326, E(x.list[0]).span, fmt::format("`{}` of one argument takes a list, not {}", x.text, tn(l)));
            return err(e);
        }
        TypeId el = P.types.required_of(T(l).ref);
        int cls = class_of(T(el).kind);
        if (cls < 0 || ((b == Builtin::Earliest || b == Builtin::Latest) && T(el).kind != Kind::Date)) {
            diags.error(DiagCode::E0326, E(x.list[0]).span, fmt::format("`{}` cannot order {}", x.text, tn(el)));
            return err(e);
        }
        A(e).cmp_class = static_cast<uint8_t>(cls);
        return set(e, P.types.optional_of(el));
    }
    if (b == Builtin::Earliest || b == Builtin::Latest) {
        diags.error(DiagCode::E0324, x.span, fmt::format("`{}` takes one list: {}([a, b, c])", x.text, x.text));
        return err(e);
    }
    TypeId acc = TypeTable::kError;
    bool promote = false;
    for (ast::ExprId a : x.list) {
        TypeId t = require_value(a, check(a, acc), "an argument");
        if (is_error(t)) return err(e);
        if (acc == TypeTable::kError) { acc = t; continue; }
        if (t != acc) {
            Kind p = T(acc).kind, q = T(t).kind;
            if ((p == Kind::Int && q == Kind::Decimal) || (p == Kind::Decimal && q == Kind::Int)) { promote = true; acc = prim(Kind::Decimal); continue; }
            diags.error(DiagCode::E0326, E(a).span, fmt::format("all arguments of `{}` must have one type: {} and {}", x.text, tn(acc), tn(t)));
            return err(e);
        }
    }
    if (promote) {
        diags.error(DiagCode::E0326, x.span, fmt::format("mixing int and decimal in `{}`: write the ints as decimals", x.text));
        return err(e);
    }
    int cls = class_of(T(acc).kind);
    if (cls < 0) {
        diags.error(DiagCode::E0326, x.span, fmt::format("`{}` cannot order {}", x.text, tn(acc)));
        return err(e);
    }
    A(e).cmp_class = static_cast<uint8_t>(cls);
    return set(e, acc);
}

TypeId ExprChecker::user_call(ast::ExprId e, uint32_t f) {
    ast::Expr& x = E(e);
    const FunctionSym& fs = P.functions[f];
    A(e).ref = Ref::Function;
    A(e).index = f;
    called_functions_.push_back(f);
    if (current_function_ >= 0) {
        // recorded for recursion detection in check_function
    }
    if (x.list.size() != fs.param_locals.size()) {
        for (ast::ExprId a : x.list) check(a, TypeTable::kError);
        diags.error(DiagCode::E0324, x.span, fmt::format("`{}` takes {} argument{}, not {}", fs.name, fs.param_locals.size(),
                                                 fs.param_locals.size() == 1 ? "" : "s", x.list.size()));
        return err(e);
    }
    for (size_t i = 0; i < x.list.size(); ++i) {
        TypeId want = P.local_types[fs.param_locals[i]];
        TypeId t = check(x.list[i], want);
        expect_assignable(x.list[i], t, want, fmt::format("argument {} of `{}`", i + 1, fs.name).c_str());
    }
    return set(e, fs.type);
}

TypeId ExprChecker::record_call(ast::ExprId e, uint32_t r) {
    ast::Expr& x = E(e);
    const RecordDesc& rd = P.types.record_at(r);
    A(e).ref = Ref::Record;
    A(e).index = r;
    std::vector<int> given(rd.fields.size(), -1);
    for (size_t i = 0; i < x.list.size(); ++i) {
        const std::string& n = x.names[i];
        int fi = -1;
        for (size_t k = 0; k < rd.fields.size(); ++k)
            if (rd.fields[k].name == n) fi = static_cast<int>(k);
        if (fi < 0) {
            check(x.list[i], TypeTable::kError);
            diags.error(DiagCode::E0321, E(x.list[i]).span, n.empty() ? fmt::format("give record fields by name: {}(field: value, ...)", rd.name)
                                                              : fmt::format("record {} has no field `{}`", rd.name, n));
            continue;
        }
        if (given[fi] >= 0) diags.error(DiagCode::E0330, E(x.list[i]).span, fmt::format("field `{}` is given twice", n));
        given[fi] = static_cast<int>(i);
        TypeId t = check(x.list[i], rd.fields[fi].type);
        expect_assignable(x.list[i], t, rd.fields[fi].type, fmt::format("field `{}`", n).c_str());
    }
    for (size_t k = 0; k < rd.fields.size(); ++k)
        if (given[k] < 0 && !T(rd.fields[k].type).optional)
            diags.error(DiagCode::E0331, x.span, fmt::format("field `{}` of {} is missing", rd.fields[k].name, rd.name));
    return set(e, P.types.intern({Kind::Record, false, r}));
}

}  // namespace edict::check
