// Evaluating one JSON case for a chosen list of rules: decode, run, encode. Takes: a Program and
// the rules to output. Produces: the result object as JSON text, or a CaseError naming the input
// at fault. One runner per thread; it reuses its buffers between cases.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/case_codec.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::io {

class CaseRunner {
public:
    CaseRunner(const Program& p, std::vector<uint32_t> rules, bool allow_extra);
    bool run(const Json& input, std::string& out, CaseError& error);
    // The same from the case's JSON text, decoded straight into values (case_decoder.hpp): what
    // the CLI and the APIs use. error.not_json says the text itself was refused.
    bool run_text(std::string_view input, std::string& out, CaseError& error);
    // The same, the result appended to `out` (left as it was on failure): a batch writes results
    // straight into its chunk's output.
    bool append_text(std::string_view input, std::string& out, CaseError& error);
    // For a reader of another format (CSV rows, tools/cli/csv_cases.hpp): the case to decode
    // into, then evaluate_decoded to run it.
    DecodedCase& case_to_decode() { return case_; }
    bool evaluate_decoded(CaseError& error) { return execute(error); }
    // The raw values of the rules, for tests that compare them.
    bool evaluate(const Json& input, CaseError& error);
    bool evaluate_text(std::string_view input, CaseError& error);
    // run_text through the SAX reader alone (decode_case_text_sax): the benchmark's baseline.
    bool run_text_sax(std::string_view input, std::string& out, CaseError& error);
    const std::vector<Value>& results() const { return results_; }
    const std::vector<uint32_t>& rules() const { return rules_; }
    void set_step_budget(uint64_t steps) { session_.set_step_budget(steps); }
    // The session evaluating the cases, for tests of how it did (vm::Session::set_straight).
    vm::Session& session() { return session_; }

private:
    bool execute(CaseError& error);  // the decoded case → results_
    void encode(std::string& out);

    const Program& program_;
    std::vector<uint32_t> rules_;
    bool allow_extra_;
    vm::Session session_;
    DecodedCase case_;
    std::vector<Value> results_;
    // `{"name":` then `,"name":` for each rule, in order: key i is keys_[key_at_[i], +key_size_[i]),
    // its bytes followed by padding up to a multiple of 16, so encode copies it in 16-byte words.
    std::string keys_;
    std::vector<uint32_t> key_at_, key_size_;
    std::vector<Kind> kinds_;        // each rule's type's kind
    // For a rule of an enum type, each case's JSON text (quoted and escaped once, here); empty
    // for the other rules.
    std::vector<std::vector<std::string>> enum_texts_;
    std::unique_ptr<char[]> line_;   // where encode writes a line's keys and scalars
};

// `{"error": {"input": ..., "message": ...}}`
std::string error_line(const CaseError& e);

}  // namespace edict::io
