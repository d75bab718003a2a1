import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirLSP

/// Code lenses over rules, range formatting, and renaming a field of the case schema.
@Suite struct LensFormattingRenameTests {
    static let national = Repository.url("rules/national/rulebook.masir")

    /// A server rooted at rules/ that has opened `url` with `text` (the file's own by default).
    static func opened(
        _ url: URL, _ text: String? = nil
    ) throws -> (LanguageServer, String, String) {
        let server = LanguageServer()
        server.handle([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["rootUri": Repository.url("rules").absoluteString],
        ])
        let uri = TextDocument.uri(of: url.path)
        let content = try text ?? String(contentsOf: url, encoding: .utf8)
        server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "version": 1, "text": content]],
        ])
        server.publishPendingDiagnostics()
        _ = server.takeOutgoing()
        return (server, uri, content)
    }

    static func request(
        _ server: LanguageServer, _ method: String, _ params: [String: Any]
    ) -> (result: Any?, notifications: [[String: Any]]) {
        server.handle(["jsonrpc": "2.0", "id": 42, "method": method, "params": params])
        let sent = server.takeOutgoing()
        let reply = sent.first { $0["id"] as? Int == 42 }
        return (reply?["result"], sent.filter { $0["id"] == nil })
    }

    static func change(_ server: LanguageServer, _ uri: String, to text: String, version: Int) {
        server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": [
                "textDocument": ["uri": uri, "version": version],
                "contentChanges": [["text": text]],
            ],
        ])
        server.publishPendingDiagnostics()
        _ = server.takeOutgoing()
    }

    /// The lens titles by the line they stand on, and their commands.
    static func lenses(_ server: LanguageServer, _ uri: String) -> [[String: Any]] {
        let (result, _) = request(server, "textDocument/codeLens", ["textDocument": ["uri": uri]])
        return result as? [[String: Any]] ?? []
    }

    static func line(of lens: [String: Any]) -> Int? {
        ((lens["range"] as? [String: Any])?["start"] as? [String: Any])?["line"] as? Int
    }

    static func title(of lens: [String: Any]) -> String {
        (lens["command"] as? [String: Any])?["title"] as? String ?? ""
    }

    /// The text with LSP text edits applied (UTF-16 positions).
    static func apply(_ edits: [[String: Any]], to text: String) -> String {
        var result = text
        let sorted = edits.sorted {
            let a = ($0["range"] as! [String: Any])["start"] as! [String: Int]
            let b = ($1["range"] as! [String: Any])["start"] as! [String: Int]
            return (a["line"]!, a["character"]!) > (b["line"]!, b["character"]!)
        }
        for edit in sorted {
            result = LanguageServer.apply(
                edit["newText"] as! String, at: edit["range"] as! [String: Any], to: result)
        }
        return result
    }

    // MARK: - Code lenses

    @Test func aLensOverEachRuleCountsTheTestsWhoseDecisionUsedIt() throws {
        let (server, uri, text) = try Self.opened(Self.national)
        let lines = text.components(separatedBy: "\n")
        let found = Self.lenses(server, uri)
        let ruleLine = try #require(lines.firstIndex { $0.hasPrefix("  rule repeat_caller ") })
        let lens = try #require(
            found.first { Self.line(of: $0) == ruleLine && Self.title(of: $0).contains("cover") })
        // urgency.tests.yaml expects `matched: [urgency.repeat_caller]` of two tests; others
        // may use the rule too, none fails.
        let title = Self.title(of: lens)
        let count = try #require(Int(title.prefix { $0.isNumber }), "\(title)")
        #expect(count >= 2 && title.contains("tests cover this rule ("), "\(title)")
        #expect(title.contains("urgency.tests.yaml"), "\(title)")
        let command = try #require(lens["command"] as? [String: Any])
        #expect(command["command"] as? String == LanguageServer.runTestsCommand)
        #expect(command["arguments"] as? [String] == [uri, "rule urgency.repeat_caller"])
        // The ladder level of the same name has its own lens, counted apart.
        let levelLine = try #require(lines.firstIndex { $0.hasPrefix("  level repeat_caller ") })
        #expect(
            found.contains {
                Self.line(of: $0) == levelLine && Self.title(of: $0).contains("level")
            })
        // And one lens runs every test of the rulebook and of the provinces that extend it.
        let tests = RulebookTestFile.discover([Repository.url("rules").path]).map {
            RulebookTestFile.read($0, text: try! String(contentsOfFile: $0, encoding: .utf8)) { _ in
                ""
            }
        }.reduce(0) { $0 + $1.tests.count }
        #expect(found.contains { Self.title(of: $0) == "run \(tests) tests" })

        // Running the rule's tests: they pass, and the user is told.
        let (answer, notes) = Self.request(
            server, "workspace/executeCommand",
            ["command": LanguageServer.runTestsCommand, "arguments": command["arguments"]!])
        let counts = try #require(answer as? [String: Any])
        #expect(counts["passed"] as? Int == count && counts["failed"] as? Int == 0)
        #expect(notes.contains { $0["method"] as? String == "window/showMessage" })
    }

    @Test func aNationalRuleCountsTheTestsOfTheProvincesThatExtendItAndNamesTheirFiles() throws {
        let (server, uri, text) = try Self.opened(Self.national)
        let lines = text.components(separatedBy: "\n")
        let found = Self.lenses(server, uri)
        // The provinces' tests that expect `urgency.needy_caller` among the matched rules.
        let provinces = Repository.url("rules/provinces").path
        let expecting = RulebookTestFile.discover([provinces]).filter { path in
            let file = try! String(contentsOfFile: path, encoding: .utf8)
            return file.contains("urgency.needy_caller")
        }
        try #require(!expecting.isEmpty)
        let ruleLine = try #require(lines.firstIndex { $0.hasPrefix("  rule needy_caller ") })
        let lens = try #require(
            found.first { Self.line(of: $0) == ruleLine && Self.title(of: $0).contains("cover") })
        let title = Self.title(of: lens)
        let count = try #require(Int(title.prefix { $0.isNumber }), "\(title)")
        #expect(count >= expecting.count, "\(title)")
        // The lens says where its tests are, relative to the workspace: a province's file among
        // them, or how many more files there are beyond the ones it names.
        #expect(title.contains("provinces/") || title.contains("more files"), "\(title)")
        // Running the rule's tests runs the provinces' too.
        let (answer, _) = Self.request(
            server, "workspace/executeCommand",
            [
                "command": LanguageServer.runTestsCommand,
                "arguments": (lens["command"] as? [String: Any])?["arguments"] ?? [],
            ])
        #expect((answer as? [String: Any])?["passed"] as? Int == count)
    }

    @Test func aLensNamesTheFilesOfItsTestsMostFirst() {
        let outcomes = [
            "a/x.tests.yaml", "b/tests.yaml", "a/x.tests.yaml", "c/tests.yaml", "d/tests.yaml",
        ]
        .map { "/w/" + $0 }
        #expect(
            LanguageServer.testFiles(outcomes, from: "/w")
                == "a/x.tests.yaml ×2, b/tests.yaml, c/tests.yaml and 1 more files")
        #expect(
            LanguageServer.testFiles(Array(outcomes.prefix(2)), from: "/w/")
                == "a/x.tests.yaml, b/tests.yaml")
    }

    @Test func lensesCountTheUnsavedTextAndFailingTests() throws {
        let (server, uri, text) = try Self.opened(Self.national)
        #expect(!Self.lenses(server, uri).isEmpty)
        // Referring water cases elsewhere, unsaved: the tests expecting the water company fail.
        let edited = text.replacingOccurrences(
            of: "category under water\n    refer to water_wastewater",
            with: "category under water\n    refer to gas")
        try #require(edited != text)
        Self.change(server, uri, to: edited, version: 2)
        let lines = edited.components(separatedBy: "\n")
        let ruleLine = try #require(lines.firstIndex { $0.hasPrefix("  rule water ") })
        let water = { (found: [[String: Any]]) in
            found.first { Self.line(of: $0) == ruleLine && Self.title(of: $0).contains("cover") }
        }
        // Straight after the edit the counts are the earlier run's; the tests run once the
        // editor is quiet, and the client is asked to fetch the lenses again.
        let before = try #require(water(Self.lenses(server, uri)))
        #expect(!Self.title(of: before).contains("failing"))
        #expect(server.testsOwed == [uri])
        server.clientRefreshesLenses = true
        server.runOwedTests()
        #expect(
            server.takeOutgoing().contains {
                $0["method"] as? String == "workspace/codeLens/refresh"
            })
        #expect(server.testsOwed.isEmpty)
        let lens = try #require(
            Self.lenses(server, uri).first {
                Self.line(of: $0) == ruleLine && Self.title(of: $0).contains("cover")
            })
        #expect(Self.title(of: lens).contains("failing"), "\(Self.title(of: lens))")

        // Mid-edit the rulebook does not load: the lenses stay, with the last counts.
        Self.change(server, uri, to: edited + "\nrouting (((\n", version: 3)
        _ = Self.lenses(server, uri)
        server.runOwedTests()
        let stale = Self.lenses(server, uri)
        #expect(
            stale.contains {
                Self.line(of: $0) == ruleLine && Self.title(of: $0) == Self.title(of: lens)
            })
    }

    @Test func lensesOnABrokenOrHostileDocumentAnswerWithoutCrashing() throws {
        let folder = try Temporary.folder(
            "masir-lsp-lens",
            files: [
                "tests.yaml": "tests: [{name: t, case: {}, expect: {referral: x}}]\n",
                "rulebook.masir": "",
            ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rulebook.masir")
        for text in [
            "rulebook x\nrouting r first match\n  rule a \"«\n  when ((( \n",
            "routing", "\u{0}\u{FEFF}😀\r\n end end", String(repeating: "(", count: 10_000),
        ] {
            let (server, uri, _) = try Self.opened(path, text)
            #expect(Self.lenses(server, uri).isEmpty)
            let (answer, _) = Self.request(
                server, "workspace/executeCommand",
                ["command": LanguageServer.runTestsCommand, "arguments": [uri, 7]])
            // The rulebook does not load: that is the one failure reported.
            #expect(
                (answer as? [String: Any])?["failed"] as? Int == 1, "\(String(describing: answer))")
        }
        let server = LanguageServer()
        for params: [String: Any] in [
            [:], ["textDocument": ["uri": 5]], ["command": "masir.runTests", "arguments": "x"],
        ] {
            _ = Self.request(server, "textDocument/codeLens", params)
            _ = Self.request(server, "workspace/executeCommand", params)
        }
        // The client's answer to a lens refresh is not a request: it gets no reply.
        server.handle(["jsonrpc": "2.0", "id": "masir-lens-refresh-1", "result": NSNull()])
        #expect(server.takeOutgoing().isEmpty)
    }

    // MARK: - Range formatting

    @Test func rangeFormattingRewritesOnlyTheDeclarationsItTouches() throws {
        let hamedan = Repository.url("rules/provinces/hamedan/rulebook.masir")
        let original = try String(contentsOf: hamedan, encoding: .utf8)
        let messy = original.replacingOccurrences(
            of: "county razan \"رزن\" english \"Razan\"",
            with: "   county   razan \"رزن\"    english \"Razan\"  "
        ).replacingOccurrences(
            of: "county malayer \"ملایر\" english \"Malayer\"",
            with: "county malayer    \"ملایر\" english  \"Malayer\"")
        try #require(messy != original)
        let (server, uri, _) = try Self.opened(hamedan, messy)
        let lines = messy.components(separatedBy: "\n")
        let razan = try #require(lines.firstIndex { $0.contains("razan") })
        // A cursor after the Persian label, counted in UTF-16 units.
        let column = lines[razan].utf16.count - "english \"Razan\"  ".utf16.count
        let cursor: [String: Any] = ["line": razan, "character": column]
        let (result, _) = Self.request(
            server, "textDocument/rangeFormatting",
            [
                "textDocument": ["uri": uri], "range": ["start": cursor, "end": cursor],
                "options": ["tabSize": 2, "insertSpaces": true],
            ])
        let edits = try #require(result as? [[String: Any]])
        #expect(edits.count == 1)
        let fixed = Self.apply(edits, to: messy)
        #expect(fixed.contains("\ncounty razan \"رزن\" english \"Razan\"\n"))
        // The other messy declaration keeps its bytes.
        #expect(
            fixed
                == messy.replacingOccurrences(
                    of: "   county   razan \"رزن\"    english \"Razan\"  ",
                    with: "county razan \"رزن\" english \"Razan\""))

        // The whole document as the range: the shipped text again.
        let (all, _) = Self.request(
            server, "textDocument/rangeFormatting",
            [
                "textDocument": ["uri": uri],
                "range": [
                    "start": ["line": 0, "character": 0],
                    "end": ["line": lines.count, "character": 0],
                ],
            ])
        #expect(Self.apply(try #require(all as? [[String: Any]]), to: messy) == original)
    }

    @Test func rangeFormattingTakesAnyPositionsWithoutCrashing() throws {
        let (server, uri, text) = try Self.opened(
            Repository.url("rules/provinces/hamedan/rulebook.masir"))
        let emojiLine = "# «😀» می‌خواهم كي\n"
        Self.change(server, uri, to: emojiLine + text, version: 2)
        for range: Any in [
            ["start": ["line": -4, "character": -1], "end": ["line": 1_000_000, "character": 5]],
            ["start": ["line": 0, "character": 3], "end": ["line": 0, "character": 4]],  // inside 😀
            ["start": ["line": 99, "character": 99], "end": ["line": 2, "character": 0]],
            ["start": "x", "end": ["line": 1e9]], "nothing",
        ] {
            let (result, _) = Self.request(
                server, "textDocument/rangeFormatting",
                ["textDocument": ["uri": uri], "range": range])
            // A formatted file needs no edits, wherever the range falls.
            #expect((result as? [Any])?.isEmpty == true, "\(range): \(String(describing: result))")
        }
        // With syntax errors the document is left alone.
        Self.change(server, uri, to: text + "\nrouting (((\n", version: 3)
        let (broken, _) = Self.request(
            server, "textDocument/rangeFormatting",
            [
                "textDocument": ["uri": uri],
                "range": [
                    "start": ["line": 0, "character": 0], "end": ["line": 9, "character": 0],
                ],
            ])
        #expect((broken as? [Any])?.isEmpty == true)
    }

    // MARK: - Renaming fields

    @Test func aDottedFieldIsRenamedByItsLastSegmentEverywhere() throws {
        let (server, uri, text) = try Self.opened(Self.national)
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("when caller.needy and") })
        let needy =
            lines[line].utf16.count
            - lines[line].components(separatedBy: "caller.needy")
            .dropFirst().joined(separator: "caller.needy").utf16.count - 2
        let at: [String: Any] = ["line": line, "character": needy]
        let (prepared, _) = Self.request(
            server, "textDocument/prepareRename",
            ["textDocument": ["uri": uri], "position": at])
        #expect(prepared != nil && !(prepared is NSNull))
        let (result, _) = Self.request(
            server, "textDocument/rename",
            ["textDocument": ["uri": uri], "position": at, "newName": "in_need"])
        let changes = try #require((result as? [String: Any])?["changes"] as? [String: Any])
        let edits = try #require(changes[uri] as? [[String: Any]])
        let renamed = Self.apply(edits, to: text)
        #expect(!renamed.contains("caller.needy"))
        #expect(renamed.contains("field caller.in_need : bool default no"))
        #expect(
            renamed.components(separatedBy: "caller.in_need").count
                == text.components(separatedBy: "caller.needy").count)
        // Rule ids that merely contain the word keep it.
        #expect(renamed.contains("rule needy_covered "))

        // The record's segment is shared by the other caller fields: not renamed from a field.
        let caller: [String: Any] = ["line": line, "character": needy - "caller.".utf16.count]
        let (refused, _) = Self.request(
            server, "textDocument/prepareRename",
            ["textDocument": ["uri": uri], "position": caller])
        #expect(refused == nil || refused is NSNull)
        // Nor onto a field that exists already.
        let (clash, _) = Self.request(
            server, "textDocument/rename",
            ["textDocument": ["uri": uri], "position": at, "newName": "caller.veteran"])
        #expect(clash == nil || clash is NSNull)
    }

    @Test func aFieldUsedByAProvinceIsRenamedInTheNationalSchemaToo() throws {
        let hamedan = Repository.url("rules/provinces/hamedan/rulebook.masir")
        let (server, uri, text) = try Self.opened(hamedan)
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("and bank is absent") })
        let column =
            lines[line].utf16.count
            - lines[line].components(separatedBy: "and bank is absent").last!.utf16.count
            - "nk is absent".utf16.count
        let (result, _) = Self.request(
            server, "textDocument/rename",
            [
                "textDocument": ["uri": uri], "position": ["line": line, "character": column],
                "newName": "lender",
            ])
        let changes = try #require((result as? [String: Any])?["changes"] as? [String: Any])
        let nationalURI = TextDocument.uri(of: Self.national.path)
        let nationalEdits = try #require(changes[nationalURI] as? [[String: Any]])
        let national = try String(contentsOf: Self.national, encoding: .utf8)
        #expect(
            Self.apply(nationalEdits, to: national).contains("field lender : agency optional"))
        #expect(changes[uri] != nil)
    }
}
