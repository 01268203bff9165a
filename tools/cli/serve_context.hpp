// What the routes of `edict serve` share: the policies, the metrics, the decision log, the
// options they answer by, and the per-request context (request id, start time) that the
// pre-routing handler sets and the logger consumes. serve_command.cpp wires the server;
// serve_policies.cpp answers the routes over the registry.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <httplib.h>

#include "tools/cli/serve_connections.hpp"
#include "tools/service/decision_log.hpp"
#include "tools/service/metrics.hpp"
#include "tools/service/registry.hpp"

namespace edict::cli {

struct ServeOptions {
    std::string command = "edict serve";  // how its messages start (`edict workbench` shares the server)
    std::string policy;
    std::string host = "127.0.0.1";
    int port = 8080;
    unsigned threads = CPPHTTPLIB_THREAD_POOL_COUNT;
    size_t max_body = 1u << 20;
    size_t max_cases = 10000;
    uint64_t step_budget = 1'000'000;
    bool allow_extra = false;
    double header_timeout = 5, body_timeout = 30, drain_timeout = 10;  // seconds
    size_t max_client_connections = 0;                                 // 0: half of --threads
    size_t max_concurrent = 0;                                         // 0: no bound below --threads
    double reload_debounce = 0.3;                                      // seconds
    bool watch = true;
    std::string decision_log;
    std::string decision_log_inputs = "full";
    size_t decision_log_max_mb = 100;
    unsigned decision_log_keep = 5;
};

constexpr const char* kJson = "application/json";
constexpr const char* kBuildVersion = "0.1.0";

// The request being served by this worker thread.
struct RequestContext {
    std::optional<std::chrono::steady_clock::time_point> start;
    std::string id;        // X-Request-Id, given or generated
    bool counted = false;  // counted in the in-flight gauge
};
RequestContext& current_request();

struct ServeContext {
    const ServeOptions& options;
    service::Registry registry;
    service::Metrics metrics;
    std::unique_ptr<service::DecisionLog> decisions;  // null without --decision-log
    std::atomic<bool> draining{false};
    ServeContext(const ServeOptions& o, service::Limits limits) : options(o), registry(o.policy, limits) {}
};

void reply(httplib::Response& res, const service::Reply& r);

// Reads a POST body (serve_command.cpp); false with the answer set when it cannot be had.
bool read_body(const httplib::Request& q, httplib::Response& r, const httplib::ContentReader& read, size_t max,
               std::string& body);

// The routes over the registry: /v1/eval, /v1/eval/batch, /v1/schema (one policy served),
// /v1/policies, /v1/policies/{id}/eval and /eval/batch, /v1/openapi.json, /readyz, /metrics, and
// the workbench's: its page at / and /workbench/FILE, /v1/policies/{id}/form, /notice and /tests.
void add_policy_routes(GuardedServer& server, ServeContext& context);

// The route pattern a path belongs to, for the metrics' `route` label ("other" when none).
std::string route_pattern(std::string_view path);

}  // namespace edict::cli
