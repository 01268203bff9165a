// Shared by the tests of the embedding API: the Fujian policy's path and its contract examples
// (policies/fujian/2020-14/tests/examples.jsonl), each as the outputs to ask for, the case JSON
// and the expected result object (normalised JSON text).
#pragma once
#include <fstream>
#include <string>
#include <vector>

#include "runtime/io/json.hpp"

namespace edict::testing {

inline std::string fujian_path() { return std::string(EDICT_SOURCE_DIR) + "/policies/fujian/2020-14"; }

struct Example {
    std::vector<std::string> outputs;
    std::string case_json;
    std::string expected;  // io::to_json_text of the expected result object
};

inline std::vector<Example> fujian_examples() {
    std::ifstream in(fujian_path() + "/tests/examples.jsonl");
    std::vector<Example> out;
    std::string line, err;
    while (std::getline(in, line)) {
        io::Json j;
        if (line.empty() || !io::parse_json(line, j, err)) continue;
        Example e;
        e.case_json = io::to_json_text(*j.find("input"));
        const io::Json& o = *j.find("output");
        for (const auto& [k, v] : o.members) e.outputs.push_back(k);
        e.expected = io::to_json_text(o);
        out.push_back(std::move(e));
    }
    return out;
}

// Re-renders result JSON so that two texts of the same object compare equal.
inline std::string normalised(const std::string& json) {
    io::Json j;
    std::string err;
    if (!io::parse_json(json, j, err)) return "unparsable: " + json;
    return io::to_json_text(j);
}

}  // namespace edict::testing
