#include "runtime/io/runner.hpp"

#include "runtime/io/case_decoder.hpp"

#include <cstring>

#include <fmt/format.h>

namespace edict::io {

namespace {
constexpr size_t kDateTexts = 1024;  // 16 KiB a runner
constexpr size_t kMonthTexts = 256;  // 4 KiB
constexpr size_t kKeyWord = 16;      // keys are copied in words of this many bytes
}  // namespace

CaseRunner::CaseRunner(const Program& p, std::vector<uint32_t> rules, bool allow_extra)
    : program_(p), rules_(std::move(rules)), allow_extra_(allow_extra), session_(p), results_(rules_.size()),
      dates_(kDateTexts), months_(kMonthTexts) {
    // Each result's key, written once here rather than escaped again for every case.
    for (size_t i = 0; i < rules_.size(); ++i) {
        std::string key(i ? "," : "{");
        append_json_string(key, program_.rules[rules_[i]].name);
        key += ':';
        key_at_.push_back(static_cast<uint32_t>(keys_.size()));
        key_size_.push_back(static_cast<uint32_t>(key.size()));
        key.resize((key.size() + kKeyWord - 1) / kKeyWord * kKeyWord, ' ');
        keys_ += key;
        kinds_.push_back(program_.types.at(program_.rules[rules_[i]].type).kind);
    }
    // The most a line can take, its scalars at their longest: '{' (no rules), keys, values and '}',
    // and the padding of the last key copied (a key's padding lands where its value then goes).
    size_t room = 2 + kKeyWord;
    for (uint32_t size : key_size_) room += size + kMaxScalarText;
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

size_t CaseRunner::encode_month(int64_t month, char* buf) {
    MonthText& m = months_[static_cast<uint64_t>(month) % kMonthTexts];
    if (m.month != month) {
        m.month = month;
        encode_scalar(Kind::Month, Value::month(month), m.text);
    }
    std::memcpy(buf, m.text, 9);
    return 9;
}

// The line is written into line_ (room for every key and a scalar of the longest kind), then
// appended to `out` in one copy. A value of no fixed bound (text, enum, list, record) is appended by
// encode_value after what line_ holds so far.
void CaseRunner::encode(std::string& out) {
    char* const line = line_.get();
    char* w = line;
    if (rules_.empty()) *w++ = '{';
    for (size_t i = 0; i < rules_.size(); ++i) {
        const char* key = keys_.data() + key_at_[i];
        for (size_t k = 0; k < key_size_[i]; k += kKeyWord) std::memcpy(w + k, key + k, kKeyWord);
        w += key_size_[i];
        const Value& v = results_[i];
        size_t n;
        if (v.is_null() || v.is_empty()) n = encode_scalar(kinds_[i], v, w);
        else if (kinds_[i] == Kind::Date) n = encode_date(v.i, w);
        else if (kinds_[i] == Kind::Month) n = encode_month(v.i, w);
        else n = encode_scalar(kinds_[i], v, w);
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
