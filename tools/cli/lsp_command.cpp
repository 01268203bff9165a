// `edict lsp`: the Edict language server over stdio (tooling/lsp). Reads Content-Length framed
// JSON-RPC messages from stdin, writes replies and diagnostics to stdout, logs nothing to stdout
// (it is the protocol channel). Ends on `exit`, or when the editor closes the stream.
#include <iostream>

#include "tools/cli/commands.hpp"
#include "tooling/lsp/server.hpp"
#include "tooling/lsp/transport.hpp"
#include "tools/cli/output.hpp"
#include "tools/cli/registry.hpp"

namespace edict::cli {

namespace {

int run_lsp() {
    std::ios::sync_with_stdio(false);
    check_stdout_writes();  // sync_with_stdio replaced std::cout's buffer: replies are checked too
    lsp::Server server;
    std::string body, error;
    for (;;) {
        lsp::ReadStatus st = lsp::read_message(std::cin, body, error);
        if (st == lsp::ReadStatus::End) return server.exit_code();
        if (st == lsp::ReadStatus::Malformed) {
            std::cerr << "edict lsp: " << error << "; stopping\n";
            return kFailed;
        }
        nlohmann::json message = nlohmann::json::parse(body, nullptr, false);
        if (message.is_discarded()) {
            lsp::write_message(std::cout, {{"jsonrpc", "2.0"},
                                           {"id", nullptr},
                                           {"error", {{"code", -32700}, {"message", "the message is not valid JSON"}}}});
            continue;
        }
        for (const auto& reply : server.handle(message)) lsp::write_message(std::cout, reply);
        if (server.exited()) return server.exit_code();
    }
}

Runner setup_lsp(CLI::App& app) {
    auto* c = app.add_subcommand("lsp", "Language server for editors (LSP over stdin/stdout)");
    c->footer("Diagnostics as you type, hover (type, documentation, citation), go to definition, completion.");
    return [] { return run_lsp(); };
}

const CommandRegistration lsp_registration(85, setup_lsp);

}  // namespace

}  // namespace edict::cli
