// The fast path of the case decoder (case_fast_decoder.hpp): a recursive-descent reader of the
// JSON subset valid cases are written in, driven by the policy's input types.
//   case   -> '{' (key ':' (null | value))* '}'      a key names an input (hash table, no copy)
//   value  -> list | record | string | number | true | false | null, as the type wants
//   list   -> '[' value (',' value)* ']'              items collect on `pending`, as the SAX reader's
//   record -> '{' key ':' value ... '}'               fields straight into their cells
// It accepts only text that nlohmann's parser accepts and decodes each value exactly as the SAX
// reader does (scalars go through decode_scalar, the tree decoder's own code for them), so the
// two paths cannot disagree on a case this one accepts; CaseDecoder.* checks that over the fuzz
// corpus. Everything else returns false for the SAX reader to decode and word: being strict here
// is what keeps every message and byte position nlohmann's.
#include "runtime/io/case_fast_decoder.hpp"
#include "runtime/support/utf8.hpp"
#include "runtime/value/date.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <cstdint>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace edict::io {

namespace {

// Containers nested deeper go to the SAX reader, which enforces kMaxJsonDepth and words its error.
constexpr size_t kMaxFastDepth = 48;
// Longer number tokens go to the SAX reader (none of them is a number a case needs; the bound keeps
// every fraction accepted here finite as a double, as nlohmann requires).
constexpr size_t kMaxNumberChars = 64;
// Records with more fields go to the SAX reader (their seen-flags are one 64-bit word here).
constexpr size_t kMaxFastFields = 64;

bool is_int_kind(Kind k) { return k == Kind::Int || k == Kind::Days || k == Kind::Months || k == Kind::Years; }

// The slot of a name of n bytes whose first 24 bytes, zero-padded, are the words w0..w2: a few
// cycles for any name (a byte-at-a-time hash costs ~100 on a 25-byte name, and a case has dozens
// of keys); the three multiplications do not wait on each other. Bytes 24..31 are left out, so a
// lookup need not extract them: names that differ only there (or only past 32) share a probe
// sequence, and the compare tells them apart.
size_t slot_hash(uint64_t w0, uint64_t w1, uint64_t w2, size_t n) {
    const uint64_t h = (w0 * 0x9E3779B97F4A7C15ull) ^ (w1 * 0xC2B2AE3D27D4EB4Full) ^ (w2 * 0x165667B19E3779F9ull) ^ n;
    return static_cast<size_t>(h ^ (h >> 29) ^ (h >> 47));
}

// A name's first 32 bytes, zero-padded.
struct Head {
    alignas(16) unsigned char bytes[32] = {};
    explicit Head(std::string_view name) { std::memcpy(bytes, name.data(), std::min<size_t>(name.size(), 32)); }
    uint64_t word(size_t i) const {
        uint64_t w;
        std::memcpy(&w, bytes + 8 * i, 8);
        return w;
    }
    size_t hash(size_t n) const { return slot_hash(word(0), word(1), word(2), n); }
};

}  // namespace

static_assert(std::endian::native == std::endian::little, "the words of a name are read little-endian");

void InputIndex::build(const Program& p) {
    size_t size = 16;
    while (size < 4 * p.inputs.size()) size *= 2;  // at most a quarter full: probes stay short
    // Slots hold one byte, so the table holds the first 255 inputs; the rest of a policy that has
    // more are looked up by Program::find_input (find, below).
    slots_.assign(size, 0);
    entries_.clear();
    names_.clear();
    for (size_t i = 0; i < p.inputs.size() && i < 255; ++i) {
        const std::string& name = p.inputs[i].name;
        const Head head(name);
        size_t k = head.hash(name.size()) & (size - 1);
        while (slots_[k]) k = (k + 1) & (size - 1);
        slots_[k] = static_cast<uint8_t>(entries_.size() + 1);
        Entry& e = entries_.emplace_back();
        std::memcpy(e.head, head.bytes, sizeof e.head);
        e.name = static_cast<uint32_t>(names_.size());
        e.size = static_cast<uint32_t>(name.size());
        e.input = {static_cast<int32_t>(i), p.inputs[i].type, p.types.at(p.inputs[i].type).kind};
        names_ += name;
    }
    program_ = &p;
    inputs_ = p.inputs.data();
    count_ = p.inputs.size();
}

