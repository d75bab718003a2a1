import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct CaseDecoderTests {
    static func errors(_ yaml: String, strict: Bool = false) throws -> [String] {
        let book = try #require(TestRulebooks.national())
        switch CaseDecoder(rulebook: book, strict: strict).decodeOne(yaml, file: "cases/a.yaml") {
        case .success: return []
        case .failure(let errors): return errors.errors.map(\.description)
        }
    }

    @Test func aWrongTypeNamesTheFieldPathAndTheLine() throws {
        let yaml = """
            id: A
            opened: 2024-11-02T09:00:00+03:30
            caller:
              needy: "بله"
            """
        #expect(
            try Self.errors(yaml) == [
                "cases/a.yaml:4: caller.needy: expected yes/no, found \"بله\""
            ])
    }

    @Test func unknownValuesSuggestTheNearestId() throws {
        #expect(
            try Self.errors("opened: 2024-11-02T09:00:00+03:30\nstatus: resolvd") == [
                "cases/a.yaml:2: status: unknown status `resolvd`; did you mean `resolved`?"
            ])
        #expect(
            try Self.errors("opened: 2024-11-02T09:00:00+03:30\nbank: bank_meli") == [
                "cases/a.yaml:2: bank: unknown agency `bank_meli`; did you mean `bank_melli`?"
            ])
    }

    @Test func aMissingRequiredFieldIsAnError() throws {
        #expect(
            try Self.errors("id: A") == [
                "cases/a.yaml:1: opened: missing required field (datetime)"
            ])
    }

    @Test func unknownFieldsAreWarningsUnlessStrict() throws {
        let yaml = "opened: 2024-11-02T09:00:00+03:30\ncaller: {neddy: yes}"
        #expect(try Self.errors(yaml).isEmpty)
        #expect(
            try Self.errors(yaml, strict: true) == [
                "cases/a.yaml:2: caller.neddy: unknown field; did you mean `caller.needy`?"
            ])
        let book = try #require(TestRulebooks.national())
        let decoded = try #require(TestRulebooks.decode(yaml, book))
        #expect(decoded.unknownFields == ["caller.neddy"])
    }

    @Test func optionalFieldsAreAbsentAndDefaultsApply() throws {
        let book = try #require(TestRulebooks.national())
        let decoded = try #require(TestRulebooks.decode("opened: 2024-11-02T09:00:00+03:30", book))
        #expect(decoded.values[book.fieldIndex["amount"]!] == nil)
        #expect(decoded.values[book.fieldIndex["caller.needy"]!] == .bool(false))
        #expect(decoded.values[book.fieldIndex["status"]!] == .symbol("registered"))
        #expect(decoded.values[book.fieldIndex["repeat_calls"]!] == .int(0))
    }

    @Test func persianDigitsLabelsAndSeparatorsAreRead() throws {
        let book = try #require(TestRulebooks.national())
        let yaml = """
            opened: ۱۴۰۳/۰۸/۱۲ ۰۹:۳۰
            amount: "۲٬۵۰۰٬۰۰۰ ریال"
            repeat_calls: ۳
            bank: بانک ملی
            """
        let decoded = try #require(TestRulebooks.decode(yaml, book))
        #expect(decoded.values[book.fieldIndex["amount"]!] == .money(2_500_000))
        #expect(decoded.values[book.fieldIndex["repeat_calls"]!] == .int(3))
        #expect(decoded.values[book.fieldIndex["bank"]!] == .symbol("bank_melli"))
        #expect(
            decoded.values[book.fieldIndex["opened"]!]
                == .datetime(Instant(iso8601: "2024-11-02T09:30:00+03:30")!))
    }

    @Test func jsonIsAcceptedAndBatchesDecodeEachCase() throws {
        let book = try #require(TestRulebooks.national())
        let text = """
            [{"id": "a", "opened": "2024-11-02T09:00:00+03:30"},
             {"id": "b", "opened": "nonsense"},
             {"id": "c", "opened": "2024-11-02T09:00:00+03:30", "caller": {"needy": true}}]
            """
        let results = CaseDecoder(rulebook: book).decodeDocuments(text, file: "batch.json")
        #expect(results.count == 3)
        #expect((try? results[0].get())?.id == "a")
        if case .failure(let errors) = results[1] {
            #expect(errors.errors.first?.path == "opened")
        } else {
            Issue.record("expected an error for case b")
        }
        #expect((try? results[2].get())?.values[book.fieldIndex["caller.needy"]!] == .bool(true))
    }

    @Test func malformedDocumentsGiveAnErrorNotACrash() throws {
        for text in ["{", "- [", "a: [1, 2", "\u{0}", "", ":::"] {
            let book = try #require(TestRulebooks.national())
            for result in CaseDecoder(rulebook: book).decodeDocuments(text) {
                if case .success = result { Issue.record("`\(text)` decoded") }
            }
        }
    }

    @Test func oversizedInputIsRefusedBeforeEvaluation() throws {
        let long = String(repeating: "و", count: InputLimits.maximumTextLength + 1)
        #expect(
            try Self.errors("opened: 2024-11-02T09:00:00+03:30\ndescription: \"\(long)\"") == [
                "cases/a.yaml:2: description: text longer than 20000 characters"
            ])
    }
}

