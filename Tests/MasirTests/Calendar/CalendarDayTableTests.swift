import Testing

@testable import Masir
@testable import MasirCalendar
@testable import MasirLanguage
@testable import MasirText

@Suite struct CalendarDayTableTests {
    /// The precomputed days answer exactly as computing them would, inside and outside the table.
    @Test func precomputedDaysEqualComputedDays() throws {
        let calendar = WorkingCalendar.iranGovernment()
        #expect(calendar.hasDayTable)
        let start = CivilDate(year: 2022, month: 1, day: 1)!.dayNumber
        for day in stride(from: start, to: start + 2_600, by: 1) {
            #expect(calendar.intervals(onDay: day) == calendar.computeIntervals(onDay: day))
        }
    }
}
