// The `edict` command line: one function per subcommand. Exit codes (docs/cli.md):
//   0 success; 1 a case or test failed, or `check` found errors; 2 bad command line;
//   3 the policy does not compile; 4 an input file cannot be read or is not JSON, or an output (a
//   file, standard output) cannot be written; 128+N a batch stopped by signal N (SIGINT, SIGTERM).
#pragma once
#include <string>
#include <vector>

namespace edict::cli {

enum Exit { kOk = 0, kFailed = 1, kUsage = 2, kCompile = 3, kInput = 4 };

struct EvalOptions {
    std::string policy;
    std::string input;
    std::string outputs;  // comma-separated, empty: all
    bool allow_extra = false;
    unsigned jobs = 0;   // worker threads for a batch; 0: default_jobs() (batch.hpp), the cores
    std::string format;  // "json" or "csv"; empty: by the input's extension
};
int run_eval(const EvalOptions& o);

int run_disasm(const std::string& policy, const std::string& rule);

struct TestOptions {
    std::vector<std::string> paths;
    std::string filter;
    std::string junit;
};
int run_test(const TestOptions& o);

}  // namespace edict::cli
