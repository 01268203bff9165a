// Where `edict` finds edict-resident (resident_commands.hpp) and how it hands a command over to it.
// Takes: the folder of the running executable. Produces: the program's path, or a one-line error
// naming every place tried; then execv with edict's own argv, so the pid, the open files (stdin,
// stdout, stderr), argv[0] (usage lines still read `edict serve ...`) and every argument stay as
// they were: a test or a supervisor that started `edict serve` signals the server itself.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace edict::cli {

// The places tried, in order: beside the executable (the build tree, or an installation that puts
// both programs in bin/), then libexec/edict of the installation the executable belongs to, reached
// from its folder by the relative path CMake computed (EDICT_BIN_TO_LIBEXEC), so a prefix moved
// after `cmake --install` still works.
std::vector<std::filesystem::path> resident_program_places(const std::filesystem::path& exe_dir);

// The first of `places` that is a regular file (or a link to one) this process may execute; empty
// when there is none.
std::filesystem::path first_runnable(const std::vector<std::filesystem::path>& places);

// What to say when there is none, for the command `command`: the places tried and what to do.
std::string resident_program_missing(const std::string& command, const std::vector<std::filesystem::path>& places);

// Replaces this process with edict-resident, `argv` unchanged, for the command `name` ("serve").
// Returns only when that cannot be done, having said why on stderr, with kInput (commands.hpp).
int exec_resident_program(const char* name, char** argv);

}  // namespace edict::cli
