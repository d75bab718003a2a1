import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// A schema with every kind of field the exact analysis reasons about, for checker tests.
enum CheckerBooks {
    static let base = """
        rulebook analysis

        agency relief "کمیته امداد"
        agency welfare "بهزیستی"
        agency bank "بانک ملی"
        agency inspection "دفتر بازرسی"

        category loans "تسهیلات بانکی" mentions "وام"
        category deposit "ودیعه مسکن" under loans mentions "ودیعه"
        category investment "موانع سرمایه گذاری" mentions "سرمایه گذاری"

        county malayer "ملایر"
        county hamedan "همدان"

        enum status: registered, referred, waiting_documents, answered, resolved

        case
          field description : text default ""
          field category : category optional infer from description
          field county : county optional
          field caller.needy : bool default no
          field caller.disabled : bool optional
          field caller.support_body : agency optional
          field amount : money optional
          field calls : int default 0
          field status : status default registered
          field opened : datetime
          field birth : date optional
        end

        """

    /// The base schema with `groups` appended; fails the test when it does not load.
    static func book(
        _ groups: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Rulebook? {
        TestRulebooks.load(
            ["r/analysis.masir": base + groups], "r/analysis.masir", sourceLocation: sourceLocation)
    }

    /// The checker's findings of one code for the base schema with `groups`.
    static func findings(
        _ code: DiagnosticCode, _ groups: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [Diagnostic] {
        guard let book = book(groups, sourceLocation: sourceLocation) else { return [] }
        return Checker.check(book).filter { $0.code == code }
    }

    /// The ids of the rules reported as shadowed, in order.
    static func shadowed(
        _ groups: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [String] {
        findings(.ruleShadowed, groups, sourceLocation: sourceLocation).map { diagnostic in
            // "rule `g.id` can never fire: …"
            let quoted = diagnostic.message.split(separator: "`")
            return quoted.count > 1
                ? String(quoted[1].split(separator: ".").last ?? "") : diagnostic.message
        }
    }
}

@Suite struct CheckerShadowingTests {
    // MARK: Category hierarchy

    @Test func aParentCategoryShadowsItsChild() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule loans when category is present and category under loans refer to bank
                  rule deposit when category is deposit refer to relief
                  otherwise refer to inspection
                end
                """) == ["deposit"])
    }

    @Test func aChildCategoryFirstShadowsNothing() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule deposit when category is deposit refer to relief
                  rule loans when category is present and category under loans refer to bank
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func aSiblingCategoryIsNotShadowedByTheParent() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule loans when category is present and category under loans refer to bank
                  rule investment when category is investment refer to relief
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func categoryListsCountTheirMembersOnly() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule listed when category in [deposit, investment] refer to bank
                  rule investment when category is investment refer to relief
                  rule loans when category is present and category under loans refer to welfare
                  otherwise refer to inspection
                end
                """) == ["investment"])
    }

    // MARK: Intervals

