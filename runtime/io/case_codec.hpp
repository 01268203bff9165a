// The wire format of cases and results (contract "Values on the wire"). Takes: a JSON object of
// inputs, or runtime values of known types. Produces: decoded input values (exact money,
// strict dates) with per-input errors, or JSON text for results.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "bytecode/program.hpp"
#include "io/json.hpp"
#include "vm/vm.hpp"

namespace edict::io {

// A list input may hold at most this many items (the JSON size limit alone would allow ~32M).
constexpr size_t kMaxListItems = 1000000;

struct DecodedCase {
    std::vector<Value> values;
    std::vector<uint8_t> present;
    std::vector<std::string> messages;
    std::vector<uint8_t> seen;                     // keys met in the JSON object (duplicates are errors)
    std::deque<std::string> texts;                 // storage for text values
    std::vector<std::unique_ptr<Value[]>> blocks;  // storage for lists and records
    vm::CaseView view() const { return {values.data(), present.data(), messages.data()}; }
};

struct CaseError {
    std::string input;  // the input or key at fault; empty when the case as a whole is wrong
    std::string message;
};

// Unknown keys are an error naming the key unless allow_extra. Ill-typed inputs are recorded
// (present = 2) and become errors only if evaluation needs them.
bool decode_case(const Program& p, const Json& object, bool allow_extra, DecodedCase& out, CaseError& error);

// Decodes one value of type t; false with `why` when it does not fit.
bool decode_value(const Program& p, TypeId t, const Json& j, DecodedCase& store, Value& out, std::string& why);

void encode_value(const Program& p, TypeId t, const Value& v, std::string& out);

}  // namespace edict::io
