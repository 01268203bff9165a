// The batch pipeline (see batch.hpp). The main thread reads cases into chunks and writes finished
// chunks in order; N workers, each with its own io::CaseRunner (a VM session is not shareable),
// evaluate chunks. At most 2 x N chunks are in flight, so a slow writer or a huge file never grows
// memory: the reader waits for the oldest chunk before reading more.
// Results leave in whole records, one write(2) per chunk, so even a SIGKILL leaves only complete
// lines. SIGINT and SIGTERM stop the batch cleanly: no more input is read, the record being written
// is finished, chunks not yet written are dropped, and the summary says how many were written.
#include "tools/cli/batch.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "tools/cli/batch_output.hpp"
#include "tools/cli/block_lines.hpp"
#include "tools/cli/csv_cases.hpp"
#include "tools/cli/line_reader.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"

namespace edict::cli {

namespace {

constexpr size_t kChunkCases = 256;
// Chunks in flight per worker: one being evaluated, one read and waiting. More only adds memory
// touched for the first time, which costs more than it buys (a page fault each 4 KiB in this VM):
// the 20,000-case race against the oracle took 51.8 ms with 4 a worker, 51.2 with 3 and 45.7 with 2
// (1,999 / 1,616 / 1,178 page faults), and 10^6 cases 1.11-1.31 / 1.04-1.14 / 1.05-1.11 s;
// 1 a worker starved them (1.31-1.35 s). docs/performance.md, "The batch's input read by blocks".
constexpr size_t kChunksPerWorker = 2;
constexpr size_t kMaxRecordBytes = io::kMaxJsonBytes;

// A line over kMaxRecordBytes.
std::string too_long_error() { return fmt::format("a case longer than {} bytes", kMaxRecordBytes); }

struct Record {
    std::string_view view;           // JSON Lines: the case, in its chunk's `bytes`
    std::vector<std::string> cells;  // CSV, split by the reader
    std::string error;  // set by the reader when the record could not be read whole or is not CSV
};

// Chunks are reused (a pool in run_batch), and so are their records' buffers: in steady state a
// batch reads, evaluates and writes without allocating.
struct Chunk {
    std::vector<Record> records;  // the first `count` are this chunk's; the rest keep their buffers
    size_t count = 0;
    ByteBuffer bytes;  // JSON Lines: the chunk's lines, read into it by blocks (BlockLines)
    std::string out;
    std::vector<size_t> ends;  // where each record's result ends in `out` (a CSV row may span lines)
    uint64_t failed = 0;
    bool done = false;
};

// Per worker thread: its own runner and scratch buffers, reused from case to case.
class Worker {
public:
    Worker(const Program& p, const std::vector<uint32_t>& rules, const BatchOptions& o,
           const std::vector<std::string>& header)
        : p_(p), format_(o.format), runner_(p, rules, o.allow_extra), csv_(p, header) {}

    void process(Chunk& c) {
        c.out.clear();
        c.ends.clear();
        c.failed = 0;
        for (size_t i = 0; i < c.count; ++i) {
            const Record& r = c.records[i];
            bool ok = format_ == CaseFormat::Jsonl ? jsonl(r, c.out) : csv(r, c.out);
            if (!ok) ++c.failed;
            c.ends.push_back(c.out.size());
        }
    }

private:
    bool jsonl(const Record& r, std::string& out) {
        ce_ = {};
        if (!r.error.empty()) ce_.message = r.error;
        else if (runner_.append_text(r.view, out, ce_)) {
            out += '\n';
            return true;
        }
        out += io::error_line(ce_);
        out += '\n';
        return false;
    }

    bool csv(const Record& r, std::string& out) {
        ce_ = {};
        if (!r.error.empty()) ce_.message = r.error;
        else if (!csv_.decode(r.cells, runner_.case_to_decode(), ce_.message)) {
        } else if (runner_.evaluate_decoded(ce_)) {
            csv_result_row(p_, runner_, out);
            return true;
        }
        csv_error_row(runner_.rules().size(), ce_, out);
        return false;
    }

    const Program& p_;
    CaseFormat format_;
    io::CaseRunner runner_;
    CsvCaseDecoder csv_;
    io::CaseError ce_;
};

// Reads the next chunk of records; false when the input is exhausted and the chunk is empty.
class RecordReader {
public:
    RecordReader(std::FILE* f, CaseFormat format)
        : lines_(f, kMaxRecordBytes, stop_requested), blocks_(f, kMaxRecordBytes, stop_requested), format_(format) {}