@Suite struct DispatcherTests {
    static func dispatcher() throws -> Dispatcher {
        let national = try #require(TestRulebooks.national())
        let hamedan = try #require(
            TestRulebooks.load(
                [
                    "r/national/rulebook.masir": TestRulebooks.national,
                    "r/hamedan/rulebook.masir":
                        "rulebook hamedan extends national\n  province \"همدان\"\n  english \"Hamedan\"\n  area code \"081\"\n",
                ], "r/hamedan"))
        let tehran = try #require(
            TestRulebooks.load(
                [
                    "r/national/rulebook.masir": TestRulebooks.national,
                    "r/tehran/rulebook.masir":
                        "rulebook tehran extends national\n  province \"تهران\"\n  area code \"021\"\n",
                ], "r/tehran"))
        return Dispatcher(rulebooks: [national, hamedan, tehran])
    }

    static func choose(_ yaml: String) throws -> Swift.Result<String, CaseErrors> {
        try dispatcher().decodeDocuments(yaml, file: "c.yaml")[0].map(\.0.id)
    }

    @Test func byProvinceIdNameOrEnglishName() throws {
        for province in ["hamedan", "همدان", "Hamedan", "همدان "] {
            #expect(
                try Self.choose("province: \(province)\nopened: 2024-11-02T09:00:00+03:30").get()
                    == "hamedan")
        }
    }

    @Test func byTheCallersAreaCode() throws {
        #expect(
            try Self.choose("caller: {area_code: \"081\"}\nopened: 2024-11-02T09:00:00+03:30").get()
                == "hamedan")
        #expect(
            try Self.choose("caller: {phone: \"02188776655\"}\nopened: 2024-11-02T09:00:00+03:30")
                .get() == "tehran")
    }

    @Test func anUnknownProvinceIsAnErrorNotANationalFallback() throws {
        guard
            case .failure(let errors) = try Self.choose(
                "province: hamadan\nopened: 2024-11-02T09:00:00+03:30")
        else {
            Issue.record("expected an error")
            return
        }
        #expect(
            errors.description
                == "c.yaml:1: province: unknown province `hamadan`; did you mean `hamedan`?")
        guard case .failure(let none) = try Self.choose("opened: 2024-11-02T09:00:00+03:30") else {
            Issue.record("expected an error")
            return
        }
        #expect(none.errors.first?.message.contains("neither a province") == true)
    }
}

@Suite struct MalformedBatchTests {
    /// A syntax error in a later document is reported, not silently dropped.
    @Test func anErrorAfterTheFirstDocumentIsReported() throws {
        let book = try #require(TestRulebooks.national())
        let text = "opened: 2024-11-02T09:00:00+03:30\n---\nopened: [unclosed\n"
        let results = CaseDecoder(rulebook: book).decodeDocuments(text, file: "two.yaml")
        #expect(results.contains { if case .failure = $0 { true } else { false } })
    }
}
