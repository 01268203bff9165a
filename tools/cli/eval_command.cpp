// `edict eval`: one case from a .json file (result on stdout, or an error on stderr and exit 1)
// or many from JSON Lines (one result or error object per line, in order; exit 1 if any failed).
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "driver/compile.hpp"
#include "io/runner.hpp"
#include "registry.hpp"
#include "support/diagnostics.hpp"

namespace edict::cli {

namespace {

bool read_all(const std::string& path, std::string& out) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        out = ss.str();
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

bool ends_with(const std::string& s, const char* suffix) {
    size_t n = std::char_traits<char>::length(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// A .jsonl/.ndjson name or stdin is JSON Lines; otherwise a file that parses as one JSON value is
// a single case, and one that does not (but has several lines) is read as JSON Lines.
bool is_batch(const std::string& path, const std::string& text) {
    if (path == "-" || ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return true;
    io::Json j;
    std::string err;
    if (io::parse_json(text, j, err)) return false;
    size_t lines = 0;
    for (char c : text) lines += c == '\n';
    return lines > 1;
}

}  // namespace

// Resolves comma-separated names to rules; an unknown name is a usage error listing the outputs.
bool resolve_outputs(const Program& p, const std::string& csv, std::vector<uint32_t>& rules, std::string& error) {
    if (csv.empty()) {
        for (const OutputInfo& o : p.outputs) rules.push_back(o.rule);
        if (rules.empty()) error = "this policy declares no outputs; name rules with --output";
        return !rules.empty();
    }
    size_t start = 0;
    while (start <= csv.size()) {
        size_t end = csv.find(',', start);
        std::string name = csv.substr(start, end == std::string::npos ? std::string::npos : end - start);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        if (!name.empty()) {
            int o = p.find_output(name);
            const RuleInfo* r = p.find_rule(name);
            if (o < 0 && !(p.outputs.empty() && r)) {
                std::string names;
                for (const OutputInfo& out : p.outputs) names += (names.empty() ? "" : ", ") + out.name;
                error = fmt::format("`{}` is not an output of this policy; its outputs are: {}", name, names);
                return false;
            }
            rules.push_back(o >= 0 ? p.outputs[o].rule : static_cast<uint32_t>(r - p.rules.data()));
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (rules.empty()) { error = "--output names no outputs"; return false; }
    return true;
}

std::unique_ptr<Compilation> compile_or_report(const std::string& policy) {
    auto c = compile_path(policy);
    if (!c->ok()) std::cerr << render_all(c->diags, c->sources, false);
    return c;
}

int run_eval(const EvalOptions& o) {
    auto c = compile_or_report(o.policy);
    if (!c->ok()) return kCompile;
    const Program& p = *c->program;
    std::vector<uint32_t> rules;
    std::string error;
    if (!resolve_outputs(p, o.outputs, rules, error)) {
        std::cerr << "error: " << error << "\n";
        return kUsage;
    }
    std::string text;
    if (!read_all(o.input, text)) {
        std::cerr << fmt::format("error: cannot read {}\n", o.input);
        return kInput;
    }
    io::CaseRunner runner(p, rules, o.allow_extra);
    std::string out;
    io::CaseError ce;
    if (!is_batch(o.input, text)) {
        io::Json j;
        if (!io::parse_json(text, j, error)) {
            std::cerr << fmt::format("error: {}: {}\n", o.input, error);
            return kInput;
        }
        if (!runner.run(j, out, ce)) {
            std::cerr << "error: " << ce.message << "\n";
            return kFailed;
        }
        std::cout << out << "\n";
        return kOk;
    }
    bool any_failed = false;
    std::string buffer;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        std::string_view line(text.data() + pos, (end == std::string::npos ? text.size() : end) - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        io::Json j;
        if (!io::parse_json(line, j, error)) {
            ce = {"", error};
            buffer += io::error_line(ce);
            any_failed = true;
        } else if (!runner.run(j, out, ce)) {
            buffer += io::error_line(ce);
            any_failed = true;
        } else {
            buffer += out;
        }
        buffer += '\n';
        if (buffer.size() > (1u << 16)) { std::cout << buffer; buffer.clear(); }
    }
    std::cout << buffer;
    std::cout.flush();
    return any_failed ? kFailed : kOk;
}


namespace {

Runner setup_eval(CLI::App& app) {
    auto o = std::make_shared<EvalOptions>();
    auto* e = app.add_subcommand("eval", "Evaluate a policy on a case (.json) or cases (.jsonl, one per line)");
    e->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    e->add_option("--input,-i", o->input, "Case file: one JSON object, or JSON Lines; '-' reads JSON Lines from stdin")->required();
    e->add_option("--output,-o", o->outputs, "Outputs to print, comma-separated (default: every output)");
    e->add_flag("--allow-extra", o->allow_extra, "Ignore keys that are not inputs of the policy");
    e->footer("Exit status: 0 ok, 1 a case failed, 2 bad command line, 3 policy does not compile, 4 unreadable input.");
    return [o] { return run_eval(*o); };
}


const CommandRegistration eval_registration(10, setup_eval);

}  // namespace

}  // namespace edict::cli

