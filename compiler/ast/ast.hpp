// The AST: what the parser produces and the checker annotates. Nodes live in flat vectors of
// a Module and refer to each other by index, so tables keyed by node id (types, resolutions)
// are plain vectors. Every node has a span; declarations keep their citations.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/bytecode/types.hpp"
#include "runtime/support/source.hpp"

namespace edict::ast {

using ExprId = uint32_t;
using TypeExprId = uint32_t;
constexpr uint32_t kNone = UINT32_MAX;

enum class ExprKind : uint8_t {
    IntLit, DecLit, MoneyLit, DateLit, MonthLit, DurationLit, TextLit, BoolLit, NullLit,
    Name,        // text = identifier
    Field,       // a = record, text = field name
    Index,       // a = table, b = key           (table[key])
    Call,        // text = function name, list = args
    Unary,       // op, a
    Binary,      // op, a, b
    IsNull,      // a; negated = "is not null"
    If,          // a = cond, b = then, c = else
    Let,         // text = name, a = value, b = body
    Match,       // a = scrutinee, arms
    ListLit,     // list = items
    Filter,      // text = var, a = list, b = condition
    RecordLit,   // text = record name, fields (names in arm_names), list = values
    At,          // a = parameter (Name), b = date       (param at date)
};
// `base` inside an exception or an `override rule` is a Name with text "base": the checker resolves
// it to the definition being overridden (see RuleSym::below).

enum class BinOp : uint8_t { Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Coalesce };
enum class UnOp : uint8_t { Neg, Not };
enum class DurationUnit : uint8_t { Days, Months, Years };

struct Citation {
    Span span;
    std::string notice;
    std::string clause;
    std::string quote;
};

struct MatchArm {
    std::vector<std::string> patterns;  // case names; "_" is the wildcard
    std::vector<Span> pattern_spans;
    ExprId body = kNone;
    std::vector<Citation> cites;        // `male => 60 cite "N" §第一条 "..."`
};

struct Expr {
    ExprKind kind;
    Span span;
    ExprId a = kNone, b = kNone, c = kNone;
    std::vector<ExprId> list;
    std::string text;  // identifier, literal text, or function name
    BinOp bop = BinOp::Add;
    UnOp uop = UnOp::Neg;
    DurationUnit unit = DurationUnit::Days;
    bool negated = false;
    std::vector<MatchArm> arms;
    std::vector<std::string> names;  // record literal field names
};

struct TypeExpr {
    Span span;
    std::string name;          // "int", "date", an enum or record name, or "list"
    TypeExprId elem = kNone;   // for list
    bool optional = false;
};

// A `when c then e`, `otherwise e` or `= e` definition.
struct Case {
    Span span;
    ExprId condition = kNone;  // kNone: unconditional (`=` or `otherwise`)
    ExprId value = kNone;
    bool is_otherwise = false;
    std::vector<Citation> cites;
};

enum class DeclKind : uint8_t {
    Import, Notice, Enum, Record, Input, Param, Table, Rule, Exception, Function, Output,
    Calendar, CalendarAmend, Override, Test, Clause,
};

struct DatedParamValue {
    Span span;
    ExprId value = kNone;
    ExprId from = kNone;  // kNone: undated
    std::vector<Citation> cites;
};

struct CalendarEntry {
    Span span;
    enum Op : uint8_t { Holiday, Workday, NotHoliday, NotWorkday } op;
    ExprId from = kNone;
    ExprId to = kNone;  // kNone: single day
};

// `covers 2019 to 2021` in a calendar layer: the years whose holidays the layer publishes.
struct CalendarYears {
    Span span;
    int first = 0;
    int last = 0;
};

struct FieldDecl {
    Span span;
    std::string name;
    TypeExprId type = kNone;
};

struct TableRow {
    Span span;
    ExprId key = kNone;
    ExprId value = kNone;
};

struct Assignment {
    Span span;
    std::string name;
    Span name_span;
    ExprId value = kNone;
    // A test's `NAME error "TEXT"`: evaluating the rule must fail with a message containing TEXT
    // (value is kNone).
    bool expects_error = false;
    std::string error_text;
};

struct Decl {
    DeclKind kind;
    Span span;       // whole declaration
    Span name_span;  // the declared name
    std::string name;
    std::string doc;
    std::vector<Citation> cites;
    // Copies of the citations of the match arms in this declaration's expressions, in source
    // order, so that whatever reads a declaration's citations (quote checks, coverage) sees them.
    std::vector<Citation> arm_cites;
    TypeExprId type = kNone;      // input/param/rule/function result; table value type
    TypeExprId key_type = kNone;  // table key type
    ExprId default_value = kNone; // input default
    std::vector<Case> cases;      // rule/exception bodies
    std::string target;           // exception: rule; override: param; amend: calendar
    Span target_span;
    std::string over;             // exception: label it has priority over
    Span over_span;
    std::vector<std::string> items;      // enum cases, output names, import path segments
    std::vector<Span> item_spans;
    std::vector<FieldDecl> fields;       // record fields, function parameters
    std::vector<DatedParamValue> values; // param values
    std::vector<CalendarEntry> entries;  // calendar
    std::vector<CalendarYears> covers;   // calendar: the years this layer covers
    std::optional<Span> weekends_beyond; // calendar: `otherwise weekends` (weekends-only beyond the data)
    std::vector<TableRow> rows;          // table
    ExprId body = kNone;                 // function body
    std::string path;                    // import path, notice text file
    std::string clause;                  // test / clause: the clause it names
    std::vector<Assignment> given, expect;  // test
    std::string notice_date;
    bool overrides = false;              // rule/input: `override rule|input NAME`, redefining an imported one
};

struct Module {
    uint32_t file = 0;
    std::vector<Decl> decls;
    std::vector<Expr> exprs;
    std::vector<TypeExpr> types;

    ExprId add(Expr e) { exprs.push_back(std::move(e)); return static_cast<ExprId>(exprs.size() - 1); }
};

// Debug printer: one S-expression per declaration, used by golden tests.
std::string print(const Module& m);
std::string print_expr(const Module& m, ExprId e);

}  // namespace edict::ast
