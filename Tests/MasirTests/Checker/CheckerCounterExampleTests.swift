import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The counter-examples the checker reports, taken as cases and decided by the interpreter: a
/// gap's example really falls through its group, and an overlap's example really matches both
/// rules. The examples are the very regions the diagnostics print (`Checker.gaps(in:)` and
/// `Checker.overlaps(in:)` feed `checkGapsAndOverlaps`).
enum CounterExamples {
    static let instant = "2024-11-15T10:00:00+03:30"

    /// A case document for one point of `region`: the fields it constrains, and a value for every
    /// field the schema requires that it leaves free.
    static func caseDocument(_ region: Conditions.Box, book: Rulebook) -> String {
        var lines = Checker.counterExampleYAML(region, book: book).split(separator: "\n").map(
            String.init)
        let given = Set(Checker.counterExample(region, book: book).map(\.0))
        for field in book.fields
        where !field.isOptional && field.defaultValue == nil && !given.contains(field.path) {
            switch field.type {
            case .datetime: lines.append("\(field.path): 2024-11-02T09:00:00+03:30")
            case .date: lines.append("\(field.path): 1403/08/12")
            case .money: lines.append("\(field.path): 0 rials")
            case .int: lines.append("\(field.path): 0")
            case .bool: lines.append("\(field.path): no")
            default: lines.append("\(field.path): \"x\"")
            }
        }
        return lines.joined(separator: "\n")
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var groups: String
        /// The example the diagnostic prints.
        var example: String
        var testDescription: String { name }
    }
}

@Suite struct CheckerGapTests {
    static let scenarios: [CounterExamples.Scenario] = [
        .init(
            name: "a yes/no field",
            groups: """
                routing g first match
                  rule needy when caller.needy refer to relief
                end
                """, example: "caller.needy: no"),
        .init(
            name: "enum values",
            groups: """
                routing g first match
                  rule early when status in [registered, referred] refer to relief
                  rule done when status is resolved refer to inspection
                end
                """, example: "status: answered"),
        .init(
            name: "the category hierarchy and an absent category",
            groups: """
                routing g first match
                  rule loans when category under loans refer to bank
                  rule investment when category is investment refer to inspection
                end
                """, example: "category: absent"),
        .init(
            name: "money between two bounds",
            groups: """
                routing g first match
                  rule small when amount is present and amount < 1,000 rials refer to relief
                  rule large when amount > 5,000 rials refer to bank
                  rule missing when amount is absent refer to inspection
                end
                """, example: "amount: 1,000 rials"),
        .init(
            name: "a negation undecided for an absent field",
            groups: """
                routing g first match
                  rule not_big when not (amount > 100 rials) refer to relief
                  rule big when amount > 100 rials refer to bank
                end
                """, example: "amount: absent"),
        .init(
            name: "a referral to a field the case leaves out",
            groups: """
                routing g first match
                  rule own_body when caller.needy refer to caller.support_body
                  rule others when not caller.needy refer to relief
                end
                """, example: "caller.needy: yes, caller.support_body: absent"),
        .init(
            name: "two fields",
            groups: """
                routing g first match
                  rule needy_big when caller.needy and amount is present and amount > 100 rials refer to bank
                  rule not_needy when not caller.needy refer to relief
                end
                """, example: "caller.needy: yes, amount: 100 rials"),
        .init(
            name: "counties",
            groups: """
                routing g first match
                  rule malayer when county is malayer refer to relief
                  rule unknown when county is absent refer to inspection
                end
                """, example: "county: hamedan"),
        .init(
            name: "a number below a bound",
            groups: """
                routing g first match
                  rule repeated when calls > 3 refer to inspection
                end
                """, example: "calls: 3"),
        .init(
            name: "instants",
            groups: """
                routing g first match
                  rule before when opened < 1403/01/01 refer to relief
                  rule after when opened >= 1403/06/01 refer to bank
                end
                """, example: "opened: 1403/01/01 00:00"),
        .init(
            name: "dates",
            groups: """
                routing g first match
                  rule old when birth is present and birth < 1350/01/01 refer to relief
                  rule missing when birth is absent refer to inspection
                end
                """, example: "birth: 1350/01/01"),
        .init(
            name: "a rule no longer in force",
            groups: """
                routing g first match
                  rule old valid until 1400/01/01 when yes refer to relief
                end
                """, example: "any case"),
    ]

