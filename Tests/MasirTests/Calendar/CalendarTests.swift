import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

/// Rows of a tab-separated file under the repository, header dropped.
private func tsvRows(_ relativePath: String) throws -> [[String]] {
    TabSeparated.rows(try Repository.read(relativePath))
}

private func jalali(_ y: Int, _ m: Int, _ d: Int) -> JalaliDate {
    JalaliDate(year: y, month: m, day: d)!
}

@Suite struct JalaliConversionTests {
    /// Every day of Jalali 1395–1410, as converted by Python's jdatetime (scripts/gen_jalali_oracle.py).
    @Test func agreesWithJdatetimeOracleEveryDay1395To1410() throws {
        let rows = try tsvRows("Tests/MasirTests/Fixtures/jalali-oracle.tsv")
        #expect(rows.count == 5844)
        var previous: CivilDate? = nil
        for row in rows {
            let civil = try #require(CivilDate(row[0]))
            let date = try #require(JalaliDate(row[1]))
            #expect(civil.jalali == date, "\(row)")
            #expect(date.civil == civil, "\(row)")
            #expect(date.description == row[1])
            #expect(civil.weekday.abbreviation == row[2], "\(row)")
            #expect(date.weekday == civil.weekday)
            if let previous {
                #expect(civil.dayNumber == previous.dayNumber + 1, "the oracle has every day")
            }
            previous = civil
        }
        #expect(rows.first?[1] == "1395/01/01" && rows.last?[1] == "1410/12/29")
    }

    /// Foundation's `.persian` calendar (ICU) uses the same 33-year rule: compare each year's start and length.
    @Test func agreesWithFoundationPersianCalendarOnYearBoundaries1200To1600() throws {
        var persian = Calendar(identifier: .persian)
        persian.timeZone = TimeZone(identifier: "UTC")!
        for year in 1200...1600 {
            let nowruz = try #require(
                persian.date(from: DateComponents(year: year, month: 1, day: 1)))
            let dayNumber = Int(nowruz.timeIntervalSince1970 / 86_400)
            #expect(jalali(year, 1, 1).dayNumber == dayNumber, "1 Farvardin \(year)")
            #expect(JalaliDate(dayNumber: dayNumber) == jalali(year, 1, 1))
            let length = try #require(persian.range(of: .day, in: .year, for: nowruz)).count
            #expect(JalaliDate.daysInYear(year) == length, "length of \(year)")
        }
    }

    @Test func agreesWithFoundationPersianCalendarEveryDay1380To1420() {
        var persian = Calendar(identifier: .persian)
        persian.timeZone = TimeZone(identifier: "UTC")!
        let first = jalali(1380, 1, 1).dayNumber
        let last = jalali(1420, 12, 29).dayNumber
        var mismatches = 0
        for day in first...last {
            let parts = persian.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            let mine = JalaliDate(dayNumber: day)
            if (mine.year, mine.month, mine.day) != (parts.year!, parts.month!, parts.day!) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func roundTripsEveryDayOverCenturies() {
        // 1200/01/01 to 1600/12/29: conversion both ways is exact and consecutive days stay consecutive.
        var previous = JalaliDate(dayNumber: jalali(1200, 1, 1).dayNumber - 1)
        for day in jalali(1200, 1, 1).dayNumber...jalali(1600, 12, 29).dayNumber {
            let date = JalaliDate(dayNumber: day)
            guard date.dayNumber == day, date > previous, CivilDate(date).jalali == date else {
                Issue.record("day \(day) gives \(date)")
                return
            }
            previous = date
        }
    }

    @Test func leapYearsFollowThe33YearRule() {
        // 1399 and 1403 are leap (Esfand has 30 days); 1404 is not; the cycle repeats every 33 years.
        #expect(
            JalaliDate.isLeapYear(1399) && JalaliDate.isLeapYear(1403)
                && JalaliDate.isLeapYear(1408))
        #expect(!JalaliDate.isLeapYear(1400) && !JalaliDate.isLeapYear(1404))
        #expect(JalaliDate(year: 1403, month: 12, day: 30) != nil)
        #expect(JalaliDate(year: 1404, month: 12, day: 30) == nil)
        #expect((1...33).filter(JalaliDate.isLeapYear).count == 8)
    }

    @Test func knownDates() {
        #expect(jalali(1403, 1, 1).civil.description == "2024-03-20")
        #expect(jalali(1403, 7, 1).civil.description == "2024-09-22")
        #expect(jalali(1403, 8, 2).civil.description == "2024-10-23")
        #expect(jalali(1404, 1, 1).civil.description == "2025-03-21")
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == .thursday)
        #expect(CivilDate(dayNumber: -1).description == "1969-12-31")
        #expect(jalali(1403, 8, 2).weekday == .wednesday)
    }
}

