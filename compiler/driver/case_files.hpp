// The scenario case files of a policy folder (tests/*.jsonl, one `{"clause", "input", "output"}`
// object per line). Read by tooling/regression/test_cases, which every tool collects tests through.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "runtime/io/json.hpp"

namespace edict {

// <root>/tests/*.jsonl, sorted by name; empty when there is no tests folder.
std::vector<std::filesystem::path> policy_case_files(const std::string& root);

// Calls `line(number, json, error)` for each non-blank line of `file` (numbered from 1); `json` is
// null when the line is not a JSON object (`error` then says why it is not JSON, or is empty). false if the file cannot be read.
using CaseLineFn = std::function<void(size_t number, const io::Json* json, const std::string& error)>;
bool for_each_case_line(const std::filesystem::path& file, const CaseLineFn& line);

}  // namespace edict
