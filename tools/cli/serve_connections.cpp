// The connection loop of `edict serve`; see serve_connections.hpp.
#include "tools/cli/serve_connections.hpp"

#include <malloc.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "tools/service/service.hpp"

namespace edict::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kTrimAfterBody = 64 * 1024;

enum class Wait { Ready, Timeout, Error };

// poll() for `events` until `deadline`; EINTR restarts with the time left.
Wait poll_until(socket_t sock, short events, Clock::time_point deadline) {
    for (;;) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return Wait::Timeout;
        pollfd p{sock, events, 0};
        int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
        if (r > 0) return Wait::Ready;
        if (r < 0 && errno != EINTR) return Wait::Error;
    }
}

bool wait_for(socket_t sock, short events, Clock::time_point deadline) {
    return poll_until(sock, events, deadline) == Wait::Ready;
}

// Numeric address and port of either end of a socket.
void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int r = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                 : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    char host[NI_MAXHOST] = "?", serv[NI_MAXSERV] = "0";
    if (r == 0)
        ::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV);
    ip = host;
    port = std::atoi(serv);
}

// Ends our side, then reads and drops what the client still sends until it closes or `linger`
// passes: closing with unread bytes would send a reset, which can destroy the answer in flight.
void linger(socket_t sock, std::chrono::milliseconds most) {
    ::shutdown(sock, SHUT_WR);
    auto end = Clock::now() + most;
    char sink[4096];
    while (wait_for(sock, POLLIN, end) && ::recv(sock, sink, sizeof sink, 0) > 0) {
    }
}

}  // namespace

// One client connection as the library's Stream: a read buffer kept across the requests of the
// connection (pipelined bytes survive), and reads that fail at the current request's deadline.
class GuardedServer::Connection final : public httplib::Stream {
public:
    Connection(socket_t sock, const ConnectionLimits& limits) : sock_(sock), limits_(limits) {}

    // Waits for the first byte of the next request: false at the idle timeout, at end of stream
    // seen by poll, or when the server stops (checked every 50 ms).
    bool wait_for_request(const std::atomic<bool>& stopping) {
        if (off_ < len_) return true;
        auto end = Clock::now() + limits_.idle_timeout;
        while (!stopping) {
            auto now = Clock::now();
            if (now >= end) return false;
            if (wait_for(sock_, POLLIN, std::min(end, now + std::chrono::milliseconds(50)))) return true;
        }
        return false;
    }
    void begin_request() {
        headers_ = true;
        header_bytes_ = body_bytes_ = 0;
        failure_ = ReadFailure::None;
        close_ = false;
        deadline_ = Clock::now() + limits_.header_timeout;
    }
    void headers_received() {
        headers_ = false;
        deadline_ = Clock::now() + limits_.body_timeout;
    }
    ReadFailure failure() const { return failure_; }
    size_t body_bytes() const { return body_bytes_; }
    void close_after_answer() { close_ = true; }
    bool must_close() const { return close_; }

    bool is_readable() const override { return off_ < len_ || wait_for(sock_, POLLIN, deadline_); }
    bool is_writable() const override { return wait_for(sock_, POLLOUT, Clock::now() + limits_.write_timeout); }

    ssize_t read(char* ptr, size_t size) override {
        if (off_ == len_) {
            ssize_t n = fill();
            if (n <= 0) return n;
        }
        size_t n = std::min(size, len_ - off_);
        if (headers_) {
            if (header_bytes_ + n > limits_.max_header_bytes) {
                failure_ = ReadFailure::HeadersTooLarge;
                return -1;
            }
            header_bytes_ += n;
        }
        else
            body_bytes_ += n;
        std::memcpy(ptr, buffer_ + off_, n);
        off_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) return -1;
        ssize_t n;
        do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    // Refills the empty buffer, waiting at most until the deadline: bytes read, 0 at end of
    // stream, -1 on a timeout (recorded) or an error.
    ssize_t fill() {
        Wait w = poll_until(sock_, POLLIN, deadline_);
        if (w != Wait::Ready) {
            if (w == Wait::Timeout) failure_ = headers_ ? ReadFailure::HeaderTimeout : ReadFailure::BodyTimeout;
            return -1;
        }
        ssize_t n;
        do n = ::recv(sock_, buffer_, sizeof buffer_, 0);
        while (n < 0 && errno == EINTR);
        off_ = 0;
        len_ = n > 0 ? static_cast<size_t>(n) : 0;
        return n;
    }

    socket_t sock_;
    const ConnectionLimits& limits_;
    char buffer_[16 * 1024];
    size_t off_ = 0, len_ = 0;
    bool headers_ = true;
    size_t header_bytes_ = 0, body_bytes_ = 0;
    ReadFailure failure_ = ReadFailure::None;
    bool close_ = false;
    Clock::time_point deadline_{};
};

