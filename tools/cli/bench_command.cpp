// `edict bench POLICY --input CASES.jsonl`: what a policy costs on the user's own cases, as
// `opa bench` does for Rego. Takes: a policy (or artifact), a file of JSON Lines cases (or one
// .json case), the outputs, a thread count and a measuring time. Produces: the compile (or load)
// time, per-case time percentiles on one thread and cases per second on --jobs threads, each case
// decoded from its JSON text, evaluated and encoded to its result line exactly as `edict eval` does
// (io::CaseRunner), and the process's peak memory; as text or JSON. The cases are held in memory
// (they are replayed until the measuring time is spent), so a sample of a population is the input.
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "runtime/io/runner.hpp"
#include "tools/cli/batch.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/line_reader.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

bool resolve_outputs(const Program& p, const std::string& csv, std::vector<uint32_t>& rules, std::string& error);
std::shared_ptr<const Program> load_program(const std::string& policy);

namespace {

struct BenchOptions {
    std::string policy, input, outputs, format = "text";
    unsigned jobs = 0;  // 0: default_jobs()
    double seconds = 1.0;
    bool allow_extra = false;
};

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The non-blank lines of the file (or stdin for "-"); false with `error` when it cannot be read,
// holds no case or a line over the JSON size limit.
bool read_cases(const std::string& path, std::vector<std::string>& cases, std::string& error) {
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        error = fmt::format("cannot read {}: it is a folder, not a file of cases", path);
        return false;
    }
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) { error = fmt::format("cannot read {}", path); return false; }
    LineReader lines(f, io::kMaxJsonBytes);
    std::string line;
    bool too_long;
    uint64_t number = 0;
    while (error.empty() && lines.next(line, too_long)) {
        ++number;
        if (too_long) error = fmt::format("{}:{}: a case longer than {} bytes", path, number, io::kMaxJsonBytes);
        else if (!blank(line)) cases.push_back(line);
    }
    if (error.empty() && lines.failed()) error = fmt::format("reading {} failed", path);
    if (f != stdin) std::fclose(f);
    if (error.empty() && cases.empty()) error = fmt::format("{} holds no cases (one JSON object per line)", path);
    return error.empty();
}

// A file of one case written over several lines (a pretty-printed .json) is one case, as in eval.
void join_single_case(std::vector<std::string>& cases) {
    if (cases.size() < 2 || io::well_formed_json(cases.front())) return;
    std::string whole;
    for (const auto& c : cases) whole += c + "\n";
    if (io::well_formed_json(whole)) cases = {whole};
}

struct Latency {
    std::vector<double> ns;  // one per case run, sorted
    size_t failed = 0;       // cases of the file that give an error line
    double passes = 0;
};

// One thread: every case timed alone, passes over the file until `seconds` are spent (one at
// least), at most ~4 million samples.
Latency measure_latency(const Program& p, const std::vector<uint32_t>& rules, const BenchOptions& o,
                        const std::vector<std::string>& cases) {
    Latency l;
    io::CaseRunner runner(p, rules, o.allow_extra);
    std::string out;
    io::CaseError error;
    const auto t0 = Clock::now();
    const size_t max_samples = std::max<size_t>(cases.size(), 4u << 20);
    do {
        for (const std::string& c : cases) {
            const auto a = Clock::now();
            const bool ok = runner.run_text(c, out, error);
            l.ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - a).count());
            if (!ok && l.passes == 0) ++l.failed;
        }
        ++l.passes;
    } while (seconds_since(t0) < o.seconds && l.ns.size() + cases.size() <= max_samples);
    std::sort(l.ns.begin(), l.ns.end());
    return l;
}

