// Long chains and deep rule graphs at the API level (issue 11): what compile_sources and the VM do
// with an operator chain past syntax::kMaxExprDepth (refused, E0008, located), at it (compiled and
// evaluated, even on a thread with a small stack), and with a chain of 40,000 rules (evaluated).
// The same policies through every CLI command are in chains.py.
#include <pthread.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict {
namespace {

std::string add_chain(size_t terms) {
    std::string s = "rule r: int = 1";
    for (size_t i = 1; i < terms; ++i) s += " + 1";
    return s + "\noutput r\n";
}

// The outputs of `c` on the case `json`, as the runner prints them.
std::string evaluate(const Compilation& c, const std::string& json) {
    std::vector<uint32_t> rules;
    for (const auto& o : c.program->outputs) rules.push_back(o.rule);
    io::CaseRunner runner(*c.program, rules, false);
    io::Json j;
    std::string why, out;
    io::CaseError err;
    if (!io::parse_json(json, j, why) || !runner.run(j, out, err)) return "error: " + why + err.message;
    return out;
}

TEST(Chains, ChainPastTheDepthLimitIsRefusedWhereItStarts) {
    for (size_t terms : {size_t{syntax::kMaxExprDepth} + 1, size_t{24000}}) {
        auto c = compile_sources({{"p.edict", add_chain(terms)}});
        ASSERT_FALSE(c->ok());
        ASSERT_EQ(c->diags.items().size(), 1u);
        const Diagnostic& d = c->diags.items().front();
        EXPECT_EQ(d.code, "E0008");
        EXPECT_EQ(d.span.begin, 14u) << "the chain starts after `rule r: int = `";
        EXPECT_NE(d.message.find(fmt::format("more than {} levels", syntax::kMaxExprDepth)), std::string::npos) << d.message;
    }
}

TEST(Chains, AndAndCoalesceChainsAreRefusedToo) {
    std::string ands = "rule r: bool = true", coalesce = "input y: int? \"Y.\"\nrule r: int = y";
    for (int i = 0; i < 200000; ++i) ands += " and true";
    for (int i = 0; i < 100000; ++i) coalesce += " ?? y";
    for (const std::string& text : {ands + "\noutput r\n", coalesce + " ?? 0\noutput r\n"}) {
        auto c = compile_sources({{"p.edict", text}});
        ASSERT_FALSE(c->ok());
        EXPECT_EQ(c->diags.items().front().code, "E0008");
    }
}

// Compiles and evaluates a chain at the limit on a thread whose stack is `bytes`: what a host's
// worker thread may have. Returns the output, or "" when the thread could not start.
std::string on_small_stack(size_t bytes) {
    struct Job { std::string out; } job;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, bytes);
    pthread_t t;
    auto body = [](void* p) -> void* {
        auto c = compile_sources({{"p.edict", add_chain(syntax::kMaxExprDepth)}});
        static_cast<Job*>(p)->out = c->ok() ? evaluate(*c, "{}") : "did not compile";
        return nullptr;
    };
    if (pthread_create(&t, &attr, body, &job) != 0) return "";
    pthread_join(t, nullptr);
    pthread_attr_destroy(&attr);
    return job.out;
}

// A release build needs under 256 KiB for this and an ASan build under 4.5 MiB (measured with
// `ulimit -s` on the CLI, see docs/reliability.md; ASan's redzones make every frame of codegen's
// operand recursion several times larger); a std::thread gets 8 MiB by default on Linux.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kWorkerStack = 8u << 20;
#else
constexpr size_t kWorkerStack = 1u << 20;
#endif

TEST(Chains, ChainAtTheDepthLimitCompilesOnAWorkerThreadStack) {
    EXPECT_EQ(on_small_stack(kWorkerStack), fmt::format("{{\"r\":{}}}", syntax::kMaxExprDepth));
}

TEST(Chains, FortyThousandRulesInAChainEvaluate) {
    std::string text = "input x: int \"X.\"\nrule r0: int = x\n";
    for (int i = 1; i < 40000; ++i) text += fmt::format("rule r{}: int = r{} + 1\n", i, i - 1);
    auto c = compile_sources({{"p.edict", text + "output r39999\n"}});
    ASSERT_TRUE(c->ok()) << c->diags.items().front().message;
    EXPECT_EQ(evaluate(*c, "{\"x\":5}"), "{\"r39999\":40004}");
}

TEST(Chains, FunctionsTooDeepWhenWrittenOutAreRefusedOnce) {
    std::string text = "input x: int \"X.\"\nfunction f0(v: int): int = v + 1\n";
    for (int i = 1; i < 2000; ++i) text += fmt::format("function f{}(v: int): int = f{}(v) + 1\n", i, i - 1);
    auto c = compile_sources({{"p.edict", text + "rule r: int = f1999(x)\noutput r\n"}});
    ASSERT_FALSE(c->ok());
    ASSERT_EQ(c->diags.items().size(), 1u) << "the first function past the limit, not every one after it";
    EXPECT_EQ(c->diags.items().front().code, "E0008");
    EXPECT_NE(c->diags.items().front().message.find("function `f133`"), std::string::npos) << c->diags.items().front().message;
}

}  // namespace
}  // namespace edict
