import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Small in-memory rulebooks for the interpreter's tests.
enum TestRulebooks {
    static let fixtures = Repository.url("Tests/MasirTests/Fixtures")

    static var national: String {
        (try? String(
            contentsOf: fixtures.appendingPathComponent("base-national.masir"), encoding: .utf8))
            ?? ""
    }

    /// Loads `files` (path → text) and returns the rulebook at `path`, failing the test on errors.
    static func load(
        _ files: [String: String], _ path: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Rulebook? {
        let result = Loader.memory(files).load(path)
        #expect(
            !result.diagnostics.hasErrors,
            "\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))",
            sourceLocation: sourceLocation)
        return result.rulebook
    }

    /// The base national rulebook with `extra` appended.
    static func national(plus extra: String = "") -> Rulebook? {
        load(["r/national/rulebook.masir": national + "\n" + extra], "r/national")
    }

    /// Diagnostics of loading `files` at `path`.
    static func diagnostics(_ files: [String: String], _ path: String) -> [Diagnostic] {
        Loader.memory(files).load(path).diagnostics
    }

    static func decode(
        _ yaml: String, _ book: Rulebook, strict: Bool = false,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Case? {
        switch CaseDecoder(rulebook: book, strict: strict).decodeOne(yaml, file: "case.yaml") {
        case .success(let value): return value
        case .failure(let errors):
            Issue.record("case did not decode: \(errors)", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func decide(
        _ yaml: String, _ book: Rulebook, at: String = "2024-11-15T10:00:00+03:30",
        explain: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Decision? {
        guard let subject = decode(yaml, book, sourceLocation: sourceLocation),
            let instant = Instant(parsingCaseTime: at)
        else { return nil }
        return Evaluator(rulebook: book).decide(subject, at: instant, explain: explain)
    }

    static let loanCase = """
        id: T-1
        description: "درخواست وام دارم"
        opened: 2024-11-02T09:00:00+03:30
        referred: 2024-11-02T10:00:00+03:30
        """
}
