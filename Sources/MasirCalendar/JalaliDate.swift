/// A day in the Jalali (Solar Hijri) calendar, Iran's civil calendar.
///
/// Leap years follow the 33-year arithmetic rule: year `y` is leap when `(25y + 11) mod 33 < 8`,
/// i.e. `y mod 33` is 1, 5, 9, 13, 17, 22, 26 or 30. This is the rule of jdatetime and of
/// Foundation's `.persian` calendar (ICU), and it matches the official astronomical calendar
/// (vernal equinox at 52.5° E) for years 1178–1501; persiantools starts departing from it in 1502.
/// The first six months have 31 days, the next five 30, and Esfand 29 (30 in a leap year).
public struct JalaliDate: CalendarDay {
    /// The Jalali year (1403 began on 2024-03-20), the month (1, Farvardin, to 12, Esfand) and
    /// the day of the month (1–31).
    public let year, month, day: Int

    /// Makes a date from its parts, or nil if there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.exists(year: year, month: month, day: day) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The Jalali date of a Gregorian date.
    public init(_ civil: CivilDate) {
        self.init(dayNumber: civil.dayNumber)
    }

    /// The Jalali date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // The closed-form estimate is exact for every year tried (−2000…4000); the two loops only guard it.
        var y = Self.floorDiv(33 * (dayNumber - Self.epoch) + 3, 12_053) + 1
        while dayNumber < Self.firstDay(ofYear: y) { y -= 1 }
        while dayNumber >= Self.firstDay(ofYear: y + 1) { y += 1 }
        let dayOfYear = dayNumber - Self.firstDay(ofYear: y)
        year = y
        if dayOfYear < 186 {
            month = dayOfYear / 31 + 1
            day = dayOfYear % 31 + 1
        } else {
            month = (dayOfYear - 186) / 30 + 7
            day = (dayOfYear - 186) % 30 + 1
        }
    }

    /// Parses `1403/07/01` or `۱۴۰۳/۰۷/۰۱` (month and day may have one digit).
    public init?(_ description: String) {
        var scanner = DateScanner(description)
        guard !description.utf8.contains(UInt8(ascii: "-")), let date = scanner.date(),
            scanner.isAtEnd
        else { return nil }
        self.init(date)
    }

    /// Parses either form a rulebook may use: Jalali `1403/07/01` (any digits) or Gregorian `2024-09-22`.
    public init?(parsing text: String) {
        // A Gregorian day before the Jalali era would have a negative year, which no date prints.
        guard let civil = CivilDate(parsing: text), JalaliDate(civil).year >= 0 else { return nil }
        self.init(civil)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        Self.firstDay(ofYear: year) + (month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30) + day
            - 1
    }

    /// The same day in the Gregorian calendar.
    public var civil: CivilDate { CivilDate(dayNumber: dayNumber) }

    /// The Persian name of the month (فروردین … اسفند).
    public var monthName: String { Self.monthNames[month - 1] }

    /// The date as `yyyy/mm/dd` in ASCII digits, the form rulebooks and tables use.
    public var description: String {
        "\(DateScanner.zeroPadded(year, 4))/\(DateScanner.zeroPadded(month, 2))/\(DateScanner.zeroPadded(day, 2))"
    }

    /// The date for people: `۲ آبان ۱۴۰۳`, optionally preceded by the weekday (`چهارشنبه ۲ آبان ۱۴۰۳`).
    public func persianFormatted(withWeekday: Bool = false, persianDigits: Bool = true) -> String {
        func digits(_ n: Int) -> String {
            let ascii = String(n)
            guard persianDigits else { return ascii }
            return String(
                String.UnicodeScalarView(
                    ascii.unicodeScalars.map { s in
                        (0x30...0x39).contains(s.value)
                            ? Unicode.Scalar(s.value - 0x30 + 0x06F0)! : s
                    }))
        }
        let text = "\(digits(day)) \(monthName) \(digits(year))"
        return withWeekday ? "\(weekday.persianName) \(text)" : text
    }

    /// The Persian month names, Farvardin first.
    public static let monthNames = [
        "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
        "بهمن", "اسفند",
    ]

    /// Whether Esfand of `year` has 30 days, by the 33-year rule.
    public static func isLeapYear(_ year: Int) -> Bool {
        let (_, r) = DateScanner.floorDivMod(Int64(25 * year + 11), 33)
        return r < 8
    }

    /// The number of days in a month of a year (0 for a month outside 1–12).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1...6: 31
        case 7...11: 30
        case 12: isLeapYear(year) ? 30 : 29
        default: 0
        }
    }

    /// The number of days in a year: 365, or 366 in a leap year.
    public static func daysInYear(_ year: Int) -> Int { isLeapYear(year) ? 366 : 365 }

    /// Day number of 1 Farvardin 1 (622-03-21 proleptic Gregorian), calibrated on 1 Farvardin 1403 = 2024-03-20.
    private static let epoch = -492_268

    /// Day number of 1 Farvardin of `year`: 365 days a year plus the leap days before it, `⌊(8y + 21) / 33⌋`.
    static func firstDay(ofYear year: Int) -> Int {
        epoch + 365 * (year - 1) + floorDiv(8 * year + 21, 33)
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        Int(DateScanner.floorDivMod(Int64(a), Int64(b)).quotient)
    }
}
