import Foundation
import Masir
import MasirTestSupport
import Testing

@testable import MasirVerify

/// Properties: parsed, laid out, typed and inherited like other declarations (no solver needed).
@Suite struct PropertySyntaxTests {
    static let text =
        RandomRulebook.header + """
            routing g first match
              rule needy when needy refer to a1 priority high sla 3 working days
              otherwise refer to a2 sla 5 working days
            end

            ## Needy callers go to a1, within 3 working days.
            property needy_first "مددجویان"
              when needy and (county is k1 or county is absent)
              expect decision.referral is a1 and decision.sla <= 3 working days

            property referred
              expect decision.referral is present
            """

    @Test func aPropertyIsTypedOverTheCaseAndTheDecision() throws {
        let book = try load(Self.text)
        #expect(book.properties.map(\.id) == ["needy_first", "referred"])
        #expect(book.properties[0].label == "مددجویان")
        #expect(book.properties[0].conditionText == "needy and (county is k1 or county is absent)")
        #expect(book.properties[1].conditionText == nil)
        #expect(book.properties[1].claimText == "decision.referral is present")
    }

    @Test func theFormatterLaysPropertiesOutAndKeepsTheirMeaning() throws {
        let messy =
            "rulebook r\nproperty p \"x\" when a is b expect decision.priority in [urgent,high]\nproperty q expect c\n"
        let parsed = Parser.parse(SourceFile(name: "r.masir", text: messy))
        #expect(parsed.diagnostics.isEmpty)
        let formatted = Formatter.format(parsed)
        #expect(
            formatted
                == "rulebook r\n\nproperty p \"x\"\n  when a is b\n  expect decision.priority in [urgent, high]\n\nproperty q\n  expect c\n"
        )
        let again = Parser.parse(SourceFile(name: "r.masir", text: formatted))
        #expect(SyntaxDump.dump(again.syntax) == SyntaxDump.dump(parsed.syntax))
    }

    @Test func aPropertyWithoutExpectIsAnError() {
        let parsed = Parser.parse(
            SourceFile(name: "r.masir", text: "rulebook r\nproperty p when a is b\n"))
        #expect(parsed.diagnostics.contains { $0.message.contains("`expect`") })
    }

    @Test func unknownDecisionFieldsAndWrongTypesAreReported() {
        let result = Loader.memory([
            "r.masir": RandomRulebook.header
                + "property p\n  expect decision.referal is a1\nproperty q\n  expect decision.sla\n"
        ]).load("r.masir")
        let messages = result.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("decision.referal") })
        #expect(messages.contains { $0.contains("must be yes or no") })
        // Each points at the property's own text.
        #expect(result.diagnostics.allSatisfy { $0.range.lower > 0 })
    }

    @Test func provincesInheritReplaceAndDisableProperties() throws {
        let national =
            Self.text + """

                property no_a3
                  expect decision.referral is not a3
                """
        let province = """
            rulebook p extends random

            replace property referred
              when county is present
              expect decision.referral is present

            disable property no_a3

            property own
              expect decision.priority is not low
            """
        let result = Loader.memory(["random.masir": national, "p.masir": province]).load("p.masir")
        let book = try #require(result.rulebook, "\(result.diagnostics)")
        #expect(!result.diagnostics.contains { $0.severity == .error })
        #expect(book.properties.map(\.id) == ["needy_first", "referred", "own"])
        #expect(book.properties[1].conditionText == "county is present")
        #expect(book.properties[1].rulebook == "p")

        let twice = Loader.memory([
            "random.masir": national,
            "p.masir":
                "rulebook p extends random\nproperty referred\n  expect decision.referral is present\n",
        ]).load("p.masir")
        #expect(twice.diagnostics.contains { $0.code == .duplicateName })
    }
}

@Suite(.enabled(if: solver != nil, "z3 is not installed (scripts/setup.sh installs it)"))
struct PropertyVerificationTests {
    @Test func aFailingPropertyGivesTheSmallestCaseAsRouteReadsIt() throws {
        let book = try load(
            PropertySyntaxTests.text + """

                property needy_a2
                  when needy
                  expect decision.referral is a2
                """)
        let report = try PropertyCheck(book: book, solver: solver!).run()
        let result = try #require(report.results.first { $0.property.id == "needy_a2" })
        guard case .fails(let example) = result.verdict else {
            Issue.record("needy_a2 should fail: \(result.verdict)")
            return
        }
        #expect(example.caseText.contains("needy: yes"))
        #expect(example.decided.primary == "a1")
        // The case is what `masir route` reads, and the evaluator decides it against the property.
        guard case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(example.caseText)
        else {
            Issue.record("the counter-example does not decode:\n\(example.caseText)")
            return
        }
        let decision = Evaluator(rulebook: book).decide(subject, at: example.at)
        #expect(result.property.holds(for: subject, decision: decision, in: book) == false)
        // Smallest: no optional field the property does not need.
        #expect(!example.caseText.contains("body:"))
        #expect(!example.caseText.contains("amount:"))
        let proved = report.results.filter { if case .proved = $0.verdict { true } else { false } }
        #expect(proved.map(\.property.id).contains("referred"))
    }