#ifdef __SSE2__
namespace {
// 32 bytes of 0xFF then 32 of 0: loaded from 32 - n (and 48 - n), the mask of a key's first n bytes.
alignas(64) constexpr unsigned char kKeepFirst[64] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
__m128i load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
}  // namespace

// A key of n < 32 bytes whose 32 bytes from its start are `a` and `b` (the scan read them): the same
// answer as find(), without a branch on the key's length: the key's bytes past n are masked to
// zero, hashed in registers and compared with the entry's zero-padded head, in one 32-byte compare.
inline const InputIndex::Input* InputIndex::find_short(const Program& p, const char* key, size_t n, __m128i a, __m128i b) {
    const __m128i ka = _mm_and_si128(a, load16(kKeepFirst + 32 - n)), kb = _mm_and_si128(b, load16(kKeepFirst + 48 - n));
    const uint64_t w0 = static_cast<uint64_t>(_mm_cvtsi128_si64(ka));
    const uint64_t w1 = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(ka, ka)));
    const uint64_t w2 = static_cast<uint64_t>(_mm_cvtsi128_si64(kb));
    const size_t mask = slots_.size() - 1;
    for (size_t k = slot_hash(w0, w1, w2, n) & mask;; k = (k + 1) & mask) {
        const uint8_t slot = slots_[k];
        if (!slot) break;
        const Entry& e = entries_[slot - 1u];
        const __m128i same = _mm_and_si128(_mm_cmpeq_epi8(ka, _mm_load_si128(reinterpret_cast<const __m128i*>(e.head))),
                                           _mm_cmpeq_epi8(kb, _mm_load_si128(reinterpret_cast<const __m128i*>(e.head + 16))));
        if (_mm_movemask_epi8(same) == 0xFFFF && e.size == n) return &e.input;
    }
    return count_ <= 255 ? nullptr : find(p, std::string_view(key, n));
}
#endif

inline void InputIndex::prepare(const Program& p) {
    if (program_ != &p || inputs_ != p.inputs.data() || count_ != p.inputs.size()) build(p);
}

inline const InputIndex::Input* InputIndex::find(const Program& p, std::string_view key) {
    const size_t mask = slots_.size() - 1;
    const Head head(key);
    for (size_t k = head.hash(key.size()) & mask;; k = (k + 1) & mask) {
        const uint8_t slot = slots_[k];
        if (!slot) break;
        const Entry& e = entries_[slot - 1u];
        if (e.size != key.size() || std::memcmp(e.head, head.bytes, sizeof e.head) != 0) continue;
        if (key.size() <= 32 || std::memcmp(names_.data() + e.name + 32, key.data() + 32, key.size() - 32) == 0)
            return &e.input;
    }
    if (count_ <= 255) return nullptr;
    // Past the 255 inputs the table holds: the program's own (linear) lookup, for such rare policies.
    const InputInfo* info = p.find_input(key);
    if (!info || info - p.inputs.data() < 255) return nullptr;
    overflow_ = {static_cast<int32_t>(info - p.inputs.data()), info->type, p.types.at(info->type).kind};
    return &overflow_;
}

namespace {

class FastReader {
public:
    FastReader(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out)
        : p_(p), s_(text.data()), end_(text.data() + text.size()), allow_extra_(allow_extra), out_(out) {}

