import Foundation

/// A point in time: whole seconds since 1970-01-01T00:00:00Z, with no time zone.
///
/// Deadlines are instants; time zones only matter when an instant is read as a local date and
/// time. Codable as an ISO 8601 string with the Tehran offset (`2024-10-23T09:30:00+03:30`);
/// decoding also accepts any other offset, `Z`, or a number of seconds.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    /// The instant `secondsSinceEpoch` seconds after the Unix epoch.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The instant of a Foundation `Date`, rounded down to the second.
    public init(_ date: Date) {
        secondsSinceEpoch = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// The local wall time `secondOfDay` seconds after midnight of `date` in `zone`.
    ///
    /// Wall times skipped or repeated by a clock change resolve as `TimeZoneTable` describes.
    /// Nil unless `secondOfDay` is in `0...86400` (86400 is the next midnight).
    public init?(date: CivilDate, secondOfDay: Int, in zone: TimeZoneTable = .tehran) {
        guard (0...86_400).contains(secondOfDay) else { return nil }
        self = zone.instant(localSeconds: Int64(date.dayNumber) * 86_400 + Int64(secondOfDay))
    }

    /// The local wall time `hour:minute:second` of `date` in `zone`, or nil if the time is out of range.
    public init?(
        date: CivilDate, hour: Int, minute: Int = 0, second: Int = 0,
        in zone: TimeZoneTable = .tehran
    ) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else {
            return nil
        }
        self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second, in: zone)
    }

    /// The local wall time `hour:minute:second` of a Jalali `date` in `zone`, or nil if the time is out of range.
    public init?(
        date: JalaliDate, hour: Int, minute: Int = 0, second: Int = 0,
        in zone: TimeZoneTable = .tehran
    ) {
        self.init(date: date.civil, hour: hour, minute: minute, second: second, in: zone)
    }

    /// Parses ISO 8601 with an explicit offset: `2024-10-23T09:30:00+03:30`, `2024-10-23T06:00Z`.
    ///
    /// Seconds are optional; a fraction of a second is accepted and dropped (instants are whole
    /// seconds). The offset may be `Z`, `±HH:MM`, `±HHMM` or `±HH`. A space may stand for the `T`.
    /// Text without an offset is rejected: it names no single instant.
    public init?(iso8601 text: String) {
        var s = DateScanner(text)
        guard !text.utf8.contains(UInt8(ascii: "/")), let date = s.date(),
            s.take(anyOf: "Tt ") != nil,
            let secondOfDay = s.timeOfDay()
        else { return nil }
        if s.take(".") || s.take(",") {
            guard s.skipDigits() > 0 else { return nil }
        }
        var offset = 0
        if s.take(anyOf: "Zz") == nil {
            guard let sign = s.take(anyOf: "+-\u{2212}"),
                let hours = s.number(digits: 2...2, packed: true)
            else { return nil }
            var minutes = 0
            if s.take(":") {
                guard let m = s.number(digits: 2...2) else { return nil }
                minutes = m
            } else if let m = s.number(digits: 2...2) {
                minutes = m
            }
            guard hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
        }
        guard s.isAtEnd else { return nil }
        self.init(secondsSinceEpoch: Int64(date.dayNumber) * 86_400 + Int64(secondOfDay - offset))
    }

    /// Parses local wall time in `zone`: `1403/08/02 09:30` (Jalali, any digits), `2024-10-23 09:30`, seconds optional.
    ///
    /// A date alone means its midnight.
    public init?(localText text: String, in zone: TimeZoneTable = .tehran) {
        var s = DateScanner(text)
        guard let date = s.date() else { return nil }
        var secondOfDay = 0
        if !s.isAtEnd {
            guard s.skipSpaces() || s.take(anyOf: "Tt") != nil, let t = s.timeOfDay(), s.isAtEnd
            else { return nil }
            secondOfDay = t
        }
        self.init(date: date, secondOfDay: secondOfDay, in: zone)
    }

    /// ISO 8601 with the offset in force in `zone`: `2024-10-23T09:30:00+03:30` (`Z` where the offset is zero).
    public func iso8601(in zone: TimeZoneTable = .tehran) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        appendISO8601(to: &bytes, in: zone)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ISO 8601 in UTC: `2024-10-23T06:00:00Z`.
    public var iso8601UTC: String { iso8601(in: .utc) }

    /// Local wall time with a Jalali date: `1403/08/02 09:30`, with `:SS` only when the seconds are not zero.
    public func jalaliText(in zone: TimeZoneTable = .tehran) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendJalali(to: &bytes, in: zone)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ISO 8601 form in Tehran time.
    public var description: String { iso8601() }

    /// The local calendar day in `zone`.
    public func civilDate(in zone: TimeZoneTable = .tehran) -> CivilDate {
        zone.civilDate(of: self)
    }

    /// The local Jalali day in `zone`.
    public func jalaliDate(in zone: TimeZoneTable = .tehran) -> JalaliDate {
        JalaliDate(zone.civilDate(of: self))
    }

    /// Seconds since local midnight in `zone`.
    public func secondOfDay(in zone: TimeZoneTable = .tehran) -> Int {
        Int(DateScanner.floorDivMod(zone.localSeconds(of: self), 86_400).remainder)
    }

    /// The instant `seconds` later (earlier when negative); traps on overflow, as integer addition does.
    public func advanced(by seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// Seconds from this instant to `other` (negative when `other` is earlier); traps on overflow.
    public func distance(to other: Instant) -> Int64 { other.secondsSinceEpoch - secondsSinceEpoch }

    /// The same instant as a Foundation `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)) }

    /// 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z: the span that working-time sums clamp their inputs to.
    public static let supportedRange =
        Instant(
            secondsSinceEpoch: -62_135_596_800)...Instant(
            secondsSinceEpoch: 253_402_300_799)

    /// Earlier instants sort first.
    public static func < (a: Instant, b: Instant) -> Bool {
        a.secondsSinceEpoch < b.secondsSinceEpoch
    }

    /// Encodes as ISO 8601 with the Tehran offset.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601())
    }

    /// Decodes an ISO 8601 string with an offset, or a number of seconds since the epoch.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Int64.self) {
            self.init(secondsSinceEpoch: seconds)
            return
        }
        let text = try container.decode(String.self)
        guard let instant = Instant(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "not an ISO 8601 date and time with an offset: `\(text)`")
        }
        self = instant
    }

}
