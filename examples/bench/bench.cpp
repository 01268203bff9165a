// Figures for docs/embedding.md, measured through the installed library as a host sees it.
// Takes: a policy folder, its artifact (.edictc), a case file, the outputs, a case count.
// Produces: the time to compile vs load the artifact (median of 7), and evaluations per second
// of the case for those outputs: one Evaluator on one thread, one per thread on N threads, and
// the C ABI call (which builds an evaluator per call).
//
//   bench POLICY ARTIFACT CASE.json OUTPUTS [CASES [THREADS]]
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <edict/edict.h>
#include <edict/edict.hpp>

namespace api = edict::api;
using Clock = std::chrono::steady_clock;

template <class F>
double median_ms(F f) {
    std::vector<double> t;
    for (int i = 0; i < 7; ++i) {
        auto s = Clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
    }
    std::sort(t.begin(), t.end());
    return t[3];
}

int main(int argc, char** argv) {
    if (argc < 5) { std::cerr << "usage: bench POLICY ARTIFACT CASE.json OUTPUTS [CASES [THREADS]]\n"; return 2; }
    const char* outputs_csv = argv[4];
    std::vector<std::string> outputs;
    std::stringstream names(outputs_csv);
    for (std::string n; std::getline(names, n, ',');) outputs.push_back(n);
    long cases = argc > 5 ? std::stol(argv[5]) : 200000;
    int threads = argc > 6 ? std::stoi(argv[6]) : 2;
    std::stringstream ss;
    ss << std::ifstream(argv[3]).rdbuf();
    const std::string case_json = ss.str();

    api::LoadResult folder, artifact;
    double compile = median_ms([&] { folder = api::load(argv[1]); });
    double load = median_ms([&] { artifact = api::load(argv[2]); });
    if (!folder || !artifact) { std::cerr << folder.error << artifact.error; return 2; }
    std::cout << "compile folder: " << compile << " ms; load artifact: " << load << " ms" << std::endl;

    auto run = [&](long n, std::string* last) {
        api::Evaluator ev(artifact.program, outputs);
        std::string out;
        for (long i = 0; i < n; ++i)
            if (!ev.evaluate_json(case_json, out)) { std::cerr << out << "\n"; std::exit(1); }
        if (last) *last = out;
    };
    std::string out;
    auto s = Clock::now();
    run(cases, &out);
    double one = std::chrono::duration<double>(Clock::now() - s).count();
    std::cout << "1 thread, Evaluator: " << static_cast<long>(cases / one) << " cases/s (" << 1e6 * one / cases << " us/case)\n";

    s = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back([&] { run(cases / threads, nullptr); });
    for (auto& t : pool) t.join();
    double many = std::chrono::duration<double>(Clock::now() - s).count();
    std::cout << threads << " threads, one Evaluator each: " << static_cast<long>(cases / many) << " cases/s\n";

    char* error = nullptr;
    edict_program* p = edict_program_load(argv[2], &error);
    if (!p) { std::cerr << error << "\n"; return 2; }
    long c_cases = cases / 4;
    s = Clock::now();
    for (long i = 0; i < c_cases; ++i) {
        char* r = edict_program_eval_json(p, case_json.c_str(), outputs_csv, &error);
        if (!r) { std::cerr << error << "\n"; return 1; }
        edict_string_free(r);
    }
    double c = std::chrono::duration<double>(Clock::now() - s).count();
    std::cout << "1 thread, C ABI edict_program_eval_json: " << static_cast<long>(c_cases / c) << " cases/s\n";
    edict_program_free(p);
    std::cout << "result: " << out << "\n";
}
