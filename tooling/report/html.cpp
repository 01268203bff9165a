// Writes the report model as static HTML (no scripts): index.html with the notice text, each cited
// sentence marked in its clause's coverage colour and linked to the rules that encode it, a table of
// clauses with their rules and tests, and a table of rules; rules/NAME.html per rule; style.css.
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
const std::pair<ClauseStatus, const char*> kStatusWords[] = {
    {ClauseStatus::Covered, "encoded and tested"}, {ClauseStatus::Untested, "encoded, no test"},
    {ClauseStatus::Uncovered, "not encoded"}, {ClauseStatus::NotComputable, "declared not computable"}};

// The tag after a quote: none for the rule's definition, else which exception or replaced definition cites it.
std::string definition_tag(const Definition& d) {
    if (d.label == "base") return "";
    if (d.label == "replaced") return " <span class=\"tag\">replaced definition</span>";
    return fmt::format(" <span class=\"tag\">exception {}</span>", escape(d.label));
}

std::string status_word(const std::string& s) {
    for (auto& [st, word] : kStatusWords) if (s == regression::status_name(st)) return word;
    return "cited clause the notice text does not have";
}

class Writer {
public:
    Writer(const Model& m, std::string dir) : M(m), dir_(std::move(dir)) {
        for (const Clause& c : M.clauses) clause_[{c.notice, c.id}] = &c;
        for (size_t i = 0; i < M.notices.size(); ++i) notice_index_[M.notices[i].name] = i;
    }
    bool run(std::string& error);

private:
    std::string head(const std::string& title, const std::string& css) const;
    std::string index() ;
    std::string notice(const Notice& n);
    std::string paragraph(const std::string& notice, const Paragraph& p);
    std::string clause_table() const;
    std::string rule_table() const;
    std::string rule_page(const Rule& r) const;
    std::string clause_link(const ClauseRef& c, const std::string& prefix) const;
    // The clause's status name; "unknown" for an id no notice text has (a heading-only section,
    // a clause of a notice without text).
    std::string status(const ClauseRef& c) const {
        auto it = clause_.find({c.notice, c.id});
        return it == clause_.end() ? "unknown" : regression::status_name(it->second->status);
    }
    bool graded(const ClauseRef& c) const { return clause_.count({c.notice, c.id}) > 0; }
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
    bool write(const fs::path& p, const std::string& text, std::string& error) const;

    const Model& M;
    std::string dir_;
    std::map<std::pair<std::string, std::string>, const Clause*> clause_;  // by notice and id
    std::map<std::string, size_t> notice_index_;
    std::set<std::string> anchored_;  // clause anchors placed in the notice text
};

std::string Writer::head(const std::string& title, const std::string& css) const {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"edict doc\">\n<title>{}</title>\n"
                       "<link rel=\"stylesheet\" href=\"{}\">\n</head>\n",
                       escape(title), css);
}

