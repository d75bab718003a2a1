import Foundation
import Masir

extension LanguageServer {
    /// For the cursor on an `sla` or `after` duration: when it falls due on the calendar that
    /// counts it, for a case opened at 08:00 on the next working Saturday.
    func deadlineHover(_ document: TextDocument, offset: Int) -> [String: Any]? {
        guard let model = models[document.uri] else { return nil }
        let syntax = Parser.parse(document.source).syntax
        var found: (DurationLiteral, String?)?
        func consider(_ duration: DurationLiteral?, calendar: String?) {
            if let duration, duration.range.lower <= offset, offset <= duration.range.upper {
                found = (duration, calendar)
            }
        }
        func visit(_ declaration: Declaration) {
            switch declaration.kind {
            case .routing(let routing):
                consider(routing.otherwise?.sla, calendar: nil)
                for item in routing.items {
                    if case .rule(let rule) = item.kind {
                        consider(rule.outcome.sla, calendar: nil)
                    }
                    if case .replace(let rule) = item.kind {
                        consider(rule.outcome.sla, calendar: nil)
                    }
                }
            case .escalation(let ladder):
                for item in ladder.items {
                    switch item.kind {
                    case .level(let level), .replace(let level):
                        consider(level.after, calendar: ladder.calendar?.text)
                    case .disable: break
                    }
                }
            case .replace(let inner): visit(inner)
            default: break
            }
        }
        syntax.declarations.forEach(visit)
        guard let (duration, named) = found,
            let calendarID = named ?? model.defaultCalendar,
            let calendar = model.calendars[calendarID],
            let amount = Self.clockAmount(duration)
        else { return nil }
        let start = Self.sampleStart(on: calendar)
        guard let due = calendar.deadline(start: start, amount: amount, pauses: []) else {
            return nil
        }
        let text =
            "**\(duration.amount) \(duration.working ? "working " : "")\(duration.unit.rawValue)** "
            + "on calendar `\(calendarID)`: a case opened \(Self.describe(start, on: calendar)) "
            + "is due \(Self.describe(due, on: calendar))"
        return [
            "contents": ["kind": "markdown", "value": text],
            "range": TextDocument.range(in: document.source, duration.range),
        ]
    }

    static func clockAmount(_ duration: DurationLiteral) -> ClockAmount? {
        if duration.working, duration.unit == .days {
            return Int(exactly: duration.amount).map { .workingDays($0) }
        }
        let seconds = duration.unit.seconds(duration.amount)
        return duration.working ? .workingSeconds(seconds) : .calendarSeconds(seconds)
    }

    /// 08:00 on the first Saturday from today that the calendar works (or the first working day
    /// after it).
    static func sampleStart(on calendar: WorkingCalendar) -> Instant {
        var date = Instant(Date()).civilDate(in: calendar.timeZone)
        while date.weekday != .saturday { date = date.adding(days: 1) }
        for _ in 0..<30 where !calendar.isWorkingDay(date) { date = date.adding(days: 1) }
        return Instant(date: date, secondOfDay: 8 * 3_600, in: calendar.timeZone)
            ?? Instant(Date())
    }

    static func describe(_ instant: Instant, on calendar: WorkingCalendar) -> String {
        let weekday = instant.civilDate(in: calendar.timeZone).weekday.description
        return "\(weekday.prefix(1).uppercased() + weekday.dropFirst(1).prefix(2)) "
            + instant.jalaliText(in: calendar.timeZone)
    }
}
