// Prometheus text exposition of the service's counters; see metrics.hpp.
#include "tools/service/metrics.hpp"

#include <fmt/format.h>

namespace edict::service {

std::string label_value(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

void Metrics::request(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    Histogram& h = durations_[route];
    size_t b = 0;
    while (b < std::size(kBuckets) && seconds > kBuckets[b]) ++b;
    if (b < std::size(kBuckets)) ++h.counts[b];
    ++h.count;
    h.sum += seconds;
}

void Metrics::rejected(const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++rejected_[reason];
}

void Metrics::cases(const std::string& policy, const std::string& version, uint64_t evaluated, uint64_t failed) {
    std::lock_guard lock(mutex_);
    auto& c = cases_[{policy, version}];
    c.first += evaluated;
    c.second += failed;
}

void Metrics::reloaded(uint64_t failures) {
    std::lock_guard lock(mutex_);
    ++reloads_;
    reload_failures_ += failures;
}

std::string Metrics::render(const std::string& build_version, size_t serving, size_t failed) const {
    std::lock_guard lock(mutex_);
    std::string out;
    auto head = [&](const char* name, const char* type, const char* help) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
    };
    head("edict_build_info", "gauge", "The edict build serving: always 1, its version as a label.");
    out += fmt::format("edict_build_info{{version=\"{}\"}} 1\n", label_value(build_version));
    head("edict_http_requests_total", "counter", "HTTP requests answered, by route pattern and status.");
    for (const auto& [key, n] : requests_)
        out += fmt::format("edict_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", label_value(key.first),
                           key.second, n);
    head("edict_http_request_duration_seconds", "histogram",
         "Time from a request's headers to its answer, evaluation included, by route pattern.");
    for (const auto& [route, h] : durations_) {
        std::string r = label_value(route);
        uint64_t cumulative = 0;
        for (size_t b = 0; b < std::size(kBuckets); ++b) {
            cumulative += h.counts[b];
            out += fmt::format("edict_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r,
                               kBuckets[b], cumulative);
        }
        out += fmt::format("edict_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r, h.count);
        out += fmt::format("edict_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r, h.sum);
        out += fmt::format("edict_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r, h.count);
    }
    head("edict_http_requests_in_flight", "gauge", "Requests being served now.");
    out += fmt::format("edict_http_requests_in_flight {}\n", in_flight.load());
    head("edict_http_requests_rejected_total", "counter",
         "Requests answered 503 unread: busy (--max-concurrent) or too many connections from one address.");
    for (const auto& [reason, n] : rejected_)
        out += fmt::format("edict_http_requests_rejected_total{{reason=\"{}\"}} {}\n", label_value(reason), n);
    head("edict_cases_evaluated_total", "counter", "Cases evaluated, by policy id and version.");
    for (const auto& [key, n] : cases_)
        out += fmt::format("edict_cases_evaluated_total{{policy=\"{}\",version=\"{}\"}} {}\n", label_value(key.first),
                           label_value(key.second), n.first);
    head("edict_cases_failed_total", "counter",
         "Cases that ended in an error (a bad or missing input, the step budget), by policy id and version.");
    for (const auto& [key, n] : cases_)
        out += fmt::format("edict_cases_failed_total{{policy=\"{}\",version=\"{}\"}} {}\n", label_value(key.first),
                           label_value(key.second), n.second);
    head("edict_reloads_total", "counter", "Reloads of the served policies (start-up, SIGHUP, file changes).");
    out += fmt::format("edict_reloads_total {}\n", reloads_);
    head("edict_reload_failures_total", "counter", "Policies that failed to load, summed over reloads.");
    out += fmt::format("edict_reload_failures_total {}\n", reload_failures_);
    head("edict_policies", "gauge",
         "Policies by state: serving (a version is loaded), failed (the latest load failed).");
    out += fmt::format("edict_policies{{state=\"serving\"}} {}\nedict_policies{{state=\"failed\"}} {}\n", serving,
                       failed);
    return out;
}

}  // namespace edict::service
