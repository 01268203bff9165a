#include "tools/cli/mapped_input.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace edict::cli {

namespace {

// The mapping the SIGBUS handler may repair, and what it found. Written before the handler is
// installed and after it is removed, read in it.
std::atomic<char*> g_begin{nullptr};
std::atomic<char*> g_end{nullptr};
std::atomic<bool> g_shrank{false};
uintptr_t g_page = 4096;  // the page size, read before the handler is installed
struct sigaction g_old_bus {};
static_assert(std::atomic<char*>::is_always_lock_free && std::atomic<bool>::is_always_lock_free);

size_t page_size() { return static_cast<size_t>(::sysconf(_SC_PAGESIZE)); }

// A read past the end of a file cut short: zero pages from the faulting page to the end of the
// mapping (mmap over part of a mapping is one system call, which is all a handler may do here), so
// the read and every later one complete, and the batch sees shrank(). A SIGBUS anywhere else is
// not ours: the previous action is put back and the fault, re-raised on return, does what it did.
extern "C" void on_sigbus(int, siginfo_t* info, void*) {
    char* at = static_cast<char*>(info->si_addr);
    char* begin = g_begin.load();
    char* end = g_end.load();
    if (begin && at >= begin && at < end) {
        g_shrank.store(true);
        const uintptr_t page = reinterpret_cast<uintptr_t>(at) & ~(g_page - 1);
        char* from = reinterpret_cast<char*>(page);
        if (::mmap(from, static_cast<size_t>(end - from), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            MAP_FAILED)
            return;
    }
    ::sigaction(SIGBUS, &g_old_bus, nullptr);
}

}  // namespace

bool MappedInput::map(std::FILE* f) {
    if (data_ || g_begin.load()) return false;
    const int fd = ::fileno(f);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    const off_t at = ::ftello(f);  // what stdio has handed out already (nothing, for a batch)
    if (at < 0 || at >= st.st_size) return false;
    const size_t page = page_size();
    const off_t start = at / static_cast<off_t>(page) * static_cast<off_t>(page);
    const size_t length = static_cast<size_t>(st.st_size - start);
    void* m = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, start);
    if (m == MAP_FAILED) return false;
    ::madvise(m, length, MADV_SEQUENTIAL);
    base_ = static_cast<char*>(m);
    length_ = length;
    data_ = base_ + (at - start);
    size_ = static_cast<size_t>(st.st_size - at);
    released_ = 0;
    fd_ = fd;
    file_at_ = at;
    g_page = page;
    g_shrank.store(false);
    g_begin.store(base_);
    g_end.store(base_ + length_);
    struct sigaction sa {};
    sa.sa_sigaction = on_sigbus;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;  // several threads may each fault on the cut once
    ::sigaction(SIGBUS, &sa, &g_old_bus);
    return true;
}

// Pages are given back 4 MiB at a time, not after every chunk: each madvise(MADV_DONTNEED) of a
// mapping the workers read makes the kernel flush their TLBs (an interrupt to the other core), and
// a release per 256-case chunk (3,914 calls on 10^6 Fujian cases) kept the batch's system time
// at 0.51-0.73 s, against 0.38-0.53 s with this step. The resident memory grows by at most those
// 4 MiB (docs/performance.md, "Batch input read in place").
constexpr size_t kReleaseStep = size_t{4} << 20;

void MappedInput::release_before(size_t offset) {
    if (!data_) return;
    const size_t page = page_size();
    const size_t upto = (static_cast<size_t>(data_ - base_) + offset) / page * page;
    if (upto < released_ + kReleaseStep) return;
    ::madvise(base_ + released_, upto - released_, MADV_DONTNEED);
    released_ = upto;
}

bool MappedInput::shrank() { return g_shrank.load(); }

bool MappedInput::cut_before(size_t offset) const {
    if (!data_) return false;
    if (shrank()) return true;
    struct stat st {};
    return ::fstat(fd_, &st) != 0 || static_cast<uint64_t>(st.st_size) < static_cast<uint64_t>(file_at_) + offset;
}

MappedInput::~MappedInput() {
    if (!data_) return;
    ::sigaction(SIGBUS, &g_old_bus, nullptr);
    g_begin.store(nullptr);
    g_end.store(nullptr);
    ::munmap(base_, length_);
    // As a reader with read(2) would leave it: past what was read (for a shell that hands the same
    // open file to the next command).
    ::lseek(fd_, static_cast<off_t>(file_at_) + static_cast<off_t>(size_), SEEK_SET);
}

}  // namespace edict::cli
