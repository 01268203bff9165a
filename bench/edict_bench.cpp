// The benchmark behind `cmake --build . --target bench`. Takes: --cases FILE (JSONL Fujian cases
// from tests/oracle/gen_cases.py), --policy DIR, --lua54 / --luajit (the Lua peer modules) and
// --script (bench/fujian.lua), plus Google Benchmark's own flags. Produces: per-case evaluation
// time of the Fujian decisions by hand-written C++, Lua 5.4, LuaJIT (with its defaults, and tuned
// to hold every trace) and Edict (VM on decoded
// inputs, and JSON in to JSON out), measured in the same run after checking that all of them give
// the same 24 outputs for every case; heap allocations per evaluation (operator new is replaced
// below and counts); compile time of generated policies up to 10,000 rules; and evaluation time
// against policy size. Ends with a summary of every ratio against its target.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <initializer_list>
#include <map>
#include <new>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "bench/fujian_native.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/io/case_rows.hpp"
#include "runtime/io/case_decoder.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "bench/policy_gen.hpp"
#include "runtime/vm/vm.hpp"

// --- allocation counting: every operator new in the process goes through here ---
static std::atomic<uint64_t> g_allocs{0};
void* operator new(size_t n) {
    g_allocs.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, std::align_val_t a) {
    g_allocs.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::aligned_alloc(static_cast<size_t>(a), (n + static_cast<size_t>(a) - 1) & ~(static_cast<size_t>(a) - 1)))
        return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n, std::align_val_t a) { return operator new(n, a); }
// Every replaced operator new above allocates with malloc or aligned_alloc, so free is the matching
// release; GCC sees only the delete expressions in library headers and warns.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

using namespace edict;

[[noreturn]] void die(const std::string& m) {
    std::fprintf(stderr, "bench: %s\n", m.c_str());
    std::exit(2);
}

// One Lua peer, loaded from its module (see lua_driver.cpp).
struct LuaPeer {
    std::string name;
    std::string setup;  // Lua run before the script in this peer's state
    void* state = nullptr;
    void* (*open)(const char*, const char*) = nullptr;
    const char* (*error)(void*) = nullptr;
    const char* (*version)(void*) = nullptr;
    void (*add_case)(void*, const bench::NativeCase*) = nullptr;
    bool (*run)(void*, int, int) = nullptr;
    void (*read)(void*, bench::NativeValue*) = nullptr;

    void load(const std::string& module, const std::string& script) {
        void* h = dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!h) die("cannot load " + module + ": " + dlerror());
        auto sym = [&](const char* s) {
            void* f = dlsym(h, s);
            if (!f) die(module + " lacks " + s);
            return f;
        };
        open = reinterpret_cast<decltype(open)>(sym("lb_open"));
        error = reinterpret_cast<decltype(error)>(sym("lb_error"));
        version = reinterpret_cast<decltype(version)>(sym("lb_version"));
        add_case = reinterpret_cast<decltype(add_case)>(sym("lb_add_case"));
        run = reinterpret_cast<decltype(run)>(sym("lb_run"));
        read = reinterpret_cast<decltype(read)>(sym("lb_read"));
        state = open(script.c_str(), setup.c_str());
        if (const char* e = error(state)) die(name + ": " + e);
        name += std::string(" (") + version(state) + ")";
    }
};

struct Fixture {
    std::unique_ptr<Compilation> fujian;
    std::vector<uint32_t> rules;  // the policy's outputs, in contract order
    std::vector<io::Json> json;
    std::vector<std::string> lines;  // the cases' JSON text
    std::vector<bench::NativeCase> native;
    // The cases Edict's VM runs on, decoded and held as rows (io::CaseRows), as the C++ peer holds
    // its cases in one vector: 982 DecodedCases (the decoder's workspace, 23 KB each) spread the
    // values over 23 MB, and the VM paid for reading them (docs/performance.md, "the cases' memory").
    std::unique_ptr<io::CaseRows> rows;
    LuaPeer lua54{"Lua 5.4", ""}, luajit{"LuaJIT defaults", ""};
    // LuaJIT with room for every trace this workload makes. With its defaults (at most 1,000 traces
    // and 512 KiB of machine code) the 24 decisions' branches over 982 different cases make more
    // side traces than fit: "failed to allocate mcode memory", a flush of every trace, compiling
    // again, so its time moves between 2 and 40 µs a case from run to run (`jit.v` shows it;
    // docs/performance.md, "The LuaJIT peer"). Tuned, it settles; the VM's target is against this one.
    LuaPeer luajit_tuned{"LuaJIT tuned", R"(jit.opt.start("maxtrace=60000", "maxside=1000", "maxmcode=65536"))"};
    std::array<LuaPeer*, 3> lua_peers() { return {&lua54, &luajit, &luajit_tuned}; }
};
Fixture F;

