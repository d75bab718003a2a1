/// The SLA and escalation clocks of one case, ServiceNow-style: time counts from an anchor
/// instant, pauses while the case's status history shows a pausing status, and stops for good
/// when the case reaches a stopping status.
struct Clock {
    let book: Rulebook
    let subject: Case
    let ladder: Ladder?
    let calendar: WorkingCalendar?
    /// Intervals in which the clock stood still; the last may be open-ended (still paused).
    let pauses: [Range<Instant>]
    /// When the case reached a stopping status, if it has.
    let stoppedAt: Instant?
    let pausedNow: Bool

    /// Far enough in the future to stand for "not yet resumed".
    static let openEnd = Instant(seconds: 253_402_300_799)

    init(book: Rulebook, subject: Case, ladder: Ladder?, at instant: Instant) {
        self.book = book
        self.subject = subject
        self.ladder = ladder
        calendar =
            book.calendars[ladder?.calendar ?? book.defaultCalendar ?? ""]
            ?? book.defaultCalendar.flatMap { book.calendars[$0] }
        let pauseStatuses = Set(ladder?.pauseWhile ?? [])
        let stopStatuses = Set(ladder?.stopWhen ?? [])
        var pauses: [Range<Instant>] = []
        var stoppedAt: Instant?
        // Replaying a past instant: status changes recorded after it have not happened yet.
        let history = subject.history.filter { $0.at <= instant }
        for (index, change) in history.enumerated() {
            let end = index + 1 < history.count ? history[index + 1].at : Clock.openEnd
            if pauseStatuses.contains(change.status), change.at < end {
                pauses.append(change.at..<end)
            }
            if stopStatuses.contains(change.status), index == history.count - 1 {
                stoppedAt = change.at
            }
        }
        var current = history.last?.status
        if let slot = book.statusField.flatMap({ book.fieldIndex[$0.path] }),
            case .symbol(let status)? = subject.values[slot], history.isEmpty
        {
            current = status
        }
        self.pausedNow = current.map(pauseStatuses.contains) ?? false
        if history.isEmpty, pausedNow {
            // Paused since a time the case does not record: from now on, at the latest.
            pauses.append(instant..<Clock.openEnd)
        }
        self.pauses = pauses
        if stoppedAt == nil, let current, stopStatuses.contains(current), history.isEmpty {
            // Resolved, but the history does not say when: nothing further can fire.
            stoppedAt = Instant(seconds: Int64.min / 4)
        }
        self.stoppedAt = stoppedAt
    }

    private init(copying other: Clock, pauses: [Range<Instant>]) {
        book = other.book
        subject = other.subject
        ladder = other.ladder
        calendar = other.calendar
        self.pauses = pauses
        stoppedAt = other.stoppedAt
        pausedNow = other.pausedNow
    }

    func instantField(_ name: String) -> Instant? {
        guard let slot = book.fieldIndex[name], case .datetime(let instant)? = subject.values[slot]
        else { return nil }
        return instant
    }

    /// SLAs count from the referral when there is one, else from when the case was opened.
    var slaStart: Instant? { instantField("referred") ?? instantField("opened") }

    func deadline(from start: Instant, _ duration: DurationLiteral) -> Instant? {
        // A pause still open makes every deadline after its start unknown; decide that without
        // searching years of calendar for the end of a pause that has none.
        if let open = pauses.first(where: { $0.upperBound == Clock.openEnd }) {
            let closed = Clock(
                copying: self, pauses: pauses.filter { $0.upperBound != Clock.openEnd })
            guard let due = closed.deadline(from: start, duration) else { return nil }
            return due <= open.lowerBound ? due : nil
        }
        return Clock.deadline(from: start, duration.clockAmount, calendar: calendar, pauses: pauses)
    }

