// Declarations pass: collects every named thing across modules, attaches exceptions to rules,
// overrides to parameters and amendments to calendars, resolves declared types, then checks
// each body (expressions.cpp) and the dependency graph (cycles are errors).
#include "compiler/check/checker.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/check/expr_checker.hpp"
#include "compiler/syntax/depth.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict::check {

namespace {

using D = ast::DeclKind;

// True when `path`, with `..` and symbolic links resolved, names something inside `folder`.
bool inside_folder(const std::string& folder, const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec1, ec2;
    fs::path base = fs::weakly_canonical(folder, ec1), target = fs::weakly_canonical(path, ec2);
    if (ec1 || ec2) return false;
    fs::path rel = target.lexically_relative(base);
    return !rel.empty() && *rel.begin() != "..";
}

class DeclChecker {
public:
    DeclChecker(CheckedProgram& p, const SourceMap& s, Diagnostics& d) : P(p), S(s), diags(d), ex(p, d, globals) {}
    bool run();

private:
    void declare(const std::string& name, Ref ref, uint32_t index, Span span);
    void collect_types();
    void collect_symbols();
    TypeId resolve_type(uint32_t module, ast::TypeExprId t);
    void check_bodies();
    void check_rule(uint32_t r);
    void add_base_definitions(const std::vector<std::vector<TypeId>>& replaced_types);
    void refuse_deep_inlining(uint32_t r);
    void check_cases(uint32_t module, const std::vector<ast::Case>& cases, TypeId type, bool is_exception);
    void check_literal(uint32_t module, ast::ExprId e, TypeId type, const char* what);
    void check_calendar_coverage(const CalendarSym& c, const std::vector<DeclRef>& layers);
    void check_outputs();
    void check_tests();
    void check_dependencies();
    void report_cycle(const std::vector<std::pair<uint32_t, size_t>>& path, uint32_t dep);
    const ast::Decl& decl(DeclRef r) { return P.decl(r); }

    CheckedProgram& P;
    const SourceMap& S;
    Diagnostics& diags;
    Globals globals;
    ExprChecker ex;
};

void DeclChecker::declare(const std::string& name, Ref ref, uint32_t index, Span span) {
    auto [it, fresh] = globals.names.emplace(name, GlobalName{ref, index, span});
    if (!fresh) {
        auto& d = diags.error(DiagCode::E0201, span, fmt::format("`{}` is already declared", name));
        d.labels.push_back({it->second.span, "first declared here"});
        d.help = "a policy and everything it imports share one set of names; rename one of them, or use "
                 "`override param` / `exception ... to` to change an earlier notice's rule";
    }
}

void DeclChecker::collect_types() {
    // Enums and record names first, so fields and declarations can refer to any of them.
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        for (uint32_t i = 0; i < P.modules[m].ast.decls.size(); ++i) {
            const ast::Decl& d = P.modules[m].ast.decls[i];
            if (d.kind == D::Enum) {
                std::vector<std::string> cases = d.items;
                for (size_t a = 0; a < cases.size(); ++a)
                    for (size_t b = 0; b < a; ++b)
                        if (cases[a] == cases[b])
                            diags.error(DiagCode::E0202, d.item_spans[a], fmt::format("case `{}` is listed twice", cases[a]));
                uint32_t e = P.types.add_enum({d.name, cases});
                if (globals.types.count(d.name)) diags.error(DiagCode::E0201, d.name_span, fmt::format("type `{}` is already declared", d.name));
                globals.types[d.name] = P.types.intern({Kind::Enum, false, e});
            } else if (d.kind == D::Record) {
                uint32_t r = P.types.add_record({d.name, {}});
                if (globals.types.count(d.name)) diags.error(DiagCode::E0201, d.name_span, fmt::format("type `{}` is already declared", d.name));
                globals.types[d.name] = P.types.intern({Kind::Record, false, r});
                globals.names.emplace(d.name, GlobalName{Ref::Record, r, d.name_span});
            }
        }
    }
    for (uint32_t m = 0; m < P.modules.size(); ++m)
        for (const ast::Decl& d : P.modules[m].ast.decls)
            if (d.kind == D::Record) {
                uint32_t r = P.types.at(globals.types[d.name]).ref;
                for (const ast::FieldDecl& f : d.fields)
                    P.types.record_mut(r).fields.push_back({f.name, resolve_type(m, f.type)});
            }
}

