/// What a day of a calendar offers whatever the calendar: its year, month and day, its place in
/// the count of days since 1970-01-01 (which is how one calendar's day becomes another's), its
/// weekday, and days later or earlier.
public protocol CalendarDay: Sendable, Hashable, Comparable, LosslessStringCodable {
    var year: Int { get }
    /// The month, 1–12.
    var month: Int { get }
    /// The day of the month, 1–31.
    var day: Int { get }
    /// Days since 1970-01-01 (negative before it).
    var dayNumber: Int { get }
    init(dayNumber: Int)
    /// The number of days in a month of a year (0 for a month outside 1–12).
    static func daysInMonth(year: Int, month: Int) -> Int
}

extension CalendarDay {
    /// Whether the calendar has a day `day` in `month` of `year`.
    public static func exists(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// The day of the week.
    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> Self { Self(dayNumber: dayNumber + days) }

    /// Earlier days sort first.
    public static func < (a: Self, b: Self) -> Bool { a.dayNumber < b.dayNumber }
}
