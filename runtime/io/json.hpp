// A small JSON document model for cases. Takes: JSON text. Produces: a tree whose numbers keep
// their decimal text, so money read from a JSON number is exact (nlohmann's SAX parser hands us
// the text; its DOM would have turned it into a double). Depth and size are limited.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edict::io {

struct Json {
    enum class Type : uint8_t { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool boolean = false;
    std::string text;  // Number: as written; String: decoded
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;  // in document order

    // Defined in json.cpp, where Json is complete: clang (C++20) instantiates the members'
    // destructor here otherwise, and std::pair<std::string, Json> is still incomplete.
    Json();
    ~Json();
    Json(const Json&);
    Json(Json&&) noexcept;
    Json& operator=(const Json&);
    Json& operator=(Json&&) noexcept;

    const Json* find(std::string_view key) const;
};

constexpr size_t kMaxJsonDepth = 64;
constexpr size_t kMaxJsonBytes = 64u << 20;

// false: `error` says what is wrong and where (byte offset). The whole of `text` is JSON: a NUL
// byte is refused like any other stray byte, never taken as the end of the text.
bool parse_json(std::string_view text, Json& out, std::string& error);
// Whether parse_json would accept the text, found without building the tree.
bool well_formed_json(std::string_view text);


void append_json_string(std::string& out, std::string_view s);
std::string to_json_text(const Json& j);

}  // namespace edict::io
