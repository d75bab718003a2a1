import Foundation
import Testing

@testable import Masir
@testable import MasirCalendar

/// A case names only the Jalali years a rulebook may name (1300–1599: 1921-03-21 to 2221-03-20),
/// on the general reader and
/// the fast JSON Lines decoder alike: a year like 1 or 9999 used to make decision timestamps the
/// decision schema refuses, and a Jalali year past 9378 a date that printed with five digits.
@Suite struct CaseYearTests {
    static func error(_ field: String, _ value: String) throws -> String? {
        let book = try #require(TestRulebooks.national())
        let opened = field == "opened" ? "" : "opened: 1403/08/19 10:40\n"
        let yaml = "id: A\n\(opened)\(field): \"\(value)\"\n"
        switch CaseDecoder(rulebook: book).decodeOne(yaml) {
        case .success: return nil
        case .failure(let errors):
            return errors.errors.first.map { "\($0.kind.rawValue) \($0.path)" }
        }
    }

    @Test(arguments: [
        "9999/12/29 23:59", "0001-01-01T00:00:00Z", "1299/12/29 10:00", "2221-06-01 10:00",
        "9402/12/30",
    ])
    func yearsOutsideTheRangeAreRefusedNamingTheField(_ value: String) throws {
        #expect(try Self.error("opened", value) == "case.invalid-value opened")
        #expect(try Self.error("referred", value) == "case.invalid-value referred")
    }

    @Test(arguments: ["1300/01/01 00:00", "1599/12/29 23:59", "2024-11-02T09:00:00+03:30"])
    func yearsInsideTheRangeAreRead(_ value: String) throws {
        #expect(try Self.error("opened", value) == nil)
    }

    @Test func theFastDecoderRefusesWhatTheGeneralOneRefuses() throws {
        let book = try #require(TestRulebooks.national())
        let decoder = LineDecoder(plan: Plan(book))
        var scratch = LineDecoder.Scratch()
        for opened in ["9999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9402/12/30 10:00"] {
            let line = Array(#"{"id": "A", "category": "jobs", "opened": "\#(opened)"}"#.utf8)
            #expect(line.withUnsafeBufferPointer { decoder.decode($0, scratch: &scratch) } == nil)
        }
    }

    @Test func calendarParsersReadOnlyDatesTheyCanPrint() {
        #expect(CivilDate(parsing: "9402/12/30") == nil)
        #expect(CivilDate(parsing: "9378/01/01") != nil)
        #expect(Instant(localText: "9999/12/29 23:59") == nil)
        // Before 622-03-22 the Jalali year is negative and the date has no Jalali form.
        #expect(CivilDate(parsing: "0001-09-11")?.description == "0001-09-11")
        #expect(JalaliDate(parsing: "0001-09-11") == nil)
        let early = CivilDate(parsing: "0700-01-01").map(JalaliDate.init)
        #expect(early.flatMap { JalaliDate(parsing: $0.description) } == early)
    }
}
