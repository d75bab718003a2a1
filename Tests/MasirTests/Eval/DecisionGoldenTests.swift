import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The decisions for every shipped Hamedan sample case, as text and as JSON, pinned in golden
/// files (`MASIR_RECORD=1` re-records after a deliberate change).
@Suite struct DecisionGoldenTests {
    static let root = Repository.path
    static let cases = Repository.url("rules/provinces/hamedan/cases").path

    static func caseFiles() throws -> [String] {
        try Corpus.names(in: URL(fileURLWithPath: cases), suffix: ".yaml")
    }

    static let dispatcher = Dispatcher.load(root: Repository.url("rules").path).0

    /// Paths in traces are made relative so the goldens hold on any checkout.
    static func relative(_ text: String) -> String {
        text.replacingOccurrences(of: root.hasSuffix("/") ? root : root + "/", with: "")
    }

    @Test func thereAreSampleCases() throws {
        #expect(try Self.caseFiles().count >= 10)
    }

    @Test(arguments: try caseFiles())
    func decisionMatchesGolden(_ file: String) throws {
        let text = try String(contentsOfFile: Self.cases + "/" + file, encoding: .utf8)
        let (book, subject) = try #require(
            try Self.dispatcher.decodeDocuments(text, file: file).first?.get())
        let decision = Evaluator(rulebook: book).decide(
            subject, at: Instant(parsingCaseTime: "1403/08/20 10:00")!, explain: true)
        let name = String(file.dropLast(".yaml".count))
        Golden.assertMatches(
            Self.relative(DecisionRenderer.text(decision)),
            file: "Tests/MasirTests/Golden/decisions/\(name).txt")
        Golden.assertMatches(
            Self.relative(DecisionRenderer.json(decision)) + "\n",
            file: "Tests/MasirTests/Golden/decisions/\(name).json")
    }
}
