// `edict serve PATH --port N [--host 127.0.0.1]`: the policy as an HTTP/JSON service (docs/service.md).
// Takes: a policy folder or file, compiled once at start-up; requests with JSON bodies.
// Produces: POST /v1/eval, POST /v1/eval/batch, GET /v1/schema, GET /healthz; an access-log line
// per request on stderr. What a request means is tools/service/service.cpp; this file is the HTTP.
// Errors are JSON `{"error": {"field": ..., "message": ...}}`: 400 for a body
// that is not JSON, 422 when it is JSON but names an unknown output or carries an ill-typed, missing
// or unknown input, 413 above the body limit. SIGTERM or SIGINT stops accepting, lets the requests
// in progress finish, and exits 0.
//
// The HTTP library is Debian's cpp-httplib (libcpp-httplib-dev): packaged and security-maintained
// in Debian 12, a plain blocking thread-pool server that needs no event loop of ours, and small
// enough to read. Boost.Beast would have meant writing the connection handling ourselves.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "commands.hpp"
#include "driver/compile.hpp"
#include "io/json.hpp"
#include "registry.hpp"
#include "service.hpp"

namespace edict::cli {

std::unique_ptr<Compilation> compile_or_report(const std::string& policy);

namespace {

struct ServeOptions {
    std::string policy;
    std::string host = "127.0.0.1";
    int port = 8080;
    unsigned threads = CPPHTTPLIB_THREAD_POOL_COUNT;
    size_t max_body = 1u << 20;
    size_t max_cases = 10000;
    uint64_t step_budget = 1'000'000;
    bool allow_extra = false;
};

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, const service::Reply& r) {
    res.status = r.status;
    res.set_content(r.body, kJson);
}

// One line per request: time, peer, method and path, status, response bytes, milliseconds.
class AccessLog {
public:
    void started() { start_ = Clock::now(); }
    void log(const httplib::Request& req, const httplib::Response& res) {
        std::string ms = "-";
        if (start_) {
            ms = fmt::format("{:.3f}ms", std::chrono::duration<double, std::milli>(Clock::now() - *start_).count());
            start_.reset();
        }
        std::time_t now = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&now, &tm);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        std::string line = fmt::format("{} {}:{} \"{} {}\" {} {}B {}\n", when, req.remote_addr, req.remote_port,
                                       req.method, req.path, res.status, res.body.size(), ms);
        std::lock_guard lock(mutex_);
        std::fwrite(line.data(), 1, line.size(), stderr);
    }

private:
    using Clock = std::chrono::steady_clock;
    static thread_local std::optional<Clock::time_point> start_;
    std::mutex mutex_;
};
thread_local std::optional<AccessLog::Clock::time_point> AccessLog::start_;

int run_serve(const ServeOptions& o) {
    auto c = compile_or_report(o.policy);
    if (!c->ok()) return kCompile;
    service::Service service(*c, {o.max_cases, o.step_budget, o.allow_extra});
    AccessLog access;

    // Block SIGTERM/SIGINT in every thread (the pool inherits this mask); one thread waits for them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // A client that hangs up mid-response must not kill the server: the library writes with plain
    // send() (CPPHTTPLIB_SEND_FLAGS 0 in Debian's build), so EPIPE has to arrive as an error.
    std::signal(SIGPIPE, SIG_IGN);

    httplib::Server server;
    server.new_task_queue = [n = o.threads] { return new httplib::ThreadPool(n); };
    server.set_payload_max_length(o.max_body);
    server.set_keep_alive_max_count(1000);
    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle holds the body back
    // until the client's delayed ACK (40 ms per request on Linux).
    server.set_tcp_nodelay(true);
    server.set_read_timeout(5, 0);
    server.set_write_timeout(5, 0);
    server.set_pre_routing_handler([&](const httplib::Request&, httplib::Response&) {
        access.started();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_logger([&](const httplib::Request& req, const httplib::Response& res) { access.log(req, res); });
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // ours already
        std::string message = res.status == 404   ? fmt::format("no route {} {}", req.method, req.path)
                              : res.status == 413 ? "the body is larger than the limit (--max-body)"
                              : res.status == 405 ? "method not allowed"
                                                  : fmt::format("HTTP {}", res.status);
        res.set_content(service::error_body("", message), kJson);
        return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = std::string("internal error: ") + e.what();
        } catch (...) {
        }
        reply(res, {500, service::error_body("", what)});
    });
    server.Post("/v1/eval", [&](const httplib::Request& q, httplib::Response& r) { reply(r, service.eval(q.body)); });
    server.Post("/v1/eval/batch",
                [&](const httplib::Request& q, httplib::Response& r) { reply(r, service.batch(q.body)); });
    server.Get("/v1/schema", [&](const httplib::Request&, httplib::Response& r) { reply(r, {200, service.schema()}); });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& r) {
        r.set_content("{\"status\":\"ok\"}", kJson);
    });

    int port = o.port;
    if (port == 0) port = server.bind_to_any_port(o.host);
    else if (!server.bind_to_port(o.host, port)) port = -1;
    if (port <= 0) {
        std::cerr << fmt::format("error: cannot listen on {}:{}\n", o.host, o.port);
        return kInput;
    }

    std::atomic<bool> signalled{false}, listen_returned{false};
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        if (listen_returned) return;
        signalled = true;
        std::cerr << fmt::format("edict serve: {} received, finishing requests in progress\n",
                                 sig == SIGINT ? "SIGINT" : "SIGTERM");
        // stop() does nothing before the accept loop runs; a signal right after start-up waits for it.
        while (!server.is_running() && !listen_returned) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        server.stop();
    });
    std::cerr << fmt::format("edict serve: {} on http://{}:{} ({} threads)\n", o.policy, o.host, port, o.threads);
    bool ok = server.listen_after_bind();  // returns once stop() was called, after the pool drained
    listen_returned = true;
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // listening failed: release the waiter
    waiter.join();
    std::cerr << "edict serve: stopped\n";
    return ok || signalled ? kOk : kFailed;
}

Runner setup_serve(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    auto* s = app.add_subcommand("serve", "Serve a policy over HTTP: POST /v1/eval, /v1/eval/batch; GET /v1/schema, /healthz");
    s->add_option("policy", o->policy, "Policy folder or .edict file")->required();
    s->add_option("--port,-p", o->port, "TCP port (0: any free port, printed on stderr)")
        ->required()->check(CLI::Range(0, 65535));
    s->add_option("--host", o->host, "Address to listen on")->capture_default_str();
    s->add_option("--threads", o->threads, "Worker threads; each serves one connection at a time")
        ->capture_default_str()->check(CLI::Range(1u, 1024u));
    s->add_option("--max-body", o->max_body, "Largest request body in bytes (413 above)")->capture_default_str()
        ->check(CLI::Range(size_t{64}, size_t{io::kMaxJsonBytes}));
    s->add_option("--max-cases", o->max_cases, "Most cases in one /v1/eval/batch request")->capture_default_str()
        ->check(CLI::Range(size_t{1}, size_t{1000000}));
    s->add_option("--step-budget", o->step_budget, "VM steps allowed per case before it fails")
        ->capture_default_str()->check(CLI::Range(uint64_t{1000}, uint64_t{1'000'000'000}));
    s->add_flag("--allow-extra", o->allow_extra, "Ignore input keys that are not inputs of the policy");
    s->footer("Exit status: 0 stopped by SIGTERM/SIGINT, 3 policy does not compile, 4 cannot listen.");
    return [o] { return run_serve(*o); };
}

const CommandRegistration serve_registration(50, setup_serve);

}  // namespace

}  // namespace edict::cli