    bool fill(Chunk& c) { return format_ == CaseFormat::Jsonl ? fill_jsonl(c) : fill_csv(c); }
    // JSON Lines: each record a view of its line in the chunk's own bytes (nothing copied).
    bool fill_jsonl(Chunk& c) {
        c.count = 0;
        if (!blocks_.fill(c.bytes, spans_, kChunkCases)) return false;
        for (const LineSpan& l : spans_) {
            if (c.records.size() == c.count) c.records.emplace_back();
            Record& r = c.records[c.count++];
            r.error.clear();
            r.view = std::string_view(c.bytes.data() + l.at, l.size);
            if (l.too_long) r.error = too_long_error();
        }
        return true;
    }
    bool fill_csv(Chunk& c) {
        c.count = 0;
        bool too_long;
        while (c.count < kChunkCases) {
            if (c.records.size() == c.count) c.records.emplace_back();
            Record& r = c.records[c.count];
            r.error.clear();
            if (!lines_.next(line_, too_long)) break;
            if (!too_long && blank(line_)) continue;
            if (too_long) r.error = too_long_error();
            else read_csv_record(line_, r);
            ++c.count;
        }
        return c.count > 0;
    }
    // JSON Lines from a regular file that ended before the size it had when the batch began.
    bool cut_short() const { return blocks_.cut(); }
    uint64_t size_at_start() const { return blocks_.size_at_start(); }
    // The CSV header: the first non-blank record, without the BOM a spreadsheet may put first.
    bool header(std::vector<std::string>& cells, std::string& error) {
        std::string line;
        bool too_long;
        bool first = true;
        while (lines_.next(line, too_long)) {
            if (too_long) { error = "the header row is too long"; return false; }
            if (first && line.starts_with(kUtf8Bom)) line.erase(0, kUtf8Bom.size());
            first = false;
            if (blank(line)) continue;
            Record r;
            read_csv_record(line, r);
            if (!r.error.empty()) { error = "the header row: " + r.error; return false; }
            cells = std::move(r.cells);
            return true;
        }
        error = "the CSV file is empty: its first row must name the inputs";
        return false;
    }
    uint64_t bytes() const { return format_ == CaseFormat::Jsonl ? blocks_.bytes() : lines_.bytes(); }
    bool failed() const { return lines_.failed(); }  // the one FILE both read

private:
    // One CSV record from `line` on: it continues over line breaks while a quoted cell is open.
    void read_csv_record(const std::string& line, Record& r) {
        csv_.start();
        size_t bytes = line.size();
        bool done = csv_.feed_line(line);
        std::string more;
        bool too_long = false;
        while (!done) {
            if (!lines_.next(more, too_long)) {
                r.error = "a quoted cell is not closed before the end of the file";
                return;
            }
            bytes += more.size() + 1;
            if (too_long || bytes > kMaxRecordBytes) {
                r.error = fmt::format("a case longer than {} bytes", kMaxRecordBytes);
                return;
            }
            done = csv_.feed_line(more);
        }
        if (!csv_.ok()) r.error = csv_.error();
        else r.cells = std::move(csv_.cells());
    }
    LineReader lines_;   // CSV
    BlockLines blocks_;  // JSON Lines
    CaseFormat format_;
    std::vector<LineSpan> spans_;  // JSON Lines: the lines of the chunk being filled
    CsvRecord csv_;
    std::string line_;  // CSV: the line being split into a record's cells
};

class Progress {
public:
    Progress(bool on, uint64_t total) : on_(on), total_(total), start_(Clock::now()), last_(start_) {}
    void update(uint64_t cases, uint64_t bytes, bool final = false) {
        if (!on_) return;
        auto now = Clock::now();
        if (!final && now - last_ < std::chrono::milliseconds(200)) return;
        last_ = now;
        double secs = std::chrono::duration<double>(now - start_).count();
        double rate = secs > 0 ? cases / secs : 0;
        std::string bar;
        if (total_ > 0) {
            uint64_t pct = std::min<uint64_t>(100, bytes * 100 / total_);
            bar = fmt::format("[{:<30}] {:3}% ", std::string(pct * 30 / 100, '#'), pct);
        }
        std::fprintf(stderr, "\r%s%llu cases, %.0f cases/s\x1b[K%s", bar.c_str(),
                     static_cast<unsigned long long>(cases), rate, final ? "\n" : "");
        std::fflush(stderr);
    }

private:
    using Clock = std::chrono::steady_clock;
    bool on_;
    uint64_t total_;
    Clock::time_point start_, last_;
};

}  // namespace

unsigned default_jobs() {
    cpu_set_t set;
    CPU_ZERO(&set);
    int n = ::sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 0;
    if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::clamp(n, 1, 256));
}