    @Test func anEmptyIntervalIsUnsatisfiable() {
        let found = CheckerBooks.findings(
            .ruleUnsatisfiable,
            """
            routing r first match
              rule impossible when amount is present and amount > 10 rials and amount < 5 rials refer to bank
              rule touching when calls > 3 and calls < 4 refer to bank
              rule possible when amount is present and amount > 10 rials and amount < 12 rials refer to bank
              otherwise refer to inspection
            end
            """)
        #expect(
            found.map(\.message) == [
                "rule `r.impossible` can never fire: its condition is never true",
                "rule `r.touching` can never fire: its condition is never true",
            ])
    }

    @Test func aWiderBoundShadowsANarrowerOne() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule wide when amount is present and amount >= 100 rials refer to bank
                  rule narrow when amount is present and amount > 200 rials refer to relief
                  otherwise refer to inspection
                end
                """) == ["narrow"])
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule narrow when amount is present and amount > 200 rials refer to relief
                  rule wide when amount is present and amount >= 100 rials refer to bank
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func boundsMeetExactlyAtTheEdge() {
        // `>= 100` takes 100 itself; `> 99` and `>= 100` are the same set of whole rials.
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule low when amount is present and amount > 99 rials refer to bank
                  rule same when amount is present and amount >= 100 rials refer to relief
                  otherwise refer to inspection
                end
                """) == ["same"])
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule low when amount is present and amount > 100 rials refer to bank
                  rule edge when amount is present and amount >= 100 rials refer to relief
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func rulesAboveCanShadowTogether() {
        let found = CheckerBooks.findings(
            .ruleShadowed,
            """
            routing r first match
              rule small when amount is present and amount < 1,000 rials refer to bank
              rule large when amount is present and amount >= 1,000 rials refer to relief
              rule missing when amount is absent refer to welfare
              rule anything when calls >= 0 or calls < 0 refer to inspection
            end
            """)
        #expect(found.count == 1)
        #expect(
            found.first?.message
                == "rule `r.anything` can never fire: the rules above it match every case it matches"
        )
        #expect(found.first?.notes.count == 3)
    }

    // MARK: Negation and absence (Kleene logic)

    @Test func negationOfAYesNoFieldIsItsOtherValue() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule not_needy when not caller.needy refer to bank
                  rule said_no when caller.needy is no refer to relief
                  otherwise refer to inspection
                end
                """) == ["said_no"])
    }

    @Test func aNegatedTestOfAnAbsentFieldIsUndecidedSoItShadowsNoAbsence() {
        // `not (amount > 100 rials)` is undecided, not yes, when amount is absent.
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule not_big when not (amount > 100 rials) refer to bank
                  rule missing when amount is absent refer to relief
                  otherwise refer to inspection
                end
                """) == [])
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule not_big when not (amount > 100 rials) refer to bank
                  rule small when amount is present and amount < 50 rials refer to relief
                  otherwise refer to inspection
                end
                """) == ["small"])
    }

    @Test func negatedCategoryTestsExcludeTheSubtree() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule other when not (category under loans) refer to bank
                  rule investment when category is investment refer to relief
                  rule deposit when category is deposit refer to welfare
                  rule unknown when category is absent refer to welfare
                  otherwise refer to inspection
                end
                """) == ["investment"])
    }

    @Test func deMorganHoldsOverAbsentFields() {
        // not (needy or disabled) is yes only when disabled is present and no.
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule neither when not (caller.needy or caller.disabled) refer to bank
                  rule both_no when caller.needy is no and caller.disabled is no refer to relief
                  rule unknown when caller.needy is no and caller.disabled is absent refer to welfare
                  otherwise refer to inspection
                end
                """) == ["both_no"])
    }

    // MARK: Optional fields and presence

    @Test func presenceTestsShadowAndAreShadowed() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule given when amount is present refer to bank
                  rule big when amount is present and amount > 5 rials refer to relief
                  otherwise refer to inspection
                end
                """) == ["big"])
        // Every present amount is either > 5 or <= 5, so the rule below never fires …
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule split when amount > 5 rials or amount <= 5 rials refer to bank
                  rule given when amount is present refer to relief
                  otherwise refer to inspection
                end
                """) == ["given"])
        // … but a rule for the absent amount does.
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule split when amount > 5 rials or amount <= 5 rials refer to bank
                  rule missing when amount is absent refer to relief
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func aDefaultMakesAFieldAlwaysPresent() {
        // `calls` defaults to 0, so `calls is present` is always yes.
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule counted when calls is present refer to bank
                  rule any when yes refer to relief
                end
                """) == ["any"])
        #expect(
            CheckerBooks.findings(
                .ruleUnsatisfiable,
                """
                routing r first match
                  rule never when calls is absent refer to bank
                  otherwise refer to inspection
                end
                """
            ).count == 1)
    }

    // MARK: Dates of validity

    @Test func anEarlierRuleInForceOnlyPartOfTheTimeShadowsNothing() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule campaign valid from 1403/01/01 until 1404/01/01 when caller.needy refer to welfare
                  rule needy when caller.needy refer to relief
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func anEarlierRuleInForceWheneverTheLaterOneIsShadowsIt() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule needy when caller.needy refer to relief
                  rule campaign valid from 1403/01/01 until 1404/01/01 when caller.needy refer to welfare
                  otherwise refer to inspection
                end
                """) == ["campaign"])
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule long valid from 1400/01/01 until 1410/01/01 when caller.needy refer to relief
                  rule short valid from 1403/01/01 until 1404/01/01 when caller.needy refer to welfare
                  rule later valid from 1409/01/01 until 1411/01/01 when caller.needy refer to bank
                  otherwise refer to inspection
                end
                """) == ["short"])
    }

    // MARK: Referral to an agency named by the case

    @Test func aReferralToAFieldIsSkippedWhenTheFieldIsAbsentSoItShadowsOnlyWhereItIsPresent() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule own_body when caller.needy refer to caller.support_body
                  rule needy when caller.needy refer to relief
                  otherwise refer to inspection
                end
                """) == [])
        #expect(
            CheckerBooks.shadowed(
                """
                routing r first match
                  rule own_body when caller.needy refer to caller.support_body
                  rule named when caller.needy and caller.support_body is present refer to relief
                  otherwise refer to inspection
                end
                """) == ["named"])
    }

    // MARK: What the analysis does not decide

    @Test func mentionsGivesANoteRatherThanAGuess() throws {
        let book = try #require(
            CheckerBooks.book(
                """
                routing r first match
                  rule loan when description mentions "وام" refer to bank
                  rule loan_again when description mentions "وام" refer to relief
                  rule needy when caller.needy refer to welfare
                  rule needy_again when caller.needy refer to inspection
                end
                """))
        let findings = Checker.check(book)
        let notes = findings.filter { $0.code == .notAnalysed }
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .note)
        #expect(
            notes.first?.message
                == "2 rules of `r` use conditions the checker cannot decide (`mentions`, texts, sets, functions, `??`, or one field compared with another): `loan`, `loan_again`"
        )
        // The identical `mentions` rules are not called shadowed, and with undecided rules in the
        // group no gap is claimed; the decidable rules are still checked against each other.
        let shadowed = findings.filter { $0.code == .ruleShadowed }.map(\.message)
        #expect(
            shadowed == [
                "rule `r.needy_again` can never fire: rule `needy` above it matches every case it matches"
            ])
        #expect(!findings.contains { $0.code == .groupGap })
    }

    @Test func functionsSetsAndDefaultsAreNotAnalysedEither() {
        let notes = CheckerBooks.findings(
            .notAnalysed,
            """
            routing r first match
              rule long when length(description) > 100 refer to bank
              rule defaulted when (amount ?? 0 rials) > 5 rials refer to relief
              rule two_fields when caller.needy is caller.disabled refer to welfare
              otherwise refer to inspection
            end
            """)
        #expect(
            notes.map(\.message) == [
                "3 rules of `r` use conditions the checker cannot decide (`mentions`, texts, sets, functions, `??`, or one field compared with another): `long`, `defaulted`, `two_fields`"
            ])
    }

    @Test func highestPriorityGroupsAreNotCheckedForShadowing() {
        #expect(
            CheckerBooks.shadowed(
                """
                routing r highest priority
                  rule needy when caller.needy refer to relief priority high
                  rule needy_urgent when caller.needy refer to relief priority urgent
                  otherwise refer to inspection
                end
                """) == [])
    }

    @Test func unsatisfiableEnumAndLevelConditions() throws {
        #expect(
            CheckerBooks.findings(
                .ruleUnsatisfiable,
                """
                routing r first match
                  rule both when status is resolved and status is registered refer to bank
                  rule neither when status in [registered, referred] and status not in [registered, referred] refer to bank
                  otherwise refer to inspection
                end
                """
            ).count == 2)
        #expect(
            CheckerBooks.findings(
                .levelUnreachable,
                """
                routing r first match
                  otherwise refer to inspection sla 3 days
                end
                escalation ladder_a
                  level never at sla when caller.needy and not caller.needy then notify inspection
                  level sometimes at sla when caller.needy then notify inspection
                end
                """
            ).count == 1)
    }
}

@Suite struct CheckerLadderAndDirectoryTests {
    static let routing = """
        routing r first match
          otherwise refer to relief sla 5 days ladder l
        end

        """

    @Test func levelsCompareWithinOneKindOfTimeAndAtAPointComesFirst() {
        let found = CheckerBooks.findings(
            .ladderOrder,
            Self.routing + """
                calendar office
                  saturday to wednesday 07:30-14:30
                  thursday to friday off
                end
                escalation l on office
                  level a after 5 working days since opened then notify inspection
                  level b after 2 days since opened then notify inspection
                  level c after 3 working days since opened then notify inspection
                  level d after 1 days since sla then notify inspection
                  level e at sla then notify inspection
                  level f after 2 working days since sla then notify inspection
                end
                """)
        // b (calendar days) is not comparable with a (working days); c is earlier than a although
        // b stands between them; e, the SLA itself, is earlier than d.
        #expect(
            found.map(\.message) == [
                "level `l.c` comes after `a` but its threshold is not later",
                "level `l.e` comes after `d` but its threshold is not later",
            ])
    }

    @Test func aSupervisorCycleIsReportedOncePerCycle() {
        let found = CheckerBooks.findings(
            .supervisorCycle,
            Self.routing + """
                agency a "الف" supervisor b
                agency b "ب" supervisor c
                agency c "ج" supervisor a
                agency d "د" supervisor a
                agency e "ه" supervisor e
                escalation l
                  level late at sla then notify a, notify b, notify c, notify d, notify e
                end
                """)
        #expect(
            found.map(\.message) == [
                "supervising agencies form a cycle: `a` → `b` → `c` → `a`",
                "supervising agencies form a cycle: `e` → `e`",
            ])
    }

    @Test func anAgencyWithASupervisorButNoUseIsUnused() throws {
        let book = try #require(
            TestRulebooks.load(
                [
                    "r/d.masir": """
                    rulebook directory

                    agency relief "کمیته امداد" supervisor governor
                    agency governor "استاندار"
                    agency old_office "دفتر پیشین" supervisor governor

                    routing r first match
                      otherwise refer to relief
                    end
                    """
                ], "r/d.masir"))
        #expect(
            Checker.check(book).filter { $0.code == .unusedAgency }.map(\.message) == [
                "agency `old_office` is never referred to, copied, escalated to or supervising"
            ])
    }
}
