/// When an office is open: weekly hours, holidays, dated closures and seasonal hours, in one time zone.
///
/// A day's opening hours are decided in this order:
/// 1. a holiday or a day inside an `OfficeClosure` is closed;
/// 2. otherwise, if `SeasonalHours` cover the day, the last such season (in `seasons` order) that
///    says anything about the day's weekday decides (see `SeasonalHours.Hours`);
/// 3. otherwise the regular hours for the weekday apply.
///
/// Hours are local wall time in `timeZone`. Every operation is pure and bounded: a search looks at
/// most `searchLimitDays` days past the start and gives up with nil beyond that, so a calendar that
/// is never open cannot hang a caller.
public struct WorkingCalendar: Sendable, Hashable {
    /// How many days past the starting day a search may look before it returns nil (about ten years).
    public static let searchLimitDays = 3660

    /// The calendar's name, for explanations (`government`, `hamedan-offices`).
    public let name: String
    /// The zone whose wall clock the hours are written in.
    public let timeZone: TimeZoneTable
    /// Dated closures, in the order given.
    public let closures: [OfficeClosure]
    /// Seasonal hours, in the order given; later ones take precedence.
    public let seasons: [SeasonalHours]
    /// The span the holiday list is complete for, when it came from a `HolidayTable`.
    public let holidayCoverage: ClosedRange<CivilDate>?

    /// Working intervals of every day from a little before the first irregular day to a year
    /// after the last, computed once.
    private var dayTable: DayTable?

    var hasDayTable: Bool { dayTable != nil }

    struct DayTable: Sendable, Hashable {
        var first: Int
        var days: [[Range<Instant>]]
    }

    // INVARIANT: weekly has 7 entries, indexed by Weekday.rawValue, each sorted and merged.
    private let weekly: [[TimeOfDayRange]]
    private let holidayDays: Set<Int>
    /// Working seconds of a regular day, by weekday.
    let weeklySeconds: [Int64]
    /// Days outside this range follow the regular week under a constant UTC offset, so their working
    /// time can be summed a week at a time; nil when every day does.
    let irregularDays: ClosedRange<Int>?

    /// A calendar open `weeklyHours` (weekdays not listed are closed), minus holidays and closures.
    public init(
        name: String, timeZone: TimeZoneTable = .tehran, weeklyHours: [Weekday: [TimeOfDayRange]],
        holidays: Set<CivilDate> = [], closures: [OfficeClosure] = [], seasons: [SeasonalHours] = []
    ) {
        self.init(
            name: name, timeZone: timeZone, weeklyHours: weeklyHours,
            holidayDays: Set(holidays.map(\.dayNumber)),
            holidayCoverage: nil, closures: closures, seasons: seasons)
    }

    /// A calendar open `weeklyHours`, closed on the holidays of `holidays` and on `closures`.
    public init(
        name: String, timeZone: TimeZoneTable = .tehran, weeklyHours: [Weekday: [TimeOfDayRange]],
        holidays: HolidayTable, closures: [OfficeClosure] = [], seasons: [SeasonalHours] = []
    ) {
        self.init(
            name: name, timeZone: timeZone, weeklyHours: weeklyHours,
            holidayDays: Set(holidays.holidays.map(\.date.dayNumber)),
            holidayCoverage: holidays.coverage.map { $0.lowerBound.civil...$0.upperBound.civil },
            closures: closures, seasons: seasons)
    }

    private init(
        name: String, timeZone: TimeZoneTable, weeklyHours: [Weekday: [TimeOfDayRange]],
        holidayDays: Set<Int>,
        holidayCoverage: ClosedRange<CivilDate>?, closures: [OfficeClosure],
        seasons: [SeasonalHours]
    ) {
        self.name = name
        self.timeZone = timeZone
        weekly = Weekday.allCases.map { TimeOfDayRange.normalized(weeklyHours[$0] ?? []) }
        weeklySeconds = weekly.map { $0.reduce(0) { $0 + $1.seconds } }
        self.seasons = seasons
        self.holidayDays = holidayDays
        self.holidayCoverage = holidayCoverage
        self.closures = closures

        var dated: [Int] = Array(holidayDays)
        dated += closures.flatMap { [$0.first.dayNumber, $0.last.dayNumber] }
        dated += seasons.flatMap { [$0.first.dayNumber, $0.last.dayNumber] }
        var marks = dated
        // A few days' margin either side of a clock change keeps the change's neighbours out of the weekly shortcut.
        if let first = timeZone.firstTransition, let last = timeZone.lastTransition {
            marks += [timeZone.day(of: first) - 3, timeZone.day(of: last) + 3]
        }
        if let lo = marks.min(), let hi = marks.max() {
            irregularDays = lo...hi
        } else {
            irregularDays = nil
        }
        // The years the holidays, closures and seasons describe, and a year either side.
        if let lo = dated.min(), let hi = dated.max(), hi - lo < 20_000 {
            let first = lo - 366
            dayTable = DayTable(
                first: first, days: (first...(hi + 366)).map { computeIntervals(onDay: $0) })
        }
    }

