// `edict`: the analyst's and the batch job's entry point. Parses flags with CLI11 (Debian's
// libcli11-dev: declarative subcommands, --help for each, clear errors for bad flags); each
// subcommand lives in its own *_command.cpp and registers itself (registry.hpp).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "registry.hpp"

namespace edict::cli {

std::vector<RegisteredCommand>& registered_commands() {
    static std::vector<RegisteredCommand> all;
    return all;
}

CommandRegistration::CommandRegistration(int order, Setup setup) { registered_commands().push_back({order, setup}); }

}  // namespace edict::cli

int main(int argc, char** argv) {
    using namespace edict::cli;
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        int code = app.exit(err);
        return code == 0 ? 0 : kUsage;
    }
    // Every file operation reports its own errors; this is the last resort for one that throws
    // (a symlink loop or a vanished folder met somewhere unexpected): a message, not an abort.
    try {
        for (auto& [sub, run] : runners)
            if (sub->parsed()) return run();
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "edict: error: " << e.what() << "\n";
        return kInput;
    }
    return kUsage;
}
