import Foundation

extension Resolver {
    /// Turns a calendar declaration into a working calendar, reporting what does not make sense.
    mutating func buildCalendar(_ decl: CalendarDecl, file: String) -> WorkingCalendar? {
        var zone = TimeZoneTable.tehran
        var weekly: [Weekday: [TimeOfDayRange]] = [:]
        var holidays: HolidayTable?
        var closures: [OfficeClosure] = []
        var seasons: [SeasonalHours] = []
        var ok = true
        func ranges(_ hours: [CalendarDecl.TimeRangeSyntax]) -> [TimeOfDayRange] {
            hours.compactMap { hour in
                guard let range = TimeOfDayRange("\(hour.from)-\(hour.to)") else {
                    report(
                        .invalidCalendar,
                        "`\(hour.from)-\(hour.to)` is not a working period: it must end after it starts",
                        file: file, at: hour.range)
                    ok = false
                    return nil
                }
                return range
            }
        }
        func day(_ literal: DateLiteral) -> CivilDate? {
            guard let date = CivilDate(parsing: literal.date) else {
                let nearest = Resolver.nearestDate(to: literal.date)
                report(
                    .invalidDate, "`\(literal.date)` is not a date in the calendar", file: file,
                    at: literal.range,
                    help: nearest.map { "the nearest date that exists is `\($0.text)`\($0.why)" })
                if let nearest {
                    diagnostics[diagnostics.count - 1].fixIts = [
                        .init(range: literal.range, replacement: nearest.text)
                    ]
                }
                ok = false
                return nil
            }
            return date
        }
        for clause in decl.clauses {
            switch clause {
            case .zone(let name):
                if let table = TimeZoneTable(identifier: name.value) {
                    zone = table
                } else {
                    report(
                        .invalidCalendar, "unknown time zone `\(name.value)`", file: file,
                        at: name.range, help: "Iran's zone is \"Asia/Tehran\"")
                    ok = false
                }
            case .weekdays(let first, let last, let hours, _):
                guard let start = weekday(first, file: file) else { ok = false; continue }
                let end = last.flatMap { weekday($0, file: file) } ?? start
                let periods = ranges(hours)
                var current = start
                for _ in 0..<7 {
                    weekly[current] = periods
                    if current == end { break }
                    current = Weekday(rawValue: (current.rawValue + 1) % 7)!
                }
            case .holidays(let source):
                if source.value == "iran-official" {
                    holidays = HolidayTable.iranOfficial
                } else {
                    let path = Paths.join(Paths.directory(of: file), source.value)
                    do {
                        let text =
                            try readFile?(path) ?? String(contentsOfFile: path, encoding: .utf8)
                        holidays = try HolidayTable.parse(tsv: text)
                    } catch let error as HolidayTable.ParseError {
                        report(
                            .holidayFile, "holiday file `\(source.value)`: \(error)", file: file,
                            at: source.range)
                        ok = false
                    } catch {
                        report(
                            .holidayFile, "cannot read the holiday file `\(path)`", file: file,
                            at: source.range,
                            help:
                                "give a path relative to the rulebook, or \"iran-official\" for the built-in table of official holidays"
                        )
                        ok = false
                    }
                }
            case .closed(let from, let to, let reason, _):
                guard let first = day(from) else { continue }
                let last = to.flatMap(day) ?? first
                if let closure = OfficeClosure(from: first, through: last, reason: reason?.value) {
                    closures.append(closure)
                } else {
                    report(
                        .invalidCalendar, "the closure ends before it starts", file: file,
                        at: (to ?? from).range)
                    ok = false
                }
            case .seasonal(let hours, let from, let to, let range):
                guard let first = day(from), let last = day(to) else { continue }
                if let season = SeasonalHours(
                    from: first, through: last, hours: .openDays(ranges(hours)))
                {
                    seasons.append(season)
                } else {
                    report(
                        .invalidCalendar, "the seasonal hours end before they start", file: file,
                        at: range)
                    ok = false
                }
            }
        }
        guard ok else { return nil }
        if let holidays {
            return WorkingCalendar(
                name: decl.name.text, timeZone: zone, weeklyHours: weekly, holidays: holidays,
                closures: closures, seasons: seasons)
        }
        return WorkingCalendar(
            name: decl.name.text, timeZone: zone, weeklyHours: weekly, closures: closures,
            seasons: seasons)
    }

    mutating func weekday(_ name: Name, file: String) -> Weekday? {
        if let day = Weekday(name: name.text) { return day }
        unknown(
            .unknownWeekday, "weekday", name, file: file,
            candidates: Weekday.allCases.map(\.englishName),
            help: "weekdays are saturday, sunday, monday, tuesday, wednesday, thursday and friday")
        return nil
    }
}
