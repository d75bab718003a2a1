// Starts `masir lsp` for .masir files; everything else comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("masir").get("path") || "masir";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "masir",
    "Masir",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "masir" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