    /// The regular hours of each weekday (closed weekdays map to an empty list).
    public var weeklyHours: [Weekday: [TimeOfDayRange]] {
        Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, weekly[$0.rawValue]) })
    }

    /// The holiday dates.
    public var holidays: Set<CivilDate> { Set(holidayDays.map(CivilDate.init(dayNumber:))) }

    /// The regular hours of `weekday`, ignoring holidays and exceptions.
    public func regularHours(on weekday: Weekday) -> [TimeOfDayRange] { weekly[weekday.rawValue] }

    /// Whether `date` is one of the calendar's holidays.
    public func isHoliday(_ date: CivilDate) -> Bool { holidayDays.contains(date.dayNumber) }

    /// The closure that shuts `date`, if any (the first one listed).
    public func closure(on date: CivilDate) -> OfficeClosure? {
        closures.first { $0.contains(day: date.dayNumber) }
    }

    /// The opening hours of `date` after holidays, closures and seasons are applied.
    public func hours(on date: CivilDate) -> [TimeOfDayRange] { hours(onDay: date.dayNumber) }

    /// Whether the office opens at all on `date`.
    public func isWorkingDay(_ date: CivilDate) -> Bool { !hours(onDay: date.dayNumber).isEmpty }

    /// Whether the office opens at all on the Jalali `date`.
    public func isWorkingDay(_ date: JalaliDate) -> Bool { !hours(onDay: date.dayNumber).isEmpty }

    /// The stretches of time the office is open on `date`, as half-open instant ranges in order.
    public func workingIntervals(on date: CivilDate) -> [Range<Instant>] {
        intervals(onDay: date.dayNumber)
    }

    /// The stretches of time the office is open on the Jalali `date`.
    public func workingIntervals(on date: JalaliDate) -> [Range<Instant>] {
        intervals(onDay: date.dayNumber)
    }

    /// Whether the office is open at `instant` (an opening instant counts, a closing one does not).
    public func isOpen(at instant: Instant) -> Bool {
        guard Instant.supportedRange.contains(instant) else { return false }
        let day = timeZone.day(of: instant)
        return (day - 1...day).contains { intervals(onDay: $0).contains { $0.contains(instant) } }
    }

    /// `instant` itself if the office is open then, else the next opening; nil if none within the search limit.
    public func nextOpening(atOrAfter instant: Instant) -> Instant? {
        guard Instant.supportedRange.contains(instant) else { return nil }
        let startDay = timeZone.day(of: instant)
        for day in (startDay - 1)...(startDay + Self.searchLimitDays) {
            for interval in intervals(onDay: day) where interval.upperBound > instant {
                return max(interval.lowerBound, instant)
            }
        }
        return nil
    }

    func hours(onDay day: Int) -> [TimeOfDayRange] {
        if holidayDays.contains(day) || closures.contains(where: { $0.contains(day: day) }) {
            return []
        }
        let weekday = Weekday(dayNumber: day)
        let regular = weekly[weekday.rawValue]
        for season in seasons.reversed() where season.contains(day: day) {
            switch season.hours {
            case .openDays(let hours): return regular.isEmpty ? [] : hours
            case .weekdays(let map): if let hours = map[weekday] { return hours }
            }
        }
        return regular
    }

    func intervals(onDay day: Int) -> [Range<Instant>] {
        // Deadlines ask for the same days over and over; the precomputed days answer without allocating.
        if let table = dayTable, day >= table.first, day - table.first < table.days.count {
            return table.days[day - table.first]
        }
        return computeIntervals(onDay: day)
    }

    func computeIntervals(onDay day: Int) -> [Range<Instant>] {
        let hours = hours(onDay: day)
        guard !hours.isEmpty else { return [] }
        let midnight = Int64(day) * 86_400
        var result: [Range<Instant>] = []
        result.reserveCapacity(hours.count)
        for range in hours {
            // Clock changes can pull a mapped opening back before the previous closing; clip so intervals stay disjoint.
            var lower = timeZone.instant(localSeconds: midnight + Int64(range.start) * 60)
            let upper = timeZone.instant(localSeconds: midnight + Int64(range.end) * 60)
            if let last = result.last, lower < last.upperBound { lower = last.upperBound }
            if lower < upper { result.append(lower..<upper) }
        }
        return result
    }
}
