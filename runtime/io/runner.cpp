#include "runtime/io/runner.hpp"

#include "runtime/io/case_decoder.hpp"

#include <cstring>

#include <fmt/format.h>

namespace edict::io {

namespace {
constexpr size_t kDateTexts = 1024;  // 16 KiB a runner
}  // namespace

CaseRunner::CaseRunner(const Program& p, std::vector<uint32_t> rules, bool allow_extra)
    : program_(p), rules_(std::move(rules)), allow_extra_(allow_extra), session_(p), results_(rules_.size()),
      dates_(kDateTexts) {
    // Each result's key, written once here rather than escaped again for every case.
    for (size_t i = 0; i < rules_.size(); ++i) {
        std::string key(i ? "," : "{");
        append_json_string(key, program_.rules[rules_[i]].name);
        key += ':';
        keys_.push_back(std::move(key));
        kinds_.push_back(program_.types.at(program_.rules[rules_[i]].type).kind);
    }
    // The most a line can take, its scalars at their longest: '{' (no rules), keys, values and '}'.
    size_t room = 2;
    for (const std::string& key : keys_) room += key.size() + kMaxScalarText;
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

size_t CaseRunner::encode_date(int64_t day, char* buf) {
    DateText& d = dates_[static_cast<uint64_t>(day) % kDateTexts];
    if (d.day != day) {
        d.day = day;
        encode_scalar(Kind::Date, Value::date(day), d.text);
    }
    std::memcpy(buf, d.text, 12);
    return 12;
}

// The line is written into line_ (room for every key and a scalar of the longest kind), then
// appended to `out` in one copy. A value of no fixed bound (text, enum, list, record) is appended by
// encode_value after what line_ holds so far.
void CaseRunner::encode(std::string& out) {
    char* const line = line_.get();
    char* w = line;
    if (rules_.empty()) *w++ = '{';
    for (size_t i = 0; i < rules_.size(); ++i) {
        std::memcpy(w, keys_[i].data(), keys_[i].size());
        w += keys_[i].size();
        const Value& v = results_[i];
        const bool date = kinds_[i] == Kind::Date && !v.is_null() && !v.is_empty();
        if (size_t n = date ? encode_date(v.i, w) : encode_scalar(kinds_[i], v, w)) {
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
