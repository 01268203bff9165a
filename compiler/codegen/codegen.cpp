// Lays out the program: constants, inputs, parameters, calendars, tables, then one code block
// per rule. Default logic compiles to DEF_* opcodes over two local slots per definition group
// (value, which definition gave it), so conflicts can name both definitions.
#include "compiler/codegen/codegen.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "runtime/value/date.hpp"

namespace edict::codegen {

using namespace check;
using K = ast::ExprKind;

Value constant_value(const CheckedProgram& P, uint32_t module, ast::ExprId e, TypeId type, ConstantStore pool) {
    const ast::Expr& x = P.expr(module, e);
    const Annotation& a = P.note(module, e);
    Kind want = P.types.at(type).kind;
    switch (x.kind) {
        case K::IntLit: case K::DurationLit: {
            int64_t v = std::atoll(x.text.c_str());
            if (want == Kind::Decimal || want == Kind::Money) return Value::decimal(decimal_from_int(v));
            return Value::integer(v);
        }
        case K::DecLit: case K::MoneyLit: {
            Decimal d;
            parse_decimal(x.text, d);
            return Value::decimal(d);
        }
        case K::DateLit: { DayNumber d = 0; parse_date(x.text, d); return Value::date(d); }
        case K::MonthLit: { MonthNumber m = 0; parse_month(x.text, m); return Value::month(m); }
        case K::TextLit: pool.texts.push_back(x.text); return Value::text(pool.texts.back());
        case K::BoolLit: return Value::boolean(x.text == "true");
        case K::NullLit: return Value::null();
        case K::Name:
            if (a.ref == Ref::EnumCase) return Value::enum_case(P.types.at(a.type).ref, a.index);
            break;
        case K::Unary: {
            Value v = constant_value(P, module, x.a, type, pool);
            if (v.tag == Tag::Int) v.i = -v.i;
            else if (v.tag == Tag::Dec) v.mant = -v.mant;
            return v;
        }
        case K::ListLit: {
            const TypeDesc& lt = P.types.at(type);
            TypeId elem = lt.kind == Kind::List ? lt.ref : type;
            std::vector<Value> items;
            for (ast::ExprId i : x.list) items.push_back(constant_value(P, module, i, elem, pool));
            pool.lists.push_back(std::move(items));
            return Value::list(pool.lists.back().data(), static_cast<uint32_t>(pool.lists.back().size()));
        }
        default: break;
    }
    // The checker admits only literals where a constant is read (check_literal: E0210), so this is
    // a bug in Edict: said loudly (compile.cpp reports E0405) rather than read as a silent null.
    throw std::logic_error(fmt::format("codegen: constant_value of an expression that is not a literal (kind {})",
                                       static_cast<int>(x.kind)));
}

namespace {

// CMP's relation operand for a comparison operator, named case by case (not by the enum's order).
uint8_t relation_of(ast::BinOp op) {
    switch (op) {
        case ast::BinOp::Eq: return kEq;
        case ast::BinOp::Ne: return kNe;
        case ast::BinOp::Lt: return kLt;
        case ast::BinOp::Le: return kLe;
        case ast::BinOp::Gt: return kGt;
        case ast::BinOp::Ge: return kGe;
        default: break;
    }
    // The checker annotates only comparison operators as OpKind::Compare: anything else is a bug.
    throw std::logic_error(fmt::format("codegen: a relation for the non-comparison operator {}", static_cast<int>(op)));
}

class Generator {
public:
    Generator(const CheckedProgram& c, const SourceMap& s, Diagnostics& d, bool trace)
        : C(c), S(s), diags(d), prog(std::make_shared<Program>()), trace_(trace) {}
    std::shared_ptr<const Program> run();

private:
    struct Label { std::vector<uint32_t> patches; };
    SourceLoc loc(const Span& sp) const {
        LineCol lc = S.file(sp.file).line_col(sp.begin);
        return {sp.file, lc.line, lc.column};
    }
    // An operand reference and, when it is read in place from a name, where the name is written
    // (errors reading it point there: Program::operand_locs).
    struct Arg {
        uint32_t ref = kStackOperand;
        const Span* span = nullptr;
        Arg(uint32_t r = kStackOperand, const Span* s = nullptr) : ref(r), span(s) {}  // NOLINT: a bare reference is an Arg
    };
    uint32_t emit(Op op, const Span& sp, uint8_t a = 0, uint16_t b = 0, uint32_t c = 0, Arg x = {}, Arg y = {});
    uint32_t here() const { return static_cast<uint32_t>(prog->code.size()); }
    void patch(uint32_t at, uint32_t target) { prog->code[at].c = target; }
    uint32_t constant(Value v);
    ConstantStore store() { return {prog->text_pool, prog->list_pool}; }
    uint32_t alloc_local(uint32_t n = 1) { uint32_t s = locals_; locals_ += n; return s; }
    // An instruction's b operand holds a local slot or a field count in 16 bits: a rule that needs
    // more (inlining multiplies a function's slots by its calls) is refused here, once, never
    // wrapped around to another slot.
    uint16_t slot16(uint32_t value, const Span& sp) {
        if (value > UINT16_MAX && !operand_overflow_reported_) {
            operand_overflow_reported_ = true;
            diags.error(DiagCode::E0404, sp,
                        fmt::format("this needs operand {} where an instruction holds at most {} (local slots of one "
                                    "rule, with every function it calls written out, or fields of one record)",
                                    value, UINT16_MAX))
                .help = "split the rule into named rules, or call the function from fewer places in one rule";
        }
        return static_cast<uint16_t>(value);
    }
    void adjust(int d) { depth_ += d; max_depth_ = std::max(max_depth_, depth_); }