BatchSummary run_batch(const Program& p, const std::vector<uint32_t>& rules, std::FILE* in, std::FILE* out,
                       const BatchOptions& o) {
    BatchSummary s;
    StopSignals stop_signals;
    const int out_fd = ::fileno(out);
    if (std::fflush(out) != 0) s.write_errno = errno;  // anything stdio holds goes first
    RecordReader reader(in, o.format);
    std::vector<std::string> header;
    if (o.format == CaseFormat::Csv) {
        std::string error;
        if (!reader.header(header, error)) {
            if (stop_requested()) s.stopped_by = stop_signal();  // not "empty": it was not read to its end
            else s.io_error = error;
            return s;
        }
        // A column that is not an input would fail every row; say so once instead.
        if (!check_csv_header(p, header, o.allow_extra, error)) {
            s.io_error = error;
            return s;
        }
        std::string head = csv_result_header(p, rules);
        if (!s.write_errno) write_records(out_fd, head, {head.size()}, s.write_errno);
    }
    Progress progress(o.progress && isatty(STDERR_FILENO), o.total_bytes);
    // Writes a finished chunk unless the batch is stopping; counts only what was written.
    auto finish = [&](Chunk& c) {
        if (stop_requested() || s.write_errno || !s.io_error.empty()) return;
        size_t written = write_records(out_fd, c.out, c.ends, s.write_errno);
        s.cases += written;
        s.failed += written == c.count ? c.failed : 0;  // else the batch ends in error or stopped
        progress.update(s.cases, reader.bytes());
    };
    auto going = [&] { return s.io_error.empty() && !s.write_errno && !stop_requested(); };
    // A chunk read while a stop signal arrived may end in a cut line: it is dropped, not evaluated.
    auto fill = [&](Chunk& c) { return reader.fill(c) && !stop_requested(); };

    if (o.jobs <= 1) {
        Worker w(p, rules, o, header);
        Chunk c;
        while (going() && fill(c)) {
            w.process(c);
            finish(c);
        }
    } else {
        std::mutex m;
        std::condition_variable work_cv, done_cv;
        std::deque<Chunk*> pending;
        bool closing = false;
        std::vector<std::thread> threads;
        {
            BlockStopSignals for_the_workers;  // they inherit the mask; the main thread gets its own back
            for (unsigned t = 0; t < o.jobs; ++t) {
                threads.emplace_back([&] {
                    Worker w(p, rules, o, header);
                    for (;;) {
                        Chunk* c;
                        {
                            std::unique_lock lock(m);
                            work_cv.wait(lock, [&] { return closing || !pending.empty(); });
                            if (pending.empty()) return;
                            c = pending.front();
                            pending.pop_front();
                        }
                        if (!stop_requested()) w.process(*c);  // stopping: its results would be dropped
                        {
                            std::lock_guard lock(m);
                            c->done = true;
                        }
                        done_cv.notify_all();
                    }
                });
            }
        }
        std::deque<std::unique_ptr<Chunk>> in_flight;  // in input order
        std::vector<std::unique_ptr<Chunk>> spare;     // written chunks, to be filled again
        auto write_oldest = [&] {
            {
                std::unique_lock lock(m);
                done_cv.wait(lock, [&] { return in_flight.front()->done; });
            }
            finish(*in_flight.front());
            spare.push_back(std::move(in_flight.front()));
            in_flight.pop_front();
        };
        const size_t cap = kChunksPerWorker * static_cast<size_t>(o.jobs);
        while (going()) {
            std::unique_ptr<Chunk> c;
            if (spare.empty()) c = std::make_unique<Chunk>();
            else c = std::move(spare.back()), spare.pop_back();
            c->done = false;
            if (!fill(*c)) break;
            {
                std::lock_guard lock(m);
                pending.push_back(c.get());
            }
            work_cv.notify_one();
            in_flight.push_back(std::move(c));
            while (in_flight.size() >= cap) write_oldest();
        }
        while (!in_flight.empty()) write_oldest();
        {
            std::lock_guard lock(m);
            closing = true;
        }
        work_cv.notify_all();
        for (auto& t : threads) t.join();
    }
    // Every line read before the cut was read whole and its result written; the line the cut ended
    // in was not evaluated.
    if (s.io_error.empty() && !s.write_errno && !stop_requested() && reader.cut_short())
        s.io_error = fmt::format("the file was cut short while it was being read (it had {} bytes to read when the batch "
                                 "began); the results before the cut were written",
                                 reader.size_at_start());
    progress.update(s.cases, reader.bytes(), true);
    s.stopped_by = stop_signal();
    // A read interrupted by the stop signal is not an input error.
    if (reader.failed() && s.io_error.empty() && !s.stopped_by) s.io_error = "reading the input failed";
    return s;
}

}  // namespace edict::cli
