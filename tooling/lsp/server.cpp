// The language server's message handling (see server.hpp). Each change recompiles the policy
// folder of the document (a policy is small: the Fujian folder with its imports compiles in a few
// milliseconds), so diagnostics, hover and definition always see the text as typed.
#include "tooling/lsp/server.hpp"
#include "runtime/support/files.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/check/builtins.hpp"
#include "tooling/format/tokens.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/syntax/keywords.hpp"
#include "runtime/support/utf8.hpp"

namespace edict::lsp {

namespace {

namespace fs = std::filesystem;

// JSON-RPC error codes used here.
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;

json error_reply(const json& id, int code, const std::string& message) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}


// The name (identifier or keyword) that covers byte offset `at`, with its byte range.
std::string word_at(const std::string& text, size_t at) {
    auto name_char = [&](size_t i) {
        size_t len;
        return i < text.size() && format::is_name_char(utf8::decode(text, i, len));
    };
    size_t begin = std::min(at, text.size());
    // step back code point by code point while the previous one is part of a name
    while (begin > 0) {
        size_t prev = begin - 1;
        while (prev > 0 && utf8::is_continuation(text[prev])) --prev;
        if (!name_char(prev)) break;
        begin = prev;
    }
    size_t end = begin;
    while (name_char(end)) {
        size_t len;
        utf8::decode(text, end, len);
        end += len;
    }
    return end > at || (end == at && end > begin) ? text.substr(begin, end - begin) : std::string();
}

struct Found {
    const check::ModuleInfo* module = nullptr;
    const ast::Decl* decl = nullptr;
    Span span;            // the name being defined
    std::string enum_of;  // for an enum case: its enum
};

const char* kind_word(ast::DeclKind k) {
    using K = ast::DeclKind;
    switch (k) {
    case K::Input: return "input";
    case K::Param: return "param";
    case K::Rule: return "rule";
    case K::Exception: return "exception";
    case K::Function: return "function";
    case K::Table: return "table";
    case K::Calendar: return "calendar";
    case K::Enum: return "enum";
    case K::Record: return "record";
    default: return "declaration";
    }
}

bool names_something(ast::DeclKind k) {
    using K = ast::DeclKind;
    return k == K::Input || k == K::Param || k == K::Rule || k == K::Exception || k == K::Function ||
           k == K::Table || k == K::Calendar || k == K::Enum || k == K::Record;
}

// The declaration of `word` in any module of the compilation: a definition, or an enum case.
std::optional<Found> find_symbol(const Compilation& c, const std::string& word) {
    for (const auto& m : c.checked.modules)
        for (const auto& d : m.ast.decls) {
            if (names_something(d.kind) && d.name == word) return Found{&m, &d, d.name_span, ""};
            if (d.kind == ast::DeclKind::Enum)
                for (size_t i = 0; i < d.items.size(); ++i)
                    if (d.items[i] == word) return Found{&m, &d, d.item_spans[i], d.name};
        }
    return std::nullopt;
}

std::string type_text(const Compilation& c, const check::ModuleInfo& m, ast::TypeExprId t) {
    if (t == ast::kNone) return {};
    return std::string(c.sources.slice(m.ast.types[t].span));
}

void add_citations(std::string& md, const std::vector<ast::Citation>& cites) {
    for (const auto& ct : cites) md += fmt::format("\n\n§{} {}: “{}”", ct.clause, ct.notice, ct.quote);
}

std::string hover_text(const Compilation& c, const Found& f) {
    const ast::Decl& d = *f.decl;
    if (!f.enum_of.empty()) return fmt::format("**case** `{}` of enum `{}`", c.sources.slice(f.span), f.enum_of);
    std::string md = fmt::format("**{}** `{}`", kind_word(d.kind), d.name);
    if (d.kind == ast::DeclKind::Exception) md += fmt::format(" to `{}`", d.target);
    if (d.kind == ast::DeclKind::Function) {
        std::vector<std::string> ps;
        for (const auto& p : d.fields) ps.push_back(p.name + ": " + type_text(c, *f.module, p.type));
        md += fmt::format("({})", fmt::join(ps, ", "));
    }
    if (std::string t = type_text(c, *f.module, d.type); !t.empty()) md += fmt::format(": `{}`", t);
    if (d.kind == ast::DeclKind::Table) md = fmt::format("**table** `{}`: `{}` → `{}`", d.name,
                                                         type_text(c, *f.module, d.key_type), type_text(c, *f.module, d.type));
    if (!d.doc.empty()) md += "\n\n" + d.doc;
    add_citations(md, d.cites);
    for (const auto& cs : d.cases) add_citations(md, cs.cites);
    for (const auto& v : d.values) add_citations(md, v.cites);
    add_citations(md, d.arm_cites);
    if (d.kind == ast::DeclKind::Rule)  // the exceptions that can change this rule's value
        for (const auto& m : c.checked.modules)
            for (const auto& e : m.ast.decls)
                if (e.kind == ast::DeclKind::Exception && e.target == d.name) {
                    md += fmt::format("\n\n*exception* `{}`", e.name);
                    for (const auto& cs : e.cases)
                        for (const auto& ct : cs.cites) md += fmt::format(" (§{})", ct.clause);
                    for (const auto& ct : e.cites) md += fmt::format(" (§{})", ct.clause);
                }
    md += fmt::format("\n\n{}", c.sources.file(f.span.file).path());
    return md;
}

json range_of(const std::string& text, Span s) {
    return {{"start", position_of(text, s.begin)}, {"end", position_of(text, s.end)}};
}

}  // namespace

