// The inotify watcher of `edict serve`; see serve_watch.hpp.
#include "tools/cli/serve_watch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace edict::cli {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;

bool ignored(std::string_view name) { return !name.empty() && (name.front() == '.' || name.back() == '~'); }

}  // namespace

bool PolicyWatcher::start(const std::string& root, std::chrono::milliseconds debounce,
                          std::function<void()> on_change, std::string& error) {
    inotify_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_ < 0 || ::pipe(stop_) != 0) {
        error = fmt::format("cannot watch {} for changes: {}", root, std::strerror(errno));
        return false;
    }
    std::error_code ec;
    fs::path p(root);
    watch_tree(fs::is_directory(p, ec) ? root : (p.parent_path().empty() ? "." : p.parent_path().string()));
    debounce_ = debounce;
    on_change_ = std::move(on_change);
    thread_ = std::thread([this] { run(); });
    return true;
}

PolicyWatcher::~PolicyWatcher() {
    if (thread_.joinable()) {
        char b = 1;
        (void)!::write(stop_[1], &b, 1);
        thread_.join();
    }
    for (int fd : {inotify_, stop_[0], stop_[1]})
        if (fd >= 0) ::close(fd);
}

void PolicyWatcher::watch_tree(const std::string& dir) {
    int wd = inotify_add_watch(inotify_, dir.c_str(), kEvents);
    if (wd >= 0) dirs_[wd] = dir;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec)) continue;
        if (ignored(it->path().filename().string())) {
            it.disable_recursion_pending();
            continue;
        }
        int sub = inotify_add_watch(inotify_, it->path().c_str(), kEvents);
        if (sub >= 0) dirs_[sub] = it->path().string();
    }
}

// Waits for events; each relevant one moves the deadline to `debounce` from now; at the deadline,
// one reload. Folders created meanwhile are watched as they appear.
void PolicyWatcher::run() {
    using Clock = std::chrono::steady_clock;
    bool pending = false;
    Clock::time_point due{};
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        int timeout = -1;
        if (pending) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now()).count();
            timeout = static_cast<int>(std::max<long long>(0, left));
        }
        pollfd fds[2] = {{inotify_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
        int r = ::poll(fds, 2, timeout);
        if (r < 0 && errno != EINTR) return;
        if (fds[1].revents) return;
        if (r > 0 && fds[0].revents) {
            ssize_t n;
            while ((n = ::read(inotify_, buffer, sizeof buffer)) > 0) {
                for (char* at = buffer; at < buffer + n;) {
                    auto* e = reinterpret_cast<inotify_event*>(at);
                    at += sizeof(inotify_event) + e->len;
                    std::string_view name = e->len ? std::string_view(e->name) : std::string_view();
                    if (ignored(name)) continue;
                    if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)))
                        if (auto d = dirs_.find(e->wd); d != dirs_.end()) watch_tree(d->second + "/" + std::string(name));
                    pending = true;
                    due = Clock::now() + debounce_;
                }
            }
        }
        if (pending && Clock::now() >= due) {
            pending = false;
            on_change_();
        }
    }
}

}  // namespace edict::cli