TypeId DeclChecker::resolve_type(uint32_t module, ast::TypeExprId id) {
    if (id == ast::kNone) return TypeTable::kError;
    const ast::TypeExpr& t = P.modules[module].ast.types[id];
    TypeId base = TypeTable::kError;
    static const char* const kPrims[] = {
#define EDICT_PRIMITIVE(kind, en, zh, doc) en,
#include "runtime/bytecode/primitive_types.def"
#undef EDICT_PRIMITIVE
    };
    if (t.name == "list") {
        TypeId elem = resolve_type(module, t.elem);
        base = elem == TypeTable::kError ? elem : P.types.list_of(elem);
    } else {
        if (auto k = primitive_named(t.name)) base = P.types.prim(*k);
        if (base == TypeTable::kError) {
            auto it = globals.types.find(t.name);
            if (it != globals.types.end()) base = it->second;
            else {
                auto& d = diags.error(DiagCode::E0203, t.span, fmt::format("unknown type `{}`", t.name));
                std::string best;
                size_t bd = 99;
                for (const char* n : kPrims) { size_t e = edit_distance(t.name, n); if (e < bd) { bd = e; best = n; } }
                for (auto& [n, id2] : globals.types) { size_t e = edit_distance(t.name, n); if (e < bd) { bd = e; best = n; } }
                if (bd <= std::max<size_t>(1, t.name.size() / 3)) d.help = fmt::format("did you mean `{}`?", best);
                else {
                    std::string names;
                    for (const char* n : kPrims) names += std::string(n) + ", ";
                    d.help = "types are " + names + "list[T], or an enum or record declared in the policy";
                }
                return TypeTable::kError;
            }
        }
    }
    return t.optional ? P.types.optional_of(base) : base;
}

