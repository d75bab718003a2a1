/// How much time a deadline allows: working days, working time, or plain elapsed time.
public enum ClockAmount: Sendable, Hashable {
    /// Whole working days, due at the close of business of the last one (`3 working days`).
    case workingDays(Int)
    /// Seconds of working time, counted only while the office is open (`16 working hours`).
    case workingSeconds(Int64)
    /// Seconds of elapsed time, nights and holidays included (`48 hours`).
    case calendarSeconds(Int64)

    /// Which clock an amount runs on.
    public enum Kind: Sendable, Hashable {
        /// Runs only while the office is open.
        case working
        /// Runs all the time.
        case calendar
    }

    /// The clock this amount runs on.
    public var kind: Kind {
        switch self {
        case .workingDays, .workingSeconds: .working
        case .calendarSeconds: .calendar
        }
    }
}