thread_local GuardedServer::Connection* GuardedServer::current_ = nullptr;

GuardedServer::GuardedServer(ConnectionLimits limits) : limits_(limits) {
    // The last step before an answer is written: one after which the connection closes says so,
    // or the client would send its next request into a closed socket.
    set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (on_answer) on_answer(req, res);
        if (!current_ || !(current_->must_close() || current_->failure() != ReadFailure::None)) return;
        res.headers.erase("Keep-Alive");
        if (!res.has_header("Connection")) res.set_header("Connection", "close");
    });
}

void GuardedServer::headers_received() {
    if (current_) current_->headers_received();
}
ReadFailure GuardedServer::read_failure() { return current_ ? current_->failure() : ReadFailure::None; }
void GuardedServer::close_after_answer() {
    if (current_) current_->close_after_answer();
}

// Replaces the library's loop (same keep-alive logic, its own parser and router per request).
bool GuardedServer::process_and_close_socket(socket_t sock) {
    std::string peer;
    int port = 0;
    address_of(sock, true, peer, port);
    if (!admit(sock, peer)) {
        refuse(sock, peer, port);
        return false;
    }
    std::chrono::milliseconds linger_for{0};
    {
        Connection connection(sock, limits_);
        current_ = &connection;
        for (size_t n = 0; n < limits_.max_requests_per_connection; ++n) {
            if (!connection.wait_for_request(stopping_)) break;
            connection.begin_request();
            bool last = stopping_ || n + 1 == limits_.max_requests_per_connection;
            bool closed = false;
            // Answers are whole JSON bodies: a Range header is not applied (no 206, no cut body).
            bool ok = process_request(connection, last, closed, [](httplib::Request& r) { r.ranges.clear(); });
            // A large body's request, its parsed JSON and its answer are freed by now, but malloc
            // keeps the pages in its arenas (one per worker thread): hand them back, or a burst
            // of large requests leaves the process at its peak for good.
            if (connection.body_bytes() >= kTrimAfterBody) malloc_trim(0);
            // A request cut at a deadline or refused unread leaves bytes the next one cannot start
            // from; the client of a refused body gets time to finish sending and read the answer.
            if (connection.failure() != ReadFailure::None) linger_for = std::chrono::milliseconds(100);
            else if (connection.must_close()) linger_for = std::chrono::milliseconds(2000);
            if (!ok || closed || last || linger_for.count()) break;
        }
        current_ = nullptr;
    }
    release(sock, peer, linger_for);
    return true;
}

// Counts the connection against its address; false (counting nothing) over the limit or when
// the server is stopping.
bool GuardedServer::admit(socket_t sock, const std::string& peer) {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    size_t& n = per_client_[peer];
    if (n >= limits_.max_per_client) return false;
    ++n;
    open_.insert(sock);
    return true;
}

// Unread bytes are drained for up to `linger_for` first, while the socket still counts.
void GuardedServer::release(socket_t sock, const std::string& peer, std::chrono::milliseconds linger_for) {
    if (linger_for.count() && !stopping_) linger(sock, linger_for);
    {
        std::lock_guard lock(mutex_);  // off the list before close: drain_and_stop() may shut it down
        open_.erase(sock);
        if (--per_client_[peer] == 0) per_client_.erase(peer);
        if (open_.empty()) drained_.notify_all();
    }
    ::close(sock);
}

// 503 without reading the request (reading it is what a slow client would make us wait for),
// then a short wait for the client to close, so the answer is not lost to a reset.
void GuardedServer::refuse(socket_t sock, const std::string& peer, int port) {
    size_t bytes = 0;
    if (!stopping_) {
        std::string body = service::error_body(
            "", fmt::format("{} connections from {} are open already, the most one address may hold "
                            "(--max-client-connections); retry when one has closed",
                            limits_.max_per_client, peer));
        std::string answer = fmt::format(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
            "Retry-After: 1\r\nConnection: close\r\n\r\n{}",
            body.size(), body);
        if (::send(sock, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT) > 0) bytes = body.size();
        if (on_refused) on_refused(peer, port, bytes);
        linger(sock, std::chrono::milliseconds(100));
    }
    ::close(sock);
}

void GuardedServer::drain_and_stop() {
    stopping_ = true;
    stop();
    std::unique_lock lock(mutex_);
    if (drained_.wait_for(lock, limits_.drain_timeout, [&] { return open_.empty(); })) return;
    // Past the deadline: reads and writes of the connections left fail at once, their workers return.
    for (socket_t sock : open_) ::shutdown(sock, SHUT_RDWR);
}

}  // namespace edict::cli
