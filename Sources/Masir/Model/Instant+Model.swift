import Foundation

// Small conveniences the model and evaluator use on the calendar's types.

extension Instant {
    init(seconds: Int64) { self.init(secondsSinceEpoch: seconds) }

    var seconds: Int64 { secondsSinceEpoch }

    /// The civil day in Asia/Tehran, as days since 1970-01-01.
    var localDay: Int64 { Int64(civilDate().dayNumber) }

    /// `1403/08/12 10:00` in Asia/Tehran.
    public var jalaliDescription: String { jalaliText() }

    /// ISO 8601 with Tehran's offset.
    public var isoText: String { iso8601() }

    /// A local date (`1403/07/01` or `2024-09-22`) and time (`10:00`) in Asia/Tehran.
    init?(localDate: String, time: String) {
        self.init(localText: "\(localDate) \(time)")
    }

    /// The forms cases and the command line accept: ISO 8601 with an offset, or local Tehran time
    /// in either calendar (`1403/08/12 10:00`, `2024-11-02 10:00`, or a date alone for its midnight).
    public init?(parsingCaseTime text: String) {
        // Most texts have nothing to trim, and Foundation's trimming costs more than the parse.
        let edges = [text.unicodeScalars.first, text.unicodeScalars.last].compactMap { $0 }
        let trimmed =
            edges.contains(where: \.properties.isWhitespace)
            ? text.trimmingCharacters(in: .whitespaces) : text
        guard let instant = Instant(iso8601: trimmed) ?? Instant(localText: trimmed),
            instant.isWithinCaseYears
        else { return nil }
        self = instant
    }

    /// Whether the instant falls in the years a case may name: those a rulebook's dates may
    /// (`LiteralLimits`), so every decision's timestamps stay in the form the schema gives.
    var isWithinCaseYears: Bool { Self.caseSeconds.contains(secondsSinceEpoch) }

    /// `CivilDate.caseDays` as instants in Tehran, so the fast decoder compares one number.
    static let caseSeconds: Range<Int64> = {
        let days = CivilDate.caseDays
        func midnight(_ day: Int) -> Int64 {
            Instant(date: CivilDate(dayNumber: day), secondOfDay: 0)?.secondsSinceEpoch ?? 0
        }
        return midnight(days.lowerBound)..<midnight(days.upperBound)
    }()

    /// The current instant, to whole seconds.
    public static var now: Instant { Instant(Date()) }
}

extension CivilDate {
    var daysSinceEpoch: Int64 { Int64(dayNumber) }

    /// The days of the Jalali years a rulebook's dates may name (`LiteralLimits.jalaliYears`),
    /// which hold its Gregorian years too.
    static let caseDays: Range<Int> = {
        let years = LiteralLimits.jalaliYears
        let first = JalaliDate(year: years.lowerBound, month: 1, day: 1)!.dayNumber
        let end = JalaliDate(year: years.upperBound + 1, month: 1, day: 1)!.dayNumber
        return first..<end
    }()

    /// A case's date (`1403/07/01`, `2024-09-22`), in the years a rulebook's dates may name.
    init?(parsingCaseDate text: String) {
        guard let date = CivilDate(parsing: text), Self.caseDays.contains(date.dayNumber) else {
            return nil
        }
        self = date
    }

    init(daysSinceEpoch: Int64) { self.init(dayNumber: Int(daysSinceEpoch)) }
}