std::string edict_json(const Program& p, uint32_t rule, const Value& v) {
    std::string s;
    io::encode_value(p, p.rules[rule].type, v, s);
    return s;
}

// Every peer must give the same 24 outputs for every case before anything is timed.
void check_agreement() {
    const Program& p = *F.fujian->program;
    vm::Session session(p);
    std::vector<Value> out(F.rules.size());
    bench::NativeValue nat[bench::kOutputs], lua[3][bench::kOutputs];
    for (size_t i = 0; i < F.native.size(); ++i) {
        if (!bench::evaluate_native(F.native[i], nat)) die("native baseline refused case " + std::to_string(i + 1));
        for (size_t k = 0; k < F.lua_peers().size(); ++k) {
            LuaPeer& peer = *F.lua_peers()[k];
            if (!peer.run(peer.state, static_cast<int>(i), 1)) die(peer.name + ": " + peer.error(peer.state));
            peer.read(peer.state, lua[k]);
        }
        vm::RuntimeError err;
        vm::CaseView view = F.rows->view(i);
        if (!session.evaluate(view, F.rules.data(), F.rules.size(), out.data(), err))
            die("edict refused case " + std::to_string(i + 1) + ": " + err.message);
        for (int k = 0; k < bench::kOutputs; ++k) {
            const std::string a = bench::native_json(nat[k]), d = edict_json(p, F.rules[k], out[k]);
            std::string all = "C++ " + a + ", Edict " + d;
            bool same = a == d;
            for (size_t j = 0; j < F.lua_peers().size(); ++j) {
                const std::string b = bench::native_json(lua[j][k]);
                all += ", " + F.lua_peers()[j]->name + " " + b;
                same = same && a == b;
            }
            if (!same) die("case " + std::to_string(i + 1) + " output " + bench::kOutputNames[k] + ": " + all);
        }
    }
    std::printf("agreement: %zu cases x %d outputs identical across C++, %s, %s, %s and Edict\n", F.native.size(),
                bench::kOutputs, F.lua54.name.c_str(), F.luajit.name.c_str(), F.luajit_tuned.name.c_str());
}

void load(const std::string& cases_path, const std::string& policy) {
    F.fujian = compile_path(policy);
    if (!F.fujian->ok()) die("cannot compile " + policy);
    const Program& p = *F.fujian->program;
    for (const char* name : bench::kOutputNames) {
        const RuleInfo* r = p.find_rule(name);
        if (!r) die(std::string("the policy has no rule ") + name);
        F.rules.push_back(static_cast<uint32_t>(r - p.rules.data()));
    }
    std::ifstream in(cases_path);
    if (!in) die("cannot read " + cases_path);
    std::string line, why;
    // Cases Edict refuses (a date past the holiday calendar's last year: the peers do not model
    // that refusal) are left out of the comparison and counted.
    vm::Session session(p);
    std::vector<Value> out(F.rules.size());
    size_t refused = 0;
    io::DecodedCase decoded;  // the decoder's workspace, case after case
    F.rows = std::make_unique<io::CaseRows>(p);
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        io::Json j;
        if (!io::parse_json(line, j, why)) die(cases_path + ": " + why);
        bench::NativeCase c{};
        if (!bench::decode_native(j, c, why)) die(cases_path + ": " + why);
        io::CaseError ce;
        if (!io::decode_case(p, j, false, decoded, ce)) die(cases_path + ": " + ce.message);
        vm::RuntimeError err;
        vm::CaseView view = decoded.view();
        if (!session.evaluate(view, F.rules.data(), F.rules.size(), out.data(), err)) {
            ++refused;
            continue;
        }
        F.native.push_back(c);
        F.rows->append(decoded);
        F.json.push_back(std::move(j));
        F.lines.push_back(line);
    }
    if (F.native.empty()) die(cases_path + " holds no cases");
    std::printf("cases: %zu from %s (%zu that Edict refuses, dates past the holiday calendar, left out)\n",
                F.native.size(), cases_path.c_str(), refused);
    for (auto& c : F.native) {
        for (LuaPeer* peer : F.lua_peers()) peer->add_case(peer->state, &c);
    }
}