    /// The deadline `amount` after `start`: working time on `calendar` (none without one), or
    /// calendar time, each pause that begins before the running deadline pushing it back. The
    /// one deadline rule, shared by the full decision and the compiled plan's compact one.
    static func deadline(
        from start: Instant, _ amount: ClockAmount, calendar: WorkingCalendar?,
        pauses: [Range<Instant>]
    ) -> Instant? {
        guard case .calendarSeconds(let seconds) = amount else {
            return calendar?.deadline(start: start, amount: amount, pauses: pauses)
        }
        // A deadline past what an instant holds is no deadline at all, not a trap.
        var (due, overflow) = start.seconds.addingReportingOverflow(seconds)
        if overflow { return nil }
        for pause in pauses.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let from = max(pause.lowerBound.seconds, start.seconds)
            let to = pause.upperBound.seconds
            guard from < due, to > from else { continue }
            if pause.upperBound == Clock.openEnd { return nil }
            let (paused, wide) = to.subtractingReportingOverflow(from)
            (due, overflow) = due.addingReportingOverflow(paused)
            if wide || overflow { return nil }
        }
        return Instant(seconds: due)
    }

    func escalation(
        at instant: Instant, slaDue: Instant?, basePriority: Priority
    ) -> Decision.Escalation {
        let ladder = ladder!
        let expressions = ExpressionEvaluator(book: book, subject: subject)

        var states: [Decision.LevelState] = []
        var firedWithDue: [(Instant, Int)] = []
        var upcoming: [(Instant, Int)] = []
        var priority = basePriority
        for (index, level) in ladder.levels.enumerated() {
            var note: String?
            let anchor: Instant?
            switch level.anchor {
            case .sla:
                anchor = slaDue
                if slaDue == nil { note = "the case has no SLA deadline" }
            case .field(let slot, let path):
                if case .datetime(let value)? = subject.values[slot] {
                    anchor = value
                } else {
                    anchor = nil; note = "`\(path)` is absent"
                }
            }
            var due: Instant?
            if let anchor {
                due = level.after.map { deadline(from: anchor, $0) } ?? anchor
                if due == nil {
                    note =
                        pausedNow
                        ? "the clock is paused" : "no working time within the calendar's range"
                }
            }
            var holds = true
            if let condition = level.condition {
                switch expressions.evaluate(condition) {
                case .value(.bool(let b)):
                    holds = b
                    if !b { note = note ?? "its condition does not hold" }
                case .absent(let path):
                    holds = false
                    note = note ?? "`\(path)` is absent, so its condition could not be decided"
                default:
                    holds = false
                }
            }
            // A level fires at its due instant if that is not after now and strictly before any stop.
            var fired = false
            if holds, let due, due <= instant { fired = stoppedAt.map { due < $0 } ?? true }
            if fired {
                firedWithDue.append((due!, index))
                for action in level.actions where action.kind == .raisePriority {
                    if let raised = Priority(word: action.target), raised < priority {
                        priority = raised
                    }
                }
            } else if holds, let due, due > instant, stoppedAt == nil {
                upcoming.append((due, index))
            }
            states.append(
                .init(
                    level: level.id, label: level.label, due: due.map(Decision.Moment.init),
                    fired: fired,
                    actions: level.actions.map(\.text), note: fired ? nil : note))
        }
        let current = firedWithDue.max { ($0.0, $0.1) < ($1.0, $1.1) }.map {
            ladder.levels[$0.1].id
        }
        let next = upcoming.min { ($0.0, $0.1) < ($1.0, $1.1) }.map { states[$0.1] }
        let clock = stoppedAt != nil ? "stopped" : pausedNow ? "paused" : "running"
        return .init(
            ladder: ladder.id, clock: clock, levels: states, current: current, next: next,
            effectivePriority: priority.name)
    }
}

extension DurationLiteral {
    /// The amount a clock runs for: working days, working seconds, or calendar seconds.
    var clockAmount: ClockAmount {
        let seconds = unit.seconds(amount)
        guard working else { return .calendarSeconds(seconds) }
        return unit == .days ? .workingDays(Int(clamping: amount)) : .workingSeconds(seconds)
    }
}

extension LevelAction {
    var text: String {
        switch kind {
        case .remind: "remind \(target)"
        case .escalate: "escalate to \(target)"
        case .notify: "notify \(target)"
        case .raisePriority: "raise priority to \(target)"
        }
    }
}
