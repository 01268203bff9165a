// Writes the report model as static HTML (no scripts), in the language asked for (strings.hpp):
// index.html with each notice beside its rules — a row per clause, the clause's text on the left
// with each cited sentence marked in its coverage colour, on the right the rules and parameters
// encoding it (their definitions and values) and its tests; then the clauses, the parameters with
// their values and citations, the tests (given -> expected, passes or fails) and the rules as
// tables; rules/NAME.html per rule; style.css.
#include "tooling/report/html.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "tooling/report/graph.hpp"
#include "tooling/report/html_util.hpp"
#include "tooling/report/style.hpp"
#include "runtime/support/files.hpp"

namespace edict::report {

namespace fs = std::filesystem;

namespace {

using regression::ClauseStatus;

// The legend, in this order; the CSS classes are "cov-" and the status name.
const std::pair<ClauseStatus, Text> kStatusWords[] = {{ClauseStatus::Covered, Text::Covered},
                                                      {ClauseStatus::Untested, Text::Untested},
                                                      {ClauseStatus::Uncovered, Text::Uncovered},
                                                      {ClauseStatus::NotComputable, Text::NotComputable}};

// An anchor for a parameter's row, usable in URLs without percent-encoding.
std::string param_anchor(const std::string& name) { return "param-" + clause_anchor(name).substr(7); }

class Writer {
public:
    Writer(const Model& m, std::string dir, Lang lang) : M(m), dir_(std::move(dir)), lang_(lang) {
        for (const Clause& c : M.clauses) clause_[{c.notice, c.id}] = &c;
        for (size_t i = 0; i < M.notices.size(); ++i) notice_index_[M.notices[i].name] = i;
    }
    bool run(std::string& error);

private:
    const char* t(Text id) const { return text(lang_, id); }
    template <class... A>
    std::string tf(Text id, A&&... args) const { return fmt::format(fmt::runtime(t(id)), std::forward<A>(args)...); }
    std::string status_word(const std::string& s) const;
    std::string head(const std::string& title, const std::string& css) const;
    std::string legend() const;
    std::string index();
    std::string notice(const Notice& n);
    std::string paragraph(const std::string& notice, const Paragraph& p);
    std::string encoding(const ClauseRef& c) const;
    std::string clause_table() const;
    std::string param_table() const;
    std::string test_table(const std::vector<size_t>& which, const std::string& prefix) const;
    std::string test_result(const TestCase& tc) const;
    std::string tests_of(const std::vector<size_t>& which) const;
    std::string rule_table() const;
    std::string rule_page(const Rule& r) const;
    std::string quotes(const std::vector<std::pair<ClauseRef, std::string>>& qs, const std::string& prefix) const;
    std::string clause_link(const ClauseRef& c, const std::string& prefix) const;
    std::string rule_link(const std::string& name, const std::string& prefix) const {
        return fmt::format(R"(<a class="rule-link" href="{}rules/{}">{}</a>)", prefix, escape(rule_file(name)), escape(name));
    }
    std::string param_link(const std::string& name, const std::string& prefix) const {
        return fmt::format(R"(<a class="param-ref" href="{}index.html#{}">{}</a>)", prefix, param_anchor(name), escape(name));
    }
    // The clause's status name; "unknown" for an id no notice text has (a heading-only section,
    // a clause of a notice without text).
    std::string status(const ClauseRef& c) const {
        auto it = clause_.find({c.notice, c.id});
        return it == clause_.end() ? "unknown" : regression::status_name(it->second->status);
    }
    const Clause* graded(const ClauseRef& c) const {
        auto it = clause_.find({c.notice, c.id});
        return it == clause_.end() ? nullptr : it->second;
    }
    // The anchor of a clause in the notice text: the first notice's as before ("clause-e4b880-1"),
    // another's with its place ("n2-clause-…"), since the laws of a policy share ids (第一条).
    std::string anchor(const ClauseRef& c) const {
        auto it = notice_index_.find(c.notice);
        size_t k = it == notice_index_.end() ? 0 : it->second;
        return (k == 0 ? "" : fmt::format("n{}-", k + 1)) + clause_anchor(c.id);
    }
    // A test names a clause without its notice: the first notice that has it.
    ClauseRef test_clause(const std::string& id) const {
        for (const Clause& c : M.clauses)
            if (c.id == id) return {c.notice, id};
        return {"", id};
    }
    const Param* param(const std::string& name) const {
        for (const Param& p : M.params)
            if (p.name == name) return &p;
        return nullptr;
    }

    const Model& M;
    std::string dir_;
    Lang lang_;
    std::map<std::pair<std::string, std::string>, const Clause*> clause_;  // by notice and id
    std::map<std::string, size_t> notice_index_;
    std::set<std::string> anchored_;  // clause anchors placed in the notice text
};

std::string Writer::status_word(const std::string& s) const {
    for (auto& [st, word] : kStatusWords)
        if (s == regression::status_name(st)) return t(word);
    return t(Text::UnknownClause);
}

std::string Writer::head(const std::string& title, const std::string& css) const {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"edict doc\">\n<title>{}</title>\n"
                       "<link rel=\"stylesheet\" href=\"{}\">\n</head>\n",
                       lang_ == Lang::Zh ? "zh-Hans" : "en", escape(title), css);
}

std::string Writer::clause_link(const ClauseRef& c, const std::string& prefix) const {
    if (!graded(c)) return fmt::format(R"(<span class="clause-ref cov-unknown">§{}</span>)", escape(c.id));
    std::string a = anchor(c);
    std::string target = anchored_.count(a) ? a : "row-" + a;
    return fmt::format(R"(<a class="clause-ref cov-{}" href="{}#{}">§{}</a>)", status(c), prefix, target, escape(c.id));
}

std::string Writer::quotes(const std::vector<std::pair<ClauseRef, std::string>>& qs, const std::string& prefix) const {
    std::string o;
    for (const auto& [clause, quote] : qs) {
        // The notice is named when it is not the report's first: laws share clause ids.
        std::string notice = !M.notices.empty() && clause.notice == M.notices.front().name
                                 ? ""
                                 : fmt::format(R"(<span class="notice-name">{}</span> )", escape(clause.notice));
        o += fmt::format(R"(<div class="quote">{}{} <q lang="zh-Hans">{}</q></div>)", notice, clause_link(clause, prefix), escape(quote));
    }
    return o;
}

// A paragraph of the notice: its clause marker (kept on one line) and its text, each cited sentence
// a <mark> in its clause's colour whose tooltip names what encodes it.
std::string Writer::paragraph(const std::string& notice, const Paragraph& p) {
    std::string cls = p.heading ? "para heading" : p.numbered ? "para numbered" : "para";
    std::string attrs;
    const ClauseRef here{notice, p.clause};
    if (!p.clause.empty()) {
        if (graded(here)) cls += " cov-" + status(here);
        attrs += fmt::format(R"( data-clause="{}")", escape(p.clause));
        std::string a = anchor(here);
        if ((p.heading || p.numbered) && anchored_.insert(a).second) attrs += fmt::format(R"( id="{}")", a);
    }
    std::string o = fmt::format(R"(<p class="{}"{}>)", cls, attrs);
    if (p.heading || p.numbered) o += fmt::format(R"(<span class="clause-id">§{}</span>)", escape(p.clause));
    size_t at = 0;
    for (const Mark& m : p.marks) {
        o += escape(p.text.substr(at, m.begin - at));
        const ClauseRef marked{notice, m.clause};
        std::string a = anchor(marked);
        std::string id = anchored_.insert(a).second ? fmt::format(R"( id="{}")", a) : "";
        std::string who;
        for (const std::string& r : m.rules) who += " " + r;
        for (const std::string& q : m.params) who += " " + q;
        o += fmt::format(R"(<mark class="cite cov-{}" data-clause="{}"{} title="§{}: {} —{}">{}</mark>)", status(marked),
                         escape(m.clause), id, escape(m.clause), status_word(status(marked)), escape(who),
                         escape(p.text.substr(m.begin, m.end - m.begin)));
        at = m.end;
    }
    o += escape(p.text.substr(at));
    return o + "</p>\n";
}

// The result of a group of tests: "12 tests: 11 passed, 1 failed".
std::string Writer::tests_of(const std::vector<size_t>& which) const {
    size_t failed = 0;
    for (size_t k : which) failed += !M.tests[k].passed;
    std::string o = fmt::format(R"(<span class="test-count" data-tests="{}" data-failed="{}">{})", which.size(), failed,
                                which.size() == 1 ? t(Text::OneTest) : tf(Text::TestCount, which.size()));
    if (!which.empty()) o += fmt::format(R"({}<span class="pass">{}</span>)", t(Text::Colon), tf(Text::NPassed, which.size() - failed));
    if (failed) o += fmt::format(R"({}<span class="fail">{}</span>)", t(Text::Comma), tf(Text::NFailed, failed));
    return o + "</span>";
}

// The right-hand side of a clause's row: its grade, the rules encoding it with the definitions
// citing it, the parameters with their values, and its tests.
std::string Writer::encoding(const ClauseRef& c) const {
    const Clause* cl = graded(c);
    if (!cl) return "";
    const std::string st = regression::status_name(cl->status);
    std::string o = fmt::format(R"(<div class="clause-head">{} <span class="chip cov-{}">{}</span> )",
                                clause_link(c, ""), st, status_word(st));
    o += tests_of(cl->tests) + "</div>\n";
    for (const std::string& name : cl->rules) {
        auto it = M.rule_index.find(name);
        if (it == M.rule_index.end()) continue;
        const Rule& r = M.rules[it->second];
        o += fmt::format(R"(<div class="card rule-card">{} <code class="type">{}</code>)", rule_link(name, ""), escape(r.type));
        if (!r.doc.empty()) o += fmt::format(R"(<div class="doc">{}</div>)", escape(r.doc));
        for (const Definition& d : r.definitions) {
            bool cites_here = false;
            for (const auto& q : d.quotes) cites_here |= q.first == c;
            if (!cites_here) continue;
            std::string who = d.label == "base"       ? ""
                              : d.label == "replaced" ? t(Text::ReplacedDefinition)
                                                      : tf(Text::ExceptionLabel, escape(d.label));
            if (!who.empty()) o += fmt::format(R"(<div class="tag">{}</div>)", who);
            o += fmt::format("<pre><code>{}</code></pre>", escape(d.form));
        }
        o += "</div>\n";
    }
    for (const std::string& name : cl->params) {
        const Param* p = param(name);
        if (!p) continue;
        o += fmt::format(R"(<div class="card param-card"><span class="what">{}</span> {} )", t(Text::Parameter), param_link(name, ""));
        for (const ParamValue& v : p->values) {
            if (v.replaced) continue;
            bool cites_here = false;
            for (const auto& q : v.quotes) cites_here |= q.first == c;
            if (!cites_here && p->values.size() > 1) continue;
            o += fmt::format(R"(<span class="param-value">= <code>{}</code>{}</span> )", escape(v.value),
                             v.from.empty() ? "" : " " + escape(tf(Text::FromDate, v.from)));
        }
        o += "</div>\n";
    }
    if (!cl->not_computable.empty())
        o += fmt::format(R"(<div class="card nc"><span class="what">{}</span> {}</div>)", t(Text::NotComputableShort),
                         escape(cl->not_computable));
    else if (cl->rules.empty() && cl->params.empty())
        o += fmt::format(R"(<div class="none">{}</div>)", t(Text::NothingEncodes));
    return o;
}

// The notice beside its rules: a row per run of paragraphs of one clause.
std::string Writer::notice(const Notice& n) {
    std::string o = fmt::format("<section class=\"notice\" aria-label=\"{}\" data-notice=\"{}\">\n<h2 lang=\"zh-Hans\">{}</h2>\n",
                                t(Text::NoticeText), escape(n.name), escape(n.name));
    if (!n.issued.empty()) o += fmt::format("<p class=\"issued\">{}</p>\n", escape(tf(Text::Issued, n.issued)));
    if (n.paragraphs.empty()) o += fmt::format("<p class=\"missing\">{}</p>\n", t(Text::NoText));
    if (n.paragraphs.empty()) return o + "</section>\n";
    o += fmt::format("<div class=\"synopsis\">\n<div class=\"synopsis-head\"><div>{}</div><div>{}</div></div>\n",
                     t(Text::TextColumn), t(Text::RulesColumn));
    for (size_t i = 0; i < n.paragraphs.size();) {
        const std::string& clause = n.paragraphs[i].clause;
        std::string text;
        for (; i < n.paragraphs.size() && n.paragraphs[i].clause == clause; ++i) text += paragraph(n.name, n.paragraphs[i]);
        const ClauseRef ref{n.name, clause};
        std::string st = clause.empty() ? "preamble" : status(ref);
        o += fmt::format("<div class=\"clause-row cov-{}\" data-clause=\"{}\">\n<div class=\"text\" lang=\"zh-Hans\">\n{}</div>\n"
                         "<div class=\"encoding\">\n{}</div>\n</div>\n",
                         st, escape(clause), text, encoding(ref));
    }
    return o + "</div>\n</section>\n";
}

std::string Writer::clause_table() const {
    std::string o = fmt::format("<section class=\"clauses\" id=\"clauses\">\n<h2>{}</h2>\n<table class=\"clause-table\">\n"
                                "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                                t(Text::Clauses), t(Text::Clause), t(Text::Coverage), t(Text::EncodedBy), t(Text::Tests));
    for (const Clause& c : M.clauses) {
        std::string a = anchor({c.notice, c.id});
        std::string encoded;
        for (const std::string& r : c.rules) encoded += rule_link(r, "") + " ";
        for (const std::string& p : c.params) encoded += param_link(p, "") + " ";
        if (!c.not_computable.empty()) encoded += fmt::format(R"(<span class="nc">{}</span>)", escape(c.not_computable));
        for (const std::string& q : c.unfound_quotes)
            encoded += fmt::format(R"(<div class="warning">{} “{}”</div>)", t(Text::QuoteNotFound), escape(q));
        std::string target = anchored_.count(a) ? fmt::format(R"(<a class="clause-ref" href="#{}">§{}</a>)", a, escape(c.id))
                                                : fmt::format(R"(<span class="clause-ref">§{}</span>)", escape(c.id));
        const std::string st = regression::status_name(c.status);
        o += fmt::format(R"(<tr id="row-{}" class="cov-{}" data-notice="{}" data-clause="{}" data-tests="{}"><td>{}</td><td class="status">{}</td><td>{}</td><td>{}</td></tr>)",
                         a, st, escape(c.notice), escape(c.id), c.tests.size(), target, status_word(st), encoded.empty() ? "—" : encoded,
                         tests_of(c.tests));
        o += '\n';
    }
    return o + "</tbody>\n</table>\n</section>\n";
}

std::string Writer::param_table() const {
    if (M.params.empty()) return "";
    std::string o = fmt::format("<section class=\"params\" id=\"parameters\">\n<h2>{}</h2>\n<table class=\"param-table\">\n"
                                "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                                t(Text::Parameters), t(Text::Parameter), t(Text::Value), t(Text::UsedBy), t(Text::From));
    for (const Param& p : M.params) {
        // Each value beside the sentences it cites; values an override replaced struck through, last.
        std::string values;
        for (const ParamValue& v : p.values) {
            std::string when = v.from.empty() ? "" : " " + escape(tf(Text::FromDate, v.from));
            std::string tag = v.replaced ? fmt::format(R"( <span class="tag">{}</span>)", t(Text::ReplacedDefinition)) : "";
            std::string cites = v.quotes.empty() ? fmt::format(R"(<div class="none">{}</div>)", t(Text::NoCitation)) : quotes(v.quotes, "");
            values += fmt::format(R"(<div class="param-value{}"><span class="value"><code>{}</code>{}</span>{}{}</div>)",
                                  v.replaced ? " replaced" : "", escape(v.value), when, tag, cites);
        }
        std::string used;
        for (const std::string& r : p.used_by) used += rule_link(r, "") + " ";
        o += fmt::format(R"(<tr id="{}" data-param="{}"><td><span class="param-name">{}</span> <code class="type">{}</code>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>)",
                         param_anchor(p.name), escape(p.name), escape(p.name), escape(p.type),
                         p.doc.empty() ? "" : fmt::format(R"(<div class="doc">{}</div>)", escape(p.doc)), values,
                         used.empty() ? "—" : used, escape(p.module));
        o += '\n';
    }
    return o + "</tbody>\n</table>\n</section>\n";
}

std::string Writer::test_result(const TestCase& tc) const {
    const char* cls = tc.passed ? "pass" : "fail";
    std::string o = fmt::format(R"(<span class="{}">{} {}</span>)", cls, tc.passed ? "✓" : "✗",
                                t(tc.passed ? Text::Passed : tc.broken ? Text::Broken : Text::Failed));
    for (const std::string& p : tc.problems) o += fmt::format(R"(<div class="problem">{}</div>)", escape(p));
    return o;
}

// Tests as a reader checks them: what it gives, what it expects, and whether it passes.
std::string Writer::test_table(const std::vector<size_t>& which, const std::string& prefix) const {
    auto values = [](const std::vector<std::pair<std::string, std::string>>& kv) {
        std::string o = "<ul class=\"kv\">";
        for (const auto& [k, v] : kv) o += fmt::format("<li><code>{}</code> = <code>{}</code></li>", escape(k), escape(v));
        return o + "</ul>";
    };
    std::string o = fmt::format("<table class=\"tests\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                                t(Text::Result), t(Text::Test), t(Text::Given), t(Text::Expected), t(Text::Clause));
    for (size_t k : which) {
        const TestCase& tc = M.tests[k];
        o += fmt::format(R"(<tr class="test {}" data-result="{}"><td>{}</td><td><code class="where">{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>)",
                         tc.passed ? "passed" : "failed", tc.passed ? "pass" : "fail", test_result(tc), escape(tc.where),
                         values(tc.given), values(tc.expect),
                         tc.clause.empty() ? "—" : clause_link(test_clause(tc.clause), prefix + "index.html"));
        o += '\n';
    }
    return o + "</tbody></table>\n";
}

std::string Writer::rule_table() const {
    std::string o = fmt::format("<section class=\"rules\" id=\"rules\">\n<h2>{}</h2>\n<table class=\"rule-table\">\n"
                                "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                                t(Text::Rules), t(Text::Rule), t(Text::Type), t(Text::Clauses), t(Text::Tests), t(Text::From));
    for (const Rule& r : M.rules) {
        std::string clauses;
        for (const ClauseRef& c : r.clauses) clauses += clause_link(c, "") + " ";
        o += fmt::format(R"(<tr><td>{}{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>)",
                         rule_link(r.name, ""), r.output ? fmt::format(R"( <span class="tag">{}</span>)", t(Text::Output)) : "",
                         escape(r.type), clauses.empty() ? "—" : clauses, tests_of(r.tests), escape(r.module));
        o += '\n';
    }
    return o + "</tbody>\n</table>\n</section>\n";
}

// The counts, in `check --coverage`'s order of statuses, and the tests' results.
std::string Writer::legend() const {
    std::map<ClauseStatus, int> counts;
    for (const Clause& c : M.clauses) counts[c.status]++;
    std::string o = fmt::format(R"(<p class="legend" data-clauses="{}"><span class="what">{}</span> )", M.clauses.size(),
                                tf(Text::ClausesLegend, M.clauses.size()));
    for (auto& [st, word] : kStatusWords)
        o += fmt::format(R"(<span class="chip cov-{}" data-status="{}">{} <b>{}</b></span> )", regression::status_name(st),
                         regression::status_name(st), t(word), counts[st]);
    o += fmt::format(R"(<a class="chip tests-chip{}" href="#tests" data-passed="{}" data-failed="{}">{}</a>)",
                     M.tests_failed ? " failing" : "", M.tests_passed, M.tests_failed,
                     tf(Text::TestsLegend, M.tests_passed, M.tests_failed));
    return o + "</p>\n";
}

std::string Writer::index() {
    std::string title = M.notices.empty() ? M.policy : M.notices.front().name;
    std::string o = head(title + " — " + t(Text::ReportTitle), "style.css");
    o += "<body>\n<header>\n";
    o += fmt::format("<h1 lang=\"zh-Hans\">{}</h1>\n<p class=\"policy\">{}</p>\n", escape(title),
                     tf(Text::PolicySummary, fmt::format("<code>{}</code>", escape(M.policy)), M.rules.size(), M.params.size(),
                        M.tests.size()));
    o += legend();
    o += fmt::format(R"(<nav class="toc"><a href="#clauses">{}</a> <a href="#parameters">{}</a> <a href="#tests">{}</a> <a href="#rules">{}</a></nav>)",
                     t(Text::Clauses), t(Text::Parameters), t(Text::Tests), t(Text::Rules));
    o += "\n</header>\n<main>\n";
    std::string notices;
    for (const Notice& n : M.notices) notices += notice(n);  // places the clause anchors the tables link to
    std::vector<size_t> all(M.tests.size());
    for (size_t k = 0; k < all.size(); ++k) all[k] = k;
    o += notices + clause_table() + param_table();
    o += fmt::format("<section class=\"all-tests\" id=\"tests\">\n<h2>{}</h2>\n<p>{}</p>\n{}</section>\n", t(Text::Tests),
                     tests_of(all), test_table(all, ""));
    o += rule_table();
    if (!M.warnings.empty()) {
        o += fmt::format("<section class=\"warnings\"><h2>{}</h2><ul>", t(Text::Warnings));
        for (const std::string& w : M.warnings) o += "<li>" + escape(w) + "</li>";
        o += "</ul></section>\n";
    }
    return o + "</main>\n</body>\n</html>\n";
}

std::string Writer::rule_page(const Rule& r) const {
    std::string o = head(r.name + " — " + t(Text::ReportTitle), "../style.css");
    o += fmt::format("<body class=\"rule-page\">\n<nav><a href=\"../index.html\">{}</a></nav>\n<main>\n", t(Text::BackToIndex));
    o += fmt::format("<h1>{}</h1>\n", escape(r.name));
    if (!r.doc.empty()) o += fmt::format("<p class=\"doc\">{}</p>\n", escape(r.doc));
    o += fmt::format("<dl class=\"facts\"><dt>{}</dt><dd><code>{}</code></dd><dt>{}</dt><dd><code>{}</code></dd>"
                     "<dt>{}</dt><dd><code>{}</code></dd><dt>{}</dt><dd>{}</dd></dl>\n",
                     t(Text::Type), escape(r.type), t(Text::DeclaredAt), escape(r.location), t(Text::From), escape(r.module),
                     t(Text::Output), t(r.output ? Text::Yes : Text::No));
    o += fmt::format("<h2>{}</h2>\n", t(Text::Citations));
    bool any = false;
    for (const Definition& d : r.definitions)
        for (const auto& [clause, quote] : d.quotes) {
            any = true;
            std::string tag = d.label == "base" ? ""
                              : fmt::format(R"( <span class="tag">{}</span>)",
                                            d.label == "replaced" ? t(Text::ReplacedDefinition) : tf(Text::ExceptionLabel, escape(d.label)));
            o += fmt::format("<blockquote class=\"citation cov-{}\">{} <q lang=\"zh-Hans\">{}</q>{}</blockquote>\n", status(clause),
                             clause_link(clause, "../index.html"), escape(quote), tag);
        }
    if (!any) o += fmt::format("<p class=\"none\">{}</p>\n", t(Text::RuleCitesNothing));
    o += fmt::format("<h2>{}</h2>\n<ol class=\"definitions\">\n", t(Text::Definitions));
    for (const Definition& d : r.definitions) {
        std::string who = d.label == "base" ? t(Text::Definition) : d.label == "replaced" ? t(Text::ReplacedLong)
                                                                                        : tf(Text::ExceptionLabel, escape(d.label));
        if (!d.over.empty()) who += " " + tf(Text::Over, escape(d.over));
        o += fmt::format("<li class=\"definition\" id=\"def-{}\"><span class=\"who\">{}</span> <code class=\"loc\">{}</code><pre><code>{}</code></pre></li>\n",
                         &d - r.definitions.data(), who, escape(d.location), escape(d.form));
    }
    o += fmt::format("</ol>\n<h2>{}</h2>\n<p>", t(Text::Inputs));
    auto list = [&](const char* cls, Text what, const std::vector<std::string>& names, bool params) {
        if (names.empty()) return;
        o += fmt::format("<span class=\"what\">{}</span> ", t(what));
        for (const std::string& n : names) {
            if (params) o += param_link(n, "../") + " ";
            else o += fmt::format("<code class=\"{}\">{}</code> ", cls, escape(n));
        }
        o += "<br>";
    };
    list("input", Text::Input, r.inputs, false);
    list("param", Text::Parameter, r.params, true);
    list("function", Text::Function, r.functions, false);
    o += "</p>\n";
    if (!r.all_inputs.empty()) {
        o += fmt::format("<p class=\"all-inputs\">{} ", t(Text::AllInputs));
        for (const std::string& n : r.all_inputs) o += fmt::format("<code>{}</code> ", escape(n));
        o += "</p>\n";
    }
    o += fmt::format("<h2>{}</h2>\n<div class=\"graph\">\n{}</div>\n", t(Text::Dependencies), dependency_svg(r));
    o += fmt::format("<h2>{}</h2>\n", t(Text::Tests));
    if (r.tests.empty()) o += fmt::format("<p class=\"none\">{}</p>\n", t(Text::NoTestChecks));
    else o += "<p>" + tests_of(r.tests) + "</p>\n" + test_table(r.tests, "../");
    return o + "</main>\n</body>\n</html>\n";
}

// Each page replaces its old version atomically: a full disk leaves the previous report's page.
bool Writer::run(std::string& error) {
    std::error_code ec;
    fs::path root(dir_);
    fs::create_directories(root / "rules", ec);
    if (ec) { error = fmt::format("cannot create {}: {}", (root / "rules").string(), ec.message()); return false; }
    // Pages of rules that no longer exist would link to nothing: clear the folder's old pages.
    for (auto& e : fs::directory_iterator(root / "rules", ec))
        if (e.path().extension() == ".html") fs::remove(e.path(), ec);
    if (!replace_file((root / "index.html").string(), index(), error) ||
        !replace_file((root / "style.css").string(), kStyle, error))
        return false;
    for (const Rule& r : M.rules)
        if (!replace_file((root / "rules" / r.file).string(), rule_page(r), error)) return false;
    return true;
}

}  // namespace

bool write_report(const Model& m, const std::string& dir, std::string& error, Lang lang) {
    Writer w(m, dir, lang);
    return w.run(error);
}

}  // namespace edict::report