// --- the timed loops: each iteration evaluates every case once ---

void BM_Native(benchmark::State& st) {
    bench::NativeValue out[bench::kOutputs];
    for (auto _ : st)
        for (const auto& c : F.native) {
            bench::evaluate_native(c, out);
            benchmark::DoNotOptimize(out);
        }
    st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * F.native.size()));
}

void BM_Lua(benchmark::State& st, LuaPeer* peer) {
    const int n = static_cast<int>(F.native.size());
    for (auto _ : st)
        if (!peer->run(peer->state, 0, n)) st.SkipWithError("lua error");
    st.SetItemsProcessed(static_cast<int64_t>(st.iterations()) * n);
}

void BM_EdictVM(benchmark::State& st) {
    const Program& p = *F.fujian->program;
    vm::Session session(p);
    std::vector<Value> out(F.rules.size());
    vm::RuntimeError err;
    std::vector<vm::CaseView> views;
    for (size_t i = 0; i < F.rows->size(); ++i) views.push_back(F.rows->view(i));
    for (auto _ : st)
        for (const auto& v : views) {
            if (!session.evaluate(v, F.rules.data(), F.rules.size(), out.data(), err)) st.SkipWithError("edict error");
            benchmark::DoNotOptimize(out.data());
        }
    st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * views.size()));
}

// JSON text in, JSON text out: decode from the text, evaluate, encode (what a host service or the
// CLI does per case, io::CaseRunner::run_text).
void BM_EdictJson(benchmark::State& st) {
    io::CaseRunner runner(*F.fujian->program, F.rules, false);
    std::string out;
    io::CaseError err;
    for (auto _ : st)
        for (const auto& line : F.lines) {
            if (!runner.run_text(line, out, err)) st.SkipWithError("edict error");
            benchmark::DoNotOptimize(out.data());
        }
    st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * F.lines.size()));
}

// The same through the SAX reader alone, as `edict eval` decoded before the fast path: the
// baseline the JSON path's ratio is measured against in this run.
void BM_EdictJsonSax(benchmark::State& st) {
    io::CaseRunner runner(*F.fujian->program, F.rules, false);
    std::string out;
    io::CaseError err;
    for (auto _ : st)
        for (const auto& line : F.lines) {
            if (!runner.run_text_sax(line, out, err)) st.SkipWithError("edict error");
            benchmark::DoNotOptimize(out.data());
        }
    st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * F.lines.size()));
}

// Decoding alone (io::decode_case_text), for the breakdown of the JSON path.
void BM_EdictDecode(benchmark::State& st) {
    const Program& p = *F.fujian->program;
    io::DecodedCase c;
    io::CaseError err;
    for (auto _ : st)
        for (const auto& line : F.lines) {
            if (!io::decode_case_text(p, line, false, c, err)) st.SkipWithError("edict error");
            benchmark::DoNotOptimize(c.view().values);
        }
    st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * F.lines.size()));
}

// Captures ns per item of each benchmark for the summary, while printing the usual table. With
// --benchmark_repetitions=N the figure is the median of the N runs (with
// --benchmark_enable_random_interleaving=true, the peers' runs alternate in one run of the
// process, so a minute of load lands on all of them rather than on one peer's whole measurement).
class Capture : public benchmark::ConsoleReporter {
public:
    double ns_per_item(const std::string& name) const {
        for (const auto* m : {&median_, &last_}) {
            auto it = m->find(name);
            if (it != m->end()) return it->second;
        }
        return 0;
    }
    // The fastest of its runs (repetitions): what a peer does when nothing goes against it.
    double best_ns_per_item(const std::string& name) const {
        auto it = best_.find(name);
        return it == best_.end() ? 0 : it->second;
    }
    int repetitions = 1;  // of the benchmarks whose medians were captured
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& r : runs) {
            auto it = r.counters.find("items_per_second");
            if (it == r.counters.end() || !(it->second.value > 0)) continue;
            const double ns = 1e9 / it->second.value;
            if (r.run_type != Run::RT_Aggregate) {
                last_[r.run_name.str()] = ns;
                auto [b, fresh] = best_.emplace(r.run_name.str(), ns);
                if (!fresh && ns < b->second) b->second = ns;
            }
            else if (r.aggregate_name == "median") {
                median_[r.run_name.str()] = ns;
                repetitions = static_cast<int>(r.repetitions);
            }
        }
    }