@Suite struct DateTextTests {
    @Test func parsesJalaliInAnyDigits() {
        let expected = jalali(1403, 7, 1)
        #expect(JalaliDate("1403/07/01") == expected)
        #expect(JalaliDate("۱۴۰۳/۰۷/۰۱") == expected)
        #expect(JalaliDate("١٤٠٣/٠٧/٠١") == expected)
        #expect(JalaliDate("1403/7/1") == expected)
        #expect(JalaliDate(" \u{200F}1403/07/01 ") == expected)
        #expect(JalaliDate(parsing: "2024-09-22") == expected)
        #expect(CivilDate(parsing: "۱۴۰۳/۰۷/۰۱")?.description == "2024-09-22")
        #expect(CivilDate("2024-09-22") == expected.civil)
    }

    @Test func rejectsMalformedDates() {
        for text in [
            "1403/13/01", "1403/00/10", "1403/07/32", "1404/12/30", "1403-07-01", "03/07/01",
            "1403/07/01x",
            "14030/07/01", "1403/07", "",
        ] {
            #expect(JalaliDate(text) == nil, "\(text)")
        }
        for text in ["2023-02-29", "2024-13-01", "2024/09/22", "2024-09-22T00:00", "24-09-22"] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
        #expect(CivilDate("2024-02-29") != nil)
    }

    @Test func formatsForPeople() {
        let date = jalali(1403, 8, 2)
        #expect(date.description == "1403/08/02")
        #expect(date.monthName == "آبان")
        #expect(date.persianFormatted() == "۲ آبان ۱۴۰۳")
        #expect(date.persianFormatted(withWeekday: true) == "چهارشنبه ۲ آبان ۱۴۰۳")
        #expect(date.persianFormatted(persianDigits: false) == "2 آبان 1403")
        #expect(JalaliDate.monthNames.first == "فروردین" && JalaliDate.monthNames.last == "اسفند")
    }

    @Test func weekdayNames() {
        #expect(
            Weekday.allCases.map(\.persianName) == [
                "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه",
            ])
        #expect(Weekday(name: "Saturday") == .saturday)
        #expect(Weekday(name: "thu") == .thursday)
        #expect(Weekday(name: "سه شنبه") == .tuesday)
        #expect(Weekday(name: "پنج‌شنبه") == .thursday)
        #expect(Weekday(name: "someday") == nil)
        #expect(Weekday.saturday < .friday)
    }

    @Test func timeOfDayRanges() {
        #expect(TimeOfDayRange("07:30-14:30") == TimeOfDayRange(start: 450, end: 870))
        #expect(TimeOfDayRange("۰۷:۳۰-۱۴:۳۰") == TimeOfDayRange(start: 450, end: 870))
        #expect(TimeOfDayRange("22:00 - 24:00")?.end == 1440)
        #expect(TimeOfDayRange("14:30-07:30") == nil)
        #expect(TimeOfDayRange("07:30-25:00") == nil)
        #expect(TimeOfDayRange(start: 450, end: 870)?.description == "07:30-14:30")
        let merged = TimeOfDayRange.normalized(
            ["12:00-14:30", "07:30-12:00", "08:00-09:00"].map { TimeOfDayRange($0)! })
        #expect(merged == [TimeOfDayRange("07:30-14:30")!])
    }
}

@Suite struct InstantTests {
    @Test func parsesAndPrintsISO8601() throws {
        let instant = try #require(Instant(iso8601: "2024-10-23T09:30:00+03:30"))
        #expect(instant.secondsSinceEpoch == 1_729_663_200)
        #expect(Instant(iso8601: "2024-10-23T06:00:00Z") == instant)
        #expect(Instant(iso8601: "2024-10-23T06:00Z") == instant)
        #expect(Instant(iso8601: "2024-10-23 09:30+0330") == instant)
        #expect(Instant(iso8601: "2024-10-23T09:30:00.750+03:30") == instant)
        #expect(Instant(iso8601: "2024-10-23T02:00:00-04") == instant)
        #expect(instant.iso8601() == "2024-10-23T09:30:00+03:30")
        #expect(instant.iso8601UTC == "2024-10-23T06:00:00Z")
        #expect(instant.description == "2024-10-23T09:30:00+03:30")
        for text in [
            "2024-10-23T09:30:00", "2024-10-23", "2024-10-23T25:00Z", "2024-13-23T09:30Z",
            "1403/08/02T09:30Z",
            "2024-10-23T09:30:00+3:30", "2024-10-23T09:30Zjunk",
        ] {
            #expect(Instant(iso8601: text) == nil, "\(text)")
        }
    }

