// The bytecode VM. Takes: a Program, one case's input values, and the rules to evaluate.
// Produces: their values, or one runtime error naming the rule, the source position and
// (when the cause is the case) the input at fault. Only the rules that the requested ones
// need are run; each runs at most once per case (memoised).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/vm/arena.hpp"
#include "runtime/vm/fuse.hpp"

// Dispatch by computed goto through threaded code where the compiler has it (GCC, Clang);
// -DEDICT_SWITCH_DISPATCH: the portable loop, a switch on each instruction's op.
#if defined(__GNUC__) && !defined(EDICT_SWITCH_DISPATCH)
#define EDICT_THREADED_CODE 1
#endif

namespace edict::vm {

struct RuntimeError {
    std::string message;
    std::string input;  // the input at fault, when the case is to blame
    std::string rule;   // the rule being evaluated (the last of `chain`)
    // Every rule being evaluated when it failed: the one asked for first, then the rule it was
    // computing for, down to `rule` -- so an analyst sees why a rule ran at all.
    std::vector<std::string> chain;
    SourceLoc loc;
    bool has_loc = false;
};

// The one wording of the rule chain in messages: ", while computing `a` ← `b` ← `c`" (empty when
// evaluation had not started). CLI, API, C ABI, service and explain all append it.
std::string while_computing(const std::vector<std::string>& chain);

// A runtime error as every surface words it (`edict eval`, explain, `edict test`, the service):
// the message, the chain of rules being evaluated, and where ("(file:line:col)") when known.
std::string error_text(const Program& program, const RuntimeError& error);

// Whether a case gives an input: Absent (or null); Present (its value is in values[i]); or
// IllTyped, given but not of its type (messages[i] says why; an error only if a rule needs it).
enum class InputState : uint8_t { Absent, Present, IllTyped };

// A register whose value is not there yet (an input the case does not give, a rule not evaluated
// in this case or being evaluated) is marked in its Value's spare `pad` field, which every
// constructed Value has 0: the test reads the cache line the value is on anyway, not a second
// array, and a rule's RET, writing its value, marks it evaluated.
inline constexpr uint16_t kNotReady = 1;

// What evaluation starts from for each input a case does not give (InputState::Absent), by input
// index: its default, null when it is optional, and otherwise a value marked kNotReady (missing:
// an error if a rule reads it). The one statement of that rule: a Session fills its registers
// from it, and a decoder may fill a case's values from it beforehand (CaseView::absent_filled).
std::vector<Value> absent_inputs(const Program& program);

// A case's inputs by input index.
struct CaseView {
    const Value* values = nullptr;
    const InputState* present = nullptr;
    const std::string* messages = nullptr;
    // Each input not given already holds what evaluation starts from: absent_inputs()'s value for
    // an absent one, a value marked kNotReady for an ill-typed one. A Session then copies the
    // values as they are, without a look at the states (io::DecodedCase sets it when started for
    // a program; a host building its own view leaves it false).
    bool absent_filled = false;
};

// One TRACE instruction executed: expression `point` (TracePoint::packed) had `value` while
// rule `rule` was being evaluated. Values that point into the arena live until the next evaluate.
struct TraceEvent {
    uint32_t point;
    uint32_t rule;
    Value value;
};

// Per-thread evaluation state. Not shareable; cheap to keep and reuse.
class Session {
public:
    explicit Session(const Program& program);
    // Evaluates each of `rules` (rule indexes) into out[i]. false: `error` says why, and out[i] may
    // hold some rules' values (those finished first) or not: nothing to rely on.
    bool evaluate(const CaseView& c, const uint32_t* rules, size_t n, Value* out, RuntimeError& error);
    void set_step_budget(uint64_t steps) { budget_ = steps; }
    // Where TRACE instructions record (explanations); null (the default) records nothing.
    void set_trace(std::vector<TraceEvent>* sink) { trace_ = sink; }
    uint64_t steps_used() const { return steps_; }
    // Straight-line evaluation (fuse.hpp) when the rules asked for allow it; on by default. Off:
    // every case by rule calls (tests compare the two).
    void set_straight(bool on) { straight_ = on; }
    // Whether the last evaluate() ran its rules straight through (no call, nothing abandoned).
    bool ran_straight() const { return ran_straight_; }
    const Program& program() const { return program_; }
    // The code this Session runs: the specialised code, the program's, then the driver of the last
    // evaluation (spec_forms.def). For tests of the forms it makes.
    const std::vector<Instr>& code() const { return code_; }

private:
    // A rule being evaluated. Pointers rather than indexes: a return is the hottest path after the
    // conditions, and each index would cost a shift and an add to turn into its address.
    struct Frame {
        Value* result;               // the rule's register, where its RET writes the value
        Value* caller_locals;        // the caller's locals, restored on return
        const Instr* resume;         // where the caller continues
        Value* stack_base;  // the caller's next free stack slot
        // RULE pushes the value at `resume`; an operand that named the rule runs its instruction
        // again at `resume` instead, reading the value from the cache.
        bool push_result;
    };
    // The rule a frame evaluates.
    uint32_t rule_of(const Frame& f) const { return static_cast<uint32_t>(f.result - (regs_.data() + rule_reg_)); }
    // Sets up the case's inputs in the registers (and, unless `straight`, marks every rule's
    // register not evaluated), empties the arena and the step count.
    void set_up(const CaseView& c, bool straight);
    // What the inputs c does not give start from, into their registers (set_up, for a host's view).
    [[gnu::noinline]] void fill_absent(const CaseView& c);
    // Evaluates rules[0, n) into out[0, n) in one dispatch loop, by calls from the driver; or,
    // with `straight`, by the block fuse() made for them (code_[straight_begin_]): false then
    // with redo_ set means it was abandoned, and `error` is untouched.
    bool run_rules(const uint32_t* rules, size_t n, Value* out, RuntimeError& error, bool straight = false);
    // Whether rules[0, n) have a straight-line block. It is made when the same rules are asked for
    // a second time in a row: a host that alternates between sets of rules keeps evaluating by
    // calls instead of making a block for every case.
    bool straight_block_for(const uint32_t* rules, size_t n);
    // The block for them, made the second time (straight_block_for's slow path, out of line).
    [[gnu::noinline]] bool make_straight_block(const uint32_t* rules, size_t n);
    // Makes the driver at code_[driver_begin_) call rules[0, n) (spec_forms.def, CALL, CALL_R);
    // run_rules calls it only when the rules asked for change.
    void set_driver(const uint32_t* rules, size_t n);
    // `operand`: the error is about reading operand x (0) or y (1) of instruction pc, which points
    // at where that name is written; -1: about the instruction.
    bool fail(uint32_t pc, std::string message, RuntimeError& error, std::string input = {}, int operand = -1);

