// Every word the report's interface shows, in English and in Chinese: the one table (`edict doc
// --lang en|zh`). Takes: a language and a string's id. Produces: the text; those with `{}` are
// fmt format strings filled in the order their comment gives. Names from the policy (rules,
// parameters, clause ids) and the notice's own text are never translated.
#pragma once
#include <cstdint>
#include <string>

namespace edict::report {

enum class Lang : uint8_t { En, Zh };

// X(id, English, 中文)
#define EDICT_REPORT_STRINGS(X)                                                                           \
    X(Covered, "encoded and tested", "已编码且有测试")                                                    \
    X(Untested, "encoded, no test", "已编码但无测试")                                                     \
    X(Uncovered, "not encoded", "未编码")                                                                 \
    X(NotComputable, "declared not computable", "声明不可计算")                                           \
    X(UnknownClause, "cited clause the notice text does not have", "通知文本中没有所引条款")              \
    X(ReportTitle, "Edict report", "Edict 报告")                                                          \
    /* policy path, rules, parameters, tests */                                                           \
    X(PolicySummary, "policy {}: {} rules, {} parameters, {} tests", "政策 {}：{} 条规则，{} 个参数，{} 个测试") \
    X(ClausesLegend, "{} clauses:", "{} 个条款：")                                                        \
    /* passed, failed */                                                                                  \
    X(TestsLegend, "tests: {} passed, {} failed", "测试：{} 个通过，{} 个失败")                           \
    X(NoticeText, "notice text", "通知原文")                                                              \
    X(Issued, "issued {}", "发布日期 {}")                                                                 \
    X(NoText, "This notice declares no text file.", "此通知未声明原文文件。")                             \
    X(TextColumn, "The notice", "通知原文")                                                               \
    X(RulesColumn, "Its rules", "对应规则")                                                               \
    X(NothingEncodes, "Nothing encodes this clause.", "没有规则编码此条款。")                             \
    X(Clauses, "Clauses", "条款")                                                                         \
    X(Clause, "clause", "条款")                                                                           \
    X(Coverage, "coverage", "覆盖情况")                                                                   \
    X(EncodedBy, "encoded by", "编码规则")                                                                \
    X(Tests, "Tests", "测试")                                                                             \
    /* count */                                                                                           \
    X(TestCount, "{} tests", "{} 个测试")                                                                 \
    X(OneTest, "1 test", "1 个测试")                                                                      \
    X(QuoteNotFound, "quoted sentence not found in the notice text:", "通知文本中找不到所引语句：")       \
    X(Rules, "Rules", "规则")                                                                             \
    X(Rule, "rule", "规则")                                                                               \
    X(Type, "type", "类型")                                                                               \
    X(From, "module", "模块")                                                                             \
    X(Output, "output", "输出")                                                                           \
    X(Parameters, "Parameters", "参数")                                                                   \
    X(Parameter, "parameter", "参数")                                                                     \
    X(Value, "value and the sentence stating it", "取值及其依据")                                                                             \
    /* date */                                                                                            \
    X(FromDate, "from {}", "自 {} 起")                                                                    \
    X(Citations, "Citations", "引用")                                                                     \
    X(UsedBy, "used by", "使用它的规则")                                                                  \
    X(NoCitation, "cites no clause", "未引用条款")                                                        \
    X(Test, "test", "测试")                                                                               \
    X(Given, "given", "输入")                                                                             \
    X(Expected, "expected", "预期")                                                                       \
    X(Result, "result", "结果")                                                                           \
    X(Passed, "passes", "通过")                                                                           \
    X(Failed, "fails", "失败")                                                                            \
    /* count */                                                                                           \
    X(NPassed, "{} passed", "{} 个通过")                                                                  \
    X(NFailed, "{} failed", "{} 个失败")                                                                  \
    X(Colon, ": ", "：")                                                                                  \
    X(Comma, ", ", "，")                                                                                  \
    X(Broken, "cannot run", "无法运行")                                                                   \
    X(Warnings, "Warnings", "警告")                                                                       \
    X(BackToIndex, "← notice and clauses", "← 通知与条款")                                                \
    X(DeclaredAt, "declared at", "声明位置")                                                              \
    X(Yes, "yes", "是")                                                                                   \
    X(No, "no", "否")                                                                                     \
    X(RuleCitesNothing, "This rule cites no clause.", "此规则未引用任何条款。")                           \
    X(Definitions, "Definitions", "定义")                                                                 \
    X(Definition, "definition", "定义")                                                                   \
    X(ReplacedDefinition, "replaced definition", "被替换的定义")                                          \
    X(ReplacedLong, "replaced definition (an override stands above it)", "被替换的定义（已被覆盖）")      \
    /* label */                                                                                           \
    X(ExceptionLabel, "exception {}", "例外 {}")                                                          \
    /* name */                                                                                            \
    X(Over, "over {}", "优先于 {}")                                                                       \
    X(Inputs, "Inputs", "输入")                                                                           \
    X(Input, "input", "输入")                                                                             \
    X(Function, "function", "函数")                                                                       \
    X(AllInputs, "every input it may need, through the rules it uses:", "经由所用规则可能需要的全部输入：") \
    X(Dependencies, "Dependencies", "依赖关系")                                                           \
    X(NoTestChecks, "No test checks this rule.", "没有测试检查此规则。")                                  \
    X(NotComputableShort, "not computable", "不可计算")

enum class Text : uint16_t {
#define EDICT_REPORT_STRING_ID(id, en, zh) id,
    EDICT_REPORT_STRINGS(EDICT_REPORT_STRING_ID)
#undef EDICT_REPORT_STRING_ID
};

inline const char* text(Lang lang, Text t) {
    static const char* const kTable[][2] = {
#define EDICT_REPORT_STRING_ROW(id, en, zh) {en, zh},
        EDICT_REPORT_STRINGS(EDICT_REPORT_STRING_ROW)
#undef EDICT_REPORT_STRING_ROW
    };
    return kTable[static_cast<size_t>(t)][lang == Lang::Zh ? 1 : 0];
}

// "en" or "zh" to a language; false for anything else.
inline bool parse_lang(const std::string& s, Lang& out) {
    if (s == "en") out = Lang::En;
    else if (s == "zh") out = Lang::Zh;
    else return false;
    return true;
}

}  // namespace edict::report
