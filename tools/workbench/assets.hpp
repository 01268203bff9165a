// The workbench's page: the files of tools/workbench/web/, embedded in `edict` when it is built
// (cmake/EmbedFiles.cmake writes them into a generated .cpp as byte arrays), so `edict serve`
// serves the page with nothing fetched from anywhere and no build step for its scripts.
#pragma once
#include <cstddef>
#include <string_view>

namespace edict::workbench {

struct Asset {
    std::string_view name;          // "index.html", "app.js"
    std::string_view content_type;  // from the name's extension
    const unsigned char* data;
    size_t size;
};

// The file `name` of web/, or null.
const Asset* find_asset(std::string_view name);

}  // namespace edict::workbench
