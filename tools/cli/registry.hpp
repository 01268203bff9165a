// Subcommands register themselves here, one file each, so adding a command never edits main.cpp.
// A registration adds its CLI11 subcommand and returns the function that runs it after parsing.
#pragma once
#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

namespace edict::cli {

using Runner = std::function<int()>;
using Setup = Runner (*)(CLI::App& app);

struct CommandRegistration {
    CommandRegistration(int order, Setup setup);
};

struct RegisteredCommand {
    int order;
    Setup setup;
};

std::vector<RegisteredCommand>& registered_commands();

// The arguments main() received, argv[0] first and null-terminated, for a command that hands them
// on unchanged to another program (resident_launch.cpp).
char** main_arguments();

}  // namespace edict::cli