private:
    std::map<std::string, double> median_, last_, best_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Allocations per evaluation after one warm-up pass over the cases.
double allocs_per_eval_vm() {
    vm::Session session(*F.fujian->program);
    std::vector<Value> out(F.rules.size());
    vm::RuntimeError err;
    for (int pass = 0; pass < 2; ++pass) {
        const uint64_t before = g_allocs.load();
        for (size_t i = 0; i < F.rows->size(); ++i) {
            vm::CaseView v = F.rows->view(i);
            session.evaluate(v, F.rules.data(), F.rules.size(), out.data(), err);
        }
        if (pass == 1) return static_cast<double>(g_allocs.load() - before) / F.rows->size();
    }
    return 0;
}

double allocs_per_eval_json() {
    io::CaseRunner runner(*F.fujian->program, F.rules, false);
    std::string out;
    io::CaseError err;
    for (int pass = 0; pass < 2; ++pass) {
        const uint64_t before = g_allocs.load();
        for (auto& line : F.lines) runner.run_text(line, out, err);
        if (pass == 1) return static_cast<double>(g_allocs.load() - before) / F.lines.size();
    }
    return 0;
}

double allocs_per_decoded_case() {
    io::DecodedCase c;
    io::CaseError err;
    for (int pass = 0; pass < 2; ++pass) {
        const uint64_t before = g_allocs.load();
        for (auto& line : F.lines) io::decode_case_text(*F.fujian->program, line, false, c, err);
        if (pass == 1) return static_cast<double>(g_allocs.load() - before) / F.lines.size();
    }
    return 0;
}

struct Scale {
    size_t rules, bytes;
    double compile_s, all_ns, all_ns_per_rule, ten_ns;
    double allocs;
};

// Compile a generated policy of n rules (best of `reps`), then time evaluating all its rules and
// its last ten rules over 200 cases.
Scale measure_scale(size_t n, int reps) {
    Scale s{};
    s.rules = n;
    const std::string text = bench::generate_policy(n);
    s.bytes = text.size();
    std::unique_ptr<Compilation> c;
    s.compile_s = 1e9;
    for (int r = 0; r < reps; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        c = compile_sources({{"generated.edict", text}});
        s.compile_s = std::min(s.compile_s, seconds_since(t0));
        if (!c->ok()) die("generated policy of " + std::to_string(n) + " rules does not compile");
    }
    const Program& p = *c->program;
    std::vector<uint32_t> all, ten;
    for (size_t i = 0; i < n; ++i) all.push_back(static_cast<uint32_t>(p.find_rule(bench::rule_name(i)) - p.rules.data()));
    ten.assign(all.end() - 10, all.end());
    std::vector<io::DecodedCase> cases(200);
    for (size_t i = 0; i < cases.size(); ++i) {
        io::Json j;
        std::string why;
        io::CaseError ce;
        if (!io::parse_json(bench::generate_case(i), j, why) || !io::decode_case(p, j, false, cases[i], ce))
            die("generated case: " + why + ce.message);
    }
    vm::Session session(p);
    std::vector<Value> out(n);
    vm::RuntimeError err;
    auto time_rules = [&](const std::vector<uint32_t>& rules, uint64_t* allocs) {
        double best = 1e18;
        for (int rep = 0; rep < 5; ++rep) {
            const uint64_t a0 = g_allocs.load();
            auto t0 = std::chrono::steady_clock::now();
            size_t evals = 0;
            do {
                for (auto& d : cases) {
                    vm::CaseView v = d.view();
                    if (!session.evaluate(v, rules.data(), rules.size(), out.data(), err)) die("generated: " + err.message);
                    ++evals;
                }
            } while (seconds_since(t0) < 0.05);
            best = std::min(best, seconds_since(t0) * 1e9 / evals);
            if (allocs && rep == 4) *allocs = (g_allocs.load() - a0) / evals;
        }
        return best;
    };
    uint64_t allocs = 0;
    s.all_ns = time_rules(all, &allocs);
    s.allocs = static_cast<double>(allocs);
    s.all_ns_per_rule = s.all_ns / n;
    s.ten_ns = time_rules(ten, nullptr);
    return s;
}

