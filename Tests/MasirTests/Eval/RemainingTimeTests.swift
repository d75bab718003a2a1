import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar

/// The SLA's time remaining at the evaluation instant: calendar and working time, overdue past
/// the due instant, absent once the clock has stopped; the compiled plan states the same.
@Suite struct RemainingTimeTests {
    static let sample = Repository.url("rules/provinces/hamedan/cases/needy-housing-deposit.yaml")

    static func decide(_ extra: String = "", at: String) throws -> Decision {
        let engine = try Engine.load(path: Repository.url("rules").path)
        let text = try String(contentsOf: sample, encoding: .utf8) + extra
        return try engine.evaluate(.text(text), at: Instant(parsingCaseTime: at)!)
    }

    @Test func theTimeLeftBeforeTheDueInstantIsCountedBothWays() throws {
        // Due 1403/08/19 14:30; Hamedan works Saturday–Wednesday 07:30–14:30.
        let decision = try Self.decide(at: "1403/08/13 11:00")
        let remaining = try #require(decision.sla?.remaining)
        #expect(!remaining.overdue)
        #expect(remaining.calendarMinutes == 6 * 1440 + 3 * 60 + 30)
        #expect(remaining.calendar == "6 days 3 hours 30 minutes")
        // Sunday 11:00–14:30, Monday to Wednesday, then Saturday: 3.5 + 3 × 7 + 7 hours.
        #expect(remaining.workingMinutes == Int64(31 * 60 + 30))
        #expect(remaining.working == "31 working hours 30 minutes")
        #expect(
            DecisionRenderer.text(decision).contains(
                "6 days 3 hours 30 minutes left (31 working hours 30 minutes)"))
        #expect(
            decision.compactJSON.contains(
                #""remaining":{"calendar":"6 days 3 hours 30 minutes","calendarMinutes":8850,"overdue":false"#
            ))
    }

    @Test func pastTheDueInstantTheTimeSaysByHowMuch() throws {
        let remaining = try #require(try Self.decide(at: "1403/08/20 10:00").sla?.remaining)
        #expect(remaining.overdue)
        #expect(remaining.calendar == "19 hours 30 minutes")
        // Saturday 14:30 to Sunday 10:00 holds 2.5 working hours.
        #expect(remaining.workingMinutes == Int64(150))
        #expect(remaining.working == "2 working hours 30 minutes")
    }

    @Test func aStoppedClockHasNoTimeRemaining() throws {
        let stopped = try Self.decide(
            "history:\n  - {status: registered, at: 1403/08/12 10:00}\n  - {status: resolved, at: 1403/08/14 09:00}\n",
            at: "1403/08/15 10:00")
        #expect(stopped.escalation?.clock == "stopped")
        #expect(stopped.sla?.due != nil && stopped.sla?.remaining == nil)
    }

    @Test func theReferenceEvaluatorAndThePlanAgree() throws {
        let engine = try Engine.load(path: Repository.url("rules").path)
        let reference = try Engine.load(path: Repository.url("rules").path, strategy: .reference)
        let text = try String(contentsOf: Self.sample, encoding: .utf8)
        for at in ["1403/08/13 11:00", "1403/08/19 14:30", "1403/08/25 09:00"] {
            let instant = Instant(parsingCaseTime: at)!
            let planned = try engine.evaluate(.text(text), at: instant)
            #expect(planned.sla?.remaining != nil)
            #expect(planned == (try reference.evaluate(.text(text), at: instant)))
        }
    }
}
