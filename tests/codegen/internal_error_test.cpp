// Cases the checker rules out that reach code generation anyway (a bug in Edict) stop loudly:
// codegen throws std::logic_error naming the expression and its file:line:col, and the driver's
// run_stage turns that into error E0405 instead of a crash or a silent null in the bytecode.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "compiler/ast/ast.hpp"
#include "compiler/codegen/codegen.hpp"
#include "compiler/driver/compile.hpp"

namespace edict {
namespace {

// A checked program whose rule `r` is then given an annotation or a kind the checker never makes.
std::unique_ptr<Compilation> compiled() {
    auto c = compile_sources({{"a.edict", "input x: int\nrule r: int = x\noutput r\n"}});
    EXPECT_TRUE(c->ok()) << render_all(c->diags, c->sources);
    return c;
}

ast::ExprId name_x(const Compilation& c) {
    const auto& exprs = c.checked.modules[0].ast.exprs;
    for (size_t i = 0; i < exprs.size(); ++i)
        if (exprs[i].kind == ast::ExprKind::Name && exprs[i].text == "x") return static_cast<ast::ExprId>(i);
    ADD_FAILURE() << "no Name x";
    return 0;
}

std::string codegen_error(Compilation& c) {
    Diagnostics diags;
    try {
        codegen::generate(c.checked, c.sources, diags);
    } catch (const std::logic_error& e) {
        return e.what();
    }
    return "no exception";
}

TEST(InternalError, NameWithoutRunTimeValueThrowsWithItsPlace) {
    auto c = compiled();
    c->checked.modules[0].annotations[name_x(*c)].ref = check::Ref::Calendar;  // the checker refuses this (E0104)
    std::string what = codegen_error(*c);
    EXPECT_NE(what.find("a name that is not an input, rule, local, enum case or parameter"), std::string::npos) << what;
    EXPECT_NE(what.find("a.edict:2:15"), std::string::npos) << what;
}

TEST(InternalError, RecordLiteralThrows) {
    auto c = compiled();
    c->checked.modules[0].ast.exprs[name_x(*c)].kind = ast::ExprKind::RecordLit;  // the parser builds none
    std::string what = codegen_error(*c);
    EXPECT_NE(what.find("record literal"), std::string::npos) << what;
    EXPECT_NE(what.find("a.edict:2:15"), std::string::npos) << what;
}

// constant_value reads literals only (the checker's E0210 keeps every other expression away): an
// input's name is refused loudly instead of becoming a null constant.
TEST(InternalError, ConstantValueOfANonLiteralThrows) {
    auto c = compiled();
    std::deque<std::string> texts;
    std::deque<std::vector<Value>> lists;
    const TypeId int_type = c->checked.types.lookup({Kind::Int, false, 0});
    EXPECT_THROW(codegen::constant_value(c->checked, 0, name_x(*c), int_type, {texts, lists}), std::logic_error);
}

TEST(InternalError, RunStageReportsE0405) {
    Diagnostics diags;
    EXPECT_TRUE(run_stage(diags, [] {}));
    EXPECT_FALSE(diags.has_errors());
    EXPECT_FALSE(run_stage(diags, [] { throw std::logic_error("codegen: a record literal at a.edict:2:15"); }));
    ASSERT_EQ(diags.error_count(), 1u);
    const Diagnostic& d = diags.items()[0];
    EXPECT_EQ(d.code, "E0405");
    EXPECT_EQ(d.message, "internal error: codegen: a record literal at a.edict:2:15");
    EXPECT_NE(d.help.find("a bug in Edict"), std::string::npos);
}

}  // namespace
}  // namespace edict
