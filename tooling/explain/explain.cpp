// Builds explanations from a traced run: the events TRACE recorded, keyed by (rule, expression),
// laid over each definition's AST. See explain.hpp for the approach; the JSON and text writers
// are in explain_write.cpp.
#include "tooling/explain/explain.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "compiler/codegen/codegen.hpp"
#include "tooling/explain/source_text.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::explain {

using check::Ref;
using K = ast::ExprKind;

namespace {

constexpr int kMaxTermDepth = 16;  // function bodies nest; this bounds the printed tree

bool is_literal(K k) {
    switch (k) {
        case K::IntLit: case K::DecLit: case K::MoneyLit: case K::DateLit: case K::MonthLit: case K::DurationLit:
        case K::TextLit: case K::BoolLit: case K::NullLit: return true;
        default: return false;
    }
}

uint64_t key(uint32_t rule, uint32_t point) { return uint64_t{rule} << 32 | point; }
uint32_t point_of(uint32_t module, ast::ExprId e) { return TracePoint{module, e}.packed(); }

}  // namespace

struct Explainer::Impl {
    const Compilation& C;
    std::shared_ptr<const Program> program;  // the traced program
    // One run's recorded values, as JSON text, in the order they were computed.
    std::map<uint64_t, std::vector<std::string>> values;
    std::map<uint32_t, std::vector<uint32_t>> points_of_rule;  // first-occurrence order
    std::map<uint32_t, std::string> rule_values;

    explicit Impl(const Compilation& c) : C(c) {}

    const check::CheckedProgram& P() const { return C.checked; }
    std::string location(const Span& s) const {
        const SourceFile& f = C.sources.file(s.file);
        LineCol lc = f.line_col(s.begin);
        return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
    }
    std::string encode(TypeId t, const Value& v) const {
        if (v.tag == Tag::Null) return "null";
        std::string out;
        io::encode_value(*program, t, v, out);
        return out;
    }
    const std::string* value_of(uint32_t rule, uint32_t m, ast::ExprId e) const {
        auto it = values.find(key(rule, point_of(m, e)));
        return it == values.end() || it->second.empty() ? nullptr : &it->second.front();
    }

    void record(const std::vector<vm::TraceEvent>& events);
    Term term(uint32_t rule, uint32_t m, ast::ExprId e, int depth) const;
    void failing(uint32_t rule, uint32_t m, ast::ExprId e, std::vector<Term>& out, int depth) const;
    std::vector<CitationText> citations(const std::vector<ast::Citation>& cs) const;
    void arm_citations(uint32_t rule, uint32_t m, ast::ExprId e, std::vector<CitationText>& out) const;
    RuleExplanation rule(uint32_t r) const;
    void definitions(uint32_t r, uint32_t m, const ast::Decl& d, const std::string& label, RuleExplanation& out) const;
};

void Explainer::Impl::record(const std::vector<vm::TraceEvent>& events) {
    values.clear();
    points_of_rule.clear();
    rule_values.clear();
    for (const vm::TraceEvent& ev : events) {
        auto [m, e] = TracePoint::unpack(ev.point);
        const check::Annotation& a = P().note(m, e);
        std::string text = encode(a.type, ev.value);
        auto& list = values[key(ev.rule, ev.point)];
        if (list.empty()) points_of_rule[ev.rule].push_back(ev.point);
        list.push_back(text);
        const ast::Expr& x = P().expr(m, e);
        if (x.kind == K::Name && a.ref == Ref::Rule) rule_values.emplace(a.index, text);
    }
}

Term Explainer::Impl::term(uint32_t rule, uint32_t m, ast::ExprId e, int depth) const {
    const ast::Expr& x = P().expr(m, e);
    const check::Annotation& a = P().note(m, e);
    Term t;
    t.text = expr_text(P(), C.sources, m, e);
    t.location = location(x.span);
    if (const std::string* v = value_of(rule, m, e)) t.value = *v;
    if (x.kind == K::Name || x.kind == K::At) {
        uint32_t index = x.kind == K::At ? P().note(m, x.a).index : a.index;
        Ref ref = x.kind == K::At ? Ref::Param : a.ref;
        if (ref == Ref::Input) { t.refers = "input"; t.name = P().inputs[index].name; }
        if (ref == Ref::Rule) { t.refers = "rule"; t.name = P().rules[index].name; }
        if (ref == Ref::Param) { t.refers = "param"; t.name = P().params[index].name; }
    }
    if (depth >= kMaxTermDepth) return t;
    std::vector<std::pair<uint32_t, ast::ExprId>> kids;
    auto add = [&](ast::ExprId k) { if (k != ast::kNone) kids.push_back({m, k}); };
    switch (x.kind) {
        case K::Unary: case K::IsNull: case K::Field: add(x.a); break;
        case K::Binary: add(x.a); add(x.b); break;
        case K::If: add(x.a); add(x.b); add(x.c); break;
        case K::Let: add(x.a); add(x.b); break;
        case K::Match: add(x.a); for (const ast::MatchArm& arm : x.arms) add(arm.body); break;
        case K::ListLit: for (ast::ExprId i : x.list) add(i); break;
        case K::Filter: add(x.a); break;  // the condition runs once per element: its values are not one value
        case K::Index: case K::At: add(x.b); break;
        case K::Call:
            for (ast::ExprId i : x.list) add(i);
            if (a.ref == Ref::Function) {
                const check::FunctionSym& f = P().functions[a.index];
                t.refers = "function";
                t.name = f.name;
                kids.push_back({f.decl.module, P().decl(f.decl).body});
            }
            break;
        default: break;
    }
    for (auto [km, k] : kids) {
        if (is_literal(P().expr(km, k).kind)) continue;
        Term part = term(rule, km, k, depth + 1);
        // `a and b and c` parses as ((a and b) and c): show the conjuncts side by side.
        const ast::Expr& kx = P().expr(km, k);
        bool same_chain = x.kind == K::Binary && kx.kind == K::Binary && km == m && (x.bop == ast::BinOp::And || x.bop == ast::BinOp::Or) &&
                          kx.bop == x.bop && k == x.a;
        if (same_chain) for (Term& p : part.parts) t.parts.push_back(std::move(p));
        else t.parts.push_back(std::move(part));
    }
    return t;
}

