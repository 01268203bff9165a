// `edict explain POLICY --input CASE.json [--output a,b] [--format text|json] [--allow-extra]`:
// evaluates one case and prints why each output came out as it did (tooling/explain): the
// definitions and exceptions that applied or not, the failing conditions, the values used and the
// notice sentences behind them. Exit codes as `edict eval` (docs/cli.md); a runtime error still
// prints the explanation up to the failure, then exits 1.
#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "runtime/support/files.hpp"
#include "compiler/driver/compile.hpp"
#include "tooling/explain/explain.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

namespace {

struct ExplainOptions {
    std::string policy;
    std::string input;
    std::string outputs;
    std::string format = "text";
    bool allow_extra = false;
};

std::vector<std::string> split_names(const std::string& csv) {
    std::vector<std::string> out;
    std::stringstream ss(csv);
    std::string name;
    while (std::getline(ss, name, ',')) {
        size_t b = name.find_first_not_of(' '), e = name.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(name.substr(b, e - b + 1));
    }
    return out;
}

int run_explain(const ExplainOptions& o) {
    auto c = compile_path(o.policy);
    if (!c->ok()) {
        std::cerr << render_all(c->diags, c->sources, false);
        return kCompile;
    }
    std::vector<std::string> outputs = split_names(o.outputs);
    if (o.outputs.empty())
        for (const OutputInfo& out : c->program->outputs) outputs.push_back(out.name);
    if (outputs.empty()) {
        std::cerr << "error: name the rules to explain with --output\n";
        return kUsage;
    }
    std::string text;
    if (!read_whole_file(o.input, text)) {
        std::cerr << fmt::format("error: cannot read {}: {}\n", o.input, std::strerror(errno));
        return kInput;
    }
    io::Json j;
    std::string error;
    if (!io::parse_json(text, j, error)) {
        std::cerr << fmt::format("error: {}: {}\n", o.input, error);
        return kInput;
    }
    if (j.type != io::Json::Type::Object) {
        std::cerr << fmt::format("error: {}: explain takes one case, a JSON object\n", o.input);
        return kInput;
    }
    auto explainer = explain::Explainer::create(*c, error);
    if (!explainer) {
        std::cerr << "error: " << error << "\n";
        return kCompile;
    }
    explain::Explanation e;
    if (!explainer->run(j, outputs, o.allow_extra, e, error)) {
        std::cerr << "error: " << error << "\n";
        return error.find("is not a rule") != std::string::npos ? kUsage : kFailed;
    }
    std::cout << (o.format == "json" ? explain::to_json(e) : explain::to_text(e));
    if (!e.error.empty()) {
        std::cerr << "error: " << e.error << "\n";
        return kFailed;
    }
    return kOk;
}

Runner setup_explain(CLI::App& app) {
    auto o = std::make_shared<ExplainOptions>();
    auto* e = app.add_subcommand("explain", "Evaluate one case and show why each output came out as it did");
    e->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    e->add_option("--input,-i", o->input, "Case file: one JSON object")->required();
    e->add_option("--output,-o", o->outputs, "Rules to explain, comma-separated (default: every output)");
    e->add_option("--format,-f", o->format, "text (a tree for people) or json (the versioned trace, docs/explain.md)")
        ->check(CLI::IsMember({"text", "json"}));
    e->add_flag("--allow-extra", o->allow_extra, "Ignore keys that are not inputs of the policy");
    e->footer("Exit status: 0 ok, 1 the case failed, 2 bad command line, 3 policy does not compile, 4 unreadable input.");
    return [o] { return run_explain(*o); };
}

const CommandRegistration explain_registration(15, setup_explain);

}  // namespace

}  // namespace edict::cli
