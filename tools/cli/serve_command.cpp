// `edict serve PATH --port N`: policies as an HTTP/JSON service (docs/service.md).
// Takes: one policy (folder, .edict, .edictc) or a folder of policies (tools/service/registry.hpp),
// loaded at start-up and again on SIGHUP or when their files change (serve_watch.hpp); requests
// with JSON bodies. Produces: the routes of serve_policies.cpp, GET /healthz; an access-log line per
// request on stderr; metrics; a decision log with --decision-log. What an evaluation means is
// tools/service/service.cpp; this file is the HTTP around it.
// Errors are JSON `{"error": {"field": ..., "message": ...}}`: 400 for a body
// that is not JSON, 422 when it is JSON but names an unknown output or carries an ill-typed, missing
// or unknown input, 413 above the body limit, 405 (with Allow) for a wrong method on a route, 408
// for a request that arrives too slowly, 503 for an address over its connection limit or beyond
// --max-concurrent (with Retry-After). The body is read as JSON whatever its Content-Type says
// (multipart and compressed bodies are 415). SIGTERM or SIGINT makes /readyz answer 503, stops
// accepting, lets the requests in progress finish within --drain-timeout, and exits 0. Slow
// clients and the connection limits: serve_connections.hpp.
//
// The HTTP library is Debian's cpp-httplib (libcpp-httplib-dev): packaged and security-maintained
// in Debian 12, a plain blocking thread-pool server that needs no event loop of ours, and small
// enough to read. Boost.Beast would have meant writing the connection handling ourselves.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "tools/cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "tools/cli/registry.hpp"
#include "tools/cli/resident_commands.hpp"
#include "tools/cli/serve_connections.hpp"
#include "tools/cli/serve_context.hpp"
#include "tools/cli/serve_watch.hpp"
#include "tools/service/service.hpp"

namespace edict::cli {

namespace {

// The routes and the methods each answers (HEAD is GET without the body), for 405's Allow header.
struct Route {
    std::string_view path, allow;
};
constexpr Route kRoutes[] = {{"/v1/eval", "POST"},
                             {"/v1/eval/batch", "POST"},
                             {"/v1/schema", "GET, HEAD"},
                             {"/healthz", "GET, HEAD"},
                             {"/readyz", "GET, HEAD"},
                             {"/metrics", "GET, HEAD"},
                             {"/v1/policies", "GET, HEAD"},
                             {"/v1/openapi.json", "GET, HEAD"},
                             {"/v1/policies/{id}/eval", "POST"},
                             {"/v1/policies/{id}/eval/batch", "POST"},
                             {"/v1/policies/{id}/form", "GET, HEAD"},
                             {"/v1/policies/{id}/notice", "GET, HEAD"},
                             {"/v1/policies/{id}/tests", "GET, HEAD"},
                             {"/", "GET, HEAD"},
                             {"/workbench/{file}", "GET, HEAD"}};

const Route* route_of(std::string_view path) {
    std::string pattern = route_pattern(path);
    for (const Route& r : kRoutes)
        if (r.path == pattern) return &r;
    return nullptr;
}

bool allows(const Route& r, std::string_view method) {
    for (size_t at = 0; at < r.allow.size();) {
        size_t end = std::min(r.allow.find(',', at), r.allow.size());
        if (r.allow.substr(at, end - at) == method) return true;
        at = end + 2;  // ", "
    }
    return false;
}

// Bytes outside printable ASCII as \xNN, and `\` and `"` escaped: a path or method cannot start a
// new log line (%0a), move the cursor or recolour a terminal (%1b), or close the quoted field.
std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '\\' || c == '"') out += {'\\', static_cast<char>(c)};
        else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
        else out += fmt::format("\\x{:02x}", c);
    }
    return out;
}

