// Shared support for the language-core tests: where the repository's files are, the independent
// Lark checker, and golden files with a line diff.
import Foundation
import Testing
@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// Folders holding rulebooks that are wrong on purpose; every other `.masir` file must be valid.
    static let invalidFolders = ["grammar/examples/invalid/", "Tests/MasirTests/Golden/diagnostics/"]

    /// Every rulebook in the repository that must parse: `.masir` files, and the formatter's
    /// expected outputs (`.masir.formatted`), which are rulebooks too. Sorted, relative to `root`.
    static let validRulebooks: [String] = files { path in
        (path.hasSuffix(".masir") || path.hasSuffix(".masir.formatted")) && !invalidFolders.contains { path.hasPrefix($0) }
    }

    static let invalidExamples: [String] = files { $0.hasPrefix("grammar/examples/invalid/") && $0.hasSuffix(".masir") }

    /// Relative paths of the files below `root` accepted by `include`, skipping build products,
    /// virtual environments and version control.
    static func files(where include: (String) -> Bool) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        var result: [String] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                if name.hasPrefix(".build") || [".git", ".venv", ".swiftpm", "node_modules"].contains(name) {
                    enumerator.skipDescendants()
                }
                continue
            }
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if include(path) { result.append(path) }
        }
        return result.sorted()
    }
}

/// grammar/check.py run with the venv's Python: the grammar's verdict, independent of Swift.
enum LarkChecker {
    struct Verdict: Decodable, Sendable {
        let ok: Bool
        let error: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let python = Repository.url(".venv/bin/python")

    /// Verdicts for the given files (relative or absolute paths), keyed as passed in.
    static func check(_ paths: [String]) throws -> [String: Verdict] {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "the Lark grammar checker needs Python with Lark in .venv: run scripts/setup.sh")
        }
        let process = Process()
        process.executableURL = python
        process.currentDirectoryURL = Repository.root
        process.arguments = [Repository.url("grammar/check.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Paths go through stdin so thousands of generated files do not hit the argument limit.
        input.fileHandleForWriting.write(Data(paths.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        // Read before waiting: a full pipe would otherwise block the child forever.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "grammar/check.py exited with \(process.terminationStatus) (run scripts/setup.sh?):\n\(message)")
        }
        return try JSONDecoder().decode([String: Verdict].self, from: data)
    }

    /// The verdicts for the repository's own rulebooks, computed once for all tests.
    static let corpus: Result<[String: Verdict], Failure> = {
        do {
            return .success(try check(Repository.validRulebooks + Repository.invalidExamples))
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(description: "grammar/check.py could not run: \(error)"))
        }
    }()
}

/// Parses `text` as the file `name`.
func parse(_ text: String, name: String = "test.masir") -> ParsedFile {
    Parser.parse(SourceFile(name: name, text: text))
}

extension ParsedFile {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The diagnostics as `masir check` prints them, for failure messages.
    var rendered: String { DiagnosticRenderer.render(diagnostics, sources: [source.name: source]) }
}

/// Golden files beside the tests. `MASIR_RECORD=1 swift test` rewrites them; a missing golden is
/// written and the test fails, so a new case is looked at before it is trusted.
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["MASIR_RECORD"] == "1" }

    static func assertMatches(_ actual: String, file relativePath: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let url = Repository.url(relativePath)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording || expected == nil {
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot write golden \(relativePath): \(error)", sourceLocation: sourceLocation)
                return
            }
            if expected == nil {
                Issue.record("golden \(relativePath) did not exist and was recorded; check it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        if let expected, expected != actual {
            Issue.record(
                "output differs from \(relativePath) (MASIR_RECORD=1 re-records)\n\(LineDiff.render(expected: expected, actual: actual))",
                sourceLocation: sourceLocation)
        }
    }
}

/// A minimal line diff (longest common subsequence) for readable golden failures.
enum LineDiff {
    static func render(expected: String, actual: String, context: Int = 2) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // lcs[i][j]: length of the longest common subsequence of old[i...] and new[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lcs[i][j] = old[i] == new[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var lines: [(Character, String)] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append((" ", old[i])); i += 1; j += 1
            } else if i < old.count, j == new.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                lines.append(("-", old[i])); i += 1
            } else {
                lines.append(("+", new[j])); j += 1
            }
        }
        // Show changed lines with a little context; elide long unchanged runs.
        let changed = lines.indices.filter { lines[$0].0 != " " }
        var output = "--- expected\n+++ actual\n"
        var lastShown = -1
        for index in lines.indices where changed.contains(where: { abs($0 - index) <= context }) {
            if lastShown >= 0, index > lastShown + 1 { output += "  …\n" }
            output += "\(lines[index].0) \(lines[index].1)\n"
            lastShown = index
        }
        return output
    }
}
