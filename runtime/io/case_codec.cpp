// Strict decoding: money from its decimal text (never a double), dates that exist, months
// 01..12, enum cases by name, ints without fraction; and the matching encoders.
#include "runtime/io/case_codec.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "runtime/value/date.hpp"

namespace edict::io {

namespace {

const char* json_type_name(Json::Type t) {
    switch (t) {
        case Json::Type::Null: return "null";
        case Json::Type::Bool: return "a boolean";
        case Json::Type::Number: return "a number";
        case Json::Type::String: return "a string";
        case Json::Type::Array: return "an array";
        default: return "an object";
    }
}

bool decode_decimal_text(std::string_view s, Value& out, std::string& why, const char* what) {
    Decimal d;
    bool shape_ok = !s.empty() && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'));
    if (!shape_ok || !parse_decimal(s, d)) {
        why = fmt::format("\"{}\" is not {} (write it like \"1765.43\")", s, what);
        return false;
    }
    out = Value::decimal(d);
    return true;
}

bool must_be(const Program& p, TypeId t, Json::Type given, std::string& why) {
    why = fmt::format("must be {}, not {}", p.types.name(t), json_type_name(given));
    return false;
}

}  // namespace

bool decode_scalar(const Program& p, TypeId t, Json::Type type, bool boolean, std::string_view text, DecodedCase& store,
                   Value& out, std::string& why) {
    const TypeDesc& d = p.types.at(t);
    if (type == Json::Type::Null) {
        if (d.optional) { out = Value::null(); return true; }
        why = fmt::format("must be {}, not null", p.types.name(t));
        return false;
    }
    switch (d.kind) {
        case Kind::Bool:
            if (type != Json::Type::Bool) break;
            out = Value::boolean(boolean);
            return true;
        case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years: {
            if (type != Json::Type::Number) break;
            int64_t v;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || ptr != text.data() + text.size()) {
                why = fmt::format("{} is not a whole number that fits 64 bits", text);
                return false;
            }
            out = Value::integer(v);
            return true;
        }
        case Kind::Decimal: case Kind::Money:
            if (type != Json::Type::Number && type != Json::Type::String) break;
            // A string holds plain decimal text ("1765.43"); exponents are JSON-number syntax only.
            if (type == Json::Type::String && text.find_first_of("eE") != std::string_view::npos) {
                why = fmt::format("\"{}\" is not {} (write it like \"1765.43\")", text,
                                  d.kind == Kind::Money ? "an amount of money" : "a decimal number");
                return false;
            }
            return decode_decimal_text(text, out, why, d.kind == Kind::Money ? "an amount of money" : "a decimal number");
        case Kind::Date: {
            if (type != Json::Type::String) break;
            DayNumber day;
            if (!parse_date(text, day)) {
                why = fmt::format("\"{}\" is not a date (YYYY-MM-DD, a day that exists)", text);
                return false;
            }
            out = Value::date(day);
            return true;
        }
        case Kind::Month: {
            if (type != Json::Type::String) break;
            MonthNumber m;
            if (!parse_month(text, m)) {
                why = fmt::format("\"{}\" is not a month (YYYY-MM)", text);
                return false;
            }
            out = Value::month(m);
            return true;
        }
        case Kind::Text:
            if (type != Json::Type::String) break;
            out = Value::text(store.store.text(text));
            return true;
        case Kind::Enum: {
            if (type != Json::Type::String) break;
            const EnumDesc& e = p.types.enum_at(d.ref);
            if (const int64_t i = e.find_case(text); i >= 0) { out = Value::enum_case(d.ref, i); return true; }
            std::string list;
            for (const auto& c : e.cases) list += (list.empty() ? "" : ", ") + c;
            why = fmt::format("\"{}\" is not one of: {}", text, list);
            return false;
        }
        default: break;
    }
    return must_be(p, t, type, why);
}

