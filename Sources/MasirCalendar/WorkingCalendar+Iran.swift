extension WorkingCalendar {
    /// Thursday opening in Iranian government offices, which each province decides.
    public enum ThursdayHours: Sendable, Hashable {
        /// Closed on Thursdays, as in Tehran and most provinces.
        case off
        /// Open 07:30–12:30, the traditional half day.
        case morning
        /// Open the given hours.
        case hours([TimeOfDayRange])

        /// The opening hours this choice stands for.
        public var ranges: [TimeOfDayRange] {
            switch self {
            case .off: []
            case .morning: [TimeOfDayRange(start: 7 * 60 + 30, end: 12 * 60 + 30)!]
            case .hours(let ranges): ranges
            }
        }
    }

    /// Saturday to Wednesday 07:30–14:30, the default day of `iranGovernment`.
    ///
    /// The Cabinet decree of 1401/12/28 (no. 243187/T61011H) lets national headquarters in Tehran
    /// start between 07:00 and 09:00 and provincial units at 07:00, with seasonal changes (summer
    /// 06:00–13:00, winter 1404 08:00–14:00) announced each year; 07:30–14:30 is the long-standing
    /// middle that SAMAD rulebooks assume. Rulebooks with other hours pass their own.
    public static let iranGovernmentDay = TimeOfDayRange(start: 7 * 60 + 30, end: 14 * 60 + 30)!

    /// An Iranian government office: Saturday–Wednesday `day`, Thursday as the province decides,
    /// Friday closed, Iran's official holidays, in Tehran time.
    public static func iranGovernment(
        thursday: ThursdayHours = .off, day: TimeOfDayRange = iranGovernmentDay,
        holidays: HolidayTable = .iranOfficial, name: String = "iran-government",
        closures: [OfficeClosure] = [], seasons: [SeasonalHours] = []
    ) -> WorkingCalendar {
        var week: [Weekday: [TimeOfDayRange]] = [:]
        for weekday in [Weekday.saturday, .sunday, .monday, .tuesday, .wednesday] {
            week[weekday] = [day]
        }
        week[.thursday] = thursday.ranges
        return WorkingCalendar(
            name: name, timeZone: .tehran, weeklyHours: week, holidays: holidays,
            closures: closures, seasons: seasons)
    }
}
