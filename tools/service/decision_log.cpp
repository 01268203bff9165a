// The decision log's writer thread and line format; see decision_log.hpp.
#include "tools/service/decision_log.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "runtime/io/json.hpp"
#include "tools/service/sha256.hpp"

namespace edict::service {

bool DecisionLog::open(DecisionLogOptions options, std::string& error) {
    options_ = std::move(options);
    file_ = std::fopen(options_.path.c_str(), "a");
    if (!file_) {
        error = fmt::format("cannot open the decision log {}: {}", options_.path, std::strerror(errno));
        return false;
    }
    std::fseek(file_, 0, SEEK_END);
    size_ = static_cast<size_t>(std::max(0L, std::ftell(file_)));
    writer_ = std::thread([this] { run(); });
    return true;
}

DecisionLog::~DecisionLog() { close(); }

void DecisionLog::close() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (writer_.joinable()) writer_.join();
    if (file_) std::fclose(file_);
    file_ = nullptr;
}

void DecisionLog::record(const Decision& d, const PolicyVersion& v, const std::string& request_id,
                         const char* route) {
    std::string line = "{\"time\":\"" + utc_now() + "\",\"request_id\":";
    io::append_json_string(line, request_id);
    line += ",\"policy\":";
    io::append_json_string(line, v.id);
    line += ",\"path\":";
    io::append_json_string(line, v.path);
    line += ",\"version\":\"" + v.version + "\",\"checksum\":\"sha256:" + v.checksum + "\",\"declared_version\":";
    if (v.declared.empty()) line += "null";
    else io::append_json_string(line, v.declared);
    line += fmt::format(",\"route\":\"{}\",\"case\":{},\"outputs\":[", route, d.index);
    for (size_t i = 0; i < d.outputs.size(); ++i) {
        if (i) line += ',';
        io::append_json_string(line, d.outputs[i]);
    }
    std::string input = io::to_json_text(d.input);
    if (options_.hash_inputs) line += "],\"input_sha256\":\"" + sha256_hex(input) + "\"";
    else line += "],\"input\":" + input;
    if (!d.failed()) {
        line += ",\"output\":";
        line += d.output;
    } else {
        line += ",\"error\":" + error_body(d.error_field, d.error_message).substr(9);  // {"error":{...}} -> {...}}
        line.pop_back();
    }
    line += "}\n";
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < options_.max_queued || stopping_; });
    queue_.push_back(std::move(line));
    if (queue_.size() == 1) wake_.notify_one();
}

uint64_t DecisionLog::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

// Takes everything queued, writes it with the lock released, flushes, and rotates when due.
void DecisionLog::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        if (queue_.empty() && stopping_) return;
        std::deque<std::string> lines;
        lines.swap(queue_);
        room_.notify_all();
        lock.unlock();
        for (const std::string& line : lines) {
            if (size_ > 0 && size_ + line.size() > options_.max_bytes) rotate();
            if (file_ && std::fwrite(line.data(), 1, line.size(), file_) == line.size()) size_ += line.size();
            else std::cerr << fmt::format("edict serve: cannot write the decision log {}\n", options_.path);
        }
        if (file_) std::fflush(file_);
        lock.lock();
        written_ += lines.size();
    }
}

// FILE.(keep-1) -> FILE.keep, ..., FILE -> FILE.1, and a new FILE.
void DecisionLog::rotate() {
    std::fclose(file_);
    for (unsigned i = options_.keep; i >= 1; --i) {
        std::string from = i == 1 ? options_.path : fmt::format("{}.{}", options_.path, i - 1);
        std::rename(from.c_str(), fmt::format("{}.{}", options_.path, i).c_str());
    }
    file_ = std::fopen(options_.path.c_str(), "a");
    size_ = 0;
    if (!file_) std::cerr << fmt::format("edict serve: cannot reopen the decision log {}: {}\n", options_.path,
                                         std::strerror(errno));
}

}  // namespace edict::service
