#include "runtime/io/runner.hpp"

#include "runtime/io/case_decoder.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace edict::io {

namespace {
constexpr size_t kKeyWord = 16;  // keys are copied in words of this many bytes, the first two at once
}  // namespace

CaseRunner::CaseRunner(const Program& p, std::vector<uint32_t> rules, bool allow_extra)
    : program_(p), rules_(std::move(rules)), allow_extra_(allow_extra), session_(p), results_(rules_.size()),
      enum_texts_(rules_.size()) {
    // Each result's key, written once here rather than escaped again for every case.
    size_t room = 2 + 2 * kKeyWord;  // '{' (no rules), '}', and what the last key's copy writes past it
    for (size_t i = 0; i < rules_.size(); ++i) {
        std::string key(i ? "," : "{");
        append_json_string(key, program_.rules[rules_[i]].name);
        key += ':';
        key_at_.push_back(static_cast<uint32_t>(keys_.size()));
        key_size_.push_back(static_cast<uint32_t>(key.size()));
        key.resize((key.size() + kKeyWord - 1) / kKeyWord * kKeyWord, ' ');
        keys_ += key;
        const TypeDesc& type = program_.types.at(program_.rules[rules_[i]].type);
        kinds_.push_back(type.kind);
        // The most a line can take: each key and its value at its longest (a key's padding lands
        // where its value then goes).
        size_t longest = kMaxScalarText;
        if (type.kind == Kind::Enum)
            for (const std::string& c : program_.types.enum_at(type.ref).cases) {
                std::string text;
                append_json_string(text, c);
                longest = std::max(longest, text.size());
                enum_texts_[i].push_back(std::move(text));
            }
        room += key_size_.back() + longest;
    }
    keys_.append(kKeyWord, ' ');  // the first two words of the last key are read at once
    line_ = std::make_unique<char[]>(room);
}

bool CaseRunner::evaluate(const Json& input, CaseError& error) {
    return decode_case(program_, input, allow_extra_, case_, error) && execute(error);
}

bool CaseRunner::evaluate_text(std::string_view input, CaseError& error) {
    return decode_case_text(program_, input, allow_extra_, case_, error) && execute(error);
}

bool CaseRunner::execute(CaseError& error) {
    vm::RuntimeError rt;
    vm::CaseView view = case_.view();
    if (!session_.evaluate(view, rules_.data(), rules_.size(), results_.data(), rt)) {
        error.input = rt.input;
        error.message = vm::error_text(program_, rt);
        return false;
    }
    return true;
}

bool CaseRunner::run(const Json& input, std::string& out, CaseError& error) {
    out.clear();
    if (!evaluate(input, error)) return false;
    encode(out);
    return true;
}

bool CaseRunner::run_text(std::string_view input, std::string& out, CaseError& error) {
    out.clear();
    if (!evaluate_text(input, error)) return false;
    encode(out);
    return true;
}

bool CaseRunner::run_text_sax(std::string_view input, std::string& out, CaseError& error) {
    out.clear();
    if (!decode_case_text_sax(program_, input, allow_extra_, case_, error) || !execute(error)) return false;
    encode(out);
    return true;
}

bool CaseRunner::append_text(std::string_view input, std::string& out, CaseError& error) {
    if (!evaluate_text(input, error)) return false;
    encode(out);
    return true;
}

// The line is written into line_ (room for every key and the longest value of its rule's type),
// then appended to `out` in one copy. A value of no fixed bound (text, list, record) is appended by
// encode_value after what line_ holds so far.
void CaseRunner::encode(std::string& out) {
    char* const line = line_.get();
    char* w = line;
    if (rules_.empty()) *w++ = '{';
    for (size_t i = 0; i < rules_.size(); ++i) {
        const char* key = keys_.data() + key_at_[i];
        std::memcpy(w, key, 2 * kKeyWord);  // nearly every key: the loop below does not turn
        for (size_t k = 2 * kKeyWord; k < key_size_[i]; k += kKeyWord) std::memcpy(w + k, key + k, kKeyWord);
        w += key_size_[i];
        const Value& v = results_[i];
        size_t n = 0;
        if (v.is_null() || v.is_empty()) {
            std::memcpy(w, "null", 4);
            n = 4;
        } else {
            switch (kinds_[i]) {
                case Kind::Bool: {
                    // No branch on which (a coin toss from case to case): the text by a select, the
                    // length by arithmetic; "true" copies one byte more, overwritten next.
                    const bool t = v.i != 0;
                    std::memcpy(w, t ? "true" : "false", 5);
                    n = 5 - static_cast<size_t>(t);
                    break;
                }
                case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years:
                    n = static_cast<size_t>(std::to_chars(w, w + kMaxScalarText, v.i).ptr - w);
                    break;
                case Kind::Date: n = encode_date(v.i, w); break;
                case Kind::Month: n = encode_month(v.i, w); break;
                case Kind::Money: n = encode_money(v, w); break;
                case Kind::Enum: {
                    const std::vector<std::string>& texts = enum_texts_[i];
                    if (v.i >= 0 && static_cast<uint64_t>(v.i) < texts.size()) {
                        const std::string& t = texts[static_cast<size_t>(v.i)];
                        std::memcpy(w, t.data(), t.size());
                        n = t.size();
                    }
                    break;
                }
                default: break;
            }
            if (n == 0) n = encode_scalar(kinds_[i], v, w);
        }
        if (n) {
            w += n;
            continue;
        }
        out.append(line, static_cast<size_t>(w - line));
        encode_value(program_, program_.rules[rules_[i]].type, v, out);
        w = line;
    }
    *w++ = '}';
    out.append(line, static_cast<size_t>(w - line));
}

std::string error_line(const CaseError& e) {
    std::string out = "{\"error\":{\"input\":";
    if (e.input.empty()) out += "null";
    else append_json_string(out, e.input);
    out += ",\"message\":";
    append_json_string(out, e.message);
    out += "}}";
    return out;
}

}  // namespace edict::io