    // Each calendar's days between its first and last listed or covered date, as a table: a
    // covered day is a WorkingDay or a DayOff (listed, or by its weekday), any other NotCovered.
    // A question about one day is one load instead of a search of the covered years, two binary
    // searches and a weekday (a calendar too wide for a table is answered by those searches).
    // `covered`: the covered years as day ranges.
    enum class DayKind : uint8_t { DayOff, WorkingDay, NotCovered };
    struct DayTable {
        // A distance in `to_working` that the table does not decide: the walk from that day meets
        // a day not covered or leaves the table, or has kRollWalks or more days off to cross
        // (roll_walk decides, and its messages are the errors).
        static constexpr uint8_t kRollWalks = UINT8_MAX;
        int64_t first = 0;
        std::vector<DayKind> kind;
        // By day of `kind`: how many days off `roll` crosses from it to the working day it stops at
        // (0: the day is a working day), or kRollWalks. Weekends and holidays come in runs of a
        // few days, so a roll is one load and an add instead of a walk that reads a day at a time.
        std::vector<uint8_t> to_working;
        std::vector<std::pair<int64_t, int64_t>> covered;
        // The kind of `day` by one load; NotCovered outside the table (or with none).
        DayKind at(int64_t day) const {
            const uint64_t offset = static_cast<uint64_t>(day) - static_cast<uint64_t>(first);
            return offset < kind.size() ? kind[offset] : DayKind::NotCovered;
        }
        // The working day `roll` reaches from `day` into `to`, when the table decides it (true);
        // false: roll_walk decides.
        bool rolled(int64_t day, int64_t& to) const {
            const uint64_t offset = static_cast<uint64_t>(day) - static_cast<uint64_t>(first);
            if (offset >= to_working.size()) return false;
            const uint8_t k = to_working[offset];
            to = day + k;
            return k != kRollWalks;
        }
    };
    // The table of `cal` (empty when its dates span more than 20 years).
    static DayTable day_table(const CalendarInfo& cal);
    // `roll` by walking day after day from `from`, for the days the table leaves to it: false, and
    // the error in `*message` (when given), on a day the calendar has no data for, or with no
    // working day within 366 days after `from` or before the last date there is.
    bool roll_walk(uint32_t calendar, int64_t from, int64_t& to, std::string* message = nullptr) const;
    // `roll`: the table's answer, or the walk's where the table leaves it (the one way every ROLL
    // form and the program's ROLL roll).
    bool roll(uint32_t calendar, int64_t from, int64_t& to, std::string* message = nullptr) const {
        return day_tables_[calendar].rolled(from, to) || roll_walk(calendar, from, to, message);
    }
    // Whether `day` is a working day of `calendar`; nullopt when the day lies outside the years
    // the calendar's data covers and the policy did not opt in to weekends-only beyond them.
    std::optional<bool> working_day(uint32_t calendar, int64_t day) const;
    // The error for a day the calendar has no data for; `asked` is the day the question was about
    // (roll walks forward from it and may leave the data on a later day).
    std::string no_data(uint32_t calendar, int64_t day, int64_t asked) const;

