// nlohmann::json SAX → io::Json. Chosen because nlohmann is Debian's best-kept JSON library and
// its SAX interface exposes each number's source text; our tree keeps that text.
#include "runtime/io/json.hpp"
#include "runtime/support/utf8.hpp"

#include "runtime/io/json_sax.hpp"

namespace edict::io {

Json::Json() = default;
Json::~Json() = default;
Json::Json(const Json&) = default;
Json::Json(Json&&) noexcept = default;
Json& Json::operator=(const Json&) = default;
Json& Json::operator=(Json&&) noexcept = default;

const Json* Json::find(std::string_view key) const {
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

namespace {

class Builder : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit Builder(Json& root) : root_(root) {}
    std::string error;

    bool null() override { return add(Json{}); }
    bool boolean(bool v) override { Json j; j.type = Json::Type::Bool; j.boolean = v; return add(std::move(j)); }
    bool number_integer(number_integer_t) override { return false; }  // never called: see number_* below
    bool number_unsigned(number_unsigned_t) override { return false; }
    bool number_float(number_float_t, const string_t& s) override { return number(s); }
    bool string(string_t& s) override { Json j; j.type = Json::Type::String; j.text = std::move(s); return add(std::move(j)); }
    bool binary(binary_t&) override { error = "binary values are not JSON"; return false; }
    bool start_object(std::size_t) override { return open(Json::Type::Object); }
    bool key(string_t& k) override { keys_.back() = std::move(k); return true; }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Json::Type::Array); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) override {
        error = sax::parse_error(pos, token, ex, [&] { return where(); });
        return false;
    }
    bool number(const std::string& s) { Json j; j.type = Json::Type::Number; j.text = s; return add(std::move(j)); }

private:
    // Where the value being read would go, as a path of keys and [indexes] ("children[3].born"):
    // a case's top-level key is the input's name.
    std::string where() const {
        std::string path;
        for (size_t k = 0; k < stack_.size(); ++k) {
            const Json& c = *stack_[k];
            bool last = k + 1 == stack_.size();  // its value is not added yet
            if (c.type == Json::Type::Array) {
                path += fmt::format("[{}]", last ? c.items.size() : c.items.size() - 1);
            } else {
                if (!path.empty()) path += '.';
                path += last ? keys_[k] : c.members.back().first;
            }
        }
        return path;
    }

    bool open(Json::Type t) {
        if (stack_.size() >= kMaxJsonDepth) { error = sax::too_deep(); return false; }
        Json j;
        j.type = t;
        if (!add(std::move(j))) return false;
        Json* parent = stack_.empty() ? &root_ : nullptr;
        if (!parent) {
            Json& top = *stack_.back();
            parent = top.type == Json::Type::Array ? &top.items.back() : &top.members.back().second;
        }
        // A case is one object of a few dozen inputs: growing its member list once, not five times,
        // saves moving every member on each regrowth.
        if (t == Json::Type::Object && stack_.empty()) parent->members.reserve(32);
        stack_.push_back(parent);
        keys_.emplace_back();
        return true;
    }
    bool close() { stack_.pop_back(); keys_.pop_back(); return true; }
    bool add(Json j) {
        if (stack_.empty()) { root_ = std::move(j); return true; }
        Json& top = *stack_.back();
        if (top.type == Json::Type::Array) top.items.push_back(std::move(j));
        else top.members.emplace_back(std::move(keys_.back()), std::move(j));  // a key is used once
        return true;
    }
    Json& root_;
    std::vector<Json*> stack_;
    std::vector<std::string> keys_;
};

// Integers that fit 64 bits arrive as values, which print back exactly; larger ones arrive
// through number_float with their text.
class ExactBuilder : public Builder {
public:
    explicit ExactBuilder(Json& root) : Builder(root) {}
    bool number_integer(number_integer_t v) override { return number(std::to_string(v)); }
    bool number_unsigned(number_unsigned_t v) override { return number(std::to_string(v)); }
};

// Checks the text is JSON within the limits, keeping nothing but the depth.
class Checker : public nlohmann::json_sax<nlohmann::json> {
public:
    std::string error;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(); }
    bool key(string_t&) override { return true; }
    bool end_object() override { --depth_; return true; }
    bool start_array(std::size_t) override { return open(); }
    bool end_array() override { --depth_; return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    bool open() { return ++depth_ <= kMaxJsonDepth; }
    size_t depth_ = 0;
};

}  // namespace

namespace sax {

bool precheck(std::string_view text, std::string& error) {
    if (text.size() > kMaxJsonBytes) {
        error = fmt::format("JSON text of {} bytes exceeds the limit of {} bytes", text.size(), kMaxJsonBytes);
        return false;
    }
    // nlohmann's lexer reads a NUL byte as the end of the input (for C strings), so `{...}\0junk`
    // would pass as `{...}`. No JSON text holds a raw NUL (not even inside a string): refuse it.
    if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
        error = fmt::format("invalid JSON at byte {}: a NUL byte (JSON text may not contain one)", nul);
        return false;
    }
    return true;
}

std::string too_deep() { return fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth); }

std::string number_overflow(std::size_t pos, const std::string& token, const std::string& where) {
    std::string shown = token.size() > 40 ? token.substr(0, 40) + "..." : token;
    return fmt::format("invalid JSON at byte {}: the number {}{} is out of range (beyond +-1.8e308)", pos, shown,
                       where.empty() ? "" : fmt::format(" for \"{}\"", where));
}

std::string syntax_error(std::size_t pos, const nlohmann::detail::exception& ex) {
    std::string what = ex.what();
    auto colon = what.rfind(": ");
    return fmt::format("invalid JSON at byte {}: {}", pos, colon == std::string::npos ? what : what.substr(colon + 2));
}

}  // namespace sax

bool parse_json(std::string_view text, Json& out, std::string& error) {
    out = Json{};
    ExactBuilder b(out);
    return sax::parse(text, b, error);
}

bool well_formed_json(std::string_view text) {
    Checker c;
    std::string error;
    return sax::parse(text, c, error);
}

// Text from a case or a request may hold any bytes (an error message quotes them); what we write
// is always valid JSON, so a byte that is not part of well-formed UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += fmt::format("\\u{:04x}", c);
                } else if (c < 0x80) {
                    out += static_cast<char>(c);
                } else if (size_t n = utf8::sequence_length(s, i)) {
                    out.append(s.data() + i, n);
                    i += n - 1;
                } else {
                    out += "\\ufffd";
                }
        }
    }
    out += '"';
}

std::string to_json_text(const Json& j) {
    std::string out;
    switch (j.type) {
        case Json::Type::Null: return "null";
        case Json::Type::Bool: return j.boolean ? "true" : "false";
        case Json::Type::Number: return j.text;
        case Json::Type::String: append_json_string(out, j.text); return out;
        case Json::Type::Array:
            out += '[';
            for (size_t i = 0; i < j.items.size(); ++i) { if (i) out += ','; out += to_json_text(j.items[i]); }
            return out + ']';
        case Json::Type::Object:
            out += '{';
            for (size_t i = 0; i < j.members.size(); ++i) {
                if (i) out += ',';
                append_json_string(out, j.members[i].first);
                out += ':';
                out += to_json_text(j.members[i].second);
            }
            return out + '}';
    }
    return out;
}

}  // namespace edict::io