// Runs a Lua peer over every case until its pass time settles (no pass 5 % faster than the best
// so far, twenty times running, and at least 3 s; at most 30 s), before anything is timed. Tuned LuaJIT compiles a
// side trace for each new path through the 24 decisions, ~1,800 over these cases: on the AMD EPYC
// machine its passes took 150-200 us a case for the first 10 (2.4 s), ~16 us at the 20th and
// 300-800 ns from the 30th on. Google Benchmark's 0.3 s runs alone timed it mostly still
// compiling (60-156 us a case, below Lua 5.4), which measured its compiler, not its traces.
// Prints what each peer took.
void warm_up(LuaPeer& peer) {
    const int n = static_cast<int>(F.native.size());
    const auto start = std::chrono::steady_clock::now();
    double first = 0, best = 0;
    int passes = 0, calm = 0;
    while ((calm < 20 || seconds_since(start) < 3) && seconds_since(start) < 30) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!peer.run(peer.state, 0, n)) die(peer.name + ": lua error while warming up");
        const double ns = seconds_since(t0) * 1e9 / n;
        ++passes;
        if (passes == 1) first = best = ns;
        else if (ns < 0.95 * best) best = ns, calm = 0;
        else best = std::min(best, ns), ++calm;
    }
    std::printf("warm-up: %-34s %3d passes, %4.1f s: first pass %.0f ns/case, best %.0f ns/case\n", peer.name.c_str(),
                passes, seconds_since(start), first, best);
}

}  // namespace

