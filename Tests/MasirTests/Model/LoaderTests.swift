import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct InheritanceTests {
    static func province(_ body: String) -> [String: String] {
        [
            "r/national/rulebook.masir": TestRulebooks.national,
            "r/provinces/p/rulebook.masir":
                "rulebook p extends national\n  province \"پ\"\n  area code \"081\"\n" + body,
        ]
    }

    @Test func provincialRulesAreTriedBeforeInheritedOnes() throws {
        let book = try #require(
            TestRulebooks.load(
                Self.province(
                    """
                    routing referrals
                      rule local when category under bank_facilities refer to governor
                    end
                    """), "r/provinces/p"))
        #expect(book.lineage == ["p", "national"])
        #expect(book.groups[0].rules.map(\.id) == ["local", "needy", "big_loan", "loan"])
        let decision = try #require(TestRulebooks.decide(TestRulebooks.loanCase, book))
        #expect(decision.referrals.first?.agency == "governor")
    }

    @Test func replaceKeepsThePlaceAndDisableRemoves() throws {
        let book = try #require(
            TestRulebooks.load(
                Self.province(
                    """
                    routing referrals
                      replace rule big_loan when category under bank_facilities and amount > 5 rials refer to governor
                      disable rule needy
                      otherwise refer to governor
                    end
                    replace agency inspection "دفتر بازرسی استانداری پ"
                    """), "r/provinces/p"))
        #expect(book.groups[0].rules.map(\.id) == ["big_loan", "loan"])
        #expect(book.groups[0].rules[0].rulebook == "p")
        #expect(book.agency("inspection")?.name == "دفتر بازرسی استانداری پ")
        let fallback = try #require(
            TestRulebooks.decide("description: \"سلام\"\nopened: 2024-11-02T09:00:00+03:30", book))
        #expect(fallback.referrals.first?.agency == "governor")
    }

    @Test func overridingSomethingThatDoesNotExistIsAnError() {
        let diagnostics = TestRulebooks.diagnostics(
            Self.province(
                """
                routing referrals
                  disable rule neddy
                end
                disable agency nobody
                """), "r/provinces/p")
        #expect(diagnostics.filter { $0.code == .overrideOfMissing }.count == 2)
        #expect(
            diagnostics.first { $0.code == .overrideOfMissing }?.help == "did you mean `needy`?")
    }

    @Test func redeclaringAnInheritedNameSaysToUseReplace() {
        let diagnostics = TestRulebooks.diagnostics(
            Self.province("agency relief \"امداد\"\n"), "r/provinces/p")
        let duplicate = diagnostics.first { $0.code == .duplicateName }
        #expect(duplicate?.message == "agency `relief` is already declared in `national`")
        #expect(duplicate?.help?.contains("replace agency relief") == true)
    }

    @Test func aMissingParentAndACycleAreReported() {
        let missing = TestRulebooks.diagnostics(
            ["r/a/rulebook.masir": "rulebook a extends nowhere\n"], "r/a")
        #expect(missing.map(\.code) == [.unknownParent])
        let cycle = TestRulebooks.diagnostics(
            [
                "r/a/rulebook.masir": "rulebook a extends b\n",
                "r/b/rulebook.masir": "rulebook b extends a\n",
            ], "r/a")
        #expect(cycle.map(\.code) == [.inheritanceCycle])
    }

    @Test func importsMergeDeclarations() throws {
        let book = try #require(
            TestRulebooks.load(
                [
                    "r/national/rulebook.masir": TestRulebooks.national
                        + "\nimport \"extra.masir\"\n",
                    "r/national/extra.masir":
                        "rulebook extra\nagency red_crescent \"هلال احمر\" kind support\n",
                ], "r/national"))
        #expect(book.agency("red_crescent")?.name == "هلال احمر")
    }
}

@Suite struct NameResolutionTests {
    static func check(_ extra: String) -> [Diagnostic] {
        TestRulebooks.diagnostics(
            ["r/national/rulebook.masir": TestRulebooks.national + "\n" + extra], "r/national")
    }

    @Test func misspeltAgencySuggestsTheNearOne() {
        let diagnostics = Self.check(
            "routing x first match\n  rule a when caller.needy refer to releif\nend\n")
        #expect(diagnostics.map(\.code) == [.unknownAgency])
        #expect(diagnostics.first?.help == "did you mean `relief`?")
        #expect(diagnostics.first?.fixIts.first?.replacement == "relief")
    }

    @Test func unknownFieldsValuesAndCategories() {
        let diagnostics = Self.check(
            """
            routing x first match
              rule a when caler.needy refer to relief
              rule b when status is resolvd refer to relief
              rule c when category under housng refer to relief
              rule d when county is nowhere refer to relief
            end
            """)
        #expect(
            diagnostics.map(\.code) == [
                .unknownField, .unknownValue, .unknownCategory, .unknownCounty,
            ])
        #expect(diagnostics[0].help == "did you mean `caller.needy`?")
        #expect(diagnostics[1].help == "did you mean `resolved`?")
    }

    @Test func typeErrorsSayWhatWasExpected() {
        let diagnostics = Self.check(
            """
            routing x first match
              rule a when amount > 1000 refer to relief
              rule b when caller.needy mentions "x" refer to relief
              rule c when description refer to relief
              rule d when status is relief refer to relief
            end
            """)
        #expect(
            diagnostics.map(\.code) == [.typeMismatch, .typeMismatch, .notBoolean, .unknownValue])
        #expect(diagnostics[0].help == "write the amount in rials: `1000 rials`")
    }

    @Test func ladderAndCalendarReferencesAreChecked() {
        let diagnostics = Self.check(
            """
            calendar other
              saterday 08:00-12:00
            end
            escalation extra on nocal
              pause while waiting_docs
              level a after 1 working day since opend then escalate to nobody
            end
            """)
        #expect(
            Set(diagnostics.map(\.code)) == [
                .unknownWeekday, .unknownCalendar, .unknownValue, .unknownField, .unknownAgency,
            ])
    }
}
