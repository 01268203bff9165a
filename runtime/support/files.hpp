// Reading a whole file into memory: policy sources, notice texts, case files, artifacts.
#pragma once
#include <string>

namespace edict {

// false when the file cannot be opened or read (a folder, no permission, gone).
bool read_whole_file(const std::string& path, std::string& out);

}  // namespace edict
