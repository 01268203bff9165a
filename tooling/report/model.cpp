// Builds the report model (model.hpp) from the regression core: the notice texts as notice_text.hpp
// cuts them, the quotes where verify_citations found them, the tests as collect_tests reads them,
// each rule's reads from Dependencies, and the clauses as coverage() grades them.
#include "tooling/report/model.hpp"
#include "runtime/support/utf8.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "tooling/explain/source_text.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/dependencies.hpp"
#include "tooling/regression/test_cases.hpp"

namespace edict::report {

namespace fs = std::filesystem;

namespace {

template <class T>
void add_unique(std::vector<T>& v, const T& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

std::string location(const SourceMap& sources, const Span& s) {
    const SourceFile& f = sources.file(s.file);
    LineCol lc = f.line_col(s.begin);
    return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
}

class Builder {
public:
    Builder(const Compilation& c, Model& m) : C(c), P(c.checked), M(m), deps_(c.checked) {}
    bool run(std::string& error);
    bool run_notices(std::string& error);

private:
    bool load_citations(std::string& error);
    void notices();
    void rules();
    void tests();
    void params();
    void marks();
    void clauses();
    void cite(const std::vector<ast::Citation>& cs, Definition& def, Rule& r);

    const Compilation& C;
    const check::CheckedProgram& P;
    Model& M;
    regression::Dependencies deps_;
    regression::CitationReport cites_;
    std::vector<regression::TestCase> tests_;
};

void Builder::notices() {
    for (const check::NoticeSym& n : P.notices) {
        if (!regression::in_policy_folder(C, n.decl.module)) continue;  // graded where its module is checked
        Notice out;
        out.name = n.name;
        out.issued = P.decl(n.decl).notice_date;
        out.text_path = n.text_path;
        auto t = cites_.texts.find(n.name);
        if (t != cites_.texts.end()) {
            const std::u32string& norm = t->second->norm();
            for (const regression::NoticeParagraph& np : t->second->paragraphs()) {
                Paragraph p;
                p.text = utf8::encode(norm.substr(np.begin, np.end - np.begin));
                p.clause = np.clause;
                p.heading = np.heading;
                p.numbered = np.numbered;
                out.paragraphs.push_back(std::move(p));
            }
        }
        M.notices.push_back(std::move(out));
    }
}

void Builder::cite(const std::vector<ast::Citation>& cs, Definition& def, Rule& r) {
    for (const ast::Citation& c : cs) {
        if (c.clause.empty()) continue;
        add_unique(r.clauses, ClauseRef{c.notice, c.clause});
        if (!c.quote.empty()) def.quotes.push_back({ClauseRef{c.notice, c.clause}, c.quote});
    }
}

void Builder::rules() {
    auto names = [](const auto& syms, const std::vector<uint32_t>& idx) {
        std::vector<std::string> out;
        for (uint32_t i : idx)
            if (std::find(out.begin(), out.end(), syms[i].name) == out.end()) out.push_back(syms[i].name);
        return out;
    };
    for (uint32_t i = 0; i < P.rules.size(); ++i) {
        const check::RuleSym& sym = P.rules[i];
        if (sym.base_of >= 0) continue;  // a definition `base` reads: shown with its rule (history)
        const ast::Decl& d = P.decl(sym.decl);
        Rule r;
        r.name = sym.name;
        r.file = rule_file(sym.name);
        r.type = P.types.name(sym.type);
        r.doc = d.doc;
        r.location = location(C.sources, d.name_span);
        r.module = P.modules[sym.decl.module].name;
        r.output = std::find(P.outputs.begin(), P.outputs.end(), i) != P.outputs.end();
        auto add_cases = [&](check::DeclRef ref, const std::string& label) {
            const ast::Decl& dd = P.decl(ref);
            for (const ast::Case& c : dd.cases) {
                Definition def;
                def.label = label;
                def.over = dd.over;
                def.location = location(C.sources, c.span);
                std::string value = explain::expr_text(P, C.sources, ref.module, c.value);
                if (c.is_otherwise) def.form = "otherwise " + value;
                else if (c.condition != ast::kNone)
                    def.form = "when " + explain::expr_text(P, C.sources, ref.module, c.condition) + " then " + value;
                else def.form = "= " + value;
                cite(c.cites.empty() ? dd.cites : c.cites, def, r);
                r.definitions.push_back(std::move(def));
            }
        };
        for (const check::ExceptionSym& ex : sym.exceptions) add_cases(ex.decl, ex.label);
        add_cases(sym.decl, "base");
        // What an `override rule` replaced, newest first: the reader sees what the later law changed.
        for (size_t h = sym.history.size(); h-- > 1;) add_cases(sym.history[h - 1], "replaced");
        const regression::RuleReads& reads = deps_.reads(i);
        r.inputs = names(P.inputs, reads.inputs);
        r.params = names(P.params, reads.params);
        r.rules = names(P.rules, reads.rules);
        r.functions = names(P.functions, reads.functions);
        r.used_by = names(P.rules, deps_.used_by(i));
        for (uint32_t in : sym.inputs) r.all_inputs.push_back(P.inputs[in].name);
        M.rule_index[r.name] = M.rules.size();
        M.rules.push_back(std::move(r));
    }
}

// A test's given and expected values one by one, as written: a declaration's expressions, a case
// line's JSON values.
void given_and_expect(const Compilation& C, const regression::TestCase& t, TestCase& tc) {
    if (t.kind == regression::TestCase::Kind::Declaration) {
        const ast::Decl& d = C.checked.decl(t.decl);
        auto text = [&](ast::ExprId e) { return explain::expr_text(C.checked, C.sources, t.decl.module, e); };
        for (const ast::Assignment& a : d.given) tc.given.push_back({a.name, text(a.value)});
        for (const ast::Assignment& a : d.expect)
            tc.expect.push_back({a.name, a.expects_error ? fmt::format("error \"{}\"", a.error_text) : text(a.value)});
        return;
    }
    for (const auto& [name, value] : t.input.members) tc.given.push_back({name, io::to_json_text(value)});
    for (const auto& [name, value] : t.expected) tc.expect.push_back({name, io::to_json_text(value)});
    for (const auto& [name, part] : t.expected_errors) tc.expect.push_back({name, fmt::format("error \"{}\"", part)});
}

void Builder::tests() {
    for (size_t k = 0; k < tests_.size(); ++k) {
        const regression::TestCase& t = tests_[k];
        TestCase tc;
        tc.where = t.kind == regression::TestCase::Kind::Declaration
                       ? fmt::format("test \"{}\" ({})", t.name, t.where)
                       : fmt::format("{}:{}", (fs::path("tests") / t.file).string(), t.line);
        tc.name = t.name;
        tc.clause = t.clause;
        given_and_expect(C, t, tc);
        // The policy's tests run here as `edict test` runs them, so the report says which pass.
        regression::TestResult result = regression::run_test(C, *C.program, t);
        tc.passed = result.passed;
        tc.broken = !t.problems.empty();
        tc.problems = tc.broken ? t.problems : result.problems;
        (tc.passed ? M.tests_passed : M.tests_failed)++;
        for (const std::string& problem : t.problems) M.warnings.push_back(t.where + ": " + problem);
        std::vector<uint32_t> outputs;
        if (t.problems.empty())
            for (const std::string& o : t.outputs)
                if (auto it = M.rule_index.find(o); it != M.rule_index.end()) {
                    add_unique(tc.rules, o);
                    outputs.push_back(static_cast<uint32_t>(it->second));
                }
        std::vector<bool> reached = deps_.reached(outputs);
        for (uint32_t r = 0; r < reached.size(); ++r)
            if (reached[r]) M.rules[r].tests.push_back(k);
        M.tests.push_back(std::move(tc));
    }
}

// Every parameter the policy's rules may read (its own and its imports', like the rules), the value
// in force first, then those an override replaced.
void Builder::params() {
    std::map<std::string, std::vector<std::string>> readers;  // parameter -> rules reading it, in one pass
    for (const Rule& r : M.rules)
        for (const std::string& p : r.params) readers[p].push_back(r.name);
    for (const check::ParamSym& sym : P.params) {
        const ast::Decl& d = P.decl(sym.decl);
        Param out;
        out.name = sym.name;
        out.type = P.types.name(sym.type);
        out.doc = d.doc;
        out.location = location(C.sources, d.name_span);
        out.module = P.modules[sym.decl.module].name;
        auto add_values = [&](check::DeclRef ref, bool replaced) {
            const ast::Decl& dd = P.decl(ref);
            auto text = [&](ast::ExprId e) { return explain::expr_text(P, C.sources, ref.module, e); };
            for (const ast::DatedParamValue& v : dd.values) {
                ParamValue pv;
                pv.from = v.from == ast::kNone ? "" : text(v.from);
                pv.value = text(v.value);
                pv.location = location(C.sources, v.span);
                pv.replaced = replaced;
                for (const ast::Citation& c : v.cites.empty() ? dd.cites : v.cites)
                    if (!c.clause.empty()) pv.quotes.push_back({ClauseRef{c.notice, c.clause}, c.quote});
                out.values.push_back(std::move(pv));
            }
        };
        add_values(sym.decl, false);
        for (size_t h = sym.history.size(); h-- > 1;) add_values(sym.history[h - 1], true);
        if (auto it = readers.find(sym.name); it != readers.end()) out.used_by = it->second;
        M.params.push_back(std::move(out));
    }
}

// Each quote is marked where verify_citations found it; overlapping marks (two declarations
// quoting overlapping sentences) merge into one.
void Builder::marks() {
    for (const regression::LocatedCitation& lc : cites_.citations) {
        auto t = cites_.texts.find(lc.notice);
        if (t == cites_.texts.end()) continue;  // a notice without text: nothing to mark
        const ast::Decl& d = P.decl(lc.decl);
        if (lc.clause.empty()) {
            M.warnings.push_back(fmt::format("{}: the quote cited by {} (§{}) is not in the text of notice \"{}\"",
                                             location(C.sources, lc.cite->span), lc.owner, lc.cite->clause, lc.notice));
            for (Clause& cl : M.clauses)
                if (cl.notice == lc.notice && cl.id == lc.cite->clause) add_unique(cl.unfound_quotes, lc.cite->quote);
            continue;
        }
        Notice* notice = nullptr;
        for (Notice& n : M.notices)
            if (n.name == lc.notice) notice = &n;
        const auto& paras = t->second->paragraphs();
        const std::u32string& norm = t->second->norm();
        for (size_t i = 0; notice && i < paras.size(); ++i) {
            const regression::NoticeParagraph& np = paras[i];
            if (lc.begin < np.begin || lc.begin >= np.end) continue;
            size_t end = std::min(lc.end, np.end);
            Mark m;
            m.begin = utf8::encode(norm.substr(np.begin, lc.begin - np.begin)).size();
            m.end = m.begin + utf8::encode(norm.substr(lc.begin, end - lc.begin)).size();
            m.clause = lc.clause;
            if (d.kind == ast::DeclKind::Rule) m.rules.push_back(d.name);
            else if (d.kind == ast::DeclKind::Exception) m.rules.push_back(d.target);
            else if (d.kind == ast::DeclKind::Param) m.params.push_back(d.name);
            else if (d.kind == ast::DeclKind::Override) m.params.push_back(d.target);
            notice->paragraphs[i].marks.push_back(std::move(m));
        }
    }
    for (Notice& n : M.notices)
        for (Paragraph& p : n.paragraphs) {
            std::stable_sort(p.marks.begin(), p.marks.end(), [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
            std::vector<Mark> merged;
            for (Mark& m : p.marks) {
                if (!merged.empty() && m.begin < merged.back().end) {
                    Mark& last = merged.back();
                    last.end = std::max(last.end, m.end);
                    for (auto& r : m.rules) add_unique(last.rules, r);
                    for (auto& q : m.params) add_unique(last.params, q);
                } else {
                    merged.push_back(std::move(m));
                }
            }
            p.marks = std::move(merged);
        }
}

void Builder::clauses() {
    regression::Coverage cov = regression::coverage(C, cites_, tests_);
    for (const regression::ClauseCoverage& cc : cov.clauses) {
        Clause cl;
        cl.notice = cc.notice;
        cl.id = cc.id;
        cl.status = cc.status;
        for (uint32_t r : cc.rule_indexes) add_unique(cl.rules, P.rules[r].name);
        for (uint32_t p : cc.param_indexes) add_unique(cl.params, P.params[p].name);
        cl.tests = cc.tests;
        if (cc.status == regression::ClauseStatus::NotComputable)
            cl.not_computable = cc.reason.empty() ? "not computable" : cc.reason;
        M.clauses.push_back(std::move(cl));
    }
}

bool Builder::load_citations(std::string& error) {
    M.policy = C.root;
    Diagnostics diags;  // `edict check` reports the citations' problems; the report shows what it found
    cites_ = regression::verify_citations(P, diags);
    for (const Diagnostic& d : diags.items())
        if (d.code == "E0507" || d.code == "E0509") {  // a notice text unreadable, not UTF-8 or without clauses
            error = d.message;
            return false;
        }
    return true;
}

bool Builder::run_notices(std::string& error) {
    if (!load_citations(error)) return false;
    notices();
    marks();  // with no clauses graded, a quote not found is only a warning here
    return true;
}

bool Builder::run(std::string& error) {
    if (!load_citations(error)) return false;
    tests_ = regression::collect_tests(C, cites_.texts);
    notices();
    rules();
    tests();
    params();
    clauses();
    marks();
    return true;
}

}  // namespace

std::string rule_file(const std::string& name) {
    std::string out;
    for (unsigned char ch : name) {
        if (std::isalnum(ch) || ch == '_') out += static_cast<char>(ch);
        else out += fmt::format("_{:02x}", ch);
    }
    return out + ".html";
}

bool build_model(const Compilation& c, Model& out, std::string& error) {
    out = Model{};
    if (!c.ok()) { error = "the policy does not compile"; return false; }
    Builder b(c, out);
    return b.run(error);
}

bool build_notice_model(const Compilation& c, Model& out, std::string& error) {
    out = Model{};
    if (!c.ok()) { error = "the policy does not compile"; return false; }
    Builder b(c, out);
    return b.run_notices(error);
}

}  // namespace edict::report
