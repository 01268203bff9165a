// Finds edict-resident and runs it in place of `edict` (see resident_program.hpp).
#include "tools/cli/resident_program.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "tools/cli/resident_commands.hpp"

// From the folder of the installed `edict` (bin/) to libexec/, as CMake computed it
// (CMakeLists.txt); "../libexec" for the usual layout.
#ifndef EDICT_BIN_TO_LIBEXEC
#define EDICT_BIN_TO_LIBEXEC "../libexec"
#endif

namespace edict::cli {

namespace fs = std::filesystem;

std::vector<fs::path> resident_program_places(const fs::path& exe_dir) {
    return {exe_dir / kResidentProgram,
            (exe_dir / EDICT_BIN_TO_LIBEXEC / "edict" / kResidentProgram).lexically_normal()};
}

fs::path first_runnable(const std::vector<fs::path>& places) {
    for (const fs::path& p : places) {
        std::error_code ec;
        if (fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0) return p;
    }
    return {};
}

std::string resident_program_missing(const std::string& command, const std::vector<fs::path>& places) {
    std::string tried;
    for (const fs::path& p : places) tried += (tried.empty() ? "" : " nor ") + p.string();
    return fmt::format("error: `{0}` is run by the program {1}, which is not at {2} (or cannot be run there); "
                       "build the target {1} (cmake --build --preset release --target {1}) or reinstall Edict",
                       command, kResidentProgram, tried);
}

int exec_resident_program(const char* name, char** argv) {
    std::error_code ec;
    fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec) {
        std::cerr << fmt::format("error: cannot find the folder of the running edict (/proc/self/exe: {}), where "
                                 "{} is looked for\n",
                                 ec.message(), kResidentProgram);
        return kInput;
    }
    std::vector<fs::path> places = resident_program_places(exe.parent_path());
    fs::path program = first_runnable(places);
    std::string command = fmt::format("edict {}", name);
    if (program.empty()) {
        std::cerr << resident_program_missing(command, places) << "\n";
        return kInput;
    }
    std::cout.flush();
    execv(program.c_str(), argv);
    std::cerr << fmt::format("error: cannot run {} for `{}`: {}\n", program.string(), command, std::strerror(errno));
    return kInput;
}

}  // namespace edict::cli
