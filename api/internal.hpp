// What the public API (include/edict/edict.hpp) wraps, shared by the files of api/.
// Takes: an internal edict::Program. Produces: the public descriptions of its inputs and
// outputs, conversions between public and runtime values, and output-name resolution.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "edict/edict.hpp"
#include "runtime/io/json.hpp"

namespace edict::api {

struct Program::Impl {
    std::shared_ptr<const edict::Program> program;
    std::vector<InputInfo> inputs;
    std::vector<OutputInfo> outputs;
};

// Builds the public view of a compiled program.
std::shared_ptr<const Program> wrap(std::shared_ptr<const edict::Program> p);

Type public_type(const edict::Program& p, TypeId t);
Location public_location(const edict::Program& p, const SourceLoc& loc);

// A public value as the JSON the case decoder reads, so typed inputs get exactly the checks and
// messages that JSON cases get.
io::Json to_case_json(const Value& v);
// A runtime value of type t as a public value (money at two places, as on the wire).
Value from_runtime(const edict::Program& p, TypeId t, const edict::Value& v);

// Rule indexes for output names (every output when empty). Throws UsageError naming the
// unknown output and listing the real ones.
std::vector<uint32_t> resolve_outputs(const edict::Program& p, const std::vector<std::string>& names);
std::vector<std::string> split_csv(const char* csv);

// An evaluation error's message as `edict eval` prints it: what went wrong, the chain of rules,
// where. EvalError::to_json wraps it; the Python module's error column shows it.
std::string error_message(const EvalError& e);
// Whether load() reads `path` as a compiled artifact (by its name or its signature).
bool is_artifact_path(const std::string& path);
// A compiler or checker diagnostic as hosts see it, with its file, line and column.
Diagnostic public_diagnostic(const edict::Diagnostic& d, const SourceMap& sources);

}  // namespace edict::api
