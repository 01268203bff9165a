// The one runtime value representation: a 32-byte tagged cell, trivially copyable, so the VM
// stack and rule caches are flat arrays and evaluation allocates nothing for scalars.
// Lists, records and texts point at memory owned by the program (constants), the decoded case,
// or the evaluation arena; all outlive the evaluation that sees them.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

#include "runtime/value/decimal.hpp"

namespace edict {

enum class Tag : uint8_t {
    Empty,  // internal: "no definition applied" in default logic; never escapes a rule
    Null, Bool, Int, Dec, Date, Month, Text, Enum, List, Record,
};

struct Value {
    Tag tag = Tag::Null;
    uint8_t scale = 0;  // Dec
    uint16_t pad = 0;
    uint32_t aux = 0;   // Text: byte length; List: length; Record: record index; Enum: enum index
    union {
        int64_t i;          // Bool (0/1), Int, Date (day number), Month (month number), Enum case
        __int128 mant;      // Dec
        const Value* items; // List, Record
        const char* str;    // Text
    };

    Value() : i(0) {}
    static Value null() { return Value(); }
    static Value empty() { Value v; v.tag = Tag::Empty; return v; }
    static Value boolean(bool b) { Value v; v.tag = Tag::Bool; v.i = b; return v; }
    static Value integer(int64_t x) { Value v; v.tag = Tag::Int; v.i = x; return v; }
    static Value date(int64_t day) { Value v; v.tag = Tag::Date; v.i = day; return v; }
    static Value month(int64_t m) { Value v; v.tag = Tag::Month; v.i = m; return v; }
    static Value enum_case(uint32_t enum_index, int64_t c) { Value v; v.tag = Tag::Enum; v.aux = enum_index; v.i = c; return v; }
    static Value decimal(const Decimal& d) { Value v; v.tag = Tag::Dec; v.mant = d.mant; v.scale = d.scale; return v; }
    static Value text(std::string_view s) {
        Value v; v.tag = Tag::Text; v.str = s.data(); v.aux = static_cast<uint32_t>(s.size()); return v;
    }
    static Value list(const Value* items, uint32_t n) { Value v; v.tag = Tag::List; v.items = items; v.aux = n; return v; }
    static Value record(const Value* fields, uint32_t record_index) {
        Value v; v.tag = Tag::Record; v.items = fields; v.aux = record_index; return v;
    }

    bool is_null() const { return tag == Tag::Null; }
    bool is_empty() const { return tag == Tag::Empty; }
    Decimal dec() const { return Decimal{mant, scale}; }
    std::string_view text_view() const { return std::string_view(str, aux); }
};

static_assert(sizeof(Value) == 32, "Value must stay a 32-byte cell");

}  // namespace edict
