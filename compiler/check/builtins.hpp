// The built-in functions as data. Takes: check/builtins.def (the one list). Produces: the Builtin
// enum and, per built-in, its name, arity, signature, doc and how the checker types it and codegen
// lowers it; read by the checker, codegen, the language server and the docs test.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/opcodes.hpp"
#include "runtime/bytecode/types.hpp"

namespace edict::check {

enum class Builtin : uint8_t {
#define EDICT_BUILTIN(id, name, min_args, max_args, params, result, typing, lowering, doc) id,
#include "compiler/check/builtins.def"
#undef EDICT_BUILTIN
};

enum class BuiltinTyping : uint8_t { Table, Custom };
enum class BuiltinLowering : uint8_t { Op, None, Custom };

struct BuiltinInfo {
    Builtin id;
    std::string_view name;
    int min_args, max_args;  // max_args -1: any number
    std::string_view params, result;
    BuiltinTyping typing;
    BuiltinLowering lowering;
    Op op;  // when lowering is Op
    std::string_view doc;
};

std::span<const BuiltinInfo> all_builtins();
const BuiltinInfo& builtin_info(Builtin b);
const BuiltinInfo* find_builtin(std::string_view name);
// The parameter types of a Table-typed built-in ("d: date, n: int" → date, int); nullopt when a
// parameter's type is not a primitive type.
std::optional<std::vector<Kind>> builtin_param_kinds(const BuiltinInfo& b);
// "add_days(d: date, n: int): date", for the editor's completion and hover.
std::string builtin_signature(const BuiltinInfo& b);

}  // namespace edict::check
