import Foundation
import MasirTestSupport
import Testing

@testable import Masir

/// The hostile corpus (Tests/Hostile/index.json): every case input is fed to every path that
/// reads cases — `masir route` on the file and on standard input, batch routing, change impact,
/// a rulebook test whose case is the file, and the REPL's `:case load` — and each must refuse it
/// with the same `CaseError.Kind`, without crashing. Every rulebook must get its diagnostic code
/// from `masir check`.
@Suite struct HostileInputTests {
    struct Input: Sendable, CustomStringConvertible, Decodable {
        struct Generate: Sendable, Decodable {
            var fill: String
            var count: Int
        }
        var file: String
        var kind: CaseError.Kind
        var except: [String]?
        var generate: Generate?
        var description: String { file }
    }

    struct Book: Sendable, CustomStringConvertible, Decodable {
        var path: String
        var code: String
        var description: String { path }
    }

    struct Index: Decodable {
        var cases: [Input]
        var rulebooks: [Book]
    }

    static let index: Index = {
        let data = try! Data(contentsOf: Repository.url("Tests/Hostile/index.json"))
        return try! JSONDecoder().decode(Index.self, from: data)
    }()

    /// A small tree (the national rulebook and one province), so each command loads quickly and
    /// cases of other provinces still find no rulebook.
    static let tree: URL = {
        let folder = try! Temporary.folder("masir-hostile-tree")
        let manager = FileManager.default
        for part in ["national", "provinces/hamedan"] {
            let target = folder.appendingPathComponent(part)
            try! manager.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try! manager.createDirectory(at: target, withIntermediateDirectories: true)
            try! manager.copyItem(
                at: Repository.url("rules/\(part)/rulebook.masir"),
                to: target.appendingPathComponent("rulebook.masir"))
        }
        return folder
    }()

    static let engine = try! Engine.load(path: tree.path)
    static let side = ImpactSide.load(tree.path)

    static let paths = ["route", "route-stdin", "batch", "diff", "test", "repl"]

    /// The code printed in brackets after an error (`… [input.too-deep]`).
    static func code(in text: String) -> String? {
        guard let match = text.firstMatch(of: /\[((?:input|case)\.[a-z0-9-]+)\]/) else {
            return nil
        }
        return String(match.1)
    }

    /// The input's bytes, with a generated part put in, written to a file of the same extension.
    static func materialise(_ entry: Input) throws -> URL {
        var bytes = [UInt8](try Data(contentsOf: Repository.url("Tests/Hostile/" + entry.file)))
        if let generate = entry.generate {
            let marker: [UInt8] = Array("@@".utf8)
            let at = try #require(
                bytes.indices.first { Array(bytes[$0..<min(bytes.count, $0 + 2)]) == marker })
            bytes.replaceSubrange(
                at..<(at + 2),
                with: Array(String(repeating: generate.fill, count: generate.count).utf8))
        }
        let folder = try Temporary.folder("masir-hostile")
        let url = folder.appendingPathComponent(
            "case." + (entry.file.split(separator: ".").last.map(String.init) ?? "yaml"))
        try Data(bytes).write(to: url)
        return url
    }

    @Test func theCorpusIsLargeAndCoversEveryKind() {
        #expect(Self.index.cases.count + Self.index.rulebooks.count >= 150)
        #expect(
            Set(Self.index.cases.map(\.kind))
                == Set(CaseError.Kind.allCases).subtracting([.notOneCase, .notAFile]))
        for entry in Self.index.cases {
            #expect(Set(entry.except ?? []).isSubset(of: Self.paths), "\(entry.file)")
        }
    }

    @Test(arguments: index.cases) func everyPathRefusesTheSameWay(_ entry: Input) throws {
        let file = try Self.materialise(entry)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let tree = Self.tree.path
        let except = Set(entry.except ?? [])
        let isLines = JSONLines.isJSONLines(file.path)
        var seen: [String: String] = [:]

        // `masir route` on the file, and on standard input (read whole, as YAML or JSON).
        let masir = try MasirExecutable.require()
        let routed = try Command.run(
            masir, ["route", "--strict", "--format", "summary", tree, file.path])
        seen["route"] = Self.code(in: routed.errors) ?? "exit \(routed.status)"
        if !isLines {
            let piped = try Command.run(
                URL(fileURLWithPath: "/bin/sh"),
                [
                    "-c", #"exec "$0" route --strict --format summary "$1" - < "$2""#,
                    masir.path, tree, file.path,
                ])
            seen["route-stdin"] = Self.code(in: piped.errors) ?? "exit \(piped.status)"
        }

        // Batch routing, as `masir route` drives it.
        let router = BatchRouter(engine: Self.engine, format: .summary, strict: true)
        var problems: [CaseErrors] = []
        if isLines {
            let handle = try CaseFile.open(file.path).get()
            defer { fclose(handle) }
            _ = try router.routeLines(from: handle, name: "c.jsonl", at: .now, write: { _ in }) {
                problems.append($0)
            }
        } else {
            switch CaseFile.read(file.path) {
            case .success(let text):
                var output: [UInt8] = []
                problems = router.route(text: text, file: "c", at: .now, to: &output)
            case .failure(.refused(let error)): problems = [CaseErrors(errors: [error])]
            case .failure(let failure): throw failure
            }
        }
        seen["batch"] = problems.first?.errors.first { !$0.isWarning }?.kind.rawValue ?? "none"

        // Change impact (`masir diff`), old and new the same tree.
        let side = Self.side
        let report = try ChangeImpact(old: side, new: side, at: .now, strict: true).compare(
            files: [file.path])
        seen["diff"] = report.failures.first.flatMap { Self.code(in: $0.message) } ?? "none"

        // A rulebook test whose case is the file, and the REPL's `:case load` (both only for
        // inputs read whole).
        if !isLines || !entry.file.contains("long-line") {
            let folder = file.deletingLastPathComponent()
            let testFile = folder.appendingPathComponent("hostile.tests.yaml")
            let testText = """
                rulebook: \(tree)/provinces/hamedan/rulebook.masir
                at: 2024-11-02T10:00:00+03:30
                tests:
                  - name: hostile
                    case: \(file.lastPathComponent)
                    expect:
                      agency: bank_melli
                """
            try Data(testText.utf8).write(to: testFile)
            let tests = RulebookTestFile.read(testFile.path, text: testText) {
                try CaseFile.read($0).get()
            }
            let ran = TestRunner().run([tests])
            let failures = ran.errors + ran.outcomes.flatMap(\.failures)
            seen["test"] = Self.code(in: failures.joined(separator: "\n")) ?? "none"

            let session = Session(options: Session.Options(workingDirectory: folder.path))
            let loaded = session.process(":load \(tree)")
            #expect(!loaded.isError, "\(loaded.text)")
            let reply = session.process(":case load \(file.lastPathComponent)")
            seen["repl"] = Self.code(in: reply.text) ?? "none: \(reply.text)"
        }

        for (path, code) in seen.sorted(by: { $0.key < $1.key }) where !except.contains(path) {
            #expect(code == entry.kind.rawValue, "\(path) gave \(code)")
        }
    }

    @Test(arguments: index.rulebooks) func checkNamesTheProblem(_ entry: Book) throws {
        let checked = try MasirExecutable.run(["check", "Tests/Hostile/" + entry.path])
        #expect(checked.status == 1, "\(checked.output)\(checked.errors)")
        let first = (checked.output + checked.errors).firstMatch(of: /error\[([a-z.-]+)\]/)
        #expect(first.map { String($0.1) } == entry.code)
    }
}