    void layout_inputs();
    void layout_params();
    void layout_calendars();
    void layout_tables();
    void emit_rule(uint32_t r);
    uint32_t emit_group(uint32_t r, int exception);
    void expr(uint32_t m, ast::ExprId e);
    // Code that jumps when `e` (a bool) is `when` and falls through otherwise; the jumps to patch
    // are added to `jumps`. Conditions compile to this, so `a and b` is two tests, not a value.
    void branch(uint32_t m, ast::ExprId e, bool when, std::vector<uint32_t>& jumps);
    void compare_branch(uint32_t m, ast::ExprId e, bool when, std::vector<uint32_t>& jumps);
    // The constant a literal, enum case or parameter name stands for; nullopt for other expressions.
    std::optional<uint32_t> literal_constant(uint32_t m, ast::ExprId e);
    // Operands read in place (opcodes.hpp, Operand). `leaf`: the reference for a literal, input,
    // local or rule name (nullopt for anything else, and always in explanation builds, where every
    // value is pushed and traced). `operand`: that, or the code that pushes `e` and the stack.
    // `operands`: x and y for `a op b`; an input or rule `a` is read in place only when `b` is too,
    // so whatever can fail (a missing input, a rule's evaluation) still happens in source order.
    std::optional<uint32_t> leaf(uint32_t m, ast::ExprId e);
    Arg operand(uint32_t m, ast::ExprId e);
    std::pair<Arg, Arg> operands(uint32_t m, ast::ExprId a, ast::ExprId b);
    void expr_code(uint32_t m, ast::ExprId e);
    void binary(uint32_t m, ast::ExprId e);
    void call(uint32_t m, ast::ExprId e);
    template <class Body>
    void inline_function(uint32_t m, ast::ExprId e, Body body);
    void match(uint32_t m, ast::ExprId e);
    void promote(bool yes, const Span& sp) { if (yes) emit(Op::INT_TO_DEC, sp, 0); }
    void rounded_quotient(uint32_t m, ast::ExprId div, uint8_t places, uint8_t mode, const Span& sp);
    [[noreturn]] void unreachable(const char* what, const Span& sp) const;
    std::vector<Citation> citations(const std::vector<ast::Citation>& cs);
    void add_arm_citations(const ast::Decl& d, const ast::Case& c, DefinitionInfo& def);

