#include "tools/cli/batch_output.hpp"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>

namespace edict::cli {

namespace {

std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "written from a signal handler");

extern "C" void on_stop_signal(int signo) { g_stop_signal.store(signo, std::memory_order_relaxed); }

// After a failed write cut a record, a regular file is truncated back to the end of the last whole
// one, so it still holds only complete results. Best effort: a pipe cannot be taken back, and the
// batch fails with the write error either way.
void drop_cut_record(int fd, size_t cut_bytes) {
    struct stat st {};
    if (cut_bytes == 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    off_t at = ::lseek(fd, 0, SEEK_CUR);
    if (at >= static_cast<off_t>(cut_bytes)) (void)::ftruncate(fd, at - static_cast<off_t>(cut_bytes));
}

}  // namespace

StopSignals::StopSignals() {
    g_stop_signal.store(0);
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C kills at once, as users expect
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
}

StopSignals::~StopSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
}

BlockStopSignals::BlockStopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
}

BlockStopSignals::~BlockStopSignals() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

int stop_signal() { return g_stop_signal.load(std::memory_order_relaxed); }

size_t write_records(int fd, std::string_view out, const std::vector<size_t>& ends, int& err) {
    size_t done = 0, limit = out.size();
    auto whole = [&] { return static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), done) - ends.begin()); };
    while (done < limit) {
        ssize_t n = ::write(fd, out.data() + done, limit - done);
        if (n > 0) done += static_cast<size_t>(n);
        else if (n == 0 || errno != EINTR) {
            err = n == 0 ? EIO : errno;
            size_t records = whole();
            drop_cut_record(fd, done - (records ? ends[records - 1] : 0));
            return records;
        }
        if (stop_requested() && done < limit) {  // finish the record in progress, if one was begun
            auto end = std::lower_bound(ends.begin(), ends.end(), done);
            bool at_boundary = done == 0 || (end != ends.end() && *end == done);
            limit = at_boundary || end == ends.end() ? done : *end;
        }
    }
    return whole();
}

}  // namespace edict::cli