    @Test(arguments: scenarios)
    func theReportedExampleFallsThroughTheGroup(_ scenario: CounterExamples.Scenario) throws {
        let book = try #require(CheckerBooks.book(scenario.groups))
        let gap = try #require(Checker.gaps(in: book).first { $0.group.id == "g" }, "no gap found")
        // The diagnostic prints this very region.
        let text = Checker.exampleText(gap.region, book: book)
        #expect(text == scenario.example)
        let reported = Checker.check(book).filter { $0.code == .groupGap }
        #expect(reported.count == 1)
        #expect(
            reported.first?.message
                == "some cases match no rule of `g`, which has no `otherwise`; for example \(text)")

        let document = CounterExamples.caseDocument(gap.region, book: book)
        let decision = try #require(
            TestRulebooks.decide(document, book, at: CounterExamples.instant, explain: true),
            "\(document)")
        #expect(
            decision.referrals.filter { $0.group == "g" } == [],
            "the example is referred by the group:\n\(document)")
        let trace = decision.trace ?? []
        #expect(trace.contains { $0.group == "g" }, "the group was not evaluated")
        #expect(
            !trace.contains { $0.group == "g" && $0.result == "matched" },
            "a rule matched the example:\n\(document)\n\(trace)")
    }

    /// An `all matches` group adds copies and alerts; matching nothing is no gap there, while the
    /// same rules under `first match` leave one.
    @Test func anAllMatchesGroupIsNotCheckedForGaps() throws {
        let rules = "  rule needy when caller.needy refer to relief\nend\n"
        let additive = try #require(CheckerBooks.book("routing g all matches\n" + rules))
        #expect(Checker.gaps(in: additive).isEmpty)
        let choosing = try #require(CheckerBooks.book("routing g first match\n" + rules))
        #expect(Checker.gaps(in: choosing).count == 1)
    }

    @Test func aGroupThatCoversEveryCaseHasNoGap() throws {
        let book = try #require(
            CheckerBooks.book(
                """
                routing g first match
                  rule needy when caller.needy refer to relief
                  rule not_needy when not caller.needy refer to bank
                end
                routing h first match
                  rule given when amount is present refer to relief
                  rule missing when amount is absent refer to bank
                end
                routing i first match
                  rule loans when category under loans refer to bank
                  rule others when not (category under loans) refer to relief
                  rule unknown when category is absent refer to inspection
                end
                """))
        #expect(Checker.gaps(in: book).isEmpty)
    }

    @Test func datedRulesDoNotCloseAGapButUndecidedRulesSilenceTheCheck() throws {
        let book = try #require(
            CheckerBooks.book(
                """
                routing dated first match
                  rule needy when caller.needy refer to relief
                  rule not_needy valid from 1403/01/01 when not caller.needy refer to bank
                end
                routing words first match
                  rule loan when description mentions "وام" refer to bank
                  rule needy when caller.needy refer to relief
                end
                """))
        #expect(Checker.gaps(in: book).map(\.group.id) == ["dated"])
    }
}

@Suite struct CheckerOverlapTests {
    static let scenarios: [CounterExamples.Scenario] = [
        .init(
            name: "two yes/no fields",
            groups: """
                routing g highest priority
                  rule needy when caller.needy refer to relief priority high
                  rule disabled when caller.disabled is yes refer to welfare priority high
                  otherwise refer to inspection
                end
                """, example: "caller.needy: yes, caller.disabled: yes"),
        .init(
            name: "a category and its parent",
            groups: """
                routing g highest priority
                  rule loans when category is present and category under loans refer to bank priority high
                  rule deposit when category is deposit refer to relief priority high
                  otherwise refer to inspection
                end
                """, example: "category: deposit"),
        .init(
            name: "overlapping amounts",
            groups: """
                routing g highest priority
                  rule above when amount is present and amount > 100 rials refer to bank priority normal
                  rule below when amount is present and amount < 1,000 rials refer to relief priority normal
                  otherwise refer to inspection
                end
                """, example: "amount: 101 rials"),
        .init(
            name: "a referral to the case's own support body",
            groups: """
                routing g highest priority
                  rule own_body when caller.needy refer to caller.support_body priority high
                  rule needy when caller.needy refer to relief priority high
                  otherwise refer to inspection
                end
                """, example: "caller.needy: yes, caller.support_body: bank"),
        .init(
            name: "statuses",
            groups: """
                routing g highest priority
                  rule open when status in [registered, referred] refer to relief
                  rule moving when status is not registered refer to inspection
                  otherwise refer to bank
                end
                """, example: "status: referred"),
    ]

