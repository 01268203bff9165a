// The dispatch loop. Types were checked before anything runs, so opcodes trust the tags of
// their operands; what can still go wrong (overflow, impossible dates, missing inputs,
// conflicting or absent definitions) is reported with the rule and its source position.
#include "runtime/vm/vm.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "runtime/bytecode/verify.hpp"
#include "runtime/value/date.hpp"
#include "runtime/vm/fuse.hpp"
#include "runtime/vm/specialise.hpp"

namespace edict::vm {

namespace {

constexpr uint16_t kEvaluating = 2;  // a rule's register while the rule is being evaluated (vm.hpp, kNotReady)

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

// Writes a scalar (a bool, int, date or month) into a cell as two 16-byte stores. The next
// handler usually copies the cell whole, 16 bytes at a time (a RET, a SET_LOCAL of the top); a
// 16-byte load of bytes written by two 8-byte stores (the tag's word and the payload, which is
// what assigning a Value::date() compiles to) cannot be forwarded from the store buffer and waits
// for the stores to reach the cache -- in `perf annotate`, the hottest instruction of the return.
// (Elsewhere than x86-64, a plain assignment.)
inline void put_word(Value& dst, Tag tag, int64_t payload) {
#if defined(__SSE2__) && defined(__x86_64__)
    auto* half = reinterpret_cast<__m128i*>(&dst);
    _mm_store_si128(half, _mm_cvtsi64_si128(static_cast<int64_t>(tag)));
    _mm_store_si128(half + 1, _mm_cvtsi64_si128(payload));
#else
    Value v;
    v.tag = tag;
    v.i = payload;
    dst = v;
#endif
}

// Copies a cell to two places, reading it once: a rule's value to its register and to the host's
// slot. (Through a `const Value&`, GCC reads the source again after the first store, which might
// have changed it; through a `const Value` copy, it builds the copy on the stack first.)
inline void put_twice(Value& a, Value& b, const Value& v) {
#if defined(__SSE2__) && defined(__x86_64__)
    const auto* src = reinterpret_cast<const __m128i*>(&v);
    const __m128i lo = _mm_load_si128(src), hi = _mm_load_si128(src + 1);
    _mm_store_si128(reinterpret_cast<__m128i*>(&a), lo);
    _mm_store_si128(reinterpret_cast<__m128i*>(&a) + 1, hi);
    _mm_store_si128(reinterpret_cast<__m128i*>(&b), lo);
    _mm_store_si128(reinterpret_cast<__m128i*>(&b) + 1, hi);
#else
    a = v;
    b = a;
#endif
}

// The same for a decimal: its tag and scale in the first half, its mantissa in the second.
inline void put_decimal(Value& dst, const Decimal& d) {
#if defined(__SSE2__) && defined(__x86_64__)
    auto* half = reinterpret_cast<__m128i*>(&dst);
    _mm_store_si128(half, _mm_cvtsi64_si128(static_cast<int64_t>(Tag::Dec) | int64_t{d.scale} << 8));
    // Built from the mantissa's two halves in registers: a copy through memory would store them
    // as two 8-byte words and load 16 bytes back, the stall this function exists to avoid.
    const __m128i mant = _mm_unpacklo_epi64(_mm_cvtsi64_si128(static_cast<int64_t>(d.mant)),
                                            _mm_cvtsi64_si128(static_cast<int64_t>(d.mant >> 64)));
    _mm_store_si128(half + 1, mant);
#else
    dst = Value::decimal(d);
#endif
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


// Whether a host asks for the same rules as last time (`last`): what the driver and the
// straight-line block are kept for.
bool same_rules(const std::vector<uint32_t>& last, const uint32_t* rules, size_t n) {
    return last.size() == n && (n == 0 || std::memcmp(rules, last.data(), n * sizeof *rules) == 0);
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

std::vector<Value> absent_inputs(const Program& program) {
    std::vector<Value> image;
    image.reserve(program.inputs.size());
    for (const InputInfo& inp : program.inputs) {
        Value v = inp.has_default ? program.constants[inp.default_const] : Value::null();
        if (!inp.has_default && !program.types.at(inp.type).optional) v.pad = kNotReady;
        image.push_back(v);
    }
    return image;
}

Session::Session(const Program& program) : program_(program) {
    stack_.resize(program.max_stack + 16);
    rule_reg_ = input_reg_ + static_cast<uint32_t>(program.inputs.size());
    const_reg_ = rule_reg_ + static_cast<uint32_t>(program.rules.size());
    local_reg_ = const_reg_ + static_cast<uint32_t>(program.constants.size());
    uint32_t locals = local_reg_;
    for (const RuleInfo& r : program.rules) {
        rule_starts_.push_back({r.entry, locals});
        locals += r.locals;
    }
    // The driver and the forms name registers by byte offset (specialise.hpp, reg_offset): a file
    // of 2^27 cells (4 GiB) is beyond any program, and refused rather than misaddressed.
    if (!reg_offset(locals + 4)) throw std::length_error("a program with this many registers cannot be evaluated");
    regs_.resize(locals + 4);
    std::copy(program.constants.begin(), program.constants.end(), regs_.begin() + const_reg_);
    absent_image_ = absent_inputs(program);
    std::vector<Instr> code = program.code;
    const uint32_t first[] = {0, input_reg_, local_reg_, const_reg_, rule_reg_};  // by OperandKind
    for (Instr& in : code)
        for (uint32_t* ref : {&in.x, &in.y})
            *ref = Operand::kind(*ref) == OperandKind::Stack ? 0 : first[static_cast<int>(Operand::kind(*ref))] + Operand::index(*ref);
    program_size_ = static_cast<uint32_t>(code.size());
    SpecRegisters spec;
    spec.first_input = input_reg_;
    spec.inputs = static_cast<uint32_t>(program.inputs.size());
    spec.first_const = const_reg_;
    spec.constants = static_cast<uint32_t>(program.constants.size());
    spec.null_value = locals;  // regs_[locals] stays null
    spec.constant_values = program.constants.data();
    code_ = specialise(code, spec);
    driver_begin_ = static_cast<uint32_t>(code_.size());
    code_.push_back(Instr{static_cast<Op>(Spec::STOP), 0, 0, 0});  // the driver of no rules
    code_ends_ = rule_code_ends(program);
    // A rule is entered only when not yet started, so at most one frame per rule is live; one
    // more stands for the straight-line block (fuse.hpp).
    frames_.resize(program.rules.size() + 2);
    for (const CalendarInfo& cal : program.calendars) day_tables_.push_back(day_table(cal));
}

Session::DayTable Session::day_table(const CalendarInfo& cal) {
    DayTable t;
    for (const YearSpan& y : cal.covers)
        t.covered.emplace_back(day_number({y.first, 1, 1}), day_number({y.last, 12, 31}));
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const auto* days : {&cal.holidays, &cal.workdays})
        if (!days->empty()) lo = std::min(lo, days->front()), hi = std::max(hi, days->back());
    for (const auto& c : t.covered) lo = std::min(lo, c.first), hi = std::max(hi, c.second);
    // Calendars cover years, not centuries; a wider one (a hand-made artifact) keeps an empty
    // table and is answered by binary search.
    if (lo > hi || static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) >= 20 * 366) return t;
    t.first = lo;
    t.kind.assign(static_cast<size_t>(hi - lo + 1), DayKind::NotCovered);
    // A covered day not listed is a working day by its weekday, decided here once.
    for (const auto& c : t.covered)
        for (int64_t d = c.first; d <= c.second; ++d)
            t.kind[static_cast<size_t>(d - lo)] = weekday(static_cast<DayNumber>(d)) <= 5 ? DayKind::WorkingDay : DayKind::DayOff;
    // A listed day of a year the data does not cover stays not covered, as it was asked.
    for (int64_t d : cal.workdays)
        if (t.kind[static_cast<size_t>(d - lo)] != DayKind::NotCovered) t.kind[static_cast<size_t>(d - lo)] = DayKind::WorkingDay;
    for (int64_t d : cal.holidays)  // a day off wins
        if (t.kind[static_cast<size_t>(d - lo)] != DayKind::NotCovered) t.kind[static_cast<size_t>(d - lo)] = DayKind::DayOff;
    // roll's distances, from the last day back: a working day is 0; a day off one more than the
    // next day's, when that one is decided; a day not covered, or a day off that is the table's
    // last, leaves it to the walk. So a decided roll ends on a day of the table, never past
    // kMaxDay, and crosses fewer days off than the walk's guard of 366 allows.
    const size_t n = t.kind.size();
    t.to_working.assign(n, DayTable::kRollWalks);
    for (size_t i = n; i-- > 0;) {
        if (t.kind[i] == DayKind::WorkingDay) t.to_working[i] = 0;
        else if (t.kind[i] == DayKind::DayOff && i + 1 < n && t.to_working[i + 1] < DayTable::kRollWalks - 1)
            t.to_working[i] = static_cast<uint8_t>(t.to_working[i + 1] + 1);
    }
    return t;
}

void Session::thread_code(const void* const* handlers) {
    size_t from = threaded_from_;
    if (code_.size() > threaded_cap_) {
        // Room for a longer driver or block later without moving every handler slot.
        threaded_cap_ = code_.size() + code_.size() / 4 + 64;
        threaded_.assign(2 * threaded_cap_, Instr{});
        from = 0;
    }
    for (size_t i = from; i < code_.size(); ++i) {
        threaded_[i] = code_[i];
        const void* const handler = handlers[static_cast<uint8_t>(code_[i].op)];
        std::memcpy(static_cast<void*>(&threaded_[threaded_cap_ + i]), &handler, sizeof handler);  // its 16 bytes hold the address
    }
    threaded_from_ = code_.size();
}

void Session::set_driver(const uint32_t* rules, size_t n) {
    driver_rules_.assign(rules, rules + n);
    code_.resize(driver_begin_);
    threaded_from_ = std::min<size_t>(threaded_from_, driver_begin_);
    for (size_t i = 0; i < n; ++i) {
        const uint32_t r = rules[i];
        const RuleStart& s = rule_starts_[r];
        const uint32_t result = *reg_offset(rule_reg_ + r);  // the file's size was checked
        // A rule whose code is one `RET_R x` (it returns another rule's value, an input or a
        // constant) and that has no locals: the driver reads x in place when it is ready.
        const Instr* first = s.entry < program_size_ ? &code_[s.entry] : nullptr;
        if (first && first->op == static_cast<Op>(Spec::RET_R) && program_.rules[r].locals == 0)
            code_.push_back(Instr{static_cast<Op>(Spec::CALL_R), 0, 0, result, first->x, s.entry});
        else
            code_.push_back(Instr{static_cast<Op>(Spec::CALL), 0, 0, result, *reg_offset(s.locals), s.entry});
    }
    code_.push_back(Instr{static_cast<Op>(Spec::STOP), 0, 0, 0});
}

// Asked case after case: the test inline in evaluate, the block made out of line.
inline bool Session::straight_block_for(const uint32_t* rules, size_t n) {
    if (!same_rules(straight_rules_, rules, n)) {
        straight_rules_.assign(rules, rules + n);
        straight_state_ = Straight::SeenOnce;
        return false;
    }
    if (straight_state_ != Straight::SeenOnce) [[likely]] return straight_state_ == Straight::Made;
    return make_straight_block(rules, n);
}

bool Session::make_straight_block(const uint32_t* rules, size_t n) {
    // The block goes between the program's forms and the driver, which is made again after it.
    const uint32_t begin = 2 * program_size_;
    FuseRegisters regs;
    regs.first_rule = rule_reg_;
    regs.starts = rule_starts_.data();
    regs.code_ends = code_ends_.data();
    auto block = fuse(program_, code_.data(), begin, rules, n, regs);
    straight_state_ = block ? Straight::Made : Straight::Impossible;
    code_.resize(begin);
    threaded_from_ = std::min<size_t>(threaded_from_, begin);
    if (block) code_.insert(code_.end(), block->begin(), block->end());
    straight_begin_ = begin;
    driver_begin_ = static_cast<uint32_t>(code_.size());
    code_.push_back(Instr{static_cast<Op>(Spec::STOP), 0, 0, 0});
    driver_rules_.clear();  // the driver of no rules, until run_rules makes the one it needs
    return block.has_value();
}

std::optional<bool> Session::working_day(uint32_t calendar, int64_t day) const {
    const DayTable& t = day_tables_[calendar];
    bool covered;
    if (!t.kind.empty()) {
        const DayKind k = t.at(day);
        if (k != DayKind::NotCovered) return k == DayKind::WorkingDay;
        covered = false;
    } else {
        covered = std::any_of(t.covered.begin(), t.covered.end(),
                              [day](const auto& c) { return c.first <= day && day <= c.second; });
        if (covered) {
            const CalendarInfo& cal = program_.calendars[calendar];
            if (std::binary_search(cal.holidays.begin(), cal.holidays.end(), day)) return false;
            if (std::binary_search(cal.workdays.begin(), cal.workdays.end(), day)) return true;
        }
    }
    // Never a plain weekday by default: a deadline must not come from a calendar that was never
    // published (shared/contracts/cn-holidays-2022-2026.md).
    if (!covered && !program_.calendars[calendar].weekends_beyond) return std::nullopt;
    return weekday(static_cast<DayNumber>(day)) <= 5;
}

bool Session::roll_walk(uint32_t calendar, int64_t from, int64_t& to, std::string* message) const {
    // The calendar's table read here, day after day, while it knows the day; working_day answers
    // the rest (a day it does not cover, a calendar too wide for a table).
    const DayTable& t = day_tables_[calendar];
    int64_t d = from;
    for (int guard = 0;; ++d) {
        const DayKind k = t.at(d);
        if (k == DayKind::WorkingDay) break;
        if (k == DayKind::NotCovered) {
            const std::optional<bool> working = working_day(calendar, d);
            if (!working) {
                if (message) *message = no_data(calendar, d, from);
                return false;
            }
            if (*working) break;
        }
        if (++guard > 366 || d >= kMaxDay) {
            if (message) *message = fmt::format("no working day within a year after this date in calendar `{}`", program_.calendars[calendar].name);
            return false;
        }
    }
    to = d;
    return true;
}

std::string Session::no_data(uint32_t calendar, int64_t day, int64_t asked) const {
    const CalendarInfo& cal = program_.calendars[calendar];
    std::string m = cal.no_data_message(ymd_of(static_cast<DayNumber>(day)).year);
    if (day == asked) return fmt::format("{} (asked about {})", m, date_to_string(static_cast<DayNumber>(day)));
    return fmt::format("{} (rolling {} forward reached {})", m, date_to_string(static_cast<DayNumber>(asked)),
                       date_to_string(static_cast<DayNumber>(day)));
}

bool Session::evaluate(const CaseView& c, const uint32_t* rules, size_t n, Value* out, RuntimeError& error) {
    // Straight through when the rules allow it and nothing is traced (an explanation follows the
    // calls); abandoned, or an artifact's output not of its type, and the case is evaluated again
    // by calls, which reports what it always reported.
    ran_straight_ = false;
    if (straight_ && !trace_ && straight_block_for(rules, n)) {
        set_up(c, true);
        if (run_rules(rules, n, out, error, true)) {
            bool fits = true;
            if (program_.from_artifact)
                for (size_t i = 0; i < n && fits; ++i) fits = value_fits(program_, program_.rules[rules[i]].type, out[i], false);
            if (fits) return ran_straight_ = true;
        }
    }
    set_up(c, false);
    // Hosts read results by the rule's declared type (text and lists through pointers); the type
    // checker proved that for programs compiled here, not for loaded artifacts, whose outputs are
    // checked one by one, each before the next is evaluated.
    if (!program_.from_artifact) return run_rules(rules, n, out, error);
    for (size_t i = 0; i < n; ++i) {
        if (!run_rules(rules + i, 1, out + i, error)) return false;
        if (!value_fits(program_, program_.rules[rules[i]].type, out[i], false)) {
            frames_[0].result = regs_.data() + rule_reg_ + rules[i];
            frame_count_ = 1;
            return fail(program_.rules[rules[i]].entry, kInconsistent, error);
        }
    }
    return true;
}

void Session::set_up(const CaseView& c, bool straight) {
    case_ = &c;
    Value* const R = regs_.data();
    const size_t inputs = program_.inputs.size();
    // One block copy; then, unless the case's values already hold them, what the inputs the case
    // does not give start from (a given input's Value has mark 0; ABSENT_INPUT clears any other on
    // one given).
    if (inputs) std::memcpy(static_cast<void*>(R + input_reg_), c.values, inputs * sizeof(Value));
    if (!c.absent_filled) fill_absent(c);
    // A straight-line block writes each rule's register before any instruction reads it (fuse.hpp).
    if (!straight)
        for (uint32_t r = rule_reg_; r < const_reg_; ++r) R[r].pad = kNotReady;
    arena_.reset();
    steps_ = 0;
}

// Out of line: a case decoded by Edict's own decoders never comes here (CaseView::absent_filled),
// and set_up without the loop saves fewer registers.
void Session::fill_absent(const CaseView& c) {
    Value* const R = regs_.data();
    const size_t inputs = program_.inputs.size();
    // Found eight states at a time; an ill-typed input is marked, an error if a rule reads it.
    constexpr uint64_t kAllPresent = 0x0101010101010101ull * static_cast<uint8_t>(InputState::Present);
    auto not_given = [&](size_t k) {
        R[input_reg_ + k] = absent_image_[k];
        if (c.present[k] != InputState::Absent) R[input_reg_ + k].pad = kNotReady;
    };
    size_t i = 0;
    for (; i + 8 <= inputs; i += 8) {
        uint64_t states;
        std::memcpy(&states, c.present + i, sizeof states);
        for (uint64_t other = states ^ kAllPresent; other != 0; other &= other - 1)
            not_given(i + static_cast<size_t>(__builtin_ctzll(other) / 8));
    }
    for (; i < inputs; ++i)
        if (c.present[i] != InputState::Present) not_given(i);
}

std::string while_computing(const std::vector<std::string>& chain) {
    std::string out;
    for (size_t i = 0; i < chain.size(); ++i) out += fmt::format("{}`{}`", i ? " ← " : ", while computing ", chain[i]);
    return out;
}

std::string error_text(const Program& program, const RuntimeError& error) {
    std::string text = error.message + while_computing(error.chain);
    if (error.has_loc) text += fmt::format(" ({})", program.describe(error.loc));
    return text;
}

bool Session::fail(uint32_t pc, std::string message, RuntimeError& error, std::string input, int operand) {
    error.message = std::move(message);
    error.input = std::move(input);
    error.rule = frame_count_ == 0 ? std::string() : program_.rules[rule_of(frames_[frame_count_ - 1])].name;
    error.chain.clear();
    for (size_t i = 0; i < frame_count_; ++i) error.chain.push_back(program_.rules[rule_of(frames_[i])].name);
    error.loc = operand < 0 ? program_.loc_of_pc(pc) : program_.loc_of_operand(pc, static_cast<uint8_t>(operand));
    error.has_loc = true;
    frame_count_ = 0;
    return false;
}

bool Session::run_rules(const uint32_t* rules, size_t n, Value* out, RuntimeError& error, bool straight) {
    const Program& P = program_;
    // Hosts ask for the same rules case after case: the driver is rebuilt only when they change.
    if (!straight && !same_rules(driver_rules_, rules, n)) set_driver(rules, n);
    redo_ = false;
#ifdef EDICT_THREADED_CODE
    // The handler of each op and form, in Op's numbering: generated from opcodes.def and
    // spec_forms.def like everything else that depends on the opcodes and the forms.
    static const void* const kHandlers[] = {
#define OP(name, operands, pops, pushes, doc) &&op_##name,
#include "runtime/bytecode/opcodes.def"
#undef OP
#define SPEC_FORM(name, doc) &&spec_##name,
#include "runtime/vm/spec_forms.def"
#undef SPEC_FORM
    };
    static_assert(sizeof kHandlers / sizeof kHandlers[0] == kOpCount + kSpecCount);
    if (threaded_from_ < code_.size()) [[unlikely]] thread_code(kHandlers);
    const Instr* code = threaded_.data();
    const size_t handler_distance = threaded_cap_ * sizeof(Instr);
#else
    const Instr* code = code_.data();
#endif
    // code[0, N): the specialised code (specialise.hpp); code[N, 2N): the program's, where a
    // specialised instruction bails to; then the straight-line block, if any (fuse.hpp); from
    // driver_begin_: the driver, a CALL of each of `rules`. Jumps and calls go to the specialised
    // code.
    const uint32_t N = program_size_;
    Value* const S = stack_.data();
    const Value* ret = nullptr;  // the value a RET returns
    Value* sp = S;  // the next free stack slot (a pointer: a push or pop is one add, no base)
    // The frame stack, rule states and cache as plain arrays: RULE and RET are most of a policy's
    // instructions after the conditions, and vector bookkeeping was a tenth of evaluation.
    Frame* const frames = frames_.data();
    const RuleStart* const starts = rule_starts_.data();
    Value* const R = regs_.data();
    Value* const cache = R + rule_reg_;
    // A register as the VM's own forms name it, by its byte offset (specialise.hpp, reg_offset).
    auto reg = [R](uint32_t offset) -> const Value& { return *reinterpret_cast<const Value*>(reinterpret_cast<const char*>(R) + offset); };
    auto reg_at = [R](uint32_t offset) { return reinterpret_cast<Value*>(reinterpret_cast<char*>(R) + offset); };
    // Where the value of the rule the driver's `call` evaluates goes: the driver calls rules[k] at
    // its k-th instruction, and the rule's depth-0 RET (or the call, when it needs no frame)
    // writes out[k] -- one copy as each rule is done, not a loop over the rules at the end.
    // (As bytes: an instruction is 16 of them and a Value 32, so the slot is one `lea` from a
    // constant and the call's address, not a subtraction, two shifts and an add.)
    const Instr* const driver = code + driver_begin_;
    static_assert(sizeof(Value) == 2 * sizeof(Instr));
    const uintptr_t out_bias = reinterpret_cast<uintptr_t>(out) - 2 * reinterpret_cast<uintptr_t>(driver);
    auto out_of = [out_bias](const Instr* call) { return reinterpret_cast<Value*>(out_bias + 2 * reinterpret_cast<uintptr_t>(call)); };
    // The frame of the rule being evaluated: frames[0] for the one the driver called, each rule it
    // calls in turn one deeper. The driver's call writes only the two fields its return reads.
    // While a straight-line block runs, `straight_fp`, which no call ever reaches: a return then
    // goes on to the next rule, and anything off the fast path abandons the block (`redo`).
    Frame* const straight_fp = frames + P.rules.size() + 1;
    Frame* fp = straight ? straight_fp : frames;
    Value* L = R;
    // The instruction being executed: the driver's first (or the block's). One pointer, not a pair
    // of the current and the next (a jump sets it to its target), so the loop keeps one register
    // fewer busy.
    const Instr* in = straight ? code + straight_begin_ : driver;
    const InputState* const present = case_->present;
    const Value* const K = P.constants.data();

    // Where an instruction that read a rule not yet evaluated runs again once the rule returns: a
    // specialised one that bailed (now at its copy in code[N, 2N)) runs as its specialised form.
    auto resume_pc = [code, N](const Instr* at) {
        const uint32_t pc = static_cast<uint32_t>(at - code);
        return pc >= N && pc < 2 * N ? pc - N : pc;
    };
    // fail() reports the chain of rules being evaluated, so it sees how deep this loop is.
#define FAIL_WITH_AT(msg, input, operand)                                           \
    do {                                                                            \
        if (fp == straight_fp) goto redo; /* calls will report it */                \
        frame_count_ = static_cast<size_t>(fp - frames) + 1;                       \
        const uint32_t pc_ = static_cast<uint32_t>(in - code);                      \
        return fail(pc_ < N ? pc_ : pc_ - N, (msg), error, (input), (operand));     \
    } while (0)
#define FAIL_WITH(msg, input) FAIL_WITH_AT((msg), (input), -1)
#define FAIL(msg) FAIL_WITH((msg), std::string())
    // The slot beside a definition's value holds its index, as DEF_JOIN wrote it.
    auto names_definition = [&P](const Value& v) {
        return v.tag == Tag::Int && v.i >= 0 && static_cast<uint64_t>(v.i) < P.definitions.size();
    };
    // Threaded dispatch where the compiler has computed goto (GCC, Clang): each handler ends in its
    // own indirect jump, so the branch predictor learns opcode pairs instead of one shared jump.
#ifdef EDICT_THREADED_CODE
    // Each instruction's handler is at the same place in the copy's second half (thread_code): a
    // dispatch is one indirect jump, no load of the op and of the table's entry.
#define DISPATCH goto* *reinterpret_cast<void* const*>(reinterpret_cast<const char*>(in) + handler_distance)
#define DISPATCH_ON(op) DISPATCH;
#define CASE(name) op_##name:
#define SPEC(name) spec_##name:
#else
#define DISPATCH_ON(op) switch (static_cast<uint8_t>(op))
#define CASE(name) case static_cast<uint8_t>(Op::name):
#define SPEC(name) case static_cast<uint8_t>(Spec::name):
#define DISPATCH continue
#endif
    // Runs the next instruction; GO: the instruction at `target`.
#define NEXT        \
    {               \
        ++in;       \
        DISPATCH;   \
    }
#define GO(target)      \
    {                   \
        in = (target);  \
        DISPATCH;       \
    }
    // Runs the instruction k on, known to be of form `form` (the _THEN_ forms, spec_forms.def):
    // that form's body (form##_BODY, written once for both), here, with no dispatch to it.
#define THEN_AT(k, form)      \
    {                         \
        in += (k);            \
        form##_BODY(NEXT)     \
    }
#define THEN(form) THEN_AT(1, form)
    // The same, with `then` after that form's body: the body of a _THEN_ variant run as the second
    // form of an _INTO_ one (spec_forms.def, INTO_FORM). Not THEN_AT itself, which a macro cannot
    // expand again inside its own expansion.
#define PAIR_AT(k, form, then) \
    {                          \
        in += (k);             \
        form##_BODY(then)      \
    }
    // Input i, whose register is marked: a host's Value given with a mark (cleared, kept for the
    // next read), an ill-typed input, or one the case does not give and that has neither a default
    // nor null to start from (set_up puts those in its register: absent_inputs), an error at the
    // instruction's operand `operand` (x 0, y 1) or, for -1, at the instruction.
#define ABSENT_INPUT(i, operand)                                                                             \
    {                                                                                                        \
        const InputInfo& inp_ = P.inputs[i];                                                                 \
        if (present[i] == InputState::Present) R[input_reg_ + (i)].pad = 0; /* a host's Value, marked */   \
        else if (present[i] == InputState::IllTyped) FAIL_WITH_AT(case_->messages[i], inp_.name, operand);   \
        else FAIL_WITH_AT(fmt::format("missing input `{}` ({})", inp_.name, P.types.name(inp_.type)), inp_.name, operand); \
    }
    // Enters rule r (not yet evaluated in this case); its RET resumes at `resume`, pushing the value
    // when `push` (RULE) or not (an operand: the instruction runs again and reads the cache).
#define CALL_RULE(r, resume, push, operand)                                                            \
    {                                                                                                  \
        if (fp == straight_fp) goto redo; /* every rule a block reads is done: never here */         \
        if (cache[r].pad == kEvaluating)                                                               \
            FAIL_WITH_AT(fmt::format("rule `{}` depends on itself", P.rules[r].name), std::string(), operand); \
        if (++steps_ > budget_) FAIL_WITH_AT("evaluation budget exceeded", std::string(), operand);    \
        *++fp = {cache + (r), L, code + (resume), sp, (push)};                                         \
        cache[r].pad = kEvaluating;                                                                    \
        L = R + starts[r].locals;                                                                      \
        GO(code + starts[r].entry)                                                                     \
    }
    // Points `dst` at the value operand `ref` (a register, 0 for the stack) names; `slot` is where
    // it lies if on the stack (the caller pops after reading every operand). A register not ready
    // is an input the case does not give (its default, null or an error) or a rule this case has
    // not evaluated yet: that rule is called first and this instruction runs again on its return
    // (nothing has been popped by then).
#define OPERAND(dst, ref, slot, operand)                           \
    {                                                              \
        const uint32_t ref_ = (ref);                               \
        if (ref_ == 0) {                                           \
            dst = (slot);                                          \
        } else {                                                   \
            dst = R + ref_;                                        \
            if (dst->pad != 0) [[unlikely]] {                      \
                if (ref_ < rule_reg_) ABSENT_INPUT(ref_ - input_reg_, operand) \
                else if (ref_ < const_reg_) {                      \
                    CALL_RULE(ref_ - rule_reg_, resume_pc(in), false, operand) \
                }                                                  \
            }                                                      \
        }                                                          \
    }
#define OPERAND1(A)                      \
    const Value* A = nullptr;            \
    OPERAND(A, in->x, sp - 1, 0)         \
    sp -= in->x == 0;
#define OPERANDS2(A, B)                                              \
    const Value* A = nullptr;                                        \
    const Value* B = nullptr;                                        \
    OPERAND(A, in->x, sp - 1 - (in->y == 0), 0)                      \
    OPERAND(B, in->y, sp - 1, 1)                                     \
    sp -= (in->x == 0) + (in->y == 0);
    // The jump of a form: its c is the byte distance to the target (specialise.hpp, jump_offset).
#define JUMP_REL() GO(reinterpret_cast<const Instr*>(reinterpret_cast<const char*>(in) + static_cast<int32_t>(in->c)))
    // A specialised instruction whose fast path does not apply runs the program's instruction.
#define BAIL                                  \
    {                                         \
        if (fp == straight_fp) goto redo;     \
        GO(in + N)                            \
    }
    for (;;) {
        DISPATCH_ON(in->op) {
#define CONST_BODY(then) { *sp++ = K[in->c]; then; }
            CASE(CONST) CONST_BODY(NEXT)
            CASE(PUSH_NULL) *sp++ = Value::null(); NEXT;
            CASE(PUSH_EMPTY) *sp++ = Value::empty(); NEXT;
            CASE(INPUT) {
                if (R[input_reg_ + in->c].pad != 0) [[unlikely]] ABSENT_INPUT(in->c, -1)
                *sp++ = R[input_reg_ + in->c];
                NEXT;
            }
            CASE(RULE) {
                if (cache[in->c].pad == 0) { *sp++ = cache[in->c]; NEXT; }
                CALL_RULE(in->c, static_cast<uint32_t>(in + 1 - code), true, -1)
            }
            CASE(RET) {
                OPERAND1(A)
                ret = A;
                goto do_ret;
            }
            SPEC(RET_S) ret = sp - 1; goto do_ret;
            SPEC(RET_R) {
                const Value& A = reg(in->x);
                if (A.pad) BAIL
                ret = &A;
                goto do_ret;
            }
            // A comparison returned as a bool: the value is built in the free stack slot.
#define RET_CMP_RR(name, rel)                        \
    SPEC(name) {                                     \
        const Value& A = reg(in->x);                 \
        const Value& B = reg(in->y);                 \
        if (A.pad | B.pad) BAIL                      \
        put_word(sp[0], Tag::Bool, A.i rel B.i);     \
        ret = sp;                                    \
        goto do_ret;                                 \
    }
#define RET_CMP_RK(name, rel)                                            \
    SPEC(name) {                                                         \
        const Value& A = reg(in->x);                                     \
        if (A.pad) BAIL                                                  \
        put_word(sp[0], Tag::Bool, A.i rel static_cast<int32_t>(in->y)); \
        ret = sp;                                                        \
        goto do_ret;                                                     \
    }
            RET_CMP_RR(RET_EQ_RR, ==) RET_CMP_RR(RET_NE_RR, !=) RET_CMP_RR(RET_LT_RR, <)
            RET_CMP_RR(RET_LE_RR, <=) RET_CMP_RR(RET_GT_RR, >) RET_CMP_RR(RET_GE_RR, >=)
            RET_CMP_RK(RET_EQ_RK, ==) RET_CMP_RK(RET_NE_RK, !=) RET_CMP_RK(RET_LT_RK, <)
            RET_CMP_RK(RET_LE_RK, <=) RET_CMP_RK(RET_GT_RK, >) RET_CMP_RK(RET_GE_RK, >=)
#undef RET_CMP_RK
#undef RET_CMP_RR
            do_ret: {
                const Value& v = *ret;
                if (fp == straight_fp) {  // a straight-line block: the next rule follows the rule's FUSED_END
                    const Instr* end = reinterpret_cast<const Instr*>(reinterpret_cast<const char*>(in) + in->c);
                    put_twice(*reg_at(end->c), *reinterpret_cast<Value*>(reinterpret_cast<char*>(out) + end->x), v);
                    sp = S;
                    GO(end + 1)
                }
                const Frame& f = *fp;
                *f.result = v;  // its pad 0: evaluated
                if (fp == frames) {  // back to the driver, the value out to the host
                    *out_of(f.resume - 1) = v;
                    GO(f.resume)
                }
                --fp;
                L = f.caller_locals;
                sp = f.stack_base;
                if (f.push_result) *sp++ = v;
                GO(f.resume)
            }
            // The driver: each requested rule in turn, all in this one loop (entering the loop cost
            // more than most rules); one already evaluated as another's dependency is skipped.
            SPEC(CALL) {
                Value* const result = reg_at(in->c);
                if (result->pad == 0) {  // nothing is being evaluated here: it is done
                    *out_of(in) = *result;
                    NEXT;
                }
                fp->result = result;  // fp is frames[0]: the driver runs between rules
                fp->resume = in + 1;
                result->pad = kEvaluating;
                L = reg_at(in->x);
                sp = S;
                GO(code + in->y)
            }
            SPEC(CALL_R) {
                Value* const result = reg_at(in->c);
                if (result->pad == 0) {
                    *out_of(in) = *result;
                    NEXT;
                }
                const Value& v = reg(in->x);
                if (v.pad == 0) {  // what its RET_R would return: no frame, no dispatch
                    *result = v;
                    *out_of(in) = v;
                    NEXT;
                }
                fp->result = result;  // not ready: enter the rule, whose RET_R runs the program's RET
                fp->resume = in + 1;
                result->pad = kEvaluating;
                L = R;  // the rule has no locals
                sp = S;
                GO(code + in->y)
            }
            SPEC(STOP) return true;  // every value is out
            // The straight-line block (fuse.hpp).
            SPEC(FUSED_START) L = reg_at(in->x); NEXT;
            SPEC(FUSED_LOCALS) L = reg_at(in->x); NEXT;
            SPEC(FUSED_END) goto redo;  // read by returns, never run (were it run, calls would decide)
            // RET_S and RET_R of a straight-line block, which know where everything goes. What
            // follows a return is the next rule's first instruction, its jump target (c): `then`
            // runs the instruction after `in` (NEXT, or that form's body: INTO_FORM), so `in` is
            // put just before the target (the compiler folds the - 1 into NEXT's + 1).
#define GO_ON_TO_NEXT_RULE(then)                                                                                 \
    {                                                                                                            \
        in = reinterpret_cast<const Instr*>(reinterpret_cast<const char*>(in) + static_cast<int32_t>(in->c)) - 1; \
        then;                                                                                                    \
    }
#define STRAIGHT_RET_S_BODY(then)                                           \
    {                                                                       \
        put_twice(*reg_at(in->x), *reinterpret_cast<Value*>(reinterpret_cast<char*>(out) + in->y), sp[-1]); \
        sp = S;                                                             \
        GO_ON_TO_NEXT_RULE(then)                                            \
    }
#define STRAIGHT_RET_R_BODY(then)                                           \
    {                                                                       \
        const Value& v = reg(in->x);                                        \
        if (v.pad) goto redo; /* RET_R would bail: calls decide */          \
        put_twice(R[in->b], *reinterpret_cast<Value*>(reinterpret_cast<char*>(out) + in->y), v); \
        GO_ON_TO_NEXT_RULE(then)                                            \
    }
            SPEC(STRAIGHT_RET_S) STRAIGHT_RET_S_BODY(NEXT)
            SPEC(STRAIGHT_RET_R) STRAIGHT_RET_R_BODY(NEXT)
            SPEC(FUSED_STOP) {
                // Evaluation by calls counts a step for each rule a rule calls (at most one per rule
                // here) besides the loops' turns counted already: when those could pass the budget,
                // calls decide whether they do.
                if (steps_ + in->c > budget_) goto redo;
                return true;
            }
            CASE(PARAM_AT) {
                OPERAND1(A)
                const ParamInfo& p = P.params[in->c];
                const int64_t day = A->i;
                auto it = std::upper_bound(p.values.begin(), p.values.end(), day,
                                           [](int64_t d, const DatedValue& v) { return d < v.from_day; });
                if (it == p.values.begin())
                    FAIL(fmt::format("parameter `{}` has no value in force on {}", p.name,
                                     date_to_string(static_cast<DayNumber>(day))));
                *sp++ = P.constants[std::prev(it)->constant];
                NEXT;
            }
#define LOCAL_BODY(then) { *sp++ = L[in->b]; then; }
            CASE(LOCAL) LOCAL_BODY(NEXT)
            CASE(SET_LOCAL) {
                OPERAND1(A)
                L[in->b] = *A;
                NEXT;
            }
            CASE(POP) --sp; NEXT;
            CASE(JUMP) GO(code + in->c)
            CASE(JUMP_IF_FALSE) {
                OPERAND1(A)
                if (!A->i) GO(code + in->c)
                NEXT;
            }
            CASE(JUMP_IF_TRUE) {
                OPERAND1(A)
                if (A->i) GO(code + in->c)
                NEXT;
            }
            CASE(JUMP_IF_NOT_NULL) if (!sp[-1].is_null()) GO(code + in->c) NEXT;
#define JUMP_IF_SET_BODY(then)                           \
    {                                                    \
        if (!L[in->b].is_empty()) GO(code + in->c)       \
        then;                                            \
    }
            CASE(JUMP_IF_SET) JUMP_IF_SET_BODY(NEXT)
            CASE(POP_JUMP_IF_NULL) {
                OPERAND1(A)
                if (A->is_null()) GO(code + in->c)
                NEXT;
            }
            CASE(POP_JUMP_IF_NOT_NULL) {
                OPERAND1(A)
                if (!A->is_null()) GO(code + in->c)
                NEXT;
            }
            CASE(JUMP_IF_NOT_CMP) {
                OPERANDS2(A, B)
                if (!compare_holds(*A, *B, in->a, in->b)) GO(code + in->c)
                NEXT;
            }
            // Typed compare-and-jump: class int compares the 8-byte payloads; a jump is taken by
            // adding its byte offset to the instruction's address (JUMP_REL).
#define JUMP_IF_NOT_RR_BODY(rel, then)           \
    {                                            \
        const Value& A = reg(in->x);             \
        const Value& B = reg(in->y);             \
        if (A.pad | B.pad) BAIL                  \
        if (!(A.i rel B.i)) JUMP_REL();          \
        then;                                    \
    }
#define JUMP_IF_NOT_RR(name, rel) SPEC(name) JUMP_IF_NOT_RR_BODY(rel, NEXT)
#define JUMP_IF_NOT_LE_RR_BODY(then) JUMP_IF_NOT_RR_BODY(<=, then)
#define JUMP_IF_NOT_RK_BODY(rel, then)                              \
    {                                                               \
        const Value& A = reg(in->x);                                \
        if (A.pad) BAIL                                             \
        if (!(A.i rel static_cast<int32_t>(in->y))) JUMP_REL();    \
        then;                                                       \
    }
#define JUMP_IF_NOT_RK(name, rel) SPEC(name) JUMP_IF_NOT_RK_BODY(rel, NEXT)
#define JUMP_IF_NOT_EQ_RK_BODY(then) JUMP_IF_NOT_RK_BODY(==, then)
            JUMP_IF_NOT_RR(JUMP_IF_NOT_EQ_RR, ==) JUMP_IF_NOT_RR(JUMP_IF_NOT_NE_RR, !=)
            JUMP_IF_NOT_RR(JUMP_IF_NOT_LT_RR, <) JUMP_IF_NOT_RR(JUMP_IF_NOT_LE_RR, <=)
            JUMP_IF_NOT_RR(JUMP_IF_NOT_GT_RR, >) JUMP_IF_NOT_RR(JUMP_IF_NOT_GE_RR, >=)
            JUMP_IF_NOT_RK(JUMP_IF_NOT_EQ_RK, ==) JUMP_IF_NOT_RK(JUMP_IF_NOT_NE_RK, !=)
            JUMP_IF_NOT_RK(JUMP_IF_NOT_LT_RK, <) JUMP_IF_NOT_RK(JUMP_IF_NOT_LE_RK, <=)
            JUMP_IF_NOT_RK(JUMP_IF_NOT_GT_RK, >) JUMP_IF_NOT_RK(JUMP_IF_NOT_GE_RK, >=)
#define JUMP_IF_NOT_SS(name, rel)                    \
    SPEC(name) {                                     \
        sp -= 2;                                     \
        if (!(sp[0].i rel sp[1].i)) JUMP_REL();      \
        NEXT;                                        \
    }
            JUMP_IF_NOT_SS(JUMP_IF_NOT_EQ_SS, ==) JUMP_IF_NOT_SS(JUMP_IF_NOT_NE_SS, !=)
            JUMP_IF_NOT_SS(JUMP_IF_NOT_LT_SS, <) JUMP_IF_NOT_SS(JUMP_IF_NOT_LE_SS, <=)
            JUMP_IF_NOT_SS(JUMP_IF_NOT_GT_SS, >) JUMP_IF_NOT_SS(JUMP_IF_NOT_GE_SS, >=)
#define JUMP_IF_NOT_DZ(name, rel)        \
    SPEC(name) {                         \
        const Value& A = reg(in->x);     \
        if (A.pad) BAIL                  \
        if (!(A.mant rel 0)) JUMP_REL(); \
        NEXT;                            \
    }
            JUMP_IF_NOT_DZ(JUMP_IF_NOT_EQ_DZ, ==) JUMP_IF_NOT_DZ(JUMP_IF_NOT_NE_DZ, !=)
            JUMP_IF_NOT_DZ(JUMP_IF_NOT_LT_DZ, <) JUMP_IF_NOT_DZ(JUMP_IF_NOT_LE_DZ, <=)
            JUMP_IF_NOT_DZ(JUMP_IF_NOT_GT_DZ, >) JUMP_IF_NOT_DZ(JUMP_IF_NOT_GE_DZ, >=)
#undef JUMP_IF_NOT_DZ
#undef JUMP_IF_NOT_SS
#undef JUMP_IF_NOT_RK
#undef JUMP_IF_NOT_RR
    // A jump on a register (a bool, or whether it is null): `taken` is the condition on A.
#define JUMP_IF_R_BODY(taken, then)      \
    {                                    \
        const Value& A = reg(in->x);     \
        if (A.pad) BAIL                  \
        if (taken) JUMP_REL();           \
        then;                            \
    }
#define JUMP_IF_FALSE_R_BODY(then) JUMP_IF_R_BODY(!A.i, then)
#define POP_JUMP_IF_NULL_R_BODY(then) JUMP_IF_R_BODY(A.is_null(), then)
#define POP_JUMP_IF_NOT_NULL_R_BODY(then) JUMP_IF_R_BODY(!A.is_null(), then)
            SPEC(JUMP_IF_FALSE_R) JUMP_IF_FALSE_R_BODY(NEXT)
            SPEC(JUMP_IF_TRUE_R) JUMP_IF_R_BODY(A.i, NEXT)
            SPEC(POP_JUMP_IF_NULL_R) POP_JUMP_IF_NULL_R_BODY(NEXT)
            SPEC(POP_JUMP_IF_NOT_NULL_R) POP_JUMP_IF_NOT_NULL_R_BODY(NEXT)
#define SET_LOCAL_R_BODY(then)           \
    {                                    \
        const Value& A = reg(in->x);     \
        if (A.pad) BAIL                  \
        L[in->b] = A;                    \
        then;                            \
    }
            SPEC(SET_LOCAL_R) SET_LOCAL_R_BODY(NEXT)
#define SET_LOCAL_S_BODY(then) { L[in->b] = *--sp; then; }
            SPEC(SET_LOCAL_S) SET_LOCAL_S_BODY(NEXT)
            SPEC(CLEAR_LOCAL) {
                L[in->b] = Value::empty();
                GO(in + 2)
            }
#define CLEAR_LOCALS_BODY(then)          \
    {                                    \
        L[in->b] = Value::empty();       \
        L[in->c] = Value::empty();       \
        then;                            \
    }
            SPEC(CLEAR_LOCALS) CLEAR_LOCALS_BODY(GO(in + 4))
#define INPUT_R_BODY(then)               \
    {                                    \
        const Value& A = reg(in->c);     \
        if (A.pad) BAIL                  \
        *sp++ = A;                       \
        then;                            \
    }
            SPEC(INPUT_R) INPUT_R_BODY(NEXT)
            // Word arithmetic (specialise.hpp): the same functions as the program's instructions,
            // on the operands' payloads; anything out of range runs the program's instruction.
            SPEC(MIN2_INT) {
                --sp;
                if (sp[0].i < sp[-1].i) sp[-1] = sp[0];
                NEXT;
            }
#define MAX2_INT_BODY(then)                             \
    {                                                   \
        --sp;                                           \
        if (sp[0].i > sp[-1].i) sp[-1] = sp[0];         \
        then;                                           \
    }
            SPEC(MAX2_INT) MAX2_INT_BODY(NEXT)
            // Money arithmetic on the stack (spec_forms.def): x is S[-2], y the top; the result
            // takes x's place. Off the fast path, the program's instruction (for MUL_DEC_INT_SS,
            // INT_TO_DEC then MUL_DEC) computes it in 128 bits or reports the overflow.
            SPEC(MUL_DEC_INT_SS) {
                Decimal r;
                if (!dec_mul_fast(sp[-2].dec(), Decimal{sp[-1].i, 0}, r)) BAIL
                --sp;
                put_decimal(sp[-1], r);
                GO(in + 2)  // past the MUL_DEC
            }
#define DEC_ARITHMETIC_SS(name, fast)      \
    SPEC(name) {                           \
        const Decimal x = sp[-2].dec();    \
        const Decimal y = sp[-1].dec();    \
        Decimal r;                         \
        if (!(fast)) BAIL                  \
        --sp;                              \
        put_decimal(sp[-1], r);            \
        NEXT;                              \
    }
            DEC_ARITHMETIC_SS(MUL_DEC_SS, dec_mul_fast(x, y, r))
            DEC_ARITHMETIC_SS(ADD_DEC_SS, dec_add_fast(x, y, false, r))
            DEC_ARITHMETIC_SS(SUB_DEC_SS, dec_add_fast(x, y, true, r))
#undef DEC_ARITHMETIC_SS
            SPEC(MONTH_OF_R) {
                const Value& A = reg(in->x);
                if (A.pad) BAIL
                put_word(*sp++, Tag::Month, month_of(static_cast<DayNumber>(A.i)));
                NEXT;
            }
            SPEC(FIRST_DAY_R) {
                const Value& A = reg(in->x);
                if (A.pad) BAIL
                put_word(*sp++, Tag::Date, first_day_of(static_cast<MonthNumber>(A.i)));
                NEXT;
            }
#define DATE_ARITHMETIC_RR_BODY(add, then)                                \
    {                                                                     \
        const Value& A = reg(in->x);                                      \
        const Value& B = reg(in->y);                                      \
        if (A.pad | B.pad) BAIL                                           \
        DayNumber r;                                                      \
        if (!add(static_cast<DayNumber>(A.i), B.i, r)) BAIL               \
        put_word(*sp++, Tag::Date, r);                                    \
        then;                                                             \
    }
#define ADD_DAYS_RR_BODY(then) DATE_ARITHMETIC_RR_BODY(add_days, then)
#define ADD_MONTHS_RR_BODY(then) DATE_ARITHMETIC_RR_BODY(add_months, then)
#define ADD_YEARS_RR_BODY(then) DATE_ARITHMETIC_RR_BODY(add_years, then)
            SPEC(ADD_DAYS_RR) ADD_DAYS_RR_BODY(NEXT)
            SPEC(ADD_MONTHS_RR) ADD_MONTHS_RR_BODY(NEXT)
            SPEC(ADD_YEARS_RR) ADD_YEARS_RR_BODY(NEXT)
            SPEC(ADD_DAYS_RS) {
                const Value& A = reg(in->x);
                if (A.pad) BAIL
                DayNumber r;
                if (!add_days(static_cast<DayNumber>(A.i), sp[-1].i, r)) BAIL
                put_word(sp[-1], Tag::Date, r);
                NEXT;
            }
#define MONTHS_BETWEEN_RR_BODY(then)                                                                               \
    {                                                                                                              \
        const Value& A = reg(in->x);                                                                               \
        const Value& B = reg(in->y);                                                                               \
        if (A.pad | B.pad) BAIL                                                                                    \
        put_word(*sp++, Tag::Int, months_between(static_cast<MonthNumber>(A.i), static_cast<MonthNumber>(B.i)));   \
        then;                                                                                                      \
    }
            SPEC(MONTHS_BETWEEN_RR) MONTHS_BETWEEN_RR_BODY(NEXT)
            SPEC(MONTH_ADD_SK) {
                MonthNumber r;
                if (!add_month_count(static_cast<MonthNumber>(sp[-1].i), static_cast<int32_t>(in->y), r)) BAIL
                put_word(sp[-1], Tag::Month, r);
                NEXT;
            }
            SPEC(ADD_INT_SK) {
                int64_t r;
                if (__builtin_add_overflow(sp[-1].i, static_cast<int64_t>(static_cast<int32_t>(in->y)), &r)) BAIL
                put_word(sp[-1], Tag::Int, r);
                NEXT;
            }
            SPEC(DAYS_BETWEEN_RR) {
                const Value& A = reg(in->x);
                const Value& B = reg(in->y);
                if (A.pad | B.pad) BAIL
                put_word(*sp++, Tag::Int, A.i - B.i);  // as DAYS_BETWEEN: two days of 1..9999 never overflow
                NEXT;
            }
            // ROLL on the stack's top or a register (spec_forms.def). A day the table leaves to the
            // walk is walked here too, so that a straight-line block is not abandoned for it (a policy
            // that accepts weekends beyond its calendar's years rolls such days every case); a walk
            // that fails bails, and the program's ROLL walks again and reports.
#define ROLL_S_BODY(then)                                                       \
    {                                                                           \
        int64_t d;                                                              \
        if (!roll(in->c, sp[-1].i, d)) [[unlikely]] BAIL                        \
        put_word(sp[-1], Tag::Date, d); /* whole, as ROLL writes it (put_word says why) */ \
        then;                                                                   \
    }
            SPEC(ROLL_S) ROLL_S_BODY(NEXT)
            SPEC(ROLL_R) {
                const Value& A = reg(in->x);
                if (A.pad) BAIL
                int64_t d;
                if (!roll(in->c, A.i, d)) [[unlikely]] BAIL
                put_word(*sp++, Tag::Date, d);
                NEXT;
            }
            // The filtered least or greatest of a few inputs (spec_forms.def): the program's loop,
            // its elements and tests read from the program's copy, with no list, iterator or stack.
            // Every check that could stop the loop midway is made before anything is written.
            SPEC(FILTERED_MIN_OF_INPUTS) {
                // Its program copy: n INPUTs, MAKE_LIST, ITER_START, ITER_NEXT, SET_LOCAL, the tests.
                const Instr* const items = reinterpret_cast<const Instr*>(reinterpret_cast<const char*>(in) + static_cast<int32_t>(in->y));
                const uint32_t n = in->a >> 1u;
                const Instr* const tests = items + n + 4;  // up to `LOCAL d`
                Value* const element = reg_at(in->x);
                if (element != L + in->b || steps_ + n + 1 > budget_) BAIL
                for (uint32_t j = 0; j < n; ++j)
                    if (R[input_reg_ + items[j].c].pad) BAIL
                for (const Instr* t = tests; t->op != Op::LOCAL; ++t)
                    if (R[t->x].pad | (t->op == Op::JUMP_IF_NOT_CMP ? R[t->y].pad : 0)) BAIL
                steps_ += n + 1;  // one per ITER_NEXT, the last finding the end
                const Value* best = nullptr;
                for (uint32_t j = 0; j < n; ++j) {
                    const Value& v = R[input_reg_ + items[j].c];
                    *element = v;  // SET_LOCAL d: the tests read it there
                    const Instr* t = tests;
                    while (t->op != Op::LOCAL &&
                           (t->op == Op::POP_JUMP_IF_NULL ? !R[t->x].is_null() : compare_holds(R[t->x], R[t->y], kCmpInt, t->b)))
                        ++t;
                    if (t->op != Op::LOCAL || v.is_null()) continue;  // skipped, or kept and skipped by LIST_MIN
                    if (!best || ((in->a & 1u) ? v.i > best->i : v.i < best->i)) best = &v;
                }
                *sp++ = best ? *best : Value::null();
                GO(reinterpret_cast<const Instr*>(reinterpret_cast<const char*>(in) + static_cast<int32_t>(in->c)))
            }
            CASE(NOT) {
                OPERAND1(A)
                const bool r = !A->i;
                put_word(*sp++, Tag::Bool, r);
                NEXT;
            }
            CASE(IS_NULL) {
                OPERAND1(A)
                const bool r = A->is_null();
                put_word(*sp++, Tag::Bool, r);
                NEXT;
            }
            CASE(ADD_INT) CASE(SUB_INT) CASE(MUL_INT) {
                OPERANDS2(A, B)
                const int64_t a = A->i, b = B->i;
                int64_t r;
                bool over = in->op == Op::ADD_INT   ? __builtin_add_overflow(a, b, &r)
                            : in->op == Op::SUB_INT ? __builtin_sub_overflow(a, b, &r)
                                                   : __builtin_mul_overflow(a, b, &r);
                if (over) FAIL("integer overflow: the result does not fit 64 bits");
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(NEG_INT) {
                OPERAND1(A)
                int64_t r;
                if (__builtin_sub_overflow(int64_t{0}, A->i, &r)) FAIL("integer overflow in negation");
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(ADD_DEC) CASE(SUB_DEC) CASE(MUL_DEC) {
                OPERANDS2(A, B)
                Decimal r;
                DecStatus st = in->op == Op::ADD_DEC   ? dec_add(A->dec(), B->dec(), r)
                               : in->op == Op::SUB_DEC ? dec_sub(A->dec(), B->dec(), r)
                                                      : dec_mul(A->dec(), B->dec(), r);
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                put_decimal(*sp++, r);
                NEXT;
            }
            CASE(NEG_DEC) {
                OPERAND1(A)
                Decimal r;
                if (dec_neg(A->dec(), r) != DecStatus::Ok) FAIL(dec_problem(DecStatus::Overflow));
                put_decimal(*sp++, r);
                NEXT;
            }
            CASE(DIV_DEC) {
                OPERANDS2(A, B)
                Decimal r;
                DecStatus st = dec_div(A->dec(), B->dec(), in->a, static_cast<Rounding>(in->b), r);
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                put_decimal(*sp++, r);
                NEXT;
            }
            CASE(ROUND) {
                OPERAND1(A)
                Decimal r;
                DecStatus st = dec_round(A->dec(), in->a, static_cast<Rounding>(in->b), r);
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                put_decimal(*sp++, r);
                NEXT;
            }
            CASE(DEC_TO_INT) {
                OPERAND1(A)
                int64_t r = 0;
                const DecStatus st = dec_to_int(A->dec(), static_cast<Rounding>(in->b), r);
                if (st == DecStatus::Overflow) FAIL("the whole number does not fit a 64-bit integer");
                if (st != DecStatus::Ok) FAIL(dec_problem(st));
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(INT_TO_DEC) {
                Value& v = sp[-1 - in->a];
                put_decimal(v, Decimal{v.i, 0});  // decimal_from_int, without the call
                NEXT;
            }
            CASE(CMP) {
                OPERANDS2(A, B)
                const bool r = compare_holds(*A, *B, in->a, in->b);
                put_word(*sp++, Tag::Bool, r);
                NEXT;
            }
            CASE(ADD_DAYS) CASE(ADD_MONTHS) CASE(ADD_YEARS) {
                OPERANDS2(A, B)
                const DayNumber d = static_cast<DayNumber>(A->i);
                const int64_t n = B->i;
                DayNumber r;
                bool ok = in->op == Op::ADD_DAYS     ? add_days(d, n, r)
                          : in->op == Op::ADD_MONTHS ? add_months(d, n, r)
                                                    : add_years(d, n, r);
                if (!ok) FAIL("the resulting date is outside years 1 to 9999");
                put_word(*sp++, Tag::Date, r);
                NEXT;
            }
            CASE(MONTH_ADD) {
                OPERANDS2(A, B)
                MonthNumber r;
                if (!add_month_count(static_cast<MonthNumber>(A->i), B->i, r))
                    FAIL("the resulting month is outside years 1 to 9999");
                put_word(*sp++, Tag::Month, r);
                NEXT;
            }
            CASE(MONTH_OF) {
                OPERAND1(A)
                const MonthNumber r = month_of(static_cast<DayNumber>(A->i));
                put_word(*sp++, Tag::Month, r);
                NEXT;
            }
            CASE(MONTHS_BETWEEN) {
                OPERANDS2(A, B)
                const int64_t r = months_between(static_cast<MonthNumber>(A->i), static_cast<MonthNumber>(B->i));
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(DAYS_BETWEEN) {
                OPERANDS2(A, B)
                const int64_t r = A->i - B->i;
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(FIRST_DAY) {
                OPERAND1(A)
                const DayNumber r = first_day_of(static_cast<MonthNumber>(A->i));
                put_word(*sp++, Tag::Date, r);
                NEXT;
            }
            CASE(LAST_DAY) {
                OPERAND1(A)
                const DayNumber r = last_day_of(static_cast<MonthNumber>(A->i));
                put_word(*sp++, Tag::Date, r);
                NEXT;
            }
            CASE(WEEKDAY) {
                OPERAND1(A)
                const int64_t r = weekday(static_cast<DayNumber>(A->i));
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(YEAR_OF) {
                OPERAND1(A)
                const int64_t r = in->a ? year_of_month(static_cast<MonthNumber>(A->i)) : ymd_of(static_cast<DayNumber>(A->i)).year;
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(MONTH_NUMBER) {
                OPERAND1(A)
                const int64_t r = month_in_year(in->a ? static_cast<MonthNumber>(A->i) : month_of(static_cast<DayNumber>(A->i)));
                put_word(*sp++, Tag::Int, r);
                NEXT;
            }
            CASE(ROLL) {
                OPERAND1(A)
                int64_t d;
                std::string message;
                if (!roll(in->c, A->i, d, &message)) FAIL(message);
                put_word(*sp++, Tag::Date, d);
                NEXT;
            }
            CASE(IS_WORKDAY) {
                OPERAND1(A)
                const int64_t day = A->i;
                std::optional<bool> working = working_day(in->c, day);
                if (!working) FAIL(no_data(in->c, day, day));
                put_word(*sp++, Tag::Bool, *working);
                NEXT;
            }
            CASE(MAKE_LIST) {
                Value* items = arena_.alloc(in->c);
                sp -= in->c;
                std::copy(sp, sp + in->c, items);
                *sp++ = Value::list(items, in->c);
                NEXT;
            }
            CASE(LIST_MIN) CASE(LIST_MAX) {
                OPERAND1(A)
                const Value& l = *A;
                if (l.tag != Tag::List) FAIL(kInconsistent);
                Value best = Value::null();
                for (uint32_t i = 0; i < l.aux; ++i) {
                    const Value& e = l.items[i];
                    if (e.is_null()) continue;
                    int c = best.is_null() ? 0 : compare_values(e, best, in->a);
                    if (best.is_null() || (in->op == Op::LIST_MIN ? c < 0 : c > 0)) best = e;
                }
                *sp++ = best;
                NEXT;
            }
            CASE(LIST_SUM) {
                OPERAND1(A)
                const Value l = *A;
                if (l.tag != Tag::List) FAIL(kInconsistent);
                if (in->a == 0) {
                    int64_t sum = 0;
                    for (uint32_t i = 0; i < l.aux; ++i)
                        if (__builtin_add_overflow(sum, l.items[i].i, &sum)) FAIL("integer overflow in sum");
                    put_word(*sp++, Tag::Int, sum);
                } else {
                    Decimal sum{};
                    for (uint32_t i = 0; i < l.aux; ++i) {
                        DecStatus st = dec_add(sum, l.items[i].dec(), sum);
                        if (st != DecStatus::Ok) FAIL(dec_problem(st));
                    }
                    put_decimal(*sp++, sum);
                }
                NEXT;
            }
            CASE(LIST_COUNT) {
                OPERAND1(A)
                if (A->tag != Tag::List) FAIL(kInconsistent);
                const uint32_t n = A->aux;
                put_word(*sp++, Tag::Int, n);
                NEXT;
            }
            CASE(MIN_N) CASE(MAX_N) {
                sp -= in->c;
                Value best = sp[0];
                for (uint32_t i = 1; i < in->c; ++i) {
                    int c = compare_values(sp[i], best, in->a);
                    if (in->op == Op::MIN_N ? c < 0 : c > 0) best = sp[i];
                }
                *sp++ = best;
                NEXT;
            }
            CASE(MAKE_RECORD) {
                Value* fields = arena_.alloc(in->b);
                sp -= in->b;
                std::copy(sp, sp + in->b, fields);
                *sp++ = Value::record(fields, in->c);
                NEXT;
            }
            CASE(FIELD) {
                OPERAND1(A)
                if (A->tag != Tag::Record || in->c >= P.types.record_at(A->aux).fields.size()) FAIL(kInconsistent);
                const Value field = A->items[in->c];
                *sp++ = field;
                NEXT;
            }
            CASE(TABLE) {
                OPERAND1(A)
                const TableInfo& t = P.tables[in->c];
                Value found = Value::null();
                for (size_t i = 0; i < t.keys.size(); ++i)
                    if (compare_values(P.constants[t.keys[i]], *A, t.key_class) == 0) {
                        found = P.constants[t.values[i]];
                        break;
                    }
                *sp++ = found;
                NEXT;
            }
            CASE(ITER_START) {
                Value list = *--sp;
                if (list.tag != Tag::List) FAIL(kInconsistent);
                L[in->b] = list;
                L[in->b + 1] = Value::integer(0);
                L[in->b + 2] = Value::list(arena_.alloc(list.aux), 0);
                NEXT;
            }
            CASE(ITER_NEXT) {
                int64_t& idx = L[in->b + 1].i;
                if (++steps_ > budget_) FAIL("evaluation budget exceeded");
                if (L[in->b].tag != Tag::List || L[in->b + 1].tag != Tag::Int || idx < 0) FAIL(kInconsistent);
                if (idx >= L[in->b].aux) GO(code + in->c)
                *sp++ = L[in->b].items[idx++];
                NEXT;
            }
            CASE(ITER_KEEP) {
                Value& outl = L[in->b + 2];
                // The buffer holds as many elements as the list being filtered.
                if (outl.tag != Tag::List || L[in->b].tag != Tag::List || outl.aux >= L[in->b].aux) FAIL(kInconsistent);
                const_cast<Value*>(outl.items)[outl.aux++] = *--sp;
                NEXT;
            }
            CASE(ITER_END) *sp++ = L[in->b + 2]; NEXT;
            CASE(DEF_JOIN) {
                OPERAND1(A)
                const Value v = *A;
                if (v.is_empty()) NEXT;
                if (!L[in->b].is_empty()) {
                    if (!names_definition(L[in->b + 1])) FAIL(kInconsistent);
                    const DefinitionInfo& now = P.definitions[in->c];
                    const DefinitionInfo& before = P.definitions[L[in->b + 1].i];
                    FAIL(fmt::format("conflict: two definitions of `{}` apply and neither has priority: {} ({}) and {} ({})",
                                     P.rules[now.rule].name, before.label, P.describe(before.loc), now.label,
                                     P.describe(now.loc)));
                }
                L[in->b] = v;
                L[in->b + 1] = Value::integer(in->c);
                NEXT;
            }
#define DEF_MERGE_BODY(then)                                                                                           \
    {                                                                                                                  \
        if (L[in->c].is_empty()) then;                                                                                 \
        if (!L[in->b].is_empty()) {                                                                                    \
            if (!names_definition(L[in->b + 1]) || !names_definition(L[in->c + 1])) FAIL(kInconsistent);               \
            const DefinitionInfo& now = P.definitions[L[in->c + 1].i];                                                 \
            const DefinitionInfo& before = P.definitions[L[in->b + 1].i];                                              \
            FAIL(fmt::format("conflict: two definitions of `{}` apply and neither has priority: {} ({}) and {} ({})",  \
                             P.rules[now.rule].name, before.label, P.describe(before.loc), now.label,                  \
                             P.describe(now.loc)));                                                                    \
        }                                                                                                              \
        L[in->b] = L[in->c];                                                                                           \
        L[in->b + 1] = L[in->c + 1];                                                                                   \
        then;                                                                                                          \
    }
            CASE(DEF_MERGE) DEF_MERGE_BODY(NEXT)
            // DEF_JOIN's forms (spec_forms.def): a second definition that applies bails before
            // anything is popped, and the program's DEF_JOIN reports the conflict.
#define RECORD_DEFINITION(value)                 \
    {                                            \
        if (!L[in->b].is_empty()) BAIL           \
        L[in->b] = (value);                      \
        put_word(L[in->b + 1], Tag::Int, in->c); \
        NEXT;                                    \
    }
            SPEC(DEF_JOIN_S) {
                if (sp[-1].is_empty()) {
                    --sp;
                    NEXT;
                }
                RECORD_DEFINITION(*--sp)
            }
            SPEC(DEF_JOIN_R) {
                const Value& A = reg(in->x);
                if (A.pad) BAIL
                if (A.is_empty()) NEXT;
                RECORD_DEFINITION(A)
            }
#undef RECORD_DEFINITION
#define DEF_RESULT_BODY(then)                                                                      \
    {                                                                                              \
        if (L[in->b].is_empty())                                                                   \
            FAIL(fmt::format("no definition of `{}` applies to this case", P.rules[in->c].name));  \
        *sp++ = L[in->b];                                                                          \
        then;                                                                                      \
    }
            CASE(DEF_RESULT) DEF_RESULT_BODY(NEXT)
            CASE(ERROR) FAIL(std::string(P.constants[in->c].text_view()));
            CASE(TRACE)  // only in programs generated for explanations; hosts never set a sink
                if (trace_) trace_->push_back({in->c, rule_of(*fp), sp[-1]});
                NEXT;
            // The _THEN_ forms of a straight-line block (spec_forms.def, THEN_FORM; fuse.cpp): a
            // form's body, then the body of the form it is followed by, with no dispatch between.
#define SPEC_FORM(name, doc)
#define THEN_FORM(first, at, second) SPEC(first##_THEN_##second) first##_BODY(THEN_AT(at, second))
#include "runtime/vm/spec_forms.def"
#undef THEN_FORM
#undef SPEC_FORM
            // The _INTO_ forms (spec_forms.def, INTO_FORM; fuse.cpp): a return's body, whose `then`
            // runs the next rule's first form's body at the return's target. The _THEN_ variants an
            // INTO_FORM names, as bodies (their pairs as in THEN_FORM).
#define POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R_BODY(then) POP_JUMP_IF_NOT_NULL_R_BODY(PAIR_AT(1, STRAIGHT_RET_R, then))
#define JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R_BODY(then) JUMP_IF_NOT_EQ_RK_BODY(PAIR_AT(1, STRAIGHT_RET_R, then))
#define CONST_THEN_MONTHS_BETWEEN_RR_BODY(then) CONST_BODY(PAIR_AT(1, MONTHS_BETWEEN_RR, then))
#define ROLL_S_THEN_STRAIGHT_RET_S_BODY(then) ROLL_S_BODY(PAIR_AT(1, STRAIGHT_RET_S, then))
#define MAX2_INT_THEN_STRAIGHT_RET_S_BODY(then) MAX2_INT_BODY(PAIR_AT(1, STRAIGHT_RET_S, then))
#define DEF_RESULT_THEN_STRAIGHT_RET_S_BODY(then) DEF_RESULT_BODY(PAIR_AT(1, STRAIGHT_RET_S, then))
#define SPEC_FORM(name, doc)
#define INTO_FORM(ret, next) SPEC(ret##_INTO_##next) ret##_BODY(THEN(next))
#include "runtime/vm/spec_forms.def"
#undef INTO_FORM
#undef SPEC_FORM
            // The copies of handlers (spec_forms.def, REPLICA_FORM): the form's body again.
#define POP_JUMP_IF_NULL_R_THEN_JUMP_IF_NOT_LE_RR_BODY(then) POP_JUMP_IF_NULL_R_BODY(PAIR_AT(1, JUMP_IF_NOT_LE_RR, then))
#define SPEC_FORM(name, doc)
#define REPLICA_FORM(form, k) SPEC(form##_COPY##k) form##_BODY(NEXT)
#include "runtime/vm/spec_forms.def"
#undef REPLICA_FORM
#undef SPEC_FORM
#undef POP_JUMP_IF_NULL_R_THEN_JUMP_IF_NOT_LE_RR_BODY
#undef POP_JUMP_IF_NOT_NULL_R_THEN_STRAIGHT_RET_R_BODY
#undef JUMP_IF_NOT_EQ_RK_THEN_STRAIGHT_RET_R_BODY
#undef CONST_THEN_MONTHS_BETWEEN_RR_BODY
#undef ROLL_S_THEN_STRAIGHT_RET_S_BODY
#undef MAX2_INT_THEN_STRAIGHT_RET_S_BODY
#undef DEF_RESULT_THEN_STRAIGHT_RET_S_BODY
        }
    }
redo:  // a straight-line block met something off its fast path: evaluate the case again by calls
    redo_ = true;
    return false;
#undef THEN
#undef THEN_AT
#undef PAIR_AT
#undef GO_ON_TO_NEXT_RULE
#undef INPUT_R_BODY
#undef CONST_BODY
#undef LOCAL_BODY
#undef STRAIGHT_RET_S_BODY
#undef STRAIGHT_RET_R_BODY
#undef JUMP_IF_SET_BODY
#undef JUMP_IF_NOT_RR_BODY
#undef JUMP_IF_NOT_LE_RR_BODY
#undef JUMP_IF_NOT_RK_BODY
#undef JUMP_IF_NOT_EQ_RK_BODY
#undef JUMP_IF_R_BODY
#undef JUMP_IF_FALSE_R_BODY
#undef POP_JUMP_IF_NULL_R_BODY
#undef POP_JUMP_IF_NOT_NULL_R_BODY
#undef SET_LOCAL_R_BODY
#undef SET_LOCAL_S_BODY
#undef CLEAR_LOCALS_BODY
#undef MAX2_INT_BODY
#undef DATE_ARITHMETIC_RR_BODY
#undef ADD_DAYS_RR_BODY
#undef ADD_MONTHS_RR_BODY
#undef ADD_YEARS_RR_BODY
#undef MONTHS_BETWEEN_RR_BODY
#undef ROLL_S_BODY
#undef DEF_MERGE_BODY
#undef DEF_RESULT_BODY
#undef BAIL
#undef JUMP_REL
#undef SPEC
#undef OPERANDS2
#undef OPERAND1
#undef OPERAND
#undef CALL_RULE
#undef ABSENT_INPUT
#undef FAIL
#undef FAIL_WITH
#undef FAIL_WITH_AT
#undef DISPATCH_ON
#undef CASE
#undef NEXT
#undef GO
#undef DISPATCH
}

}  // namespace edict::vm
