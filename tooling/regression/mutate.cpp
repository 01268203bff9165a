// Mutation check (see mutate.hpp): mutants of the checked program, each regenerated and tested.
#include "tooling/regression/mutate.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "compiler/codegen/codegen.hpp"
#include "tooling/regression/citations.hpp"
#include "runtime/value/date.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::regression {

namespace fs = std::filesystem;
using K = ast::ExprKind;

size_t MutationReport::survivors() const {
    return static_cast<size_t>(std::count_if(mutants.begin(), mutants.end(), [](const MutantResult& m) { return !m.killed; }));
}

namespace {

// The name of the first test the program fails, or empty when all pass. The step budget stops
// a mutant that loops (a flipped comparison in a recursive function).
std::string first_failure(const Compilation& c, const Program& p, const std::vector<TestCase>& tests) {
    for (const TestCase& t : tests)
        if (!run_test(c, p, t, 1'000'000).passed)
            return t.kind == TestCase::Kind::Declaration ? "test \"" + t.name + "\"" : t.name;
    return {};
}

// --- the mutants ---

struct Site {
    uint32_t module;
    ast::ExprId expr;
    std::string owner;
    ast::ExprId parent = ast::kNone;  // to show a literal in its context
};

void collect(const ast::Module& M, ast::ExprId e, uint32_t module, const std::string& owner, std::vector<Site>& out,
             ast::ExprId parent = ast::kNone) {
    if (e == ast::kNone) return;
    out.push_back({module, e, owner, parent});
    const ast::Expr& x = M.exprs[e];
    collect(M, x.a, module, owner, out, e);
    collect(M, x.b, module, owner, out, e);
    collect(M, x.c, module, owner, out, e);
    for (ast::ExprId i : x.list) collect(M, i, module, owner, out, e);
    for (const ast::MatchArm& arm : x.arms) collect(M, arm.body, module, owner, out, e);
}

// The source of [from, to) on one line, spaces collapsed: for messages.
std::string source_of(const SourceMap& S, uint32_t file, uint32_t from, uint32_t to) {
    std::string s(S.slice(Span{file, from, to})), out;
    for (char ch : s) {
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
        if (ch == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += ch;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

const char* op_text(ast::BinOp op) {
    switch (op) {
        case ast::BinOp::Lt: return "<";
        case ast::BinOp::Le: return "<=";
        case ast::BinOp::Gt: return ">";
        case ast::BinOp::Ge: return ">=";
        case ast::BinOp::Eq: return "==";
        case ast::BinOp::Ne: return "!=";
        default: return "?";
    }
}

bool flipped(ast::BinOp op, ast::BinOp& out) {
    using B = ast::BinOp;
    switch (op) {
        case B::Lt: out = B::Le; return true;
        case B::Le: out = B::Lt; return true;
        case B::Gt: out = B::Ge; return true;
        case B::Ge: out = B::Gt; return true;
        case B::Eq: out = B::Ne; return true;
        case B::Ne: out = B::Eq; return true;
        default: return false;
    }
}

// An integer literal's text moved by `delta`; money keeps its decimals ("1800.50" → "1801.50").
// Empty when the literal is too large to move (the checker has its own limits; nothing to mutate).
std::string shifted_number(const std::string& text, int delta) {
    size_t dot = text.find('.');
    std::string whole = text.substr(0, dot);
    if (whole.empty() || whole.size() > 17) return {};
    long long v = std::stoll(whole) + delta;
    return std::to_string(v) + (dot == std::string::npos ? "" : text.substr(dot));
}

std::string shifted_date(const std::string& text, int delta) {
    DayNumber d = 0, out = 0;
    if (!parse_date(text, d) || !add_days(d, delta, out)) return {};
    return date_to_string(out);
}

// One change to one expression; `apply` swaps it in, calling it again swaps it back.
struct Mutation {
    Site site;
    bool is_op = false;
    ast::BinOp op{};
    std::string text;
    std::string change, hint;

    void apply(check::CheckedProgram& P) {
        ast::Expr& x = P.modules[site.module].ast.exprs[site.expr];
        if (is_op) std::swap(x.bop, op);
        else std::swap(x.text, text);
    }
};

std::vector<Mutation> mutations(const Compilation& c, const std::string& only) {
    const check::CheckedProgram& P = c.checked;
    std::vector<Site> sites;
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(c.root, ec);
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        if (fs::weakly_canonical(P.modules[m].dir, ec) != root) continue;  // imports are another policy's
        const ast::Module& M = P.modules[m].ast;
        for (const ast::Decl& d : M.decls) {
            using D = ast::DeclKind;
            if (d.kind != D::Rule && d.kind != D::Exception && d.kind != D::Param && d.kind != D::Function &&
                d.kind != D::Override)
                continue;
            std::string owner = owner_name(d);
            if (!only.empty() && owner.find(only) == std::string::npos) continue;
            for (const ast::Case& k : d.cases) collect(M, k.condition, m, owner, sites), collect(M, k.value, m, owner, sites);
            for (const ast::DatedParamValue& v : d.values) collect(M, v.value, m, owner, sites);
            collect(M, d.body, m, owner, sites);
        }
    }
    std::vector<Mutation> out;
    for (const Site& s : sites) {
        const ast::Expr& x = P.expr(s.module, s.expr);
        // A literal is shown in its parent expression (`add_days(d, 1)`, not `1`).
        // Spans of calls reach past their closing parenthesis, so a call is cut at its last argument.
        const ast::Expr& ctx = s.parent != ast::kNone && x.kind != K::Binary ? P.expr(s.module, s.parent) : x;
        bool binary = ctx.kind == K::Binary, call = ctx.kind == K::Call && !ctx.list.empty();
        const ast::Expr& first = binary ? P.expr(s.module, ctx.a) : call ? ctx : x;
        const ast::Expr& last = binary ? P.expr(s.module, ctx.b) : call ? P.expr(s.module, ctx.list.back()) : x;
        std::string src = source_of(c.sources, x.span.file, first.span.begin, last.span.end) + (call ? ")" : "");
        if (x.kind == K::Binary && P.note(s.module, s.expr).op == check::OpKind::Compare) {
            ast::BinOp to;
            if (!flipped(x.bop, to)) continue;
            Mutation mu{s, true, to, {}, fmt::format("`{}` → `{}` in `{}`", op_text(x.bop), op_text(to), src), {}};
            std::string lhs = source_of(c.sources, x.span.file, first.span.begin, first.span.end);
            std::string rhs = source_of(c.sources, x.span.file, last.span.begin, last.span.end);
            mu.hint = x.bop == ast::BinOp::Eq || x.bop == ast::BinOp::Ne
                          ? fmt::format("no test makes `{}` against `{}` decide the result", lhs, rhs)
                          : fmt::format("no test has `{}` equal to `{}` where it decides the result", lhs, rhs);
            out.push_back(std::move(mu));
        } else if (x.kind == K::IntLit || x.kind == K::DurationLit || x.kind == K::MoneyLit) {
            const char* unit = x.kind == K::MoneyLit ? "元" : "";
            for (int delta : {+1, -1}) {
                std::string to = shifted_number(x.text, delta);
                if (to.empty()) continue;
                out.push_back({s, false, {}, to, fmt::format("{}{} → {}{} in `{}`", x.text, unit, to, unit, src),
                               fmt::format("no test tells {}{} from {}{} here", x.text, unit, to, unit)});
            }
        } else if (x.kind == K::DateLit) {
            for (int delta : {+1, -1}) {
                std::string to = shifted_date(x.text, delta);
                if (to.empty()) continue;
                out.push_back({s, false, {}, to, fmt::format("{} → {}", x.text, to),
                               fmt::format("no test has a date between {} and {} where it matters", x.text, to)});
            }
        }
    }
    return out;
}

std::string where(const Compilation& c, const Span& s) {
    const SourceFile& f = c.sources.file(s.file);
    LineCol lc = f.line_col(s.begin);
    return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
}

}  // namespace

MutationReport mutate(Compilation& c, const std::vector<TestCase>& tests, const std::string& only) {
    MutationReport r;
    r.tests = tests.size();
    if (c.program)
        for (const TestCase& t : tests) r.baseline_failures += !run_test(c, *c.program, t, 1'000'000).passed;
    for (Mutation& mu : mutations(c, only)) {
        MutantResult res{mu.site.owner, where(c, c.checked.expr(mu.site.module, mu.site.expr).span), mu.change, mu.hint,
                         false, {}};
        mu.apply(c.checked);
        Diagnostics diags;
        auto program = codegen::generate(c.checked, c.sources, diags);
        mu.apply(c.checked);  // restore before anything can return
        if (!program || diags.has_errors()) {
            res.killed = true;
            res.killed_by = "does not compile";
        } else {
            res.killed_by = first_failure(c, *program, tests);
            res.killed = !res.killed_by.empty();
        }
        r.mutants.push_back(std::move(res));
    }
    return r;
}

std::string mutation_text(const MutationReport& r) {
    std::string out;
    for (const MutantResult& m : r.mutants)
        if (!m.killed) out += fmt::format("SURVIVED  {}  {}\n          {}\n          why: {}\n", m.where, m.owner, m.change, m.hint);
    out += fmt::format("{} mutants, {} killed, {} survived ({} tests each)\n", r.mutants.size(),
                       r.mutants.size() - r.survivors(), r.survivors(), r.tests);
    return out;
}

}  // namespace edict::regression