    @Test func parsesAndPrintsJalaliLocalTime() throws {
        let instant = try #require(Instant(localText: "1403/08/02 09:30"))
        #expect(instant == Instant(iso8601: "2024-10-23T09:30:00+03:30"))
        #expect(Instant(localText: "۱۴۰۳/۰۸/۰۲ ۰۹:۳۰") == instant)
        #expect(Instant(localText: "2024-10-23 09:30") == instant)
        #expect(Instant(date: jalali(1403, 8, 2), hour: 9, minute: 30) == instant)
        #expect(instant.jalaliText() == "1403/08/02 09:30")
        #expect(instant.advanced(by: 15).jalaliText() == "1403/08/02 09:30:15")
        #expect(instant.jalaliDate() == jalali(1403, 8, 2))
        #expect(instant.secondOfDay() == 9 * 3600 + 30 * 60)
        #expect(Instant(localText: "1403/08/02")?.jalaliText() == "1403/08/02 00:00")
        #expect(Instant(localText: "1403/08/02 24:00") == nil)
    }

    @Test func tehranDaylightSavingTimeBefore2022() throws {
        // Iran kept +04:30 in summer until 2022; 1400/06/30 (2021-09-21) was the last summer day.
        #expect(Instant(localText: "1400/06/30 09:00")?.iso8601() == "2021-09-21T09:00:00+04:30")
        #expect(Instant(localText: "1400/06/31 09:00")?.iso8601() == "2021-09-22T09:00:00+03:30")
        #expect(Instant(localText: "1403/06/30 09:00")?.iso8601() == "2024-09-20T09:00:00+03:30")
        // At midnight ending 2021-09-21 clocks went back to 23:00, so 23:30 happened twice: the first is taken.
        #expect(Instant(localText: "2021-09-21 23:30")?.iso8601UTC == "2021-09-21T19:00:00Z")
        // At midnight starting 2022-03-22 clocks jumped to 01:00: 00:30 does not exist and reads as 01:30.
        #expect(Instant(localText: "2022-03-22 00:30")?.iso8601() == "2022-03-22T01:30:00+04:30")
        #expect(
            TimeZoneTable.tehran.startOfDay(CivilDate("2022-03-22")!).iso8601()
                == "2022-03-22T01:00:00+04:30")
        let zone = TimeZoneTable.tehran
        #expect(zone.offset(at: Instant(iso8601: "2021-06-01T00:00Z")!) == 16_200)
        #expect(zone.offset(at: Instant(iso8601: "2024-06-01T00:00Z")!) == 12_600)
        #expect(zone.offset(at: Instant(iso8601: "2300-06-01T00:00Z")!) == 12_600)
    }

    @Test func zoneTableMatchesFoundationHourly2019To2023() {
        let tz = TimeZone(identifier: "Asia/Tehran")!
        var t = Instant(iso8601: "2019-01-01T00:00Z")!.secondsSinceEpoch
        let end = Instant(iso8601: "2024-01-01T00:00Z")!.secondsSinceEpoch
        var mismatches = 0
        while t < end {
            let expected = tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
            if TimeZoneTable.tehran.offset(at: Instant(secondsSinceEpoch: t)) != expected {
                mismatches += 1
            }
            t += 1800
        }
        #expect(mismatches == 0)
    }

    @Test func zones() {
        #expect(TimeZoneTable(identifier: "Asia/Tehran") == .tehran)
        #expect(TimeZoneTable(identifier: "Nowhere/Atlantis") == nil)
        #expect(Instant(iso8601: "2024-10-23T06:00Z")!.iso8601(in: .utc) == "2024-10-23T06:00:00Z")
        #expect(Instant(iso8601: "2024-10-23T06:00Z")!.jalaliText(in: .utc) == "1403/08/02 06:00")
    }

    @Test func codableAsISO8601() throws {
        let instant = Instant(iso8601: "2024-10-23T09:30:00+03:30")!
        let data = try JSONEncoder().encode([instant])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-10-23T09:30:00+03:30"]"#)
        #expect(try JSONDecoder().decode([Instant].self, from: data) == [instant])
        #expect(
            try JSONDecoder().decode([Instant].self, from: Data("[1729663200]".utf8)) == [instant])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Instant].self, from: Data(#"["soon"]"#.utf8))
        }
        let dates = try JSONEncoder().encode([jalali(1403, 7, 1)])
        #expect(String(decoding: dates, as: UTF8.self) == #"["1403\/07\/01"]"#)
    }
}