// One line per request: time, peer, method and path, status, response bytes, milliseconds.
class AccessLog {
public:
    // `seconds`: from the headers to the answer, when the request got that far.
    void log(const httplib::Request& req, const httplib::Response& res, std::optional<double> seconds) {
        std::string ms = seconds ? fmt::format("{:.3f}ms", *seconds * 1000) : "-";
        write(fmt::format("{} {}:{} \"{} {}\" {} {}B {}\n", timestamp(), req.remote_addr, req.remote_port,
                          printable(req.method), printable(req.path), res.status, res.body.size(), ms));
    }
    // A connection answered 503 before its request was read.
    void refused(const std::string& addr, int port, size_t bytes) {
        write(fmt::format("{} {}:{} \"-\" 503 {}B -\n", timestamp(), addr, port, bytes));
    }
    void write(const std::string& line) {
        std::lock_guard lock(mutex_);
        std::fwrite(line.data(), 1, line.size(), stderr);
    }

private:
    static std::string timestamp() {
        std::time_t now = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&now, &tm);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return when;
    }
    std::mutex mutex_;
};

}  // namespace

// Reads a POST body up to `max` bytes as it comes, whatever Content-Type says: the API reads
// every body as JSON, and the library's own reader would parse a form body (curl -d, urllib's
// default) and refuse one above 8 KiB. False with the answer set when the body cannot be had; the
// connection then closes, since what is left of the body is unread.
bool read_body(const httplib::Request& q, httplib::Response& r, const httplib::ContentReader& read, size_t max,
               std::string& body) {
    auto refuse = [&](int status, std::string message) {
        GuardedServer::close_after_answer();
        r.status = status;
        r.set_content(service::error_body("", message), kJson);
        return false;
    };
    if (q.is_multipart_form_data())
        return refuse(415, "a multipart/form-data body is not read here; send the JSON request itself as the body");
    std::string encoding = q.get_header_value("Content-Encoding");
    if (!encoding.empty() && encoding != "identity")
        return refuse(415, fmt::format("Content-Encoding {} is not supported; send the body uncompressed",
                                       printable(encoding)));
    std::string length = q.get_header_value("Content-Length");
    unsigned long long declared = 0;
    if (!length.empty() && std::from_chars(length.data(), length.data() + length.size(), declared).ec == std::errc{}
        && declared > max)
        return refuse(413,
                      fmt::format("the body is {} bytes, larger than the limit of {} (--max-body)", declared, max));
    bool too_large = false;
    bool ok = read([&](const char* data, size_t n) {
        if (body.size() + n > max) {
            too_large = true;
            return false;
        }
        body.append(data, n);
        return true;
    });
    if (ok) return true;
    if (too_large) return refuse(413, fmt::format("the body is larger than the limit of {} bytes (--max-body)", max));
    if (GuardedServer::read_failure() == ReadFailure::BodyTimeout)
        return refuse(408, "the body did not arrive in time (--body-timeout)");
    return refuse(400, "the body could not be read (cut short, or a malformed chunked encoding)");
}

void reply(httplib::Response& res, const service::Reply& r) {
    res.status = r.status;
    res.set_content(r.body, kJson);
}

RequestContext& current_request() {
    static thread_local RequestContext context;
    return context;
}

