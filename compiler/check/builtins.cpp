// The table of builtins.def as data, in the order of the file (indexed by the enum).
#include "compiler/check/builtins.hpp"

namespace edict::check {

namespace {

#define OP(name) BuiltinLowering::Op, Op::name
#define NONE BuiltinLowering::None, Op{}
#define CUSTOM BuiltinLowering::Custom, Op{}
constexpr BuiltinInfo kBuiltins[] = {
#define EDICT_BUILTIN(id, name, min_args, max_args, params, result, typing, lowering, doc) \
    {Builtin::id, name, min_args, max_args, params, result, BuiltinTyping::typing, lowering, doc},
#include "compiler/check/builtins.def"
#undef EDICT_BUILTIN
};
#undef OP
#undef NONE
#undef CUSTOM

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

std::span<const BuiltinInfo> all_builtins() { return kBuiltins; }

const BuiltinInfo& builtin_info(Builtin b) { return kBuiltins[static_cast<size_t>(b)]; }

const BuiltinInfo* find_builtin(std::string_view name) {
    for (const BuiltinInfo& b : kBuiltins)
        if (b.name == name) return &b;
    return nullptr;
}

std::optional<std::vector<Kind>> builtin_param_kinds(const BuiltinInfo& b) {
    std::vector<Kind> kinds;
    std::string_view rest = b.params;
    while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view one = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        size_t colon = one.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        auto k = primitive_named(trim(one.substr(colon + 1)));
        if (!k) return std::nullopt;
        kinds.push_back(*k);
    }
    return kinds;
}

std::string builtin_signature(const BuiltinInfo& b) {
    return std::string(b.name) + "(" + std::string(b.params) + "): " + std::string(b.result);
}

}  // namespace edict::check
