// Every diagnostic code has a bad input that produces it (issue 10). Takes: each entry of
// compiler/diagnostics/codes.def. Its example is written to a temporary folder (one file, or the
// "--- path" sections) and compiled like `edict check` does (compile, then the notice-text checks);
// the diagnostics must be exactly the `# expect error[CODE]` markers of the example: that code, at
// those lines, and nothing else. Inputs that are not source text (a huge file, bad bytes, a
// missing path, too many rules) are described in the table and built here.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "compiler/diagnostics/codes.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/driver/compile.hpp"
#include "tooling/regression/citations.hpp"
#include "tooling/regression/numbers.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict {
namespace {

namespace fs = std::filesystem;

// (file name, line, "error[E0301]")
using Mark = std::tuple<std::string, uint32_t, std::string>;

struct Folder {
    fs::path dir;
    explicit Folder(std::string_view code) {
        dir = fs::temp_directory_path() / ("edict-codes-" + std::to_string(::getpid()) + "-" + std::string(code));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Folder() { fs::remove_all(dir); }
    void write(const fs::path& rel, const std::string& text) const {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel, std::ios::binary) << text;
    }
};

// The example's files: "--- path" sections, or the whole text as main.edict.
std::vector<std::pair<std::string, std::string>> example_files(std::string_view example) {
    std::vector<std::pair<std::string, std::string>> files;
    std::istringstream in{std::string(example)};
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("--- ")) files.emplace_back(line.substr(4), "");
        else if (files.empty()) files.emplace_back("main.edict", line + "\n");
        else files.back().second += line + "\n";
    }
    return files;
}

std::set<Mark> expected_marks(const std::vector<std::pair<std::string, std::string>>& files) {
    static const std::regex kMark(R"(# expect ((?:error|warning)\[[EW][0-9]{4}\]))");
    std::set<Mark> marks;
    for (const auto& [path, text] : files) {
        std::istringstream in(text);
        std::string line;
        for (uint32_t n = 1; std::getline(in, line); ++n)
            if (std::smatch m; std::regex_search(line, m, kMark)) marks.insert({fs::path(path).filename().string(), n, m[1]});
    }
    return marks;
}

void collect(const Diagnostics& ds, const SourceMap& sources, std::set<Mark>& out, std::string& shown) {
    for (const Diagnostic& d : ds.items()) {
        std::string what = fmt::format("{}[{}]", d.severity == Severity::Error ? "error" : "warning", d.code);
        if (d.span.file < sources.size()) {
            const SourceFile& f = sources.file(d.span.file);
            out.insert({fs::path(f.path()).filename().string(), f.line_col(d.span.begin).line, what});
        } else {
            out.insert({"", 0, what});
        }
        shown += render(d, sources, false);
    }
}

// Compiles `root` as `edict check` does; returns every diagnostic as a mark (and rendered, for failures).
std::set<Mark> diagnose(const fs::path& root, std::string& shown) {
    std::set<Mark> got;
    auto c = compile_path(root.string());
    collect(c->diags, c->sources, got, shown);
    if (c->ok()) {
        Diagnostics text;
        regression::CitationReport cites = regression::verify_citations(c->checked, text);
        regression::check_numbers(c->checked, cites, text);
        collect(text, c->sources, got, shown);
    }
    return got;
}

// The inputs that are not source text, keyed by code: each writes into the folder and returns the
// path to compile.
const std::map<std::string_view, std::function<fs::path(const Folder&)>>& described_inputs() {
    static const std::map<std::string_view, std::function<fs::path(const Folder&)>> k = {
        {"E0001", [](const Folder& f) {
             f.write("big.edict", std::string(syntax::kMaxSourceBytes + 1, '#'));
             return f.dir / "big.edict";
         }},
        {"E0002", [](const Folder& f) {
             f.write("gbk.edict", "rule r: text = \"\xC4\xEA\xC1\xE4\"\n");  // 年龄 in GBK
             return f.dir / "gbk.edict";
         }},
        {"E0003", [](const Folder& f) { return f.dir / "no" / "such" / "policy"; }},
        {"E0006", [](const Folder& f) {
             f.write("policy/README.txt", "The rules were meant to be here.\n");
             return f.dir / "policy";
         }},
        {"E0008", [](const Folder& f) {
             std::string chain = "1";
             for (uint32_t i = 0; i < syntax::kMaxExprDepth; ++i) chain += "+1";
             f.write("deep.edict", "rule r: int = " + chain + "\n");
             return f.dir / "deep.edict";
         }},
        {"E0009", [](const Folder& f) {
             f.write("policy.edictc", std::string("\x89" "EDICTC\n", 8) + std::string(64, '\0'));
             return f.dir / "policy.edictc";
         }},
        {"E0010", [](const Folder& f) {
             for (size_t i = 0; i <= kMaxImportDepth + 1; ++i)
                 f.write(fmt::format("m{}/m.edict", i), fmt::format("import \"m{}\"\nrule r{}: int = 1\n", i + 1, i));
             f.write(fmt::format("m{}/m.edict", kMaxImportDepth + 2), "rule last: int = 1\n");
             return f.dir / "m0";
         }},
        {"E0404", [](const Folder& f) {
             std::string calls;
             for (int i = 0; i < 70000; ++i) calls += fmt::format("{}twice({})", i ? ", " : "", i);
             f.write("slots.edict", "function twice(v: int): int = let w = v * 2 in w\n"
                                    "rule r: int = count([" + calls + "])\n");
             return f.dir / "slots.edict";
         }},
        {"E0007", [](const Folder& f) {
             std::string rules;
             for (size_t i = 0; i <= kMaxRules; ++i) rules += fmt::format("rule r{}: int = 1\n", i);
             f.write("many.edict", rules);
             return f.dir;
         }},
    };
    return k;
}

