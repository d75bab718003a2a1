import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct RoutingTests {
    @Test func firstMatchTakesTheFirstRuleInOrder() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(TestRulebooks.decide(TestRulebooks.loanCase, book))
        #expect(decision.referrals.map(\.agency) == ["bank_melli"])
        #expect(decision.referrals.first?.rule == "loan")
        #expect(decision.referrals.first?.role == "primary")
    }

    @Test func aLaterRuleWinsOnlyWhenEarlierOnesFail() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase + "\namount: 2,000,000,000", book))
        #expect(decision.referrals.first?.agency == "deputy_economic")
        #expect(decision.referrals.first?.rule == "big_loan")
    }

    @Test func fallbackAppliesWhenNoRuleMatches() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(
            TestRulebooks.decide(
                "description: \"سلام\"\nopened: 2024-11-02T09:00:00+03:30", book, explain: true))
        #expect(decision.referrals.map(\.agency) == ["inspection"])
        #expect(decision.referrals.first?.rule == "otherwise")
        #expect(decision.trace?.last?.rule == "otherwise")
    }

    @Test func referralToTheAgencyTheCaseNamesWithCopies() throws {
        let book = try #require(TestRulebooks.national())
        let yaml = TestRulebooks.loanCase + "\ncaller: {needy: yes, support_body: relief}"
        let decision = try #require(TestRulebooks.decide(yaml, book))
        #expect(decision.referrals.map(\.agency) == ["relief", "inspection"])
        #expect(decision.referrals.map(\.role) == ["primary", "copy"])
        #expect(decision.priority.level == "high")
        #expect(decision.reason?.text == "نهاد حمایتی")
    }

    @Test func rulesOutsideTheirValidityDoNotApply() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing promo first match
                      rule temporary
                        valid from 1403/08/01 until 1403/09/01
                        when category under bank_facilities
                        refer to relief
                    end
                    """))
        let inside = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, at: "1403/08/20 10:00"))
        #expect(inside.referrals.map(\.agency) == ["bank_melli", "relief"])
        #expect(inside.referrals.last?.role == "also")
        let after = try #require(
            TestRulebooks.decide(
                TestRulebooks.loanCase, book, at: "1403/09/01 00:00", explain: true))
        #expect(after.referrals.map(\.agency) == ["bank_melli"])
        #expect(
            after.trace?.contains { $0.rule == "temporary" && $0.result == "not in force" } == true)
        let before = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, at: "1403/07/30 23:59"))
        #expect(before.referrals.map(\.agency) == ["bank_melli"])
    }

    @Test func highestPriorityPicksTheMostUrgentMatch() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing urgency highest priority
                      rule any_loan when category under bank_facilities priority low
                      rule needy when caller.needy priority urgent
                      rule repeat when repeat_calls >= 2 priority high
                    end
                    """))
        let decision = try #require(
            TestRulebooks.decide(
                TestRulebooks.loanCase + "\nrepeat_calls: 3\ncaller: {needy: yes}", book))
        #expect(decision.priority.level == "urgent")
        #expect(decision.priority.rule == "urgency.needy")
        let calmer = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase + "\nrepeat_calls: 3", book))
        #expect(calmer.priority.level == "high")
    }

    @Test func allMatchesCollectsEveryReferralAndTheStrictestSla() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing notify all matches
                      rule tell_governor when category under bank_facilities refer to governor sla 2 working days
                      rule tell_deputy when category is housing_deposit refer to deputy_economic sla 10 working days
                    end
                    """))
        let decision = try #require(
            TestRulebooks.decide(
                TestRulebooks.loanCase.replacingOccurrences(of: "وام", with: "ودیعه"), book))
        #expect(decision.referrals.map(\.agency) == ["bank_melli", "governor", "deputy_economic"])
        #expect(decision.sla?.rule == "notify.tell_governor")
        // Referred Saturday 1403/08/12; two working days after that day: Monday 1403/08/14 at close.
        #expect(decision.sla?.due?.jalali == "1403/08/14 14:30")
    }

    @Test func anUndecidableRuleIsReportedAndSkipped() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing risky first match
                      rule large when amount > 100 rials refer to governor
                      rule guarded when amount is present and amount > 100 rials refer to governor
                      rule shortcut when caller.needy and amount > 100 rials refer to governor
                    end
                    """))
        let decision = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, explain: true))
        #expect(!decision.referrals.contains { $0.agency == "governor" })
        #expect(decision.errors.map(\.rule) == ["big_loan", "large"])
        #expect(decision.errors.first?.field == "amount")
        let large = decision.trace?.first { $0.rule == "large" }
        #expect(large?.result == "undetermined")
        #expect(large?.saw?["amount"] == "absent")
        // `no and <undecided>` is no: no error for the `shortcut` rule.
        #expect(decision.trace?.first { $0.rule == "shortcut" }?.result == "no match")
    }

    @Test func whyNotNamesTheFirstFailingPartAndTheValuesItSaw() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(
            TestRulebooks.decide(TestRulebooks.loanCase, book, explain: true))
        let needy = try #require(decision.trace?.first { $0.rule == "needy" })
        #expect(needy.result == "no match")
        #expect(needy.failed == "caller.needy")
        #expect(needy.saw == ["caller.needy": "no"])
    }

    @Test func decisionsArePureAndReplayable() throws {
        let book = try #require(TestRulebooks.national())
        let a = try #require(TestRulebooks.decide(TestRulebooks.loanCase, book, explain: true))
        let b = try #require(TestRulebooks.decide(TestRulebooks.loanCase, book, explain: true))
        #expect(a == b)
        #expect(DecisionRenderer.json(a) == DecisionRenderer.json(b))
        #expect(a.rulebook.digest.count == 64)
    }

    @Test func mentionsIgnoresHowPersianWasTyped() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing words all matches
                      rule urgent when description mentions any ["فوری", "می شود"] priority urgent
                    end
                    """))
        for text in ["كار من فوري است", "پیگیری می‌شود", "پیگیری میشود", "FOO فوری"] {
            let decision = try #require(
                TestRulebooks.decide(
                    "description: \"\(text)\"\nopened: 2024-11-02T09:00:00+03:30", book))
            #expect(decision.priority.level == "urgent", "\(text)")
        }
        let other = try #require(
            TestRulebooks.decide("description: \"فوریت\"\nopened: 2024-11-02T09:00:00+03:30", book))
        #expect(other.priority.level == "normal")
    }
}

@Suite struct CategoryInferenceTests {
    @Test func theMostSpecificCategoryWins() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(
            TestRulebooks.decide(
                "description: \"وام رهن خانه\"\nopened: 2024-11-02T09:00:00+03:30", book))
        #expect(decision.category?.id == "housing_deposit")
        #expect(decision.category?.source == "inferred")
        #expect(decision.category?.keywords == ["رهن"])
    }

    @Test func aGivenCategoryIsNotOverridden() throws {
        let book = try #require(TestRulebooks.national())
        let decision = try #require(
            TestRulebooks.decide(
                "category: investment\ndescription: \"وام\"\nopened: 2024-11-02T09:00:00+03:30",
                book))
        #expect(decision.category?.id == "investment")
        #expect(decision.category?.source == "given")
    }

    @Test func noKeywordLeavesTheCategoryAbsent() throws {
        let book = try #require(TestRulebooks.national())
        let subject = try #require(
            TestRulebooks.decode("description: \"سلام\"\nopened: 2024-11-02T09:00:00+03:30", book))
        #expect(subject.values[book.fieldIndex["category"]!] == nil)
    }
}

@Suite struct DecisionSchemaTests {
    /// Every decision the tests can produce validates against docs/decision.schema.json (checked
    /// with Python's jsonschema from the project's venv, an independent validator).
    @Test func decisionsValidateAgainstTheSchema() throws {
        let book = try #require(
            TestRulebooks.national(
                plus: """
                    routing words all matches
                      rule urgent when description mentions "فوری" priority urgent
                    end
                    """))
        let cases = [
            TestRulebooks.loanCase,
            TestRulebooks.loanCase + "\ncaller: {needy: yes, support_body: relief}",
            "description: \"فوری\"\nopened: 2024-11-02T09:00:00+03:30\nstatus: resolved",
            TestRulebooks.loanCase
                + "\nstatus: waiting_documents\nhistory: [{status: referred, at: 2024-11-02T10:00:00+03:30}, {status: waiting_documents, at: 2024-11-03T10:00:00+03:30}]",
        ]
        var decisions: [String] = []
        for yaml in cases {
            for explain in [false, true] {
                let decision = try #require(TestRulebooks.decide(yaml, book, explain: explain))
                decisions.append(DecisionRenderer.json(decision, pretty: false))
            }
        }
        let python = Repository.url(".venv/bin/python").path
        try #require(
            FileManager.default.fileExists(atPath: python),
            "run scripts/setup.sh to create .venv (jsonschema validates decisions)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-c",
            """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            for line in sys.stdin:
                jsonschema.validate(json.loads(line), schema)
            print("ok")
            """, Repository.url("docs/decision.schema.json").path,
        ]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(decisions.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("ok"))
    }
}
