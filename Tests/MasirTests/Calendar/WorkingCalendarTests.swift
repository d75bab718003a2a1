import Foundation
import MasirTestSupport
import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

// Expected values below were worked out by hand from the official holiday table; the comments give the reasoning.
// Instants are written as Tehran wall time with Jalali dates. Government week: Sat–Wed 07:30–14:30, Friday closed.

private let gov = WorkingCalendar.iranGovernment()
private let govThursdayMorning = WorkingCalendar.iranGovernment(thursday: .morning)

private func at(_ text: String) -> Instant { Instant(localText: text)! }

private func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }

/// One working-day deadline case: start, n, and the expected close of business, with the reasoning.
struct WorkingDayCase: Sendable, CustomTestStringConvertible {
    let start: String
    let n: Int
    let expected: String?
    let why: String
    var testDescription: String { "\(start) + \(n) working days = \(expected ?? "nil"): \(why)" }
}

@Suite struct WorkingDayDeadlineTests {
    static let thursdayOffCases: [WorkingDayCase] = [
        // Nowruz: 1403/12/29 (Wed) and 12/30 (Thu) are holidays, 1404/01/01–01/04 too; 01/05 is Tuesday.
        .init(
            start: "1403/12/28 10:00", n: 1, expected: "1404/01/05 14:30",
            why: "Nowruz week skipped"),
        .init(
            start: "1403/12/28 10:00", n: 2, expected: "1404/01/06 14:30",
            why: "Wednesday after Nowruz"),
        .init(
            start: "1403/12/28 10:00", n: 3, expected: "1404/01/09 14:30",
            why: "Thu 01/07 off, Fri 01/08 off"),
        .init(start: "1403/12/28 10:00", n: 4, expected: "1404/01/10 14:30", why: "Sunday"),
        .init(
            start: "1403/12/28 10:00", n: 5, expected: "1404/01/16 14:30",
            why: "Eid al-Fitr 01/11–01/12, Nature's Day 01/13, Thu, Fri: next is Sat 01/16"),
        // Tasua/Ashura 1403 on Mon 04/25 and Tue 04/26.
        .init(
            start: "1403/04/24 09:00", n: 1, expected: "1403/04/27 14:30",
            why: "Tasua and Ashura skipped"),
        .init(
            start: "1403/04/24 09:00", n: 2, expected: "1403/04/30 14:30", why: "then Thu and Fri"),
        // Tasua/Ashura 1404 on Sat 04/14 and Sun 04/15; the start is a Thursday.
        .init(
            start: "1404/04/12 11:00", n: 1, expected: "1404/04/16 14:30",
            why: "Fri, Tasua, Ashura skipped"),
        // Eid al-Fitr 1403 on Wed 01/22 and Thu 01/23.
        .init(
            start: "1403/01/21 13:00", n: 1, expected: "1403/01/25 14:30",
            why: "Eid al-Fitr, Thu, Fri skipped"),
        // Eid al-Fitr 1404 on Mon 01/11 and Tue 01/12, Nature's Day Wed 01/13.
        .init(
            start: "1404/01/10 08:00", n: 1, expected: "1404/01/16 14:30",
            why: "five closed days in a row"),
        // An ordinary week: 1403/08/02 is a Wednesday.
        .init(
            start: "1403/08/02 10:00", n: 1, expected: "1403/08/05 14:30",
            why: "Thu and Fri skipped"),
        .init(
            start: "1403/08/04 10:00", n: 1, expected: "1403/08/05 14:30", why: "start on a Friday"),
        .init(
            start: "1403/08/04 10:00", n: 0, expected: "1403/08/05 14:30",
            why: "n = 0 on a Friday: next working day"),
        .init(
            start: "1403/11/22 10:00", n: 1, expected: "1403/11/23 14:30",
            why: "start on Revolution Day (Mon)"),
        .init(
            start: "1403/11/22 10:00", n: 0, expected: "1403/11/23 14:30",
            why: "n = 0 on a holiday: next working day"),
        .init(
            start: "1403/08/05 16:00", n: 1, expected: "1403/08/06 14:30",
            why: "after hours: the day still never counts"),
        .init(
            start: "1403/08/05 16:00", n: 0, expected: "1403/08/06 14:30",
            why: "n = 0 after closing: next day's close"),
        .init(
            start: "1403/08/05 06:00", n: 1, expected: "1403/08/06 14:30",
            why: "before opening: the day still never counts"),
        .init(
            start: "1403/08/05 06:00", n: 0, expected: "1403/08/05 14:30",
            why: "n = 0 before opening: today's close"),
        .init(
            start: "1403/08/05 14:30", n: 0, expected: "1403/08/05 14:30",
            why: "n = 0 exactly at close: now"),
        .init(
            start: "1403/08/05 14:30", n: 1, expected: "1403/08/06 14:30", why: "exactly at close"),
        .init(
            start: "1403/08/05 23:59", n: 1, expected: "1403/08/06 14:30",
            why: "late night of a working day"),
        .init(
            start: "1403/08/05 10:00", n: 5, expected: "1403/08/12 14:30",
            why: "Sun–Wed, Sat: one week later"),
        .init(start: "1403/08/05 10:00", n: -1, expected: nil, why: "negative n"),
    ]