std::string uri_to_path(const std::string& uri) {
    static const std::string kScheme = "file://";
    if (uri.compare(0, kScheme.size(), kScheme) != 0) return {};
    std::string out;
    for (size_t i = kScheme.size(); i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
            out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

std::string path_to_uri(const std::string& path) {
    std::string out = "file://";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c >= 0x80 || std::string_view("/-_.~").find(static_cast<char>(c)) != std::string_view::npos)
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

size_t offset_of(const std::string& text, int line, int character) {
    size_t i = 0;
    for (int l = 0; l < line && i < text.size(); ++i)
        if (text[i] == '\n') ++l;
    for (int units = 0; i < text.size() && text[i] != '\n' && units < character;) {
        size_t len;
        uint32_t cp = utf8::decode(text, i, len);
        units += cp >= 0x10000 ? 2 : 1;
        i += len;
    }
    return i;
}

json position_of(const std::string& text, size_t offset) {
    int line = 0, character = 0;
    for (size_t i = 0; i < offset && i < text.size();) {
        size_t len;
        uint32_t cp = utf8::decode(text, i, len);
        if (cp == '\n') { ++line; character = 0; }
        else character += cp >= 0x10000 ? 2 : 1;
        i += len;
    }
    return {{"line", line}, {"character", character}};
}

std::vector<json> Server::handle(const json& message) {
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
        if (message.is_object() && message.contains("id") && !message.contains("method")) return {};  // a reply to us
        return {error_reply(message.is_object() && message.contains("id") ? message["id"] : json(), kInvalidRequest,
                            "not a JSON-RPC request: it has no \"method\"")};
    }
    std::string method = message["method"];
    json params = message.value("params", json::object());
    if (!message.contains("id")) return on_notification(method, params);
    const json& id = message["id"];
    if (shutdown_)
        return {error_reply(id, kInvalidRequest, "the server is shutting down")};
    try {
        json result = on_request(method, params);
        if (result.is_object() && result.contains("__error"))
            return {error_reply(id, result["__error"], result["message"])};
        return {{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}}};
    } catch (const json::exception& e) {
        return {error_reply(id, kInvalidParams, std::string("bad parameters: ") + e.what())};
    }
}

json Server::on_request(const std::string& method, const json& params) {
    if (method == "initialize")
        return {{"capabilities",
                 {{"textDocumentSync", 1},  // full text on every change
                  {"hoverProvider", true},
                  {"definitionProvider", true},
                  {"completionProvider", {{"triggerCharacters", json::array()}}}}},
                {"serverInfo", {{"name", "edict"}, {"version", "0.1.0"}}}};
    if (method == "shutdown") {
        shutdown_ = true;
        return nullptr;
    }
    if (method == "textDocument/hover") return hover(params);
    if (method == "textDocument/definition") return definition(params);
    if (method == "textDocument/completion") return completion(params);
    return {{"__error", kMethodNotFound}, {"message", "this server does not implement " + method}};
}

