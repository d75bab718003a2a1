extension Evaluator {
    /// Every SLA target of the case: the primary one (`sla`) first, then the named ones in the
    /// order the matched outcomes first set them, each the earliest deadline any of them sets on
    /// the target's own clock; with `on reopen new target`, the rounds before the last re-opening
    /// come before the current one. Also the states the ladder's levels count from.
    func targetList(
        _ contributions: [Contribution], primary: Decision.Deadline?, primaryClock: Clock,
        ladder: Ladder?, _ subject: Case, at instant: Instant
    ) -> ([Decision.Target], [String: Clock.TargetState]) {
        var list: [Decision.Target] = []
        var states: [String: Clock.TargetState] = [:]
        if let primary, let duration = primarySLA(contributions, primary) {
            list += rounds(of: "sla", duration, rule: primary.rule, clock: primaryClock)
            list.append(
                entry(
                    "sla", primary, clock: primaryClock, due: primary.due?.instant, at: instant))
        }
        var order: [String] = []
        var chosen: [String: (duration: DurationLiteral, rule: String, due: Instant?)] = [:]
        var clocks: [String: Clock] = [:]
        for contribution in contributions {
            for setting in contribution.outcome.targets {
                let clock =
                    clocks[setting.id]
                    ?? Clock(
                        book: rulebook, subject: subject, ladder: ladder, at: instant,
                        target: setting.id)
                clocks[setting.id] = clock
                guard let start = clock.start else { continue }
                let due = clock.deadline(from: start, setting.duration)
                let rule = "\(contribution.group).\(contribution.rule)"
                if let current = chosen[setting.id] {
                    guard let due, current.due.map({ due < $0 }) ?? true else { continue }
                } else {
                    order.append(setting.id)
                }
                chosen[setting.id] = (setting.duration, rule, due)
            }
        }
        for id in order {
            let (duration, rule, due) = chosen[id]!
            let clock = clocks[id]!
            let text = Formatter.durationText(duration)
            let deadline = Decision.Deadline(
                duration: text, start: .init(clock.start!), due: due.map(Decision.Moment.init),
                rule: rule,
                note: due == nil
                    ? (clock.pausedNow
                        ? "the clock is paused" : "no working time within the calendar's range")
                    : nil)
            list += rounds(of: id, duration, rule: rule, clock: clock)
            list.append(entry(id, deadline, clock: clock, due: due, at: instant))
            states[id] = .init(
                clock: clock, start: clock.start, due: due, working: duration.working)
        }
        return (list, states)
    }

    /// The duration of the outcome that gave the primary deadline.
    func primarySLA(
        _ contributions: [Contribution], _ primary: Decision.Deadline
    )
        -> DurationLiteral?
    {
        contributions.first { "\($0.group).\($0.rule)" == primary.rule }?.outcome.sla
    }

    /// The target as it stands at `instant` on its clock.
    private func entry(
        _ id: String, _ deadline: Decision.Deadline, clock: Clock, due: Instant?,
        at instant: Instant
    ) -> Decision.Target {
        var target = Decision.Target(
            target: id, duration: deadline.duration, start: deadline.start, due: deadline.due,
            rule: deadline.rule, note: deadline.note,
            clock: clock.stoppedAt != nil ? "stopped" : clock.pausedNow ? "paused" : "running")
        if let stopped = clock.stoppedAt, stopped.seconds > Int64.min / 4 {
            target.stopped = .init(stopped)
            target.met = due.map { stopped <= $0 }
        }
        if clock.stoppedAt == nil, let due {
            target.remaining = Decision.Remaining(from: instant, to: due, calendar: clock.calendar)
        }
        if !clock.earlierRounds.isEmpty { target.round = clock.earlierRounds.count + 1 }
        return target
    }

    /// The rounds `on reopen new target` closed before the last re-opening, each stopped when
    /// the case was last closed in it (or running into the re-opening if it never was).
    private func rounds(
        of id: String, _ duration: DurationLiteral, rule: String, clock: Clock
    ) -> [Decision.Target] {
        clock.earlierRounds.enumerated().map { index, round in
            let due = clock.deadline(from: round.start, duration)
            return Decision.Target(
                target: id, duration: Formatter.durationText(duration), start: .init(round.start),
                due: due.map(Decision.Moment.init), rule: rule,
                note: nil, clock: "stopped", stopped: round.stopped.map(Decision.Moment.init),
                met: round.stopped.flatMap { stopped in due.map { stopped <= $0 } },
                round: index == 0 ? nil : index + 1)
        }
    }
}
