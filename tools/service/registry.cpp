// The served policies and their versions; see registry.hpp.
#include "tools/service/registry.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostics.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/support/files.hpp"
#include "tools/service/sha256.hpp"

namespace edict::service {

namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& p) { return p.filename().string().rfind('.', 0) == 0; }

bool holds_edict_files(const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec))
        if (it->path().extension() == ".edict" && !is_hidden(it->path()) && it->is_regular_file(ec)) return true;
    return false;
}

bool read_file(const fs::path& path, size_t most, std::string& bytes, std::string& error) {
    if (!read_whole_file(path.string(), bytes)) {
        error = fmt::format("cannot read {}", path.string());
        return false;
    }
    if (bytes.size() > most) {
        error = fmt::format("{} is {} bytes, more than {}", path.string(), bytes.size(), most);
        return false;
    }
    return true;
}

// The first line of a VERSION file, if there is one: at most 64 printable ASCII characters.
std::string declared_version(const fs::path& file, std::string& error) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return "";
    std::string text;
    if (!read_file(file, 4096, text, error)) return "";
    std::string line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    bool printable = std::all_of(line.begin(), line.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (line.empty() || line.size() > 64 || !printable)
        error = fmt::format("{}: a declared version is one word of 1-64 printable ASCII characters", file.string());
    return line;
}

void add_notice(std::vector<std::string>& notices, const std::string& notice) {
    if (!notice.empty() && std::find(notices.begin(), notices.end(), notice) == notices.end())
        notices.push_back(notice);
}

std::vector<std::string> notices_of(const Program& p) {
    std::vector<std::string> notices;
    for (const RuleInfo& r : p.rules)
        for (const Citation& c : r.citations) add_notice(notices, c.notice);
    for (const DefinitionInfo& d : p.definitions)
        for (const Citation& c : d.citations) add_notice(notices, c.notice);
    return notices;
}

}  // namespace

std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t secs = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    return fmt::format("{}.{:03}Z", when, ms);
}

bool valid_policy_id(std::string_view id) {
    if (id.empty() || id.size() > 200) return false;
    size_t start = 0;
    for (;;) {
        size_t end = std::min(id.find('/', start), id.size());
        std::string_view seg = id.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..") return false;
        for (char c : seg)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
        if (end == id.size()) return true;
        start = end + 1;
    }
}

bool PolicyVersion::matches(std::string_view pin) const {
    if (pin.rfind("sha256:", 0) == 0) pin.remove_prefix(7);
    return pin == version || pin == checksum || (!declared.empty() && pin == declared);
}

Registry::Registry(std::string root, Limits limits) : root_(std::move(root)), limits_(limits) {
    std::error_code ec;
    fs::path p(root_);
    single_ = !fs::is_directory(p, ec) || holds_edict_files(p);
}

// Every policy under the root, sorted by id.
std::vector<Registry::Found> Registry::discover() const {
    std::vector<Found> found;
    fs::path root(root_);
    if (single_) {
        bool artifact = root.extension() == ".edictc";
        fs::path name = root.filename().empty() ? root.parent_path().filename() : root.filename();
        found.push_back({artifact || name.extension() == ".edict" ? name.stem().string() : name.string(), root_,
                         artifact});
        return found;
    }
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        bool dir = it->is_directory(ec);
        // Hidden entries (editors' swap files, .git) and a policy's own tests are not policies.
        if (is_hidden(p) || (dir && p.filename() == "tests" && holds_edict_files(p.parent_path()))) {
            if (dir) it.disable_recursion_pending();
            continue;
        }
        std::string rel = p.lexically_relative(root).generic_string();
        if (dir && holds_edict_files(p)) found.push_back({rel, p.string(), false});
        else if (!dir && p.extension() == ".edictc" && it->is_regular_file(ec))
            found.push_back({rel.substr(0, rel.size() - 7), p.string(), true});
    }
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.id < b.id; });
    return found;
}