std::string Writer::clause_link(const ClauseRef& c, const std::string& prefix) const {
    if (!graded(c)) return fmt::format(R"(<span class="clause-ref cov-unknown">§{}</span>)", escape(c.id));
    std::string a = anchor(c);
    std::string target = anchored_.count(a) ? a : "row-" + a;
    return fmt::format(R"(<a class="clause-ref cov-{}" href="{}#{}">§{}</a>)", status(c), prefix, target, escape(c.id));
}

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
    if (p.heading || p.numbered) o += fmt::format(R"(<span class="clause-id">§{}</span> )", escape(p.clause));
    size_t at = 0;
    for (const Mark& m : p.marks) {
        o += escape(p.text.substr(at, m.begin - at));
        const ClauseRef marked{notice, m.clause};
        std::string a = anchor(marked);
        std::string id = anchored_.insert(a).second ? fmt::format(R"( id="{}")", a) : "";
        o += fmt::format(R"(<mark class="cite cov-{}" data-clause="{}"{} title="§{}: {}">{}</mark>)", status(marked),
                         escape(m.clause), id, escape(m.clause), status_word(status(marked)),
                         escape(p.text.substr(m.begin, m.end - m.begin)));
        o += R"(<sup class="refs">)";
        o += fmt::format(R"(<a class="clause-tag" href="#row-{}">§{}</a>)", a, escape(m.clause));
        for (const std::string& r : m.rules)
            o += fmt::format(R"(<a class="rule-link" href="rules/{}">{}</a>)", escape(rule_file(r)), escape(r));
        for (const std::string& q : m.params) o += fmt::format(R"(<span class="param-ref">{}</span>)", escape(q));
        o += "</sup>";
        at = m.end;
    }
    o += escape(p.text.substr(at));
    return o + "</p>\n";
}

std::string Writer::notice(const Notice& n) {
    std::string o = fmt::format("<section class=\"notice\" aria-label=\"notice text\">\n<h2>{}</h2>\n", escape(n.name));
    if (!n.issued.empty()) o += fmt::format("<p class=\"issued\">issued {}</p>\n", escape(n.issued));
    if (n.paragraphs.empty()) o += "<p class=\"missing\">This notice declares no text file.</p>\n";
    for (const Paragraph& p : n.paragraphs) o += paragraph(n.name, p);
    return o + "</section>\n";
}

std::string Writer::clause_table() const {
    std::string o = "<section class=\"clauses\">\n<h2>Clauses</h2>\n<table class=\"clause-table\">\n"
                    "<thead><tr><th>clause</th><th>coverage</th><th>encoded by</th><th>tests</th></tr></thead>\n<tbody>\n";
    for (const Clause& c : M.clauses) {
        std::string a = anchor({c.notice, c.id});
        std::string encoded;
        for (const std::string& r : c.rules)
            encoded += fmt::format(R"(<a class="rule-link" href="rules/{}">{}</a> )", escape(rule_file(r)), escape(r));
        for (const std::string& p : c.params) encoded += fmt::format(R"(<span class="param-ref">param {}</span> )", escape(p));
        if (!c.not_computable.empty()) encoded += fmt::format(R"(<span class="nc">{}</span>)", escape(c.not_computable));
        for (const std::string& q : c.unfound_quotes)
            encoded += fmt::format(R"(<div class="warning">quoted sentence not found in the notice text: “{}”</div>)", escape(q));
        std::string tests = "—";
        if (!c.tests.empty()) {
            tests = fmt::format("<details><summary>{} test{}</summary><ul>", c.tests.size(), c.tests.size() == 1 ? "" : "s");
            for (size_t t : c.tests) tests += fmt::format("<li><code>{}</code></li>", escape(M.tests[t].where));
            tests += "</ul></details>";
        }
        std::string target = anchored_.count(a) ? fmt::format(R"(<a href="#{}">§{}</a>)", a, escape(c.id)) : "§" + escape(c.id);
        const std::string st = regression::status_name(c.status);
        o += fmt::format(R"(<tr id="row-{}" class="cov-{}" data-notice="{}" data-clause="{}"><td>{}</td><td class="status">{}</td><td>{}</td><td>{}</td></tr>)",
                         a, st, escape(c.notice), escape(c.id), target, status_word(st), encoded.empty() ? "—" : encoded, tests);
        o += '\n';
    }
    return o + "</tbody>\n</table>\n</section>\n";
}

std::string Writer::rule_table() const {
    std::string o = "<section class=\"rules\">\n<h2>Rules</h2>\n<table class=\"rule-table\">\n"
                    "<thead><tr><th>rule</th><th>type</th><th>clauses</th><th>tests</th><th>from</th></tr></thead>\n<tbody>\n";
    for (const Rule& r : M.rules) {
        std::string clauses;
        for (const ClauseRef& c : r.clauses) clauses += clause_link(c, "") + " ";
        o += fmt::format(R"(<tr><td><a class="rule-link" href="rules/{}">{}</a>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>)",
                         escape(r.file), escape(r.name), r.output ? " <span class=\"tag\">output</span>" : "", escape(r.type),
                         clauses.empty() ? "—" : clauses, r.tests.size(), escape(r.module));
        o += '\n';
    }
    return o + "</tbody>\n</table>\n</section>\n";
}

std::string Writer::index() {
    std::map<ClauseStatus, int> counts;
    for (const Clause& c : M.clauses) counts[c.status]++;
    std::string title = M.notices.empty() ? M.policy : M.notices.front().name;
    std::string o = head(title + " — Edict report", "style.css");
    o += "<body>\n<header>\n";
    o += fmt::format("<h1>{}</h1>\n<p class=\"policy\">policy <code>{}</code>: {} rules, {} tests</p>\n", escape(title),
                     escape(M.policy), M.rules.size(), M.tests.size());
    o += "<p class=\"legend\">";
    for (auto& [st, word] : kStatusWords)
        o += fmt::format(R"(<span class="chip cov-{}">{} <b>{}</b></span> )", regression::status_name(st), word, counts[st]);
    o += "</p>\n</header>\n<main>\n";
    std::string notices;
    for (const Notice& n : M.notices) notices += notice(n);  // places the clause anchors the tables link to
    o += notices + clause_table() + rule_table();
    if (!M.warnings.empty()) {
        o += "<section class=\"warnings\"><h2>Warnings</h2><ul>";
        for (const std::string& w : M.warnings) o += "<li>" + escape(w) + "</li>";
        o += "</ul></section>\n";
    }
    return o + "</main>\n</body>\n</html>\n";
}

std::string Writer::rule_page(const Rule& r) const {
    std::string o = head(r.name + " — Edict report", "../style.css");
    o += "<body class=\"rule-page\">\n<nav><a href=\"../index.html\">← notice and clauses</a></nav>\n<main>\n";
    o += fmt::format("<h1>{}</h1>\n", escape(r.name));
    if (!r.doc.empty()) o += fmt::format("<p class=\"doc\">{}</p>\n", escape(r.doc));
    o += fmt::format("<dl class=\"facts\"><dt>type</dt><dd><code>{}</code></dd><dt>declared at</dt><dd><code>{}</code></dd>"
                     "<dt>module</dt><dd><code>{}</code></dd><dt>output</dt><dd>{}</dd></dl>\n",
                     escape(r.type), escape(r.location), escape(r.module), r.output ? "yes" : "no");
    o += "<h2>Citations</h2>\n";
    bool any = false;
    for (const Definition& d : r.definitions)
        for (const auto& [clause, quote] : d.quotes) {
            any = true;
            o += fmt::format("<blockquote class=\"citation cov-{}\">{} “{}”{}</blockquote>\n", status(clause), clause_link(clause, "../index.html"),
                             escape(quote), definition_tag(d));
        }
    if (!any) o += "<p class=\"none\">This rule cites no clause.</p>\n";
    o += "<h2>Definitions</h2>\n<ol class=\"definitions\">\n";
    for (const Definition& d : r.definitions) {
        std::string who = d.label == "base" ? "definition" : d.label == "replaced" ? "replaced definition (an override stands above it)"
                                                                                   : "exception " + escape(d.label);
        if (!d.over.empty()) who += " over " + escape(d.over);
        o += fmt::format("<li class=\"definition\" id=\"def-{}\"><span class=\"who\">{}</span> <code class=\"loc\">{}</code><pre><code>{}</code></pre></li>\n",
                         &d - r.definitions.data(), who, escape(d.location), escape(d.form));
    }
    o += "</ol>\n<h2>Inputs</h2>\n<p>";
    auto list = [&](const char* what, const std::vector<std::string>& names) {
        if (names.empty()) return;
        o += fmt::format("<span class=\"what\">{}</span> ", what);
        for (const std::string& n : names) o += fmt::format("<code class=\"{}\">{}</code> ", what, escape(n));
        o += "<br>";
    };
    list("input", r.inputs);
    list("param", r.params);
    list("function", r.functions);
    o += "</p>\n";
    if (!r.all_inputs.empty()) {
        o += "<p class=\"all-inputs\">every input it may need, through the rules it uses: ";
        for (const std::string& n : r.all_inputs) o += fmt::format("<code>{}</code> ", escape(n));
        o += "</p>\n";
    }
    o += "<h2>Dependencies</h2>\n<div class=\"graph\">\n" + dependency_svg(r) + "</div>\n";
    o += fmt::format("<h2>Tests</h2>\n");
    if (r.tests.empty()) o += "<p class=\"none\">No test checks this rule.</p>\n";
    else {
        o += "<table class=\"tests\"><thead><tr><th>test</th><th>clause</th><th>given</th><th>expected</th></tr></thead><tbody>\n";
        for (size_t t : r.tests) {
            const TestCase& tc = M.tests[t];
            o += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
                             escape(tc.where), tc.clause.empty() ? "—" : clause_link(test_clause(tc.clause), "../index.html"), escape(tc.given),
                             escape(tc.expect));
        }
        o += "</tbody></table>\n";
    }
    return o + "</main>\n</body>\n</html>\n";
}

// Each page replaces its old version atomically: a full disk leaves the previous report's page.
bool Writer::write(const fs::path& p, const std::string& text, std::string& error) const {
    return replace_file(p.string(), text, error);
}

bool Writer::run(std::string& error) {
    std::error_code ec;
    fs::path root(dir_);
    fs::create_directories(root / "rules", ec);
    if (ec) { error = fmt::format("cannot create {}: {}", (root / "rules").string(), ec.message()); return false; }
    // Pages of rules that no longer exist would link to nothing: clear the folder's old pages.
    for (auto& e : fs::directory_iterator(root / "rules", ec))
        if (e.path().extension() == ".html") fs::remove(e.path(), ec);
    if (!write(root / "index.html", index(), error) || !write(root / "style.css", kStyle, error)) return false;
    for (const Rule& r : M.rules)
        if (!write(root / "rules" / r.file, rule_page(r), error)) return false;
    return true;
}

}  // namespace

bool write_report(const Model& m, const std::string& dir, std::string& error) {
    Writer w(m, dir);
    return w.run(error);
}

}  // namespace edict::report
