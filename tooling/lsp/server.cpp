// The language server's message handling (see server.hpp). Each change recompiles the policy
// folder of the document (a policy is small: the Fujian folder with its imports compiles in a few
// milliseconds), so diagnostics, hover and definition always see the text as typed.
#include "tooling/lsp/server.hpp"
#include "runtime/support/files.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/check/builtins.hpp"
#include "tooling/format/format.hpp"
#include "tooling/format/tokens.hpp"
#include "tooling/lsp/symbols.hpp"
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

// The declaration a resolved symbol hover describes: the first one (an override's comes later).
std::optional<Found> declaration_of(const Compilation& c, const Symbol& sym) {
    for (const Occurrence& o : occurrences(c, sym)) {
        if (!o.declaration) continue;
        for (const auto& m : c.checked.modules)
            for (const auto& d : m.ast.decls) {
                if (d.kind == ast::DeclKind::Enum && sym.kind == SymbolKind::EnumCase)
                    for (size_t i = 0; i < d.item_spans.size(); ++i)
                        if (d.item_spans[i].file == o.span.file && d.item_spans[i].begin == o.span.begin)
                            return Found{&m, &d, o.span, d.name};
                if (d.name_span.file == o.span.file && d.name_span.begin == o.span.begin) return Found{&m, &d, o.span, ""};
            }
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

json location_of(const Compilation& c, Span s) {
    const SourceFile& f = c.sources.file(s.file);
    return {{"uri", path_to_uri(f.path())}, {"range", range_of(f.text(), s)}};
}

// LSP CompletionItemKind and SymbolKind values (the protocol's numbers, named).
namespace completion_kind {
constexpr int kFunction = 3, kVariable = 6, kClass = 7, kEnum = 13, kKeyword = 14, kEnumMember = 20, kConstant = 21;
}
namespace symbol_kind {
constexpr int kClass = 5, kFunction = 12, kVariable = 13, kConstant = 14, kEnum = 10, kEnumMember = 22, kEvent = 24,
              kStruct = 23, kModule = 2, kInterface = 11;
}

int symbol_kind_of(ast::DeclKind k) {
    using K = ast::DeclKind;
    switch (k) {
        case K::Input: return symbol_kind::kVariable;
        case K::Param: case K::Override: return symbol_kind::kConstant;
        case K::Rule: return symbol_kind::kFunction;
        case K::Exception: return symbol_kind::kEvent;
        case K::Function: return symbol_kind::kFunction;
        case K::Table: return symbol_kind::kStruct;
        case K::Calendar: case K::CalendarAmend: return symbol_kind::kClass;
        case K::Enum: return symbol_kind::kEnum;
        case K::Record: return symbol_kind::kStruct;
        case K::Notice: return symbol_kind::kModule;
        default: return symbol_kind::kInterface;
    }
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
    // Imports resolve to paths relative to the server's working folder (VS Code starts it in the
    // workspace root): a URI must name the file absolutely.
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    std::string full = ec ? path : abs.lexically_normal().string();
    std::string out = "file://";
    for (unsigned char c : full) {
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
        return {{{"jsonrpc", "2.0"}, {"id", id}, {"result", on_request(method, params)}}};
    } catch (const RequestError& e) {
        return {error_reply(id, e.code, e.what())};
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
                  {"referencesProvider", true},
                  {"renameProvider", {{"prepareProvider", true}}},
                  {"documentSymbolProvider", true},
                  {"documentFormattingProvider", true},
                  {"completionProvider", {{"triggerCharacters", json::array()}}}}},
                {"serverInfo", {{"name", "edict"}, {"version", "0.1.0"}}}};
    if (method == "shutdown") {
        shutdown_ = true;
        return nullptr;
    }
    if (method == "textDocument/hover") return hover(params);
    if (method == "textDocument/definition") return definition(params);
    if (method == "textDocument/completion") return completion(params);
    if (method == "textDocument/references") return references(params);
    if (method == "textDocument/prepareRename") return prepare_rename(params);
    if (method == "textDocument/rename") return rename(params);
    if (method == "textDocument/documentSymbol") return document_symbols(params);
    if (method == "textDocument/formatting") return formatting(params);
    throw RequestError(kMethodNotFound, "this server does not implement " + method);
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
    size_t at = offset_of(doc->text, pos.at("line"), pos.at("character"));
    std::string word = word_at(doc->text, at);
    if (word.empty()) return nullptr;
    std::string md;
    auto sym = symbol_here(*doc, at);
    if (sym && sym->kind == SymbolKind::Local) {
        md = fmt::format("**local name** `{}`", sym->name);
        if (sym->index < doc->compiled->checked.local_types.size())
            md += fmt::format(": `{}`", doc->compiled->checked.types.name(doc->compiled->checked.local_types[sym->index]));
    } else if (auto f = sym ? declaration_of(*doc->compiled, *sym) : std::nullopt) {
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
    auto sym = symbol_here(*doc, position_offset(*doc, params));
    if (!sym) return nullptr;
    json out = json::array();
    for (const Occurrence& o : occurrences(*doc->compiled, *sym))
        if (o.declaration) out.push_back(location_of(*doc->compiled, o.span));
    if (out.empty()) return nullptr;
    return out.size() == 1 ? out[0] : out;
}

json Server::references(const json& params) {
    Document* doc = document(params);
    if (!doc) return nullptr;
    auto sym = symbol_here(*doc, position_offset(*doc, params));
    if (!sym) return nullptr;
    bool with_declarations = params.contains("context") && params["context"].value("includeDeclaration", false);
    json out = json::array();
    for (const Occurrence& o : occurrences(*doc->compiled, *sym))
        if (with_declarations || !o.declaration) out.push_back(location_of(*doc->compiled, o.span));
    return out;
}

// What rename may change: a symbol declared in the policy's files (not a built-in or keyword); not
// a local name, whose binder is not recorded (a rename that missed it would break the rule); not a
// name the world outside the rule files uses (outputs, inputs, enum cases).
Symbol Server::renamable_at(Document& doc, size_t at) {
    auto sym = symbol_here(doc, at);
    if (!sym) throw RequestError(kInvalidRequest, "there is no name here that can be renamed");
    if (sym->kind == SymbolKind::Local)
        throw RequestError(kInvalidRequest, fmt::format("`{}` is a local name: rename it by hand", sym->name));
    // Names outside the rule files depend on these: case files, hosts' requests, test cases.
    const check::CheckedProgram& P = doc.compiled->checked;
    if (sym->kind == SymbolKind::Rule && std::find(P.outputs.begin(), P.outputs.end(), sym->index) != P.outputs.end())
        throw RequestError(kInvalidRequest, fmt::format("`{}` is an output: cases and hosts ask for it by name, so rename it "
                                                        "by hand together with them", sym->name));
    if (sym->kind == SymbolKind::Input || sym->kind == SymbolKind::EnumCase)
        throw RequestError(kInvalidRequest, fmt::format("`{}` is {}: case files name it, so rename it by hand together with "
                                                        "them", sym->name, sym->kind == SymbolKind::Input ? "an input" : "an enum case"));
    if (doc.compiled->diags.has_errors())
        throw RequestError(kInvalidRequest, "the policy has errors: fix them before renaming, so that every use is found");
    return *sym;
}

json Server::prepare_rename(const json& params) {
    Document* doc = document(params);
    if (!doc) return nullptr;
    size_t at = position_offset(*doc, params);
    Symbol sym = renamable_at(*doc, at);
    for (const Occurrence& o : occurrences(*doc->compiled, sym))
        if (doc->compiled->sources.file(o.span.file).path() == doc_name(*doc) && o.span.begin <= at && at <= o.span.end)
            return {{"range", range_of(doc->text, o.span)}, {"placeholder", sym.name}};
    return nullptr;
}

json Server::rename(const json& params) {
    Document* doc = document(params);
    if (!doc) return nullptr;
    Symbol sym = renamable_at(*doc, position_offset(*doc, params));
    std::string to = params.at("newName");
    // The new name must lex as one name, and not be a keyword, a type or a built-in.
    format::LexResult lexed = format::lex(to);
    if (!lexed.error.empty() || lexed.tokens.size() != 1 || lexed.tokens[0].kind != format::TokenKind::Word ||
        lexed.tokens[0].text != to || syntax::keyword_named(to) || syntax::type_named(to) || check::find_builtin(to))
        throw RequestError(kInvalidParams, fmt::format("`{}` is not a name a {} can have", to, kind_name(sym.kind)));
    const Compilation& c = *doc->compiled;
    for (const auto& m : c.checked.modules)
        for (const auto& d : m.ast.decls)
            if (d.name == to && d.kind != ast::DeclKind::Notice && d.kind != ast::DeclKind::Test)
                throw RequestError(kInvalidParams, fmt::format("`{}` is already declared in {}", to, c.sources.file(d.name_span.file).path()));
    json changes = json::object();
    for (const Occurrence& o : occurrences(c, sym)) {
        const SourceFile& f = c.sources.file(o.span.file);
        changes[path_to_uri(f.path())].push_back({{"range", range_of(f.text(), o.span)}, {"newText", to}});
    }
    return {{"changes", changes}};
}

json Server::document_symbols(const json& params) {
    Document* doc = document(params);
    json out = json::array();
    if (!doc) return out;
    const Compilation& c = *doc->compiled;
    for (const auto& m : c.checked.modules) {
        if (m.ast.file >= c.sources.size() || c.sources.file(m.ast.file).path() != doc_name(*doc)) continue;
        for (const auto& d : m.ast.decls) {
            if (d.name.empty() || d.kind == ast::DeclKind::Import || d.kind == ast::DeclKind::Output) continue;
            json sym = {{"name", d.name},
                        {"detail", kind_word(d.kind)},
                        {"kind", symbol_kind_of(d.kind)},
                        {"range", range_of(doc->text, d.span)},
                        {"selectionRange", range_of(doc->text, d.name_span)}};
            if (d.kind == ast::DeclKind::Enum) {
                json children = json::array();
                for (size_t i = 0; i < d.items.size() && i < d.item_spans.size(); ++i)
                    children.push_back({{"name", d.items[i]}, {"kind", symbol_kind::kEnumMember},
                                        {"range", range_of(doc->text, d.item_spans[i])},
                                        {"selectionRange", range_of(doc->text, d.item_spans[i])}});
                sym["children"] = children;
            }
            out.push_back(std::move(sym));
        }
    }
    return out;
}

// Formatting is `edict fmt`'s layout; a file that does not parse is not guessed at.
json Server::formatting(const json& params) {
    Document* doc = document(params);
    if (!doc) return nullptr;
    format::FormatResult r = format::format_source(doc->text);
    if (!r.ok()) {
        json pos = position_of(doc->text, r.error_offset);
        throw RequestError(kInvalidRequest, fmt::format("not formatted: {} (line {}, column {})", r.error,
                                                        pos["line"].get<int>() + 1, pos["character"].get<int>() + 1));
    }
    if (r.text == doc->text) return json::array();
    return json::array({{{"range", range_of(doc->text, Span{0, 0, static_cast<uint32_t>(doc->text.size())})}, {"newText", r.text}}});
}

std::string Server::doc_name(const Document& doc) { return doc.path.empty() ? std::string("untitled.edict") : doc.path; }

size_t Server::position_offset(const Document& doc, const json& params) {
    const json& pos = params.at("position");
    return offset_of(doc.text, pos.at("line"), pos.at("character"));
}

std::optional<Symbol> Server::symbol_here(const Document& doc, size_t at) {
    const Compilation& c = *doc.compiled;
    for (uint32_t f = 0; f < c.sources.size(); ++f)
        if (c.sources.file(f).path() == doc_name(doc)) return symbol_at(c, f, static_cast<uint32_t>(at));
    return std::nullopt;
}

json Server::completion(const json& params) {
    Document* doc = document(params);
    json items = json::array();
    using namespace completion_kind;
    auto add = [&](const std::string& label, int kind, const std::string& detail) {
        items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
    };
    if (doc) {
        const Compilation& c = *doc->compiled;
        for (const auto& m : c.checked.modules)
            for (const auto& d : m.ast.decls) {
                if (!names_something(d.kind) || d.kind == ast::DeclKind::Exception) continue;
                std::string t = type_text(c, m, d.type);
                int kind = d.kind == ast::DeclKind::Function ? kFunction
                           : d.kind == ast::DeclKind::Param  ? kConstant
                           : d.kind == ast::DeclKind::Enum   ? kEnum
                           : d.kind == ast::DeclKind::Record ? kClass
                                                             : kVariable;
                add(d.name, kind, t.empty() ? kind_word(d.kind) : fmt::format("{}: {}", kind_word(d.kind), t));
                if (d.kind == ast::DeclKind::Enum)
                    for (const auto& item : d.items) add(item, kEnumMember, "case of " + d.name);
            }
    }
    for (const check::BuiltinInfo& b : check::all_builtins()) add(std::string(b.name), kFunction, check::builtin_signature(b));
    for (const auto& k : syntax::kKeywords) {
        add(std::string(k.en), kKeyword, std::string(k.zh));
        add(std::string(k.zh), kKeyword, std::string(k.en));
    }
    for (const auto& t : syntax::kTypeNames) {
        add(std::string(t.en), kClass, std::string(t.zh));
        add(std::string(t.zh), kClass, std::string(t.en));
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
