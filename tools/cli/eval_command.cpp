// `edict eval`: one case from a .json file (result on stdout, or an error on stderr and exit 1)
// or many from JSON Lines or CSV, streamed through batch.hpp (one result or error per line, in
// order, on --jobs threads; exit 1 if any failed).
#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sys/stat.h>

#include <fmt/format.h>

#include "tools/cli/batch.hpp"
#include "tools/cli/commands.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/runner.hpp"
#include "tools/cli/line_reader.hpp"
#include "tools/cli/output.hpp"
#include "tools/cli/registry.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "runtime/support/files.hpp"

namespace edict::cli {

namespace {

bool ends_with(const std::string& s, const char* suffix) {
    size_t n = std::char_traits<char>::length(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}


// The first non-blank line of a file (empty when none; `too_long` past io::kMaxJsonBytes) and
// whether anything but blanks follows it. Reads the file once, holding at most one line.
void first_line(const std::string& path, std::string& line, bool& too_long, bool& more) {
    line.clear();
    too_long = more = false;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return;
    LineReader lines(f, io::kMaxJsonBytes);
    std::string next;
    bool next_too_long;
    while (lines.next(line, too_long) && !too_long && blank(line)) {}
    while (!more && lines.next(next, next_too_long)) more = next_too_long || !blank(next);
    std::fclose(f);
}

// Whether a regular file that is not named .jsonl/.ndjson holds one case or JSON Lines, reading
// no more than needed: a file of one non-blank line, or that parses as one JSON value, is a single
// case (`text` then holds it, or `error` says why it cannot be read); otherwise, with several
// lines, it is JSON Lines and is streamed. A big file whose first line is a JSON value by itself
// is JSON Lines without reading further.
bool is_single_case(const std::string& path, uint64_t size, std::string& text, std::string& error) {
    constexpr uint64_t kSmall = 1u << 20;
    std::string line;
    bool too_long, more;
    first_line(path, line, too_long, more);
    if (!more) {
        if (too_long) error = fmt::format("a case of {} bytes exceeds the limit of {} bytes", size, io::kMaxJsonBytes);
        text = std::move(line);
        return true;
    }
    io::Json j;
    std::string err;
    if (size > kSmall && (too_long || io::well_formed_json(line) || size > io::kMaxJsonBytes)) return false;
    if (!read_whole_file(path, text)) return false;
    if (io::well_formed_json(text)) return true;
    if (!ends_with(path, ".json")) return false;  // several lines that are not one value: JSON Lines
    // Cases one per line in a .json file: its first line is a whole JSON object. Anything else is a
    // broken single case (a pretty-printed object with a typo, say), reported as unreadable input.
    return !(io::parse_json(line, j, err) && j.type == io::Json::Type::Object);
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
            uint32_t rule = o >= 0 ? p.outputs[o].rule : static_cast<uint32_t>(r - p.rules.data());
            // A result object with the same key twice is not JSON anyone can read back; refuse it.
            if (std::find(rules.begin(), rules.end(), rule) != rules.end()) {
                error = fmt::format("`{}` is named twice in --output", name);
                return false;
            }
            rules.push_back(rule);
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

// A compiled artifact (`edict build`) when the file starts with the artifact magic, else the
// policy compiled from source. Null after reporting why on stderr.
std::shared_ptr<const Program> load_program(const std::string& policy) {
    struct stat st {};
    if (::stat(policy.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        std::ifstream f(policy, std::ios::binary);
        char head[8] = {};
        f.read(head, sizeof head);
        if (looks_like_artifact(std::string_view(head, static_cast<size_t>(f.gcount())))) {
            std::string error;
            auto program = load_artifact_file(policy, error);
            if (!program) std::cerr << "error: " << error << "\n";
            return program;
        }
    }
    auto c = compile_or_report(policy);
    return c->program;
}

int run_eval(const EvalOptions& o) {
    std::shared_ptr<const Program> program = load_program(o.policy);
    if (!program) return kCompile;
    const Program& p = *program;
    std::vector<uint32_t> rules;
    std::string error;
    if (!resolve_outputs(p, o.outputs, rules, error)) {
        std::cerr << "error: " << error << "\n";
        return kUsage;
    }
    BatchOptions b;
    b.jobs = o.jobs ? o.jobs : default_jobs();
    b.allow_extra = o.allow_extra;
    b.progress = true;
    b.format = o.format == "csv" || (o.format.empty() && ends_with(o.input, ".csv")) ? CaseFormat::Csv
                                                                                     : CaseFormat::Jsonl;
    std::FILE* in = stdin;
    if (o.input != "-") {
        struct stat st {};
        if (::stat(o.input.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) {
            std::cerr << fmt::format("error: cannot read {}\n", o.input);
            return kInput;
        }
        std::string text;
        // A single case: the whole file is one JSON object; its error goes to stderr, not stdout.
        if (b.format == CaseFormat::Jsonl && S_ISREG(st.st_mode) && !ends_with(o.input, ".jsonl") &&
            !ends_with(o.input, ".ndjson") &&
            is_single_case(o.input, static_cast<uint64_t>(st.st_size), text, error)) {
            if (!error.empty()) {
                std::cerr << fmt::format("error: {}: {}\n", o.input, error);
                return kInput;
            }
            io::CaseRunner runner(p, rules, o.allow_extra);
            std::string out;
            io::CaseError ce;
            if (!runner.run_text(text, out, ce)) {
                if (ce.not_json) std::cerr << fmt::format("error: {}: {}\n", o.input, ce.message);
                else std::cerr << "error: " << ce.message << "\n";
                return ce.not_json ? kInput : kFailed;
            }
            std::cout << out << "\n";
            return kOk;
        }
        in = std::fopen(o.input.c_str(), "rb");
        if (!in) {
            std::cerr << fmt::format("error: cannot read {}\n", o.input);
            return kInput;
        }
        if (S_ISREG(st.st_mode)) b.total_bytes = static_cast<uint64_t>(st.st_size);
    }
    BatchSummary s = run_batch(p, rules, in, stdout, b);
    if (in != stdin) std::fclose(in);
    if (s.write_errno) {
        note_stdout_error(s.write_errno);  // reported by main as the failed write to standard output
        return kInput;
    }
    if (s.stopped_by) {
        std::cerr << fmt::format("edict: stopped by {}: {} case{} written, each result whole; the rest of the input "
                                 "was not evaluated\n",
                                 s.stopped_by == SIGINT ? "SIGINT" : "SIGTERM", s.cases, s.cases == 1 ? "" : "s");
        return 128 + s.stopped_by;
    }
    if (!s.io_error.empty()) {
        std::cerr << fmt::format("error: {}: {}\n", o.input == "-" ? "stdin" : o.input, s.io_error);
        return kInput;
    }
    return s.failed ? kFailed : kOk;
}


namespace {

Runner setup_eval(CLI::App& app) {
    auto o = std::make_shared<EvalOptions>();
    auto* e = app.add_subcommand("eval", "Evaluate a policy on a case (.json) or a stream of cases (.jsonl, .csv)");
    e->add_option("policy", o->policy, "Policy folder, .edict file or .edictc artifact (edict build)")->required();
    e->add_option("--input,-i", o->input, "Case file: one JSON object, or JSON Lines; '-' reads JSON Lines from stdin")->required();
    e->add_option("--output,-o", o->outputs, "Outputs to print, comma-separated (default: every output)");
    e->add_flag("--allow-extra", o->allow_extra, "Ignore keys that are not inputs of the policy");
    e->add_option("--jobs,-j", o->jobs, "Worker threads for a batch (default: the number of cores); results keep the input's order")
        ->check(CLI::Range(1u, 256u));
    e->add_option("--format", o->format,
                  "Batch format for cases in and results out: json (JSON Lines) or csv (header row of input "
                  "names in, of output names out); default: csv for a .csv file, else json")
        ->check(CLI::IsMember({"json", "csv"}));
    e->footer("Exit status: 0 ok, 1 a case failed, 2 bad command line, 3 policy does not compile, 4 unreadable input "
              "or unwritable output, 130/143 a batch stopped by SIGINT/SIGTERM (every result written is whole).");
    return [o] { return run_eval(*o); };
}


const CommandRegistration eval_registration(10, setup_eval);

}  // namespace

}  // namespace edict::cli

