// `edict repl POLICY [--input CASE.json]`: evaluates expressions against a policy and a case.
// Each line is compiled as one extra rule in the context of the policy (so it may use every input,
// rule, parameter, function, table and calendar, in English or Chinese keywords), then run on the
// case. The rule's type is found by checking the expression first: the checker annotates the
// value with its actual type, which the second compile declares. Commands: :help, :type EXPR,
// :set NAME = JSON (change the case), :case, :names, :quit. On a terminal, lines are edited and
// remembered with libedit (history in $EDICT_HISTORY or ~/.edict_history); through a pipe, lines
// are read plainly and no prompt is printed, so scripted sessions give clean output.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <editline/readline.h>
#include <fmt/format.h>

#include "runtime/support/files.hpp"
#include "runtime/support/utf8.hpp"
#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "tools/cli/registry.hpp"
#include "tools/cli/resident_commands.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kReplFile = "<repl>";
constexpr const char* kReplRule = "__repl";

struct ReplOptions {
    std::string policy;
    std::string input;
};

class Repl {
public:
    bool load(const ReplOptions& o) {
        std::error_code ec;
        fs::path p(o.policy);
        std::vector<fs::path> paths;
        if (fs::is_directory(p, ec)) {
            base_ = p.string();
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.is_regular_file() && e.path().extension() == ".edict") paths.push_back(e.path());
            std::sort(paths.begin(), paths.end());
        } else if (fs::is_regular_file(p, ec)) {
            base_ = p.parent_path().string();
            paths.push_back(p);
        } else {
            std::cerr << fmt::format("error: {}: no such file or folder\n", o.policy);
            return false;
        }
        for (const auto& f : paths) {
            std::string text;
            read_whole_file(f.string(), text);  // just listed from the folder; a failed read leaves it empty
            files_.emplace_back(f.string(), std::move(text));
        }
        auto c = compile_sources(files_, base_);
        if (!c->ok()) {
            std::cerr << render_all(c->diags, c->sources, false);
            return false;
        }
        if (!o.input.empty()) {
            std::string text;
            const bool ok = read_whole_file(o.input, text);
            std::string error;
            if (!ok || !io::parse_json(text, case_, error) || case_.type != io::Json::Type::Object) {
                std::cerr << fmt::format("error: {}: {}\n", o.input, ok ? (error.empty() ? "not a JSON object" : error) : "cannot read");
                return false;
            }
        } else {
            case_.type = io::Json::Type::Object;
        }
        return true;
    }

    // One line of input: a command or an expression. Returns false to stop.
    bool line(const std::string& raw) {
        std::string s = trim(raw);
        if (s.empty() || s[0] == '#') return true;
        if (s == ":quit" || s == ":q" || s == ":exit") return false;
        if (s == ":help") {
            std::cout << "Type an expression to evaluate it against the policy and the case, e.g.\n"
                         "  retirement_date        add_years(birth_date, 60)        如果 是 则 1 否则 2\n"
                         ":type EXPR    its type, without evaluating\n"
                         ":set NAME = JSON   set an input of the case (:set birth_date = \"1960-03-15\")\n"
                         ":case         print the case        :names   the names you can use\n"
                         ":quit         leave (or Ctrl-D)\n";
        } else if (s.rfind(":type ", 0) == 0) {
            std::string type;
            if (auto c = compile_expr(s.substr(6), type)) std::cout << type << "\n";
        } else if (s.rfind(":set ", 0) == 0) {
            set(s.substr(5));
        } else if (s == ":case") {
            std::cout << io::to_json_text(case_) << "\n";
        } else if (s == ":names") {
            names();
        } else if (s[0] == ':') {
            std::cout << fmt::format("unknown command {}; :help lists them\n", s);
        } else {
            evaluate(s);
        }
        return true;
    }