void DeclChecker::collect_symbols() {
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        for (uint32_t i = 0; i < P.modules[m].ast.decls.size(); ++i) {
            const ast::Decl& d = P.modules[m].ast.decls[i];
            DeclRef ref{m, i};
            switch (d.kind) {
                case D::Input:
                    if (d.overrides) break;  // second pass
                    declare(d.name, Ref::Input, static_cast<uint32_t>(P.inputs.size()), d.name_span);
                    P.inputs.push_back({d.name, ref, resolve_type(m, d.type), ref});
                    break;
                case D::Param:
                    declare(d.name, Ref::Param, static_cast<uint32_t>(P.params.size()), d.name_span);
                    P.params.push_back({d.name, ref, {ref}, resolve_type(m, d.type),
                                        !d.values.empty() && d.values.front().from != ast::kNone});
                    break;
                case D::Rule:
                    if (d.overrides) break;  // second pass
                    declare(d.name, Ref::Rule, static_cast<uint32_t>(P.rules.size()), d.name_span);
                    P.rules.push_back({d.name, ref, resolve_type(m, d.type), {}, {}, {}, {ref}});
                    break;
                case D::Function:
                    declare(d.name, Ref::Function, static_cast<uint32_t>(P.functions.size()), d.name_span);
                    P.functions.push_back({d.name, ref, resolve_type(m, d.type), {}});
                    break;
                case D::Table:
                    declare(d.name, Ref::Table, static_cast<uint32_t>(P.tables.size()), d.name_span);
                    P.tables.push_back({d.name, ref, resolve_type(m, d.key_type), resolve_type(m, d.type), false});
                    break;
                case D::Calendar:
                    declare(d.name, Ref::Calendar, static_cast<uint32_t>(P.calendars.size()), d.name_span);
                    P.calendars.push_back({d.name, ref, {}});
                    break;
                case D::Notice: {
                    for (const NoticeSym& n : P.notices)
                        if (n.name == d.name) diags.error(DiagCode::E0201, d.name_span, fmt::format("notice \"{}\" is declared twice", d.name));
                    std::string path = d.path.empty() ? std::string() : P.modules[m].dir + "/" + d.path;
                    if (!path.empty() && !inside_folder(P.modules[m].dir, path)) {
                        diags.error(DiagCode::E0508, d.span,
                                    fmt::format("the text of notice \"{}\", \"{}\", lies outside the policy folder {}", d.name,
                                                d.path, P.modules[m].dir))
                            .help = "a notice text must be a file in the folder of the .edict file that declares it, or "
                                    "below it (symbolic links are followed); copy the text there";
                        path.clear();  // never read
                    }
                    P.notices.push_back({d.name, ref, path});
                    break;
                }
                case D::Test: P.tests.push_back({d.name, ref}); break;
                case D::Clause: if (d.items.empty()) P.clauses.push_back(ref); break;  // number declarations: tooling/regression
                default: break;
            }
        }
    }
    // Second pass: things that name an earlier declaration.
    std::vector<std::vector<TypeId>> replaced_types(P.rules.size());  // parallel to RuleSym::history
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        for (uint32_t i = 0; i < P.modules[m].ast.decls.size(); ++i) {
            const ast::Decl& d = P.modules[m].ast.decls[i];
            DeclRef ref{m, i};
            if (d.overrides && (d.kind == D::Rule || d.kind == D::Input)) {
                Ref want = d.kind == D::Rule ? Ref::Rule : Ref::Input;
                auto it = globals.names.find(d.target);
                if (it == globals.names.end() || it->second.ref != want) {
                    const char* what = d.kind == D::Rule ? "rule" : "input";
                    auto& e = diags.error(DiagCode::E0206, d.target_span,
                                          fmt::format("`{}` is not {} {}, so `override {}` cannot redefine it", d.target,
                                                      d.kind == D::Rule ? "a" : "an", what, what));
                    if (std::string s = globals.suggest(d.target, want); !s.empty()) e.help = fmt::format("did you mean `{}`?", s);
                    else e.help = fmt::format("`override {} NAME` redefines a {} declared in an imported module", what, what);
                    continue;
                }
                if (d.kind == D::Input) {
                    P.inputs[it->second.index].default_from = ref;
                    continue;
                }
                RuleSym& r = P.rules[it->second.index];
                replaced_types[it->second.index].push_back(r.type);
                r.decl = ref;
                r.history.push_back(ref);
                r.type = resolve_type(m, d.type);
                continue;
            }
            if (d.kind == D::Exception) {
                auto it = globals.names.find(d.target);
                if (it == globals.names.end() || it->second.ref != Ref::Rule) {
                    auto& e = diags.error(DiagCode::E0204, d.target_span,
                                          fmt::format("`{}` is not a rule, so it can have no exceptions", d.target));
                    if (std::string s = globals.suggest(d.target, Ref::Rule); !s.empty()) e.help = fmt::format("did you mean `{}`?", s);
                    else if (it != globals.names.end())
                        e.help = fmt::format("exceptions change the value of a rule; define a rule from `{}` and make the exception to that rule", d.target);
                    continue;
                }
                RuleSym& r = P.rules[it->second.index];
                for (const ExceptionSym& other : r.exceptions)
                    if (other.label == d.name)
                        diags.error(DiagCode::E0205, d.name_span, fmt::format("rule `{}` already has an exception labelled `{}`", r.name, d.name))
                            .labels.push_back({decl(other.decl).name_span, "the other one"});
                r.exceptions.push_back({ref, d.name, -1});
            } else if (d.kind == D::Override) {
                auto it = globals.names.find(d.target);
                if (it == globals.names.end() || it->second.ref != Ref::Param) {
                    auto& e = diags.error(DiagCode::E0206, d.target_span, fmt::format("`{}` is not a parameter, so it cannot be overridden", d.target));
                    if (std::string s = globals.suggest(d.target, Ref::Param); !s.empty()) e.help = fmt::format("did you mean `{}`?", s);
                    continue;
                }
                ParamSym& p = P.params[it->second.index];
                p.decl = ref;
                p.history.push_back(ref);
                p.dated = !d.values.empty() && d.values.front().from != ast::kNone;
            } else if (d.kind == D::CalendarAmend) {
                auto it = globals.names.find(d.target);
                if (it == globals.names.end() || it->second.ref != Ref::Calendar) {
                    diags.error(DiagCode::E0207, d.target_span, fmt::format("`{}` is not a calendar", d.target));
                    continue;
                }
                P.calendars[it->second.index].amendments.push_back(ref);
            }
        }
    }
    add_base_definitions(replaced_types);
    // Priorities between exceptions: `over LABEL` must name a sibling exception.
    for (RuleSym& r : P.rules)
        for (ExceptionSym& e : r.exceptions) {
            const ast::Decl& d = decl(e.decl);
            if (d.over.empty()) continue;
            for (size_t k = 0; k < r.exceptions.size(); ++k)
                if (r.exceptions[k].label == d.over) e.parent = static_cast<int>(k);
            if (e.parent < 0) {
                std::string labels;
                for (const ExceptionSym& o : r.exceptions) labels += (labels.empty() ? "`" : ", `") + o.label + "`";
                diags.error(DiagCode::E0208, d.over_span, fmt::format("rule `{}` has no exception labelled `{}`", r.name, d.over)).help =
                    fmt::format("`over` names another exception to the same rule; the exceptions to `{}` are {}", r.name, labels);
            }
        }
    // Cycles in `over` would make priority meaningless.
    for (RuleSym& r : P.rules)
        for (size_t k = 0; k < r.exceptions.size(); ++k) {
            int cur = r.exceptions[k].parent;
            for (size_t steps = 0; cur >= 0 && steps <= r.exceptions.size(); ++steps) {
                if (cur == static_cast<int>(k)) {
                    diags.error(DiagCode::E0209, decl(r.exceptions[k].decl).over_span, "these exceptions have priority over each other in a circle")
                        .help = "when two exceptions can both apply, only the one that wins says `over` the other; remove the other `over`";
                    r.exceptions[k].parent = -1;
                    break;
                }
                cur = r.exceptions[cur].parent;
            }
        }
}

