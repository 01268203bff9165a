// Clause coverage (see coverage.hpp).
#include "driver/case_files.hpp"
#include "regression/coverage.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/json.hpp"

namespace edict::regression {

namespace fs = std::filesystem;

std::vector<TestRef> collect_tests(const Compilation& c) {
    std::vector<TestRef> out;
    for (const check::TestSym& t : c.checked.tests) {
        TestRef r{t.name, {}};
        for (const ast::Assignment& a : c.checked.decl(t.decl).expect) r.outputs.push_back(a.name);
        out.push_back(std::move(r));
    }
    for (const fs::path& f : policy_case_files(c.root))
        for_each_case_line(f, [&](size_t n, const io::Json* j, const std::string&) {
            const io::Json* o = j ? j->find("output") : nullptr;
            if (!o || o->type != io::Json::Type::Object) return;
            TestRef r{fmt::format("{}:{}", f.filename().string(), n), {}};
            for (const auto& [k, v] : o->members) r.outputs.push_back(k);
            out.push_back(std::move(r));
        });
    return out;
}

size_t Coverage::uncovered() const {
    return static_cast<size_t>(std::count_if(clauses.begin(), clauses.end(),
                                             [](const ClauseCoverage& c) { return c.status == "uncovered"; }));
}

namespace {

// For each rule, the rules it depends on, transitively, itself included.
std::vector<std::set<uint32_t>> closure(const check::CheckedProgram& P) {
    std::vector<std::set<uint32_t>> out(P.rules.size());
    for (uint32_t r = 0; r < P.rules.size(); ++r) {
        std::vector<uint32_t> todo{r};
        while (!todo.empty()) {
            uint32_t x = todo.back();
            todo.pop_back();
            if (!out[r].insert(x).second) continue;
            for (uint32_t d : P.rules[x].depends_on) todo.push_back(d);
        }
    }
    return out;
}

// The rule a citing declaration stands for in test counting: itself, or an exception's target.
int rule_of(const check::CheckedProgram& P, check::DeclRef ref) {
    const ast::Decl& d = P.decl(ref);
    const std::string& name = d.kind == ast::DeclKind::Exception ? d.target : d.name;
    if (d.kind != ast::DeclKind::Rule && d.kind != ast::DeclKind::Exception) return -1;
    for (uint32_t i = 0; i < P.rules.size(); ++i)
        if (P.rules[i].name == name) return static_cast<int>(i);
    return -1;
}

bool in_root(const Compilation& c, uint32_t module) {
    std::error_code ec;
    return fs::weakly_canonical(c.checked.modules[module].dir, ec) == fs::weakly_canonical(c.root, ec);
}

}  // namespace

Coverage coverage(const Compilation& c, const CitationReport& R, const std::vector<TestRef>& tests) {
    const check::CheckedProgram& P = c.checked;
    auto deps = closure(P);
    // For each rule, the tests whose outputs reach it.
    std::vector<size_t> tests_of(P.rules.size(), 0);
    for (const TestRef& t : tests) {
        std::set<uint32_t> reached;
        for (const std::string& o : t.outputs)
            for (uint32_t i = 0; i < P.rules.size(); ++i)
                if (P.rules[i].name == o) reached.insert(deps[i].begin(), deps[i].end());
        for (uint32_t r : reached) ++tests_of[r];
    }
    std::map<std::string, std::string> not_computable;
    for (check::DeclRef ref : P.clauses) not_computable[P.decl(ref).clause] = P.decl(ref).doc;
    Coverage cov;
    for (const auto& [notice, text] : R.texts) {
        for (const NoticeClause& cl : text->clauses()) {
            if (!cl.has_text) continue;
            ClauseCoverage cc{notice, cl.id, "uncovered", {}, {}, 0};
            std::set<uint32_t> rules;
            for (const LocatedCitation& lc : R.citations) {
                if (lc.notice != notice || lc.clause != cl.id) continue;
                std::string name = lc.owner;
                if (P.decl(lc.decl).kind == ast::DeclKind::Rule) name = P.decl(lc.decl).name;
                if (std::find(cc.rules.begin(), cc.rules.end(), name) == cc.rules.end()) cc.rules.push_back(name);
                if (int r = rule_of(P, lc.decl); r >= 0) rules.insert(static_cast<uint32_t>(r));
            }
            // A test counts once per clause even when it reaches several of the clause's rules.
            for (const TestRef& t : tests) {
                bool hits = false;
                for (const std::string& o : t.outputs)
                    for (uint32_t i = 0; i < P.rules.size() && !hits; ++i)
                        if (P.rules[i].name == o)
                            for (uint32_t r : rules) hits |= deps[i].count(r) > 0;
                cc.tests += hits;
            }
            auto nc = not_computable.find(cl.id);
            if (nc == not_computable.end() && cl.kind == ClauseKind::Paragraph) nc = not_computable.find(cl.section);
            if (!cc.rules.empty()) cc.status = "encoded";
            else if (nc != not_computable.end()) cc.status = "not_computable", cc.reason = nc->second;
            cov.clauses.push_back(std::move(cc));
        }
    }
    for (uint32_t i = 0; i < P.rules.size(); ++i)
        if (tests_of[i] == 0 && in_root(c, P.rules[i].decl.module)) cov.rules_without_tests.push_back(P.rules[i].name);
    return cov;
}

std::string coverage_text(const Coverage& cov) {
    std::string out;
    size_t encoded = 0, nc = 0;
    for (const ClauseCoverage& c : cov.clauses) {
        std::string what;
        if (c.status == "encoded") {
            ++encoded;
            for (const std::string& r : c.rules) what += (what.empty() ? "" : ", ") + r;
            what += fmt::format("  [{} test{}]", c.tests, c.tests == 1 ? "" : "s");
        } else if (c.status == "not_computable") {
            ++nc;
            what = c.reason;
        }
        out += fmt::format("§{:<6} {:<15} {}\n", c.id, c.status, what);
    }
    out += fmt::format("{} clauses: {} encoded, {} not computable, {} uncovered\n", cov.clauses.size(), encoded, nc,
                       cov.uncovered());
    if (!cov.rules_without_tests.empty()) {
        std::string names;
        for (const std::string& r : cov.rules_without_tests) names += (names.empty() ? "" : ", ") + r;
        out += "rules without tests: " + names + "\n";
    }
    return out;
}

std::string coverage_json(const Coverage& cov) {
    nlohmann::ordered_json j;
    j["clauses"] = nlohmann::ordered_json::array();
    for (const ClauseCoverage& c : cov.clauses)
        j["clauses"].push_back({{"id", c.id}, {"status", c.status}, {"rules", c.rules}, {"tests", c.tests}});
    j["rules_without_tests"] = cov.rules_without_tests;
    return j.dump(2) + "\n";
}

}  // namespace edict::regression
