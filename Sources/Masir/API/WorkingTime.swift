import Foundation

/// The working time of a calendar over a range: the intervals an office is open and, per day,
/// whether it works — what a timeline needs to shade weekends and holidays.
public struct WorkingTime: Sendable, Codable, Hashable {
    /// One stretch of open office time.
    public struct Interval: Sendable, Codable, Hashable {
        /// When the office opens.
        public var start: Decision.Moment
        /// When it closes.
        public var end: Decision.Moment
    }

    /// One local day of the range.
    public struct Day: Sendable, Codable, Hashable {
        /// `yyyy-mm-dd` (Gregorian).
        public var date: String
        /// `yyyy/mm/dd` (Jalali).
        public var jalali: String
        /// The English weekday name.
        public var weekday: String
        /// Local midnight that starts the day.
        public var start: Decision.Moment
        /// Whether the office opens at all that day.
        public var working: Bool
        /// Whether the day is one of the calendar's holidays.
        public var holiday: Bool
        /// Why the office is closed, for a dated closure.
        public var closure: String?
    }

    /// The longest range, in days, one request may ask for.
    public static let maximumDays = 400

    /// The calendar's name.
    public var calendar: String
    /// The calendar's time zone (`Asia/Tehran`).
    public var zone: String
    /// The start of the range asked for.
    public var from: Decision.Moment
    /// The end of the range asked for.
    public var to: Decision.Moment
    /// Every stretch of open office time in the range's days, in order.
    public var intervals: [Interval]
    /// Every local day of the range, in order.
    public var days: [Day]

    /// The working time of `calendar` (the rulebook's default calendar when nil) from the start
    /// of `from`'s day to the end of `to`'s day.
    public init(
        rulebook: Rulebook, calendar name: String? = nil, from: Instant, to: Instant
    ) throws(MasirError) {
        guard let id = name ?? rulebook.defaultCalendar ?? rulebook.calendars.keys.sorted().first,
            let calendar = rulebook.calendars[id]
        else {
            throw .noSuchCalendar(name ?? "")
        }
        guard from <= to else { throw .limit("the range ends before it starts") }
        let zone = calendar.timeZone
        let first = from.civilDate(in: zone).dayNumber, last = to.civilDate(in: zone).dayNumber
        guard last - first < Self.maximumDays else {
            throw .limit("the range is longer than \(Self.maximumDays) days")
        }
        self.calendar = id
        self.zone = zone.identifier
        self.from = Decision.Moment(from)
        self.to = Decision.Moment(to)
        intervals = []
        days = []
        for number in first...last {
            let date = CivilDate(dayNumber: number)
            let open = calendar.workingIntervals(on: date)
            intervals += open.map {
                Interval(start: Decision.Moment($0.lowerBound), end: Decision.Moment($0.upperBound))
            }
            let midnight = Instant(date: date, secondOfDay: 0, in: zone) ?? from
            days.append(
                Day(
                    date: date.description, jalali: JalaliDate(date).description,
                    weekday: Weekday(dayNumber: number).englishName,
                    start: Decision.Moment(midnight), working: !open.isEmpty,
                    holiday: calendar.isHoliday(date),
                    closure: calendar.closure(on: date).map { $0.reason ?? "closed" }))
        }
    }
}
