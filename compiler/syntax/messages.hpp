// Plain-words error messages for the grammar's `must<>` points. Takes: the rule that failed.
// Produces: the message an analyst sees ("expected a type after ':' ..."). Rules without an
// entry get a generic message naming what was expected. A message may carry a suggestion after a
// line break; the parser shows it as the diagnostic's help. Keywords are named in both languages.
#pragma once
#include "compiler/syntax/grammar.hpp"

namespace edict::syntax {

template <typename Rule>
constexpr const char* message = nullptr;

#define EDICT_MSG(rule, text) \
    template <>               \
    inline constexpr const char* message<rule> = text
EDICT_MSG(decl, "expected a declaration here: rule, input, param, exception, enum, record, table, function, output, "
                "notice, calendar, import, test or clause");
EDICT_MSG(decl_name, "expected a name here (letters, digits and '_', starting with a letter; Chinese names are fine)");
EDICT_MSG(type, "expected a type here, such as bool, int, decimal, money, date, month, text, list[date] or an enum name");
EDICT_MSG(key_type, "expected the key type of the table");
EDICT_MSG(must_expr, "expected an expression here");
EDICT_MSG(expr, "expected an expression here");
EDICT_MSG(unary, "expected a value after '-'");
EDICT_MSG(not_expr, "expected a condition after 'not'");
EDICT_MSG(mul_expr, "expected a value after the operator");
EDICT_MSG(add_expr, "expected a value after the operator");
EDICT_MSG(coalesce_expr, "expected a value after the operator");
EDICT_MSG(and_expr, "expected a condition here");
EDICT_MSG(postfix, "expected a date after 'at'");
EDICT_MSG(kw_then, "expected 'then' (则) after the condition\nwrite `when CONDITION then VALUE`, e.g. `when age >= 60 then true`");
EDICT_MSG(kw_else, "expected 'else' (否则): an 'if' needs both branches so that every case has a value\nwrite `if CONDITION then VALUE else OTHER_VALUE`");
EDICT_MSG(kw_in, "expected 'in' (于) after the value of 'let'");
EDICT_MSG(kw_to, "expected 'to' (针对) and the name of the rule this exception overrides");
EDICT_MSG(kw_from, "expected 'from' (自) and the date this value is in force from");
EDICT_MSG(kw_where, "expected 'where' (其中) and a condition");
EDICT_MSG(kw_null, "expected 'null' (空) after 'is' or 'is not'");
EDICT_MSG(kw_calendar, "expected 'calendar' after 'amend'");
EDICT_MSG(override_what, "expected 'param', 'rule' or 'input' after 'override', then the name of what it overrides");
EDICT_MSG(kw_not, "expected 'not computable' and a reason");
EDICT_MSG(kw_computable, "expected 'computable' after 'not'");
EDICT_MSG(clause_body, "expected 'not computable' and a reason, or 'unused'/'external' with a number and a reason");
EDICT_MSG(given_list, "expected 'given' (已知) and the inputs of the test");
EDICT_MSG(expect_list, "expected 'expect' (预期) and the outputs the test checks");
EDICT_MSG(assignment, "expected `name = value`");
EDICT_MSG(string_lit, "expected a quoted text \"...\"");
EDICT_MSG(expectation, "expected `name = value`, or `name error \"part of the message\"`");
EDICT_MSG(string_close, "this text is not closed: add '\"' before the end of the line\na quoted text ends on the line it starts; write \\\" for a quote inside it");
EDICT_MSG(cite_notice, "expected the notice's name in quotes after 'cite', e.g. cite \"闽人社办[2020]14号\" §一.1 \"...\"");
EDICT_MSG(cite_quote, "expected the quoted sentence of the notice after the clause\nwrite `cite \"闽人社办[2020]14号\" §一.1 \"the sentence, copied from the notice\"`");
EDICT_MSG(clause_ref, "expected a clause such as §一.1");
EDICT_MSG(date_lit, "expected a date written YYYY-MM-DD");
EDICT_MSG(cal_range, "expected a date written YYYY-MM-DD, or a range `2020-01-24 to 2020-02-02`");
EDICT_MSG(cal_year, "expected a year written YYYY, e.g. `covers 2022` or `covers 2019 to 2021`");
EDICT_MSG(cal_years, "expected the years the layer covers, written YYYY or `2019 to 2021`");
EDICT_MSG(kw_weekends, "expected 'weekends' (周末) after 'otherwise' in a calendar\nwrite `otherwise weekends` to answer weekends-only outside the years the calendar covers");
EDICT_MSG(body, "expected the rule's definition: `= expression`, or `when condition then value` cases");
EDICT_MSG(param_body, "expected the parameter's value: `= value`, or lines `value from YYYY-MM-DD`");
EDICT_MSG(pattern, "expected an enumeration case name or '_'");
EDICT_MSG(arrow, "expected '=>'");
EDICT_MSG(enum_case, "expected a case name");
EDICT_MSG(field, "expected a field `name: type`");
EDICT_MSG(let_name, "expected a name after 'let'");
EDICT_MSG(field_name, "expected a field name after '.'");
EDICT_MSG(exc_target, "expected a name");
EDICT_MSG(exc_over, "expected the label of the exception this one has priority over");
EDICT_MSG(output_name, "expected the name of a rule to output");
EDICT_MSG(function_body, "expected the function's body");
EDICT_MSG(arg, "expected an argument");
EDICT_MSG(one<')'>, "expected ')'");
EDICT_MSG(one<']'>, "expected ']'");
EDICT_MSG(one<'}'>, "expected '}'");
EDICT_MSG(one<'{'>, "expected '{'");
EDICT_MSG(one<'('>, "expected '('");
EDICT_MSG(one<':'>, "expected ':' and a type\nevery declaration says its type, e.g. `rule back_pay: money = ...`");
EDICT_MSG(one<'='>, "expected '='");
#undef EDICT_MSG

}  // namespace edict::syntax
