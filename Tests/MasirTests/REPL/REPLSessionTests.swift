import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct REPLSessionTests {
    static let hamedan = "rules/provinces/hamedan"
    static let fixtures = "Tests/MasirTests/Golden/repl/fixtures"

    static func session(_ path: String? = hamedan) -> Session {
        let session = Session(
            options: Session.Options(workingDirectory: Repository.path, now: { REPLGolden.now }))
        if let path { _ = session.load(path) }
        return session
    }

    static func text(_ session: Session, _ line: String) -> String {
        session.process(line).text.trimmingCharacters(in: .newlines)
    }

    @Test func expressionsShowTheirValueAndType() {
        let session = Self.session()
        #expect(Self.text(session, ":set caller.needy yes") == "caller.needy = true")
        _ = session.process(":set description «وام ودیعه مسکن می‌خواهم»")
        #expect(
            Self.text(session, "caller.needy and category is bank_facilities") == "false : bool")
        #expect(
            Self.text(session, "caller.needy and category under bank_facilities") == "true : bool")
        #expect(
            Self.text(session, "caller.support_body is relief")
                == "undecided: caller.support_body is absent")
        #expect(Self.text(session, "caller.support_body ?? welfare") == "welfare : agency")
        #expect(Self.text(session, "repeat_calls") == "0 : int")
        #expect(Self.text(session, "description mentions «می شود»") == "false : bool")
        #expect(Self.text(session, "description mentions «میخواهم»") == "true : bool")
    }

    @Test func valuesAreCheckedWithTheMessagesOfRoute() throws {
        let session = Self.session()
        // The same mistake in a case file, as `masir route` reports it.
        let book = try #require(session.chosenBook().book)
        let routeMessage: String
        switch CaseDecoder(rulebook: book).decodeOne(
            "opened: 2024-11-02T09:00:00+03:30\ncaller: {needy: بله}")
        {
        case .failure(let errors): routeMessage = try #require(errors.errors.first).message
        case .success: Issue.record("the case should not decode"); return
        }
        let reply = session.process(":set caller.needy بله")
        #expect(reply.isError)
        #expect(reply.text == "error: caller.needy: \(routeMessage)\n")
        #expect(
            Self.text(session, ":set bank بانک ملی ایران") == "bank = bank_melli «بانک ملی ایران»")
        #expect(
            Self.text(session, ":set bank bank_meli")
                == "error: bank: unknown agency `bank_meli`; did you mean `bank_melli`?")
        #expect(
            Self.text(session, ":set status resolvd")
                == "error: status: unknown status `resolvd`; did you mean `resolved`?")
        #expect(Self.text(session, ":set amount ۲٬۵۰۰٬۰۰۰ ریال") == "amount = 2,500,000 rials")
        #expect(Self.text(session, ":set opened ۱۴۰۳/۰۸/۱۲ ۰۹:۳۰") == "opened = 1403/08/12 09:30")
        // A refused value leaves the case as it was.
        #expect(Self.text(session, "bank") == "bank_melli : agency")
    }

    @Test func quotesAreOptionalForTheRestOfTheLine() {
        let session = Self.session()
        #expect(
            Self.text(session, ":set description سلام، وام می‌خواهم")
                == "description = «سلام، وام می‌خواهم»\ncategory = bank_facilities «تسهیلات بانکی», inferred from «وام»"
        )
        #expect(
            Self.text(session, ":set description «  با فاصله  »") == "description = «  با فاصله  »")
        #expect(
            Self.text(session, ":set description \"a \\\"quoted\\\" word\"")
                == "description = «a \"quoted\" word»")
        #expect(Self.text(session, ":set id=HMD-1") == "id = «HMD-1»")
        #expect(Self.text(session, ":set repeat_calls = 3") == "repeat_calls = 3")
    }

    @Test func theCaseIsShownAsYAMLThatLoadsBack() throws {
        let session = Self.session()
        for line in [
            ":set caller.needy yes", ":set description «a: b # c»", ":set county ملایر",
            ":set caller.area_code 081", ":set opened 1403/08/12 09:00",
        ] {
            #expect(!session.process(line).isError, "\(line)")
        }
        let yaml = session.yaml()
        #expect(
            yaml == """
                caller:
                  area_code: 081
                  needy: yes
                county: ملایر
                description: "a: b # c"
                opened: 1403/08/12 09:00

                """)
        let folder = try Temporary.folder("masir-repl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("case.yaml").path
        #expect(Self.text(session, ":case save \(file)") == "saved the case to \(file) (5 fields)")
        let other = Self.session()
        #expect(
            Self.text(other, ":case load \(file)") == "loaded case (no id) from \(file): 5 fields")
        #expect(other.yaml() == yaml)
        #expect(Self.text(other, ":route") == Self.text(session, ":route"))
    }

    @Test func reloadKeepsTheRulebookWhenTheNewOneHasErrors() throws {
        let folder = try Temporary.folder("masir-repl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("rulebook.masir")
        let good = """
            rulebook tiny
            agency inspection "دفتر بازرسی"
            case
              field opened : datetime
            end
            routing referrals first match
              otherwise refer to inspection
            end

            """
        try good.write(to: file, atomically: true, encoding: .utf8)
        let session = Session(options: Session.Options(now: { REPLGolden.now }))
        #expect(
            Self.text(session, ":load \(folder.path)") == "loaded rulebook tiny from \(folder.path)"
        )
        try good.replacingOccurrences(of: "refer to inspection", with: "refer to inspecton").write(
            to: file, atomically: true, encoding: .utf8)
        let reply = session.process(":reload")
        #expect(reply.isError)
        #expect(reply.text.contains("inspecton"), "the diagnostics are shown")
        // The version did not change: the kept copy is named by its digest and load time.
        #expect(
            reply.text.contains(
                "error: `\(folder.path)` has errors; keeping rulebook tiny (digest "))
        #expect(reply.text.hasSuffix(", loaded 1403/08/12 10:00)\n"))
        #expect(session.prompt == "tiny> ")
        _ = session.process(":set opened 1403/08/12 09:00")
        #expect(Self.text(session, ":route").contains("refer to   دفتر بازرسی (inspection)"))
        try good.replacingOccurrences(of: "tiny", with: "tiny2").write(
            to: file, atomically: true, encoding: .utf8)
        #expect(Self.text(session, ":reload") == "loaded rulebook tiny2 from \(folder.path)")
    }

    @Test func longInputContinuesOnTheNextLine() {
        let session = Self.session()
        #expect(session.process("(caller.needy or").needsMore)
        #expect(session.prompt == "    ...> ")
        #expect(session.process("  count([1,").needsMore)
        #expect(Self.text(session, "2]) > 1)") == "true : bool")
        #expect(session.process(":set description first part \\").needsMore)
        #expect(Self.text(session, "second part") == "description = «first part second part»")
        #expect(
            session.process("[«(», \"[\"]").needsMore == false,
            "brackets inside quotes do not count")
        #expect(session.prompt == "hamedan> ")
    }

    @Test func errorsNeverEndTheSession() {
        let session = Self.session(nil)
        for line in [
            ":route", "x", ":frobnicate", ":set a b", ":load /no/such", "((", ")", "\u{0}", "«",
            ":case load /no/such.yaml", ":at someday", ":rules",
        ] {
            let reply = session.process(line)
            #expect(!reply.quit, "\(line)")
        }
        #expect(session.errorCount > 5)
        #expect(session.process(":quit").quit)
        #expect(session.process("quit").quit)
    }

    @Test func completionOffersCommandsFieldsAndIds() {
        let session = Self.session()
        #expect(session.completions(for: ":se", after: "") == [":set"])
        #expect(session.completions(for: ":", after: "").contains(":timeline"))
        #expect(session.completions(for: "caller.ne", after: ":set ") == ["caller.needy"])
        #expect(session.completions(for: "caller.", after: "").count == 5)
        #expect(session.completions(for: "caller.ne", after: "relief is ") == ["caller.needy"])
        #expect(session.completions(for: "ma", after: ":set county ") == ["malayer"])
        #expect(session.completions(for: "rel", after: ":set caller.support_body ") == ["relief"])
        #expect(session.completions(for: "", after: ":set caller.needy ") == ["no", "yes"])
        #expect(session.completions(for: "waiting", after: ":set status ") == ["waiting_documents"])
        #expect(
            session.completions(for: "housing_d", after: "category under ") == ["housing_deposit"])
        #expect(
            session.completions(for: "county_governorate_m", after: "") == [
                "county_governorate_malayer"
            ])
        #expect(session.completions(for: "lo", after: ":case ") == ["load"])
        #expect(
            session.completions(for: "rules/provinces/hamedan/ca", after: ":load ") == [
                "rules/provinces/hamedan/cases/"
            ])
        #expect(session.completions(for: "and", after: "caller.needy ").contains("and"))
        #expect(session.completions(for: "xyz", after: "").isEmpty)
    }

    @Test func theEvaluationInstantIsShownAndFixed() {
        let session = Self.session()
        #expect(
            Self.text(session, ":at")
                == "at now: 1403/08/12 10:00 (2024-11-02T10:00:00+03:30) (:at fixes an instant)")
        #expect(
            Self.text(session, ":at ۱۴۰۳/۰۸/۱۴ ۱۰:۰۰")
                == "at 1403/08/14 10:00 (2024-11-04T10:00:00+03:30)")
        #expect(Self.text(session, ":at") == "at 1403/08/14 10:00 (2024-11-04T10:00:00+03:30)")
        #expect(
            Self.text(session, ":at 2024-11-04T06:30:00Z")
                == "at 1403/08/14 10:00 (2024-11-04T10:00:00+03:30)")
        #expect(
            Self.text(session, ":at now") == "at now: 1403/08/12 10:00 (2024-11-02T10:00:00+03:30)")
    }

    @Test func aTreeChoosesTheRulebookByProvince() {
        let session = Self.session("\(Self.fixtures)/tree")
        #expect(session.prompt == "tree> ")
        #expect(
            Self.text(session, ":set province کرمانشاه")
                == "province = «کرمانشاه»\nrulebook: west («کرمانشاه»)")
        #expect(session.prompt == "tree→west> ")
        #expect(Self.text(session, ":set county sonqor") == "county = sonqor «سنقر»")
        #expect(
            Self.text(session, ":set province east").hasPrefix(
                "error: county: unknown county `sonqor`"))
        #expect(session.prompt == "tree→west> ")
    }

    @Test func standaloneExpressionsRejectTrailingText() throws {
        let book = try #require(Self.session().chosenBook().book)
        let expression = StandaloneExpression("caller.needy caller.veteran", book: book)
        #expect(expression.typed == nil)
        #expect(
            expression.diagnostics.first?.message
                == "expected `and`, `or` or the end of the expression after `caller.needy`, found `caller`"
        )
        #expect(StandaloneExpression("", book: book).typed == nil)
        #expect(
            StandaloneExpression("caller.needy and caller.veteran", book: book).typed?.type == .bool
        )
    }

    @Test func aChangeOfCategoryInTheHistoryRestartsTheClockWhereTheLadderSaysSo() throws {
        let folder = try Temporary.folder("repl-reclassify")
        let rulebook = TargetsTestsRulebook.text("  on reclassify restart")
        try rulebook.write(
            to: folder.appendingPathComponent("rulebook.masir"), atomically: true, encoding: .utf8)
        let session = Self.session(nil)
        _ = session.load(folder.path)
        for line in [
            ":set opened 1403/08/05 09:00", ":set referred 1403/08/05 10:00", ":set urgent yes",
            ":set category power", ":at 1403/08/06 13:00",
        ] {
            _ = session.process(line)
        }
        #expect(session.process(":route").text.contains("1403/08/05 10:00"))
        #expect(
            Self.text(session, ":history category power 1403/08/06 12:00")
                == "history: category power at 1403/08/06 12:00")
        // The SLA now counts from the change of category, not from the referral.
        let routed = session.process(":route").text
        #expect(routed.contains("1403/08/06 12:00"), "\(routed)")
        #expect(session.process(":case").text.contains("{category: power, at:"))
        let wrong = session.process(":history category nowhere 1403/08/06 12:00")
        #expect(
            wrong.text.contains("history[1].category: unknown category `nowhere`"), "\(wrong.text)")
    }

}
