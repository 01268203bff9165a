// Looks the embedded files up by name; see assets.hpp. The generated file defines
// embedded_files() and their count.
#include "tools/workbench/assets.hpp"

#include <string>
#include <vector>

namespace edict::workbench {

struct EmbeddedFile {
    const char* name;
    const unsigned char* data;
    size_t size;
};
// In the generated workbench_files.cpp.
extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

namespace {

std::string_view content_type_of(std::string_view name) {
    auto ends = [&](std::string_view ext) {
        return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".js")) return "text/javascript; charset=utf-8";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".json")) return "application/json";
    return "application/octet-stream";
}

std::vector<Asset> make_assets() {
    std::vector<Asset> out;
    for (size_t i = 0; i < kEmbeddedFileCount; ++i) {
        const EmbeddedFile& f = kEmbeddedFiles[i];
        out.push_back({f.name, content_type_of(f.name), f.data, f.size});
    }
    return out;
}

}  // namespace

const Asset* find_asset(std::string_view name) {
    static const std::vector<Asset> assets = make_assets();
    for (const Asset& a : assets)
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace edict::workbench
