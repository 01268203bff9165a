// Limits at the API level (issue 6): the step budget of a VM session, the list-length limit of the
// case decoder, and the JSON parser's depth and size limits, each refused with an error that says
// which limit, never a crash. The CLI-level tests of every limit (including the rule count, which
// is slow to hit in a debug or sanitizer build and so is tested once, there) are in limits.py.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "compiler/driver/compile.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"

namespace edict {
namespace {

std::unique_ptr<Compilation> nested_counts() {
    return compile_sources({{"p.edict",
                             "input xs: list[int] \"Numbers.\"\n"
                             "rule r: int = count([a in xs where count([b in xs where b > a]) > 0])\n"
                             "output r\n"}});
}

TEST(Limits, StepBudgetStopsEvaluationWithAnError) {
    auto c = nested_counts();
    ASSERT_TRUE(c->ok());
    io::CaseRunner runner(*c->program, {c->program->outputs[0].rule}, false);
    io::Json j;
    std::string why;
    std::string xs = "{\"xs\":[";
    for (int i = 0; i < 300; ++i) xs += fmt::format("{}{}", i ? "," : "", i);
    ASSERT_TRUE(io::parse_json(xs + "]}", j, why)) << why;
    std::string out;
    io::CaseError err;
    ASSERT_TRUE(runner.run(j, out, err)) << err.message;  // 90,000 inner steps fit the default
    EXPECT_EQ(out, "{\"r\":299}");
    runner.set_step_budget(10000);
    EXPECT_FALSE(runner.run(j, out, err));
    EXPECT_NE(err.message.find("budget"), std::string::npos) << err.message;
}

TEST(Limits, ListInputLongerThanTheLimitIsRefused) {
    auto c = nested_counts();
    ASSERT_TRUE(c->ok());
    io::Json j;
    j.type = io::Json::Type::Object;
    io::Json list;
    list.type = io::Json::Type::Array;
    io::Json zero;
    zero.type = io::Json::Type::Number;
    zero.text.assign(1, '0');
    list.items.assign(io::kMaxListItems + 1, zero);
    j.members.emplace_back("xs", std::move(list));
    io::DecodedCase d;
    io::CaseError err;
    ASSERT_TRUE(io::decode_case(*c->program, j, false, d, err));  // ill-typed inputs are recorded
    ASSERT_EQ(d.state(0), vm::InputState::IllTyped);
    EXPECT_NE(d.message(0).find("at most 1000000"), std::string::npos) << d.message(0);
}

TEST(Limits, JsonDepthAndSizeAreRefused) {
    io::Json j;
    std::string why;
    EXPECT_TRUE(io::parse_json(std::string(64, '[') + std::string(64, ']'), j, why)) << why;
    EXPECT_FALSE(io::parse_json(std::string(65, '[') + std::string(65, ']'), j, why));
    EXPECT_NE(why.find("deeper than 64"), std::string::npos) << why;
    EXPECT_FALSE(io::parse_json("\"" + std::string(io::kMaxJsonBytes, 'x') + "\"", j, why));
    EXPECT_NE(why.find("exceeds the limit"), std::string::npos) << why;
}

}  // namespace
}  // namespace edict