    @Test(arguments: thursdayOffCases)
    func thursdayOff(_ c: WorkingDayCase) {
        #expect(gov.addWorkingDays(c.n, to: at(c.start))?.jalaliText() == c.expected)
        #expect(
            gov.deadline(start: at(c.start), amount: .workingDays(c.n), pauses: [])
                == gov.addWorkingDays(c.n, to: at(c.start)))
    }

    static let thursdayMorningCases: [WorkingDayCase] = [
        .init(
            start: "1403/08/02 10:00", n: 1, expected: "1403/08/03 12:30",
            why: "Thursday half day counts"),
        .init(start: "1403/08/02 10:00", n: 2, expected: "1403/08/05 14:30", why: "then Saturday"),
        .init(
            start: "1403/12/28 10:00", n: 3, expected: "1404/01/07 12:30",
            why: "Thu 1404/01/07 is open"),
        .init(
            start: "1403/12/28 10:00", n: 1, expected: "1404/01/05 14:30",
            why: "Thu 1403/12/30 is a holiday anyway"),
        .init(
            start: "1403/08/03 13:00", n: 0, expected: "1403/08/05 14:30",
            why: "n = 0 after Thursday's 12:30 close"),
    ]

    @Test(arguments: thursdayMorningCases)
    func thursdayMorning(_ c: WorkingDayCase) {
        #expect(govThursdayMorning.addWorkingDays(c.n, to: at(c.start))?.jalaliText() == c.expected)
    }

    @Test func oneOffClosure() {
        // Closing Sat 1403/08/05 (air pollution) moves Wednesday's 1-day deadline to Sunday.
        let closed = WorkingCalendar.iranGovernment(closures: [
            OfficeClosure(on: JalaliDate("1403/08/05")!, reason: "آلودگی هوا")
        ])
        #expect(
            closed.addWorkingDays(1, to: at("1403/08/02 10:00"))?.jalaliText() == "1403/08/06 14:30"
        )
        #expect(!closed.isWorkingDay(JalaliDate("1403/08/05")!))
        #expect(closed.closure(on: day("1403/08/05"))?.reason == "آلودگی هوا")
        // A three-day closure Sat–Mon, inclusive: the deadline is Tuesday.
        let long = WorkingCalendar.iranGovernment(closures: [
            OfficeClosure(from: day("1403/08/05"), through: day("1403/08/07"))!
        ])
        #expect(
            long.addWorkingDays(1, to: at("1403/08/02 10:00"))?.jalaliText() == "1403/08/08 14:30")
        #expect(OfficeClosure(from: day("1403/08/07"), through: day("1403/08/05")) == nil)
    }

    @Test func seasonalHours() throws {
        // Summer hours 07:00–13:00 from 1403/04/01 to 1403/06/31 on days that are open anyway.
        let summer = try #require(
            SeasonalHours(
                from: day("1403/04/01"), through: day("1403/06/31"),
                hours: .openDays([TimeOfDayRange("07:00-13:00")!]), reason: "تابستان"))
        let cal = WorkingCalendar.iranGovernment(seasons: [summer])
        #expect(
            cal.addWorkingDays(1, to: at("1403/05/01 10:00"))?.jalaliText() == "1403/05/02 13:00")
        #expect(
            cal.addWorkingDays(1, to: at("1403/06/26 10:00"))?.jalaliText() == "1403/06/27 13:00")
        // 06/29 Thu and 06/30 Fri closed, 06/31 a holiday and the season's last day; Sun 07/01 has regular hours.
        #expect(
            cal.addWorkingDays(1, to: at("1403/06/28 10:00"))?.jalaliText() == "1403/07/01 14:30")
        #expect(cal.hours(on: day("1403/05/04")).isEmpty, "Thursday stays closed under openDays")
        // 8 working hours from Mon 05/01 08:00: 5 h on Monday (to 13:00), then 3 h from 07:00 Tuesday.
        #expect(
            cal.addWorkingTime(seconds: 8 * 3600, to: at("1403/05/01 08:00"))?.jalaliText()
                == "1403/05/02 10:00")
        // Per-weekday seasons: open Thursday mornings, close Wednesdays; later seasons win.
        let ramadan = try #require(
            SeasonalHours(
                from: day("1403/08/01"), through: day("1403/08/30"),
                hours: .weekdays([.thursday: [TimeOfDayRange("08:00-12:00")!], .wednesday: []])))
        let both = WorkingCalendar.iranGovernment(seasons: [summer, ramadan])
        #expect(
            both.addWorkingDays(1, to: at("1403/08/01 10:00"))?.jalaliText() == "1403/08/03 12:00")
        #expect(
            both.hours(on: day("1403/08/05")) == [WorkingCalendar.iranGovernmentDay],
            "unlisted weekdays keep regular hours")
        #expect(!both.isWorkingDay(day("1403/08/02")))
        let override = try #require(
            SeasonalHours(
                from: day("1403/05/01"), through: day("1403/05/31"),
                hours: .openDays([TimeOfDayRange("06:00-10:00")!])))
        #expect(
            WorkingCalendar.iranGovernment(seasons: [summer, override]).hours(on: day("1403/05/01"))
                == [TimeOfDayRange("06:00-10:00")!])
    }

    @Test func workingIntervalsAcrossTheLastDaylightSavingChange() {
        // 1400/06/30 (Tue 2021-09-21) was still +04:30; 1400/06/31 (Wed) was +03:30. Both days are 7 hours.
        let cal = WorkingCalendar.iranGovernment()
        let tuesday = cal.workingIntervals(on: JalaliDate("1400/06/30")!)
        let wednesday = cal.workingIntervals(on: JalaliDate("1400/06/31")!)
        #expect(
            tuesday.map { "\($0.lowerBound.iso8601UTC) \($0.upperBound.iso8601UTC)" } == [
                "2021-09-21T03:00:00Z 2021-09-21T10:00:00Z"
            ])
        #expect(
            wednesday.map { "\($0.lowerBound.iso8601UTC) \($0.upperBound.iso8601UTC)" } == [
                "2021-09-22T04:00:00Z 2021-09-22T11:00:00Z"
            ])
        #expect(
            cal.workingSeconds(from: at("1400/06/30 00:00"), to: at("1400/07/01 00:00")) == 14
                * 3600)
        #expect(
            cal.addWorkingTime(seconds: 10 * 3600, to: at("1400/06/30 07:30"))?.jalaliText()
                == "1400/06/31 10:30")
    }

    @Test func deadlinesAreMonotoneInN() {
        var previous = gov.addWorkingDays(0, to: at("1403/12/20 09:00"))!
        for n in 1...300 {
            let next = gov.addWorkingDays(n, to: at("1403/12/20 09:00"))!
            #expect(next > previous, "n = \(n)")
            #expect(gov.isWorkingDay(next.civilDate()))
            previous = next
        }
    }
}