    /// Random rulebooks (with conditional parts) and random properties: the solver's verdicts and
    /// the evaluator never disagree, every counter-example breaks its property under the
    /// evaluator, and a proved property holds on random cases.
    @Test func randomPropertiesAgreeWithTheEvaluator() throws {
        var g = SplitMix64(seed: 20_261_206)
        let claims = [
            "decision.referral is present", "decision.referral is not a3",
            "decision.priority in [urgent, high, normal]", "decision.sla <= 3 working days",
            "decision.copies contains a4 or not (decision.referral is a1)",
            "decision.sla is present or decision.referral is absent",
            "decision.referrals intersects [a1, a2] or decision.priority is low",
        ]
        var failed = 0
        var proved = 0
        var checked = 0
        for _ in 0..<16 {
            var text = RandomRulebook.rulebook(&g, parts: true)
            for index in 0..<3 {
                let condition = RandomRulebook.condition(1, &g)
                text +=
                    "property p\(index)\n  when \(condition)\n  expect \(RandomRulebook.pick(claims, &g))\n\n"
            }
            let book = try load(text)
            let report = try PropertyCheck(book: book, solver: solver!).run()
            #expect(report.disagreements.isEmpty, "\(report.disagreements)\n\(text)")
            for result in report.results {
                switch result.verdict {
                case .fails(let example):
                    failed += 1
                    guard
                        case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(
                            example.caseText)
                    else {
                        Issue.record("counter-example does not decode: \(example.caseText)")
                        continue
                    }
                    let decision = Evaluator(rulebook: book).decide(subject, at: example.at)
                    #expect(
                        result.property.holds(for: subject, decision: decision, in: book) == false)
                case .proved:
                    proved += 1
                    let at = Instant(localText: "1403/08/20 10:00")!
                    for _ in 0..<150 {
                        let yaml = RandomRulebook.caseText(&g)
                        guard
                            case .success(let subject) = CaseDecoder(rulebook: book).decodeOne(yaml)
                        else { continue }
                        let decision = Evaluator(rulebook: book).decide(subject, at: at)
                        checked += 1
                        let holds = result.property.holds(
                            for: subject, decision: decision, in: book)
                        #expect(holds != false, "proved, yet broken by:\n\(yaml)\n\(text)")
                        if holds == false { return }
                    }
                default:
                    break
                }
            }
        }
        #expect(failed >= 5)
        #expect(proved >= 5)
        #expect(checked >= 750)
    }

    /// The national and provincial rulebooks keep every promise they make.
    @Test func everyPropertyOfTheRulebooksIsProved() throws {
        let folder = Repository.url("rules")
        let files = FileManager.default.enumerator(atPath: folder.path)!.compactMap {
            ($0 as? String).flatMap { $0.hasSuffix("rulebook.masir") ? $0 : nil }
        }.sorted()
        #expect(files.count == 32)
        let loader = Loader.files.caching()
        var total = 0
        var kinds = Set<String>()
        for file in files {
            let book = try #require(loader.load(folder.appendingPathComponent(file).path).rulebook)
            // Beyond the national promises it inherits, every province states one of its own
            // about its counties' routing.
            let own = book.properties.filter { $0.rulebook == book.id }
            if book.id != "national" {
                #expect(
                    own.contains { ($0.conditionText ?? "").contains("county is") },
                    "\(file) promises nothing about its own counties")
            }
            let report = try PropertyCheck(book: book, solver: solver!).run()
            #expect(report.disagreements.isEmpty, "\(file): \(report.disagreements)")
            for result in report.results {
                total += 1
                guard case .proved = result.verdict else {
                    Issue.record("\(file): \(result.property.id) is not proved: \(result.verdict)")
                    continue
                }
                kinds.formUnion(
                    [
                        "decision.referral", "decision.sla", "decision.priority",
                        "decision.referral_kind",
                    ]
                    .filter {
                        result.property.claimText.contains($0)
                            || (result.property.conditionText ?? "").contains($0)
                    })
            }
        }
        #expect(total >= 5 * 32 + 5 * 30 + 1)
        #expect(kinds.count == 4)
    }
}