void DeclChecker::check_literal(uint32_t module, ast::ExprId e, TypeId type, const char* what) {
    ex.begin(module);
    TypeId t = ex.check(e, type);
    ex.expect_assignable(e, t, type, what);
    if (!ex.is_constant(e))
        diags.error(DiagCode::E0210, P.expr(module, e).span,
                    fmt::format("{} must be written as a literal value (a number, date, text, enum case or null)", what));
}

// A calendar must say which years its data covers (`covers` in its layers), or opt in to
// weekends-only everywhere (`otherwise weekends`); each `covers` names real years, forwards.
// Whether each listed day lies in a covered year is checked where the days are laid out (codegen).
void DeclChecker::check_calendar_coverage(const CalendarSym& c, const std::vector<DeclRef>& layers) {
    bool covered = false, beyond = false;
    for (DeclRef ref : layers) {
        const ast::Decl& d = decl(ref);
        beyond = beyond || d.weekends_beyond.has_value();
        for (const ast::CalendarYears& y : d.covers) {
            covered = true;
            if (y.first < 1 || y.last < 1)
                diags.error(DiagCode::E0217, y.span, "year 0000 is not a year of the calendar (years run from 0001 to 9999)");
            else if (y.last < y.first)
                diags.error(DiagCode::E0217, y.span, fmt::format("`covers {} to {}` runs backwards", y.first, y.last)).help =
                    fmt::format("write `covers {} to {}`", y.last, y.first);
        }
    }
    if (covered || beyond) return;
    diags.error(DiagCode::E0218, decl(c.decl).name_span, fmt::format("calendar `{}` does not say which years its data covers", c.name))
        .help = "add `covers YEAR` (or `covers YEAR to YEAR`) to each layer that publishes a year's holidays: a day of "
                "any other year is then an error, never a plain weekday; or write `otherwise weekends` to accept "
                "weekends-only outside the data";
}

