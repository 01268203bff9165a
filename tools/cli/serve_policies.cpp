// The routes of `edict serve` that answer over the served policies; see serve_context.hpp.
// A request takes the policy's current version (a shared_ptr) as soon as its headers are in,
// before its body is read, and evaluates on it to the end, whatever a reload swaps in meanwhile.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tools/cli/serve_context.hpp"
#include "tools/service/openapi.hpp"
#include "tools/service/workbench.hpp"
#include "tools/workbench/assets.hpp"

namespace edict::cli {

namespace {

using service::PolicyState;
using service::PolicyVersion;
using service::Reply;
using J = nlohmann::ordered_json;

Reply refusal(int status, const std::string& message) { return {status, service::error_body("", message)}; }

// Evaluates on one version, reporting each case to the metrics and the decision log.
Reply evaluate(ServeContext& cx, const PolicyVersion& v, std::string_view body, bool batch) {
    uint64_t evaluated = 0, failed = 0;
    const std::string& request_id = current_request().id;
    service::DecisionSink sink = [&](const service::Decision& d) {
        ++evaluated;
        failed += d.failed();
        if (cx.decisions) cx.decisions->record(d, v, request_id, batch ? "batch" : "eval");
    };
    Reply r = batch ? v.service->batch(body, sink) : v.service->eval(body, sink);
    if (evaluated) cx.metrics.cases(v.id, v.version, evaluated, failed);
    return r;
}

// The version a request to policy `id` evaluates on, or the refusal: 404 no such policy, 503 it
// never loaded, 409 a pinned version that is not the one loaded.
std::shared_ptr<const PolicyVersion> version_for(ServeContext& cx, const std::string& id,
                                                 const httplib::Request& q, Reply& refused) {
    std::optional<PolicyState> s = cx.registry.state(id);
    if (!s) {
        refused = refusal(404, fmt::format("no policy `{}` is served here; GET /v1/policies lists them", id));
        return nullptr;
    }
    if (!s->current) {
        refused = refusal(503, fmt::format("policy `{}` has not loaded (fix it; it reloads when its files change): {}",
                                           id, s->error.substr(0, s->error.find('\n'))));
        return nullptr;
    }
    if (q.has_param("version")) {
        std::string pin = q.get_param_value("version");
        if (!s->current->matches(pin)) {
            refused = refusal(409, fmt::format("policy `{}` is at version {}{}; version {} is not loaded (any longer)",
                                               id, s->current->version,
                                               s->current->declared.empty() ? "" : " (" + s->current->declared + ")",
                                               pin));
            return nullptr;
        }
    }
    return s->current;
}

// The single policy of /v1/eval and /v1/schema, or the refusal when more than one is served.
std::string only_policy(ServeContext& cx, Reply& refused) {
    std::vector<PolicyState> all = cx.registry.snapshot();
    if (all.size() == 1) return all[0].id;
    refused = refusal(404, fmt::format("{} policies are served here, so /v1/eval does not say which; POST "
                                       "/v1/policies/{{id}}/eval (GET /v1/policies lists them)",
                                       all.size()));
    return "";
}

J policy_json(const PolicyState& s) {
    J p;
    p["id"] = s.id;
    p["path"] = s.path;
    p["status"] = !s.current ? "failed" : s.error.empty() ? "serving" : "stale";
    const PolicyVersion* v = s.current.get();
    p["version"] = v ? J(v->version) : J(nullptr);
    p["checksum"] = v ? J("sha256:" + v->checksum) : J(nullptr);
    p["declared_version"] = v && !v->declared.empty() ? J(v->declared) : J(nullptr);
    p["loaded_at"] = v ? J(v->loaded_at) : J(nullptr);
    p["notices"] = v ? J(v->notices) : J::array();
    J outputs = J::array();
    if (v)
        for (const OutputInfo& o : v->program->outputs)
            outputs.push_back({{"name", o.name}, {"type", v->program->types.name(v->program->rules[o.rule].type)}});
    p["outputs"] = outputs;
    p["error"] = s.error.empty() ? J(nullptr) : J(s.error);
    p["failed_at"] = s.failed_at.empty() ? J(nullptr) : J(s.failed_at);
    return p;
}

// 200 when every policy has a version loaded (a failed reload of one that still serves its last
// good version is listed but does not make the instance unready: every instance sees the same
// files, and taking them all out of the load balancer for a bad edit would be an outage); 503
// when one has none, when none are found, or while draining.
Reply readiness(ServeContext& cx) {
    std::vector<PolicyState> all = cx.registry.snapshot();
    J failures = J::array();
    size_t serving = 0;
    bool ready = !all.empty();
    for (const PolicyState& s : all) {
        serving += s.current != nullptr;
        ready &= s.current != nullptr;
        if (!s.error.empty()) failures.push_back({{"id", s.id}, {"serving", s.current != nullptr}, {"error", s.error}});
    }
    bool draining = cx.draining;
    J body = {{"status", draining ? "draining" : ready ? "ready" : "not ready"},
              {"serving", serving},
              {"failures", failures}};
    return {draining || !ready ? 503 : 200, body.dump()};
}

// A refusal sent before the body is read: the connection closes after it, since the body's bytes
// are still in the way of a next request.
void refuse_unread(httplib::Response& r, const Reply& refused) {
    GuardedServer::close_after_answer();
    reply(r, refused);
    if (refused.status == 503) r.set_header("Retry-After", "5");
}

// The workbench (docs/workbench.md): its page at / and /workbench/FILE (embedded in the binary,
// tools/workbench/web/), and the JSON it reads for a policy: form, notice, tests.
void add_workbench_routes(GuardedServer& server, ServeContext& cx) {
    auto page = [](httplib::Response& r, std::string_view name) {
        const workbench::Asset* a = workbench::find_asset(name);
        if (!a) {
            r.status = 404;
            r.set_content(service::error_body("", fmt::format("the workbench has no file {}", name)), kJson);
            return;
        }
        // Everything the page loads is its own: no inline script, nothing from elsewhere.
        r.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'");
        r.set_header("X-Content-Type-Options", "nosniff");
        r.set_header("Cache-Control", "no-cache");
        r.set_content(reinterpret_cast<const char*>(a->data), a->size, std::string(a->content_type));
    };
    server.Get("/", [page](const httplib::Request&, httplib::Response& r) { page(r, "index.html"); });
    server.Get(R"(/workbench/([A-Za-z0-9_.-]+))",
               [page](const httplib::Request& q, httplib::Response& r) { page(r, q.matches[1].str()); });
    using Answer = service::Reply (*)(const PolicyVersion&);
    auto get_policy = [&cx](Answer answer) {
        return [&cx, answer](const httplib::Request& q, httplib::Response& r) {
            Reply refused;
            auto v = version_for(cx, q.matches[1], q, refused);
            reply(r, v ? answer(*v) : refused);
        };
    };
    server.Get(R"(/v1/policies/(.+)/form)", get_policy(service::workbench_form));
    server.Get(R"(/v1/policies/(.+)/notice)", get_policy(service::workbench_notice));
    server.Get(R"(/v1/policies/(.+)/tests)", get_policy(service::workbench_tests));
}

}  // namespace

std::string route_pattern(std::string_view path) {
    static constexpr std::string_view kFixed[] = {"/v1/eval",         "/v1/eval/batch", "/v1/schema", "/healthz",
                                                  "/readyz",          "/metrics",       "/v1/policies",
                                                  "/v1/openapi.json"};
    for (std::string_view f : kFixed)
        if (path == f) return std::string(f);
    constexpr std::string_view prefix = "/v1/policies/";
    auto ends = [&](std::string_view tail) {
        return path.size() > prefix.size() + tail.size() && path.substr(path.size() - tail.size()) == tail;
    };
    if (path.substr(0, prefix.size()) == prefix) {
        for (std::string_view tail : {"/eval/batch", "/eval", "/form", "/notice", "/tests"})
            if (ends(tail)) return "/v1/policies/{id}" + std::string(tail);
    }
    if (path == "/") return "/";
    if (path.substr(0, 11) == "/workbench/") return "/workbench/{file}";
    return "other";
}

void add_policy_routes(GuardedServer& server, ServeContext& cx) {
    const ServeOptions& o = cx.options;
    auto post_policy = [&cx, &o](bool batch) {
        return [&cx, &o, batch](const httplib::Request& q, httplib::Response& r, const httplib::ContentReader& read) {
            Reply refused;
            auto v = version_for(cx, q.matches[1], q, refused);
            if (!v) return refuse_unread(r, refused);
            std::string body;
            if (read_body(q, r, read, o.max_body, body)) reply(r, evaluate(cx, *v, body, batch));
        };
    };
    // The batch route first: /v1/policies/a/eval/batch must not read as policy `a/eval/batch`'s... eval.
    server.Post(R"(/v1/policies/(.+)/eval/batch)", post_policy(true));
    server.Post(R"(/v1/policies/(.+)/eval)", post_policy(false));

    auto post_single = [&cx, &o](bool batch) {
        return [&cx, &o, batch](const httplib::Request& q, httplib::Response& r, const httplib::ContentReader& read) {
            Reply refused;
            std::string id = only_policy(cx, refused);
            std::shared_ptr<const PolicyVersion> v;
            if (!id.empty()) v = version_for(cx, id, q, refused);
            if (!v) return refuse_unread(r, refused);
            std::string body;
            if (read_body(q, r, read, o.max_body, body)) reply(r, evaluate(cx, *v, body, batch));
        };
    };
    server.Post("/v1/eval", post_single(false));
    server.Post("/v1/eval/batch", post_single(true));
    server.Get("/v1/schema", [&cx](const httplib::Request& q, httplib::Response& r) {
        Reply refused;
        std::string id = only_policy(cx, refused);
        std::shared_ptr<const PolicyVersion> v;
        if (!id.empty()) v = version_for(cx, id, q, refused);
        reply(r, v ? Reply{200, v->service->schema()} : refused);
    });

    server.Get("/v1/policies", [&cx](const httplib::Request&, httplib::Response& r) {
        J list = J::array();
        for (const PolicyState& s : cx.registry.snapshot()) list.push_back(policy_json(s));
        reply(r, {200, J{{"policies", list}}.dump()});
    });
    server.Get("/v1/openapi.json", [&cx, &o](const httplib::Request&, httplib::Response& r) {
        service::OpenApiOptions options{kBuildVersion, cx.registry.snapshot().size() == 1, o.allow_extra, o.max_cases};
        reply(r, {200, service::openapi_document(cx.registry.snapshot(), options)});
    });
    add_workbench_routes(server, cx);
    server.Get("/readyz", [&cx](const httplib::Request&, httplib::Response& r) { reply(r, readiness(cx)); });
    server.Get("/metrics", [&cx](const httplib::Request&, httplib::Response& r) {
        size_t serving = 0, failed = 0;
        for (const PolicyState& s : cx.registry.snapshot()) {
            serving += s.current != nullptr;
            failed += !s.error.empty();
        }
        r.set_content(cx.metrics.render(kBuildVersion, serving, failed), "text/plain; version=0.0.4; charset=utf-8");
    });
}

}  // namespace edict::cli
