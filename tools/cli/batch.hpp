// Streaming batch evaluation for `edict eval --input CASES.jsonl|.csv`. Takes: an open file of
// cases (JSON Lines, or CSV with a header row of input names), the compiled program and the rules to
// output. Produces: one result line/row per case on `out`, in input order, whatever the number of
// worker threads. Memory is bounded by (jobs x chunk) cases in flight, never by the file's length.
// Output goes to `out`'s file descriptor in whole records (a kill never leaves a cut line); SIGINT
// and SIGTERM during the batch stop it cleanly (BatchSummary::stopped_by).
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"

namespace edict::cli {

enum class CaseFormat { Jsonl, Csv };

struct BatchOptions {
    CaseFormat format = CaseFormat::Jsonl;
    unsigned jobs = 1;
    bool allow_extra = false;
    bool progress = false;     // draw a progress bar on stderr (only when it is a terminal)
    uint64_t total_bytes = 0;  // the input's size when known, for the bar's percentage
};

struct BatchSummary {
    uint64_t cases = 0;   // results written
    uint64_t failed = 0;
    std::string io_error;  // the input could not be read
    int write_errno = 0;   // the output could not be written (errno of the failed write)
    int stopped_by = 0;    // SIGINT or SIGTERM stopped the batch; `cases` results were written whole
};

// The cores this process may run on (its CPU affinity, which `taskset` and container limits set),
// at least 1 and at most 256: the default number of worker threads for a batch.
unsigned default_jobs();

BatchSummary run_batch(const Program& p, const std::vector<uint32_t>& rules, std::FILE* in, std::FILE* out,
                       const BatchOptions& o);

}  // namespace edict::cli
