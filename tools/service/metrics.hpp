// The service's metrics in the Prometheus text exposition format (version 0.0.4), for GET /metrics.
// Takes: events from the HTTP layer (a request answered, a case evaluated, a reload). Produces:
//   edict_build_info{version}                                   1
//   edict_http_requests_total{route,status}                     counter
//   edict_http_request_duration_seconds{route} _bucket/_sum/_count   histogram
//   edict_http_requests_in_flight                               gauge
//   edict_http_requests_rejected_total{reason}                  counter (503s: busy, connections)
//   edict_cases_evaluated_total{policy,version}                 counter
//   edict_cases_failed_total{policy,version}                    counter
//   edict_reloads_total, edict_reload_failures_total            counters (a failure: one policy)
//   edict_policies{state="serving"|"failed"}                    gauges, set at each scrape
// `route` is the route's pattern (/v1/policies/{id}/eval), never the raw path, so the number of
// series stays bounded whatever clients send. Thread-safe: one mutex, held for a few map updates.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace edict::service {

class Metrics {
public:
    // Upper bounds of the latency buckets, in seconds.
    static constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    void request(const std::string& route, int status, double seconds);
    void rejected(const std::string& reason);
    void cases(const std::string& policy, const std::string& version, uint64_t evaluated, uint64_t failed);
    void reloaded(uint64_t failures);
    std::atomic<int64_t> in_flight{0};

    // The exposition text; `serving` and `failed` are the policy counts at this moment.
    std::string render(const std::string& build_version, size_t serving, size_t failed) const;

private:
    struct Histogram {
        std::vector<uint64_t> counts = std::vector<uint64_t>(std::size(kBuckets), 0);  // not cumulative
        uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, uint64_t> requests_;
    std::map<std::string, Histogram> durations_;
    std::map<std::string, uint64_t> rejected_;
    std::map<std::pair<std::string, std::string>, std::pair<uint64_t, uint64_t>> cases_;  // evaluated, failed
    uint64_t reloads_ = 0, reload_failures_ = 0;
};

// A label value with `\`, `"` and newlines escaped as the exposition format requires.
std::string label_value(const std::string& s);

}  // namespace edict::service