    // case -> '{' (key ':' (null | value)) (',' ...)* '}' and nothing but whitespace after it
    bool read_case() {
        out_.pending.clear();
        out_.inputs.prepare(p_);
        if (!next('{')) return false;
        if (!peek('}')) {
            do {
                const InputIndex::Input* input;
                if (!key_and_input(input) || !colon()) return false;
                if (!input) {
                    if (!allow_extra_ || !skip_value(1)) return false;
                    continue;
                }
                const size_t slot = static_cast<size_t>(input->index);
                Value* cell = out_.give(slot);
                if (!cell) return false;  // given twice: the SAX reader refuses the case
                // The scalars cases are made of, written plainly, are decoded here without the
                // layers of value() and decode_scalar; anything else (a date not written plainly,
                // money with an exponent, an escape, a value of the wrong type...) goes to value(),
                // which takes or refuses it as before. Each plain_* consumes nothing when it declines
                // (a null included, which none of them takes).
                Value& v = *cell;
                if (!plain_value(*input, v)) {
                    if (literal("null")) {  // null means absent
                        out_.leave_absent(slot);
                        continue;
                    }
                    if (!value(input->type, v, 1)) return false;
                }
                out_.set_present(slot);
            } while (next_comma());
        }
        if (!next('}')) return false;
        skip_ws();
        return s_ == end_;
    }

private:
    // '"' key '"' here, and the input it names (nullptr for none). A key that is an input's name
    // of under 32 bytes, with 32 bytes of text after it (nearly every key), is found by one 32-byte
    // scan for its closing quote and one compare, with no branch on its length; any other by
    // string_body and InputIndex::find. The scan looks for the quote alone: a key found is the
    // name byte for byte, so it holds no escape, control byte or ill-formed UTF-8, and a key not
    // found (unknown, or holding any of those) is read again the careful way.
    bool key_and_input(const InputIndex::Input*& input) {
        if (s_ == end_ || *s_ != '"') skip_ws();  // `,"key"`: nothing to skip, nearly always
#ifdef __SSE2__
        if (end_ - s_ > 32 && *s_ == '"') {
            const char* k = s_ + 1;
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(k));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(k + 16));
            const __m128i quote = _mm_set1_epi8('"');
            const uint32_t quotes = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, quote))) |
                                    static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, quote))) << 16;
            if (quotes) {
                const size_t n = static_cast<size_t>(__builtin_ctz(quotes));
                input = out_.inputs.find_short(p_, k, n, a, b);
                if (input) {
                    s_ = k + n + 1;
                    return true;
                }
            }
        }
#endif
        std::string_view key;
        if (!next('"') || !string_body(key)) return false;
        input = out_.inputs.find(p_, key);
        return true;
    }
#ifdef __SSE2__
    // The bytes of x that end or complicate a plain string: '"', '\\', a control byte or non-ASCII.
    static int special_bytes(__m128i x) {
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
        // signed compare: bytes below 0x20 and from 0x80 up (UTF-8) are both "less than space"
        return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                              _mm_cmplt_epi8(x, space)));
    }
#endif

    void skip_ws() {
        while (s_ < end_ && (*s_ == ' ' || *s_ == '\n' || *s_ == '\r' || *s_ == '\t')) ++s_;
    }
    // The next non-blank byte is c: consumed.
    bool next(char c) {
        skip_ws();
        if (s_ < end_ && *s_ == c) { ++s_; return true; }
        return false;
    }
    bool peek(char c) {
        skip_ws();
        return s_ < end_ && *s_ == c;
    }
    // After a member or an item: true on ',', false on anything else (left for the caller's close).
    // A ',' right after the value (the compact form writers use) is taken without skip_ws's loop.
    bool next_comma() {
        if (s_ < end_ && *s_ == ',') { ++s_; return true; }
        return next(',');
    }
    // The ':' after a key and the blanks after it, up to the value. `"key":value` (the compact
    // form) is taken with two compares; anything else the general way.
    bool colon() {
        if (end_ - s_ >= 2 && s_[0] == ':' && static_cast<unsigned char>(s_[1]) > ' ') { ++s_; return true; }
        if (!next(':')) return false;
        skip_ws();
        return true;
    }
    // `word` (true, false or null) here; compared byte by byte, which beats a call to memcmp.
    bool literal(std::string_view word) {
        if (static_cast<size_t>(end_ - s_) < word.size()) return false;
        for (size_t i = 0; i < word.size(); ++i)
            if (s_[i] != word[i]) return false;
        s_ += word.size();
        return true;
    }

    // string -> '"' chars '"', past the opening quote: no escapes, no control bytes, UTF-8 that is
    // well formed (nlohmann checks the same, RFC 3629); anything else goes to the SAX reader.
    bool string_body(std::string_view& out) {
        const char* begin = s_;
        skip_plain();
        while (s_ < end_) {
            unsigned char c = static_cast<unsigned char>(*s_);
            if (c == '"') {
                out = std::string_view(begin, static_cast<size_t>(s_ - begin));
                ++s_;
                return true;
            }
            if (c < 0x20 || c == '\\') return false;
            if (c < 0x80) { ++s_; continue; }
            size_t n = utf8::sequence_length(std::string_view(s_, static_cast<size_t>(end_ - s_)), 0);
            if (n == 0) return false;
            s_ += n;
        }
        return false;
    }

    // Past the bytes of a string that need no look (printable ASCII other than '"' and '\\'),
    // sixteen at a time where SSE2 is there; the byte loop in string_body does the rest.
    void skip_plain() {
#ifdef __SSE2__
        while (end_ - s_ >= 16) {
            const int mask = special_bytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s_)));
            if (mask) {
                s_ += __builtin_ctz(static_cast<unsigned>(mask));
                return;
            }
            s_ += 16;
        }
