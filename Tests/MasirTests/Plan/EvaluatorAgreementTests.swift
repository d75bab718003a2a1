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
        #expect(agree(seed: 20_261_129, parts: false) == 40 * 40 * 3)
    }

    /// Conditional outcome parts: copies, priorities (which also rank rules in a `highest
    /// priority` group), deadlines and reasons that hold for some cases only.
    @Test func randomRulebooksWithConditionalPartsDecideTheSame() throws {
        #expect(agree(seed: 20_261_205, parts: true) == 40 * 40 * 3)
    }

    /// Named targets, shares of a target's time, re-opened and re-classified cases.
    @Test func randomRulebooksWithTargetsDecideTheSame() throws {
        var seen: Set<String> = []
        #expect(agree(seed: 20_261_206, parts: true, targets: true, seen: &seen) == 40 * 40 * 3)
        // The comparison means something only if the clocks' new paths were taken.
        #expect(
            seen.isSuperset(of: [
                "first_answer", "w1 fired", "w2 fired", "w3 fired", "round 2", "first_answer met",
            ]), "\(seen)")
    }

    /// Decides random cases with both evaluators; the number of decisions compared.
    func agree(seed: UInt64, parts: Bool, targets: Bool = false) -> Int {
        var seen: Set<String> = []
        return agree(seed: seed, parts: parts, targets: targets, seen: &seen)
    }

    /// `seen` collects which targets, fired levels, rounds and met targets the decisions showed.
    func agree(seed: UInt64, parts: Bool, targets: Bool, seen: inout Set<String>) -> Int {
        var g = SplitMix64(seed: seed)
        var compared = 0
        for _ in 0..<40 {
            let text = RandomRulebook.rulebook(&g, parts: parts, targets: targets)
            let result = Loader.memory(["r.masir": text]).load("r.masir")
            guard let book = result.rulebook else {
                Issue.record(
                    "generated rulebook did not load:\n\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))\n\(text)"
                )
                return compared
            }
            let plan = Plan(book)
            // Cases laid out by one plan and handed to another must be laid out again, not misread.
            let twin = Plan(book)
            let reference = Evaluator(rulebook: book)
            var scratch = Plan.Scratch()
            for _ in 0..<40 {
                let yaml = RandomRulebook.caseText(&g, targets: targets)
                guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(yaml)
                else {
                    Issue.record("generated case did not decode: \(yaml)")
                    return compared
                }
                for at in ["1403/08/20 10:00", "1403/08/28 16:00", "1403/09/15 09:00"] {
                    let instant = Instant(parsingCaseTime: at)!
                    let expected = reference.decide(subject, at: instant)
                    for target in expected.targets ?? [] {
                        seen.insert(target.target)
                        if let round = target.round, round > 1 { seen.insert("round \(round)") }
                        if target.met == true { seen.insert("\(target.target) met") }
                    }
                    for level in expected.escalation?.levels ?? [] where level.fired {
                        seen.insert("\(level.level) fired")
                    }
                    let actual = plan.decide(subject, at: instant)
                    #expect(actual == expected, "rulebook:\n\(text)\ncase:\n\(yaml)\nat \(at)")
                    let compact = plan.decideCompact(
                        plan.encode(subject), at: instant,
                        day: Int64(instant.civilDate().dayNumber), scratch: &scratch)
                    #expect(
                        compact == plan.compact(expected),
                        "rulebook:\n\(text)\ncase:\n\(yaml)\nat \(at)")
                    #expect(
                        twin.decideCompact(
                            plan.encode(subject), at: instant,
                            day: Int64(instant.civilDate().dayNumber), scratch: &scratch) == compact
                    )
                    compared += 1
                    if actual != expected { return compared }
                }
            }
        }
        return compared
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
                    #expect(
                        plan.decide(subject, at: instant)
                            == Evaluator(rulebook: book).decide(subject, at: instant),
                        "\(file) at \(at)")
                }
            }
        }
    }
}
