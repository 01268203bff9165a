// Public values: construction, accessors, wire-format JSON, and the conversions to and from the
// runtime's 32-byte cells. Decimal text stays text until the case decoder parses it exactly.
#include <fmt/format.h>

#include "api/internal.hpp"
#include "runtime/value/date.hpp"

namespace edict::api {

Value Value::boolean(bool b) { Value v; v.tag_ = Tag::Bool; v.b_ = b; return v; }
Value Value::integer(int64_t i) { Value v; v.tag_ = Tag::Int; v.i_ = i; return v; }
Value Value::decimal(std::string s) { Value v; v.tag_ = Tag::Decimal; v.s_ = std::move(s); return v; }
Value Value::date(std::string s) { Value v; v.tag_ = Tag::Date; v.s_ = std::move(s); return v; }
Value Value::month(std::string s) { Value v; v.tag_ = Tag::Month; v.s_ = std::move(s); return v; }
Value Value::text(std::string s) { Value v; v.tag_ = Tag::Text; v.s_ = std::move(s); return v; }
Value Value::enumeration(std::string s) { Value v; v.tag_ = Tag::Enum; v.s_ = std::move(s); return v; }
Value Value::list(std::vector<Value> items) { Value v; v.tag_ = Tag::List; v.items_ = std::move(items); return v; }
Value Value::record(std::vector<std::pair<std::string, Value>> f) { Value v; v.tag_ = Tag::Record; v.fields_ = std::move(f); return v; }

bool Value::as_bool() const {
    if (tag_ != Tag::Bool) throw std::logic_error("edict::api::Value::as_bool on a value that is not a bool");
    return b_;
}

int64_t Value::as_int() const {
    if (tag_ != Tag::Int) throw std::logic_error("edict::api::Value::as_int on a value that is not an int");
    return i_;
}

const std::string& Value::as_text() const {
    if (tag_ != Tag::Decimal && tag_ != Tag::Date && tag_ != Tag::Month && tag_ != Tag::Text && tag_ != Tag::Enum)
        throw std::logic_error("edict::api::Value::as_text on a value without a text form");
    return s_;
}

bool Value::operator==(const Value& o) const {
    return tag_ == o.tag_ && b_ == o.b_ && i_ == o.i_ && s_ == o.s_ && items_ == o.items_ && fields_ == o.fields_;
}

std::string Value::to_json() const {
    std::string out;
    switch (tag_) {
        case Tag::Null: return "null";
        case Tag::Bool: return b_ ? "true" : "false";
        case Tag::Int: return std::to_string(i_);
        case Tag::Decimal: case Tag::Date: case Tag::Month: case Tag::Text: case Tag::Enum:
            io::append_json_string(out, s_);
            return out;
        case Tag::List:
            out += '[';
            for (size_t i = 0; i < items_.size(); ++i) {
                if (i) out += ',';
                out += items_[i].to_json();
            }
            return out + ']';
        case Tag::Record:
            out += '{';
            for (size_t i = 0; i < fields_.size(); ++i) {
                if (i) out += ',';
                io::append_json_string(out, fields_[i].first);
                out += ':' + fields_[i].second.to_json();
            }
            return out + '}';
    }
    return "null";
}

io::Json to_case_json(const Value& v) {
    io::Json j;
    switch (v.tag()) {
        case Value::Tag::Null: break;
        case Value::Tag::Bool: j.type = io::Json::Type::Bool; j.boolean = v.as_bool(); break;
        case Value::Tag::Int: j.type = io::Json::Type::Number; j.text = std::to_string(v.as_int()); break;
        case Value::Tag::Decimal: case Value::Tag::Date: case Value::Tag::Month: case Value::Tag::Text:
        case Value::Tag::Enum:
            j.type = io::Json::Type::String;
            j.text = v.as_text();
            break;
        case Value::Tag::List:
            j.type = io::Json::Type::Array;
            for (const Value& i : v.items()) j.items.push_back(to_case_json(i));
            break;
        case Value::Tag::Record:
            j.type = io::Json::Type::Object;
            for (const auto& [k, f] : v.fields()) j.members.emplace_back(k, to_case_json(f));
            break;
    }
    return j;
}

Value from_runtime(const edict::Program& p, TypeId t, const edict::Value& v) {
    if (v.is_null() || v.is_empty()) return Value::null();
    const TypeDesc& d = p.types.at(t);
    switch (d.kind) {
        case edict::Kind::Bool: return Value::boolean(v.i != 0);
        case edict::Kind::Int: case edict::Kind::Days: case edict::Kind::Months: case edict::Kind::Years:
            return Value::integer(v.i);
        case edict::Kind::Money: return Value::decimal(dec_to_fixed(v.dec(), 2, Rounding::HalfUp));
        case edict::Kind::Decimal: return Value::decimal(dec_to_string(v.dec()));
        case edict::Kind::Date: return Value::date(date_to_string(static_cast<DayNumber>(v.i)));
        case edict::Kind::Month: return Value::month(month_to_string(static_cast<MonthNumber>(v.i)));
        case edict::Kind::Text: return Value::text(std::string(v.text_view()));
        case edict::Kind::Enum: return Value::enumeration(p.types.enum_at(d.ref).cases.at(static_cast<size_t>(v.i)));
        case edict::Kind::List: {
            std::vector<Value> items;
            for (uint32_t i = 0; i < v.aux; ++i) items.push_back(from_runtime(p, d.ref, v.items[i]));
            return Value::list(std::move(items));
        }
        case edict::Kind::Record: {
            const RecordDesc& rd = p.types.record_at(d.ref);
            std::vector<std::pair<std::string, Value>> fields;
            for (size_t i = 0; i < rd.fields.size(); ++i)
                fields.emplace_back(rd.fields[i].name, from_runtime(p, rd.fields[i].type, v.items[i]));
            return Value::record(std::move(fields));
        }
        default: return Value::null();
    }
}

}  // namespace edict::api
