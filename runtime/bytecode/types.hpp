// The type table shared by the checker and the runtime. Takes: type descriptions. Produces:
// interned TypeIds, so that "same type" is integer equality, and the runtime can decode JSON
// inputs and encode outputs from a compiled program without the compiler.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edict {

enum class Kind : uint8_t {
    Error,  // the type of an expression that already failed to check; suppresses cascades
    Null,   // the type of the literal `null` before it meets an expected type
    Bool, Int, Decimal, Money, Date, Month, Days, Months, Years, Text,  // primitive_types.def
    Enum,      // ref = enum index
    Record,    // ref = record index
    List,      // ref = element TypeId
    Calendar,  // a working-day calendar passed to roll()
};

using TypeId = uint32_t;

struct TypeDesc {
    Kind kind = Kind::Error;
    bool optional = false;
    uint32_t ref = 0;
};

struct EnumDesc {
    std::string name;
    std::vector<std::string> cases;
    // The index of the case named `text`, -1 if none: how a case's enum input is read.
    int64_t find_case(std::string_view text) const {
        for (size_t i = 0; i < cases.size(); ++i)
            if (cases[i] == text) return static_cast<int64_t>(i);
        return -1;
    }
};

struct RecordField {
    std::string name;
    TypeId type = 0;
};

struct RecordDesc {
    std::string name;
    std::vector<RecordField> fields;
};

class TypeTable {
public:
    TypeTable();
    TypeId intern(TypeDesc d);
    TypeId prim(Kind k) { return intern({k, false, 0}); }
    // The id of an already interned type, or kError.
    TypeId lookup(TypeDesc d) const;
    TypeId optional_of(TypeId t);
    TypeId required_of(TypeId t);
    TypeId list_of(TypeId elem) { return intern({Kind::List, false, elem}); }
    const TypeDesc& at(TypeId t) const { return types_.at(t); }
    size_t size() const { return types_.size(); }
    std::string name(TypeId t) const;

    uint32_t add_enum(EnumDesc e);
    uint32_t add_record(RecordDesc r);
    const EnumDesc& enum_at(uint32_t i) const { return enums_.at(i); }
    const RecordDesc& record_at(uint32_t i) const { return records_.at(i); }
    RecordDesc& record_mut(uint32_t i) { return records_.at(i); }
    size_t enum_count() const { return enums_.size(); }
    size_t record_count() const { return records_.size(); }

    static constexpr TypeId kError = 0;

private:
    std::vector<TypeDesc> types_;
    std::vector<EnumDesc> enums_;
    std::vector<RecordDesc> records_;
};

const char* kind_name(Kind k);
// The Kind of a primitive type's English name ("date"); nullopt for any other name
// (primitive_types.def is the list).
std::optional<Kind> primitive_named(std::string_view english);

}  // namespace edict
