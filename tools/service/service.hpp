// The HTTP service's request handling, apart from the HTTP library: a request body in, a status
// and a JSON body out. `edict serve` (tools/cli/serve_command.cpp) routes cpp-httplib requests
// here; the fuzz target tests/fuzz/service_target.cpp drives it directly.
//
// Takes: a compiled program, and the compilation it came from when there is one (a policy served
// from a .edictc artifact has none, and cannot explain), limits. Produces: for POST /v1/eval
// {"output": {...}} (plus "explain": the trace of docs/explain.md when the body asks for it); for
// POST /v1/eval/batch {"results": [...], "failed": N}; for GET /v1/schema the outputs and inputs.
// Errors are {"error": {"field", "message"}}: 400 for a body that is not JSON or gives a member
// twice, 422 for JSON that names an unknown field or output (or one twice) or carries an ill-typed,
// missing or unknown input.
//
// Thread-safe: VM sessions are single-threaded, so the service keeps a pool of case runners per
// output list (and of explainers) and lends one to each request.
//
// Each evaluated case can be reported to a DecisionSink (the decision log, the metrics): the
// case's input, the outputs asked for, and the output object or the error.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "tooling/explain/explain.hpp"
#include "runtime/io/runner.hpp"

namespace edict::service {

struct Limits {
    size_t max_cases = 10000;        // cases in one batch request
    uint64_t step_budget = 1'000'000; // VM steps per case
    bool allow_extra = false;        // ignore input keys the policy does not declare
};

struct Reply {
    int status = 200;
    std::string body;  // JSON
};

// `{"error":{"field":...,"message":...}}`; an empty field is written as null.
std::string error_body(std::string_view field, std::string_view message);

// One evaluated case: the decision the service made.
struct Decision {
    const io::Json& input;
    size_t index = 0;                        // the case's place in a batch; 0 for /eval
    const std::vector<std::string>& outputs;  // the names asked for, in order
    std::string_view output;                 // the output object's JSON text; empty when it failed
    std::string_view error_field, error_message;
    bool failed() const { return output.empty(); }
};
using DecisionSink = std::function<void(const Decision&)>;

class Service {
public:
    // `compilation` may be null (no explanations); when not, it must outlive the service.
    Service(std::shared_ptr<const Program> program, const Compilation* compilation, Limits limits);
    Service(const Compilation& compilation, Limits limits);
    ~Service();
    Reply eval(std::string_view body, const DecisionSink& sink = {});
    Reply batch(std::string_view body, const DecisionSink& sink = {});
    const std::string& schema() const { return schema_; }

private:
    struct Lease;
    std::unique_ptr<io::CaseRunner> take_runner(const std::vector<uint32_t>& rules);
    void give_back(const std::vector<uint32_t>& rules, std::unique_ptr<io::CaseRunner> runner);
    std::vector<uint32_t> outputs_of(const io::Json& body) const;
    std::string explain(const io::Json& input, const std::vector<uint32_t>& rules);
    std::vector<std::string> names_of(const std::vector<uint32_t>& rules) const;

    std::shared_ptr<const Program> holder_;
    const Compilation* compilation_;
    const Program& program_;
    Limits limits_;
    std::string schema_;
    std::mutex mutex_;
    std::map<std::vector<uint32_t>, std::vector<std::unique_ptr<io::CaseRunner>>> runners_;
    size_t pooled_ = 0;
    std::vector<std::unique_ptr<explain::Explainer>> explainers_;
};

}  // namespace edict::service
