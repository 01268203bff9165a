// Cases and results as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks
// in double quotes, "" for a quote). Takes: a header row of input names (a leading UTF-8 BOM is
// dropped) and one row per case.
// Produces: the case as the same JSON object a .jsonl line would give (typed by the policy's input
// types, money kept as its decimal text), and result rows of output names. An empty cell is an
// absent input (null).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"

namespace edict::cli {

// One RFC 4180 record read line by line (each line without its line break): the state machine
// for both where a record ends and what its cells are. A record ends at a line break outside
// quotes. A record that breaks the grammar (a quote inside an unquoted cell, a character after a
// closing quote) is an error, and it ends at the end of that line whatever quotes follow: one
// stray quote costs one case, never the rest of the file.
class CsvRecord {
public:
    void start();
    // Reads one more line of the record; true when the record is complete (the line did not end
    // inside a quoted cell).
    bool feed_line(std::string_view line);
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    std::vector<std::string>& cells() { return cells_; }

private:
    enum class State { CellStart, Unquoted, Quoted, QuoteInQuoted, Broken };
    void fail(std::string why);
    State state_ = State::CellStart;
    std::string cell_;
    std::vector<std::string> cells_;
    std::string error_;
};

// The UTF-8 byte order mark Excel writes at the start of a CSV file.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Checks the header row against the policy's inputs: no empty or repeated column, no column that
// is an input's name with invisible or whitespace characters added (refused even with
// allow_extra, which would otherwise drop it silently), and no unknown column unless allow_extra.
bool check_csv_header(const Program& p, const std::vector<std::string>& header, bool allow_extra, std::string& error);

// Appends a cell, quoted when it holds a comma, quote, CR or LF.
void append_csv_cell(std::string& out, std::string_view cell);

// A row decoded into a runner's DecodedCase, as the JSON object a .jsonl line would give decodes:
// cells of bool, int-like and record/list inputs as JSON values of those kinds, everything else as
// text (so money stays exact); an empty cell is an absent input. The header's columns are matched
// to inputs once, for the whole file; no JSON object is built for a row.
class CsvCaseDecoder {
public:
    CsvCaseDecoder(const Program& p, const std::vector<std::string>& header);
    bool decode(const std::vector<std::string>& row, io::DecodedCase& out, std::string& error);

private:
    const Program& p_;
    const std::vector<std::string>& header_;
    struct Column {
        int32_t input = -1;  // in p.inputs; -1 for a column that is not an input (--allow-extra)
        TypeId type = 0;
        Kind kind = Kind::Error;
    };
    std::vector<Column> columns_;
    std::vector<io::Json> parsed_;  // list and record cells, parsed before anything is decoded
    std::string why_;
};

// The header of a result file: the output names, then `error_input,error_message`.
std::string csv_result_header(const Program& p, const std::vector<uint32_t>& rules);

// One result row from an evaluated runner, or the error row (empty outputs, the error at the end).
void csv_result_row(const Program& p, const io::CaseRunner& runner, std::string& out);
// The error's text is made valid UTF-8 (bad bytes become U+FFFD), as in JSON error lines.
void csv_error_row(size_t outputs, const io::CaseError& e, std::string& out);

}  // namespace edict::cli
