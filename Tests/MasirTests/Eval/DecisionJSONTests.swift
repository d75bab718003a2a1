import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Decisions as JSON: the hand-written compact writer against JSONEncoder, and JSON Lines records
/// read by the fast reader.
@Suite struct DecisionJSONTests {
    /// The hand-written compact JSON must be exactly what JSONEncoder writes.
    @Test func compactJSONEqualsTheEncodersOutput() throws {
        let (dispatcher, _) = Dispatcher.load(root: Repository.url("rules").path)
        let folder = Repository.url("rules/provinces/hamedan/cases").path
        var compared = 0
        for file in try Corpus.names(in: URL(fileURLWithPath: folder), suffix: ".yaml") {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for result in dispatcher.decodeDocuments(text, file: file) {
                let (book, subject) = try result.get()
                for explain in [false, true] {
                    for at in ["1403/08/20 10:00", "1403/09/30 10:00"] {
                        let decision = Evaluator(rulebook: book).decide(
                            subject, at: Instant(parsingCaseTime: at)!, explain: explain)
                        #expect(
                            decision.compactJSON == DecisionRenderer.encoderJSON(decision),
                            "\(file)")
                        compared += 1
                    }
                }
            }
        }
        // Escapes: quotes, backslashes and control characters in texts.
        let national = try #require(TestRulebooks.national())
        var decision = try #require(TestRulebooks.decide(TestRulebooks.loanCase, national))
        decision.caseId = "a\"b\\c\nd\u{1}e/f «ز»"
        #expect(decision.compactJSON == DecisionRenderer.encoderJSON(decision))
        #expect(compared >= 40)
    }

    @Test func jsonLinesRecordsUseTheFastReaderAndKeepErrorsPrecise() throws {
        let book = try #require(TestRulebooks.national())
        let decoder = CaseDecoder(rulebook: book)
        let good = decoder.decodeDocuments(
            #"{"id": "x\u0020y", "opened": "2024-11-02T09:00:00+03:30", "caller": {"needy": true}, "amount": 1500}"#,
            file: "b.jsonl:7")
        let subject = try good[0].get()
        #expect(subject.id == "x y")
        #expect(subject.values[book.fieldIndex["caller.needy"]!] == .bool(true))
        #expect(subject.values[book.fieldIndex["amount"]!] == .money(1500))
        let bad = decoder.decodeDocuments(
            #"{"opened": "2024-11-02T09:00:00+03:30", "caller": {"needy": "بله"}}"#,
            file: "b.jsonl:8")
        guard case .failure(let errors) = bad[0] else { Issue.record("expected an error"); return }
        #expect(errors.description == "b.jsonl:8: caller.needy: expected yes/no, found \"بله\"")
        let broken = decoder.decodeDocuments(#"{"opened": "2024"#, file: "b.jsonl:9")
        guard case .failure(let syntax) = broken[0] else {
            Issue.record("expected an error"); return
        }
        #expect(syntax.description.hasPrefix("b.jsonl:9: not valid JSON"))
    }
}
