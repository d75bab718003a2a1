/// A dated closure: every day from `first` through `last` is closed, whatever the weekday or season.
///
/// For one-off closures announced at short notice (heat, pollution, mourning, elections).
public struct OfficeClosure: Sendable, Hashable {
    /// The first closed day.
    public let first: CivilDate
    /// The last closed day (inclusive).
    public let last: CivilDate
    /// Why the offices are closed, for explanations; free text.
    public let reason: String?

    /// A closure of the days `first...last` (inclusive), or nil if `last` is before `first`.
    public init?(from first: CivilDate, through last: CivilDate, reason: String? = nil) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
        self.reason = reason
    }

    /// A closure of the single day `date`.
    public init(on date: CivilDate, reason: String? = nil) {
        first = date
        last = date
        self.reason = reason
    }

    /// A closure of the single Jalali day `date`.
    public init(on date: JalaliDate, reason: String? = nil) {
        self.init(on: date.civil, reason: reason)
    }

    /// Whether `date` is closed.
    public func contains(_ date: CivilDate) -> Bool { (first...last).contains(date) }

    func contains(day: Int) -> Bool { first.dayNumber <= day && day <= last.dayNumber }
}
