// The commands that stay running -- `serve`, `workbench`, `repl` -- and the program they live in,
// edict-resident. They alone need cpp-httplib (which brings OpenSSL, zlib and brotli, and runs
// OpenSSL's set-up when loaded) and libedit; kept out of `edict`, every `edict eval` starts without
// loading them (docs/performance.md, "The commands that stay running in their own program").
// `edict` lists them in its --help with these words and runs edict-resident for them with its own
// argv (resident_launch.cpp); edict-resident registers the real ones (serve_command.cpp,
// repl_command.cpp) under the same names, places and words.
#pragma once

namespace edict::cli {

struct ResidentCommand {
    const char* name;
    int order;  // its place in `edict --help` (registry.hpp)
    const char* description;
};

inline constexpr ResidentCommand kServeCommand{
    "serve", 50, "Serve policies over HTTP: one policy, or every policy under a folder (docs/service.md)"};
inline constexpr ResidentCommand kWorkbenchCommand{
    "workbench", 51,
    "Try cases in a browser: serve the policies and the workbench page on 127.0.0.1 and print its address "
    "(docs/workbench.md)"};
inline constexpr ResidentCommand kReplCommand{"repl", 90,
                                              "Evaluate expressions against a policy and a case, interactively"};

// The file name of the second program, beside `edict` or under libexec/edict (resident_program.hpp).
inline constexpr const char* kResidentProgram = "edict-resident";

}  // namespace edict::cli