bool decode_value(const Program& p, TypeId t, const Json& j, DecodedCase& store, Value& out, std::string& why) {
    if (j.type != Json::Type::Array && j.type != Json::Type::Object)
        return decode_scalar(p, t, j.type, j.boolean, j.text, store, out, why);
    const TypeDesc& d = p.types.at(t);
    if (d.kind == Kind::List && j.type == Json::Type::Array) {
        if (j.items.size() > kMaxListItems) {
            why = message::list_too_long(j.items.size());
            return false;
        }
        Value* block = store.store.values(j.items.size());
        for (size_t i = 0; i < j.items.size(); ++i) {
            std::string inner;
            if (!decode_value(p, d.ref, j.items[i], store, block[i], inner)) {
                why = message::element(i, inner);
                return false;
            }
        }
        out = Value::list(block, static_cast<uint32_t>(j.items.size()));
        return true;
    }
    if (d.kind == Kind::Record && j.type == Json::Type::Object) {
        const RecordDesc& rd = p.types.record_at(d.ref);
        Value* block = store.store.values(rd.fields.size());
        for (const auto& [k, v] : j.members) {
            bool known = false;
            for (const auto& f : rd.fields) known |= f.name == k;
            if (!known) { why = message::no_such_field(rd, k); return false; }
        }
        for (size_t i = 0; i < rd.fields.size(); ++i) {
            const Json* f = j.find(rd.fields[i].name);
            Json null_json;
            std::string inner;
            if (!decode_value(p, rd.fields[i].type, f ? *f : null_json, store, block[i], inner)) {
                why = message::field(rd.fields[i].name, inner);
                return false;
            }
        }
        out = Value::record(block, d.ref);
        return true;
    }
    return must_be(p, t, j.type, why);
}

// Values and states are cleared whole, not only where the last case wrote: a valid case gives
// nearly every input (37.6 keys a case in the bench's Fujian cases), and a loop over the written
// ones cost more instructions and mispredicted its exit (docs/performance.md, "The JSON and batch
// path: fifth pass"). A message is a string, whose clear() reads its buffer: only those
// set_ill_typed wrote are cleared.
void DecodedCase::start(size_t n) {
    if (values_.size() != n) values_.assign(n, Value::null());
    else std::fill(values_.begin(), values_.end(), Value::null());
    filled_ = false;
    clear_states(n);
}

void DecodedCase::start(const Program& p) {
    if (image_program_ != &p || image_inputs_ != p.inputs.data() || image_.size() != p.inputs.size()) {
        image_ = vm::absent_inputs(p);
        image_program_ = &p;
        image_inputs_ = p.inputs.data();
    }
    values_.assign(image_.begin(), image_.end());  // a copy into the same capacity after the first case
    filled_ = true;
    clear_states(image_.size());
}

void DecodedCase::clear_states(size_t n) {
    store.reset();
    if (states_.size() != n) {  // the first case (or another program): every input from scratch
        states_.assign(n, vm::InputState::Absent);
        for (std::string& m : messages_) m.clear();  // keeps their buffers, unlike assign()
        messages_.resize(n);
        given_.assign(n, Given::No);
        with_message_.assign((n + 63) / 64, 0);
        return;
    }
    std::fill(states_.begin(), states_.end(), vm::InputState::Absent);
    std::fill(given_.begin(), given_.end(), Given::No);
    for (size_t w = 0; w < with_message_.size(); ++w) {
        for (uint64_t bits = with_message_[w]; bits != 0; bits &= bits - 1)
            messages_[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))].clear();
        with_message_[w] = 0;
    }
}

bool decode_case(const Program& p, const Json& object, bool allow_extra, DecodedCase& out, CaseError& error) {
    out.start(p);
    if (object.type != Json::Type::Object) {
        error = {"", fmt::format("a case must be a JSON object of inputs, not {}", json_type_name(object.type))};
        return false;
    }
    for (const auto& [key, value] : object.members) {
        const InputInfo* info = p.find_input(key);
        if (!info) {
            if (allow_extra) continue;
            error = {key, message::not_an_input(key)};
            return false;
        }
        size_t i = static_cast<size_t>(info - p.inputs.data());
        Value* cell = out.give(i);
        if (!cell) {
            error = {key, message::given_twice(key)};
            return false;
        }
        if (value.type == Json::Type::Null) continue;  // null means absent
        std::string why;
        if (decode_value(p, info->type, value, out, *cell, why)) out.set_present(i);
        else out.set_ill_typed(i, message::input(key, why));
    }
    return true;
}

const Value* store_pending_list(std::vector<Value>& pending, size_t base, CaseStore& store) {
    constexpr size_t kAdoptItems = 4096;
    size_t n = pending.size() - base;
    const Value* items;
    if (base == 0 && n >= kAdoptItems) {
        items = store.adopt(std::move(pending));
        pending = {};
    } else {
        Value* cells = store.values(n);
        std::copy(pending.begin() + static_cast<std::ptrdiff_t>(base), pending.end(), cells);
        items = cells;
    }
    pending.resize(base);
    return items;
}

namespace message {
std::string list_too_long(size_t items) {
    return fmt::format("a list of {} items; a list may hold at most {}", items, kMaxListItems);
}
std::string element(size_t index, std::string_view why) { return fmt::format("element {}: {}", index, why); }
std::string field(std::string_view name, std::string_view why) { return fmt::format("field \"{}\": {}", name, why); }
std::string no_such_field(const RecordDesc& record, std::string_view key) {
    return fmt::format("record {} has no field \"{}\"", record.name, key);
}
std::string not_an_input(std::string_view key) {
    return fmt::format("\"{}\" is not an input of this policy (use --allow-extra to ignore unknown keys)", key);
}
std::string given_twice(std::string_view key) { return fmt::format("input \"{}\" is given twice", key); }
std::string input(std::string_view key, const std::string& why) {
    return fmt::format("input `{}` {}", key, why.rfind("must", 0) == 0 ? why : "is wrong: " + why);
}
}  // namespace message