// The first failing condition on each path of a boolean that came out false: `a and b` fails
// where its first false operand fails; `a or b` fails on both; a call to a function fails where
// its body fails; anything else (a comparison, a rule, an input) is itself the failing condition.
void Explainer::Impl::failing(uint32_t rule, uint32_t m, ast::ExprId e, std::vector<Term>& out, int depth) const {
    const std::string* v = value_of(rule, m, e);
    if (!v || *v != "false") return;
    const ast::Expr& x = P().expr(m, e);
    const check::Annotation& a = P().note(m, e);
    if (depth < kMaxTermDepth) {
        if (x.kind == K::Binary && a.op == check::OpKind::And) {
            const std::string* left = value_of(rule, m, x.a);
            if (left && *left == "false") return failing(rule, m, x.a, out, depth + 1);
            return failing(rule, m, x.b, out, depth + 1);
        }
        if (x.kind == K::Binary && a.op == check::OpKind::Or) {
            failing(rule, m, x.a, out, depth + 1);
            failing(rule, m, x.b, out, depth + 1);
            return;
        }
        if (x.kind == K::Call && a.ref == Ref::Function) {
            const check::FunctionSym& f = P().functions[a.index];
            size_t before = out.size();
            failing(rule, f.decl.module, P().decl(f.decl).body, out, depth + 1);
            if (out.size() > before) return;
        }
    }
    out.push_back(term(rule, m, e, depth));
}

std::vector<CitationText> Explainer::Impl::citations(const std::vector<ast::Citation>& cs) const {
    std::vector<CitationText> out;
    for (const ast::Citation& c : cs) out.push_back({c.notice, c.clause, c.quote, location(c.span)});
    return out;
}

// The citations of the match arms under e that this case took (their value was computed).
void Explainer::Impl::arm_citations(uint32_t rule, uint32_t m, ast::ExprId e, std::vector<CitationText>& out) const {
    if (e == ast::kNone) return;
    const ast::Expr& x = P().expr(m, e);
    for (ast::ExprId k : {x.a, x.b, x.c}) arm_citations(rule, m, k, out);
    for (ast::ExprId k : x.list) arm_citations(rule, m, k, out);
    for (const ast::MatchArm& arm : x.arms) {
        if (!value_of(rule, m, arm.body)) continue;
        for (CitationText& c : citations(arm.cites)) out.push_back(std::move(c));
        arm_citations(rule, m, arm.body, out);
    }
}

void Explainer::Impl::definitions(uint32_t r, uint32_t m, const ast::Decl& d, const std::string& label,
                                  RuleExplanation& out) const {
    for (const ast::Case& c : d.cases) {
        Definition def;
        def.label = label;
        def.over = d.over;
        def.kind = c.is_otherwise ? "otherwise" : c.condition != ast::kNone ? "when" : "always";
        def.location = location(c.span);
        def.citations = citations(c.cites.empty() ? d.cites : c.cites);
        arm_citations(r, m, c.value, def.citations);
        bool value_ran = value_of(r, m, c.value) != nullptr;
        if (c.condition != ast::kNone) {
            def.condition = term(r, m, c.condition, 0);
            const std::string* cv = value_of(r, m, c.condition);
            def.status = !cv ? "not_evaluated" : *cv == "true" && value_ran ? "applied" : *cv == "true" ? "not_evaluated" : "not_applicable";
            if (def.status == "not_applicable") failing(r, m, c.condition, def.failed, 0);
        } else {
            def.status = value_ran ? "applied" : "not_evaluated";
        }
        if (value_ran) def.value = term(r, m, c.value, 0);
        // Why not: a boolean that came out false, through the definition that gave it. A literal
        // `false` is explained by the condition that held; a computed one by where it failed.
        if (def.status == "applied" && out.value && *out.value == "false" && !is_literal(P().expr(m, c.value).kind))
            failing(r, m, c.value, out.why_not, 0);
        out.definitions.push_back(std::move(def));
    }
}

