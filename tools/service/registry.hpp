// The policies `edict serve` serves, and their versions. Takes: a path, either one policy (a
// folder holding .edict files, a .edict file, a .edictc artifact) or a folder of policies, where
// every folder holding .edict files and every .edictc file beneath it is a policy (a policy's
// tests/ folder and hidden entries are skipped). Produces: for each policy id (its path under the
// folder; for one policy, its name) the version being served, and why the last load failed.
//
// A version is the SHA-256 of the compiled artifact (`edict build`'s bytes, or the .edictc file's),
// shown as its first 12 hex digits, plus a version string the policy may declare in a file
// VERSION beside its .edict files (NAME.version beside NAME.edictc). reload() compiles everything
// again off the request path and swaps in what changed; a policy that no longer compiles keeps
// its last good version. Versions are shared_ptrs: a request holds the one it started with, so a
// reload never changes what a request in flight evaluates against.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "tools/service/service.hpp"

namespace edict::service {

struct PolicyVersion {
    std::string id, path;   // path: as opened (the served folder joined with the id)
    std::string checksum;   // SHA-256 of the artifact bytes, 64 hex digits
    std::string version;    // the first 12 of them
    std::string declared;   // the VERSION file's first line, or empty
    std::string loaded_at;  // UTC, ISO 8601
    std::shared_ptr<const Compilation> compilation;  // null for a .edictc artifact
    std::shared_ptr<const Program> program;
    std::vector<std::string> notices;  // the notices its rules cite, in first-cited order
    std::unique_ptr<Service> service;
    // The workbench's notice reply (workbench.cpp): made on the first request from `compilation`
    // and kept while the notice texts on disk are as they were then (`key`: their paths, sizes and
    // modification times), so the notice pane costs one read of those texts' metadata.
    struct NoticeReplyCache {
        std::mutex mutex;
        bool made = false;
        std::string key;
        Reply reply;
    };
    mutable NoticeReplyCache notice_reply;
    // Whether a pinned version names this one: its short version, checksum (with or without
    // "sha256:"), or declared version string.
    bool matches(std::string_view pin) const;
};

struct PolicyState {
    std::string id, path;
    std::shared_ptr<const PolicyVersion> current;  // the version served; null if none ever loaded
    std::string error;                             // why the latest load failed; empty if it did not
    std::string failed_at;                         // when it failed (UTC)
};

// What one reload did, for the log and the metrics.
struct ReloadReport {
    size_t policies = 0, changed = 0, failed = 0, removed = 0;
    std::vector<std::string> messages;  // one per change or failure, for stderr
};

class Registry {
public:
    Registry(std::string root, Limits limits);
    ReloadReport reload();
    std::shared_ptr<const PolicyVersion> find(std::string_view id) const;
    std::optional<PolicyState> state(std::string_view id) const;  // nullopt: no such policy
    std::vector<PolicyState> snapshot() const;  // sorted by id
    // True when the path given is one policy, not a folder of policies.
    bool single() const { return single_; }
    const std::string& root() const { return root_; }

private:
    struct Found {
        std::string id, path;
        bool artifact;
    };
    std::vector<Found> discover() const;
    std::shared_ptr<PolicyVersion> load(const Found& f, std::string& error) const;

    std::string root_;
    bool single_;
    Limits limits_;
    std::mutex reload_mutex_;     // one reload at a time
    mutable std::mutex mutex_;    // guards states_
    std::vector<PolicyState> states_;
};

// Now in UTC, ISO 8601 with milliseconds: "2026-11-30T13:05:01.123Z".
std::string utc_now();

// A policy id as it may appear in a URL path: segments of [A-Za-z0-9._-] joined by '/'.
bool valid_policy_id(std::string_view id);

}  // namespace edict::service