namespace {

// dec_to_string's text, written into `text` (at least 42 bytes): a mantissa that fits 64 bits (every
// amount of money a case holds) is printed with 64-bit divisions, ~10x cheaper than the 128-bit
// ones dec_to_string needs in general, and without a temporary string. Returns its length, 0 for
// a mantissa past 64 bits (the caller uses dec_to_string).
size_t append_decimal(char* text, const Decimal& d) {
    const bool neg = d.mant < 0;
    const unsigned __int128 mag = neg ? -static_cast<unsigned __int128>(d.mant) : static_cast<unsigned __int128>(d.mant);
    if (mag > UINT64_MAX || d.scale > kMaxDecimalScale) return 0;
    char digits[20];
    int len = 0;
    for (uint64_t m = static_cast<uint64_t>(mag); m != 0; m /= 10) digits[len++] = static_cast<char>('0' + m % 10);
    const int scale = d.scale;
    const int shown = std::max(len, scale + 1);  // "0.05", not ".05"
    int n = 0;
    if (neg) text[n++] = '-';
    for (int i = shown - 1; i >= 0; --i) {
        if (i == scale - 1) text[n++] = '.';
        text[n++] = i < len ? digits[i] : '0';
    }
    return static_cast<size_t>(n);
}

}  // namespace

// Money encode_money does not pad in 64 bits: rounded to two places, then written in 64 bits
// when the rounded mantissa fits them.
size_t detail::encode_money_rounded(const Value& v, char* buf) {
    Decimal r;
    if (dec_round(v.dec(), 2, Rounding::HalfUp, r) != DecStatus::Ok) return 0;  // more than 38 digits: dec_to_fixed pads the text
    const size_t digits = append_decimal(buf + 1, r);
    if (digits == 0) return 0;
    buf[0] = '"';
    buf[digits + 1] = '"';
    return digits + 2;
}

size_t encode_scalar(Kind kind, const Value& v, char* buf) {
    if (v.is_null() || v.is_empty()) { std::memcpy(buf, "null", 4); return 4; }
    switch (kind) {
        case Kind::Bool:
            if (v.i) { std::memcpy(buf, "true", 4); return 4; }
            std::memcpy(buf, "false", 5);
            return 5;
        case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years:
            return static_cast<size_t>(std::to_chars(buf, buf + kMaxScalarText, v.i).ptr - buf);
        case Kind::Money: return encode_money(v, buf);
        case Kind::Decimal: {
            const size_t digits = append_decimal(buf + 1, v.dec());
            if (digits == 0) return 0;
            buf[0] = '"';
            buf[digits + 1] = '"';
            return digits + 2;
        }
        case Kind::Date: return encode_date(v.i, buf);
        case Kind::Month: return encode_month(v.i, buf);
        default: return 0;
    }
}

void encode_value(const Program& p, TypeId t, const Value& v, std::string& out) {
    const TypeDesc& d = p.types.at(t);
    char buf[kMaxScalarText];
    if (size_t n = encode_scalar(d.kind, v, buf)) { out.append(buf, n); return; }
    switch (d.kind) {
        case Kind::Money:  // a rounded mantissa past 64 bits, or more than 38 digits at two places
            out += '"';
            out += dec_to_fixed(v.dec(), 2, Rounding::HalfUp);
            out += '"';
            return;
        case Kind::Decimal: out += '"'; out += dec_to_string(v.dec()); out += '"'; return;
        case Kind::Text: append_json_string(out, v.text_view()); return;
        case Kind::Enum: append_json_string(out, p.types.enum_at(d.ref).cases.at(static_cast<size_t>(v.i))); return;
        case Kind::List:
            out += '[';
            for (uint32_t i = 0; i < v.aux; ++i) { if (i) out += ','; encode_value(p, d.ref, v.items[i], out); }
            out += ']';
            return;
        case Kind::Record: {
            const RecordDesc& rd = p.types.record_at(d.ref);
            out += '{';
            for (size_t i = 0; i < rd.fields.size(); ++i) {
                if (i) out += ',';
                append_json_string(out, rd.fields[i].name);
                out += ':';
                encode_value(p, rd.fields[i].type, v.items[i], out);
            }
            out += '}';
            return;
        }
        default: out += "null";
    }
}

}  // namespace edict::io
