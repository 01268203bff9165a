// `edict` and `edict-resident` (resident_commands.hpp): the analyst's and the batch job's entry
// point, one main() for both programs. Parses flags with CLI11 (Debian's libcli11-dev: declarative
// subcommands, --help for each, clear errors for bad flags); each subcommand lives in its own
// *_command.cpp and registers itself (registry.hpp), so a program has the commands of the files
// linked into it (CMakeLists.txt). Whatever a command writes to standard output is checked when it
// ends (output.hpp).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/commands.hpp"
#include "tools/cli/output.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

std::vector<RegisteredCommand>& registered_commands() {
    static std::vector<RegisteredCommand> all;
    return all;
}

CommandRegistration::CommandRegistration(int order, Setup setup) { registered_commands().push_back({order, setup}); }

namespace {
char** g_argv = nullptr;
}

char** main_arguments() { return g_argv; }

}  // namespace edict::cli

int main(int argc, char** argv) {
    using namespace edict::cli;
    g_argv = argv;
    check_stdout_writes();
    CLI::App app{"Edict: rules-as-code for social-insurance notices"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "edict 0.1.0");
    auto commands = registered_commands();
    std::sort(commands.begin(), commands.end(), [](auto& a, auto& b) { return a.order < b.order; });
    std::vector<std::pair<CLI::App*, Runner>> runners;
    for (const auto& c : commands) {
        size_t before = app.get_subcommands({}).size();
        Runner r = c.setup(app);
        auto subs = app.get_subcommands({});
        if (subs.size() > before) runners.push_back({subs.back(), std::move(r)});
    }
    // `edict --explain E0301` is rustc's spelling of `edict explain-error E0301`.
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "--explain") args[0] = "explain-error";
    if (!args.empty() && args[0].starts_with("--explain=")) {
        args.insert(args.begin() + 1, args[0].substr(10));
        args[0] = "explain-error";
    }
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last-first
    app.name(argv[0]);                        // as parse(argc, argv) would, for the usage line
    try {
        app.parse(args);
    } catch (const CLI::ParseError& err) {
        int code = app.exit(err);  // --help and --version print to stdout: checked too
        return finish_output(code == 0 ? 0 : kUsage);
    }
    // Every file operation reports its own errors; this is the last resort for one that throws
    // (a symlink loop or a vanished folder met somewhere unexpected): a message, not an abort.
    try {
        for (auto& [sub, run] : runners)
            if (sub->parsed()) return finish_output(run());
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "edict: error: " << e.what() << "\n";
        return finish_output(kInput);
    }
    return kUsage;
}
