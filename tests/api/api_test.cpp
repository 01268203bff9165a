// The public C++ API and C ABI: loading (folder, sources, artifact, failures with diagnostics),
// what a program takes and gives (types, inputs per output, JSON Schema), evaluation on typed
// inputs and JSON with structured errors, and the C functions' NULL-plus-message contract.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "edict/edict.h"
#include "edict/edict.hpp"
#include "tests/api/fixtures.hpp"

namespace edict {
namespace {

namespace api = edict::api;

const char* kSmall = R"(
input birth_date: date "Date of birth."
input bonus: money? "A one-off amount."
rule retirement_date: date = add_years(birth_date, 60)
rule pension_start_month: month "次月." = month_of(retirement_date) + 1
rule total: money = if bonus is null then 0元 else bonus + 1.005元
output retirement_date, pension_start_month, total
)";

std::shared_ptr<const api::Program> small() {
    auto r = api::compile_sources({{"small.edict", kSmall}});
    EXPECT_TRUE(r) << r.error;
    return r.program;
}

TEST(Api, CompileErrorsComeWithLocatedDiagnostics) {
    auto r = api::compile_sources({{"bad.edict", "rule x: int = y + 1\n"}});
    ASSERT_FALSE(r);
    ASSERT_FALSE(r.diagnostics.empty());
    const api::Diagnostic& d = r.diagnostics[0];
    EXPECT_EQ(d.severity, api::Severity::Error);
    EXPECT_EQ(d.location.file, "bad.edict");
    EXPECT_EQ(d.location.line, 1u);
    EXPECT_EQ(d.location.column, 15u);
    EXPECT_NE(d.message.find("y"), std::string::npos);
    EXPECT_NE(r.error.find("bad.edict:1:15"), std::string::npos) << r.error;
}

TEST(Api, LoadRefusesMissingPathsAndDamagedArtifacts) {
    auto missing = api::load("/nonexistent/policy");
    EXPECT_FALSE(missing);
    EXPECT_NE(missing.error.find("does not exist"), std::string::npos) << missing.error;
    std::string path = ::testing::TempDir() + "/junk.edictc";
    std::ofstream(path) << "rule x: int = 1\n";
    auto junk = api::load(path);
    EXPECT_FALSE(junk);
    EXPECT_NE(junk.error.find("not an Edict artifact"), std::string::npos) << junk.error;
}

TEST(Api, OutputsInputsAndTypes) {
    auto p = small();
    ASSERT_EQ(p->outputs().size(), 3u);
    const api::OutputInfo* month = p->output("pension_start_month");
    ASSERT_TRUE(month);
    EXPECT_EQ(month->type.kind, api::Kind::Month);
    EXPECT_EQ(month->doc, "次月.");
    EXPECT_EQ(month->inputs, std::vector<std::string>{"birth_date"});
    const api::InputInfo* bonus = p->input("bonus");
    ASSERT_TRUE(bonus);
    EXPECT_EQ(bonus->type.kind, api::Kind::Money);
    EXPECT_TRUE(bonus->type.optional);
    EXPECT_FALSE(bonus->required);
    EXPECT_TRUE(p->input("birth_date")->required);
    auto needed = p->inputs_for({"total"});
    ASSERT_EQ(needed.size(), 1u);
    EXPECT_EQ(needed[0].name, "bonus");
    EXPECT_THROW(p->inputs_for({"nope"}), api::UsageError);
}

TEST(Api, JsonSchemaDescribesCasesAndResults) {
    auto p = small();
    std::string in = p->input_schema({"total", "retirement_date"});
    io::Json j;
    std::string err;
    ASSERT_TRUE(io::parse_json(in, j, err)) << err << "\n" << in;
    const io::Json* props = j.find("properties");
    ASSERT_TRUE(props && props->find("bonus") && props->find("birth_date"));
    EXPECT_EQ(io::to_json_text(*props->find("bonus")->find("x-edict-type")), "\"money?\"");
    EXPECT_EQ(io::to_json_text(*j.find("x-edict-needed")), "[\"birth_date\"]");
    std::string out = p->output_schema();
    ASSERT_TRUE(io::parse_json(out, j, err)) << err;
    EXPECT_EQ(io::to_json_text(*j.find("required")), "[\"retirement_date\",\"pension_start_month\",\"total\"]");
    EXPECT_NE(out.find(R"("pattern":"^-?[0-9]+\\.[0-9]{2}$")"), std::string::npos) << out;
}

TEST(Api, TypedEvaluation) {
    api::Evaluator ev(small(), {"retirement_date", "pension_start_month", "total"});
    api::Result r = ev.evaluate({{"birth_date", api::Value::date("1960-01-31")}, {"bonus", api::Value::decimal("10")}});
    ASSERT_TRUE(r.ok) << r.error.message;
    EXPECT_EQ(r.get("retirement_date")->as_text(), "2020-01-31");
    EXPECT_EQ(r.get("pension_start_month")->as_text(), "2020-02");
    EXPECT_EQ(r.get("total")->as_text(), "11.01") << "money is given at two places, half up, as on the wire";
    EXPECT_EQ(r.to_json(), R"({"retirement_date":"2020-01-31","pension_start_month":"2020-02","total":"11.01"})");
}

TEST(Api, StructuredErrorsNameTheInputAndRule) {
    api::Evaluator ev(small(), {"pension_start_month"});
    api::Result missing = ev.evaluate({});
    ASSERT_FALSE(missing.ok);
    EXPECT_EQ(missing.error.input, "birth_date");
    EXPECT_EQ(missing.error.rule, "retirement_date");
    // The chain says why retirement_date ran at all: pension_start_month was asked for and needs it.
    EXPECT_EQ(missing.error.rule_chain, (std::vector<std::string>{"pension_start_month", "retirement_date"}));
    EXPECT_NE(missing.to_json().find("while computing `pension_start_month` ← `retirement_date` (small.edict:4:"),
              std::string::npos) << missing.to_json();
    EXPECT_TRUE(missing.error.has_location);
    EXPECT_EQ(missing.error.location.file, "small.edict");
    EXPECT_EQ(missing.error.location.line, 4u);
    api::Result bad = ev.evaluate({{"birth_date", api::Value::date("2021-02-29")}});
    ASSERT_FALSE(bad.ok);
    EXPECT_EQ(bad.error.input, "birth_date");
    EXPECT_NE(bad.error.message.find("2021-02-29"), std::string::npos) << bad.error.message;
    api::Result extra = ev.evaluate({{"birth_dat", api::Value::date("1960-01-01")}});
    ASSERT_FALSE(extra.ok);
    EXPECT_EQ(extra.error.input, "birth_dat");
    api::Result json = ev.evaluate_json("{\"birth_date\": ");
    ASSERT_FALSE(json.ok);
    EXPECT_TRUE(json.error.input.empty());
    EXPECT_THROW(api::Evaluator(small(), {"nope"}), api::UsageError);
    EXPECT_THROW(api::Evaluator(nullptr), api::UsageError);
}

TEST(Api, FujianContractExamplesThroughJson) {
    auto loaded = api::load(testing::fujian_path());
    ASSERT_TRUE(loaded) << loaded.error;
    for (const auto& e : testing::fujian_examples()) {
        api::Evaluator ev(loaded.program, e.outputs);
        std::string out;
        ASSERT_TRUE(ev.evaluate_json(e.case_json, out)) << out;
        EXPECT_EQ(testing::normalised(out), e.expected);
        EXPECT_EQ(testing::normalised(ev.evaluate_json(e.case_json).to_json()), e.expected);
    }
}

TEST(Api, ArtifactFromTheApiLoadsBack) {
    auto loaded = api::load(testing::fujian_path());
    ASSERT_TRUE(loaded);
    std::string path = ::testing::TempDir() + "/fujian.edictc";
    {
        std::ofstream f(path, std::ios::binary);
        std::string bytes = loaded.program->to_artifact();
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    auto again = api::load(path);
    ASSERT_TRUE(again) << again.error;
    EXPECT_EQ(again.program->outputs().size(), loaded.program->outputs().size());
    EXPECT_EQ(again.program->input_schema(), loaded.program->input_schema());
}

// ---- C ABI ----

struct CString {
    char* s = nullptr;
    ~CString() { edict_string_free(s); }
};

TEST(CAbi, LoadEvaluateFree) {
    CString error;
    edict_program* p = edict_program_load(testing::fujian_path().c_str(), &error.s);
    ASSERT_TRUE(p) << error.s;
    EXPECT_EQ(error.s, nullptr);
    CString out;
    out.s = edict_program_eval_json(p, R"({"birth_date":"1960-01-10","sex":"male","scheme":"enterprise_employee"})",
                                    "retirement_date", &error.s);
    ASSERT_TRUE(out.s) << error.s;
    EXPECT_STREQ(out.s, R"({"retirement_date":"2020-01-10"})");
    CString schema;
    schema.s = edict_program_input_schema(p, "retirement_date", &error.s);
    ASSERT_TRUE(schema.s);
    EXPECT_NE(std::string(schema.s).find("birth_date"), std::string::npos);
    edict_program_free(p);
}

TEST(CAbi, FailuresAreNullAndAMessage) {
    CString error;
    EXPECT_EQ(edict_program_load(nullptr, &error.s), nullptr);
    EXPECT_NE(std::string(error.s).find("NULL"), std::string::npos);
    edict_string_free(error.s);
    error.s = nullptr;
    EXPECT_EQ(edict_program_load("/nonexistent", nullptr), nullptr) << "error may be NULL";
    edict_program* p = edict_program_load(testing::fujian_path().c_str(), nullptr);
    ASSERT_TRUE(p);
    struct Bad { const char* json; const char* outputs; const char* expect; };
    for (Bad b : {Bad{"{", nullptr, R"({"error":{"input":null,"message":)"},
                  Bad{"{}", "no_such_output", "is not an output of this policy"},
                  Bad{R"({"birth_date":"1960-02-30"})", "retirement_date", R"({"error":{"input":"birth_date")"},
                  Bad{nullptr, nullptr, "case_json is NULL"}}) {
        char* out = edict_program_eval_json(p, b.json, b.outputs, &error.s);
        EXPECT_EQ(out, nullptr);
        ASSERT_TRUE(error.s);
        EXPECT_NE(std::string(error.s).find(b.expect), std::string::npos) << error.s;
        edict_string_free(error.s);
        error.s = nullptr;
    }
    EXPECT_EQ(edict_program_eval_json(nullptr, "{}", nullptr, &error.s), nullptr);
    EXPECT_NE(std::string(error.s).find("program is NULL"), std::string::npos);
    edict_program_free(p);
    edict_program_free(nullptr);
    edict_string_free(nullptr);
}

}  // namespace
}  // namespace edict
