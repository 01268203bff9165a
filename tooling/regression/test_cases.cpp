// Collecting and running a policy's tests (see test_cases.hpp).
#include "tooling/regression/test_cases.hpp"

#include <deque>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/codegen/codegen.hpp"
#include "tooling/regression/coverage.hpp"
#include "compiler/driver/case_files.hpp"
#include "tooling/explain/source_text.hpp"
#include "runtime/bytecode/program.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::regression {

namespace fs = std::filesystem;

namespace {

bool is_rule(const check::CheckedProgram& P, const std::string& name) {
    for (const check::RuleSym& r : P.rules)
        if (r.name == name) return true;
    return false;
}

// A clause id is checked against the notice texts the policy has (an imported module's too: a
// test of the standing rules may name the Civil Code article they encode); with none, there is
// nothing to check it against. The message names the policy's own notices, or all when it has none.
void check_clause(const Compilation& c, const NoticeTexts& texts, TestCase& t) {
    if (t.clause.empty() || texts.empty()) return;
    for (const auto& [name, text] : texts)
        if (text->clause(t.clause)) return;
    std::string own, all;
    for (const check::NoticeSym& n : c.checked.notices) {
        if (!texts.count(n.name)) continue;
        std::string quoted = "\"" + n.name + "\"";
        all += (all.empty() ? "" : ", ") + quoted;
        if (in_policy_folder(c, n.decl.module)) own += (own.empty() ? "" : ", ") + quoted;
    }
    t.problems.push_back(fmt::format("clause §{} is not a clause of notice {}", t.clause, own.empty() ? all : own));
}

TestCase declaration(const Compilation& c, const check::TestSym& sym) {
    const check::CheckedProgram& P = c.checked;
    const ast::Decl& d = P.decl(sym.decl);
    TestCase t;
    t.kind = TestCase::Kind::Declaration;
    t.name = sym.name;
    t.clause = d.clause;
    t.decl = sym.decl;
    const SourceFile& f = c.sources.file(d.span.file);
    LineCol lc = f.line_col(d.span.begin);
    t.where = fmt::format("{}:{}:{}", f.path(), lc.line, lc.column);
    for (const ast::Assignment& a : d.given)
        t.given += (t.given.empty() ? "" : ", ") + a.name + " = " + explain::expr_text(P, c.sources, sym.decl.module, a.value);
    for (const ast::Assignment& a : d.expect) {
        t.expect += (t.expect.empty() ? "" : ", ") + a.name +
                    (a.expects_error ? fmt::format(" error \"{}\"", a.error_text)
                                     : " = " + explain::expr_text(P, c.sources, sym.decl.module, a.value));
        t.outputs.push_back(a.name);
        if (a.expects_error && a.error_text.empty())
            t.problems.push_back(fmt::format("`{} error \"\"` accepts any error: quote a part of the message", a.name));
    }
    if (d.expect.empty()) t.problems.push_back("the test expects nothing: it checks no output");
    return t;
}

// One line of a case file; the problems say what makes it unusable.
TestCase case_line(const check::CheckedProgram& P, const fs::path& file, size_t n, const io::Json* j,
                   const std::string& error) {
    TestCase t;
    t.kind = TestCase::Kind::CaseLine;
    t.name = fmt::format("{}:{}", file.filename().string(), n);
    t.where = fmt::format("{}:{}", file.string(), n);
    t.file = file.filename().string();
    t.line = n;
    if (!j) {
        t.problems.push_back(error.empty() ? "the line is not a JSON object" : "the line is not JSON: " + error);
        return t;
    }
    if (const io::Json* nm = j->find("name"); nm && nm->type == io::Json::Type::String) t.name = nm->text;
    if (const io::Json* cl = j->find("clause")) {
        if (cl->type == io::Json::Type::String) t.clause = cl->text;
        else t.problems.push_back("\"clause\" must be a string such as \"一.1\"");
    }
    const io::Json* in = j->find("input");
    const io::Json* out = j->find("output");
    const io::Json* errors = j->find("errors");
    io::Json empty_object;
    empty_object.type = io::Json::Type::Object;
    if (!out && errors) out = &empty_object;  // a line may expect errors only
    if (!in || !out || in->type != io::Json::Type::Object || out->type != io::Json::Type::Object ||
        (errors && errors->type != io::Json::Type::Object)) {
        t.problems.push_back("a case line needs \"input\" and \"output\" objects (or an \"errors\" object)");
        return t;
    }
    t.input = *in;
    t.given = io::to_json_text(*in);
    t.expect = io::to_json_text(*out);
    if (out->members.empty() && (!errors || errors->members.empty()))
        t.problems.push_back(fmt::format("\"{}\" is empty: the line checks nothing", errors ? "errors" : "output"));
    for (const auto& [k, v] : out->members) {
        if (!is_rule(P, k)) t.problems.push_back(fmt::format("no rule named `{}`", k));
        t.outputs.push_back(k);
        t.expected.push_back({k, v});
    }
    if (!errors) return t;
    t.expect += " errors " + io::to_json_text(*errors);
    for (const auto& [k, v] : errors->members) {
        if (!is_rule(P, k)) t.problems.push_back(fmt::format("no rule named `{}`", k));
        if (out->find(k)) t.problems.push_back(fmt::format("`{}` is expected both as a value and as an error", k));
        if (v.type != io::Json::Type::String || v.text.empty())
            t.problems.push_back(fmt::format("\"errors\": `{}` needs a part of the expected message, a non-empty string", k));
        t.outputs.push_back(k);
        t.expected_errors.push_back({k, v.type == io::Json::Type::String ? v.text : std::string()});
    }
    return t;
}

// Equal as the language compares values: decimals by value (1.5 == 1.50), lists and records
// element by element; null and "no value" alike, since both print as null.
bool same_value(const Program& p, TypeId t, const Value& a, const Value& b) {
    const bool a_none = a.is_null() || a.is_empty(), b_none = b.is_null() || b.is_empty();
    if (a_none || b_none) return a_none && b_none;
    if (a.tag != b.tag) return false;
    const TypeDesc& d = p.types.at(t);
    switch (a.tag) {
        case Tag::Dec: return dec_compare(a.dec(), b.dec()) == 0;
        case Tag::Text: return a.text_view() == b.text_view();
        case Tag::Enum: return a.aux == b.aux && a.i == b.i;
        case Tag::List:
            if (a.aux != b.aux) return false;
            for (uint32_t i = 0; i < a.aux; ++i)
                if (!same_value(p, d.ref, a.items[i], b.items[i])) return false;
            return true;
        case Tag::Record: {
            if (a.aux != b.aux) return false;
            const RecordDesc& rd = p.types.record_at(d.ref);
            for (size_t i = 0; i < rd.fields.size(); ++i)
                if (!same_value(p, rd.fields[i].type, a.items[i], b.items[i])) return false;
            return true;
        }
        default: return a.i == b.i;
    }
}

std::string show(const Program& p, TypeId t, const Value& v) {
    std::string out;
    io::encode_value(p, t, v, out);
    return out;
}

// An expected error against what happened: empty when evaluation failed with a message that
// contains `want`; otherwise the failure, with both texts.
std::string error_mismatch(const std::string& rule, const std::string& want, bool evaluated, const std::string& value,
                           const std::string& message) {
    if (evaluated) return fmt::format("{}: expected an error containing \"{}\", got {}", rule, want, value);
    if (message.find(want) == std::string::npos)
        return fmt::format("{}: expected an error containing \"{}\", but the error was: {}", rule, want, message);
    return {};
}

// A `test` declaration: its `given` constants become the case, its `expect` constants the values.
void run_declaration(const Compilation& c, const Program& p, const TestCase& t, uint64_t budget, TestResult& res) {
    const check::CheckedProgram& P = c.checked;
    const ast::Decl& d = P.decl(t.decl);
    io::DecodedCase dc;
    std::deque<std::vector<Value>> lists;
    codegen::ConstantStore store{dc.texts, lists};
    dc.start(p);
    for (const ast::Assignment& a : d.given) {
        const InputInfo* in = p.find_input(a.name);
        if (!in) {
            res.problems.push_back(fmt::format("no input named `{}`", a.name));
            continue;
        }
        size_t i = static_cast<size_t>(in - p.inputs.data());
        Value v = codegen::constant_value(P, t.decl.module, a.value, in->type, store);
        if (!v.is_null()) dc.set(i, v);
    }
    vm::Session session(p);
    if (budget) session.set_step_budget(budget);
    for (const ast::Assignment& a : d.expect) {
        const RuleInfo* r = p.find_rule(a.name);
        if (!r) {
            res.problems.push_back(fmt::format("no rule named `{}`", a.name));
            continue;
        }
        uint32_t idx = static_cast<uint32_t>(r - p.rules.data());
        if (a.expects_error) {
            Value got;
            vm::RuntimeError err;
            bool ok = session.evaluate(dc.view(), &idx, 1, &got, err);
            std::string message = ok ? std::string() : vm::error_text(p, err);
            if (std::string problem = error_mismatch(r->name, a.error_text, ok, show(p, r->type, got), message); !problem.empty())
                res.problems.push_back(problem);
            continue;
        }
        Value want = codegen::constant_value(P, t.decl.module, a.value, r->type, store), got;
        vm::RuntimeError err;
        if (!session.evaluate(dc.view(), &idx, 1, &got, err))
            res.problems.push_back(fmt::format("{}: expected {}, but evaluation failed: {}", r->name,
                                               show(p, r->type, want), vm::error_text(p, err)));
        else if (!same_value(p, r->type, got, want))
            res.problems.push_back(fmt::format("{}: expected {}, got {}", r->name, show(p, r->type, want),
                                               show(p, r->type, got)));
    }
}

// A case line: the expected JSON values are decoded to the rules' types and compared by value.
void run_case_line(const Program& p, const TestCase& t, uint64_t budget, TestResult& res) {
    // Each expected error is the rule evaluated on its own, so that it fails alone.
    for (const auto& [name, want] : t.expected_errors) {
        const RuleInfo* r = p.find_rule(name);
        if (!r) {
            res.problems.push_back(fmt::format("no rule named `{}`", name));
            continue;
        }
        io::CaseRunner runner(p, {static_cast<uint32_t>(r - p.rules.data())}, false);
        if (budget) runner.set_step_budget(budget);
        io::CaseError ce;
        bool ok = runner.evaluate(t.input, ce);
        std::string value = ok ? show(p, r->type, runner.results()[0]) : std::string();
        if (std::string problem = error_mismatch(name, want, ok, value, ce.message); !problem.empty())
            res.problems.push_back(problem);
    }
    if (t.expected.empty()) return;
    std::vector<uint32_t> rules;
    for (const auto& [name, v] : t.expected) {
        const RuleInfo* r = p.find_rule(name);
        if (!r) {
            res.problems.push_back(fmt::format("no rule named `{}`", name));
            return;
        }
        rules.push_back(static_cast<uint32_t>(r - p.rules.data()));
    }
    io::CaseRunner runner(p, rules, false);
    if (budget) runner.set_step_budget(budget);
    io::CaseError ce;
    if (!runner.evaluate(t.input, ce)) {
        res.problems.push_back("evaluation failed: " + ce.message);
        return;
    }
    io::DecodedCase store;
    for (size_t i = 0; i < rules.size(); ++i) {
        const RuleInfo& r = p.rules[rules[i]];
        const std::string want_text = io::to_json_text(t.expected[i].second);
        Value want;
        std::string why;
        if (!io::decode_value(p, r.type, t.expected[i].second, store, want, why))
            res.problems.push_back(fmt::format("{}: the expected value {} is not a {}: {}", r.name, want_text,
                                               p.types.name(r.type), why));
        else if (!same_value(p, r.type, runner.results()[i], want))
            res.problems.push_back(fmt::format("{}: expected {}, got {}", r.name, want_text,
                                               show(p, r.type, runner.results()[i])));
    }
}

}  // namespace

std::vector<TestCase> collect_tests(const Compilation& c, const NoticeTexts& texts) {
    std::vector<TestCase> out;
    for (const check::TestSym& t : c.checked.tests) out.push_back(declaration(c, t));
    for (const fs::path& f : policy_case_files(c.root)) {
        bool read = for_each_case_line(f, [&](size_t n, const io::Json* j, const std::string& error) {
            out.push_back(case_line(c.checked, f, n, j, error));
        });
        if (!read) {
            TestCase t;
            t.kind = TestCase::Kind::CaseLine;
            t.name = f.filename().string();
            t.where = f.string();
            t.file = f.filename().string();
            t.problems.push_back("cannot read the case file");
            out.push_back(std::move(t));
        }
    }
    for (TestCase& t : out) check_clause(c, texts, t);
    return out;
}

TestResult run_test(const Compilation& c, const Program& p, const TestCase& t, uint64_t step_budget) {
    TestResult res;
    res.problems = t.problems;
    if (res.problems.empty()) {
        if (t.kind == TestCase::Kind::Declaration) run_declaration(c, p, t, step_budget, res);
        else run_case_line(p, t, step_budget, res);
    }
    res.passed = res.problems.empty();
    return res;
}

}  // namespace edict::regression
