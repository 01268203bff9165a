// Builds the report model (model.hpp): reads the notice text, finds each cited sentence in it,
// gathers the tests (test declarations and tests/*.jsonl), walks each rule's definitions for what
// it reads, and grades each clause's coverage.
#include "driver/case_files.hpp"
#include "support/files.hpp"
#include "report/model.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "explain/source_text.hpp"
#include "io/json.hpp"

namespace edict::report {

namespace fs = std::filesystem;
using check::Ref;
using K = ast::ExprKind;

namespace {

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string location(const SourceMap& sources, const Span& s) {
    const SourceFile& f = sources.file(s.file);
    LineCol lc = f.line_col(s.begin);
    return fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
}

// The notice texts are extracted from PDFs: every printed line ends with a blank line, and a
// paragraph ends with U+FFFD. Joined back: one string per paragraph, without line breaks (Chinese
// has no spaces between words) and without the full-width indent.
std::vector<std::string> paragraphs_of(const std::string& raw) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        std::string t = cur;
        for (bool again = true; again;) {
            again = false;
            if (t.rfind("\u3000", 0) == 0) { t.erase(0, 3); again = true; }
            if (!t.empty() && t.front() == ' ') { t.erase(0, 1); again = true; }
        }
        while (!t.empty() && (t.back() == ' ')) t.pop_back();
        if (!t.empty()) out.push_back(t);
        cur.clear();
    };
    for (size_t i = 0; i < raw.size();) {
        if (raw.compare(i, 3, "\uFFFD") == 0) { flush(); i += 3; continue; }
        if (raw[i] == '\r') { ++i; continue; }
        if (raw[i] == '\n') {
            // A paragraph also ends where the next line opens with the full-width indent.
            size_t j = i;
            while (j < raw.size() && raw[j] == '\n') ++j;
            if (raw.compare(j, 3, "\u3000") == 0) flush();
            i = j;
            continue;
        }
        cur += raw[i++];
    }
    flush();
    return out;
}

const char* kSectionNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// "一、…" opens section 一; "3.…" or "3．…" opens clause <section>.3.
bool section_heading(const std::string& p, std::string& id) {
    for (const char* n : kSectionNumerals) {
        std::string s(n);
        if (p.rfind(s + "、", 0) == 0) { id = s; return true; }
    }
    return false;
}

bool numbered_item(const std::string& p, std::string& number) {
    size_t i = 0;
    while (i < p.size() && i < 3 && std::isdigit(static_cast<unsigned char>(p[i]))) ++i;
    if (i == 0 || i >= p.size()) return false;
    if (p[i] != '.' && p.compare(i, 3, "\uFF0E") != 0) return false;
    number = p.substr(0, i);
    return true;
}

std::string section_of(const std::string& clause) { return clause.substr(0, clause.find('.')); }

// Everything a rule reads directly: the names in its definitions, and through the functions it
// calls, the names in their bodies.
struct Reads {
    const check::CheckedProgram& P;
    Rule& r;
    std::set<uint32_t> functions_seen;
    void walk(uint32_t m, ast::ExprId e) {
        if (e == ast::kNone) return;
        const ast::Expr& x = P.expr(m, e);
        const check::Annotation& a = P.note(m, e);
        if (x.kind == K::Name) {
            if (a.ref == Ref::Input) add_unique(r.inputs, P.inputs[a.index].name);
            if (a.ref == Ref::Rule) add_unique(r.rules, P.rules[a.index].name);
            if (a.ref == Ref::Param) add_unique(r.params, P.params[a.index].name);
        }
        if (x.kind == K::At) add_unique(r.params, P.params[P.note(m, x.a).index].name);
        if (x.kind == K::Call && a.ref == Ref::Function) {
            const check::FunctionSym& f = P.functions[a.index];
            add_unique(r.functions, f.name);
            if (functions_seen.insert(a.index).second) walk(f.decl.module, P.decl(f.decl).body);
        }
        for (ast::ExprId k : {x.a, x.b, x.c}) walk(m, k);
        for (ast::ExprId k : x.list) walk(m, k);
        for (const ast::MatchArm& arm : x.arms) walk(m, arm.body);
    }
};

class Builder {
public:
    Builder(const Compilation& c, Model& m) : C(c), P(c.checked), M(m) {}
    bool run(std::string& error);

private:
    void notices(std::string& error);
    void rules();
    void tests();
    void mark_quotes();
    void grade();
    Clause& clause(const std::string& id);
    void cite(const std::vector<ast::Citation>& cs, const std::string& rule, const std::string& param, Definition* def);

    const Compilation& C;
    const check::CheckedProgram& P;
    Model& M;
    std::map<std::string, size_t> clause_at_;
    struct Cited { std::string notice, clause, quote, rule, param; };
    std::vector<Cited> cited_;
};

