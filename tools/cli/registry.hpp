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

}  // namespace edict::cli