@Suite struct WorkingTimeTests {
    @Test func sixteenWorkingHoursSpanNightsAndWeekend() {
        // Wed 08/02 09:30: 5 h to 14:30; Thu, Fri closed; Sat 7 h (12 h); Sun 4 h more from 07:30 = 11:30.
        #expect(
            gov.addWorkingTime(seconds: 16 * 3600, to: at("1403/08/02 09:30"))?.jalaliText()
                == "1403/08/06 11:30")
        #expect(
            gov.workingSeconds(from: at("1403/08/02 09:30"), to: at("1403/08/06 11:30")) == 16
                * 3600)
        #expect(
            gov.workingSeconds(from: at("1403/08/06 11:30"), to: at("1403/08/02 09:30")) == -16
                * 3600)
    }

    @Test func startsAtNextOpeningAndStaysAtClose() {
        // From 06:00 Saturday, 7 working hours end exactly at Saturday's close, not Sunday's opening.
        #expect(
            gov.addWorkingTime(seconds: 7 * 3600, to: at("1403/08/05 06:00"))?.jalaliText()
                == "1403/08/05 14:30")
        #expect(
            gov.addWorkingTime(seconds: 7 * 3600 + 1, to: at("1403/08/05 06:00"))?.jalaliText()
                == "1403/08/06 07:30:01")
        // From Wednesday's close, 1 hour is Saturday 08:30; from Friday evening, 3 hours is Saturday 10:30.
        #expect(
            gov.addWorkingTime(seconds: 3600, to: at("1403/08/02 14:30"))?.jalaliText()
                == "1403/08/05 08:30")
        #expect(
            gov.addWorkingTime(seconds: 3 * 3600, to: at("1403/08/04 20:00"))?.jalaliText()
                == "1403/08/05 10:30")
        // Zero working time is the start itself, even outside hours; negative is nil.
        #expect(
            gov.addWorkingTime(seconds: 0, to: at("1403/08/04 20:00")) == at("1403/08/04 20:00"))
        #expect(gov.addWorkingTime(seconds: -1, to: at("1403/08/04 20:00")) == nil)
        #expect(gov.nextOpening(atOrAfter: at("1403/08/04 20:00")) == at("1403/08/05 07:30"))
        #expect(gov.nextOpening(atOrAfter: at("1403/08/05 09:00")) == at("1403/08/05 09:00"))
        #expect(gov.nextOpening(atOrAfter: at("1403/08/05 14:30")) == at("1403/08/06 07:30"))
        #expect(gov.isOpen(at: at("1403/08/05 07:30")) && !gov.isOpen(at: at("1403/08/05 14:30")))
    }

    @Test func calendarSecondsArePlainAddition() {
        #expect(
            gov.deadline(
                start: at("1403/08/04 20:00"), amount: .calendarSeconds(48 * 3600), pauses: [])
                == at("1403/08/06 20:00"))
        #expect(
            gov.deadline(start: at("1403/08/04 20:00"), amount: .calendarSeconds(-1), pauses: [])
                == nil)
        #expect(
            gov.deadline(
                start: Instant(secondsSinceEpoch: .max - 5), amount: .calendarSeconds(10),
                pauses: []) == nil)
    }

    @Test func workingSecondsOverAJalaliYear() {
        // 1403 has 366 days; count its working days independently and compare with the weekly-shortcut sum.
        let first = JalaliDate("1403/01/01")!
        let workingDays = (0..<366).filter { gov.isWorkingDay(first.adding(days: $0)) }.count
        #expect(
            gov.workingSeconds(from: at("1403/01/01 00:00"), to: at("1404/01/01 00:00")) == Int64(
                workingDays) * 7 * 3600)
        // 366 days from a Wednesday: 53 Wednesdays and Thursdays, 52 of the rest, so Sat–Wed give 4 × 52 + 53 = 261
        // days; 20 distinct holiday dates of 1403 fall on Sat–Wed.
        #expect(workingDays == 261 - 20)
    }

    /// The weekly shortcut used for long spans must equal a plain day-by-day sum, across clock changes and holidays.
    @Test func longSpansMatchDayByDaySum() {
        let calendars = [
            gov, govThursdayMorning,
            WorkingCalendar(
                name: "utc", timeZone: .utc,
                weeklyHours: [.monday: [TimeOfDayRange("09:00-17:00")!]]),
        ]
        var rng = SplitMix64(seed: 7)
        for cal in calendars {
            for _ in 0..<12 {
                let a = Instant(
                    secondsSinceEpoch: Int64.random(in: 1_400_000_000...1_800_000_000, using: &rng))
                let b = a.advanced(by: Int64.random(in: 0...(400 * 86_400), using: &rng))
                var naive: Int64 = 0
                var d = a.civilDate(in: cal.timeZone).adding(days: -1)
                while d <= b.civilDate(in: cal.timeZone).adding(days: 1) {
                    for iv in cal.workingIntervals(on: d) {
                        naive += max(0, max(iv.lowerBound, a).distance(to: min(iv.upperBound, b)))
                    }
                    d = d.adding(days: 1)
                }
                #expect(cal.workingSeconds(from: a, to: b) == naive, "\(cal.name) \(a) \(b)")
            }
        }
        // Centuries apart stays fast and exact: 400 Gregorian years hold exactly 20871 whole weeks.
        let weekly = WorkingCalendar(
            name: "utc", timeZone: .utc, weeklyHours: [.monday: [TimeOfDayRange("09:00-17:00")!]])
        #expect(
            weekly.workingSeconds(
                from: Instant(iso8601: "1600-01-01T00:00Z")!,
                to: Instant(iso8601: "2000-01-01T00:00Z")!)
                == 20_871 * 8 * 3600)
        #expect(
            gov.workingSeconds(
                from: Instant(secondsSinceEpoch: .min), to: Instant(secondsSinceEpoch: .max)) > 0)
        #expect(gov.addWorkingDays(1, to: Instant(secondsSinceEpoch: .max)) == nil)
        #expect(gov.addWorkingTime(seconds: 60, to: Instant(secondsSinceEpoch: .min)) == nil)
        #expect(!gov.isOpen(at: Instant(secondsSinceEpoch: .max)))
    }

    /// For random starts across 1402–1405 and random amounts, the working time to the deadline is the amount.
    @Test func addWorkingTimeInvertsWorkingSeconds() {
        var rng = SplitMix64(seed: 1402)
        let lo = at("1402/01/01 00:00").secondsSinceEpoch
        let hi = at("1405/12/29 00:00").secondsSinceEpoch
        for cal in [gov, govThursdayMorning] {
            for _ in 0..<300 {
                let start = Instant(secondsSinceEpoch: Int64.random(in: lo...hi, using: &rng))
                let seconds = Int64.random(in: 0...(200 * 3600), using: &rng)
                guard let end = cal.addWorkingTime(seconds: seconds, to: start) else {
                    Issue.record("no deadline for \(start) + \(seconds)")
                    continue
                }
                #expect(
                    cal.workingSeconds(from: start, to: end) == seconds, "\(start) + \(seconds)")
                // Earliest: a second less of working time would not have been enough.
                if seconds > 0 {
                    #expect(
                        cal.workingSeconds(from: start, to: end.advanced(by: -1)) == seconds - 1)
                }
                let n = Int.random(in: 0...40, using: &rng)
                let d0 = cal.addWorkingDays(n, to: start)!
                let d1 = cal.addWorkingDays(n + 1, to: start)!
                // n = 0 and n = 1 coincide when the start day has closed already (after hours, Friday, holiday).
                #expect(d0 >= start && (n == 0 ? d0 <= d1 : d0 < d1), "\(start) n = \(n)")
            }
        }
    }

    @Test func calendarWithNoHoursReturnsNilQuickly() {
        let never = WorkingCalendar(name: "never", weeklyHours: [:])
        let start = at("1403/08/05 10:00")
        #expect(never.addWorkingDays(1, to: start) == nil)
        #expect(never.addWorkingDays(0, to: start) == nil)
        #expect(never.addWorkingTime(seconds: 1, to: start) == nil)
        #expect(never.nextOpening(atOrAfter: start) == nil)
        #expect(never.deadline(start: start, amount: .workingSeconds(60), pauses: []) == nil)
        #expect(never.deadline(start: start, amount: .workingDays(3), pauses: []) == nil)
        #expect(never.workingSeconds(from: start, to: start.advanced(by: 86_400 * 1000)) == 0)
        // Holidays can close every day as well.
        let allHolidays = WorkingCalendar(
            name: "h", weeklyHours: [.saturday: [TimeOfDayRange("08:00-09:00")!]],
            holidays: Set((0..<4000).map { day("1403/01/01").adding(days: $0) }))
        #expect(allHolidays.addWorkingDays(1, to: at("1403/01/01 08:00")) == nil)
        // Deadlines beyond the search limit give nil rather than a wrong answer.
        #expect(gov.addWorkingDays(5000, to: start) == nil)
        #expect(gov.addWorkingDays(2000, to: start) != nil)
    }
}

