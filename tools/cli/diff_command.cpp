// `edict diff OLD NEW --input CASES.jsonl [--output a,b] [--show N]`: amendment impact. Evaluates
// both versions of a policy on every case, one output at a time, and reports per output how many
// cases changed value, the first few changed cases with old and new values, and errors that appear
// or disappear. A case key must be an input of at least one version (an amendment may add inputs
// the old version lacks; a key neither knows is a misspelling, and fails the case).
// Exit 0: no output changed; 1: some changed; 2 bad command line; 3 a version does not compile;
// 4 the case file cannot be read.
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

namespace {

struct DiffOptions {
    std::string old_path, new_path, input, outputs;
    size_t show = 3;
};

struct Change {
    size_t line;
    std::string before, after;
};

struct OutputDiff {
    std::string name;
    size_t changed = 0, appeared = 0, disappeared = 0, same_error = 0;
    std::vector<Change> shown;
};

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t b = 0;
    while (b <= s.size()) {
        size_t e = s.find(',', b);
        if (e == std::string::npos) e = s.size();
        if (e > b) out.push_back(s.substr(b, e - b));
        b = e + 1;
    }
    return out;
}

// The value as it goes on the wire, or "error: …" without source positions: the same missing
// input is the same error although the rule needing it moved to another file.
std::string outcome(const Program& p, io::CaseRunner& r, const io::Json& input, bool& ok) {
    static const std::regex position(R"( \([^()]*:\d+:\d+\))");
    io::CaseError err;
    ok = r.evaluate(input, err);
    if (!ok) return "error: " + std::regex_replace(err.message, position, "");
    std::string out;
    io::encode_value(p, p.rules[r.rules().front()].type, r.results().front(), out);
    return out;
}

int run_diff(const DiffOptions& o) {
    auto a = compile_path(o.old_path), b = compile_path(o.new_path);
    for (auto* c : {a.get(), b.get()}) {
        std::cerr << render_all(c->diags, c->sources, false);
        if (!c->ok()) return kCompile;
    }
    const Program &pa = *a->program, &pb = *b->program;
    std::vector<std::string> names = split(o.outputs);
    if (names.empty()) {
        for (const OutputInfo& out : pb.outputs)
            if (pa.find_output(out.name) >= 0) names.push_back(out.name);
        for (const OutputInfo& out : pb.outputs)
            if (pa.find_output(out.name) < 0) std::cout << fmt::format("{}: only in {}\n", out.name, o.new_path);
        for (const OutputInfo& out : pa.outputs)
            if (pb.find_output(out.name) < 0) std::cout << fmt::format("{}: only in {}\n", out.name, o.old_path);
    }
    for (const std::string& n : names) {
        if (!pa.find_rule(n) || !pb.find_rule(n)) {
            std::cerr << fmt::format("edict: error: `{}` is not a rule of both versions\n", n);
            return kUsage;
        }
    }
    std::ifstream in(o.input);
    if (!in) {
        std::cerr << fmt::format("edict: error: cannot read {}\n", o.input);
        return kInput;
    }
    std::set<std::string> inputs;
    for (const InputInfo& i : pa.inputs) inputs.insert(i.name);
    for (const InputInfo& i : pb.inputs) inputs.insert(i.name);
    std::vector<std::unique_ptr<io::CaseRunner>> ra, rb;
    std::vector<OutputDiff> diffs;
    for (const std::string& n : names) {
        ra.push_back(std::make_unique<io::CaseRunner>(pa, std::vector<uint32_t>{uint32_t(pa.find_rule(n) - pa.rules.data())}, true));
        rb.push_back(std::make_unique<io::CaseRunner>(pb, std::vector<uint32_t>{uint32_t(pb.find_rule(n) - pb.rules.data())}, true));
        diffs.push_back({n, 0, 0, 0, 0, {}});
    }
    size_t cases = 0, bad = 0;
    std::string line, error;
    for (size_t ln = 1; std::getline(in, line); ++ln) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        io::Json j;
        if (!io::parse_json(line, j, error) || j.type != io::Json::Type::Object) {
            std::cerr << fmt::format("{}:{}: not a JSON object: {}\n", o.input, ln, error);
            ++bad;
            continue;
        }
        // Contract case files wrap the input: {"clause", "input", "output"}.
        const io::Json* input = j.find("input") && j.find("input")->type == io::Json::Type::Object ? j.find("input") : &j;
        std::string unknown;
        for (const auto& [k, v] : input->members)
            if (!inputs.count(k)) unknown = k;
        if (!unknown.empty()) {
            std::cerr << fmt::format("{}:{}: `{}` is an input of neither version\n", o.input, ln, unknown);
            ++bad;
            continue;
        }
        ++cases;
        for (size_t i = 0; i < names.size(); ++i) {
            bool ok_a, ok_b;
            std::string va = outcome(pa, *ra[i], *input, ok_a), vb = outcome(pb, *rb[i], *input, ok_b);
            OutputDiff& d = diffs[i];
            if (va == vb) { d.same_error += !ok_a; continue; }
            if (ok_a && ok_b) ++d.changed;
            else if (ok_a) ++d.appeared;
            else if (ok_b) ++d.disappeared;
            else ++d.changed;  // a different error
            if (d.shown.size() < o.show) d.shown.push_back({ln, va, vb});
        }
    }
    std::cout << fmt::format("{} -> {}: {} cases from {}{}\n", o.old_path, o.new_path, cases, o.input,
                             bad ? fmt::format(" ({} lines skipped)", bad) : "");
    std::string unchanged;
    bool any = false;
    for (const OutputDiff& d : diffs) {
        if (d.changed + d.appeared + d.disappeared == 0) {
            unchanged += (unchanged.empty() ? "" : ", ") + d.name;
            continue;
        }
        any = true;
        std::cout << fmt::format("{}: {} of {} cases changed", d.name, d.changed, cases);
        if (d.appeared) std::cout << fmt::format(", {} new errors", d.appeared);
        if (d.disappeared) std::cout << fmt::format(", {} errors gone", d.disappeared);
        std::cout << "\n";
        for (const Change& c : d.shown)
            std::cout << fmt::format("  line {}: {} -> {}\n", c.line, c.before, c.after);
    }
    if (!unchanged.empty()) std::cout << "unchanged: " << unchanged << "\n";
    return any ? kFailed : kOk;
}

Runner setup_diff(CLI::App& app) {
    auto o = std::make_shared<DiffOptions>();
    auto* d = app.add_subcommand("diff", "Evaluate two versions of a policy on the same cases and report what changed");
    d->add_option("old", o->old_path, "The policy before the amendment")->required();
    d->add_option("new", o->new_path, "The policy after it")->required();
    d->add_option("--input,-i", o->input, "Cases: JSON Lines of inputs, or contract lines {\"input\": …}")->required();
    d->add_option("--output,-o", o->outputs, "Outputs to compare, comma-separated (default: every output of both)");
    d->add_option("--show", o->show, "Changed cases to print per output (default 3)");
    d->footer("Exit status: 0 nothing changed, 1 some output changed, 2 bad command line, 3 a version does not "
              "compile, 4 the case file cannot be read.");
    return [o] { return run_diff(*o); };
}

const CommandRegistration diff_registration(47, setup_diff);

}  // namespace

}  // namespace edict::cli
