// The dispatch loop. Types were checked before anything runs, so opcodes trust the tags of
// their operands; what can still go wrong (overflow, impossible dates, missing inputs,
// conflicting or absent definitions) is reported with the rule and its source position.
#include "runtime/vm/vm.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/bytecode/verify.hpp"
#include "runtime/value/date.hpp"

namespace edict::vm {

namespace {

// Said when a value has the wrong kind for the instruction using it. The compiler never emits such
// code; only an artifact whose checksum was recomputed after editing can hold it, and the VM must
// still neither crash nor read memory it does not own.
constexpr const char* kInconsistent = "the compiled program is inconsistent (a value of the wrong kind); rebuild it";

int compare_values(const Value& x, const Value& y, uint8_t cls) {
    if (cls == kCmpDec) return dec_compare(x.dec(), y.dec());
    if (cls == kCmpText) {
        if (x.tag != Tag::Text || y.tag != Tag::Text) return x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0;
        int r = x.text_view().compare(y.text_view());
        return r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    return x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
}

// Which outcomes of a three-way comparison (bit 0: less, bit 1: equal, bit 2: greater) make each
// relation true, indexed by CmpRel; the verifier keeps relations within the table.
constexpr uint8_t kRelationHolds[] = {0b010, 0b101, 0b001, 0b011, 0b100, 0b110};

// `x rel y` compared as `cls`. Integers, dates, months, booleans and enum cases (most comparisons
// of a policy) are compared here without a call or a branch on the relation.
inline bool compare_holds(const Value& x, const Value& y, uint8_t cls, uint8_t rel) {
    const int c = cls == kCmpInt ? (x.i > y.i) - (x.i < y.i) : compare_values(x, y, cls);
    return (kRelationHolds[rel] >> (c + 1)) & 1;
}


const char* dec_problem(DecStatus s) {
    switch (s) {
        case DecStatus::Overflow: return "the result has more digits than a decimal can hold (38)";
        case DecStatus::DivisionByZero: return "division by zero";
        case DecStatus::BadPlaces: return "rounding places must be between 0 and 38";
        default: return "decimal error";
    }
}

}  // namespace

Session::Session(const Program& program) : program_(program) {
    stack_.resize(program.max_stack + 16);
    uint32_t locals = 0;
    for (const RuleInfo& r : program.rules) locals += r.locals;
    locals_.resize(locals + 4);
    cache_.resize(program.rules.size());
    state_.resize(program.rules.size());
    // A rule is entered only when not yet started, so at most one frame per rule is live.
    frames_.resize(program.rules.size() + 1);
    for (const CalendarInfo& cal : program.calendars) {
        DayTable t;
        if (!cal.holidays.empty() || !cal.workdays.empty()) {
            int64_t lo = INT64_MAX, hi = INT64_MIN;
            for (const auto* days : {&cal.holidays, &cal.workdays})
                if (!days->empty()) lo = std::min(lo, days->front()), hi = std::max(hi, days->back());
            // Calendars cover years, not centuries; a wider one (a hand-made artifact) keeps an
            // empty table and is answered by binary search.
            if (static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) < 20 * 366) {
                t.first = lo;
                t.kind.assign(static_cast<size_t>(hi - lo + 1), DayKind::ByWeekday);
                for (int64_t d : cal.workdays) t.kind[static_cast<size_t>(d - lo)] = DayKind::WorkingDay;
                for (int64_t d : cal.holidays) t.kind[static_cast<size_t>(d - lo)] = DayKind::DayOff;  // a day off wins
            }
        }
        for (const YearSpan& y : cal.covers)
            t.covered.emplace_back(day_number({y.first, 1, 1}), day_number({y.last, 12, 31}));
        day_tables_.push_back(std::move(t));
    }
}

std::optional<bool> Session::working_day(uint32_t calendar, int64_t day) const {
    const DayTable& t = day_tables_[calendar];
    const bool covered = std::any_of(t.covered.begin(), t.covered.end(),
                                     [day](const auto& c) { return c.first <= day && day <= c.second; });
    if (!covered) {
        // Never a plain weekday by default: a deadline must not come from a calendar that was
        // never published (shared/contracts/cn-holidays-2022-2026.md).
        if (!program_.calendars[calendar].weekends_beyond) return std::nullopt;
        return weekday(static_cast<DayNumber>(day)) <= 5;
    }
    const uint64_t offset = static_cast<uint64_t>(day) - static_cast<uint64_t>(t.first);
    if (day >= t.first && offset < t.kind.size()) {
        DayKind k = t.kind[offset];
        if (k != DayKind::ByWeekday) return k == DayKind::WorkingDay;
    } else if (t.kind.empty()) {
        const CalendarInfo& cal = program_.calendars[calendar];
        if (std::binary_search(cal.holidays.begin(), cal.holidays.end(), day)) return false;
        if (std::binary_search(cal.workdays.begin(), cal.workdays.end(), day)) return true;
    }
    return weekday(static_cast<DayNumber>(day)) <= 5;
}

std::string Session::no_data(uint32_t calendar, int64_t day, int64_t asked) const {
    const CalendarInfo& cal = program_.calendars[calendar];
    std::string m = cal.no_data_message(ymd_of(static_cast<DayNumber>(day)).year);
    if (day == asked) return fmt::format("{} (asked about {})", m, date_to_string(static_cast<DayNumber>(day)));
    return fmt::format("{} (rolling {} forward reached {})", m, date_to_string(static_cast<DayNumber>(asked)),
                       date_to_string(static_cast<DayNumber>(day)));
}

bool Session::evaluate(const CaseView& c, const uint32_t* rules, size_t n, Value* out, RuntimeError& error) {
    case_ = &c;
    std::fill(state_.begin(), state_.end(), RuleState::NotEvaluated);
    arena_.reset();
    steps_ = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!run_rule(rules[i], out[i], error)) return false;
        // Hosts read results by the rule's declared type (text and lists through pointers); the
        // type checker proved that for programs compiled here, not for loaded artifacts.
        if (program_.from_artifact && !value_fits(program_, program_.rules[rules[i]].type, out[i], false)) {
            frames_[0] = {rules[i], UINT32_MAX, 0, 0};
            frame_count_ = 1;
            return fail(program_.rules[rules[i]].entry, kInconsistent, error);
        }
    }
    return true;
}