#endif
    }

    // number -> '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)?   (an exponent goes to the SAX reader)
    bool number(std::string_view& out, bool& integral) {
        const char* begin = s_;
        auto digit = [&] { return s_ < end_ && *s_ >= '0' && *s_ <= '9'; };
        if (s_ < end_ && *s_ == '-') ++s_;
        if (!digit()) return false;
        if (*s_ == '0') ++s_;
        else while (digit()) ++s_;
        integral = true;
        if (s_ < end_ && *s_ == '.') {
            ++s_;
            if (!digit()) return false;
            while (digit()) ++s_;
            integral = false;
        }
        if (s_ < end_ && (*s_ == 'e' || *s_ == 'E')) return false;
        out = std::string_view(begin, static_cast<size_t>(s_ - begin));
        return out.size() <= kMaxNumberChars;
    }

    // A value of type t into `v`; false when it is not plain valid JSON of that type.
    bool value(TypeId t, Value& v, size_t depth) {
        skip_ws();
        if (s_ == end_) return false;
        const TypeDesc& d = p_.types.at(t);
        Json::Type type;
        bool boolean = false;
        std::string_view text;
        char printed[24];
        switch (*s_) {
            case '[': return d.kind == Kind::List && list(d.ref, v, depth + 1);
            case '{': return d.kind == Kind::Record && record(t, v, depth + 1);
            case '"':
                ++s_;
                if (d.kind == Kind::Date && date(v)) return true;
                if (!string_body(text)) return false;
                type = Json::Type::String;
                break;
            case 't': case 'f':
                type = Json::Type::Bool;
                boolean = *s_ == 't';
                if (!literal(boolean ? "true" : "false")) return false;
                break;
            case 'n':
                if (!literal("null")) return false;
                type = Json::Type::Null;
                break;
            default: {
                bool integral;
                if (!number(text, integral)) return false;
                type = Json::Type::Number;
                if (!integral) break;  // nlohmann hands a fraction over as written
                // nlohmann hands an integer over as its value, which the SAX reader prints again
                // (so "-0" arrives as "0"); one that does not fit 64 bits goes to the SAX reader.
                int64_t n;
                auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
                if (ec != std::errc() || ptr != text.data() + text.size()) return false;
                if (is_int_kind(d.kind)) {
                    v = Value::integer(n);
                    return true;
                }
                auto end = std::to_chars(printed, printed + sizeof printed, n).ptr;
                text = std::string_view(printed, static_cast<size_t>(end - printed));
                break;
            }
        }
        return decode_scalar(p_, t, type, boolean, text, out_, v, why_);
    }

    // A plain scalar here for `input` (plain_date, boolean, plain_month, plain_decimal, plain_enum),
    // chosen by the shape of its text — a quote and where the next one is, or its first byte —
    // and only then checked against the input's kind. The shape is known as soon as the text is
    // read, where the kind waits for the key's lookup (its hash, slot and entry, one load after
    // another): a jump on the kind, which generated cases make a coin toss from key to key, was
    // settled only after the lookup and undid everything after it when mispredicted; a branch on
    // the shape is settled early, the lookup runs beside the value's reading, and the check of
    // the kind is nearly always true. Accepts and declines exactly what a jump on the kind did.
    bool plain_value(const InputIndex::Input& input, Value& v) {
        const Kind kind = input.kind;
        if (end_ - s_ >= 12) {
            const char c = *s_;
            if (c == '"') {
                if (s_[11] == '"' && kind == Kind::Date) return plain_date(v);  // "YYYY-MM-DD"
                if (s_[8] == '"' && kind == Kind::Month) return plain_month(v);  // "YYYY-MM"
                if (kind == Kind::Enum) return plain_enum(input.type, v);
            } else if (c == 't' || c == 'f') {
                return kind == Kind::Bool && boolean(v);
            }
            // a number, money in quotes, null (value() takes it), or a kind with no plain form here
        }
        switch (kind) {
            case Kind::Date: return plain_date(v);
            case Kind::Bool: return boolean(v);
            case Kind::Month: return plain_month(v);
            case Kind::Money: case Kind::Decimal: return plain_decimal(v);
            case Kind::Enum: return plain_enum(input.type, v);
            case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years: return plain_int(v);
            default: return false;
        }
    }

    // A whole number written plainly here, -?(0|[1-9][0-9]*) of at most 18 digits and not followed
    // by a fraction, an exponent or another digit: the integer value() reads from it. Anything
    // else is left to value(); nothing consumed then.
    bool plain_int(Value& v) {
        const char* p = s_;
        const bool neg = p < end_ && *p == '-';
        if (neg) ++p;
        auto digit = [&] { return p < end_ && static_cast<unsigned>(*p - '0') <= 9; };
        if (!digit()) return false;
        uint64_t n = 0;  // unsigned: a longer number wraps here (and is declined below), it does not overflow
        int digits = 0;
        if (*p == '0') ++p;
        else for (; digit(); ++p, ++digits) n = n * 10 + static_cast<unsigned>(*p - '0');
        if (digits > 18 || (p < end_ && (digit() || *p == '.' || *p == 'e' || *p == 'E'))) return false;
        const int64_t whole = static_cast<int64_t>(n);  // at most 18 digits: fits
        v = Value::integer(neg ? -whole : whole);
        s_ = p;
        return true;
    }

    // `true` or `false` here, for a bool.
    bool boolean(Value& v) {
        const size_t left = static_cast<size_t>(end_ - s_);
        if (left >= 8) {
            // Which of the two a case holds is a coin toss, which a branch on it missed half the
            // time: the word to match and the length are chosen by the first byte without one.
            uint64_t x;
            std::memcpy(&x, s_, 8);
            constexpr uint64_t kTrue = 0x65757274ull, kFalse = 0x65736C6166ull;  // little-endian
            const uint64_t t = (x & 0xFF) == 't';  // 1 for "true", 0 for "false"
            const uint64_t want = kFalse ^ ((kFalse ^ kTrue) & (0 - t));
            const uint64_t mask = 0xFFFFFFFFFFull >> (8 * t);  // five bytes, or four
            if ((x & mask) != want) return false;
            v = Value::boolean(t != 0);
            s_ += 5 - t;
            return true;
        }
        if (left >= 4 && std::memcmp(s_, "true", 4) == 0) { v = Value::boolean(true); s_ += 4; return true; }
        if (left >= 5 && std::memcmp(s_, "false", 5) == 0) { v = Value::boolean(false); s_ += 5; return true; }
        return false;
    }
    // A date written plainly here, quotes included (date(), below); nothing consumed otherwise.
    bool plain_date(Value& v) {
        if (s_ == end_ || *s_ != '"') return false;
        ++s_;
        if (date(v)) return true;
        --s_;
        return false;
    }

    // A date written plainly, "YYYY-MM-DD" (past the opening quote), for a day that exists: its day
    // number from the start of its month (MonthStarts), consumed with the closing quote. Anything
    // else, valid or not, is left to decode_scalar (parse_date), which words what is wrong.
    bool date(Value& v) {
        if (end_ - s_ < 11 || s_[10] != '"') return false;
        int year, month;
        if (!year_month(s_, '-', year, month)) return false;
        const unsigned d1 = static_cast<unsigned char>(s_[8]) - '0', d2 = static_cast<unsigned char>(s_[9]) - '0';
        if (d1 > 9 || d2 > 9) return false;
        const unsigned day = d1 * 10 + d2;
        const int32_t number = year * 12 + month - 1;
        MonthStarts::Entry& e = out_.months.entries[static_cast<uint32_t>(number) % out_.months.entries.size()];
        if (e.month != number) {
            if (!is_valid_ymd(year, static_cast<unsigned>(month), 1)) return false;
            e = {number, day_number(Ymd{year, static_cast<unsigned>(month), 1}),
                 days_in_month(year, static_cast<unsigned>(month))};
        }
        if (day < 1 || day > e.days) return false;
        v = Value::date(e.first + static_cast<int32_t>(day) - 1);
        s_ += 11;
        return true;
    }

    // "YYYY-MM" followed by `after` at p (eight bytes, read at once): four digits, a dash, two
    // digits for a month 1..12. The year is checked by the caller (0000 is not a year).
    static bool year_month(const char* p, char after, int& year, int& month) {
        uint64_t x;
        std::memcpy(&x, p, 8);
        // bytes 0-3 and 5-6 are digits: 0x30..0x39, i.e. high nibble 3 before and after adding 6
        constexpr uint64_t kDigitBytes = 0x00FFFF00FFFFFFFFull, kHigh = 0xF0F0F0F0F0F0F0F0ull;
        constexpr uint64_t kZeros = 0x3030303030303030ull & kDigitBytes;
        const uint64_t seps = 0x2Dull << 32 | static_cast<uint64_t>(static_cast<unsigned char>(after)) << 56;
        if ((x & ~kDigitBytes) != seps || (x & kHigh & kDigitBytes) != kZeros ||
            ((x + 0x0606060606060606ull) & kHigh & kDigitBytes) != kZeros)
            return false;
        // The digits' values, then pairs of them combined in place: byte 0 of each 16-bit lane
        // becomes tens * 10 + units (bytes 0|1 -> YY, 2|3 -> YY, 4|5 -> ?M, 6|7 -> M?), then the
        // year's two halves; the month's digits straddle lanes 2 and 3 (bytes 5 and 6).
        const uint64_t d = x & 0x0F0F0F0F0F0F0F0Full;
        const uint64_t pairs = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFull;
        year = static_cast<int>((pairs & 0xFF) * 100 + (pairs >> 16 & 0xFF));
        month = static_cast<int>((d >> 40 & 0xF) * 10 + (d >> 48 & 0xF));
        return month >= 1 && month <= 12;
    }

    // A month written plainly here, "YYYY-MM" with its quotes, as parse_month reads it; nothing
    // consumed otherwise.
    bool plain_month(Value& v) {
        if (end_ - s_ < 9 || *s_ != '"') return false;
        int year, month;
        if (!year_month(s_ + 1, '"', year, month) || year < kMinYear) return false;
        v = Value::month(year * 12 + month - 1);
        s_ += 9;
        return true;
    }

    // Money or a decimal written plainly here, as a JSON number or in quotes: -?(0|[1-9][0-9]*)
    // (.[0-9]+)? of at most 18 digits, which parse_decimal reads as exactly this mantissa and scale
    // (the digits as one integer, the scale the number of decimals). Anything else — an exponent,
    // more digits, a leading zero, an escape — is left to value(); nothing consumed then.
    bool plain_decimal(Value& v) {
        const char* p = s_;
        const bool quoted = p < end_ && *p == '"';
        if (quoted) ++p;
        const bool neg = p < end_ && *p == '-';
        if (neg) ++p;
        auto digit = [&] { return p < end_ && static_cast<unsigned>(*p - '0') <= 9; };
        if (!digit()) return false;
        uint64_t mant = 0;
        int digits = 0, scale = 0;
        if (*p == '0') ++p;
        else for (; digit(); ++p, ++digits) mant = mant * 10 + static_cast<unsigned>(*p - '0');
        if (p < end_ && *p == '.') {
            ++p;
            for (; digit(); ++p, ++scale) mant = mant * 10 + static_cast<unsigned>(*p - '0');
            if (scale == 0) return false;
        }
        if (digits + scale > 18) return false;
        if (quoted) {
            if (p == end_ || *p != '"') return false;
            ++p;
        } else if (p < end_ && (digit() || *p == '.' || *p == 'e' || *p == 'E')) {
            return false;
        }
        const __int128 m = static_cast<__int128>(mant);
        v = Value::decimal(Decimal{neg ? -m : m, static_cast<uint8_t>(scale)});
        s_ = p;
        return true;
    }

    // An enum case named plainly here (quotes, printable ASCII): its index by name, as
    // decode_scalar finds it; nothing consumed otherwise (an unknown name included: value() words it).
    bool plain_enum(TypeId t, Value& v) {
        if (s_ == end_ || *s_ != '"') return false;
        const char* q = s_ + 1;
        // Past its plain bytes 16 at a time (skip_plain), then byte by byte to the closing quote.
        s_ = q;
        skip_plain();
        const char* e = s_;
        s_ = q - 1;
        for (; e < end_ && *e != '"'; ++e) {
            const unsigned char c = static_cast<unsigned char>(*e);
            if (c < 0x20 || c == '\\' || c >= 0x80) return false;
        }
        if (e == end_) return false;
        const uint32_t ref = p_.types.at(t).ref;
        const int64_t i = p_.types.enum_at(ref).find_case(std::string_view(q, static_cast<size_t>(e - q)));
        if (i < 0) return false;
        v = Value::enum_case(ref, i);
        s_ = e + 1;
        return true;
    }

    // list -> '[' (value (',' value)*)? ']'
    bool list(TypeId item, Value& v, size_t depth) {
        if (depth > kMaxFastDepth) return false;
        ++s_;
        std::vector<Value>& pending = out_.pending;
        const size_t base = pending.size();
        if (!peek(']')) {
            do {
                if (pending.size() - base >= kMaxListItems) return false;
                Value x;
                if (!value(item, x, depth)) return false;
                pending.push_back(x);
            } while (next_comma());
        }
        if (!next(']')) return false;
        size_t n = pending.size() - base;
        v = Value::list(store_pending_list(pending, base, out_.store), static_cast<uint32_t>(n));
        return true;
    }

    // record -> '{' (key ':' value (',' ...)*)? '}'; a missing field is null (fine when optional)
    bool record(TypeId t, Value& v, size_t depth) {
        if (depth > kMaxFastDepth) return false;
        ++s_;
        const uint32_t ref = p_.types.at(t).ref;
        const RecordDesc& rd = p_.types.record_at(ref);
        const size_t n = rd.fields.size();
        if (n > kMaxFastFields) return false;
        Value* block = out_.store.values(n);
        uint64_t seen = 0;
        if (!peek('}')) {
            do {
                std::string_view key;
                if (!next('"') || !string_body(key) || !next(':')) return false;
                size_t f = 0;
                while (f < n && rd.fields[f].name != key) ++f;
                if (f == n || (seen >> f & 1)) return false;
                seen |= uint64_t{1} << f;
                if (!value(rd.fields[f].type, block[f], depth)) return false;
            } while (next_comma());
        }
        if (!next('}')) return false;
        for (size_t f = 0; f < n; ++f) {
            if (seen >> f & 1) continue;
            if (!decode_scalar(p_, rd.fields[f].type, Json::Type::Null, false, {}, out_, block[f], why_)) return false;
        }
        v = Value::record(block, ref);
        return true;
    }

    // Any JSON value, read through (an unknown key's with allow_extra).
    bool skip_value(size_t depth) {
        skip_ws();
        if (s_ == end_) return false;
        std::string_view text;
        bool integral;
        switch (*s_) {
            case '"': ++s_; return string_body(text);
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            case '[':
            case '{': {
                if (depth + 1 > kMaxFastDepth) return false;
                const bool object = *s_++ == '{';
                if (!peek(object ? '}' : ']')) {
                    do {
                        if (object && (!next('"') || !string_body(text) || !next(':'))) return false;
                        if (!skip_value(depth + 1)) return false;
                    } while (next_comma());
                }
                return next(object ? '}' : ']');
            }
            default: return number(text, integral);
        }
    }

    const Program& p_;
    const char* s_;
    const char* end_;
    bool allow_extra_;
    DecodedCase& out_;
    std::string why_;  // decode_value's message; any message at all sends the case to the SAX reader
};

}  // namespace

bool decode_case_fast(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out) {
    if (text.size() > kMaxJsonBytes) return false;
    return FastReader(p, text, allow_extra, out).read_case();
}

}  // namespace edict::io
