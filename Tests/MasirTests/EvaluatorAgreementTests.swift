import Foundation
import MasirTestSupport
import Testing
@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The compiled plan must decide exactly as the reference evaluator: random rulebooks and random
/// cases (seeded, so a failure reproduces), plus the shipped rulebooks and their sample cases.
@Suite struct EvaluatorAgreementTests {
    @Test func randomRulebooksAndCasesDecideTheSame() throws {
        var g = SplitMix64(seed: 20_261_129)
        var compared = 0
        for _ in 0..<40 {
            let text = RandomRulebook.rulebook(&g)
            let result = Loader.memory(["r.masir": text]).load("r.masir")
            guard let book = result.rulebook else {
                Issue.record("generated rulebook did not load:\n\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))\n\(text)")
                return
            }
            let plan = Plan(book)
            // Cases laid out by one plan and handed to another must be laid out again, not misread.
            let twin = Plan(book)
            let reference = Evaluator(rulebook: book)
            var scratch = Plan.Scratch()
            for _ in 0..<40 {
                let yaml = RandomRulebook.caseText(&g)
                guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(yaml) else {
                    Issue.record("generated case did not decode: \(yaml)")
                    return
                }
                for at in ["1403/08/20 10:00", "1403/08/28 16:00", "1403/09/15 09:00"] {
                    let instant = Instant(parsingCaseTime: at)!
                    let expected = reference.decide(subject, at: instant)
                    let actual = plan.decide(subject, at: instant)
                    #expect(actual == expected, "rulebook:\n\(text)\ncase:\n\(yaml)\nat \(at)")
                    let compact = plan.decideCompact(plan.encode(subject), at: instant, day: Int64(instant.civilDate().dayNumber), scratch: &scratch)
                    #expect(compact == plan.compact(expected), "rulebook:\n\(text)\ncase:\n\(yaml)\nat \(at)")
                    #expect(twin.decideCompact(plan.encode(subject), at: instant, day: Int64(instant.civilDate().dayNumber), scratch: &scratch) == compact)
                    compared += 1
                    if actual != expected { return }
                }
            }
        }
        #expect(compared == 40 * 40 * 3)
    }

    /// Every shipped sample case, routed through the dispatcher, decides the same on both evaluators.
    @Test func shippedRulebooksDecideTheSameOnBothEvaluators() throws {
        let rules = Repository.url("rules").path
        let (dispatcher, loaded) = Dispatcher.load(root: rules)
        #expect(!loaded.diagnostics.hasErrors)
        let casesFolder = Repository.url("rules/provinces/hamedan/cases").path
        let files = try Corpus.names(in: URL(fileURLWithPath: casesFolder), suffix: ".yaml")
        #expect(files.count >= 10)
        var plans: [String: Plan] = [:]
        for file in files {
            let text = try String(contentsOfFile: casesFolder + "/" + file, encoding: .utf8)
            for result in dispatcher.decodeDocuments(text, file: file) {
                let (book, subject) = try result.get()
                let plan = plans[book.id] ?? Plan(book)
                plans[book.id] = plan
                for at in ["1403/08/20 10:00", "1403/09/30 10:00"] {
                    let instant = Instant(parsingCaseTime: at)!
                    #expect(plan.decide(subject, at: instant) == Evaluator(rulebook: book).decide(subject, at: instant), "\(file) at \(at)")
                }
            }
        }
    }
}

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
                        let decision = Evaluator(rulebook: book).decide(subject, at: Instant(parsingCaseTime: at)!, explain: explain)
                        #expect(decision.compactJSON == DecisionRenderer.encoderJSON(decision), "\(file)")
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
        let good = decoder.decodeDocuments(#"{"id": "x\u0020y", "opened": "2024-11-02T09:00:00+03:30", "caller": {"needy": true}, "amount": 1500}"#, file: "b.jsonl:7")
        let subject = try good[0].get()
        #expect(subject.id == "x y")
        #expect(subject.values[book.fieldIndex["caller.needy"]!] == .bool(true))
        #expect(subject.values[book.fieldIndex["amount"]!] == .money(1500))
        let bad = decoder.decodeDocuments(#"{"opened": "2024-11-02T09:00:00+03:30", "caller": {"needy": "بله"}}"#, file: "b.jsonl:8")
        guard case .failure(let errors) = bad[0] else { Issue.record("expected an error"); return }
        #expect(errors.description == "b.jsonl:8: caller.needy: expected yes/no, found \"بله\"")
        let broken = decoder.decodeDocuments(#"{"opened": "2024"#, file: "b.jsonl:9")
        guard case .failure(let syntax) = broken[0] else { Issue.record("expected an error"); return }
        #expect(syntax.description.hasPrefix("b.jsonl:9: not valid JSON"))
    }
}
