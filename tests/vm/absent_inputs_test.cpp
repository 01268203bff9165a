// What evaluation starts from for an input a case does not give (vm::absent_inputs), and the two
// ways a Session gets it: from the states (a host's own CaseView), or already in the values
// (io::DecodedCase started for the program: CaseView::absent_filled). Both must give the same
// answer or the same error, by calls and straight through.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/io/case_decoder.hpp"
#include "runtime/io/json.hpp"
#include "runtime/vm/vm.hpp"
#include "tests/api/fixtures.hpp"

namespace edict {
namespace {

const char* kInputs = R"(input rate: decimal = 0.5 "has a default"
input end: date? "optional, no default"
input n: int "required"
input d: date "required"
input later: date? = 2020-01-31 "optional with a default"
rule r: decimal = rate * 2
rule open: bool = end is null
rule m: int = n + 1
rule due: date = d + 3 days
rule l: date = add_months(later ?? 2000-01-01, 1)
output r, open, m, due, l
)";

TEST(AbsentInputs, EachInputStartsFromItsDefaultNullOrAMark) {
    auto c = compile_sources({{"p.edict", kInputs}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<Value> image = vm::absent_inputs(p);
    ASSERT_EQ(image.size(), 5u);
    EXPECT_EQ(image[0].tag, Tag::Dec);
    EXPECT_EQ(dec_to_string(image[0].dec()), "0.5");
    EXPECT_EQ(image[0].pad, 0);
    EXPECT_TRUE(image[1].is_null());
    EXPECT_EQ(image[1].pad, 0) << "an optional input reads as null";
    EXPECT_EQ(image[2].pad, vm::kNotReady) << "a required input is an error if read";
    EXPECT_EQ(image[3].pad, vm::kNotReady);
    EXPECT_EQ(image[4].tag, Tag::Date);
    EXPECT_EQ(image[4].pad, 0);
}

struct Outcome {
    bool ok = false;
    std::string text;  // each result as JSON, or the error and its input
    bool operator==(const Outcome& o) const { return ok == o.ok && text == o.text; }
};
std::ostream& operator<<(std::ostream& os, const Outcome& o) { return os << (o.ok ? "" : "error: ") << o.text; }

Outcome evaluate(vm::Session& s, const Program& p, const vm::CaseView& view, const std::vector<uint32_t>& rules) {
    std::vector<Value> out(rules.size());
    vm::RuntimeError e;
    Outcome o;
    o.ok = s.evaluate(view, rules.data(), rules.size(), out.data(), e);
    if (!o.ok) {
        o.text = vm::error_text(p, e) + " [" + e.input + "]";
        return o;
    }
    for (size_t i = 0; i < rules.size(); ++i) {
        io::encode_value(p, p.rules[rules[i]].type, out[i], o.text);
        o.text += ' ';
    }
    return o;
}

// Each case decoded into a DecodedCase started for the program, evaluated from its view as it
// is, and from the same values with absent_filled false after every value not given was
// overwritten (a host's view may hold anything there): by calls and straight, twice each (the
// block is made on the second time), one session case after case.
void expect_same_both_ways(const Program& p, const std::vector<std::string>& cases, const std::vector<uint32_t>& rules) {
    for (bool straight : {false, true}) {
        vm::Session filled_session(p), host_session(p);
        filled_session.set_straight(straight);
        host_session.set_straight(straight);
        io::DecodedCase d;
        for (const std::string& text : cases) {
            io::CaseError err;
            if (!io::decode_case_text(p, text, false, d, err)) {
                ADD_FAILURE() << "does not decode: " << text << ": " << err.message;
                continue;
            }
            const vm::CaseView filled = d.view();
            ASSERT_TRUE(filled.absent_filled);
            std::vector<Value> values(filled.values, filled.values + d.size());
            for (size_t i = 0; i < values.size(); ++i)
                if (d.state(i) != vm::InputState::Present) values[i] = Value::integer(12345);
            vm::CaseView host = filled;
            host.values = values.data();
            host.absent_filled = false;
            for (int round = 0; round < 2; ++round) {
                const Outcome a = evaluate(filled_session, p, filled, rules), b = evaluate(host_session, p, host, rules);
                EXPECT_EQ(a, b) << (straight ? "straight: " : "by calls: ") << text;
            }
        }
    }
}

TEST(AbsentInputs, AFilledViewGivesWhatTheStatesGive) {
    auto c = compile_sources({{"p.edict", kInputs}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    std::vector<uint32_t> rules;
    for (const OutputInfo& o : p.outputs) rules.push_back(o.rule);
    ASSERT_EQ(rules.size(), 5u);
    expect_same_both_ways(p,
                          {
                              R"({"n": 1, "d": "2020-02-27"})",
                              R"({"n": 1, "d": "2020-02-27", "rate": "1.25", "end": "2020-03-01", "later": null})",
                              R"({"n": 1, "d": "2020-02-27", "rate": null, "end": null})",
                              R"({"d": "2020-02-27"})",             // n missing: an error
                              R"({"n": "x", "d": "2020-02-27"})",   // n ill-typed: an error
                              R"({"n": 2, "d": "not a date"})",     // d ill-typed: an error
                              R"({"n": 2, "d": "2020-02-27", "rate": "abc"})",  // not its default: an error
                              R"({"n": 2, "d": "2020-02-27", "end": 5})",
                              R"({"n": 2, "d": "2020-02-27", "later": "2021-01-31"})",
                          },
                          rules);
    // The results themselves, so that both ways being wrong alike would fail too.
    vm::Session s(p);
    io::DecodedCase d;
    io::CaseError err;
    ASSERT_TRUE(io::decode_case_text(p, R"({"n": 1, "d": "2020-02-27"})", false, d, err));
    EXPECT_EQ(evaluate(s, p, d.view(), rules).text, R"("1.0" true 2 "2020-03-01" "2020-02-29" )");
    ASSERT_TRUE(io::decode_case_text(p, R"({"n": "x", "d": "2020-02-27"})", false, d, err));
    const Outcome bad = evaluate(s, p, d.view(), rules);
    EXPECT_FALSE(bad.ok);
    EXPECT_NE(bad.text.find("input `n`"), std::string::npos) << bad.text;
    EXPECT_NE(bad.text.find("[n]"), std::string::npos) << bad.text;
    ASSERT_TRUE(io::decode_case_text(p, R"({"n": 1, "d": "2020-02-27", "rate": "abc"})", false, d, err));
    EXPECT_NE(evaluate(s, p, d.view(), rules).text.find("[rate]"), std::string::npos) << "an ill-typed input is not its default";
}

// The Fujian scenario cases, most of which give one clause's inputs only, every output asked for.
TEST(AbsentInputs, FujianScenarioCasesTheSameBothWays) {
    auto c = compile_path(testing::fujian_path());
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    std::vector<std::string> cases;
    for (const char* file : {"/tests/examples.jsonl", "/tests/boundary.jsonl"}) {
        std::ifstream f(testing::fujian_path() + file);
        std::string line, why;
        while (std::getline(f, line)) {
            io::Json j;
            if (line.empty() || !io::parse_json(line, j, why)) continue;
            if (const io::Json* input = j.find("input")) cases.push_back(io::to_json_text(*input));
        }
    }
    ASSERT_GT(cases.size(), 50u);
    std::vector<uint32_t> rules;
    for (const OutputInfo& o : p.outputs) rules.push_back(o.rule);
    expect_same_both_ways(p, cases, rules);
}

}  // namespace
}  // namespace edict
