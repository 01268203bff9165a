#include "compiler/driver/case_files.hpp"

#include <algorithm>
#include <sstream>

#include "runtime/support/files.hpp"

namespace edict {

namespace fs = std::filesystem;

std::vector<fs::path> policy_case_files(const std::string& root) {
    std::vector<fs::path> files;
    std::error_code ec;
    const fs::path dir = fs::path(root) / "tests";
    if (fs::is_directory(dir, ec))
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".jsonl") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool for_each_case_line(const fs::path& file, const CaseLineFn& line) {
    std::string text;
    if (!read_whole_file(file.string(), text)) return false;
    std::istringstream lines(text);
    std::string s;
    for (size_t n = 1; std::getline(lines, s); ++n) {
        if (s.find_first_not_of(" \t\r") == std::string::npos) continue;
        io::Json j;
        std::string error;
        const bool object = io::parse_json(s, j, error) && j.type == io::Json::Type::Object;
        line(n, object ? &j : nullptr, error);  // error is empty for JSON that is not an object
    }
    return true;
}

}  // namespace edict
