import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct ParserSmokeTests {
    static let tour = Repository.url("grammar/examples/valid/tour.masir")

    @Test func tourParsesCleanlyAndFormatsIdempotently() throws {
        let text = try String(contentsOf: Self.tour, encoding: .utf8)
        let parsed = Parser.parse(SourceFile(name: "tour.masir", text: text))
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        #expect(parsed.syntax.declarations.count == 12)
        let once = Formatter.format(parsed)
        let reparsed = Parser.parse(SourceFile(name: "tour.masir", text: once))
        #expect(reparsed.diagnostics.isEmpty)
        #expect(SyntaxDump.dump(reparsed.syntax) == SyntaxDump.dump(parsed.syntax))
        #expect(Formatter.format(reparsed) == once)
    }
}
