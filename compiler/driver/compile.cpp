// Loading policy folders and their imports in dependency order, then parse → check → codegen.
#include "compiler/driver/compile.hpp"
#include "runtime/support/files.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "runtime/bytecode/artifact.hpp"
#include "compiler/check/checker.hpp"
#include "compiler/codegen/codegen.hpp"
#include "compiler/driver/install_dirs.hpp"
#include "compiler/syntax/parser.hpp"


namespace edict {

namespace fs = std::filesystem;

namespace {

// Paths in diagnostics read best relative to where the analyst stands.
std::string display_path(const fs::path& p) {
    std::error_code ec;
    fs::path rel = fs::relative(p, fs::current_path(ec), ec);
    if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.lexically_normal().string();
    return p.lexically_normal().string();
}

// Where resolve_import looked, and how to point it at a folder elsewhere.
std::string import_help(const std::string& what, const fs::path& from_dir) {
    std::error_code ec;
    std::string h = fmt::format("\"{}\" was looked for, in this order, in\n        {} and each folder above it", what,
                                display_path(fs::weakly_canonical(from_dir, ec)));
    const char* env = std::getenv("EDICT_PATH");
    if (env && *env) h += fmt::format("\n        each folder of EDICT_PATH ({})", env);
    else h += "\n        the folders of EDICT_PATH (not set)";
    std::vector<fs::path> roots = installed_import_roots();
    for (const fs::path& root : roots) h += fmt::format("\n        {} (installed)", root.string());
    if (roots.empty()) h += "\n        the installed library (none found beside this edict)";
    h += "\n      to import from a folder elsewhere, name the folder that holds it in EDICT_PATH (':' between several):"
         "\n        EDICT_PATH=/path/to/policies edict eval my-policy --input cases.jsonl"
         "\n      finds `import \"cn/pension\"` in /path/to/policies/cn/pension";
    return h;
}

class Loader {
public:
    explicit Loader(Compilation& c, const CompileOptions& o) : C(c), opts(o) {}
    void load_root(const fs::path& path);
    void load_memory(const std::vector<std::pair<std::string, std::string>>& files, const std::string& base);

private:
    bool read_file(const fs::path& p, std::string& out, Span from);
    std::vector<fs::path> edict_files(const fs::path& dir, bool tests, Span from);
    void load_module(const fs::path& path, Span from, bool is_root);
    void add_file(const std::string& display, std::string text, const fs::path& dir, bool is_root);
    fs::path resolve_import(const std::string& what, const fs::path& from_dir);

