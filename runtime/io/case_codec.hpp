// The wire format of cases and results (contract "Values on the wire"). Takes: a JSON object of
// inputs, or runtime values of known types. Produces: decoded input values (exact money,
// strict dates) with per-input errors, or JSON text for results.
#pragma once
#include <array>
#include <charconv>
#include <cstdint>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/io/case_store.hpp"
#include "runtime/io/json.hpp"
#include "runtime/support/digits.hpp"
#include "runtime/value/date.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::io {

// A list input may hold at most this many items (the JSON size limit alone would allow ~32M).
constexpr size_t kMaxListItems = 1000000;

// Inputs by name for the text decoder (case_fast_decoder.cpp): an open-addressing table built for
// the program last looked up. It keeps its own copy of the names and each input's type, so a lookup
// reads nothing of the Program but its inputs vector's bounds (the program's own InputInfo records
// are scattered over the heap: reading one per key cost a cache miss per key in the batch profile).
// A DecodedCase decodes for one program for as long as it lives (a runner's, an API evaluator's);
// the table is rebuilt whenever the program or its inputs vector is not the one it was built for.
class InputIndex {
public:
    struct Input {
        int32_t index;  // in p.inputs
        TypeId type;
        Kind kind;  // the type's
    };
    // Builds the table for `p` unless it is built for it already: once per case, before find.
    inline void prepare(const Program& p);
    // The input named `key`, or nullptr; prepare(p) first. Defined (inline, for the one caller)
    // in case_fast_decoder.cpp.
    inline const Input* find(const Program& p, std::string_view key);
#ifdef __SSE2__
    // The same for a key of n < 32 bytes, given the 32 bytes from its start (in the case text).
    inline const Input* find_short(const Program& p, const char* key, size_t n, __m128i a, __m128i b);
#endif

private:
    void build(const Program& p);
    const Program* program_ = nullptr;
    const InputInfo* inputs_ = nullptr;
    size_t count_ = 0;
    // A name's first 32 bytes, zero-padded, are kept in its entry: they pick its slot (with its
    // length) and settle the match in one 32-byte compare; `names_` is read only for a name longer.
    struct Entry {
        alignas(16) unsigned char head[32] = {};
        uint32_t name = 0;  // offset in names_
        uint32_t size = 0;
        Input input{-1, 0, Kind::Error};
    };
    std::vector<uint8_t> slots_;  // 1 + an index in entries_, 0 for an empty slot; a power of two
    std::vector<Entry> entries_;  // one per input: 64 bytes each, so a case's lookups stay in cache
    std::string names_;           // each name in full
    Input overflow_{-1, 0, Kind::Error};  // the answer for an input past the 255th
};

// A list read into `pending` from `base` on, moved to the store (long lists are adopted whole,
// short ones copied so that `pending` keeps its capacity from case to case); `pending` is cut back
// to `base`. Shared by both text decoders.
const Value* store_pending_list(std::vector<Value>& pending, size_t base, CaseStore& store);

// Where the months of recently decoded dates start (their day number) and how long they are, so
// the fast decoder turns a valid "YYYY-MM-DD" into a day number with one add rather than the
// calendar arithmetic (case_fast_decoder.cpp). Direct-mapped by month number; filled on a miss.
struct MonthStarts {
    struct Entry {
        int32_t month = -1;  // year * 12 + month - 1, -1 for an empty entry
        int32_t first = 0;   // the day number of its first day
        uint32_t days = 0;
    };
    std::array<Entry, 1024> entries;  // 85 years of months: a case's birth dates and its 2020s rarely meet
};

// One case's inputs by input index, as the VM reads them (view()): each input's value, its state
// (absent, present, ill-typed) and, when ill-typed, its message. A batch decodes case after case
// into one DecodedCase; its writers (the text decoders, the tree decoder, CSV rows, `edict test`'s
// givens) reach the inputs only through start() and the setters below, so none can leave a value,
// a state or a message behind for the next case, and none has to know how start() clears them.
class DecodedCase {
public:
    // Every input absent (value null, no message) for a program of n inputs, no key given, and
    // the store rewound: the state a case starts from before its keys are read.
    void start(size_t n);
    // The same for program p, with each input's value what evaluation starts from when the case
    // does not give it (vm::absent_inputs): the view says so (vm::CaseView::absent_filled), and a
    // Session copies the values without a look at the states (about 200 of the 3,300 instructions
    // a Fujian evaluation took when it looked).
    void start(const Program& p);
    // Input i's key was met with null (which means absent) after give(i): its value is again what
    // start() left there, whatever the decoder wrote into the cell before it saw the null.
    void leave_absent(size_t i) { values_[i] = filled_ ? image_[i] : Value::null(); }
    // The key of input i is met: its value cell, for the decoder to write in place, or nullptr when
    // input i was given already in this case. Its state stays absent until set.
    Value* give(size_t i) {
        if (given_[i] == Given::Yes) return nullptr;
        given_[i] = Given::Yes;
        return &values_[i];
    }
    // Input i holds v (or the value already written in its cell, for the second form).
    void set(size_t i, const Value& v) { values_[i] = v; states_[i] = vm::InputState::Present; }
    void set_present(size_t i) { states_[i] = vm::InputState::Present; }
    // Input i was given a value that does not fit its type: an error if evaluation needs it.
    void set_ill_typed(size_t i, std::string message) {
        values_[i].pad = vm::kNotReady;  // an error if a rule reads it (CaseView::absent_filled)
        with_message_[i >> 6] |= uint64_t{1} << (i & 63);
        states_[i] = vm::InputState::IllTyped;
        messages_[i] = std::move(message);
    }
    size_t size() const { return values_.size(); }
    const Value& value(size_t i) const { return values_[i]; }
    vm::InputState state(size_t i) const { return states_[i]; }
    const std::string& message(size_t i) const { return messages_[i]; }
    vm::CaseView view() const { return {values_.data(), states_.data(), messages_.data(), filled_}; }