    const Program& program_;
    std::vector<DayTable> day_tables_;
    // absent_inputs(program_): what set_up writes into the register of an input the case does
    // not give, so no instruction bails to find its default (a required one stays marked).
    std::vector<Value> absent_image_;
    const CaseView* case_ = nullptr;
    std::vector<Value> stack_;
    // The register file every operand reference reads: [0] stands for the stack, then the case's
    // inputs, the rules' values (this case's cache), the constants and every rule's locals (one
    // frame per rule is live at a time, so each rule's locals have fixed registers). A register
    // is ready when it holds its value -- constants and locals always; an input when the case
    // gives it (or once its default was read); a rule once evaluated -- and marked otherwise
    // (vm.cpp, kNotReady), which sends the instruction reading it down the slow path.
    std::vector<Value> regs_;
    uint32_t input_reg_ = 1, rule_reg_ = 0, const_reg_ = 0, local_reg_ = 0;
    // The program's code with each operand reference turned into its register (0: the stack),
    // specialised (specialise.hpp): program_size_ instructions, then the program's own forms, then
    // the straight-line block of straight_rules_ (fuse.hpp; none when they have none), then the
    // driver of the rules evaluated last by calls (driver_rules_: one CALL each, and STOP).
    std::vector<Instr> code_;
    // code_ as the dispatch loop runs it (direct threading): code_[i] at threaded_[i], and the
    // address of its handler in the slot threaded_cap_ instructions on, so that a dispatch is one
    // jump through the instruction pointer and a constant distance (an op's entry in the handler
    // table took two instructions more). Made again from code_[threaded_from_] on, when the driver
    // or the straight-line block change it (run_rules, before it runs).
    std::vector<Instr> threaded_;
    size_t threaded_cap_ = 0;
    size_t threaded_from_ = 0;
    void thread_code(const void* const* handlers);
    uint32_t program_size_ = 0;
    std::vector<uint32_t> driver_rules_;
    uint32_t driver_begin_ = 0;
    std::vector<uint32_t> straight_rules_;  // the rules asked for last
    enum class Straight : uint8_t { SeenOnce, Made, Impossible } straight_state_ = Straight::SeenOnce;
    uint32_t straight_begin_ = 0;
    std::vector<uint32_t> code_ends_;   // where each rule's code ends (fuse.hpp, rule_code_ends)
    bool straight_ = true;
    bool ran_straight_ = false;
    bool redo_ = false;  // the straight run was abandoned: evaluate again by calls
    // Where each rule's code starts and its first local register. Whether a rule is evaluated in
    // this case, or being evaluated (then evaluating it again is a cycle), is marked in its
    // register (vm.cpp, kNotReady and kEvaluating).
    std::vector<RuleStart> rule_starts_;
    // One per rule (+1); frames_[0, frame_count_) when fail() reports. The last one past those
    // never holds a frame: the frame pointer names it while a straight-line block runs.
    std::vector<Frame> frames_;
    size_t frame_count_ = 0;
    Arena arena_;
    std::vector<TraceEvent>* trace_ = nullptr;
    uint64_t budget_ = 50'000'000;
    uint64_t steps_ = 0;
};

}  // namespace edict::vm
