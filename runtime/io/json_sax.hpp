// What the readers of JSON text share: the tree builder (json.cpp) and the case decoder that
// reads text straight into values (case_decoder.cpp). Takes: JSON text and a nlohmann SAX
// handler. Produces: the parse, with the same limits checked and the same messages given, so the
// two readers cannot drift apart. Internal to runtime/io (it pulls in nlohmann).
#pragma once
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "runtime/io/json.hpp"

namespace edict::io::sax {

using Handler = nlohmann::json_sax<nlohmann::json>;

// false with `error` when the text is over kMaxJsonBytes or holds a NUL byte.
bool precheck(std::string_view text, std::string& error);

// "JSON nested deeper than 64 levels"
std::string too_deep();

// The message for nlohmann's parse error at byte `pos`; `where` (called only when it is needed)
// gives the path of the value being read, like "children[3].born", or "" at the top.
std::string number_overflow(std::size_t pos, const std::string& token, const std::string& where);
std::string syntax_error(std::size_t pos, const nlohmann::detail::exception& ex);
template <class Where>
std::string parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex, Where where) {
    constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range.406: a number beyond a double
    return ex.id == kNumberOverflow ? number_overflow(pos, token, where()) : syntax_error(pos, ex);
}

// Runs `h` over the text; false with `error` (the handler's own message when it stopped the parse,
// which it leaves in its member `error`).
template <class H>
bool parse(std::string_view text, H& h, std::string& error) {
    if (!precheck(text, error)) return false;
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(text.begin(), text.end(), &h, nlohmann::json::input_format_t::json, true);
    } catch (const std::exception& e) {
        h.error = fmt::format("invalid JSON: {}", e.what());
        ok = false;
    }
    if (!ok) error = h.error.empty() ? "invalid JSON" : h.error;
    return ok;
}

}  // namespace edict::io::sax
