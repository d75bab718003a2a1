/// A day of the week, numbered from Saturday as the Iranian week is.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, Codable,
    CustomStringConvertible
{
    /// شنبه, the first day of the week.
    case saturday = 0
    /// یکشنبه.
    case sunday
    /// دوشنبه.
    case monday
    /// سه‌شنبه.
    case tuesday
    /// چهارشنبه.
    case wednesday
    /// پنجشنبه, a half day or closed depending on the province.
    case thursday
    /// جمعه, the weekly day of rest.
    case friday

    /// The Persian name as written in official calendars (شنبه … جمعه).
    public var persianName: String { Self.persianNames[rawValue] }

    /// The lowercase English name (`saturday`), the spelling rulebooks use.
    public var englishName: String { Self.englishNames[rawValue] }

    /// The three-letter English abbreviation (`Sat`), as in the holiday tables.
    public var abbreviation: String { Self.abbreviations[rawValue] }

    /// The English name.
    public var description: String { englishName }

    /// Parses an English name or abbreviation in any case, or a Persian name with or without the zero-width non-joiner.
    public init?(name: String) {
        // Persian names are written with a non-joiner, a space or nothing between the parts; compare without them.
        func squeezed(_ text: String) -> String {
            String(
                String.UnicodeScalarView(
                    text.lowercased().unicodeScalars.filter { $0 != "\u{200C}" && $0 != " " }))
        }
        let folded = squeezed(name)
        for day in Self.allCases
        where folded == day.englishName || folded == day.abbreviation.lowercased()
            || folded == squeezed(day.persianName)
        {
            self = day
            return
        }
        return nil
    }

    /// The weekday of a day counted from 1970-01-01, which was a Thursday.
    package init(dayNumber: Int) {
        let (_, r) = DateScanner.floorDivMod(Int64(dayNumber) + 5, 7)
        self = Weekday(rawValue: Int(r))!
    }

    /// Orders the week from Saturday, as Iranian calendars do.
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }

    // Spelled as in the official holiday table (سه‌شنبه with a non-joiner, پنجشنبه joined), so rows compare equal.
    private static let persianNames = [
        "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه",
    ]
    private static let englishNames = [
        "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
    ]
    private static let abbreviations = ["Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"]
}
