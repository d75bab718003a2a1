import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirLSP

@Suite struct LanguageServerTests {
    static let hamedan = Repository.url("rules/provinces/hamedan/rulebook.masir")

    /// A server that has opened the Hamedan rulebook with `text`, and the messages it sent.
    static func opened(_ text: String? = nil) throws -> (LanguageServer, String, [[String: Any]]) {
        let server = LanguageServer()
        server.handle([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["rootUri": Repository.url("rules").absoluteString],
        ])
        let uri = TextDocument.uri(of: hamedan.path)
        let content = try text ?? String(contentsOf: hamedan, encoding: .utf8)
        server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "version": 1, "text": content]],
        ])
        server.publishPendingDiagnostics()
        return (server, uri, server.takeOutgoing())
    }

    static func diagnostics(_ messages: [[String: Any]]) -> [[String: Any]] {
        messages.compactMap {
            ($0["method"] as? String) == "textDocument/publishDiagnostics"
                ? ($0["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] : nil
        }.flatMap { $0 }
    }

    @Test func positionsAreUTF16UnitsBothWays() {
        let text = "# می‌خواهم 😀 كي\nrule x\n"
        let source = SourceFile(name: "t", text: text)
        let first = String(text.split(separator: "\n")[0])
        // The end of the first line, in UTF-16 units, is its end in UTF-8 bytes.
        #expect(
            TextDocument.offset(in: source, line: 0, character: first.utf16.count)
                == first.utf8.count)
        let x = text.utf8.count - 2
        #expect(
            TextDocument.position(in: source, offset: x) as [String: Int] == [
                "line": 1, "character": 5,
            ])
        let emoji = text.utf8.firstIndex(of: 0xF0)!
        let at = text.utf8.distance(from: text.utf8.startIndex, to: emoji)
        let position = TextDocument.position(in: source, offset: at + 4)
        #expect(position["character"] == "# می‌خواهم 😀".utf16.count)
        #expect(
            TextDocument.offset(in: source, line: 0, character: position["character"]!) == at + 4)
    }

    @Test func incrementalChangesApplyAtUTF16Positions() {
        let text = "a «😀» b\nc"
        let range: [String: Any] = [
            "start": ["line": 0, "character": 7], "end": ["line": 0, "character": 8],
        ]
        #expect(LanguageServer.apply("d", at: range, to: text) == "a «😀» d\nc")
    }

    @Test func theShippedRulebookOpensWithoutErrors() throws {
        let (_, _, sent) = try Self.opened()
        #expect(!Self.diagnostics(sent).contains { $0["severity"] as? Int == 1 })
        #expect(sent.contains { ($0["method"] as? String) == "textDocument/publishDiagnostics" })
    }

    @Test func anErrorIsPublishedAtItsTokenWithItsCodeAndFix() throws {
        var text = try String(contentsOf: Self.hamedan, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "copy deputy_economic, inspection", with: "copy deputy_economic، inspection")
        let (server, uri, sent) = try Self.opened(text)
        let found = Self.diagnostics(sent).first { $0["code"] as? String == "syntax.persian-comma" }
        let range = try #require(found?["range"] as? [String: Any])
        server.handle([
            "jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
            "params": [
                "textDocument": ["uri": uri], "range": range, "context": ["diagnostics": []],
            ],
        ])
        let reply = server.takeOutgoing()
        let actions = try #require(reply.first?["result"] as? [[String: Any]])
        let edit = try #require(
            ((actions.first?["edit"] as? [String: Any])?["changes"] as? [String: Any])?[uri]
                as? [[String: Any]])
        #expect(edit.first?["newText"] as? String == ",")
    }

    @Test func hostileMessagesGetErrorsNotCrashes() throws {
        let (server, _, _) = try Self.opened()
        server.handle(["jsonrpc": "2.0", "id": 3, "method": "no/such"])
        server.handle([
            "jsonrpc": "2.0", "id": 4, "method": "textDocument/hover",
            "params": ["textDocument": ["uri": "file:///nowhere"], "position": ["line": -5]],
        ])
        server.handle(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": 7])
        server.handle([
            "jsonrpc": "2.0", "id": 5, "method": "textDocument/definition",
            "params": ["position": ["line": 1e9, "character": "x"]],
        ])
        let replies = server.takeOutgoing()
        #expect((replies[0]["error"] as? [String: Any])?["code"] as? Int == -32601)
        #expect(replies.count == 3)
    }

    @Test func framingRefusesMalformedHeadersAndWaitsForWholeBodies() throws {
        let whole = Array("Content-Length: 2\r\n\r\n{}".utf8)
        #expect(Transport.frame(in: whole)! == (21, 2))
        #expect(Transport.frame(in: Array(whole.dropLast())) == nil)
        #expect(throws: Transport.Failure.self) {
            try Transport.checkedFrame(in: Array("Content-Length: x\r\n\r\n".utf8))
        }
        #expect(throws: Transport.Failure.self) {
            try Transport.checkedFrame(in: Array("Content-Length: 99999999999\r\n\r\n".utf8))
        }
    }

    @Test func aClientThatGoesAwayEndsTheServer() throws {
        let masir = try MasirExecutable.require()
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#
        let input = "Content-Length: \(initialize.utf8.count)\r\n\r\n\(initialize)"
        let result = try Command.run(masir, ["lsp"], input: input)
        #expect(result.status == 1)
        #expect(result.output.contains(#""capabilities""#))
    }

    /// The end-to-end session of Tests/LSP/test_lsp.py: pytest-lsp, a real LSP client, drives
    /// `masir lsp` over stdio (scripts/setup.sh installs it).
    @Test func aRealClientDrivesEveryFeature() throws {
        let python = Repository.url(".venv/bin/python").path
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "the Python environment is missing: run scripts/setup.sh")
        let masir = try MasirExecutable.require()
        let result = try Command.run(
            URL(fileURLWithPath: python),
            ["-m", "pytest", "-q", "-p", "no:cacheprovider", "Tests/LSP"],
            environment: ["MASIR_BINARY": masir.path])
        #expect(result.status == 0, "\(result.output)\n\(result.errors)")
        #expect(result.output.contains("passed"))
    }

    /// A second client: Neovim's own, headless (Tests/LSP/neovim_client.lua) gets the
    /// diagnostic of a Persian comma typed into a province rulebook, and a definition jump from
    /// a field the province uses into the national rulebook that declares it.
    @Test func neovimGetsDiagnosticsAndADefinition() throws {
        let nvim = try #require(
            ["/usr/bin/nvim", "/usr/local/bin/nvim"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }, "Neovim is missing: run scripts/setup.sh")
        let masir = try MasirExecutable.require()
        let folder = try Temporary.folder("lsp-neovim")
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: Repository.url("rules"), to: rules)
        let out = folder.appendingPathComponent("out.json")
        let result = try Command.run(
            URL(fileURLWithPath: nvim),
            ["--headless", "--clean", "-u", "NONE", "-c", "luafile Tests/LSP/neovim_client.lua"],
            environment: [
                "MASIR_BINARY": masir.path, "MASIR_ROOT": rules.path,
                "MASIR_FILE": rules.appendingPathComponent("provinces/hamedan/rulebook.masir").path,
                "MASIR_OUT": out.path,
            ])
        let data = try Data(contentsOf: out)
        let answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let diagnostics = answer["diagnostics"] as? [[String: Any]] ?? []
        #expect(
            diagnostics.contains { $0["code"] as? String == "syntax.persian-comma" },
            "\(answer) \(result.errors)")
        let definitions = answer["definitions"] as? [[String: Any]] ?? []
        #expect(
            definitions.contains {
                ($0["uri"] as? String)?.hasSuffix("national/rulebook.masir") == true
            },
            "\(answer)")
    }

    /// The editor package starts `masir lsp` and carries the grammar as the repository has it.
    @Test func theEditorPackageIsInStepWithTheGrammar() throws {
        let vscode = Repository.url("editors/vscode")
        let grammar = try Data(contentsOf: Repository.url("grammar/masir.tmLanguage.json"))
        #expect(
            try Data(contentsOf: vscode.appendingPathComponent("syntaxes/masir.tmLanguage.json"))
                == grammar, "run `npm run grammar` in editors/vscode (or copy the grammar)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: vscode.appendingPathComponent("package.json")))
                as? [String: Any])
        #expect(manifest["main"] as? String == "./extension.js")
        let client = try String(
            contentsOf: vscode.appendingPathComponent("extension.js"), encoding: .utf8)
        #expect(client.contains(#"args: ["lsp"]"#))
    }

    /// Semantic tokens classify names by what the model says they are: an agency after
    /// `refer to`, a keyword, a field segment after a dot.
    @Test func semanticTokensClassifyNamesByTheModel() throws {
        let (server, uri, _) = try Self.opened()
        server.handle([
            "jsonrpc": "2.0", "id": 9, "method": "textDocument/semanticTokens/full",
            "params": ["textDocument": ["uri": uri]],
        ])
        let data = try #require(
            (server.takeOutgoing().first?["result"] as? [String: Any])?["data"] as? [Int])
        #expect(data.count % 5 == 0 && data.count > 1_000)
        // Decode back to absolute positions and find what `refer to production_hq` got.
        let text = try String(contentsOf: Self.hamedan, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var line = 0, character = 0
        var types: [String: Int] = [:]
        for index in stride(from: 0, to: data.count, by: 5) {
            line += data[index]
            character = data[index] == 0 ? character + data[index + 1] : data[index + 1]
            let utf16 = Array(lines[line].utf16)
            let word = String(
                decoding: utf16[character..<(character + data[index + 2])], as: UTF16.self)
            types[word] = data[index + 3]
        }
        let legend = LanguageServer.semanticTokenTypes
        #expect(types["production_hq"].map { legend[$0] } == "class")
        #expect(types["refer"].map { legend[$0] } == "keyword")
        #expect(types["bank"].map { legend[$0] } == "property")
    }

    /// Hovering a rule's `sla` shows when it falls due on the rulebook's calendar.
    @Test func hoverOnAnSLAShowsItsDeadline() throws {
        let (server, uri, _) = try Self.opened()
        let text = try String(contentsOf: Self.hamedan, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("sla 7 working days") })
        let column = lines[line].utf16.count - "days".utf16.count
        server.handle([
            "jsonrpc": "2.0", "id": 10, "method": "textDocument/hover",
            "params": [
                "textDocument": ["uri": uri], "position": ["line": line, "character": column],
            ],
        ])
        let hover = server.takeOutgoing().first?["result"] as? [String: Any]
        let value = (hover?["contents"] as? [String: Any])?["value"] as? String ?? ""
        #expect(value.contains("7 working days"), "\(value)")
        #expect(value.contains("calendar `government`") && value.contains("Sat "), "\(value)")
        #expect(value.contains("14:30"), "a working-day deadline falls at the close: \(value)")
    }
}