    @Test(arguments: scenarios)
    func theReportedExampleMatchesBothRules(_ scenario: CounterExamples.Scenario) throws {
        let book = try #require(CheckerBooks.book(scenario.groups))
        let overlaps = Checker.overlaps(in: book)
        #expect(overlaps.count == 1)
        let overlap = try #require(overlaps.first)
        let text = Checker.exampleText(overlap.region, book: book)
        #expect(text == scenario.example)
        let reported = Checker.check(book).filter { $0.code == .ruleOverlap }
        #expect(
            reported.map(\.message) == [
                "rules `\(overlap.first.id)` and `\(overlap.second.id)` of `g` have the same priority and can both match, e.g. \(text)"
            ])

        let document = CounterExamples.caseDocument(overlap.region, book: book)
        let subject = try #require(TestRulebooks.decode(document, book), "\(document)")
        // Each condition is yes for the example …
        let expressions = ExpressionEvaluator(book: book, subject: subject)
        #expect(
            expressions.evaluate(overlap.first.condition).bool == true,
            "\(overlap.first.id) does not match:\n\(document)")
        #expect(
            expressions.evaluate(overlap.second.condition).bool == true,
            "\(overlap.second.id) does not match:\n\(document)")
        // … both rules match when the group takes every match …
        var allMatches = book
        let index = try #require(allMatches.groups.firstIndex { $0.id == "g" })
        allMatches.groups[index].policy = .allMatches
        let instant = try #require(Instant(parsingCaseTime: CounterExamples.instant))
        let every = Evaluator(rulebook: allMatches).decide(subject, at: instant, explain: true)
        let matched = (every.trace ?? []).filter { $0.group == "g" && $0.result == "matched" }.map(
            \.rule)
        #expect(matched == [overlap.first.id, overlap.second.id], "\(document)")
        // … and under the group's own policy the earlier one wins, silently.
        let decision = Evaluator(rulebook: book).decide(subject, at: instant)
        #expect(decision.referrals.first { $0.role == "primary" }?.rule == overlap.first.id)
    }

    @Test func rulesNeverInForceTogetherDoNotOverlap() throws {
        let book = try #require(
            CheckerBooks.book(
                """
                routing g highest priority
                  rule old valid until 1403/01/01 when caller.needy refer to relief priority high
                  rule new valid from 1403/01/01 when caller.needy refer to welfare priority high
                  rule overlapping valid from 1402/06/01 until 1403/06/01 when caller.needy refer to bank priority high
                  otherwise refer to inspection
                end
                """))
        #expect(
            Checker.overlaps(in: book).map { "\($0.first.id)/\($0.second.id)" } == [
                "old/overlapping", "new/overlapping",
            ])
    }

    @Test func rulesThatDecideTheSameDoNotOverlapWhereverTheirSLAIsWritten() throws {
        let book = try #require(
            CheckerBooks.book(
                """
                routing g highest priority
                  rule needy when caller.needy refer to relief priority high sla 3 days
                  rule disabled when caller.disabled is yes refer to relief priority high sla 3 days
                  rule disabled_later when caller.disabled is yes refer to relief priority high sla 4 days
                  otherwise refer to inspection
                end
                """))
        #expect(
            Checker.overlaps(in: book).map { "\($0.first.id)/\($0.second.id)" } == [
                "needy/disabled_later", "disabled/disabled_later",
            ])
    }

    @Test func differentPrioritiesAndExclusiveConditionsDoNotOverlap() throws {
        let book = try #require(
            CheckerBooks.book(
                """
                routing g highest priority
                  rule needy when caller.needy refer to relief priority high
                  rule needy_urgent when caller.needy and caller.disabled is yes refer to welfare priority urgent
                  rule not_needy when not caller.needy refer to bank priority high
                  rule words when description mentions "فوری" refer to inspection priority high
                  otherwise refer to inspection
                end
                """))
        #expect(Checker.overlaps(in: book).isEmpty)
    }
}
