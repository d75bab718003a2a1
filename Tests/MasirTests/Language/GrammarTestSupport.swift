// Shared support for the language-core tests: the repository's rulebooks, the independent Lark
// checker, and parsing in one call.
import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

extension Repository {
    /// Folders holding rulebooks that are wrong on purpose; every other `.masir` file must be valid.
    static let invalidFolders = [
        "grammar/examples/invalid/", "Tests/MasirTests/Golden/diagnostics/", "Tests/Hostile/",
    ]

    /// Every rulebook in the repository that must parse: `.masir` files, and the formatter's
    /// expected outputs (`.masir.formatted`), which are rulebooks too. Sorted, relative to `root`.
    static func validRulebooks() throws -> [String] { try validRulebookList.get() }

    static func invalidExamples() throws -> [String] { try invalidExampleList.get() }

    // Walked once for all the tests that use them; a failed or empty walk fails each of those tests.
    private static let validRulebookList = Result {
        try files { path in
            (path.hasSuffix(".masir") || path.hasSuffix(".masir.formatted"))
                && !invalidFolders.contains { path.hasPrefix($0) }
        }
    }

    private static let invalidExampleList = Result {
        try files { $0.hasPrefix("grammar/examples/invalid/") && $0.hasSuffix(".masir") }
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
            throw Failure(
                description:
                    "the Lark grammar checker needs Python with Lark in .venv: run scripts/setup.sh"
            )
        }
        // Paths go through stdin so thousands of generated files do not hit the argument limit.
        let result = try Command.run(
            python, [Repository.url("grammar/check.py").path], input: paths.joined(separator: "\n"))
        guard result.status == 0 else {
            throw Failure(
                description:
                    "grammar/check.py exited with \(result.status) (run scripts/setup.sh?):\n\(result.errors)"
            )
        }
        return try JSONDecoder().decode([String: Verdict].self, from: Data(result.output.utf8))
    }

    /// The verdicts for the repository's own rulebooks, computed once for all tests.
    static let corpus: Result<[String: Verdict], Failure> = {
        do {
            return .success(try check(Repository.validRulebooks() + Repository.invalidExamples()))
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