TEST(DiagnosticCodes, EveryCodeHasABadInputThatProducesExactlyIt) {
    for (const DiagInfo& info : all_diagnostics()) {
        SCOPED_TRACE(std::string(info.code));
        // An internal error (E0405) has no bad input by definition; the test its description names
        // makes one.
        if (info.example.starts_with("(none:")) {
            EXPECT_EQ(info.code, "E0405") << "only the internal error has no bad input; give this code one";
            continue;
        }
        Folder folder(info.code);
        std::string what = fmt::format("{}[{}]", info.severity == Severity::Error ? "error" : "warning", info.code);
        std::set<Mark> want;
        fs::path root;
        if (example_is_description(info.example)) {
            auto it = described_inputs().find(info.code);
            ASSERT_NE(it, described_inputs().end()) << "describe how to build this input in described_inputs()";
            root = it->second(folder);
        } else {
            auto files = example_files(info.example);
            ASSERT_FALSE(files.empty());
            for (const auto& [path, text] : files) folder.write(path, text);
            root = (folder.dir / files.front().first).parent_path();
            if (files.size() == 1 && files.front().first == "main.edict") root = folder.dir / "main.edict";
            want = expected_marks(files);
            ASSERT_FALSE(want.empty()) << "mark the offending line with `# expect " << what << "`";
            for (const Mark& m : want) EXPECT_EQ(std::get<2>(m), what) << "an example shows its own code only";
        }
        std::string shown;
        std::set<Mark> got = diagnose(root, shown);
        if (example_is_description(info.example)) {
            ASSERT_FALSE(got.empty()) << "no diagnostic";
            for (const Mark& m : got) EXPECT_EQ(std::get<2>(m), what) << shown;
        } else {
            EXPECT_EQ(got, want) << shown;
        }
    }
}

TEST(DiagnosticCodes, CodesAreUniqueAndLookedUpInEitherCase) {
    std::set<std::string_view> seen;
    for (const DiagInfo& info : all_diagnostics()) {
        EXPECT_TRUE(seen.insert(info.code).second) << info.code;
        EXPECT_EQ(info.code[0], info.severity == Severity::Error ? 'E' : 'W') << info.code;
        EXPECT_FALSE(info.title.empty()) << info.code;
        EXPECT_FALSE(info.explanation.empty()) << info.code;
        EXPECT_EQ(find_diag_code(info.code), info.id);
        EXPECT_EQ(&diag_info(info.id), &info);
    }
    EXPECT_EQ(find_diag_code("e0301"), DiagCode::E0301);
    EXPECT_EQ(find_diag_code("E0211"), std::nullopt);  // retired: nothing could produce it
    EXPECT_EQ(find_diag_code("E03011"), std::nullopt);
}

// error() hands out a reference; reporting more must not move the diagnostic it refers to.
TEST(DiagnosticCodes, ReferenceStaysValidWhileMoreAreReported) {
    Diagnostics ds;
    Diagnostic& first = ds.error(DiagCode::E0101, {}, "first");
    for (int i = 0; i < 50; ++i) ds.error(DiagCode::E0301, {}, "more");
    first.help = "added after fifty more";
    EXPECT_EQ(ds.items().front().help, "added after fifty more");
    for (size_t i = 0; i < 2 * Diagnostics::kMaxKept; ++i) ds.error(DiagCode::E0301, {}, "past the limit").help = "x";
    EXPECT_EQ(ds.items().size(), Diagnostics::kMaxKept);
    EXPECT_EQ(ds.error_count(), 51 + 2 * Diagnostics::kMaxKept);
}

}  // namespace
}  // namespace edict
