import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// `copy`, `priority`, `sla` and `because` with `when`, and `copy` without `refer to`.
@Suite struct ConditionalPartsSyntaxTests {
    static func outcome(_ clauses: String) throws -> (Outcome, ParsedFile) {
        let parsed = parse("rulebook r\nrouting g\n  rule a\n    when x\n\(clauses)\nend\n")
        guard case .routing(let routing) = parsed.syntax.declarations.first?.kind,
            case .rule(let rule) = routing.items.first?.kind
        else { throw ParserTests.Failure("no rule\n\(parsed.rendered)") }
        return (rule.outcome, parsed)
    }

    @Test func partsWithWhenAreConditionalInTheOrderWritten() throws {
        let (outcome, parsed) = try Self.outcome(
            """
                refer to bank copy inspection
                copy deputy, governor when amount >= 500 rials
                priority urgent when amount >= 10,000 rials
                priority high when amount >= 1,000 rials
                priority low
                sla 2 working days when needy
                because "کلان" when amount >= 1,000 rials
            """)
        #expect(parsed.errors.isEmpty, "\(parsed.rendered)")
        #expect(outcome.copies.map(\.text) == ["inspection"])
        #expect(outcome.priority?.text == "low")
        #expect(outcome.sla == nil)
        let kinds = outcome.conditional.map { part -> String in
            switch part.kind {
            case .copy(let names): "copy " + names.map(\.text).joined(separator: ",")
            case .priority(let p): "priority " + p.text
            case .sla(let d): "sla \(d.amount)"
            case .because(let b): "because " + b.value
            case .target(let name, let d): "sla \(name.text) \(d.amount)"
            }
        }
        #expect(
            kinds == [
                "copy deputy,governor", "priority urgent", "priority high", "sla 2",
                "because کلان",
            ])
        #expect(ParserTests.sexpr(outcome.conditional[1].condition) == "(>= amount 10000rial)")
    }

    @Test func aCopyStandsWithoutAReferral() throws {
        let (outcome, parsed) = try Self.outcome("    copy inspection\n    copy deputy")
        #expect(parsed.errors.isEmpty, "\(parsed.rendered)")
        #expect(outcome.referTo == nil)
        #expect(outcome.copies.map(\.text) == ["inspection", "deputy"])
    }

    @Test func onlyTheUnconditionalFormOfAClauseIsOncePerRule() throws {
        let (_, conditional) = try Self.outcome(
            "    priority high when a\n    priority low when b\n    priority normal")
        #expect(conditional.errors.isEmpty, "\(conditional.rendered)")
        let (_, twice) = try Self.outcome(
            "    priority high when a\n    priority low\n    priority normal")
        #expect(twice.errors.map(\.code) == [.duplicateClause])
    }

    @Test func aMissingPartConditionIsReportedWhereItIsMissing() throws {
        let parsed = parse(
            "rulebook r\nrouting g\n  rule a\n    when x\n    refer to bank\n    priority high when\n    sla 3 days\nend\n"
        )
        #expect(parsed.errors.map(\.code) == [.expectedExpression])
        #expect(parsed.errors.first?.message.contains("`sla`") == true)
    }
}
