// The Edict grammar in PEGTL. Takes: UTF-8 source text. Produces (through parse_tree with the
// selector in parser.cpp): a concrete tree of the selected rules below, which parser.cpp turns
// into the AST. Each rule opens with the production it implements. Once a keyword has committed
// to a construct, `must<>` turns a local failure into a located error; the messages live in
// syntax/messages.hpp so the grammar stays readable.
#pragma once
#include <tao/pegtl.hpp>

namespace edict::syntax {

namespace pg = tao::pegtl;
using namespace tao::pegtl;

// --- lexical ------------------------------------------------------------------------------
// comment -> '#' ... end of line
struct comment : seq<one<'#'>, until<eolf>> {};
// ws -> (space | full-width space | comment)*
struct fullwidth_space : pg::utf8::one<0x3000> {};
struct ws : star<sor<space, fullwidth_space, comment>> {};

// Letters an identifier may use: ASCII, Latin, Greek, Cyrillic, kana, CJK, Hangul.
struct uletter : pg::utf8::ranges<0x00C0, 0x00D6, 0x00D8, 0x00F6, 0x00F8, 0x024F, 0x0370, 0x03FF, 0x0400, 0x04FF,
                              0x3005, 0x3007, 0x3040, 0x30FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xAC00, 0xD7AF,
                              0xF900, 0xFAFF, 0x20000, 0x2FFFF> {};
struct ident_first : sor<ascii::alpha, one<'_'>, uletter> {};
struct ident_other : sor<ascii::alnum, one<'_'>, uletter> {};

template <typename Str>
struct key : seq<Str, not_at<ident_other>> {};

// Every keyword has an English and a Chinese spelling (syntax/keywords.def, the one list: the
// formatter, the editor tools and the docs read the same rows through keywords.hpp); either
// compiles to the same AST. Each row becomes kw_NAME: either spelling, as a whole word.
#define EDICT_KEYWORD(name, en, zh, kind) \
    struct kw_##name : sor<key<TAO_PEGTL_STRING(en)>, key<TAO_PEGTL_STRING(zh)>> {};
#define EDICT_KEYWORD2(name, en, zh, zh2, kind) \
    struct kw_##name : sor<key<TAO_PEGTL_STRING(en)>, key<TAO_PEGTL_STRING(zh)>, key<TAO_PEGTL_STRING(zh2)>> {};
#include "compiler/syntax/keywords.def"
#undef EDICT_KEYWORD
#undef EDICT_KEYWORD2

// reserved -> any keyword whose kind is not Contextual (`failure` closes the generated list)
#define EDICT_RESERVED_Declaration(name) kw_##name,
#define EDICT_RESERVED_Reserved(name) kw_##name,
#define EDICT_RESERVED_Contextual(name)
#define EDICT_KEYWORD(name, en, zh, kind) EDICT_RESERVED_##kind(name)
#define EDICT_KEYWORD2(name, en, zh, zh2, kind) EDICT_RESERVED_##kind(name)
struct reserved : sor<
#include "compiler/syntax/keywords.def"
                      failure> {};
#undef EDICT_KEYWORD
#undef EDICT_KEYWORD2
#undef EDICT_RESERVED_Declaration
#undef EDICT_RESERVED_Reserved
#undef EDICT_RESERVED_Contextual

// ident -> letter (letter | digit | '_')*, not a reserved word
struct ident : seq<not_at<reserved>, ident_first, star<ident_other>> {};

// string -> '"' (escape | any character but '"', '\' or newline)* '"'
struct escape : seq<one<'\\'>, one<'"', '\\', 'n', 't'>> {};
struct string_body : star<sor<escape, pg::utf8::not_one<'"', '\\', '\n', '\r'>>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, string_body, must<string_close>> {};

struct digits : plus<ascii::digit> {};
// date -> dddd '-' dd '-' dd
struct date_lit : seq<rep<4, ascii::digit>, one<'-'>, rep<2, ascii::digit>, one<'-'>, rep<2, ascii::digit>,
                      not_at<ident_other>> {};
// month -> dddd '-' dd
struct month_lit : seq<rep<4, ascii::digit>, one<'-'>, rep<2, ascii::digit>, not_at<one<'-'>>,
                       not_at<ident_other>> {};
struct number : seq<digits, opt<one<'.'>, digits>> {};
// money -> number ('元' | 'yuan' | 'CNY') | '¥' number
struct yuan_unit : sor<key<TAO_PEGTL_STRING("元")>, key<TAO_PEGTL_STRING("yuan")>, key<TAO_PEGTL_STRING("CNY")>> {};
struct money_amount : number {};
struct money_lit : sor<seq<money_amount, star<one<' '>>, yuan_unit>, seq<pg::utf8::one<0x00A5, 0xFFE5>, money_amount>> {};
// duration -> digits unit, e.g. 15 days, 3 months, 15日, 3个月, 1年
struct unit_days : sor<key<TAO_PEGTL_STRING("days")>, key<TAO_PEGTL_STRING("day")>, key<TAO_PEGTL_STRING("天")>,
                       key<TAO_PEGTL_STRING("日")>> {};
struct unit_months : sor<key<TAO_PEGTL_STRING("months")>, key<TAO_PEGTL_STRING("month")>,
                         key<TAO_PEGTL_STRING("个月")>> {};
struct unit_years : sor<key<TAO_PEGTL_STRING("years")>, key<TAO_PEGTL_STRING("year")>, key<TAO_PEGTL_STRING("年")>> {};
struct duration_amount : digits {};
struct duration_lit : seq<duration_amount, star<one<' '>>, sor<unit_days, unit_months, unit_years>> {};
struct dec_lit : seq<digits, one<'.'>, digits, not_at<ident_other>> {};
struct int_lit : seq<digits, not_at<ident_other>> {};
struct bool_lit : sor<kw_true, kw_false> {};
struct null_lit : kw_null {};
// clause -> '§' non-space characters, e.g. §一.1
struct clause_ref : seq<pg::utf8::one<0x00A7>, plus<pg::utf8::not_one<' ', '\t', '\r', '\n', '"', 0x3000>>> {};

// --- types --------------------------------------------------------------------------------
// type -> ('list' '[' type ']' | ident) '?'?
struct type;
struct type_name : ident {};
struct list_type : seq<kw_list, ws, one<'['>, ws, must<type>, ws, must<one<']'>>> {};
struct optional_mark : one<'?'> {};
struct type : seq<sor<list_type, type_name>, opt<optional_mark>> {};

// --- expressions --------------------------------------------------------------------------
struct expr;
struct must_expr : must<expr> {};

struct paren : seq<one<'('>, ws, must_expr, ws, must<one<')'>>> {};
struct arg_name : ident {};
struct arg : seq<opt<arg_name, ws, one<':'>, not_at<one<':'>>, ws>, expr> {};
struct call : seq<ident, ws, one<'('>, ws, opt<arg, star<ws, one<','>, ws, must<arg>>>, ws, must<one<')'>>> {};
struct name : ident {};
struct if_expr : seq<kw_if, ws, must_expr, ws, must<kw_then>, ws, must_expr, ws, must<kw_else>, ws, must_expr> {};
struct let_name : ident {};
struct let_expr : seq<kw_let, ws, must<let_name>, ws, must<one<'='>>, ws, must_expr, ws, must<kw_in>, ws, must_expr> {};
// cite -> 'cite' string clause string   (declarations, their cases and match arms)
struct cite_notice : string_lit {};
struct cite_quote : string_lit {};
struct cite : seq<kw_cite, ws, must<cite_notice>, ws, must<clause_ref>, ws, must<cite_quote>> {};
struct cites : star<ws, cite> {};
struct wildcard : one<'_'> {};
struct pattern : sor<seq<wildcard, not_at<ident_other>>, ident> {};
struct arrow : TAO_PEGTL_STRING("=>") {};
// arm -> pattern ('|' pattern)* '=>' expr cite* ','?   the arm's citations follow its value, before the comma
struct arm : seq<pattern, star<ws, one<'|'>, ws, must<pattern>>, ws, must<arrow>, ws, must_expr, cites, opt<ws, one<','>>> {};
struct match_expr : seq<kw_match, ws, must_expr, ws, must<one<'{'>>, ws, plus<arm, ws>, must<one<'}'>>> {};
struct filter_var : ident {};
struct filter : seq<one<'['>, ws, filter_var, ws, kw_in, ws, must_expr, ws, must<kw_where>, ws, must_expr, ws,
                    must<one<']'>>> {};
struct list_lit : seq<one<'['>, ws, opt<expr, star<ws, one<','>, ws, expr>, opt<ws, one<','>>>, ws, must<one<']'>>> {};
struct literal : sor<date_lit, month_lit, money_lit, duration_lit, dec_lit, int_lit, string_lit, bool_lit, null_lit> {};
struct primary : sor<paren, if_expr, let_expr, match_expr, filter, list_lit, literal, call, name> {};

// postfix -> primary ('.' ident | '[' expr ']' | 'at' postfix)*
struct field_name : ident {};
struct field_access : seq<one<'.'>, ws, must<field_name>> {};
struct index_access : seq<one<'['>, ws, must_expr, ws, must<one<']'>>> {};
struct postfix;
struct at_suffix : seq<kw_at, ws, must<postfix>> {};
struct postfix : seq<primary, star<ws, sor<field_access, index_access, at_suffix>>> {};

// unary -> '-' unary | postfix
struct neg_op : one<'-'> {};
struct unary;
struct negation : seq<neg_op, ws, must<unary>> {};
struct unary : sor<negation, postfix> {};

struct mul_op : one<'*', '/'> {};
struct mul_expr : seq<unary, star<ws, mul_op, ws, must<unary>>> {};
struct add_op : sor<seq<one<'+'>, not_at<one<'+'>>>, seq<one<'-'>, not_at<one<'>'>>>> {};
struct add_expr : seq<mul_expr, star<ws, add_op, ws, must<mul_expr>>> {};
struct coalesce_op : TAO_PEGTL_STRING("??") {};
struct coalesce_expr : seq<add_expr, star<ws, coalesce_op, ws, must<add_expr>>> {};
struct cmp_op : sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="),
                    seq<one<'<'>, not_at<one<'-'>>>, one<'>'>> {};
struct is_not : kw_not {};
struct is_null_test : seq<kw_is, ws, opt<is_not, ws>, must<kw_null>> {};
struct cmp_expr : seq<coalesce_expr, opt<ws, sor<is_null_test, seq<cmp_op, ws, must<coalesce_expr>>>>> {};
struct not_expr;
struct not_op : kw_not {};
struct not_expr : sor<seq<not_op, ws, must<not_expr>>, cmp_expr> {};
struct and_op : kw_and {};
struct and_expr : seq<not_expr, star<ws, and_op, ws, must<not_expr>>> {};
struct or_op : kw_or {};
struct or_expr : seq<and_expr, star<ws, or_op, ws, must<and_expr>>> {};
// expr -> or_expr; the parser counts nesting here to refuse pathological depth
struct expr : or_expr {};

// --- declarations -------------------------------------------------------------------------
struct decl_name : ident {};
// doc -> string string*   adjacent strings are one doc text, joined exactly as written (no separator
// added), so a long doc continues on the next line: "第一部分，" "第二部分。" A string followed by
// `from` is a dated value of a text parameter, not a doc.
struct doc_part : seq<string_lit, not_at<ws, kw_from>> {};
struct doc : seq<doc_part, star<ws, doc_part>> {};
struct doc_opt : opt<ws, doc> {};

// import -> 'import' string
struct import_decl : seq<kw_import, ws, must<string_lit>> {};
// notice -> 'notice' string ('text' string | 'issued' date | 'title' string)*
struct notice_text : seq<kw_text, ws, must<string_lit>> {};
struct notice_issued : seq<kw_issued, ws, must<date_lit>> {};
struct notice_title : seq<kw_title, ws, must<string_lit>> {};
struct notice_decl : seq<kw_notice, ws, must<string_lit>, star<ws, sor<notice_text, notice_issued, notice_title>>> {};
// enum -> 'enum' name doc? '{' ident (',' ident)* ','? '}'
struct enum_case : ident {};
struct enum_decl : seq<kw_enum, ws, must<decl_name>, doc_opt, ws, must<one<'{'>>, ws, must<enum_case>,
                       star<ws, one<','>, ws, enum_case>, opt<ws, one<','>>, ws, must<one<'}'>>> {};
// record -> 'record' name '{' field (',' field)* '}'
struct field : seq<ident, ws, must<one<':'>>, ws, must<type>> {};
struct record_decl : seq<kw_record, ws, must<decl_name>, doc_opt, ws, must<one<'{'>>, ws, must<field>,
                         star<ws, one<','>, ws, field>, opt<ws, one<','>>, ws, must<one<'}'>>> {};
// input -> 'input' name ':' type ('=' expr)? doc? cite*
struct default_value : seq<one<'='>, ws, must_expr> {};
struct input_decl : seq<kw_input, ws, must<decl_name>, ws, must<one<':'>>, ws, must<type>, opt<ws, default_value>,
                        doc_opt, cites> {};
// param -> 'param' name ':' type ('=' expr cite* | (expr 'from' expr cite*)+)
struct param_value : seq<one<'='>, ws, must_expr, cites> {};
struct dated_value : seq<expr, ws, must<kw_from>, ws, must_expr, cites> {};
struct param_body : sor<param_value, plus<dated_value, ws>> {};
struct param_decl : seq<kw_param, ws, must<decl_name>, ws, must<one<':'>>, ws, must<type>, doc_opt, ws,
                        must<param_body>> {};
// table -> 'table' name ':' type '->' type doc? cite* '{' (expr '=>' expr ','?)* '}'
struct table_row : seq<expr, ws, must<arrow>, ws, must_expr, opt<ws, one<','>>> {};
struct key_type : type {};
struct table_decl : seq<kw_table, ws, must<decl_name>, ws, must<one<':'>>, ws, must<key_type>, ws,
                        must<TAO_PEGTL_STRING("->")>, ws, must<type>, doc_opt, cites, ws, must<one<'{'>>, ws,
                        star<table_row, ws>, must<one<'}'>>> {};
// body -> '=' expr cite* | ('when' expr 'then' expr cite*)+ ('otherwise' expr cite*)?
struct def_eq : seq<one<'='>, not_at<one<'>'>>, ws, must_expr, cites> {};
struct when_case : seq<kw_when, ws, must_expr, ws, must<kw_then>, ws, must_expr, cites> {};
struct otherwise_case : seq<kw_otherwise, ws, must_expr, cites> {};
struct cases : seq<when_case, star<ws, when_case>, opt<ws, otherwise_case>> {};
struct body : sor<def_eq, cases> {};
// rule -> 'rule' name ':' type doc? cite* body
struct rule_decl : seq<kw_rule, ws, must<decl_name>, ws, must<one<':'>>, ws, must<type>, doc_opt, cites, ws,
                       must<body>> {};
// exception -> 'exception' label 'to' rule ('over' label)? doc? cite* body
struct exc_target : ident {};
struct exc_over : ident {};
struct exception_decl : seq<kw_exception, ws, must<decl_name>, ws, must<kw_to>, ws, must<exc_target>,
                            opt<ws, kw_over, ws, must<exc_over>>, doc_opt, cites, ws, must<body>> {};
// function -> 'function' name '(' (field (',' field)*)? ')' ':' type '=' expr
struct function_body : expr {};
struct function_decl : seq<kw_function, ws, must<decl_name>, ws, must<one<'('>>, ws, opt<field, star<ws, one<','>, ws, must<field>>>,
                           ws, must<one<')'>>, ws, must<one<':'>>, ws, must<type>, doc_opt, cites, ws,
                           must<one<'='>>, ws, must<function_body>> {};
// output -> 'output' name (',' name)*
struct output_name : ident {};
struct output_decl : seq<kw_output, ws, must<output_name>, star<ws, one<','>, ws, must<output_name>>> {};
// calendar -> 'calendar' name doc? cite* (covers | beyond | entry)*;  entry -> 'not'? ('holiday'|'workday') range (',' range)*
struct cal_not : kw_not {};
struct cal_holiday : kw_holiday {};
struct cal_workday : kw_workday {};
struct cal_range : seq<date_lit, opt<ws, kw_to, ws, must<date_lit>>> {};
struct cal_entry : seq<opt<cal_not, ws>, sor<cal_holiday, cal_workday>, ws, must<cal_range>,
                       star<ws, one<','>, ws, must<cal_range>>> {};
// covers -> 'covers' YEAR ('to' YEAR)?   the years whose holidays the layer publishes in full
// beyond -> 'otherwise' 'weekends'         outside the covered years: weekends only, not an error
struct cal_year : seq<rep<4, ascii::digit>, not_at<one<'-'>>, not_at<ident_other>> {};
struct cal_years : seq<cal_year, opt<ws, kw_to, ws, must<cal_year>>> {};
struct cal_covers : seq<kw_covers, ws, must<cal_years>> {};
struct cal_beyond : seq<kw_otherwise, ws, must<kw_weekends>> {};
struct cal_item : sor<cal_covers, cal_beyond, cal_entry> {};
struct calendar_decl : seq<kw_calendar, ws, must<decl_name>, doc_opt, cites, star<ws, cal_item>> {};
// amend -> 'amend' 'calendar' name doc? cite* (covers | beyond | entry)*
struct amend_decl : seq<kw_amend, ws, must<kw_calendar>, ws, must<exc_target>, doc_opt, cites, star<ws, cal_item>> {};
// override -> 'override' ( 'param' name param_body
//                        | 'rule' name ':' type doc? cite* body      a new definition (and type) for an imported rule
//                        | 'input' name '=' expr doc? cite* )         a new default for an imported input
struct override_param : seq<kw_param, ws, must<exc_target>, ws, must<param_body>> {};
struct override_rule : seq<kw_rule, ws, must<exc_target>, ws, must<one<':'>>, ws, must<type>, doc_opt, cites, ws,
                           must<body>> {};
struct override_input : seq<kw_input, ws, must<exc_target>, ws, must<default_value>, doc_opt, cites> {};
struct override_what : sor<override_param, override_rule, override_input> {};
struct override_decl : seq<kw_override, ws, must<override_what>> {};
// test -> 'test' string clause? 'given' assignment (',' assignment)* 'expect' expectation (',' expectation)*
// expectation -> name 'error' string | assignment   (the rule fails with a message containing the string)
struct assign_name : ident {};
struct assignment : seq<assign_name, ws, must<one<'='>>, ws, must_expr> {};
struct given_list : seq<kw_given, ws, opt<assignment, star<ws, one<','>, ws, must<assignment>>>> {};
struct expect_error : seq<assign_name, ws, kw_error, ws, must<string_lit>> {};
struct expectation : sor<expect_error, assignment> {};
struct expect_list : seq<kw_expect, ws, must<expectation>, star<ws, one<','>, ws, must<expectation>>> {};
struct test_decl : seq<kw_test, ws, must<string_lit>, opt<ws, clause_ref>, ws, must<given_list>, ws,
                       must<expect_list>> {};
// clause -> 'clause' clause ( 'not' 'computable' string | ('unused' | 'external') string string )
// `unused "3个月" "why"`: a number the clause states that no citing rule uses, deliberately;
// `external "60" "why"`: a constant of a citing rule that the clause does not state (its source).
struct clause_number_kind : sor<kw_unused, kw_external> {};
struct clause_number : seq<clause_number_kind, ws, must<string_lit>, ws, must<string_lit>> {};
struct clause_not_computable : seq<kw_not, ws, must<kw_computable>, ws, must<string_lit>> {};
struct clause_body : sor<clause_not_computable, clause_number> {};
struct clause_decl : seq<kw_clause, ws, must<clause_ref>, ws, must<clause_body>> {};

struct decl : sor<import_decl, notice_decl, enum_decl, record_decl, input_decl, param_decl, table_decl, rule_decl,
                  exception_decl, function_decl, output_decl, calendar_decl, amend_decl, override_decl, test_decl,
                  clause_decl> {};
// One declaration at a time: the parser restarts here after an error (panic-mode recovery).
struct one_decl : seq<ws, must<decl>> {};

}  // namespace edict::syntax
