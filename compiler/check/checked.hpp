// The checker's output: every name resolved and every expression typed, as side tables keyed by
// expression id (cel-cpp style), plus the symbols codegen needs. Takes: parsed modules.
// Produces: a CheckedProgram that codegen turns into bytecode without re-deriving anything.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "runtime/bytecode/types.hpp"
#include "compiler/check/builtins.hpp"  // Builtin

namespace edict::check {

// Where a depth-first search over rules or functions stands with each node: not reached yet, on
// the current path (reaching it again closes a cycle), or finished with everything below it.
enum class Visit : uint8_t { New, OnPath, Done };

// What a Name, Call or operator expression turned out to mean.
enum class Ref : uint8_t {
    None, Input, Rule, Param, Local, EnumCase, Calendar, Table, Function, Builtin, Record,
};


// Operation chosen for a Binary/Unary node once its operand types are known.
enum class OpKind : uint8_t {
    None, AddInt, SubInt, MulInt, AddDec, SubDec, MulDec, NegInt, NegDec, DateAddDays, DateSubDays,
    DateAddMonths, DateSubMonths, DateAddYears, DateSubYears, DateDiff, MonthAdd, MonthSub, MonthDiff,
    MonthAddYears, MonthSubYears,
    Compare, And, Or, Not, Coalesce,
};

struct Annotation {
    TypeId type = 0;
    Ref ref = Ref::None;
    uint32_t index = 0;       // input/rule/param/local/case/calendar/table/function/builtin/record index
    OpKind op = OpKind::None;
    uint8_t cmp_class = 0;    // CmpClass for comparisons, min/max, tables
    bool promote_left = false;   // int operand converted to decimal
    bool promote_right = false;
    uint8_t round_places = 0;
    uint8_t round_mode = 0;
    bool round_div = false;      // round(a / b, …), floor/ceil/to_int(a / b): one exact division step
    bool whole_already = false;  // floor/ceil/to_int of an int: nothing to convert (W0303)
};

struct ModuleInfo {
    ast::Module ast;
    std::string dir;   // folder of the module (for notice texts)
    std::string name;  // as imported, e.g. "cn/pension", or the policy path
    std::vector<Annotation> annotations;  // by ExprId
};

struct DeclRef {
    uint32_t module = 0;
    uint32_t decl = 0;
};

struct InputSym {
    std::string name;
    DeclRef decl;
    TypeId type = 0;
    DeclRef default_from;        // the declaration whose default is in force (decl, or the last `override input`)
};

struct ParamSym {
    std::string name;
    DeclRef decl;                 // the declaration in force (the last override)
    std::vector<DeclRef> history; // original first, then overrides in load order
    TypeId type = 0;
    bool dated = false;
};

struct ExceptionSym {
    DeclRef decl;
    std::string label;
    int parent = -1;  // index into the rule's exceptions it has priority over; -1: the base
};

// A rule. `override rule` replaces its declaration (and type); `base` in an override reads the
// definition it replaced, and `base` in an exception reads the rule's own definition without its
// exceptions. Each such definition is compiled as a rule of its own, named "NAME (replaced)" or
// "NAME (without exceptions)", listed after the declared rules (`base_of` says whose it is), so its
// cases are checked, compiled and memoised once.
struct RuleSym {
    std::string name;
    DeclRef decl;
    TypeId type = 0;
    std::vector<ExceptionSym> exceptions;
    std::vector<uint32_t> depends_on;  // rules, direct
    std::vector<uint32_t> inputs;      // inputs, transitive
    std::vector<DeclRef> history;      // declarations of this rule, original first, the one in force last
    int below = -1;        // the rule `base` means inside this rule's own cases (what an override replaced)
    int own_cases = -1;    // set when an exception reads `base`: the rule holding this rule's own cases
    int base_of = -1;      // for a definition compiled as a rule of its own: the declared rule it belongs to
};

struct FunctionSym {
    std::string name;
    DeclRef decl;
    TypeId type = 0;
    std::vector<uint32_t> param_locals;  // local binding ids of its parameters
};

struct TableSym {
    std::string name;
    DeclRef decl;
    TypeId key = 0, value = 0;
    bool exhaustive = false;
};

struct CalendarSym {
    std::string name;
    DeclRef decl;
    std::vector<DeclRef> amendments;
};

struct NoticeSym {
    std::string name;
    DeclRef decl;
    std::string text_path;  // resolved path of the notice text, empty if none
};

struct TestSym {
    std::string name;
    DeclRef decl;
};

struct CheckedProgram {
    std::vector<ModuleInfo> modules;
    TypeTable types;
    std::vector<InputSym> inputs;
    std::vector<ParamSym> params;
    std::vector<RuleSym> rules;
    std::vector<FunctionSym> functions;
    std::vector<TableSym> tables;
    std::vector<CalendarSym> calendars;
    std::vector<NoticeSym> notices;
    std::vector<TestSym> tests;
    std::vector<uint32_t> outputs;   // rule indexes, in declaration order
    std::vector<TypeId> local_types; // by local binding id
    std::vector<std::string> local_names;
    std::vector<DeclRef> clauses;    // `clause §… not computable` declarations

    const ast::Decl& decl(DeclRef r) const { return modules[r.module].ast.decls[r.decl]; }
    const ast::Expr& expr(uint32_t module, ast::ExprId e) const { return modules[module].ast.exprs[e]; }
    const Annotation& note(uint32_t module, ast::ExprId e) const { return modules[module].annotations[e]; }
};

}  // namespace edict::check
