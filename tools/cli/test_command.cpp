// `edict test`: runs `test` declarations (tests/*.edict) and contract-style case files
// (tests/*.jsonl: {"clause", "input", "output"}) of each policy folder. Prints one line per
// test, the expected and actual value of each failing output with the test's location, and a
// closing "N passed, M failed" line; optionally JUnit XML. With --mutate, runs the mutation check
// instead (tooling/regression/mutate.hpp): each mutant of the rules against all the tests, listing
// the mutants no test catches; exit 1 when any survives.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/mutate.hpp"
#include "tooling/regression/test_cases.hpp"
#include "tools/cli/registry.hpp"
#include "runtime/support/files.hpp"

namespace edict::cli {

namespace {

namespace fs = std::filesystem;

struct Outcome {
    std::string suite, name, clause, where;
    bool passed = true;
    std::vector<std::string> problems;
};

// Runs the tests of one compiled policy (regression/test_cases.hpp: the same collection and the
// same comparison, by value, as the mutation check and coverage use).
void run_policy_tests(const Compilation& c, const std::string& suite, const std::string& filter, std::vector<Outcome>& out) {
    Diagnostics text_diags;  // a notice text that cannot be read: its clause ids cannot be checked
    regression::NoticeTexts texts = regression::load_notice_texts(c.checked, text_diags);
    std::cerr << render_all(text_diags, c.sources, false);
    for (const regression::TestCase& t : regression::collect_tests(c, texts)) {
        const bool broken = !t.problems.empty();  // reported whatever the filter
        if (!filter.empty() && !broken && t.name.find(filter) == std::string::npos && t.clause.find(filter) == std::string::npos)
            continue;
        regression::TestResult r = regression::run_test(c, *c.program, t);
        out.push_back({suite, t.name, t.clause, t.where, r.passed, std::move(r.problems)});
    }
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
        Diagnostics text_diags;
        regression::NoticeTexts texts = regression::load_notice_texts(c->checked, text_diags);
        std::cerr << render_all(text_diags, c->sources, false);
        regression::MutationReport r = regression::mutate(*c, regression::collect_tests(*c, texts), m.only);
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
        run_policy_tests(*c, path, o.filter, all);
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