void DeclChecker::check_cases(uint32_t module, const std::vector<ast::Case>& cases, TypeId type, bool is_exception) {
    for (const ast::Case& c : cases) {
        ex.begin(module);
        if (c.condition != ast::kNone) {
            TypeId ct = ex.check(c.condition, P.types.prim(Kind::Bool));
            ex.expect_assignable(c.condition, ct, P.types.prim(Kind::Bool), "a `when` condition");
            ex.push_facts(c.condition, true);
        } else if (is_exception && !c.is_otherwise) {
            // `= value` in an exception: applies always, which is legal but worth knowing.
        }
        TypeId vt = ex.check(c.value, type);
        ex.expect_assignable(c.value, vt, type, "the rule's value");
        ex.clear_facts();
    }
}

// Whether expression `e` (of module `m`) reads `base` anywhere inside.
static bool reads_base(const ast::Module& m, ast::ExprId e) {
    if (e == ast::kNone) return false;
    std::vector<ast::ExprId> todo{e};
    while (!todo.empty()) {  // iterative: expressions may be deep
        const ast::Expr& x = m.exprs[todo.back()];
        todo.pop_back();
        if (x.kind == ast::ExprKind::Name && x.text == "base") return true;
        for (size_t k = 0; k < syntax::child_count(x); ++k)
            if (ast::ExprId c = syntax::child(x, k); c != ast::kNone) todo.push_back(c);
    }
    return false;
}

// The definitions `base` can read become rules of their own (RuleSym): each declaration an
// `override rule` replaced, and a rule's own cases when one of its exceptions reads `base`.
void DeclChecker::add_base_definitions(const std::vector<std::vector<TypeId>>& replaced_types) {
    size_t declared = P.rules.size();
    // Named for what they are, so explanations and messages tell them from the rule itself.
    auto add = [&](uint32_t owner, DeclRef d, TypeId type, int below, std::string what) {
        RuleSym h{fmt::format("{} ({})", P.rules[owner].name, what), d, type, {}, {}, {}, {d}};
        h.below = below;
        h.base_of = static_cast<int>(owner);
        P.rules.push_back(std::move(h));
        return static_cast<int>(P.rules.size() - 1);
    };
    for (uint32_t r = 0; r < declared; ++r) {
        std::vector<DeclRef> history = P.rules[r].history;
        int below = -1;
        for (size_t i = 0; i + 1 < history.size(); ++i) {
            size_t depth = history.size() - 1 - i;  // 1: what the override in force replaced
            below = add(r, history[i], replaced_types[r][i], below, depth == 1 ? "replaced" : fmt::format("replaced {}", depth));
        }
        P.rules[r].below = below;
        bool exception_reads_base = false;
        for (const ExceptionSym& e : P.rules[r].exceptions) {
            const ast::Decl& ed = decl(e.decl);
            for (const ast::Case& c : ed.cases)
                exception_reads_base = exception_reads_base || reads_base(P.modules[e.decl.module].ast, c.condition) ||
                                       reads_base(P.modules[e.decl.module].ast, c.value);
        }
        if (exception_reads_base) P.rules[r].own_cases = add(r, P.rules[r].decl, P.rules[r].type, below, "without exceptions");
    }
}

