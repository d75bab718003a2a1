import Foundation
import Masir
import MasirTestSupport
import Testing
import Yams

@testable import MasirLSP

/// A rename reaches the rulebooks' tests and sample cases, so the tests that passed before it
/// pass after it: checked on copies of the national rulebook and Yazd's, with their tests.
@Suite struct RenameTestsAndCasesTests {
    /// A copy of the national rules and one province, laid out as in the repository.
    static func workspace(_ name: String) throws -> URL {
        let rules = try Temporary.folder(name).appendingPathComponent("rules")
        try FileManager.default.createDirectory(
            at: rules.appendingPathComponent("provinces"), withIntermediateDirectories: true)
        for part in ["national", "provinces/yazd"] {
            try FileManager.default.copyItem(
                at: Repository.url("rules/\(part)"), to: rules.appendingPathComponent(part))
        }
        return rules
    }

    /// A server rooted at `rules` with `file` open, and the position of `word` on the first line
    /// of the file that holds `marker`.
    static func opened(
        in rules: URL, file: String, line marker: String, word: String
    ) throws -> (server: LanguageServer, uri: String, position: [String: Any]) {
        let url = rules.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains(marker) }, "\(marker)")
        let before = try #require(lines[line].range(of: marker)).lowerBound
        let inMarker = try #require(marker.range(of: word)).lowerBound
        let column =
            lines[line][..<before].utf16.count + marker[..<inMarker].utf16.count + 1
        let server = LanguageServer()
        server.handle([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["rootUri": TextDocument.uri(of: rules.path)],
        ])
        let uri = TextDocument.uri(of: url.path)
        server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "version": 1, "text": text]],
        ])
        server.publishPendingDiagnostics()
        _ = server.takeOutgoing()
        return (server, uri, ["line": line, "character": column])
    }

    /// Renames the word `word` on the first line of `file` that holds `line`, as an editor rooted
    /// at `rules` would, and answers with the edits by file path.
    static func rename(
        in rules: URL, file: String, line marker: String, word: String, to new: String
    ) throws -> [String: [[String: Any]]] {
        let (server, uri, position) = try opened(in: rules, file: file, line: marker, word: word)
        let (prepared, _) = LensFormattingRenameTests.request(
            server, "textDocument/prepareRename",
            ["textDocument": ["uri": uri], "position": position])
        #expect(prepared != nil && !(prepared is NSNull), "prepareRename on \(word)")
        let (result, _) = LensFormattingRenameTests.request(
            server, "textDocument/rename",
            ["textDocument": ["uri": uri], "position": position, "newName": new])
        let changes = try #require((result as? [String: Any])?["changes"] as? [String: Any])
        var byPath: [String: [[String: Any]]] = [:]
        for (uri, edits) in changes {
            byPath[TextDocument.path(of: uri)] = try #require(edits as? [[String: Any]])
        }
        return byPath
    }

    /// Writes the edits of the files `which` selects into them.
    static func apply(_ changes: [String: [[String: Any]]], where which: (String) -> Bool) throws {
        for (path, edits) in changes where which(path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try LensFormattingRenameTests.apply(edits, to: text)
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Every test under `rules`, run by the library's runner as `masir test` runs them.
    static func runTests(_ rules: URL) -> TestReport {
        let files = RulebookTestFile.discover([rules.path]).map { path in
            RulebookTestFile.read(
                path, text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            ) {
                try CaseFile.read($0).get()
            }
        }
        return TestRunner().run(files)
    }

    /// Expects every test under `rules` to pass, naming those that do not.
    static func expectAllPass(
        _ rules: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let report = runTests(rules)
        #expect(!report.outcomes.isEmpty, sourceLocation: sourceLocation)
        #expect(
            report.failed == 0,
            "\(report.errors) \(report.outcomes.filter { !$0.passed }.map { "\($0.name): \($0.failures)" })",
            sourceLocation: sourceLocation)
    }

    /// Applies a rename to the rulebooks alone (tests that expect the old id then fail), then to
    /// the tests and cases, after which every test passes again.
    static func expectTestsFollow(
        _ changes: [String: [[String: Any]]], in rules: URL,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        try apply(changes, where: isRulebook)
        #expect(runTests(rules).failed > 0, sourceLocation: sourceLocation)
        try apply(changes) { !isRulebook($0) }
        expectAllPass(rules, sourceLocation: sourceLocation)
    }

    static func isRulebook(_ path: String) -> Bool { path.hasSuffix(".masir") }

    static func read(_ rules: URL, _ file: String) throws -> String {
        try String(contentsOf: rules.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func renamingAnAgencyRenamesItInTheExpectationsAndCaseFieldsOfEveryTest() throws {
        let rules = try Self.workspace("rename-agency")
        #expect(Self.runTests(rules).failed == 0)
        let changes = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "agency relief ", word: "relief",
            to: "relief_committee")
        let yazdTests = rules.appendingPathComponent("provinces/yazd/tests.yaml").path
        let zarach = rules.appendingPathComponent(
            "provinces/yazd/cases/needy-housing-deposit-zarach.yaml"
        ).path
        let loans = rules.appendingPathComponent("national/loans.tests.yaml").path
        for path in [yazdTests, zarach, loans] {
            #expect(changes.keys.contains { LanguageServer.same($0, path) }, "\(path)")
        }

        // The rulebooks alone renamed: they check, but tests that expect the old id fail.
        try Self.expectTestsFollow(changes, in: rules)
        let tests = try Self.read(rules, "provinces/yazd/tests.yaml")
        #expect(tests.contains("referral: relief_committee"))
        let sample = try Self.read(rules, "provinces/yazd/cases/needy-housing-deposit-zarach.yaml")
        #expect(sample.contains("  support_body: relief_committee\n"))
        // A comment naming the agency is prose, not a value: it keeps its words.
        #expect(sample.contains("refer to relief (the\n"))
        // The Persian text on other lines is untouched.
        #expect(sample.contains("کمیته امداد هوامونو داره"))
        let national = try Self.read(rules, "national/loans.tests.yaml")
        #expect(!national.contains("support_body: relief}"))
        #expect(national.contains("support_body: relief_committee}"))
    }

    @Test func renamingACategoryRenamesExpectedAndGivenCategoriesButNotRulesOrProse() throws {
        let rules = try Self.workspace("rename-category")
        let changes = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "category housing_deposit ",
            word: "housing_deposit", to: "deposit_loans")
        #expect(changes.keys.contains { $0.hasSuffix("provinces/yazd/tests.yaml") })
        try Self.expectTestsFollow(changes, in: rules)
        let tests = try Self.read(rules, "provinces/yazd/tests.yaml")
        #expect(tests.contains("category: deposit_loans"))
        // A rule whose id holds the word is another thing, and a test's name is prose.
        #expect(tests.contains("not_matched: [housing_deposit_no_bank]"))
        #expect(tests.contains("is taken for a housing-deposit request"))
        #expect(!tests.contains("category: housing_deposit\n"))
    }

    @Test func renamingAFieldOrACountyRenamesTheCasesKeysAndValues() throws {
        let rules = try Self.workspace("rename-field")
        let field = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "field caller.support_body :",
            word: "support_body", to: "supporter")
        try Self.apply(field) { _ in true }
        let county = try Self.rename(
            in: rules, file: "provinces/yazd/rulebook.masir", line: "county zarach ",
            word: "zarach", to: "zarach_county")
        try Self.apply(county) { _ in true }
        Self.expectAllPass(rules)
        let zarach = try Self.read(rules, "provinces/yazd/cases/needy-housing-deposit-zarach.yaml")
        #expect(zarach.contains("\ncounty: zarach_county\n"))
        // A nested record's key: only the field's own segment changes.
        #expect(zarach.contains("\n  supporter: relief\n"))
        // The comment names the county in words: unchanged.
        #expect(zarach.contains("A tenant in Zarach"))
        let loans = try Self.read(rules, "national/loans.tests.yaml")
        #expect(loans.contains("caller: {needy: yes, supporter: relief}"))
        #expect(!loans.contains("support_body:"))
    }

    @Test func renamingARuleRenamesItWhereTestsNameItAloneOrByItsGroup() throws {
        let rules = try Self.workspace("rename-rule")
        let changes = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "rule needy_caller ",
            word: "needy_caller", to: "caller_in_need")
        try Self.expectTestsFollow(changes, in: rules)
        let tests = try Self.read(rules, "provinces/yazd/tests.yaml")
        #expect(tests.contains("matched: [urgency.caller_in_need]"))
        #expect(!tests.contains("needy_caller"))
    }

    @Test func renamingALevelRenamesItsDeclarationsAndTheTestsThatExpectIt() throws {
        let rules = try Self.workspace("rename-level")
        let changes = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "level overdue ", word: "overdue",
            to: "late")
        try Self.expectTestsFollow(changes, in: rules)
        let national = try Self.read(rules, "national/rulebook.masir")
        #expect(!national.contains("level overdue "))
        // The comment's English word is prose, not the level.
        #expect(national.contains("overdue cases go to the governor"))
        let tests = try Self.read(rules, "national/escalation.tests.yaml")
        #expect(tests.contains("current: late, next: governor"))
    }

    @Test func renamingAFieldLeavesAgencyKindsOfTheSameSpellingAlone() throws {
        let rules = try Self.workspace("rename-bank")
        let changes = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "field bank :", word: "bank",
            to: "lender")
        try Self.apply(changes) { _ in true }
        let national = try Self.read(rules, "national/rulebook.masir")
        #expect(national.contains("field lender : agency"))
        #expect(national.contains("kind bank supervisor deputy_economic"))
        #expect(!national.contains("kind lender"))
        Self.expectAllPass(rules)
    }

    @Test func anIdThatNamesTwoKindsOfThingIsNotRenamed() throws {
        // `governor` is an agency and a level: renaming by spelling would rename both.
        let rules = try Self.workspace("rename-ambiguous")
        let (server, uri, position) = try Self.opened(
            in: rules, file: "national/rulebook.masir", line: "level governor ", word: "governor")
        let (prepared, _) = LensFormattingRenameTests.request(
            server, "textDocument/prepareRename",
            ["textDocument": ["uri": uri], "position": position])
        #expect(prepared == nil || prepared is NSNull)
        let (renamed, _) = LensFormattingRenameTests.request(
            server, "textDocument/rename",
            ["textDocument": ["uri": uri], "position": position, "newName": "governorate"])
        #expect(renamed == nil || renamed is NSNull)
    }

    /// The edits of one file with its text, applied as a client applies them.
    static func applied(_ rename: YAMLRename) -> String {
        let source = SourceFile(name: rename.path, text: rename.text)
        let edits = rename.edits.map { range, text -> [String: Any] in
            ["range": TextDocument.range(in: source, range), "newText": text]
        }
        return LensFormattingRenameTests.apply(edits, to: rename.text)
    }

    @Test func anIdAfterPersianTextOnItsLineIsEditedAtItsUTF16Place() throws {
        let relief = LanguageServer.RenamedID(
            kinds: [.agency], old: "relief", new: "imdad", groups: [])
        let text = """
            tests:
              - name: «کمیته امداد» relief
                expect: {reason: "پرسش شما 👍 relief", referral: relief, copies: [welfare, 'relief']}

            """
        var rename = YAMLRename(path: "/w/tests.yaml", text: text, renamed: relief)
        let root = try #require(try CaseReader.yamlDocuments(text).first)
        guard case .mapping(let top) = root, case .sequence(let tests)? = top["tests"],
            case .mapping(let test)? = tests.first, case .mapping(let expect)? = test["expect"]
        else {
            Issue.record("not a test file: \(root)")
            return
        }
        rename.renameExpectations(expect)
        #expect(
            Self.applied(rename)
                == text.replacingOccurrences(
                    of: "referral: relief, copies: [welfare, 'relief']",
                    with: "referral: imdad, copies: [welfare, 'imdad']"))

        // A JSON case: the support body's value changes, the description's word does not.
        let book = try #require(Loader.files.load(Repository.url("rules/national").path).rulebook)
        let json =
            #"{"description": "کمیته امداد relief", "caller": {"needy": true, "support_body": "relief"}}"#
        var inCase = YAMLRename(path: "/w/case.json", text: json, renamed: relief)
        inCase.renameCase(try #require(try CaseReader.yamlDocuments(json).first), in: book)
        #expect(
            Self.applied(inCase)
                == json.replacingOccurrences(
                    of: #""support_body": "relief""#, with: #""support_body": "imdad""#))
    }
    /// A case's history names categories and statuses: a change of category is renamed with the
    /// category, a change of status with the status value, and the dates are left alone.
    @Test func aCaseHistoryIsRenamedWhereItNamesTheRenamedThing() throws {
        let book = try #require(Loader.files.load(Repository.url("rules/national").path).rulebook)
        let text = """
            opened: 1403/08/10 09:00
            description: وام ودیعه housing_deposit
            category: housing_deposit
            history:
              - {category: housing_deposit, at: "1403/08/12 10:00"}
              - status: waiting_documents
                at: 1403/08/13 10:00
            """
        let category = LanguageServer.RenamedID(
            kinds: [.category], old: "housing_deposit", new: "deposit_loans", groups: [])
        var rename = YAMLRename(path: "/w/case.yaml", text: text, renamed: category)
        rename.renameCase(try #require(try CaseReader.yamlDocuments(text).first), in: book)
        #expect(
            Self.applied(rename)
                == text.replacingOccurrences(
                    of: "category: housing_deposit", with: "category: deposit_loans"))
        #expect(Self.applied(rename).contains("وام ودیعه housing_deposit"))

        let status = LanguageServer.RenamedID(
            kinds: [.value], old: "waiting_documents", new: "awaiting_papers", groups: [])
        var statusRename = YAMLRename(path: "/w/case.yaml", text: text, renamed: status)
        statusRename.renameCase(try #require(try CaseReader.yamlDocuments(text).first), in: book)
        #expect(
            Self.applied(statusRename)
                == text.replacingOccurrences(of: "waiting_documents", with: "awaiting_papers"))
        // The case as written is one the decoder reads, history and all.
        guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(text) else {
            Issue.record("the case does not read")
            return
        }
        #expect(subject.history.map(\.status) == ["waiting_documents"])
    }

    /// A batch of cases in JSON Lines beside the tests: each line is renamed as a case, at its
    /// own place in the file, and a rename through the server edits the file.
    @Test func aJSONLinesBatchOfCasesIsRenamedLineByLine() throws {
        let rules = try Self.workspace("rename-jsonl")
        let batch = """
            {"province": "yazd", "description": "وام", "category": "housing_deposit"}

            {"province": "yazd", "description": "housing_deposit", "history": [{"category": "housing_deposit", "at": "1403/08/12 10:00"}]}
            """
        let path = rules.appendingPathComponent("provinces/yazd/cases/batch.jsonl")
        try batch.write(to: path, atomically: true, encoding: .utf8)
        let changes = try Self.rename(
            in: rules, file: "national/rulebook.masir", line: "category housing_deposit ",
            word: "housing_deposit", to: "deposit_loans")
        let edits = try #require(changes.first { $0.key.hasSuffix("cases/batch.jsonl") }?.value)
        #expect(edits.count == 2)
        try Self.apply(changes) { $0.hasSuffix("batch.jsonl") }
        let renamed = try String(contentsOf: path, encoding: .utf8)
        #expect(
            renamed
                == batch.replacingOccurrences(
                    of: #""category": "housing_deposit""#, with: #""category": "deposit_loans""#))
    }
}
