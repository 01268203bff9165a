// Symbols and their occurrences (see symbols.hpp).
#include "tooling/lsp/symbols.hpp"

#include <algorithm>

namespace edict::lsp {

namespace {

using D = ast::DeclKind;
using E = ast::ExprKind;

bool contains(const Span& s, uint32_t file, uint32_t offset) {
    // The end is included: an editor's cursor just after a name is on it.
    return s.file == file && s.begin <= offset && offset <= s.end && s.end > s.begin;
}

// The name part of a Name or Call expression (a call's span runs to its closing parenthesis).
Span name_span(const ast::Expr& x) {
    Span s = x.span;
    if (x.kind != E::Name) s.end = std::min<uint32_t>(s.end, s.begin + static_cast<uint32_t>(x.text.size()));
    return s;
}

bool names_a_symbol(const ast::Expr& x) { return x.kind == E::Name || x.kind == E::Call || x.kind == E::RecordLit; }

template <typename Syms>
std::optional<uint32_t> index_named(const Syms& syms, const std::string& name) {
    for (uint32_t i = 0; i < syms.size(); ++i)
        if (syms[i].name == name) return i;
    return std::nullopt;
}

std::optional<Symbol> named(const check::CheckedProgram& P, SymbolKind k, const std::string& name) {
    std::optional<uint32_t> i;
    switch (k) {
        case SymbolKind::Input: i = index_named(P.inputs, name); break;
        case SymbolKind::Rule: i = index_named(P.rules, name); break;
        case SymbolKind::Param: i = index_named(P.params, name); break;
        case SymbolKind::Function: i = index_named(P.functions, name); break;
        case SymbolKind::Table: i = index_named(P.tables, name); break;
        case SymbolKind::Calendar: i = index_named(P.calendars, name); break;
        case SymbolKind::EnumCase: case SymbolKind::Enum: case SymbolKind::Record: i = 0; break;
        case SymbolKind::Local: break;
    }
    if (!i) return std::nullopt;
    return Symbol{k, *i, name};
}

std::optional<SymbolKind> kind_of_ref(check::Ref r) {
    switch (r) {
        case check::Ref::Input: return SymbolKind::Input;
        case check::Ref::Rule: return SymbolKind::Rule;
        case check::Ref::Param: return SymbolKind::Param;
        case check::Ref::Function: return SymbolKind::Function;
        case check::Ref::Table: return SymbolKind::Table;
        case check::Ref::Calendar: return SymbolKind::Calendar;
        case check::Ref::EnumCase: return SymbolKind::EnumCase;
        case check::Ref::Record: return SymbolKind::Record;
        case check::Ref::Local: return SymbolKind::Local;
        case check::Ref::Builtin: case check::Ref::None: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<SymbolKind> kind_of_decl(D k) {
    switch (k) {
        case D::Input: return SymbolKind::Input;
        case D::Rule: return SymbolKind::Rule;
        case D::Param: case D::Override: return SymbolKind::Param;
        case D::Function: return SymbolKind::Function;
        case D::Table: return SymbolKind::Table;
        case D::Calendar: return SymbolKind::Calendar;
        case D::Enum: return SymbolKind::Enum;
        case D::Record: return SymbolKind::Record;
        default: return std::nullopt;
    }
}

// The symbol an expression names, as the checker resolved it.
std::optional<Symbol> of_expr(const check::CheckedProgram& P, uint32_t m, ast::ExprId e) {
    const ast::Expr& x = P.expr(m, e);
    if (!names_a_symbol(x) || e >= P.modules[m].annotations.size()) return std::nullopt;
    const check::Annotation& a = P.note(m, e);
    auto k = kind_of_ref(a.ref);
    if (!k) return std::nullopt;
    if (*k == SymbolKind::EnumCase || *k == SymbolKind::Record) return Symbol{*k, 0, x.text};
    return Symbol{*k, a.index, x.text};
}

// A type name written in a declaration: an enum or a record (built-in types are not symbols).
std::optional<Symbol> of_type_name(const check::CheckedProgram& P, const std::string& name) {
    for (const auto& mod : P.modules)
        for (const auto& d : mod.ast.decls)
            if ((d.kind == D::Enum || d.kind == D::Record) && d.name == name)
                return Symbol{d.kind == D::Enum ? SymbolKind::Enum : SymbolKind::Record, 0, name};
    return std::nullopt;
}

Span type_name_span(const ast::TypeExpr& t) {
    return {t.span.file, t.span.begin, std::min<uint32_t>(t.span.end, t.span.begin + static_cast<uint32_t>(t.name.size()))};
}

}  // namespace

const char* kind_name(SymbolKind k) {
    switch (k) {
        case SymbolKind::Input: return "input";
        case SymbolKind::Rule: return "rule";
        case SymbolKind::Param: return "param";
        case SymbolKind::Function: return "function";
        case SymbolKind::Table: return "table";
        case SymbolKind::Calendar: return "calendar";
        case SymbolKind::EnumCase: return "enum case";
        case SymbolKind::Enum: return "enum";
        case SymbolKind::Record: return "record";
        case SymbolKind::Local: return "local name";
    }
    return "name";
}

std::optional<Symbol> symbol_at(const Compilation& c, uint32_t file, uint32_t offset) {
    const check::CheckedProgram& P = c.checked;
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        const ast::Module& mod = P.modules[m].ast;
        if (mod.file != file) continue;
        for (ast::ExprId e = 0; e < mod.exprs.size(); ++e) {
            const ast::Expr& x = mod.exprs[e];
            if (names_a_symbol(x) && contains(name_span(x), file, offset)) return of_expr(P, m, e);
            for (const ast::MatchArm& arm : x.arms)
                for (size_t i = 0; i < arm.patterns.size(); ++i)
                    if (arm.patterns[i] != "_" && contains(arm.pattern_spans[i], file, offset))
                        return Symbol{SymbolKind::EnumCase, 0, arm.patterns[i]};
        }
        for (const ast::TypeExpr& t : mod.types)
            if (contains(type_name_span(t), file, offset)) return of_type_name(P, t.name);
        for (const ast::Decl& d : mod.decls) {
            if (contains(d.name_span, file, offset))
                if (auto k = kind_of_decl(d.kind)) return named(P, *k, d.name);
            if (contains(d.target_span, file, offset)) {
                if (d.kind == D::Exception) return named(P, SymbolKind::Rule, d.target);
                if (d.kind == D::CalendarAmend) return named(P, SymbolKind::Calendar, d.target);
            }
            for (size_t i = 0; i < d.item_spans.size() && i < d.items.size(); ++i)
                if (contains(d.item_spans[i], file, offset)) {
                    if (d.kind == D::Output) return named(P, SymbolKind::Rule, d.items[i]);
                    if (d.kind == D::Enum) return Symbol{SymbolKind::EnumCase, 0, d.items[i]};
                }
            for (const ast::Assignment& g : d.given)
                if (contains(g.name_span, file, offset)) return named(P, SymbolKind::Input, g.name);
            for (const ast::Assignment& x : d.expect)
                if (contains(x.name_span, file, offset)) return named(P, SymbolKind::Rule, x.name);
        }
    }
    return std::nullopt;
}

std::vector<Occurrence> occurrences(const Compilation& c, const Symbol& s) {
    const check::CheckedProgram& P = c.checked;
    std::vector<Occurrence> out;
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        const ast::Module& mod = P.modules[m].ast;
        for (ast::ExprId e = 0; e < mod.exprs.size(); ++e) {
            const ast::Expr& x = mod.exprs[e];
            if (names_a_symbol(x)) {
                auto here = of_expr(P, m, e);
                if (here && here->kind == s.kind && here->index == s.index && here->name == s.name)
                    out.push_back({name_span(x), false});
            }
            if (s.kind == SymbolKind::EnumCase)
                for (const ast::MatchArm& arm : x.arms)
                    for (size_t i = 0; i < arm.patterns.size(); ++i)
                        if (arm.patterns[i] == s.name) out.push_back({arm.pattern_spans[i], false});
        }
        if (s.kind == SymbolKind::Enum || s.kind == SymbolKind::Record)
            for (const ast::TypeExpr& t : mod.types)
                if (t.name == s.name) out.push_back({type_name_span(t), false});
        for (const ast::Decl& d : mod.decls) {
            if (auto k = kind_of_decl(d.kind); k && *k == s.kind && d.name == s.name) out.push_back({d.name_span, true});
            if (s.kind == SymbolKind::Rule && d.kind == D::Exception && d.target == s.name) out.push_back({d.target_span, false});
            if (s.kind == SymbolKind::Calendar && d.kind == D::CalendarAmend && d.target == s.name)
                out.push_back({d.target_span, false});
            for (size_t i = 0; i < d.item_spans.size() && i < d.items.size(); ++i) {
                if (d.items[i] != s.name) continue;
                if ((s.kind == SymbolKind::Rule && d.kind == D::Output) || (s.kind == SymbolKind::EnumCase && d.kind == D::Enum))
                    out.push_back({d.item_spans[i], d.kind == D::Enum});
            }
            if (s.kind == SymbolKind::Input)
                for (const ast::Assignment& g : d.given)
                    if (g.name == s.name) out.push_back({g.name_span, false});
            if (s.kind == SymbolKind::Rule)
                for (const ast::Assignment& x : d.expect)
                    if (x.name == s.name) out.push_back({x.name_span, false});
        }
    }
    std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
        return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Occurrence& a, const Occurrence& b) { return a.span.file == b.span.file && a.span.begin == b.span.begin; }),
              out.end());
    return out;
}

}  // namespace edict::lsp
