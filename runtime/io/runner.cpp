#include "runtime/io/runner.hpp"

#include "runtime/io/case_decoder.hpp"

#include <fmt/format.h>

namespace edict::io {

CaseRunner::CaseRunner(const Program& p, std::vector<uint32_t> rules, bool allow_extra)
    : program_(p), rules_(std::move(rules)), allow_extra_(allow_extra), session_(p), results_(rules_.size()) {
    // Each result's key, written once here rather than escaped again for every case.
    for (size_t i = 0; i < rules_.size(); ++i) {
        std::string key(i ? "," : "{");
        append_json_string(key, program_.rules[rules_[i]].name);
        key += ':';
        keys_.push_back(std::move(key));
    }
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
        error.message = rt.message;
        error.message += vm::while_computing(rt.chain);
        if (rt.has_loc) error.message += fmt::format(" ({})", program_.describe(rt.loc));
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

void CaseRunner::encode(std::string& out) const {
    if (rules_.empty()) out += '{';
    for (size_t i = 0; i < rules_.size(); ++i) {
        out += keys_[i];
        encode_value(program_, program_.rules[rules_[i]].type, results_[i], out);
    }
    out += '}';
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
