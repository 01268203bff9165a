// HTML escaping and link helpers shared by the report writers. Takes: text. Produces: text safe in
// HTML element content and attribute values, and href values for names in any script.
#pragma once
#include <string>

namespace edict::report {

inline std::string escape(const std::string& s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            case '\'': o += "&#39;"; break;
            default: o += c;
        }
    }
    return o;
}

// An id for a clause usable in URLs without percent-encoding: "一.1" -> "clause-e4b880-1".
inline std::string clause_anchor(const std::string& id) {
    static const char* hex = "0123456789abcdef";
    std::string o = "clause-";
    for (unsigned char c : id) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) o += static_cast<char>(c);
        else if (c == '.') o += '-';
        else { o += hex[c >> 4]; o += hex[c & 15]; }
    }
    return o;
}

}  // namespace edict::report
