// io::CaseRows (runtime/io/case_rows.hpp): cases held as rows evaluate as the DecodedCase each was
// decoded into did, after that DecodedCase has decoded other cases over the texts and lists the
// first one pointed at.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "runtime/io/case_decoder.hpp"
#include "runtime/io/case_rows.hpp"
#include "runtime/vm/vm.hpp"

namespace edict {
namespace {

std::shared_ptr<const Program> everything() {
    auto c = compile_path(EDICT_SOURCE_DIR "/policies/examples/everything");
    EXPECT_TRUE(c->ok());
    return c->program;
}

// Every output of the policy for the case `view` gives, as JSON, or the error it stops with.
std::string outcome(const Program& p, vm::Session& session, const vm::CaseView& view) {
    std::vector<uint32_t> rules;
    for (const auto& o : p.outputs) rules.push_back(o.rule);
    std::vector<Value> out(rules.size());
    vm::RuntimeError error;
    if (!session.evaluate(view, rules.data(), rules.size(), out.data(), error)) return "error: " + vm::error_text(p, error);
    std::string s;
    for (size_t k = 0; k < rules.size(); ++k) {
        s += p.outputs[k].name + "=";
        io::encode_value(p, p.rules[rules[k]].type, out[k], s);
        s += "\n";
    }
    return s;
}

// Texts, lists of records, a decimal given and one left to its default, an ill-typed date, a
// required input left out: each case in a different place.
const char* kCases[] = {
    R"({"applicant": "张三", "scheme": "enterprise_employee", "applied_on": "2020-01-17", "monthly_wage": "3000.00", "children": [{"name": "小明", "born": "2010-05-01"}, {"name": "大明", "born": "1990-01-01"}], "contact_dates": [null, "2020-01-20"]})",
    R"({"applicant": "a name longer than any small-string buffer holds", "scheme": "public_institution", "applied_on": "2021-03-01", "monthly_wage": "12345.67", "children": [], "contact_dates": [], "bonus_rate": 0.125})",
    R"({"applicant": "李四", "scheme": "urban_rural_resident", "applied_on": "2020-13-01", "monthly_wage": "1.00", "children": [{"name": "x", "born": "2019-12-31"}], "contact_dates": ["2020-02-02"]})",
    R"({"applicant": "王五", "scheme": "enterprise_employee", "monthly_wage": "800.00", "children": [{"name": "y", "born": "2001-02-03"}], "contact_dates": [null]})",
};

TEST(CaseRows, RowsEvaluateAsTheCasesTheyWereDecodedFrom) {
    auto p = everything();
    vm::Session session(*p);
    io::DecodedCase workspace;  // one, reused: each decode rewinds the store the last case's values point at
    io::CaseRows rows(*p);
    std::vector<std::string> expected;
    for (const char* text : kCases) {
        io::CaseError e;
        ASSERT_TRUE(io::decode_case_text(*p, text, false, workspace, e)) << e.message;
        expected.push_back(outcome(*p, session, workspace.view()));
        rows.append(workspace);
    }
    ASSERT_EQ(rows.size(), std::size(kCases));
    // The cases differ, so a row read from the wrong place or from the workspace would show.
    EXPECT_NE(expected[0], expected[1]);
    EXPECT_NE(expected[2].find("2020-13-01"), std::string::npos) << expected[2];
    EXPECT_NE(expected[3].find("error"), std::string::npos) << expected[3];
    for (size_t r = 0; r < rows.size(); ++r) EXPECT_EQ(outcome(*p, session, rows.view(r)), expected[r]) << "row " << r;
}

TEST(CaseRows, RowsKeepTheirTextsAndListsWhenTheWorkspaceMovesOn) {
    auto p = everything();
    io::DecodedCase workspace;
    io::CaseRows rows(*p);
    io::CaseError e;
    ASSERT_TRUE(io::decode_case_text(*p, kCases[0], false, workspace, e)) << e.message;
    rows.append(workspace);
    ASSERT_TRUE(io::decode_case_text(*p, kCases[1], false, workspace, e)) << e.message;
    const Value* row = rows.view(0).values;
    size_t applicant = 0, children = 0;
    for (size_t i = 0; i < p->inputs.size(); ++i) {
        if (p->inputs[i].name == "applicant") applicant = i;
        if (p->inputs[i].name == "children") children = i;
    }
    EXPECT_EQ(row[applicant].text_view(), "张三");
    ASSERT_EQ(row[children].aux, 2u);
    EXPECT_EQ(row[children].items[1].items[0].text_view(), "大明");  // the second child's name
    EXPECT_NE(row[applicant].str, workspace.value(applicant).str);
}

}  // namespace
}  // namespace edict
