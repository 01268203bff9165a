// Decision logs (`edict serve --decision-log FILE`): one JSON line per evaluated case, appended to
// FILE by a thread of its own, so a request only formats its line and queues it.
// A line: {"time", "request_id", "policy", "path", "version", "checksum", "declared_version",
// "route": "eval"|"batch", "case": i, "outputs": [names asked for], "input": {...} or
// "input_sha256": hex, then "output": {...} or "error": {"field", "message"}}. `edict replay`
// reads these lines back (tools/cli/replay_command.cpp).
// The writer flushes after each run of queued lines (a crash loses at most what was still queued)
// and rotates by size: FILE is renamed FILE.1 (FILE.1 to FILE.2, ... up to `keep`) once it holds
// `max_bytes`. When the queue holds `max_queued` lines, requests wait for the writer rather than
// drop a decision: an audit log with gaps would not answer the audit question.
#pragma once
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "tools/service/registry.hpp"
#include "tools/service/service.hpp"

namespace edict::service {

struct DecisionLogOptions {
    std::string path;
    bool hash_inputs = false;       // --decision-log-inputs hash
    size_t max_bytes = 100u << 20;  // rotate past this size
    unsigned keep = 5;              // rotated files kept: FILE.1 .. FILE.keep
    size_t max_queued = 100000;
};

class DecisionLog {
public:
    // Opens (appends to) the file; false with `error` when it cannot.
    bool open(DecisionLogOptions options, std::string& error);
    ~DecisionLog();  // writes what is queued, then closes
    void close();

    // The line for one decision, queued for the writer.
    void record(const Decision& d, const PolicyVersion& v, const std::string& request_id, const char* route);
    uint64_t written() const;

private:
    void run();
    void rotate();

    DecisionLogOptions options_;
    std::FILE* file_ = nullptr;
    size_t size_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable wake_, room_;
    std::deque<std::string> queue_;
    bool stopping_ = false;
    uint64_t written_ = 0;
    std::thread writer_;
};

}  // namespace edict::service
