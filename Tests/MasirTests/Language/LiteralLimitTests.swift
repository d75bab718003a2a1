import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage

/// Durations, amounts, numbers and dates outside `LiteralLimits` are refused where they are
/// written, and nothing downstream traps on a value at or beyond the limits.
@Suite struct LiteralLimitTests {
    /// A rulebook whose one rule has `condition` and `sla`, and whose ladder level waits `after`.
    static func rulebook(
        condition: String = "calls >= 0", sla: String = "5 working days",
        after: String = "2 working days"
    ) -> String {
        """
        rulebook r
          default calendar office
          default ladder standard
        agency a1 "یک"
        enum status: open, resolved
        case
          field calls : int default 0
          field amount : money optional
          field status : status default open
          field opened : datetime
        end
        calendar office
          saturday to wednesday 08:00-14:00
          thursday off
          friday off
        end
        escalation standard
          stop when resolved
          level l1 after \(after) since opened then remind assignee
        end
        routing g
          rule r1 when \(condition)
            refer to a1
            sla \(sla)
          otherwise refer to a1
        end

        """
    }

    /// The one out-of-range error of `text`, checked to point at `literal` exactly.
    static func outOfRange(
        _ text: String, literal: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        let parsed = parse(text)
        let found = parsed.errors.filter { $0.code == .outOfRange }
        try #require(found.count == 1, "\(parsed.rendered)", sourceLocation: sourceLocation)
        #expect(
            parsed.source.text(of: found[0].range) == literal, "\(parsed.rendered)",
            sourceLocation: sourceLocation)
        return found[0]
    }

    @Test func durationsLongerThanTheLimitAreRefusedWhereTheyAreWritten() throws {
        let sla = try Self.outOfRange(
            Self.rulebook(sla: "999999999999999 days"), literal: "999999999999999 days")
        #expect(sla.message.contains("1,500 days"))
        #expect(sla.help?.contains("36,000 hours") == true)
        _ = try Self.outOfRange(
            Self.rulebook(after: "999999999999999 days"), literal: "999999999999999 days")
        _ = try Self.outOfRange(
            Self.rulebook(after: "36001 working hours"), literal: "36001 working hours")
        _ = try Self.outOfRange(
            Self.rulebook(condition: "calls >= 0 and opened < 2160001 minutes"),
            literal: "2160001 minutes")
    }

    @Test func amountsNumbersAndDatesOutsideTheLimitsAreRefused() throws {
        let money = try Self.outOfRange(
            Self.rulebook(condition: "amount > 1,000,000,000,000,001 rials"),
            literal: "1,000,000,000,000,001 rials")
        #expect(money.help?.contains("1,000,000,000,000,000 rials") == true)
        _ = try Self.outOfRange(
            Self.rulebook(condition: "calls > 9000000000000000000"), literal: "9000000000000000000")
        for date in [
            "0001/01/01", "9999/12/29", "1299/12/29", "1600/01/01", "0001-01-01",
            "9999-12-31", "2221-01-01",
        ] {
            let error = try Self.outOfRange(
                Self.rulebook(condition: "opened >= \(date)"), literal: date)
            #expect(error.help?.contains("1300–1599") == true)
        }
    }

    @Test func valuesAtTheLimitsLoad() {
        let text = Self.rulebook(
            condition:
                "amount > 1,000,000,000,000,000 rials and calls < 1000000000000000 and opened >= 1300/01/01 and opened < 1599/12/29 and opened > 1922-01-01 and opened < 2220-12-31",
            sla: "1500 working days", after: "36000 hours")
        let result = Loader.memory(["r.masir": text]).load("r.masir")
        #expect(
            !result.diagnostics.hasErrors,
            "\(DiagnosticRenderer.render(result.diagnostics, sources: result.sources))")
    }

    @Test func everyDiagnosticCodeIsDocumented() {
        #expect(DiagnosticCode.outOfRange.documentation.contains("1,500 days"))
    }

    /// Rulebooks built in code skip the parser; the checker and both evaluators must still not
    /// trap on durations no rulebook text may hold.
    @Test func hugeDurationsInABuiltRulebookDoNotTrap() throws {
        let result = Loader.memory(["r.masir": Self.rulebook()]).load("r.masir")
        var book = try #require(result.rulebook)
        book.ladders[0].levels[0].after?.amount = 999_999_999_999_999
        book.groups[0].rules[0].outcome.sla?.amount = 999_999_999_999_999
        book.groups[0].rules[0].outcome.sla?.working = false
        _ = Checker.check(book)
        let yaml = "calls: 1\nopened: 2024-11-02T09:00:00+03:30\n"
        let subject = try #require(
            try? CaseDecoder(rulebook: book).decodeOne(yaml, file: "c").get())
        let at = try #require(Instant(parsingCaseTime: "2024-11-15T10:00:00+03:30"))
        let reference = Evaluator(rulebook: book).decide(subject, at: at, explain: false)
        let compiled = Plan(book).decide(subject, at: at, explain: false)
        #expect(reference.sla?.due == nil)
        #expect(compiled.sla?.due == nil)
    }

    @Test func durationSecondsSaturate() {
        #expect(DurationLiteral.Unit.days.seconds(2) == 172_800)
        #expect(DurationLiteral.Unit.days.seconds(.max) == .max)
        #expect(DurationLiteral.Unit.minutes.seconds(.min) == .min)
    }

    @Test func deadlinesBeyondWhatAnInstantHoldsAreNone() {
        let start = Instant(secondsSinceEpoch: 1_730_525_400)
        #expect(
            Clock.deadline(from: start, .calendarSeconds(.max), calendar: nil, pauses: []) == nil)
        let calendar = WorkingCalendar.iranGovernment()
        #expect(calendar.deadline(start: start, amount: .workingDays(.max), pauses: []) == nil)
        #expect(calendar.deadline(start: start, amount: .workingSeconds(.max), pauses: []) == nil)
        #expect(calendar.deadline(start: start, amount: .calendarSeconds(.max), pauses: []) == nil)
    }
}