@Suite struct PausedClockTests {
    // Start Sat 1403/08/05 09:00. Four working hours end at 13:00 without pauses.
    private let start = at("1403/08/05 09:00")

    private func working(_ hours: Int64, _ pauses: [(String, String)]) -> String? {
        gov.deadline(
            start: start, amount: .workingSeconds(hours * 3600),
            pauses: pauses.map { at($0.0)..<at($0.1) })?.jalaliText()
    }

    @Test func workingSecondsWithPauses() {
        #expect(working(4, []) == "1403/08/05 13:00")
        #expect(
            working(4, [("1403/08/04 10:00", "1403/08/04 12:00")]) == "1403/08/05 13:00",
            "pause before start")
        #expect(
            working(4, [("1403/08/05 08:00", "1403/08/05 10:00")]) == "1403/08/05 14:00",
            "overlaps start: 1 h counts")
        #expect(
            working(4, [("1403/08/05 11:00", "1403/08/05 11:30")]) == "1403/08/05 13:30", "inside")
        #expect(
            working(4, [("1403/08/05 13:00", "1403/08/05 14:00")]) == "1403/08/05 13:00",
            "starts at the deadline")
        #expect(
            working(4, [("1403/08/05 13:30", "1403/08/06 10:00")]) == "1403/08/05 13:00",
            "after the deadline")
        // 09:00–09:30, 10:00–10:30, 11:00–12:00 run 2 h; paused to Sun 08:00; 2 h more = Sun 10:00.
        #expect(
            working(
                4,
                [
                    ("1403/08/05 09:30", "1403/08/05 10:00"),
                    ("1403/08/05 10:30", "1403/08/05 11:00"),
                    ("1403/08/05 12:00", "1403/08/06 08:00"),
                ]) == "1403/08/06 10:00", "multiple")
        // The extension itself runs into a pause: 3 h to 12:00, paused to the close, then 1 h Sunday.
        #expect(
            working(4, [("1403/08/05 12:00", "1403/08/05 14:30")]) == "1403/08/06 08:30",
            "extension runs into the pause")
        // Overlapping, duplicate and empty pauses count once: 1 h + 2.5 h on Saturday, 0.5 h on Sunday.
        #expect(
            working(
                4,
                [
                    ("1403/08/05 10:00", "1403/08/05 12:00"),
                    ("1403/08/05 11:00", "1403/08/05 12:00"),
                    ("1403/08/05 10:00", "1403/08/05 10:00"),
                ]) == "1403/08/06 08:00")
    }

    @Test func calendarSecondsWithPauses() {
        func calendar(_ pauses: [(String, String)]) -> String? {
            gov.deadline(
                start: start, amount: .calendarSeconds(48 * 3600),
                pauses: pauses.map { at($0.0)..<at($0.1) })?.jalaliText()
        }
        #expect(calendar([]) == "1403/08/07 09:00")
        #expect(
            calendar([("1403/08/05 10:00", "1403/08/05 12:00")]) == "1403/08/07 11:00",
            "inside: 2 h")
        #expect(
            calendar([("1403/08/05 08:00", "1403/08/05 10:00")]) == "1403/08/07 10:00",
            "overlaps start: 1 h")
        #expect(
            calendar([("1403/08/07 09:00", "1403/08/08 09:00")]) == "1403/08/07 09:00",
            "after the deadline")
        // Night pauses count in full on a calendar clock: 2 nights of 10 h.
        #expect(
            calendar([
                ("1403/08/05 20:00", "1403/08/06 06:00"), ("1403/08/06 20:00", "1403/08/07 06:00"),
            ])
                == "1403/08/08 05:00")
    }

    @Test func workingDaysWithPauses() {
        func days(_ n: Int, _ pauses: [(String, String)]) -> String? {
            gov.deadline(
                start: start, amount: .workingDays(n), pauses: pauses.map { at($0.0)..<at($0.1) })?
                .jalaliText()
        }
        #expect(days(1, []) == "1403/08/06 14:30")
        #expect(
            days(1, [("1403/08/04 10:00", "1403/08/05 08:00")]) == "1403/08/06 14:30",
            "before start")
        // 2 h of Saturday paused: 14:30 Sunday moves 2 working hours on, to 09:30 Monday.
        #expect(days(1, [("1403/08/05 10:00", "1403/08/05 12:00")]) == "1403/08/07 09:30", "inside")
        // All of Sunday paused: 7 working hours, i.e. one whole working day.
        #expect(
            days(1, [("1403/08/06 00:00", "1403/08/07 00:00")]) == "1403/08/07 14:30", "a whole day"
        )
        #expect(
            days(1, [("1403/08/06 14:30", "1403/08/08 00:00")]) == "1403/08/06 14:30",
            "after the deadline")
        // n = 0 from Saturday 09:00 with a pause 10:00–11:00: 14:30 becomes 07:30 + 1 h on Sunday.
        #expect(days(0, [("1403/08/05 10:00", "1403/08/05 11:00")]) == "1403/08/06 08:30")
    }

    /// The elapsed clock time to the deadline is exactly the amount, for any pauses.
    @Test func elapsedToDeadlineIsTheAmount() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<200 {
            let pauses: [Range<Instant>] = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                let lo = start.advanced(by: Int64.random(in: -86_400...(10 * 86_400), using: &rng))
                return lo..<lo.advanced(by: Int64.random(in: 0...(3 * 86_400), using: &rng))
            }
            let seconds = Int64.random(in: 0...(60 * 3600), using: &rng)
            for amount in [ClockAmount.workingSeconds(seconds), .calendarSeconds(seconds)] {
                let end = gov.deadline(start: start, amount: amount, pauses: pauses)!
                #expect(
                    gov.elapsed(from: start, to: end, amountKind: amount.kind, pauses: pauses)
                        == seconds)
                #expect(
                    end
                        >= (amount.kind == .working
                            ? gov.addWorkingTime(seconds: seconds, to: start)!
                            : start.advanced(by: seconds)))
            }
            let n = Int.random(in: 0...10, using: &rng)
            let plain = gov.addWorkingDays(n, to: start)!
            let paused = gov.deadline(start: start, amount: .workingDays(n), pauses: pauses)!
            #expect(paused >= plain)
            #expect(
                gov.elapsed(from: start, to: paused, amountKind: .working, pauses: pauses)
                    == gov.workingSeconds(from: start, to: plain))
        }
    }
}