std::vector<json> Server::on_notification(const std::string& method, const json& params) {
    try {
        if (method == "exit") {
            exited_ = true;
            return {};
        }
        if (method == "textDocument/didOpen" || method == "textDocument/didChange") {
            const json& td = params.at("textDocument");
            std::string uri = td.at("uri");
            Document& doc = docs_[uri];
            doc.path = uri_to_path(uri);
            if (method == "textDocument/didOpen") doc.text = td.at("text");
            else if (!params.at("contentChanges").empty()) doc.text = params.at("contentChanges").back().at("text");
            compile(doc);
            return {{{"jsonrpc", "2.0"},
                     {"method", "textDocument/publishDiagnostics"},
                     {"params", {{"uri", uri}, {"diagnostics", diagnostics(doc)}}}}};
        }
        if (method == "textDocument/didClose") {
            std::string uri = params.at("textDocument").at("uri");
            docs_.erase(uri);
            return {{{"jsonrpc", "2.0"},
                     {"method", "textDocument/publishDiagnostics"},
                     {"params", {{"uri", uri}, {"diagnostics", json::array()}}}}};
        }
    } catch (const json::exception&) {
        // A notification has no reply; a malformed one is dropped rather than guessed at.
    }
    return {};
}

// Compiles the document's folder: its sibling .edict files from disk, this document (and any other
// open document of the folder) from the editor, imports resolved from the folder.
void Server::compile(Document& doc) {
    std::vector<std::pair<std::string, std::string>> files;
    std::string base;
    fs::path p(doc.path);
    std::error_code ec;
    std::string name = doc.path.empty() ? std::string("untitled.edict") : doc.path;
    if (!doc.path.empty() && fs::is_directory(p.parent_path(), ec)) {
        base = p.parent_path().string();
        std::vector<fs::path> siblings;
        // error_code forms throughout: a symbolic-link loop among the siblings is skipped, not thrown
        // (the compile of the folder from disk reports it, E0003).
        for (fs::directory_iterator it(p.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code file_ec;
            if (it->is_regular_file(file_ec) && it->path().extension() == ".edict" && it->path() != p)
                siblings.push_back(it->path());
        }
        std::sort(siblings.begin(), siblings.end());
        for (const auto& s : siblings) {
            std::string text;
            auto open = std::find_if(docs_.begin(), docs_.end(), [&](const auto& kv) { return kv.second.path == s.string(); });
            if (open != docs_.end()) {
                text = open->second.text;
            } else {
                read_whole_file(s.string(), text);  // just listed from the folder; a failed read leaves it empty
            }
            files.emplace_back(s.string(), std::move(text));
        }
    }
    files.emplace_back(name, doc.text);
    std::sort(files.begin(), files.end());  // the folder's files load in name order, as on disk
    doc.compiled = compile_sources(files, base);
}

json Server::diagnostics(Document& doc) {
    json out = json::array();
    const Compilation& c = *doc.compiled;
    std::string name = doc.path.empty() ? std::string("untitled.edict") : doc.path;
    for (const Diagnostic& d : c.diags.items()) {
        bool here = d.span.file < c.sources.size() && c.sources.file(d.span.file).path() == name;
        json range = here ? range_of(doc.text, d.span)
                          : json{{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}};
        if (!here) {
            // A problem in another file stops this one compiling too: say where, at the top.
            if (d.span.file >= c.sources.size() || d.severity != Severity::Error) continue;
        }
        std::string message = d.message;
        if (!here) message = fmt::format("{}: {}", c.sources.file(d.span.file).path(), d.message);
        if (!d.help.empty()) message += "\nhelp: " + d.help;
        json diag = {{"range", range},
                     {"severity", d.severity == Severity::Error ? 1 : d.severity == Severity::Warning ? 2 : 3},
                     {"code", d.code},
                     {"source", "edict"},
                     {"message", message}};
        json related = json::array();
        for (const Label& l : d.labels)
            if (l.span.file < c.sources.size()) {
                const SourceFile& f = c.sources.file(l.span.file);
                related.push_back({{"location", {{"uri", path_to_uri(f.path())}, {"range", range_of(f.text(), l.span)}}},
                                   {"message", l.message}});
            }
        if (!related.empty()) diag["relatedInformation"] = related;
        out.push_back(std::move(diag));
    }
    return out;
}

Server::Document* Server::document(const json& params) {
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    return it == docs_.end() || !it->second.compiled ? nullptr : &it->second;
}

json Server::hover(const json& params) {
    Document* doc = document(params);
    if (!doc) return nullptr;
    const json& pos = params.at("position");
    std::string word = word_at(doc->text, offset_of(doc->text, pos.at("line"), pos.at("character")));
    if (word.empty()) return nullptr;
    std::string md;
    if (auto f = find_symbol(*doc->compiled, word)) {
        md = hover_text(*doc->compiled, *f);
    } else if (auto k = syntax::keyword_named(word)) {
        md = fmt::format("keyword `{}` · `{}`", k->en, k->zh);
    } else if (auto t = syntax::type_named(word)) {
        md = fmt::format("type `{}` · `{}`", t->en, t->zh);
    } else {
        if (const check::BuiltinInfo* b = check::find_builtin(word))
            md = fmt::format("built-in `{}` — {}", check::builtin_signature(*b), b->doc);
    }
    if (md.empty()) return nullptr;
    return {{"contents", {{"kind", "markdown"}, {"value", md}}}};
}

json Server::definition(const json& params) {
    Document* doc = document(params);
    if (!doc) return nullptr;
    const json& pos = params.at("position");
    std::string word = word_at(doc->text, offset_of(doc->text, pos.at("line"), pos.at("character")));
    auto f = word.empty() ? std::nullopt : find_symbol(*doc->compiled, word);
    if (!f) return nullptr;
    const SourceFile& file = doc->compiled->sources.file(f->span.file);
    return {{"uri", path_to_uri(file.path())}, {"range", range_of(file.text(), f->span)}};
}

json Server::completion(const json& params) {
    Document* doc = document(params);
    json items = json::array();
    // LSP CompletionItemKind: 3 Function, 5 Field, 6 Variable, 7 Class, 13 Enum, 14 Keyword, 20 EnumMember, 21 Constant
    auto add = [&](const std::string& label, int kind, const std::string& detail) {
        items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
    };
    if (doc) {
        const Compilation& c = *doc->compiled;
        for (const auto& m : c.checked.modules)
            for (const auto& d : m.ast.decls) {
                if (!names_something(d.kind) || d.kind == ast::DeclKind::Exception) continue;
                std::string t = type_text(c, m, d.type);
                int kind = d.kind == ast::DeclKind::Function ? 3
                           : d.kind == ast::DeclKind::Param  ? 21
                           : d.kind == ast::DeclKind::Enum   ? 13
                           : d.kind == ast::DeclKind::Record ? 7
                                                             : 6;
                add(d.name, kind, t.empty() ? kind_word(d.kind) : fmt::format("{}: {}", kind_word(d.kind), t));
                if (d.kind == ast::DeclKind::Enum)
                    for (const auto& item : d.items) add(item, 20, "case of " + d.name);
            }
    }
    for (const check::BuiltinInfo& b : check::all_builtins()) add(std::string(b.name), 3, check::builtin_signature(b));
    for (const auto& k : syntax::kKeywords) {
        add(std::string(k.en), 14, std::string(k.zh));
        add(std::string(k.zh), 14, std::string(k.en));
    }
    for (const auto& t : syntax::kTypeNames) {
        add(std::string(t.en), 7, std::string(t.zh));
        add(std::string(t.zh), 7, std::string(t.en));
    }
    // The same name may be declared in two modules (an override); offer it once.
    json unique = json::array();
    std::vector<std::string> seen;
    for (auto& it : items) {
        std::string l = it["label"];
        if (std::find(seen.begin(), seen.end(), l) != seen.end()) continue;
        seen.push_back(l);
        unique.push_back(it);
    }
    return {{"isIncomplete", false}, {"items", unique}};
}

}  // namespace edict::lsp
