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
    /// Where the SLA counts from: the referral (else the opening), or later when a re-opening or
    /// a change of category restarts the clock.
    let start: Instant?
    /// For `on reopen new target`: the rounds before the last re-opening, each with its start
    /// and the instant its clock stopped (nil if it never did).
    let earlierRounds: [(start: Instant, stopped: Instant?)]

    /// Far enough in the future to stand for "not yet resumed".
    static let openEnd = Instant(seconds: 253_402_300_799)

    /// The status a history entry has when the citizen re-opens the case.
    static let reopened = "reopened"

    /// The clock of the primary target (`target` nil) or of a named one, which may pause, stop
    /// and restart on statuses of its own.
    init(book: Rulebook, subject: Case, ladder: Ladder?, at instant: Instant, target: String? = nil)
    {
        self.book = book
        self.subject = subject
        self.ladder = ladder
        calendar =
            book.calendars[ladder?.calendar ?? book.defaultCalendar ?? ""]
            ?? book.defaultCalendar.flatMap { book.calendars[$0] }
        let policy =
            ladder?.clock(for: target)
            ?? ClockPolicy(pauseWhile: [], stopWhen: [], reopen: nil, reclassify: nil)
        let pauseStatuses = Set(policy.pauseWhile)
        let stopStatuses = Set(policy.stopWhen)
        var pauses: [Range<Instant>] = []
        var stoppedAt: Instant?
        // Replaying a past instant: status changes recorded after it have not happened yet.
        let history = subject.history.filter { $0.at <= instant }
        for (index, change) in history.enumerated() {
            let end = index + 1 < history.count ? history[index + 1].at : Clock.openEnd
            if pauseStatuses.contains(change.status), change.at < end {
                pauses.append(change.at..<end)
            }
            if stopStatuses.contains(change.status) {
                if index == history.count - 1 {
                    stoppedAt = change.at
                } else if policy.reopen == .resume, change.at < end,
                    history[index + 1].status == Clock.reopened
                {
                    // Resumed on re-opening: the time it stood stopped does not count.
                    pauses.append(change.at..<end)
                }
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

        func instantField(_ name: String) -> Instant? {
            guard let slot = book.fieldIndex[name],
                case .datetime(let instant)? = subject.values[slot]
            else { return nil }
            return instant
        }
        var start = instantField("referred") ?? instantField("opened")
        var rounds: [(start: Instant, stopped: Instant?)] = []
        if let first = start, policy.reclassify == .restart,
            let change = subject.reclassifications.last(where: { $0.at > first && $0.at <= instant }
            )
        {
            start = change.at
        }
        if let first = start, policy.reopen == .restart || policy.reopen == .newTarget {
            let reopenings = history.filter { $0.status == Clock.reopened && $0.at > first }
            if policy.reopen == .newTarget {
                var roundStart = first
                for reopening in reopenings {
                    let stop = history.last {
                        stopStatuses.contains($0.status) && $0.at >= roundStart
                            && $0.at < reopening.at
                    }
                    rounds.append((roundStart, stop?.at))
                    roundStart = reopening.at
                }
            }
            if let last = reopenings.last { start = last.at }
        }
        self.start = start
        earlierRounds = rounds
    }

    private init(copying other: Clock, pauses: [Range<Instant>]) {
        book = other.book
        subject = other.subject
        ladder = other.ladder
        calendar = other.calendar
        self.pauses = pauses
        stoppedAt = other.stoppedAt
        pausedNow = other.pausedNow
        start = other.start
        earlierRounds = other.earlierRounds
    }

    /// SLAs count from the referral when there is one, else from when the case was opened.
    var slaStart: Instant? { start }

    func deadline(from start: Instant, _ duration: DurationLiteral) -> Instant? {
        deadline(from: start, amount: duration.clockAmount)
    }

    func deadline(from start: Instant, amount: ClockAmount) -> Instant? {
        // A pause still open makes every deadline after its start unknown; decide that without
        // searching years of calendar for the end of a pause that has none.
        if let open = pauses.first(where: { $0.upperBound == Clock.openEnd }) {
            let closed = Clock(
                copying: self, pauses: pauses.filter { $0.upperBound != Clock.openEnd })
            guard let due = closed.deadline(from: start, amount: amount) else { return nil }
            return due <= open.lowerBound ? due : nil
        }
        return Clock.deadline(from: start, amount, calendar: calendar, pauses: pauses)
    }

    /// The instant `percent`% of the time from `start` to `due` has run on this clock: working
    /// time for a working duration, calendar time otherwise, time in pauses not counted.
    func share(_ percent: Int, from start: Instant, to due: Instant, working: Bool) -> Instant? {
        if percent >= 100 { return due }
        guard start < due else { return due }
        let closed = pauses.filter { $0.upperBound != Clock.openEnd }
        func length(_ from: Instant, _ to: Instant) -> Int64 {
            guard from < to else { return 0 }
            if working, let calendar { return calendar.workingSeconds(from: from, to: to) }
            return from.distance(to: to)
        }
        var total = length(start, due)
        for pause in closed {
            total -= length(max(pause.lowerBound, start), min(pause.upperBound, due))
        }
        // To the whole minute, as every other instant a rulebook states.
        let amount = max(0, total) * Int64(percent) / 100 / 60 * 60
        if working, calendar == nil { return nil }
        return deadline(
            from: start, amount: working ? .workingSeconds(amount) : .calendarSeconds(amount))
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

    /// A target's clock and deadline, for the levels that count from it.
    struct TargetState {
        var clock: Clock
        var start: Instant?
        var due: Instant?
        var working: Bool
    }

    func escalation(
        at instant: Instant, slaDue: Instant?, basePriority: Priority,
        slaWorking: Bool = false, targets: [String: TargetState] = [:]
    ) -> Decision.Escalation {
        let ladder = ladder!
        let expressions = ExpressionEvaluator(book: book, subject: subject)
        var states: [Decision.LevelState] = []
        var firedWithDue: [(Instant, Int)] = []
        var upcoming: [(Instant, Int)] = []
        var priority = basePriority
        for (index, level) in ladder.levels.enumerated() {
            // A level counting from a named target runs on, and stops with, that target's clock;
            // the others run on this one, which is not copied for them.
            let timing: LevelTiming
            if let name = level.target, case .sla = level.anchor {
                if let state = targets[name] {
                    timing = state.clock.levelTiming(
                        of: level, start: state.start, due: state.due,
                        working: state.working, targetName: name)
                } else {
                    timing = levelTiming(
                        of: level, start: nil, due: nil, working: false,
                        targetName: name, known: false)
                }
            } else {
                timing = levelTiming(
                    of: level, start: start, due: slaDue, working: slaWorking,
                    targetName: nil)
            }
            var note = timing.note
            let due = timing.due
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
            if holds, let due, due <= instant { fired = timing.stoppedAt.map { due < $0 } ?? true }
            if fired {
                firedWithDue.append((due!, index))
                for action in level.actions where action.kind == .raisePriority {
                    if let raised = Priority(word: action.target), raised < priority {
                        priority = raised
                    }
                }
            } else if holds, let due, due > instant, timing.stoppedAt == nil {
                upcoming.append((due, index))
            }
            states.append(
                .init(
                    level: level.id, label: level.label, due: due.map(Decision.Moment.init),
                    fired: fired,
                    actions: level.actions.map(\.text), note: fired ? nil : note,
                    target: level.target))
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

    /// When a level falls due on this clock, the instant its clock stopped, and why it has no
    /// due instant when it has none.
    struct LevelTiming {
        var due: Instant?
        var stoppedAt: Instant?
        var note: String?
    }

    /// The timing of `level` on this clock, counting from a target that starts at `start` and is
    /// due at `due` (`known` false: the case has no such target).
    func levelTiming(
        of level: Level, start: Instant?, due targetDue: Instant?, working: Bool,
        targetName: String?, known: Bool = true
    ) -> LevelTiming {
        var note: String?
        var anchor: Instant?
        switch level.anchor {
        case .sla:
            if known {
                anchor = targetDue
                if let percent = level.percent, let targetDue, let start {
                    anchor = share(percent, from: start, to: targetDue, working: working)
                }
            }
            if targetDue == nil || !known {
                note =
                    targetName.map { "the case has no SLA target `\($0)`" }
                    ?? "the case has no SLA deadline"
                if known, pausedNow { note = "the clock is paused" }
            }
        case .field(let slot, let path):
            if case .datetime(let value)? = subject.values[slot] {
                anchor = value
            } else {
                note = "`\(path)` is absent"
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
        return LevelTiming(due: due, stoppedAt: stoppedAt, note: note)
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