    const CheckedProgram& C;
    const SourceMap& S;
    Diagnostics& diags;
    std::shared_ptr<Program> prog;
    uint32_t locals_ = 0;
    // Local operand references count from the first rule's locals (opcodes.hpp, Operand): the
    // locals of the rules emitted before this one.
    uint32_t locals_before_ = 0;
    // The operand reference of local `slot` of the rule being emitted.
    uint32_t local_operand(uint32_t slot) const { return Operand::make(OperandKind::Local, locals_before_ + slot); }
    int depth_ = 0, max_depth_ = 0;
    std::map<uint32_t, uint32_t> binding_slot_;
    bool trace_ = false;
    bool operand_overflow_reported_ = false;
    // Constants already in the table, so each scalar and text is stored once (keyed by its bits).
    std::map<std::tuple<Tag, uint8_t, uint32_t, __int128>, uint32_t> scalar_constants_;
    std::map<std::string, uint32_t, std::less<>> text_constants_;
};

uint32_t Generator::constant(Value v) {
    uint32_t next = static_cast<uint32_t>(prog->constants.size());
    if (v.tag == Tag::Text) {
        auto [it, fresh] = text_constants_.try_emplace(std::string(v.text_view()), next);
        if (!fresh) return it->second;
    } else if (v.tag != Tag::List && v.tag != Tag::Record) {
        const __int128 bits = v.tag == Tag::Dec ? v.mant : v.i;  // the union's unused half is not compared
        auto [it, fresh] = scalar_constants_.try_emplace(std::tuple{v.tag, v.scale, v.aux, bits}, next);
        if (!fresh) return it->second;
    }
    prog->constants.push_back(v);
    return next;
}

uint32_t Generator::emit(Op op, const Span& sp, uint8_t a, uint16_t b, uint32_t c, Arg x, Arg y) {
    SourceLoc l = loc(sp);
    if (prog->pc_locs.empty() || prog->pc_locs.back().loc.line != l.line || prog->pc_locs.back().loc.column != l.column ||
        prog->pc_locs.back().loc.file != l.file)
        prog->pc_locs.push_back({here(), l});
    for (uint8_t i = 0; i < 2; ++i) {
        const Arg& arg = i == 0 ? x : y;
        const OperandKind k = Operand::kind(arg.ref);
        if (arg.span && (k == OperandKind::Input || k == OperandKind::Rule)) prog->operand_locs.push_back({here(), i, loc(*arg.span)});
    }
    prog->code.push_back({op, a, b, c, x.ref, y.ref});
    const StackEffect e = stack_effect(prog->code.back());
    adjust(static_cast<int>(e.pushes - e.pops));
    return here() - 1;
}

// A definition also cites what the match arms inside its case cite (after the case's own).
void Generator::add_arm_citations(const ast::Decl& d, const ast::Case& c, DefinitionInfo& def) {
    for (const ast::Citation& a : d.arm_cites)
        if (a.span.begin >= c.span.begin && a.span.end <= c.span.end) def.citations.push_back(citations({a}).front());
}

std::vector<Citation> Generator::citations(const std::vector<ast::Citation>& cs) {
    std::vector<Citation> out;
    for (const ast::Citation& c : cs) out.push_back({c.notice, c.clause, c.quote, loc(c.span)});
    return out;
}

void Generator::layout_inputs() {
    for (const InputSym& in : C.inputs) {
        const ast::Decl& d = C.decl(in.decl);
        InputInfo info;
        info.name = in.name;
        info.type = in.type;
        info.doc = d.doc;
        info.loc = loc(d.name_span);
        const ast::Decl& dd = C.decl(in.default_from);  // `override input` may give another default
        if (dd.default_value != ast::kNone) {
            info.has_default = true;
            info.default_const = constant(constant_value(C, in.default_from.module, dd.default_value, in.type, store()));
        }
        prog->inputs.push_back(std::move(info));
    }
}

void Generator::layout_params() {
    for (const ParamSym& p : C.params) {
        const ast::Decl& d = C.decl(p.decl);
        ParamInfo info;
        info.name = p.name;
        info.type = p.type;
        for (const ast::DatedParamValue& v : d.values) {
            int64_t from = min_day();
            if (v.from != ast::kNone) from = constant_value(C, p.decl.module, v.from, C.types.lookup({Kind::Date, false, 0}), store()).i;
            info.values.push_back({from, constant(constant_value(C, p.decl.module, v.value, p.type, store()))});
        }
        std::stable_sort(info.values.begin(), info.values.end(),
                         [](const DatedValue& a, const DatedValue& b) { return a.from_day < b.from_day; });
        for (size_t i = 1; i < info.values.size(); ++i)
            if (info.values[i].from_day == info.values[i - 1].from_day)
                diags.error(DiagCode::E0401, d.values[i].span, fmt::format("parameter `{}` has two values from the same date", p.name));
        prog->params.push_back(std::move(info));
    }
}

// The years a calendar's layers cover, merged into sorted spans that neither overlap nor touch.
std::vector<YearSpan> covered_years(const CheckedProgram& C, const std::vector<DeclRef>& layers) {
    std::vector<YearSpan> spans;
    for (DeclRef ref : layers)
        for (const ast::CalendarYears& y : C.decl(ref).covers) spans.push_back({y.first, y.last});
    std::sort(spans.begin(), spans.end(), [](const YearSpan& a, const YearSpan& b) { return a.first < b.first; });
    std::vector<YearSpan> merged;
    for (const YearSpan& y : spans) {
        if (!merged.empty() && y.first <= merged.back().last + 1) merged.back().last = std::max(merged.back().last, y.last);
        else merged.push_back(y);
    }
    return merged;
}

void Generator::layout_calendars() {
    for (const CalendarSym& c : C.calendars) {
        // Each layer overwrites the state of the days it names: later notices replace earlier ones.
        std::map<int64_t, int> state;  // 1 holiday, 2 designated workday, 0 ordinary
        std::vector<DeclRef> layers{c.decl};
        layers.insert(layers.end(), c.amendments.begin(), c.amendments.end());
        CalendarInfo info;
        info.name = c.name;
        info.covers = covered_years(C, layers);
        for (DeclRef ref : layers) {
            info.weekends_beyond = info.weekends_beyond || C.decl(ref).weekends_beyond.has_value();
            for (const ast::CalendarEntry& e : C.decl(ref).entries) {
                int64_t from = constant_value(C, ref.module, e.from, C.types.lookup({Kind::Date, false, 0}), store()).i;
                int64_t to = e.to == ast::kNone ? from : constant_value(C, ref.module, e.to, C.types.lookup({Kind::Date, false, 0}), store()).i;
                if (to < from || to - from > 366) {
                    diags.error(DiagCode::E0402, e.span, "a calendar range must run forwards and span at most a year");
                    continue;
                }
                // A listed day of a year the data does not cover would never be consulted: the
                // question is an error (or weekends-only) there. Say so where it is written.
                for (int64_t end : {from, to})
                    if (int year = ymd_of(static_cast<DayNumber>(end)).year; !info.covers_year(year)) {
                        diags.error(DiagCode::E0403, e.span, fmt::format("{} is in {}, outside the years calendar `{}` covers ({})",
                                                                 date_to_string(static_cast<DayNumber>(end)), year, c.name,
                                                                 info.covered_years()))
                            .help = fmt::format("add `covers {}` to the layer that publishes the holidays of {}", year, year);
                        break;
                    }
                int s = e.op == ast::CalendarEntry::Holiday ? 1 : e.op == ast::CalendarEntry::Workday ? 2 : 0;
                for (int64_t d = from; d <= to; ++d) state[d] = s;
            }
        }
        for (auto& [d, s] : state) {
            if (s == 1) info.holidays.push_back(d);
            if (s == 2) info.workdays.push_back(d);
        }
        prog->calendars.push_back(std::move(info));
    }
}

void Generator::layout_tables() {
    for (const TableSym& t : C.tables) {
        const ast::Decl& d = C.decl(t.decl);
        TableInfo info;
        info.name = t.name;
        Kind kk = C.types.at(t.key).kind;
        info.key_class = (kk == Kind::Decimal || kk == Kind::Money) ? kCmpDec : kk == Kind::Text ? kCmpText : kCmpInt;
        for (const ast::TableRow& row : d.rows) {
            info.keys.push_back(constant(constant_value(C, t.decl.module, row.key, t.key, store())));
            info.values.push_back(constant(constant_value(C, t.decl.module, row.value, t.value, store())));
        }
        prog->tables.push_back(std::move(info));
    }
}

uint32_t Generator::emit_group(uint32_t r, int exception) {
    const RuleSym& rule = C.rules[r];
    DeclRef ref = exception < 0 ? rule.decl : rule.exceptions[exception].decl;
    const ast::Decl& d = C.decl(ref);
    std::string label = exception < 0 ? "base" : rule.exceptions[exception].label;
    uint32_t slot = alloc_local(2);
    emit(Op::PUSH_EMPTY, d.name_span);
    emit(Op::SET_LOCAL, d.name_span, 0, slot16(slot, d.name_span));
    // Exceptions to this group first: any one that applies wins over this group's own cases.
    std::vector<uint32_t> jumps;
    bool has_children = false;
    for (size_t k = 0; k < rule.exceptions.size(); ++k)
        if (rule.exceptions[k].parent == exception) {
            uint32_t child = emit_group(r, static_cast<int>(k));
            emit(Op::DEF_MERGE, d.name_span, 0, slot16(slot, d.name_span), child);
            has_children = true;
        }
    if (has_children) jumps.push_back(emit(Op::JUMP_IF_SET, d.name_span, 0, slot16(slot, d.name_span)));
    if (exception < 0 && rule.own_cases >= 0) {
        // An exception reads `base`: the rule's own cases are the rule own_cases, evaluated once.
        uint32_t def = static_cast<uint32_t>(prog->definitions.size());
        prog->definitions.push_back({label, r, loc(d.name_span), citations(d.cites)});
        emit(Op::DEF_JOIN, d.name_span, 0, slot16(slot, d.name_span), def,
             trace_ ? (emit(Op::RULE, d.name_span, 0, 0, static_cast<uint32_t>(rule.own_cases)), kStackOperand)
                    : Operand::make(OperandKind::Rule, static_cast<uint32_t>(rule.own_cases)));
        for (uint32_t j : jumps) patch(j, here());
        return slot;
    }
    for (const ast::Case& c : d.cases) {
        uint32_t def = static_cast<uint32_t>(prog->definitions.size());
        prog->definitions.push_back({label, r, loc(c.span), citations(c.cites)});
        if (prog->definitions.back().citations.empty()) prog->definitions.back().citations = citations(d.cites);
        add_arm_citations(d, c, prog->definitions.back());
        if (c.is_otherwise) jumps.push_back(emit(Op::JUMP_IF_SET, c.span, 0, slot16(slot, c.span)));
        std::vector<uint32_t> skip;
        if (c.condition != ast::kNone) branch(ref.module, c.condition, false, skip);
        emit(Op::DEF_JOIN, c.span, 0, slot16(slot, c.span), def, operand(ref.module, c.value));
        for (uint32_t j : skip) patch(j, here());
    }
    for (uint32_t j : jumps) patch(j, here());
    return slot;
}

void Generator::emit_rule(uint32_t r) {
    const RuleSym& rule = C.rules[r];
    const ast::Decl& d = C.decl(rule.decl);
    locals_ = 0;
    depth_ = max_depth_ = 0;
    binding_slot_.clear();
    RuleInfo& info = prog->rules[r];
    info.entry = here();
    bool simple = rule.exceptions.empty() && d.cases.size() == 1 && d.cases[0].condition == ast::kNone;
    if (simple) {
        prog->definitions.push_back({"base", r, loc(d.cases[0].span), citations(d.cases[0].cites)});
        add_arm_citations(d, d.cases[0], prog->definitions.back());
        emit(Op::RET, d.name_span, 0, 0, 0, operand(rule.decl.module, d.cases[0].value));
    } else {
        uint32_t slot = emit_group(r, -1);
        emit(Op::DEF_RESULT, d.name_span, 0, slot16(slot, d.name_span), r);
        emit(Op::RET, d.name_span);
    }
    info.locals = locals_;
    locals_before_ += locals_;
    prog->max_stack += static_cast<uint32_t>(max_depth_) + 2;
}

// Every expression goes through here; in trace builds its value is recorded once computed.
void Generator::expr(uint32_t m, ast::ExprId e) {
    expr_code(m, e);
    if (trace_ && TracePoint::fits(m, e)) emit(Op::TRACE, C.expr(m, e).span, 0, 0, TracePoint{m, e}.packed());
}

void Generator::expr_code(uint32_t m, ast::ExprId e) {
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    const Span& sp = x.span;
    switch (x.kind) {
        case K::IntLit: case K::DecLit: case K::MoneyLit: case K::DateLit: case K::MonthLit: case K::DurationLit:
        case K::TextLit: case K::BoolLit:
            emit(Op::CONST, sp, 0, 0, *literal_constant(m, e));
            break;
        case K::NullLit: emit(Op::PUSH_NULL, sp); break;
        case K::Name:
            switch (a.ref) {
                case Ref::Input: emit(Op::INPUT, sp, 0, 0, a.index); break;
                case Ref::Rule: emit(Op::RULE, sp, 0, 0, a.index); break;
                case Ref::Local: emit(Op::LOCAL, sp, 0, slot16(binding_slot_.at(a.index), sp)); break;
                case Ref::EnumCase: case Ref::Param: emit(Op::CONST, sp, 0, 0, *literal_constant(m, e)); break;
                default: unreachable("a name that is not an input, rule, local, enum case or parameter", sp);
            }
            break;
        case K::Unary: {
            const Arg v = operand(m, x.a);
            emit(a.op == OpKind::Not ? Op::NOT : a.op == OpKind::NegInt ? Op::NEG_INT : Op::NEG_DEC, sp, 0, 0, 0, v);
            break;
        }
        case K::Binary: binary(m, e); break;
        case K::IsNull:
            emit(Op::IS_NULL, sp, 0, 0, 0, operand(m, x.a));
            if (x.negated) emit(Op::NOT, sp);
            break;
        case K::If: {
            std::vector<uint32_t> to_else;
            branch(m, x.a, false, to_else);
            int d0 = depth_;
            expr(m, x.b);
            uint32_t je = emit(Op::JUMP, sp);
            depth_ = d0;
            for (uint32_t j : to_else) patch(j, here());
            expr(m, x.c);
            patch(je, here());
            break;
        }
        case K::Let: {
            const Arg v = operand(m, x.a);
            uint32_t slot = alloc_local();
            binding_slot_[a.index] = slot;
            emit(Op::SET_LOCAL, sp, 0, slot16(slot, sp), 0, v);
            expr(m, x.b);
            break;
        }
        case K::Match: match(m, e); break;
        case K::ListLit:
            for (ast::ExprId i : x.list) expr(m, i);
            emit(Op::MAKE_LIST, sp, 0, 0, static_cast<uint32_t>(x.list.size()));
            break;
        case K::Filter: {
            expr(m, x.a);
            uint32_t iter = alloc_local(3), var = alloc_local();
            binding_slot_[a.index] = var;
            emit(Op::ITER_START, sp, 0, slot16(iter, sp));
            uint32_t loop = here();
            uint32_t next = emit(Op::ITER_NEXT, sp, 0, slot16(iter, sp));
            emit(Op::SET_LOCAL, sp, 0, slot16(var, sp));
            std::vector<uint32_t> reject;
            branch(m, x.b, false, reject);
            for (uint32_t j : reject) patch(j, loop);
            emit(Op::LOCAL, sp, 0, slot16(var, sp));
            emit(Op::ITER_KEEP, sp, 0, slot16(iter, sp));
            emit(Op::JUMP, sp, 0, 0, loop);
            patch(next, here());
            emit(Op::ITER_END, sp, 0, slot16(iter, sp));
            break;
        }
        case K::Field: emit(Op::FIELD, sp, 0, 0, a.index, operand(m, x.a)); break;
        case K::Index: emit(Op::TABLE, sp, 0, 0, a.index, operand(m, x.b)); break;
        case K::At: emit(Op::PARAM_AT, sp, 0, 0, a.index, operand(m, x.b)); break;
        case K::Call: call(m, e); break;
        case K::RecordLit: unreachable("a record literal (the parser builds none)", sp);
    }
}

std::optional<uint32_t> Generator::literal_constant(uint32_t m, ast::ExprId e) {
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    switch (x.kind) {
        case K::IntLit: case K::DecLit: case K::MoneyLit: case K::DateLit: case K::MonthLit: case K::DurationLit:
        case K::TextLit: case K::BoolLit:
            return constant(constant_value(C, m, e, a.type, store()));
        case K::Name:
            if (a.ref == Ref::EnumCase) return constant(Value::enum_case(C.types.at(a.type).ref, a.index));
            if (a.ref == Ref::Param) return prog->params[a.index].values.front().constant;
            return std::nullopt;
        default: return std::nullopt;
    }
}

std::optional<uint32_t> Generator::leaf(uint32_t m, ast::ExprId e) {
    if (trace_) return std::nullopt;
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    auto ref = [](OperandKind k, uint32_t i) {
        return Operand::fits(i) ? std::optional<uint32_t>(Operand::make(k, i)) : std::nullopt;
    };
    if (x.kind == K::Name && a.ref == Ref::Input) return ref(OperandKind::Input, a.index);
    if (x.kind == K::Name && a.ref == Ref::Rule) return ref(OperandKind::Rule, a.index);
    if (x.kind == K::Name && a.ref == Ref::Local) return ref(OperandKind::Local, locals_before_ + slot16(binding_slot_.at(a.index), x.span));
    if (std::optional<uint32_t> k = literal_constant(m, e)) return ref(OperandKind::Const, *k);
    return std::nullopt;
}

Generator::Arg Generator::operand(uint32_t m, ast::ExprId e) {
    if (std::optional<uint32_t> r = leaf(m, e)) return {*r, &C.expr(m, e).span};
    expr(m, e);
    return {};
}

std::pair<Generator::Arg, Generator::Arg> Generator::operands(uint32_t m, ast::ExprId a, ast::ExprId b) {
    if (std::optional<uint32_t> y = leaf(m, b)) return {operand(m, a), Arg{*y, &C.expr(m, b).span}};
    // A constant or a local cannot fail to be read, so it may be read after b's code has run.
    if (std::optional<uint32_t> x = leaf(m, a);
        x && (Operand::kind(*x) == OperandKind::Const || Operand::kind(*x) == OperandKind::Local)) {
        expr(m, b);
        return {Arg{*x}, Arg{}};
    }
    expr(m, a);
    expr(m, b);
    return {kStackOperand, kStackOperand};
}

// In explanation builds every subexpression is computed and traced, so conditions stay values there.
void Generator::branch(uint32_t m, ast::ExprId e, bool when, std::vector<uint32_t>& jumps) {
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    const Span& sp = x.span;
    if (!trace_) {
        if (x.kind == K::Binary && (a.op == OpKind::And || a.op == OpKind::Or)) {
            // `a and b` is false as soon as one operand is, true only when both are (dually for or).
            if ((a.op == OpKind::And) != when) {
                branch(m, x.a, when, jumps);
                branch(m, x.b, when, jumps);
            } else {
                std::vector<uint32_t> decided;
                branch(m, x.a, !when, decided);
                branch(m, x.b, when, jumps);
                for (uint32_t j : decided) patch(j, here());
            }
            return;
        }
        if (x.kind == K::Unary && a.op == OpKind::Not) return branch(m, x.a, !when, jumps);
        if (x.kind == K::IsNull) {
            const Arg v = operand(m, x.a);
            jumps.push_back(emit(when != x.negated ? Op::POP_JUMP_IF_NULL : Op::POP_JUMP_IF_NOT_NULL, sp, 0, 0, 0, v));
            return;
        }
        if (x.kind == K::Binary && a.op == OpKind::Compare) return compare_branch(m, e, when, jumps);
        if (x.kind == K::Call && a.ref == Ref::Function)
            return inline_function(m, e, [&](uint32_t fm, ast::ExprId body) { branch(fm, body, when, jumps); });
    }
    const Arg v = operand(m, e);
    jumps.push_back(emit(when ? Op::JUMP_IF_TRUE : Op::JUMP_IF_FALSE, sp, 0, 0, 0, v));
}

// `x rel y` as a condition: one instruction compares and jumps, reading its operands in place
// when they are literals, inputs, locals or rules, so they are never pushed.
void Generator::compare_branch(uint32_t m, ast::ExprId e, bool when, std::vector<uint32_t>& jumps) {
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    const Span& sp = x.span;
    const uint8_t rel = when ? negated(relation_of(x.bop)) : relation_of(x.bop);  // jump unless rel holds
    if (!a.promote_left && !a.promote_right) {
        const auto [l, r] = operands(m, x.a, x.b);
        jumps.push_back(emit(Op::JUMP_IF_NOT_CMP, sp, a.cmp_class, rel, 0, l, r));
        return;
    }
    expr(m, x.a);
    promote(a.promote_left, sp);
    expr(m, x.b);
    promote(a.promote_right, sp);
    jumps.push_back(emit(Op::JUMP_IF_NOT_CMP, sp, a.cmp_class, rel));
}

// The checker refuses every program that would reach here, and codegen runs only on a program
// without errors: reaching it is a bug in Edict, reported loudly (compile.cpp turns it into
// E0405) rather than compiled into a silent null.
void Generator::unreachable(const char* what, const Span& sp) const {
    SourceLoc l = loc(sp);
    throw std::logic_error(fmt::format("codegen: {} at {}:{}:{}", what, S.file(sp.file).path(), l.line, l.column));
}

void Generator::binary(uint32_t m, ast::ExprId e) {
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    const Span& sp = x.span;
    switch (a.op) {
        case OpKind::And: case OpKind::Or: {
            if (!trace_) {  // as a condition: true; jump end; false: false; end:
                std::vector<uint32_t> to_false;
                branch(m, e, false, to_false);
                int d0 = depth_;
                emit(Op::CONST, sp, 0, 0, constant(Value::boolean(true)));
                uint32_t end = emit(Op::JUMP, sp);
                depth_ = d0;
                for (uint32_t j : to_false) patch(j, here());
                emit(Op::CONST, sp, 0, 0, constant(Value::boolean(false)));
                patch(end, here());
                return;
            }
            bool is_and = a.op == OpKind::And;
            expr(m, x.a);
            uint32_t shortcut = emit(is_and ? Op::JUMP_IF_FALSE : Op::JUMP_IF_TRUE, sp);
            int d0 = depth_;
            expr(m, x.b);
            uint32_t end = emit(Op::JUMP, sp);
            depth_ = d0;
            patch(shortcut, here());
            emit(Op::CONST, sp, 0, 0, constant(Value::boolean(!is_and)));
            patch(end, here());
            return;
        }
        case OpKind::Coalesce: {
            expr(m, x.a);
            uint32_t j = emit(Op::JUMP_IF_NOT_NULL, sp);
            emit(Op::POP, sp);
            expr(m, x.b);
            patch(j, here());
            return;
        }
        case OpKind::MonthDiff: {
            const auto [l, r] = operands(m, x.b, x.a);
            emit(Op::MONTHS_BETWEEN, sp, 0, 0, 0, l, r);
            return;
        }
        default: break;
    }
    // Operations of one instruction read both operands in place; those that first negate or scale
    // y (subtracting days, months or years) and promoted operands go through the stack.
    static const std::map<OpKind, Op> kOneInstruction = {
        {OpKind::AddInt, Op::ADD_INT}, {OpKind::SubInt, Op::SUB_INT}, {OpKind::MulInt, Op::MUL_INT},
        {OpKind::AddDec, Op::ADD_DEC}, {OpKind::SubDec, Op::SUB_DEC}, {OpKind::MulDec, Op::MUL_DEC},
        {OpKind::DateAddDays, Op::ADD_DAYS}, {OpKind::DateAddMonths, Op::ADD_MONTHS},
        {OpKind::DateAddYears, Op::ADD_YEARS}, {OpKind::DateDiff, Op::DAYS_BETWEEN},
        {OpKind::MonthAdd, Op::MONTH_ADD}, {OpKind::Compare, Op::CMP}};
    if (auto it = kOneInstruction.find(a.op); it != kOneInstruction.end() && !a.promote_left && !a.promote_right) {
        const auto [l, r] = operands(m, x.a, x.b);
        const bool cmp = a.op == OpKind::Compare;
        emit(it->second, sp, cmp ? a.cmp_class : 0, cmp ? relation_of(x.bop) : 0, 0, l, r);
        return;
    }
    expr(m, x.a);
    promote(a.promote_left, sp);
    expr(m, x.b);
    promote(a.promote_right, sp);
    switch (a.op) {
        case OpKind::AddInt: emit(Op::ADD_INT, sp); break;
        case OpKind::SubInt: emit(Op::SUB_INT, sp); break;
        case OpKind::MulInt: emit(Op::MUL_INT, sp); break;
        case OpKind::AddDec: emit(Op::ADD_DEC, sp); break;
        case OpKind::SubDec: emit(Op::SUB_DEC, sp); break;
        case OpKind::MulDec: emit(Op::MUL_DEC, sp); break;
        case OpKind::DateAddDays: emit(Op::ADD_DAYS, sp); break;
        case OpKind::DateSubDays: emit(Op::NEG_INT, sp); emit(Op::ADD_DAYS, sp); break;
        case OpKind::DateAddMonths: emit(Op::ADD_MONTHS, sp); break;
        case OpKind::DateSubMonths: emit(Op::NEG_INT, sp); emit(Op::ADD_MONTHS, sp); break;
        case OpKind::DateAddYears: emit(Op::ADD_YEARS, sp); break;
        case OpKind::DateSubYears: emit(Op::NEG_INT, sp); emit(Op::ADD_YEARS, sp); break;
        case OpKind::DateDiff: emit(Op::DAYS_BETWEEN, sp); break;
        case OpKind::MonthAdd: emit(Op::MONTH_ADD, sp); break;
        case OpKind::MonthSub: emit(Op::NEG_INT, sp); emit(Op::MONTH_ADD, sp); break;
        case OpKind::MonthAddYears: case OpKind::MonthSubYears:  // n years = 12n months, overflow checked
            emit(Op::CONST, sp, 0, 0, constant(Value::integer(12)));
            emit(Op::MUL_INT, sp);
            if (a.op == OpKind::MonthSubYears) emit(Op::NEG_INT, sp);
            emit(Op::MONTH_ADD, sp);
            break;
        case OpKind::Compare: emit(Op::CMP, sp, a.cmp_class, relation_of(x.bop)); break;
        default: unreachable("an operator the checker gave no operation", sp);
    }
}

// a / b inside round, floor, ceil or to_int (checker: quotient()): divided once, exactly, rounded
// to `places` in the stated mode; the operands promoted to decimal as the `/` node says.
void Generator::rounded_quotient(uint32_t m, ast::ExprId div, uint8_t places, uint8_t mode, const Span& sp) {
    const ast::Expr& d = C.expr(m, div);
    const Annotation& da = C.note(m, div);
    expr(m, d.a);
    promote(da.promote_left, sp);
    expr(m, d.b);
    promote(da.promote_right, sp);
    emit(Op::DIV_DEC, sp, places, mode);
}

// A call of a user function is written out in place: each argument in a fresh local slot bound to
// the parameter, then `body` generates the function's body (as a value, or as a condition).
template <class Body>
void Generator::inline_function(uint32_t m, ast::ExprId e, Body body) {
    const ast::Expr& x = C.expr(m, e);
    const Span& sp = x.span;
    const FunctionSym& f = C.functions[C.note(m, e).index];
    std::vector<std::pair<uint32_t, std::optional<uint32_t>>> saved;
    std::vector<uint32_t> slots;
    for (size_t i = 0; i < x.list.size(); ++i) {
        const Arg v = operand(m, x.list[i]);
        uint32_t slot = alloc_local();
        emit(Op::SET_LOCAL, sp, 0, slot16(slot, sp), 0, v);
        slots.push_back(slot);
    }
    for (size_t i = 0; i < slots.size(); ++i) {
        uint32_t b = f.param_locals[i];
        auto it = binding_slot_.find(b);
        saved.push_back({b, it == binding_slot_.end() ? std::nullopt : std::optional<uint32_t>(it->second)});
        binding_slot_[b] = slots[i];
    }
    body(f.decl.module, C.decl(f.decl).body);
    for (auto& [b, old] : saved) {
        if (old) binding_slot_[b] = *old;
        else binding_slot_.erase(b);
    }
}

void Generator::call(uint32_t m, ast::ExprId e) {
    const ast::Expr& x = C.expr(m, e);
    const Annotation& a = C.note(m, e);
    const Span& sp = x.span;
    if (a.ref == Ref::Function) {
        inline_function(m, e, [this](uint32_t fm, ast::ExprId body) { expr(fm, body); });
        return;
    }
    if (a.ref == Ref::Record) {
        const RecordDesc& rd = C.types.record_at(a.index);
        for (const RecordField& field : rd.fields) {
            auto it = std::find(x.names.begin(), x.names.end(), field.name);
            if (it == x.names.end()) emit(Op::PUSH_NULL, sp);
            else expr(m, x.list[it - x.names.begin()]);
        }
        emit(Op::MAKE_RECORD, sp, 0, slot16(rd.fields.size(), sp), a.index);
        return;
    }
    Builtin b = static_cast<Builtin>(a.index);
    auto args = [&](size_t n) { for (size_t i = 0; i < n; ++i) expr(m, x.list[i]); };
    const BuiltinInfo& info = builtin_info(b);
    if (info.lowering == BuiltinLowering::Op && x.list.size() == 1) {  // builtins.def: OP(NAME)
        emit(info.op, sp, 0, 0, 0, operand(m, x.list[0]));
        return;
    }
    if (info.lowering == BuiltinLowering::Op && x.list.size() == 2) {
        const auto [l, r] = operands(m, x.list[0], x.list[1]);
        emit(info.op, sp, 0, 0, 0, l, r);
        return;
    }
    if (info.lowering != BuiltinLowering::Custom) {  // NONE: the arguments are the value
        args(x.list.size());
        if (info.lowering == BuiltinLowering::Op) emit(info.op, sp);
        return;
    }
    switch (b) {
        case Builtin::DaysBetween: {
            const auto [l, r] = operands(m, x.list[1], x.list[0]);
            emit(Op::DAYS_BETWEEN, sp, 0, 0, 0, l, r);
            break;
        }
        case Builtin::Year: emit(Op::YEAR_OF, sp, a.cmp_class, 0, 0, operand(m, x.list[0])); break;
        case Builtin::MonthNumber: emit(Op::MONTH_NUMBER, sp, a.cmp_class, 0, 0, operand(m, x.list[0])); break;
        case Builtin::Floor: case Builtin::Ceil: case Builtin::ToInt:
            if (a.round_div) {  // the quotient rounded once, in the stated direction, to 0 places: exact
                rounded_quotient(m, x.list[0], 0, a.round_mode, sp);
                emit(Op::DEC_TO_INT, sp, 0, a.round_mode);
            } else if (a.whole_already) {
                expr(m, x.list[0]);
            } else {
                emit(Op::DEC_TO_INT, sp, 0, a.round_mode, 0, operand(m, x.list[0]));
            }
            break;
        case Builtin::Roll: case Builtin::IsWorkingDay:
            emit(b == Builtin::Roll ? Op::ROLL : Op::IS_WORKDAY, sp, 0, 0, C.note(m, x.list[1]).index, operand(m, x.list[0]));
            break;
        case Builtin::Round:
            if (a.round_div) {
                rounded_quotient(m, x.list[0], a.round_places, a.round_mode, sp);
            } else if (a.promote_left) {
                expr(m, x.list[0]);
                promote(true, sp);
                emit(Op::ROUND, sp, a.round_places, a.round_mode);
            } else {
                emit(Op::ROUND, sp, a.round_places, a.round_mode, 0, operand(m, x.list[0]));
            }
            break;
        case Builtin::Min: case Builtin::Max: case Builtin::Earliest: case Builtin::Latest: {
            bool least = b == Builtin::Min || b == Builtin::Earliest;
            if (x.list.size() == 1) {
                emit(least ? Op::LIST_MIN : Op::LIST_MAX, sp, a.cmp_class, 0, 0, operand(m, x.list[0]));
                break;
            }
            args(x.list.size());
            emit(least ? Op::MIN_N : Op::MAX_N, sp, a.cmp_class, 0, static_cast<uint32_t>(x.list.size()));
            break;
        }
        case Builtin::Sum: emit(Op::LIST_SUM, sp, a.cmp_class, 0, 0, operand(m, x.list[0])); break;
        default:  // lowered from the table above; a Custom row without a case here is a bug
            throw std::logic_error(fmt::format("codegen: no lowering for built-in {}", info.name));
    }
}

void Generator::match(uint32_t m, ast::ExprId e) {
    const ast::Expr& x = C.expr(m, e);
    const Span& sp = x.span;
    const Annotation& sa = C.note(m, x.a);
    // The scrutinee is read in place by each pattern's test, from where it is or from a local.
    // (Read in place only when the first arm tests it, so a value that cannot be read -- a missing
    // input -- fails where it did when it was pushed first.)
    const bool first_arm_tests = x.arms.size() > 1 && std::find(x.arms[0].patterns.begin(), x.arms[0].patterns.end(), "_") ==
                                                          x.arms[0].patterns.end();
    Arg scrutinee;
    std::optional<uint32_t> r = first_arm_tests ? leaf(m, x.a) : std::nullopt;
    if (r) {
        scrutinee = Arg{*r, &C.expr(m, x.a).span};
    } else {
        expr(m, x.a);
        uint32_t tmp = alloc_local();
        emit(Op::SET_LOCAL, sp, 0, slot16(tmp, sp));
        scrutinee = local_operand(slot16(tmp, sp));
    }
    uint32_t enum_index = C.types.at(sa.type).ref;
    const auto& cases = C.types.enum_at(enum_index).cases;
    std::vector<uint32_t> to_end;
    int d0 = depth_;
    for (size_t i = 0; i < x.arms.size(); ++i) {
        const ast::MatchArm& arm = x.arms[i];
        bool last = i + 1 == x.arms.size();
        bool wildcard = std::find(arm.patterns.begin(), arm.patterns.end(), "_") != arm.patterns.end();
        std::vector<uint32_t> to_body;
        uint32_t to_next = UINT32_MAX;
        if (!wildcard && !last) {
            // Each pattern but the last jumps to the body when it matches; the last skips the
            // body when it does not.
            for (size_t k = 0; k < arm.patterns.size(); ++k) {
                const std::string& p = arm.patterns[k];
                uint32_t c = static_cast<uint32_t>(std::find(cases.begin(), cases.end(), p) - cases.begin());
                uint32_t value = constant(Value::enum_case(enum_index, c));
                bool last_pattern = k + 1 == arm.patterns.size();
                uint32_t y = kStackOperand;
                if (Operand::fits(value)) y = Operand::make(OperandKind::Const, value);
                else emit(Op::CONST, sp, 0, 0, value);
                uint32_t j = emit(Op::JUMP_IF_NOT_CMP, sp, kCmpInt, last_pattern ? kEq : kNe, 0, scrutinee, y);
                (last_pattern ? to_next : to_body.emplace_back()) = j;
            }
        }
        for (uint32_t j : to_body) patch(j, here());
        depth_ = d0;
        expr(m, arm.body);
        if (!last) to_end.push_back(emit(Op::JUMP, sp));
        if (to_next != UINT32_MAX) patch(to_next, here());
        if (wildcard) break;
    }
    for (uint32_t j : to_end) patch(j, here());
    depth_ = d0 + 1;
}

std::shared_ptr<const Program> Generator::run() {
    prog->types = C.types;
    for (size_t i = 0; i < S.size(); ++i) prog->files.push_back(S.file(static_cast<uint32_t>(i)).path());
    layout_inputs();
    layout_params();
    layout_calendars();
    layout_tables();
    for (const RuleSym& r : C.rules) {
        const ast::Decl& d = C.decl(r.decl);
        RuleInfo info;
        info.name = r.name;
        info.type = r.type;
        info.loc = loc(d.name_span);
        info.doc = d.doc;
        info.citations = citations(d.cites);
        info.inputs = r.inputs;
        prog->rules.push_back(std::move(info));
    }
    for (uint32_t r = 0; r < C.rules.size(); ++r) emit_rule(r);
    for (uint32_t o : C.outputs) prog->outputs.push_back({C.rules[o].name, o});
    if (diags.has_errors()) return nullptr;
    return prog;
}

}  // namespace

std::shared_ptr<const Program> generate(const CheckedProgram& checked, const SourceMap& sources, Diagnostics& diags,
                                        const GenerateOptions& options) {
    Generator g(checked, sources, diags, options.trace);
    return g.run();
}

}  // namespace edict::codegen
