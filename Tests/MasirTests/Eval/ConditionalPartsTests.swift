import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Outcome parts written with `when`: copies, priorities, deadlines and reasons that apply to
/// some of a rule's cases only.
@Suite struct ConditionalPartsTests {
    static let rules = """
        routing loans_by_amount first match
          rule loan
            when category under bank_facilities
            refer to bank_melli
            copy deputy_economic when amount >= 500,000,000 rials
            priority urgent when amount >= 10,000,000,000 rials
            priority high when amount >= 1,000,000,000 rials
            priority low
            sla 2 working days when caller.needy
            sla 5 working days
            because "وام کلان" when amount >= 1,000,000,000 rials
        end

        routing alerts all matches
          rule repeated
            when repeat_calls >= 3
            copy governor
        end
        """

    static func book() -> Rulebook? {
        TestRulebooks.national(plus: rules)
    }

    /// Both evaluators, so every expectation here holds for the compiled plan too.
    static func decide(_ extra: String, _ book: Rulebook, explain: Bool = false) -> Decision? {
        guard let subject = TestRulebooks.decode(TestRulebooks.loanCase + extra, book) else {
            return nil
        }
        let at = Instant(parsingCaseTime: "2024-11-15T10:00:00+03:30")!
        let reference = Evaluator(rulebook: book).decide(subject, at: at, explain: explain)
        let plan = Plan(book)
        #expect(plan.decide(subject, at: at, explain: explain) == reference)
        var scratch = Plan.Scratch()
        #expect(
            plan.decideCompact(
                plan.encode(subject), at: at, day: Int64(at.civilDate().dayNumber),
                scratch: &scratch) == plan.compact(reference))
        return reference
    }

    @Test func aConditionalCopyIsAddedOnlyWhenItsConditionHolds() throws {
        let book = try #require(Self.book())
        let small = try #require(Self.decide("\namount: 100,000,000", book))
        let large = try #require(Self.decide("\namount: 600,000,000", book))
        #expect(!small.referrals.contains { $0.agency == "deputy_economic" })
        #expect(large.referrals.contains { $0.agency == "deputy_economic" && $0.role == "copy" })
    }

    @Test func theFirstConditionalPriorityThatHoldsWinsElseTheUnconditionalOne() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing sizes first match
                      rule loan
                        when category under bank_facilities
                        refer to bank_melli
                        priority high when amount >= 1,000,000,000 rials
                        priority urgent when amount >= 10,000,000,000 rials
                        priority low
                    end
                    """))
        #expect(Self.decide("\namount: 20,000,000,000", book)?.priority.level == "high")
        #expect(Self.decide("\namount: 2,000,000,000", book)?.priority.level == "high")
        let low = try #require(Self.decide("\namount: 20", book))
        #expect(low.priority.level == "low")
        #expect(low.priority.rule == "sizes.loan")
    }

    @Test func conditionalDeadlineAndReasonReplaceTheUnconditionalOnes() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing follow_up all matches
                      rule quick
                        when repeat_calls >= 1
                        sla 1 hours when repeat_calls >= 5
                        sla 3 days
                        because "پیگیری مکرر" when repeat_calls >= 5
                    end
                    """))
        let many = try #require(Self.decide("\nrepeat_calls: 6", book))
        #expect(many.sla?.rule == "follow_up.quick")
        #expect(many.sla?.duration == "1 hour")
        let few = try #require(Self.decide("\nrepeat_calls: 1", book))
        #expect(few.sla?.duration == "3 days")
        #expect(many.reason?.text == "پیگیری مکرر")
        #expect(few.reason == nil)
    }

    @Test func aCopyMayStandWithoutAReferral() throws {
        let book = try #require(Self.book())
        let decision = try #require(Self.decide("\nrepeat_calls: 4", book))
        #expect(decision.referrals.first?.role == "primary")
        #expect(decision.referrals.contains { $0.agency == "governor" && $0.role == "copy" })
    }

    @Test func aPartWhoseFieldIsAbsentIsReportedAndDoesNotApply() throws {
        let book = try #require(Self.book())
        let decision = try #require(Self.decide("", book))
        #expect(!decision.referrals.contains { $0.agency == "deputy_economic" })
        #expect(decision.errors.contains { $0.field == "amount" && $0.rule == "loan" })
        #expect(decision.priority.level != "urgent")
    }

    @Test func theTraceSaysWhichPartAppliedAndWhy() throws {
        let book = try #require(Self.book())
        let decision = try #require(
            Self.decide("\namount: 2,000,000,000", book, explain: true))
        let entry = try #require(
            decision.trace?.first { $0.rule == "loan" && $0.result == "matched" })
        let parts = try #require(entry.parts)
        #expect(
            parts.map(\.result) == ["applied", "not applied", "applied", "not applied", "applied"])
        #expect(parts[1].part == "priority urgent")
        #expect(parts[1].saw?["amount"] != nil)
        #expect(parts[2].condition == "amount >= 1,000,000,000 rials")
    }

    @Test func aHighestPriorityGroupRanksRulesByTheirPriorityForTheCase() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing rank highest priority
                      rule by_amount
                        when category under bank_facilities
                        refer to welfare
                        priority urgent when amount >= 1,000,000,000 rials
                        priority low
                      rule by_need
                        when category under bank_facilities
                        refer to relief
                        priority high
                    end
                    """))
        let large = try #require(Self.decide("\namount: 2,000,000,000", book))
        #expect(large.referrals.contains { $0.agency == "welfare" && $0.group == "rank" })
        let small = try #require(Self.decide("\namount: 2", book))
        #expect(small.referrals.contains { $0.agency == "relief" && $0.group == "rank" })
    }
}