Clause& Builder::clause(const std::string& id) {
    auto it = clause_at_.find(id);
    if (it != clause_at_.end()) return M.clauses[it->second];
    clause_at_[id] = M.clauses.size();
    M.clauses.push_back({});
    M.clauses.back().id = id;
    return M.clauses.back();
}

void Builder::notices(std::string& error) {
    for (const check::NoticeSym& n : P.notices) {
        Notice out;
        out.name = n.name;
        out.issued = P.decl(n.decl).notice_date;
        out.text_path = n.text_path;
        std::string raw;
        if (!n.text_path.empty() && !read_whole_file(n.text_path, raw)) {
            error = fmt::format("cannot read the notice text {}", n.text_path);
            return;
        }
        std::string section;
        for (std::string& text : paragraphs_of(raw)) {
            Paragraph p;
            std::string id, number;
            if (section_heading(text, id)) { section = id; p.heading = true; p.clause = id; }
            else if (!section.empty() && numbered_item(text, number)) { p.numbered = true; p.clause = section + "." + number; }
            else p.clause = section;
            if (!p.clause.empty()) clause(p.clause);
            p.text = std::move(text);
            out.paragraphs.push_back(std::move(p));
        }
        M.notices.push_back(std::move(out));
    }
}

void Builder::cite(const std::vector<ast::Citation>& cs, const std::string& rule, const std::string& param, Definition* def) {
    for (const ast::Citation& c : cs) {
        if (c.clause.empty()) continue;
        Clause& cl = clause(c.clause);
        if (!rule.empty()) add_unique(cl.rules, rule);
        if (!param.empty()) add_unique(cl.params, param);
        cited_.push_back({c.notice, c.clause, c.quote, rule, param});
        if (def) { add_unique(def->clauses, c.clause); if (!c.quote.empty()) def->quotes.push_back(c.quote); }
    }
}

void Builder::rules() {
    for (uint32_t i = 0; i < P.rules.size(); ++i) {
        const check::RuleSym& sym = P.rules[i];
        const ast::Decl& d = P.decl(sym.decl);
        Rule r;
        r.name = sym.name;
        r.file = rule_file(sym.name);
        r.type = P.types.name(sym.type);
        r.doc = d.doc;
        r.location = location(C.sources, d.name_span);
        r.module = P.modules[sym.decl.module].name;
        r.output = std::find(P.outputs.begin(), P.outputs.end(), i) != P.outputs.end();
        Reads reads{P, r, {}};
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
                cite(c.cites.empty() ? dd.cites : c.cites, r.name, "", &def);
                for (const std::string& cl : def.clauses) add_unique(r.clauses, cl);
                reads.walk(ref.module, c.condition);
                reads.walk(ref.module, c.value);
                r.definitions.push_back(std::move(def));
            }
        };
        for (const check::ExceptionSym& ex : sym.exceptions) add_cases(ex.decl, ex.label);
        add_cases(sym.decl, "base");
        for (uint32_t in : sym.inputs) r.all_inputs.push_back(P.inputs[in].name);
        M.rule_index[r.name] = M.rules.size();
        M.rules.push_back(std::move(r));
    }
    for (const Rule& r : M.rules)
        for (const std::string& dep : r.rules) add_unique(M.rules[M.rule_index.at(dep)].used_by, r.name);
    for (const check::ParamSym& p : P.params) {
        const ast::Decl& d = P.decl(p.decl);
        cite(d.cites, "", p.name, nullptr);
        for (const ast::DatedParamValue& v : d.values) cite(v.cites, "", p.name, nullptr);
    }
    for (check::DeclRef ref : P.clauses) {
        const ast::Decl& d = P.decl(ref);
        clause(d.clause).not_computable = d.doc.empty() ? "not computable" : d.doc;
    }
}

void Builder::tests() {
    for (const check::TestSym& t : P.tests) {
        const ast::Decl& d = P.decl(t.decl);
        TestCase tc;
        tc.where = fmt::format("test \"{}\" ({})", t.name, location(C.sources, d.span));
        tc.clause = d.clause;
        for (const ast::Assignment& a : d.given)
            tc.given += (tc.given.empty() ? "" : ", ") + a.name + " = " + explain::expr_text(P, C.sources, t.decl.module, a.value);
        for (const ast::Assignment& a : d.expect) {
            tc.expect += (tc.expect.empty() ? "" : ", ") + a.name + " = " + explain::expr_text(P, C.sources, t.decl.module, a.value);
            if (M.rule_index.count(a.name)) add_unique(tc.rules, a.name);
        }
        M.tests.push_back(std::move(tc));
    }
    for (const fs::path& f : policy_case_files(C.root)) {
        bool read = for_each_case_line(f, [&](size_t n, const io::Json* j, const std::string&) {
            if (!j || !j->find("output")) {
                M.warnings.push_back(fmt::format("{}:{}: not a test case", f.string(), n));
                return;
            }
            TestCase tc;
            tc.where = fmt::format("{}:{}", (fs::path("tests") / f.filename()).string(), n);
            if (const io::Json* c = j->find("clause")) tc.clause = c->text;
            if (const io::Json* in = j->find("input")) tc.given = io::to_json_text(*in);
            tc.expect = io::to_json_text(*j->find("output"));
            for (const auto& [name, v] : j->find("output")->members)
                if (M.rule_index.count(name)) add_unique(tc.rules, name);
            M.tests.push_back(std::move(tc));
        });
        if (!read) M.warnings.push_back(fmt::format("cannot read {}", f.string()));
    }
}