RuleExplanation Explainer::Impl::rule(uint32_t r) const {
    const check::RuleSym& sym = P().rules[r];
    const ast::Decl& d = P().decl(sym.decl);
    RuleExplanation out;
    out.name = sym.name;
    out.type = P().types.name(sym.type);
    out.doc = d.doc;
    out.location = location(d.name_span);
    out.citations = citations(d.cites);
    if (auto it = rule_values.find(r); it != rule_values.end()) out.value = it->second;
    // Exceptions first: they are evaluated first and win over the base definition.
    for (const check::ExceptionSym& ex : sym.exceptions) {
        definitions(r, ex.decl.module, P().decl(ex.decl), ex.label, out);
    }
    definitions(r, sym.decl.module, d, "base", out);
    // Why a definition was never looked at: default logic skips the rest once one applied.
    std::string applied;
    for (const Definition& def : out.definitions)
        if (def.status == "applied") applied = def.label;
    for (Definition& def : out.definitions) {
        if (def.status != "not_evaluated") continue;
        if (!applied.empty() && applied != def.label) def.reason = fmt::format("exception {} applied", applied);
        else if (!applied.empty()) def.reason = "another case of this definition applied";
        else if (!out.value) def.reason = "evaluation stopped with an error";
        else def.reason = "not needed";
    }
    std::set<std::string> seen;
    auto pts = points_of_rule.find(r);
    if (pts != points_of_rule.end())
        for (uint32_t p : pts->second) {
            auto [m, e] = TracePoint::unpack(p);
            const ast::Expr& x = P().expr(m, e);
            if (x.kind != K::Name) continue;
            Term t = term(r, m, e, kMaxTermDepth);
            if (t.refers.empty() || !t.value || !seen.insert(t.refers + ":" + t.name).second) continue;
            out.uses.push_back({t.refers, t.name, *t.value});
        }
    return out;
}

Explainer::Explainer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Explainer::~Explainer() = default;

std::unique_ptr<Explainer> Explainer::create(const Compilation& compilation, std::string& error) {
    if (!compilation.ok()) { error = "the policy does not compile"; return nullptr; }
    auto impl = std::make_unique<Impl>(compilation);
    Diagnostics diags;
    impl->program = codegen::generate(compilation.checked, compilation.sources, diags, {.trace = true});
    if (!impl->program) { error = "could not generate the traced program"; return nullptr; }
    return std::unique_ptr<Explainer>(new Explainer(std::move(impl)));
}

bool Explainer::run(const io::Json& input, const std::vector<std::string>& outputs, bool allow_extra,
                    Explanation& out, std::string& error) {
    const Program& prog = *impl_->program;
    std::vector<uint32_t> rules;
    for (const std::string& name : outputs) {
        const RuleInfo* r = prog.find_rule(name);
        if (!r) { error = fmt::format("`{}` is not a rule of this policy", name); return false; }
        rules.push_back(static_cast<uint32_t>(r - prog.rules.data()));
    }
    io::DecodedCase dc;
    io::CaseError ce;
    if (!io::decode_case(prog, input, allow_extra, dc, ce)) {
        error = ce.input.empty() ? ce.message : fmt::format("input `{}`: {}", ce.input, ce.message);
        return false;
    }
    vm::Session session(prog);
    std::vector<vm::TraceEvent> events;
    session.set_trace(&events);
    std::vector<Value> results(rules.size());
    vm::RuntimeError rt;
    vm::CaseView view = dc.view();
    bool ok = session.evaluate(view, rules.data(), rules.size(), results.data(), rt);
    impl_->record(events);
    out = Explanation{};
    out.policy = impl_->C.root;
    out.outputs = outputs;
    if (ok)
        for (size_t i = 0; i < rules.size(); ++i)
            impl_->rule_values[rules[i]] = impl_->encode(prog.rules[rules[i]].type, results[i]);
    else {
        out.error = vm::error_text(prog, rt);
        out.error_input = rt.input;
    }
    // Depth first from the outputs through the rules each one used.
    std::vector<uint32_t> stack(rules.rbegin(), rules.rend());
    while (!stack.empty()) {
        uint32_t r = stack.back();
        stack.pop_back();
        const std::string& name = impl_->P().rules[r].name;
        if (out.rules.count(name)) continue;
        out.rules.emplace(name, impl_->rule(r));
        out.order.push_back(name);
        const RuleExplanation& re = out.rules.at(name);
        for (auto it = re.uses.rbegin(); it != re.uses.rend(); ++it)
            if (it->kind == "rule") stack.push_back(static_cast<uint32_t>(prog.find_rule(it->name) - prog.rules.data()));
    }
    return true;
}

}  // namespace edict::explain
