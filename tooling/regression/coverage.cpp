// Clause coverage (see coverage.hpp).
#include "tooling/regression/coverage.hpp"
#include "runtime/support/utf8.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tooling/regression/dependencies.hpp"

namespace edict::regression {

namespace fs = std::filesystem;

const char* status_name(ClauseStatus s) {
    switch (s) {
        case ClauseStatus::Covered: return "covered";
        case ClauseStatus::Untested: return "untested";
        case ClauseStatus::NotComputable: return "not_computable";
        case ClauseStatus::Uncovered: return "uncovered";
    }
    return "uncovered";
}

size_t Coverage::count(ClauseStatus s) const {
    return static_cast<size_t>(
        std::count_if(clauses.begin(), clauses.end(), [s](const ClauseCoverage& c) { return c.status == s; }));
}

const ClauseCoverage* Coverage::find(const std::string& notice, const std::string& id) const {
    for (const ClauseCoverage& c : clauses)
        if (c.notice == notice && c.id == id) return &c;
    return nullptr;
}

namespace {

template <class T>
void add_unique(std::vector<T>& v, const T& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

int index_of(const check::CheckedProgram& P, const std::string& name, bool param) {
    if (param) {
        for (uint32_t i = 0; i < P.params.size(); ++i)
            if (P.params[i].name == name) return static_cast<int>(i);
    } else {
        for (uint32_t i = 0; i < P.rules.size(); ++i)
            if (P.rules[i].name == name) return static_cast<int>(i);
    }
    return -1;
}

// What a test reaches: the rules its outputs depend on, and the parameters those read.
struct Reach {
    std::vector<bool> rules, params, functions;
};

Reach reach_of(const check::CheckedProgram& P, const Dependencies& deps, const TestCase& t) {
    std::vector<uint32_t> outputs;
    if (t.problems.empty())
        for (const std::string& o : t.outputs)
            if (int r = index_of(P, o, false); r >= 0) outputs.push_back(static_cast<uint32_t>(r));
    Reach out;
    out.rules = deps.reached(outputs);
    out.params = deps.params_read(out.rules);
    out.functions = deps.functions_called(out.rules, P.functions.size());
    return out;
}

// The declarations whose quotes lie in clause `id` of `notice`.
void encoders(const check::CheckedProgram& P, const CitationReport& R, ClauseCoverage& cc) {
    using D = ast::DeclKind;
    for (const LocatedCitation& lc : R.citations) {
        if (lc.notice != cc.notice || lc.clause != cc.id) continue;
        const ast::Decl& d = P.decl(lc.decl);
        add_unique(cc.rules, d.kind == D::Rule ? d.name : lc.owner);
        if (d.kind == D::Rule || d.kind == D::Exception) {
            int r = index_of(P, d.kind == D::Exception ? d.target : d.name, false);
            if (r >= 0) add_unique(cc.rule_indexes, static_cast<uint32_t>(r));
        } else if (d.kind == D::Param || d.kind == D::Override) {
            int p = index_of(P, d.kind == D::Override ? d.target : d.name, true);
            if (p >= 0) add_unique(cc.param_indexes, static_cast<uint32_t>(p));
        } else if (d.kind == D::Function) {
            for (uint32_t f = 0; f < P.functions.size(); ++f)
                if (P.functions[f].name == d.name) add_unique(cc.function_indexes, f);
        }
    }
}


}  // namespace

Coverage coverage(const Compilation& c, const CitationReport& R, const std::vector<TestCase>& tests) {
    const check::CheckedProgram& P = c.checked;
    const Dependencies deps(P);
    std::vector<Reach> reach;
    reach.reserve(tests.size());
    for (const TestCase& t : tests) reach.push_back(reach_of(P, deps, t));
    // The `clause §X not computable` declaration of a clause: the last naming it, else the last
    // naming its section or article; of those that concern its notice.
    auto not_computable = [&](const std::string& notice, const std::string& id) -> const ast::Decl* {
        const ast::Decl* found = nullptr;
        for (check::DeclRef ref : P.clauses)
            if (P.decl(ref).clause == id && clause_declaration_concerns(P, R.texts, ref, notice)) found = &P.decl(ref);
        return found;
    };
    Coverage cov;
    for (const check::NoticeSym& n : P.notices) {  // in the order the policy declares them
        auto found = R.texts.find(n.name);
        if (found == R.texts.end()) continue;  // no text, or one that could not be used (E0507, E0509)
        // Only the policy's own notices are graded: an imported module's texts are graded when
        // that module is checked itself (edict check policies/cn/pension --coverage).
        if (!in_policy_folder(c, n.decl.module)) continue;
        const std::string& notice = n.name;
        const auto& text = found->second;
        if (std::any_of(cov.notices.begin(), cov.notices.end(), [&](const NoticeCoverage& c) { return c.notice == notice; }))
            continue;
        cov.notices.push_back({notice, text->path, {}});
        for (const NoticeClause& cl : text->clauses()) {
            if (!cl.has_text) continue;
            cov.notices.back().ids.push_back(cl.id);
            ClauseCoverage cc;
            cc.notice = notice;
            cc.id = cl.id;
            encoders(P, R, cc);
            for (size_t t = 0; t < tests.size(); ++t) {
                bool hits = false;
                for (uint32_t r : cc.rule_indexes) hits |= reach[t].rules[r];
                for (uint32_t p : cc.param_indexes) hits |= reach[t].params[p];
                for (uint32_t f : cc.function_indexes) hits |= reach[t].functions[f];
                if (hits) cc.tests.push_back(t);
            }
            const ast::Decl* nc = not_computable(notice, cl.id);
            // A reader-numbered paragraph, or a 款 or 项 of an article, may be declared through its
            // section or article.
            bool part = cl.kind == ClauseKind::Paragraph || cl.kind == ClauseKind::ArticleParagraph ||
                        cl.kind == ClauseKind::ArticleItem;
            if (!nc && part) nc = not_computable(notice, cl.section);
            if (!cc.rules.empty()) cc.status = cc.tests.empty() ? ClauseStatus::Untested : ClauseStatus::Covered;
            else if (nc) cc.status = ClauseStatus::NotComputable, cc.reason = nc->doc;
            cov.clauses.push_back(std::move(cc));
        }
    }
    std::vector<bool> tested(P.rules.size(), false);
    for (const Reach& r : reach)
        for (uint32_t i = 0; i < P.rules.size(); ++i) tested[i] = tested[i] || r.rules[i];
    for (uint32_t i = 0; i < P.rules.size(); ++i)
        if (!tested[i] && P.rules[i].base_of < 0 && in_policy_folder(c, P.rules[i].decl.module))
            cov.rules_without_tests.push_back(P.rules[i].name);
    return cov;
}

namespace {

// Columns a clause id takes in a terminal: CJK characters take two.
size_t display_width(const std::string& id) { return utf8::width(id); }

}  // namespace

bool in_policy_folder(const Compilation& c, uint32_t module) {
    std::error_code ec;
    return fs::weakly_canonical(c.checked.modules[module].dir, ec) == fs::weakly_canonical(c.root, ec);
}

std::string coverage_text(const Coverage& cov) {
    size_t width = 6;  // the ids' column: as wide as the widest id ("§第二百零二条")
    for (const ClauseCoverage& c : cov.clauses) width = std::max(width, display_width(c.id));
    std::string out;
    std::string notice;
    for (const ClauseCoverage& c : cov.clauses) {
        if (c.notice != notice) {
            notice = c.notice;
            for (const NoticeCoverage& n : cov.notices)
                if (n.notice == notice)
                    out += fmt::format("notice \"{}\" ({}): {} clause{} found\n", n.notice,
                                       fs::path(n.text).filename().string(), n.ids.size(), n.ids.size() == 1 ? "" : "s");
        }
        std::string what;
        if (!c.rules.empty()) {
            for (const std::string& r : c.rules) what += (what.empty() ? "" : ", ") + r;
            what += fmt::format("  [{} test{}]", c.tests.size(), c.tests.size() == 1 ? "" : "s");
        } else if (c.status == ClauseStatus::NotComputable) {
            what = c.reason;
        }
        out += fmt::format("§{}{} {:<15} {}\n", c.id, std::string(width - display_width(c.id), ' '), status_name(c.status), what);
    }
    out += fmt::format("{} clauses: {} covered, {} untested, {} not computable, {} uncovered\n", cov.clauses.size(),
                       cov.count(ClauseStatus::Covered), cov.count(ClauseStatus::Untested),
                       cov.count(ClauseStatus::NotComputable), cov.uncovered());
    if (!cov.rules_without_tests.empty()) {
        std::string names;
        for (const std::string& r : cov.rules_without_tests) names += (names.empty() ? "" : ", ") + r;
        out += "rules without tests: " + names + "\n";
    }
    return out;
}

std::string coverage_json(const Coverage& cov) {
    nlohmann::ordered_json j;
    j["notices"] = nlohmann::ordered_json::array();
    for (const NoticeCoverage& n : cov.notices)
        j["notices"].push_back({{"notice", n.notice}, {"text", fs::path(n.text).filename().string()}, {"clauses", n.ids}});
    j["clauses"] = nlohmann::ordered_json::array();
    for (const ClauseCoverage& c : cov.clauses)
        j["clauses"].push_back({{"notice", c.notice}, {"id", c.id}, {"status", status_name(c.status)},
                                {"rules", c.rules}, {"tests", c.tests.size()}});
    j["rules_without_tests"] = cov.rules_without_tests;
    return j.dump(2) + "\n";
}

}  // namespace edict::regression
