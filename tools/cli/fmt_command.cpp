// `edict fmt PATH... [--check] [--keywords zh|en]`: rewrites .edict files (or every .edict file
// under a folder) in the canonical layout of tooling/format, optionally converting the keywords
// to Chinese or English. `--check` writes nothing and exits 1 when a file would change (for CI).
// A file is replaced atomically (support/files.hpp): a full disk or a kill leaves it as it was.
// Exit: 0 all formatted, 1 a file would change (--check) or could not be formatted, 2 bad usage,
// 4 a path cannot be read or a file cannot be written.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"
#include "runtime/support/utf8.hpp"
#include "tooling/format/format.hpp"
#include "tools/cli/registry.hpp"
#include "runtime/support/files.hpp"
#include "runtime/support/source.hpp"

namespace edict::cli {

namespace {

namespace fs = std::filesystem;

struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
    std::string keywords;  // "", "zh" or "en"
};

// The .edict files named, or found under the folders named, in a stable order.
bool collect(const std::vector<std::string>& paths, std::vector<fs::path>& files) {
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec))
                if (it->is_regular_file() && it->path().extension() == ".edict") found.push_back(it->path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            files.emplace_back(p);
        } else {
            std::cerr << fmt::format("error: {}: no such file or folder\n", p);
            return false;
        }
    }
    return true;
}

// line:col of a byte offset, for error messages.
std::string position(const std::string& text, uint32_t offset) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') { ++line; col = 1; }
        else if (!utf8::is_continuation(text[i])) ++col;
    }
    return fmt::format("{}:{}", line, col);
}

int run_fmt(const FmtOptions& o) {
    std::vector<fs::path> files;
    if (!collect(o.paths, files)) return kInput;
    format::Keywords kw = o.keywords == "zh"   ? format::Keywords::Chinese
                          : o.keywords == "en" ? format::Keywords::English
                                               : format::Keywords::AsWritten;
    int changed = 0, failed = 0, unwritten = 0;
    for (const auto& f : files) {
        std::string text;
        if (!read_whole_file(f.string(), text)) {
            std::cerr << fmt::format("error: cannot read {}\n", f.string());
            return kInput;
        }
        format::FormatResult r = format::format_source(text, kw);
        if (!r.ok()) {
            std::cerr << fmt::format("{}:{}: error: {}\n", f.string(), position(text, r.error_offset), r.error);
            ++failed;
            continue;
        }
        if (r.text == text) continue;
        ++changed;
        if (o.check) {
            std::cout << fmt::format("{}: not formatted (run `edict fmt {}`)\n", f.string(), f.string());
            continue;
        }
        std::string error;
        if (!replace_file(f.string(), r.text, error)) {
            std::cerr << fmt::format("error: {} (the file is unchanged)\n", error);
            ++unwritten;
            continue;
        }
        std::cout << fmt::format("formatted {}\n", f.string());
    }
    if (o.check && changed == 0 && failed == 0)
        std::cout << fmt::format("{} file{} formatted\n", files.size(), files.size() == 1 ? "" : "s");
    if (unwritten) return kInput;
    return failed || (o.check && changed) ? kFailed : kOk;
}

Runner setup_fmt(CLI::App& app) {
    auto o = std::make_shared<FmtOptions>();
    auto* c = app.add_subcommand("fmt", "Format .edict files in the one canonical layout (keeps comments)");
    c->add_option("paths", o->paths, "Files or folders (every .edict file below a folder)")->required();
    c->add_flag("--check", o->check, "Change nothing; exit 1 if a file is not formatted");
    c->add_option("--keywords", o->keywords, "Write the keywords in Chinese (zh) or English (en)")
        ->check(CLI::IsMember({"zh", "en"}));
    c->footer("Exit status: 0 formatted, 1 a file would change (--check) or has a syntax error, 4 a path cannot be "
              "read or a file cannot be written (it is left as it was).");
    return [o] { return run_fmt(*o); };
}

const CommandRegistration fmt_registration(80, setup_fmt);

}  // namespace

}  // namespace edict::cli
