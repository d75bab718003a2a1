import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct HolidayTableTests {
    private func officialTSV() throws -> String {
        try Repository.read("data/holidays/iran-official.tsv")
    }

    /// Every row's Gregorian date, Jalali date and weekdays agree with our conversion.
    @Test func everyOfficialRowAgreesWithConversion() throws {
        let rows = TabSeparated.rows(try officialTSV())
        #expect(rows.count == 148)
        for row in rows {
            let civil = try #require(CivilDate(row[0]), "\(row)")
            let date = try #require(JalaliDate(row[1]), "\(row)")
            #expect(civil.jalali == date, "\(row[0]) \(row[1])")
            #expect(date.civil == civil, "\(row[0]) \(row[1])")
            #expect(String(date.year) == row[2])
            #expect(civil.weekday.abbreviation == row[3], "\(row[0]) \(row[3])")
            #expect(civil.weekday.persianName == row[4], "\(row[0]) \(row[4])")
        }
    }

    /// Fails when IranHolidays+Generated.swift is stale: run `python3 scripts/gen_holidays.py`.
    @Test func generatedTableMatchesTSV() throws {
        let parsed = try HolidayTable.parse(tsv: officialTSV())
        #expect(parsed.holidays.count == HolidayTable.iranOfficialRows.count)
        #expect(
            parsed.holidays == HolidayTable.iranOfficial.holidays,
            "IranHolidays+Generated.swift is stale: run python3 scripts/gen_holidays.py")
        #expect(parsed == HolidayTable.iranOfficial)
    }

    @Test func officialTableCoverage() {
        let table = HolidayTable.iranOfficial
        #expect(table.firstDate?.description == "1402/01/01")
        #expect(table.lastDate?.description == "1406/12/29")
        #expect(table.covers(JalaliDate("1403/01/01")!...JalaliDate("1404/12/29")!))
        #expect(!table.covers(JalaliDate("1406/12/01")!...JalaliDate("1407/01/05")!))
        #expect(!table.covers(CivilDate("2023-03-20")!...CivilDate("2023-03-21")!))
        #expect(table.contains(JalaliDate("1404/01/02")!))
        #expect(
            table.holidays(on: JalaliDate("1404/01/02")!.civil).map(\.englishName) == [
                "Martyrdom of Imam Ali", "Nowruz Holiday",
            ])
        #expect(table.holidays.filter(\.estimated).count == 22)
        #expect(table.holidays.filter { $0.kind == .special }.count == 9)
        #expect(!table.contains(JalaliDate("1403/08/02")!))
    }

    @Test func parsesMinimalRulebookTables() throws {
        let table = try HolidayTable.parse(
            tsv: """
                # Hamedan's own closures
                jalali\tname_fa

                1403/05/10\tگرما
                ۱۴۰۳/۰۵/۱۱\tگرما
                """)
        #expect(table.holidays.map(\.date.description) == ["1403/05/10", "1403/05/11"])
        #expect(table.holidays.allSatisfy { $0.kind == .other && !$0.estimated })
        #expect(
            table.firstDate?.description == "1403/01/01"
                && table.lastDate?.description == "1403/12/30")
        let gregorianOnly = try HolidayTable.parse(
            tsv: "gregorian\tkind\r\n2024-07-28\tspecial\r\n")
        #expect(gregorianOnly.holidays.first?.date.description == "1403/05/07")
    }

    @Test func parseErrorsNameTheLine() {
        func error(_ tsv: String) -> HolidayTable.ParseError? {
            do {
                _ = try HolidayTable.parse(tsv: tsv)
                return nil
            } catch {
                return error
            }
        }
        #expect(
            error("name_fa\nx")?.description
                == "line 1: header needs a `jalali` or `gregorian` column")
        #expect(error("")?.line == 1)
        #expect(
            error("jalali\tname_fa\n1403/01/01\tنوروز\n1403/13/01\tx")
                == HolidayTable.ParseError(
                    line: 3, message: "`1403/13/01` is not a Jalali date (yyyy/mm/dd)"))
        #expect(error("jalali\tname_fa\n1403/01/01")?.line == 2)
        #expect(
            error("gregorian\tjalali\n2024-03-20\t1403/01/02")?.message
                == "`2024-03-20` is 1403/01/01, not 1403/01/02")
        #expect(
            error("jalali\tweekday_en\n1403/01/01\tThu")?.message
                == "weekday_en `Thu` does not match 1403/01/01, a wednesday")
        #expect(error("jalali\tkind\n1403/01/01\tsolar\n\n1403/01/02\tlunarish")?.line == 4)
        #expect(error("jalali\testimated\n1403/01/01\tmaybe")?.line == 2)
        #expect(error("jalali\tjalali_year\n1403/01/01\t1402")?.line == 2)
        #expect(error("jalali\tjalali\n1403/01/01\t1403/01/01")?.line == 1)
    }
}