private:
    static std::string trim(const std::string& s) {
        size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    }

    static std::string source_for(const std::string& expr, const std::string& type) {
        return fmt::format("rule {}: {}\n  = {}\n", kReplRule, type, expr);
    }

    // The expression's own problems, pointed at in the line as typed (not in the hidden rule).
    void report(const Compilation& c, const std::string& expr, const std::string& type) {
        size_t prefix = source_for("", type).size() - 1;  // where the expression starts
        bool any_here = false;
        for (const Diagnostic& d : c.diags.items()) {
            if (d.severity != Severity::Error) continue;
            if (d.span.file >= c.sources.size() || c.sources.file(d.span.file).path() != kReplFile) {
                std::cout << render(d, c.sources, false);
                continue;
            }
            any_here = true;
            std::cout << fmt::format("error[{}]: {}\n", d.code, d.message);
            if (d.span.begin >= prefix) {
                size_t from = d.span.begin - prefix, to = std::min<size_t>(d.span.end - prefix, expr.size());
                auto width = [&](size_t a, size_t b) {  // terminal columns of expr[a, b)
                    a = std::min(a, expr.size());
                    return utf8::width(std::string_view(expr).substr(a, std::min(b, expr.size()) - a));
                };
                std::cout << "  " << expr << "\n  " << std::string(width(0, from), ' ')
                          << std::string(std::max<size_t>(1, width(from, to)), '^') << "\n";
            }
            if (!d.help.empty()) std::cout << "  help: " << d.help << "\n";
        }
        if (!any_here && !c.diags.has_errors()) std::cout << "error: this expression has no value\n";
    }

    // Compiles `expr` as the extra rule; sets its type name. Null (after reporting) on errors.
    std::unique_ptr<Compilation> compile_expr(const std::string& expr, std::string& type) {
        if (expr.find('\n') != std::string::npos || expr.find('#') != std::string::npos) {
            std::cout << "error: write the expression on one line, without comments\n";
            return nullptr;
        }
        auto with = [&](const std::string& t) {
            auto files = files_;
            files.emplace_back(kReplFile, source_for(expr, t));
            return compile_sources(files, base_);
        };
        // First pass: declare bool, then read the type the checker gave the value.
        auto first = with("bool");
        type = "bool";
        if (!first->ok()) {
            std::optional<TypeId> actual = value_type(*first);
            if (!actual) {
                report(*first, expr, "bool");
                return nullptr;
            }
            type = first->checked.types.name(*actual);
            auto second = with(type);
            if (!second->ok()) {
                report(*second, expr, type);
                return nullptr;
            }
            return second;
        }
        return first;
    }

    // The type the checker found for the repl rule's value, when that is the only problem.
    std::optional<TypeId> value_type(const Compilation& c) {
        for (const Diagnostic& d : c.diags.items())
            if (d.severity == Severity::Error && d.code != diag_info(DiagCode::E0301).code) return std::nullopt;
        for (size_t m = 0; m < c.checked.modules.size(); ++m) {
            const auto& mod = c.checked.modules[m];
            if (c.sources.file(mod.ast.file).path() != kReplFile) continue;
            for (const auto& d : mod.ast.decls)
                if (d.name == kReplRule && !d.cases.empty() && d.cases[0].value < mod.annotations.size()) {
                    TypeId t = mod.annotations[d.cases[0].value].type;
                    std::string name = c.checked.types.name(t);
                    if (name.find("error") != std::string::npos || name.find("null") == 0) return std::nullopt;
                    return t;
                }
        }
        return std::nullopt;
    }

    void evaluate(const std::string& expr) {
        std::string type;
        auto c = compile_expr(expr, type);
        if (!c) return;
        const RuleInfo* r = c->program->find_rule(kReplRule);
        if (!r) return;
        io::CaseRunner runner(*c->program, {static_cast<uint32_t>(r - c->program->rules.data())}, true);
        runner.set_step_budget(100'000'000);  // an expression that loops too long stops with an error
        std::string out;
        io::CaseError error;
        if (!runner.run(case_, out, error)) {
            std::cout << "error: " << (error.input.empty() ? "" : error.input + ": ") << error.message << "\n";
            return;
        }
        io::Json j;
        std::string perr;
        const io::Json* v = io::parse_json(out, j, perr) ? j.find(kReplRule) : nullptr;
        if (v) std::cout << io::to_json_text(*v) << "  : " << type << "\n";
        else std::cout << out << "\n";
    }

    void set(const std::string& rest) {
        size_t eq = rest.find('=');
        if (eq == std::string::npos) {
            std::cout << "error: write :set NAME = JSON, e.g. :set birth_date = \"1960-03-15\"\n";
            return;
        }
        std::string name = trim(rest.substr(0, eq)), value = trim(rest.substr(eq + 1));
        io::Json j;
        std::string error;
        if (name.empty() || !io::parse_json(value, j, error)) {
            std::cout << fmt::format("error: the value is not JSON ({}); text needs quotes: \"...\"\n", error);
            return;
        }
        for (auto& [key, value] : case_.members)
            if (key == name) {
                value = std::move(j);
                return;
            }
        case_.members.emplace_back(name, std::move(j));
    }

    void names() {
        auto c = compile_sources(files_, base_);
        auto list = [&](const char* what, const auto& syms) {
            std::cout << what << ":";
            for (const auto& s : syms) std::cout << " " << s.name;
            std::cout << "\n";
        };
        list("inputs", c->checked.inputs);
        list("rules", c->checked.rules);
        list("params", c->checked.params);
        list("functions", c->checked.functions);
    }

    std::vector<std::pair<std::string, std::string>> files_;
    std::string base_;
    io::Json case_;
};

std::string history_path() {
    if (const char* h = std::getenv("EDICT_HISTORY")) return h;
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.edict_history";
    return {};
}

int run_repl(const ReplOptions& o) {
    Repl repl;
    if (!repl.load(o)) return kCompile;
    if (!isatty(STDIN_FILENO)) {  // scripted: plain lines, no prompt, no history
        for (std::string l; std::getline(std::cin, l);)
            if (!repl.line(l)) break;
        return kOk;
    }
    std::string hist = history_path();
    using_history();
    stifle_history(1000);
    if (!hist.empty()) read_history(hist.c_str());
    std::cout << "edict repl: " << o.policy << (o.input.empty() ? "" : " with " + o.input)
              << ". :help for help, Ctrl-D to leave.\n";
    for (;;) {
        char* raw = readline("edict> ");
        if (!raw) break;
        std::string l(raw);
        std::free(raw);
        if (!l.empty()) add_history(l.c_str());
        if (!repl.line(l)) break;
    }
    if (!hist.empty()) write_history(hist.c_str());
    std::cout << "\n";
    return kOk;
}

Runner setup_repl(CLI::App& app) {
    auto o = std::make_shared<ReplOptions>();
    auto* c = app.add_subcommand(kReplCommand.name, kReplCommand.description);
    c->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    c->add_option("--input,-i", o->input, "Case file (one JSON object) the expressions are evaluated on");
    c->footer("Exit status: 0 ok, 3 the policy does not compile or the case cannot be read.");
    return [o] { return run_repl(*o); };
}

const CommandRegistration repl_registration(kReplCommand.order, setup_repl);

}  // namespace

}  // namespace edict::cli
