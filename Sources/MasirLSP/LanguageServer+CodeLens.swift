import Foundation
import Masir

extension LanguageServer {
    /// The command a "run tests" lens carries; the server runs it (`workspace/executeCommand`).
    static let runTestsCommand = "masir.runTests"

    /// What the tests next to a rulebook did: the report, and the state of the files it was
    /// run against, so a lens request after an unrelated keystroke does not run them again.
    struct TestRun {
        var key: String
        var report: TestReport
    }

    // MARK: - Lenses

    /// Above each rule, fallback and ladder level of the document: how many of its rulebook's
    /// tests used it (and how many of those fail), and a lens that runs them. Positions come from
    /// the document as it is now, so a lens stays on its rule while the rulebook is mid-edit;
    /// the counts are those of the last run whose rulebook loaded. After an edit the counts are
    /// the previous run's until the editor is quiet (`runOwedTests`): running a rulebook's
    /// tests takes longer than a keystroke should wait.
    func codeLenses(_ params: [String: Any]) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
            let document = documents[uri]
        else { return [] as [Any] }
        // Without a run that decided anything there is nothing to count.
        guard let run = testRun(for: document, mayDefer: true), !run.report.outcomes.isEmpty
        else {
            return [] as [Any]
        }
        let base = testRoot(for: document)
        var users: [String: [TestOutcome]] = [:]
        for outcome in run.report.outcomes {
            for item in Set(outcome.exercised) where Self.same(item.file, document.path) {
                users[item.name, default: []].append(outcome)
            }
        }
        var lenses: [[String: Any]] = []
        func lens(_ name: String, at range: SourceRange, noun: String) {
            let place = TextDocument.range(in: document.source, range)
            let covering = users[name] ?? []
            let failing = covering.filter { !$0.passed }.count
            var title =
                switch covering.count {
                case 0: "no test covers this \(noun)"
                case 1: "1 test covers this \(noun)"
                default: "\(covering.count) tests cover this \(noun)"
                }
            if failing > 0 { title += ", \(failing) failing" }
            if !covering.isEmpty {
                title += " (\(Self.testFiles(covering.map(\.file), from: base)))"
            }
            // A count with nothing to show runs nothing: the lens is then only a remark.
            lenses.append([
                "range": place,
                "command": [
                    "title": title,
                    "command": covering.isEmpty ? "" : Self.runTestsCommand,
                    "arguments": covering.isEmpty ? [] : [uri, name],
                ] as [String: Any],
            ])
        }
        func visit(_ declaration: Declaration) {
            switch declaration.kind {
            case .routing(let routing):
                let group = routing.name.text
                for item in routing.items {
                    switch item.kind {
                    case .rule(let rule), .replace(let rule):
                        lens("rule \(group).\(rule.name.text)", at: item.range, noun: "rule")
                    case .disable: break
                    }
                }
                if let otherwise = routing.otherwiseRange {
                    lens("otherwise \(group)", at: otherwise, noun: "fallback")
                }
            case .escalation(let ladder):
                for item in ladder.items {
                    switch item.kind {
                    case .level(let level), .replace(let level):
                        lens(
                            "level \(ladder.name.text).\(level.name.text)", at: item.range,
                            noun: "level")
                    case .disable: break
                    }
                }
            case .replace(let inner): visit(inner)
            default: break
            }
        }
        for declaration in Parser.parse(document.source).syntax.declarations {
            visit(declaration)
        }
        if let first = lenses.first {
            // One lens runs all of the rulebook's tests, over its first rule.
            lenses.insert(
                [
                    "range": first["range"]!,
                    "command": [
                        "title": "run \(run.report.outcomes.count) tests",
                        "command": Self.runTestsCommand, "arguments": [uri],
                    ] as [String: Any],
                ], at: 0)
        }
        return lenses
    }

    /// Which test files the covering tests come from, relative to `base`, the files with the
    /// most tests first: a national rule is often exercised by provinces' tests only.
    static func testFiles(_ files: [String], from base: String) -> String {
        var counts: [String: Int] = [:]
        for file in files { counts[file, default: 0] += 1 }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        let named = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { file, count in
            let name = file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
            return count == 1 ? name : "\(name) ×\(count)"
        }
        let shown = 3
        guard named.count > shown else { return named.joined(separator: ", ") }
        return named.prefix(shown).joined(separator: ", ")
            + " and \(named.count - shown) more files"
    }

    /// Where a document's tests are looked for: the workspace when it holds the document (the
    /// rulebooks that extend it may live anywhere in it), else the document's folder.
    func testRoot(for document: TextDocument) -> String {
        let folder = (document.path as NSString).deletingLastPathComponent
        guard let root else { return folder }
        let normal = Self.normal(root)
        let prefix = normal.hasSuffix("/") ? normal : normal + "/"
        return Self.normal(folder).hasPrefix(prefix) || Self.normal(folder) == normal
            ? normal : folder
    }

    // MARK: - Running tests

    /// `masir.runTests` with a document's URI, and optionally a rule's coverage name: runs the
    /// rulebook's tests afresh, tells the user how they went (the failures first), and answers
    /// with the counts.
    func executeCommand(_ params: [String: Any]) -> Any? {
        guard params["command"] as? String == Self.runTestsCommand,
            let arguments = params["arguments"] as? [Any],
            let uri = arguments.first as? String, let document = documents[uri]
        else { return nil }
        let only = arguments.count > 1 ? arguments[1] as? String : nil
        testRuns[uri] = nil
        guard let run = testRun(for: document) else {
            let message = "no tests (tests.yaml or *.tests.yaml) next to \(document.path)"
            showMessage(message, type: 3)
            return ["passed": 0, "failed": 0, "message": message] as [String: Any]
        }
        let outcomes = run.report.outcomes.filter { outcome in
            only.map { name in
                outcome.exercised.contains { $0.name == name && Self.same($0.file, document.path) }
            } ?? true
        }
        let failed = outcomes.filter { !$0.passed }
        // A test file or rulebook that stopped tests from running counts as a failure too.
        let failures = failed.count + (only == nil ? run.report.errors.count : 0)
        var lines = [
            "\(only.map { "\($0): " } ?? "")\(outcomes.count - failed.count) passed, "
                + "\(failures) failed"
        ]
        for outcome in failed {
            lines.append("FAIL \(outcome.name): " + outcome.failures.joined(separator: "; "))
        }
        if only == nil { lines += run.report.errors.map { "error: \($0)" } }
        let message = lines.joined(separator: "\n")
        showMessage(message, type: failures == 0 ? 3 : 1)
        return [
            "passed": outcomes.count - failed.count, "failed": failures, "message": message,
        ] as [String: Any]
    }

    func showMessage(_ message: String, type: Int) {
        outgoing.append([
            "jsonrpc": "2.0", "method": "window/showMessage",
            "params": ["type": type, "message": message] as [String: Any],
        ])
    }

    /// The tests of the document's rulebook and of every rulebook that extends it
    /// (`tests.yaml`, `*.tests.yaml` in the workspace, those whose rulebook is this one or
    /// inherits from it), run against the documents as the editor has them. Nil when there are
    /// none; the last good run while the rulebook does not load, and when `mayDefer` the last
    /// run at all, with the document marked to run when idle.
    func testRun(for document: TextDocument, mayDefer: Bool = false) -> TestRun? {
        let loader = workspaceLoader()
        let paths = testPaths(for: document)
        guard !paths.isEmpty else { return nil }
        // The run stands while no open document and no test file has changed.
        var key = documents.values.map { "\($0.uri)@\($0.version)" }.sorted()
            .joined(separator: "\n")
        for path in paths {
            let modified =
                (try? FileManager.default.attributesOfItem(atPath: path))?[
                    .modificationDate] as? Date
            key += "\n\(path)@\(modified?.timeIntervalSince1970 ?? 0)"
        }
        if let previous = testRuns[document.uri] {
            if previous.key == key { return previous }
            if mayDefer {
                testsOwed.insert(document.uri)
                return previous
            }
        }
        let files = coveringTests(paths, of: [document.path], loader: loader).map(\.file)
        guard !files.isEmpty else { return nil }
        let report = TestRunner(loader: loader).run(files)
        if report.outcomes.isEmpty, !report.errors.isEmpty, let previous = testRuns[document.uri] {
            // The rulebook does not load as it stands: keep the counts of the last one that did.
            return previous
        }
        let run = TestRun(key: key, report: report)
        testRuns[document.uri] = run
        return run
    }

    /// Every test file in the document's test root (`testRoot`), the build folder's copies left
    /// out.
    func testPaths(for document: TextDocument) -> [String] {
        RulebookTestFile.discover([testRoot(for: document)]).filter { path in
            !path.contains("/.build/")
        }
    }

    /// A test file read from the disk, with the rulebook its tests run against as it loads now.
    struct CoveringTest {
        var file: RulebookTestFile
        var text: String
        var rulebook: Rulebook?
    }

    /// The test files among `paths` whose rulebook is one of `rulebookFiles` or extends one of
    /// them, judged by the files its load parsed.
    func coveringTests(
        _ paths: [String], of rulebookFiles: Set<String>, loader: Loader
    ) -> [CoveringTest] {
        let wanted = Set(rulebookFiles.map(Self.normal))
        var loads: [String: (covers: Bool, book: Rulebook?)] = [:]
        func load(_ rulebook: String) -> (covers: Bool, book: Rulebook?) {
            let file = Self.normal(loader.rulebookFile(rulebook))
            if let known = loads[file] { return known }
            let result = loader.load(file)
            let covers =
                wanted.contains(file)
                || result.sources.keys.contains { wanted.contains(Self.normal($0)) }
            loads[file] = (covers, result.rulebook)
            return (covers, result.rulebook)
        }
        return paths.compactMap { path -> CoveringTest? in
            guard let text = try? Loader.files.read(path) else { return nil }
            let file = RulebookTestFile.read(path, text: text) { try CaseFile.read($0).get() }
            let loaded = load(file.rulebook)
            return loaded.covers ? CoveringTest(file: file, text: text, rulebook: loaded.book) : nil
        }
    }
}
