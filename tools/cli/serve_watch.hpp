// Reloading `edict serve`'s policies when their files change: a thread that watches the served
// folder (and every folder beneath it, new ones included) with inotify and calls `on_change` once
// the changes have been quiet for `debounce` (an editor's save, a `cp -r` or a `git checkout` is
// many events; one reload follows them). Hidden files and names ending in `~` (editors' swap and
// backup files) are ignored. Imports from outside the folder are not watched: SIGHUP reloads those.
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace edict::cli {

class PolicyWatcher {
public:
    // False with `error` when inotify is not available (the server then reloads on SIGHUP only).
    bool start(const std::string& root, std::chrono::milliseconds debounce, std::function<void()> on_change,
               std::string& error);
    ~PolicyWatcher();  // stops the thread

private:
    void run();
    void watch_tree(const std::string& dir);

    int inotify_ = -1, stop_[2] = {-1, -1};
    std::chrono::milliseconds debounce_{};
    std::function<void()> on_change_;
    std::map<int, std::string> dirs_;  // watch descriptor -> folder
    std::thread thread_;
};

}  // namespace edict::cli