    Compilation& C;
    const CompileOptions& opts;
    std::set<std::string> done_, active_;
};

bool Loader::read_file(const fs::path& p, std::string& out, Span from) {
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec) {
        C.diags.error(DiagCode::E0003, from, fmt::format("cannot read {}: {}", p.string(), ec.message()));
        return false;
    }
    if (size > syntax::kMaxSourceBytes) {
        C.diags.error(DiagCode::E0001, from, fmt::format("{} is {} bytes; a policy file may have at most {} bytes", p.string(), size,
                                                 syntax::kMaxSourceBytes));
        return false;
    }
    if (!read_whole_file(p.string(), out)) {
        C.diags.error(DiagCode::E0003, from, fmt::format("cannot read {}: {}", p.string(), std::strerror(errno)));
        return false;
    }
    return true;
}

// The .edict files directly in `dir` (and in dir/tests when asked). Every filesystem call takes
// an error_code: a symlink loop or an unreadable entry is a diagnostic naming the path (E0003), not
// an exception. Entries that are not .edict files are skipped whatever their state.
std::vector<fs::path> Loader::edict_files(const fs::path& dir, bool tests, Span from) {
    std::vector<fs::path> out;
    auto walk = [&](const fs::path& d) {
        std::error_code ec;
        fs::directory_iterator it(d, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            if (p.extension() != ".edict") continue;
            std::error_code entry;
            if (it->is_regular_file(entry)) out.push_back(p);
            else if (entry) C.diags.error(DiagCode::E0003, from, fmt::format("cannot read {}: {}", p.string(), entry.message()));
        }
        if (ec) C.diags.error(DiagCode::E0003, from, fmt::format("cannot read the folder {}: {}", d.string(), ec.message()));
    };
    walk(dir);
    std::error_code ec;
    if (tests && fs::is_directory(dir / "tests", ec)) walk(dir / "tests");
    else if (tests && ec && ec != std::errc::no_such_file_or_directory)
        C.diags.error(DiagCode::E0003, from, fmt::format("cannot read {}: {}", (dir / "tests").string(), ec.message()));
    std::sort(out.begin(), out.end());
    return out;
}

void Loader::add_file(const std::string& display, std::string text, const fs::path& dir, bool is_root) {
    // Every source passes here, from a folder or from memory (repl, lsp, hosts): an artifact is
    // named as one instead of failing the UTF-8 check on its binary header.
    if (looks_like_artifact(text)) {
        C.diags.error(DiagCode::E0009, Span{UINT32_MAX, 0, 0},
                      fmt::format("{} is a compiled artifact (from `edict build`), not policy source", display))
            .help = "artifacts are for `edict eval` and for hosts; give this command the policy folder or its .edict files";
        return;
    }
    uint32_t id = C.sources.add(display, std::move(text));
    check::ModuleInfo m;
    m.ast = syntax::parse_module(C.sources, id, C.diags);
    m.dir = dir.string();
    m.name = display;
    size_t index = C.checked.modules.size();
    C.checked.modules.push_back(std::move(m));
    // Imports load before the importing module's own declarations are checked; modules are kept
    // in load order so overrides and amendments apply after what they change.
    std::vector<std::pair<std::string, Span>> imports;
    for (const ast::Decl& d : C.checked.modules[index].ast.decls)
        if (d.kind == ast::DeclKind::Import) imports.push_back({d.path, d.name_span});
    if (imports.empty()) return;
    check::ModuleInfo self = std::move(C.checked.modules[index]);
    C.checked.modules.erase(C.checked.modules.begin() + static_cast<long>(index));
    for (auto& [what, span] : imports) {
        fs::path target = resolve_import(what, dir);
        if (target.empty()) {
            auto& e = C.diags.error(DiagCode::E0004, span, fmt::format("cannot find \"{}\" to import", what));
            e.help = import_help(what, dir);
            continue;
        }
        load_module(target, span, false);
    }
    C.checked.modules.push_back(std::move(self));
    (void)is_root;
}

fs::path Loader::resolve_import(const std::string& what, const fs::path& from_dir) {
    auto try_at = [&](const fs::path& base) -> fs::path {
        fs::path p = base / what;
        std::error_code ec;
        if (fs::is_directory(p, ec)) return p;
        fs::path f = p;
        f += ".edict";
        if (fs::is_regular_file(f, ec)) return f;
        return {};
    };
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(from_dir, ec);
    for (fs::path d = dir;; d = d.parent_path()) {
        if (fs::path p = try_at(d); !p.empty()) return p;
        if (d == d.parent_path()) break;
    }
    if (const char* env = std::getenv("EDICT_PATH")) {
        std::string s = env;
        size_t start = 0;
        while (start <= s.size()) {
            size_t end = s.find(':', start);
            std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!part.empty())
                if (fs::path p = try_at(part); !p.empty()) return p;
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    for (const fs::path& root : installed_import_roots())
        if (fs::path p = try_at(root); !p.empty()) return p;
    return {};
}

void Loader::load_module(const fs::path& path, Span from, bool is_root) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(path, ec).string();
    if (done_.count(key)) return;
    if (active_.count(key)) {
        C.diags.error(DiagCode::E0005, from, fmt::format("{} imports itself through other imports", path.string()));
        return;
    }
    if (active_.size() >= kMaxImportDepth) {  // loading recurses once per import on the chain
        C.diags.error(DiagCode::E0010, from, fmt::format("imports are nested more than {} deep here (importing {})",
                                                 kMaxImportDepth, path.string()))
            .help = "a module that imports a module that imports … this many times is refused; import the "
                    "modules you need directly";
        return;
    }
    active_.insert(key);
    if (fs::is_directory(path, ec)) {
        auto files = edict_files(path, is_root && opts.include_tests, from);
        if (files.empty() && is_root && !C.diags.has_errors())
            C.diags.error(DiagCode::E0006, from, fmt::format("{} holds no .edict files", path.string()));
        for (const fs::path& f : files) {
            std::string text;
            if (read_file(f, text, from)) add_file(display_path(f), std::move(text), path, is_root);
        }
    } else if (fs::is_regular_file(path, ec)) {
        std::string text;
        if (read_file(path, text, from)) add_file(display_path(path), std::move(text), path.parent_path(), is_root);
    } else if (fs::status(path, ec).type() == fs::file_type::not_found) {
        C.diags.error(DiagCode::E0003, from, fmt::format("{} does not exist", path.string()));
    } else {  // there, but a symlink loop, unreadable, or neither a file nor a folder
        C.diags.error(DiagCode::E0003, from, fmt::format("cannot read {}: {}", path.string(),
                                                 ec ? ec.message() : std::string("neither a file nor a folder")));
    }
    active_.erase(key);
    done_.insert(key);
}

void Loader::load_root(const fs::path& path) {
    C.root = path.string();
    load_module(path, Span{UINT32_MAX, 0, 0}, true);
}

void Loader::load_memory(const std::vector<std::pair<std::string, std::string>>& files, const std::string& base) {
    for (auto& [name, text] : files) add_file(name, text, base.empty() ? fs::path(".") : fs::path(base), true);
}

std::unique_ptr<Compilation> finish(std::unique_ptr<Compilation> c) {
    if (c->diags.has_errors()) return c;
    bool checked = false;
    if (!run_stage(c->diags, [&] { checked = check::check_program(c->checked, c->sources, c->diags); }) || !checked)
        return c;
    // Each file is bounded by kMaxSourceBytes but a policy may hold any number of files: bound
    // the rules too, so a policy's bytecode and a session's per-rule tables stay bounded.
    if (c->checked.rules.size() > kMaxRules) {
        c->diags.error(DiagCode::E0007, Span{UINT32_MAX, 0, 0},
                       fmt::format("the policy has {} rules; a policy may have at most {}", c->checked.rules.size(), kMaxRules));
        return c;
    }
    std::shared_ptr<const Program> program;
    if (run_stage(c->diags, [&] { program = codegen::generate(c->checked, c->sources, c->diags); })) c->program = program;
    return c;
}

}  // namespace

bool run_stage(Diagnostics& diags, const std::function<void()>& stage) {
    try {
        stage();
        return true;
    } catch (const std::logic_error& e) {
        diags.error(DiagCode::E0405, Span{UINT32_MAX, 0, 0}, fmt::format("internal error: {}", e.what())).help =
            "this is a bug in Edict, not in the policy: please report it with the policy that shows it";
        return false;
    }
}

std::unique_ptr<Compilation> compile_path(const std::string& path, const CompileOptions& options) {
    auto c = std::make_unique<Compilation>();
    Loader loader(*c, options);
    loader.load_root(path);
    return finish(std::move(c));
}

std::unique_ptr<Compilation> compile_sources(const std::vector<std::pair<std::string, std::string>>& files,
                                             const std::string& import_base) {
    auto c = std::make_unique<Compilation>();
    CompileOptions o;
    Loader loader(*c, o);
    loader.load_memory(files, import_base);
    return finish(std::move(c));
}

}  // namespace edict
