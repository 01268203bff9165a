// The Edict language server. Takes: decoded JSON-RPC messages from an editor (initialize,
// textDocument/didOpen|didChange|didClose, hover, definition, references, prepareRename, rename,
// documentSymbol, formatting, completion, shutdown, exit).
// Produces: the replies and notifications to send back — publishDiagnostics after every change,
// computed by compiling the document's whole policy folder with the editor's unsaved text in place
// of the file on disk, so a rule that uses a name from a sibling file is not flagged.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/driver/compile.hpp"
#include "tooling/lsp/symbols.hpp"

namespace edict::lsp {

using nlohmann::json;

// A request the server refuses: answered with a JSON-RPC error of this code.
struct RequestError : std::runtime_error {
    RequestError(int c, const std::string& message) : std::runtime_error(message), code(c) {}
    int code;
};

class Server {
public:
    // Replies and notifications for one incoming message, in order.
    std::vector<json> handle(const json& message);
    bool exited() const { return exited_; }
    // LSP: exit code 0 after shutdown, 1 if the client exits without asking for shutdown first.
    int exit_code() const { return shutdown_ ? 0 : 1; }

private:
    struct Document {
        std::string path;  // file-system path, from the file:// URI
        std::string text;
        std::unique_ptr<Compilation> compiled;  // the latest compilation of its folder
    };

    json on_request(const std::string& method, const json& params);
    std::vector<json> on_notification(const std::string& method, const json& params);
    json diagnostics(Document& doc);
    void compile(Document& doc);
    Document* document(const json& params);
    json hover(const json& params);
    json definition(const json& params);
    json completion(const json& params);
    json references(const json& params);
    json prepare_rename(const json& params);
    json rename(const json& params);
    json document_symbols(const json& params);
    json formatting(const json& params);
    Symbol renamable_at(Document& doc, size_t at);
    static std::string doc_name(const Document& doc);
    static size_t position_offset(const Document& doc, const json& params);
    static std::optional<Symbol> symbol_here(const Document& doc, size_t at);

    std::map<std::string, Document> docs_;  // by URI
    bool shutdown_ = false;
    bool exited_ = false;
};

// file:///a/b%20c.edict → /a/b c.edict (empty when the URI is not a file URI).
std::string uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);

// Byte offset ↔ LSP position (0-based line, UTF-16 code units).
size_t offset_of(const std::string& text, int line, int character);
json position_of(const std::string& text, size_t offset);

}  // namespace edict::lsp
