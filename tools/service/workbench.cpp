// The workbench's JSON; see workbench.hpp.
#include "tools/service/workbench.hpp"

#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "runtime/io/case_codec.hpp"
#include "tooling/report/model.hpp"

namespace edict::service {

namespace {

using J = nlohmann::ordered_json;

constexpr const char* kFromArtifact =
    "this policy is served from a compiled artifact (.edictc), which keeps no notice text or tests; serve the "
    "policy folder";

std::string dump(const J& j) { return j.dump(-1, ' ', false, J::error_handler_t::replace); }

J input_json(const Program& p, const InputInfo& in) {
    const TypeDesc& d = p.types.at(in.type);
    J j = {{"name", in.name},
           {"type", p.types.name(in.type)},
           {"kind", kind_name(d.kind)},
           {"optional", d.optional},
           {"has_default", in.has_default}};
    if (in.has_default) {
        std::string text;
        io::encode_value(p, in.type, p.constants.at(in.default_const), text);
        j["default"] = J::parse(text, nullptr, false);
    }
    if (d.kind == Kind::Enum) j["values"] = p.types.enum_at(d.ref).cases;
    j["doc"] = in.doc;
    return j;
}

// The policy folder compiled again with its tests, and the report's model of it; a reply when it
// cannot be had.
bool model_of(const PolicyVersion& v, report::Model& m, Reply& refused) {
    if (!v.compilation) {
        refused = {422, error_body("", kFromArtifact)};
        return false;
    }
    std::unique_ptr<Compilation> c;
    try {
        c = compile_path(v.path, CompileOptions{true});
    } catch (const std::exception& e) {
        refused = {500, error_body("", std::string("cannot compile the policy with its tests: ") + e.what())};
        return false;
    }
    if (!c->ok()) {
        refused = {422, error_body("", "the policy with its tests does not compile now (edict test " + v.path +
                                           " says why); its files changed since version " + v.version + " loaded?")};
        return false;
    }
    std::string error;
    if (!report::build_model(*c, m, error)) {
        refused = {500, error_body("", error)};
        return false;
    }
    return true;
}

// A paragraph cut at its marks: plain runs and cited runs ({text, clause, rules}).
J parts_of(const report::Paragraph& p) {
    J parts = J::array();
    size_t at = 0;
    for (const report::Mark& m : p.marks) {
        if (m.begin > at) parts.push_back({{"text", p.text.substr(at, m.begin - at)}});
        std::vector<std::string> by = m.rules;
        by.insert(by.end(), m.params.begin(), m.params.end());
        parts.push_back({{"text", p.text.substr(m.begin, m.end - m.begin)}, {"clause", m.clause}, {"rules", by}});
        at = m.end;
    }
    if (at < p.text.size()) parts.push_back({{"text", p.text.substr(at)}});
    return parts;
}

J pairs(const std::vector<std::pair<std::string, std::string>>& v) {
    J out = J::array();
    for (const auto& [name, value] : v) out.push_back({{"name", name}, {"value", value}});
    return out;
}

}  // namespace

Reply workbench_form(const PolicyVersion& v) {
    const Program& p = *v.program;
    J outputs = J::array();
    for (const OutputInfo& o : p.outputs) {
        const RuleInfo& r = p.rules[o.rule];
        J needs = J::array();
        for (uint32_t i : r.inputs) needs.push_back(p.inputs[i].name);
        outputs.push_back({{"name", o.name}, {"type", p.types.name(r.type)}, {"doc", r.doc}, {"inputs", needs}});
    }
    J inputs = J::array();
    for (const InputInfo& in : p.inputs) inputs.push_back(input_json(p, in));
    J body = {{"policy", v.id}, {"version", v.version}, {"outputs", outputs}, {"inputs", inputs}};
    return {200, dump(body)};
}

namespace {

// What the notice reply depends on besides the version: each notice text file's path, size and
// modification time (a missing file keeps its place with the error's text, so creating it later
// changes the key too).
std::string notice_files_key(const Compilation& c) {
    namespace fs = std::filesystem;
    std::string key;
    for (const check::NoticeSym& n : c.checked.notices) {
        if (n.text_path.empty()) continue;
        std::error_code ec;
        const auto size = fs::file_size(n.text_path, ec);
        const auto when = ec ? fs::file_time_type{} : fs::last_write_time(n.text_path, ec);
        key += n.text_path + '\n' + (ec ? ec.message() : std::to_string(size) + ' ' +
                                                          std::to_string(when.time_since_epoch().count())) + '\n';
    }
    return key;
}

Reply make_notice_reply(const PolicyVersion& v) {
    report::Model m;
    std::string error;
    // The served version's own compilation: its citations are the version's, and no test runs.
    if (!report::build_notice_model(*v.compilation, m, error)) return {500, error_body("", error)};
    J notices = J::array();
    for (const report::Notice& n : m.notices) {
        J paragraphs = J::array();
        for (const report::Paragraph& p : n.paragraphs)
            paragraphs.push_back({{"clause", p.clause}, {"heading", p.heading}, {"parts", parts_of(p)}});
        notices.push_back({{"name", n.name}, {"issued", n.issued}, {"paragraphs", paragraphs}});
    }
    return {200, dump(J{{"policy", v.id}, {"notices", notices}})};
}

}  // namespace

Reply workbench_notice(const PolicyVersion& v) {
    if (!v.compilation) return {422, error_body("", kFromArtifact)};
    const std::string key = notice_files_key(*v.compilation);
    std::lock_guard lock(v.notice_reply.mutex);
    if (!v.notice_reply.made || v.notice_reply.key != key) {
        v.notice_reply.reply = make_notice_reply(v);
        v.notice_reply.key = key;
        v.notice_reply.made = true;
    }
    return v.notice_reply.reply;
}

Reply workbench_tests(const PolicyVersion& v) {
    report::Model m;
    Reply refused;
    if (!model_of(v, m, refused)) return refused;
    J tests = J::array();
    size_t passed = 0;
    for (const report::TestCase& t : m.tests) {
        bool ok = t.passed && !t.broken;
        passed += ok;
        tests.push_back({{"name", t.name},
                         {"where", t.where},
                         {"clause", t.clause},
                         {"outputs", t.rules},
                         {"given", pairs(t.given)},
                         {"expect", pairs(t.expect)},
                         {"passed", ok},
                         {"broken", t.broken},
                         {"problems", t.problems}});
    }
    J body = {{"policy", v.id}, {"passed", passed}, {"failed", m.tests.size() - passed}, {"tests", tests}};
    return {200, dump(body)};
}

}  // namespace edict::service
