import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// The base ladder: remind 3 working days after referral (unless answered), escalate at the SLA,
/// notify 3 working days after the SLA. The loan rule's SLA is 7 working days.
@Suite struct EscalationTests {
    // Referred Saturday 1403/08/12 10:00. Working days Sat–Wed, holidays from the official table.
    // 7 working days after that day: 13,14,15,16 (Sat 12 excluded; Thu 17, Fri 18 off), 19,20,21 → Wed 1403/08/23...
    // 13 Sun,14 Mon,15 Tue,16 Wed,19 Sat,20 Sun,21 Mon → Monday 1403/08/21 14:30.
    static let slaDue = "1403/08/21 14:30"

    @Test func levelsFireInTurnAndTheNextOneIsDue() throws {
        let book = try #require(TestRulebooks.national())
        let early = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, at: "1403/08/13 10:00"))
        #expect(early.sla?.due?.jalali == Self.slaDue)
        #expect(early.escalation?.current == nil)
        #expect(early.escalation?.next?.level == "remind")
        #expect(early.escalation?.next?.due?.jalali == "1403/08/15 14:30")

        let middle = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, at: "1403/08/21 14:30"))
        #expect(middle.escalation?.levels.map(\.fired) == [true, true, false])
        #expect(middle.escalation?.current == "first")
        // Three working days after the SLA day (Mon 21): Tue 22, Wed 23, Sat 26.
        #expect(middle.escalation?.next?.due?.jalali == "1403/08/26 14:30")
        #expect(middle.escalation?.effectivePriority == "normal")

        let late = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, at: "1403/09/10 10:00"))
        #expect(late.escalation?.current == "late")
        #expect(late.escalation?.next == nil)
        #expect(late.escalation?.effectivePriority == "urgent")
    }

    @Test func aLevelWhoseConditionFailsDoesNotFire() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(
            TestRulebooks.decide(
                TestRulebooks.loanCase + "\nstatus: answered", book, at: "1403/08/16 10:00"))
        let remind = try #require(decision.escalation?.levels.first)
        #expect(remind.fired == false)
        #expect(remind.note == "its condition does not hold")
    }

    @Test func pausesPushTheClockBack() throws {
        let book = try #require(TestRulebooks.national())
        // Waiting for documents from Sunday 13 10:00 to Tuesday 15 10:00: two working days of pause.
        let yaml =
            TestRulebooks.loanCase + """

                status: referred
                history:
                  - {status: referred, at: 1403/08/12 10:00}
                  - {status: waiting_documents, at: 1403/08/13 10:00}
                  - {status: referred, at: 1403/08/15 10:00}
                """
        let decision = try #require(TestRulebooks.decide(yaml, book, at: "1403/08/16 10:00"))
        let remind = try #require(decision.escalation?.levels.first)
        #expect(remind.fired == false)
        // Without the pause it would be due Tue 15 14:30; two working days later: Sat 19 14:30.
        #expect(remind.due?.jalali == "1403/08/19 14:30")
        #expect(decision.escalation?.clock == "running")
    }

    @Test func anOpenPauseLeavesLaterDeadlinesUnknown() throws {
        let book = try #require(TestRulebooks.national())
        let yaml =
            TestRulebooks.loanCase + """

                status: waiting_documents
                history:
                  - {status: waiting_documents, at: 1403/08/13 10:00}
                """
        let decision = try #require(TestRulebooks.decide(yaml, book, at: "1403/08/20 10:00"))
        #expect(decision.escalation?.clock == "paused")
        #expect(decision.escalation?.levels.allSatisfy { !$0.fired } == true)
        #expect(decision.sla?.due == nil)
    }

    @Test func aResolvedCaseStopsTheClock() throws {
        let book = try #require(TestRulebooks.national())
        let yaml =
            TestRulebooks.loanCase + """

                status: resolved
                history:
                  - {status: referred, at: 1403/08/12 10:00}
                  - {status: resolved, at: 1403/08/20 09:00}
                """
        let decision = try #require(TestRulebooks.decide(yaml, book, at: "1403/09/20 10:00"))
        #expect(decision.escalation?.clock == "stopped")
        // Reminded before the resolution; the SLA (21st) came after it, so it never fired.
        #expect(decision.escalation?.levels.map(\.fired) == [true, false, false])
        #expect(decision.escalation?.next == nil)
    }

    @Test func calendarHourDeadlinesIgnoreWorkingTime() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing fast all matches
                      rule quick when caller.needy sla 48 hours
                    end
                    """))
        let decision = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase + "\ncaller: {needy: yes}", book))
        #expect(decision.sla?.rule == "fast.quick")
        #expect(decision.sla?.due?.jalali == "1403/08/14 10:00")
    }

    @Test func statusChangesAfterTheInstantAreNotYetKnown() throws {
        let book = try #require(TestRulebooks.national())
        // Resolved on the 20th: replayed on the 16th the case is still running and the reminder (15th) has fired.
        let yaml =
            TestRulebooks.loanCase + """

                status: resolved
                history:
                  - {status: referred, at: 1403/08/12 10:00}
                  - {status: resolved, at: 1403/08/20 09:00}
                """
        let replay = try #require(TestRulebooks.decide(yaml, book, at: "1403/08/16 10:00"))
        #expect(replay.escalation?.clock == "running")
        #expect(replay.escalation?.levels.map(\.fired) == [true, false, false])
        #expect(replay.escalation?.next?.level == "first")
    }
}
