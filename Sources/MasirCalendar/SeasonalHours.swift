/// Different opening hours for a dated stretch of days, such as summer hours or Ramadan hours.
public struct SeasonalHours: Sendable, Hashable {
    /// The hours that apply while the season lasts.
    public enum Hours: Sendable, Hashable {
        /// The same hours on every weekday that is open under the regular week; regularly closed weekdays stay closed.
        case openDays([TimeOfDayRange])
        /// Hours for the listed weekdays (an empty list closes that weekday); weekdays not listed keep their regular hours.
        case weekdays([Weekday: [TimeOfDayRange]])
    }

    /// The first day of the season.
    public let first: CivilDate
    /// The last day of the season (inclusive).
    public let last: CivilDate
    /// The hours in force, with each day's ranges sorted and merged.
    public let hours: Hours
    /// Why the hours differ, for explanations; free text.
    public let reason: String?

    /// Hours for the days `first...last` (inclusive), or nil if `last` is before `first`.
    public init?(
        from first: CivilDate, through last: CivilDate, hours: Hours, reason: String? = nil
    ) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
        switch hours {
        case .openDays(let ranges): self.hours = .openDays(TimeOfDayRange.normalized(ranges))
        case .weekdays(let map): self.hours = .weekdays(map.mapValues(TimeOfDayRange.normalized))
        }
        self.reason = reason
    }

    /// Whether the season includes `date`.
    public func contains(_ date: CivilDate) -> Bool { (first...last).contains(date) }

    func contains(day: Int) -> Bool { first.dayNumber <= day && day <= last.dayNumber }
}
