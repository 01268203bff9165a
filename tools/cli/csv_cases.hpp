// Cases and results as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks
// in double quotes, "" for a quote). Takes: a header row of input names and one row per case.
// Produces: the case as the same JSON object a .jsonl line would give (typed by the policy's input
// types, money kept as its decimal text), and result rows of output names. An empty cell is an
// absent input (null).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "bytecode/program.hpp"
#include "io/json.hpp"
#include "io/runner.hpp"

namespace edict::cli {

// Splits one CSV record into cells. false: the record is not well-formed CSV (`error` says why);
// `open_quote` is set when it ends inside a quoted field, so the caller joins the next line.
bool split_csv(std::string_view record, std::vector<std::string>& cells, bool& open_quote, std::string& error);

// Appends a cell, quoted when it holds a comma, quote, CR or LF.
void append_csv_cell(std::string& out, std::string_view cell);

// Builds the case object from the header and one row: cells of bool, int-like and record/list
// inputs become JSON values of those kinds, everything else stays text (so money stays exact).
bool csv_row_to_case(const Program& p, const std::vector<std::string>& header, const std::vector<std::string>& row,
                     io::Json& out, std::string& error);

// The header of a result file: the output names, then `error_input,error_message`.
std::string csv_result_header(const Program& p, const std::vector<uint32_t>& rules);

// One result row from an evaluated runner, or the error row (empty outputs, the error at the end).
void csv_result_row(const Program& p, const io::CaseRunner& runner, std::string& out);
void csv_error_row(size_t outputs, const io::CaseError& e, std::string& out);

}  // namespace edict::cli