void DeclChecker::check_rule(uint32_t r) {
    RuleSym& rule = P.rules[r];
    ex.begin_collect(&rule.depends_on, &rule.inputs);
    const ast::Decl& d = decl(rule.decl);
    if (rule.own_cases >= 0) {
        // Its own cases are checked (and compiled) once, as the rule `base` reads.
        rule.depends_on.push_back(static_cast<uint32_t>(rule.own_cases));
    } else {
        ex.set_base(rule.below);
        check_cases(rule.decl.module, d.cases, rule.type, false);
    }
    ex.set_base(rule.own_cases);
    for (const ExceptionSym& e : rule.exceptions) {
        const ast::Decl& ed = decl(e.decl);
        check_cases(e.decl.module, ed.cases, rule.type, true);
    }
    ex.set_base(-1);
    refuse_deep_inlining(r);
    ex.end_collect();
}

// E0008 when the rule's deepest expression plus the deepest function it calls (inlined by codegen)
// passes kMaxExprDepth; each alone was bounded by the parser and measure_functions.
void DeclChecker::refuse_deep_inlining(uint32_t r) {
    bool callee_too_large = false;
    uint64_t called = ex.called_size(callee_too_large);
    if (called > 0 && !callee_too_large) {
        const RuleSym& rs = P.rules[r];
        uint64_t own = rule_nodes(P.modules[rs.decl.module].ast, decl(rs.decl).cases);
        for (const ExceptionSym& e : rs.exceptions) own += rule_nodes(P.modules[e.decl.module].ast, decl(e.decl).cases);
        if (own + called > kMaxInlinedNodes)
            diags.error(DiagCode::E0011, decl(rs.decl).name_span,
                        fmt::format("rule `{}` is more than {} expressions with the functions it calls written out", rs.name,
                                    kMaxInlinedNodes))
                .help = "a call is compiled by writing out the function's body, once per call; call the function from "
                        "fewer places, or compute its result once as a named rule";
    }
    uint32_t calls = ex.called_depth();
    if (calls == 0 || calls > syntax::kMaxExprDepth) return;  // a function too deep is reported once, itself
    const RuleSym& rule = P.rules[r];
    uint32_t own = 0;
    auto measure = [&](DeclRef ref) {
        const ast::Module& m = P.modules[ref.module].ast;
        for (const ast::Case& c : decl(ref).cases)
            for (ast::ExprId e : {c.condition, c.value}) own = std::max(own, syntax::expr_depth(m, e, syntax::kMaxExprDepth));
    };
    measure(rule.decl);
    for (const ExceptionSym& e : rule.exceptions) measure(e.decl);
    if (own + calls <= syntax::kMaxExprDepth) return;
    diags.error(DiagCode::E0008, decl(rule.decl).name_span,
                fmt::format("rule `{}` is more than {} levels deep with the functions it calls written out", rule.name,
                            syntax::kMaxExprDepth))
        .help = "a call is compiled by writing out the function's body; split the rule into named rules";
}