    CaseStore store;                // the texts, lists and records the decoders' values point at
    std::deque<std::string> texts;  // text of values built from literals (`edict test`'s givens)
    std::vector<Value> pending;     // items of the lists decode_case_text is reading (scratch)
    InputIndex inputs;              // for decode_case_text
    MonthStarts months;             // for decode_case_text

private:
    void clear_states(size_t n);

    std::vector<Value> values_;
    // start(p): vm::absent_inputs(p), made again only for another program, told apart by its
    // address and its inputs' (the same test as InputIndex::prepare, so the same precondition: a
    // DecodedCase outlives no program it decoded for, as each owner here holds its program);
    // filled_ while values_ start from it.
    std::vector<Value> image_;
    const Program* image_program_ = nullptr;
    const InputInfo* image_inputs_ = nullptr;
    bool filled_ = false;
    std::vector<vm::InputState> states_;
    std::vector<std::string> messages_;
    // Not a character type: a store through one may alias anything, and the fast decoder's
    // members (its position in the text among them) were reloaded from the stack after each
    // give() (callgrind: 118 fewer stack accesses and 203 fewer instructions a Fujian case).
    enum class Given : uint8_t { No, Yes };
    std::vector<Given> given_;            // Yes for an input whose key was met since start()
    std::vector<uint64_t> with_message_;  // a bit per input: set_ill_typed since start() (rare)
};

struct CaseError {
    std::string input;  // the input or key at fault; empty when the case as a whole is wrong
    std::string message;
    bool not_json = false;  // the text is not JSON (or breaks a JSON limit): nothing was decoded
};

// Unknown keys are an error naming the key unless allow_extra. Ill-typed inputs are recorded
// (present = 2) and become errors only if evaluation needs them.
bool decode_case(const Program& p, const Json& object, bool allow_extra, DecodedCase& out, CaseError& error);

// Decodes one value of type t; false with `why` when it does not fit.
bool decode_value(const Program& p, TypeId t, const Json& j, DecodedCase& store, Value& out, std::string& why);
// The same for a JSON scalar (null, boolean, number or string) given by its type and text: what
// decode_value does for one, and what the fast text decoder calls without building a Json.
bool decode_scalar(const Program& p, TypeId t, Json::Type type, bool boolean, std::string_view text, DecodedCase& store,
                   Value& out, std::string& why);

// The decoders' messages, shared by the tree decoder above and the one reading JSON text
// (case_decoder.hpp), so both say exactly the same thing.
namespace message {
std::string list_too_long(size_t items);
std::string element(size_t index, std::string_view why);
std::string field(std::string_view name, std::string_view why);
std::string no_such_field(const RecordDesc& record, std::string_view key);
std::string not_an_input(std::string_view key);
std::string given_twice(std::string_view key);
std::string input(std::string_view key, const std::string& why);  // an ill-typed input
}  // namespace message

void encode_value(const Program& p, TypeId t, const Value& v, std::string& out);

// The JSON text of a result of kind `kind` that is null or a scalar of bounded length (bool, the
// integer kinds, money, decimal, date, month) into `buf`: its length. 0 for anything else (text,
// enum, list, record, a decimal whose mantissa passes 64 bits), which encode_value writes.
constexpr size_t kMaxScalarText = 64;
size_t encode_scalar(Kind kind, const Value& v, char* buf);

// The scalars encode_scalar writes and the runner writes too, without the switch on the kind (it
// has its own): one implementation of each, inline. Each writes a value that is not null, quotes
// included, into buf (kMaxScalarText bytes) and returns the length.
// `"YYYY-MM-DD"`: 12 bytes, format_date's text of the day (clamped into years 1..9999).
inline size_t encode_date(int64_t day, char* buf) {
    buf[0] = '"';
    format_date(static_cast<DayNumber>(day), buf + 1);
    buf[11] = '"';
    return 12;
}
// `"YYYY-MM"`: 9 bytes, format_month's text.
inline size_t encode_month(int64_t month, char* buf) {
    buf[0] = '"';
    format_month(static_cast<MonthNumber>(month), buf + 1);
    buf[8] = '"';
    return 9;
}
namespace detail {
size_t encode_money_rounded(const Value& v, char* buf);
}
// Money to two places: dec_to_fixed(v, 2, HalfUp) in quotes, or 0 when the rounded mantissa passes
// 64 bits or 38 digits (encode_value writes it through dec_to_fixed, which pads as text). Two
// decimals or fewer and a mantissa well inside 64 bits (every amount a case holds) are padded with
// zeros in 64 bits here — nothing to round — and the rest rounded out of line.
inline size_t encode_money(const Value& v, char* buf) {
    constexpr int64_t kPadLimit = INT64_MAX / 100;
    if (v.scale > 2 || v.mant < -kPadLimit || v.mant > kPadLimit) return detail::encode_money_rounded(v, buf);
    const int64_t pad = v.scale == 2 ? 1 : v.scale == 1 ? 10 : 100;
    const int64_t cents = static_cast<int64_t>(v.mant) * pad;
    const uint64_t magnitude = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
    char* w = buf;
    *w++ = '"';
    if (cents < 0) *w++ = '-';
    w = std::to_chars(w, w + 20, magnitude / 100).ptr;
    *w++ = '.';
    two_digits(w, static_cast<unsigned>(magnitude % 100));
    w[2] = '"';
    return static_cast<size_t>(w + 3 - buf);
}

}  // namespace edict::io
