// How a batch's results leave (batch.cpp): straight to a file descriptor in whole records, so no
// stdio buffer boundary and no kill ever cuts a line, and how SIGINT/SIGTERM ask it to stop.
#pragma once
#include <signal.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace edict::cli {

// SIGINT and SIGTERM handled while this lives: the first one only records itself (stop_signal()),
// a second one kills as usual. No SA_RESTART, so a read or write blocked on a pipe in the main thread
// returns and the batch loop sees the request.
class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    struct sigaction old_int_ {}, old_term_ {};
};

// Threads started while this lives inherit a mask blocking SIGINT and SIGTERM, so the signals reach
// the main thread, the one that may be blocked reading input or writing results.
class BlockStopSignals {
public:
    BlockStopSignals();
    ~BlockStopSignals();
    BlockStopSignals(const BlockStopSignals&) = delete;
    BlockStopSignals& operator=(const BlockStopSignals&) = delete;

private:
    sigset_t old_;
};

// The signal that asked the batch to stop, 0 while none has.
int stop_signal();
inline bool stop_requested() { return stop_signal() != 0; }

// Writes `out` to `fd` with as few write(2) calls as the kernel allows. `ends` holds where each
// record ends in `out` (the last is out.size()). A stop request arriving mid-write finishes the
// record in progress and drops the rest; a failed write (a full disk) sets `err` to its errno and,
// on a regular file, truncates the record it cut. Returns the number of records written whole.
size_t write_records(int fd, std::string_view out, const std::vector<size_t>& ends, int& err);

}  // namespace edict::cli
