extension Checker {
    /// A holiday table must cover the year after the rulebook takes effect, or deadlines silently
    /// ignore holidays; a calendar must have working hours.
    static let checkCalendars: Check = { book, _, diagnostics in
        for (name, calendar) in book.calendars.sorted(by: { $0.key < $1.key }) {
            let origin = book.calendarOrigins[name] ?? Origin(file: book.file, range: .empty)
            if let missing = book.undeclaredWeekdays[name], !missing.isEmpty, missing.count < 7 {
                let names = missing.map(\.englishName)
                diagnostics.append(
                    .at(
                        origin, .weekdayUndeclared,
                        "calendar `\(name)` says nothing about \(names.map { "`\($0)`" }.joined(separator: ", ")), so \(missing.count == 1 ? "it is" : "they are") treated as closed",
                        help:
                            "write `\(names[0]) off` if that is intended, or give \(missing.count == 1 ? "it" : "them") working hours"
                    ))
            }
            if Weekday.allCases.allSatisfy({ calendar.regularHours(on: $0).isEmpty }) {
                diagnostics.append(
                    .at(
                        origin, .noWorkingHours,
                        "calendar `\(name)` has no working hours on any weekday",
                        help:
                            "give the working weekdays hours, e.g. `saturday to wednesday 07:30-14:30`"
                    ))
            }
            if let coverage = calendar.holidayCoverage, let effective = book.effective {
                let start = CivilDate(dayNumber: Int(effective))
                let end = start.adding(days: 365)
                if start < coverage.lowerBound || end > coverage.upperBound {
                    diagnostics.append(
                        .at(
                            origin, .holidayCoverage,
                            "the holidays of calendar `\(name)` cover \(coverage.lowerBound.jalali)–\(coverage.upperBound.jalali), not the year from \(start.jalali) when the rulebook takes effect",
                            help: "extend the holiday file, or move `effective`"))
                }
            }
        }
    }
}