void DeclChecker::check_bodies() {
    for (uint32_t f = 0; f < P.functions.size(); ++f) ex.declare_function_params(f);
    for (uint32_t i = 0; i < P.inputs.size(); ++i) {
        for (DeclRef ref : {P.inputs[i].decl, P.inputs[i].default_from}) {
            const ast::Decl& d = decl(ref);
            if (d.default_value != ast::kNone) check_literal(ref.module, d.default_value, P.inputs[i].type, "an input's default");
            if (ref.module == P.inputs[i].default_from.module && ref.decl == P.inputs[i].default_from.decl) break;
        }
    }
    for (ParamSym& p : P.params)
        for (DeclRef h : p.history) {
            const ast::Decl& d = decl(h);
            // The grammar gives a declaration either one `= value` or values that all have `from`.
            for (const ast::DatedParamValue& v : d.values) {
                check_literal(h.module, v.value, p.type, "a parameter's value");
                if (v.from != ast::kNone) check_literal(h.module, v.from, P.types.prim(Kind::Date), "a `from` date");
            }
        }
    for (TableSym& t : P.tables) {
        const ast::Decl& d = decl(t.decl);
        for (const ast::TableRow& row : d.rows) {
            check_literal(t.decl.module, row.key, t.key, "a table key");
            check_literal(t.decl.module, row.value, t.value, "a table value");
        }
        const TypeDesc& kd = P.types.at(t.key);
        if (kd.kind == Kind::Enum) {
            std::vector<bool> seen(P.types.enum_at(kd.ref).cases.size());
            for (const ast::TableRow& row : d.rows) {
                const Annotation& a = P.note(t.decl.module, row.key);
                if (a.ref == Ref::EnumCase && a.index < seen.size()) seen[a.index] = true;
            }
            t.exhaustive = std::all_of(seen.begin(), seen.end(), [](bool b) { return b; });
        }
    }
    for (CalendarSym& c : P.calendars) {
        std::vector<DeclRef> all{c.decl};
        all.insert(all.end(), c.amendments.begin(), c.amendments.end());
        for (DeclRef ref : all)
            for (const ast::CalendarEntry& e : decl(ref).entries) {
                check_literal(ref.module, e.from, P.types.prim(Kind::Date), "a calendar date");
                if (e.to != ast::kNone) check_literal(ref.module, e.to, P.types.prim(Kind::Date), "a calendar date");
            }
        check_calendar_coverage(c, all);
    }
    for (uint32_t f = 0; f < P.functions.size(); ++f) ex.check_function(f);
    ex.measure_functions();
    for (uint32_t r = 0; r < P.rules.size(); ++r) check_rule(r);
}

void DeclChecker::check_outputs() {
    for (uint32_t m = 0; m < P.modules.size(); ++m)
        for (const ast::Decl& d : P.modules[m].ast.decls) {
            if (d.kind != D::Output) continue;
            for (size_t i = 0; i < d.items.size(); ++i) {
                auto it = globals.names.find(d.items[i]);
                if (it == globals.names.end() || it->second.ref != Ref::Rule) {
                    auto& e = diags.error(DiagCode::E0212, d.item_spans[i], fmt::format("`{}` is not a rule, so it cannot be an output", d.items[i]));
                    if (std::string s = globals.suggest(d.items[i], Ref::Rule); !s.empty()) e.help = fmt::format("did you mean `{}`?", s);
                    else e.help = "`output` lists rules; declare the rule first, e.g. `rule name: type = ...`";
                    continue;
                }
                if (std::find(P.outputs.begin(), P.outputs.end(), it->second.index) == P.outputs.end())
                    P.outputs.push_back(it->second.index);
            }
        }
}

void DeclChecker::check_tests() {
    for (TestSym& t : P.tests) {
        const ast::Decl& d = decl(t.decl);
        for (const ast::Assignment& a : d.given) {
            auto it = globals.names.find(a.name);
            if (it == globals.names.end() || (it->second.ref != Ref::Input)) {
                auto& e = diags.error(DiagCode::E0213, a.name_span, fmt::format("`{}` is not an input, so a test cannot give it", a.name));
                if (std::string s = globals.suggest(a.name, Ref::Input); !s.empty()) e.help = fmt::format("did you mean `{}`?", s);
                continue;
            }
            check_literal(t.decl.module, a.value, P.inputs[it->second.index].type, "a test's given value");
        }
        for (const ast::Assignment& a : d.expect) {
            auto it = globals.names.find(a.name);
            if (it == globals.names.end() || it->second.ref != Ref::Rule) {
                auto& e = diags.error(DiagCode::E0214, a.name_span, fmt::format("`{}` is not a rule, so a test cannot expect it", a.name));
                if (std::string s = globals.suggest(a.name, Ref::Rule); !s.empty()) e.help = fmt::format("did you mean `{}`?", s);
                else if (it != globals.names.end() && it->second.ref == Ref::Input)
                    e.help = fmt::format("`{}` is an input: put it after `given`; `expect` checks the values of rules", a.name);
                continue;
            }
            if (!a.expects_error)
                check_literal(t.decl.module, a.value, P.types.optional_of(P.rules[it->second.index].type), "a test's expected value");
        }
    }
}

