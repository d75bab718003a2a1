/// A day in the proleptic Gregorian calendar, with no time of day and no time zone.
///
/// `dayNumber` counts days from 1970-01-01 and is what the working calendar computes with; the
/// year, month and day are kept alongside so that reading them costs nothing.
public struct CivilDate: CalendarDay {
    /// The Gregorian year (astronomical numbering: 0 is 1 BC), the month (1–12) and the day of
    /// the month (1–31).
    public let year, month, day: Int
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int

    /// Makes a date from its parts, or nil if there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.exists(year: year, month: month, day: day) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
        dayNumber = Self.dayNumber(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days: exact for every representable day, no tables.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
        self.dayNumber = dayNumber
    }

    /// The Gregorian date of a Jalali date.
    public init(_ jalali: JalaliDate) {
        self.init(dayNumber: jalali.dayNumber)
    }

    /// Parses `2024-09-22`; Persian and Arabic-Indic digits are accepted.
    public init?(_ description: String) {
        var scanner = DateScanner(description)
        guard !description.utf8.contains(UInt8(ascii: "/")), let date = scanner.date(),
            scanner.isAtEnd
        else { return nil }
        self = date
    }

    /// Parses either form a rulebook may use: Gregorian `2024-09-22` or Jalali `1403/07/01` (also in Persian digits).
    public init?(parsing text: String) {
        var scanner = DateScanner(text)
        guard let date = scanner.date(), scanner.isAtEnd else { return nil }
        self = date
    }

    /// The date as `yyyy-mm-dd`.
    public var description: String {
        "\(DateScanner.zeroPadded(year, 4))-\(DateScanner.zeroPadded(month, 2))-\(DateScanner.zeroPadded(day, 2))"
    }

    /// The same day in the Jalali calendar.
    public var jalali: JalaliDate { JalaliDate(self) }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month of a year (0 for a month outside 1–12).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    // Howard Hinnant's days_from_civil.
    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
