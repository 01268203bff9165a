// Golden diagnostics: takes each tests/diagnostics/bad/NAME.edict (one common mistake each),
// compiles it with compile_path and renders the diagnostics without colour, with the source
// directory prefix removed so paths are repo-relative. Compares with NAME.expected; with
// EDICT_UPDATE_GOLDEN=1 in the environment it rewrites the .expected files instead. Lines of the
// .edict that end in `# expect error[E0xxx]` (clox's inline expectations) must be exactly the lines
// and codes of the diagnostics, so the expectation is readable next to the mistake.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "compiler/driver/compile.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string strip_prefix(std::string s, const std::string& prefix) {
    for (size_t at; (at = s.find(prefix)) != std::string::npos;) s.erase(at, prefix.size());
    return s;
}

// (line, "error[E0301]") of each `# expect` marker in the text.
std::set<std::pair<uint32_t, std::string>> marks_in(const std::string& text) {
    static const std::regex kMark(R"(# expect ((?:error|warning)\[[EW][0-9]{4}\]))");
    std::set<std::pair<uint32_t, std::string>> marks;
    std::istringstream in(text);
    std::string line;
    for (uint32_t n = 1; std::getline(in, line); ++n)
        if (std::smatch m; std::regex_search(line, m, kMark)) marks.insert({n, m[1]});
    return marks;
}

std::set<std::pair<uint32_t, std::string>> marks_of(const Compilation& c) {
    std::set<std::pair<uint32_t, std::string>> marks;
    for (const Diagnostic& d : c.diags.items()) {
        uint32_t line = d.span.file < c.sources.size() ? c.sources.file(d.span.file).line_col(d.span.begin).line : 0;
        marks.insert({line, std::string(d.severity == Severity::Error ? "error[" : "warning[") + std::string(d.code) + "]"});
    }
    return marks;
}

TEST(GoldenDiagnostics, BadFiles) {
    fs::path dir = fs::path(EDICT_SOURCE_DIR) / "tests" / "diagnostics" / "bad";
    const char* env = std::getenv("EDICT_UPDATE_GOLDEN");
    bool update = env && std::string(env) == "1";
    int seen = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".edict") continue;
        ++seen;
        SCOPED_TRACE(entry.path().filename().string());
        auto c = compile_path(entry.path().string());
        EXPECT_FALSE(c->ok()) << "expected this file to have errors";
        if (auto want = marks_in(read_text(entry.path())); !want.empty()) {
            EXPECT_EQ(marks_of(*c), want);
        }
        std::string actual = strip_prefix(render_all(c->diags, c->sources, false), std::string(EDICT_SOURCE_DIR) + "/");
        fs::path expected_path = entry.path();
        expected_path.replace_extension(".expected");
        if (update) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        ASSERT_TRUE(fs::exists(expected_path)) << "run with EDICT_UPDATE_GOLDEN=1 to create " << expected_path;
        EXPECT_EQ(actual, read_text(expected_path));
    }
    EXPECT_GE(seen, 12);
}

}  // namespace
}  // namespace edict