int main(int argc, char** argv) {
    std::string cases = "bench-cases.jsonl", policy = "policies/fujian/2020-14", lua54, luajit, script = "bench/fujian.lua";
    bool quick = false, peers_only = false;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::string& dst) {
            if (i + 1 >= argc) die(a + " needs a value");
            dst = argv[++i];
        };
        if (a == "--cases") value(cases);
        else if (a == "--policy") value(policy);
        else if (a == "--lua54") value(lua54);
        else if (a == "--luajit") value(luajit);
        else if (a == "--script") value(script);
        else if (a == "--quick") quick = true;       // compile the 10,000-rule policy once, not best of 3
        else if (a == "--peers-only") peers_only = true;  // skip compile and scaling (for profiling)
        else rest.push_back(argv[i]);
    }
    if (lua54.empty() || luajit.empty()) die("--lua54 and --luajit name the Lua peer modules");
    F.lua54.load(lua54, script);
    F.luajit.load(luajit, script);
    F.luajit_tuned.load(luajit, script);  // its own state: jit.opt settings are per state
    load(cases, policy);
    check_agreement();
    for (LuaPeer* peer : F.lua_peers()) warm_up(*peer);

    benchmark::RegisterBenchmark("fujian/cpp_handwritten", BM_Native);
    benchmark::RegisterBenchmark("fujian/lua54", BM_Lua, &F.lua54);
    benchmark::RegisterBenchmark("fujian/luajit", BM_Lua, &F.luajit);
    benchmark::RegisterBenchmark("fujian/luajit_tuned", BM_Lua, &F.luajit_tuned);
    benchmark::RegisterBenchmark("fujian/edict_vm", BM_EdictVM);
    benchmark::RegisterBenchmark("fujian/edict_json_in_out", BM_EdictJson);
    benchmark::RegisterBenchmark("fujian/edict_decode_only", BM_EdictDecode);
    benchmark::RegisterBenchmark("fujian/edict_json_sax_baseline", BM_EdictJsonSax);
    int rc = static_cast<int>(rest.size());
    benchmark::Initialize(&rc, rest.data());
    Capture rep;
    benchmark::RunSpecifiedBenchmarks(&rep);

    auto t = [&rep](const char* name) { return rep.ns_per_item(name); };
    const double cpp = t("fujian/cpp_handwritten"), l54 = t("fujian/lua54"), ljt = t("fujian/luajit"),
                 ljtt = t("fujian/luajit_tuned"),
                 vm = t("fujian/edict_vm"), js = t("fujian/edict_json_in_out"), dec = t("fujian/edict_decode_only"),
                 sax = t("fujian/edict_json_sax_baseline");
    const double a_vm = allocs_per_eval_vm(), a_js = allocs_per_eval_json(), a_dec = allocs_per_decoded_case();

    std::vector<Scale> scales;
    if (!peers_only)
        for (size_t n : {10, 100, 1000, 10000}) scales.push_back(measure_scale(n, quick || n < 10000 ? 1 : 3));

    std::printf("\n== Summary (%zu Fujian cases, all 24 outputs each; one thread%s) ==\n", F.native.size(),
                rep.repetitions > 1 ? fmt::format("; medians of {} runs", rep.repetitions).c_str() : "");
    std::printf("%-34s %10s %12s\n", "peer", "ns/case", "vs C++");
    auto row = [&](const char* n, double v) { std::printf("%-34s %10.0f %11.2fx\n", n, v, v / cpp); };
    row("hand-written C++ (integer fen)", cpp);
    row(F.lua54.name.c_str(), l54);
    row(F.luajit.name.c_str(), ljt);
    row(F.luajit_tuned.name.c_str(), ljtt);
    row("Edict VM (decoded inputs)", vm);
    row("Edict JSON in -> JSON out", js);
    row("  of which decoding the JSON", dec);
    row("Edict JSON in -> out, SAX reader", sax);
    // The targets of issue 13, each with its verdict; the batch, whole-process and one-case CLI
    // targets are printed by cli_bench.py, which runs after this.
    // A target whose benchmarks --benchmark_filter left out has nothing to judge: said so, not "met".
    auto verdict = [](bool ok, std::initializer_list<double> measured = {1}) {
        for (double m : measured)
            if (!(m > 0)) return "not measured (left out by --benchmark_filter)";
        return ok ? "met" : "MISSED";
    };
    std::printf("\n");
    std::printf("target: JSON in -> JSON out <= 2.5 us/case       : %.2f us  %s  (SAX reader before: %.2f us, %.2fx)\n",
                js / 1e3, verdict(js <= 2500, {js}), sax / 1e3, sax / js);
    // Each Lua peer is warmed up first (warm_up). Should tuned LuaJIT still be slower than the
    // Lua 5.4 interpreter, its traces did not hold in this run (flushed and compiled again), and
    // "met" against that would be no measure of the VM: no verdict then. Its fastest repetition is
    // printed beside the median, the JIT at its best.
    const double ljtt_best = rep.best_ns_per_item("fujian/luajit_tuned");
    const bool jit_held = !(ljtt > l54 && l54 > 0);
    std::printf("target: Edict VM at least as fast as LuaJIT      : Edict/LuaJIT tuned %.2fx  %s  (its best run %.0f ns: %.2fx; LuaJIT with its defaults: %.2fx)\n",
                vm / ljtt,
                jit_held ? verdict(vm <= ljtt, {vm, ljtt})
                         : "not judged: tuned LuaJIT ran slower than Lua 5.4, its traces did not hold this run; run again",
                ljtt_best, ljtt_best > 0 ? vm / ljtt_best : 0.0,
                ljt > 0 ? vm / ljt : 0.0);
    std::printf("target: Edict VM >= 5x faster than Lua 5.4       : %.2fx  %s\n", l54 / vm, verdict(l54 >= 5 * vm, {vm, l54}));
    std::printf("report: Edict VM / hand-written C++              : %.2fx  (JSON in -> out: %.2fx)\n", vm / cpp, js / cpp);
    std::printf("target: 0 heap allocations per evaluation        : %.3f  %s\n", a_vm, verdict(a_vm == 0));
    std::printf("target: 0 heap allocations per decoded case      : %.3f  %s  (JSON in -> out, whole path: %.3f)\n",
                a_dec, verdict(a_dec == 0), a_js);
    if (scales.empty()) return 0;
    const Scale& big = scales.back();
    std::printf("target: compile 10,000 rules in < 1 s            : %.3f s for %.2f MB  %s\n", big.compile_s,
                big.bytes / 1e6, verdict(big.compile_s < 1.0));
    std::printf("\n== Scaling with policy size (generated policies, 200 cases) ==\n");
    std::printf("%8s %10s %12s %16s %14s %18s %12s\n", "rules", "bytes", "compile s", "all rules ns", "ns per rule",
                "10 outputs ns", "allocs/eval");
    for (const auto& s : scales)
        std::printf("%8zu %10zu %12.4f %16.0f %14.1f %18.0f %12.0f\n", s.rules, s.bytes, s.compile_s, s.all_ns,
                    s.all_ns_per_rule, s.ten_ns, s.allocs);
    return 0;
}
