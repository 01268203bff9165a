// `edict test`: runs `test` declarations (tests/*.edict) and contract-style case files
// (tests/*.jsonl: {"clause", "input", "output"}) of each policy folder. Prints one line per
// test, the expected and actual value of each failing output with the test's location, and a
// closing "N passed, M failed" line; optionally JUnit XML. With --mutate, runs the mutation check
// instead (compiler/regression/mutate.hpp): each mutant of the rules against all the tests, listing
// the mutants no test catches; exit 1 when any survives.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "driver/case_files.hpp"
#include "bytecode/disasm.hpp"
#include "codegen/codegen.hpp"
#include "commands.hpp"
#include "driver/compile.hpp"
#include "io/runner.hpp"
#include "regression/mutate.hpp"
#include "registry.hpp"
#include "support/files.hpp"

namespace edict::cli {

namespace {

namespace fs = std::filesystem;

struct Outcome {
    std::string suite, name, clause, where;
    bool passed = true;
    std::vector<std::string> problems;
};

bool same_value(const Value& a, const Value& b) {
    if (a.tag != b.tag) return false;
    switch (a.tag) {
        case Tag::Null: case Tag::Empty: return true;
        case Tag::Dec: return dec_compare(a.dec(), b.dec()) == 0;
        case Tag::Text: return a.text_view() == b.text_view();
        case Tag::List:
            if (a.aux != b.aux) return false;
            for (uint32_t i = 0; i < a.aux; ++i)
                if (!same_value(a.items[i], b.items[i])) return false;
            return true;
        default: return a.i == b.i;
    }
}

std::string show(const Program& p, TypeId t, const Value& v) {
    std::string out;
    io::encode_value(p, t, v, out);
    return out;
}

void run_edict_tests(const Compilation& c, const std::string& suite, const std::string& filter, std::vector<Outcome>& out) {
    const Program& p = *c.program;
    const auto& C = c.checked;
    for (const check::TestSym& t : C.tests) {
        const ast::Decl& d = C.decl(t.decl);
        if (!filter.empty() && d.name.find(filter) == std::string::npos && d.clause.find(filter) == std::string::npos) continue;
        Outcome o{suite, d.name, d.clause, "", true, {}};
        LineCol lc = c.sources.file(d.span.file).line_col(d.span.begin);
        o.where = fmt::format("{}:{}:{}", c.sources.file(d.span.file).path(), lc.line, lc.column);
        io::DecodedCase dc;
        std::deque<std::vector<Value>> lists;
        codegen::ConstantStore store{dc.texts, lists};
        dc.values.assign(p.inputs.size(), Value::null());
        dc.present.assign(p.inputs.size(), 0);
        dc.messages.assign(p.inputs.size(), std::string());
        for (const ast::Assignment& a : d.given) {
            const InputInfo* in = p.find_input(a.name);
            size_t i = static_cast<size_t>(in - p.inputs.data());
            Value v = codegen::constant_value(C, t.decl.module, a.value, in->type, store);
            if (!v.is_null()) { dc.values[i] = v; dc.present[i] = 1; }
        }
        std::vector<uint32_t> rules;
        std::vector<Value> expected;
        for (const ast::Assignment& a : d.expect) {
            const RuleInfo* r = p.find_rule(a.name);
            rules.push_back(static_cast<uint32_t>(r - p.rules.data()));
            expected.push_back(codegen::constant_value(C, t.decl.module, a.value, r->type, store));
        }
        vm::Session session(p);
        std::vector<Value> actual(rules.size());
        vm::RuntimeError err;
        // Evaluate each expectation on its own so one failing output does not hide the others.
        for (size_t i = 0; i < rules.size(); ++i) {
            const RuleInfo& r = p.rules[rules[i]];
            if (!session.evaluate(dc.view(), &rules[i], 1, &actual[i], err)) {
                o.passed = false;
                o.problems.push_back(fmt::format("{}: expected {}, but evaluation failed: {}", r.name,
                                                 show(p, r.type, expected[i]), err.message));
            } else if (!same_value(actual[i], expected[i])) {
                o.passed = false;
                o.problems.push_back(fmt::format("{}: expected {}, got {}", r.name, show(p, r.type, expected[i]),
                                                 show(p, r.type, actual[i])));
            }
        }
        out.push_back(std::move(o));
    }
}

void run_case_file(const Program& p, const fs::path& file, const std::string& suite, const std::string& filter,
                   std::vector<Outcome>& out) {
    for_each_case_line(file, [&](size_t n, const io::Json* j, const std::string& error) {
        Outcome o{suite, fmt::format("{}:{}", file.filename().string(), n), "", fmt::format("{}:{}", file.string(), n), true, {}};
        if (!j || !j->find("input") || !j->find("output")) {
            o.passed = false;
            o.problems.push_back(error.empty() ? "a case line needs \"input\" and \"output\" objects" : error);
            out.push_back(std::move(o));
            return;
        }
        if (const io::Json* c = j->find("clause")) o.clause = c->text;
        if (const io::Json* nm = j->find("name")) o.name = nm->text;
        if (!filter.empty() && o.name.find(filter) == std::string::npos && o.clause.find(filter) == std::string::npos) return;
        std::vector<uint32_t> rules;
        const io::Json& expect = *j->find("output");
        for (const auto& [k, v] : expect.members) {
            const RuleInfo* r = p.find_rule(k);
            if (!r) { o.passed = false; o.problems.push_back(fmt::format("no rule named `{}`", k)); continue; }
            rules.push_back(static_cast<uint32_t>(r - p.rules.data()));
        }
        if (o.passed) {
            io::CaseRunner runner(p, rules, false);
            io::CaseError ce;
            if (!runner.evaluate(*j->find("input"), ce)) {
                o.passed = false;
                o.problems.push_back("evaluation failed: " + ce.message);
            } else {
                for (size_t i = 0; i < rules.size(); ++i) {
                    const RuleInfo& r = p.rules[rules[i]];
                    std::string got = show(p, r.type, runner.results()[i]);
                    std::string want = io::to_json_text(expect.members[i].second);
                    if (got != want) {
                        o.passed = false;
                        o.problems.push_back(fmt::format("{}: expected {}, got {}", r.name, want, got));
                    }
                }
            }
        }
        out.push_back(std::move(o));
    });
}

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// The XML is built whole and replaces the file atomically: a CI reading it never sees half a report.
bool write_junit(const std::string& path, const std::vector<Outcome>& all, std::string& error) {
    std::string f;
    size_t failures = 0;
    for (const Outcome& o : all) failures += !o.passed;
    f += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    f += fmt::format("<testsuites tests=\"{}\" failures=\"{}\">\n", all.size(), failures);
    f += fmt::format("<testsuite name=\"edict\" tests=\"{}\" failures=\"{}\">\n", all.size(), failures);
    for (const Outcome& o : all) {
        f += fmt::format("  <testcase classname=\"{}\" name=\"{}\"", xml_escape(o.suite),
                         xml_escape(o.clause.empty() ? o.name : "§" + o.clause + " " + o.name));
        if (o.passed) { f += "/>\n"; continue; }
        std::string msg;
        for (const auto& p : o.problems) msg += p + "\n";
        f += fmt::format(">\n    <failure message=\"{}\">{}\n{}</failure>\n  </testcase>\n",
                         xml_escape(o.problems.empty() ? "failed" : o.problems.front()), xml_escape(o.where), xml_escape(msg));
    }
    f += "</testsuite>\n</testsuites>\n";
    return replace_file(path, f, error);
}

}  // namespace

namespace {

struct MutateOptions {
    bool on = false;
    std::string only;
};

int run_mutate(const std::vector<std::string>& paths, const MutateOptions& m) {
    bool survived = false;
    for (const std::string& path : paths) {
        auto c = compile_path(path, CompileOptions{true});
        if (!c->ok()) {
            std::cerr << render_all(c->diags, c->sources, false);
            return kCompile;
        }
        regression::MutationReport r = regression::mutate(*c, m.only);
        std::cout << path << ":\n";
        if (r.baseline_failures) {
            std::cout << fmt::format("  {} tests fail before mutating: fix them first (edict test {})\n",
                                     r.baseline_failures, path);
            return kFailed;
        }
        std::cout << regression::mutation_text(r);
        survived |= r.survivors() > 0;
    }
    return survived ? kFailed : kOk;
}

}  // namespace

int run_test(const TestOptions& o) {
    std::vector<Outcome> all;
    for (const std::string& path : o.paths) {
        auto c = compile_path(path, CompileOptions{true});
        if (!c->ok()) {
            std::cerr << render_all(c->diags, c->sources, false);
            return kCompile;
        }
        run_edict_tests(*c, path, o.filter, all);
        for (const fs::path& f : policy_case_files(path)) run_case_file(*c->program, f, path, o.filter, all);
    }
    size_t passed = 0, failed = 0;
    for (const Outcome& t : all) {
        if (t.passed) { ++passed; continue; }
        ++failed;
        std::cout << fmt::format("FAIL  {}{}  ({})\n", t.clause.empty() ? "" : "§" + t.clause + "  ", t.name, t.where);
        for (const auto& p : t.problems) std::cout << "      " << p << "\n";
    }
    for (const Outcome& t : all)
        if (t.passed) std::cout << fmt::format("ok    {}{}\n", t.clause.empty() ? "" : "§" + t.clause + "  ", t.name);
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
    std::string error;
    if (!o.junit.empty() && !write_junit(o.junit, all, error)) {
        std::cerr << "error: " << error << "\n";
        return kInput;
    }
    return failed ? kFailed : kOk;
}

namespace {

Runner setup_test(CLI::App& app) {
    auto o = std::make_shared<TestOptions>();
    auto m = std::make_shared<MutateOptions>();
    auto* t = app.add_subcommand("test", "Run the scenario tests of policies (tests/*.edict and tests/*.jsonl)");
    t->add_option("paths", o->paths, "Policy folders")->required();
    t->add_option("--filter", o->filter, "Only tests whose name or clause contains this text");
    t->add_option("--junit", o->junit, "Also write JUnit XML to this file");
    auto* mut = t->add_flag("--mutate", m->on,
                            "Mutation check: flip comparisons and move constants one at a time; list the mutants "
                            "no test catches");
    t->add_option("--mutate-only", m->only, "With --mutate: only declarations whose name contains this text")
        ->needs(mut);
    t->footer("Exit status: 0 all passed (--mutate: every mutant caught), 1 a test failed (a mutant survived), "
              "3 a policy does not compile, 4 the --junit file cannot be written.");
    return [o, m] { return m->on ? run_mutate(o->paths, *m) : run_test(*o); };
}

const CommandRegistration test_registration(30, setup_test);

}  // namespace

}  // namespace edict::cli