std::string while_computing(const std::vector<std::string>& chain) {
    std::string out;
    for (size_t i = 0; i < chain.size(); ++i) out += fmt::format("{}`{}`", i ? " ← " : ", while computing ", chain[i]);
    return out;
}

bool Session::fail(uint32_t pc, std::string message, RuntimeError& error, std::string input) {
    error.message = std::move(message);
    error.input = std::move(input);
    error.rule = frame_count_ == 0 ? std::string() : program_.rules[frames_[frame_count_ - 1].rule].name;
    error.chain.clear();
    for (size_t i = 0; i < frame_count_; ++i) error.chain.push_back(program_.rules[frames_[i].rule].name);
    error.loc = program_.loc_of_pc(pc);
    error.has_loc = true;
    frame_count_ = 0;
    return false;
}

bool Session::run_rule(uint32_t rule, Value& out, RuntimeError& error) {
    if (state_[rule] == RuleState::Done) { out = cache_[rule]; return true; }
    const Program& P = program_;
    const Instr* code = P.code.data();
    Value* S = stack_.data();
    uint32_t sp = 0;  // next free stack slot
    // The frame stack, rule states and cache as plain arrays: RULE and RET are most of a policy's
    // instructions after the conditions, and vector bookkeeping was a tenth of evaluation.
    Frame* const frames = frames_.data();
    RuleState* const state = state_.data();
    Value* const cache = cache_.data();
    uint32_t depth = 1;
    frames[0] = {rule, UINT32_MAX, 0, 0};
    state[rule] = RuleState::Evaluating;
    Value* L = locals_.data();
    uint32_t locals_top = P.rules[rule].locals;
    uint32_t pc = P.rules[rule].entry;
    const InputState* const present = case_->present;
    const Value* const inputs = case_->values;
    const Value* const K = P.constants.data();

    // fail() reports the chain of rules being evaluated, so it sees how deep this loop is.
#define FAIL_WITH(msg, input)                              \
    do {                                                   \
        frame_count_ = depth;                              \
        return fail(pc - 1, (msg), error, (input));        \
    } while (0)
#define FAIL(msg) FAIL_WITH((msg), std::string())
    // The slot beside a definition's value holds its index, as DEF_JOIN wrote it.
    auto names_definition = [&P](const Value& v) {
        return v.tag == Tag::Int && v.i >= 0 && static_cast<uint64_t>(v.i) < P.definitions.size();
    };
    // Threaded dispatch where the compiler has computed goto (GCC, Clang): each handler ends in its
    // own indirect jump, so the branch predictor learns opcode pairs instead of one shared jump.
    // The table is generated from opcodes.def like everything else that depends on the opcodes.
#if defined(__GNUC__) && !defined(EDICT_SWITCH_DISPATCH)  // -DEDICT_SWITCH_DISPATCH: the portable loop
    static void* const kHandlers[] = {
#define OP(name, operands, pops, pushes, doc) &&op_##name,
#include "runtime/bytecode/opcodes.def"
#undef OP
    };
    static_assert(sizeof kHandlers / sizeof kHandlers[0] == kOpCount);
#define DISPATCH_ON(op) goto* kHandlers[static_cast<uint8_t>(op)];
#define CASE(name) op_##name:
#define NEXT                                             \
    do {                                                 \
        in = code[pc++];                                 \
        goto* kHandlers[static_cast<uint8_t>(in.op)];    \
    } while (0)
#else
#define DISPATCH_ON(op) switch (op)
#define CASE(name) case Op::name:
#define NEXT continue
#endif
    Instr in;
    for (;;) {
        in = code[pc++];
        DISPATCH_ON(in.op) {
            CASE(CONST) S[sp++] = K[in.c]; NEXT;
            CASE(PUSH_NULL) S[sp++] = Value::null(); NEXT;
            CASE(PUSH_EMPTY) S[sp++] = Value::empty(); NEXT;
            CASE(INPUT) {
                if (present[in.c] == InputState::Present) [[likely]] {
                    S[sp++] = inputs[in.c];
                    NEXT;
                }
                const InputInfo& inp = P.inputs[in.c];
                if (present[in.c] == InputState::IllTyped) FAIL_WITH(case_->messages[in.c], inp.name);
                else if (inp.has_default) S[sp++] = P.constants[inp.default_const];
                else if (P.types.at(inp.type).optional) S[sp++] = Value::null();
                else FAIL_WITH(fmt::format("missing input `{}` ({})", inp.name, P.types.name(inp.type)), inp.name);
                NEXT;
            }
            CASE(RULE) {
                if (state[in.c] == RuleState::Done) { S[sp++] = cache[in.c]; NEXT; }
                if (state[in.c] == RuleState::Evaluating) FAIL(fmt::format("rule `{}` depends on itself", P.rules[in.c].name));
                if (++steps_ > budget_) FAIL("evaluation budget exceeded");
                frames[depth++] = {in.c, pc, locals_top, sp};
                state[in.c] = RuleState::Evaluating;
                L = locals_.data() + locals_top;
                locals_top += P.rules[in.c].locals;
                pc = P.rules[in.c].entry;
                NEXT;
            }
            CASE(RET) {
                Value v = S[--sp];
                const Frame& f = frames[--depth];
                cache[f.rule] = v;
                state[f.rule] = RuleState::Done;
                if (depth == 0) { out = v; return true; }
                locals_top = f.locals_base;
                L = locals_.data() + frames[depth - 1].locals_base;
                sp = f.stack_base;
                S[sp++] = v;
                pc = f.return_pc;
                NEXT;
            }
            CASE(PARAM_AT) {
                const ParamInfo& p = P.params[in.c];
                int64_t day = S[sp - 1].i;
                auto it = std::upper_bound(p.values.begin(), p.values.end(), day,
                                           [](int64_t d, const DatedValue& v) { return d < v.from_day; });
                if (it == p.values.begin())
                    FAIL(fmt::format("parameter `{}` has no value in force on {}", p.name,
                                     date_to_string(static_cast<DayNumber>(day))));
                S[sp - 1] = P.constants[std::prev(it)->constant];
                NEXT;
            }
            CASE(LOCAL) S[sp++] = L[in.b]; NEXT;
            CASE(SET_LOCAL) L[in.b] = S[--sp]; NEXT;
            CASE(POP) --sp; NEXT;
            CASE(JUMP) pc = in.c; NEXT;
            CASE(JUMP_IF_FALSE) if (!S[--sp].i) pc = in.c; NEXT;
            CASE(JUMP_IF_TRUE) if (S[--sp].i) pc = in.c; NEXT;
            CASE(JUMP_IF_NOT_NULL) if (!S[sp - 1].is_null()) pc = in.c; NEXT;
            CASE(JUMP_IF_SET) if (!L[in.b].is_empty()) pc = in.c; NEXT;
            CASE(POP_JUMP_IF_NULL) if (S[--sp].is_null()) pc = in.c; NEXT;
            CASE(POP_JUMP_IF_NOT_NULL) if (!S[--sp].is_null()) pc = in.c; NEXT;
            CASE(JUMP_IF_NOT_CMP) {
                sp -= 2;
                if (!compare_holds(S[sp], S[sp + 1], in.a, in.b)) pc = in.c;
                NEXT;
            }
            CASE(JUMP_IF_NOT_CMP_K) {
                --sp;
                if (!compare_holds(S[sp], K[in.b], in.a >> 3, in.a & 7)) pc = in.c;
                NEXT;
            }
            CASE(NOT) S[sp - 1] = Value::boolean(!S[sp - 1].i); NEXT;
            CASE(IS_NULL) S[sp - 1] = Value::boolean(S[sp - 1].is_null()); NEXT;
            CASE(ADD_INT) CASE(SUB_INT) CASE(MUL_INT) {
                int64_t a = S[sp - 2].i, b = S[sp - 1].i, r;
                bool over = in.op == Op::ADD_INT   ? __builtin_add_overflow(a, b, &r)
                            : in.op == Op::SUB_INT ? __builtin_sub_overflow(a, b, &r)
                                                   : __builtin_mul_overflow(a, b, &r);
                if (over) FAIL("integer overflow: the result does not fit 64 bits");
                --sp;
                S[sp - 1] = Value::integer(r);
                NEXT;
            }
            CASE(NEG_INT) {
                int64_t r;
                if (__builtin_sub_overflow(int64_t{0}, S[sp - 1].i, &r)) FAIL("integer overflow in negation");
                S[sp - 1] = Value::integer(r);
                NEXT;
            }
            CASE(ADD_DEC) CASE(SUB_DEC) CASE(MUL_DEC) {
                Decimal r;
                DecStatus st = in.op == Op::ADD_DEC   ? dec_add(S[sp - 2].dec(), S[sp - 1].dec(), r)
                               : in.op == Op::SUB_DEC ? dec_sub(S[sp - 2].dec(), S[sp - 1].dec(), r)
                                                      : dec_mul(S[sp - 2].dec(), S[sp - 1].dec(), r);
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                --sp;
                S[sp - 1] = Value::decimal(r);
                NEXT;
            }
            CASE(NEG_DEC) {
                Decimal r;
                if (dec_neg(S[sp - 1].dec(), r) != DecStatus::Ok) FAIL(dec_problem(DecStatus::Overflow));
                S[sp - 1] = Value::decimal(r);
                NEXT;
            }
            CASE(DIV_DEC) {
                Decimal r;
                DecStatus st = dec_div(S[sp - 2].dec(), S[sp - 1].dec(), in.a, static_cast<Rounding>(in.b), r);
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                --sp;
                S[sp - 1] = Value::decimal(r);
                NEXT;
            }
            CASE(ROUND) {
                Decimal r;
                DecStatus st = dec_round(S[sp - 1].dec(), in.a, static_cast<Rounding>(in.b), r);
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                S[sp - 1] = Value::decimal(r);
                NEXT;
            }
            CASE(DEC_TO_INT) {
                int64_t r = 0;
                const DecStatus st = dec_to_int(S[sp - 1].dec(), static_cast<Rounding>(in.b), r);
                if (st == DecStatus::Overflow) FAIL("the whole number does not fit a 64-bit integer");
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                S[sp - 1] = Value::integer(r);
                NEXT;
            }
            CASE(INT_TO_DEC) {
                Value& v = S[sp - 1 - in.a];
                v = Value::decimal(decimal_from_int(v.i));
                NEXT;
            }
            CASE(CMP) {
                bool r = compare_holds(S[sp - 2], S[sp - 1], in.a, in.b);
                --sp;
                S[sp - 1] = Value::boolean(r);
                NEXT;
            }
            CASE(ADD_DAYS) CASE(ADD_MONTHS) CASE(ADD_YEARS) {
                DayNumber d = static_cast<DayNumber>(S[sp - 2].i), r;
                int64_t n = S[sp - 1].i;
                bool ok = in.op == Op::ADD_DAYS     ? add_days(d, n, r)
                          : in.op == Op::ADD_MONTHS ? add_months(d, n, r)
                                                    : add_years(d, n, r);
                if (!ok) FAIL("the resulting date is outside years 1 to 9999");
                --sp;
                S[sp - 1] = Value::date(r);
                NEXT;
            }
            CASE(MONTH_ADD) {
                MonthNumber r;
                if (!add_month_count(static_cast<MonthNumber>(S[sp - 2].i), S[sp - 1].i, r))
                    FAIL("the resulting month is outside years 1 to 9999");
                --sp;
                S[sp - 1] = Value::month(r);
                NEXT;
            }
            CASE(MONTH_OF) S[sp - 1] = Value::month(month_of(static_cast<DayNumber>(S[sp - 1].i))); NEXT;
            CASE(MONTHS_BETWEEN)
                --sp;
                S[sp - 1] = Value::integer(months_between(static_cast<MonthNumber>(S[sp - 1].i),
                                                          static_cast<MonthNumber>(S[sp].i)));
                NEXT;
            CASE(DAYS_BETWEEN)
                --sp;
                S[sp - 1] = Value::integer(S[sp - 1].i - S[sp].i);
                NEXT;
            CASE(FIRST_DAY) S[sp - 1] = Value::date(first_day_of(static_cast<MonthNumber>(S[sp - 1].i))); NEXT;
            CASE(LAST_DAY) S[sp - 1] = Value::date(last_day_of(static_cast<MonthNumber>(S[sp - 1].i))); NEXT;
            CASE(WEEKDAY) S[sp - 1] = Value::integer(weekday(static_cast<DayNumber>(S[sp - 1].i))); NEXT;
            CASE(YEAR_OF)
                S[sp - 1] = Value::integer(in.a ? year_of_month(static_cast<MonthNumber>(S[sp - 1].i))
                                                : ymd_of(static_cast<DayNumber>(S[sp - 1].i)).year);
                NEXT;
            CASE(MONTH_NUMBER)
                S[sp - 1] = Value::integer(month_in_year(in.a ? static_cast<MonthNumber>(S[sp - 1].i)
                                                              : month_of(static_cast<DayNumber>(S[sp - 1].i))));
                NEXT;
            CASE(ROLL) {
                const CalendarInfo& cal = P.calendars[in.c];
                const int64_t from = S[sp - 1].i;
                int64_t d = from;
                for (int guard = 0;; ++d) {
                    std::optional<bool> working = working_day(in.c, d);
                    if (!working) FAIL(no_data(in.c, d, from));
                    if (*working) break;
                    if (++guard > 366 || d >= max_day()) FAIL(fmt::format("no working day within a year after this date in calendar `{}`", cal.name));
                }
                S[sp - 1] = Value::date(d);
                NEXT;
            }
            CASE(IS_WORKDAY) {
                std::optional<bool> working = working_day(in.c, S[sp - 1].i);
                if (!working) FAIL(no_data(in.c, S[sp - 1].i, S[sp - 1].i));
                S[sp - 1] = Value::boolean(*working);
                NEXT;
            }
            CASE(MAKE_LIST) {
                Value* items = arena_.alloc(in.c);
                sp -= in.c;
                std::copy(S + sp, S + sp + in.c, items);
                S[sp++] = Value::list(items, in.c);
                NEXT;
            }
            CASE(LIST_MIN) CASE(LIST_MAX) {
                const Value& l = S[sp - 1];
                if (l.tag != Tag::List) FAIL(kInconsistent);
                Value best = Value::null();
                for (uint32_t i = 0; i < l.aux; ++i) {
                    const Value& e = l.items[i];
                    if (e.is_null()) continue;
                    int c = best.is_null() ? 0 : compare_values(e, best, in.a);
                    if (best.is_null() || (in.op == Op::LIST_MIN ? c < 0 : c > 0)) best = e;
                }
                S[sp - 1] = best;
                NEXT;
            }
            CASE(LIST_SUM) {
                const Value& l = S[sp - 1];
                if (l.tag != Tag::List) FAIL(kInconsistent);
                if (in.a == 0) {
                    int64_t sum = 0;
                    for (uint32_t i = 0; i < l.aux; ++i)
                        if (__builtin_add_overflow(sum, l.items[i].i, &sum)) FAIL("integer overflow in sum");
                    S[sp - 1] = Value::integer(sum);
                } else {
                    Decimal sum{};
                    for (uint32_t i = 0; i < l.aux; ++i) {
                        DecStatus st = dec_add(sum, l.items[i].dec(), sum);
                        if (st != DecStatus::Ok) FAIL(dec_problem(st));
                    }
                    S[sp - 1] = Value::decimal(sum);
                }
                NEXT;
            }
            CASE(LIST_COUNT)
                if (S[sp - 1].tag != Tag::List) FAIL(kInconsistent);
                S[sp - 1] = Value::integer(S[sp - 1].aux);
                NEXT;
            CASE(MIN_N) CASE(MAX_N) {
                sp -= in.c;
                Value best = S[sp];
                for (uint32_t i = 1; i < in.c; ++i) {
                    int c = compare_values(S[sp + i], best, in.a);
                    if (in.op == Op::MIN_N ? c < 0 : c > 0) best = S[sp + i];
                }
                S[sp++] = best;
                NEXT;
            }
            CASE(MAKE_RECORD) {
                Value* fields = arena_.alloc(in.b);
                sp -= in.b;
                std::copy(S + sp, S + sp + in.b, fields);
                S[sp++] = Value::record(fields, in.c);
                NEXT;
            }
            CASE(FIELD)
                if (S[sp - 1].tag != Tag::Record || in.c >= P.types.record_at(S[sp - 1].aux).fields.size())
                    FAIL(kInconsistent);
                S[sp - 1] = S[sp - 1].items[in.c];
                NEXT;
            CASE(TABLE) {
                const TableInfo& t = P.tables[in.c];
                Value found = Value::null();
                for (size_t i = 0; i < t.keys.size(); ++i)
                    if (compare_values(P.constants[t.keys[i]], S[sp - 1], t.key_class) == 0) {
                        found = P.constants[t.values[i]];
                        break;
                    }
                S[sp - 1] = found;
                NEXT;
            }
            CASE(ITER_START) {
                Value list = S[--sp];
                if (list.tag != Tag::List) FAIL(kInconsistent);
                L[in.b] = list;
                L[in.b + 1] = Value::integer(0);
                L[in.b + 2] = Value::list(arena_.alloc(list.aux), 0);
                NEXT;
            }
            CASE(ITER_NEXT) {
                int64_t& idx = L[in.b + 1].i;
                if (++steps_ > budget_) FAIL("evaluation budget exceeded");
                if (L[in.b].tag != Tag::List || L[in.b + 1].tag != Tag::Int || idx < 0) FAIL(kInconsistent);
                if (idx >= L[in.b].aux) { pc = in.c; NEXT; }
                S[sp++] = L[in.b].items[idx++];
                NEXT;
            }
            CASE(ITER_KEEP) {
                Value& outl = L[in.b + 2];
                // The buffer holds as many elements as the list being filtered.
                if (outl.tag != Tag::List || L[in.b].tag != Tag::List || outl.aux >= L[in.b].aux) FAIL(kInconsistent);
                const_cast<Value*>(outl.items)[outl.aux++] = S[--sp];
                NEXT;
            }
            CASE(ITER_END) S[sp++] = L[in.b + 2]; NEXT;
            CASE(DEF_JOIN) {
                Value v = S[--sp];
                if (v.is_empty()) NEXT;
                if (!L[in.b].is_empty()) {
                    if (!names_definition(L[in.b + 1])) FAIL(kInconsistent);
                    const DefinitionInfo& now = P.definitions[in.c];
                    const DefinitionInfo& before = P.definitions[L[in.b + 1].i];
                    FAIL(fmt::format("conflict: two definitions of `{}` apply and neither has priority: {} ({}) and {} ({})",
                                     P.rules[now.rule].name, before.label, P.describe(before.loc), now.label,
                                     P.describe(now.loc)));
                }
                L[in.b] = v;
                L[in.b + 1] = Value::integer(in.c);
                NEXT;
            }
            CASE(DEF_MERGE) {
                if (L[in.c].is_empty()) NEXT;
                if (!L[in.b].is_empty()) {
                    if (!names_definition(L[in.b + 1]) || !names_definition(L[in.c + 1])) FAIL(kInconsistent);
                    const DefinitionInfo& now = P.definitions[L[in.c + 1].i];
                    const DefinitionInfo& before = P.definitions[L[in.b + 1].i];
                    FAIL(fmt::format("conflict: two definitions of `{}` apply and neither has priority: {} ({}) and {} ({})",
                                     P.rules[now.rule].name, before.label, P.describe(before.loc), now.label,
                                     P.describe(now.loc)));
                }
                L[in.b] = L[in.c];
                L[in.b + 1] = L[in.c + 1];
                NEXT;
            }
            CASE(DEF_RESULT) {
                if (L[in.b].is_empty())
                    FAIL(fmt::format("no definition of `{}` applies to this case", P.rules[in.c].name));
                S[sp++] = L[in.b];
                NEXT;
            }
            CASE(ERROR) FAIL(std::string(P.constants[in.c].text_view()));
            CASE(TRACE)  // only in programs generated for explanations; hosts never set a sink
                if (trace_) trace_->push_back({in.c, frames[depth - 1].rule, S[sp - 1]});
                NEXT;
        }
    }
#undef FAIL
#undef FAIL_WITH
#undef DISPATCH_ON
#undef CASE
#undef NEXT
}

}  // namespace edict::vm
