// Finds the installed share/edict from the running binary (see install_dirs.hpp).
#include "compiler/driver/install_dirs.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <string>

#ifndef EDICT_STDLIB_DIR
#define EDICT_STDLIB_DIR "/usr/local/share/edict/stdlib"
#endif
// From the folder of the installed `edict` (bin/), of libedict.so (lib/) and of edict-resident
// (libexec/edict/, which runs `edict serve`, `workbench` and `repl`) to share/edict, as CMake
// computed them (CMakeLists.txt); "../share/edict" and "../../share/edict" for the usual layout.
#ifndef EDICT_BIN_TO_DATA
#define EDICT_BIN_TO_DATA "../share/edict"
#endif
#ifndef EDICT_LIB_TO_DATA
#define EDICT_LIB_TO_DATA "../share/edict"
#endif
#ifndef EDICT_LIBEXEC_TO_DATA
#define EDICT_LIBEXEC_TO_DATA "../../share/edict"
#endif

namespace edict {

namespace fs = std::filesystem;

namespace {

// The file this code was loaded from: libedict.so when a host embeds Edict, else the executable.
fs::path this_binary() {
    Dl_info info{};
    std::error_code ec;
    if (dladdr(reinterpret_cast<void*>(&installed_import_roots), &info) && info.dli_fname && *info.dli_fname) {
        fs::path p = fs::canonical(info.dli_fname, ec);
        if (!ec) return p;
    }
    fs::path exe = fs::canonical("/proc/self/exe", ec);
    return ec ? fs::path() : exe;
}

// share/edict of the installation the binary belongs to, when it has one.
fs::path data_dir_of(const fs::path& binary) {
    if (binary.empty()) return {};
    std::error_code ec;
    for (const char* rel : {EDICT_BIN_TO_DATA, EDICT_LIB_TO_DATA, EDICT_LIBEXEC_TO_DATA}) {
        fs::path data = (binary.parent_path() / rel).lexically_normal();
        if (fs::is_directory(data / "stdlib", ec)) return data;
    }
    return {};
}

}  // namespace

std::vector<fs::path> installed_import_roots() {
    std::vector<fs::path> roots;
    std::error_code ec;
    auto add = [&](const fs::path& data) {
        if (data.empty()) return;
        for (const fs::path& r : {data, data / "policies"})
            if (fs::is_directory(r, ec) && std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
    };
    add(data_dir_of(this_binary()));
    add(fs::path(EDICT_STDLIB_DIR).parent_path());
    return roots;
}

}  // namespace edict
