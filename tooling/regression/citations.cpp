// Finds each cited quote in its notice text (see citations.hpp).
#include "tooling/regression/citations.hpp"
#include "runtime/support/utf8.hpp"

#include <fmt/format.h>

namespace edict::regression {

std::string owner_name(const ast::Decl& d) {
    using D = ast::DeclKind;
    switch (d.kind) {
        case D::Rule: return "rule " + d.name;
        case D::Exception: return fmt::format("exception {} to {}", d.name, d.target);
        case D::Param: return "param " + d.name;
        case D::Override: return "override param " + d.target;
        case D::Input: return "input " + d.name;
        case D::Function: return "function " + d.name;
        case D::Table: return "table " + d.name;
        case D::Calendar: return "calendar " + d.name;
        case D::CalendarAmend: return "amend calendar " + d.target;
        default: return d.name;
    }
}

namespace {

// Every citation of a declaration: its own, its cases', its parameter values' and its match arms'.
std::vector<const ast::Citation*> citations_of(const ast::Decl& d) {
    std::vector<const ast::Citation*> out;
    for (const ast::Citation& c : d.cites) out.push_back(&c);
    for (const ast::Case& c : d.cases)
        for (const ast::Citation& x : c.cites) out.push_back(&x);
    for (const ast::DatedParamValue& v : d.values)
        for (const ast::Citation& x : v.cites) out.push_back(&x);
    for (const ast::Citation& x : d.arm_cites) out.push_back(&x);
    return out;
}

// One line of the text around a passage, for messages: the passage in 「」.
std::string show_passage(const NoticeText& t, const Match& m) {
    const std::u32string& n = t.norm();
    size_t b = m.begin >= 8 ? m.begin - 8 : 0, e = std::min(n.size(), m.end + 8);
    return fmt::format("{}「{}」{}", utf8::encode(n.substr(b, m.begin - b)), utf8::encode(n.substr(m.begin, m.end - m.begin)),
                       utf8::encode(n.substr(m.end, e - m.end)));
}

void not_found(const NoticeText& t, const std::string& owner, const ast::Citation& c, const std::u32string& q,
               Diagnostics& diags) {
    size_t diff = 0;
    Match m = t.closest(q, diff);
    Diagnostic& d = diags.error(DiagCode::E0501, c.span,
                                fmt::format("the quote cited by {} (§{}) is not in the text of notice \"{}\"", owner,
                                            c.clause, c.notice));
    if (m.end == 0) return;
    std::string want = diff < q.size() ? utf8::encode(q.substr(diff, 1)) : std::string("(end of quote)");
    std::string have = m.begin + diff < m.end ? utf8::encode(t.norm().substr(m.begin + diff, 1)) : std::string("(end)");
    const NoticeClause* where = t.clause_at(m.begin);
    d.help = fmt::format(
        "quote:   {}\nclosest: {} ({}:{}{})\nfirst difference at character {}: the quote has '{}', the text '{}'",
        utf8::encode(q), show_passage(t, m), t.path, t.line_at(m.begin), where ? ", §" + where->id : "", diff + 1,
        want, have);
}

void locate(const NoticeText& t, LocatedCitation& lc, Diagnostics& diags) {
    const ast::Citation& c = *lc.cite;
    std::u32string q = normalise(c.quote);
    if (q.empty()) {
        diags.error(DiagCode::E0502, c.span, fmt::format("the citation of {} quotes nothing", lc.owner));
        return;
    }
    std::vector<Match> all = t.find_all(q);
    if (all.empty()) return not_found(t, lc.owner, c, q, diags);
    // Prefer an occurrence inside the cited clause; a quote repeated elsewhere is then no error.
    const NoticeClause* named = t.clause(c.clause);
    const NoticeClause* at = t.clause_at(all.front().begin);
    for (const Match& m : all)
        if (const NoticeClause* k = t.clause_at(m.begin); named && k == named) at = k;
    if (!at) {
        diags.error(DiagCode::E0503, c.span, fmt::format("the quote cited by {} is in the notice's preamble, not in §{}", lc.owner,
                                                 c.clause));
        return;
    }
    lc.clause = at->id;
    for (const Match& m : all)
        if (t.clause_at(m.begin) == at) {
            lc.begin = m.begin, lc.end = m.end;
            break;
        }
    if (at == named) return;
    if (!named) {
        Diagnostic& d = diags.error(DiagCode::E0504, c.span, fmt::format("notice \"{}\" has no clause §{}; the quote cited by {} is in §{}",
                                                 c.notice, c.clause, lc.owner, at->id));
        if (!at->law.empty() && at->id == "《" + at->law + "》" + c.clause)
            d.help = fmt::format("the text holds several laws that number an article §{}: name the law, §{}", c.clause,
                                 at->id);
    } else if (named->kind == ClauseKind::Paragraph && named->section == at->section) {
        // Paragraph numbers are the reader's, not the text's: a different paragraph of the same
        // section is worth a look, not a failure.
        diags.warning(DiagCode::W0505, c.span, fmt::format("{} cites §{}, but the quote is in paragraph §{} of section {}",
                                                   lc.owner, c.clause, at->id, at->section));
    } else {
        diags.error(DiagCode::E0506, c.span, fmt::format("{} cites §{}, but the quote is in §{}", lc.owner, c.clause, at->id));
    }
}

}  // namespace

NoticeTexts load_notice_texts(const check::CheckedProgram& P, Diagnostics& diags) {
    NoticeTexts texts;
    for (const check::NoticeSym& n : P.notices) {
        if (n.text_path.empty()) continue;
        auto t = std::make_shared<NoticeText>();
        std::string error;
        if (!t->load(n.text_path, error)) {
            diags.error(DiagCode::E0507, P.decl(n.decl).span, error);
            continue;
        }
        // A text cut into no clause would let every check pass with nothing checked.
        if (!t->problem().empty()) {
            diags.error(DiagCode::E0509, P.decl(n.decl).span,
                        fmt::format("the text of notice \"{}\" ({}) cannot be cut into clauses: {}", n.name, n.text_path,
                                    t->problem()));
            continue;
        }
        texts[n.name] = t;
    }
    return texts;
}

bool clause_declaration_concerns(const check::CheckedProgram& P, const NoticeTexts& texts, check::DeclRef decl,
                                 const std::string& notice) {
    const std::string& id = P.decl(decl).clause;
    auto has = [&](const std::string& name) {
        auto t = texts.find(name);
        return t != texts.end() && t->second->clause(id) != nullptr;
    };
    bool own_has = false, own = false;
    for (const check::NoticeSym& n : P.notices)
        if (n.decl.module == decl.module && has(n.name)) {
            own_has = true;
            own = own || n.name == notice;
        }
    return own_has ? own : has(notice);
}

CitationReport verify_citations(const check::CheckedProgram& P, Diagnostics& diags) {
    CitationReport r;
    r.texts = load_notice_texts(P, diags);
    for (uint32_t m = 0; m < P.modules.size(); ++m) {
        const auto& decls = P.modules[m].ast.decls;
        for (uint32_t i = 0; i < decls.size(); ++i) {
            for (const ast::Citation* c : citations_of(decls[i])) {
                LocatedCitation lc{{m, i}, c, owner_name(decls[i]), c->notice, {}, 0, 0};
                auto it = r.texts.find(c->notice);
                if (it != r.texts.end()) locate(*it->second, lc, diags);
                r.citations.push_back(std::move(lc));
            }
        }
    }
    return r;
}

}  // namespace edict::regression