/// Large rulebooks: the check after an edit leaves the pairwise analyses it had no time for to a
/// quiet moment, and never shows their "stopped at its deadline" notes.
@Suite struct EditTimeCheckingTests {
    @Test func aCutShortCheckIsCompletedWhenTheEditorIsQuiet() throws {
        let generated = try Command.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "scripts/gen_large_rulebook.py", "rules", "300"])
        try #require(generated.status == 0, "\(generated.errors)")
        let folder = try Temporary.folder(
            "masir-lsp-large", files: ["large.masir": generated.output])
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = LanguageServer()
        server.editCheckTime = .zero
        let uri = TextDocument.uri(of: folder.appendingPathComponent("large.masir").path)
        server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "version": 1, "text": generated.output]],
        ])
        server.publishPendingDiagnostics()
        let quick = LanguageServerTests.diagnostics(server.takeOutgoing())
        let codes = { (found: [[String: Any]]) in found.compactMap { $0["code"] as? String } }
        #expect(!codes(quick).contains("check.overlap"))
        #expect(!quick.contains { ($0["message"] as? String ?? "").contains("deadline") })
        #expect(server.incomplete == [uri])

        // The client sent more meanwhile: the full check gives way and stays owed.
        server.publishCompleteDiagnostics(interrupted: { true })
        #expect(LanguageServerTests.diagnostics(server.takeOutgoing()).isEmpty)
        #expect(server.incomplete == [uri])

        server.publishCompleteDiagnostics(interrupted: { false })
        let complete = server.takeOutgoing()
        #expect(complete.count == 1)
        #expect(codes(LanguageServerTests.diagnostics(complete)).contains("check.overlap"))
        #expect(server.incomplete.isEmpty)
    }
}
