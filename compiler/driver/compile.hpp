// The compiler's one entry point. Takes: a policy folder, a single .edict file, or in-memory
// sources. Produces: a Program (or diagnostics), and the checked program and sources for tools
// that need more than bytecode (tests, citation checks, explanations).
// A folder's *.edict files form the policy; `import "cn/pension"` loads another folder found by
// walking up from the importing folder (so policies/cn and stdlib/ resolve from any policy in the
// tree), then EDICT_PATH entries, then the installed stdlib.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "compiler/check/checked.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {

// At most this many rules in a policy with its imports (E0007); 10x the largest measured policy.
constexpr size_t kMaxRules = 100000;
// At most this many imports nested inside one another (E0010): loading recurses once per level.
constexpr size_t kMaxImportDepth = 200;

struct CompileOptions {
    bool include_tests = false;  // also load tests/*.edict of the policy folder
};

struct Compilation {
    SourceMap sources;
    Diagnostics diags;
    check::CheckedProgram checked;
    std::shared_ptr<const Program> program;  // null when diags has errors
    std::string root;                        // the policy folder
    bool ok() const { return program != nullptr; }
};

// Runs one stage of compiling (checking, code generation). A std::logic_error it throws means a
// case the checker rules out reached a later stage, a bug in Edict: it becomes error E0405 with the
// exception's text (what and where), reported like any other error instead of ending the program.
// Returns false then.
bool run_stage(Diagnostics& diags, const std::function<void()>& stage);

std::unique_ptr<Compilation> compile_path(const std::string& path, const CompileOptions& options = {});

// For tests and hosts that hold rules in memory: each pair is (name, text); imports resolve
// against `import_base` (may be empty: no imports).
std::unique_ptr<Compilation> compile_sources(const std::vector<std::pair<std::string, std::string>>& files,
                                             const std::string& import_base = {});

}  // namespace edict
