// The connection handling of `edict serve`: cpp-httplib's Server (Debian 12: 0.11.4) with its
// per-connection loop replaced, so that slow or greedy clients cannot hold the workers.
// Takes: accepted sockets, from the library's accept loop. Produces: requests for the library's
// own parser and router (Server::process_request), read through a stream with deadlines.
//
// What the library does by itself, and why that is not enough (read in its 0.11.4 source):
// - its read timeout is per read(), so a client sending a header byte every 4 s keeps a worker for
//   as long as it likes, and a fixed pool of workers means eight such clients stop the service;
// - stop() only closes the listening socket: requests being read keep their workers, and the
//   process waits for them without a bound;
// - its stream is made anew for every request on a connection, dropping pipelined bytes.
// Here: a request's line and headers must arrive within `header_timeout` of its first byte and
// its body within `body_timeout` after the headers (408 otherwise); one address holds at most
// `max_per_client` connections (503 beyond, so with fewer than --threads no one address takes every
// worker); after stop, requests in progress get `drain_timeout`, then their sockets are shut down;
// after a request with a body of 64 KiB or more, freed memory goes back to the system (malloc_trim).
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include <httplib.h>

namespace edict::cli {

struct ConnectionLimits {
    std::chrono::milliseconds header_timeout{5000};  // request line and headers, from their first byte
    std::chrono::milliseconds body_timeout{30000};   // the body, from the end of the headers
    std::chrono::milliseconds idle_timeout{5000};    // keep-alive: the wait for the next request
    std::chrono::milliseconds write_timeout{5000};   // each write of the answer
    std::chrono::milliseconds drain_timeout{10000};  // after stop, for the requests in progress
    size_t max_per_client = 4;                       // connections open at once from one address
    size_t max_header_bytes = 64 * 1024;             // request line and headers together (431 above)
    size_t max_requests_per_connection = 1000;
};

// Why the read of the current request failed, for the error handler and the body handlers.
enum class ReadFailure { None, HeaderTimeout, BodyTimeout, HeadersTooLarge };

class GuardedServer : public httplib::Server {
public:
    // Sets the post-routing handler (an answer after which the connection closes says so): do
    // not replace it.
    explicit GuardedServer(ConnectionLimits limits);

    // Stops accepting and waits for the requests in progress, at most `drain_timeout`; then shuts
    // their sockets down so that the library's listen_after_bind() can return. Call from another
    // thread than the one in listen_after_bind().
    void drain_and_stop();

    // For the thread serving a request: the headers are in (called from the pre-routing handler;
    // the body's deadline starts now), why its read failed, and that the connection must close
    // after the answer (a body left unread).
    static void headers_received();
    static ReadFailure read_failure();
    static void close_after_answer();

    // Called for every answer just before it is written (from the post-routing handler), so what
    // it counts is settled before the client can see the answer and send its next request.
    std::function<void(const httplib::Request&, httplib::Response&)> on_answer;
    // A connection refused for being over `max_per_client`: peer address and port, answer bytes.
    std::function<void(const std::string&, int, size_t)> on_refused;
    const ConnectionLimits& limits() const { return limits_; }

private:
    class Connection;
    bool process_and_close_socket(socket_t sock) override;
    bool admit(socket_t sock, const std::string& peer);
    void release(socket_t sock, const std::string& peer, std::chrono::milliseconds linger_for);
    void refuse(socket_t sock, const std::string& peer, int port);

    static thread_local Connection* current_;  // the connection this worker thread is serving
    ConnectionLimits limits_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable drained_;
    std::map<std::string, size_t> per_client_;  // open connections by peer address
    std::set<socket_t> open_;                   // sockets being served, shut down at the drain deadline
};

}  // namespace edict::cli
