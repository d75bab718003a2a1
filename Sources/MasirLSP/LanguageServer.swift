import Foundation
import Masir

/// A language server for Masir rulebooks over the library's own front end and checker: the
/// messages it handles are the protocol's (LSP 3.17), the answers come from `Parser`,
/// `RulebookSource.check()`, `Formatter` and the checked model.
///
/// Handling is synchronous and single-threaded: `handle` takes one decoded message and queues
/// what to send in `outgoing`; checking is deferred to `publishPendingDiagnostics`, which the
/// loop calls once no more input is waiting, so a burst of edits is checked once.
package final class LanguageServer {
    package internal(set) var outgoing: [[String: Any]] = []
    var documents: [String: TextDocument] = [:]
    var analyses: [String: Analysis] = [:]
    var models: [String: Rulebook] = [:]
    var entityIndex: [String: [String: [Entity]]] = [:]
    var pending: Set<String> = []
    /// Documents whose last check stopped at the edit-time deadline, to check in full when idle.
    var incomplete: Set<String> = []
    /// The last run of each document's tests, for its code lenses.
    var testRuns: [String: TestRun] = [:]
    /// Documents whose lenses were answered with the counts of an earlier text: their tests run
    /// again once the editor is quiet, rather than on every keystroke.
    var testsOwed: Set<String> = []
    /// Whether the client takes `workspace/codeLens/refresh`, to fetch lenses whose counts changed.
    var clientRefreshesLenses = false
    private var refreshes = 0
    /// Parsed files by path and text, kept across checks: an edit re-parses only its own file.
    let parseCache = ParseCache()
    /// How long the pairwise analyses may take in the check after an edit.
    var editCheckTime = Duration.milliseconds(40)
    var root: String?
    private var shutdownRequested = false
    package private(set) var exitCode: Int32?

    package init() {}

    /// The findings of the last check of a document, with the sources they point into.
    struct Analysis {
        var diagnostics: [Diagnostic]
        var sources: [String: SourceFile]
    }

    package func takeOutgoing() -> [[String: Any]] {
        defer { outgoing.removeAll() }
        return outgoing
    }

    // MARK: - The loop

    /// Serves the client on standard input and output until it says `exit` or goes away.
    package func run(transport: inout Transport) -> Int32 {
        while exitCode == nil {
            if !pending.isEmpty, !transport.hasBufferedMessage,
                !transport.inputPending(within: Self.settleMilliseconds)
            {
                publishPendingDiagnostics()
                send(&transport)
                continue
            }
            if pending.isEmpty, !incomplete.isEmpty, !transport.hasBufferedMessage,
                !transport.inputPending(within: Self.idleMilliseconds)
            {
                let input = transport.inputDescriptor
                publishCompleteDiagnostics(interrupted: {
                    var poller = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                    return poll(&poller, 1, 0) > 0
                })
                send(&transport)
                continue
            }
            if pending.isEmpty, incomplete.isEmpty, !testsOwed.isEmpty,
                !transport.hasBufferedMessage,
                !transport.inputPending(within: Self.idleMilliseconds)
            {
                runOwedTests()
                send(&transport)
                continue
            }
            let body: Data
            do {
                body = try transport.read()
            } catch .endOfInput {
                return shutdownRequested ? 0 : 1
            } catch {
                return 1
            }
            guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            else {
                outgoing.append(
                    Self.error(id: NSNull(), code: -32700, "the message is not a JSON object"))
                send(&transport)
                continue
            }
            handle(message)
            send(&transport)
        }
        return exitCode ?? 0
    }

    /// How long input must stay quiet before documents changed meanwhile are checked.
    static let settleMilliseconds: Int32 = 8
    /// How long input must stay quiet before a cut-short check is run in full.
    static let idleMilliseconds: Int32 = 400

    private func send(_ transport: inout Transport) {
        for message in takeOutgoing() { transport.write(message) }
    }

    // MARK: - Dispatch

    package func handle(_ message: [String: Any]) {
        let method = message["method"] as? String ?? ""
        let params = message["params"] as? [String: Any] ?? [:]
        // The client's answer to a request of ours (a lens refresh) needs nothing further.
        if message["method"] == nil, message["result"] != nil || message["error"] != nil {
            return
        }
        guard let id = message["id"] else {
            notification(method, params)
            return
        }
        if shutdownRequested, method != "exit" {
            outgoing.append(Self.error(id: id, code: -32600, "the server is shutting down"))
            return
        }
        let result: Any?
        switch method {
        case "initialize": result = initialize(params)
        case "shutdown":
            shutdownRequested = true
            result = nil
        case "textDocument/hover": result = hover(params)
        case "textDocument/definition": result = definition(params)
        case "textDocument/references": result = references(params)
        case "textDocument/rename": result = rename(params)
        case "textDocument/prepareRename": result = prepareRename(params)
        case "textDocument/completion": result = completion(params)
        case "textDocument/formatting": result = formatting(params)
        case "textDocument/rangeFormatting": result = rangeFormatting(params)
        case "textDocument/codeLens": result = codeLenses(params)
        case "workspace/executeCommand": result = executeCommand(params)
        case "textDocument/documentSymbol": result = documentSymbols(params)
        case "textDocument/codeAction": result = codeActions(params)
        case "workspace/symbol": result = workspaceSymbols(params)
        case "textDocument/semanticTokens/full": result = semanticTokens(params)
        default:
            outgoing.append(Self.error(id: id, code: -32601, "unknown method `\(method)`"))
            return
        }
        outgoing.append(["jsonrpc": "2.0", "id": id, "result": result ?? NSNull()])
    }

    private func notification(_ method: String, _ params: [String: Any]) {
        switch method {
        case "exit": exitCode = shutdownRequested ? 0 : 1
        case "textDocument/didOpen":
            guard let item = params["textDocument"] as? [String: Any],
                let uri = item["uri"] as? String, let text = item["text"] as? String
            else { return }
            documents[uri] = TextDocument(
                uri: uri, version: item["version"] as? Int ?? 0, text: text)
            pending.insert(uri)
        case "textDocument/didChange":
            guard let item = params["textDocument"] as? [String: Any],
                let uri = item["uri"] as? String, var document = documents[uri],
                let changes = params["contentChanges"] as? [[String: Any]]
            else { return }
            var text = document.text
            for change in changes {
                guard let new = change["text"] as? String else { continue }
                if let range = change["range"] as? [String: Any] {
                    text = Self.apply(new, at: range, to: text)
                } else {
                    text = new
                }
            }
            document = TextDocument(
                uri: uri, version: item["version"] as? Int ?? document.version, text: text)
            documents[uri] = document
            pending.insert(uri)
        case "textDocument/didSave":
            // A saved parent changes what every open document is checked against.
            pending.formUnion(documents.keys)
        case "textDocument/didClose":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else {
                return
            }
            documents[uri] = nil
            analyses[uri] = nil
            models[uri] = nil
            entityIndex[uri] = nil
            testRuns[uri] = nil
            testsOwed.remove(uri)
            pending.remove(uri)
            publish(uri: uri, [])
        default: break
        }
    }

    /// Applies an incremental change (a range in protocol positions) to `text`.
    static func apply(_ new: String, at range: [String: Any], to text: String) -> String {
        let source = SourceFile(name: "", text: text)
        func offset(_ key: String) -> Int {
            let position = range[key] as? [String: Any] ?? [:]
            return TextDocument.offset(
                in: source, line: position["line"] as? Int ?? 0,
                character: position["character"] as? Int ?? 0)
        }
        let lower = offset("start"), upper = max(lower, offset("end"))
        var bytes = source.bytes
        bytes.replaceSubrange(lower..<upper, with: Array(new.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    private func initialize(_ params: [String: Any]) -> Any {
        if let folders = params["workspaceFolders"] as? [[String: Any]],
            let uri = folders.first?["uri"] as? String
        {
            root = TextDocument.path(of: uri)
        } else if let uri = params["rootUri"] as? String {
            root = TextDocument.path(of: uri)
        } else if let path = params["rootPath"] as? String {
            root = path
        }
        let workspace = (params["capabilities"] as? [String: Any])?["workspace"] as? [String: Any]
        clientRefreshesLenses =
            (workspace?["codeLens"] as? [String: Any])?["refreshSupport"] as? Bool ?? false
        return [
            "capabilities": [
                "positionEncoding": "utf-16",
                "textDocumentSync": ["openClose": true, "change": 2, "save": true],
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "renameProvider": ["prepareProvider": true],
                "completionProvider": ["triggerCharacters": [" ", "."]],
                "documentFormattingProvider": true,
                "documentRangeFormattingProvider": true,
                "codeLensProvider": ["resolveProvider": false],
                "executeCommandProvider": ["commands": [Self.runTestsCommand]],
                "documentSymbolProvider": true,
                "workspaceSymbolProvider": true,
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
                "semanticTokensProvider": [
                    "legend": [
                        "tokenTypes": Self.semanticTokenTypes, "tokenModifiers": [String](),
                    ],
                    "full": true,
                ] as [String: Any],
            ] as [String: Any],
            "serverInfo": ["name": "masir"],
        ]
    }

    /// Runs the tests of documents whose lenses showed older counts, and asks the client to
    /// fetch the lenses again.
    package func runOwedTests() {
        for uri in testsOwed.sorted() {
            if let document = documents[uri] { _ = testRun(for: document) }
        }
        testsOwed.removeAll()
        guard clientRefreshesLenses else { return }
        refreshes += 1
        outgoing.append([
            "jsonrpc": "2.0", "id": "masir-lens-refresh-\(refreshes)",
            "method": "workspace/codeLens/refresh",
        ])
    }

    static func error(id: Any, code: Int, _ message: String) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]]
    }
}