// The policy compiled (or its artifact loaded) and wrapped in a Service; null with `error`.
std::shared_ptr<PolicyVersion> Registry::load(const Found& f, std::string& error) const {
    auto v = std::make_shared<PolicyVersion>();
    v->id = f.id;
    v->path = f.path;
    std::string bytes;
    fs::path version_file;
    if (f.artifact) {
        if (!read_file(f.path, kMaxArtifactBytes, bytes, error)) return nullptr;
        v->program = load_artifact(bytes, error);
        if (!v->program) {
            error = f.path + ": " + error;
            return nullptr;
        }
        version_file = fs::path(f.path).replace_extension(".version");
    } else {
        std::shared_ptr<Compilation> c;
        try {
            c = compile_path(f.path);
        } catch (const std::exception& e) {
            error = fmt::format("{}: {}", f.path, e.what());
            return nullptr;
        }
        if (!c->ok()) {
            error = render_all(c->diags, c->sources, false);
            return nullptr;
        }
        if (!save_artifact(*c->program, bytes, error)) return nullptr;
        v->program = c->program;
        v->compilation = std::move(c);
        fs::path p(f.path);
        version_file = (fs::is_directory(p) ? p : p.parent_path()) / "VERSION";
    }
    v->declared = declared_version(version_file, error);
    if (!error.empty()) return nullptr;
    v->checksum = sha256_hex(bytes);
    v->version = v->checksum.substr(0, 12);
    v->loaded_at = utc_now();
    v->notices = notices_of(*v->program);
    v->service = std::make_unique<Service>(v->program, v->compilation.get(), limits_);
    return v;
}

ReloadReport Registry::reload() {
    std::lock_guard serial(reload_mutex_);
    ReloadReport report;
    std::vector<Found> found = discover();
    // Compile first, with no lock held: requests keep being served on the current versions.
    std::vector<std::shared_ptr<PolicyVersion>> loaded(found.size());
    std::vector<std::string> errors(found.size());
    for (size_t i = 0; i < found.size(); ++i) {
        if (!valid_policy_id(found[i].id))
            errors[i] = fmt::format("`{}` cannot be a policy id (in a URL): name its folders and files with "
                                    "letters, digits, '.', '_' and '-' only",
                                    found[i].id);
        else if (i && found[i].id == found[i - 1].id)
            errors[i] = fmt::format("{} and {} would both be policy `{}`; rename one", found[i - 1].path,
                                    found[i].path, found[i].id);
        else
            loaded[i] = load(found[i], errors[i]);
    }
    std::string when = utc_now();
    std::lock_guard lock(mutex_);
    std::map<std::string, PolicyState> before;
    for (PolicyState& s : states_) before.emplace(s.id, std::move(s));
    std::vector<PolicyState> after;
    for (size_t i = 0; i < found.size(); ++i) {
        if (i && found[i].id == found[i - 1].id) {
            after.back().error = errors[i];
            after.back().failed_at = when;
            ++report.failed;
            report.messages.push_back(errors[i]);
            continue;
        }
        PolicyState state;
        if (auto it = before.find(found[i].id); it != before.end()) {
            state = std::move(it->second);
            before.erase(it);
        }
        state.id = found[i].id;
        state.path = found[i].path;
        const auto& old = state.current;
        if (!loaded[i]) {
            state.error = errors[i];
            state.failed_at = when;
            ++report.failed;
            report.messages.push_back(
                old ? fmt::format("{} failed to load; still serving version {}:\n{}", state.id, old->version, errors[i])
                    : fmt::format("{} failed to load; not served:\n{}", state.id, errors[i]));
        } else {
            state.error.clear();
            state.failed_at.clear();
            if (!old || old->checksum != loaded[i]->checksum || old->declared != loaded[i]->declared) {
                ++report.changed;
                report.messages.push_back(old ? fmt::format("{}: version {} -> {}", state.id, old->version,
                                                            loaded[i]->version)
                                              : fmt::format("{}: loaded version {}", state.id, loaded[i]->version));
                state.current = std::move(loaded[i]);
            }
        }
        after.push_back(std::move(state));
    }
    for (auto& [id, s] : before) {
        ++report.removed;
        report.messages.push_back(fmt::format("{}: removed ({} is gone)", id, s.path));
    }
    states_ = std::move(after);
    report.policies = states_.size();
    return report;
}

std::shared_ptr<const PolicyVersion> Registry::find(std::string_view id) const {
    std::lock_guard lock(mutex_);
    for (const PolicyState& s : states_)
        if (s.id == id) return s.current;
    return nullptr;
}

std::optional<PolicyState> Registry::state(std::string_view id) const {
    std::lock_guard lock(mutex_);
    for (const PolicyState& s : states_)
        if (s.id == id) return s;
    return std::nullopt;
}

std::vector<PolicyState> Registry::snapshot() const {
    std::lock_guard lock(mutex_);
    return states_;
}

}  // namespace edict::service