// Each cited sentence is marked where it occurs, preferring the paragraphs of its own section;
// overlapping marks (two rules quoting overlapping sentences) merge into one.
void Builder::mark_quotes() {
    for (const Cited& c : cited_) {
        if (c.quote.empty()) continue;
        bool found = false;
        for (Notice& n : M.notices) {
            if (n.name != c.notice) continue;
            for (int pass = 0; pass < 2 && !found; ++pass)
                for (Paragraph& p : n.paragraphs) {
                    if (pass == 0 && section_of(p.clause) != section_of(c.clause)) continue;
                    size_t at = p.text.find(c.quote);
                    if (at == std::string::npos) continue;
                    Mark m{at, at + c.quote.size(), c.clause, {}, {}};
                    if (!c.rule.empty()) m.rules.push_back(c.rule);
                    if (!c.param.empty()) m.params.push_back(c.param);
                    p.marks.push_back(std::move(m));
                    found = true;
                    break;
                }
        }
        if (!found) add_unique(clause(c.clause).unfound_quotes, c.quote);
    }
    for (Notice& n : M.notices)
        for (Paragraph& p : n.paragraphs) {
            std::sort(p.marks.begin(), p.marks.end(), [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
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

void Builder::grade() {
    for (size_t t = 0; t < M.tests.size(); ++t) {
        const TestCase& tc = M.tests[t];
        if (!tc.clause.empty()) clause(tc.clause).tests.push_back(t);
        for (const std::string& r : tc.rules) M.rules[M.rule_index.at(r)].tests.push_back(t);
    }
    // A clause is checked by the tests that name it and by those that check a rule citing it.
    for (Clause& cl : M.clauses)
        for (const std::string& r : cl.rules)
            for (size_t t : M.rules[M.rule_index.at(r)].tests)
                if (std::find(cl.tests.begin(), cl.tests.end(), t) == cl.tests.end()) cl.tests.push_back(t);
    for (Clause& cl : M.clauses) {
        std::sort(cl.tests.begin(), cl.tests.end());
        bool encoded = !cl.rules.empty() || !cl.params.empty();
        if (!cl.not_computable.empty() && !encoded) cl.status = "not-computable";
        else if (encoded) cl.status = cl.tests.empty() ? "untested" : "covered";
        else cl.status = "uncovered";
    }
    // A section that only its numbered clauses encode takes its grade from them (its own text may
    // be declared not computable: the opening paragraph that directs the offices, say).
    for (Clause& sec : M.clauses) {
        if (sec.id.find('.') != std::string::npos || (sec.status != "uncovered" && sec.status != "not-computable")) continue;
        int covered = 0, other = 0;
        for (const Clause& sub : M.clauses)
            if (sub.id.rfind(sec.id + ".", 0) == 0) (sub.status == "covered" || sub.status == "not-computable" ? covered : other)++;
        int encoded = 0;
        for (const Clause& sub : M.clauses)
            if (sub.id.rfind(sec.id + ".", 0) == 0 && (sub.status == "covered" || sub.status == "untested")) ++encoded;
        if (!encoded) continue;
        if (covered && !other) sec.status = "covered";
        else sec.status = "partial";
    }
    // Notice order: section numeral, then clause number; ids of other shapes after, as text.
    auto rank = [](const std::string& id) {
        std::string sec = section_of(id);
        int s = 99;
        for (int i = 0; i < 10; ++i) if (sec == kSectionNumerals[i]) s = i;
        int n = id.size() > sec.size() ? std::atoi(id.c_str() + sec.size() + 1) : 0;
        return std::tuple<int, int, std::string>(s, n, id);
    };
    std::stable_sort(M.clauses.begin(), M.clauses.end(), [&](const Clause& a, const Clause& b) { return rank(a.id) < rank(b.id); });
    clause_at_.clear();
}

bool Builder::run(std::string& error) {
    M.policy = C.root;
    notices(error);
    if (!error.empty()) return false;
    rules();
    tests();
    mark_quotes();
    grade();
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

}  // namespace edict::report