namespace {

// The answer for an error the library found before any handler ran (body still empty).
void library_error(const httplib::Request& req, httplib::Response& res, const ServeOptions& o) {
    std::string message = fmt::format("HTTP {}", res.status);
    // The library fills `path` last: without it the request line was refused (an unknown method,
    // a bad version) and the headers are unread, so the connection cannot carry another request.
    bool line_read = !req.path.empty();
    if (!line_read) GuardedServer::close_after_answer();
    const Route* route = route_of(line_read ? std::string_view(req.path)
                                            : std::string_view(req.target).substr(0, req.target.find('?')));
    ReadFailure failure = GuardedServer::read_failure();
    if (failure == ReadFailure::HeaderTimeout) {
        res.status = 408;
        message = fmt::format("the request headers did not arrive within {} s (--header-timeout)", o.header_timeout);
    } else if (failure == ReadFailure::HeadersTooLarge) {
        res.status = 431;
        message = "the request line and headers are larger than 64 KiB";
    } else if (res.status == 416) {
        // The library refuses a Range header it cannot parse before any route runs; valid ones are
        // ignored (answers are whole). What is left of the request is unread.
        GuardedServer::close_after_answer();
        res.status = 400;
        message = "the Range header is not valid; this API answers whole bodies, send no Range";
    } else if ((res.status == 404 || res.status == 400) && route && !allows(*route, req.method)) {
        res.status = 405;
        res.set_header("Allow", std::string(route->allow));
        message = fmt::format("{} takes {}, not {}", route->path, route->allow, printable(req.method));
    } else if (res.status == 400 && !line_read) {
        message = "the request line is not METHOD TARGET HTTP/1.1 (or HTTP/1.0) with a known method";
    } else if (res.status == 404) {
        message = fmt::format("no route {} {}", printable(req.method), printable(req.path));
    } else if (res.status == 413) {
        message = "the body is larger than the limit (--max-body)";
    }
    res.set_content(service::error_body("", message), kJson);
}

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// X-Request-Id as the client sent it when it is 1-128 printable ASCII characters without spaces,
// else a new one: 16 random hex digits.
std::string request_id_of(const httplib::Request& req) {
    std::string given = req.get_header_value("X-Request-Id");
    if (!given.empty() && given.size() <= 128 &&
        std::all_of(given.begin(), given.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
        return given;
    static thread_local std::mt19937_64 random(std::random_device{}() ^
                                               std::hash<std::thread::id>{}(std::this_thread::get_id()));
    return fmt::format("{:016x}", random());
}

// The policies loaded again; what changed or failed goes to stderr and the metrics.
void reload(ServeContext& cx, AccessLog& log, const char* why) {
    service::ReloadReport r = cx.registry.reload();
    cx.metrics.reloaded(r.failed);
    std::string text = fmt::format("edict serve: reloaded ({}): {} policies, {} changed, {} failed, {} removed\n", why,
                                   r.policies, r.changed, r.failed, r.removed);
    for (const std::string& m : r.messages) text += "edict serve:   " + m + (m.back() == '\n' ? "" : "\n");
    log.write(text);
}

int run_serve(const ServeOptions& o) {
    // Block SIGTERM/SIGINT/SIGHUP before any thread starts (the decision log's writer, the watcher
    // and the pool inherit this mask); one thread waits for them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ServeContext cx(o, {o.max_cases, o.step_budget, o.allow_extra});
    AccessLog access;
    {
        service::ReloadReport first = cx.registry.reload();
        cx.metrics.reloaded(first.failed);
        std::vector<service::PolicyState> loaded = cx.registry.snapshot();
        if (cx.registry.single()) {
            // One policy, as before: it must compile, and its diagnostics are the message.
            if (loaded.empty() || !loaded[0].current) {
                std::cerr << (loaded.empty() ? "error: no policy at " + o.policy + "\n" : loaded[0].error);
                return kCompile;
            }
        } else {
            if (loaded.empty()) {
                std::cerr << fmt::format("error: no policy under {} (a folder holding .edict files, or a .edictc "
                                         "file)\n",
                                         o.policy);
                return kInput;
            }
            for (const service::PolicyState& s : loaded)
                std::cerr << (s.current ? fmt::format("edict serve: {} version {}{}\n", s.id, s.current->version,
                                                      s.current->declared.empty() ? "" : " (" + s.current->declared + ")")
                                        : fmt::format("edict serve: {} failed to load; not served:\n{}", s.id, s.error));
        }
    }
    if (!o.decision_log.empty()) {
        cx.decisions = std::make_unique<service::DecisionLog>();
        std::string error;
        service::DecisionLogOptions d{o.decision_log, o.decision_log_inputs == "hash", o.decision_log_max_mb << 20,
                                      o.decision_log_keep};
        if (!cx.decisions->open(d, error)) {
            std::cerr << "error: " << error << "\n";
            return kInput;
        }
    }

    // A client that hangs up mid-response must not kill the server (writes also use MSG_NOSIGNAL).
    std::signal(SIGPIPE, SIG_IGN);

    ConnectionLimits limits;
    limits.header_timeout = millis(o.header_timeout);
    limits.body_timeout = millis(o.body_timeout);
    limits.drain_timeout = millis(o.drain_timeout);
    limits.max_per_client = o.max_client_connections ? o.max_client_connections : std::max(1u, o.threads / 2);
    GuardedServer server(limits);
    server.new_task_queue = [n = o.threads] { return new httplib::ThreadPool(n); };
    // What the Keep-Alive answer header announces; GuardedServer applies its own limits.
    server.set_keep_alive_max_count(limits.max_requests_per_connection);
    server.set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(limits.idle_timeout).count());
    server.set_payload_max_length(o.max_body);  // read_body() enforces it first, with its own answer
    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle holds the body back
    // until the client's delayed ACK (40 ms per request on Linux).
    server.set_tcp_nodelay(true);
    server.on_refused = [&](const std::string& addr, int port, size_t bytes) {
        cx.metrics.rejected("connections");
        access.refused(addr, port, bytes);
    };
    // Every request that got past its headers: its id, its start, the in-flight count, and the
    // bound on evaluations served at once (--max-concurrent counts every request in flight but
    // refuses only POSTs: the probes, /metrics and the listings are cheap, and a busy instance must
    // not be restarted by its liveness probe).
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        RequestContext& rc = current_request();
        rc.start = std::chrono::steady_clock::now();
        rc.id = request_id_of(req);
        res.set_header("X-Request-Id", rc.id);
        GuardedServer::headers_received();
        rc.counted = true;
        int64_t now = ++cx.metrics.in_flight;
        if (o.max_concurrent && now > static_cast<int64_t>(o.max_concurrent) && req.method == "POST") {
            cx.metrics.rejected("busy");
            GuardedServer::close_after_answer();  // its body is left unread
            res.set_header("Retry-After", "1");
            reply(res, {503, service::error_body("", fmt::format("{} requests are being served, the most at once "
                                                                 "(--max-concurrent); retry after a second",
                                                                 o.max_concurrent))});
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.on_answer = [&](const httplib::Request&, httplib::Response&) {
        RequestContext& rc = current_request();
        if (rc.counted) --cx.metrics.in_flight;
        rc.counted = false;
    };
    server.set_logger([&](const httplib::Request& req, const httplib::Response& res) {
        RequestContext& rc = current_request();
        std::optional<double> seconds;
        if (rc.start) seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - *rc.start).count();
        cx.metrics.request(route_pattern(req.path), res.status, seconds.value_or(0));
        access.log(req, res, seconds);
        rc = RequestContext{};
    });
    server.set_error_handler(httplib::Server::HandlerWithResponse([&](const httplib::Request& req,
                                                                      httplib::Response& res) {
        // Ranges are never applied (the library cuts even error bodies to them); the Request is
        // the library's own non-const object, handed here as const.
        const_cast<httplib::Request&>(req).ranges.clear();
        if (res.body.empty()) library_error(req, res, o);
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
    add_policy_routes(server, cx);
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

    PolicyWatcher watcher;
    if (o.watch) {
        std::string error;
        if (!watcher.start(o.policy, millis(o.reload_debounce), [&] { reload(cx, access, "files changed"); }, error))
            std::cerr << "edict serve: " << error << "; reloading on SIGHUP only\n";
    }

    std::atomic<bool> signalled{false}, listen_returned{false};
    std::thread waiter([&] {
        int sig = 0;
        for (;;) {
            sigwait(&stop_signals, &sig);
            if (listen_returned) return;
            if (sig != SIGHUP) break;
            access.write("edict serve: SIGHUP received, reloading the policies\n");
            reload(cx, access, "SIGHUP");
        }
        signalled = true;
        cx.draining = true;  // /readyz answers 503 from now on
        std::cerr << fmt::format("edict serve: {} received, finishing requests in progress (at most {} s)\n",
                                 sig == SIGINT ? "SIGINT" : "SIGTERM", o.drain_timeout);
        // stop() does nothing before the accept loop runs; a signal right after start-up waits for it.
        while (!server.is_running() && !listen_returned) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        server.drain_and_stop();
    });
    std::vector<service::PolicyState> served = cx.registry.snapshot();
    std::string what = cx.registry.single() ? o.policy : fmt::format("{} ({} policies)", o.policy, served.size());
    std::cerr << fmt::format("edict serve: {} on http://{}:{} ({} threads, {} connections per client)\n", what,
                             o.host, port, o.threads, limits.max_per_client);
    // The workbench's page is served at / (docs/workbench.md); an address that listens everywhere
    // is reached on this machine through the loopback one.
    std::string page_host = o.host == "0.0.0.0" || o.host == "::" ? "127.0.0.1" : o.host;
    std::cerr << fmt::format("{}: {}open http://{}:{}/ in a browser\n", o.command,
                             o.command == "edict serve" ? "workbench: " : "", page_host, port);
    bool ok = server.listen_after_bind();  // returns once stopped, after the pool drained
    listen_returned = true;
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // listening failed: release the waiter
    waiter.join();
    if (cx.decisions) cx.decisions->close();  // what is queued is written and flushed
    std::cerr << "edict serve: stopped\n";
    return ok || signalled ? kOk : kFailed;
}

Runner setup_serve(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    auto* s = app.add_subcommand(kServeCommand.name, kServeCommand.description);
    s->add_option("policy", o->policy,
                  "A policy (folder, .edict or .edictc file), or a folder of policies served side by side")
        ->required();
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
    s->add_option("--header-timeout", o->header_timeout, "Seconds for a request's line and headers to arrive (408)")
        ->capture_default_str()->check(CLI::Range(0.1, 3600.0));
    s->add_option("--body-timeout", o->body_timeout, "Seconds for a body to arrive after its headers (408)")
        ->capture_default_str()->check(CLI::Range(0.1, 3600.0));
    s->add_option("--drain-timeout", o->drain_timeout,
                  "Seconds requests in progress get after SIGTERM/SIGINT before their connections are cut")
        ->capture_default_str()->check(CLI::Range(0.0, 3600.0));
    s->add_option("--max-client-connections", o->max_client_connections,
                  "Connections one address may hold open at once (503 beyond); default half of --threads")
        ->check(CLI::Range(size_t{1}, size_t{1024}));
    s->add_option("--max-concurrent", o->max_concurrent,
                  "Requests in flight beyond which a POST is answered 503 with Retry-After (GETs never are)")
        ->check(CLI::Range(size_t{1}, size_t{1024}));
    s->add_option("--reload-debounce", o->reload_debounce,
                  "Seconds of quiet after a file change before the policies are reloaded")
        ->capture_default_str()->check(CLI::Range(0.0, 60.0));
    s->add_flag("!--no-watch", o->watch, "Do not watch the files; reload on SIGHUP only");
    s->add_option("--decision-log", o->decision_log, "Append one JSON line per decision to this file");
    s->add_option("--decision-log-inputs", o->decision_log_inputs,
                  "full: log each case's inputs; hash: only their SHA-256")
        ->capture_default_str()->check(CLI::IsMember({"full", "hash"}));
    s->add_option("--decision-log-max-mb", o->decision_log_max_mb, "Rotate the decision log past this many MiB")
        ->capture_default_str()->check(CLI::Range(size_t{1}, size_t{1} << 20));
    s->add_option("--decision-log-keep", o->decision_log_keep, "Rotated decision logs kept (FILE.1 ... FILE.N)")
        ->capture_default_str()->check(CLI::Range(1u, 1000u));
    s->footer("Exit status: 0 stopped by SIGTERM/SIGINT, 3 the one policy served does not compile,\n"
              "4 cannot listen, no policy under the folder, or the decision log cannot be opened.\n"
              "SIGHUP, and a change to the files, reload the policies.");
    return [o] { return run_serve(*o); };
}

const CommandRegistration serve_registration(kServeCommand.order, setup_serve);

// `edict workbench POLICY|DIR [--port N]`: the same server for one person on this machine: on
// 127.0.0.1 only, any free port unless one is given, the page's address printed, and every worker
// open to that one client (`edict serve` keeps half of them for others).
Runner setup_workbench(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    o->command = "edict workbench";
    o->port = 0;
    o->max_client_connections = o->threads;  // one person's browser is the only client
    auto* s = app.add_subcommand(kWorkbenchCommand.name, kWorkbenchCommand.description);
    s->add_option("policy", o->policy, "A policy folder (or .edict file), or a folder of policies")->required();
    s->add_option("--port,-p", o->port, "TCP port (default: any free port)")->check(CLI::Range(0, 65535));
    s->footer("Stop it with Ctrl-C. `edict serve` serves the same page at / with the HTTP API.");
    return [o] { return run_serve(*o); };
}

const CommandRegistration workbench_registration(kWorkbenchCommand.order, setup_workbench);

}  // namespace

}  // namespace edict::cli
