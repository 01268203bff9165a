// Interning of types and their names as analysts read them ("date?", "list of money").
#include "runtime/bytecode/types.hpp"

namespace edict {

TypeTable::TypeTable() { types_.push_back({Kind::Error, false, 0}); }

TypeId TypeTable::intern(TypeDesc d) {
    for (TypeId i = 0; i < types_.size(); ++i) {
        const TypeDesc& t = types_[i];
        if (t.kind == d.kind && t.optional == d.optional && t.ref == d.ref) return i;
    }
    types_.push_back(d);
    return static_cast<TypeId>(types_.size() - 1);
}

TypeId TypeTable::lookup(TypeDesc d) const {
    for (TypeId i = 0; i < types_.size(); ++i)
        if (types_[i].kind == d.kind && types_[i].optional == d.optional && types_[i].ref == d.ref) return i;
    return kError;
}

TypeId TypeTable::optional_of(TypeId t) {
    TypeDesc d = at(t);
    if (d.kind == Kind::Error || d.kind == Kind::Null) return t;
    d.optional = true;
    return intern(d);
}

TypeId TypeTable::required_of(TypeId t) {
    TypeDesc d = at(t);
    d.optional = false;
    return intern(d);
}

uint32_t TypeTable::add_enum(EnumDesc e) {
    enums_.push_back(std::move(e));
    return static_cast<uint32_t>(enums_.size() - 1);
}

uint32_t TypeTable::add_record(RecordDesc r) {
    records_.push_back(std::move(r));
    return static_cast<uint32_t>(records_.size() - 1);
}

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Error: return "<error>";
        case Kind::Null: return "null";
#define EDICT_PRIMITIVE(kind, en, zh, doc) \
        case Kind::kind: return en;
#include "runtime/bytecode/primitive_types.def"
#undef EDICT_PRIMITIVE
        case Kind::Enum: return "enum";
        case Kind::Record: return "record";
        case Kind::List: return "list";
        case Kind::Calendar: return "calendar";
    }
    return "?";
}

std::optional<Kind> primitive_named(std::string_view english) {
#define EDICT_PRIMITIVE(kind, en, zh, doc) \
    if (english == en) return Kind::kind;
#include "runtime/bytecode/primitive_types.def"
#undef EDICT_PRIMITIVE
    return std::nullopt;
}

std::string TypeTable::name(TypeId t) const {
    const TypeDesc& d = at(t);
    std::string base;
    switch (d.kind) {
        case Kind::Enum: base = enums_.at(d.ref).name; break;
        case Kind::Record: base = records_.at(d.ref).name; break;
        case Kind::List: base = "list[" + name(d.ref) + "]"; break;
        default: base = kind_name(d.kind);
    }
    return d.optional ? base + "?" : base;
}

}  // namespace edict
