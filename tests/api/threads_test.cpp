// Sharing across threads: one Fujian Program evaluated from 8 threads gives the single-threaded
// results for every contract example; and ProgramHandle swaps programs while 8 threads evaluate,
// each evaluation seeing exactly one program (never a mix) and every in-flight one finishing.
// Run under the asan preset (and TSan by hand) these also catch data races on the program.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "edict/edict.hpp"
#include "tests/api/fixtures.hpp"

namespace edict {
namespace {

namespace api = edict::api;

TEST(Threads, OneProgramEightThreads) {
    auto loaded = api::load(testing::fujian_path());
    ASSERT_TRUE(loaded) << loaded.error;
    const auto examples = testing::fujian_examples();
    ASSERT_FALSE(examples.empty());
    std::atomic<int> wrong{0}, done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            // One evaluator per (thread, output set), reused across rounds as a host would.
            std::vector<api::Evaluator> evs;
            for (const auto& e : examples) evs.emplace_back(loaded.program, e.outputs);
            std::string out;
            for (int round = 0; round < 200; ++round)
                for (size_t i = 0; i < examples.size(); ++i) {
                    size_t k = (i + static_cast<size_t>(t)) % examples.size();  // threads start at different cases
                    if (!evs[k].evaluate_json(examples[k].case_json, out) || testing::normalised(out) != examples[k].expected)
                        ++wrong;
                    ++done;
                }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(done.load(), static_cast<int>(8 * 200 * examples.size()));
}

// Two versions of a notice: the rate changes, and `version` says which program answered.
std::shared_ptr<const api::Program> version(int v) {
    std::string src = "input base: money\n"
                      "rule version: int = " + std::to_string(v) + "\n"
                      "rule paid: money = round(base * " + (v == 1 ? "1.05" : "1.10") + ", 2)\n"
                      "output version, paid\n";
    auto r = api::compile_sources({{fmt::format("v{}.edict", v), src}});
    EXPECT_TRUE(r) << r.error;
    return r.program;
}

TEST(Threads, AtomicReloadWhileEvaluating) {
    auto v1 = version(1), v2 = version(2);
    api::ProgramHandle handle(v1);
    std::atomic<bool> stop{false};
    std::atomic<int> wrong{0}, evaluations{0}, saw1{0}, saw2{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            while (!stop.load()) {
                std::shared_ptr<const api::Program> p = handle.get();  // a snapshot for this request
                api::Evaluator ev(p);
                api::Result r = ev.evaluate({{"base", api::Value::decimal("100")}});
                int v = r.ok ? static_cast<int>(r.get("version")->as_int()) : 0;
                std::string paid = r.ok ? r.get("paid")->as_text() : "";
                bool consistent = (p == v1 && v == 1 && paid == "105.00") || (p == v2 && v == 2 && paid == "110.00");
                if (!consistent) ++wrong;
                ++(v == 1 ? saw1 : saw2);
                ++evaluations;
            }
        });
    for (int swap = 0; swap < 400; ++swap) {
        auto old = handle.swap(swap % 2 ? v1 : v2);
        EXPECT_TRUE(old == v1 || old == v2);
        std::this_thread::yield();
        if (swap % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    stop = true;
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(handle.generation(), 400u);
    EXPECT_GT(evaluations.load(), 0);
    EXPECT_GT(saw1.load() + saw2.load(), 0);
}

TEST(Threads, ReloadKeepsTheOldProgramWhenTheNewOneFails) {
    auto v1 = version(1);
    api::ProgramHandle handle(v1);
    api::LoadResult r = handle.reload("/nonexistent/policy");
    EXPECT_FALSE(r);
    EXPECT_EQ(handle.get(), v1);
    EXPECT_EQ(handle.generation(), 0u);
    r = handle.reload(testing::fujian_path());
    EXPECT_TRUE(r) << r.error;
    EXPECT_EQ(handle.get(), r.program);
}

}  // namespace
}  // namespace edict
