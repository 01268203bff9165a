// VS Code entry point: starts `edict lsp` (the path is the `edict.path` setting) for .edict files.
// The server does the work (tooling/lsp); this file only connects the editor to it over stdio.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("edict").get("path") || "edict";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "edict",
    "Edict",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "edict" }, { scheme: "untitled", language: "edict" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