// `jobs` threads, each with its own runner, taking the cases in turn for `seconds`: cases per second.
double measure_throughput(const Program& p, const std::vector<uint32_t>& rules, const BenchOptions& o,
                          unsigned jobs, const std::vector<std::string>& cases) {
    constexpr size_t kBlock = 64;  // cases a thread takes at a time
    std::atomic<uint64_t> next{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto t0 = Clock::now();
    for (unsigned t = 0; t < jobs; ++t)
        threads.emplace_back([&] {
            io::CaseRunner runner(p, rules, o.allow_extra);
            std::string out;
            io::CaseError error;
            while (!stop.load(std::memory_order_relaxed)) {
                uint64_t first = next.fetch_add(kBlock, std::memory_order_relaxed);
                for (uint64_t i = first; i < first + kBlock; ++i) runner.run_text(cases[i % cases.size()], out, error);
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    stop = true;
    for (auto& t : threads) t.join();
    const double wall = seconds_since(t0);
    return static_cast<double>(next.load()) / wall;
}

double percentile(const std::vector<double>& sorted, double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// 1234567 -> "1,234,567"
std::string grouped(double v) {
    std::string digits = fmt::format("{:.0f}", v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

int run_bench(const BenchOptions& o) {
    const auto t0 = Clock::now();
    std::shared_ptr<const Program> program = load_program(o.policy);
    if (!program) return kCompile;
    const double compile_ms = seconds_since(t0) * 1e3;
    const Program& p = *program;
    std::vector<uint32_t> rules;
    std::string error;
    if (!resolve_outputs(p, o.outputs, rules, error)) {
        std::cerr << "error: " << error << "\n";
        return kUsage;
    }
    std::vector<std::string> cases;
    if (!read_cases(o.input, cases, error)) {
        std::cerr << "error: " << error << "\n";
        return kInput;
    }
    join_single_case(cases);
    const unsigned jobs = o.jobs ? o.jobs : default_jobs();
    const Latency l = measure_latency(p, rules, o, cases);
    const double one_thread = static_cast<double>(l.ns.size()) / (std::accumulate(l.ns.begin(), l.ns.end(), 0.0) / 1e9);
    const double many = measure_throughput(p, rules, o, jobs, cases);
    const double p50 = percentile(l.ns, 0.50), p90 = percentile(l.ns, 0.90), p99 = percentile(l.ns, 0.99);
    if (o.format == "json") {
        std::cout << fmt::format(
            "{{\"policy\":{},\"outputs\":{},\"compile_ms\":{:.1f},\"cases\":{},\"failed\":{},"
            "\"per_case_us\":{{\"p50\":{:.2f},\"p90\":{:.2f},\"p99\":{:.2f}}},\"samples\":{},"
            "\"cases_per_second\":{{\"one_thread\":{:.0f},\"jobs\":{},\"all_jobs\":{:.0f}}},\"peak_rss_mib\":{:.1f}}}\n",
            [&] { std::string s; io::append_json_string(s, o.policy); return s; }(), rules.size(), compile_ms,
            cases.size(), l.failed, p50 / 1e3, p90 / 1e3, p99 / 1e3, l.ns.size(), one_thread, jobs, many,
            peak_rss_mib());
        return kOk;
    }
    std::cout << fmt::format("policy       {} ({} output{})\n", o.policy, rules.size(), rules.size() == 1 ? "" : "s");
    std::cout << fmt::format("compile      {:.1f} ms\n", compile_ms);
    std::cout << fmt::format("cases        {} from {} ({} {} an error line)\n", cases.size(), o.input, l.failed,
                             l.failed == 1 ? "gives" : "give");
    std::cout << fmt::format("per case     p50 {:.2f} us   p90 {:.2f} us   p99 {:.2f} us   ({} runs on 1 thread: "
                             "decode + evaluate + encode)\n",
                             p50 / 1e3, p90 / 1e3, p99 / 1e3, l.ns.size());
    if (jobs == 1) std::cout << fmt::format("throughput   {} cases/s on 1 thread\n", grouped(many));
    else
        std::cout << fmt::format("throughput   {} cases/s on 1 thread, {} cases/s on {} threads\n", grouped(one_thread),
                                 grouped(many), jobs);
    std::cout << fmt::format("peak memory  {:.1f} MiB\n", peak_rss_mib());
    return kOk;
}

Runner setup_bench(CLI::App& app) {
    auto o = std::make_shared<BenchOptions>();
    auto* b = app.add_subcommand("bench", "Measure a policy on your own cases: compile time, per-case time, cases/s, memory");
    b->add_option("policy", o->policy, "Policy folder, .edict file or .edictc artifact (edict build)")->required();
    b->add_option("--input,-i", o->input, "Cases: JSON Lines (one object per line) or one .json case; '-' reads stdin")
        ->required();
    b->add_option("--output,-o", o->outputs, "Outputs to compute, comma-separated (default: every output)");
    b->add_option("--jobs,-j", o->jobs, "Threads for the cases/s figure (default: the number of cores)")
        ->check(CLI::Range(1u, 256u));
    b->add_option("--time", o->seconds, "Seconds to spend on each measurement (default 1)")
        ->check(CLI::Range(0.01, 600.0));
    b->add_option("--format", o->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    b->add_flag("--allow-extra", o->allow_extra, "Ignore keys that are not inputs of the policy");
    b->footer("Exit status: 0 measured (cases that give an error line are measured too, and counted), 2 bad "
              "command line, 3 policy does not compile, 4 unreadable or empty input.");
    return [o] { return run_bench(*o); };
}

const CommandRegistration bench_registration(12, setup_bench);

}  // namespace

}  // namespace edict::cli