void DeclChecker::check_dependencies() {
    // Functions' dependencies are folded into the rules that call them by the expression checker.
    // Depth-first search with an explicit stack: a policy may chain tens of thousands of rules,
    // which recursion would pay for in C++ stack.
    std::vector<Visit> state(P.rules.size(), Visit::New);
    std::vector<std::pair<uint32_t, size_t>> path;   // rule, index of its next dependency
    std::vector<uint32_t> finished;                  // each rule after all it depends on
    for (uint32_t start = 0; start < P.rules.size(); ++start) {
        if (state[start] != Visit::New) continue;
        state[start] = Visit::OnPath;
        path.push_back({start, 0});
        while (!path.empty()) {
            uint32_t r = path.back().first;
            size_t next = path.back().second++;
            const std::vector<uint32_t>& deps = P.rules[r].depends_on;
            if (next == deps.size()) {
                state[r] = Visit::Done;
                finished.push_back(r);
                path.pop_back();
                continue;
            }
            uint32_t dep = deps[next];
            if (state[dep] == Visit::New) {
                state[dep] = Visit::OnPath;
                path.push_back({dep, 0});
            } else if (state[dep] == Visit::OnPath) {
                report_cycle(path, dep);
            }
        }
    }
    if (diags.has_errors()) return;
    // Transitive inputs, for the schema and for "which inputs does this output need"; `finished`
    // lists every rule after its dependencies, so theirs are complete when it is reached.
    for (uint32_t r : finished) {
        std::vector<uint32_t> all = P.rules[r].inputs;
        for (uint32_t dep : P.rules[r].depends_on)
            all.insert(all.end(), P.rules[dep].inputs.begin(), P.rules[dep].inputs.end());
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        P.rules[r].inputs = std::move(all);
    }
}

// E0215 for the circle that closes at `dep` (on the search path); long circles are shown by their
// first and last rules.
void DeclChecker::report_cycle(const std::vector<std::pair<uint32_t, size_t>>& path, uint32_t dep) {
    auto it = std::find_if(path.begin(), path.end(), [&](const auto& p) { return p.first == dep; });
    constexpr long kShown = 8;
    long size = path.end() - it;
    std::string chain;
    for (long k = 0; k < size; ++k) {
        if (size > 2 * kShown && k == kShown) {
            chain += fmt::format("… ({} more) → ", size - 2 * kShown);
            k = size - kShown;
        }
        chain += "`" + P.rules[(it + k)->first].name + "` → ";
    }
    chain += "`" + P.rules[dep].name + "`";
    auto& e = diags.error(DiagCode::E0215, decl(P.rules[dep].decl).name_span,
                          fmt::format("these rules depend on each other in a circle: {}", chain));
    e.help = "a rule cannot use its own value, directly or through other rules";
}

bool DeclChecker::run() {
    for (ModuleInfo& m : P.modules) m.annotations.assign(m.ast.exprs.size(), Annotation{});
    collect_types();
    collect_symbols();
    check_bodies();
    check_outputs();
    check_tests();
    check_dependencies();
    return !diags.has_errors();
}

}  // namespace

bool check_program(CheckedProgram& prog, const SourceMap& sources, Diagnostics& diags) {
    DeclChecker c(prog, sources, diags);
    return c.run();
}

}  // namespace edict::check
